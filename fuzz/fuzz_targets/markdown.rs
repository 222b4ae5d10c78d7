//! Fuzzes Markdown rendering and sanitising: no panic, and no tag that could run script survives
//! (text is escaped, so every `<…>` in the output is a real tag).
#![no_main]

use libfuzzer_sys::fuzz_target;

fn check(html: &str) {
    for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("").to_ascii_lowercase()) {
        let name = tag.split([' ', '/', '\n', '\t']).next().unwrap_or("");
        assert!(!["script", "iframe", "object", "embed", "style", "svg", "math", "form"].contains(&name), "<{tag}> survived");
        for attr in tag.split_whitespace().skip(1) {
            assert!(!attr.starts_with("on"), "event handler survived in <{tag}>");
            if let Some(value) = attr.strip_prefix("href=").or_else(|| attr.strip_prefix("src=")) {
                let v = value.trim_matches('"');
                // A scheme is ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") before the first ':'
                // (RFC 3986); anything else is a relative reference.
                let scheme = v.split(':').next().unwrap_or("");
                let has_scheme = v.contains(':')
                    && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                    && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
                assert!(!has_scheme || ["http", "https", "mailto"].contains(&scheme), "unsafe link in <{tag}>");
            }
        }
    }
}

fuzz_target!(|text: &str| {
    check(&oko::render::markdown::to_html(text));
    check(&oko::render::markdown::to_inline_html(text));
});
