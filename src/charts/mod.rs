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

use backend::{escape_into, CssSvg, AXIS, HIGHLIGHT, RULE};
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
    /// The chart `id` (unique on its page) with its title, description, SVG and table.
    fn new(id: &str, title: String, desc: String, svg: String, table: DataTable) -> Chart {
        let mut html =
            String::with_capacity(svg.len() + 200 + 40 * table.rows.len() * table.headers.len());
        html.push_str("<div class=\"chart-figure\">\n<figure>\n");
        html.push_str(&svg);
        let _ = write!(html, "\n<figcaption id=\"{id}-cap\">");
        escape_into(&mut html, &title);
        // The table's region is named by the caption, not by a second copy of the title.
        let _ = write!(html, "</figcaption>\n</figure>\n<details>\n<summary>Данные графика</summary>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"{id}-cap\">\n<table>\n<thead><tr>");
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

/// A vertical line across the plot at an x position (in category units), e.g. a mark boundary.
pub struct Rule {
    pub at: f64,
    pub label: String,
}

/// A grouped bar chart.
#[derive(Default)]
pub struct Bars {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub y_max: f64,
    /// Decimal places of the value labels.
    pub decimals: usize,
    /// Write each bar's value above it (off for dense histograms).
    pub labels: bool,
    pub rules: Vec<Rule>,
    /// Horizontal reference lines at a value, e.g. the cohort fences.
    pub levels: Vec<Rule>,
    /// Category index → highlighted (drawn in the highlight class), e.g. a peak at a boundary.
    pub highlight: Vec<usize>,
}

const WIDTH: u32 = 480;
const HEIGHT: u32 = 240;

fn fmt(v: f64, decimals: usize) -> String {
    crate::format::decimal(v, decimals)
}

/// The `<svg>` element's opening: size, role, title and description.
fn svg_open(out: &mut String, id: &str, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">"
    );
    escape_into(out, title);
    let _ = write!(out, "</title><desc id=\"{id}-desc\">");
    escape_into(out, desc);
    out.push_str("</desc>");
}

impl Bars {
    /// A dense series without value labels: drawn as one shape, its table on its side.
    fn is_histogram(&self) -> bool {
        !self.labels && self.series.len() == 1 && self.categories.len() > 12
    }

