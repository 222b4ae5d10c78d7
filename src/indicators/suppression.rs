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
//! - **releases**: what earlier publishing builds released ([`Release`]) is known too. Each
//!   figure a release published with hidden contributors made their sum known: a municipality's
//!   its hidden school-cells', a region's those of its municipalities it did not publish (a
//!   [`Lump`] of hidden contributions, each a school-cell's figure as it was then). A figure is
//!   published now only if, beside every sum known before and every sum this build publishes,
//!   no difference isolates fewer than `min_publish` hidden pupils: two sums that share a
//!   contribution differ by what is in one and not the other (a school arrived, annulled or
//!   changed since: then it counts on both sides), and a sum less the known sums inside it
//!   leaves the rest. A school-cell's figure that would leave too few of a released sum's
//!   hidden contributors is held back too. The groups by ВПР mark ([`super::mark_groups`]) are
//!   decided on the same sums, through `Decisions::fits` and `Decisions::hold_back_cells`.
//!
//! Markers are computed on the full data; only what is published is decided here.

use super::Pooled;
use crate::model::release::{Figure, Hidden, Release};
use crate::model::{Cell, CellKey, Kind, OrgId, Project, SchoolCell};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

/// Which figures of a cell or pooled cell may be published: the whole group's, decided here,
/// and its groups by ВПР mark, decided by [`super::mark_groups`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Published([bool; Figure::ALL.len()]);

impl Published {
    pub fn get(self, figure: Figure) -> bool {
        self.0[figure as usize]
    }

    pub(super) fn set(&mut self, figure: Figure, on: bool) {
        self.0[figure as usize] = on;
    }
}

/// The pupils a school-cell contributes to `figure`.
pub fn contributors(cell: &Cell, figure: Figure) -> u32 {
    let tasks = cell.detail.as_ref().map(|d| &d.tasks);
    match figure {
        Figure::Scores => cell.participants,
        Figure::Histogram => cell.detail.as_ref().map_or(0, |_| cell.participants),
        Figure::Confirmation => cell.confirmation.map_or(0, |c| c.iter().sum()),
        Figure::Tasks => tasks.map_or(0, |t| t.pupils),
        Figure::Mark2 | Figure::Mark3 | Figure::Mark4 | Figure::Mark5 => tasks
            .zip(figure.mark_group())
            .map_or(0, |(t, g)| t.by_mark[g]),
    }
}

/// A digest of what a school-cell contributes to `figure`: another value means other data.
pub fn digest(cell: &Cell, figure: Figure) -> u64 {
    let mut words: Vec<u64> = vec![u64::from(contributors(cell, figure))];
    let tasks = cell.detail.as_ref().map(|d| &d.tasks.by_task);
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
            for t in tasks.into_iter().flatten() {
                words.push(u64::MAX);
                words.extend(t.points.iter().map(|&c| u64::from(c)));
            }
        }
        Figure::Mark2 | Figure::Mark3 | Figure::Mark4 | Figure::Mark5 => {
            let g = figure.mark_group().unwrap_or_default();
            for t in tasks.into_iter().flatten() {
                words.extend(t.by_mark[g].map(u64::from));
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
pub(super) type HiddenCells = Vec<(OrgId, u32)>;

/// Hidden contributors to a sum: per figure, its school-cells.
pub(super) type Parts<'a> = [(Figure, &'a HiddenCells)];

/// One hidden contribution as it was released: a school's id, the figure and the digest of what
/// the school contributed to it.
type Contribution = (String, Figure, u64);

/// A sum a release made known: hidden contributions and how many pupils each.
pub type Lump = BTreeMap<Contribution, u32>;

/// What disclosure control decided for a build.
#[derive(Debug, Default)]
pub struct Decisions {
    /// Per school-cell, which of its figures may be published.
    pub cells: FxHashMap<SchoolCell, Published>,
    /// Figures held back only because of what earlier releases published: (organization, work,
    /// figure), a school's or a region's or municipality's.
    pub held: BTreeSet<(OrgId, CellKey, Figure)>,
    /// What this build publishes and hides: what a publishing build records (its number is the
    /// next after the project's last).
    pub release: Release,
    /// Whether this build records its release (`oko build --release`): else [`Self::release`]
    /// stays empty, sparing a large region's build the memory of every hidden figure's place.
    record: bool,
    /// The sums released before and by this build.
    known: Known,
}

