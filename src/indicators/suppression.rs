//! Which figures may be published: disclosure control decided on contributors, figure by figure
//! (SPEC «Privacy»). The gate ([`super::disclosure`]) hands out only what is decided here.
//!
//! Each figure of a group is pooled over its own pupils ([`Figure`]): scores over the pupils with
//! a valid score, the histogram over those of participant rows, confirmation over those with
//! both marks, task shares over those with task points. For every school-cell and every pooled
//! cell (municipality, region) and every figure:
//!
//! - **primary**: a school-cell's figures are published when the cell has at least
//!   `min_publish` participants and the figure at least `min_publish` contributors;
//! - **complementary**: a pooled figure is published when it has at least `min_publish`
//!   contributors and its hidden contributors are none or together at least `min_publish`. The
//!   hidden contributors of a municipality's figure are those of its school-cells whose figure is
//!   not published; a region's are those of its municipalities whose figure is not published
//!   (the others' are disclosed only as groups of `min_publish`);
//! - **nested**: a figure over a subset of a group's pupils (the histogram over participant rows
//!   only, task shares over the pupils with task points) and the group's scores differ by the
//!   pupils outside the subset: that difference must be none or at least `min_publish`. At a
//!   school-cell it hides the task shares; where they are hidden for this reason only, the
//!   difference (not the whole cell) is what the cell hides in the pooled figures above it;
//! - **releases**: a figure released before with hidden contributors ([`Lump`]) is a group
//!   too. A school-cell figure stays hidden when publishing it would leave a smaller group of
//!   that release's hidden contributors than `min_publish` (subtracting it from the old release
//!   would give them back); a pooled figure stays hidden when its hidden contributors differ from
//!   those of an earlier release of it by fewer than `min_publish` pupils (the difference of the
//!   two releases would give them back). A contributor whose figure changed in between counts in
//!   full on both sides.
//!
//! Markers are computed on the full data; only what is published is decided here.

use super::Pooled;
use crate::model::release::{Figure, Lump, Member};
use crate::model::{Cell, CellKey, Kind, OrgId, Project, SchoolCell};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

/// Which figures of a cell or pooled cell may be published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Published([bool; 4]);

impl Published {
    pub fn get(self, figure: Figure) -> bool {
        self.0[figure as usize]
    }

    fn set(&mut self, figure: Figure, on: bool) {
        self.0[figure as usize] = on;
    }
}

/// The pupils a school-cell contributes to `figure`.
pub fn contributors(cell: &Cell, figure: Figure) -> u32 {
    match figure {
        Figure::Scores => cell.participants,
        Figure::Histogram => cell.detail.as_ref().map_or(0, |_| cell.participants),
        Figure::Confirmation => cell.confirmation.map_or(0, |c| c.iter().sum()),
        Figure::Tasks => cell.detail.as_ref().map_or(0, |d| d.tasks.pupils),
    }
}

/// A digest of what a school-cell contributes to `figure`: another value means other data.
pub fn digest(cell: &Cell, figure: Figure) -> u64 {
    let mut words: Vec<u64> = vec![u64::from(contributors(cell, figure))];
    match figure {
        Figure::Scores => {
            words.extend(cell.marks.into_iter().flatten().map(u64::from));
            if let Some(m) = cell.moments {
                words.extend([m.mean.to_bits(), m.sd.to_bits()]);
            }
        }
        Figure::Histogram => {
            if let Some(d) = &cell.detail {
                words.extend(d.histogram().into_iter().map(u64::from));
            }
        }
        Figure::Confirmation => {
            words.extend(cell.confirmation.into_iter().flatten().map(u64::from))
        }
        Figure::Tasks => {
            if let Some(d) = &cell.detail {
                for t in &d.tasks.by_task {
                    words.push(u64::MAX);
                    words.extend(t.points.iter().map(|&c| u64::from(c)));
                }
            }
        }
    }
    words.iter().fold(0xcbf2_9ce4_8422_2325, |h, w| {
        w.to_le_bytes()
            .iter()
            .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    })
}

/// A group's hidden contributors to one figure: the school-cells and how many pupils of each.
type Hidden = Vec<(OrgId, u32)>;

