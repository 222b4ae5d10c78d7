//! «Эффективность мер» on a generated region with planted plans: where plans work, the published
//! difference of re-flagged shares holds the planted one in its interval; where they do not, the
//! comparison is not called an effect.
//!
//! The planted effect is measured against the region's counterfactual: the same region generated
//! again beside the same plans but with no plan planted (`oko generate` plants only when it
//! writes content/), so that no anomaly stops. The first year is the same in both, so the same
//! schools are flagged and grouped; the effect of the plans on the schools that carried them
//! out is their re-flagged share in the region minus the same schools' share in the
//! counterfactual.

use oko::generate::{generate, Options};
use oko::indicators::cycle::effect::{compared, EffectRow, Reading};
use oko::indicators::disclosure::Gate;
use oko::model::{Kind, OrgId};
use std::collections::BTreeSet;
use std::path::Path;

struct World {
    project: oko::model::Project,
    ind: oko::indicators::Indicators,
}

fn world(out: &Path) -> World {
    generate(&Options {
        out: out.to_owned(),
        regions: 1,
        municipalities: 6,
        schools: 600,
        first_year: 2021,
        years: 2,
        seed: 3,
        aggregates: false,
        orgs: None,
        pupils_scale: 1.0,
    })
    .unwrap();
    let (project, _) = oko::load_project(out).unwrap();
    let ind = oko::indicators::compute(&project, false);
    World { project, ind }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        match entry.file_type().is_dir() {
            true => std::fs::create_dir_all(&target).unwrap(),
            false => drop(std::fs::copy(entry.path(), &target).unwrap()),
        }
    }
}

/// The municipalities where planted plans work (`true`) or fail, from ground_truth.csv.
fn fates(root: &Path, project: &oko::model::Project, works: bool) -> BTreeSet<OrgId> {
    let truth = std::fs::read_to_string(root.join("data/ground_truth.csv")).unwrap();
    let wanted = if works { "works" } else { "fails" };
    truth
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(3) == Some(wanted))
        .filter_map(|l| project.orgs.find(l.split(',').next()?))
        .filter_map(|s| project.orgs.ancestor(s, Kind::Municipality))
        .collect()
}

/// The first pair of years of `muns`, pooled.
fn pooled(w: &World, muns: &BTreeSet<OrgId>) -> EffectRow {
    let rows: Vec<EffectRow> = muns.iter().map(|&m| w.ind.cycle.effect(m)[0]).collect();
    EffectRow::pooled(&rows).unwrap()
}

#[test]
fn the_published_effect_holds_the_planted_one_and_finds_none_where_none_was_planted() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let planted = world(a.path());
    copy_dir(&a.path().join("content"), &b.path().join("content"));
    let counterfactual = world(b.path());
    let (gate_a, gate_b) = (
        Gate::new(&planted.project, &planted.ind),
        Gate::new(&counterfactual.project, &counterfactual.ind),
    );
    let works = fates(a.path(), &planted.project, true);
    let fails = fates(a.path(), &planted.project, false);
    assert_eq!((works.len(), fails.len()), (3, 3), "{works:?} {fails:?}");
    assert!(works.is_disjoint(&fails));

    let mut report = Vec::new();
    for (muns, name) in [(&works, "works"), (&fails, "fails")] {
        let (row, row_b) = (pooled(&planted, muns), pooled(&counterfactual, muns));
        let (done, none) = (
            gate_a.tally(row.done).unwrap(),
            gate_a.tally(row.none).unwrap(),
        );
        let done_b = gate_b.tally(row_b.done).unwrap();
        // The same schools, flagged in the same first year, grouped by the same plans.
        assert_eq!(
            (done.whole(), none.whole()),
            (done_b.whole(), gate_b.tally(row_b.none).unwrap().whole())
        );
        let effect = done.share() - done_b.share();
        let (published, interval) = compared(done, none).unwrap();
        report.push(format!(
            "{name}: done {}/{}, none {}/{}, counterfactual done {}/{}: planted {:+.3}, published {:+.3} [{:+.3}, {:+.3}]",
            done.part(),
            done.whole(),
            none.part(),
            none.whole(),
            done_b.part(),
            done_b.whole(),
            effect,
            published,
            interval.low,
            interval.high
        ));
        assert!(interval.holds(effect), "{}", report.join("\n"));
        match name {
            "works" => assert!(
                effect < -0.05,
                "plans that work lower re-flagging: {report:?}"
            ),
            _ => {
                assert_eq!(effect, 0.0, "plans that fail change nothing: {report:?}");
                assert_eq!(Reading::of(Some(interval)), Reading::Unclear, "{report:?}");
            }
        }
    }
    eprintln!("{}", report.join("\n"));
}

