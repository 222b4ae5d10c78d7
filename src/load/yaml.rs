//! Parsing YAML into typed structs with errors that point at the line and column.
//!
//! The nesting depth is checked on the raw text before the parser sees it: a plan or config is a
//! few levels deep, and a file of thousands of nested brackets would otherwise cost the parser
//! time that grows with the square of its size.

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

/// Parses `text` as `T`; on failure reports `path:line:col: failed to read <what> (cause)`.
/// `line_offset` shifts positions for YAML embedded in a larger file (front matter).
pub fn parse<T: DeserializeOwned>(
    path: &str,
    text: &str,
    what: &str,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> Option<T> {
    if let Some((line, col)) = too_deep(text, MAX_DEPTH) {
        let message = format!("failed to read {what}: it nests deeper than {MAX_DEPTH} levels");
        diags.error(path, line + line_offset, col, message);
        return None;
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let (line, col) = e
                .location()
                .map_or((0, 0), |l| (l.line() + line_offset, l.column()));
            let mut cause = e.to_string();
            // serde_yaml appends " at line L column C"; the position is already in front.
            if let Some(i) = cause.find(" at line ") {
                cause.truncate(i);
            }
            cause.push_str(&suggestion(&cause));
            diags.error(path, line, col, format!("failed to read {what}: {cause}"));
            None
        }
    }
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
        assert!(parse::<T>("p.yaml", "\na: x\n", "the plan", 0, &mut d).is_none());
        assert_eq!(
            d.sorted()[0].to_string(),
            "p.yaml:2:4: failed to read the plan: a: invalid type: string \"x\", expected u32"
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
        assert!(parse::<T>("p.yaml", &brackets, "the plan", 0, &mut d).is_none());
        assert_eq!(
            d.sorted()[0].to_string(),
            "p.yaml:2:67: failed to read the plan: it nests deeper than 64 levels"
        );
    }

    #[test]
    fn finds_a_top_level_key() {
        assert_eq!(key_position("title: x\norg:   sch1\n", "org"), (2, 8));
        assert_eq!(key_position("  org: x\n", "org"), (0, 0));
    }
}
