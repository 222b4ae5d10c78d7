//! The management cycle in numbers (seed 004: monitor → analyse → recommend → act → monitor
//! again): whether flagged schools that carried out their plan's answering measures were
//! flagged again less often than flagged schools without a plan ([`effect`], with the intervals
//! of [`interval`]), and the system's own indicators per region, municipality and year
//! ([`system`], seed 004 row 2).
//!
//! A school is **flagged** in a year when it was evaluated and has a marker counted in the
//! objectivity index, as the index counts it. A plan **follows** the results of year Y when it
//! is for the school year that begins after them (`period: Y-(Y+1)`). Everything is computed once
//! for every region and municipality, each school adding to its own two, so the whole is linear
//! in the schools, markers, plans and observation records.

pub mod effect;
pub mod interval;
pub mod system;

use super::Indicators;
use crate::model::{Kind, Marker, OrgId, Plan, Project};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How many of a group of schools (or of their procedures or measures) have a property. The
/// group's size is public; the count is read through the disclosure gate
/// ([`super::disclosure::Gate::tally`]), which hands it out only for a group of at least
/// `min_publish`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub(in crate::indicators) part: u32,
    pub(in crate::indicators) whole: u32,
}

impl Tally {
    /// The group's size.
    pub fn whole(&self) -> u32 {
        self.whole
    }

    /// `part` members of a group of `whole` having a property that each member's own page
    /// states (the schools of an area with a systemic deficit in «Анализ ВПР»), to be read
    /// through the gate like the cycle's tallies.
    pub fn of(part: u32, whole: u32) -> Tally {
        Tally {
            part: part.min(whole),
            whole,
        }
    }

    /// Counts one more member, which has the property or not.
    fn count(&mut self, has: bool) {
        self.whole += 1;
        self.part += u32::from(has);
    }
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.part += other.part;
        self.whole += other.whole;
    }
}

/// The cycle's figures of every region and municipality.
#[derive(Debug, Default)]
pub struct Cycle {
    /// The years with an evaluated school, oldest first.
    years: Vec<u16>,
    /// Per organization, one row per pair of consecutive years, oldest first.
    effect: BTreeMap<OrgId, Vec<effect::EffectRow>>,
    /// Per organization, one row per year with results, oldest first.
    system: BTreeMap<OrgId, Vec<system::SystemYear>>,
}

impl Cycle {
    /// The years with an evaluated school, oldest first.
    pub fn years(&self) -> &[u16] {
        &self.years
    }

    /// An organization's re-flagging comparison, one row per pair of consecutive years.
    pub fn effect(&self, org: OrgId) -> &[effect::EffectRow] {
        self.effect.get(&org).map_or(&[], Vec::as_slice)
    }

    /// An organization's system indicators, one row per year.
    pub fn system(&self, org: OrgId) -> &[system::SystemYear] {
        self.system.get(&org).map_or(&[], Vec::as_slice)
    }
}

/// What both parts read: the years with results, who was evaluated and flagged when, and each
/// school's plans.
pub(crate) struct Seen<'a> {
    pub project: &'a Project,
    ind: &'a Indicators,
    /// Years with an evaluated school, oldest first.
    pub years: Vec<u16>,
    flagged: HashSet<(u16, OrgId)>,
    plans: HashMap<OrgId, Vec<&'a Plan>>,
}

impl<'a> Seen<'a> {
    pub fn new(project: &'a Project, ind: &'a Indicators) -> Seen<'a> {
        let counted = &project.config.methodology.index_markers;
        let flagged = ind
            .hits
            .iter()
            .filter(|h| counted.contains(&h.marker) && ind.evaluated.contains(&(h.year, h.school)))
            .map(|h| (h.year, h.school))
            .collect();
        let mut years: Vec<u16> = ind.evaluated.iter().map(|(y, _)| *y).collect();
        years.dedup();
        let mut plans: HashMap<OrgId, Vec<&Plan>> = HashMap::new();
        for plan in &project.plans {
            if let Some(org) = project.orgs.find(&plan.org) {
                plans.entry(org).or_default().push(plan);
            }
        }
        Seen {
            project,
            ind,
            years,
            flagged,
            plans,
        }
    }

    pub fn evaluated(&self, year: u16, school: OrgId) -> bool {
        self.ind.evaluated.contains(&(year, school))
    }

    pub fn flagged(&self, year: u16, school: OrgId) -> bool {
        self.flagged.contains(&(year, school))
    }

    /// The markers counted in the index that flag a school in a year, each once.
    pub fn counted_markers(&self, year: u16, school: OrgId) -> Vec<Marker> {
        let counted = &self.project.config.methodology.index_markers;
        let mut markers: Vec<Marker> = self
            .ind
            .hits_of(school, year)
            .iter()
            .map(|h| h.marker)
            .filter(|m| counted.contains(m))
            .collect();
        markers.dedup();
        markers
    }

    /// The plans of an organization that follow the results of `year`.
    pub fn plans_following(&self, org: OrgId, year: u16) -> impl Iterator<Item = &'a Plan> + '_ {
        self.plans
            .get(&org)
            .into_iter()
            .flatten()
            .copied()
            .filter(move |p| p.follows(year))
    }

    /// The region and municipality an organization's figures count towards: its own two
    /// levels above the school (itself, when it is one).
    pub fn areas(&self, org: OrgId) -> impl Iterator<Item = OrgId> {
        let orgs = &self.project.orgs;
        [
            orgs.ancestor(org, Kind::Municipality),
            orgs.ancestor(org, Kind::Region),
        ]
        .into_iter()
        .flatten()
    }
}

/// The markers of an organization in a year, each once, in the registry's order: a school's
/// own, or those of the schools below a municipality or region (what its recommendations and a
/// draft plan answer).
pub fn markers_under(project: &Project, ind: &Indicators, org: OrgId, year: u16) -> Vec<Marker> {
    let mut found = [false; Marker::ALL.len()];
    for school in project.orgs.schools_under(org) {
        for hit in ind.hits_of(school, year) {
            found[hit.marker as usize] = true;
        }
    }
    Marker::ALL
        .into_iter()
        .filter(|m| found[*m as usize])
        .collect()
}

/// The cycle's figures of a project whose markers, evaluation and index are computed.
pub fn compute(project: &Project, ind: &Indicators) -> Cycle {
    let seen = Seen::new(project, ind);
    Cycle {
        effect: effect::by_org(&seen),
        system: system::by_org(&seen),
        years: seen.years,
    }
}
