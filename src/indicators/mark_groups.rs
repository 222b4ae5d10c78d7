//! Which groups of pupils by ВПР mark may have their task shares published («Анализ ВПР»,
//! SPEC «Privacy»). A group's shares are a figure over its own pupils (those with the mark and
//! task points), inside the task shares of its cell, which [`super::suppression`] decided:
//!
//! - **within a cell**: a group is shown when the cell's task shares are and it holds at least
//!   `max(mark_group, min_publish)` pupils; the pupils of the hidden groups (and those with task
//!   points and no mark) together must be none or at least `min_publish`, else the smallest
//!   shown groups are hidden too, so the cell's share less the shown groups' gives back no small
//!   group;
//! - **across cells**: a municipality's group is shown only when the pupils of that group in its
//!   schools where it is hidden are none or at least `min_publish`; a region's, when those of its
//!   municipalities (and schools without one) where it is hidden, counted as they hide them, are.

use super::suppression::Decisions;
use super::Pooled;
use crate::model::release::Figure;
use crate::model::{CellKey, Kind, OrgId, Project};
use std::collections::BTreeMap;

/// Which of the groups by mark 2, 3, 4, 5 are shown.
pub type Groups = [bool; 4];

/// A residue of hidden pupils that may be published: none, or a group of at least `min_publish`.
fn safe(hidden: u32, min_publish: u32) -> bool {
    hidden == 0 || hidden >= min_publish
}

/// The groups of one cell whose shares may be shown, given its task shares are: `sizes` are the
/// pupils with task points per mark 2..5, `unmarked` those with task points and no mark.
pub fn within(sizes: [u32; 4], unmarked: u32, least: u32, min_publish: u32) -> Groups {
    let least = least.max(min_publish);
    let mut shown = sizes.map(|n| n >= least);
    loop {
        let hidden: u32 = unmarked + (0..4).filter(|&g| !shown[g]).map(|g| sizes[g]).sum::<u32>();
        if safe(hidden, min_publish) {
            return shown;
        }
        // Hide the smallest group still shown (the lowest mark first among equals).
        match (0..4).filter(|&g| shown[g]).min_by_key(|&g| sizes[g]) {
            Some(g) => shown[g] = false,
            None => return shown,
        }
    }
}

/// The groups of a cell's task notes, as [`within`] decides them.
fn of_notes(notes: &crate::model::task::TaskNotes, least: u32, min_publish: u32) -> Groups {
    let marked: u32 = notes.by_mark.iter().sum();
    within(notes.by_mark, notes.pupils - marked, least, min_publish)
}

/// What was decided for every school-cell and pooled cell.
#[derive(Debug, Default)]
pub struct Decided {
    pub cells: rustc_hash::FxHashMap<crate::model::SchoolCell, Groups>,
    pub pooled: BTreeMap<(OrgId, CellKey), Groups>,
}

/// Decides the groups of every school-cell, municipality and region.
pub fn decide(
    project: &Project,
    suppression: &Decisions,
    pooled: &BTreeMap<(OrgId, CellKey), Pooled>,
) -> Decided {
    let m = &project.config.methodology;
    let (least, mp) = (m.analysis.mark_group, m.min_publish);
    let mut out = Decided::default();
    // Hidden pupils per group: a municipality's from its schools, a region's from its
    // municipalities where the group is hidden (and its schools without one).
    let mut hidden: BTreeMap<(OrgId, CellKey), [u32; 4]> = BTreeMap::new();
    for (sc, cell) in &project.cells {
        let Some(notes) = cell.detail.as_ref().map(|d| &d.tasks) else {
            continue;
        };
        let shown = match suppression.cell(sc).get(Figure::Tasks) && notes.pupils > 0 {
            true => of_notes(notes, least, mp),
            false => [false; 4],
        };
        out.cells.insert(*sc, shown);
        let up = project
            .orgs
            .ancestor(sc.org, Kind::Municipality)
            .or_else(|| project.orgs.ancestor(sc.org, Kind::Region));
        if let Some(up) = up {
            let h = hidden.entry((up, sc.key)).or_default();
            for g in 0..4 {
                h[g] += u32::from(!shown[g]) * notes.by_mark[g];
            }
        }
    }
    for kind in [Kind::Municipality, Kind::Region] {
        let keys: Vec<(OrgId, CellKey)> = pooled
            .keys()
            .filter(|(o, _)| project.orgs.get(*o).kind == kind)
            .copied()
            .collect();
        for (org, key) in keys {
            let p = &pooled[&(org, key)];
            let h = hidden.get(&(org, key)).copied().unwrap_or_default();
            let shown = match p.publish.get(Figure::Tasks) && p.tasks.pupils > 0 {
                true => {
                    let mut s = of_notes(&p.tasks, least, mp);
                    for g in 0..4 {
                        s[g] &= safe(h[g], mp);
                    }
                    s
                }
                false => [false; 4],
            };
            out.pooled.insert((org, key), shown);
            if kind == Kind::Municipality {
                if let Some(region) = project.orgs.ancestor(org, Kind::Region) {
                    let r = hidden.entry((region, key)).or_default();
                    for g in 0..4 {
                        r[g] += u32::from(!shown[g]) * h[g];
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_under_the_least_size_are_hidden_and_never_alone_when_small() {
        // 12, 30, 25, 9 pupils by mark: the «5» group (9) is under 10 and hidden alone: 9 < 10
        // hidden pupils could be differenced out of the cell's share, so the smallest shown
        // group («2», 12) is hidden too: 21 hidden.
        assert_eq!(
            within([12, 30, 25, 9], 0, 10, 10),
            [false, true, true, false]
        );
        // Nothing hidden: all shown.
        assert_eq!(within([12, 30, 25, 10], 0, 10, 10), [true; 4]);
        // An empty group hides nobody.
        assert_eq!(
            within([0, 30, 25, 10], 0, 10, 10),
            [false, true, true, true]
        );
        // Three pupils without a mark are a hidden residue too.
        assert_eq!(
            within([0, 30, 25, 11], 3, 10, 10),
            [false, true, true, false]
        );
        // A larger least size (mark_group 15) applies on its own.
        assert_eq!(
            within([12, 30, 25, 15], 0, 15, 10),
            [false, true, true, true]
        );
    }
}
