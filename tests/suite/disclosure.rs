//! The differencing attack: can anything published give back a suppressed cell?
//!
//! An adversary who reads the whole site (pages, chart descriptions and tables, SVG, the search
//! index, every CSV) knows every published number. Each published number that depends on a
//! suppressed cell is an equation in that cell's unknowns (its count, its pupils' scores); with
//! the published figures of the other cells subtracted, such equations give the cell back (the
//! way a region's n and mean minus its schools' histograms gave a one-pupil school's score).
//! So the attack is written generically: for every suppressed cell of generated regions full of
//! small cells (n = 1…9, municipalities of one school, schools alone in a cell), change the
//! unknowns (every pupil's score, then the count) and rebuild; any published byte that changes
//! is an equation the adversary could solve, and the cell counts as recovered. Markers are
//! computed on the full data (SPEC), so a variant that makes a marker appear or vanish elsewhere
//! is set aside (one bit, the marker itself) and counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A tiny deterministic generator (no dependency on the generator under test).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// One pupil's row.
#[derive(Clone, Debug)]
struct Pupil {
    year: u16,
    subject: &'static str,
    grade: u8,
    school: String,
    code: String,
    score: u32,
    /// None for a school whose export carries no journal marks.
    journal: Option<u8>,
    /// Whether the row carries task points (many real exports have an empty `tasks` column).
    tasked: bool,
    /// Which of the ways to split the score into task points (another value: other task points,
    /// the same score).
    split: u32,
}

impl Pupil {
    /// Four tasks of five points that add up to the score, split one of two ways.
    fn tasks(&self) -> String {
        if !self.tasked {
            return String::new();
        }
        let mut left = self.score;
        let mut points = [0u32; 4];
        let order: [usize; 4] = if self.split.is_multiple_of(2) {
            [0, 1, 2, 3]
        } else {
            [3, 2, 1, 0]
        };
        for k in order {
            points[k] = left.min(5);
            left -= points[k];
        }
        points.map(|p| p.to_string()).join("|")
    }
}

/// A school known only from ФИС ОКО summaries: (year, subject, grade, school, participants,
/// marks 2–5, mean).
#[derive(Clone, Debug)]
struct Summary {
    year: u16,
    subject: &'static str,
    grade: u8,
    school: String,
    marks: [u32; 4],
    mean: f64,
}

/// A region's data: its pupils' rows and its summaries.
#[derive(Clone, Debug)]
struct Data {
    pupils: Vec<Pupil>,
    summaries: Vec<Summary>,
}

/// Cells of the region: (year, subject, grade).
const CELLS: [(u16, &str, u8); 5] = [
    (2022, "ma", 4),
    (2022, "ru", 4),
    (2023, "ma", 4),
    (2023, "ma", 5),
    (2023, "bi", 5),
];

const MAX: u32 = 20;

/// A region of four municipalities (the first of one school), some cells of 1…9 pupils, a cell
/// (bi 5) that one school alone takes, schools whose rows carry no task points or no journal
/// marks, and a school of municipality 2 known only from summaries.
fn region(seed: u64) -> (String, Data) {
    let mut rng = Lcg(seed);
    let mut orgs = String::from("id,name,kind,parent\nr,Регион,region,\n");
    let mut schools = Vec::new();
    for (m, count) in [1usize, 3, 4, 5].iter().enumerate() {
        orgs.push_str(&format!("m{m},Район {m},municipality,r\n"));
        for s in 0..*count {
            let id = format!("s{m}{s}");
            orgs.push_str(&format!("{id},Школа {m}-{s},school,m{m}\n"));
            schools.push(id);
        }
    }
    orgs.push_str("s29,Школа по сводке,school,m2\n");
    let mut pupils = Vec::new();
    for (i, school) in schools.iter().enumerate() {
        let strength = rng.next(6) as u32;
        for &(year, subject, grade) in &CELLS {
            if subject == "bi" && i != 2 {
                continue;
            }
            let n = if rng.next(3) == 0 {
                1 + rng.next(9)
            } else {
                12 + rng.next(25)
            };
            for p in 0..n {
                let score = (strength + rng.next(15) as u32).min(MAX);
                let journal = 2 + rng.next(4) as u8;
                pupils.push(Pupil {
                    year,
                    subject,
                    grade,
                    school: school.clone(),
                    code: format!("P{year}{subject}{grade}{i:02}{p:03}"),
                    score,
                    journal: (i % 5 != 2).then_some(journal),
                    tasked: i % 4 != 1,
                    split: 0,
                });
            }
        }
    }
    let summaries = CELLS[..4]
        .iter()
        .map(|&(year, subject, grade)| {
            let n = 3 + rng.next(7) as u32;
            let m3 = rng.next(u64::from(n)) as u32;
            Summary {
                year,
                subject,
                grade,
                school: "s29".into(),
                marks: [0, m3, n - m3, 0],
                mean: 8.0 + rng.next(8) as f64 / 2.0,
            }
        })
        .collect();
    (orgs, Data { pupils, summaries })
}

