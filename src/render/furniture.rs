//! The site's furniture: the search page with its offline index, 404.html, sitemap.xml and
//! robots.txt.
//!
//! Search runs in the reader's browser over a small index written as a script
//! (`assets/search-index.js`), so it works offline and from `file://`, where fetching a JSON
//! file is not allowed.

use super::facts::Facts;
use super::{urls, PageKind, Renderer};
use crate::i18n::msg_in;
use crate::site::{FileKind, Output};
use anyhow::Result;
use serde::Serialize;

const SEARCH_JS: &str = include_str!("assets/search.js");

/// One organization in the search index (short keys keep the index small).
#[derive(Serialize)]
struct Entry<'a> {
    /// Name.
    n: &'a str,
    /// Short name, id, parent's name: the other texts a query may match.
    a: String,
    /// Kind, in the site's language.
    k: String,
    /// Address from the site root.
    u: String,
}

#[derive(Serialize)]
struct Empty {}

/// The search index and its scripts.
fn search_assets(f: &Facts, out: &mut Output) -> Result<()> {
    let orgs = &f.project.orgs;
    let lang = f.project.lang();
    let entries: Vec<Entry> = orgs
        .ids()
        .map(|id| {
            let org = orgs.get(id);
            let parent = org.parent.map_or("", |p| orgs.get(p).display_name());
            Entry {
                n: &org.name,
                a: format!(
                    "{} {} {parent}",
                    org.short_name.as_deref().unwrap_or(""),
                    org.id
                ),
                k: org.kind.word(lang),
                u: urls::org(org),
            }
        })
        .collect();
    let json = serde_json::to_string(&entries)?;
    out.add(
        "assets/search-index.js",
        FileKind::Asset,
        format!("window.OKO_SEARCH = {json};\n").into_bytes(),
    );
    out.add(
        "assets/search.js",
        FileKind::Asset,
        SEARCH_JS.as_bytes().to_vec(),
    );
    Ok(())
}

/// sitemap.xml of every page written before it, and robots.txt: for the whole site.
pub(super) fn sitemap_and_robots(f: &Facts, out: &mut Output) {
    out.add(
        "sitemap.xml",
        FileKind::Furniture,
        sitemap(f, out).into_bytes(),
    );
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &f.project.config.base_url {
        robots.push_str(&format!("Sitemap: {}sitemap.xml\n", with_slash(base)));
    }
    out.add("robots.txt", FileKind::Furniture, robots.into_bytes());
}

/// Every page of the site; absolute with `base_url`, else relative to the site root.
fn sitemap(f: &Facts, out: &Output) -> String {
    let base = f
        .project
        .config
        .base_url
        .as_deref()
        .map(with_slash)
        .unwrap_or_default();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, _) in out.manifest().filter(|(_, e)| e.kind.in_sitemap()) {
        let loc = match format!("{base}{}", path.trim_end_matches("index.html")) {
            empty if empty.is_empty() => "./".to_owned(),
            loc => loc,
        };
        xml.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            crate::format::escape(&loc)
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

fn with_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

/// The prefix of links on the 404 page, which may be served at any depth: the site's address
/// when known, else the root (correct when the page is opened at the top level).
pub fn not_found_root(base_url: Option<&str>) -> String {
    base_url.map(with_slash).unwrap_or_default()
}

/// The search page with its offline index: for the whole site.
pub(super) struct Search;

impl PageKind for Search {
    fn template(&self) -> (&'static str, &'static str) {
        template!("search.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        if !scope.is_site() {
            return Ok(());
        }
        let f = &r.facts;
        search_assets(f, out)?;
        let lang = f.project.lang();
        r.page(
            self,
            urls::SEARCH,
            &msg_in!(lang, "ui.search"),
            f.home_crumb(urls::SEARCH),
            &Empty {},
            out,
        )
    }
}

/// 404.html: for the whole site.
pub(super) struct NotFound;

impl PageKind for NotFound {
    fn template(&self) -> (&'static str, &'static str) {
        template!("404.html")
    }

    fn in_sitemap(&self) -> bool {
        false
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        if !scope.is_site() {
            return Ok(());
        }
        let lang = r.facts.project.lang();
        r.page(
            self,
            "404.html",
            &msg_in!(lang, "ui.not_found"),
            Vec::new(),
            &Empty {},
            out,
        )
    }
}
