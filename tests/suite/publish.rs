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

/// A workflow of .github/workflows, parsed as YAML.
fn workflow(name: &str) -> serde_yaml::Value {
    let path = super::demo_root().join(".github/workflows").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `run:` lines and `uses:` actions of a job's steps.
fn steps(job: &serde_yaml::Value) -> (Vec<String>, Vec<String>) {
    let steps = job["steps"].as_sequence().expect("a job has steps");
    let field = |name: &str| {
        steps
            .iter()
            .filter_map(|s| s[name].as_str().map(str::to_owned))
            .collect()
    };
    (field("run"), field("uses"))
}

#[test]
fn the_pages_workflow_builds_with_the_repository_base_url() {
    let pages = workflow("pages.yml");
    let (runs, uses) = steps(&pages["jobs"]["build"]);
    assert!(
        runs.iter().any(|r| r
            .contains("-- build --release --base-url \"${{ steps.pages.outputs.base_url }}/\"")),
        "{runs:#?}"
    );
    assert!(uses
        .iter()
        .any(|u| u.starts_with("actions/upload-pages-artifact@")));
    let upload = pages["jobs"]["build"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["with"]["path"].is_string())
        .unwrap();
    assert_eq!(upload["with"]["path"].as_str(), Some("site"));
    // The release memory is committed back, with the right to do so.
    assert!(runs.iter().any(|r| r.contains("git add data/releases.csv")));
    assert_eq!(pages["permissions"]["contents"].as_str(), Some("write"));
}

/// The release workflow (a v* tag) tests and builds oko on the three systems and attaches the
/// archives to the release. `.ci/run` also validates both workflows against GitHub's schema.
#[test]
fn the_release_workflow_tests_and_builds_on_windows_linux_and_macos_and_attaches_the_archives() {
    let release = workflow("release.yml");
    assert_eq!(
        release["on"]["push"]["tags"],
        serde_yaml::from_str::<serde_yaml::Value>("[\"v*\"]").unwrap()
    );
    assert_eq!(release["permissions"]["contents"].as_str(), Some("write"));
    let build = &release["jobs"]["build"];
    let systems: Vec<&str> = build["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|m| m["os"].as_str().unwrap())
        .collect();
    assert_eq!(systems, ["windows-latest", "ubuntu-latest", "macos-latest"]);
    assert_eq!(build["runs-on"].as_str(), Some("${{ matrix.os }}"));
    let (runs, uses) = steps(build);
    for wanted in ["cargo test --locked", "cargo build --release --locked"] {
        assert!(
            runs.iter().any(|r| r.contains(wanted)),
            "{wanted}: {runs:#?}"
        );
    }
    assert!(runs.iter().any(|r| r.contains("core.autocrlf false")));
    assert!(uses
        .iter()
        .any(|u| u.starts_with("actions/upload-artifact@")));
    // The oldest Rust the README names is the one Cargo.toml declares, and CI checks it.
    let manifest = std::fs::read_to_string(super::demo_root().join("Cargo.toml")).unwrap();
    let msrv = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .unwrap()
        .trim_matches('"');
    let (_, uses) = steps(&release["jobs"]["msrv"]);
    assert!(
        uses.contains(&format!("dtolnay/rust-toolchain@{msrv}")),
        "{uses:?}"
    );
    let readme = std::fs::read_to_string(super::demo_root().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust {msrv}")),
        "the README names Rust {msrv}"
    );
    let publish = &release["jobs"]["release"];
    let needs: Vec<&str> = publish["needs"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert!(needs.contains(&"build") && needs.contains(&"msrv"));
    let (runs, uses) = steps(publish);
    assert!(uses
        .iter()
        .any(|u| u.starts_with("actions/download-artifact@")));
    let attach = runs.join("\n");
    assert!(
        attach.contains("gh release create") && attach.contains("gh release upload"),
        "{attach}"
    );
    assert!(attach.contains("dist/*"), "{attach}");
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
    // The embed is a card: the verdict and a link to the report, not the report itself.
    assert!(embed.contains("class=\"embed-card") && embed.contains("2022 год:"));
    assert!(embed.contains("<a href=\"index.html\">Открыть отчёт полностью</a>"));
    assert!(
        !embed.contains("id=\"works-h\""),
        "the works table stays on the report"
    );
    // Without base_url the links it cannot resolve are gone, not greyed: no «Главная» in the menu.
    let report = std::fs::read_to_string(out.join("school/s1/index.html")).unwrap();
    assert!(!report.contains(">Главная<") && !report.contains("offsite"));
    assert!(report.contains("<li><a href=\"../../methodology/index.html\">Методика</a></li>"));
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