/// The demo project copied into a temporary folder.
fn demo_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for part in ["config.yaml", "data", "content"] {
        let from = super::demo_root().join(part);
        match from.is_dir() {
            true => copy_dir(&from, &tmp.path().join(part)),
            false => drop(std::fs::copy(&from, tmp.path().join(part)).unwrap()),
        }
    }
    tmp
}

#[test]
fn a_draft_plan_checks_and_answers_each_marker_and_a_school_without_any_gets_prevention() {
    let tmp = demo_copy();
    let (project, _) = oko::load_project(tmp.path()).unwrap();
    let ind = oko::indicators::compute(&project, false);
    let year = *project.years().last().unwrap();
    let markers_of = |s: OrgId| oko::indicators::cycle::markers_under(&project, &ind, s, year);
    let schools = project.orgs.of_kind(Kind::School).collect::<Vec<_>>();
    let flagged = *schools
        .iter()
        .find(|&&s| !markers_of(s).is_empty())
        .unwrap();
    let clean = *schools.iter().find(|&&s| markers_of(s).is_empty()).unwrap();
    let id = |s: OrgId| project.orgs.get(s).id.clone();

    let drafted = oko::draft::write(tmp.path(), &id(flagged), None, || {}).unwrap();
    assert_eq!(
        (drafted.year, &drafted.markers),
        (year, &markers_of(flagged))
    );
    let preventive = oko::draft::write(tmp.path(), &id(clean), None, || {}).unwrap();
    assert!(preventive.markers.is_empty() && preventive.measures > 0);

    // `oko check` passes with both drafts as written.
    oko::check(tmp.path()).unwrap_or_else(|e| panic!("{e:#}"));
    let (after, _) = oko::load_project(tmp.path()).unwrap();
    let plan_at = |path: &str| after.plans.iter().find(|p| p.path == path).unwrap();
    let answers = |path: &str| -> Vec<oko::model::Marker> {
        plan_at(path)
            .measures()
            .flat_map(|m| m.answers.clone())
            .collect()
    };
    for m in &drafted.markers {
        assert!(
            answers(&drafted.path).contains(m),
            "{} unanswered",
            m.code()
        );
    }
    assert!(answers(&preventive.path).is_empty());
    assert_eq!(
        plan_at(&drafted.path).period.as_deref(),
        Some(format!("{year}-{}", year + 1).as_str())
    );

    // Asked again, it refuses to write a second plan for the same school year.
    let again = oko::draft::write(tmp.path(), &id(flagged), None, || {}).unwrap_err();
    assert!(again.to_string().contains(&drafted.path), "{again}");
}

#[test]
fn a_flagged_schools_report_shows_its_addressed_recommendations() {
    let tmp = demo_copy();
    let (project, _) = oko::load_project(tmp.path()).unwrap();
    let ind = oko::indicators::compute(&project, false);
    let year = *project.years().last().unwrap();
    let flagged = project
        .orgs
        .of_kind(Kind::School)
        .find(|&s| !oko::indicators::cycle::markers_under(&project, &ind, s, year).is_empty())
        .unwrap();
    let (_guard, site) = super::build_into_temp(tmp.path());
    let id = &project.orgs.get(flagged).id;
    let page = std::fs::read_to_string(site.join(format!("school/{id}/index.html"))).unwrap();
    assert!(page.contains(&format!("Адресные рекомендации по признакам {year} года")));
    let region = std::fs::read_to_string(site.join("region/kbr/index.html")).unwrap();
    assert!(region.contains("id=\"effect-h\"") && region.contains("id=\"system-h\""));
    for file in ["effect.csv", "indicators.csv"] {
        assert!(site.join("opendata").join(file).is_file(), "{file}");
    }
}
