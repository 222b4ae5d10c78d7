//! Charts: numbers in, accessible inline SVG out. Nothing is written here.
//!
//! plotters lays the chart out and draws it through [`backend::CssSvg`], which writes CSS
//! classes instead of colours and font attributes, so the stylesheet and its dark theme colour
//! the charts. Every chart carries `role="img"`, a `<title>` and a `<desc>`, and comes with the
//! same numbers as a table behind «Данные графика»; [`Chart::html`] is the whole figure, built
//! here in one buffer. Values are written on the bars, so no meaning rests on colour alone.
//! Coordinates are whole pixels, there are no grid lines, and a dense series (a histogram) is
//! one polygon, which keeps each chart a few kilobytes.

mod backend;
pub mod map;

use crate::format::escape_into;
use backend::{CssSvg, AXIS, HIGHLIGHT, RULE};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;
use std::fmt::Write as _;

/// The same numbers as the chart, for a table beside it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A finished chart. Only [`Chart::html`] reaches a template.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Chart {
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
            title,
            reading,
            desc,
            svg,
            table,
            html,
        }
    }
}

/// One series of a bar chart. `style` 1..=3 picks its colour class.
#[derive(Default)]
pub struct Series {
    pub name: String,
    pub style: u8,
    pub values: Vec<Option<f64>>,
}

/// A reference line: vertical at a category position (`rules`, e.g. a mark boundary) or across
/// at a value (`levels`, e.g. the cohort fences). Its `label` is written at the line (rules) or
/// in the legend (levels).
pub struct Rule {
    pub at: f64,
    pub label: String,
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
    /// Counts: ticks at whole numbers only.
    pub integer: bool,
    /// The categories are names (schools, municipalities, works): bars run across, one row per
    /// category with its name above its bar, in the order given (callers sort by value).
    pub horizontal: bool,
    pub rules: Vec<Rule>,
    /// What the `rules` are, for the legend («границы отметок»).
    pub rules_legend: String,
    /// Reference values drawn across the plot and named in the legend.
    pub levels: Vec<Rule>,
    /// Category index → highlighted (drawn in the highlight class), e.g. a peak at a boundary.
    pub highlight: Vec<usize>,
    /// The language of the chart's own words («Данные графика»).
    pub lang: crate::i18n::Lang,
}

/// The drawing's width: a phone's content width, so that the stylesheet's 14-unit text stays at
/// least 12 px on a 360 px screen (and grows on wider ones).
const WIDTH: u32 = 360;
const HEIGHT: u32 = 250;
/// Estimated width of an average character of chart text, for layout.
const CHAR: f64 = 7.8;

/// Estimated width of `text` in chart units: capitals are wider than small letters.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            ' ' | '.' | ',' | '·' => 4.0,
            c if c.is_uppercase() => 10.0,
            _ => CHAR,
        })
        .sum()
}
const LINE: i32 = 18;

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

/// A tick step for an axis from 0 to `max`: 1, 2, 2.5 or 5 times a power of ten, at most five
/// intervals; whole numbers for counts.
pub fn tick_step(max: f64, integer: bool) -> f64 {
    let raw = (max / 5.0).max(1e-9);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * magnitude);
    if integer {
        step.ceil().max(1.0)
    } else {
        step
    }
}

/// One entry of a legend: a swatch (a bar colour or a line) and its text.
enum Swatch {
    Bar(u8),
    Line,
}

/// Draws the legend from the top left, wrapping at the drawing's width; returns its height.
/// Where each legend entry goes: its top-left corner and its text in lines, wrapping entries
/// at the drawing's width; and the legend's height.
fn legend_layout(entries: &[(Swatch, String)]) -> (Vec<(i32, i32, Vec<String>)>, i32) {
    if entries.is_empty() {
        return (Vec::new(), 0);
    }
    let room = ((WIDTH as f64 - 8.0 - 30.0) / CHAR) as usize;
    let (mut x, mut y) = (8i32, 6i32);
    let mut placed = Vec::new();
    for (_, text) in entries {
        let lines = wrap(text, room);
        let widest = lines.iter().map(|l| text_width(l)).fold(0.0, f64::max);
        let width = 30 + widest as i32;
        if x > 8 && (x + width > WIDTH as i32 || lines.len() > 1) {
            x = 8;
            y += LINE;
        }
        let extra = (lines.len() as i32 - 1) * LINE;
        placed.push((x, y, lines));
        y += extra;
        x += width;
    }
    (placed, y + LINE + 2)
}

