//! A link checker over a built site: every relative `href` and `src` must name a file of it.

use std::path::Path;

/// The values of `href="…"` and `src="…"` attributes in an HTML text, entities decoded.
pub fn links_in(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let start = i + attr.len();
            let end = rest[start..].find('"').map_or(rest.len(), |e| start + e);
            out.push(
                rest[start..end]
                    .replace("&amp;", "&")
                    .replace("&#x2F;", "/"),
            );
            rest = &rest[end..];
        }
    }
    out
}

/// Broken internal links of the site at `site`, as "page -> link".
pub fn broken_links(site: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    for page in super::files_below(site)
        .iter()
        .filter(|p| p.ends_with(".html"))
    {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for link in links_in(&html) {
            let external = ["http://", "https://", "mailto:", "#"]
                .iter()
                .any(|p| link.starts_with(p));
            if external {
                continue;
            }
            if link.starts_with('/') || link.contains("://") {
                broken.push(format!("{page} -> {link} (not relative)"));
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap_or("");
            let mut target = site.join(dir).join(path);
            if path.ends_with('/') || path.is_empty() {
                target = target.join("index.html");
            }
            if !target.is_file() {
                broken.push(format!("{page} -> {link}"));
            }
        }
    }
    broken
}

#[test]
fn finds_links_in_attributes() {
    let html = r#"<a href="../a/index.html#x">a</a><img src="b.svg"><a href="https://x.ru">"#;
    assert_eq!(
        links_in(html),
        ["../a/index.html#x", "https://x.ru", "b.svg"]
    );
}