impl Decisions {
    /// Which figures of a school-cell may be published (none of a cell the project lacks).
    pub fn cell(&self, sc: &SchoolCell) -> Published {
        self.cells.get(sc).copied().unwrap_or_default()
    }

    /// Whether a pooled figure `f` over hidden contributors (`parts`: to which figure, which
    /// school-cells) may be published beside the sums earlier releases and this build made known
    /// (always, before the first release).
    pub(super) fn fits(&self, project: &Project, key: CellKey, f: Figure, parts: &Parts) -> bool {
        let mp = project.config.methodology.min_publish;
        project.releases.is_empty() || self.known.fits(key, f, &lump_of(project, key, parts), mp)
    }

    /// Records a pooled figure as published: the sum of its hidden contributors becomes known.
    pub(super) fn publish(
        &mut self,
        project: &Project,
        org: OrgId,
        key: CellKey,
        f: Figure,
        hidden: &HiddenCells,
    ) {
        if self.record {
            self.release
                .published
                .insert((project.orgs.get(org).id.clone(), key, f));
        }
        self.know(project, key, f, &[(f, hidden)]);
    }

    /// Makes the sum of hidden contributors `parts` known as one of `f`'s (a published figure's,
    /// or one a published figure less others gives).
    /// Before the first release nothing asks what this build made known (every figure fits,
    /// and no sum of its own holds a figure held back later), so nothing is kept.
    pub(super) fn know(&mut self, project: &Project, key: CellKey, f: Figure, parts: &Parts) {
        if !project.releases.is_empty() {
            self.known.add(key, f, lump_of(project, key, parts));
        }
    }

    /// Holds back the school-cell figures of `figures` that, published with the very data a
    /// release hid inside a sum, would leave fewer than `min_publish` of its hidden pupils (those
    /// can be taken out of the old sum); returns them.
    pub(super) fn hold_back_cells(
        &mut self,
        project: &Project,
        figures: &[Figure],
    ) -> Vec<(SchoolCell, Figure)> {
        let mp = project.config.methodology.min_publish;
        let mut out = Vec::new();
        for ((key, _), sums) in &self.known.0 {
            // A sum of none of `figures` reveals none of them (the sums of this build's own
            // figures, asked about its groups by mark): skipped without a lookup.
            let of_figures = |lump: &&Lump| lump.keys().any(|(_, f, _)| figures.contains(f));
            for lump in sums.lumps.iter().filter(of_figures) {
                let mut revealed = Vec::new();
                let mut left = 0u32;
                for ((school, f, digest_then), n) in lump {
                    let now = project.orgs.find(school).and_then(|org| {
                        let sc = SchoolCell { key: *key, org };
                        Some((sc, project.cells.get(&sc)?))
                    });
                    match now {
                        Some((sc, cell))
                            if figures.contains(f)
                                && self.cell(&sc).get(*f)
                                && digest(cell, *f) == *digest_then =>
                        {
                            revealed.push((sc, *f))
                        }
                        _ => left += n,
                    }
                }
                if !revealed.is_empty() && !safe(left, mp) {
                    out.extend(revealed);
                }
            }
        }
        for &(sc, f) in &out {
            if let Some(p) = self.cells.get_mut(&sc) {
                p.set(f, false);
            }
            self.held.insert((sc.org, sc.key, f));
        }
        out
    }

    /// Records a school-cell's `contributors` hidden in its groups' figure `f`, with its place.
    pub(super) fn record_hidden(
        &mut self,
        project: &Project,
        sc: &SchoolCell,
        f: Figure,
        contributors: u32,
    ) {
        if !self.record {
            return;
        }
        let orgs = &project.orgs;
        let id = |kind| {
            orgs.ancestor(sc.org, kind)
                .map_or_else(String::new, |o| orgs.get(o).id.clone())
        };
        self.release.hidden.insert(
            (orgs.get(sc.org).id.clone(), sc.key, f),
            Hidden {
                municipality: id(Kind::Municipality),
                region: id(Kind::Region),
                contributors,
                digest: digest(&project.cells[sc], f),
            },
        );
    }
}

