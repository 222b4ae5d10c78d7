//! The home page and the page of every region, municipality and school: index per year, flagged
//! schools and schools without a plan, a school's results against its municipality and region,
//! its markers with their numbers, observation and plans.

use super::markers::{group, MarkerGroup, MarkerView};
use super::views::{CellRow, Here, Link, OrgInfo, PlanSummary};
use super::{urls, Renderer};
use crate::charts::Chart;
use crate::format::decimal;
use crate::indicators::supplementary::observation_coverage;
use crate::model::{Kind, OrgId};
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct HomeView {
    regions: Vec<ChildRow>,
    pages: Vec<Link>,
}

/// An organization in a list of another's children.
#[derive(Serialize)]
struct ChildRow {
    link: Link,
    kind: &'static str,
    municipalities: usize,
    schools: usize,
    plans: Vec<PlanSummary>,
    /// Region or municipality: the latest objectivity index; school: empty.
    index: String,
    /// School: its markers counted in the index in the latest year.
    markers: usize,
    evaluated: bool,
}

/// One year of a region's or municipality's index.
#[derive(Serialize)]
struct IndexView {
    year: u16,
    evaluated: u32,
    flagged: u32,
    index: String,
    /// Change against the previous year, signed, or empty.
    change: String,
}

/// A school with markers in a list.
#[derive(Serialize, Clone)]
struct FlaggedRow {
    link: Link,
    municipality: Link,
    markers: Vec<&'static str>,
    plans: Vec<Link>,
}

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
}

/// A measure of the school's plan that answers a marker.
#[derive(Serialize)]
struct MeasureRef {
    text: String,
    status: &'static str,
    status_label: &'static str,
    overdue: bool,
    plan: Link,
}

/// One kind of marker in the plain-language summary.
#[derive(Serialize)]
struct SummaryItem {
    label: &'static str,
    meaning: &'static str,
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
struct OrgView {
    org: OrgInfo,
    children: Vec<ChildRow>,
    children_title: &'static str,
    plans: Vec<PlanSummary>,
    min_publish: u32,
    indices: Vec<IndexView>,
    flagged_year: Option<u16>,
    flagged: Vec<FlaggedRow>,
    flagged_without_plan: Vec<FlaggedRow>,
    years: Vec<SchoolYear>,
    charts: Vec<Chart>,
    summary: Option<Summary>,
    /// The federal list «Признаки необъективности»: a school's years on it, or an area's counts.
    official_school: Vec<super::official::SchoolYear>,
    official_area: Option<super::official::Area>,
    /// Data-quality notes on task points, newest year first.
    task_notes: Vec<String>,
}

impl Renderer<'_> {
    fn plans_of(&self, here: &Here, id: OrgId) -> Vec<PlanSummary> {
        let org = self.project.orgs.get(id);
        self.plans_by_org
            .get(&id)
            .into_iter()
            .flatten()
            .map(|p| PlanSummary::new(here, org, p, self.project.config.as_of))
            .collect()
    }

    /// The newest year any school was evaluated.
    fn latest_year(&self) -> Option<u16> {
        self.ind.evaluated.last().map(|(y, _)| *y)
    }

    fn child_row(&self, here: &Here, id: OrgId) -> ChildRow {
        let orgs = &self.project.orgs;
        let org = orgs.get(id);
        let latest = self.latest_year();
        let index = latest
            .and_then(|y| self.ind.indices.iter().find(|r| r.org == id && r.year == y))
            .and_then(|r| r.index)
            .map_or_else(String::new, |i| decimal(i, 1));
        ChildRow {
            link: here.org(org),
            kind: org.kind.code(),
            municipalities: orgs
                .children(id)
                .iter()
                .filter(|&&c| orgs.get(c).kind == Kind::Municipality)
                .count(),
            schools: orgs.schools_under(id).len(),
            plans: self.plans_of(here, id),
            index,
            markers: latest.map_or(0, |y| self.ind.index_marker_count(self.project, id, y)),
            evaluated: latest.is_some_and(|y| self.ind.evaluated.contains(&(y, id))),
        }
    }

