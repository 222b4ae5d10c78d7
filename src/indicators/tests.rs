//! Hand-computed cases for every formula of the methodology (the arithmetic is written beside
//! each assertion), edge cases, and property tests.

use super::*;
use crate::diag::Diagnostics;
use crate::model::{Detail, Scale, SchoolCell};
use proptest::prelude::*;

/// A region `r` with municipality `m` and schools `s1`..`s9`, no cells yet.
fn project() -> Project {
    let mut orgs = String::from("id,name,kind,parent\nr,Р,region,\nm,М,municipality,r\n");
    for i in 1..=9 {
        orgs.push_str(&format!("s{i},Школа {i},school,m\n"));
    }
    let mut d = Diagnostics::default();
    let orgs = crate::load::orgs::parse("orgs.csv", &orgs, &mut d);
    assert!(d.is_empty());
    Project {
        orgs,
        ..Project::default()
    }
}

fn key(p: &Project, year: u16, subject: &str, grade: u8) -> CellKey {
    CellKey {
        year,
        procedure: Procedure::Vpr,
        subject: p.subjects.find(subject).unwrap(),
        grade,
    }
}

/// Adds a participant cell of school `school` from (score, journal mark) pairs; marks come from
/// the cell's scale when there is one.
fn add(p: &mut Project, key: CellKey, school: &str, pupils: &[(u16, Option<u8>)]) {
    let scale = p.scales.get(&key).copied();
    let mut d = Detail::default();
    for &(score, journal) in pupils {
        d.add(score, scale.map(|s| s.mark(score)), journal);
    }
    let org = p.orgs.find(school).unwrap();
    p.cells.insert(
        SchoolCell { key, org },
        Cell::from_detail("t.csv".into(), d),
    );
}

fn same(n: usize, score: u16, journal: Option<u8>) -> Vec<(u16, Option<u8>)> {
    vec![(score, journal); n]
}

fn hits(p: &Project, marker: Marker) -> Vec<(String, f64)> {
    compute(p, false)
        .hits
        .into_iter()
        .filter(|h| h.marker == marker)
        .map(|h| (p.orgs.get(h.school).id.clone(), h.value))
        .collect()
}

const SCALE20: Scale = Scale {
    max_score: 20,
    mark3: 6,
    mark4: 10,
    mark5: 15,
};

/// s1: ten pupils scoring 10; s2: five score 14 and five score 16 (mean 15).
fn inflated_case(journal_s2: Option<u8>) -> Project {
    let mut p = project();
    let k = key(&p, 2022, "ma", 4);
    p.scales.insert(k, SCALE20);
    add(&mut p, k, "s1", &same(10, 10, Some(4)));
    let mut s2 = same(5, 14, journal_s2);
    s2.extend(same(5, 16, journal_s2));
    add(&mut p, k, "s2", &s2);
    p
}

#[test]
fn flags_inflated_mean_when_lower_bound_above_region() {
    let p = inflated_case(Some(4));
    // Region: n = 20, mean 12.5; squared deviations 10·2.5² + 5·1.5² + 5·3.5² = 62.5 + 11.25 + 61.25
    // = 135, s² = 135/19, upper = 12.5 + 1.96·√(135/19)/√20 = 13.66824…
    let upper = 12.5 + 1.96 * (135.0f64 / 19.0).sqrt() / 20f64.sqrt();
    // s2: mean 15, s² = 10·1²/9, lower = 15 − 1.96·√(10/9)/√10 = 14.34667… > upper.
    let lower = 15.0 - 1.96 * (10.0f64 / 9.0).sqrt() / 10f64.sqrt();
    assert!((upper - 13.66824).abs() < 1e-5 && (lower - 14.34667).abs() < 1e-5);
    let found = compute(&p, false)
        .hits
        .into_iter()
        .find(|h| h.marker == Marker::InflatedMean)
        .unwrap();
    assert_eq!(p.orgs.get(found.school).id, "s2");
    assert!((found.value - lower).abs() < 1e-9 && (found.threshold.unwrap() - upper).abs() < 1e-9);
    // s1's lower bound is 10 − 0 = 10: no marker; only one school is flagged.
    assert_eq!(hits(&p, Marker::InflatedMean).len(), 1);
}

#[test]
fn no_inflated_mean_below_min_group() {
    let mut p = project();
    let k = key(&p, 2022, "ma", 4);
    add(&mut p, k, "s1", &same(30, 5, None));
    add(
        &mut p,
        k,
        "s2",
        &[
            (19, None),
            (20, None),
            (19, None),
            (20, None),
            (19, None),
            (20, None),
            (19, None),
            (20, None),
            (19, None),
        ],
    );
    assert_eq!(hits(&p, Marker::InflatedMean), []);
    assert!(
        !compute(&p, false)
            .evaluated
            .contains(&(2022, p.orgs.find("s2").unwrap())),
        "9 pupils: not evaluated"
    );
}

