//! Turning an input file's bytes into text: UTF-8 with or without a byte-order mark, or
//! Windows-1251 (what Excel on a Russian desktop saves), detected per file.

use encoding_rs::WINDOWS_1251;

/// The encodings oko recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1251,
}

/// Unicode bidi embedding, override and isolate controls: they can make a name read backwards.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// The deepest nesting Markdown may have: quotes and lists opened at the start of a line, and
/// raw HTML elements. Real pages need a few levels; deeper text costs the Markdown renderer and
/// the sanitiser time that grows faster than its size.
pub const MAX_MARKDOWN_DEPTH: usize = 32;

/// The first place (line, column; 1-based) where Markdown nests deeper than `limit`: `>` and list
/// markers opened at the start of one line, and raw HTML elements left open (more than eight
/// times `limit`; void elements such as `<br>` do not count). Linear in the size of the text.
pub fn markdown_too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    let mut open_tags = 0usize;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let mut rest = &line[indent..];
        let mut depth = 0;
        loop {
            let before = rest.len();
            rest = rest.trim_start_matches([' ', '\t']);
            if let Some(r) = rest.strip_prefix('>') {
                rest = r;
            } else if let Some(r) = ["- ", "* ", "+ "].iter().find_map(|m| rest.strip_prefix(m)) {
                rest = r;
            } else {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                match rest[digits..]
                    .strip_prefix(". ")
                    .or_else(|| rest[digits..].strip_prefix(") "))
                {
                    Some(r) if digits > 0 => rest = r,
                    _ => break,
                }
            }
            if rest.len() < before {
                depth += 1;
            }
            if depth > limit {
                return Some((i + 1, line.len() - rest.len()));
            }
        }
        for (col, _) in line.match_indices('<') {
            let after = &line[col + 1..];
            if after.starts_with('/') {
                open_tags = open_tags.saturating_sub(1);
                continue;
            }
            let name: String = after
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            let autolink = after[name.len()..].starts_with(':'); // <https://…>, <mailto:…>
            if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) || autolink {
                continue;
            }
            const VOID: [&str; 14] = [
                "br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "embed",
                "source", "track", "param",
            ];
            if !VOID.contains(&name.as_str()) {
                open_tags += 1;
                if open_tags > limit * 8 {
                    return Some((i + 1, col + 1));
                }
            }
        }
    }
    None
}

/// Decodes `bytes`, or says why the file is not text.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    decode_owned(bytes.to_vec())
}

/// As [`decode`], taking the bytes: valid UTF-8 (the usual case) becomes the text without a copy.
/// Bidi controls, which can make a name read backwards on a page and which no input needs, are
/// removed.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<(String, Encoding), String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let (text, encoding) = decode_text(bytes)?;
    // Every bidi control is E2 80 8E/8F/AA..AE or E2 81 A6..A9 in UTF-8: one scan for E2.
    let b = text.as_bytes();
    let has_bidi = memchr::memchr_iter(0xE2, b).any(|i| {
        matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0x80), Some(0x8E | 0x8F | 0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
        )
    });
    let text = if has_bidi {
        text.chars().filter(|&c| !is_bidi_control(c)).collect()
    } else {
        text
    };
    Ok((text, encoding))
}

fn decode_text(bytes: Vec<u8>) -> Result<(String, Encoding), String> {
    if memchr::memchr(0, &bytes).is_some() {
        return Err(crate::i18n::msg!("load.binary"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, Encoding::Utf8)),
        Err(e) if utf8_cyrillic_pairs(e.as_bytes()) >= 3 => {
            Err(crate::i18n::msg!("load.mixed_encoding"))
        }
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, had_errors) = WINDOWS_1251.decode_without_bom_handling(&bytes);
            if had_errors || text.chars().any(is_unlikely_in_1251_text) {
                Err(crate::i18n::msg!("load.unknown_encoding"))
            } else {
                Ok((text.into_owned(), Encoding::Windows1251))
            }
        }
    }
}

/// Byte pairs that are Cyrillic letters in UTF-8 (D0/D1 followed by a continuation byte). Real
/// Windows-1251 text almost never has them (Р or С followed by a rare symbol), so several in a
/// file that is not valid UTF-8 mean parts of it are UTF-8 and parts are not.
fn utf8_cyrillic_pairs(bytes: &[u8]) -> usize {
    bytes
        .windows(2)
        .filter(|w| matches!(w[0], 0xD0 | 0xD1) && (0x80..=0xBF).contains(&w[1]))
        .count()
}

/// Control characters other than tab and line ends never occur in a real table saved as 1251;
/// their presence means the bytes were something else.
fn is_unlikely_in_1251_text(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_nesting_is_refused_where_it_gets_deep_and_only_there() {
        let quotes = format!("Текст\n{} x\n", ">".repeat(40));
        assert_eq!(markdown_too_deep(&quotes, 32), Some((2, 33)));
        let dashes = format!("{}x\n", "- ".repeat(40));
        assert_eq!(markdown_too_deep(&dashes, 32), Some((1, 66)));
        let mixed = format!("{}x\n", "> - 1. ".repeat(12));
        assert!(markdown_too_deep(&mixed, 32).is_some());
        let divs = "<div>".repeat(300);
        assert_eq!(markdown_too_deep(&divs, 32), Some((1, 1281)));
        // Ordinary pages: line breaks, deep indentation, nested lists a line each, closed tags.
        let fine = format!(
            "{}\n{}x\n{}{}",
            "строка<br>".repeat(400),
            " ".repeat(100),
            (0..100)
                .map(|i| format!("{}- пункт\n", "  ".repeat(i)))
                .collect::<String>(),
            "<span>a</span>".repeat(500)
        ) + &"<https://school.ru/plan.pdf> ".repeat(300);
        assert_eq!(markdown_too_deep(&fine, 32), None);
    }

    #[test]
    fn reads_utf8_with_and_without_bom() {
        assert_eq!(decode("год".as_bytes()).unwrap().0, "год");
        assert_eq!(
            decode(b"\xEF\xBB\xBFid").unwrap(),
            ("id".into(), Encoding::Utf8)
        );
    }

    #[test]
    fn detects_windows_1251() {
        let (bytes, _, _) = WINDOWS_1251.encode("Школа №2;ВПР");
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(text, "Школа №2;ВПР");
        assert_eq!(enc, Encoding::Windows1251);
    }

    #[test]
    fn errors_on_mixed_encodings() {
        let (cp, _, _) = WINDOWS_1251.encode("Школа;ВПР\n");
        let mut bytes = "Гимназия;ОГЭ\n".as_bytes().to_vec();
        bytes.extend_from_slice(&cp);
        assert!(decode(&bytes)
            .unwrap_err()
            .contains("смешаны UTF-8 и другая кодировка"));
    }

    #[test]
    fn errors_on_binary_bytes() {
        assert!(decode(b"PK\x03\x04\x00\x00")
            .unwrap_err()
            .contains("нулевые байты"));
        assert!(decode(b"\x81\x01\x02\xff")
            .unwrap_err()
            .contains("ни UTF-8, ни Windows-1251"));
    }
}
