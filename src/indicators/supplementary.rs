//! Supplementary indicators, shown and explained beside the federal markers and counted in the
//! index only when config.yaml says so: confirmation of marks by the journal, peaks just above
//! mark boundaries, ВПР above the externally marked exam of the same cohort, and observation of
//! procedures. Each sign is calibrated against the region's own between-school variation
//! ([`super::calibrate`]); the calibration of every cell is kept for the methodology page.

use super::calibrate::{random_effects, robust_sd, theil_sen, ShareModel, ShareObs};
use super::stats::{binomial_z, quantile};
use super::{Calibration, Evidence, Hit, RegionCells};
use crate::model::config::ExternalPair;
use crate::model::{Cell, CellKey, Marker, OrgId, Procedure, Project};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Least excess share of pupils at the boundaries for `boundary_peak` (SPEC).
pub const PEAK_EXCESS: f64 = 0.10;
/// Least schools a calibrated sign needs in a work (for `external_gap`: with both cells) before
/// the region's between-school variation can be estimated at all.
pub const MIN_SCHOOLS: usize = 8;
/// `boundary_peak`'s cut-offs around each mark boundary b: b itself, and the placebos b − 2 and
/// b + 2 with their slot in [`SchoolPeaks::placebo`].
const CUTS: [(i32, Option<usize>); 3] = [(0, None), (-2, Some(0)), (2, Some(1))];

/// Lowered, confirmed and raised as percentages of the pupils with both marks.
pub fn confirmation_percents(c: [u32; 3]) -> Option<[f64; 3]> {
    let n: u32 = c.iter().sum();
    (n > 0).then(|| c.map(|x| 100.0 * x as f64 / n as f64))
}

/// Non-confirmation index: 100 − confirmed %.
pub fn nonconfirmation(c: [u32; 3]) -> Option<f64> {
    confirmation_percents(c).map(|p| 100.0 - p[1])
}

/// The supplementary markers of one region, and how each was calibrated.
/// Confirmed pupils and pupils with both marks, per score, of a cell with participant rows.
fn confirmed_by_score(cell: &Cell) -> Option<impl Iterator<Item = (u32, u32)> + '_> {
    let rows = &cell.detail.as_ref()?.confirmation_by_score;
    Some(rows.iter().map(|r| (r[1], r.iter().sum())))
}

/// `low_confirmation`: per work, each school's confirmed count against the share of pupils of
/// the rest of the region with the same scores, under a beta-binomial fitted to the region's
/// schools; the sign when the lower-tail mid-p is below `low_confirmation_p`. Works are
/// independent and fitted in parallel.
pub fn low_confirmation(
    project: &Project,
    rc: &RegionCells,
    hits: &mut Vec<Hit>,
    calibration: &mut Vec<Calibration>,
) {
    let per_work: Vec<(Vec<Hit>, Option<Calibration>)> = rc
        .by_key
        .par_iter()
        .map(|(key, cells)| low_confirmation_of(project, rc.region, key, cells))
        .collect();
    for (h, c) in per_work {
        hits.extend(h);
        calibration.extend(c);
    }
}

