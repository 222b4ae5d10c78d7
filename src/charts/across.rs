//! Bars across, for names (municipalities, schools, works): each name on its own line above
//! its bar, the value at the bar's end. Parts of a whole (the confirmation of marks) make one
//! bar of 100 % per name, split into its parts with a gap between them (so that each part
//! stands against the page, not only against its neighbour), each part's value under it, the
//! values spread apart where parts are narrow, with a leader to a part its value had to leave.

use super::layout::{spread, text_width, Anchor, Label, LINE};
use super::palette::Paint;
use super::{fill, line, text, Bars, MARGIN, WIDTH};

/// A bar's thickness.
const BAR: f64 = 14.0;
/// Room at a bar's end for its value.
const VALUE_ROOM: f64 = 52.0;
/// The gap between the parts of a bar.
const GAP: f64 = 2.0;

/// A filled box: its paint and corners.
type Shape = (Paint, (i32, i32), (i32, i32));

/// `name` as it fits in `room` units: whole, or cut with «…».
fn shorten(name: &str, room: f64) -> String {
    if text_width(name) <= room {
        return name.to_owned();
    }
    let (mut cut, mut width) = (String::new(), text_width("…"));
    for c in name.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]));
        if width + w > room {
            break;
        }
        cut.push(c);
        width += w;
    }
    format!("{}…", cut.trim_end())
}

impl Bars {
    /// Bars across, for names.
    pub(super) fn draw_across(&self, svg: &mut String) {
        let (legend, title, header) = self.header();
        let room = WIDTH - 2.0 * MARGIN;
        let span = room - if self.stacked { 0.0 } else { VALUE_ROOM };
        let max = if self.y_max.is_finite() && self.y_max > 0.0 {
            self.y_max
        } else {
            1.0
        };
        let x_of = |v: f64| MARGIN + (span * (v / max).clamp(0.0, 1.0)).round();
        let (mut labels, mut shapes, mut leaders) = (Vec::new(), Vec::new(), Vec::new());
        let first = header + 4.0;
        let mut y = first;
        for (i, name) in self.categories.iter().enumerate() {
            labels.push(Label::top(shorten(name, room), MARGIN, y, Anchor::Start));
            let bar_y = y + LINE + 2.0;
            if self.stacked {
                y = self.parts(i, bar_y, &mut labels, &mut shapes, &mut leaders);
                continue;
            }
            let mut at = bar_y;
            for s in &self.series {
                if let Some(v) = s.values.get(i).copied().flatten() {
                    // A zero is its value alone: no sliver in the series' colour.
                    let end = if v > 0.0 {
                        x_of(v).max(MARGIN + 1.0)
                    } else {
                        MARGIN
                    };
                    let (top, bottom) = (at as i32, (at + BAR - 2.0) as i32);
                    shapes.push((
                        Paint::Data(s.meaning),
                        (MARGIN as i32, top),
                        (end as i32, bottom),
                    ));
                    if self.labels {
                        labels.push(Label::beside(
                            self.value(v),
                            end + 4.0,
                            at + (BAR - 2.0) / 2.0,
                            Anchor::Start,
                        ));
                    }
                }
                at += LINE;
            }
            y = at + 6.0;
        }
        let height = (y + 2.0).max(60.0).ceil();
        let root = self.begin(svg, height, &legend, &title);
        line(
            &root,
            Paint::Axis,
            vec![
                (MARGIN as i32, (first + LINE) as i32),
                (MARGIN as i32, (y - 6.0) as i32),
            ],
        );
        for l in leaders {
            line(&root, Paint::Axis, l);
        }
        // One path per colour.
        shapes.sort_by_key(|s| s.0.class());
        for (paint, a, b) in shapes {
            fill(&root, paint, a, b);
        }
        for l in &labels {
            text(&root, l, 0.0);
        }
        root.present().expect("drawing into a string cannot fail");
    }

    /// The parts of category `i`'s bar of 100 % at `bar_y`, with their values under it.
    /// Returns where the next category starts.
    fn parts(
        &self,
        i: usize,
        bar_y: f64,
        labels: &mut Vec<Label>,
        shapes: &mut Vec<Shape>,
        leaders: &mut Vec<Vec<(i32, i32)>>,
    ) -> f64 {
        let parts: Vec<(Paint, f64)> = self
            .series
            .iter()
            .filter_map(|s| {
                let v = s.values.get(i).copied().flatten()?;
                Some((Paint::Data(s.meaning), v.max(0.0)))
            })
            .collect();
        let total: f64 = parts.iter().map(|p| p.1).sum();
        let row = bar_y + BAR + 8.0;
        if total <= 0.0 {
            return row + 6.0;
        }
        let shown = parts.iter().filter(|p| p.1 > 0.0).count();
        let room = WIDTH - 2.0 * MARGIN - GAP * shown.saturating_sub(1) as f64;
        let mut x = MARGIN;
        // Each part's span across, then its value's wish and width.
        let mut spans = Vec::new();
        for &(paint, v) in &parts {
            let w = room * v / total;
            let (x0, x1) = (x.round(), (x + w).round());
            if v > 0.0 {
                shapes.push((
                    paint,
                    (x0 as i32, bar_y as i32),
                    (x1 as i32, (bar_y + BAR) as i32),
                ));
                x += w + GAP;
            }
            spans.push((x0, x1));
        }
        let texts: Vec<String> = parts.iter().map(|p| self.value(p.1)).collect();
        let items: Vec<(f64, f64)> = spans
            .iter()
            .zip(&texts)
            .map(|(&(x0, x1), t)| ((x0 + x1) / 2.0, text_width(t)))
            .collect();
        let centres = spread(&items, MARGIN, WIDTH - MARGIN, 8.0);
        let mut bottom = row + LINE;
        for (k, ((&(x0, x1), t), want)) in spans.iter().zip(texts).zip(&items).enumerate() {
            // When the values do not fit in one row, each takes a row of its own.
            let (centre, top) = match &centres {
                Some(c) => (c[k], row),
                None => (want.0, row + k as f64 * LINE),
            };
            let label = Label::top(t, centre, top, Anchor::Middle).clamped(0.0, WIDTH);
            if (label.x - want.0).abs() > (x1 - x0) / 2.0 {
                leaders.push(vec![
                    (want.0 as i32, (bar_y + BAR + 1.0) as i32),
                    (label.x as i32, (top - 1.0) as i32),
                ]);
            }
            bottom = bottom.max(top + LINE);
            labels.push(label);
        }
        bottom + 6.0
    }
}
