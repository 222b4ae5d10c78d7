//! Step 3 of the pipeline: the objectivity methodology, as pure functions from the model to
//! numbers. No I/O, no templates.
//!
//! Every figure is computed per region (SPEC "Methodology"): the federal ФИОКО markers
//! ([`federal`]), the supplementary indicators ([`supplementary`]), and from the federal
//! markers the evaluated schools and the objectivity index of every region and municipality
//! ([`index`]). Regions are independent and computed in parallel.

pub mod calibrate;
pub mod cycle;
pub mod disclosure;
pub mod federal;
pub mod index;
pub mod mark_groups;
pub mod pooled;
pub mod stats;
pub mod supplementary;
pub mod suppression;
pub mod task_maxima;

pub use crate::model::marker::Evidence;
use crate::model::marker::ScopeOf;
use crate::model::{Cell, CellKey, Kind, Marker, OrgId, Procedure, Project};
pub use index::IndexRow;
pub use pooled::Pooled;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// One marker raised for one school.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub year: u16,
    pub school: OrgId,
    pub marker: Marker,
    pub procedure: Option<Procedure>,
    /// The cell the marker concerns (cohort markers: grade N+1 of year Y); `None` for markers
    /// pooled over a procedure (`boundary_peak`, `no_observation`).
    pub cell: Option<CellKey>,
    /// The statistic and its threshold, and the numbers behind them: readable only through the
    /// disclosure gate ([`disclosure::Gate::numbers`]).
    value: f64,
    threshold: Option<f64>,
    evidence: Evidence,
    /// Whether its numbers may be shown ([`disclosure::numbers_shown`], once all is computed).
    numbers_shown: bool,
}

/// How one supplementary sign was calibrated in one cell of a region: the fitted
/// overdispersion ρ (`low_confirmation`), the placebo spread (`boundary_peak`, per size tercile)
/// or the between-school SD τ in percentage points (`external_gap`), and how many of the schools
/// it judged it flagged.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    pub region: OrgId,
    pub marker: Marker,
    pub year: u16,
    pub procedure: Procedure,
    /// The work judged (`external_gap`: the ВПР work); `None` for a whole procedure.
    pub work: Option<CellKey>,
    /// The externally marked work of `external_gap`.
    pub exam: Option<CellKey>,
    /// 1, 2, 3 from the smallest schools up (`boundary_peak`).
    pub tercile: Option<u8>,
    pub parameter: f64,
    pub schools: usize,
    pub flagged: usize,
}

/// Every indicator of a project.
#[derive(Debug, Default)]
pub struct Indicators {
    /// Sorted by year, school, marker, cell.
    pub hits: Vec<Hit>,
    /// (year, school) pairs evaluated by the federal method.
    pub evaluated: BTreeSet<(u16, OrgId)>,
    /// Objectivity index of every region and municipality, every year, sorted by org then year.
    pub indices: Vec<IndexRow>,
    /// Region and municipality cells: the pooled figures of their schools (read through the
    /// disclosure gate).
    pooled: BTreeMap<(OrgId, CellKey), Pooled>,
    /// How each supplementary sign was calibrated, per region and cell (read through the
    /// disclosure gate).
    calibration: Vec<Calibration>,
    /// Task maxima inferred per region and work where data/tasks.csv gives none.
    task_maxima: BTreeMap<(OrgId, CellKey), Vec<u16>>,
    /// Which figures may be published, its groups' by ВПР mark included (read through the
    /// disclosure gate).
    suppression: suppression::Decisions,
    /// Where each (year, school)'s hits start and end in `hits`.
    by_school: BTreeMap<(u16, OrgId), std::ops::Range<usize>>,
    /// The management cycle: whether measures worked, and the system's indicators.
    pub cycle: cycle::Cycle,
}

impl Indicators {
    /// The markers of one school in one year.
    pub fn hits_of(&self, school: OrgId, year: u16) -> &[Hit] {
        self.by_school
            .get(&(year, school))
            .map_or(&[], |r| &self.hits[r.clone()])
    }

    /// The assessments of an organization's pooled cells from `from` on, in order (keys only;
    /// the figures are read through the disclosure gate).
    pub fn pooled_keys(&self, org: OrgId, from: CellKey) -> impl Iterator<Item = CellKey> + '_ {
        self.pooled
            .range((org, from)..)
            .take_while(move |((o, _), _)| *o == org)
            .map(|((_, k), _)| *k)
    }

    /// What this build publishes and hides, for the release memory.
    pub fn release(&self) -> &crate::model::release::Release {
        &self.suppression.release
    }

    /// Number of markers counted in the index for a school in a year.
    pub fn index_marker_count(&self, project: &Project, school: OrgId, year: u16) -> usize {
        let counted = &project.config.methodology.index_markers;
        self.hits_of(school, year)
            .iter()
            .filter(|h| counted.contains(&h.marker))
            .count()
    }
}

/// The school-cells of one region, grouped by assessment.
pub struct RegionCells<'a> {
    pub region: OrgId,
    pub by_key: BTreeMap<CellKey, Vec<(OrgId, &'a Cell)>>,
}