/// A residue of hidden pupils that may be published: none, or a group of at least `min_publish`.
pub(super) fn safe(hidden: u32, min_publish: u32) -> bool {
    hidden == 0 || hidden >= min_publish
}

/// One group (a municipality's or region's cell) being decided.
#[derive(Default)]
struct Group {
    contributors: [u32; 4],
    /// Hidden contributors that complementary suppression counts.
    hidden: [HiddenCells; 4],
}

/// The sums released before and by this build, per work and [`Figure::space`].
#[derive(Debug, Default)]
struct Known(BTreeMap<(CellKey, Figure), Sums>);

/// The known sums of one work and space, each listed once, and for each contribution (by its
/// hash, which costs no copy of the school's id) the sums that hold it: a question about a sum
/// looks at the sums that share a pupil group with it, never at every sum of the work (a
/// country has thousands of municipalities).
#[derive(Debug, Default)]
struct Sums {
    lumps: Vec<Lump>,
    holding: FxHashMap<u64, Vec<u32>>,
}

impl Sums {
    fn hash(c: &Contribution) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(c)
    }

    /// The sums sharing a contribution with `lump`, each once, in the order they became known.
    fn sharing(&self, lump: &Lump) -> Vec<&Lump> {
        let mut at: Vec<u32> = lump
            .keys()
            .filter_map(|c| self.holding.get(&Self::hash(c)))
            .flatten()
            .copied()
            .collect();
        at.sort_unstable();
        at.dedup();
        at.into_iter()
            .map(|i| &self.lumps[i as usize])
            .filter(|e| e.keys().any(|c| lump.contains_key(c)))
            .collect()
    }

    fn contains(&self, lump: &Lump) -> bool {
        let Some(first) = lump.keys().next() else {
            return false;
        };
        self.holding
            .get(&Self::hash(first))
            .is_some_and(|at| at.iter().any(|&i| self.lumps[i as usize] == *lump))
    }

    fn add(&mut self, lump: Lump) {
        if lump.is_empty() || self.contains(&lump) {
            return;
        }
        let at = self.lumps.len() as u32;
        for c in lump.keys() {
            let holders = self.holding.entry(Self::hash(c)).or_default();
            if holders.last() != Some(&at) {
                holders.push(at);
            }
        }
        self.lumps.push(lump);
    }
}

impl Known {
    /// The sums each release made known: for each figure it published, its hidden contributors
    /// then; for each pooled cell whose task shares it published, the hidden contributors of
    /// its groups by mark it did not (the task shares less the shown groups give their sum).
    fn of(releases: &[Release]) -> Known {
        let mut known = Known::default();
        for r in releases {
            let mut by: BTreeMap<(CellKey, Figure), Vec<(&String, &Hidden)>> = BTreeMap::new();
            for ((school, key, f), h) in &r.hidden {
                by.entry((*key, *f)).or_default().push((school, h));
            }
            // The hidden contributors to `org`'s figures `fs`: its municipality's schools', or
            // its region's where the municipality's figure was not published.
            let lump = |org: &String, key: CellKey, fs: &[Figure]| -> Lump {
                fs.iter()
                    .flat_map(|&f| {
                        by.get(&(key, f))
                            .into_iter()
                            .flatten()
                            .filter(move |(_, h)| {
                                h.municipality == *org
                                    || (h.region == *org
                                        && !r.published.contains(&(h.municipality.clone(), key, f)))
                            })
                            .map(move |(school, h)| {
                                (((*school).clone(), f, h.digest), h.contributors)
                            })
                    })
                    .collect()
            };
            for (org, key, f) in &r.published {
                known.add(*key, *f, lump(org, *key, &[*f]));
                if *f == Figure::Tasks {
                    let hidden: Vec<Figure> = Figure::BY_MARK
                        .into_iter()
                        .filter(|g| !r.published.contains(&(org.clone(), *key, *g)))
                        .collect();
                    known.add(*key, *f, lump(org, *key, &hidden));
                }
            }
        }
        known
    }

