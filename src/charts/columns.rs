//! Columns, for years, marks, scores and other ordered categories: the value axis ticked at
//! round values, labels along the category axis at round intervals (or, for bins, round values
//! at their place), values on the columns, reference lines named at their top, a column's
//! marked part (a sign) hatched. Texts are placed first, in coordinates where the plot's top is
//! 0, so that the drawing grows upwards by what had to rise above the plot (a value moved up a
//! row, a line's name stacked over another's); then everything is drawn.

use super::layout::{text_width, Anchor, Label, Placer, Rect, LINE};
use super::palette::Paint;
use super::{fill, hatch, line, text, ticks, wrap, Area, Bars, MARGIN, WIDTH};
use plotters::prelude::*;

/// The plot's height.
const PLOT: f64 = 150.0;

/// A column's place across: its left and right edges.
type Span = (f64, f64);

/// Everything a columns chart draws, laid out.
struct Layout {
    left: f64,
    right: f64,
    /// The value axis's ticks and the value at its top.
    ticks: Vec<f64>,
    top: f64,
    /// Where the category axis has tick marks (bins: at round values).
    category_ticks: Vec<f64>,
    /// Fixed texts: tick labels, category labels and title.
    fixed: Vec<Label>,
    /// Each rule's x and its name (none when no place was free).
    rules: Vec<(f64, Option<Label>)>,
    /// Each value label with the column's centre and top, for a leader when it moved up.
    values: Vec<(Label, f64, f64)>,
    /// The extent of all texts around the plot (its top is 0).
    extent: (f64, f64),
}

impl Bars {
    /// The y of value `v` in plot coordinates (0 at the top of the axis, [`PLOT`] at 0).
    fn y_of(top: f64, v: f64) -> f64 {
        PLOT * (1.0 - (v / top).clamp(0.0, 1.0))
    }

    /// Column `s` of category `i`: its left and right edges.
    fn column(&self, layout: (f64, f64), s: usize, i: usize) -> Span {
        let (left, slot) = layout;
        let (inset, width) = if self.is_histogram() {
            (0.05, 0.9)
        } else {
            (0.1, 0.8 / self.series.len().max(1) as f64)
        };
        let x = |c: f64| (left + slot * c).round();
        let from = i as f64 + inset + s as f64 * width;
        (x(from), x(from + width))
    }

    fn lay_out(&self) -> Layout {
        let lang = self.lang;
        let n = self.categories.len().max(1);
        let integer = self.integer || self.decimals == 0 && self.y_max >= 5.0;
        let step = ticks::tick_step(self.y_max, integer);
        let values = ticks::ticks(self.y_max, step);
        let top = values[values.len() - 1];
        let tick_text: Vec<String> = values
            .iter()
            .map(|&v| crate::format::decimal_in(lang, v, ticks::decimals(step)))
            .collect();
        let widest = tick_text.iter().map(|t| text_width(t)).fold(0.0, f64::max);
        let left = (MARGIN + widest + 8.0).round();
        let right = WIDTH - MARGIN;
        let slot = (right - left) / n as f64;
        let x_of = |c: f64| left + slot * c;
        let mut placer = Placer::new(Rect {
            x0: 0.0,
            y0: -1e6,
            x1: WIDTH,
            y1: 1e6,
        });
        let mut fixed = Vec::new();
        for (&v, t) in values.iter().zip(tick_text) {
            fixed.push(Label::beside(
                t,
                left - 6.0,
                Self::y_of(top, v),
                Anchor::End,
            ));
        }
        // Along the category axis: round values at their place for bins, else round intervals.
        let below = PLOT + 6.0;
        let mut category_ticks = Vec::new();
        if let Some(width) = self.bin_width.filter(|w| *w > 0.0) {
            let span = n as f64 * width;
            let mut step = ticks::tick_step(span, false);
            let decimals = |s: f64| ticks::decimals(s);
            let label_width = |s: f64| {
                ticks::ticks(span, s)
                    .iter()
                    .map(|&v| text_width(&crate::format::decimal_in(lang, v, decimals(s))))
                    .fold(0.0, f64::max)
            };
            while step / width * slot < label_width(step) + 6.0 {
                step = ticks::round_step(step * 1.001);
            }
            for v in ticks::ticks(span, step)
                .into_iter()
                .filter(|&v| v <= span + 1e-9)
            {
                let x = x_of(v / width);
                category_ticks.push(x);
                let t = crate::format::decimal_in(lang, v, decimals(step));
                fixed.push(Label::top(t, x, below + 4.0, Anchor::Middle).clamped(0.0, WIDTH));
            }
        } else {
            let first = ticks::first_number(&self.categories).unwrap_or(1);
            let widest = self
                .categories
                .iter()
                .map(|c| text_width(c))
                .fold(0.0, f64::max);
            let every = ticks::every(n, slot, widest, 6.0);
            for (i, c) in self.categories.iter().enumerate() {
                if ticks::labelled(i, every, first) {
                    let x = x_of(i as f64 + 0.5);
                    fixed.push(Label::top(c.clone(), x, below, Anchor::Middle).clamped(0.0, WIDTH));
                }
            }
        }
        let title_top = below + LINE + 4.0;
        for (i, l) in wrap(&self.category_title, WIDTH - 2.0 * MARGIN)
            .into_iter()
            .enumerate()
        {
            fixed.push(
                Label::top(
                    l,
                    (left + right) / 2.0,
                    title_top + i as f64 * LINE,
                    Anchor::Middle,
                )
                .clamped(0.0, WIDTH),
            );
        }
        for l in &fixed {
            placer.fix(l);
        }
        // A rule's name above the plot at its line, or beside it, on the first free row.
        let mut rules = Vec::new();
        for rule in &self.rules {
            let x = x_of(rule.at).round();
            let rows = 2 * placer.len() + 2;
            let candidates = (0..rows).flat_map(|r| {
                let bottom = -4.0 - r as f64 * LINE;
                [
                    Label::above(rule.label.clone(), x, bottom, Anchor::Middle),
                    Label::above(rule.label.clone(), x + 4.0, bottom, Anchor::Start),
                    Label::above(rule.label.clone(), x - 4.0, bottom, Anchor::End),
                ]
            });
            rules.push((x, placer.place(candidates)));
        }
        // A value over its column, or a row higher, and higher, until it is free.
        let mut labels = Vec::new();
        if self.labels {
            for (s, series) in self.series.iter().enumerate() {
                for (i, v) in series.values.iter().enumerate() {
                    let Some(v) = *v else { continue };
                    let (x0, x1) = self.column((left, slot), s, i);
                    let centre = (x0 + x1) / 2.0;
                    let column_top = Self::y_of(top, v).round();
                    let value = self.value(v);
                    let rows = 2 * placer.len() + 2;
                    let candidates = (0..rows).map(|r| {
                        Label::above(
                            value.clone(),
                            centre,
                            column_top - 2.0 - r as f64 * LINE,
                            Anchor::Middle,
                        )
                        .clamped(0.0, WIDTH)
                    });
                    if let Some(l) = placer.place(candidates) {
                        labels.push((l, centre, column_top));
                    }
                }
            }
        }
        Layout {
            left,
            right,
            ticks: values,
            top,
            category_ticks,
            fixed,
            rules,
            values: labels,
            extent: placer.extent(),
        }
    }