/// Draws the legend from the top left; returns its height.
fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    entries: &[(Swatch, String)],
) -> i32 {
    let (placed, height) = legend_layout(entries);
    for ((swatch, _), (x, y, lines)) in entries.iter().zip(placed) {
        match swatch {
            Swatch::Bar(style) => root.draw(&Rectangle::new(
                [(x, y + 2), (x + 12, y + 14)],
                backend::series(*style).filled(),
            )),
            Swatch::Line => root.draw(&PathElement::new(
                vec![(x + 6, y), (x + 6, y + 16)],
                RULE.stroke_width(2),
            )),
        }
        .expect("legend draws");
        for (i, line) in lines.into_iter().enumerate() {
            root.draw(&Text::new(
                line,
                (x + 18, y + 1 + i as i32 * LINE),
                label_font(HPos::Left, VPos::Top),
            ))
            .expect("legend draws");
        }
    }
    height
}

/// Splits `text` at spaces into lines of at most `room` characters (a longer word stays whole).
fn wrap(text: &str, room: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

fn label_font(h: HPos, v: VPos) -> TextStyle<'static> {
    ("sans-serif", 17.4)
        .into_font()
        .color(&AXIS)
        .pos(Pos::new(h, v))
}

impl Bars {
    /// A dense series without value labels: drawn as one shape, its table on its side.
    fn is_histogram(&self) -> bool {
        !self.labels && self.series.len() == 1 && self.categories.len() > 12
    }

