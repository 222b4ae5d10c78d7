//! Parsing YAML into typed structs with errors that point at the line and column, every error
//! of a file in one run, each with its path in the file ([`parse`]); syntax errors in words
//! ([`syntax`]), serde's messages in words ([`words`]).
//!
//! The nesting depth is checked on the raw text before the parser sees it: a plan or config is a
//! few levels deep, and a file of thousands of nested brackets would otherwise cost the parser
//! time that grows with the square of its size. Aliases (which would multiply the memory the
//! values take) and keys given twice are found on the raw text too ([`super::yaml_scan`]).

mod syntax;
mod words;

use super::yaml_scan::{path_at, render, Found, Segment};
use crate::diag::Diagnostics;
use serde::de::DeserializeOwned;

/// The deepest nesting a YAML input may have (a plan needs about six levels).
pub const MAX_DEPTH: usize = 64;

/// The first place where `text` nests deeper than `limit`: flow brackets (`[`, `{`) outside
/// quotes and comments, plus block levels (indentation steps and `- ` entries on one line).
/// Returns (line, column), 1-based. Linear in the size of the text.
pub fn too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    let mut indents: Vec<usize> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let mut block = 0;
        if flow == 0 && !rest.is_empty() && !rest.starts_with('#') {
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
            let mut r = rest;
            while let Some(next) = r.strip_prefix("- ").or_else(|| r.strip_prefix("? ")) {
                block += 1;
                r = next.trim_start_matches(' ');
            }
            if indents.len() + block > limit {
                return Some((i + 1, indent + 1));
            }
        }
        let mut quote: Option<char> = None;
        for (col, c) in rest.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    flow += 1;
                    if indents.len() + block + flow > limit {
                        return Some((i + 1, indent + col + 1));
                    }
                }
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// Parses `text` as `T`; on failure reports every problem as `path:line:col: не удалось
/// прочитать <what>: cause` (`what` in the command line's language, such as «план»).
/// `line_offset` shifts positions for YAML embedded in a larger file (front matter).
pub fn parse<T: DeserializeOwned>(
    path: &str,
    text: &str,
    what: &str,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> Option<T> {
    if let Some((line, col)) = too_deep(text, MAX_DEPTH) {
        let message = crate::i18n::msg!("yaml.too_deep", what = what, levels = MAX_DEPTH);
        diags.error(path, line + line_offset, col, message);
        return None;
    }
    if let Some((line, col, found)) = super::yaml_scan::scan(text) {
        let message = match found {
            Found::Alias => crate::i18n::msg!("yaml.alias", what = what),
            Found::DuplicateKey(key) => crate::i18n::msg!(
                "yaml.failed",
                what = what,
                cause = crate::i18n::msg!("yaml.duplicate_field", field = key),
                hint = ""
            ),
        };
        diags.error(path, line + line_offset, col, message);
        return None;
    }
    let first = match serde_yaml::from_str::<T>(text) {
        Ok(v) => return Some(v),
        Err(e) => e,
    };
    let mut say = |line: usize, col: usize, cause: String, hint: String| {
        let message = crate::i18n::msg!("yaml.failed", what = what, cause = cause, hint = hint);
        diags.error(path, line + line_offset, col, message);
    };
    report_all::<T>(text, first, &mut say);
    None
}

/// The most errors reported for one YAML file.
const MAX_ERRORS: usize = 50;

/// Reports every problem of a text that does not parse as `T`, through `say(line, col, cause,
/// hint)`. serde stops at the first; to find the next, the text is parsed again with the
/// offending entry blanked (line numbers kept): a field's own lines where it can go, else its
/// whole list item. A colon in a value is quoted and the check goes on; any other syntax error
/// ends it (the rest cannot be trusted to mean anything). Each error's path is the text's own
/// (`directions[0].measures[1].status`), counting list items as written, and a missing field
/// that only the blanking caused (a misspelt `txet` taken away leaves `text` missing) is not
/// said again.
fn report_all<T: DeserializeOwned>(
    text: &str,
    first: serde_yaml::Error,
    say: &mut impl FnMut(usize, usize, String, String),
) {
    let mut work = text.to_owned();
    let mut error = first;
    let mut was_valid = false;
    let mut said_lines = std::collections::BTreeSet::new();
    // (the mapping's path, the key) of every field blanked.
    let mut blanked: Vec<(String, String)> = Vec::new();
    for _ in 0..MAX_ERRORS {
        let syntax = serde_yaml::from_str::<serde_yaml::Value>(&work)
            .err()
            .map(|e| syntax::describe(&work, &e));
        // serde may meet a bad value before the parser meets a syntax error further on; a value
        // after the place where the broken part began (an open bracket) is part of it.
        let value_first = syntax.as_ref().is_some_and(|s| {
            error
                .location()
                .is_some_and(|v| (v.line(), v.column()) < (s.line, s.col))
        });
        if let Some(s) = syntax.filter(|_| !value_first) {
            if was_valid {
                return; // the blanking itself broke the text
            }
            say(s.line, s.col, s.message, String::new());
            match s.fixed {
                Some(fixed) => work = fixed,
                None => return,
            }
        } else {
            was_valid |= !value_first;
            let Some(location) = error.location() else {
                return;
            };
            let (line, col) = (location.line(), location.column());
            let mut cause = error.to_string();
            if let Some(i) = cause.find(" at line ") {
                cause.truncate(i);
            }
            let (serde_path, rest) = split_path(&cause);
            let at_line = path_at(text, line);
            let path = corrected(&serde_path, &at_line);
            let missing = rest
                .strip_prefix("missing field `")
                .and_then(|r| r.split('`').next());
            let caused = said_lines.contains(&line)
                || missing.is_some_and(|field| {
                    let at = render(&path);
                    blanked.iter().any(|(mapping, key)| {
                        *mapping == at
                            && (key == field || !crate::diag::did_you_mean(key, [field]).is_empty())
                    })
                });
            if !caused {
                let (words, hint) = words::in_words(rest);
                let cause = match render(&path) {
                    p if p.is_empty() => words,
                    p => format!("{p}: {words}"),
                };
                say(line, col, cause, hint);
                said_lines.insert(line);
            }
            let field = (missing.is_none() && !caused)
                .then(|| field_lines(&work, line))
                .flatten();
            let before = work.clone();
            match field {
                Some((lines, keep)) => {
                    if let Some(Segment::Key(key)) = at_line.last() {
                        let mapping = render(&at_line[..at_line.len() - 1]);
                        blanked.push((mapping, key.clone()));
                    }
                    work = blank(&work, lines, keep);
                }
                // A field missing from the whole file, or a part with nothing left to blank.
                None if path.is_empty() && missing.is_some() => return,
                None => match enclosing_entry(&work, line) {
                    Some(lines) => work = blank(&work, lines, 0),
                    None => return,
                },
            }
            if work == before {
                return;
            }
        }
        match serde_yaml::from_str::<T>(&work) {
            Ok(_) => return,
            Err(e) => error = e,
        }
    }
}

/// serde's «directions[0].measures[1].status: invalid …» as the path and the rest.
fn split_path(cause: &str) -> (Vec<Segment>, &str) {
    let Some((path, rest)) = cause
        .split_once(": ")
        .filter(|(p, _)| !p.is_empty() && !p.contains(' '))
    else {
        return (Vec::new(), cause);
    };
    let mut segments = Vec::new();
    for part in path.split('.') {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            segments.push(Segment::Key(key.to_owned()));
        }
        for index in pieces {
            match index.trim_end_matches(']').parse() {
                Ok(i) => segments.push(Segment::Index(i)),
                Err(_) => return (Vec::new(), cause),
            }
        }
    }
    (segments, rest)
}

