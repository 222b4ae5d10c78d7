//! The maxima of tasks that data/tasks.csv does not give (the older pupil sheet states none):
//! per region and work, the highest points value given to at least 0.5 % of the scored pupils
//! of the region's publishable school-cells. Only those cells count, so that no hidden cell can
//! move a published maximum (a stray top score in a cell of three pupils would otherwise show).

use crate::model::task::TaskTally;
use crate::model::{CellKey, Kind, OrgId, Project};
use std::collections::BTreeMap;

/// The least share of scored pupils a points value needs to count as the maximum.
pub const INFERRED_MAX_SHARE: f64 = 0.005;

/// The highest points value given to at least [`INFERRED_MAX_SHARE`] of the scored pupils.
pub fn highest_common(tally: &TaskTally) -> u16 {
    let scored = tally.scored() as f64;
    tally
        .points
        .iter()
        .rposition(|&c| c > 0 && c as f64 >= INFERRED_MAX_SHARE * scored)
        .unwrap_or(0) as u16
}

/// Inferred maxima of every task of every region's works with task scores.
pub fn infer(project: &Project) -> BTreeMap<(OrgId, CellKey), Vec<u16>> {
    let min_publish = project.config.methodology.min_publish;
    let mut tallies: BTreeMap<(OrgId, CellKey), Vec<TaskTally>> = BTreeMap::new();
    for (sc, cell) in &project.cells {
        let (Some(detail), Some(region)) = (
            cell.detail.as_ref(),
            project.orgs.ancestor(sc.org, Kind::Region),
        ) else {
            continue;
        };
        if cell.participants < min_publish || detail.tasks.by_task.is_empty() {
            continue;
        }
        let all = tallies.entry((region, sc.key)).or_default();
        if all.len() < detail.tasks.by_task.len() {
            all.resize(detail.tasks.by_task.len(), TaskTally::default());
        }
        for (a, b) in all.iter_mut().zip(&detail.tasks.by_task) {
            a.merge(b);
        }
    }
    tallies
        .into_iter()
        .map(|(k, t)| (k, t.iter().map(highest_common).collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inferred_maximum_ignores_values_given_to_under_half_a_percent() {
        // 1000 pupils: 400 with 0, 400 with 1, 199 with 2, one stray 7: max 2.
        let mut tally = TaskTally {
            points: vec![400, 400, 199, 0, 0, 0, 0, 1],
            ..TaskTally::default()
        };
        assert_eq!(highest_common(&tally), 2);
        // Six pupils of 1000 at 7 (0.6 %) make 7 the maximum.
        tally.points[7] = 6;
        assert_eq!(highest_common(&tally), 7);
    }
}
