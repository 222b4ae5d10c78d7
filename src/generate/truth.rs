//! How well the markers find what `oko generate` planted: per marker, its recall on the schools
//! planted for it and its false alarms among honest schools and among honest strong schools
//! whose teachers grade strictly (`data/ground_truth.csv`).
//!
//! A school is flagged in a year when the marker is raised for any of its cells that year; the
//! false-alarm shares are of school-years, the unit a school's yearly report shows. Recall is of
//! planted schools flagged in any year.

use crate::indicators::Indicators;
use crate::model::{Kind, Marker, Project};
use std::collections::{BTreeMap, BTreeSet};

/// One line of the truth file: a school, what was planted (or `strong_strict`) and the year(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truth {
    pub org: String,
    pub anomaly: String,
}

/// Reads `data/ground_truth.csv` (`org,anomaly,year`).
pub fn read(text: &str) -> Vec<Truth> {
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            Some(Truth {
                org: f.next()?.to_owned(),
                anomaly: f.next()?.to_owned(),
            })
        })
        .collect()
}

/// The planted anomaly each marker is meant to find (its registry entry's).
pub fn meant_for(marker: Marker) -> Option<&'static str> {
    marker.spec().plants
}

/// One marker's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub marker: Marker,
    pub planted: usize,
    pub found: usize,
    /// Honest school-years, and those flagged.
    pub honest: (usize, usize),
    /// Strong-strict school-years, and those flagged.
    pub strong_strict: (usize, usize),
}

fn share((n, k): (usize, usize)) -> f64 {
    if n == 0 {
        0.0
    } else {
        k as f64 / n as f64
    }
}

impl Row {
    pub fn recall(&self) -> Option<f64> {
        (self.planted > 0).then(|| self.found as f64 / self.planted as f64)
    }

    pub fn honest_share(&self) -> f64 {
        share(self.honest)
    }

    pub fn strong_strict_share(&self) -> f64 {
        share(self.strong_strict)
    }
}

/// The table of every marker on a generated project.
pub fn table(project: &Project, ind: &Indicators, truth: &[Truth]) -> Vec<Row> {
    let kind_of: BTreeMap<&str, &str> = truth
        .iter()
        .map(|t| (t.org.as_str(), t.anomaly.as_str()))
        .collect();
    let years: BTreeSet<u16> = project.cells.keys().map(|sc| sc.key.year).collect();
    let schools: Vec<(&str, crate::model::OrgId)> = project
        .orgs
        .of_kind(Kind::School)
        .map(|s| (project.orgs.get(s).id.as_str(), s))
        .collect();
    let with_results: BTreeSet<(u16, crate::model::OrgId)> = project
        .cells
        .keys()
        .map(|sc| (sc.key.year, sc.org))
        .collect();
    Marker::ALL
        .iter()
        .map(|&marker| {
            let flagged: BTreeSet<(u16, crate::model::OrgId)> = ind
                .hits
                .iter()
                .filter(|h| h.marker == marker)
                .map(|h| (h.year, h.school))
                .collect();
            let mut row = Row {
                marker,
                planted: 0,
                found: 0,
                honest: (0, 0),
                strong_strict: (0, 0),
            };
            for &(id, school) in &schools {
                let kind = kind_of.get(id).copied();
                if kind.is_some() && kind == meant_for(marker) {
                    row.planted += 1;
                    row.found += usize::from(flagged.iter().any(|(_, s)| *s == school));
                }
                let tally = match kind {
                    None => &mut row.honest,
                    Some("strong_strict") => &mut row.strong_strict,
                    Some(_) => continue,
                };
                for &year in &years {
                    if with_results.contains(&(year, school)) {
                        tally.0 += 1;
                        tally.1 += usize::from(flagged.contains(&(year, school)));
                    }
                }
            }
            row
        })
        .collect()
}

/// The table as Markdown, for the closing note and the docs.
pub fn markdown(rows: &[Row]) -> String {
    let pct = |x: f64| crate::format::decimal(100.0 * x, 1);
    let mut s = String::from(
        "| marker | planted | found | recall | honest flagged | strong-strict flagged |\n|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let recall = r
            .recall()
            .map_or("—".to_owned(), |x| format!("{} %", pct(x)));
        s.push_str(&format!(
            "| `{}` | {} | {} | {recall} | {} of {} ({} %) | {} of {} ({} %) |\n",
            r.marker.code(),
            r.planted,
            r.found,
            r.honest.1,
            r.honest.0,
            pct(r.honest_share()),
            r.strong_strict.1,
            r.strong_strict.0,
            pct(r.strong_strict_share())
        ));
    }
    s
}
