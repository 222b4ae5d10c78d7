//! How a marker reads on a page: its name, what it means in plain words, the cell it concerns and
//! the numbers that raised it. A marker is always a sign («признак»), never proof.

use crate::indicators::disclosure::{Numbers, Shown};
use crate::indicators::Hit;
use crate::model::marker::Context;
use crate::model::Project;
use serde::Serialize;

/// A marker as a page shows it.
#[derive(Serialize, Clone)]
pub struct MarkerView {
    pub code: &'static str,
    pub label: String,
    pub federal: bool,
    pub meaning: String,
    /// «ВПР · Математика · 4 кл.» or «ВПР» for pooled markers.
    pub cell: String,
    /// The numbers that raised it, in one sentence.
    pub evidence: String,
}

/// Markers of one kind in one year, with the meaning said once.
#[derive(Serialize)]
pub struct MarkerGroup {
    pub code: &'static str,
    pub label: String,
    pub meaning: String,
    pub items: Vec<MarkerView>,
}

/// Groups marker views by kind, keeping the order of first appearance.
pub fn group(views: Vec<MarkerView>) -> Vec<MarkerGroup> {
    let mut groups: Vec<MarkerGroup> = Vec::new();
    for v in views {
        match groups.iter_mut().find(|g| g.code == v.code) {
            Some(g) => g.items.push(v),
            None => groups.push(MarkerGroup {
                code: v.code,
                label: v.label.clone(),
                meaning: v.meaning.clone(),
                items: vec![v],
            }),
        }
    }
    groups
}

impl MarkerView {
    /// A marker with its numbers, or with «числа скрыты» (`ui.numbers_hidden`) when the gate kept them back.
    pub fn new(project: &Project, hit: &Hit, numbers: Option<Shown<Numbers>>) -> MarkerView {
        let lang = project.lang();
        let cell = match (hit.cell, hit.procedure) {
            (Some(k), _) => project.work_label(&k),
            (None, Some(p)) => p.label(lang),
            (None, None) => String::new(),
        };
        let evidence = match numbers.map(|n| n.value()) {
            Some(n) => n.evidence.sentence(
                &Context {
                    marker: hit.marker,
                    year: hit.year,
                    grade: hit.cell.map(|c| c.grade),
                    value: n.value.unwrap_or_default(),
                    threshold: n.threshold.unwrap_or_default(),
                },
                lang,
            ),
            None => crate::i18n::msg_in!(lang, "ui.numbers_hidden"),
        };
        MarkerView {
            code: hit.marker.code(),
            label: hit.marker.label(lang),
            federal: hit.marker.is_federal(),
            meaning: hit.marker.meaning(lang),
            cell,
            evidence,
        }
    }
}
