//! Supplementary indicators, shown and explained beside the federal markers and counted in the
//! index only when config.yaml says so: confirmation of marks by the journal, peaks just above
//! mark boundaries, inflation unconfirmed by the journal, and observation of procedures.

use super::stats::binomial_z;
use super::{Evidence, Hit, RegionCells};
use crate::model::{Cell, CellKey, Marker, OrgId, Procedure, Project};
use std::collections::BTreeMap;

/// Lowered, confirmed and raised as percentages of the pupils with both marks.
pub fn confirmation_percents(c: [u32; 3]) -> Option<[f64; 3]> {
    let n: u32 = c.iter().sum();
    (n > 0).then(|| c.map(|x| 100.0 * x as f64 / n as f64))
}

/// Non-confirmation index: 100 − confirmed %.
pub fn nonconfirmation(c: [u32; 3]) -> Option<f64> {
    confirmation_percents(c).map(|p| 100.0 - p[1])
}

/// The supplementary markers of one region; `federal` are its federal hits (for
/// `inflated_unconfirmed`, which looks only at cells with `inflated_mean`).
pub fn markers(project: &Project, rc: &RegionCells, federal: &[Hit]) -> Vec<Hit> {
    let mut hits = low_confirmation(project, rc);
    hits.extend(boundary_peak(project, rc));
    hits.extend(inflated_unconfirmed(project, rc, federal));
    hits
}

/// `low_confirmation`: non-confirmation index above the threshold, over ≥ min_group pupils.
fn low_confirmation(project: &Project, rc: &RegionCells) -> Vec<Hit> {
    let m = &project.config.methodology;
    let mut hits = Vec::new();
    for (key, cells) in &rc.by_key {
        for &(school, cell) in cells {
            let Some(c) = cell.confirmation else { continue };
            let n: u32 = c.iter().sum();
            let (Some(p), Some(index)) = (confirmation_percents(c), nonconfirmation(c)) else {
                continue;
            };
            if n >= m.min_group && index > m.low_confirmation {
                hits.push(Hit {
                    year: key.year,
                    school,
                    marker: Marker::LowConfirmation,
                    procedure: Some(key.procedure),
                    cell: Some(*key),
                    value: index,
                    threshold: Some(m.low_confirmation),
                    evidence: Evidence::LowConfirmation {
                        lowered: p[0],
                        confirmed: p[1],
                        raised: p[2],
                        n,
                    },
                });
            }
        }
    }
    hits
}

/// Running sums of the pooled boundary test of one school, year and procedure.
#[derive(Default)]
struct PeakSums {
    observed: u64,
    expected: f64,
    variance: f64,
    n: u64,
}

/// `boundary_peak`: the pooled one-sided test of SPEC over all scaled cells of a school in a year
/// and procedure: z = (Σc_b − Σn·p) / √(Σn·p·(1 − p)) > peak_z with Σn ≥ min_group.
fn boundary_peak(project: &Project, rc: &RegionCells) -> Vec<Hit> {
    let m = &project.config.methodology;
    let mut sums: BTreeMap<(u16, Procedure, OrgId), PeakSums> = BTreeMap::new();
    for (key, cells) in &rc.by_key {
        let Some(scale) = project.scales.get(key) else {
            continue;
        };
        let hists: Vec<(OrgId, Vec<u32>)> = cells
            .iter()
            .filter_map(|(s, c)| Some((*s, c.detail.as_ref()?.histogram())))
            .collect();
        let at = |h: &[u32], s: u16| h.get(s as usize).copied().unwrap_or(0) as u64;
        for b in scale.boundaries() {
            let Some(below) = b.checked_sub(1) else {
                continue;
            };
            let (cb, cb1) = hists
                .iter()
                .fold((0, 0), |(x, y), (_, h)| (x + at(h, b), y + at(h, below)));
            if cb + cb1 == 0 {
                continue;
            }
            let p = cb as f64 / (cb + cb1) as f64;
            if p <= 0.0 || p >= 1.0 {
                continue;
            }
            for (school, h) in &hists {
                let (c, n) = (at(h, b), at(h, b) + at(h, below));
                let s = sums.entry((key.year, key.procedure, *school)).or_default();
                s.observed += c;
                s.expected += n as f64 * p;
                s.variance += n as f64 * p * (1.0 - p);
                s.n += n;
            }
        }
    }
    sums.into_iter()
        .filter_map(|((year, procedure, school), s)| {
            let z = binomial_z(s.observed as f64, s.expected, s.variance)?;
            (z > m.peak_z && s.n >= m.min_group as u64).then_some(Hit {
                year,
                school,
                marker: Marker::BoundaryPeak,
                procedure: Some(procedure),
                cell: None,
                value: z,
                threshold: Some(m.peak_z),
                evidence: Evidence::BoundaryPeak {
                    at_boundary: s.observed,
                    expected: s.expected,
                    pooled_n: s.n,
                },
            })
        })
        .collect()
}

/// `inflated_unconfirmed`: in a cell with `inflated_mean`, more pupils whose test mark is above
/// their journal mark than the region's share predicts: z = (r − n·p) / √(n·p·(1 − p)).
fn inflated_unconfirmed(project: &Project, rc: &RegionCells, federal: &[Hit]) -> Vec<Hit> {
    let m = &project.config.methodology;
    let region_raised = |key: &CellKey| -> Option<f64> {
        let cells: &Vec<(OrgId, &Cell)> = rc.by_key.get(key)?;
        let (raised, all) = cells
            .iter()
            .filter_map(|(_, c)| c.confirmation)
            .fold((0u64, 0u64), |(r, a), c| {
                (r + c[2] as u64, a + c.iter().sum::<u32>() as u64)
            });
        (all > 0).then(|| raised as f64 / all as f64)
    };
    federal
        .iter()
        .filter(|h| h.marker == Marker::InflatedMean)
        .filter_map(|h| {
            let key = h.cell?;
            let cell = rc.by_key.get(&key)?.iter().find(|(s, _)| *s == h.school)?.1;
            let c = cell.confirmation?;
            let n: u32 = c.iter().sum();
            let p = region_raised(&key)?;
            if n < m.min_group || p <= 0.0 || p >= 1.0 {
                return None;
            }
            let nf = n as f64;
            let z = binomial_z(c[2] as f64, nf * p, nf * p * (1.0 - p))?;
            (z > m.unconfirmed_z).then_some(Hit {
                year: key.year,
                school: h.school,
                marker: Marker::InflatedUnconfirmed,
                procedure: Some(key.procedure),
                cell: Some(key),
                value: z,
                threshold: Some(m.unconfirmed_z),
                evidence: Evidence::InflatedUnconfirmed { raised: c[2], n, p },
            })
        })
        .collect()
}

/// `no_observation`: a procedure held with neither video nor public observers.
pub fn observation(project: &Project) -> Vec<Hit> {
    project
        .observation
        .iter()
        .filter(|(_, o)| !o.video && !o.observers)
        .map(|(&(year, procedure, school), _)| Hit {
            year,
            school,
            marker: Marker::NoObservation,
            procedure: Some(procedure),
            cell: None,
            value: 0.0,
            threshold: None,
            evidence: Evidence::NoObservation,
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