/// serde's path with the list indices of the text as written: once entries are blanked, serde
/// counts the items that are left. Where the two part (a flow list inside a line), serde's
/// path goes on as it is.
fn corrected(serde: &[Segment], text: &[Segment]) -> Vec<Segment> {
    let mut aligned = true;
    serde
        .iter()
        .enumerate()
        .map(|(i, s)| match (s, text.get(i)) {
            (Segment::Index(_), Some(t @ Segment::Index(_))) if aligned => t.clone(),
            (Segment::Key(a), Some(Segment::Key(b))) if aligned && a == b => s.clone(),
            _ => {
                aligned = false;
                s.clone()
            }
        })
        .collect()
}

/// The lines of the field whose key begins `line` (its key and its value's lines below, 1-based)
/// and how many characters of the first to keep: the dashes of a list item that has other
/// fields (`- `). `None` when the line holds no key, or the field is its item's only one (the
/// item is then blanked whole, as an empty item would be another error).
fn field_lines(text: &str, line: usize) -> Option<(std::ops::RangeInclusive<usize>, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let first = *lines.get(line.checked_sub(1)?)?;
    let indent = first.len() - first.trim_start_matches(' ').len();
    let mut key_at = indent;
    while first[key_at..].starts_with("- ") {
        key_at += 2;
        key_at += first[key_at..].len() - first[key_at..].trim_start_matches(' ').len();
    }
    let rest = &first[key_at..];
    let is_key = !rest.starts_with(['#', '"', '\'', '[', '{', '-', '?'])
        && rest.split_once(':').is_some_and(|(k, after)| {
            !k.is_empty() && (after.is_empty() || after.starts_with(' '))
        });
    if !is_key {
        return None;
    }
    let mut last = line;
    for (i, l) in lines.iter().enumerate().skip(line) {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if l.len() - l.trim_start_matches(' ').len() <= key_at {
            break;
        }
        last = i + 1;
    }
    if key_at == indent {
        return Some((line..=last, 0));
    }
    match enclosing_entry(text, line) {
        Some(item) if item == (line..=last) => None,
        _ => Some((line..=last, key_at)),
    }
}

