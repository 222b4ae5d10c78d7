//! «Анализ ВПР» of a municipality and of a region: for each ВПР work of the area's newest year,
//! a page under the area's (`region/<id>/<year>/vpr-ma-4/index.html`, the address a school's
//! work page has under the school's) with the analysis pooled over the area's schools, the
//! share of its published schools with each systemic deficit and each anomaly, and the
//! analysis's tables as a workbook beside it; and on the area's own page a short table of those
//! works, each linking its page and naming the sections whose conclusion calls for attention.
//! The analysis stays off the area's page so that the region's page grows by a table row per
//! work, not by the works' task tables.

use super::analysis::{self, TaskWork};
use super::facts::Facts;
use super::views::{Here, Link, Title};
use super::{urls, PageKind, Renderer};
use crate::i18n::msg_in;
use crate::model::{CellKey, OrgId, Procedure, SchoolCell, SubjectId};
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

/// The ВПР works of an area's newest year of ВПР whose pooled scores may be published.
fn works(f: &Facts, org: OrgId) -> Vec<CellKey> {
    let first = CellKey {
        year: 0,
        procedure: Procedure::Vpr,
        subject: SubjectId(0),
        grade: 0,
    };
    let keys: Vec<CellKey> = f
        .ind
        .pooled_keys(org, first)
        .filter(|k| k.procedure == Procedure::Vpr && f.gate.pooled(org, *k).is_some())
        .collect();
    let newest = keys.iter().map(|k| k.year).max();
    keys.into_iter()
        .filter(|k| Some(k.year) == newest)
        .collect()
}

/// The area's «Анализ ВПР» on its own page: the works of its newest year.
#[derive(Serialize)]
pub(super) struct Summary {
    year: u16,
    rows: Vec<SummaryRow>,
}

#[derive(Serialize)]
struct SummaryRow {
    work: Link,
    participants: u32,
    /// The short names of the sections whose conclusion calls for attention.
    attention: Vec<String>,
}

/// The summary of an area's analysis for its page; none when it has no published ВПР work.
pub(super) fn summary(f: &Facts, here: &Here, org: OrgId) -> Option<Summary> {
    let area = f.project.orgs.get(org);
    let keys = works(f, org);
    let year = keys.first()?.year;
    let rows = keys
        .into_iter()
        .filter_map(|key| {
            let work = analysis::task_work(f, &SchoolCell { key, org }, here, None)?;
            Some(SummaryRow {
                work: here.link(
                    msg_in!(
                        f.project.lang(),
                        "analysis.work_short",
                        subject = f.project.subjects.name_in(key.subject, f.project.lang()),
                        grade = key.grade
                    ),
                    &urls::work(area, &key, &f.project.subjects),
                ),
                participants: f.gate.pooled(org, key).map_or(0, |p| p.participants()),
                attention: work
                    .analysis
                    .iter()
                    .filter(|p| p.section.negative)
                    .map(|p| p.short.clone())
                    .collect(),
            })
        })
        .collect();
    Some(Summary { year, rows })
}

#[derive(Serialize)]
struct AreaWorkView {
    area: Link,
    /// «ВПР · Математика · 4 кл.»
    work: String,
    year: u16,
    intro: String,
    tasks: TaskWork,
}

/// The page of one work of an area; its analysis's tables go into `book`, the year's workbook.
fn area_work_page(
    r: &Renderer,
    at: &SchoolCell,
    book: &mut Option<(String, analysis::Book)>,
    out: &mut Output,
) -> Result<()> {
    let f = &r.facts;
    let project = f.project;
    let lang = project.lang();
    let area = project.orgs.get(at.org);
    let path = urls::work(area, &at.key, &project.subjects);
    let here = Here::new(&path);
    let work = project.work_label(&at.key);
    let Some(tasks) = analysis::task_work(f, at, &here, None) else {
        return Ok(());
    };
    let title = Title {
        full: msg_in!(
            lang,
            "analysis.area_page_title",
            work = work.as_str(),
            year = at.key.year,
            org = area.name.as_str()
        ),
        short: msg_in!(
            lang,
            "analysis.area_page_short",
            work = work.as_str(),
            year = at.key.year
        ),
    };
    book.get_or_insert_with(|| {
        let year = analysis::Book::new(project, &area.name, at.key.year);
        (analysis::path_beside(&path), year)
    })
    .1
    .add(&work, &tasks);
    let view = AreaWorkView {
        area: here.org(area),
        intro: msg_in!(lang, "analysis.area_intro", min = f.gate.min_publish()),
        work,
        year: at.key.year,
        tasks,
    };
    let mut crumbs = f.crumbs(&here, Some(at.org));
    crumbs.push(here.org(area));
    r.page(&AreaWork, &path, title, crumbs, &view, out)
}

/// The pages of a municipality's and a region's «Анализ ВПР», one per work of the newest year.
pub(super) struct AreaWork;

impl PageKind for AreaWork {
    fn template(&self) -> (&'static str, &'static str) {
        template!("area_work.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        // A plan's pages change nothing here.
        if matches!(scope.pages, super::Pages::OfPlan(_)) {
            return Ok(());
        }
        let f = &r.facts;
        let ids = scope.orgs_of(r.facts.project, false);
        super::each_org(&ids, out, |org, out| {
            // The works are of the newest year: one workbook.
            let mut book = None;
            for key in works(f, org) {
                area_work_page(r, &SchoolCell { key, org }, &mut book, out)?;
            }
            if let Some((path, book)) = book {
                book.finish(&path, out);
            }
            Ok(())
        })
    }
}
