//! `oko build --org ID`: one school's or municipality's pages as a self-contained folder for its
//! own website. Links to pages outside the folder become absolute links to the portal when its
//! `base_url` is known, and plain text otherwise, so nothing in the folder points nowhere.

use crate::site::Output;

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
                out.push_str(&rest[..i]);
                rest = rest.get(end + 1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// Confines every page of `site` to its own files.
pub fn confine(site: Output, base_url: Option<&str>) -> Output {
    let files: std::collections::BTreeSet<String> = site.paths().map(str::to_owned).collect();
    let inside = |target: &str| files.contains(target);
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

/// The page a browser opens in an iframe: the report without the site's header, crumbs and
/// footer, with links opening in the embedding page's window.
pub fn embed(report: &str) -> String {
    report
        .replacen("<head>", "<head>\n<base target=\"_top\">", 1)
        .replacen("<body>", "<body class=\"embed\">", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            r#"<a>Регион</a> <a href="plan/p/index.html">План</a> <a href="https://x.ru">x</a>"#
        );
    }
}