/// Lines (1-based, inclusive) of the innermost block list item (`- …`) holding `line`, or else
/// of the top-level entry holding it; `None` for a line outside the text.
fn enclosing_entry(text: &str, line: usize) -> Option<std::ops::RangeInclusive<usize>> {
    let lines: Vec<&str> = text.lines().collect();
    if line == 0 || line > lines.len() {
        return None;
    }
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let skip = |l: &str| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    };
    let is_item = |l: &str| l[indent(l)..].starts_with("- ");
    // Up from the line: the first `- ` indented less than every line below it (or the line
    // itself), before reaching the top level.
    let mut below = usize::MAX;
    let mut item = None;
    for i in (0..line).rev() {
        let l = lines[i];
        if skip(l) {
            continue;
        }
        let n = indent(l);
        if is_item(l) && (i + 1 == line || n < below) {
            item = Some((i, n));
            break;
        }
        below = below.min(n);
        if n == 0 {
            break;
        }
    }
    let (first, level, within) = match item {
        // An item ends at the next line indented as much as its dash or less.
        Some((i, n)) => (i, n, None),
        // A top-level entry ends at the next top-level key (a dash at column 1 is its list).
        None => {
            let top = (0..line)
                .rev()
                .find(|&i| !skip(lines[i]) && indent(lines[i]) == 0)?;
            (top, 0, Some(()))
        }
    };
    let mut last = first;
    for (i, l) in lines.iter().enumerate().skip(first + 1) {
        if skip(l) {
            continue;
        }
        let n = indent(l);
        let continues = n > level || within.is_some() && is_item(l);
        if !continues {
            break;
        }
        last = i;
    }
    Some(first + 1..=last + 1)
}