    /// Draws the chart and builds its table.
    pub fn render(self) -> Chart {
        let mut svg = String::with_capacity(4096);
        svg_open(&mut svg, &self.id, &self.title, &self.desc);
        {
            let root = CssSvg::new(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
            let n = self.categories.len().max(1);
            let legend_space = if self.series.len() > 1 { 22 } else { 0 };
            let mut chart = ChartBuilder::on(&root)
                .margin(8)
                .margin_top(8 + legend_space)
                .x_label_area_size(if n > 12 { 24 } else { 36 })
                .y_label_area_size(40)
                .build_cartesian_2d(0f64..n as f64, 0f64..self.y_max.max(1e-9) * 1.12)
                .expect("a chart area fits");
            chart
                .configure_mesh()
                .disable_x_mesh()
                .disable_y_mesh()
                .x_labels(0)
                .y_labels(5)
                .y_label_formatter(&|y| fmt(*y, if self.y_max < 5.0 { 1 } else { 0 }))
                .axis_style(AXIS)
                .label_style(("sans-serif", 15).into_font().color(&AXIS))
                .draw()
                .expect("axes draw");
            // Category labels under the bars' centres; on dense axes every k-th.
            let step = n.div_ceil(12);
            for (i, c) in self
                .categories
                .iter()
                .enumerate()
                .filter(|(i, _)| i % step == 0)
            {
                let style = ("sans-serif", 15)
                    .into_font()
                    .color(&AXIS)
                    .pos(Pos::new(HPos::Center, VPos::Top));
                chart
                    .draw_series(std::iter::once(Text::new(
                        c.clone(),
                        (i as f64 + 0.5, -self.y_max * 0.04),
                        style,
                    )))
                    .expect("category label draws");
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
                            fmt(*v, self.decimals),
                            (x0 + width / 2.0, *v + self.y_max * 0.03),
                        ));
                    }
                }
            }
            // Values after all bars, so that each series' bars are one shape.
            let value_style = ("sans-serif", 14)
                .into_font()
                .color(&AXIS)
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            for (label, at) in labels {
                chart
                    .draw_series(std::iter::once(Text::new(label, at, value_style.clone())))
                    .expect("label draws");
            }
            for (k, rule) in self.rules.iter().enumerate() {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(rule.at, 0.0), (rule.at, self.y_max * 1.08)],
                        RULE.stroke_width(2),
                    )))
                    .expect("rule draws");
                chart
                    .draw_series(std::iter::once(Text::new(
                        rule.label.clone(),
                        (rule.at + 0.05, self.y_max * (1.1 - 0.1 * k as f64)),
                        ("sans-serif", 14)
                            .into_font()
                            .color(&AXIS)
                            .pos(Pos::new(HPos::Left, VPos::Bottom)),
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
                chart
                    .draw_series(std::iter::once(Text::new(
                        level.label.clone(),
                        (0.05, level.at),
                        ("sans-serif", 14)
                            .into_font()
                            .color(&AXIS)
                            .pos(Pos::new(HPos::Left, VPos::Bottom)),
                    )))
                    .expect("level label draws");
            }
            if self.series.len() > 1 {
                let mut x = 48i32;
                for series in &self.series {
                    root.draw(&Rectangle::new(
                        [(x, 8), (x + 12, 20)],
                        backend::series(series.style).filled(),
                    ))
                    .expect("legend");
                    root.draw(&Text::new(
                        series.name.clone(),
                        (x + 16, 9),
                        ("sans-serif", 15).into_font().color(&AXIS),
                    ))
                    .expect("legend");
                    x += 28 + 7 * series.name.chars().count() as i32;
                }
            }
            root.present().expect("svg is written to a string");
        }
        svg.push_str("</svg>");
        if self.is_histogram() {
            // A histogram's table lies on its side: a row of categories, a row of values.
            let series = &self.series[0];
            let mut headers = vec![String::new()];
            headers.extend(self.categories.iter().cloned());
            let mut values = vec![series.name.clone()];
            values.extend(
                series
                    .values
                    .iter()
                    .map(|v| v.map_or_else(|| "—".to_owned(), |v| fmt(v, self.decimals))),
            );
            return Chart::new(
                &self.id,
                self.title,
                self.desc,
                svg,
                DataTable {
                    headers,
                    rows: vec![values],
                },
            );
        }
        let mut headers = vec![String::new()];
        headers.extend(self.series.iter().map(|s| s.name.clone()));
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut row = vec![c.clone()];
                row.extend(self.series.iter().map(|s| {
                    s.values[i].map_or_else(|| "—".to_owned(), |v| fmt(v, self.decimals))
                }));
                row
            })
            .collect();
        Chart::new(
            &self.id,
            self.title,
            self.desc,
            svg,
            DataTable { headers, rows },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Chart {
        Bars {
            id: "t".into(),
            title: "Индекс по годам".into(),
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
            c.html
                .contains("<figcaption id=\"t-cap\">Индекс по годам</figcaption>")
                && c.html.contains("aria-labelledby=\"t-cap\"")
                && c.html.contains("<th scope=\"row\">2021</th><td>85,2</td>")
        );
        assert!(c.svg.contains(">85,2<"), "values are written on the bars");
        assert_eq!(c.table.rows, [["2021", "85,2"], ["2022", "81,5"]]);
    }

    #[test]
    fn charts_stay_small_and_deterministic() {
        let (a, b) = (chart(), chart());
        assert_eq!(a.svg, b.svg);
        assert!(a.svg.len() < 6_000, "{} bytes", a.svg.len());
    }
}
