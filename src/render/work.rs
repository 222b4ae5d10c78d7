//! A school's page of one work of one year, one click from its report: the signs the work raised
//! (in plain words, then the statistics for specialists), its figures beside the municipality's
//! and the region's, its charts (marks, the score histogram with the mark boundaries) and its
//! task analysis, with notes on the quality of its data. Such a page exists for a published work
//! with pupils' rows in the school's newest year, and in any year where it raised a sign
//! ([`has_page`]): a summary row from ФИС ОКО says all it has in the report's table.

use super::analysis::{path_beside, Book};
use super::facts::Facts;
use super::markers::MarkerView;
use super::verdict::{signs, Sign};
use super::views::{Here, Link, OrgInfo};
use super::{urls, PageKind, Renderer};
use crate::charts::Chart;
use crate::format::{decimal_in, percent};
use crate::i18n::msg_in;
use crate::model::{Kind, SchoolCell};
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// Whether a school-cell has its own page: published, with pupils' rows, in the school's newest
/// year or concerned by a sign of its year.
pub fn has_page(f: &Facts, sc: &SchoolCell) -> bool {
    let Some(cell) = f.gate.cell(sc) else {
        return false;
    };
    cell.histogram().is_some()
        && (f.newest_year(sc.org) == Some(sc.key.year) || f.hits_of_cell(sc).next().is_some())
}

/// One figure of the work: the school's, the municipality's and the region's (all empty: a
/// heading over the rows below it).
#[derive(Serialize)]
struct FigureRow {
    label: String,
    values: [String; 3],
}

#[derive(Serialize)]
struct WorkView {
    org: OrgInfo,
    /// «ВПР · Математика · 4 кл.»
    work: String,
    year: u16,
    report: Link,
    signs: Vec<Sign>,
    /// The same signs with their statistics, for specialists.
    evidence: Vec<MarkerView>,
    /// The names over the figures: the school, its municipality, its region.
    columns: [String; 3],
    figures: Vec<FigureRow>,
    charts: Vec<Chart>,
    tasks: Option<super::analysis::TaskWork>,
    notes: Vec<String>,
}

/// The rows of the figures table: participants, marks, mean score and how the marks compare
/// with the journal's, for the school, its municipality and its region as the gate lets each
/// through («—» where it does not, or where the figure is unknown).
fn figures(f: &Facts, sc: &SchoolCell) -> Vec<FigureRow> {
    let project = f.project;
    let lang = project.lang();
    let pooled = |kind| {
        let org = project.orgs.ancestor(sc.org, kind)?;
        f.gate.pooled(org, sc.key)
    };
    let (school, mun, reg) = (
        f.gate.cell(sc),
        pooled(Kind::Municipality),
        pooled(Kind::Region),
    );
    type Figures = (Option<u32>, Option<[u32; 4]>, Option<f64>, Option<[u32; 3]>);
    // The school's figures and the pooled ones are of two types with the same readers.
    macro_rules! read {
        ($figures:expr) => {
            $figures.map_or((None, None, None, None), |c| {
                (
                    Some(c.participants()),
                    c.marks(),
                    c.moments().map(|m| m.mean),
                    c.confirmation(),
                )
            })
        };
    }
    let columns: [Figures; 3] = [read!(school), read!(mun), read!(reg)];
    let dash = || "—".to_owned();
    let row = |label: String, value: &dyn Fn(&Figures) -> Option<String>| FigureRow {
        label,
        values: [
            value(&columns[0]).unwrap_or_else(dash),
            value(&columns[1]).unwrap_or_else(dash),
            value(&columns[2]).unwrap_or_else(dash),
        ],
    };
    let mut rows = vec![row(msg_in!(lang, "ui.col_participants"), &|c| {
        c.0.map(|n| n.to_string())
    })];
    for (i, mark) in (2..=5).enumerate() {
        rows.push(row(msg_in!(lang, "ui.figure_mark", mark = mark), &|c| {
            c.1.map(|m| percent(lang, m[i], m.iter().sum()))
        }));
    }
    rows.push(row(msg_in!(lang, "ui.col_mean"), &|c| {
        c.2.map(|m| decimal_in(lang, m, 1))
    }));
    rows.push(FigureRow {
        label: msg_in!(lang, "ui.figure_against_journal"),
        values: Default::default(),
    });
    for (i, key) in [
        "ui.figure_lowered",
        "ui.figure_confirmed",
        "ui.figure_raised",
    ]
    .iter()
    .enumerate()
    {
        rows.push(row(crate::i18n::tr_in(lang, key, &[]), &|c| {
            c.3.map(|x| percent(lang, x[i], x.iter().sum()))
        }));
    }
    rows
}