#[test]
fn flags_mark_mismatch_on_reversed_journal_marks_only_with_enough_pairs() {
    let mut p = project();
    let k = key(&p, 2022, "ru", 4);
    // ten pupils: scores 2, 4, …, 20 with journal marks 5, 5, 5, 4, 4, 4, 3, 3, 2, 2: ρ < 0.
    let marks = [5, 5, 5, 4, 4, 4, 3, 3, 2, 2];
    let pupils: Vec<_> = marks
        .iter()
        .enumerate()
        .map(|(i, &j)| (2 * (i as u16 + 1), Some(j)))
        .collect();
    add(&mut p, k, "s1", &pupils);
    add(&mut p, k, "s2", &pupils[..9]); // 9 pairs: too few
    let mut constant = pupils.clone();
    constant.iter_mut().for_each(|x| x.1 = Some(4));
    add(&mut p, k, "s3", &constant); // ρ undefined: no marker
    let found = hits(&p, Marker::MarkMismatch);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "s1");
    // Ranks of scores 1..10; journal mid-ranks: 2s → 1.5, 3s → 3.5, 4s → 6, 5s → 9.
    let y = [9.0, 9.0, 9.0, 6.0, 6.0, 6.0, 3.5, 3.5, 1.5, 1.5];
    let x: Vec<f64> = (1..=10).map(f64::from).collect();
    let (mx, my) = (5.5, y.iter().sum::<f64>() / 10.0);
    let sxy: f64 = x.iter().zip(&y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    assert!((found[0].1 - sxy / (sxx * syy).sqrt()).abs() < 1e-12);
}

/// Grade 4 of 2021 scores 10 of 20 (S = 50) in all five schools; grade 5 of 2022 scores
/// 5, 8, 10, 10, 20, so K = 50 / (5·grade-5 score) = 2, 1.25, 1, 1, 0.5.
fn cohort_case(iqr_k: f64) -> Project {
    let mut p = project();
    p.config.methodology.params.insert("iqr_k", iqr_k);
    let (k4, k5) = (key(&p, 2021, "ma", 4), key(&p, 2022, "ma", 5));
    p.scales.insert(k4, SCALE20);
    p.scales.insert(k5, SCALE20);
    for (i, g5) in [5, 8, 10, 10, 20].into_iter().enumerate() {
        let school = format!("s{}", i + 1);
        add(&mut p, k4, &school, &same(12, 10, None));
        add(&mut p, k5, &school, &same(12, g5, None));
    }
    p
}

#[test]
fn cohort_fences_use_interpolated_quartiles() {
    // sorted K: 0.5, 1, 1, 1.25, 2; Q25 (h = 1) = 1, Q75 (h = 3) = 1.25, IQR = 0.25.
    // k = 1: fall above 1.25 + 0.25 = 1.5 → s1 (K = 2); rise below 1 − 0.25 = 0.75 → s5 (K = 0.5).
    let p = cohort_case(1.0);
    assert_eq!(hits(&p, Marker::CohortFall), [("s1".to_string(), 2.0)]);
    assert_eq!(hits(&p, Marker::CohortRise), [("s5".to_string(), 0.5)]);
    let hit = compute(&p, false)
        .hits
        .into_iter()
        .find(|h| h.marker == Marker::CohortFall)
        .unwrap();
    assert_eq!(
        (hit.year, hit.cell.unwrap().grade),
        (2022, 5),
        "reported in year Y, grade N+1"
    );
    assert_eq!(hit.threshold, Some(1.5));
    // k = 3 (default): fences 2.0 and 0.25; K = 2 is not above 2.0, 0.5 not below 0.25.
    let p = cohort_case(3.0);
    assert!(hits(&p, Marker::CohortFall).is_empty() && hits(&p, Marker::CohortRise).is_empty());
}

#[test]
fn cohort_needs_both_years_a_scale_and_nonzero_results() {
    let mut p = cohort_case(1.0);
    let (k4, k5) = (key(&p, 2021, "ma", 4), key(&p, 2022, "ma", 5));
    add(&mut p, k4, "s6", &same(12, 10, None));
    add(&mut p, k5, "s6", &same(12, 0, None)); // S(N+1, Y) = 0: K undefined, skipped
    add(&mut p, k5, "s7", &same(12, 20, None)); // one year only: no pair
    let flagged: Vec<String> = [Marker::CohortFall, Marker::CohortRise]
        .iter()
        .flat_map(|&m| hits(&p, m))
        .map(|h| h.0)
        .collect();
    assert!(
        !flagged.contains(&"s6".to_string()) && !flagged.contains(&"s7".to_string()),
        "{flagged:?}"
    );
    p.scales.remove(&k5);
    assert!(
        hits(&p, Marker::CohortFall).is_empty(),
        "no scale: no percent completion, no K"
    );
}