/// What disclosure control decided for a build.
#[derive(Debug, Default)]
pub struct Decisions {
    /// Per school-cell, which of its figures may be published.
    pub cells: FxHashMap<SchoolCell, Published>,
    /// Figures held back only because of what earlier releases published: (organization, work,
    /// figure), a school's or a region's or municipality's.
    pub held: BTreeSet<(OrgId, CellKey, Figure)>,
    /// The figures this build publishes with hidden contributors: what a publishing build
    /// records in data/releases.csv.
    pub lumps: Vec<Lump>,
}

impl Decisions {
    /// Which figures of a school-cell may be published (none of a cell the project lacks).
    pub fn cell(&self, sc: &SchoolCell) -> Published {
        self.cells.get(sc).copied().unwrap_or_default()
    }
}

/// A residue of hidden pupils that may be published: none, or a group of at least `min_publish`.
fn safe(hidden: u32, min_publish: u32) -> bool {
    hidden == 0 || hidden >= min_publish
}

/// One group (a municipality's or region's cell) being decided.
struct Group {
    contributors: [u32; 4],
    hidden: [Hidden; 4],
}

/// Decides every figure of every school-cell and pooled cell, setting `publish` of `pooled`.
pub fn decide(project: &Project, pooled: &mut BTreeMap<(OrgId, CellKey), Pooled>) -> Decisions {
    let mp = project.config.methodology.min_publish;
    let orgs = &project.orgs;
    let mut out = Decisions::default();
    // Each school-cell: its figures and what it hides of each (all its contributors where the
    // figure is hidden; where only the nested rule hides it, the pupils outside the subset).
    let mut hides: FxHashMap<SchoolCell, [u32; 4]> = FxHashMap::default();
    for (sc, cell) in &project.cells {
        let mut published = Published::default();
        let mut hidden = [0u32; 4];
        for f in Figure::ALL {
            let n = contributors(cell, f);
            let primary = cell.participants >= mp && n >= mp;
            let outside = cell.participants.saturating_sub(n);
            let nested = f != Figure::Tasks || safe(outside, mp);
            published.set(f, primary && nested);
            hidden[f as usize] = match (primary, nested) {
                (false, _) => n,
                (true, false) => outside,
                (true, true) => 0,
            };
        }
        out.cells.insert(*sc, published);
        hides.insert(*sc, hidden);
    }
    hold_back_cells(project, &mut out, &mut hides);

    // Municipalities, then regions from their municipalities.
    let mut groups: BTreeMap<(OrgId, CellKey), Group> = BTreeMap::new();
    for (sc, cell) in &project.cells {
        let Some(mun) = orgs.ancestor(sc.org, Kind::Municipality) else {
            continue;
        };
        let g = groups.entry((mun, sc.key)).or_insert_with(|| Group {
            contributors: [0; 4],
            hidden: Default::default(),
        });
        for f in Figure::ALL {
            g.contributors[f as usize] += contributors(cell, f);
            let h = hides[sc][f as usize];
            if h > 0 {
                g.hidden[f as usize].push((sc.org, h));
            }
        }
    }
    let mut regions: BTreeMap<(OrgId, CellKey), Group> = BTreeMap::new();
    for ((mun, key), g) in &groups {
        let published = judge(project, &mut out, *mun, *key, g);
        if let Some(p) = pooled.get_mut(&(*mun, *key)) {
            p.publish = published;
        }
        let Some(region) = orgs.ancestor(*mun, Kind::Region) else {
            continue;
        };
        let r = regions.entry((region, *key)).or_insert_with(|| Group {
            contributors: [0; 4],
            hidden: Default::default(),
        });
        for f in Figure::ALL {
            r.contributors[f as usize] += g.contributors[f as usize];
            if !published.get(f) {
                r.hidden[f as usize].extend(g.hidden[f as usize].iter().copied());
            }
        }
    }
    for ((region, key), g) in &regions {
        let published = judge(project, &mut out, *region, *key, g);
        if let Some(p) = pooled.get_mut(&(*region, *key)) {
            p.publish = published;
        }
    }
    out
}

