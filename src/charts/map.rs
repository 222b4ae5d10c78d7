//! The objectivity map: a region's municipalities drawn from their boundaries
//! ([`crate::model::map`]) as one static inline SVG, each filled by its class of the index.
//!
//! The projection is equirectangular with longitudes scaled by the cosine of the middle latitude,
//! true enough in shape for one region. Coordinates are written with one decimal, and a point
//! that rounds to the one before it is dropped: the only simplification, which keeps a detailed
//! boundary export a few dozen kilobytes. The palette is sequential and its lightness falls
//! monotonically from the highest class to the lowest, so a greyscale print keeps the order;
//! the colours are the stylesheet's (`.map-c0` … `.map-c4`, `.map-none` hatched). The SVG is
//! a labelled group (`role="group"`: an image may not hold links) whose areas link to their
//! pages for a pointer; the same links and numbers are in the table beside it, the map's text
//! alternative, so the areas are kept out of the tab order.

use crate::format::escape_into;
use crate::model::map::{Point, Shape};
use std::fmt::Write as _;

/// The classes of the palette.
pub const CLASSES: usize = 5;

/// The width of the map's drawing, and the most its height may be.
const WIDTH: f64 = 600.0;
const MAX_HEIGHT: f64 = 720.0;
/// A margin around the drawing, so that a boundary's stroke is not cut.
const PAD: f64 = 2.0;

/// One municipality on the map.
pub struct Area<'a> {
    /// What a pointer's tooltip says: its name and index.
    pub title: String,
    pub url: &'a str,
    /// Its class ([`classes`]), or `None` without an index.
    pub class: Option<usize>,
    pub shape: &'a Shape,
}

/// Equal intervals of the index between the lowest and the highest value, `CLASSES` of them:
/// each value's class (0 the lowest) and each class's bounds. One class when all values are
/// equal.
pub fn classes(values: &[Option<f64>]) -> (Vec<Option<usize>>, Vec<(f64, f64)>) {
    let known = values.iter().flatten().copied();
    let lo = known.clone().fold(f64::INFINITY, f64::min);
    let hi = known.fold(f64::NEG_INFINITY, f64::max);
    if values.iter().all(Option::is_none) {
        return (vec![None; values.len()], Vec::new());
    }
    if lo == hi {
        return (
            values.iter().map(|v| v.map(|_| 0)).collect(),
            vec![(lo, hi)],
        );
    }
    let step = (hi - lo) / CLASSES as f64;
    let bounds = (0..CLASSES)
        .map(|k| (lo + step * k as f64, lo + step * (k + 1) as f64))
        .collect();
    let class = |v: f64| (((v - lo) / step).floor() as usize).min(CLASSES - 1);
    (values.iter().map(|v| v.map(class)).collect(), bounds)
}

/// The map: one link and path per area, `label` its accessible name, each area filled by
/// [`class_name`] of its class among `classes`.
pub fn svg(areas: &[Area], classes: usize, label: &str) -> String {
    let points = areas
        .iter()
        .flat_map(|a| &a.shape.polygons)
        .flatten()
        .flatten();
    let (mut west, mut east, mut south, mut north) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
    for &[lon, lat] in points {
        (west, east) = (west.min(lon), east.max(lon));
        (south, north) = (south.min(lat), north.max(lat));
    }
    let kx = ((south + north) / 2.0).to_radians().cos();
    let (w, h) = (((east - west) * kx).max(1e-9), (north - south).max(1e-9));
    let scale = (WIDTH / w).min(MAX_HEIGHT / h);
    let project =
        |[lon, lat]: Point| (PAD + (lon - west) * kx * scale, PAD + (north - lat) * scale);
    let (width, height) = (w * scale + 2.0 * PAD, h * scale + 2.0 * PAD);
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<svg class=\"map\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"group\" aria-label=\""
    );
    escape_into(&mut out, label);
    out.push_str(
        "\" xmlns=\"http://www.w3.org/2000/svg\"><defs><pattern id=\"map-hatch\" \
         width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect class=\"map-hatch-bg\" width=\"6\" height=\"6\"/>\
         <line class=\"map-hatch-line\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"/></pattern></defs>\n",
    );
    for area in areas {
        out.push_str("<a href=\"");
        escape_into(&mut out, area.url);
        out.push_str("\" tabindex=\"-1\"><title>");
        escape_into(&mut out, &area.title);
        let class = class_name(area.class, classes);
        let _ = write!(out, "</title><path class=\"{class}\" d=\"");
        for ring in area.shape.polygons.iter().flatten() {
            // A ring is closed: its last point is its first, which `Z` draws.
            let open = &ring[..ring.len().saturating_sub(1)];
            path(&mut out, open.iter().map(|&p| project(p)));
        }
        out.push_str("\"/></a>\n");
    }
    out.push_str("</svg>");
    out
}

