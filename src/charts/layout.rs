//! Where chart text goes, so that no two texts of a chart overlap.
//!
//! Each text's box is estimated from its characters (a little wider than the common sans-serif
//! fonts draw them: the browser draws with its own font). Fixed texts (ticks, axis labels) are
//! placed first; each movable label (a value on a bar, the name of a reference line) then takes
//! the first of its candidate places, nearest first, that overlaps no text already placed; a
//! row of labels along a line is spread apart ([`spread`]). Labels moved away from what they
//! name get a leader line (drawn by the caller). `tests/browser/labels.mjs` checks the result
//! with the boxes the browser measures.

/// The font size of chart text in drawing units (style.css: `.chart text`).
pub const SIZE: f64 = 14.0;
/// Above and below the baseline, as the common sans-serif fonts' boxes reach (a little more).
pub const ASCENT: f64 = 13.0;
pub const DESCENT: f64 = 3.5;
/// One line of chart text.
pub const LINE: f64 = 18.0;

/// Estimated width of `text` in drawing units: wider than Arial, Liberation Sans and Roboto draw
/// it at [`SIZE`], about as wide as DejaVu Sans does.
pub fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            ' ' | '.' | ',' | ':' | ';' | '·' | '\'' | '!' | '|' | 'i' | 'j' | 'l' | '/' => 4.8,
            '(' | ')' | '-' | 'f' | 't' | 'r' | 'I' | '"' => 5.4,
            '\u{304}' => 0.0,
            '—' | '…' | '№' | 'Ю' | 'Щ' | 'Ш' | 'Ж' | 'W' => 15.6,
            '%' | 'm' | 'M' | 'w' | 'ш' | 'щ' | 'ф' | 'ы' | 'ю' | 'м' | 'ж' | 'Ы' | 'Ъ' | 'Ф' => {
                13.2
            }
            c if c.is_uppercase() => 11.4,
            _ => 8.8,
        })
        .sum()
}

/// A box in drawing units, y down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// Whether the two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    fn inside(&self, bounds: &Rect) -> bool {
        self.x0 >= bounds.x0 && self.x1 <= bounds.x1 && self.y0 >= bounds.y0 && self.y1 <= bounds.y1
    }
}

/// Where a text stands relative to its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A text at a place: x by its anchor, y its baseline (whole units, as the SVG writes them).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    pub x: f64,
    pub baseline: f64,
    pub anchor: Anchor,
}

impl Label {
    /// A label whose box's top is at `top`.
    pub fn top(text: impl Into<String>, x: f64, top: f64, anchor: Anchor) -> Label {
        Label {
            text: text.into(),
            x: x.round(),
            baseline: (top + ASCENT).ceil(),
            anchor,
        }
    }

    /// A label whose box's bottom is at `bottom`.
    pub fn above(text: impl Into<String>, x: f64, bottom: f64, anchor: Anchor) -> Label {
        Label {
            text: text.into(),
            x: x.round(),
            baseline: (bottom - DESCENT).floor(),
            anchor,
        }
    }

    /// A label centred on `middle` vertically.
    pub fn beside(text: impl Into<String>, x: f64, middle: f64, anchor: Anchor) -> Label {
        Label {
            text: text.into(),
            x: x.round(),
            baseline: (middle + (ASCENT - DESCENT) / 2.0).round(),
            anchor,
        }
    }

    pub fn width(&self) -> f64 {
        text_width(&self.text)
    }

    /// The box the text fills.
    pub fn rect(&self) -> Rect {
        let w = self.width();
        let x0 = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - w / 2.0,
            Anchor::End => self.x - w,
        };
        Rect {
            x0,
            y0: self.baseline - ASCENT,
            x1: x0 + w,
            y1: self.baseline + DESCENT,
        }
    }

    /// The same label moved to stay within `lo..hi` across, as far as it fits.
    pub fn clamped(mut self, lo: f64, hi: f64) -> Label {
        let r = self.rect();
        if r.x1 > hi {
            self.x -= (r.x1 - hi).ceil();
        } else if r.x0 < lo {
            self.x += (lo - r.x0).ceil();
        }
        self
    }
}

