//! Where each page lives. Every address is a folder with an `index.html`, and every link is
//! written relative to the page that holds it, so the site works from `file://`, from any
//! `base_url`, and under `/<repo>/` on GitHub Pages.

use crate::model::{Org, Plan};

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
    fn root_prefix_climbs_one_level_per_folder() {
        assert_eq!(root_from("index.html"), "");
        assert_eq!(root_from("school/s1/index.html"), "../../");
        assert_eq!(
            root_from("school/s1/plan/2022-2023/index.html"),
            "../../../../"
        );
    }
}