/// `low_confirmation` in one work of a region.
fn low_confirmation_of(
    project: &Project,
    region_id: OrgId,
    key: &CellKey,
    cells: &[(OrgId, &Cell)],
) -> (Vec<Hit>, Option<Calibration>) {
    let m = &project.config.methodology;
    let mut hits = Vec::new();
    let mut region_by_score: Vec<(u64, u64)> = Vec::new();
    let mut region = (0u64, 0u64);
    for (_, cell) in cells {
        if let Some(c) = cell.confirmation {
            region.0 += c[1] as u64;
            region.1 += c.iter().sum::<u32>() as u64;
        }
        for (s, (k, n)) in confirmed_by_score(cell).into_iter().flatten().enumerate() {
            if region_by_score.len() <= s {
                region_by_score.resize(s + 1, (0, 0));
            }
            region_by_score[s].0 += k as u64;
            region_by_score[s].1 += n as u64;
        }
    }
    let mut schools: Vec<(OrgId, [u32; 3], ShareObs)> = Vec::new();
    for &(school, cell) in cells {
        let Some(c) = cell.confirmation else { continue };
        let n: u32 = c.iter().sum();
        if n < m.min_group {
            continue;
        }
        let rest = (region.0 - c[1] as u64, region.1 - n as u64);
        if rest.1 == 0 {
            continue;
        }
        let overall = rest.0 as f64 / rest.1 as f64;
        // The region's share without the school, at each of its pupils' own scores.
        let p = match confirmed_by_score(cell) {
            Some(rows) => {
                let expected: f64 = rows
                    .enumerate()
                    .map(|(s, (k, n_s))| {
                        let (rk, rn) = region_by_score[s];
                        let (ok, on) = (rk - k as u64, rn - n_s as u64);
                        let q = if on > 0 {
                            ok as f64 / on as f64
                        } else {
                            overall
                        };
                        n_s as f64 * q
                    })
                    .sum();
                expected / n as f64
            }
            None => overall,
        };
        schools.push((school, c, ShareObs { k: c[1], n, p }));
    }
    if schools.len() < MIN_SCHOOLS {
        return (hits, None);
    }
    let obs: Vec<ShareObs> = schools.iter().map(|s| s.2).collect();
    let model = ShareModel::fit(&obs);
    let mut flagged = 0;
    for (school, c, o) in &schools {
        if o.p <= 0.0 || o.p >= 1.0 {
            continue;
        }
        let mid_p = model.mid_p_lower(*o);
        if mid_p >= m.param("low_confirmation_p") {
            continue;
        }
        flagged += 1;
        let percents = confirmation_percents(*c).unwrap_or_default();
        hits.push(Hit {
            year: key.year,
            school: *school,
            marker: Marker::LowConfirmation,
            procedure: Some(key.procedure),
            cell: Some(*key),
            value: mid_p,
            threshold: Some(m.param("low_confirmation_p")),
            evidence: Evidence::LowConfirmation {
                lowered: percents[0],
                confirmed: percents[1],
                raised: percents[2],
                n: o.n,
                expected: 100.0 * o.p,
                rho: model.rho,
            },
            numbers_shown: false,
        });
    }
    let calibration = Calibration {
        region: region_id,
        marker: Marker::LowConfirmation,
        year: key.year,
        procedure: key.procedure,
        work: Some(*key),
        exam: None,
        tercile: None,
        parameter: model.rho,
        schools: schools.len(),
        flagged,
    };
    (hits, Some(calibration))
}

/// Running sums of the pooled boundary test of one school, year and procedure.
#[derive(Default, Clone, Copy)]
struct PeakSums {
    observed: u64,
    expected: f64,
    variance: f64,
    n: u64,
}

impl PeakSums {
    fn z(&self) -> Option<f64> {
        binomial_z(self.observed as f64, self.expected, self.variance)
    }
}

/// One school's boundary sums of a year and procedure: at the real cut-offs, at each placebo,
/// and its participants (for the size terciles).
#[derive(Default)]
struct SchoolPeaks {
    real: PeakSums,
    placebo: [PeakSums; 2],
    participants: u64,
}

