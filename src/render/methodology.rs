//! The methodology page, generated from the parameters in force and the marker registry.

use super::{urls, Renderer};
use crate::format::decimal;
use crate::model::config::Scope;
use crate::model::marker::ScopeOf;
use crate::model::Marker;
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct MarkerParam {
    code: &'static str,
    label: &'static str,
    meaning: &'static str,
    counted: bool,
}

/// How one marker is computed, from the registry with the parameters in force.
#[derive(Serialize)]
struct MarkerMethod {
    code: &'static str,
    label: &'static str,
    method: String,
    /// «Охват», and the cells it looks at (empty: every cell).
    scope_label: &'static str,
    scope: Vec<String>,
    /// What the calibration parameter is, and its value per cell (supplementary signs).
    parameter: &'static str,
    calibration: Vec<CalibrationRow>,
}

/// How a supplementary sign was calibrated in one cell of a region.
#[derive(Serialize)]
struct CalibrationRow {
    region: String,
    year: u16,
    /// The work (or the procedure and size tercile).
    cell: String,
    parameter: String,
    schools: usize,
    flagged: usize,
    share: String,
}

#[derive(Serialize)]
struct MethodologyView {
    /// Mastery thresholds of task analysis: basic, advanced, high.
    mastery: (String, String, String),
    min_group: u32,
    min_publish: u32,
    federal: Vec<MarkerMethod>,
    supplementary: Vec<MarkerMethod>,
    markers: Vec<MarkerParam>,
}

impl Renderer<'_> {
    fn scope_text(&self, rules: &[Scope]) -> Vec<String> {
        rules
            .iter()
            .map(|r| {
                let procs: Vec<&str> = r.procedures.iter().map(|p| p.label()).collect();
                let subjects: Vec<&str> = r
                    .subjects
                    .iter()
                    .map(|&s| self.project.subjects.name(s))
                    .collect();
                let grades: Vec<String> = r.grades.iter().map(u8::to_string).collect();
                format!(
                    "{}: {}; классы {}",
                    procs.join(", "),
                    subjects.join(", "),
                    grades.join(", ")
                )
            })
            .collect()
    }

    /// A marker's method with the parameters in force written in.
    fn marker_method(&self, marker: Marker) -> MarkerMethod {
        let m = &self.project.config.methodology;
        let spec = marker.spec();
        let parameters = [
            ("{z}", decimal(m.z, 2)),
            ("{min_group}", m.min_group.to_string()),
            ("{iqr_k}", decimal(m.iqr_k, 1)),
            ("{peak_z}", decimal(m.peak_z, 2)),
            (
                "{peak_excess}",
                decimal(crate::indicators::supplementary::PEAK_EXCESS, 2),
            ),
            ("{low_confirmation_p}", decimal(m.low_confirmation_p, 3)),
            ("{external_z}", decimal(m.external_z, 2)),
            (
                "{min_schools}",
                crate::indicators::supplementary::MIN_SCHOOLS.to_string(),
            ),
            ("{external_pairs}", external_pairs(&m.external_pairs)),
            (
                "{cohort_min_schools}",
                crate::indicators::federal::COHORT_MIN_SCHOOLS.to_string(),
            ),
        ];
        let method = parameters
            .iter()
            .fold(spec.method.to_owned(), |text, (name, value)| {
                text.replace(name, value)
            });
        let (scope_label, scope) = match spec.scope {
            ScopeOf::InflatedMean => ("Охват", self.scope_text(&m.inflated_mean)),
            ScopeOf::MarkMismatch => ("Охват", self.scope_text(&m.mark_mismatch)),
            ScopeOf::Cohort => ("Охват (класс N)", self.scope_text(&m.cohort)),
            ScopeOf::Every => ("", Vec::new()),
        };
        let parameter = match marker {
            Marker::LowConfirmation => "сверхдисперсия ρ",
            Marker::BoundaryPeak => "разброс z на ложных границах",
            Marker::ExternalGap => "разброс между школами τ, п. п.",
            _ => "",
        };
        MarkerMethod {
            code: spec.code,
            label: spec.label,
            method,
            scope_label,
            scope,
            parameter,
            calibration: self.calibration_rows(marker),
        }
    }

    /// The calibration of a supplementary sign, cell by cell, as the disclosure gate allows.
    fn calibration_rows(&self, marker: Marker) -> Vec<CalibrationRow> {
        let project = self.project;
        let work = |k: &crate::model::CellKey| super::official::work_label(project, k);
        self.gate
            .calibration()
            .into_iter()
            .map(|c| *c.get())
            .filter(|c| c.marker == marker)
            .map(|c| CalibrationRow {
                region: project.orgs.get(c.region).display_name().to_owned(),
                year: c.year,
                cell: match (c.work, c.exam, c.tercile) {
                    (Some(w), Some(e), _) => format!("{} {} г. — {}", work(&w), w.year, work(&e)),
                    (Some(w), None, _) => work(&w),
                    (None, _, t) => format!(
                        "{}, школы {} трети по числу участников",
                        c.procedure.label(),
                        match t {
                            Some(1) => "первой (малые)",
                            Some(2) => "второй",
                            _ => "третьей (крупные)",
                        }
                    ),
                },
                parameter: decimal(
                    c.parameter,
                    if marker == Marker::LowConfirmation {
                        3
                    } else {
                        2
                    },
                ),
                schools: c.schools,
                flagged: c.flagged,
                share: decimal(100.0 * c.flagged as f64 / c.schools.max(1) as f64, 1),
            })
            .collect()
    }

    pub(super) fn methodology(&self, out: &mut Output) -> Result<()> {
        let m = &self.project.config.methodology;
        let (federal, supplementary): (Vec<Marker>, Vec<Marker>) =
            Marker::ALL.iter().partition(|k| k.is_federal());
        let view = MethodologyView {
            mastery: (
                decimal(m.mastery.basic, 0),
                decimal(m.mastery.advanced, 0),
                decimal(m.mastery.high, 0),
            ),
            min_group: m.min_group,
            min_publish: m.min_publish,
            federal: federal.into_iter().map(|k| self.marker_method(k)).collect(),
            supplementary: supplementary
                .into_iter()
                .map(|k| self.marker_method(k))
                .collect(),
            markers: Marker::ALL
                .iter()
                .map(|&k| MarkerParam {
                    code: k.code(),
                    label: k.label(),
                    meaning: k.spec().meaning,
                    counted: m.index_markers.contains(&k),
                })
                .collect(),
        };
        let path = urls::METHODOLOGY;
        self.page(
            "methodology.html",
            path,
            "Методика",
            self.home_crumb(path),
            &view,
            out,
        )
    }
}

/// «ВПР 8 кл. (год Y) — ОГЭ 9 кл. (год Y + 1); …»
fn external_pairs(pairs: &[crate::model::config::ExternalPair]) -> String {
    let year = |later: u16| match later {
        0 => "год Y".to_owned(),
        k => format!("год Y + {k}"),
    };
    let list: Vec<String> = pairs
        .iter()
        .map(|p| {
            format!(
                "ВПР {} кл. (год Y) — {} {} кл. ({})",
                p.vpr_grade,
                p.exam.label(),
                p.exam_grade,
                year(p.years_later)
            )
        })
        .collect();
    if list.is_empty() {
        "не заданы".to_owned()
    } else {
        list.join("; ")
    }
}
