//! The rules of «Анализ ВПР», pure functions of counts and shares with the thresholds in force,
//! each pinned by hand-computed cases: the zones of a task's share, the «2» dynamics, the wide
//! discrepancies with the journal, the sample's size, peaks at mark boundaries, systemic
//! deficits of skills, anomalies between groups by mark, whether a task compares with last
//! year's, and how many schools of an area share a finding.

use crate::i18n::Lang;
use crate::model::config::{Analysis, Mastery};
use crate::model::task::{CodeKind, Level, Task};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a task's share falls: sufficient, the zone of uncertainty, insufficient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    Sufficient,
    Uncertain,
    Insufficient,
}

/// The zone of a share of a task of `level`: sufficient from `sufficient`, insufficient below
/// `insufficient`, uncertain between.
pub fn zone(level: Level, share: f64, sufficient: &Mastery, insufficient: &Mastery) -> Zone {
    if share >= sufficient.threshold(level) {
        Zone::Sufficient
    } else if share < insufficient.threshold(level) {
        Zone::Insufficient
    } else {
        Zone::Uncertain
    }
}

impl Zone {
    pub(super) fn label(self, lang: Lang) -> String {
        let key = match self {
            Zone::Sufficient => "analysis.zone_sufficient",
            Zone::Uncertain => "analysis.zone_uncertain",
            Zone::Insufficient => "analysis.zone_insufficient",
        };
        crate::i18n::tr_in(lang, key, &[])
    }
}

/// The change of the «2» share in points from the first year shown to the last, and whether it
/// is the negative dynamics (a rise of at least `rise` points). `None` for fewer than two years.
pub fn two_dynamics(series: &[(u16, f64)], rise: f64) -> Option<(f64, bool)> {
    let (first, last) = (series.first()?, series.last()?);
    if series.len() < 2 {
        return None;
    }
    let change = last.1 - first.1;
    // Shares are percents with float noise: 10.0000001 is the 10 points the rule means.
    Some((change, change >= rise - 1e-9))
}

/// Pupils whose ВПР mark is at least `d` below and at least `d` above their journal mark, from
/// pupils by test mark − journal mark ([`crate::model::cell::Detail::gaps`]).
pub fn wide_gaps(gaps: [u32; 7], d: u8) -> (u32, u32) {
    let d = usize::from(d.clamp(1, 3));
    (gaps[..=3 - d].iter().sum(), gaps[3 + d..].iter().sum())
}

/// How far a sample's conclusions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    Informative,
    Approximate,
    Limited,
}

pub fn sample(n: u32, a: &Analysis) -> Sample {
    match n {
        n if n >= a.sample_informative => Sample::Informative,
        n if n >= a.sample_minimum => Sample::Approximate,
        _ => Sample::Limited,
    }
}

/// A pronounced peak at a mark boundary: the boundary score holds at least `ratio` times the
/// pupils one point below (at least one) and at least 3 pupils.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peak {
    pub mark: u8,
    pub score: u16,
    pub at: u64,
    pub below: u64,
}

pub fn peaks(hist: &[u64], boundaries: [(u8, u16); 3], ratio: f64) -> Vec<Peak> {
    boundaries
        .iter()
        .filter(|(_, b)| *b > 0)
        .filter_map(|&(mark, b)| {
            let at = *hist.get(usize::from(b))?;
            let below = hist.get(usize::from(b) - 1).copied().unwrap_or(0);
            (at >= 3 && at as f64 >= ratio * below.max(1) as f64).then_some(Peak {
                mark,
                score: b,
                at,
                below,
            })
        })
        .collect()
}

/// The skills (codes) most of whose tasks, two at least, are insufficient: the systemic
/// deficits. `tasks`: each task's skill codes and zone.
pub fn deficits<'t>(tasks: &[(&'t [String], Option<Zone>)]) -> Vec<&'t str> {
    let mut by_skill: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for (skills, zone) in tasks {
        for s in skills.iter() {
            let e = by_skill.entry(s.as_str()).or_default();
            e.0 += 1;
            e.1 += u32::from(*zone == Some(Zone::Insufficient));
        }
    }
    by_skill
        .into_iter()
        .filter(|(_, (n, bad))| *n >= 2 && 2 * bad > *n)
        .map(|(s, _)| s)
        .collect()
}

/// Anomalies of one task's shares by mark group (2, 3, 4, 5; `None` where hidden): each shown
/// group whose share is below the next lower shown group's, as (lower mark, higher mark).
pub fn anomalies(shares: [Option<f64>; 4]) -> Vec<(u8, u8)> {
    let shown: Vec<(u8, f64)> = (0..4)
        .filter_map(|g| Some((g as u8 + 2, shares[g]?)))
        .collect();
    shown
        .windows(2)
        .filter(|w| w[1].1 < w[0].1)
        .map(|w| (w[0].0, w[1].0))
        .collect()
}

