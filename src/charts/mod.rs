//! Charts: numbers in, accessible inline SVG out. Nothing is written here.
//!
//! A chart is a [`Bars`] specification: what each bar means ([`palette::Meaning`]), the part of
//! a bar that raised a sign ([`Mark`], hatched), reference lines ([`Rule`]). It is laid out
//! here, its texts placed so that none overlaps another ([`layout`]) at round ticks
//! ([`ticks`]), and drawn with plotters through [`backend::CssSvg`], which writes CSS classes
//! instead of colours and font attributes, so the stylesheet and its dark theme colour the
//! charts, one colour per meaning. Every chart carries `role="img"`, a `<title>` and a
//! `<desc>`, and comes with the same numbers as a table behind «Данные графика»;
//! [`Chart::html`] is the whole figure, built here in one buffer. Values are written on the
//! bars, so no meaning rests on colour alone. Coordinates are whole units, there are no grid
//! lines, and a dense series (a histogram) is one polygon, which keeps each chart a few
//! kilobytes. Columns are drawn in [`columns`], bars across in [`across`].

mod across;
mod backend;
mod columns;
mod layout;
pub mod map;
pub mod palette;
mod ticks;

use crate::format::escape_into;
use backend::CssSvg;
use layout::{text_width, Anchor, Label, LINE};
pub use palette::Meaning;
use palette::Paint;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;
use std::fmt::Write as _;
pub use ticks::{bin_width, decimals};

/// The same numbers as the chart, for a table beside it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A finished chart. Only [`Chart::html`] reaches a template.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Chart {
    /// Its id on the page (`scores-0`, `markers-by-year`): which chart it is.
    #[serde(skip)]
    pub id: String,
    #[serde(skip)]
    pub title: String,
    #[serde(skip)]
    pub reading: String,
    #[serde(skip)]
    pub desc: String,
    /// Inline SVG, ready to embed.
    #[serde(skip)]
    pub svg: String,
    #[serde(skip)]
    pub table: DataTable,
    /// The whole figure for a page: the SVG with its caption, and the table behind «Данные
    /// графика». Built from the fields above; templates insert it as it is.
    pub html: String,
}

