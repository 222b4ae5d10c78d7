//! Publishing: a starter project from `oko new` builds at once; GitHub Pages builds under a
//! repository prefix.

use super::links::broken_links;
use super::{oko, oko_build};

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
    let built = oko_build(&dir, &out, &[]);
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
    assert!(String::from_utf8_lossy(&again.stderr).contains("папка не пуста"));
}

#[test]
fn the_pages_workflow_builds_with_the_repository_base_url() {
    let workflow =
        std::fs::read_to_string(super::demo_root().join(".github/workflows/pages.yml")).unwrap();
    assert!(
        workflow.contains("-- build --release --base-url \"${{ steps.pages.outputs.base_url }}/\"")
    );
    assert!(workflow.contains("path: site"));
    // The release memory is committed back, with the right to do so.
    assert!(workflow.contains("git add data/releases.csv") && workflow.contains("contents: write"));
}

#[test]
fn a_school_subsite_is_self_contained_with_its_rows_and_an_embed_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sub");
    let options = oko::BuildOptions {
        root: super::fixture("small"),
        out: out.clone(),
        base_url: None,
        org: Some("s1".into()),
        release: false,
    };
    oko::build(&options).unwrap();
    for page in [
        "index.html",
        "school/s1/index.html",
        "school/s1/embed.html",
        "school/s1/plan/2022-2023/index.html",
        "methodology/index.html",
        "opendata/results.csv",
        "assets/style.css",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
    assert!(
        !out.join("school/s2/index.html").exists(),
        "other schools stay out"
    );
    assert_eq!(
        broken_links(&out),
        Vec::<String>::new(),
        "no link leads outside the folder"
    );
    let results = std::fs::read_to_string(out.join("opendata/results.csv")).unwrap();
    assert!(
        results.lines().skip(1).all(|l| l.contains(",s1,")),
        "{results}"
    );
    let embed = std::fs::read_to_string(out.join("school/s1/embed.html")).unwrap();
    assert!(embed.contains("<base target=\"_top\">") && embed.contains("<body class=\"embed\">"));
}

#[test]
fn a_municipality_subsite_holds_its_schools_and_links_the_portal_when_its_address_is_known() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sub");
    let base = Some("https://portal.example.ru/".to_owned());
    let options = oko::BuildOptions {
        root: super::fixture("small"),
        out: out.clone(),
        base_url: base,
        org: Some("m1".into()),
        release: false,
    };
    oko::build(&options).unwrap();
    assert!(
        out.join("school/s1/index.html").is_file() && out.join("school/s2/index.html").is_file()
    );
    assert!(!out.join("school/s3/index.html").exists());
    let page = std::fs::read_to_string(out.join("municipality/m1/index.html")).unwrap();
    assert!(
        page.contains("href=\"https://portal.example.ru/region/r1/index.html\""),
        "the region is linked on the portal"
    );
    assert_eq!(broken_links(&out), Vec::<String>::new());
}

#[test]
fn a_subsite_of_an_unknown_org_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let options = oko::BuildOptions {
        root: super::fixture("small"),
        out: tmp.path().join("x"),
        base_url: None,
        org: Some("r1".into()),
        release: false,
    };
    let error = oko::build(&options).unwrap_err().to_string();
    assert_eq!(
        error,
        "не удалось собрать сайт организации: в data/orgs.csv нет школы или муниципалитета с кодом `r1`"
    );
}
