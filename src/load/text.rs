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

/// Decodes `bytes`, or says why the file is not text.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err("failed to read the file as text: it holds NUL bytes (a binary file?)".into());
    }
    let (text, encoding) = decode_text(bytes)?;
    // Bidi controls can make a name read backwards on a page; no input needs them.
    let text = if text.chars().any(is_bidi_control) {
        text.chars().filter(|&c| !is_bidi_control(c)).collect()
    } else {
        text
    };
    Ok((text, encoding))
}

fn decode_text(bytes: &[u8]) -> Result<(String, Encoding), String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), Encoding::Utf8)),
        Err(_) if utf8_cyrillic_pairs(bytes) >= 3 => Err(
            "failed to decode the file: it mixes UTF-8 with another encoding (two files glued together?); save it again in one encoding"
                .into(),
        ),
        Err(_) => {
            let (text, had_errors) = WINDOWS_1251.decode_without_bom_handling(bytes);
            if had_errors || text.chars().any(is_unlikely_in_1251_text) {
                Err("failed to decode the file: it is neither UTF-8 nor Windows-1251".into())
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
            .contains("mixes UTF-8 with another encoding"));
    }

    #[test]
    fn errors_on_binary_bytes() {
        assert!(decode(b"PK\x03\x04\x00\x00")
            .unwrap_err()
            .contains("NUL bytes"));
        assert!(decode(b"\x81\x01\x02\xff")
            .unwrap_err()
            .contains("neither UTF-8 nor Windows-1251"));
    }
}