fn write_project(dir: &Path, orgs: &str, data: &Data) {
    write_project_with(dir, orgs, data, "title: Атака\n");
}

fn write_project_with(dir: &Path, orgs: &str, data: &Data, config: &str) {
    std::fs::create_dir_all(dir.join("data/results")).unwrap();
    std::fs::create_dir_all(dir.join("data/aggregates")).unwrap();
    std::fs::write(dir.join("config.yaml"), config).unwrap();
    std::fs::write(dir.join("data/orgs.csv"), orgs).unwrap();
    let mut scales = String::from("year,procedure,subject,grade,max_score,mark3,mark4,mark5\n");
    for (year, subject, grade) in CELLS {
        scales.push_str(&format!("{year},VPR,{subject},{grade},{MAX},6,11,16\n"));
    }
    std::fs::write(dir.join("data/scales.csv"), scales).unwrap();
    // Task points with no maximum given: the task analysis (and its inferred maxima) is
    // attacked with everything else.
    let mut csv =
        String::from("year,procedure,subject,grade,org,participant,score,journal_mark,tasks\n");
    for p in &data.pupils {
        csv.push_str(&format!(
            "{},VPR,{},{},{},{},{},{},{}\n",
            p.year,
            p.subject,
            p.grade,
            p.school,
            p.code,
            p.score,
            p.journal.map_or_else(String::new, |j| j.to_string()),
            p.tasks()
        ));
    }
    std::fs::write(dir.join("data/results/all.csv"), csv).unwrap();
    let mut agg = String::from(
        "year,procedure,subject,grade,org,participants,mark2,mark3,mark4,mark5,score_mean,score_sd\n",
    );
    for s in &data.summaries {
        let n: u32 = s.marks.iter().sum();
        agg.push_str(&format!(
            "{},VPR,{},{},{},{n},{},{},{},{},{},2.5\n",
            s.year,
            s.subject,
            s.grade,
            s.school,
            s.marks[0],
            s.marks[1],
            s.marks[2],
            s.marks[3],
            s.mean
        ));
    }
    std::fs::write(dir.join("data/aggregates/agg.csv"), agg).unwrap();
}

/// Every file of the built site.
fn build(dir: &Path) -> Vec<(String, Vec<u8>)> {
    build_as(dir, false)
}

/// Every file of the site a build (a publishing one when `release`) writes.
pub(super) fn build_as(dir: &Path, release: bool) -> Vec<(String, Vec<u8>)> {
    let out = dir.join("site");
    oko::build(&oko::BuildOptions {
        root: dir.to_owned(),
        out: out.clone(),
        base_url: None,
        org: None,
        release,
    })
    .unwrap_or_else(|e| panic!("{e:#}"));
    super::files_below(&out)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(out.join(f)).unwrap()))
        .collect()
}

/// Which markers the site raises (without their numbers).
fn marker_set(site: &[(String, Vec<u8>)]) -> BTreeSet<String> {
    let (_, bytes) = site
        .iter()
        .find(|(f, _)| f == "opendata/markers.csv")
        .unwrap();
    String::from_utf8_lossy(bytes)
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(8).collect::<Vec<_>>().join(","))
        .collect()
}

/// The text around the first byte where two files differ, for the message.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let around = |s: &[u8]| {
        String::from_utf8_lossy(&s[at.saturating_sub(80)..(at + 40).min(s.len())]).into_owned()
    };
    format!("«{}» became «{}»", around(a), around(b))
}

/// The files two sites of the same files differ in, each with its first difference.
fn differences(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) -> Vec<String> {
    a.iter()
        .zip(b)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| format!("{}: {}", x.0, first_difference(&x.1, &y.1)))
        .collect()
}

/// The municipality of a school id `s<m><k>`.
fn municipality(school: &str) -> &str {
    &school[1..2]
}

/// A figure of a cell the attack varies on its own.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Figure {
    Scores,
    Tasks,
    Journal,
}