    fn legend_entries(&self) -> Vec<(Swatch, String)> {
        let mut entries: Vec<(Swatch, String)> = Vec::new();
        if self.series.len() > 1 {
            entries.extend(
                self.series
                    .iter()
                    .map(|s| (Swatch::Bar(s.style), s.name.clone())),
            );
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

    /// Bars across, for names: each category's name on its own line above its bars, the value
    /// at the bar's end, the value axis's title at the top.
    fn draw_across(&self, svg: &mut String) {
        let series = self.series.len().max(1) as i32;
        let row = LINE + 2 + series * 14 + 8;
        let entries = self.legend_entries();
        let top = legend_layout(&entries).1.max(6)
            + if self.value_title.is_empty() {
                0
            } else {
                LINE + 4
            };
        let height = (top + row * self.categories.len() as i32 + 8).max(60) as u32;
        svg_open(svg, &self.id, (WIDTH, height), &self.title, &self.desc);
        let root = CssSvg::new(svg, (WIDTH, height)).into_drawing_area();
        let legend_h = legend(&root, &entries);
        let mut y = legend_h.max(6);
        if !self.value_title.is_empty() {
            root.draw(&Text::new(
                self.value_title.clone(),
                (8, y),
                label_font(HPos::Left, VPos::Top),
            ))
            .expect("title draws");
            y += LINE + 4;
        }
        let span = (WIDTH as f64 - 16.0 - 52.0).max(10.0);
        let max = self.y_max.max(1e-9);
        let x_of = |v: f64| 8 + (span * (v / max).clamp(0.0, 1.0)).round() as i32;
        let max_chars = ((WIDTH as f64 - 16.0) / CHAR) as usize;
        let first = y;
        for (i, name) in self.categories.iter().enumerate() {
            let shown: String = if name.chars().count() > max_chars {
                let cut: String = name.chars().take(max_chars - 1).collect();
                format!("{cut}…")
            } else {
                name.clone()
            };
            root.draw(&Text::new(shown, (8, y), label_font(HPos::Left, VPos::Top)))
                .expect("name draws");
            let mut bar_y = y + LINE + 2;
            for s in &self.series {
                if let Some(v) = s.values.get(i).copied().flatten() {
                    let fill = if self.highlight.contains(&i) {
                        HIGHLIGHT
                    } else {
                        backend::series(s.style)
                    };
                    root.draw(&Rectangle::new(
                        [(8, bar_y), (x_of(v).max(9), bar_y + 12)],
                        fill.filled(),
                    ))
                    .expect("bar draws");
                    if self.labels {
                        root.draw(&Text::new(
                            crate::format::decimal_in(self.lang, v, self.decimals),
                            (x_of(v).max(9) + 4, bar_y - 1),
                            label_font(HPos::Left, VPos::Top),
                        ))
                        .expect("value draws");
                    }
                }
                bar_y += 14;
            }
            y += row;
        }
        root.draw(&PathElement::new(
            vec![(8, first + LINE), (8, y - 6)],
            AXIS.stroke_width(1),
        ))
        .expect("axis draws");
        for level in &self.levels {
            let x = x_of(level.at);
            root.draw(&PathElement::new(
                vec![(x, first + LINE), (x, y - 6)],
                RULE.stroke_width(2),
            ))
            .expect("level draws");
        }
        root.present().expect("svg is written to a string");
    }

    /// Columns, for years, marks, scores and other ordered categories.
    fn draw_columns(&self, svg: &mut String) {
        svg_open(svg, &self.id, (WIDTH, HEIGHT), &self.title, &self.desc);
        let root = CssSvg::new(svg, (WIDTH, HEIGHT)).into_drawing_area();
        let legend_h = legend(&root, &self.legend_entries());
        let n = self.categories.len().max(1);
        let integer = self.integer || self.decimals == 0 && self.y_max >= 5.0;
        let step = tick_step(self.y_max.max(1e-9), integer);
        let top = ((self.y_max / step).ceil() * step).max(step);
        let title_h = if self.value_title.is_empty() { 0 } else { LINE };
        if !self.value_title.is_empty() {
            root.draw(&Text::new(
                self.value_title.clone(),
                (8, legend_h.max(4)),
                label_font(HPos::Left, VPos::Top),
            ))
            .expect("title draws");
        }
        let below = if self.category_title.is_empty() {
            22
        } else {
            22 + LINE
        };
        let mut chart = ChartBuilder::on(&root)
            .margin(6)
            .margin_top(legend_h.max(4) + title_h + 8)
            .x_label_area_size(below)
            .y_label_area_size(36)
            .build_cartesian_2d(0f64..n as f64, 0f64..top * 1.1)
            .expect("a chart area fits");
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_y_mesh()
            .x_labels(0)
            .y_labels(0)
            .axis_style(AXIS)
            .draw()
            .expect("axes draw");
        let tick_decimals = if step.fract() == 0.0 {
            0
        } else if (step * 10.0).fract() == 0.0 {
            1
        } else {
            2
        };
        let mut t = 0.0;
        while t <= top + step * 1e-9 {
            let (x, y) = chart.backend_coord(&(0.0, t));
            root.draw(&PathElement::new(
                vec![(x - 4, y), (x, y)],
                AXIS.stroke_width(1),
            ))
            .expect("tick draws");
            root.draw(&Text::new(
                crate::format::decimal_in(self.lang, t, tick_decimals),
                (x - 6, y),
                label_font(HPos::Right, VPos::Center),
            ))
            .expect("tick label draws");
            t += step;
        }
        // Category labels under the bars' centres; on dense axes every k-th.
        let every = n.div_ceil(8);
        for (i, c) in self
            .categories
            .iter()
            .enumerate()
            .filter(|(i, _)| i % every == 0)
        {
            chart
                .draw_series(std::iter::once(Text::new(
                    c.clone(),
                    (i as f64 + 0.5, -top * 0.03),
                    label_font(HPos::Center, VPos::Top),
                )))
                .expect("category label draws");
        }
        if !self.category_title.is_empty() {
            root.draw(&Text::new(
                self.category_title.clone(),
                (WIDTH as i32 / 2 + 15, HEIGHT as i32 - LINE - 2),
                label_font(HPos::Center, VPos::Top),
            ))
            .expect("title draws");
        }
        let groups = self.series.len().max(1) as f64;
        let width = 0.8 / groups;
        // A dense series without value labels (a histogram) is one step-shaped polygon;
        // highlighted bars are drawn over it.
        let compact = self.is_histogram();
        let mut labels = Vec::new();
        if compact {
            let series = &self.series[0];
            let mut outline = vec![(0.0, 0.0)];
            for (i, v) in series.values.iter().enumerate() {
                let v = v.unwrap_or(0.0);
                outline.push((i as f64 + 0.05, v));
                outline.push((i as f64 + 0.95, v));
                outline.push((i as f64 + 0.95, 0.0));
                outline.push((i as f64 + 1.05, 0.0));
            }
            chart
                .draw_series(std::iter::once(Polygon::new(
                    outline,
                    backend::series(series.style).filled(),
                )))
                .expect("histogram draws");
        }
        for (s, series) in self.series.iter().enumerate() {
            let colour = backend::series(series.style);
            for (i, v) in series.values.iter().enumerate() {
                let Some(v) = v else { continue };
                if compact && !self.highlight.contains(&i) {
                    continue;
                }
                let x0 = i as f64 + 0.1 + s as f64 * width;
                let fill = if self.highlight.contains(&i) {
                    HIGHLIGHT
                } else {
                    colour
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, 0.0), (x0 + width, *v)],
                        fill.filled(),
                    )))
                    .expect("bar draws");
                if self.labels {
                    labels.push((
                        crate::format::decimal_in(self.lang, *v, self.decimals),
                        (x0 + width / 2.0, *v + top * 0.02),
                    ));
                }
            }
        }
        // Values after all bars, so that each series' bars are one shape.
        for (label, at) in labels {
            chart
                .draw_series(std::iter::once(Text::new(
                    label,
                    at,
                    label_font(HPos::Center, VPos::Bottom),
                )))
                .expect("label draws");
        }
        for rule in &self.rules {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(rule.at, 0.0), (rule.at, top * 1.02)],
                    RULE.stroke_width(2),
                )))
                .expect("rule draws");
            chart
                .draw_series(std::iter::once(Text::new(
                    rule.label.clone(),
                    (rule.at, top * 1.03),
                    label_font(HPos::Center, VPos::Bottom),
                )))
                .expect("rule label draws");
        }
        for level in &self.levels {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(0.0, level.at), (n as f64, level.at)],
                    RULE.stroke_width(2),
                )))
                .expect("level draws");
        }
        root.present().expect("svg is written to a string");
    }

    /// The same numbers as a table; a histogram's lies on its side.
    fn table(&self) -> DataTable {
        let value = |v: &Option<f64>| {
            v.map_or_else(
                || "—".to_owned(),
                |v| crate::format::decimal_in(self.lang, v, self.decimals),
            )
        };
        if self.is_histogram() {
            let series = &self.series[0];
            let mut headers = vec![self.category_title.clone()];
            headers.extend(self.categories.iter().cloned());
            let mut values = vec![series.name.clone()];
            values.extend(series.values.iter().map(value));
            return DataTable {
                headers,
                rows: vec![values],
            };
        }
        let mut headers = vec![self.category_title.clone()];
        headers.extend(self.series.iter().map(|s| s.name.clone()));
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut row = vec![c.clone()];
                row.extend(self.series.iter().map(|s| value(&s.values[i])));
                row
            })
            .collect();
        DataTable { headers, rows }
    }
}