impl Chart {
    /// The chart `id` (unique on its page): its title and reading above the SVG, then its table.
    fn new(
        id: &str,
        title: String,
        reading: String,
        desc: String,
        svg: String,
        table: DataTable,
        data: &str,
    ) -> Chart {
        let mut html =
            String::with_capacity(svg.len() + 300 + 40 * table.rows.len() * table.headers.len());
        let _ = write!(html, "<div class=\"chart-figure\">\n<figure>\n<figcaption id=\"{id}-cap\"><span class=\"chart-title\">");
        escape_into(&mut html, &title);
        html.push_str("</span>");
        if !reading.is_empty() {
            html.push_str("<span class=\"chart-reading\">");
            escape_into(&mut html, &reading);
            html.push_str("</span>");
        }
        html.push_str("</figcaption>\n");
        html.push_str(&svg);
        // The table's region is named by the caption, not by a second copy of the title.
        let _ = write!(html, "\n</figure>\n<details>\n<summary>{data}</summary>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"{id}-cap\">\n<table>\n<thead><tr>");
        for h in &table.headers {
            html.push_str("<th>");
            escape_into(&mut html, h);
            html.push_str("</th>");
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for row in &table.rows {
            html.push_str("<tr>");
            for (i, v) in row.iter().enumerate() {
                html.push_str(if i == 0 { "<th scope=\"row\">" } else { "<td>" });
                escape_into(&mut html, v);
                html.push_str(if i == 0 { "</th>" } else { "</td>" });
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n</div>\n</details>\n</div>\n");
        Chart {
            id: id.to_owned(),
            title,
            reading,
            desc,
            svg,
            table,
            html,
        }
    }
}

/// One series of a bar chart: what its bars mean picks their colour.
pub struct Series {
    pub name: String,
    pub meaning: Meaning,
    pub values: Vec<Option<f64>>,
}

/// A reference line: vertical at a category position (`rules`, e.g. a mark boundary, named at
/// its top) or across at a value (`levels`, e.g. the cohort fence, named in the legend).
pub struct Rule {
    pub at: f64,
    pub label: String,
}

/// The part of each column of the first series that raised a sign (the flagged schools of a
/// bin, a bar at a mark boundary), drawn on top of the column in the sign's colour and hatched,
/// and named in the legend.
pub struct Mark {
    pub meaning: Meaning,
    pub name: String,
    pub part: Part,
}

/// How much of a column is marked.
pub enum Part {
    /// A count of its own per category (the flagged schools of a bin), also a column of the
    /// table.
    Counts(Vec<f64>),
    /// The whole column of these categories (a bar at a mark boundary).
    Whole(Vec<usize>),
}

impl Bars {
    /// How much of category `i`'s column (of value `v`) is marked.
    fn marked(&self, i: usize, v: f64) -> f64 {
        match self.mark.as_ref().map(|m| &m.part) {
            Some(Part::Counts(c)) => c.get(i).copied().unwrap_or(0.0).clamp(0.0, v.max(0.0)),
            Some(Part::Whole(w)) if w.contains(&i) => v.max(0.0),
            _ => 0.0,
        }
    }

    /// The marked counts, when they make a column of the table.
    fn mark_counts(&self) -> Option<(&str, &[f64])> {
        match self.mark.as_ref()? {
            Mark {
                name,
                part: Part::Counts(c),
                ..
            } => Some((name, c)),
            _ => None,
        }
    }
}

/// A bar chart, in the one grammar of docs/charts.md: a title and a one-line reading above it,
/// axis titles with units, values on the bars, reference lines explained in the legend.
#[derive(Default)]
pub struct Bars {
    pub id: String,
    pub title: String,
    /// One plain sentence: what the chart shows at a glance (shown under the title).
    pub reading: String,
    pub desc: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub y_max: f64,
    /// Decimal places of the value labels.
    pub decimals: usize,
    /// Write each bar's value on it (off for dense histograms).
    pub labels: bool,
    /// The value axis's title, with its unit («Индекс, %», «Участников»).
    pub value_title: String,
    /// The category axis's title («Первичный балл»); empty when the categories speak for
    /// themselves.
    pub category_title: String,
    /// The values' unit in the table's headers («%»); empty for counts.
    pub unit: String,
    /// Counts: ticks at whole numbers only.
    pub integer: bool,
    /// The categories are names (schools, municipalities, works): bars run across, one row per
    /// category with its name above its bar, in the order given (callers sort by value).
    pub horizontal: bool,
    /// Across only: the series are the parts of a whole, one bar of 100 % per category.
    pub stacked: bool,
    /// Columns only: the categories are bins of this width from 0, and the axis is ticked at
    /// round values at their place rather than under each column.
    pub bin_width: Option<f64>,
    pub rules: Vec<Rule>,
    /// What the `rules` are, for the legend («границы отметок»).
    pub rules_legend: String,
    /// Reference values drawn across the plot and named in the legend (columns only).
    pub levels: Vec<Rule>,
    pub mark: Option<Mark>,
    /// The language of the chart's own words («Данные графика»).
    pub lang: crate::i18n::Lang,
}

/// The drawing's width: a phone's content width, so that the stylesheet's 14-unit text stays at
/// least 12 px on a 360 px screen (and grows on wider ones).
const WIDTH: f64 = 360.0;
/// The margin at the drawing's left and right.
const MARGIN: f64 = 8.0;

/// The `<svg>` element's opening: size, role, title and description.
fn svg_open(out: &mut String, id: &str, (w, h): (u32, u32), title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">"
    );
    escape_into(out, title);
    let _ = write!(out, "</title><desc id=\"{id}-desc\">");
    escape_into(out, desc);
    out.push_str("</desc>");
}

/// The drawing area of a chart `height` units tall, drawing into `svg`.
type Area<'a> = DrawingArea<CssSvg<'a>, Shift>;

fn area(svg: &mut String, height: f64) -> Area<'_> {
    CssSvg::new(svg, (WIDTH as u32, height as u32)).into_drawing_area()
}

/// Writes a placed label, `dy` units lower.
fn text(root: &Area, label: &Label, dy: f64) {
    let h = match label.anchor {
        Anchor::Start => HPos::Left,
        Anchor::Middle => HPos::Center,
        Anchor::End => HPos::Right,
    };
    let style = ("sans-serif", layout::SIZE)
        .into_font()
        .color(&Paint::Axis.placeholder())
        .pos(Pos::new(h, VPos::Bottom));
    root.draw(&Text::new(
        label.text.clone(),
        (label.x as i32, (label.baseline + dy) as i32),
        style,
    ))
    .expect("drawing into a string cannot fail");
}

/// A filled box from (x0, y0) to (x1, y1).
fn fill(root: &Area, paint: Paint, (x0, y0): (i32, i32), (x1, y1): (i32, i32)) {
    if x0 != x1 && y0 != y1 {
        root.draw(&Rectangle::new(
            [(x0.min(x1), y0.min(y1)), (x0.max(x1), y0.max(y1))],
            paint.placeholder().filled(),
        ))
        .expect("drawing into a string cannot fail");
    }
}

/// A line through `points`.
fn line(root: &Area, paint: Paint, points: Vec<(i32, i32)>) {
    root.draw(&PathElement::new(points, paint.placeholder()))
        .expect("drawing into a string cannot fail");
}

/// The stripes that hatch a marked box, a sign's pattern: diagonals 5 units apart, clipped
/// to the box.
fn hatch(root: &Area, (x0, y0): (i32, i32), (x1, y1): (i32, i32)) {
    let (x0, x1, y0, y1) = (x0.min(x1), x0.max(x1), y0.min(y1), y0.max(y1));
    let mut c = x0 + y0 + 4;
    while c < x1 + y1 - 2 {
        let (xa, xb) = ((c - y1).max(x0), (c - y0).min(x1));
        if xb - xa >= 2 {
            line(root, Paint::Hatch, vec![(xa, c - xa), (xb, c - xb)]);
        }
        c += 5;
    }
}

/// One entry of a legend: a swatch and its text.
enum Swatch {
    Bar(Meaning),
    /// A bar of a sign: coloured and hatched.
    Marked(Meaning),
    Line,
}

/// A legend entry laid out: its swatch's left edge, its top, and its text's lines.
type Placed = (f64, f64, Vec<String>);

/// Splits `text` at spaces into lines at most `room` units wide (a longer word stays whole).
fn wrap(text: &str, room: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(line) if text_width(line) + text_width(" ") + text_width(word) <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// Where each legend entry goes: its swatch's left edge and its text's lines, each entry after
/// the one before on its line or on the next (an entry of several lines starts its own); and
/// the legend's height (4 when there is none).
fn legend_layout(entries: &[(Swatch, String)]) -> (Vec<Placed>, f64) {
    if entries.is_empty() {
        return (Vec::new(), 4.0);
    }
    let room = WIDTH - 2.0 * MARGIN - 18.0;
    let (mut x, mut top) = (MARGIN, 6.0);
    let mut placed = Vec::new();
    for (_, words) in entries {
        let lines = wrap(words, room);
        let width = 18.0 + lines.iter().map(|l| text_width(l)).fold(0.0, f64::max) + 12.0;
        if x > MARGIN && (x + width > WIDTH - MARGIN || lines.len() > 1) {
            x = MARGIN;
            top += LINE;
        }
        let below = (lines.len() as f64 - 1.0) * LINE;
        placed.push((x, top, lines));
        top += below;
        x += width;
    }
    (placed, top + LINE + 4.0)
}

/// Draws the legend laid out by [`legend_layout`].
fn legend(root: &Area, entries: &[(Swatch, String)], placed: &[Placed]) {
    for ((swatch, _), (x, top, lines)) in entries.iter().zip(placed) {
        let (x, y) = (*x as i32, *top as i32);
        match swatch {
            Swatch::Bar(m) => fill(root, Paint::Data(*m), (x, y + 2), (x + 12, y + 14)),
            Swatch::Marked(m) => {
                fill(root, Paint::Data(*m), (x, y + 2), (x + 12, y + 14));
                hatch(root, (x, y + 2), (x + 12, y + 14));
            }
            Swatch::Line => line(root, Paint::Reference, vec![(x + 6, y), (x + 6, y + 16)]),
        }
        for (i, l) in lines.iter().enumerate() {
            let label = Label::top(
                l.clone(),
                f64::from(x + 18),
                top + i as f64 * LINE,
                Anchor::Start,
            );
            text(root, &label, 0.0);
        }
    }
}

impl Bars {
    /// A dense series without value labels: drawn as one shape, its table on its side.
    fn is_histogram(&self) -> bool {
        !self.labels && self.series.len() == 1 && self.categories.len() > 12
    }

    fn legend_entries(&self) -> Vec<(Swatch, String)> {
        let mut entries: Vec<(Swatch, String)> = Vec::new();
        if self.series.len() > 1 || self.mark.is_some() {
            entries.extend(
                self.series
                    .iter()
                    .map(|s| (Swatch::Bar(s.meaning), s.name.clone())),
            );
        }
        if let Some(mark) = &self.mark {
            entries.push((Swatch::Marked(mark.meaning), mark.name.clone()));
        }
        if !self.rules.is_empty() && !self.rules_legend.is_empty() {
            entries.push((Swatch::Line, self.rules_legend.clone()));
        }
        if !self.levels.is_empty() {
            let names: Vec<&str> = self.levels.iter().map(|l| l.label.as_str()).collect();
            entries.push((Swatch::Line, names.join("; ")));
        }
        entries
    }

    /// The value axis's title in lines, and the texts above the plot: the legend and that
    /// title. Returns the legend's layout, the title's labels and the height of it all.
    fn header(&self) -> (Vec<Placed>, Vec<Label>, f64) {
        let (placed, legend_h) = legend_layout(&self.legend_entries());
        let title: Vec<Label> = wrap(&self.value_title, WIDTH - 2.0 * MARGIN)
            .into_iter()
            .enumerate()
            .map(|(i, l)| Label::top(l, MARGIN, legend_h + i as f64 * LINE, Anchor::Start))
            .collect();
        let height = legend_h + title.len() as f64 * LINE;
        (placed, title, height)
    }

    /// Opens the chart's `<svg>`, `height` units tall, and draws the header laid out by
    /// [`Bars::header`]; the rest is drawn into the area returned.
    fn begin<'a>(
        &self,
        svg: &'a mut String,
        height: f64,
        placed: &[Placed],
        title: &[Label],
    ) -> Area<'a> {
        svg_open(
            svg,
            &self.id,
            (WIDTH as u32, height as u32),
            &self.title,
            &self.desc,
        );
        let root = area(svg, height);
        legend(&root, &self.legend_entries(), placed);
        for l in title {
            text(&root, l, 0.0);
        }
        root
    }

