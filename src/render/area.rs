//! The page of a region or a municipality: its objectivity index per year with charts, the
//! schools with markers and those without a published plan, the official list, its plans, its
//! municipalities or schools, and its «Анализ ВПР» of the newest year as a list of works
//! ([`super::area_work`]).

use super::facts::Facts;
use super::views::{Here, Link, OrgInfo, PlanSummary};
use super::{urls, PageKind, Renderer};
use crate::charts::Chart;
use crate::format::decimal_in;
use crate::model::{Kind, OrgId};
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

/// An organization in a list of another's children.
#[derive(Serialize)]
pub(super) struct ChildRow {
    #[serde(skip)]
    pub(super) id: OrgId,
    pub(super) link: Link,
    kind: &'static str,
    municipalities: usize,
    schools: usize,
    plans: Vec<PlanSummary>,
    /// Region or municipality: the latest objectivity index; school: empty.
    pub(super) index: String,
    #[serde(skip)]
    pub(super) index_value: Option<f64>,
    /// School: its markers counted in the index in the latest year.
    markers: usize,
    evaluated: bool,
}

/// One year of a region's or municipality's index.
#[derive(Serialize)]
pub(super) struct IndexView {
    pub year: u16,
    pub evaluated: u32,
    pub flagged: u32,
    pub index: String,
    /// Change against the previous year, signed, in points («−3,7 п.»), or empty.
    change: String,
}

/// A school with markers in a list.
#[derive(Serialize, Clone)]
pub(super) struct FlaggedRow {
    link: Link,
    municipality: Link,
    markers: Vec<String>,
    pub(super) plans: Vec<PlanSummary>,
}

#[derive(Serialize)]
struct AreaView {
    org: OrgInfo,
    children: Vec<ChildRow>,
    children_title: String,
    plans: Vec<PlanSummary>,
    indices: Vec<IndexView>,
    flagged_year: Option<u16>,
    flagged: Vec<FlaggedRow>,
    flagged_without_plan: Vec<FlaggedRow>,
    charts: Vec<Chart>,
    /// A region's objectivity map (data/map.geojson), beside its table of municipalities.
    map: Option<super::map::MapView>,
    /// The federal list «Признаки необъективности»: listed schools per year.
    official: Option<super::official::Area>,
    /// The management cycle: recommendations, whether measures worked, the system's indicators.
    cycle: super::cycle::AreaCycle,
    /// «Анализ ВПР» of the newest year: its works, each linking its own page.
    analysis: Option<super::area_work::Summary>,
}

/// The newest year any school was evaluated.
pub(super) fn latest_year(f: &Facts) -> Option<u16> {
    f.ind.evaluated.last().map(|(y, _)| *y)
}

pub(super) fn child_row(f: &Facts, here: &Here, id: OrgId) -> ChildRow {
    let lang = f.project.lang();
    let orgs = &f.project.orgs;
    let org = orgs.get(id);
    let latest = latest_year(f);
    let index_value = latest
        .and_then(|y| f.ind.indices.iter().find(|r| r.org == id && r.year == y))
        .and_then(|r| r.index);
    let index = index_value.map_or_else(String::new, |i| decimal_in(lang, i, 1));
    ChildRow {
        id,
        link: here.org(org),
        kind: org.kind.code(),
        municipalities: orgs
            .children(id)
            .iter()
            .filter(|&&c| orgs.get(c).kind == Kind::Municipality)
            .count(),
        schools: orgs.schools_under(id).len(),
        plans: f.plans_of(here, id),
        index,
        index_value,
        markers: latest.map_or(0, |y| f.ind.index_marker_count(f.project, id, y)),
        evaluated: latest.is_some_and(|y| f.ind.evaluated.contains(&(y, id))),
    }
}

pub(super) fn indices(f: &Facts, id: OrgId) -> Vec<IndexView> {
    let lang = f.project.lang();
    let mut previous: Option<f64> = None;
    f.ind
        .indices
        .iter()
        .filter(|r| r.org == id)
        .map(|r| {
            let change = match (previous, r.index) {
                (Some(p), Some(i)) => super::org_charts::change_in_points(lang, i - p),
                _ => String::new(),
            };
            previous = r.index.or(previous);
            IndexView {
                year: r.year,
                evaluated: r.evaluated,
                flagged: r.flagged,
                index: r
                    .index
                    .map_or_else(|| "—".to_owned(), |i| decimal_in(lang, i, 1)),
                change,
            }
        })
        .collect()
}

pub(super) fn flagged(f: &Facts, here: &Here, id: OrgId, year: u16) -> Vec<FlaggedRow> {
    let orgs = &f.project.orgs;
    let counted = &f.project.config.methodology.index_markers;
    orgs.schools_under(id)
        .into_iter()
        .filter_map(|s| {
            let lang = f.project.lang();
            let mut markers: Vec<String> = f
                .ind
                .hits_of(s, year)
                .iter()
                .filter(|h| counted.contains(&h.marker))
                .map(|h| h.marker.short(lang))
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
                plans: f.plans_of(here, s),
            })
        })
        .collect()
}

pub(super) fn area_page(r: &Renderer, id: OrgId, out: &mut Output) -> Result<()> {
    let f = &r.facts;
    let project = f.project;
    let org = project.orgs.get(id);
    let path = urls::org(org);
    let here = Here::new(&path);
    let flagged_year = latest_year(f);
    let flagged = flagged_year.map_or_else(Vec::new, |y| flagged(f, &here, id, y));
    let children: Vec<ChildRow> = project
        .orgs
        .children(id)
        .iter()
        .map(|&c| child_row(f, &here, c))
        .collect();
    let view = AreaView {
        org: OrgInfo::new(org, f.project.lang()),
        map: super::map::view(f, id, &children),
        children,
        children_title: match org.kind {
            Kind::Region => crate::i18n::msg_in!(project.lang(), "ui.municipalities"),
            _ => crate::i18n::msg_in!(project.lang(), "ui.schools"),
        },
        plans: f.plans_of(&here, id),
        indices: indices(f, id),
        flagged_year,
        flagged_without_plan: flagged
            .iter()
            .filter(|f| f.plans.is_empty())
            .cloned()
            .collect(),
        flagged,
        charts: f.org_charts(id),
        official: super::official::official_area(f, &here, id),
        cycle: super::cycle::area_cycle(f, &here, id),
        analysis: super::area_work::summary(f, &here, id),
    };
    let crumbs = f.crumbs(&here, Some(id));
    r.page(&Area, &path, &org.name, crumbs, &view, out)
}

/// The pages of regions and municipalities.
pub(super) struct Area;

impl PageKind for Area {
    fn template(&self) -> (&'static str, &'static str) {
        template!("area.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        let ids = scope.orgs_of(r.facts.project, false);
        super::each_org(&ids, out, |id, out| area_page(r, id, out))
    }
}
