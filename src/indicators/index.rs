//! The objectivity index of every region and municipality, every year:
//! 100 − 100 · (evaluated schools with ≥ 1 counted marker) / (evaluated schools).

use super::Indicators;
use crate::model::{Kind, OrgId, Project};
use std::collections::BTreeSet;

/// One line of indices.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    pub year: u16,
    pub org: OrgId,
    pub evaluated: u32,
    pub flagged: u32,
    /// `None` when no school was evaluated.
    pub index: Option<f64>,
}

/// The index from counts; `None` when nothing was evaluated.
pub fn objectivity_index(evaluated: u32, flagged: u32) -> Option<f64> {
    (evaluated > 0).then(|| 100.0 - 100.0 * flagged as f64 / evaluated as f64)
}

pub fn indices(project: &Project, ind: &Indicators) -> Vec<IndexRow> {
    let counted = &project.config.methodology.index_markers;
    let flagged: BTreeSet<(u16, OrgId)> = ind
        .hits
        .iter()
        .filter(|h| counted.contains(&h.marker))
        .map(|h| (h.year, h.school))
        .collect();
    let years: BTreeSet<u16> = ind.evaluated.iter().map(|(y, _)| *y).collect();
    let mut rows = Vec::new();
    for org in project
        .orgs
        .ids()
        .filter(|&o| project.orgs.get(o).kind != Kind::School)
    {
        let schools = project.orgs.schools_under(org);
        for &year in &years {
            let evaluated: Vec<_> = schools
                .iter()
                .filter(|&&s| ind.evaluated.contains(&(year, s)))
                .collect();
            let n_flagged = evaluated
                .iter()
                .filter(|&&&s| flagged.contains(&(year, s)))
                .count() as u32;
            let n = evaluated.len() as u32;
            rows.push(IndexRow {
                year,
                org,
                evaluated: n,
                flagged: n_flagged,
                index: objectivity_index(n, n_flagged),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_the_share_of_evaluated_schools_without_markers() {
        // 40 evaluated, 6 flagged: 100 − 100·6/40 = 85
        assert_eq!(objectivity_index(40, 6), Some(85.0));
        assert_eq!(objectivity_index(3, 3), Some(0.0));
        assert_eq!(objectivity_index(0, 0), None);
    }
}
