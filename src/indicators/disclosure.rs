//! Disclosure control, the one gate every published number passes (SPEC «Privacy»).
//!
//! Indicators keep their statistics private: a marker's numbers ([`Hit`] evidence, value,
//! threshold), the pooled figures of regions and municipalities, and every figure of a
//! school-cell can only be read through a [`Gate`], which hands them out figure by figure as
//! [`suppression`](super::suppression) decided ([`CellFigures`], [`PooledFigures`]), or as
//! [`Shown`] values, or not at all. Render code formats only what the gate hands out, so a
//! statistic that did not pass it cannot reach a page, a chart, a chart's description or table,
//! a marker's text or open data.
//!
//! The rules are [`super::suppression`]'s, decided on the contributors of each figure; a marker's
//! numbers are shown when every set of participants they are computed over passes them: the
//! school's cells, the region's cell for region statistics (mean, σ, n, bounds, shares, boundary
//! proportions), and the schools behind cohort quartiles. Otherwise the marker is shown without
//! numbers. Markers themselves are computed on the full data.

use super::cycle::Tally;
use super::suppression::Published;
use super::{Calibration, Evidence, Hit, Indicators, Pooled};
use crate::model::cell::Moments;
use crate::model::marker::Basis;
use crate::model::release::Figure;
use crate::model::task::TaskNotes;
use crate::model::{Cell, CellKey, Kind, OrgId, Project, SchoolCell};
use rustc_hash::FxHashMap;

/// A figure that passed disclosure control. Only this module makes one.
#[derive(Debug, Clone, Copy)]
pub struct Shown<T>(T);

impl<T> Shown<T> {
    pub fn get(&self) -> &T {
        &self.0
    }
}

impl<T: Copy> Shown<T> {
    pub fn value(self) -> T {
        self.0
    }
}

/// A published school-cell's figures: its scores (participants, marks, mean), and each other
/// figure when it may be published too.
#[derive(Debug, Clone, Copy)]
pub struct CellFigures<'a> {
    cell: &'a Cell,
    published: Published,
}

/// The task shares of a cell's groups of pupils by ВПР mark, each group as
/// [`super::mark_groups`] let it through.
#[derive(Debug, Clone, Copy)]
pub struct MarkGroups<'a> {
    notes: &'a TaskNotes,
    published: Published,
}

impl MarkGroups<'_> {
    /// The pupils with mark `mark` (2..5) and task points, when their group is shown.
    pub fn size(&self, mark: u8) -> Option<u32> {
        let g = usize::from(mark.clamp(2, 5) - 2);
        self.published
            .get(Figure::BY_MARK[g])
            .then_some(self.notes.by_mark[g])
    }

    /// The share of task `task`'s maximum `max` earned by the group of mark `mark`.
    pub fn share(&self, task: usize, mark: u8, max: u16) -> Option<f64> {
        self.size(mark)?;
        self.notes.by_task.get(task)?.share_of_mark(mark, max)
    }
}

/// A group's pupils by test mark − journal mark, when its confirmation is published and every
/// pupil behind it has a row (the same pupils, split finer).
fn gaps_of(confirmation: Option<[u32; 3]>, gaps: Option<[u32; 7]>) -> Option<[u32; 7]> {
    let sum = confirmation?.iter().sum::<u32>();
    gaps.filter(|g| g.iter().sum::<u32>() == sum)
}

impl<'a> CellFigures<'a> {
    pub fn participants(&self) -> u32 {
        self.cell.participants
    }

    pub fn marks(&self) -> Option<[u32; 4]> {
        self.cell.marks
    }

    pub fn moments(&self) -> Option<Moments> {
        self.cell.moments
    }

    /// Lowered, confirmed, raised.
    pub fn confirmation(&self) -> Option<[u32; 3]> {
        self.cell
            .confirmation
            .filter(|_| self.published.get(Figure::Confirmation))
    }

    /// Pupils per primary score.
    pub fn histogram(&self) -> Option<Vec<u32>> {
        let detail = self.cell.detail.as_ref()?;
        self.published
            .get(Figure::Histogram)
            .then(|| detail.histogram())
    }

