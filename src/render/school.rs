//! A school's report, verdict first: the answer for its newest year ([`super::verdict`]), a
//! compact table of that year's works with a verdict per row (each linked to its own page,
//! [`super::work`]), the charts of the works with signs and the trend of its signs over the years,
//! its plans and справки, earlier years' tables, and, collapsed under «Для специалистов», the
//! statistics behind every sign, the federal list, observation and the quality of its data.

use super::facts::Facts;
use super::markers::{group, MarkerGroup, MarkerView};
use super::verdict::Verdict;
use super::views::{Here, Link, OrgInfo, PlanSummary};
use super::{spravka, urls, work, PageKind, Renderer};
use crate::charts::Chart;
use crate::format::decimal_in;
use crate::i18n::msg_in;
use crate::indicators::supplementary::observation_coverage;
use crate::model::release::Figure;
use crate::model::{Kind, OrgId};
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

/// One work of a year in the report's table.
#[derive(Serialize)]
struct WorkRow {
    work: String,
    /// Its own page, where it has one.
    url: Option<String>,
    participants: String,
    /// The school's mean score and the region's, or empty.
    mean: String,
    mean_region: String,
    /// `flagged`, `clean` or `hidden`.
    state: &'static str,
    /// The signs it raised, «признаков нет», or why its figures are hidden.
    verdict: String,
}

/// A year's works.
#[derive(Serialize)]
struct YearTable {
    year: u16,
    rows: Vec<WorkRow>,
    /// How many of them raised a sign.
    flagged: usize,
}

/// A year's statistics, for specialists.
#[derive(Serialize)]
struct SpecialistYear {
    year: u16,
    evaluated: bool,
    federal: Vec<MarkerGroup>,
    supplementary: Vec<MarkerGroup>,
    /// Percent of procedures with video and with observers, and how many procedures.
    observation: Option<(String, String, usize)>,
}

#[derive(Serialize)]
struct SchoolView {
    org: OrgInfo,
    verdict: Option<Verdict>,
    /// The newest year first.
    years: Vec<YearTable>,
    /// The charts of the newest year's works with signs, and the signs per year.
    charts: Vec<Chart>,
    /// The справки, newest year first.
    spravki: Vec<Link>,
    plans: Vec<PlanSummary>,
    min_publish: u32,
    /// The newest year's statistics (earlier years' are on the pages of their works).
    specialists: Option<SpecialistYear>,
    /// The school's years on the federal list «Признаки необъективности».
    official: Vec<super::official::SchoolYear>,
    /// Data-quality notes, newest year first.
    notes: Vec<String>,
    /// The management cycle: addressed recommendations, markers before and after each plan.
    cycle: super::cycle::SchoolCycle,
}

/// The table of one year's works.
fn year_table(f: &Facts, here: &Here, id: OrgId, year: u16) -> YearTable {
    let project = f.project;
    let lang = project.lang();
    let org = project.orgs.get(id);
    let region = project.orgs.ancestor(id, Kind::Region);
    let rows = f
        .cells_of(id)
        .filter(|(sc, _)| sc.key.year == year)
        .map(|(sc, _)| {
            let shown = f.gate.cell(sc);
            let mut labels: Vec<String> = Vec::new();
            for h in f.hits_of_cell(sc) {
                let label = h.marker.short(lang);
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
            let mean = |m: Option<crate::model::cell::Moments>| {
                m.map_or_else(String::new, |m| decimal_in(lang, m.mean, 1))
            };
            let (state, verdict) = match (labels.is_empty(), shown.is_some()) {
                (false, _) => ("flagged", capitalised(&labels.join("; "))),
                (true, true) => ("clean", msg_in!(lang, "ui.row_clean")),
                (true, false) => (
                    "hidden",
                    match f.gate.held(sc.org, sc.key, Figure::Scores) {
                        true => msg_in!(lang, "ui.held_back"),
                        false => msg_in!(
                            lang,
                            "ui.suppressed",
                            n = project.config.methodology.min_publish
                        ),
                    },
                ),
            };
            WorkRow {
                work: project.work_label(&sc.key),
                url: work::has_page(f, sc).then(|| {
                    here.link("", &urls::work(org, &sc.key, &project.subjects))
                        .url
                }),
                participants: shown.map_or_else(String::new, |c| c.participants().to_string()),
                mean: mean(shown.and_then(|c| c.moments())),
                mean_region: match shown {
                    Some(_) => mean(
                        region
                            .and_then(|r| f.gate.pooled(r, sc.key))
                            .and_then(|p| p.moments()),
                    ),
                    None => String::new(),
                },
                state,
                verdict,
            }
        })
        .collect::<Vec<WorkRow>>();
    YearTable {
        year,
        flagged: rows.iter().filter(|r| r.state == "flagged").count(),
        rows,
    }
}

/// `text` with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn specialist_year(f: &Facts, id: OrgId, year: u16) -> SpecialistYear {
    let project = f.project;
    let lang = project.lang();
    let (federal, supplementary): (Vec<MarkerView>, Vec<MarkerView>) = f
        .ind
        .hits_of(id, year)
        .iter()
        .map(|h| MarkerView::new(project, h, f.gate.numbers(h)))
        .partition(|v| v.federal);
    SpecialistYear {
        year,
        evaluated: f.ind.evaluated.contains(&(year, id)),
        federal: group(federal),
        supplementary: group(supplementary),
        observation: observation_coverage(project, id, year)
            .map(|(v, o, n)| (decimal_in(lang, v, 0), decimal_in(lang, o, 0), n)),
    }
}