/// The stylesheet's class of class `class` of `classes`: `map-c0` (the lightest) for the
/// highest, `map-c4` (the darkest) for the lowest; the middle colour when there is one class;
/// `map-none` (hatched) for an area without an index.
pub fn class_name(class: Option<usize>, classes: usize) -> String {
    match class {
        Some(c) if classes > 1 => {
            format!("map-c{}", CLASSES - 1 - c * (CLASSES - 1) / (classes - 1))
        }
        Some(_) => format!("map-c{}", CLASSES / 2),
        None => "map-none".to_owned(),
    }
}

/// Appends one closed ring as `M x y L x y … Z`, with one decimal, leaving out a point that
/// rounds to the one before it.
fn path(out: &mut String, points: impl Iterator<Item = (f64, f64)>) {
    let mut last = None;
    for (x, y) in points {
        let at = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
        if last == Some(at) {
            continue;
        }
        let command = if last.is_none() { 'M' } else { 'L' };
        let _ = write!(out, "{command}{} {}", tenths(at.0), tenths(at.1));
        last = Some(at);
    }
    if last.is_some() {
        out.push('Z');
    }
}

/// A coordinate in tenths as SVG reads it: `123` → `12.3`, `120` → `12`.
fn tenths(v: i64) -> String {
    match v % 10 {
        0 => (v / 10).to_string(),
        r => format!("{}.{}", v / 10, r.abs()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_intervals_between_the_lowest_and_the_highest_index() {
        // 50 … 100 in five steps of 10: 50 → 0, 59.9 → 0, 60 → 1, 85 → 3, 100 → 4 (the top
        // bound belongs to the last class).
        let (class, bounds) = classes(&[
            Some(50.0),
            Some(59.9),
            Some(60.0),
            Some(85.0),
            Some(100.0),
            None,
        ]);
        assert_eq!(class, [Some(0), Some(0), Some(1), Some(3), Some(4), None]);
        assert_eq!(bounds[0], (50.0, 60.0));
        assert_eq!(bounds[4], (90.0, 100.0));
        assert_eq!(
            classes(&[Some(70.0), Some(70.0)]),
            (vec![Some(0), Some(0)], vec![(70.0, 70.0)])
        );
        assert_eq!(classes(&[None]), (vec![None], vec![]));
    }

    /// A unit square at the equator and a square with a hole beside it: the squares' corners,
    /// scaled so that 2° of width fill 600 px (300 px a degree), with the 2 px margin.
    #[test]
    fn draws_each_area_as_a_link_with_its_rings_and_class() {
        let square = |x0: f64, y0: f64, s: f64| {
            vec![
                [x0, y0],
                [x0 + s, y0],
                [x0 + s, y0 + s],
                [x0, y0 + s],
                [x0, y0],
            ]
        };
        let a = Shape {
            polygons: vec![vec![square(0.0, 0.0, 1.0)]],
        };
        let b = Shape {
            polygons: vec![vec![square(1.0, 0.0, 1.0), square(1.25, 0.25, 0.5)]],
        };
        let areas = [
            Area {
                title: "А: 50".into(),
                url: "../a/",
                class: Some(0),
                shape: &a,
            },
            Area {
                title: "Б".into(),
                url: "../b/",
                class: None,
                shape: &b,
            },
        ];
        let svg = svg(&areas, 5, "Карта");
        assert!(svg.starts_with(
            "<svg class=\"map\" viewBox=\"0 0 604 304\" role=\"group\" aria-label=\"Карта\""
        ));
        assert!(svg.contains(
            "<a href=\"../a/\" tabindex=\"-1\"><title>А: 50</title><path class=\"map-c4\" \
             d=\"M2 302L302 302L302 2L2 2Z\"/></a>"
        ));
        assert!(svg.contains(
            "<title>Б</title><path class=\"map-none\" d=\"M302 302L602 302L602 2L302 2Z\
             M377 227L527 227L527 77L377 77Z\"/>"
        ));
    }

    #[test]
    fn the_highest_class_is_the_lightest_and_one_class_the_middle_colour() {
        let shape = Shape {
            polygons: vec![vec![vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]],
        };
        let area = |class| Area {
            title: String::new(),
            url: "x",
            class: Some(class),
            shape: &shape,
        };
        assert!(svg(&[area(4)], 5, "").contains("map-c0"));
        assert!(svg(&[area(0)], 5, "").contains("map-c4"));
        assert!(svg(&[area(0)], 1, "").contains("map-c2"));
    }

    #[test]
    fn writes_tenths_short() {
        assert_eq!(tenths(123), "12.3");
        assert_eq!(tenths(120), "12");
        assert_eq!(tenths(5), "0.5");
    }
}