    /// The pupils' task points and their data-quality counts.
    pub fn tasks(&self) -> Option<&'a TaskNotes> {
        let detail = self.cell.detail.as_ref()?;
        (self.published.get(Figure::Tasks) && detail.tasks.pupils > 0).then_some(&detail.tasks)
    }

    /// The task shares by groups of pupils by ВПР mark.
    pub fn mark_groups(&self) -> Option<MarkGroups<'a>> {
        let notes = self.tasks()?;
        Some(MarkGroups {
            notes,
            published: self.published,
        })
    }

    /// Pupils by test mark − journal mark ([`crate::model::cell::Detail::gaps`]).
    pub fn gaps(&self) -> Option<[u32; 7]> {
        gaps_of(
            self.confirmation(),
            self.cell.detail.as_ref().map(|d| d.gaps()),
        )
    }
}

/// A region's or municipality's published figures: its scores, and each other figure when it
/// may be published too.
#[derive(Debug, Clone, Copy)]
pub struct PooledFigures<'a>(&'a Pooled);

impl<'a> PooledFigures<'a> {
    pub fn participants(&self) -> u32 {
        self.0.participants
    }

    pub fn marks(&self) -> Option<[u32; 4]> {
        self.0.marks
    }

    pub fn moments(&self) -> Option<Moments> {
        self.0.moments
    }

    pub fn confirmation(&self) -> Option<[u32; 3]> {
        self.0
            .confirmation
            .filter(|_| self.0.publish.get(Figure::Confirmation))
    }

    pub fn histogram(&self) -> Option<&'a [u64]> {
        self.0
            .publish
            .get(Figure::Histogram)
            .then_some(self.0.histogram.as_slice())
    }

    pub fn tasks(&self) -> Option<&'a TaskNotes> {
        (self.0.publish.get(Figure::Tasks) && self.0.tasks.pupils > 0).then_some(&self.0.tasks)
    }

    /// The task shares by groups of pupils by ВПР mark.
    pub fn mark_groups(&self) -> Option<MarkGroups<'a>> {
        let notes = self.tasks()?;
        Some(MarkGroups {
            notes,
            published: self.0.publish,
        })
    }

    /// Pupils by test mark − journal mark.
    pub fn gaps(&self) -> Option<[u32; 7]> {
        gaps_of(self.confirmation(), self.0.gaps)
    }
}

/// The numbers of one marker: what raised it and against what.
#[derive(Debug, Clone, Copy)]
pub struct Numbers<'a> {
    pub evidence: &'a Evidence,
    /// `None` for a marker without a number (`no_observation`).
    pub value: Option<f64>,
    pub threshold: Option<f64>,
}

/// The gate of one build. What each marker's numbers are computed over is its registry entry's
/// [`Basis`].
pub struct Gate<'a> {
    project: &'a Project,
    ind: &'a Indicators,
    min_publish: u32,
}