/// The most charts of works a report shows: the rest are on the works' own pages.
const WORK_CHARTS: usize = 2;

/// The charts of the report: for the first [`WORK_CHARTS`] of the newest year's works with a
/// sign of their own (federal signs first), the chart of its scores (or, for a summary row, of
/// its marks), and the signs per year.
fn charts(f: &Facts, id: OrgId, newest: u16) -> Vec<Chart> {
    let mut flagged: Vec<(bool, &crate::model::SchoolCell)> = f
        .cells_of(id)
        .filter(|(sc, _)| sc.key.year == newest)
        .filter_map(|(sc, _)| {
            let own = f.hits_of_cell(sc).filter(|h| h.cell.is_some());
            let federal = own.map(|h| h.marker.is_federal()).reduce(|a, b| a || b)?;
            Some((!federal, sc))
        })
        .collect();
    flagged.sort_by_key(|(supplementary, _)| *supplementary);
    let mut charts: Vec<Chart> = flagged
        .iter()
        .take(WORK_CHARTS)
        .enumerate()
        .filter_map(|(i, (_, sc))| {
            let mut drawn = f.cell_charts(sc, i);
            let pick = drawn.iter().position(|c| c.id.starts_with("scores-"));
            let pick = pick.unwrap_or(0);
            (pick < drawn.len()).then(|| drawn.swap_remove(pick))
        })
        .collect();
    charts.extend(f.school_trend(id));
    charts
}

pub(super) fn school_page(r: &Renderer, id: OrgId, out: &mut Output) -> Result<()> {
    let f = &r.facts;
    let project = f.project;
    let org = project.orgs.get(id);
    let path = urls::org(org);
    let here = Here::new(&path);
    let mut years: Vec<u16> = f.cells_of(id).map(|(sc, _)| sc.key.year).collect();
    years.dedup();
    years.reverse();
    let newest = years.first().copied();
    let view = SchoolView {
        org: OrgInfo::new(org, project.lang()),
        verdict: newest.map(|y| Verdict::of(f, &here, id, y)),
        years: years.iter().map(|&y| year_table(f, &here, id, y)).collect(),
        charts: newest.map_or_else(Vec::new, |y| charts(f, id, y)),
        spravki: years
            .iter()
            .filter(|&&y| spravka::has_page(f, id, y))
            .map(|&y| here.link(y.to_string(), &urls::spravka(org, y)))
            .collect(),
        plans: f.plans_of(&here, id),
        cycle: super::cycle::school_cycle(f, &here, id),
        min_publish: project.config.methodology.min_publish,
        specialists: newest.map(|y| specialist_year(f, id, y)),
        official: super::official::official_school(f, id),
        notes: {
            let mut notes: Vec<String> = f
                .cells_of(id)
                .filter_map(|(sc, _)| {
                    let parts = work::cell_notes(f, sc);
                    (!parts.is_empty()).then(|| {
                        format!(
                            "{} {}: {}.",
                            sc.key.year,
                            project.work_label(&sc.key),
                            parts.join("; ")
                        )
                    })
                })
                .collect();
            notes.reverse();
            notes
        },
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
        let ids = scope.orgs_of(r.facts.project, true);
        super::each_org(&ids, out, |id, out| school_page(r, id, out))
    }
}