#[test]
fn boundary_peak_pools_a_binomial_test_against_the_regions_share() {
    let mut p = project();
    let k = key(&p, 2022, "ma", 5);
    p.scales.insert(k, SCALE20);
    // Boundary 10: s1 has 20 pupils at 10 and none at 9; s2 has 10 at 10 and 30 at 9.
    // Region p = 30 / 60 = 0.5. s1: z = (20 − 20·0.5) / √(20·0.5·0.5) = 10/√5 = 4.472 > 3.09.
    // s2: z = (10 − 40·0.5) / √10 < 0. Boundaries 6 and 15 have nobody at b and b − 1: skipped.
    add(&mut p, k, "s1", &same(20, 10, None));
    let mut s2 = same(10, 10, None);
    s2.extend(same(30, 9, None));
    add(&mut p, k, "s2", &s2);
    let found = hits(&p, Marker::BoundaryPeak);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "s1");
    // No pupil at the placebo cut-offs 8 and 12 (nor 4, 13, 17): the spread stays 1.
    assert!((found[0].1 - 10.0 / 5f64.sqrt()).abs() < 1e-12);
}

#[test]
fn low_confirmation_expects_the_regions_share_at_each_pupils_own_score() {
    let mut p = project();
    let k = key(&p, 2022, "ma", 4);
    p.scales.insert(k, SCALE20);
    // s1..s8: ten pupils at 16 (mark 5), eight with journal 5 (confirmed) and two with 4
    // (raised); ten at 12 (mark 4) with journal 5 (lowered). Confirmed 8 of 20 each.
    for i in 1..=8 {
        let mut pupils = same(8, 16, Some(5));
        pupils.extend(same(2, 16, Some(4)));
        pupils.extend(same(10, 12, Some(5)));
        add(&mut p, k, &format!("s{i}"), &pupils);
    }
    // s9: ten at 16 with journal 4, ten at 12 with journal 5: none confirmed. Without s9 the
    // region confirms 64 of 80 at score 16 and 0 of 80 at 12, so s9 is expected to confirm
    // (10·0.8 + 10·0) / 20 = 40 %, and 0 of 20 is far below.
    let mut s9 = same(10, 16, Some(4));
    s9.extend(same(10, 12, Some(5)));
    add(&mut p, k, "s9", &s9);
    let ind = compute(&p, false);
    let found: Vec<&Hit> = ind
        .hits
        .iter()
        .filter(|h| h.marker == Marker::LowConfirmation)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(p.orgs.get(found[0].school).id, "s9");
    assert!(found[0].value < 0.001 && found[0].threshold == Some(0.001));
    let Evidence::LowConfirmation {
        confirmed,
        n,
        expected,
        ..
    } = found[0].evidence
    else {
        panic!("{:?}", found[0].evidence)
    };
    assert_eq!((confirmed, n), (0.0, 20));
    assert!((expected - 40.0).abs() < 1e-9, "{expected}");
}

