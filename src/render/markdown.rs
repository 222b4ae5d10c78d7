//! Markdown from plans and pages to HTML that cannot run script in a reader's browser.
//!
//! pulldown-cmark renders; ammonia then keeps only harmless tags and attributes and links whose
//! scheme is http, https, mailto or none (relative). Bidi control characters, which can make text
//! read differently from how it is stored, are removed first.

use ammonia::Builder;
use pulldown_cmark::{html, Options, Parser};
use std::collections::HashSet;
use std::sync::OnceLock;

fn cleaner() -> &'static Builder<'static> {
    static CLEANER: OnceLock<Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = Builder::default();
        b.url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer"));
        b
    })
}

/// Renders Markdown to sanitised HTML. Text nested deeper than the loader allows (it reports
/// such text as an error first) is shown as escaped plain text, so no input is ever slow.
pub fn to_html(markdown: &str) -> String {
    use crate::load::text::{markdown_too_deep, MAX_MARKDOWN_DEPTH};
    if markdown_too_deep(markdown, MAX_MARKDOWN_DEPTH).is_some() {
        return format!("<pre>{}</pre>\n", crate::format::escape(markdown));
    }
    let text: String = markdown
        .chars()
        .filter(|&c| !crate::load::text::is_bidi_control(c))
        .collect();
    let parser = Parser::new_ext(
        &text,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut raw = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    cleaner().clean(&raw).to_string()
}

/// Renders a short Markdown text that should not become a paragraph (a table cell, a title).
pub fn to_inline_html(markdown: &str) -> String {
    let html = to_html(markdown);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => trimmed.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown() {
        assert_eq!(to_html("**важно**"), "<p><strong>важно</strong></p>\n");
        assert_eq!(to_inline_html("a *b*"), "a <em>b</em>");
    }

    #[test]
    fn removes_script_and_dangerous_links() {
        let html = to_html(
            "<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](data:text/html,x)\n\n<iframe src=x></iframe><svg onload=alert(1)>",
        );
        assert!(html.contains(">a</a>"), "{html}");
        for bad in [
            "<script",
            "onerror",
            "href=\"javascript",
            "href=\"JaVaScRiPt",
            "href=\"data",
            "<iframe",
            "<svg",
            "onload",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn keeps_safe_links_and_strips_bidi_controls() {
        let html = to_html("[отчёт](https://school.ru/a.pdf) [b](docs/b.pdf) x\u{202E}y");
        assert!(html.contains("href=\"https://school.ru/a.pdf\""));
        assert!(html.contains("href=\"docs/b.pdf\""));
        assert!(html.contains("xy"));
    }
}
