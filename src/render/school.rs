//! A school's report: a plain-language summary of the newest year, the official list, data
//! quality, its plans, and for every year its markers with their numbers, observation, its
//! results against its municipality and region, and the newest year's charts.

use super::facts::Facts;
use super::markers::{group, MarkerGroup, MarkerView};
use super::views::{CellRow, Here, Link, OrgInfo, PlanSummary};
use super::{urls, PageKind, Renderer};
use crate::charts::Chart;
use crate::format::decimal_in;
use crate::indicators::supplementary::observation_coverage;
use crate::model::release::Figure;
use crate::model::{Kind, OrgId};
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

/// One year of a school's report.
#[derive(Serialize)]
struct SchoolYear {
    year: u16,
    evaluated: bool,
    federal: Vec<MarkerGroup>,
    supplementary: Vec<MarkerGroup>,
    cells: Vec<CellRow>,
    /// Percent of procedures with video and with observers, and how many procedures.
    observation: Option<(String, String, usize)>,
    /// Charts of the cells, for the newest year only (older years keep their tables).
    charts: Vec<Chart>,
    /// Task analysis of each published work with task scores.
    tasks: Vec<TaskWork>,
}

/// One work's task analysis on the school report.
#[derive(Serialize)]
struct TaskWork {
    title: String,
    rows: Vec<TaskRowView>,
    chart: Chart,
    /// Some maxima came from the region's scores (data/tasks.csv does not give them).
    inferred: bool,
}

#[derive(Serialize)]
struct TaskRowView {
    label: String,
    max: u16,
    level: String,
    school: String,
    municipality: String,
    region: String,
    not_mastered: bool,
}

/// A measure of the school's plan that answers a marker.
#[derive(Serialize)]
struct MeasureRef {
    text: String,
    status: &'static str,
    status_label: String,
    overdue: bool,
    plan: Link,
}

/// One kind of marker in the plain-language summary.
#[derive(Serialize)]
struct SummaryItem {
    label: String,
    meaning: String,
    federal: bool,
    explained: Link,
    /// How many cells or procedures raised it.
    count: usize,
    measures: Vec<MeasureRef>,
}

/// What a school report opens with: the newest year's markers, what each means, and what the
/// school's plan does about them.
#[derive(Serialize)]
struct Summary {
    year: u16,
    evaluated: bool,
    has_plan: bool,
    items: Vec<SummaryItem>,
}

#[derive(Serialize)]
struct SchoolView {
    org: OrgInfo,
    plans: Vec<PlanSummary>,
    min_publish: u32,
    /// Mastery thresholds in force: basic, advanced and high.
    mastery: (String, String),
    /// Where earlier years' task analysis is (opendata/tasks.csv, relative to the page).
    tasks_csv: String,
    years: Vec<SchoolYear>,
    summary: Option<Summary>,
    /// The school's years on the federal list «Признаки необъективности».
    official: Vec<super::official::SchoolYear>,
    /// Data-quality notes on task points, newest year first.
    task_notes: Vec<String>,
    /// The management cycle: addressed recommendations, markers before and after each plan.
    cycle: super::cycle::SchoolCycle,
}