impl<'a> Gate<'a> {
    pub fn new(project: &'a Project, ind: &'a Indicators) -> Gate<'a> {
        Gate {
            project,
            ind,
            min_publish: project.config.methodology.min_publish,
        }
    }

    pub fn min_publish(&self) -> u32 {
        self.min_publish
    }

    /// A school-cell's figures, when its scores may be published.
    pub fn cell(&self, sc: &SchoolCell) -> Option<CellFigures<'a>> {
        let cell = self.project.cells.get(sc)?;
        let published = self.ind.suppression.cell(sc);
        published
            .get(Figure::Scores)
            .then_some(CellFigures { cell, published })
    }

    /// Whether a figure of an organization's cell (a school's, a municipality's or a region's)
    /// is held back only because of what earlier releases published.
    pub fn held(&self, org: OrgId, key: CellKey, figure: Figure) -> bool {
        self.ind.suppression.held.contains(&(org, key, figure))
    }

    /// How many figures are held back only because of what earlier releases published.
    pub fn held_count(&self) -> usize {
        self.ind.suppression.held.len()
    }

    /// A municipality's or region's pooled figures, when its scores may be published.
    pub fn pooled(&self, org: OrgId, key: CellKey) -> Option<PooledFigures<'a>> {
        let p = self.ind.pooled.get(&(org, key))?;
        p.publish.get(Figure::Scores).then_some(PooledFigures(p))
    }

    /// A task's maximum inferred from the region's publishable cells ([`super::task_maxima`]).
    pub fn task_max(&self, region: OrgId, key: CellKey, task: usize) -> Option<u16> {
        self.ind.task_maxima.get(&(region, key))?.get(task).copied()
    }

    /// Whether the region's `figure` of a work may be published.
    fn region_shown(&self, school: OrgId, key: CellKey, figure: Figure) -> bool {
        self.project
            .orgs
            .ancestor(school, Kind::Region)
            .and_then(|r| self.ind.pooled.get(&(r, key)))
            .is_some_and(|p| p.publish.get(figure))
    }

    /// Whether a school-cell's `figure` may be published.
    fn school_shown(&self, school: OrgId, key: CellKey, figure: Figure) -> bool {
        self.ind
            .suppression
            .cell(&SchoolCell { key, org: school })
            .get(figure)
    }

    /// A marker's numbers, when none of them would disclose a suppressed cell.
    pub fn numbers(&self, hit: &'a Hit) -> Option<Shown<Numbers<'a>>> {
        let numbers = Numbers {
            evidence: &hit.evidence,
            value: (hit.evidence != Evidence::NoObservation).then_some(hit.value),
            threshold: hit.threshold,
        };
        hit.numbers_shown.then_some(Shown(numbers))
    }

    /// The calibration of the supplementary signs, cell by cell, where the region's cells it
    /// was fitted on may be published.
    pub fn calibration(&self) -> Vec<Shown<&'a Calibration>> {
        self.ind
            .calibration
            .iter()
            .filter(|c| {
                let pooled = |key: CellKey| self.ind.pooled.get(&(c.region, key));
                let region =
                    |key: CellKey, f: Figure| pooled(key).is_some_and(|p| p.publish.get(f));
                match (c.work, c.exam) {
                    (Some(work), Some(exam)) => {
                        region(work, Figure::Scores) && region(exam, Figure::Scores)
                    }
                    (Some(work), None) => region(work, Figure::Confirmation),
                    // boundary_peak: the region's histograms of the works that feed the test
                    // (with a scale and pupils' scores), not every work of the year.
                    _ => self
                        .ind
                        .pooled_keys(
                            c.region,
                            CellKey {
                                year: c.year,
                                procedure: c.procedure,
                                subject: crate::model::SubjectId(0),
                                grade: 0,
                            },
                        )
                        .take_while(|k| k.year == c.year && k.procedure == c.procedure)
                        .filter(|k| {
                            self.project.scales.contains_key(k)
                                && pooled(*k).is_some_and(|p| !p.histogram.is_empty())
                        })
                        .all(|k| region(k, Figure::Histogram)),
                }
            })
            .map(Shown)
            .collect()
    }
}

impl Gate<'_> {
    /// A count out of a group of schools (or of their procedures or measures: the management
    /// cycle's figures), when the group holds at least `min_publish`; else the page says «мало
    /// школ». Its members' markers, plans and observation are public, so no pupil is behind it;
    /// the rule keeps a share of a handful of schools, which one school moves by tens of points,
    /// from being read as a rate, and holds every published group to the one threshold.
    pub fn tally(&self, tally: Tally) -> Option<Shown<Tally>> {
        (tally.whole >= self.min_publish && tally.whole > 0).then_some(Shown(tally))
    }
}

impl Shown<Tally> {
    /// How many of the group have the property.
    pub fn part(&self) -> u32 {
        self.0.part
    }

    /// The group's size.
    pub fn whole(&self) -> u32 {
        self.0.whole
    }

    /// The share, 0 to 1.
    pub fn share(&self) -> f64 {
        f64::from(self.0.part) / f64::from(self.0.whole)
    }
}

/// Whether participants of cells, some possibly hidden, may be summarised together: the hidden
/// ones are none or together at least `min_publish`.
fn group(min_publish: u32, sizes: impl IntoIterator<Item = u32>) -> bool {
    let hidden: u32 = sizes.into_iter().filter(|&n| n < min_publish).sum();
    hidden == 0 || hidden >= min_publish
}