/// Decides a pooled cell's figures, and records those published with hidden contributors.
fn judge(project: &Project, out: &mut Decisions, org: OrgId, key: CellKey, g: &Group) -> Published {
    let mp = project.config.methodology.min_publish;
    let mut published = Published::default();
    for f in Figure::ALL {
        let n = g.contributors[f as usize];
        let hidden = &g.hidden[f as usize];
        let hidden_n: u32 = hidden.iter().map(|(_, n)| n).sum();
        let outside = g.contributors[Figure::Scores as usize].saturating_sub(n);
        let nested = f == Figure::Scores || f == Figure::Confirmation || safe(outside, mp);
        let mut on = n >= mp && safe(hidden_n, mp) && nested;
        if on && !released_apart(project, org, key, f, hidden) {
            on = false;
            out.held.insert((org, key, f));
        }
        published.set(f, on);
        if on && hidden_n > 0 {
            out.lumps.push(Lump {
                release: 0,
                org: project.orgs.get(org).id.clone(),
                key,
                figure: f,
                members: members(project, key, f, hidden),
            });
        }
    }
    published
}

fn members(project: &Project, key: CellKey, f: Figure, hidden: &Hidden) -> Vec<Member> {
    let mut members: Vec<Member> = hidden
        .iter()
        .map(|&(school, n)| Member {
            school: project.orgs.get(school).id.clone(),
            contributors: n,
            digest: project
                .cells
                .get(&SchoolCell { key, org: school })
                .map_or(0, |c| digest(c, f)),
        })
        .collect();
    members.sort_by(|a, b| a.school.cmp(&b.school));
    members
}

/// Whether publishing a pooled figure with these hidden contributors keeps every earlier release
/// of it apart: their hidden contributors the same, or differing by at least `min_publish`.
fn released_apart(project: &Project, org: OrgId, key: CellKey, f: Figure, hidden: &Hidden) -> bool {
    let mp = project.config.methodology.min_publish;
    let id = &project.orgs.get(org).id;
    let now = members(project, key, f, hidden);
    project
        .releases
        .iter()
        .filter(|l| l.figure == f && l.key == key && l.org == *id)
        .all(|l| safe(difference(&l.members, &now), mp))
}

/// Pupils by which two lists of hidden contributors differ: a contributor in both with the same
/// count and digest counts nothing, any other counts in full on each side it is on.
fn difference(before: &[Member], now: &[Member]) -> u32 {
    let same = |m: &Member, list: &[Member]| list.iter().any(|o| o == m);
    before
        .iter()
        .filter(|m| !same(m, now))
        .chain(now.iter().filter(|m| !same(m, before)))
        .map(|m| m.contributors)
        .sum()
}

/// Holds back school-cell figures whose publication would give back a group of an earlier
/// release's hidden contributors smaller than `min_publish`.
fn hold_back_cells(
    project: &Project,
    out: &mut Decisions,
    hides: &mut FxHashMap<SchoolCell, [u32; 4]>,
) {
    let mp = project.config.methodology.min_publish;
    for lump in &project.releases {
        let f = lump.figure;
        // The members published now with the very figure they had then: subtracting them from
        // the old release leaves the others.
        let mut revealed = Vec::new();
        let mut left = 0u32;
        for m in &lump.members {
            let sc = project
                .orgs
                .find(&m.school)
                .map(|org| SchoolCell { key: lump.key, org });
            let now = sc.and_then(|sc| Some((sc, project.cells.get(&sc)?)));
            match now {
                Some((sc, cell))
                    if out.cell(&sc).get(f)
                        && contributors(cell, f) == m.contributors
                        && digest(cell, f) == m.digest =>
                {
                    revealed.push(sc)
                }
                _ => left += m.contributors,
            }
        }
        if revealed.is_empty() || safe(left, mp) {
            continue;
        }
        for sc in revealed {
            if let Some(p) = out.cells.get_mut(&sc) {
                p.set(f, false);
            }
            if let Some(h) = hides.get_mut(&sc) {
                h[f as usize] = contributors(&project.cells[&sc], f);
            }
            out.held.insert((sc.org, sc.key, f));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(school: &str, n: u32, digest: u64) -> Member {
        Member {
            school: school.into(),
            contributors: n,
            digest,
        }
    }

    #[test]
    fn two_releases_differ_by_the_contributors_that_changed_counted_on_each_side() {
        let before = [member("a", 4, 1), member("b", 7, 2)];
        assert_eq!(difference(&before, &before), 0);
        // A school that arrives late.
        let late = [member("a", 4, 1), member("b", 7, 2), member("c", 3, 9)];
        assert_eq!(difference(&before, &late), 3);
        // One annulled.
        assert_eq!(difference(&before, &before[..1]), 7);
        // One whose pupils changed: its old and new pupils both differ.
        let changed = [member("a", 5, 3), member("b", 7, 2)];
        assert_eq!(difference(&before, &changed), 9);
    }
}
