//! Where each page lives. Every address is a folder with an `index.html`, and every link is
//! written relative to the page that holds it, so the site works from `file://`, from any
//! `base_url`, and under `/<repo>/` on GitHub Pages.

use crate::model::{CellKey, Org, Plan, Subjects};

pub const METHODOLOGY: &str = "methodology/index.html";
pub const OPENDATA: &str = "opendata/index.html";
pub const SEARCH: &str = "search/index.html";

/// The output path of an organization's page.
pub fn org(org: &Org) -> String {
    format!("{}/{}/index.html", org.kind.code(), org.id)
}

/// The output path of a plan page, below its organization.
pub fn plan(org: &Org, plan: &Plan) -> String {
    format!(
        "{}/{}/plan/{}/index.html",
        org.kind.code(),
        org.id,
        plan.slug
    )
}

/// The output path of a school's page of one work of one year:
/// `school/<id>/<year>/vpr-ma-4/index.html`.
pub fn work(org: &Org, key: &CellKey, subjects: &Subjects) -> String {
    format!(
        "{}/{}/{}/{}-{}-{}/index.html",
        org.kind.code(),
        org.id,
        key.year,
        key.procedure.code().to_lowercase(),
        segment(subjects.code(key.subject)),
        key.grade
    )
}

/// The output path of a school's справка for one year: `school/<id>/spravka/<year>/index.html`.
pub fn spravka(org: &Org, year: u16) -> String {
    format!("{}/{}/spravka/{year}/index.html", org.kind.code(), org.id)
}

/// A subject's code as a folder name: a code of Latin letters, digits, `-` and `_` as it is
/// (every built-in one), any other (a configured subject may be coded «история») by its
/// transliteration, so that no address holds a character a link would have to escape.
fn segment(code: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if !code.is_empty() && code.chars().all(safe) {
        return code.to_lowercase();
    }
    let mut out: String = deunicode::deunicode(code)
        .chars()
        .map(|c| if safe(c) { c.to_ascii_lowercase() } else { '-' })
        .collect();
    out.insert_str(0, "x-");
    out
}

/// The output path of a free page.
pub fn page(slug: &str) -> String {
    format!("{slug}/index.html")
}

/// The prefix that leads from the page at `path` back to the site root (`../../` for `a/b/x.html`).
pub fn root_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_code_becomes_a_folder_name_without_characters_to_escape() {
        assert_eq!(segment("ma"), "ma");
        assert_eq!(segment("Inf_2"), "inf_2");
        // Transliterated, and marked so that it cannot meet a Latin code of the same letters.
        assert_eq!(segment("история"), "x-istoriia");
        assert_eq!(segment("a/b c"), "x-a-b-c");
    }

    #[test]
    fn root_prefix_climbs_one_level_per_folder() {
        assert_eq!(root_from("index.html"), "");
        assert_eq!(root_from("school/s1/index.html"), "../../");
        assert_eq!(
            root_from("school/s1/plan/2022-2023/index.html"),
            "../../../../"
        );
    }
}