#[test]
fn external_gap_measures_the_vpr_above_the_line_through_the_exam() {
    let mut p = project();
    let vpr = key(&p, 2021, "ma", 8);
    let oge = CellKey {
        year: 2022,
        procedure: Procedure::Oge,
        grade: 9,
        ..vpr
    };
    p.scales.insert(vpr, SCALE20);
    p.scales.insert(oge, SCALE20);
    // s1..s9: ten pupils at a and ten at a + 2 in both works (a = 2..10), so ВПР % = ОГЭ %
    // for all; s9's ВПР is six points (30 % of the maximum) higher.
    for i in 1..=9u16 {
        let a = i + 1;
        let mut exam = same(10, a, None);
        exam.extend(same(10, a + 2, None));
        add(&mut p, oge, &format!("s{i}"), &exam);
        let lift = if i == 9 { 6 } else { 0 };
        let mut work = same(10, a + lift, None);
        work.extend(same(10, a + 2 + lift, None));
        add(&mut p, vpr, &format!("s{i}"), &work);
    }
    // Theil–Sen: 28 of the 36 slopes are 1, so slope 1; intercepts y − x are eight 0 and one
    // 30: intercept 0. s9's residual is 30; the others' 0, whose robust SD is 0, so τ² = 0.
    // se² of s9: sd² = 20·1²/19 points² = 500/19 %², over 20 pupils = 25/19, for ВПР and
    // (slope 1) ОГЭ: 50/19. z = 30 / √(50/19) = 18.49.
    let ind = compute(&p, false);
    let found: Vec<&Hit> = ind
        .hits
        .iter()
        .filter(|h| h.marker == Marker::ExternalGap)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    let hit = found[0];
    assert_eq!(p.orgs.get(hit.school).id, "s9");
    assert_eq!(
        (hit.year, hit.cell),
        (2022, Some(vpr)),
        "reported in the exam's year"
    );
    assert!(
        (hit.value - 30.0 / (50.0f64 / 19.0).sqrt()).abs() < 1e-9,
        "{}",
        hit.value
    );
    let Evidence::ExternalGap {
        predicted,
        exam,
        schools,
        ..
    } = hit.evidence
    else {
        panic!("{:?}", hit.evidence)
    };
    assert!((predicted - exam).abs() < 1e-9 && schools == 9);
    // Without the ОГЭ scale, its maximum is the sum of its tasks' maxima (4 × 5 = 20): the same.
    p.scales.remove(&oge);
    assert!(
        hits(&p, Marker::ExternalGap).is_empty(),
        "no maximum, no percent"
    );
    let task = |label: &str| crate::model::task::Task {
        label: label.into(),
        max_points: Some(5),
        level: None,
        answer: None,
        skills: Vec::new(),
        content: Vec::new(),
    };
    p.tasks.insert(oge, ["1", "2", "3", "4"].map(task).to_vec());
    let again = hits(&p, Marker::ExternalGap);
    assert_eq!(again.len(), 1);
    assert!((again[0].1 - 30.0 / (50.0f64 / 19.0).sqrt()).abs() < 1e-9);
    // Fewer than eight schools with both works: no line, no sign.
    let s1 = p.orgs.find("s1").unwrap();
    let s2 = p.orgs.find("s2").unwrap();
    p.cells.remove(&SchoolCell { key: oge, org: s1 });
    p.cells.remove(&SchoolCell { key: oge, org: s2 });
    assert!(hits(&p, Marker::ExternalGap).is_empty());
}

#[test]
fn a_school_in_aggregates_only_gets_the_markers_summaries_allow() {
    let mut p = inflated_case(Some(4));
    let k = key(&p, 2022, "ma", 4);
    let s3 = p.orgs.find("s3").unwrap();
    let summary = Cell {
        source: crate::model::cell::Source::Aggregate,
        path: "a.csv".into(),
        participants: 30,
        marks: Some([0, 0, 0, 30]),
        confirmation: Some([0, 0, 30]),
        moments: Some(crate::model::cell::Moments {
            n: 30,
            mean: 19.0,
            sd: 0.5,
        }),
        detail: None,
    };
    p.cells.insert(SchoolCell { key: k, org: s3 }, summary);
    let ind = compute(&p, false);
    let of_s3: Vec<Marker> = ind
        .hits
        .iter()
        .filter(|h| h.school == s3)
        .map(|h| h.marker)
        .collect();
    assert!(of_s3.contains(&Marker::InflatedMean));
    assert!(
        !of_s3.contains(&Marker::MarkMismatch),
        "no pupils' ranks in a summary"
    );
}

#[test]
fn index_of_the_municipality_counts_evaluated_and_flagged_schools() {
    let p = inflated_case(Some(4));
    let ind = compute(&p, false);
    let m = p.orgs.find("m").unwrap();
    let row = ind
        .indices
        .iter()
        .find(|r| r.org == m && r.year == 2022)
        .unwrap();
    // two evaluated schools, one flagged: 100 − 100·1/2 = 50
    assert_eq!((row.evaluated, row.flagged, row.index), (2, 1, Some(50.0)));
}

proptest! {
    #[test]
    fn a_school_at_the_region_mean_is_never_inflated(
        others in proptest::collection::vec(proptest::collection::vec(0u16..=20, 10..40), 1..6)
    ) {
        let mut p = project();
        let k = key(&p, 2022, "ma", 4);
        let mut everyone = Vec::new();
        for (i, scores) in others.iter().enumerate() {
            let pupils: Vec<_> = scores.iter().map(|&s| (s, None)).collect();
            add(&mut p, k, &format!("s{}", i + 1), &pupils);
            everyone.extend(pupils);
        }
        // s9 holds a copy of every other pupil: its mean is the region's mean.
        add(&mut p, k, "s9", &everyone);
        let s9 = p.orgs.find("s9").unwrap();
        prop_assert!(!compute(&p, false).hits.iter().any(|h| h.school == s9 && h.marker == Marker::InflatedMean));
    }

    #[test]
    fn the_index_stays_between_0_and_100(evaluated in 0u32..5000, flagged_share in 0.0f64..=1.0) {
        let flagged = (evaluated as f64 * flagged_share) as u32;
        match index::objectivity_index(evaluated, flagged) {
            Some(i) => prop_assert!((0.0..=100.0).contains(&i)),
            None => prop_assert_eq!(evaluated, 0),
        }
    }
}