/// A residue of hidden pupils that may be published: none, or a group of at least 10.
fn safe(hidden: usize) -> bool {
    hidden == 0 || hidden >= 10
}

/// What the SPEC publishes of one figure of one assessment, from its words and not from the
/// implementation: `sizes` are the assessment's cells (school, participants, contributors to the
/// figure). A cell's figure is hidden when the cell or the figure has fewer than 10 pupils; a
/// municipality's and the region's when they have fewer than 10 contributors, when their hidden
/// contributors are fewer than 10 but not none (the region's are those of municipalities not
/// published), or, for task shares, when they and the scores of the same group differ by fewer
/// than 10 pupils but not none. Returns the municipalities' (published, hidden) and the region's.
fn published(
    sizes: &[(String, usize, usize)],
    figure: Figure,
) -> (BTreeMap<String, (bool, usize)>, (bool, usize)) {
    let mut munis: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (s, n, f) in sizes {
        let m = munis.entry(municipality(s).to_owned()).or_default();
        m.0 += n;
        m.1 += f;
        if *n < 10 || *f < 10 {
            m.2 += f;
        }
    }
    let decide = |n: usize, f: usize, hidden: usize| {
        f >= 10 && safe(hidden) && (figure != Figure::Tasks || safe(n - f))
    };
    let mut out = BTreeMap::new();
    let (mut n_r, mut f_r, mut residue) = (0, 0, 0);
    for (m, (n, f, hidden)) in munis {
        let shown = decide(n, f, hidden);
        (n_r, f_r) = (n_r + n, f_r + f);
        if !shown {
            residue += hidden;
        }
        out.insert(m, (shown, hidden));
    }
    (out, (decide(n_r, f_r, residue), residue))
}

/// Whether the SPEC lets a hidden cell's changes to one figure show: never alone; as part of its
/// municipality's hidden contributors when that figure is published over ≥ 10 of them; as part of
/// the region's residue when the region's figure is published over ≥ 10.
fn in_disclosed_group(sizes: &[(String, usize, usize)], figure: Figure, school: &str) -> bool {
    let (munis, (region, residue)) = published(sizes, figure);
    match munis.get(municipality(school)) {
        Some(&(true, hidden)) => hidden >= 10,
        _ => region && residue >= 10,
    }
}