/// The texts of one chart, placed one by one so that none overlaps another.
pub struct Placer {
    taken: Vec<Rect>,
    bounds: Rect,
}

impl Placer {
    /// Texts must stay within `bounds` (across; a chart grows downwards and upwards as needed).
    pub fn new(bounds: Rect) -> Placer {
        Placer {
            taken: Vec::new(),
            bounds,
        }
    }

    /// A text whose place is given (ticks, axis labels, names): later labels avoid it.
    pub fn fix(&mut self, label: &Label) {
        self.taken.push(label.rect());
    }

    /// Whether `label` would overlap no text placed so far and stay within the bounds.
    pub fn is_free(&self, label: &Label) -> bool {
        let r = label.rect();
        r.inside(&self.bounds) && self.taken.iter().all(|t| !t.overlaps(&r))
    }

    /// Places the first free candidate and returns it, or `None` (nothing placed) when every
    /// candidate would overlap. Callers pass enough candidates (a column of rows, each a line
    /// apart, one more than twice the labels placed: each placed box blocks at most two rows).
    pub fn place(&mut self, candidates: impl IntoIterator<Item = Label>) -> Option<Label> {
        let chosen = candidates.into_iter().find(|c| self.is_free(c))?;
        self.fix(&chosen);
        Some(chosen)
    }

    /// How many texts are placed.
    pub fn len(&self) -> usize {
        self.taken.len()
    }

    /// The highest top and the lowest bottom of the texts placed (0 when none).
    pub fn extent(&self) -> (f64, f64) {
        self.taken.iter().fold((0.0, 0.0), |(top, bottom), r| {
            (r.y0.min(top), r.y1.max(bottom))
        })
    }
}

