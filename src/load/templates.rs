//! templates/*.html: a project's own versions of built-in templates, read like every other input
//! (within the text limit, no symbolic link). Each `t(k="…")` they ask with a literal key is
//! checked against the message catalogue here, with its line and column, so `oko check` names a
//! misspelt key exactly as a build would; whether the template compiles and renders is checked
//! by the render step ([`crate::render::templates`]).

use crate::diag::Diagnostics;
use crate::model::config::Limits;
use crate::model::Override;
use std::path::Path;

/// The folder of overrides in a project.
pub const DIR: &str = "templates";

/// Every `*.html` directly in templates/, in name order.
pub fn read(root: &Path, limits: &Limits, diags: &mut Diagnostics) -> Vec<Override> {
    let mut out = Vec::new();
    for rel in super::files(root, DIR, &["html"], diags) {
        let Some(name) = rel.strip_prefix("templates/").filter(|n| !n.contains('/')) else {
            continue;
        };
        let name = name.to_owned();
        let Some(text) = super::read_text(root, &rel, false, limits, diags) else {
            continue;
        };
        unknown_keys(&rel, &text, diags);
        out.push(Override {
            name,
            path: rel,
            text,
        });
    }
    out
}

/// Reports every `t(k="key")` whose key the catalogue lacks, where it stands.
fn unknown_keys(path: &str, text: &str, diags: &mut Diagnostics) {
    const ASK: &str = "t(k=\"";
    for (at, _) in text.match_indices(ASK) {
        let start = at + ASK.len();
        let Some(len) = text[start..].find('"') else {
            continue;
        };
        let key = &text[start..start + len];
        if crate::i18n::lookup(crate::i18n::Lang::Ru, key).is_none() {
            let (line, col) = position(text, start);
            diags.error(
                path,
                line,
                col,
                crate::i18n::msg!("render.t_unknown_key", key = key),
            );
        }
    }
}

/// The 1-based line and column (in characters) of byte `at` of `text`.
pub fn position(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_key_is_named_where_it_stands() {
        let mut diags = Diagnostics::default();
        let text = "<h1>{{ t(k=\"ui.plans\") }}</h1>\n<p>{{ t(k=\"ui.plnas\") }}</p>";
        unknown_keys("templates/page.html", text, &mut diags);
        let found: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("templates/page.html:2:12: ") && found[0].contains("ui.plnas"),
            "{found:?}"
        );
    }
}