/// `boundary_peak`: the pooled one-sided test of SPEC over all scaled cells of a school in a year
/// and procedure, divided by the robust spread of the same test at placebo cut-offs b ± 2 among
/// the schools of the same year and size tercile (not below 1), with an excess share floor.
pub fn boundary_peak(
    project: &Project,
    rc: &RegionCells,
    hits: &mut Vec<Hit>,
    calibration: &mut Vec<Calibration>,
) {
    let m = &project.config.methodology;
    let mut sums: BTreeMap<(u16, Procedure), BTreeMap<OrgId, SchoolPeaks>> = BTreeMap::new();
    for (key, cells) in &rc.by_key {
        let Some(scale) = project.scales.get(key) else {
            continue;
        };
        let hists: Vec<(OrgId, Vec<u32>)> = cells
            .iter()
            .filter_map(|(s, c)| Some((*s, c.detail.as_ref()?.histogram())))
            .collect();
        let year = sums.entry((key.year, key.procedure)).or_default();
        for (school, h) in &hists {
            year.entry(*school).or_default().participants +=
                h.iter().map(|&c| c as u64).sum::<u64>();
        }
        let at = |h: &[u32], s: i32| {
            usize::try_from(s)
                .ok()
                .and_then(|s| h.get(s))
                .copied()
                .unwrap_or(0) as u64
        };
        for b in scale.boundaries() {
            for (offset, slot) in CUTS {
                let cut = b as i32 + offset;
                if cut < 1 || cut > scale.max_score as i32 {
                    continue;
                }
                let (cb, cb1) = hists.iter().fold((0, 0), |(x, y), (_, h)| {
                    (x + at(h, cut), y + at(h, cut - 1))
                });
                if cb + cb1 == 0 {
                    continue;
                }
                let p = cb as f64 / (cb + cb1) as f64;
                if p <= 0.0 || p >= 1.0 {
                    continue;
                }
                for (school, h) in &hists {
                    let (c, n) = (at(h, cut), at(h, cut) + at(h, cut - 1));
                    let peaks = year.entry(*school).or_default();
                    let s = match slot {
                        None => &mut peaks.real,
                        Some(i) => &mut peaks.placebo[i],
                    };
                    s.observed += c;
                    s.expected += n as f64 * p;
                    s.variance += n as f64 * p * (1.0 - p);
                    s.n += n;
                }
            }
        }
    }
    for ((year, procedure), schools) in sums {
        let sizes: Vec<f64> = schools.values().map(|s| s.participants as f64).collect();
        let cuts = [quantile(&sizes, 1.0 / 3.0), quantile(&sizes, 2.0 / 3.0)];
        let tercile = |size: u64| {
            cuts.iter()
                .filter(|c| c.is_some_and(|c| size as f64 > c))
                .count()
        };
        for t in 0..3 {
            let members: Vec<(&OrgId, &SchoolPeaks)> = schools
                .iter()
                .filter(|(_, s)| tercile(s.participants) == t)
                .collect();
            if members.is_empty() {
                continue;
            }
            let placebo: Vec<f64> = members
                .iter()
                .flat_map(|(_, s)| s.placebo.iter())
                .filter(|p| p.n >= m.min_group as u64)
                .filter_map(PeakSums::z)
                .collect();
            let spread = robust_sd(&placebo).unwrap_or(1.0).max(1.0);
            let mut flagged = 0;
            let mut evaluated = 0;
            for (school, s) in &members {
                let Some(raw_z) = s.real.z() else { continue };
                if s.real.n < m.min_group as u64 {
                    continue;
                }
                evaluated += 1;
                let z = raw_z / spread;
                let excess = (s.real.observed as f64 - s.real.expected) / s.real.n as f64;
                if z <= m.param("peak_z") || excess < PEAK_EXCESS {
                    continue;
                }
                flagged += 1;
                hits.push(Hit {
                    year,
                    school: **school,
                    marker: Marker::BoundaryPeak,
                    procedure: Some(procedure),
                    cell: None,
                    value: z,
                    threshold: Some(m.param("peak_z")),
                    evidence: Evidence::BoundaryPeak {
                        at_boundary: s.real.observed,
                        expected: s.real.expected,
                        pooled_n: s.real.n,
                        raw_z,
                        spread,
                    },
                    numbers_shown: false,
                });
            }
            calibration.push(Calibration {
                region: rc.region,
                marker: Marker::BoundaryPeak,
                year,
                procedure,
                work: None,
                exam: None,
                tercile: Some(t as u8 + 1),
                parameter: spread,
                schools: evaluated,
                flagged,
            });
        }
    }
}

/// A cell's mean as % of the maximum score, and the sampling variance of that mean.
#[derive(Clone, Copy)]
struct PercentMean {
    mean: f64,
    variance: f64,
}

fn percent_mean(project: &Project, key: &CellKey, cell: &Cell) -> Option<PercentMean> {
    let max = work_max(project, key)?;
    let moments = cell.moments?;
    let k = 100.0 / max;
    let n = moments.n.max(1) as f64;
    // A school whose pupils all scored alike still has the rounding of a score to whole points
    // (variance 1/12 of a point²): its mean is never known exactly.
    let variance = (moments.sd * moments.sd).max(1.0 / 12.0);
    Some(PercentMean {
        mean: k * moments.mean,
        variance: k * k * variance / n,
    })
}

/// The maximum score of a work: its scale's, else the sum of its tasks' maxima in
/// data/tasks.csv (ОГЭ and ЕГЭ exports often come without a ВПР-style scale).
fn work_max(project: &Project, key: &CellKey) -> Option<f64> {
    if let Some(scale) = project.scales.get(key) {
        return Some(scale.max_score as f64);
    }
    let tasks = project.tasks.get(key)?;
    let sum: Option<u32> = tasks.iter().map(|t| t.max_points.map(u32::from)).sum();
    sum.filter(|&m| m > 0).map(f64::from)
}