    /// Draws the chart and builds its table.
    pub fn render(self) -> Chart {
        let mut svg = String::with_capacity(4096);
        if self.horizontal {
            self.draw_across(&mut svg);
        } else {
            self.draw_columns(&mut svg);
        }
        svg.push_str("</svg>");
        let table = self.table();
        let data = crate::i18n::msg_in!(self.lang, "chart.data");
        Chart::new(
            &self.id,
            self.title,
            self.reading,
            self.desc,
            svg,
            table,
            &data,
        )
    }

    /// A value as the chart writes it.
    fn value(&self, v: f64) -> String {
        crate::format::decimal_in(self.lang, v, self.decimals)
    }

    /// A series' header in the table, with the unit.
    fn header_of(&self, name: &str) -> String {
        if self.unit.is_empty() {
            name.to_owned()
        } else {
            format!("{name}, {}", self.unit)
        }
    }

    /// The same numbers as a table; a histogram's lies on its side.
    fn table(&self) -> DataTable {
        let value = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| self.value(v));
        let counts = self.mark_counts();
        let count = |i: usize| counts.map(|(_, c)| value(Some(c.get(i).copied().unwrap_or(0.0))));
        if self.is_histogram() {
            let series = &self.series[0];
            let mut headers = vec![self.category_title.clone()];
            headers.extend(self.categories.iter().cloned());
            let mut values = vec![self.header_of(&series.name)];
            values.extend(series.values.iter().map(|v| value(*v)));
            let mut rows = vec![values];
            if let Some((name, _)) = counts {
                let mut row = vec![self.header_of(name)];
                row.extend((0..self.categories.len()).filter_map(count));
                rows.push(row);
            }
            return DataTable { headers, rows };
        }
        let mut headers = vec![self.category_title.clone()];
        headers.extend(self.series.iter().map(|s| self.header_of(&s.name)));
        headers.extend(counts.map(|(name, _)| self.header_of(name)));
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut row = vec![c.clone()];
                row.extend(
                    self.series
                        .iter()
                        .map(|s| value(s.values.get(i).copied().flatten())),
                );
                row.extend(count(i));
                row
            })
            .collect();
        DataTable { headers, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::layout::{Anchor, Label, Rect};
    use super::*;

    fn chart() -> Chart {
        Bars {
            id: "t".into(),
            title: "Индекс по годам".into(),
            reading: "Индекс снизился.".into(),
            desc: "Индекс объективности: 2021 — 85,2; 2022 — 81,5".into(),
            categories: vec!["2021".into(), "2022".into()],
            series: vec![Series {
                name: "Индекс".into(),
                meaning: Meaning::Region,
                values: vec![Some(85.2), Some(81.5)],
            }],
            y_max: 100.0,
            decimals: 1,
            labels: true,
            ..Bars::default()
        }
        .render()
    }

    /// The boxes of every text of an SVG chart, as [`layout`] estimates them: each `<text>`,
    /// or each `<tspan>` of one.
    fn text_boxes(svg: &str) -> Vec<(String, Rect)> {
        let attr = |tag: &str, name: &str| -> Option<f64> {
            let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            tag[at..].split('"').next()?.parse().ok()
        };
        let mut boxes = Vec::new();
        for piece in svg.split("<text").skip(1) {
            let (open, rest) = piece.split_once('>').unwrap();
            let body = rest.split("</text>").next().unwrap();
            let anchor = if open.contains("class=\"m\"") {
                Anchor::Middle
            } else if open.contains("class=\"e\"") {
                Anchor::End
            } else {
                Anchor::Start
            };
            let baseline = attr(open, "y").unwrap();
            let spans: Vec<(f64, String)> = if body.starts_with("<tspan") {
                body.split("<tspan")
                    .skip(1)
                    .map(|t| {
                        let (o, r) = t.split_once('>').unwrap();
                        (
                            attr(o, "x").unwrap(),
                            r.split("</tspan>").next().unwrap().into(),
                        )
                    })
                    .collect()
            } else {
                vec![(attr(open, "x").unwrap(), body.to_owned())]
            };
            for (x, t) in spans {
                let label = Label {
                    text: t.clone(),
                    x,
                    baseline,
                    anchor,
                };
                boxes.push((t, label.rect()));
            }
        }
        boxes
    }

    /// The pairs of texts of `svg` that overlap, and texts outside the drawing.
    fn overlaps(svg: &str) -> Vec<String> {
        let boxes = text_boxes(svg);
        let mut found = Vec::new();
        for (i, (a, ra)) in boxes.iter().enumerate() {
            if ra.x0 < 0.0 || ra.x1 > WIDTH {
                found.push(format!("«{a}» outside: {ra:?}"));
            }
            for (b, rb) in &boxes[i + 1..] {
                if ra.overlaps(rb) {
                    found.push(format!("«{a}» {ra:?} and «{b}» {rb:?}"));
                }
            }
        }
        found
    }

    fn series(name: &str, meaning: Meaning, values: &[f64]) -> Series {
        Series {
            name: name.into(),
            meaning,
            values: values.iter().map(|&v| Some(v)).collect(),
        }
    }

    /// A histogram of schools' means in bins of 2 with the region's mean and upper bound
    /// 0,3 bins apart, and its flagged schools.
    fn distribution() -> Bars {
        let counts = [
            0., 0., 0., 0., 0., 0., 0., 1., 4., 4., 6., 4., 3., 2., 2., 1., 0., 0., 0.,
        ];
        Bars {
            id: "d".into(),
            title: "Средние баллы школ".into(),
            categories: (0..19)
                .map(|i| format!("{}–{}", 2 * i, 2 * i + 2))
                .collect(),
            series: vec![series("Школ", Meaning::School, &counts)],
            mark: Some(Mark {
                meaning: Meaning::FederalSign,
                name: "из них с признаком".into(),
                part: Part::Counts(
                    [[0.0; 11].as_slice(), &[1.0, 2.0, 2.0, 1.0], &[0.0; 4]].concat(),
                ),
            }),
            y_max: 6.0,
            integer: true,
            bin_width: Some(2.0),
            value_title: "Школ".into(),
            category_title: "Средний первичный балл".into(),
            rules: vec![
                Rule {
                    at: 10.9,
                    label: "x̄".into(),
                },
                Rule {
                    at: 11.2,
                    label: "гр.".into(),
                },
            ],
            rules_legend: "x̄ — среднее по региону, гр. — его верхняя граница".into(),
            ..Bars::default()
        }
    }

    #[test]
    fn charts_are_accessible_images_coloured_by_css() {
        let c = chart();
        assert!(c.svg.starts_with("<svg"), "{}", &c.svg[..80]);
        assert!(c.svg.contains("role=\"img\""));
        assert!(c
            .svg
            .contains("<title id=\"t-title\">Индекс по годам</title>"));
        assert!(c.svg.contains("<desc id=\"t-desc\">"));
        assert!(
            c.svg.contains("class=\"fr\""),
            "bars take their meaning's colour from CSS: {}",
            c.svg
        );
        assert!(
            !c.svg.contains("fill=\"#") && !c.svg.contains("font-"),
            "no colour or font attribute"
        );
        assert!(
            c.html.contains(
                "<figcaption id=\"t-cap\"><span class=\"chart-title\">Индекс по годам</span><span class=\"chart-reading\">Индекс снизился.</span></figcaption>\n<svg"
            ) && c.html.contains("aria-labelledby=\"t-cap\"")
                && c.html.contains("<th scope=\"row\">2021</th><td>85,2</td>"),
            "the title and reading come before the drawing: {}",
            c.html
        );
        assert!(c.svg.contains(">85,2<"), "values are written on the bars");
        assert_eq!(c.table.rows, [["2021", "85,2"], ["2022", "81,5"]]);
    }

    #[test]
    fn value_axes_tick_at_round_numbers() {
        let c = Bars {
            id: "c".into(),
            categories: ["0", "1", "2", "3", "4+"].map(String::from).to_vec(),
            series: vec![series("Школ", Meaning::School, &[16., 2., 1., 2., 17.])],
            y_max: 17.0,
            integer: true,
            labels: true,
            ..Bars::default()
        }
        .render();
        let ticks: Vec<String> = text_boxes(&c.svg)
            .into_iter()
            .filter(|(_, r)| r.x1 < 40.0)
            .map(|(t, _)| t)
            .collect();
        assert_eq!(ticks, ["0", "5", "10", "15", "20"], "{}", c.svg);
        // Bins: the axis reads round values at their place, not the bins' starts 0, 6, 11, 17.
        let d = distribution().render();
        let below: Vec<String> = text_boxes(&d.svg)
            .into_iter()
            .filter(|(t, _)| t.chars().all(|c| c.is_ascii_digit()))
            .map(|(t, _)| t)
            .collect();
        assert!(
            below.ends_with(&["0", "10", "20", "30"].map(String::from)),
            "{below:?}"
        );
    }

    #[test]
    fn no_two_texts_of_a_chart_overlap() {
        // Values of neighbouring columns at one height; a value of 100 wider than its column.
        let marks = Bars {
            id: "m".into(),
            categories: ["«2»", "«3»", "«4»", "«5»"].map(String::from).to_vec(),
            series: vec![
                series("Школа", Meaning::School, &[0.0, 34.0, 100.0, 0.0]),
                series(
                    "Муниципалитет",
                    Meaning::Municipality,
                    &[16.0, 35.0, 99.0, 11.0],
                ),
                series("Регион", Meaning::Region, &[16.0, 36.0, 98.0, 11.0]),
            ],
            y_max: 100.0,
            labels: true,
            value_title: "% участников".into(),
            category_title: "Отметка".into(),
            ..Bars::default()
        };
        // Many tasks, labelled every few.
        let tasks = Bars {
            id: "t".into(),
            categories: (1..=24).map(|i| i.to_string()).collect(),
            series: vec![
                series("Школа", Meaning::School, &[50.0; 24]),
                series("Регион", Meaning::Region, &[60.0; 24]),
            ],
            y_max: 100.0,
            category_title: "Задание".into(),
            ..Bars::default()
        };
        // Three boundaries close together on a short scale.
        let scores = Bars {
            id: "s".into(),
            categories: (0..=10).map(|i| i.to_string()).collect(),
            series: vec![series("Участников", Meaning::School, &[1.0; 11])],
            y_max: 1.0,
            integer: true,
            rules: [4.0, 5.0, 6.0]
                .iter()
                .zip(["«3»", "«4»", "«5»"])
                .map(|(&at, l)| Rule {
                    at,
                    label: l.into(),
                })
                .collect(),
            rules_legend: "границы отметок «3», «4», «5»".into(),
            ..Bars::default()
        };
        // Parts of a whole, two of them slivers.
        let confirmation = Bars {
            id: "c".into(),
            categories: vec![
                "ВПР · Русский язык · 4 кл.".into(),
                "ОГЭ · Математика · 9 кл.".into(),
            ],
            series: vec![
                series("Понизили", Meaning::Lowered, &[1.0, 35.0]),
                series("Подтвердили", Meaning::Confirmed, &[98.0, 52.0]),
                series("Повысили", Meaning::Raised, &[1.0, 13.0]),
            ],
            y_max: 100.0,
            labels: true,
            horizontal: true,
            stacked: true,
            value_title: "% участников".into(),
            ..Bars::default()
        };
        for chart in [distribution(), marks, tasks, scores, confirmation] {
            let c = chart.render();
            let found = overlaps(&c.svg);
            assert!(found.is_empty(), "{}: {found:#?}\n{}", c.title, c.svg);
        }
    }

    #[test]
    fn the_mean_and_the_bound_are_both_named_apart() {
        let d = distribution().render();
        let names: Vec<Rect> = text_boxes(&d.svg)
            .into_iter()
            .filter(|(t, _)| t == "x̄" || t == "гр.")
            .map(|(_, r)| r)
            .collect();
        assert_eq!(names.len(), 2, "{}", d.svg);
        assert!(!names[0].overlaps(&names[1]));
    }

    #[test]
    fn parts_of_a_whole_fill_one_bar_with_gaps_between() {
        let c = Bars {
            id: "c".into(),
            categories: vec!["ВПР · Математика · 4 кл.".into()],
            series: vec![
                series("Понизили", Meaning::Lowered, &[25.0]),
                series("Подтвердили", Meaning::Confirmed, &[68.0]),
                series("Повысили", Meaning::Raised, &[7.0]),
            ],
            y_max: 100.0,
            labels: true,
            horizontal: true,
            stacked: true,
            ..Bars::default()
        }
        .render();
        // Each part one box of its own class (its last: the legend's swatches come first);
        // together the drawing's width less the margins and the gaps, 340 units: 25 % of it is
        // 85, 68 % is 231,2 (231 after rounding both ends) and 7 % is 23,8 (24).
        let width = |class: &str| -> i32 {
            let at = c.svg.rfind(&format!("class=\"{class}\"")).expect(class);
            let d = c.svg[..at].rsplit("d=\"").next().unwrap();
            d.split('h')
                .nth(1)
                .unwrap()
                .split('v')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        let (l, k, h) = (width("fl"), width("fc"), width("fh"));
        assert_eq!((l, k, h), (85, 231, 24));
        assert_eq!(
            l + k + h + 2 * 2,
            344,
            "and two gaps: the drawing less its margins"
        );
        assert_eq!(c.table.headers, ["", "Понизили", "Подтвердили", "Повысили"]);
        assert!(c.svg.contains(">25<") && c.svg.contains(">68<") && c.svg.contains(">7<"));
    }

    #[test]
    fn marked_parts_are_hatched_and_named_in_the_legend_and_the_table() {
        let d = distribution().render();
        assert!(d.svg.contains("class=\"ff\""), "the sign's colour");
        assert!(d.svg.contains("class=\"sb\""), "and its stripes");
        assert!(
            d.svg.contains(">из них с признаком<"),
            "named in the legend"
        );
        assert_eq!(d.table.rows.len(), 2, "a row of the flagged in the table");
        assert_eq!(d.table.rows[1][0], "из них с признаком");
        let flagged: f64 = d.table.rows[1][1..]
            .iter()
            .map(|v| v.parse::<f64>().unwrap())
            .sum();
        assert_eq!(flagged, 6.0);
    }

    #[test]
    fn odd_data_draws_without_panicking() {
        for values in [
            vec![],
            vec![Some(0.0)],
            vec![Some(0.0); 30],
            vec![None, Some(f64::NAN)],
        ] {
            for horizontal in [false, true] {
                let c = Bars {
                    id: "o".into(),
                    categories: (0..values.len()).map(|i| i.to_string()).collect(),
                    series: vec![Series {
                        name: "Школ".into(),
                        meaning: Meaning::School,
                        values: values.clone(),
                    }],
                    y_max: values.iter().flatten().fold(0.0, |a: f64, &b| a.max(b)),
                    labels: true,
                    horizontal,
                    stacked: horizontal,
                    bin_width: Some(0.0),
                    rules: vec![Rule {
                        at: f64::NAN,
                        label: "x̄".into(),
                    }],
                    ..Bars::default()
                }
                .render();
                assert!(c.svg.ends_with("</svg>"));
                assert!(
                    !c.svg.contains("NaN") && !c.svg.contains("inf"),
                    "{}",
                    c.svg
                );
            }
        }
    }

    #[test]
    fn names_run_across_with_every_name_written_in_full_or_shortened() {
        let c = Bars {
            id: "n".into(),
            title: "Школы".into(),
            categories: vec![
                "Школа №1".into(),
                "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа №2»".into(),
            ],
            series: vec![series("Признаков", Meaning::FederalSign, &[2.0, 1.0])],
            y_max: 2.0,
            labels: true,
            horizontal: true,
            value_title: "Признаков ФИОКО".into(),
            ..Bars::default()
        }
        .render();
        assert!(
            c.svg.contains(">Школа №1<") && c.svg.contains("…<"),
            "{}",
            c.svg
        );
        assert!(
            c.svg.contains(">Признаков ФИОКО<"),
            "the value axis has its title"
        );
        assert_eq!(
            c.table.rows[1][0],
            "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа №2»",
            "the table keeps the full name"
        );
        assert!(overlaps(&c.svg).is_empty());
    }

    #[test]
    fn reference_lines_are_named_in_the_legend() {
        let c = Bars {
            id: "h".into(),
            title: "Баллы".into(),
            categories: (0..20).map(|s| s.to_string()).collect(),
            series: vec![Series {
                name: "Участников".into(),
                meaning: Meaning::School,
                values: (0..20).map(|s| Some(s as f64)).collect(),
            }],
            y_max: 19.0,
            rules: vec![Rule {
                at: 6.0,
                label: "«3»".into(),
            }],
            rules_legend: "границы отметок".into(),
            ..Bars::default()
        }
        .render();
        assert!(
            c.svg.contains(">границы отметок<") && c.svg.contains(">«3»<"),
            "{}",
            c.svg
        );
        assert!(c.svg.contains("class=\"sx\""), "drawn as a reference line");
    }

    #[test]
    fn charts_stay_small_and_deterministic() {
        let (a, b) = (chart(), chart());
        assert_eq!(a.svg, b.svg);
        assert!(a.svg.len() < 3_000, "{} bytes", a.svg.len());
        let d = distribution().render();
        assert!(d.svg.len() < 5_000, "{} bytes", d.svg.len());
    }
}
