//! `oko build --org ID`: one school's or municipality's pages as a self-contained folder for its
//! own website. Links to pages outside the folder become absolute links to the portal when its
//! `base_url` is known; otherwise a menu item or crumb that is only such a link is left out and a
//! link in a sentence leaves its words, so nothing in the folder points nowhere. The folder's own `index.html` only forwards to the
//! report, so a link to it («Главная») counts as outside: it leads to the portal, or is text.

use super::facts::Facts;
use super::verdict::Verdict;
use super::views::{Here, Link, OrgInfo, PlanSummary};
use super::{urls, PageKind, Renderer};
use crate::i18n::msg_in;
use crate::model::{Kind, OrgId};
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

/// Resolves a relative `link` found in the page at `page` to a path from the site root.
fn resolve(page: &str, link: &str) -> Option<String> {
    let path = link.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Rewrites every `href` of an HTML page that leads outside the subsite: to an absolute link
/// under `base_url`, or, without one, away (the link's text stays as plain text).
fn confine_page(
    page: &str,
    html: &str,
    inside: &dyn Fn(&str) -> bool,
    base_url: Option<&str>,
) -> String {
    const HREF: &str = " href=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(HREF) {
        let start = i + HREF.len();
        let end = rest[start..].find('"').map_or(rest.len(), |e| start + e);
        let link = &rest[start..end];
        let local = !(link.contains(':') || link.starts_with('#') || link.starts_with('/'));
        let outside = resolve(page, link).filter(|t| local && !inside(t));
        match (outside, base_url) {
            (None, _) => {
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            (Some(target), Some(base)) => {
                out.push_str(&rest[..start]);
                out.push_str(&format!("{}/{target}", base.trim_end_matches('/')));
                rest = &rest[end..];
            }
            (Some(_), None) => {
                // An <a> becomes a <span> with the same text; any other element loses the
                // attribute.
                let tag = rest[..i]
                    .rfind('<')
                    .filter(|&t| rest[t..].starts_with("<a "));
                let close = tag.and_then(|_| {
                    let open_end = end + rest[end..].find('>')? + 1;
                    let close = open_end + rest[open_end..].find("</a>")?;
                    Some((open_end, close))
                });
                match (tag, close) {
                    (Some(t), Some((open_end, close))) => {
                        let after = &rest[close + "</a>".len()..];
                        let item = rest[..t]
                            .rfind("<li")
                            .filter(|&li| {
                                rest[li..t].ends_with('>') && !rest[li + 1..t].contains('<')
                            })
                            .map(|li| &rest[..li]);
                        match (item, after.strip_prefix("</li>")) {
                            // A list item that is only the link (the menu, the crumbs) goes.
                            (Some(before), Some(after)) => {
                                out.push_str(before.strip_suffix('\n').unwrap_or(before));
                                rest = after;
                            }
                            // A link in a sentence leaves its words.
                            _ => {
                                out.push_str(&rest[..t]);
                                out.push_str(&rest[open_end..close]);
                                rest = after;
                            }
                        }
                    }
                    _ => {
                        out.push_str(&rest[..i]);
                        rest = rest.get(end + 1..).unwrap_or("");
                    }
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// Confines every page of `site` to its own files.
pub fn confine(site: Output, base_url: Option<&str>) -> Output {
    let files: std::collections::BTreeSet<String> = site.paths().map(str::to_owned).collect();
    // The root index.html only forwards to the report: «Главная» would loop back to the page.
    let inside = |target: &str| target != "index.html" && files.contains(target);
    let mut out = Output::default();
    for (path, kind, bytes) in site.into_files() {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).expect("rendered pages are UTF-8");
            out.add(
                &path,
                kind,
                confine_page(&path, &html, &inside, base_url).into_bytes(),
            );
        } else {
            out.add(&path, kind, bytes);
        }
    }
    out
}

/// Tells the embedding page how tall the report is, whenever that changes, so that the iframe
/// can fit it (README «From oko new to a published site» has the embedding page's half).
const EMBED_HEIGHT: &str = "<script>(function(){function send(){parent.postMessage({oko:\"height\",height:document.documentElement.scrollHeight},\"*\");}addEventListener(\"load\",send);if(window.ResizeObserver){new ResizeObserver(send).observe(document.body);}})();</script>";

/// Turns a rendered card into the page a browser opens in an iframe: without the site's header,
/// crumbs and footer, with links opening in the embedding page's window and its height posted to
/// the embedding page.
pub fn embed(card: &str) -> String {
    card.replacen("<head>", "<head>\n<base target=\"_top\">", 1)
        .replacen("<body>", "<body class=\"embed\">", 1)
        .replacen("</body>", &format!("{EMBED_HEIGHT}\n</body>"), 1)
}

/// A subsite's own `index.html`, which forwards to its report.
pub(super) struct Redirect;

impl PageKind for Redirect {
    fn template(&self) -> (&'static str, &'static str) {
        template!("redirect.html")
    }

    fn in_sitemap(&self) -> bool {
        false
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        let super::Pages::Subsite(root) = scope.pages else {
            return Ok(());
        };
        let org = r.facts.project.orgs.get(root);
        let report = Link {
            name: org.name.clone(),
            url: urls::org(org),
        };
        r.page(self, "index.html", &org.name, Vec::new(), &report, out)
    }
}

/// What a card for a school's website says: the organization's verdict of its newest year in
/// one line, its signs with the works that raised them, its plans, and a link to the full report.
#[derive(Serialize)]
struct CardView {
    org: OrgInfo,
    /// `flagged`, `clean` or `not_evaluated`, as the verdict's.
    state: &'static str,
    headline: String,
    signs: Vec<String>,
    plans: Vec<PlanSummary>,
    no_plan: Option<String>,
}

/// At most this many works are named after a sign on the card; the rest are counted.
const CARD_WORKS: usize = 2;

impl CardView {
    fn of(f: &Facts, here: &Here, id: OrgId) -> CardView {
        let project = f.project;
        let lang = project.lang();
        let org = project.orgs.get(id);
        let plans = f.plans_of(here, id);
        if org.kind != Kind::School {
            let row = super::area::indices(f, id).pop();
            return CardView {
                org: OrgInfo::new(org, lang),
                state: match &row {
                    Some(r) if r.flagged > 0 => "flagged",
                    Some(_) => "clean",
                    None => "not_evaluated",
                },
                headline: row.map_or_else(
                    || msg_in!(lang, "ui.card_no_index"),
                    |r| {
                        msg_in!(
                            lang,
                            "ui.card_index",
                            year = r.year,
                            index = r.index,
                            evaluated = r.evaluated,
                            flagged = r.flagged
                        )
                    },
                ),
                signs: Vec::new(),
                plans,
                no_plan: None,
            };
        }
        let Some(year) = f.newest_year(id) else {
            return CardView {
                org: OrgInfo::new(org, lang),
                state: "not_evaluated",
                headline: msg_in!(lang, "ui.no_results_yet"),
                signs: Vec::new(),
                plans,
                no_plan: None,
            };
        };
        let v = Verdict::of(f, here, id, year);
        let signs = v
            .signs
            .iter()
            .map(|s| {
                let mut works: Vec<&str> = s.works.iter().map(|w| w.work.as_str()).collect();
                let more = works.len().saturating_sub(CARD_WORKS);
                works.truncate(CARD_WORKS);
                let mut line = format!("{}: {}", s.label, works.join("; "));
                if more > 0 {
                    line.push_str(&msg_in!(lang, "ui.card_more_works", n = more));
                }
                line
            })
            .collect();
        CardView {
            org: OrgInfo::new(org, lang),
            state: v.state,
            headline: v.headline,
            signs,
            no_plan: match (plans.is_empty(), v.state) {
                (false, _) => None,
                (true, "flagged") => v.no_plan.or_else(|| Some(msg_in!(lang, "ui.no_plan"))),
                (true, "clean") => Some(msg_in!(lang, "ui.no_plan_needed")),
                (true, _) => None,
            },
            plans,
        }
    }
}

/// A subsite's card for an iframe on the organization's own website (600 × 400 px): its verdict,
/// signs and plans, and a link to its full report.
pub(super) struct Embed;

impl PageKind for Embed {
    fn template(&self) -> (&'static str, &'static str) {
        template!("embed.html")
    }

    fn in_sitemap(&self) -> bool {
        false
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        let super::Pages::Subsite(root) = scope.pages else {
            return Ok(());
        };
        let f = &r.facts;
        let org = f.project.orgs.get(root);
        let path = urls::org(org).replace("index.html", "embed.html");
        let view = CardView::of(f, &Here::new(&path), root);
        let mut card = Output::default();
        r.page(self, &path, &org.name, Vec::new(), &view, &mut card)?;
        for (path, kind, html) in card.into_files() {
            out.add(
                &path,
                kind,
                embed(&String::from_utf8_lossy(&html)).into_bytes(),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_opens_links_in_the_embedding_page_and_posts_its_height() {
        let page = embed("<html><head></head><body><main>Отчёт</main></body></html>");
        assert!(page.contains("<base target=\"_top\">"));
        assert!(page.contains("<body class=\"embed\"><main>"));
        assert!(
            page.contains("parent.postMessage({oko:\"height\"")
                && page.ends_with("</script>\n</body></html>")
        );
    }

    #[test]
    fn resolves_relative_links() {
        assert_eq!(
            resolve("school/s1/index.html", "../../region/r/index.html#x").as_deref(),
            Some("region/r/index.html")
        );
        assert_eq!(
            resolve("index.html", "school/s1/index.html").as_deref(),
            Some("school/s1/index.html")
        );
        assert_eq!(resolve("index.html", "../x.html"), None);
    }

    #[test]
    fn links_outside_become_absolute_or_plain_text() {
        let html = r#"<a href="../../region/r/index.html">Регион</a> <a href="plan/p/index.html">План</a> <a href="https://x.ru">x</a>"#;
        let inside = |t: &str| t == "school/s1/plan/p/index.html";
        let page = "school/s1/index.html";
        assert_eq!(
            confine_page(page, html, &inside, Some("https://portal.ru/")),
            r#"<a href="https://portal.ru/region/r/index.html">Регион</a> <a href="plan/p/index.html">План</a> <a href="https://x.ru">x</a>"#
        );
        assert_eq!(
            confine_page(page, html, &inside, None),
            r#"Регион <a href="plan/p/index.html">План</a> <a href="https://x.ru">x</a>"#
        );
        // A menu item or crumb that is only a link outside goes with its link.
        let menu = "<ul>\n<li><a href=\"../../index.html\">Главная</a></li>\n<li><a href=\"plan/p/index.html\">План</a></li>\n</ul>";
        assert_eq!(
            confine_page(page, menu, &inside, None),
            "<ul>\n<li><a href=\"plan/p/index.html\">План</a></li>\n</ul>"
        );
    }
}
