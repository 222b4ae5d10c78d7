//! The differencing attack across releases on the task shares of groups of pupils by ВПР mark
//! («Анализ ВПР», `mark2_pct` … `mark5_pct` of opendata/tasks.csv; SPEC «Privacy»: suppression
//! remembers releases).
//!
//! A municipality's group «4» is published in release 1 over schools whose own «4» groups are
//! hidden but together ≥ 10; a school of 25 pupils arrives late (or is annulled), its «4» group
//! of three hidden inside its published cell. The attacker reads every group's size and task
//! shares both releases publish — the schools' from opendata/tasks.csv, the municipalities' and
//! the region's as the gate hands them to their «Анализ ВПР», with their task shares less the
//! shown groups (the hidden groups together) — and differences them: a group published in both
//! releases over a number of pupils that differs by 1…9 gives those pupils' points on every task
//! back.

use std::collections::BTreeMap;
use std::path::Path;

/// Tasks of the work, each of this many points.
const TASKS: usize = 4;
const TASK_MAX: u32 = 5;

/// Region r: municipality m1 (schools a, b, d, and c when it is there), municipality m2 (f, g).
const ORGS: &str = "id,name,kind,parent\nr,Регион,region,\nm1,Район 1,municipality,r\n\
                    m2,Район 2,municipality,r\na,Школа A,school,m1\nb,Школа B,school,m1\n\
                    d,Школа D,school,m1\nc,Школа C,school,m1\nf,Школа F,school,m2\n\
                    g,Школа G,school,m2\n";

/// Pupils by ВПР mark 2, 3, 4, 5 of each school. a, f and g show every group they have; b and d
/// hide their «4» and «5» (each under 10, together 10); c hides its «4» (3) and so its smallest
/// shown group («5», 10) too.
fn schools(with_c: bool) -> Vec<(&'static str, [u32; 4])> {
    let mut out = vec![
        ("a", [10, 10, 10, 10]),
        ("b", [0, 10, 4, 6]),
        ("d", [0, 10, 6, 4]),
        ("f", [10, 10, 10, 10]),
        ("g", [10, 10, 0, 0]),
    ];
    if with_c {
        out.push(("c", [0, 12, 3, 10]));
    }
    out
}

/// A pupil's task points: a score of the mark's range split over the tasks from a task that
/// moves with the pupil, so that groups differ task by task.
fn pupil(mark: u32, i: u32) -> [u32; TASKS] {
    let mut left = 5 * (mark - 2) + 1 + i % 5;
    let mut out = [0; TASKS];
    for k in 0..TASKS {
        let task = (k + i as usize) % TASKS;
        out[task] = left.min(TASK_MAX);
        left -= out[task];
    }
    out
}

/// Writes the project: one work (2022, ВПР, ma, 4) with its scale and task maxima.
fn write(dir: &Path, with_c: bool) {
    std::fs::create_dir_all(dir.join("data/results")).unwrap();
    std::fs::write(dir.join("config.yaml"), "title: Атака\n").unwrap();
    std::fs::write(dir.join("data/orgs.csv"), ORGS).unwrap();
    std::fs::write(
        dir.join("data/scales.csv"),
        "year,procedure,subject,grade,max_score,mark3,mark4,mark5\n2022,VPR,ma,4,20,6,11,16\n",
    )
    .unwrap();
    let mut tasks = String::from("year,procedure,subject,grade,task,max_points\n");
    for k in 1..=TASKS {
        tasks.push_str(&format!("2022,VPR,ma,4,{k},{TASK_MAX}\n"));
    }
    std::fs::write(dir.join("data/tasks.csv"), tasks).unwrap();
    let mut csv = String::from("year,procedure,subject,grade,org,participant,score,tasks\n");
    for (school, by_mark) in schools(with_c) {
        for (mark, &n) in (2..).zip(&by_mark) {
            for i in 0..n {
                let p = pupil(mark, i);
                let joined: Vec<String> = p.iter().map(u32::to_string).collect();
                csv.push_str(&format!(
                    "2022,VPR,ma,4,{school},{school}{mark}{i:02},{},{}\n",
                    p.iter().sum::<u32>(),
                    joined.join("|")
                ));
            }
        }
    }
    std::fs::write(dir.join("data/results/all.csv"), csv).unwrap();
}

/// Groups by mark as published, or as an attacker adds them up: (organization, the marks as a
/// set of bits 2..5) → the pupils and their points on each task.
type Published = BTreeMap<(String, u8), (u32, Vec<f64>)>;

/// The points `n` pupils earned at `share` % of a task's maximum.
fn points(n: u32, share: f64) -> f64 {
    f64::from(n) * share * f64::from(TASK_MAX) / 100.0
}

/// Every sum the attacker forms of an organization's published groups that hold no pupil
/// twice.
fn sums(published: &Published) -> Published {
    let mut out = Published::new();
    for ((org, marks), (n, p)) in published {
        let mut more: Published = out
            .iter()
            .filter(|((o, m), _)| o == org && m & marks == 0)
            .map(|((o, m), (n2, p2))| {
                let points = p.iter().zip(p2).map(|(a, b)| a + b).collect();
                ((o.clone(), m | marks), (n + n2, points))
            })
            .collect();
        more.insert((org.clone(), *marks), (*n, p.clone()));
        out.extend(more);
    }
    out
}

