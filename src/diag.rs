//! Problems found in a project's inputs, collected rather than returned one at a time.
//!
//! Every loader pushes into a [`Diagnostics`] instead of stopping at the first bad value, so that
//! `oko check` can print every problem of a run together. A problem renders as
//! `path:line:col: не удалось … (найдено «value»)`, in the command line's language; the path is relative to the project root.

use std::fmt;

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place of one input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub path: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column: the field number in CSV, the character column in YAML; 0 when unknown.
    pub col: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        if self.severity == Severity::Warning {
            write!(f, ": {}", crate::i18n::tr("diag.warning", &[]))?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The problems of one run, in a stable order once [`Diagnostics::sorted`] is called.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, path: &str, line: usize, col: usize, message: impl Into<String>) {
        self.push(path, line, col, Severity::Error, message.into());
    }

    pub fn warning(&mut self, path: &str, line: usize, col: usize, message: impl Into<String>) {
        self.push(path, line, col, Severity::Warning, message.into());
    }

    fn push(&mut self, path: &str, line: usize, col: usize, severity: Severity, message: String) {
        self.items.push(Diagnostic {
            path: path.to_owned(),
            line,
            col,
            severity,
            message,
        });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// The same problems demoted to warnings (`invalid_rows: skip`).
    pub fn into_warnings(mut self) -> Diagnostics {
        for d in &mut self.items {
            d.severity = Severity::Warning;
        }
        self
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems ordered by file, line and column, so output does not depend on thread timing.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }
}

/// ` (возможно, вы имели в виду `x`?)` for the candidate closest to a misspelt `value`, when one is close
/// enough (a normalised Damerau–Levenshtein similarity of at least 0.6); else empty.
pub fn did_you_mean<'a>(value: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let value = value.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&value, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map_or_else(String::new, |(_, c)| {
            crate::i18n::msg!("diag.did_you_mean", candidate = c)
        })
}

/// Quotes a value for a message, shortening very long ones so an error stays one readable line.
pub fn found(value: &str) -> String {
    const MAX: usize = 60;
    let shown: String = value.chars().take(MAX).collect();
    let more = if value.chars().count() > MAX {
        "…"
    } else {
        ""
    };
    crate::i18n::msg!("diag.found", value = quoted(&format!("{shown}{more}")))
}

/// A value in double quotes, with quotes, backslashes and control characters escaped as in
/// Rust (`"a\"b"`), so that a message shows exactly what the input holds. The one place where
/// Rust's debug formatting reaches a reader (`i18n::tests` checks that).
pub fn quoted(value: &str) -> String {
    format!("{value:?}")
}

/// Errors of a run that stop it: the data problems, then nothing is written.
#[derive(Debug)]
pub struct InputErrors(pub Vec<Diagnostic>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        f.write_str(&crate::i18n::tr_count("diag.errors", n))
    }
}

impl std::error::Error for InputErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_spelling_only_when_it_is_close() {
        let fields = ["text", "procedures", "due", "responsible", "status"];
        assert_eq!(
            did_you_mean("duee", fields),
            " (возможно, вы имели в виду `due`?)"
        );
        assert_eq!(
            did_you_mean("Responsable", fields),
            " (возможно, вы имели в виду `responsible`?)"
        );
        assert_eq!(did_you_mean("matematika", ["ma", "математика"]), "");
        assert_eq!(
            did_you_mean("Математка", ["ma", "математика"]),
            " (возможно, вы имели в виду `математика`?)"
        );
        assert_eq!(did_you_mean("xyz", fields), "");
    }

    #[test]
    fn renders_path_line_column_and_message() {
        let mut d = Diagnostics::default();
        d.error("data/a.csv", 3, 7, "failed to parse score (found \"x\")");
        d.error("data/a.csv", 0, 0, "failed to read the file");
        let all: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            all,
            [
                "data/a.csv: failed to read the file",
                "data/a.csv:3:7: failed to parse score (found \"x\")"
            ]
        );
    }

    #[test]
    fn shortens_long_values() {
        let long = "я".repeat(100);
        let shown = found(&long);
        assert_eq!(
            shown.chars().count(),
            "(найдено: \"\")".chars().count() + 61
        );
        assert!(shown.ends_with("…\")"));
    }
}