fn school_years(f: &Facts, id: OrgId) -> Vec<SchoolYear> {
    let lang = f.project.lang();
    let project = f.project;
    let orgs = &project.orgs;
    let (mun, reg) = (
        orgs.ancestor(id, Kind::Municipality),
        orgs.ancestor(id, Kind::Region),
    );
    let pooled = |org: Option<OrgId>, key| f.gate.pooled(org?, key);
    let mut years: Vec<SchoolYear> = Vec::new();
    for (sc, _) in f.cells_of(id) {
        let row = CellRow::with_context(
            project,
            &sc.key,
            f.gate.cell(sc),
            f.gate.held(sc.org, sc.key, Figure::Scores),
            pooled(mun, sc.key),
            pooled(reg, sc.key),
        );
        match years.last_mut() {
            Some(y) if y.year == sc.key.year => y.cells.push(row),
            _ => years.push(SchoolYear {
                year: sc.key.year,
                evaluated: f.ind.evaluated.contains(&(sc.key.year, id)),
                federal: Vec::new(),
                supplementary: Vec::new(),
                cells: vec![row],
                observation: observation_coverage(project, id, sc.key.year)
                    .map(|(v, o, n)| (decimal_in(lang, v, 0), decimal_in(lang, o, 0), n)),
                charts: Vec::new(),
                tasks: Vec::new(),
            }),
        }
    }
    for y in &mut years {
        let (federal, supplementary): (Vec<MarkerView>, Vec<MarkerView>) = f
            .ind
            .hits_of(id, y.year)
            .iter()
            .map(|h| MarkerView::new(project, h, f.gate.numbers(h)))
            .partition(|v| v.federal);
        y.federal = group(federal);
        y.supplementary = group(supplementary);
    }
    if let Some(newest) = years.last_mut() {
        // Task analysis of the newest year; earlier years are in opendata/tasks.csv.
        newest.tasks = f
            .cells_of(id)
            .filter(|(sc, _)| sc.key.year == newest.year)
            .enumerate()
            .filter_map(|(i, (sc, _))| task_work(f, sc, i))
            .collect();
        let cells: Vec<_> = f
            .cells_of(id)
            .filter(|(sc, _)| sc.key.year == newest.year)
            .collect();
        newest.charts = f.school_charts(id, newest.year);
        newest.charts.extend(
            cells
                .iter()
                .enumerate()
                .flat_map(|(i, (sc, _))| f.cell_charts(sc, i)),
        );
    }
    years.reverse();
    years
}

/// The task analysis of one school-cell, with its chart.
fn task_work(f: &Facts, sc: &crate::model::SchoolCell, index: usize) -> Option<TaskWork> {
    let lang = f.project.lang();
    let rows = f.task_rows(sc);
    if rows.is_empty() {
        return None;
    }
    let title = f.project.work_label(&sc.key);
    let pct = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| decimal_in(lang, v, 1));
    let chart = f.task_chart(&title, rows, index);
    Some(TaskWork {
        inferred: rows.iter().any(|r| r.inferred),
        rows: rows
            .iter()
            .map(|r| TaskRowView {
                label: r.label.clone(),
                max: r.max,
                level: r.level.map_or_else(String::new, |l| {
                    super::tasks::level_label(l, f.project.lang())
                }),
                school: pct(r.school),
                municipality: pct(r.municipality),
                region: pct(r.region),
                not_mastered: r.not_mastered,
            })
            .collect(),
        title,
        chart,
    })
}

/// Notes on the data of the school's cells: pupils without a valid total score, and on the
/// task points of its published cells totals that differ from the tasks' sum, points above
/// a task's maximum, tasks the school left unscored.
fn task_notes(f: &Facts, id: OrgId) -> Vec<String> {
    let lang = f.project.lang();
    let mut notes: Vec<String> = f
        .cells_of(id)
        .filter_map(|(sc, c)| {
            let detail = c.detail.as_ref()?;
            let shown = f.gate.cell(sc).is_some();
            let mut parts = Vec::new();
            // A count of pupils without a score discloses nothing of the others when it is
            // itself a group large enough to publish.
            if detail.no_score > 0 && (shown || detail.no_score >= f.gate.min_publish()) {
                parts.push(crate::i18n::msg_in!(
                    lang,
                    "ui.note_no_score",
                    n = detail.no_score
                ));
            }
            if let Some(t) = f.gate.cell(sc).and_then(|c| c.tasks()) {
                let unscored = super::tasks::unscored(f.project, &f.gate, sc);
                if !unscored.is_empty() {
                    parts.push(crate::i18n::msg_in!(
                        lang,
                        "ui.note_unscored",
                        tasks = unscored.join(", ")
                    ));
                }
                if t.sum_differs > 0 {
                    parts.push(crate::i18n::msg_in!(
                        lang,
                        "ui.note_sum_differs",
                        n = t.sum_differs,
                        of = t.pupils
                    ));
                }
                if t.above_max > 0 {
                    parts.push(crate::i18n::msg_in!(
                        lang,
                        "ui.note_above_max",
                        n = t.above_max
                    ));
                }
            }
            (!parts.is_empty()).then(|| {
                format!(
                    "{} {}: {}.",
                    sc.key.year,
                    f.project.work_label(&sc.key),
                    parts.join("; ")
                )
            })
        })
        .collect();
    notes.reverse();
    notes
}

