//! YAML syntax errors in words a person can act on. The parser (libyaml) names what it met
//! («mapping values are not allowed in this context»); the common causes behind those words are
//! recognised from the text and said with what to do: a colon in a value (quote it: the fix is
//! shown), a tab in the indentation, a quote or a bracket left open (at the place it opened), a
//! backslash in double quotes, text after a closing quote, and indentation that does not line
//! up. Anything else is said as a syntax error with the parser's words.

/// A syntax error: where to look (1-based), what is wrong, and for a colon in a value the text
/// with that value quoted, so that the rest of the file can still be checked.
pub struct Syntax {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub fixed: Option<String>,
}

/// The parser's error about `text`, in words.
pub fn describe(text: &str, error: &serde_yaml::Error) -> Syntax {
    let full = error.to_string();
    let (line, col) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    let problem = full.split(" at line ").next().unwrap_or(&full);
    let problem = problem.split(", while ").next().unwrap_or(problem);
    // «…, while scanning a quoted scalar at line 2 column 8»: where the open thing began.
    let (context, opened) = match full.split_once(", while ") {
        Some((_, c)) => (c, mark(c)),
        None => ("", None),
    };
    let source: Vec<char> = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .chars()
        .collect();
    let at = |line, col, message| Syntax {
        line,
        col,
        message,
        fixed: None,
    };
    let tab = problem.contains("tab character")
        || (problem == "found character that cannot start any token"
            && source.get(col.saturating_sub(1)) == Some(&'\t'));
    if tab {
        return at(line, col, crate::i18n::msg!("yaml.syntax_tab"));
    }
    match problem {
        "found unexpected end of stream" if context.contains("quoted scalar") => {
            let (l, c) = opened.unwrap_or((line, col));
            at(l, c, crate::i18n::msg!("yaml.syntax_open_quote"))
        }
        "did not find expected ',' or ']'" | "did not find expected ',' or '}'" => {
            let (l, c) = opened.unwrap_or((line, col));
            at(l, c, crate::i18n::msg!("yaml.syntax_open_bracket"))
        }
        "found unknown escape character" => at(line, col, crate::i18n::msg!("yaml.syntax_escape")),
        "mapping values are not allowed in this context" => match quoted_value(&source, col) {
            Some(quoted) => {
                let fixed = text
                    .lines()
                    .enumerate()
                    .map(|(i, l)| if i + 1 == line { quoted.as_str() } else { l })
                    .collect::<Vec<_>>()
                    .join("\n");
                Syntax {
                    fixed: Some(fixed),
                    ..at(
                        line,
                        col,
                        crate::i18n::msg!("yaml.syntax_colon", fixed = quoted.trim()),
                    )
                }
            }
            None => at(line, col, crate::i18n::msg!("yaml.syntax_indent")),
        },
        "did not find expected key" if after_closing_quote(&source, col) => {
            at(line, col, crate::i18n::msg!("yaml.syntax_after_quote"))
        }
        "did not find expected key"
        | "did not find expected '-' indicator"
        | "block sequence entries are not allowed in this context"
        | "could not find expected ':'" => at(line, col, crate::i18n::msg!("yaml.syntax_indent")),
        other => at(line, col, crate::i18n::msg!("yaml.syntax", cause = other)),
    }
}

/// (line, column) of «… at line L column C».
fn mark(context: &str) -> Option<(usize, usize)> {
    let rest = context.split(" at line ").nth(1)?;
    let (line, col) = rest.split_once(" column ")?;
    Some((line.trim().parse().ok()?, col.trim().parse().ok()?))
}

/// The line of an entry `key: value` whose plain value holds the colon at `col` (1-based), with
/// the value in double quotes; `None` when the colon is not inside such a value (it is then a
/// key out of place: indentation).
fn quoted_value(line: &[char], col: usize) -> Option<String> {
    let text: String = line.iter().collect();
    let indent = line.iter().take_while(|c| **c == ' ').count();
    let mut start = indent;
    while line[start..].starts_with(&['-', ' ']) {
        start += 2;
    }
    // The entry's own `key: ` ends before the colon the parser stopped at.
    let before: String = line[start..col.saturating_sub(1).clamp(start, line.len())]
        .iter()
        .collect();
    let sep = before.find(": ")?;
    let value_at = start + before[..sep].chars().count() + 2;
    let value: String = line[value_at..].iter().collect();
    let value = value.split(" #").next().unwrap_or("").trim();
    if value.is_empty() || value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '!']) {
        return None;
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    let head: String = text.chars().take(value_at).collect();
    Some(format!("{head}\"{escaped}\""))
}

/// Whether the value of the entry on `line` is quoted and its closing quote comes before `col`.
fn after_closing_quote(line: &[char], col: usize) -> bool {
    let text: String = line.iter().collect();
    let Some(sep) = text.find(": ") else {
        return false;
    };
    let value_at = text[..sep].chars().count() + 2;
    match line.get(value_at) {
        Some(&q @ ('"' | '\'')) => {
            line[value_at + 1..col.saturating_sub(1).clamp(value_at + 1, line.len())].contains(&q)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    /// (line, column, message, fixed text) of the first syntax error of `text`.
    fn said(text: &str) -> (usize, usize, String, Option<String>) {
        let e = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let s = describe(text, &e);
        (s.line, s.col, s.message, s.fixed)
    }

    #[test]
    fn a_colon_in_a_value_is_said_with_the_value_quoted() {
        let (line, col, message, fixed) = said("org: s\ntitle: План: первое # ок\n");
        assert_eq!((line, col), (2, 12));
        assert!(
            message.ends_with("возьмите значение в кавычки: title: \"План: первое\""),
            "{message}"
        );
        assert_eq!(fixed.as_deref(), Some("org: s\ntitle: \"План: первое\""));
        let (_, _, message, fixed) = said("d:\n  - text: Итоги: \"2024\"\n");
        assert!(
            message.ends_with("- text: \"Итоги: \\\"2024\\\"\""),
            "{message}"
        );
        assert!(serde_yaml::from_str::<serde_yaml::Value>(&fixed.unwrap()).is_ok());
    }

    #[test]
    fn tabs_open_quotes_and_brackets_and_indentation_are_named() {
        let tab = said("a:\n\t- b\n").2;
        assert!(tab.contains("табуляц"), "{tab}");
        let tab = said("a:\n  - b: 1\n  \tc: 2\n").2;
        assert!(tab.contains("табуляц"), "{tab}");
        let (line, col, quote, _) = said("org: s\ntitle: \"План\nx: 1\n");
        assert_eq!((line, col), (2, 8), "where the quote opened");
        assert!(quote.contains("кавычка"), "{quote}");
        let (line, col, bracket, _) = said("a: [1, 2\nb: 3\n");
        assert_eq!((line, col), (1, 4));
        assert!(bracket.contains("скобка"), "{bracket}");
        for wrong in [
            "a:\n  - t: 1\n   m: 2\n",
            "a: 1\n b: 2\n",
            "a:\n  b: 1\n c: 2\n",
        ] {
            let message = said(wrong).2;
            assert!(message.contains("отступ"), "{wrong:?}: {message}");
        }
        let after = said("t: \"План\" мероприятий\n").2;
        assert!(after.contains("после закрывающей кавычки"), "{after}");
        let escape = said("p: \"C:\\путь\"\n").2;
        assert!(escape.contains("одинарные кавычки"), "{escape}");
        let other = said("a: 1\n--- !\n").2;
        assert!(other.starts_with("ошибка синтаксиса YAML"), "{other}");
    }
}