/// Centres for a row of labels along a line: each wants its centre at `want` and is `width`
/// wide (in order along the line). Neighbours end up at least `gap` apart, in the same order,
/// within `lo..hi`, each as near its wish as that allows. `None` when they do not fit in one
/// row.
pub fn spread(items: &[(f64, f64)], lo: f64, hi: f64, gap: f64) -> Option<Vec<f64>> {
    let total: f64 =
        items.iter().map(|i| i.1).sum::<f64>() + gap * items.len().saturating_sub(1) as f64;
    if total > hi - lo {
        return None;
    }
    let mut centres: Vec<f64> = Vec::with_capacity(items.len());
    // Pushed right of the one before, then back left of the one after and of the end.
    for (i, &(want, width)) in items.iter().enumerate() {
        let least = match i {
            0 => lo + width / 2.0,
            _ => centres[i - 1] + items[i - 1].1 / 2.0 + gap + width / 2.0,
        };
        centres.push(want.max(least));
    }
    for i in (0..items.len()).rev() {
        let width = items[i].1;
        let most = match items.get(i + 1) {
            None => hi - width / 2.0,
            Some(next) => centres[i + 1] - next.1 / 2.0 - gap - width / 2.0,
        };
        centres[i] = centres[i].min(most);
    }
    Some(centres)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDE: Rect = Rect {
        x0: 0.0,
        y0: -1000.0,
        x1: 360.0,
        y1: 1000.0,
    };

    #[test]
    fn a_label_where_another_stands_moves_up_a_row() {
        let mut placer = Placer::new(WIDE);
        let rows = |text: &str, x: f64| {
            (0..5)
                .map(|r| Label::above(text, x, 100.0 - r as f64 * LINE, Anchor::Middle))
                .collect::<Vec<_>>()
        };
        let a = placer.place(rows("34", 100.0)).unwrap();
        let b = placer.place(rows("36", 110.0)).unwrap();
        let c = placer.place(rows("35", 105.0)).unwrap();
        assert_eq!(a.baseline, 96.0);
        assert_eq!(b.baseline, 96.0 - LINE, "one row up");
        assert_eq!(c.baseline, 96.0 - 2.0 * LINE, "two rows up");
        assert!(!a.rect().overlaps(&b.rect()) && !b.rect().overlaps(&c.rect()));
        let far = placer.place(rows("40", 200.0)).unwrap();
        assert_eq!(far.baseline, 96.0, "a label with room stays on its bar");
    }

    #[test]
    fn the_mean_and_the_bound_side_by_side_never_share_a_place() {
        // The region's mean and its upper bound a few units apart (the issue's «x̄» over «гр.»).
        let mut placer = Placer::new(WIDE);
        placer.fix(&Label::beside("6", 36.0, 10.0, Anchor::End));
        let candidates = |text: &str, x: f64| -> Vec<Label> {
            (0..4)
                .flat_map(|r| {
                    let bottom = -2.0 - r as f64 * LINE;
                    [
                        Label::above(text, x, bottom, Anchor::Middle),
                        Label::above(text, x + 3.0, bottom, Anchor::Start),
                        Label::above(text, x - 3.0, bottom, Anchor::End),
                    ]
                })
                .collect()
        };
        let mean = placer.place(candidates("x̄", 204.0)).unwrap();
        let bound = placer.place(candidates("гр.", 209.0)).unwrap();
        assert!(!mean.rect().overlaps(&bound.rect()), "{mean:?} {bound:?}");
        assert_eq!(mean.baseline, bound.baseline, "both on the first row");
        assert_eq!(
            bound.anchor,
            Anchor::Start,
            "the bound's name right of its line"
        );
    }

    #[test]
    fn no_free_place_is_no_place() {
        let mut placer = Placer::new(Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 50.0,
            y1: 20.0,
        });
        assert!(placer
            .place([Label::top("слишком длинная", 0.0, 0.0, Anchor::Start)])
            .is_none());
        assert_eq!(placer.len(), 0);
    }

    #[test]
    fn a_row_of_labels_spreads_apart_in_order_within_its_line() {
        // Three shares of a bar: 2 %, 95 %, 3 %, the small ones at the ends.
        let items = [(4.0, 10.0), (180.0, 20.0), (356.0, 10.0)];
        let c = spread(&items, 0.0, 360.0, 4.0).unwrap();
        assert_eq!(c, [5.0, 180.0, 355.0], "pulled in from the edges only");
        // Three labels wanting one place: side by side around it, in order.
        let items = [(100.0, 20.0), (100.0, 20.0), (100.0, 20.0)];
        let c = spread(&items, 0.0, 360.0, 4.0).unwrap();
        assert_eq!(c, [100.0, 124.0, 148.0]);
        // At the right end: pushed back left.
        let items = [(350.0, 20.0), (355.0, 20.0)];
        let c = spread(&items, 0.0, 360.0, 4.0).unwrap();
        assert_eq!(c, [326.0, 350.0]);
        for w in c.windows(2) {
            assert!(w[1] - w[0] >= 24.0);
        }
        assert_eq!(spread(&[(0.0, 200.0), (0.0, 200.0)], 0.0, 360.0, 4.0), None);
        assert_eq!(spread(&[], 0.0, 360.0, 4.0), Some(Vec::new()));
    }

    #[test]
    fn boxes_are_as_wide_as_their_text_and_a_line_tall() {
        let l = Label::top("100", 50.0, 0.0, Anchor::Middle);
        let r = l.rect();
        assert!((r.x1 - r.x0 - 26.4).abs() < 1e-9);
        assert!(r.y1 - r.y0 < LINE, "two lines a LINE apart do not touch");
        assert!(text_width("Школа") > text_width("школа"));
        assert_eq!(
            Label::top("100", 355.0, 0.0, Anchor::Middle)
                .clamped(0.0, 360.0)
                .rect()
                .x1,
            359.2
        );
    }
}
