//! Parsing YAML into typed structs with errors that point at the line and column.
//!
//! The nesting depth is checked on the raw text before the parser sees it: a plan or config is a
//! few levels deep, and a file of thousands of nested brackets would otherwise cost the parser
//! time that grows with the square of its size. Aliases (which would multiply the memory the
//! values take) and keys given twice are found on the raw text too ([`super::yaml_scan`]).

use super::yaml_scan::Found;
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

/// Parses `text` as `T`; on failure reports `path:line:col: не удалось прочитать <what>: cause`
/// (`what` in the command line's language, such as «план»).
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
    // serde stops at the first error. To report the others, the list item (or top-level entry)
    // holding each error is blanked out, line numbers kept, and the text parsed again, until it
    // parses, an error has no position, or what is left is a missing field of a blanked part.
    let mut text = text.to_owned();
    let mut error = first;
    let mut seen = std::collections::BTreeSet::new();
    for round in 0..MAX_ERRORS {
        let location = error.location().map(|l| (l.line(), l.column()));
        let mut cause = error.to_string();
        // serde_yaml appends " at line L column C"; the position is already in front.
        if let Some(i) = cause.find(" at line ") {
            cause.truncate(i);
        }
        if round > 0 && (location.is_none() || cause.starts_with("missing field")) {
            break;
        }
        // Once list items are blanked, the indices in serde's path no longer count the
        // original items: the line and column say where the error is.
        // Only the field's own name is kept.
        if round > 0 {
            if let Some((path, rest)) = cause.split_once(": ").filter(|(p, _)| p.contains('[')) {
                cause = match path.rsplit(['.', ']']).next().unwrap_or("") {
                    "" => rest.to_owned(),
                    field => format!("{field}: {rest}"),
                };
            }
        }
        let (line, col) = location.unwrap_or((0, 0));
        if !seen.insert(line) {
            break;
        }
        // After a syntax error the rest of the file cannot be trusted to mean anything.
        let syntax = serde_yaml::from_str::<serde_yaml::Value>(&text).is_err();
        let hint = suggestion(&cause);
        let cause = match in_words(&cause) {
            // A message of no known shape from a text that is not YAML: the parser's own words.
            same if same == cause && syntax => crate::i18n::msg!("yaml.syntax", cause = cause),
            words => words,
        };
        let message = crate::i18n::msg!("yaml.failed", what = what, cause = cause, hint = hint);
        diags.error(path, line + line_offset, col, message);
        let Some(lines) = enclosing_entry(&text, line).filter(|_| !syntax) else {
            break;
        };
        text = blank(&text, lines);
        match serde_yaml::from_str::<T>(&text) {
            Ok(_) => break,
            Err(e) => error = e,
        }
    }
    None
}

/// The most errors reported for one YAML file.
const MAX_ERRORS: usize = 50;

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

