//! The federal markers of the ФИОКО method «Уровень объективности оценки образовательных
//! результатов в субъекте РФ»: `inflated_mean`, `mark_mismatch`, `cohort_fall` and `cohort_rise`,
//! and which schools the method evaluates.

use super::stats::{quantile, spearman};
use super::{Evidence, Hit, RegionCells};
use crate::model::cell::Moments;
use crate::model::config::{Methodology, Scope};
use crate::model::{Cell, CellKey, Marker, OrgId, Project};
use std::collections::{BTreeMap, BTreeSet};

fn in_scope(rules: &[Scope], key: &CellKey) -> bool {
    rules
        .iter()
        .any(|r| r.contains(key.procedure, key.subject, key.grade))
}

/// A marker computed on one work of a region: its schools' cells.
pub type WorkMarker = fn(&Methodology, &CellKey, &[(OrgId, &Cell)]) -> Vec<Hit>;

/// A marker computed work by work over the works of its scope (`rules`) in one region.
pub fn per_work(
    project: &Project,
    rc: &RegionCells,
    rules: &[Scope],
    marker: WorkMarker,
) -> Vec<Hit> {
    let m = &project.config.methodology;
    rc.by_key
        .iter()
        .filter(|(key, _)| in_scope(rules, key))
        .flat_map(|(key, cells)| marker(m, key, cells))
        .collect()
}

/// Upper bound of the region, x̄ + z·s/√n, over all the region's participants in the cell.
pub fn region_upper(region: Moments, z: f64) -> f64 {
    region.mean + z * region.sd / (region.n as f64).sqrt()
}

/// Lower bound of a school, x̄ₒ − z·sₒ/√m.
pub fn school_lower(school: Moments, z: f64) -> f64 {
    school.mean - z * school.sd / (school.n as f64).sqrt()
}

/// `inflated_mean`: the school's lower bound exceeds the region's upper bound.
pub fn inflated_mean(m: &Methodology, key: &CellKey, cells: &[(OrgId, &Cell)]) -> Vec<Hit> {
    let Some(parts) = cells
        .iter()
        .map(|(_, c)| c.moments)
        .collect::<Option<Vec<_>>>()
    else {
        return Vec::new();
    };
    let region = Moments::pool(parts);
    if region.n < 2 {
        return Vec::new();
    }
    let upper = region_upper(region, m.param("z"));
    cells
        .iter()
        .filter_map(|&(school, c)| {
            let s = c.moments?;
            if s.n < m.min_group {
                return None;
            }
            let lower = school_lower(s, m.param("z"));
            (lower > upper).then_some(Hit {
                year: key.year,
                school,
                marker: Marker::InflatedMean,
                procedure: Some(key.procedure),
                cell: Some(*key),
                value: lower,
                threshold: Some(upper),
                evidence: Evidence::InflatedMean {
                    school_mean: s.mean,
                    school_sd: s.sd,
                    m: s.n,
                    lower,
                    region_mean: region.mean,
                    region_sd: region.sd,
                    n: region.n,
                    upper,
                },
                numbers_shown: false,
            })
        })
        .collect()
}

/// Spearman's ρ below this counts as negative; it only absorbs floating-point rounding of a ρ
/// that is exactly 0.
const RHO_EPSILON: f64 = 1e-12;

/// `mark_mismatch`: Spearman's ρ of journal mark and score below zero over ≥ min_group pairs.
pub fn mark_mismatch(m: &Methodology, key: &CellKey, cells: &[(OrgId, &Cell)]) -> Vec<Hit> {
    cells
        .iter()
        .filter_map(|&(school, c)| {
            let (rho, pairs) = spearman(&c.detail.as_ref()?.by_score);
            let rho = rho?;
            (pairs >= m.min_group as u64 && rho < -RHO_EPSILON).then_some(Hit {
                year: key.year,
                school,
                marker: Marker::MarkMismatch,
                procedure: Some(key.procedure),
                cell: Some(*key),
                value: rho,
                threshold: Some(0.0),
                evidence: Evidence::MarkMismatch { rho, pairs },
                numbers_shown: false,
            })
        })
        .collect()
}

/// Mean percent completion S = 100·x̄ / max_score of a cell, when its scale is known.
fn completion(project: &Project, key: &CellKey, cell: &Cell) -> Option<f64> {
    let max = project.scales.get(key)?.max_score as f64;
    Some(100.0 * cell.moments?.mean / max)
}