/// Notes on the data of one school-cell: pupils without a valid total score, and on its task
/// points (when published) totals that differ from the tasks' sum, points above a task's
/// maximum, tasks the school left unscored.
pub(super) fn cell_notes(f: &Facts, sc: &SchoolCell) -> Vec<String> {
    let lang = f.project.lang();
    let Some(detail) = f.project.cells.get(sc).and_then(|c| c.detail.as_ref()) else {
        return Vec::new();
    };
    let shown = f.gate.cell(sc);
    let mut parts = Vec::new();
    // A count of pupils without a score discloses nothing of the others when it is itself a
    // group large enough to publish.
    if detail.no_score > 0 && (shown.is_some() || detail.no_score >= f.gate.min_publish()) {
        parts.push(msg_in!(lang, "ui.note_no_score", n = detail.no_score));
    }
    if let Some(t) = shown.and_then(|c| c.tasks()) {
        let unscored = super::tasks::unscored(f.project, &f.gate, sc);
        if !unscored.is_empty() {
            parts.push(msg_in!(
                lang,
                "ui.note_unscored",
                tasks = unscored.join(", ")
            ));
        }
        if t.sum_differs > 0 {
            parts.push(msg_in!(
                lang,
                "ui.note_sum_differs",
                n = t.sum_differs,
                of = t.pupils
            ));
        }
        if t.above_max > 0 {
            parts.push(msg_in!(lang, "ui.note_above_max", n = t.above_max));
        }
    }
    parts
}

/// The page of one work of a school; its analysis's tables go into `books`, the workbook of
/// each year.
fn work_page(
    r: &Renderer,
    sc: &SchoolCell,
    books: &mut BTreeMap<u16, (String, Book)>,
    out: &mut Output,
) -> Result<()> {
    let f = &r.facts;
    let project = f.project;
    let lang = project.lang();
    let org = project.orgs.get(sc.org);
    let path = urls::work(org, &sc.key, &project.subjects);
    let here = Here::new(&path);
    let hits: Vec<_> = f.hits_of_cell(sc).collect();
    let work = project.work_label(&sc.key);
    let area = |kind| {
        project
            .orgs
            .ancestor(sc.org, kind)
            .map_or_else(String::new, |o| {
                project.orgs.get(o).display_name().to_owned()
            })
    };
    let title = super::views::Title {
        full: msg_in!(
            lang,
            "ui.work_page_title",
            work = work.as_str(),
            year = sc.key.year,
            org = org.name.as_str()
        ),
        short: msg_in!(
            lang,
            "ui.work_page_short",
            work = work.as_str(),
            year = sc.key.year
        ),
    };
    let tasks = super::analysis::task_work(f, sc, &here, Some(&work));
    if let Some(tasks) = &tasks {
        books
            .entry(sc.key.year)
            .or_insert_with(|| {
                let book = Book::new(project, &org.name, sc.key.year);
                (path_beside(&path), book)
            })
            .1
            .add(&work, tasks);
    }
    let view = WorkView {
        org: OrgInfo::new(org, lang),
        year: sc.key.year,
        report: here.org(org),
        signs: {
            // The page is the work's own: its signs link nowhere else.
            let mut signs = signs(f, &here, sc.org, &hits);
            signs
                .iter_mut()
                .flat_map(|s| &mut s.works)
                .for_each(|w| w.url = None);
            signs
        },
        evidence: hits
            .iter()
            .map(|h| MarkerView::new(project, h, f.gate.numbers(h)))
            .collect(),
        columns: [
            msg_in!(lang, "ui.figure_school"),
            area(Kind::Municipality),
            area(Kind::Region),
        ],
        figures: figures(f, sc),
        charts: f.work_charts(sc),
        tasks,
        notes: cell_notes(f, sc),
        work: work.clone(),
    };
    let mut crumbs = f.crumbs(&here, Some(sc.org));
    crumbs.push(here.org(org));
    r.page(&Work, &path, title, crumbs, &view, out)
}

/// The pages of schools' works.
pub(super) struct Work;

impl PageKind for Work {
    fn template(&self) -> (&'static str, &'static str) {
        template!("work.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        let f = &r.facts;
        let ids = scope.orgs_of(r.facts.project, true);
        super::each_org(&ids, out, |id, out| {
            let mut books = BTreeMap::new();
            for (sc, _) in f.cells_of(id).filter(|(sc, _)| has_page(f, sc)) {
                work_page(r, sc, &mut books, out)?;
            }
            for (path, book) in books.into_values() {
                book.finish(&path, out);
            }
            Ok(())
        })
    }
}