/// A cell of the region: (year, subject, grade, school).
type CellId = (u16, &'static str, u8, String);

/// The variants of `data` that change one hidden cell: each a figure and the changed data.
/// Where the SPEC lets the figure show as part of a group, pupils are exchanged within the group
/// instead (the group's totals stay, the cell changes).
fn variants(data: &Data, cells: &BTreeSet<CellId>, cell: &CellId) -> Vec<(Figure, Data)> {
    let in_cell =
        |p: &Pupil| (p.year, p.subject, p.grade, &p.school) == (cell.0, cell.1, cell.2, &cell.3);
    let same_work = |p: &Pupil| (p.year, p.subject, p.grade) == (cell.0, cell.1, cell.2);
    let sizes = |figure: Figure| -> Vec<(String, usize, usize)> {
        let mut out: Vec<(String, usize, usize)> = cells
            .iter()
            .filter(|c| (c.0, c.1, c.2) == (cell.0, cell.1, cell.2))
            .map(|c| {
                let of: Vec<&Pupil> = data
                    .pupils
                    .iter()
                    .filter(|p| same_work(p) && p.school == c.3)
                    .collect();
                let n = of.len();
                let f = match figure {
                    Figure::Scores => n,
                    Figure::Tasks => of.iter().filter(|p| p.tasked).count(),
                    Figure::Journal => of.iter().filter(|p| p.journal.is_some()).count(),
                };
                (c.3.clone(), n, f)
            })
            .collect();
        if figure == Figure::Scores {
            out.extend(
                data.summaries
                    .iter()
                    .filter(|s| (s.year, s.subject, s.grade) == (cell.0, cell.1, cell.2))
                    .map(|s| {
                        let n = s.marks.iter().sum::<u32>() as usize;
                        (s.school.clone(), n, n)
                    }),
            );
        }
        out
    };
    let change = |f: &dyn Fn(&mut Pupil)| {
        let mut d = data.clone();
        for p in d.pupils.iter_mut().filter(|p| in_cell(p)) {
            f(p);
        }
        d
    };
    let mut out = Vec::new();
    let n = data.pupils.iter().filter(|p| in_cell(p)).count();
    let scores = sizes(Figure::Scores);
    if in_disclosed_group(&scores, Figure::Scores, &cell.3) {
        // Only the group may show: exchange a pupil with another hidden cell of the municipality.
        let partner = scores.iter().find(|(s, m, _)| {
            *s != cell.3 && *m < 10 && municipality(s) == municipality(&cell.3) && s != "s29"
        });
        if let Some((partner, partner_n, _)) = partner {
            let mine = data.pupils.iter().position(in_cell).unwrap();
            let theirs = data.pupils.iter().position(|p| {
                same_work(p) && p.school == *partner && p.score != data.pupils[mine].score
            });
            if let Some(theirs) = theirs {
                let mut swapped = data.clone();
                swapped.pupils[mine].school = partner.clone();
                swapped.pupils[theirs].school = cell.3.clone();
                out.push((Figure::Scores, swapped));
            }
            // Moving a pupil must leave the partner hidden too (a partner of 9 would become a
            // published cell of 10: a different data set, not a difference).
            if n > 1 && partner_n + 1 < 10 {
                let mut moved = data.clone();
                moved.pupils[mine].school = partner.clone();
                out.push((Figure::Scores, moved));
            }
        }
    } else {
        // Nothing of the cell may show: change every score, then the count.
        out.push((
            Figure::Scores,
            change(&|p| {
                p.score = if p.score < MAX {
                    p.score + 1
                } else {
                    p.score - 1
                }
            }),
        ));
        let mut recounted = data.clone();
        let first = recounted.pupils.iter().position(in_cell).unwrap();
        if n > 1 {
            recounted.pupils.remove(first);
        } else {
            let mut extra = recounted.pupils[first].clone();
            extra.code.push('x');
            recounted.pupils.push(extra);
        }
        out.push((Figure::Scores, recounted));
    }
    // Each other figure on its own: its data changed, the scores kept.
    let tasked = data.pupils.iter().any(|p| in_cell(p) && p.tasked);
    if tasked && !in_disclosed_group(&sizes(Figure::Tasks), Figure::Tasks, &cell.3) {
        out.push((Figure::Tasks, change(&|p| p.split += 1)));
    }
    let journals = data
        .pupils
        .iter()
        .any(|p| in_cell(p) && p.journal.is_some());
    if journals && !in_disclosed_group(&sizes(Figure::Journal), Figure::Journal, &cell.3) {
        out.push((
            Figure::Journal,
            change(&|p| p.journal = p.journal.map(|j| if j < 5 { j + 1 } else { 2 })),
        ));
    }
    out
}

/// The variants that change a school known only from summaries, when its scores may not show.
fn summary_variants(data: &Data, k: usize) -> Vec<(Figure, Data)> {
    let s = &data.summaries[k];
    let scores: Vec<(String, usize, usize)> = data
        .pupils
        .iter()
        .filter(|p| (p.year, p.subject, p.grade) == (s.year, s.subject, s.grade))
        .fold(BTreeMap::<String, usize>::new(), |mut m, p| {
            *m.entry(p.school.clone()).or_default() += 1;
            m
        })
        .into_iter()
        .map(|(school, n)| (school, n, n))
        .chain(std::iter::once({
            let n = s.marks.iter().sum::<u32>() as usize;
            (s.school.clone(), n, n)
        }))
        .collect();
    if in_disclosed_group(&scores, Figure::Scores, &s.school) {
        return Vec::new();
    }
    let mut mean = data.clone();
    mean.summaries[k].mean += 0.5;
    let mut count = data.clone();
    // One pupil fewer (or more, for a school of one): a hidden cell stays hidden.
    match s.marks[1] + s.marks[2] {
        1 => count.summaries[k].marks[1] += 1,
        _ if s.marks[1] > 0 => count.summaries[k].marks[1] -= 1,
        _ => count.summaries[k].marks[2] -= 1,
    }
    vec![(Figure::Scores, mean), (Figure::Scores, count)]
}

#[test]
#[cfg_attr(
    not(feature = "slow-tests"),
    ignore = "slow: cargo test --features slow-tests"
)]
fn no_published_byte_depends_on_a_suppressed_cell() {
    let (mut attacked, mut variants_built, mut set_aside, mut recovered) = (0, 0, 0, Vec::new());
    let mut by_figure: BTreeMap<String, usize> = BTreeMap::new();
    for seed in [11, 23, 57] {
        let tmp = tempfile::tempdir().unwrap();
        let (orgs, data) = region(seed);
        let base_dir = tmp.path().join("base");
        write_project(&base_dir, &orgs, &data);
        let base = build(&base_dir);
        let base_markers = marker_set(&base);
        let (_, task_rows) = base
            .iter()
            .find(|(f, _)| f == "opendata/tasks.csv")
            .unwrap();
        assert!(
            task_rows.split(|&b| b == b'\n').count() > 20,
            "the task analysis is published, and so attacked"
        );
        let cells: BTreeSet<CellId> = data
            .pupils
            .iter()
            .map(|p| (p.year, p.subject, p.grade, p.school.clone()))
            .collect();
        let size = |c: &CellId| {
            data.pupils
                .iter()
                .filter(|p| (p.year, p.subject, p.grade, &p.school) == (c.0, c.1, c.2, &c.3))
                .count()
        };
        let mut tries: Vec<(String, Figure, Data)> = Vec::new();
        for cell in cells.iter().filter(|c| size(c) < 10) {
            attacked += 1;
            for (figure, variant) in variants(&data, &cells, cell) {
                tries.push((format!("{cell:?}"), figure, variant));
            }
        }
        for k in 0..data.summaries.len() {
            attacked += 1;
            for (figure, variant) in summary_variants(&data, k) {
                tries.push((format!("summary {k}"), figure, variant));
            }
        }
        for (i, (what, figure, variant)) in tries.iter().enumerate() {
            variants_built += 1;
            *by_figure.entry(format!("{figure:?}")).or_default() += 1;
            let dir = tmp.path().join(format!("v{i}"));
            write_project(&dir, &orgs, variant);
            let site = build(&dir);
            if marker_set(&site) != base_markers {
                set_aside += 1;
                continue;
            }
            assert_eq!(base.len(), site.len());
            let changed = differences(&base, &site);
            if !changed.is_empty() {
                recovered.push(format!("seed {seed}, {what}, {figure:?}: {changed:?}"));
            }
        }
    }
    eprintln!(
        "differencing attack: {attacked} hidden cells attacked, {variants_built} variants \
         ({by_figure:?}), {set_aside} set aside (a marker changed), {} recovered",
        recovered.len()
    );
    assert!(
        attacked >= 15,
        "the regions hold small cells to attack ({attacked})"
    );
    for f in ["Scores", "Tasks", "Journal"] {
        assert!(
            by_figure.get(f).copied().unwrap_or(0) >= 5,
            "{f} is attacked: {by_figure:?}"
        );
    }
    assert!(
        variants_built - set_aside >= attacked,
        "most variants are compared ({set_aside} of {variants_built} set aside)"
    );
    assert!(
        recovered.is_empty(),
        "published bytes depend on suppressed cells:\n{}",
        recovered.join("\n")
    );
}

