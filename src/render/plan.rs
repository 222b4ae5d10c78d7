//! The page of a plan: a plan of measures by direction with their progress against `as_of`
//! (plan.html), or a three-level system plan by year (system.html).

use super::views::{marker_link, progress, Here, Link, Progress};
use super::{markdown, urls, PageKind, Renderer};
use crate::i18n::Lang;
use crate::model::plan::Plan;
use crate::model::{Date, Org};
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

/// A measure as the plan page shows it.
#[derive(Serialize)]
pub struct MeasureView {
    pub text: String,
    pub procedures: Vec<String>,
    pub due: Option<String>,
    pub responsible: Option<String>,
    pub status: &'static str,
    pub status_label: String,
    pub overdue: bool,
    pub evidence: Option<String>,
    pub note_html: Option<String>,
    /// The markers the measure answers, linked to their explanation.
    pub answers: Vec<Link>,
}

#[derive(Serialize)]
pub struct DirectionView {
    pub title: String,
    pub measures: Vec<MeasureView>,
}

#[derive(Serialize)]
pub struct LevelRowView {
    pub n: u32,
    pub region: String,
    pub municipality: String,
    pub school: String,
}

#[derive(Serialize)]
pub struct LevelYearView {
    pub year: u16,
    pub rows: Vec<LevelRowView>,
}

/// Everything a plan page shows.
#[derive(Serialize)]
pub struct PlanView {
    pub title: String,
    pub org: Link,
    pub period: Option<String>,
    pub approved: Option<String>,
    pub as_of: Option<String>,
    pub intro_html: Option<String>,
    pub progress: Progress,
    pub directions: Vec<DirectionView>,
    pub levels: Vec<LevelYearView>,
    /// The organization's markers before the plan and after it.
    pub outcome: Option<super::outcome::PlanOutcome>,
    /// The end of its period, in words, when that is before `as_of` («срок плана истёк»).
    pub expired_on: Option<String>,
}

/// A level cell: "-" or empty means the level has nothing this row.
fn level_cell(text: &str) -> String {
    match text.trim() {
        "" | "-" | "—" => String::new(),
        t => markdown::to_inline_html(t),
    }
}

impl PlanView {
    pub fn new(here: &Here, org: &Org, plan: &Plan, as_of: Option<Date>, lang: Lang) -> PlanView {
        let directions = plan
            .directions
            .iter()
            .map(|d| DirectionView {
                title: d.title.clone(),
                measures: d
                    .measures
                    .iter()
                    .map(|m| MeasureView {
                        text: m.text.clone(),
                        procedures: m.procedures.iter().map(|p| p.label(lang)).collect(),
                        due: m.due.map(|d| d.words(lang)),
                        responsible: m.responsible.clone(),
                        status: m.status.code(),
                        status_label: m.status.label(lang),
                        overdue: m.is_overdue(as_of),
                        evidence: m.evidence.as_ref().map(|l| l.0.clone()),
                        note_html: m.note.as_deref().map(markdown::to_html),
                        answers: m
                            .answers
                            .iter()
                            .map(|k| marker_link(here, *k, lang))
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        let levels = plan
            .years
            .iter()
            .map(|y| LevelYearView {
                year: y.year,
                rows: y
                    .rows
                    .iter()
                    .map(|r| LevelRowView {
                        n: r.n,
                        region: level_cell(&r.region),
                        municipality: level_cell(&r.municipality),
                        school: level_cell(&r.school),
                    })
                    .collect(),
            })
            .collect();
        PlanView {
            title: plan.title.clone(),
            org: here.org(org),
            period: plan.period.clone(),
            approved: plan.approved.map(|d| d.words(lang)),
            as_of: as_of.map(|d| d.words(lang)),
            intro_html: plan.intro.as_deref().map(markdown::to_html),
            progress: progress(plan, as_of, lang),
            directions,
            levels,
            outcome: None,
            expired_on: plan
                .ends()
                .filter(|_| plan.is_expired(as_of))
                .map(|d| d.words(lang)),
        }
    }
}

fn plan_page(r: &Renderer, kind: &dyn PageKind, plan: &Plan, out: &mut Output) -> Result<()> {
    let f = &r.facts;
    let id = f.plan_org(plan);
    let org = f.project.orgs.get(id);
    let path = urls::plan(org, plan);
    let here = Here::new(&path);
    let mut view = PlanView::new(&here, org, plan, f.project.config.as_of, f.project.lang());
    view.outcome = super::outcome::plan_outcome(f, &here, plan);
    let mut crumbs = f.crumbs(&here, Some(id));
    crumbs.push(here.org(org));
    // The browser tab and search results name whose plan it is; the breadcrumb, which
    // already shows the organization, only the plan.
    let title = super::views::Title {
        full: format!("{} — {}", plan.title, org.display_name()),
        short: plan.title.clone(),
    };
    r.page(kind, &path, title, crumbs, &view, out)
}

/// The page of a plan of measures, with their progress against `as_of`.
pub(super) struct PlanPage;

impl PageKind for PlanPage {
    fn template(&self) -> (&'static str, &'static str) {
        template!("plan.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        for plan in scope.plans.iter().filter(|p| !p.levels) {
            plan_page(r, self, plan, out)?;
        }
        Ok(())
    }
}

/// The page of a three-level system plan: levels by year, no statuses.
pub(super) struct SystemPage;

impl PageKind for SystemPage {
    fn template(&self) -> (&'static str, &'static str) {
        template!("system.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        for plan in scope.plans.iter().filter(|p| p.levels) {
            plan_page(r, self, plan, out)?;
        }
        Ok(())
    }
}
