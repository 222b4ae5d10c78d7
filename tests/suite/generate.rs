//! `oko generate`: deterministic per seed, and the committed demo data is exactly its output.

use super::{demo_root, files_below};

fn generate(out: &std::path::Path, orgs: Option<std::path::PathBuf>, seed: u64) {
    let options = oko::generate::Options {
        out: out.to_owned(),
        regions: 1,
        municipalities: 3,
        schools: 30,
        first_year: 2021,
        years: 3,
        seed,
        aggregates: false,
        orgs,
        pupils_scale: 1.0,
    };
    oko::generate::generate(&options).expect("generate");
}

#[test]
fn the_committed_demo_data_is_the_generators_output() {
    let tmp = tempfile::tempdir().unwrap();
    // The demo is regenerated in place, where its own content/ stands: no plans are planted.
    std::fs::create_dir(tmp.path().join("content")).unwrap();
    generate(tmp.path(), Some(demo_root().join("data/orgs.csv")), 2028);
    let data = tmp.path().join("data");
    let generated = files_below(&data);
    assert!(generated.len() > 30);
    for file in generated {
        let ours = std::fs::read(data.join(&file)).unwrap();
        let committed = std::fs::read(demo_root().join("data").join(&file)).unwrap_or_default();
        assert!(
            ours == committed,
            "data/{file} differs from `oko generate --orgs data/orgs.csv --seed 2028`"
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    generate(a.path(), None, 7);
    generate(b.path(), None, 7);
    generate(c.path(), None, 8);
    let read = |d: &tempfile::TempDir| {
        std::fs::read(d.path().join("data/results/2022/vpr_ma_4.csv")).unwrap()
    };
    assert_eq!(read(&a), read(&b));
    assert_ne!(read(&a), read(&c));
    let project = oko::load_project(a.path())
        .expect("a generated project loads without errors")
        .0;
    assert_eq!(project.orgs.len(), 34);
    assert!(
        project.config.demo,
        "generated projects carry the demo banner"
    );
}