/// How a marker of the registry ([`Marker::ALL`]) is computed, for one region: the one place
/// that names each marker's computation (a marker without one does not compile).
enum Computation {
    /// Work by work, over the works of the marker's scope.
    PerWork(federal::WorkMarker),
    /// Over the whole region; calibrated signs also say how they were calibrated.
    PerRegion(fn(&Project, &RegionCells, &mut Vec<Hit>, &mut Vec<Calibration>)),
    /// Computed with another marker, which raises it too.
    With(Marker),
}

fn computation(marker: Marker) -> Computation {
    use Computation::*;
    match marker {
        Marker::InflatedMean => PerWork(federal::inflated_mean),
        Marker::MarkMismatch => PerWork(federal::mark_mismatch),
        Marker::CohortFall => PerRegion(|p, rc, hits, _| hits.extend(federal::cohort(p, rc))),
        Marker::CohortRise => With(Marker::CohortFall),
        Marker::LowConfirmation => PerRegion(supplementary::low_confirmation),
        Marker::BoundaryPeak => PerRegion(supplementary::boundary_peak),
        Marker::ExternalGap => PerRegion(supplementary::external_gap),
        Marker::NoObservation => {
            PerRegion(|p, rc, hits, _| hits.extend(supplementary::no_observation(p, rc)))
        }
    }
}

/// Every marker of the registry in one region, with the calibration of its signs.
fn region_markers(project: &Project, rc: &RegionCells) -> (Vec<Hit>, Vec<Calibration>) {
    let m = &project.config.methodology;
    let (mut hits, mut calibration) = (Vec::new(), Vec::new());
    for marker in Marker::ALL {
        match computation(marker) {
            Computation::PerWork(f) => {
                let rules = match marker.spec().scope {
                    ScopeOf::InflatedMean => &m.inflated_mean,
                    ScopeOf::MarkMismatch => &m.mark_mismatch,
                    ScopeOf::Cohort => &m.cohort,
                    ScopeOf::Every => &Vec::new(),
                };
                hits.extend(federal::per_work(project, rc, rules, f));
            }
            Computation::PerRegion(f) => f(project, rc, &mut hits, &mut calibration),
            // Raised by the computation of the marker it is computed with.
            Computation::With(other) => {
                debug_assert!(!matches!(computation(other), Computation::With(_)));
            }
        }
    }
    (hits, calibration)
}

/// Computes every indicator of the project; `record`: for a publishing build, which records
/// what it releases ([`suppression::Decisions::release`]).
pub fn compute(project: &Project, record: bool) -> Indicators {
    let regions = group_by_region(project);
    // The markers per region (in parallel) beside the pooled figures and disclosure decisions,
    // which read none of them: on the national case the decisions' serial pass no longer waits.
    let (parts, (pooled, suppression)) = rayon::join(
        || {
            regions
                .par_iter()
                .map(|rc| {
                    let (hits, calibration) = region_markers(project, rc);
                    (hits, federal::evaluated(project, rc), calibration)
                })
                .collect::<Vec<_>>()
        },
        || {
            let mut pooled = pooled::by_org(project);
            let suppression = suppression::decide(project, &mut pooled, record);
            (pooled, suppression)
        },
    );
    let mut out = Indicators {
        pooled,
        suppression,
        ..Indicators::default()
    };
    for (hits, evaluated, calibration) in parts {
        out.hits.extend(hits);
        out.evaluated.extend(evaluated);
        out.calibration.extend(calibration);
    }
    out.hits.sort_by(|a, b| {
        (a.year, a.school, a.marker, a.cell, a.procedure).cmp(&(
            b.year,
            b.school,
            b.marker,
            b.cell,
            b.procedure,
        ))
    });
    for (i, h) in out.hits.iter().enumerate() {
        out.by_school.entry((h.year, h.school)).or_insert(i..i).end = i + 1;
    }
    let shown = disclosure::numbers_shown(project, &out);
    for (hit, shown) in out.hits.iter_mut().zip(shown) {
        hit.numbers_shown = shown;
    }
    out.task_maxima = task_maxima::infer(project);
    mark_groups::decide(project, &mut out.suppression, &mut out.pooled);
    out.indices = index::indices(project, &out);
    out.cycle = cycle::compute(project, &out);
    out
}

fn group_by_region(project: &Project) -> Vec<RegionCells<'_>> {
    let orgs = &project.orgs;
    let mut map: BTreeMap<OrgId, RegionCells> = orgs
        .of_kind(Kind::Region)
        .map(|r| {
            (
                r,
                RegionCells {
                    region: r,
                    by_key: BTreeMap::new(),
                },
            )
        })
        .collect();
    for (sc, cell) in &project.cells {
        if let Some(region) = orgs.ancestor(sc.org, Kind::Region) {
            if let Some(rc) = map.get_mut(&region) {
                rc.by_key.entry(sc.key).or_default().push((sc.org, cell));
            }
        }
    }
    map.into_values().collect()
}

#[cfg(test)]
mod tests;