    /// Columns, for years, marks, scores and other ordered categories.
    pub(super) fn draw_columns(&self, svg: &mut String) {
        let layout = self.lay_out();
        let (legend, title, header) = self.header();
        // The plot's top in the drawing: below the header and all that rose above the plot.
        let dy = (header + (-layout.extent.0).max(0.0) + 4.0).ceil();
        let height = (dy + layout.extent.1.max(PLOT) + 8.0).ceil();
        let root = self.begin(svg, height, &legend, &title);
        let at = |y: f64| (y + dy).round() as i32;
        let (left, right, top) = (layout.left, layout.right, layout.top);
        let slot = (right - left) / self.categories.len().max(1) as f64;
        // Axes, ticks and leaders: one path.
        let base = at(PLOT);
        line(
            &root,
            Paint::Axis,
            vec![
                (left as i32, at(0.0)),
                (left as i32, base),
                (right as i32, base),
            ],
        );
        for &v in &layout.ticks {
            let y = at(Self::y_of(top, v));
            line(
                &root,
                Paint::Axis,
                vec![(left as i32 - 4, y), (left as i32, y)],
            );
        }
        for &x in &layout.category_ticks {
            line(
                &root,
                Paint::Axis,
                vec![(x as i32, base), (x as i32, base + 4)],
            );
        }
        for (l, centre, column_top) in &layout.values {
            let bottom = l.rect().y1;
            if bottom < column_top - 3.0 {
                line(
                    &root,
                    Paint::Axis,
                    vec![
                        (*centre as i32, at(bottom) + 1),
                        (*centre as i32, at(*column_top) - 1),
                    ],
                );
            }
        }
        self.draw_bars(&root, (left, slot), top, &at);
        for (x, label) in &layout.rules {
            let end = label.as_ref().map_or(-2.0, |l| l.rect().y1 + 1.0);
            line(
                &root,
                Paint::Reference,
                vec![(*x as i32, base), (*x as i32, at(end))],
            );
        }
        for level in &self.levels {
            let y = at(Self::y_of(top, level.at));
            line(
                &root,
                Paint::Reference,
                vec![(left as i32, y), (right as i32, y)],
            );
        }
        for l in layout
            .fixed
            .iter()
            .chain(layout.rules.iter().filter_map(|r| r.1.as_ref()))
            .chain(layout.values.iter().map(|v| &v.0))
        {
            text(&root, l, dy);
        }
        root.present().expect("drawing into a string cannot fail");
    }

    /// The columns, and the marked part of each hatched on top. A dense series (a histogram)
    /// is one step-shaped polygon.
    fn draw_bars(&self, root: &Area, layout: (f64, f64), top: f64, at: &dyn Fn(f64) -> i32) {
        let base = at(PLOT);
        let mut marks = Vec::new();
        for (s, series) in self.series.iter().enumerate() {
            let paint = Paint::Data(series.meaning);
            let mut outline = Vec::new();
            for (i, v) in series.values.iter().enumerate() {
                let v = v.unwrap_or(0.0);
                let (x0, x1) = self.column(layout, s, i);
                let (x0, x1) = (x0 as i32, x1 as i32);
                let m = if s == 0 { self.marked(i, v) } else { 0.0 };
                let plain = at(Self::y_of(top, v - m));
                if m > 0.0 {
                    marks.push(((x0, at(Self::y_of(top, v))), (x1, plain)));
                }
                if self.is_histogram() {
                    outline.extend([(x0, base), (x0, plain), (x1, plain), (x1, base)]);
                } else {
                    fill(root, paint, (x0, plain), (x1, base));
                }
            }
            if outline.len() > 2 {
                root.draw(&Polygon::new(outline, paint.placeholder().filled()))
                    .expect("drawing into a string cannot fail");
            }
        }
        if let Some(mark) = &self.mark {
            for &(a, b) in &marks {
                fill(root, Paint::Data(mark.meaning), a, b);
            }
            for &(a, b) in &marks {
                hatch(root, a, b);
            }
        }
    }
}
