//! Which groups of pupils by ВПР mark may have their task shares published («Анализ ВПР»,
//! SPEC «Privacy»). A group's shares are a figure over its own pupils (those with the mark and
//! task points, [`Figure::Mark2`] … [`Figure::Mark5`]), inside the task shares of its cell,
//! which [`super::suppression`] decided; the decisions go into its [`Decisions`] and each pooled
//! cell's `publish` beside the other figures:
//!
//! - **within a cell**: a group is shown when the cell's task shares are and it holds at least
//!   `max(mark_group, min_publish)` pupils; the pupils of the hidden groups (and those with task
//!   points and no mark) together must be none or at least `min_publish`, else the smallest
//!   shown groups are hidden too, so the cell's share less the shown groups' gives back no small
//!   group;
//! - **across cells**: a municipality's group is shown only when the pupils of that group in its
//!   schools where it is hidden are none or at least `min_publish`; a region's, when those of its
//!   municipalities (and schools without one) where it is hidden, counted as they hide them, are;
//!   and the hidden pupils of its hidden groups together (its task shares less its shown groups)
//!   are none or at least `min_publish` too, else the smallest shown groups are hidden;
//! - **across releases**: the same rule as the other figures' (the sums earlier releases made
//!   known, `Decisions::fits`): a pooled group, and its hidden groups together, are shown only
//!   when beside every released sum of groups by mark they isolate no fewer than `min_publish`
//!   hidden pupils; a school's group that would leave too few of a released sum is held back.
//!   The groups of all marks are compared with one another (a cell's task shares less its shown
//!   groups are its hidden groups together).

use super::suppression::{safe, Decisions, HiddenCells, Parts};
use super::Pooled;
use crate::model::release::Figure;
use crate::model::{CellKey, Kind, OrgId, Project, SchoolCell};
use std::collections::BTreeMap;

/// Which of the groups by mark 2, 3, 4, 5 are shown.
pub type Groups = [bool; 4];

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

/// The hidden contributors of the groups not shown, together.
fn rest(hidden: &[HiddenCells; 4], shown: Groups) -> Vec<(Figure, &HiddenCells)> {
    (0..4)
        .filter(|&g| !shown[g])
        .map(|g| (Figure::BY_MARK[g], &hidden[g]))
        .collect()
}

/// The groups of a pooled cell whose shares may be shown, given its task shares are and `shown`
/// passed the rules of this build: each beside what earlier releases made known (`fits`, a
/// group's hidden contributors in `hidden`), and the hidden groups together too, since the task
/// shares less the shown groups give their sum: while they do not fit, or leave fewer than
/// `min_publish` hidden pupils, the smallest shown group is hidden too. Returns the groups
/// shown and those held back only because of what was released.
fn pooled_groups(
    sizes: [u32; 4],
    mut shown: Groups,
    hidden: &[HiddenCells; 4],
    min_publish: u32,
    fits: &dyn Fn(Figure, &Parts) -> bool,
) -> (Groups, Groups) {
    let mut held = [false; 4];
    for g in 0..4 {
        let f = Figure::BY_MARK[g];
        if shown[g] && !fits(f, &[(f, &hidden[g])]) {
            (shown[g], held[g]) = (false, true);
        }
    }
    loop {
        let rest = rest(hidden, shown);
        let pupils = rest
            .iter()
            .flat_map(|(_, cells)| cells.iter().map(|(_, n)| n));
        let small = !safe(pupils.sum(), min_publish);
        if !small && fits(Figure::Tasks, &rest) {
            return (shown, held);
        }
        match (0..4).filter(|&g| shown[g]).min_by_key(|&g| sizes[g]) {
            Some(g) => (shown[g], held[g]) = (false, !small),
            None => return (shown, held),
        }
    }
}