fn summary(f: &Facts, here: &Here, id: OrgId) -> Option<Summary> {
    let year = f.cells_of(id).map(|(sc, _)| sc.key.year).max()?;
    let org = f.project.orgs.get(id);
    let plans = f
        .plans_by_org
        .get(&id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let as_of = f.project.config.as_of;
    let lang = f.project.lang();
    let mut items: Vec<SummaryItem> = Vec::new();
    for hit in f.ind.hits_of(id, year) {
        if let Some(item) = items.iter_mut().find(|i| i.label == hit.marker.label(lang)) {
            item.count += 1;
            continue;
        }
        let measures = plans
            .iter()
            .flat_map(|plan| {
                plan.directions
                    .iter()
                    .flat_map(|d| &d.measures)
                    .map(move |m| (plan, m))
            })
            .filter(|(_, m)| m.answers.contains(&hit.marker))
            .map(|(plan, m)| MeasureRef {
                text: m.text.clone(),
                status: m.status.code(),
                status_label: m.status.label(lang),
                overdue: m.is_overdue(as_of),
                plan: here.link(plan.title.clone(), &urls::plan(org, plan)),
            })
            .collect();
        items.push(SummaryItem {
            label: hit.marker.label(lang),
            meaning: hit.marker.meaning(lang),
            federal: hit.marker.is_federal(),
            explained: super::views::marker_link(here, hit.marker, lang),
            count: 1,
            measures,
        });
    }
    items.sort_by_key(|i| !i.federal);
    Some(Summary {
        year,
        evaluated: f.ind.evaluated.contains(&(year, id)),
        has_plan: !plans.is_empty(),
        items,
    })
}

pub(super) fn school_page(r: &Renderer, id: OrgId, out: &mut Output) -> Result<()> {
    let f = &r.facts;
    let lang = f.project.lang();
    let project = f.project;
    let org = project.orgs.get(id);
    let path = urls::org(org);
    let here = Here::new(&path);
    let view = SchoolView {
        org: OrgInfo::new(org, f.project.lang()),
        plans: f.plans_of(&here, id),
        cycle: super::cycle::school_cycle(f, &here, id),
        min_publish: project.config.methodology.min_publish,
        tasks_csv: here.link("tasks.csv", "opendata/tasks.csv").url,
        mastery: {
            let m = &project.config.methodology.mastery;
            let other = match m.advanced == m.high {
                true => decimal_in(lang, m.advanced, 0),
                false => crate::i18n::msg_in!(
                    project.lang(),
                    "ui.and",
                    a = decimal_in(lang, m.advanced, 0),
                    b = decimal_in(lang, m.high, 0)
                ),
            };
            (decimal_in(lang, m.basic, 0), other)
        },
        years: school_years(f, id),
        summary: summary(f, &here, id),
        official: super::official::official_school(f, id),
        task_notes: task_notes(f, id),
    };
    let crumbs = f.crumbs(&here, Some(id));
    r.page(&School, &path, &org.name, crumbs, &view, out)
}

/// The reports of schools.
pub(super) struct School;

impl PageKind for School {
    fn template(&self) -> (&'static str, &'static str) {
        template!("school.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        let orgs = &r.facts.project.orgs;
        let ids: Vec<OrgId> = scope
            .orgs
            .iter()
            .copied()
            .filter(|&id| orgs.get(id).kind == crate::model::Kind::School)
            .collect();
        super::each_org(&ids, out, |id, out| school_page(r, id, out))
    }
}