/// Whether a task of this year may be compared with the task of the same label a year before:
/// both name codifier positions, the same ones, and the codifier gives them the same texts.
pub fn comparable(
    now: &Task,
    before: &Task,
    codifier_now: Option<&crate::model::task::Codifier>,
    codifier_before: Option<&crate::model::task::Codifier>,
) -> bool {
    let named = !now.skills.is_empty() || !now.content.is_empty();
    let text = |c: Option<&crate::model::task::Codifier>, kind, code: &String| {
        c.and_then(|c| c.get(&(kind, code.clone())).cloned())
    };
    let same_texts = |kind, codes: &[String]| {
        codes
            .iter()
            .all(|code| text(codifier_now, kind, code) == text(codifier_before, kind, code))
    };
    named
        && now.skills == before.skills
        && now.content == before.content
        && same_texts(CodeKind::Skill, &now.skills)
        && same_texts(CodeKind::Content, &now.content)
}

/// How many members of a group (the schools of an area) have each finding (a skill in systemic
/// deficit, a task with an anomaly): `members` holds each member's findings, a finding named
/// twice by one member counted once; a member without findings still counts in the group.
/// Returns the count of each finding met, and the group's size.
pub fn count_members<'a, M, F>(members: M) -> (BTreeMap<&'a str, u32>, u32)
where
    M: IntoIterator<Item = F>,
    F: IntoIterator<Item = &'a str>,
{
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    let mut size = 0;
    for findings in members {
        size += 1;
        let mut own: Vec<&str> = findings.into_iter().collect();
        own.sort_unstable();
        own.dedup();
        for f in own {
            *counts.entry(f).or_default() += 1;
        }
    }
    (counts, size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fioko() -> (Mastery, Mastery) {
        (Mastery::default(), Analysis::default().insufficient)
    }

    #[test]
    fn zone_edges_are_the_documents() {
        let (s, i) = fioko();
        // Basic: ≥ 60 sufficient, < 57 insufficient, 57 ≤ x < 60 between.
        assert_eq!(zone(Level::Basic, 60.0, &s, &i), Zone::Sufficient);
        assert_eq!(zone(Level::Basic, 59.9, &s, &i), Zone::Uncertain);
        assert_eq!(zone(Level::Basic, 57.0, &s, &i), Zone::Uncertain);
        assert_eq!(zone(Level::Basic, 56.9, &s, &i), Zone::Insufficient);
        // Advanced and high: ≥ 30, < 28.5.
        assert_eq!(zone(Level::Advanced, 30.0, &s, &i), Zone::Sufficient);
        assert_eq!(zone(Level::High, 28.5, &s, &i), Zone::Uncertain);
        assert_eq!(zone(Level::High, 28.4, &s, &i), Zone::Insufficient);
    }

    #[test]
    fn a_rise_of_ten_points_of_the_two_share_is_negative() {
        // 2021: 5 %, 2023: 15 % → +10 points: negative; +9.9 is not.
        assert_eq!(
            two_dynamics(&[(2021, 5.0), (2022, 8.0), (2023, 15.0)], 10.0),
            Some((10.0, true))
        );
        let (change, negative) = two_dynamics(&[(2021, 5.0), (2023, 14.9)], 10.0).unwrap();
        assert!(!negative && (change - 9.9).abs() < 1e-9);
        // A fall is never negative; one year gives no dynamics.
        assert_eq!(
            two_dynamics(&[(2021, 20.0), (2023, 5.0)], 10.0),
            Some((-15.0, false))
        );
        assert_eq!(two_dynamics(&[(2023, 20.0)], 10.0), None);
        // 1 of 10 pupils (10 %) → 4 of 20 (20 %): exactly 10 points from counts.
        let a = 100.0 * 1.0 / 10.0;
        let b = 100.0 * 4.0 / 20.0;
        assert!(two_dynamics(&[(2022, a), (2023, b)], 10.0).unwrap().1);
    }

    #[test]
    fn a_two_mark_discrepancy_is_counted_apart() {
        // gaps[d + 3], d = ВПР − journal: one pupil 3 vs journal 5 (d = −2), two with 2 vs 5
        // (−3), four −1, ten 0, three +1, one +2.
        let gaps = [2, 1, 4, 10, 3, 1, 0];
        assert_eq!(wide_gaps(gaps, 2), (3, 1));
        assert_eq!(wide_gaps(gaps, 3), (2, 0));
        assert_eq!(wide_gaps(gaps, 1), (7, 4));
    }

    #[test]
    fn the_sample_is_judged_at_fifty_and_twenty() {
        let a = Analysis::default();
        assert_eq!(sample(50, &a), Sample::Informative);
        assert_eq!(sample(49, &a), Sample::Approximate);
        assert_eq!(sample(20, &a), Sample::Approximate);
        assert_eq!(sample(19, &a), Sample::Limited);
    }

    #[test]
    fn a_peak_at_a_boundary_is_twice_the_score_below() {
        // Boundaries 4, 7, 9. At 4: 6 pupils vs 3 below: a peak; at 7: 5 vs 3: not; at 9:
        // 2 vs 0: too few.
        let hist = [0, 1, 2, 3, 6, 4, 3, 5, 1, 2];
        let p = peaks(&hist, [(3, 4), (4, 7), (5, 9)], 2.0);
        assert_eq!(
            p,
            [Peak {
                mark: 3,
                score: 4,
                at: 6,
                below: 3
            }]
        );
    }

    #[test]
    fn a_skill_is_a_systemic_deficit_when_most_of_its_tasks_are_insufficient() {
        let (a, b, c) = (
            vec!["1.1".to_owned()],
            vec!["1.1".to_owned(), "2.1".to_owned()],
            vec!["2.1".to_owned()],
        );
        use Zone::*;
        // 1.1: tasks 1 and 2 both insufficient → deficit. 2.1: 1 of 3 → not.
        let tasks = [
            (a.as_slice(), Some(Insufficient)),
            (b.as_slice(), Some(Insufficient)),
            (c.as_slice(), Some(Sufficient)),
            (c.as_slice(), Some(Uncertain)),
        ];
        assert_eq!(deficits(&tasks), ["1.1"]);
        // One task alone is no system; half is not most.
        assert!(deficits(&[(a.as_slice(), Some(Insufficient))]).is_empty());
        assert!(deficits(&[(a.as_slice(), Some(Insufficient)), (a.as_slice(), None)]).is_empty());
    }

    #[test]
    fn a_higher_group_below_a_lower_one_is_an_anomaly() {
        // «4» does worse than «3»; the hidden «2» group is skipped, «5» is compared with «4».
        assert_eq!(
            anomalies([None, Some(48.0), Some(42.0), Some(90.0)]),
            [(3, 4)]
        );
        assert!(anomalies([Some(10.0), Some(30.0), Some(30.0), Some(80.0)]).is_empty());
        // With «4» hidden, «5» is compared with «3».
        assert_eq!(anomalies([None, Some(60.0), None, Some(55.0)]), [(3, 5)]);
    }

    #[test]
    fn a_codifier_change_between_years_refuses_the_comparison() {
        let task = |skills: &[&str]| Task {
            label: "5".into(),
            max_points: Some(1),
            level: Some(Level::Basic),
            answer: None,
            skills: skills.iter().map(|s| s.to_string()).collect(),
            content: Vec::new(),
        };
        let codifier = |text: &str| {
            let mut c = crate::model::task::Codifier::new();
            c.insert((CodeKind::Skill, "1.1".into()), text.into());
            c
        };
        let (same, other) = (codifier("Считать"), codifier("Сравнивать"));
        assert!(comparable(
            &task(&["1.1"]),
            &task(&["1.1"]),
            Some(&same),
            Some(&same)
        ));
        // Another position, another text at the same code, no codes at all: not comparable.
        assert!(!comparable(
            &task(&["1.1"]),
            &task(&["1.2"]),
            Some(&same),
            Some(&same)
        ));
        assert!(!comparable(
            &task(&["1.1"]),
            &task(&["1.1"]),
            Some(&same),
            Some(&other)
        ));
        assert!(!comparable(&task(&[]), &task(&[]), None, None));
    }

    #[test]
    fn a_finding_counts_each_school_once_and_every_school_counts_in_the_group() {
        // Four published schools: А has deficits 1.1 and 2.1, Б has 1.1 (named twice by two
        // of its tasks' skills), В none, Г 2.1. 1.1: 2 of 4; 2.1: 2 of 4; 3.1: never met.
        let schools: [&[&str]; 4] = [&["1.1", "2.1"], &["1.1", "1.1"], &[], &["2.1"]];
        let (counts, size) = count_members(schools.iter().map(|s| s.iter().copied()));
        assert_eq!(size, 4);
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            [("1.1", 2), ("2.1", 2)]
        );
        // No school: nothing counted, a group of none.
        let (counts, size) = count_members(Vec::<Vec<&str>>::new());
        assert!(counts.is_empty() && size == 0);
    }
}
