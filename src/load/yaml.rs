//! Parsing YAML into typed structs with errors that point at the line and column.

use crate::diag::Diagnostics;
use serde::de::DeserializeOwned;

/// Parses `text` as `T`; on failure reports `path:line:col: failed to read <what> (cause)`.
/// `line_offset` shifts positions for YAML embedded in a larger file (front matter).
pub fn parse<T: DeserializeOwned>(
    path: &str,
    text: &str,
    what: &str,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> Option<T> {
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
            diags.error(path, line, col, format!("failed to read {what}: {cause}"));
            None
        }
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
        assert!(parse::<T>("p.yaml", "\na: x\n", "the plan", 0, &mut d).is_none());
        assert_eq!(
            d.sorted()[0].to_string(),
            "p.yaml:2:4: failed to read the plan: a: invalid type: string \"x\", expected u32"
        );
    }

    #[test]
    fn finds_a_top_level_key() {
        assert_eq!(key_position("title: x\norg:   sch1\n", "org"), (2, 8));
        assert_eq!(key_position("  org: x\n", "org"), (0, 0));
    }
}
