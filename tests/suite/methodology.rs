//! The methodology on a generated region with planted anomalies: each planted kind is found by
//! the marker meant for it, and honest schools are rarely flagged.

use oko::generate::{generate, Options};
use oko::model::{Kind, Marker};
use std::collections::{BTreeMap, BTreeSet};

struct Region {
    _tmp: tempfile::TempDir,
    project: oko::model::Project,
    indicators: oko::indicators::Indicators,
    /// school id → (anomaly, year as written)
    truth: BTreeMap<String, (String, String)>,
}

fn generated_region(schools: usize, seed: u64) -> Region {
    let tmp = tempfile::tempdir().unwrap();
    let options = Options {
        out: tmp.path().to_owned(),
        regions: 1,
        municipalities: 6,
        schools,
        first_year: 2021,
        years: 3,
        seed,
        aggregates: false,
        orgs: None,
        pupils_scale: 1.0,
    };
    generate(&options).unwrap();
    let (project, _) = oko::load_project(tmp.path()).unwrap();
    let indicators = oko::indicators::compute(&project);
    let truth = std::fs::read_to_string(tmp.path().join("data/ground_truth.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_owned(), (f[1].to_owned(), f[2].to_owned()))
        })
        .collect();
    Region {
        _tmp: tmp,
        project,
        indicators,
        truth,
    }
}

fn flagged_with(r: &Region, marker: Marker) -> BTreeSet<String> {
    r.indicators
        .hits
        .iter()
        .filter(|h| h.marker == marker)
        .map(|h| r.project.orgs.get(h.school).id.clone())
        .collect()
}

#[test]
fn planted_anomalies_are_found_and_honest_schools_mostly_are_not() {
    let r = generated_region(200, 11);
    let honest: BTreeSet<String> = r
        .project
        .orgs
        .of_kind(Kind::School)
        .map(|s| r.project.orgs.get(s).id.clone())
        .filter(|id| !r.truth.contains_key(id))
        .collect();
    assert!(honest.len() > 150);
    // (planted anomaly, its marker, most honest schools the marker may flag over three years)
    let expect = [
        ("inflated", Marker::InflatedMean, honest.len() / 2),
        ("inflated", Marker::InflatedUnconfirmed, honest.len() / 20),
        ("inverted_journal", Marker::MarkMismatch, honest.len() / 30),
        (
            "boundary_bunching",
            Marker::BoundaryPeak,
            honest.len() / 100,
        ),
        ("cohort_rise", Marker::CohortRise, honest.len() / 30),
        ("cohort_fall", Marker::CohortFall, honest.len() / 30),
    ];
    let mut failures = Vec::new();
    for (anomaly, marker, tolerated) in expect {
        let planted: BTreeSet<String> = r
            .truth
            .iter()
            .filter(|(_, (a, _))| a == anomaly)
            .map(|(id, _)| id.clone())
            .collect();
        let flagged = flagged_with(&r, marker);
        let missed: Vec<_> = planted.difference(&flagged).collect();
        let false_alarms = honest.intersection(&flagged).count();
        if planted.is_empty() || !missed.is_empty() || false_alarms > tolerated {
            failures.push(format!(
                "{anomaly} → {}: {} planted, missed {missed:?}, {false_alarms} honest flagged (tolerated {tolerated})",
                marker.code(),
                planted.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cohort_markers_are_reported_in_the_listed_year_and_grade_n_plus_1() {
    let r = generated_region(120, 5);
    for (id, (anomaly, year)) in &r.truth {
        let marker = match anomaly.as_str() {
            "cohort_rise" => Marker::CohortRise,
            "cohort_fall" => Marker::CohortFall,
            _ => continue,
        };
        let school = r.project.orgs.find(id).unwrap();
        let hit = r
            .indicators
            .hits
            .iter()
            .find(|h| h.school == school && h.marker == marker)
            .unwrap();
        assert_eq!(hit.year.to_string(), *year, "{id}");
        assert_eq!(hit.cell.unwrap().grade, 5, "{id}");
    }
}

#[test]
fn every_index_lies_between_0_and_100_and_counts_match_the_hits() {
    let r = generated_region(60, 3);
    assert!(!r.indicators.indices.is_empty());
    for row in &r.indicators.indices {
        let index = row.index.unwrap();
        assert!((0.0..=100.0).contains(&index), "{row:?}");
        assert!(row.flagged <= row.evaluated);
        let expected = 100.0 - 100.0 * row.flagged as f64 / row.evaluated as f64;
        assert!((index - expected).abs() < 1e-9);
    }
}