    fn add(&mut self, key: CellKey, f: Figure, lump: Lump) {
        self.0.entry((key, f.space())).or_default().add(lump);
    }

    /// Whether making `candidate` known too isolates no group of fewer than `min_publish`
    /// hidden pupils: against every known sum it shares a contribution with, what is in one and
    /// not the other; and what is left of it, and of every known sum that holds it, once the
    /// known sums inside are taken away.
    /// A sum of no hidden contributors, or one known already, makes nothing new known: it fits.
    fn fits(&self, key: CellKey, f: Figure, candidate: &Lump, min_publish: u32) -> bool {
        let none = Sums::default();
        let sums = self.0.get(&(key, f.space())).unwrap_or(&none);
        if candidate.is_empty() || sums.contains(candidate) {
            return true;
        }
        let mass = |l: &Lump, without: &dyn Fn(&Contribution) -> bool| -> u32 {
            l.iter().filter(|(c, _)| !without(c)).map(|(_, n)| n).sum()
        };
        let inside = |a: &Lump, b: &Lump| a.keys().all(|c| b.contains_key(c));
        let left = |whole: &Lump, parts: &[&Lump]| {
            mass(whole, &|c| parts.iter().any(|p| p.contains_key(c)))
        };
        // A known sum inside the candidate, or holding it, shares a contribution with it.
        let sharing = sums.sharing(candidate);
        for e in &sharing {
            let apart =
                mass(e, &|c| candidate.contains_key(c)) + mass(candidate, &|c| e.contains_key(c));
            if !safe(apart, min_publish) {
                return false;
            }
        }
        let parts: Vec<&Lump> = sharing
            .iter()
            .copied()
            .filter(|e| inside(e, candidate))
            .collect();
        if !safe(left(candidate, &parts), min_publish) {
            return false;
        }
        sharing
            .iter()
            .filter(|e| inside(candidate, e) && **e != candidate)
            .all(|e| {
                let mut parts: Vec<&Lump> = sums
                    .sharing(e)
                    .into_iter()
                    .filter(|p| *p != *e && inside(p, e))
                    .collect();
                parts.push(candidate);
                safe(left(e, &parts), min_publish)
            })
    }
}

