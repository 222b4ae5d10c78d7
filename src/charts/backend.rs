//! A compact SVG drawing backend for plotters that writes CSS classes instead of colours and
//! font attributes, straight into the page's buffer: no post-processing pass, no font files.
//!
//! Colours are placeholders (see [`series`], [`AXIS`], [`RULE`], [`HIGHLIGHT`]) that become the
//! classes `f1`…`fh` (fill) and `sa`, `sr` (stroke); the stylesheet colours them, dark theme
//! included. Text has the stylesheet's font and size; its anchor is a class (`m` centred, `e`
//! right-aligned) and its vertical position is computed here. Text width is estimated, not
//! measured: the browser draws with its own font anyway.

use plotters::style::RGBColor;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::fmt::Write as _;

/// Placeholder colours, each written as a CSS class.
pub const AXIS: RGBColor = RGBColor(4, 4, 4);
pub const RULE: RGBColor = RGBColor(5, 5, 5);
pub const HIGHLIGHT: RGBColor = RGBColor(6, 6, 6);

/// The placeholder colour of series style 1..=3.
pub fn series(style: u8) -> RGBColor {
    match style {
        2 => RGBColor(2, 2, 2),
        3 => RGBColor(3, 3, 3),
        _ => RGBColor(1, 1, 1),
    }
}

/// The class suffix of a placeholder colour.
fn suffix(color: BackendColor) -> char {
    match color.rgb.0 {
        2 => '2',
        3 => '3',
        4 => 'a',
        5 => 'r',
        6 => 'h',
        _ => '1',
    }
}

/// Writing into a `String` cannot fail; this error never occurs.
#[derive(Debug)]
pub struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("writing SVG into memory cannot fail")
    }
}

impl std::error::Error for Never {}

/// Draws into `out` (the `<svg>` element's children; the caller writes the element).
pub struct CssSvg<'a> {
    out: &'a mut String,
    size: (u32, u32),
}

impl<'a> CssSvg<'a> {
    pub fn new(out: &'a mut String, size: (u32, u32)) -> Self {
        CssSvg { out, size }
    }

    /// Writes `points="x,y x,y …"`.
    fn points(&mut self, points: impl IntoIterator<Item = BackendCoord>) {
        self.out.push_str(" points=\"");
        for (i, (x, y)) in points.into_iter().enumerate() {
            if i > 0 {
                self.out.push(' ');
            }
            let _ = write!(self.out, "{x},{y}");
        }
        self.out.push('"');
    }
}

type Result = std::result::Result<(), DrawingErrorKind<Never>>;

impl DrawingBackend for CssSvg<'_> {
    type ErrorType = Never;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Result {
        let _ = write!(
            self.out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"1\" height=\"1\" class=\"f{}\"/>",
            suffix(color)
        );
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result {
        let (w, h) = (x1 - x0, y1 - y0);
        let class = if fill { 'f' } else { 's' };
        let _ = write!(
            self.out,
            "<rect x=\"{x0}\" y=\"{y0}\" width=\"{w}\" height=\"{h}\" class=\"{class}{}\"/>",
            suffix(style.color())
        );
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        self.out.push_str("<polyline");
        self.points(path);
        let _ = write!(self.out, " class=\"s{}\"/>", suffix(style.color()));
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        r: u32,
        style: &S,
        fill: bool,
    ) -> Result {
        let class = if fill { 'f' } else { 's' };
        let _ = write!(
            self.out,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" class=\"{class}{}\"/>",
            suffix(style.color())
        );
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result {
        self.out.push_str("<polygon");
        self.points(vert);
        let _ = write!(self.out, " class=\"f{}\"/>", suffix(style.color()));
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        (x, y): BackendCoord,
    ) -> Result {
        // plotters' sizes are in its units; the stylesheet sets the pixels (`v`: value labels).
        let size = style.size() / 1.24;
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.76 * size,
            VPos::Center => 0.27 * size,
            VPos::Bottom => -0.27 * size,
        };
        let y = (y as f64 + dy).round() as i32;
        let class = match (size < 11.8, style.anchor().h_pos) {
            (false, HPos::Left) => None,
            (false, HPos::Center) => Some("m"),
            (false, HPos::Right) => Some("e"),
            (true, HPos::Left) => Some("v"),
            (true, HPos::Center) => Some("v m"),
            (true, HPos::Right) => Some("v e"),
        };
        let _ = write!(self.out, "<text x=\"{x}\" y=\"{y}\"");
        if let Some(class) = class {
            let _ = write!(self.out, " class=\"{class}\"");
        }
        self.out.push('>');
        escape_into(self.out, text);
        self.out.push_str("</text>");
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Never>> {
        let size = style.size() / 1.24;
        Ok((
            (text.chars().count() as f64 * size * 0.56).ceil() as u32,
            size.ceil() as u32,
        ))
    }
}

/// Appends `text` escaped for XML content and attributes.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}
