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

/// Adds role, title and description, makes the chart scale with its container, and swaps the
/// placeholder colours for classes.
pub fn finish(raw: &str, id: &str, title: &str, desc: &str) -> String {
    let mut svg = raw.to_owned();
    for (hex, class) in CLASSES {
        svg = svg
            .replace(&format!("fill=\"{hex}\""), &format!("class=\"f{class}\""))
            .replace(&format!("stroke=\"{hex}\""), &format!("class=\"s{class}\""));
    }
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let open_end = svg.find('>').unwrap_or(0);
    let head = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        super::WIDTH,
        super::HEIGHT,
        esc(title),
        esc(desc)
    );
    let body = svg[open_end + 1..].replace("opacity=\"1\" ", "");
    let body = body.lines().map(str::trim).collect::<Vec<_>>().join("");
    format!("{head}{}", round_font_sizes(&body))
}

/// plotters writes font sizes like `9.67741935483871`; whole pixels are enough.
fn round_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        out.push_str(&rest[..i + KEY.len()]);
        rest = &rest[i + KEY.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        let size: f64 = rest[..end].parse().unwrap_or(12.0);
        out.push_str(&format!("{}", size.round()));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