/// `text` with the given lines emptied (line numbers kept), but for the first `keep` bytes of
/// the first.
fn blank(text: &str, lines: std::ops::RangeInclusive<usize>, keep: usize) -> String {
    let first = *lines.start();
    text.lines()
        .enumerate()
        .map(|(i, l)| match i + 1 {
            n if n == first => &l[..keep.min(l.len())],
            n if lines.contains(&n) => "",
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Line and column of the value of a top-level `key:` in YAML text, for errors about that value.
pub fn key_position(text: &str, key: &str) -> (usize, usize) {
    let prefix = format!("{key}:");
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(&prefix) {
            let col =
                prefix.chars().count() + rest.chars().take_while(|c| c.is_whitespace()).count() + 1;
            return (i + 1, col);
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        a: u32,
    }

    #[test]
    fn reports_position_of_a_bad_value() {
        let mut d = Diagnostics::default();
        assert!(parse::<T>("p.yaml", "\na: x\n", "план", 0, &mut d).is_none());
        assert_eq!(
            d.sorted()[0].to_string(),
            "p.yaml:2:4: не удалось прочитать план: a: ожидается целое число, а найдено: строка \"x\""
        );
    }

    #[test]
    fn refuses_deep_nesting_of_brackets_and_of_blocks_at_its_position() {
        let brackets = format!("org: s\nx: {}1{}\n", "[".repeat(70), "]".repeat(70));
        assert_eq!(too_deep(&brackets, MAX_DEPTH), Some((2, 67)));
        let dashes = format!("x:\n  {}1\n", "- ".repeat(70));
        assert_eq!(too_deep(&dashes, MAX_DEPTH), Some((2, 3)));
        let mut indented = String::new();
        for d in 0..70 {
            indented.push_str(&format!("{}k{d}:\n", " ".repeat(d)));
        }
        assert_eq!(too_deep(&indented, MAX_DEPTH), Some((65, 65)));
        // Brackets in quotes and comments, and a real plan, are not nesting.
        let quoted = format!("t: \"{}\" # {}\n", "[".repeat(100), "{".repeat(100));
        assert_eq!(too_deep(&quoted, MAX_DEPTH), None);
        let plan = include_str!("../starter/plan.yaml");
        assert_eq!(too_deep(plan, 8), None);
        let mut d = Diagnostics::default();
        assert!(parse::<T>("p.yaml", &brackets, "план", 0, &mut d).is_none());
        assert_eq!(
            d.sorted()[0].to_string(),
            "p.yaml:2:67: не удалось прочитать план: вложенность глубже 64 уровней"
        );
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Plan {
        title: String,
        #[serde(default)]
        approved: Option<u32>,
        measures: Vec<Measure>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Measure {
        text: String,
        #[serde(default)]
        due: Option<u32>,
    }

    #[test]
    fn reports_every_bad_entry_not_only_the_first() {
        let text = "title: План\napproved: вчера\nmeasures:\n  - text: a\n    due: x\n  - text: b\n  - txet: c\n  - text: d\n    due: 5\n";
        assert_eq!(
            errors(text),
            [
                "p.yaml:2:11: не удалось прочитать план: approved: ожидается целое число, а найдено: строка \"вчера\"",
                "p.yaml:5:10: не удалось прочитать план: measures[0].due: ожидается целое число, а найдено: строка \"x\"",
                "p.yaml:7:5: не удалось прочитать план: measures[2]: неизвестное поле `txet`, допустимы: `text`, `due` (возможно, вы имели в виду `text`?)",
            ]
        );
    }

    /// The problems `parse` reports for `text` as a [`Plan`].
    fn errors(text: &str) -> Vec<String> {
        let mut d = Diagnostics::default();
        assert!(parse::<Plan>("p.yaml", text, "план", 0, &mut d).is_none());
        d.sorted().iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn every_error_keeps_its_path_as_the_text_counts_the_items() {
        // Two misspelt fields, two errors in one item, an item whose only field is misspelt,
        // and a list item after those: each said once, at its place, with its path.
        let text = "title: План\nmeasures:\n  - text: a\n    duee: 1\n  - text: b\n    due: x\n    dua: 2\n  - txet: c\n  - text: d\n    due: y\n";
        assert_eq!(
            errors(text),
            [
                "p.yaml:4:5: не удалось прочитать план: measures[0]: неизвестное поле `duee`, допустимы: `text`, `due` (возможно, вы имели в виду `due`?)",
                "p.yaml:6:10: не удалось прочитать план: measures[1].due: ожидается целое число, а найдено: строка \"x\"",
                "p.yaml:7:5: не удалось прочитать план: measures[1]: неизвестное поле `dua`, допустимы: `text`, `due` (возможно, вы имели в виду `due`?)",
                "p.yaml:8:5: не удалось прочитать план: measures[2]: неизвестное поле `txet`, допустимы: `text`, `due` (возможно, вы имели в виду `text`?)",
                "p.yaml:10:10: не удалось прочитать план: measures[3].due: ожидается целое число, а найдено: строка \"y\"",
            ]
        );
        // A field really missing is said; a misspelt one is not said twice as missing.
        let missing = "title: План\nmeasures:\n  - due: 1\n  - txet: b\n    due: 2\n";
        assert_eq!(
            errors(missing),
            [
                "p.yaml:3:5: не удалось прочитать план: measures[0]: нет обязательного поля `text`",
                "p.yaml:4:5: не удалось прочитать план: measures[1]: неизвестное поле `txet`, допустимы: `text`, `due` (возможно, вы имели в виду `text`?)",
            ]
        );
    }

    #[test]
    fn a_colon_in_a_value_is_said_and_the_rest_still_checked_but_other_syntax_ends_the_check() {
        let text = "title: План: первый\nmeasures:\n  - text: a\n    due: x\n";
        let e = errors(text);
        assert_eq!(e.len(), 2, "{e:#?}");
        assert!(e[0].starts_with("p.yaml:1:12: не удалось прочитать план: ошибка синтаксиса YAML: в значении двоеточие"), "{e:#?}");
        assert!(
            e[1].starts_with("p.yaml:4:10: не удалось прочитать план: measures[0].due:"),
            "{e:#?}"
        );
        // A bad value before a syntax error is said too, then the syntax error.
        let e = errors("title: План\napproved: x\nmeasures:\n\t- text: a\n");
        assert_eq!(e.len(), 2, "{e:#?}");
        assert!(
            e[0].starts_with("p.yaml:2:11: не удалось прочитать план: approved:"),
            "{e:#?}"
        );
        assert!(e[1].contains("табуляции"), "{e:#?}");
    }

    #[test]
    fn a_syntax_error_is_reported_once() {
        let mut d = Diagnostics::default();
        let text = "title: \"unclosed\nmeasures:\n  - txet: c\n";
        assert!(parse::<Plan>("p.yaml", text, "план", 0, &mut d).is_none());
        assert_eq!(d.error_count(), 1, "{:?}", d.sorted());
    }

    #[test]
    fn the_entry_of_a_line_is_its_innermost_list_item_or_top_level_key() {
        let text = "title: x\nmeasures:\n- text: a\n  due: 1\n- text: b\nother: 1\n";
        assert_eq!(enclosing_entry(text, 4), Some(3..=4));
        assert_eq!(enclosing_entry(text, 5), Some(5..=5));
        assert_eq!(enclosing_entry(text, 1), Some(1..=1));
        assert_eq!(
            enclosing_entry(text, 2),
            Some(2..=5),
            "a top-level key holds its unindented list"
        );
        assert_eq!(enclosing_entry(text, 9), None);
    }

    #[test]
    fn finds_a_top_level_key() {
        assert_eq!(key_position("title: x\norg:   sch1\n", "org"), (2, 8));
        assert_eq!(key_position("  org: x\n", "org"), (0, 0));
    }
}
