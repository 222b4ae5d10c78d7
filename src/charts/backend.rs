//! A compact SVG drawing backend for plotters that writes CSS classes instead of colours and
//! font attributes, straight into the page's buffer: no post-processing pass, no font files.
//!
//! Colours are placeholders ([`Paint::placeholder`](super::palette::Paint::placeholder)) that
//! carry their class suffix: a fill becomes the class `f` + it, a stroke `s` + it, and the
//! stylesheet colours them ([`super::palette`]), dark theme included. Text has the
//! stylesheet's font and size; its anchor is a class (`m` centred, `e` right-aligned) and it
//! stands on the baseline it is given ([`super::layout`] decides where).

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::fmt::Write as _;

/// The class suffix a placeholder colour carries.
fn suffix(color: BackendColor) -> char {
    match char::from(color.rgb.0) {
        c if c.is_ascii_lowercase() => c,
        _ => 'a',
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
/// Consecutive shapes of one class (an axis and its ticks, the bars of a series) become one
/// `<path>`, and consecutive texts on one line with one class one `<text>` of `<tspan>`s.
pub struct CssSvg<'a> {
    out: &'a mut String,
    size: (u32, u32),
    pending: Option<Pending>,
}

/// Drawing not yet written, waiting for more of its kind.
enum Pending {
    /// A class (`sa`, `f1`…) and its path data.
    Path(String, String),
    /// A baseline, an optional class, the first x, how many spans, and the spans.
    Text(i32, Option<&'static str>, i32, usize, String),
}

impl<'a> CssSvg<'a> {
    pub fn new(out: &'a mut String, size: (u32, u32)) -> Self {
        CssSvg {
            out,
            size,
            pending: None,
        }
    }

    /// Writes what is pending.
    fn flush(&mut self) {
        match self.pending.take() {
            Some(Pending::Path(class, d)) => {
                let _ = write!(self.out, "<path d=\"{d}\" class=\"{class}\"/>");
            }
            Some(Pending::Text(y, class, x, count, spans)) => {
                let class = class.map_or_else(String::new, |c| format!(" class=\"{c}\""));
                if count == 1 {
                    // One text alone needs no span: its content is the span's content.
                    let inner = spans
                        .split_once('>')
                        .map_or("", |(_, r)| r.strip_suffix("</tspan>").unwrap_or(r));
                    let _ = write!(self.out, "<text x=\"{x}\" y=\"{y}\"{class}>{inner}</text>");
                } else {
                    let _ = write!(self.out, "<text y=\"{y}\"{class}>{spans}</text>");
                }
            }
            None => {}
        }
    }

    /// The path data of the pending path of `class`, starting one if needed.
    fn path(&mut self, class: String) -> &mut String {
        if !matches!(&self.pending, Some(Pending::Path(c, _)) if *c == class) {
            self.flush();
            self.pending = Some(Pending::Path(class, String::new()));
        }
        match &mut self.pending {
            Some(Pending::Path(_, d)) => d,
            _ => unreachable!("a path is pending"),
        }
    }
}

/// Appends path data through `points`: `M` first, then `H`/`V` for axis-parallel steps and `L`
/// otherwise, repeated points left out.
fn path_data(d: &mut String, points: impl IntoIterator<Item = BackendCoord>) {
    let mut last: Option<BackendCoord> = None;
    for (x, y) in points {
        let _ = match last {
            None => write!(d, "M{x} {y}"),
            Some(p) if p == (x, y) => Ok(()),
            Some((_, py)) if py == y => write!(d, "H{x}"),
            Some((px, _)) if px == x => write!(d, "V{y}"),
            Some(_) => write!(d, "L{x} {y}"),
        };
        last = Some((x, y));
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
        self.flush();
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Result {
        let d = self.path(format!("f{}", suffix(color)));
        let _ = write!(d, "M{x} {y}h1v1h-1Z");
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
        let class = format!("{}{}", if fill { 'f' } else { 's' }, suffix(style.color()));
        let d = self.path(class);
        let _ = write!(d, "M{x0} {y0}h{w}v{h}h{}Z", -w);
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        let d = self.path(format!("s{}", suffix(style.color())));
        path_data(d, path);
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        r: u32,
        style: &S,
        fill: bool,
    ) -> Result {
        self.flush();
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
        let d = self.path(format!("f{}", suffix(style.color())));
        path_data(d, vert);
        d.push('Z');
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        (x, y): BackendCoord,
    ) -> Result {
        // Charts give baselines (`VPos::Bottom`); the others are approximated.
        use super::layout::{ASCENT, DESCENT};
        let y = match style.anchor().v_pos {
            VPos::Bottom => y,
            VPos::Top => y + ASCENT as i32,
            VPos::Center => y + ((ASCENT - DESCENT) / 2.0) as i32,
        };
        let class = match style.anchor().h_pos {
            HPos::Left => None,
            HPos::Center => Some("m"),
            HPos::Right => Some("e"),
        };
        if !matches!(&self.pending, Some(Pending::Text(py, pc, ..)) if *py == y && *pc == class) {
            self.flush();
            self.pending = Some(Pending::Text(y, class, x, 0, String::new()));
        }
        if let Some(Pending::Text(_, _, _, count, spans)) = &mut self.pending {
            *count += 1;
            let _ = write!(spans, "<tspan x=\"{x}\">");
            crate::format::escape_into(spans, text);
            spans.push_str("</tspan>");
        }
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Never>> {
        let _ = style;
        Ok((
            super::layout::text_width(text).ceil() as u32,
            super::layout::LINE as u32,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::path_data;

    #[test]
    fn path_data_uses_the_shortest_commands() {
        let mut d = String::new();
        path_data(&mut d, [(0, 10), (0, 10), (5, 10), (5, 2), (9, 2), (12, 7)]);
        assert_eq!(d, "M0 10H5V2H9L12 7");
    }
}