/// Decides every figure of every school-cell and pooled cell, setting `publish` of `pooled`.
/// `record`: whether the build records its release ([`Decisions::release`]).
pub fn decide(
    project: &Project,
    pooled: &mut BTreeMap<(OrgId, CellKey), Pooled>,
    record: bool,
) -> Decisions {
    let mp = project.config.methodology.min_publish;
    let orgs = &project.orgs;
    let mut out = Decisions {
        known: Known::of(&project.releases),
        record,
        ..Decisions::default()
    };
    // Each school-cell: its figures and what it hides of each (all its contributors where the
    // figure is hidden; where only the nested rule hides it, the pupils outside the subset).
    let mut hides: FxHashMap<SchoolCell, [u32; 4]> = FxHashMap::default();
    for (sc, cell) in &project.cells {
        let mut published = Published::default();
        let mut hidden = [0u32; 4];
        for f in Figure::WHOLE {
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
    for (sc, f) in out.hold_back_cells(project, &Figure::WHOLE) {
        if let Some(h) = hides.get_mut(&sc) {
            h[f as usize] = contributors(&project.cells[&sc], f);
        }
    }

    // Municipalities, then regions from their municipalities.
    let mut groups: BTreeMap<(OrgId, CellKey), Group> = BTreeMap::new();
    for (sc, cell) in &project.cells {
        let Some(mun) = orgs.ancestor(sc.org, Kind::Municipality) else {
            continue;
        };
        let g = groups.entry((mun, sc.key)).or_default();
        for f in Figure::WHOLE {
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
        let r = regions.entry((region, *key)).or_default();
        for f in Figure::WHOLE {
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
    // What a publishing build records: every hidden contribution, with its place.
    out.release.number = project.releases.last().map_or(1, |r| r.number + 1);
    for (sc, hides) in &hides {
        for f in Figure::WHOLE {
            if hides[f as usize] > 0 {
                out.record_hidden(project, sc, f, hides[f as usize]);
            }
        }
    }
    out
}

/// The sum hidden contributors make, as a release records it.
fn lump_of(project: &Project, key: CellKey, parts: &Parts) -> Lump {
    parts
        .iter()
        .flat_map(|&(f, hidden)| {
            hidden.iter().map(move |&(school, n)| {
                let cell = &project.cells[&SchoolCell { key, org: school }];
                ((project.orgs.get(school).id.clone(), f, digest(cell, f)), n)
            })
        })
        .collect()
}

/// Decides a pooled cell's figures; what it publishes becomes known.
fn judge(project: &Project, out: &mut Decisions, org: OrgId, key: CellKey, g: &Group) -> Published {
    let mp = project.config.methodology.min_publish;
    let mut published = Published::default();
    for f in Figure::WHOLE {
        let n = g.contributors[f as usize];
        let hidden = &g.hidden[f as usize];
        let hidden_n: u32 = hidden.iter().map(|(_, n)| n).sum();
        let outside = g.contributors[Figure::Scores as usize].saturating_sub(n);
        let nested = f == Figure::Scores || f == Figure::Confirmation || safe(outside, mp);
        let mut on = n >= mp && safe(hidden_n, mp) && nested;
        if on && !out.fits(project, key, f, &[(f, hidden)]) {
            on = false;
            out.held.insert((org, key, f));
        }
        published.set(f, on);
        if on {
            out.publish(project, org, key, f, hidden);
        }
    }
    published
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::task::TaskPoint;
    use crate::model::{Detail, Procedure};

    /// Region r: municipality m (schools a, h, g, k) and municipality n (school b).
    fn project() -> Project {
        let orgs = "id,name,kind,parent\nr,Р,region,\nm,М,municipality,r\nn,Н,municipality,r\n\
                    a,A,school,m\nh,H,school,m\ng,G,school,m\nk,K,school,m\nb,B,school,n\n";
        let mut d = crate::diag::Diagnostics::default();
        let orgs = crate::load::orgs::parse("orgs.csv", orgs, &mut d);
        Project {
            orgs,
            ..Project::default()
        }
    }

    fn key(p: &Project) -> CellKey {
        CellKey {
            year: 2022,
            procedure: Procedure::Vpr,
            subject: p.subjects.find("ma").unwrap(),
            grade: 4,
        }
    }

    /// A school-cell of `n` pupils scoring `score`, the first `tasked` of them with two task
    /// points that add up to the score.
    fn add(p: &mut Project, school: &str, n: u32, tasked: u32, score: u16) {
        let mut d = Detail::default();
        for i in 0..n {
            d.add(score, None, Some(4));
            if i < tasked {
                let half = score / 2;
                d.tasks.add_pupil(
                    &[TaskPoint::Points(half), TaskPoint::Points(score - half)],
                    None,
                    score,
                    None,
                );
            }
        }
        let sc = SchoolCell {
            key: key(p),
            org: p.orgs.find(school).unwrap(),
        };
        p.cells.insert(sc, Cell::from_detail("t.csv".into(), d));
    }

    fn decided(p: &Project) -> (Decisions, BTreeMap<(OrgId, CellKey), Pooled>) {
        let mut pooled = super::super::pooled::by_org(p);
        let d = decide(p, &mut pooled, true);
        (d, pooled)
    }

    fn pooled_of(p: &Project, pooled: &BTreeMap<(OrgId, CellKey), Pooled>, org: &str) -> Published {
        pooled[&(p.orgs.find(org).unwrap(), key(p))].publish
    }

    fn cell_of(p: &Project, d: &Decisions, school: &str) -> Published {
        d.cell(&SchoolCell {
            key: key(p),
            org: p.orgs.find(school).unwrap(),
        })
    }

    #[test]
    fn a_hidden_school_without_task_points_never_covers_a_tiny_one() {
        let mut p = project();
        add(&mut p, "a", 30, 30, 10);
        add(&mut p, "h", 4, 4, 12); // hidden, with task points
        add(&mut p, "g", 8, 0, 9); // hidden, none
        add(&mut p, "b", 20, 20, 11);
        let (_, pooled) = decided(&p);
        let m = pooled_of(&p, &pooled, "m");
        // Scores: 4 + 8 hidden pupils, a group of 12: m's mean may show.
        assert!(m.get(Figure::Scores));
        // Task shares: only h's 4 hidden pupils have points: m − a would give them back.
        assert!(!m.get(Figure::Tasks));
        // The region: m's task figure is hidden, so its 4 hidden pupils are the residue.
        assert!(!pooled_of(&p, &pooled, "r").get(Figure::Tasks));
        assert!(pooled_of(&p, &pooled, "r").get(Figure::Scores));
    }

    #[test]
    fn task_shares_over_all_but_a_few_pupils_of_a_cell_are_hidden() {
        let mut p = project();
        // a: 30 pupils, 27 with task points: its mean and its task shares would differ by 3.
        add(&mut p, "a", 30, 27, 10);
        add(&mut p, "k", 25, 25, 14);
        add(&mut p, "b", 20, 20, 11);
        let (d, pooled) = decided(&p);
        let a = cell_of(&p, &d, "a");
        assert!(a.get(Figure::Scores) && !a.get(Figure::Tasks));
        assert!(cell_of(&p, &d, "k").get(Figure::Tasks));
        // m: its tasks would be k's plus a's 27, its scores k's plus a's 30: 3 apart.
        assert!(!pooled_of(&p, &pooled, "m").get(Figure::Tasks));
        assert!(!pooled_of(&p, &pooled, "r").get(Figure::Tasks));
        // With 12 more pupils without task points elsewhere in m, the difference is a group.
        add(&mut p, "g", 12, 0, 9);
        let (_, pooled) = decided(&p);
        assert!(
            !pooled_of(&p, &pooled, "m").get(Figure::Tasks),
            "a's 3 stay hidden in m"
        );
    }

    #[test]
    fn a_figure_over_too_few_contributors_is_hidden_in_a_published_cell() {
        let mut p = project();
        let mut d = Detail::default();
        // 20 pupils, 4 of them with both marks: confirmation over 4 pupils.
        for i in 0..20 {
            d.add(10, Some(3), (i < 4).then_some(4));
        }
        let sc = SchoolCell {
            key: key(&p),
            org: p.orgs.find("a").unwrap(),
        };
        p.cells.insert(sc, Cell::from_detail("t.csv".into(), d));
        let (d, _) = decided(&p);
        let a = d.cell(&sc);
        assert!(a.get(Figure::Scores) && a.get(Figure::Histogram));
        assert!(!a.get(Figure::Confirmation));
    }

    /// What a build releases, as the project's releases.
    fn released(p: &Project) -> Vec<Release> {
        let (d, _) = decided(p);
        vec![d.release]
    }

    #[test]
    fn a_school_that_arrives_late_keeps_its_municipality_hidden() {
        let mut p = project();
        add(&mut p, "a", 30, 30, 10);
        add(&mut p, "h", 7, 7, 12);
        add(&mut p, "g", 5, 5, 9);
        add(&mut p, "b", 20, 20, 11);
        let (_, pooled) = decided(&p);
        assert!(
            pooled_of(&p, &pooled, "m").get(Figure::Scores),
            "7 + 5 hidden"
        );
        p.releases = released(&p);
        assert!(p.releases[0]
            .published
            .contains(&("m".into(), key(&p), Figure::Scores)));
        // The same data again: nothing held back.
        let (d, pooled) = decided(&p);
        assert!(pooled_of(&p, &pooled, "m").get(Figure::Scores) && d.held.is_empty());
        // k arrives late with 3 pupils: m now minus m then would be k.
        add(&mut p, "k", 3, 3, 15);
        let (d, pooled) = decided(&p);
        assert!(!pooled_of(&p, &pooled, "m").get(Figure::Scores));
        let m = p.orgs.find("m").unwrap();
        assert!(d.held.contains(&(m, key(&p), Figure::Scores)));
    }

    #[test]
    fn a_region_never_gives_back_what_a_municipality_released_before_left_out() {
        let mut p = project();
        add(&mut p, "a", 30, 30, 10);
        add(&mut p, "h", 7, 7, 12);
        add(&mut p, "g", 5, 5, 9);
        add(&mut p, "b", 20, 20, 11);
        p.releases = released(&p);
        // k arrives late: m is held back, and its hidden schools would make the region's residue
        // (7 + 5 + 3), but m's old release is known: the region less it would be k alone.
        add(&mut p, "k", 3, 3, 15);
        let (_, pooled) = decided(&p);
        assert!(!pooled_of(&p, &pooled, "m").get(Figure::Scores));
        assert!(!pooled_of(&p, &pooled, "r").get(Figure::Scores));
    }

    #[test]
    fn an_annulled_school_keeps_its_municipality_hidden() {
        let mut p = project();
        add(&mut p, "a", 30, 30, 10);
        add(&mut p, "h", 7, 7, 12);
        add(&mut p, "g", 5, 5, 9);
        add(&mut p, "k", 3, 3, 15);
        p.releases = released(&p);
        let g = SchoolCell {
            key: key(&p),
            org: p.orgs.find("k").unwrap(),
        };
        p.cells.remove(&g);
        let (_, pooled) = decided(&p);
        assert!(
            !pooled_of(&p, &pooled, "m").get(Figure::Scores),
            "then minus now would be the annulled school"
        );
    }

    #[test]
    fn a_lowered_min_publish_never_publishes_a_school_that_gives_back_a_released_group() {
        let mut p = project();
        add(&mut p, "a", 30, 30, 10);
        add(&mut p, "h", 7, 7, 12);
        add(&mut p, "g", 4, 4, 9);
        p.releases = released(&p);
        // At min_publish 5, h (7) would be published: m's old release minus a and h is g.
        p.config.methodology.min_publish = 5;
        let (d, _) = decided(&p);
        assert!(!cell_of(&p, &d, "h").get(Figure::Scores));
        let h = p.orgs.find("h").unwrap();
        assert!(d.held.contains(&(h, key(&p), Figure::Scores)));
    }

    #[test]
    fn a_group_by_mark_that_grew_by_a_few_hidden_pupils_does_not_fit_beside_its_release() {
        let p = project();
        let k = key(&p);
        let part = |school: &str, f: Figure, n: u32| ((school.to_owned(), f, 7), n);
        // Release 1: the «4» group over b (4 hidden) and d (6), the «5» over b (6) and d (4).
        let mut known = Known::default();
        known.add(
            k,
            Figure::Mark4,
            Lump::from([part("b", Figure::Mark4, 4), part("d", Figure::Mark4, 6)]),
        );
        known.add(
            k,
            Figure::Mark5,
            Lump::from([part("b", Figure::Mark5, 6), part("d", Figure::Mark5, 4)]),
        );
        // With nothing known of the work, a sum of 3 hidden pupils is still a small group.
        let three = Lump::from([part("c", Figure::Mark4, 3)]);
        assert!(!Known::default().fits(k, Figure::Mark4, &three, 10));
        let c5 = part("c", Figure::Mark5, 10);
        // c arrives with 3 hidden «4» pupils: 13 − 10 = 3 apart.
        let four = Lump::from([
            part("b", Figure::Mark4, 4),
            part("d", Figure::Mark4, 6),
            part("c", Figure::Mark4, 3),
        ]);
        assert!(!known.fits(k, Figure::Mark4, &four, 10));
        // Its 10 hidden «5» pupils are a group: 20 − 10 = 10 apart.
        let five = Lump::from([part("b", Figure::Mark5, 6), part("d", Figure::Mark5, 4), c5]);
        assert!(known.fits(k, Figure::Mark5, &five, 10));
        // The task shares less the shown groups with «4» alone hidden: the «4» sum again.
        assert!(!known.fits(k, Figure::Tasks, &four, 10));
        // With «4» and «5» hidden: 33 pupils, less the two released sums inside, 3 + 10 = 13.
        let both: Lump = four.into_iter().chain(five).collect();
        assert!(known.fits(k, Figure::Tasks, &both, 10));
        // The very sum released before fits again (a repeated build adds nothing).
        let again = Lump::from([part("b", Figure::Mark4, 4), part("d", Figure::Mark4, 6)]);
        assert!(known.fits(k, Figure::Mark4, &again, 10));
    }
}