/// Decides the groups of every school-cell, municipality and region into `suppression`'s cells
/// and `pooled`'s `publish`, beside what earlier releases made known; a publishing build records
/// them with the other figures.
pub fn decide(
    project: &Project,
    suppression: &mut Decisions,
    pooled: &mut BTreeMap<(OrgId, CellKey), Pooled>,
) {
    let m = &project.config.methodology;
    let (least, mp) = (m.analysis.mark_group, m.min_publish);
    let tasks = |sc: &SchoolCell| project.cells[sc].detail.as_ref().map(|d| &d.tasks);
    for (sc, notes) in project.cells.keys().filter_map(|sc| Some((sc, tasks(sc)?))) {
        let shown = match suppression.cell(sc).get(Figure::Tasks) && notes.pupils > 0 {
            true => of_notes(notes, least, mp),
            false => [false; 4],
        };
        if let Some(p) = suppression.cells.get_mut(sc) {
            for (f, on) in Figure::BY_MARK.into_iter().zip(shown) {
                p.set(f, on);
            }
        }
    }
    suppression.hold_back_cells(project, &Figure::BY_MARK);
    // Hidden pupils per group: a municipality's from its schools, a region's from its
    // municipalities where the group is hidden (and its schools without one).
    let mut hidden: BTreeMap<(OrgId, CellKey), [HiddenCells; 4]> = BTreeMap::new();
    for (sc, notes) in project.cells.keys().filter_map(|sc| Some((sc, tasks(sc)?))) {
        let up = project
            .orgs
            .ancestor(sc.org, Kind::Municipality)
            .or_else(|| project.orgs.ancestor(sc.org, Kind::Region));
        for (g, f) in Figure::BY_MARK.into_iter().enumerate() {
            let n = notes.by_mark[g];
            if n == 0 || suppression.cell(sc).get(f) {
                continue;
            }
            suppression.record_hidden(project, sc, f, n);
            if let Some(up) = up {
                hidden.entry((up, sc.key)).or_default()[g].push((sc.org, n));
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
            let h = hidden.remove(&(org, key)).unwrap_or_default();
            let Some(p) = pooled.get_mut(&(org, key)) else {
                continue;
            };
            let shown = match p.publish.get(Figure::Tasks) && p.tasks.pupils > 0 {
                true => {
                    let mut s = of_notes(&p.tasks, least, mp);
                    for g in 0..4 {
                        s[g] &= safe(h[g].iter().map(|(_, n)| n).sum(), mp);
                    }
                    let fits = |f, parts: &Parts| suppression.fits(project, key, f, parts);
                    let (shown, held) = pooled_groups(p.tasks.by_mark, s, &h, mp, &fits);
                    for (g, f) in Figure::BY_MARK.into_iter().enumerate() {
                        if held[g] {
                            suppression.held.insert((org, key, f));
                        }
                    }
                    shown
                }
                false => [false; 4],
            };
            for (g, f) in Figure::BY_MARK.into_iter().enumerate() {
                p.publish.set(f, shown[g]);
                if shown[g] {
                    suppression.publish(project, org, key, f, &h[g]);
                }
            }
            if p.publish.get(Figure::Tasks) {
                suppression.know(project, key, Figure::Tasks, &rest(&h, shown));
            }
            if kind == Kind::Municipality {
                if let Some(region) = project.orgs.ancestor(org, Kind::Region) {
                    let r = hidden.entry((region, key)).or_default();
                    for g in (0..4).filter(|&g| !shown[g]) {
                        r[g].extend(h[g].iter().copied());
                    }
                }
            }
        }
    }
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

    #[test]
    fn a_pooled_group_that_does_not_fit_its_release_hides_the_smallest_groups_with_it() {
        // A municipality's groups by mark 2..5: 10, 42, 23, 30 pupils; hidden below it: «4» in
        // b (4), d (6), c (3), «5» in b (6), d (4), c (10). Release 1 made b + d's «4» (10) and
        // «5» (10) known; c arrived since.
        let (b, c, d) = (OrgId(1), OrgId(2), OrgId(3));
        let hidden = [
            vec![],
            vec![],
            vec![(b, 4), (d, 6), (c, 3)],
            vec![(b, 6), (d, 4), (c, 10)],
        ];
        // What the released sums allow, by hand: a sum of «4» and nothing else isolates c's 3.
        let fits = |_: Figure, parts: &Parts| {
            let marks: Vec<Figure> = parts
                .iter()
                .filter(|(_, c)| !c.is_empty())
                .map(|p| p.0)
                .collect();
            marks != [Figure::Mark4]
        };
        let (shown, held) = pooled_groups([10, 42, 23, 30], [true; 4], &hidden, 10, &fits);
        // «4» is held; the task shares less «2», «3», «5» would be «4» again (13 hidden pupils,
        // 3 apart from release 1's 10), so the smallest group «2» goes (it hides nobody: the same
        // sum), then «5»: «4» and «5» together hide 33, 13 new.
        assert_eq!(shown, [false, true, false, false]);
        assert_eq!(held, [true, false, true, true]);
        // Before any release everything fits, and the hidden groups are a group of ≥ 10.
        let (shown, held) = pooled_groups([10, 42, 23, 30], [true; 4], &hidden, 10, &|_, _| true);
        assert_eq!((shown, held), ([true; 4], [false; 4]));
        // A «5» of 2 hidden pupils alone would leave them alone in the task shares: the other
        // groups hide nobody, so they all go (no group is shown, as within a cell).
        let small = [vec![], vec![], vec![], vec![(b, 2)]];
        let (shown, held) = pooled_groups(
            [10, 42, 23, 30],
            [true, true, true, false],
            &small,
            10,
            &|_, _| true,
        );
        assert_eq!(shown, [false; 4]);
        assert_eq!(held, [false; 4]);
    }
}
