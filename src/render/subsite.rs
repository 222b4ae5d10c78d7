//! `oko build --org ID`: one school's or municipality's pages as a self-contained folder for its
//! own website. Links to pages outside the folder become absolute links to the portal when its
//! `base_url` is known, and plain text otherwise (a `<span>`, not a link without an address), so
//! nothing in the folder points nowhere. The folder's own `index.html` only forwards to the
//! report, so a link to it («Главная») counts as outside: it leads to the portal, or is text.

use super::views::Link;
use super::{urls, PageKind, Renderer};
use crate::site::{FileKind, Output};
use anyhow::Result;

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
                        out.push_str(&rest[..t]);
                        out.push_str("<span class=\"offsite\">");
                        out.push_str(&rest[open_end..close]);
                        out.push_str("</span>");
                        rest = &rest[close + "</a>".len()..];
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

/// The page a browser opens in an iframe: the report without the site's header, crumbs and
/// footer, with links opening in the embedding page's window, a link to the full report, and
/// its height posted to the embedding page.
pub fn embed(report: &str, open_full: &str) -> String {
    let open = format!(
        "<body class=\"embed\">\n<p class=\"embed-open\"><a href=\"index.html\">{open_full}</a></p>"
    );
    report
        .replacen("<head>", "<head>\n<base target=\"_top\">", 1)
        .replacen("<body>", &open, 1)
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

/// A subsite's report for an iframe: its report without the portal's header, made from the
/// report's page.
pub(super) struct Embed;

impl PageKind for Embed {
    fn template(&self) -> (&'static str, &'static str) {
        ("", "")
    }

    fn in_sitemap(&self) -> bool {
        false
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        let super::Pages::Subsite(root) = scope.pages else {
            return Ok(());
        };
        let mut report = Output::default();
        r.org_page(root, &mut report)?;
        let (path, _, html) = report
            .into_files()
            .next()
            .expect("an organization page is one file");
        let open = crate::i18n::msg_in!(r.facts.project.lang(), "ui.open_full");
        let embedded = embed(&String::from_utf8_lossy(&html), &open);
        out.add(
            &path.replace("index.html", "embed.html"),
            FileKind::Page { listed: false },
            embedded.into_bytes(),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_links_to_the_full_report_and_posts_its_height() {
        let page = embed(
            "<html><head></head><body><main>Отчёт</main></body></html>",
            "Открыть отчёт полностью",
        );
        assert!(page.contains("<base target=\"_top\">"));
        assert!(page.contains("<a href=\"index.html\">Открыть отчёт полностью</a>"));
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
            r#"<span class="offsite">Регион</span> <a href="plan/p/index.html">План</a> <a href="https://x.ru">x</a>"#
        );
    }
}