    pub(super) fn home(&self, out: &mut Output) -> Result<()> {
        let here = Here::new("index.html");
        let view = HomeView {
            regions: self
                .project
                .orgs
                .of_kind(Kind::Region)
                .map(|r| self.child_row(&here, r))
                .collect(),
            pages: self
                .sorted_pages()
                .iter()
                .map(|p| here.link(p.title.clone(), &urls::page(&p.slug)))
                .collect(),
        };
        let title = self.project.config.title.clone();
        self.page("home.html", "index.html", &title, Vec::new(), &view, out)
    }

    fn indices(&self, id: OrgId) -> Vec<IndexView> {
        let mut previous: Option<f64> = None;
        self.ind
            .indices
            .iter()
            .filter(|r| r.org == id)
            .map(|r| {
                let change = match (previous, r.index) {
                    (Some(p), Some(i)) => format!(
                        "{}{}",
                        if i - p > 0.0 { "+" } else { "" },
                        decimal(i - p, 1)
                    ),
                    _ => String::new(),
                };
                previous = r.index.or(previous);
                IndexView {
                    year: r.year,
                    evaluated: r.evaluated,
                    flagged: r.flagged,
                    index: r.index.map_or_else(|| "—".to_owned(), |i| decimal(i, 1)),
                    change,
                }
            })
            .collect()
    }

    fn flagged(&self, here: &Here, id: OrgId, year: u16) -> Vec<FlaggedRow> {
        let orgs = &self.project.orgs;
        let counted = &self.project.config.methodology.index_markers;
        orgs.schools_under(id)
            .into_iter()
            .filter_map(|s| {
                let mut markers: Vec<&'static str> = self
                    .ind
                    .hits_of(s, year)
                    .iter()
                    .filter(|h| counted.contains(&h.marker))
                    .map(|h| h.marker.label())
                    .collect();
                markers.dedup();
                if markers.is_empty() {
                    return None;
                }
                let school = orgs.get(s);
                let municipality = orgs.get(school.parent.expect("a school has a municipality"));
                Some(FlaggedRow {
                    link: here.org(school),
                    municipality: here.org(municipality),
                    markers,
                    plans: self.plans_of(here, s).into_iter().map(|p| p.link).collect(),
                })
            })
            .collect()
    }

    fn school_years(&self, id: OrgId) -> Vec<SchoolYear> {
        let project = self.project;
        let orgs = &project.orgs;
        let (mun, reg) = (
            orgs.ancestor(id, Kind::Municipality),
            orgs.ancestor(id, Kind::Region),
        );
        let pooled = |org: Option<OrgId>, key| self.gate.pooled(org?, key);
        let mut years: Vec<SchoolYear> = Vec::new();
        for (sc, cell) in self.cells_of(id) {
            let row = CellRow::with_context(
                project,
                &sc.key,
                self.gate.shown(cell),
                pooled(mun, sc.key),
                pooled(reg, sc.key),
            );
            match years.last_mut() {
                Some(y) if y.year == sc.key.year => y.cells.push(row),
                _ => years.push(SchoolYear {
                    year: sc.key.year,
                    evaluated: self.ind.evaluated.contains(&(sc.key.year, id)),
                    federal: Vec::new(),
                    supplementary: Vec::new(),
                    cells: vec![row],
                    observation: observation_coverage(project, id, sc.key.year)
                        .map(|(v, o, n)| (decimal(v, 0), decimal(o, 0), n)),
                    charts: Vec::new(),
                }),
            }
        }
        for y in &mut years {
            let (federal, supplementary): (Vec<MarkerView>, Vec<MarkerView>) = self
                .ind
                .hits_of(id, y.year)
                .iter()
                .map(|h| MarkerView::new(project, h, self.gate.numbers(h)))
                .partition(|v| v.federal);
            y.federal = group(federal);
            y.supplementary = group(supplementary);
        }
        if let Some(newest) = years.last_mut() {
            let cells: Vec<_> = self
                .cells_of(id)
                .filter(|(sc, _)| sc.key.year == newest.year)
                .collect();
            newest.charts = self.school_charts(id, newest.year);
            newest.charts.extend(
                cells
                    .iter()
                    .enumerate()
                    .flat_map(|(i, (sc, c))| self.cell_charts(sc, c, i)),
            );
        }
        years.reverse();
        years
    }