#[cfg(test)]
mod tests {
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
                style: 1,
                values: vec![Some(85.2), Some(81.5)],
            }],
            y_max: 100.0,
            decimals: 1,
            labels: true,
            ..Bars::default()
        }
        .render()
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
            c.svg.contains("class=\"f1\""),
            "bars take their colour from CSS"
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
    fn count_axes_tick_at_whole_numbers_and_others_at_round_values() {
        assert_eq!(tick_step(1.0, true), 1.0, "not 0,2 for a count of 1");
        assert_eq!(tick_step(3.0, true), 1.0);
        assert_eq!(tick_step(17.0, true), 5.0);
        assert_eq!(tick_step(100.0, false), 20.0);
        assert_eq!(tick_step(2.0, false), 0.5);
        assert_eq!(tick_step(12.0, false), 2.5);
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
            series: vec![Series {
                name: "Признаков".into(),
                style: 1,
                values: vec![Some(2.0), Some(1.0)],
            }],
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
    }

    #[test]
    fn reference_lines_are_named_in_the_legend() {
        let c = Bars {
            id: "h".into(),
            title: "Баллы".into(),
            categories: (0..20).map(|s| s.to_string()).collect(),
            series: vec![Series {
                name: "Участников".into(),
                style: 1,
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
    }

    #[test]
    fn charts_stay_small_and_deterministic() {
        let (a, b) = (chart(), chart());
        assert_eq!(a.svg, b.svg);
        assert!(a.svg.len() < 6_000, "{} bytes", a.svg.len());
    }
}