/// Builds the project (a publishing build when `release`) and returns every group by mark it
/// publishes: the schools' shares as opendata/tasks.csv gives them (their sizes are in the
/// columns of the work page's table), the municipalities' and the region's as the gate hands
/// them out.
fn published(dir: &Path, release: bool) -> Published {
    // The gate as the build sees it: before it adds its own release to the memory.
    let (project, _) = oko::load_project(dir).unwrap();
    let ind = oko::indicators::compute(&project, false);
    let site = super::disclosure::build_as(dir, release);
    let gate = oko::indicators::disclosure::Gate::new(&project, &ind);
    let key = oko::model::CellKey {
        year: 2022,
        procedure: oko::model::Procedure::Vpr,
        subject: project.subjects.find("ma").unwrap(),
        grade: 4,
    };
    let mut out = Published::new();
    let (_, csv) = site
        .iter()
        .find(|(f, _)| f == "opendata/tasks.csv")
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in reader.records().map(Result::unwrap) {
        let school = &row[column("org")];
        let org = project.orgs.find(school).unwrap();
        let groups = gate
            .cell(&oko::model::SchoolCell { key, org })
            .and_then(|c| c.mark_groups());
        for mark in 2..=5u8 {
            let value = &row[column(&format!("mark{mark}_pct"))];
            if value.is_empty() {
                continue;
            }
            let n = groups.and_then(|g| g.size(mark)).expect("a shown group");
            let group = out
                .entry((school.to_owned(), 1 << mark))
                .or_insert((n, vec![]));
            group.1.push(points(n, value.parse().unwrap()));
        }
    }
    for id in ["m1", "m2", "r"] {
        let org = project.orgs.find(id).unwrap();
        let Some(figures) = gate.pooled(org, key) else {
            continue;
        };
        let (Some(tasks), Some(groups)) = (figures.tasks(), figures.mark_groups()) else {
            continue;
        };
        // The task shares less the shown groups: the hidden groups together.
        let mut hidden_marks = 0b111100u8;
        let mut rest: (u32, Vec<f64>) = (
            tasks.pupils,
            (0..TASKS)
                .map(|k| {
                    points(
                        tasks.pupils,
                        tasks.by_task[k].share(TASK_MAX as u16).unwrap(),
                    )
                })
                .collect(),
        );
        for mark in 2..=5u8 {
            if let Some(n) = groups.size(mark) {
                let group: Vec<f64> = (0..TASKS)
                    .map(|k| points(n, groups.share(k, mark, TASK_MAX as u16).unwrap()))
                    .collect();
                rest.0 -= n;
                for (r, p) in rest.1.iter_mut().zip(&group) {
                    *r -= p;
                }
                hidden_marks &= !(1 << mark);
                out.insert((id.to_owned(), 1 << mark), (n, group));
            }
        }
        if rest.0 > 0 {
            out.insert((id.to_owned(), hidden_marks), rest);
        }
    }
    out
}

/// What the attacker recovers from two releases: every sum of groups of an organization (a
/// group, the hidden groups together, groups added up) formed in both whose pupils differ by
/// 1…9, with those pupils' points per task (release `b` less release `a`).
fn attack(a: &Published, b: &Published) -> Vec<String> {
    let b = sums(b);
    sums(a)
        .iter()
        .filter_map(|(group, (n_a, points_a))| {
            let (n_b, points_b) = b.get(group)?;
            let apart = n_a.abs_diff(*n_b);
            (apart > 0 && apart < 10).then(|| {
                let recovered: Vec<String> = points_a
                    .iter()
                    .zip(points_b)
                    .map(|(pa, pb)| format!("{:.1}", pb - pa))
                    .collect();
                let marks: Vec<String> = (2..=5)
                    .filter(|m| group.1 & (1 << m) != 0)
                    .map(|m| m.to_string())
                    .collect();
                format!(
                    "{} «{}»: {apart} pupils, points per task {}",
                    group.0,
                    marks.join("+"),
                    recovered.join(" ")
                )
            })
        })
        .collect()
}

#[test]
fn no_sequence_of_releases_gives_back_a_small_group_by_mark() {
    let tmp = tempfile::Builder::new()
        .prefix("groups-releases")
        .tempdir()
        .unwrap();
    // c's «4» group, as the attacker would read it.
    let truth: Vec<u32> = (0..TASKS)
        .map(|k| (0..3).map(|i| pupil(4, i)[k]).sum())
        .collect();
    let memory = |dir: &Path| std::fs::read_to_string(dir.join("data/releases.csv")).unwrap();
    let mut recovered = Vec::new();
    // c arrives late; then c, published in a release, is annulled.
    for (name, first_with_c) in [("late", false), ("annulled", true)] {
        let first = tmp.path().join(format!("{name}-1"));
        write(&first, first_with_c);
        let release_1 = published(&first, true);
        assert!(
            release_1.contains_key(&("m1".into(), 1 << 4))
                && release_1.contains_key(&("r".into(), 1 << 4)),
            "release 1 publishes the «4» groups of m1 and r: {:?}",
            release_1.keys()
        );
        let second = tmp.path().join(format!("{name}-2"));
        write(&second, !first_with_c);
        std::fs::write(second.join("data/releases.csv"), memory(&first)).unwrap();
        let release_2 = published(&second, true);
        let (before, after) = match first_with_c {
            false => (&release_1, &release_2),
            true => (&release_2, &release_1),
        };
        recovered.extend(
            attack(before, after)
                .into_iter()
                .map(|r| format!("{name}: {r}")),
        );
        // The groups no school changed keep being published.
        for org in ["m1", "r"] {
            assert!(
                release_2.contains_key(&(org.into(), 1 << 3)),
                "{name}: {org}"
            );
        }
        assert!(first_with_c || release_2.contains_key(&("c".into(), 1 << 3)));
    }
    eprintln!(
        "groups by mark across releases: {} recovered (c's «4» group: {truth:?} points per task)",
        recovered.len()
    );
    assert!(
        recovered.is_empty(),
        "two releases give back a small group by mark:\n{}",
        recovered.join("\n")
    );
}
