//! What pages and charts are made of: the model, its indicators and the disclosure gate through
//! which every statistic passes, with each school's cells at hand. Chart specifications
//! ([`super::org_charts`]) are functions of these facts alone, so they are tested without
//! templates.

use crate::indicators::disclosure::Gate;
use crate::indicators::Indicators;
use crate::model::{Cell, OrgId, Project, SchoolCell};
use std::collections::BTreeMap;

pub struct Facts<'a> {
    pub project: &'a Project,
    pub ind: &'a Indicators,
    /// Every statistic a page shows comes through it.
    pub gate: Gate<'a>,
    cells_by_org: BTreeMap<OrgId, Vec<(&'a SchoolCell, &'a Cell)>>,
}

impl<'a> Facts<'a> {
    pub fn new(project: &'a Project, ind: &'a Indicators) -> Facts<'a> {
        let mut cells_by_org: BTreeMap<OrgId, Vec<(&SchoolCell, &Cell)>> = BTreeMap::new();
        for (sc, cell) in &project.cells {
            cells_by_org.entry(sc.org).or_default().push((sc, cell));
        }
        Facts {
            project,
            ind,
            gate: Gate::new(project, ind),
            cells_by_org,
        }
    }

    /// A school's cells, oldest year first.
    pub fn cells_of(&self, id: OrgId) -> impl Iterator<Item = (&'a SchoolCell, &'a Cell)> + '_ {
        self.cells_by_org.get(&id).into_iter().flatten().copied()
    }
}
