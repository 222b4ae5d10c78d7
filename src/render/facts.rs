//! What pages and charts are made of: the model, its indicators and the disclosure gate through
//! which every statistic passes, with each school's cells at hand. Chart specifications
//! ([`super::org_charts`]) are functions of these facts alone, so they are tested without
//! templates.

use super::views::{Here, Link, PlanSummary};
use crate::indicators::disclosure::Gate;
use crate::indicators::Indicators;
use crate::model::{Cell, OrgId, Plan, Project, SchoolCell};
use std::collections::BTreeMap;

pub struct Facts<'a> {
    pub project: &'a Project,
    pub ind: &'a Indicators,
    /// Every statistic a page shows comes through it.
    pub gate: Gate<'a>,
    cells_by_org: BTreeMap<OrgId, Vec<(&'a SchoolCell, &'a Cell)>>,
    /// Each organization's plans.
    pub plans_by_org: BTreeMap<OrgId, Vec<&'a Plan>>,
}

impl<'a> Facts<'a> {
    pub fn new(project: &'a Project, ind: &'a Indicators) -> Facts<'a> {
        let mut cells_by_org: BTreeMap<OrgId, Vec<(&SchoolCell, &Cell)>> = BTreeMap::new();
        for (sc, cell) in &project.cells {
            cells_by_org.entry(sc.org).or_default().push((sc, cell));
        }
        let mut plans_by_org: BTreeMap<OrgId, Vec<&Plan>> = BTreeMap::new();
        for plan in &project.plans {
            let org = project
                .orgs
                .find(&plan.org)
                .expect("plans are validated against orgs");
            plans_by_org.entry(org).or_default().push(plan);
        }
        let gate = Gate::new(project, ind);
        Facts {
            project,
            ind,
            gate,
            cells_by_org,
            plans_by_org,
        }
    }

    /// The task analysis of a school's cell, or an area's pooled over its schools: none when its
    /// task shares may not be published. The
    /// pages and the open data ask it of the same function, each when it needs it: computing a
    /// cell's rows costs about a microsecond, holding every cell's rows through the render cost
    /// 127 MB of the 5,000-school region's peak (bench/run.sh one, heaptrack).
    pub fn task_rows(&self, sc: &SchoolCell) -> Vec<super::tasks::TaskRow> {
        super::tasks::analyse(self.project, &self.gate, sc)
    }

    /// The organization a plan belongs to.
    pub fn plan_org(&self, plan: &Plan) -> OrgId {
        self.project
            .orgs
            .find(&plan.org)
            .expect("plans are validated against orgs")
    }

    /// The plans of an organization, as a list's rows.
    pub fn plans_of(&self, here: &Here, id: OrgId) -> Vec<PlanSummary> {
        let org = self.project.orgs.get(id);
        self.plans_by_org
            .get(&id)
            .into_iter()
            .flatten()
            .map(|p| PlanSummary::new(here, org, p, self.project.config.as_of, self.project.lang()))
            .collect()
    }

    /// The free pages in the order of their weight, then title.
    pub fn sorted_pages(&self) -> Vec<&'a crate::model::Page> {
        let mut pages: Vec<_> = self.project.pages.iter().collect();
        pages.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
        pages
    }

    /// The home page's breadcrumb for the page at `path`.
    pub fn home_crumb(&self, path: &str) -> Vec<Link> {
        vec![self.home_link(&Here::new(path))]
    }

    /// «Главная», the home page's link in navigation and breadcrumbs.
    pub fn home_link(&self, here: &Here) -> Link {
        here.link(
            crate::i18n::msg_in!(self.project.lang(), "ui.home"),
            "index.html",
        )
    }

    /// Breadcrumbs from the home page down to (not including) `org`.
    pub fn crumbs(&self, here: &Here, org: Option<OrgId>) -> Vec<Link> {
        let orgs = &self.project.orgs;
        let mut chain = Vec::new();
        let mut at = org.and_then(|o| orgs.get(o).parent);
        while let Some(p) = at {
            chain.push(here.org(orgs.get(p)));
            at = orgs.get(p).parent;
        }
        chain.push(self.home_link(here));
        chain.reverse();
        chain
    }

    /// The newest year of a school's results.
    pub fn newest_year(&self, id: OrgId) -> Option<u16> {
        self.cells_of(id).map(|(sc, _)| sc.key.year).max()
    }

    /// The markers of a school's year that concern one of its cells: those raised in the cell,
    /// and those pooled over the cell's procedure.
    pub fn hits_of_cell<'s>(
        &'s self,
        sc: &'s SchoolCell,
    ) -> impl Iterator<Item = &'a crate::indicators::Hit> + 's {
        self.ind
            .hits_of(sc.org, sc.key.year)
            .iter()
            .filter(|h| match h.cell {
                Some(key) => key == sc.key,
                None => h.procedure == Some(sc.key.procedure),
            })
    }

    /// A school's cells, oldest year first.
    pub fn cells_of(&self, id: OrgId) -> impl Iterator<Item = (&'a SchoolCell, &'a Cell)> + '_ {
        self.cells_by_org.get(&id).into_iter().flatten().copied()
    }
}
