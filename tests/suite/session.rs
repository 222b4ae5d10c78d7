//! The in-memory session behind a live preview: an edited plan re-renders only its pages, and the
//! result equals a full build of the edited project.

use super::{fixture, opendata::copy_dir};
use oko::session::{Rebuilt, Session};

#[test]
fn an_edited_plan_rerenders_its_pages_and_equals_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    copy_dir(&fixture("small"), &root);
    let mut session = Session::open(&root).unwrap();
    let total = session.output().len();
    let plan = root.join("content/plan-s1.yaml");
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("status: in_progress", "status: done");
    std::fs::write(&plan, text).unwrap();

    let rebuilt = session.update(std::slice::from_ref(&plan)).unwrap();
    // the plan, its school with its справка and its two work pages (their signs list the plan's
    // answering measures), municipality and region, and the home page
    assert_eq!(rebuilt, Rebuilt::Plan(8), "of {total} files");
    let mut full = oko::site::Output::default();
    oko::pipeline::Compiled::open(&root, None, false, &mut Vec::new())
        .unwrap()
        .render(oko::render::Pages::All, &mut full)
        .unwrap();
    let paths: Vec<&str> = full.paths().collect();
    assert_eq!(session.output().paths().collect::<Vec<_>>(), paths);
    for path in paths {
        assert!(
            session.output().get(path) == full.get(path),
            "{path} differs from a full build"
        );
    }
}

#[test]
fn other_changes_rebuild_everything_and_errors_keep_the_previous_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    copy_dir(&fixture("small"), &root);
    let mut session = Session::open(&root).unwrap();
    let orgs = root.join("data/orgs.csv");
    assert_eq!(session.update(&[orgs]).unwrap(), Rebuilt::All);
    let before = session
        .output()
        .get("school/s1/plan/2022-2023/index.html")
        .unwrap()
        .to_vec();
    let plan = root.join("content/plan-s1.yaml");
    std::fs::write(&plan, "org: s1\ntitle: [broken\n").unwrap();
    let error = session
        .update(std::slice::from_ref(&plan))
        .unwrap_err()
        .to_string();
    assert!(error.contains("content/plan-s1.yaml:"), "{error}");
    assert_eq!(
        session
            .output()
            .get("school/s1/plan/2022-2023/index.html")
            .unwrap(),
        before.as_slice()
    );
}