    /// Notes on the task points of the school's published cells: totals that differ from the
    /// tasks' sum, points above a task's maximum.
    fn task_notes(&self, id: OrgId) -> Vec<String> {
        let mut notes: Vec<String> = self
            .cells_of(id)
            .filter_map(|(sc, c)| Some((sc, self.gate.shown(c)?.get().detail.as_ref()?.tasks)))
            .filter(|(_, t)| t.sum_differs > 0 || t.above_max > 0)
            .map(|(sc, t)| {
                let mut parts = Vec::new();
                if t.sum_differs > 0 {
                    parts.push(format!("у {} из {} участников с баллами за задания их сумма не совпадает с итоговым баллом (итоговый балл в протоколе считается по своим правилам; в отчёте используется он)", t.sum_differs, t.pupils));
                }
                if t.above_max > 0 {
                    parts.push(format!("{} раз поставлено больше баллов за задание, чем его максимум", t.above_max));
                }
                format!("{} {}: {}.", sc.key.year, super::official::work_label(self.project, &sc.key), parts.join("; "))
            })
            .collect();
        notes.reverse();
        notes
    }

    fn summary(&self, here: &Here, id: OrgId) -> Option<Summary> {
        let year = self.cells_of(id).map(|(sc, _)| sc.key.year).max()?;
        let org = self.project.orgs.get(id);
        let plans = self
            .plans_by_org
            .get(&id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let as_of = self.project.config.as_of;
        let mut items: Vec<SummaryItem> = Vec::new();
        for hit in self.ind.hits_of(id, year) {
            if let Some(item) = items.iter_mut().find(|i| i.label == hit.marker.label()) {
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
                    status_label: m.status.label(),
                    overdue: m.is_overdue(as_of),
                    plan: here.link(plan.title.clone(), &urls::plan(org, plan)),
                })
                .collect();
            items.push(SummaryItem {
                label: hit.marker.label(),
                meaning: hit.marker.spec().meaning,
                federal: hit.marker.is_federal(),
                explained: super::views::marker_link(here, hit.marker),
                count: 1,
                measures,
            });
        }
        items.sort_by_key(|i| !i.federal);
        Some(Summary {
            year,
            evaluated: self.ind.evaluated.contains(&(year, id)),
            has_plan: !plans.is_empty(),
            items,
        })
    }

    pub(super) fn org_page(&self, id: OrgId, out: &mut Output) -> Result<()> {
        let project = self.project;
        let org = project.orgs.get(id);
        let path = urls::org(org);
        let here = Here::new(&path);
        let school = org.kind == Kind::School;
        let flagged_year = if school { None } else { self.latest_year() };
        let flagged = flagged_year.map_or_else(Vec::new, |y| self.flagged(&here, id, y));
        let view = OrgView {
            org: OrgInfo::new(org),
            children: project
                .orgs
                .children(id)
                .iter()
                .map(|&c| self.child_row(&here, c))
                .collect(),
            children_title: if org.kind == Kind::Region {
                "Муниципалитеты"
            } else {
                "Образовательные организации"
            },
            plans: self.plans_of(&here, id),
            min_publish: project.config.methodology.min_publish,
            indices: if school { Vec::new() } else { self.indices(id) },
            flagged_year,
            flagged_without_plan: flagged
                .iter()
                .filter(|f| f.plans.is_empty())
                .cloned()
                .collect(),
            flagged,
            years: if school {
                self.school_years(id)
            } else {
                Vec::new()
            },
            charts: if school {
                Vec::new()
            } else {
                self.org_charts(id)
            },
            summary: if school {
                self.summary(&here, id)
            } else {
                None
            },
            official_school: if school {
                self.official_school(id)
            } else {
                Vec::new()
            },
            official_area: if school {
                None
            } else {
                self.official_area(&here, id)
            },
            task_notes: if school {
                self.task_notes(id)
            } else {
                Vec::new()
            },
        };
        let crumbs = self.crumbs(&here, Some(id));
        self.page("org.html", &path, &org.name, crumbs, &view, out)
    }
}
