//! The portal's home page: every region with its objectivity index per year, its municipalities
//! ranked by the newest index, the newest year's schools with markers that have not published a
//! plan, and the free pages.

use super::area::{ChildRow, FlaggedRow, IndexView};
use super::views::{Here, Link};
use super::{urls, Renderer};
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

impl Renderer<'_> {
    fn region_summary(&self, here: &Here, region: OrgId) -> RegionSummary {
        let orgs = &self.project.orgs;
        let mut ranked: Vec<ChildRow> = orgs
            .children(region)
            .iter()
            .filter(|&&m| orgs.get(m).kind == Kind::Municipality)
            .map(|&m| self.child_row(here, m))
            .collect();
        ranked.sort_by(|a, b| match (a.index_value, b.index_value) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        let year = self.latest_year();
        let flagged = year.map_or_else(Vec::new, |y| self.flagged(here, region, y));
        RegionSummary {
            row: self.child_row(here, region),
            indices: self.indices(region),
            year,
            ranked,
            flagged: flagged.len(),
            flagged_without_plan: flagged.into_iter().filter(|f| f.plans.is_empty()).collect(),
        }
    }

    pub(super) fn home(&self, out: &mut Output) -> Result<()> {
        let here = Here::new("index.html");
        let view = HomeView {
            regions: self
                .project
                .orgs
                .of_kind(Kind::Region)
                .map(|r| self.region_summary(&here, r))
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
}