/// `text` with the given lines emptied (line numbers kept).
fn blank(text: &str, lines: std::ops::RangeInclusive<usize>) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| if lines.contains(&(i + 1)) { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

/// For serde's «unknown field `duee`, expected one of `text`, `due`, …»: the closest field.
fn suggestion(cause: &str) -> String {
    let Some(rest) = cause.split("unknown field `").nth(1) else {
        return String::new();
    };
    let Some((field, expected)) = rest.split_once('`') else {
        return String::new();
    };
    let names = expected.split('`').skip(1).step_by(2);
    crate::diag::did_you_mean(field, names)
}

/// serde's message in the command line's language. serde words its messages in a few fixed
/// shapes («unknown field `x`, expected one of …», «invalid type: string "x", expected u32»);
/// those are put in words, the field path in front kept. Messages of oko's own value parsers
/// are already in the language and pass through.
fn in_words(cause: &str) -> String {
    let (path, rest) = match cause.split_once(": ") {
        Some((p, r)) if !p.contains(' ') && !p.is_empty() => (Some(p), r),
        _ => (None, cause),
    };
    let ticked = |s: &str| s.split('`').nth(1).unwrap_or(s).to_owned();
    let expected_list = |s: &str| {
        s.strip_prefix("expected one of ")
            .or_else(|| s.strip_prefix("expected "))
            .map(str::to_owned)
    };
    let words = if let Some(r) = rest.strip_prefix("unknown field ") {
        let (field, tail) = r.split_once(", ").unwrap_or((r, ""));
        match expected_list(tail) {
            Some(list) => {
                crate::i18n::msg!("yaml.unknown_field", field = ticked(field), expected = list)
            }
            None => crate::i18n::msg!("yaml.unknown_field_none", field = ticked(field)),
        }
    } else if let Some(r) = rest.strip_prefix("unknown variant ") {
        let (value, tail) = r.split_once(", ").unwrap_or((r, ""));
        let list = expected_list(tail).unwrap_or_default();
        crate::i18n::msg!(
            "yaml.unknown_variant",
            value = ticked(value),
            expected = list
        )
    } else if let Some(r) = rest.strip_prefix("missing field ") {
        crate::i18n::msg!("yaml.missing_field", field = ticked(r))
    } else if let Some(r) = rest.strip_prefix("duplicate field ") {
        crate::i18n::msg!("yaml.duplicate_field", field = ticked(r))
    } else if let Some((found, expected)) = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))
        .and_then(|r| r.split_once(", expected "))
    {
        crate::i18n::msg!(
            "yaml.invalid",
            found = found_in_words(found),
            expected = expected_in_words(expected)
        )
    } else {
        rest.to_owned()
    };
    match path {
        Some(p) => format!("{p}: {words}"),
        None => words,
    }
}

/// serde's name of a value it met («string "x"», «integer `5`», «sequence»).
fn found_in_words(found: &str) -> String {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let value = value.trim_matches('`');
    let kind = match kind {
        "string" => crate::i18n::msg!("yaml.kind_string"),
        "integer" => crate::i18n::msg!("yaml.kind_integer"),
        "floating" => crate::i18n::msg!("yaml.kind_number"),
        "boolean" => crate::i18n::msg!("yaml.kind_boolean"),
        "sequence" => crate::i18n::msg!("yaml.kind_sequence"),
        "map" => crate::i18n::msg!("yaml.kind_map"),
        "unit" => return crate::i18n::msg!("yaml.kind_empty"),
        _ => return found.to_owned(),
    };
    let value = value.trim_start_matches("point `").trim_end_matches('`');
    if value.is_empty() {
        kind
    } else {
        format!("{kind} {value}")
    }
}

/// serde's name of the type it wanted («u32», «a string», «struct Measure»).
fn expected_in_words(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => {
            crate::i18n::msg!("yaml.want_whole")
        }
        "f32" | "f64" => crate::i18n::msg!("yaml.want_number"),
        "a string" | "a borrowed string" | "a character" => crate::i18n::msg!("yaml.want_string"),
        "a boolean" => crate::i18n::msg!("yaml.want_boolean"),
        "a sequence" => crate::i18n::msg!("yaml.want_sequence"),
        e if e.starts_with("struct ") || e.starts_with("a map") => {
            crate::i18n::msg!("yaml.want_map")
        }
        other => other.to_owned(),
    }
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
        let mut d = Diagnostics::default();
        assert!(parse::<Plan>("p.yaml", text, "план", 0, &mut d).is_none());
        let errors: Vec<String> = d.sorted().iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(
            errors[0].starts_with(
                "p.yaml:2:11: не удалось прочитать план: approved: ожидается целое число"
            ),
            "{errors:#?}"
        );
        // After the first, list indices in serde's path would count blanked items: only the
        // field's name is kept, the position says where.
        assert!(
            errors[1]
                .starts_with("p.yaml:5:10: не удалось прочитать план: due: ожидается целое число"),
            "{errors:#?}"
        );
        assert!(
            errors[2].starts_with("p.yaml:7:5: не удалось прочитать план: неизвестное поле `txet`")
                && errors[2].ends_with("(возможно, вы имели в виду `text`?)"),
            "{errors:#?}"
        );
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