/// `external_gap`: for each configured pair, the region's schools' ВПР mean (y) against their
/// ОГЭ/ЕГЭ mean of the same cohort (x), a Theil–Sen line, and each school's residual as a
/// random-effects z; the sign when z > `external_z`.
pub fn external_gap(
    project: &Project,
    rc: &RegionCells,
    hits: &mut Vec<Hit>,
    calibration: &mut Vec<Calibration>,
) {
    let m = &project.config.methodology;
    for (work, vpr_cells) in &rc.by_key {
        for pair in m.external_pairs.iter().filter(|p| applies(p, work)) {
            let exam = CellKey {
                year: work.year + pair.years_later,
                procedure: pair.exam,
                subject: work.subject,
                grade: pair.exam_grade,
            };
            let Some(exam_cells) = rc.by_key.get(&exam) else {
                continue;
            };
            let exams: BTreeMap<OrgId, &Cell> = exam_cells.iter().copied().collect();
            let schools: Vec<(OrgId, PercentMean, PercentMean)> = vpr_cells
                .iter()
                .filter_map(|&(school, vpr)| {
                    let other = *exams.get(&school)?;
                    if vpr.participants < m.min_group || other.participants < m.min_group {
                        return None;
                    }
                    Some((
                        school,
                        percent_mean(project, work, vpr)?,
                        percent_mean(project, &exam, other)?,
                    ))
                })
                .collect();
            if schools.len() < MIN_SCHOOLS {
                continue;
            }
            let points: Vec<(f64, f64)> =
                schools.iter().map(|(_, y, x)| (x.mean, y.mean)).collect();
            let Some((intercept, slope)) = theil_sen(&points) else {
                continue;
            };
            let residuals: Vec<(f64, f64)> = schools
                .iter()
                .map(|(_, y, x)| {
                    let residual = y.mean - (intercept + slope * x.mean);
                    (residual, y.variance + slope * slope * x.variance)
                })
                .collect();
            let (tau2, zs) = random_effects(&residuals);
            let mut flagged = 0;
            for ((school, y, x), z) in schools.iter().zip(zs) {
                if z <= m.param("external_z") {
                    continue;
                }
                flagged += 1;
                hits.push(Hit {
                    year: exam.year,
                    school: *school,
                    marker: Marker::ExternalGap,
                    procedure: Some(Procedure::Vpr),
                    cell: Some(*work),
                    value: z,
                    threshold: Some(m.param("external_z")),
                    evidence: Evidence::ExternalGap {
                        vpr: y.mean,
                        exam: x.mean,
                        predicted: intercept + slope * x.mean,
                        vpr_year: work.year,
                        exam_work: exam,
                        schools: schools.len(),
                    },
                    numbers_shown: false,
                });
            }
            calibration.push(Calibration {
                region: rc.region,
                marker: Marker::ExternalGap,
                year: exam.year,
                procedure: Procedure::Vpr,
                work: Some(*work),
                exam: Some(exam),
                tercile: None,
                parameter: tau2.sqrt(),
                schools: schools.len(),
                flagged,
            });
        }
    }
}

/// Whether a pair's ВПР side is this work.
fn applies(pair: &ExternalPair, work: &CellKey) -> bool {
    work.procedure == Procedure::Vpr && work.grade == pair.vpr_grade
}

/// `no_observation`: a procedure of a school of the region held with neither video nor public
/// observers.
pub fn no_observation(project: &Project, rc: &RegionCells) -> Vec<Hit> {
    project
        .observation
        .iter()
        .filter(|(_, o)| !o.video && !o.observers)
        .filter(|((_, _, school), _)| {
            project.orgs.ancestor(*school, crate::model::Kind::Region) == Some(rc.region)
        })
        .map(|(&(year, procedure, school), _)| Hit {
            year,
            school,
            marker: Marker::NoObservation,
            procedure: Some(procedure),
            cell: None,
            value: 0.0,
            threshold: None,
            evidence: Evidence::NoObservation,
            numbers_shown: false,
        })
        .collect()
}

/// Share of a school's procedures in a year held with video and with public observers (percent).
pub fn observation_coverage(
    project: &Project,
    school: OrgId,
    year: u16,
) -> Option<(f64, f64, usize)> {
    let rows: Vec<_> = Procedure::ALL
        .iter()
        .filter_map(|&p| project.observation.get(&(year, p, school)).copied())
        .collect();
    let n = rows.len();
    (n > 0).then(|| {
        let share = |f: fn(&crate::model::Observation) -> bool| {
            100.0 * rows.iter().filter(|o| f(o)).count() as f64 / n as f64
        };
        (share(|o| o.video), share(|o| o.observers), n)
    })
}