/// One cohort pair of assessments (N, Y−1) → (N+1, Y) of a region, with each school's pair of
/// cells when both have ≥ min_group participants.
struct CohortPair<'a> {
    prev_key: CellKey,
    now_key: CellKey,
    schools: Vec<(OrgId, &'a Cell, &'a Cell)>,
}

/// The cohort pairs of a region that the cohort scope names.
fn cohort_pairs<'a>(project: &Project, rc: &'a RegionCells) -> Vec<CohortPair<'a>> {
    let m = &project.config.methodology;
    let mut out = Vec::new();
    for (now_key, now_cells) in &rc.by_key {
        let prev_key = CellKey {
            year: now_key.year.wrapping_sub(1),
            grade: now_key.grade.wrapping_sub(1),
            ..*now_key
        };
        if !in_scope(&m.cohort, &prev_key) {
            continue;
        }
        let Some(prev_cells) = rc.by_key.get(&prev_key) else {
            continue;
        };
        let prev: BTreeMap<OrgId, &Cell> = prev_cells.iter().copied().collect();
        let schools = now_cells
            .iter()
            .filter_map(|&(school, now)| {
                let before = *prev.get(&school)?;
                (before.participants >= m.min_group && now.participants >= m.min_group)
                    .then_some((school, before, now))
            })
            .collect();
        out.push(CohortPair {
            prev_key,
            now_key: *now_key,
            schools,
        });
    }
    out
}

/// Least number of schools with a K for the quartiles and fences to be computed.
pub const COHORT_MIN_SCHOOLS: usize = 4;

/// `cohort_fall` / `cohort_rise`: K = S(N, Y−1) / S(N+1, Y) outside Q75 + k·IQR or Q25 − k·IQR.
pub fn cohort(project: &Project, rc: &RegionCells) -> Vec<Hit> {
    let k_iqr = project.config.methodology.param("iqr_k");
    let mut hits = Vec::new();
    for CohortPair {
        prev_key,
        now_key,
        schools,
    } in cohort_pairs(project, rc)
    {
        let ks: Vec<(OrgId, f64, f64, f64)> = schools
            .iter()
            .filter_map(|&(school, before, now)| {
                let (s_prev, s_now) = (
                    completion(project, &prev_key, before)?,
                    completion(project, &now_key, now)?,
                );
                (s_now > 0.0).then(|| (school, s_prev / s_now, s_prev, s_now))
            })
            .collect();
        if ks.len() < COHORT_MIN_SCHOOLS {
            continue;
        }
        let values: Vec<f64> = ks.iter().map(|k| k.1).collect();
        let (Some(q25), Some(q75)) = (quantile(&values, 0.25), quantile(&values, 0.75)) else {
            continue;
        };
        let iqr = q75 - q25;
        let (upper, lower) = (q75 + k_iqr * iqr, q25 - k_iqr * iqr);
        for (school, k, s_prev, s_now) in ks {
            let (marker, fence) = if k > upper {
                (Marker::CohortFall, upper)
            } else if k < lower {
                (Marker::CohortRise, lower)
            } else {
                continue;
            };
            hits.push(Hit {
                year: now_key.year,
                school,
                marker,
                procedure: Some(now_key.procedure),
                cell: Some(now_key),
                value: k,
                threshold: Some(fence),
                evidence: Evidence::Cohort {
                    k,
                    s_prev,
                    s_now,
                    q25,
                    q75,
                    fence,
                },
                numbers_shown: false,
            });
        }
    }
    hits
}

/// Schools the federal method evaluates in a year: any in-scope cell with ≥ min_group
/// participants, or a cohort pair.
pub fn evaluated(project: &Project, rc: &RegionCells) -> BTreeSet<(u16, OrgId)> {
    let m = &project.config.methodology;
    let mut out = BTreeSet::new();
    for (key, cells) in &rc.by_key {
        if in_scope(&m.inflated_mean, key) || in_scope(&m.mark_mismatch, key) {
            out.extend(
                cells
                    .iter()
                    .filter(|(_, c)| c.participants >= m.min_group)
                    .map(|(s, _)| (key.year, *s)),
            );
        }
    }
    for pair in cohort_pairs(project, rc) {
        out.extend(pair.schools.iter().map(|(s, _, _)| (pair.now_key.year, *s)));
    }
    out
}
