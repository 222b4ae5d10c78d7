//! The portal's home page: every region with its objectivity index per year, its municipalities
//! ranked by the newest index, the newest year's schools with markers that have not published a
//! plan, and the free pages.

use super::area::{ChildRow, FlaggedRow, IndexView};
use super::facts::Facts;
use super::views::{Here, Link};
use super::{urls, PageKind, Renderer};
use crate::model::{Kind, OrgId};
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

/// One region on the home page.
#[derive(Serialize)]
struct RegionSummary {
    row: ChildRow,
    indices: Vec<IndexView>,
    /// The newest year with evaluated schools.
    year: Option<u16>,
    /// Municipalities from the highest index to the lowest (those without an index last).
    ranked: Vec<ChildRow>,
    flagged: usize,
    flagged_without_plan: Vec<FlaggedRow>,
}

#[derive(Serialize)]
struct HomeView {
    regions: Vec<RegionSummary>,
    pages: Vec<Link>,
}

fn region_summary(f: &Facts, here: &Here, region: OrgId) -> RegionSummary {
    let orgs = &f.project.orgs;
    let mut ranked: Vec<ChildRow> = orgs
        .children(region)
        .iter()
        .filter(|&&m| orgs.get(m).kind == Kind::Municipality)
        .map(|&m| super::area::child_row(f, here, m))
        .collect();
    ranked.sort_by(|a, b| match (a.index_value, b.index_value) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let year = super::area::latest_year(f);
    let flagged = year.map_or_else(Vec::new, |y| super::area::flagged(f, here, region, y));
    RegionSummary {
        row: super::area::child_row(f, here, region),
        indices: super::area::indices(f, region),
        year,
        ranked,
        flagged: flagged.len(),
        flagged_without_plan: flagged.into_iter().filter(|f| f.plans.is_empty()).collect(),
    }
}

fn home(r: &Renderer, out: &mut Output) -> Result<()> {
    let f = &r.facts;
    let here = Here::new("index.html");
    let view = HomeView {
        regions: f
            .project
            .orgs
            .of_kind(Kind::Region)
            .map(|r| region_summary(f, &here, r))
            .collect(),
        pages: f
            .sorted_pages()
            .iter()
            .map(|p| here.link(p.title.clone(), &urls::page(&p.slug)))
            .collect(),
    };
    let title = f.project.config.title.clone();
    r.page(&Home, "index.html", &title, Vec::new(), &view, out)
}

/// The portal's home page: for the site and a plan's pages, not a subsite.
pub(super) struct Home;

impl PageKind for Home {
    fn template(&self) -> (&'static str, &'static str) {
        template!("home.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        match scope.is_subsite() {
            true => Ok(()),
            false => home(r, out),
        }
    }
}
