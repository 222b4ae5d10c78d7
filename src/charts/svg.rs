//! Turning plotters' SVG into accessible, CSS-coloured inline SVG.

use plotters::style::RGBColor;
use std::sync::Once;

/// Placeholder colours, each replaced by a CSS class in [`finish`].
pub const AXIS: RGBColor = RGBColor(4, 4, 4);
pub const RULE: RGBColor = RGBColor(5, 5, 5);
pub const HIGHLIGHT: RGBColor = RGBColor(6, 6, 6);

pub fn series(style: u8) -> RGBColor {
    match style {
        2 => RGBColor(2, 2, 2),
        3 => RGBColor(3, 3, 3),
        _ => RGBColor(1, 1, 1),
    }
}

/// (placeholder, class suffix)
const CLASSES: [(&str, &str); 6] = [
    ("#010101", "1"),
    ("#020202", "2"),
    ("#030303", "3"),
    ("#040404", "a"),
    ("#050505", "r"),
    ("#060606", "h"),
];

/// Registers the embedded font plotters measures text with (the browser draws it with its own).
pub fn ensure_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let font: &'static [u8] = include_bytes!("fonts/DejaVuSans.ttf");
        plotters::style::register_font("sans-serif", plotters::style::FontStyle::Normal, font)
            .unwrap_or_else(|_| panic!("the embedded font is a valid TrueType font"));
    });
}

/// Adds role, title and description, makes the chart scale with its container, and in one pass
/// swaps the placeholder colours for classes, drops `opacity="1"` and line breaks, and rounds font
/// sizes to whole pixels.
pub fn finish(raw: &str, id: &str, title: &str, desc: &str) -> String {
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        super::WIDTH,
        super::HEIGHT,
        esc(title),
        esc(desc)
    );
    out.reserve(raw.len());
    let mut rest = &raw[raw.find('>').map_or(0, |i| i + 1)..];
    while !rest.is_empty() {
        let step = if let Some(r) = rest.strip_prefix("opacity=\"1\" ") {
            rest = r;
            continue;
        } else if let Some(r) = rest.strip_prefix('\n') {
            rest = r.trim_start();
            continue;
        } else if let Some(r) = rest.strip_prefix("font-size=\"") {
            let end = r.find('"').unwrap_or(r.len());
            let size: f64 = r[..end].parse().unwrap_or(12.0);
            out.push_str(&format!("font-size=\"{}", size.round()));
            rest = &r[end..];
            continue;
        } else if let Some((class, r)) = placeholder(rest) {
            out.push_str(&class);
            rest = r;
            continue;
        } else {
            rest.chars().next().map_or(1, char::len_utf8)
        };
        out.push_str(&rest[..step]);
        rest = &rest[step..];
    }
    out
}

/// `fill="#010101"` → `class="f1"`, `stroke="#040404"` → `class="sa"`: the placeholder colour at
/// the start of `text`, if any, as a class attribute, and the text after it.
fn placeholder(text: &str) -> Option<(String, &str)> {
    let (prefix, r) = match text.as_bytes().first()? {
        b'f' => ("f", text.strip_prefix("fill=\"")?),
        b's' => ("s", text.strip_prefix("stroke=\"")?),
        _ => return None,
    };
    let (hex, class) = CLASSES
        .iter()
        .find(|(hex, _)| r.starts_with(hex) && r[hex.len()..].starts_with('"'))?;
    Some((format!("class=\"{prefix}{class}\""), &r[hex.len() + 1..]))
}
