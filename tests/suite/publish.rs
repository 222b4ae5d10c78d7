//! Publishing: a starter project from `oko new` builds at once; GitHub Pages builds under a
//! repository prefix.

use super::links::broken_links;
use std::process::Command;

fn oko(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_oko"))
        .args(args)
        .output()
        .expect("run oko")
}

#[test]
fn a_new_project_builds_at_once_and_new_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-site");
    let created = oko(&["new", dir.to_str().unwrap()]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let out = tmp.path().join("out");
    let built = oko(&[
        "build",
        "--root",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    for page in [
        "index.html",
        "school/school1/index.html",
        "school/school1/plan/2024-2025/index.html",
        "about/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
    let report = std::fs::read_to_string(out.join("school/school2/index.html")).unwrap();
    assert!(report.contains("Результаты оценочных процедур") || report.contains("Результаты"));
    assert_eq!(broken_links(&out), Vec::<String>::new());
    let again = oko(&["new", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("the folder is not empty"));
}

#[test]
fn the_pages_workflow_builds_with_the_repository_base_url() {
    let workflow =
        std::fs::read_to_string(super::demo_root().join(".github/workflows/pages.yml")).unwrap();
    assert!(workflow.contains("-- build --base-url \"${{ steps.pages.outputs.base_url }}/\""));
    assert!(workflow.contains("path: site"));
}
