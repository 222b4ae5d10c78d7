//! The objectivity map on a region's page: its municipalities with a boundary in
//! data/map.geojson, each coloured by its index in the newest year ([`crate::charts::map`]),
//! with a legend; the table of municipalities beside it is its text alternative.

use super::area::ChildRow;
use super::facts::Facts;
use crate::charts::map::{classes, svg, Area, CLASSES};
use crate::format::decimal_in;
use crate::i18n::msg_in;
use crate::model::{Kind, OrgId};
use serde::Serialize;

/// One class of the legend: its swatch's class and its bounds in words.
#[derive(Serialize)]
pub(super) struct LegendRow {
    class: String,
    text: String,
}

/// The map as the template `map.html` shows it.
#[derive(Serialize)]
pub(super) struct MapView {
    /// The inline SVG.
    svg: String,
    /// The classes from the lowest index (the darkest) up, then «no data» when an area has none.
    legend: Vec<LegendRow>,
    year: u16,
}

/// The map of region `id` whose municipalities are `children` (in the order of its table), when
/// it is a region, has a year of results and a boundary for at least one municipality.
pub(super) fn view(f: &Facts, id: OrgId, children: &[ChildRow]) -> Option<MapView> {
    let project = f.project;
    let year = super::area::latest_year(f)?;
    if project.orgs.get(id).kind != Kind::Region {
        return None;
    }
    let lang = project.lang();
    let drawn: Vec<(&ChildRow, &crate::model::map::Shape)> = children
        .iter()
        .filter_map(|c| project.map.get(&c.id).map(|shape| (c, shape)))
        .collect();
    if drawn.is_empty() {
        return None;
    }
    let values: Vec<Option<f64>> = drawn.iter().map(|(c, _)| c.index_value).collect();
    let (class_of, bounds) = classes(&values);
    let areas: Vec<Area> = drawn
        .iter()
        .zip(&class_of)
        .map(|(&(c, shape), &class)| Area {
            title: match class {
                Some(_) => msg_in!(lang, "ui.map_area", name = c.link.name, index = c.index),
                None => msg_in!(lang, "ui.map_area_none", name = c.link.name),
            },
            url: &c.link.url,
            class,
            shape,
        })
        .collect();
    let label = msg_in!(lang, "ui.map_label", year = year);
    let svg = svg(&areas, bounds.len(), &label);
    let one = |v: f64| decimal_in(lang, v, 1);
    let mut legend: Vec<LegendRow> = bounds
        .iter()
        .enumerate()
        .map(|(k, &(lo, hi))| LegendRow {
            class: crate::charts::map::class_name(Some(k), bounds.len()),
            text: if lo == hi {
                one(lo)
            } else {
                format!("{}–{}", one(lo), one(hi))
            },
        })
        .collect();
    if class_of.contains(&None) {
        legend.push(LegendRow {
            class: crate::charts::map::class_name(None, CLASSES),
            text: msg_in!(lang, "ui.map_none"),
        });
    }
    Some(MapView { svg, legend, year })
}
