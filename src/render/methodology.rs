//! The methodology page, generated from the parameters in force and the marker registry.

use super::facts::Facts;
use super::{urls, PageKind, Renderer};
use crate::format::decimal_in;
use crate::i18n::msg_in;
use crate::i18n::Lang;
use crate::model::config::Scope;
use crate::model::marker::ScopeOf;
use crate::model::Marker;
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct MarkerParam {
    code: &'static str,
    label: String,
    meaning: String,
    counted: bool,
}

/// How one marker is computed, from the registry with the parameters in force.
#[derive(Serialize)]
struct MarkerMethod {
    code: &'static str,
    label: String,
    method: String,
    /// «Охват», and the cells it looks at (empty: every cell).
    scope_label: String,
    scope: Vec<String>,
    /// What the calibration parameter is, and its value per cell (supplementary signs).
    parameter: String,
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

/// The scale of one work with results, and where it came from.
#[derive(Serialize)]
struct ScaleView {
    year: u16,
    work: String,
    /// max_score, mark3, mark4, mark5; none when the work has no scale.
    numbers: Option<[u16; 4]>,
    source: String,
}

#[derive(Serialize)]
struct MethodologyView {
    /// Mastery thresholds of task analysis: basic, advanced, high.
    mastery: (String, String, String),
    /// «Анализ ВПР»: its rules with the thresholds in force, cited.
    analysis: String,
    min_group: u32,
    min_publish: u32,
    /// Figures held back only because of what earlier releases published.
    held: usize,
    federal: Vec<MarkerMethod>,
    supplementary: Vec<MarkerMethod>,
    markers: Vec<MarkerParam>,
    scales: Vec<ScaleView>,
    cycle: CycleMethod,
}

/// The management cycle's section: where the recommendations come from and what each system
/// indicator counts.
#[derive(Serialize)]
struct CycleMethod {
    own_catalogue: bool,
    /// Each indicator's name and what it counts.
    indicators: Vec<(String, String)>,
}

fn scope_text(f: &Facts, rules: &[Scope]) -> Vec<String> {
    let lang = f.project.lang();
    rules
        .iter()
        .map(|r| {
            let procs: Vec<String> = r.procedures.iter().map(|p| p.label(lang)).collect();
            let subjects: Vec<String> = r
                .subjects
                .iter()
                .map(|&s| f.project.subjects.name_in(s, lang))
                .collect();
            let grades: Vec<String> = r.grades.iter().map(u8::to_string).collect();
            msg_in!(
                lang,
                "ui.scope",
                procedures = procs.join(", "),
                subjects = subjects.join(", "),
                grades = grades.join(", ")
            )
        })
        .collect()
}

/// A marker's method with the parameters in force written in.
fn marker_method(f: &Facts, marker: Marker) -> MarkerMethod {
    let m = &f.project.config.methodology;
    let lang = f.project.lang();
    let spec = marker.spec();
    // Every marker's registered parameters, then the section's own settings and constants.
    let mut parameters: Vec<(String, String)> = crate::model::marker::Spec::all_params()
        .map(|p| {
            (
                format!("{{{}}}", p.key),
                decimal_in(lang, m.param(p.key), p.decimals),
            )
        })
        .collect();
    parameters.extend([
        ("{min_group}".to_owned(), m.min_group.to_string()),
        (
            "{peak_excess}".to_owned(),
            decimal_in(lang, crate::indicators::supplementary::PEAK_EXCESS, 2),
        ),
        (
            "{min_schools}".to_owned(),
            crate::indicators::supplementary::MIN_SCHOOLS.to_string(),
        ),
        (
            "{external_pairs}".to_owned(),
            external_pairs(&m.external_pairs, lang),
        ),
        (
            "{cohort_min_schools}".to_owned(),
            crate::indicators::federal::COHORT_MIN_SCHOOLS.to_string(),
        ),
    ]);
    let method = parameters
        .iter()
        .fold(marker.method(lang), |text, (name, value)| {
            text.replace(name, value)
        });
    let (scope_label, scope) = match spec.scope {
        ScopeOf::InflatedMean => (
            msg_in!(lang, "ui.scope_label"),
            scope_text(f, &m.inflated_mean),
        ),
        ScopeOf::MarkMismatch => (
            msg_in!(lang, "ui.scope_label"),
            scope_text(f, &m.mark_mismatch),
        ),
        ScopeOf::Cohort => (
            msg_in!(lang, "ui.scope_label_cohort"),
            scope_text(f, &m.cohort),
        ),
        ScopeOf::Every => (String::new(), Vec::new()),
    };
    let parameter = match marker {
        Marker::LowConfirmation => msg_in!(lang, "ui.param_rho"),
        Marker::BoundaryPeak => msg_in!(lang, "ui.param_placebo"),
        Marker::ExternalGap => msg_in!(lang, "ui.param_tau"),
        _ => String::new(),
    };
    MarkerMethod {
        code: spec.code,
        label: marker.label(lang),
        method,
        scope_label,
        scope,
        parameter,
        calibration: calibration_rows(f, marker),
    }
}

/// The calibration of a supplementary sign, cell by cell, as the disclosure gate allows.
fn calibration_rows(f: &Facts, marker: Marker) -> Vec<CalibrationRow> {
    let project = f.project;
    let lang = project.lang();
    let work = |k: &crate::model::CellKey| project.work_label(k);
    f.gate
        .calibration()
        .into_iter()
        .map(|c| *c.get())
        .filter(|c| c.marker == marker)
        .map(|c| CalibrationRow {
            region: project.orgs.get(c.region).display_name().to_owned(),
            year: c.year,
            cell: match (c.work, c.exam, c.tercile) {
                (Some(w), Some(e), _) => {
                    msg_in!(
                        lang,
                        "ui.calibration_pair",
                        vpr = work(&w),
                        year = w.year,
                        exam = work(&e)
                    )
                }
                (Some(w), None, _) => work(&w),
                (None, _, t) => {
                    let third = match t {
                        Some(1) => msg_in!(lang, "ui.third_small"),
                        Some(2) => msg_in!(lang, "ui.third_middle"),
                        _ => msg_in!(lang, "ui.third_large"),
                    };
                    msg_in!(
                        lang,
                        "ui.calibration_tercile",
                        procedure = c.procedure.label(lang),
                        third = third
                    )
                }
            },
            parameter: decimal_in(
                lang,
                c.parameter,
                if marker == Marker::LowConfirmation {
                    3
                } else {
                    2
                },
            ),
            schools: c.schools,
            flagged: c.flagged,
            share: decimal_in(lang, 100.0 * c.flagged as f64 / c.schools.max(1) as f64, 1),
        })
        .collect()
}

/// Every work with results: its scale and whether it is the project's or oko's official one.
fn scales(f: &Facts) -> Vec<ScaleView> {
    let project = f.project;
    let lang = project.lang();
    let mut works: Vec<crate::model::CellKey> = project.cells.keys().map(|c| c.key).collect();
    works.dedup();
    works
        .into_iter()
        .map(|key| {
            let scale = project.scales.get(&key);
            let source = match scale {
                None => msg_in!(lang, "ui.no_scale"),
                Some(_) if project.builtin_scales.contains(&key) => {
                    msg_in!(lang, "ui.scale_official", year = key.year)
                }
                Some(_) => msg_in!(lang, "ui.scale_project"),
            };
            ScaleView {
                year: key.year,
                work: project.work_label(&key),
                numbers: scale.map(|s| [s.max_score, s.mark3, s.mark4, s.mark5]),
                source,
            }
        })
        .collect()
}

fn methodology(r: &Renderer, out: &mut Output) -> Result<()> {
    let f = &r.facts;
    let m = &f.project.config.methodology;
    let lang = f.project.lang();
    let (federal, supplementary): (Vec<Marker>, Vec<Marker>) =
        Marker::ALL.iter().partition(|k| k.is_federal());
    let view = MethodologyView {
        mastery: (
            decimal_in(lang, m.mastery.basic, 0),
            decimal_in(lang, m.mastery.advanced, 0),
            decimal_in(lang, m.mastery.high, 0),
        ),
        analysis: super::analysis::method(f),
        min_group: m.min_group,
        min_publish: m.min_publish,
        held: f.gate.held_count(),
        federal: federal.into_iter().map(|k| marker_method(f, k)).collect(),
        supplementary: supplementary
            .into_iter()
            .map(|k| marker_method(f, k))
            .collect(),
        markers: Marker::ALL
            .iter()
            .map(|&k| MarkerParam {
                code: k.code(),
                label: k.label(lang),
                meaning: k.meaning(lang),
                counted: m.index_markers.contains(&k),
            })
            .collect(),
        scales: scales(f),
        cycle: CycleMethod {
            own_catalogue: f.project.recommendations.path.is_some(),
            indicators: crate::indicators::cycle::system::Indicator::ALL
                .iter()
                .map(|k| (k.label(lang), k.meaning(lang)))
                .collect(),
        },
    };
    let path = urls::METHODOLOGY;
    r.page(
        &Methodology,
        path,
        &msg_in!(lang, "ui.methodology"),
        f.home_crumb(path),
        &view,
        out,
    )
}

/// «ВПР 8 кл. (год Y) — ОГЭ 9 кл. (год Y + 1); …»
fn external_pairs(pairs: &[crate::model::config::ExternalPair], lang: Lang) -> String {
    let year = |later: u16| match later {
        0 => msg_in!(lang, "ui.year_y"),
        k => msg_in!(lang, "ui.year_y_plus", k = k),
    };
    let list: Vec<String> = pairs
        .iter()
        .map(|p| {
            msg_in!(
                lang,
                "ui.external_pair",
                vpr = crate::model::Procedure::Vpr.label(lang),
                vpr_grade = p.vpr_grade,
                exam = p.exam.label(lang),
                exam_grade = p.exam_grade,
                year_zero = year(0),
                year = year(p.years_later)
            )
        })
        .collect();
    if list.is_empty() {
        msg_in!(lang, "ui.pairs_none")
    } else {
        list.join("; ")
    }
}

/// The methodology, from the parameters in force: for the site and a subsite.
pub(super) struct Methodology;

impl PageKind for Methodology {
    fn template(&self) -> (&'static str, &'static str) {
        template!("methodology.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        match scope.pages {
            super::Pages::OfPlan(_) => Ok(()),
            _ => methodology(r, out),
        }
    }
}