/// A municipality whose scores of a work are published with hidden schools of ≥ 10 pupils in
/// all (by the SPEC's rules), beside a published school whose page shows them: the one a second
/// release can be differenced against.
/// An assessment of [`CELLS`].
type Work = (u16, &'static str, u8);

fn grouped_municipality(data: &Data) -> Option<(Work, String, Vec<String>)> {
    for &(year, subject, grade) in &CELLS {
        let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
        for p in data
            .pupils
            .iter()
            .filter(|p| (p.year, p.subject, p.grade) == (year, subject, grade))
        {
            *sizes.entry(p.school.clone()).or_default() += 1;
        }
        let list: Vec<(String, usize, usize)> =
            sizes.iter().map(|(s, n)| (s.clone(), *n, *n)).collect();
        let (munis, _) = published(&list, Figure::Scores);
        let visible = |m: &str| sizes.iter().any(|(s, n)| municipality(s) == m && *n >= 10);
        if let Some((m, _)) = munis
            .iter()
            .find(|(m, (shown, hidden))| *shown && *hidden >= 10 && visible(m))
        {
            let hidden = sizes
                .iter()
                .filter(|(s, n)| municipality(s) == m && **n < 10)
                .map(|(s, _)| s.clone())
                .collect();
            return Some(((year, subject, grade), m.clone(), hidden));
        }
    }
    None
}

#[test]
fn no_sequence_of_releases_gives_back_a_late_or_annulled_school() {
    let tmp = tempfile::tempdir().unwrap();
    let (orgs, data) = (11..40)
        .map(region)
        .find(|(_, d)| grouped_municipality(d).is_some())
        .expect("a region with a municipality published over hidden schools");
    let ((year, subject, grade), m, hidden) = grouped_municipality(&data).unwrap();
    let first = tmp.path().join("release-1");
    write_project(&first, &orgs, &data);
    build_as(&first, true);
    let memory = std::fs::read_to_string(first.join("data/releases.csv")).unwrap();
    assert!(memory.contains(",scores,published,r,"), "{memory}");
    // A preview build writes nothing into the project; the same release again adds nothing.
    build(&first);
    build_as(&first, true);
    assert_eq!(
        std::fs::read_to_string(first.join("data/releases.csv")).unwrap(),
        memory
    );

    // A school of three pupils arrives late in the municipality: release 2 must not depend on
    // its scores (release 2 minus release 1 would be the school).
    let late_orgs = format!("{orgs}s{m}8,Поздняя школа,school,m{m}\n");
    let late = |score: u32| {
        let mut d = data.clone();
        for i in 0..3 {
            d.pupils.push(Pupil {
                year,
                subject,
                grade,
                school: format!("s{m}8"),
                code: format!("LATE{i}"),
                score: score + i,
                journal: Some(4),
                tasked: true,
                split: 0,
            });
        }
        d
    };
    let second = |name: &str, score: u32, remember: bool| {
        let dir = tmp.path().join(name);
        write_project(&dir, &late_orgs, &late(score));
        if remember {
            std::fs::write(dir.join("data/releases.csv"), &memory).unwrap();
        }
        build(&dir)
    };
    let changed = differences(&second("late-a", 3, true), &second("late-b", 15, true));
    assert!(
        changed.is_empty(),
        "release 2 depends on the late school's scores: {changed:?}"
    );
    // Without the memory it would (the attack is real).
    assert!(!differences(&second("late-c", 3, false), &second("late-d", 15, false)).is_empty());

    // The late school published in a release, then annulled: with that release's memory, the
    // municipality's figure of the work is held back (then minus now would be the school), with
    // the reason on the methodology page.
    let with_late = tmp.path().join("with-late");
    write_project(&with_late, &late_orgs, &late(3));
    build_as(&with_late, true);
    let annulled = tmp.path().join("annulled");
    write_project(&annulled, &late_orgs, &data);
    std::fs::copy(
        with_late.join("data/releases.csv"),
        annulled.join("data/releases.csv"),
    )
    .unwrap();
    let (project, _) = oko::load_project(&annulled).unwrap();
    let ind = oko::indicators::compute(&project, false);
    let gate = oko::indicators::disclosure::Gate::new(&project, &ind);
    let key = oko::model::CellKey {
        year,
        procedure: oko::model::Procedure::Vpr,
        subject: project.subjects.find(subject).unwrap(),
        grade,
    };
    let muni = project.orgs.find(&format!("m{m}")).unwrap();
    assert!(
        gate.pooled(muni, key).is_none(),
        "then minus now is the annulled school"
    );
    assert!(gate.held(muni, key, oko::model::release::Figure::Scores));
    let site = build(&annulled);
    let methodology = &site
        .iter()
        .find(|(f, _)| f == "methodology/index.html")
        .unwrap()
        .1;
    assert!(String::from_utf8_lossy(methodology).contains("Портал помнит прошлые публикации"));

    // min_publish lowered to 5: a hidden school of 5…9 released inside the group would now be
    // published, and the old release minus it would give the rest back when they are few.
    let lowered = tmp.path().join("lowered");
    write_project_with(
        &lowered,
        &orgs,
        &data,
        "title: Атака\nmethodology:\n  min_publish: 5\n",
    );
    std::fs::write(lowered.join("data/releases.csv"), &memory).unwrap();
    let (project, _) = oko::load_project(&lowered).unwrap();
    let ind = oko::indicators::compute(&project, false);
    let gate = oko::indicators::disclosure::Gate::new(&project, &ind);
    let sizes: Vec<(String, usize)> = hidden
        .iter()
        .map(|s| {
            let n = data
                .pupils
                .iter()
                .filter(|p| {
                    (p.year, p.subject, p.grade) == (year, subject, grade) && &p.school == s
                })
                .count();
            (s.clone(), n)
        })
        .collect();
    for (school, n) in &sizes {
        let rest: usize = sizes
            .iter()
            .filter(|(s, _)| s != school)
            .map(|(_, n)| n)
            .sum();
        let org = project.orgs.find(school).unwrap();
        let shown = gate.cell(&oko::model::SchoolCell { key, org }).is_some();
        if *n >= 5 && rest > 0 && rest < 5 {
            assert!(
                !shown,
                "{school} ({n}) would give back {rest} pupils of release 1"
            );
        }
        if *n < 5 {
            assert!(!shown);
        }
    }
}