/// Decides, once for every marker, whether its numbers may be shown: when none of them would
/// disclose a hidden group (what each marker's numbers are computed over is its registry entry's
/// [`Basis`]). The region's cells of a work and a school's cells are indexed first, and a pair of
/// works is judged once per region, so that the whole is linear in the cells and markers.
pub(super) fn numbers_shown(project: &Project, ind: &Indicators) -> Vec<bool> {
    let gate = Gate::new(project, ind);
    let min_group = project.config.methodology.min_group;
    let orgs = &project.orgs;
    let mut by_region_work: FxHashMap<(OrgId, CellKey), Vec<(OrgId, u32)>> = Default::default();
    let mut by_school: FxHashMap<OrgId, Vec<(CellKey, &Cell)>> = Default::default();
    for (sc, cell) in &project.cells {
        if let Some(region) = orgs.ancestor(sc.org, Kind::Region) {
            by_region_work
                .entry((region, sc.key))
                .or_default()
                .push((sc.org, cell.participants));
        }
        by_school.entry(sc.org).or_default().push((sc.key, cell));
    }
    // Numbers from a pair of works: the school's two cells, and the region's schools with both
    // cells of at least `min_group` (those behind the cohort quartiles, or the external line),
    // summarised together; judged once per region and pair.
    let mut pairs: FxHashMap<(OrgId, CellKey, CellKey), bool> = Default::default();
    let mut pair_shown = |school: OrgId, key: CellKey, other: CellKey| -> bool {
        if !gate.school_shown(school, key, Figure::Scores)
            || !gate.school_shown(school, other, Figure::Scores)
        {
            return false;
        }
        let Some(region) = orgs.ancestor(school, Kind::Region) else {
            return false;
        };
        *pairs.entry((region, key, other)).or_insert_with(|| {
            let sizes = by_region_work
                .get(&(region, key))
                .into_iter()
                .flatten()
                .filter_map(|&(s, n)| {
                    let paired = project.cells.get(&SchoolCell { key: other, org: s })?;
                    (n >= min_group && paired.participants >= min_group)
                        .then_some([n, paired.participants])
                });
            group(gate.min_publish, sizes.flatten())
        })
    };
    ind.hits
        .iter()
        .map(|hit| {
            let cell = hit.cell;
            match hit.marker.spec().basis {
                Basis::Nothing => true,
                Basis::SchoolCell => {
                    cell.is_some_and(|k| gate.school_shown(hit.school, k, Figure::Scores))
                }
                Basis::SchoolAndRegion(f) => cell.is_some_and(|k| {
                    gate.school_shown(hit.school, k, f) && gate.region_shown(hit.school, k, f)
                }),
                // Grade N + 1 of year Y and grade N of the year before.
                Basis::Cohort => cell.is_some_and(|now| {
                    let prev = CellKey {
                        year: now.year.wrapping_sub(1),
                        grade: now.grade.wrapping_sub(1),
                        ..now
                    };
                    pair_shown(hit.school, now, prev)
                }),
                // The school's cells of the year and procedure pooled, and the region's cells
                // whose boundary shares give the expectation.
                Basis::SchoolProcedure => {
                    let keys: Vec<(CellKey, u32)> = by_school
                        .get(&hit.school)
                        .into_iter()
                        .flatten()
                        .filter(|(k, c)| {
                            k.year == hit.year
                                && Some(k.procedure) == hit.procedure
                                && c.detail.is_some()
                                && project.scales.contains_key(k)
                        })
                        .map(|(k, c)| (*k, c.participants))
                        .collect();
                    group(gate.min_publish, keys.iter().map(|(_, n)| *n))
                        && keys
                            .iter()
                            .all(|(k, _)| gate.region_shown(hit.school, *k, Figure::Histogram))
                }
                Basis::External => match (&hit.evidence, cell) {
                    (Evidence::ExternalGap { exam_work, .. }, Some(work)) => {
                        pair_shown(hit.school, work, *exam_work)
                    }
                    _ => false,
                },
            }
        })
        .collect()
}
