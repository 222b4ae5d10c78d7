//! Imports as a regional centre runs them, on real-shaped exports ([`super::exports`]): exports
//! arriving over weeks and re-exported, by several people at once, from several regions, with
//! totals that are not scores, on a full disk. An import never puts a wrong figure under a
//! school's name, loses no pupil or organization, and says what it did.

use super::exports::{self, Export, School, SCHOOLS};
use super::oko;
use std::path::Path;

/// `oko … --lang en`, so that the assertions read the messages as written.
fn oko_en(args: &[&str]) -> std::process::Output {
    oko(&[&["--lang", "en"], args].concat())
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", stderr(out));
    stderr(out)
}

fn import(root: &Path, files: &[&Path], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", "fisoko", "--root", root.to_str().unwrap()];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend_from_slice(extra);
    oko_en(&args)
}

/// Every file of the project with its bytes.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    super::files_below(root)
        .into_iter()
        .filter(|f| f != ".oko.lock")
        .map(|f| (f.clone(), std::fs::read(root.join(&f)).unwrap()))
        .collect()
}

/// The rows of every results file: (school, score) of each pupil.
fn pupils(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in super::files_below(&root.join("data/results")) {
        let mut r = csv::Reader::from_path(root.join("data/results").join(f)).unwrap();
        let h = r.headers().unwrap().clone();
        let at = |name: &str| h.iter().position(|x| x == name).unwrap();
        let (org, score) = (at("org"), at("score"));
        for rec in r.records() {
            let rec = rec.unwrap();
            out.push((rec[org].to_owned(), rec[score].to_owned()));
        }
    }
    out.sort();
    out
}

/// A project with only its organizations file's header.
fn empty_project(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("p");
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::write(root.join("data/orgs.csv"), "id,name,kind,parent\n").unwrap();
    root
}

#[test]
fn a_cell_of_zero_totals_with_task_points_is_in_no_figure_and_is_said() {
    let tmp = tempfile::tempdir().unwrap();
    let root = empty_project(tmp.path());
    let file = tmp.path().join("2021/4/Математика.xlsx");
    exports::export(
        &file,
        &Export {
            zero_totals: &["sch220302"],
            ..Export::default()
        },
    );
    let said = ok(&import(&root, &[&file], &[]));
    assert!(said.contains("11 without a valid total"), "{said}");
    assert!(
        said.contains("pupils without a valid total") && said.contains(": 11, in 1 schools"),
        "{said}"
    );
    // The file keeps the pupils and their task points, without a score.
    let rows = pupils(&root);
    let zero: Vec<&(String, String)> = rows.iter().filter(|(s, _)| s == "sch220302").collect();
    assert_eq!(zero.len(), 11);
    assert!(zero.iter().all(|(_, score)| score.is_empty()), "{zero:?}");

    // The region's mean, by hand over the valid totals only.
    let valid: Vec<f64> = rows
        .iter()
        .filter(|(_, s)| !s.is_empty())
        .map(|(_, s)| s.parse().unwrap())
        .collect();
    assert_eq!(valid.len(), 22);
    let hand = valid.iter().sum::<f64>() / valid.len() as f64;
    let (project, _) = oko::load_project(&root).unwrap();
    let ind = oko::indicators::compute(&project, false);
    let gate = oko::indicators::disclosure::Gate::new(&project, &ind);
    let region = project.orgs.find("reg220000").unwrap();
    let key = project.cells.keys().next().unwrap().key;
    let pooled = gate.pooled(region, key).expect("the region is published");
    let moments = pooled.moments().unwrap();
    assert_eq!(moments.n, 22);
    assert!(
        (moments.mean - hand).abs() < 1e-12,
        "{} ≠ {hand}",
        moments.mean
    );
    // The school of zeros is not evaluated and raises nothing.
    let school = project.orgs.find("sch220302").unwrap();
    assert!(!ind.evaluated.contains(&(2021, school)));
    assert!(ind.hits_of(school, 2021).is_empty());

    // Its page says why.
    let site = tmp.path().join("site");
    ok(&super::oko_build(&root, &site, &[]));
    let page = std::fs::read_to_string(site.join("school/sch220302/index.html")).unwrap();
    assert!(
        page.contains("у 11 участников нет верного итогового балла"),
        "the «Качество данных» note"
    );
}

#[test]
fn two_exports_of_one_work_with_the_same_name_keep_every_pupil_of_both() {
    let tmp = tempfile::tempdir().unwrap();
    let root = empty_project(tmp.path());
    let first = tmp.path().join("Табунский/4/Математика.xlsx");
    let second = tmp.path().join("Родинский/4/Математика.xlsx");
    exports::export(
        &first,
        &Export {
            schools: &SCHOOLS[..1],
            ..Export::default()
        },
    );
    exports::export(
        &second,
        &Export {
            schools: &SCHOOLS[1..],
            ..Export::default()
        },
    );
    ok(&import(&root, &[&first], &[]));
    let said = ok(&import(&root, &[&second], &[]));
    assert!(
        said.contains("2 schools (2 new, 0 unchanged, 0 replaced)"),
        "{said}"
    );
    let rows = pupils(&root);
    assert_eq!(rows.len(), 33, "11 pupils of each of the three schools");
    for s in &SCHOOLS {
        assert_eq!(rows.iter().filter(|(o, _)| o == s.login).count(), 11);
    }
    ok(&oko_en(&["check", "--root", root.to_str().unwrap()]));
}

#[test]
fn the_same_export_changes_nothing_and_a_corrected_one_replaces_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let root = empty_project(tmp.path());
    let file = tmp.path().join("2021/4/Математика.xlsx");
    exports::export(&file, &Export::default());
    ok(&import(&root, &[&file], &[]));
    let before = snapshot(&root);
    let said = ok(&import(&root, &[&file], &[]));
    assert!(
        said.contains("3 schools (0 new, 3 unchanged, 0 replaced)") && said.contains("nothing new"),
        "{said}"
    );
    assert_eq!(
        snapshot(&root),
        before,
        "the same export again changes nothing"
    );

    // A corrected re-export of the same schools, in another folder under the same name.
    let corrected = tmp.path().join("исправлено/2021/4/Математика.xlsx");
    exports::export(
        &corrected,
        &Export {
            variant: 1,
            ..Export::default()
        },
    );
    let refused = import(&root, &[&corrected], &[]);
    assert_eq!(refused.status.code(), Some(1));
    let said = stderr(&refused);
    assert!(said.contains("not imported"), "{said}");
    assert!(said.contains("--replace"), "{said}");
    assert!(
        said.contains("sch220206: 11 pupils in the project, 11 in the file (not replaced)"),
        "{said}"
    );
    assert_eq!(snapshot(&root), before, "refused: nothing written");

    let dry = ok(&import(&root, &[&corrected], &["--replace", "--dry-run"]));
    assert!(
        dry.contains("sch220206: 11 → 11 pupils (replaced)") && dry.contains("nothing written"),
        "{dry}"
    );
    assert_eq!(snapshot(&root), before, "a dry run writes nothing");

    ok(&import(&root, &[&corrected], &["--replace"]));
    assert_ne!(snapshot(&root), before);
    let rows = pupils(&root);
    assert_eq!(rows.len(), 33, "replaced, not added: {rows:?}");
    // And the corrected export is now what the project has.
    let said = ok(&import(&root, &[&corrected], &[]));
    assert!(said.contains("0 new, 3 unchanged"), "{said}");
    ok(&oko_en(&["check", "--root", root.to_str().unwrap()]));
}

/// Schools of one municipality, many of them, so that a race has time to happen.
fn many_schools(prefix: &str, n: usize) -> Vec<School> {
    (0..n)
        .map(|i| {
            let login: &'static str = Box::leak(format!("{prefix}{i:03}").into_boxed_str());
            let name: &'static str =
                Box::leak(format!("{login} | МБОУ СОШ №{i} ({prefix})").into_boxed_str());
            let municipality: &'static str =
                Box::leak(format!("reg22_{prefix} | Район {prefix}").into_boxed_str());
            School {
                login,
                municipality,
                name,
            }
        })
        .collect()
}

#[test]
fn two_imports_at_once_lose_no_school() {
    let tmp = tempfile::tempdir().unwrap();
    let root = empty_project(tmp.path());
    let (a, b) = (many_schools("a", 150), many_schools("b", 150));
    let (fa, fb) = (
        tmp.path().join("a/2021/4/Математика.xlsx"),
        tmp.path().join("b/2021/5/Математика.xlsx"),
    );
    for (file, schools, grade) in [(&fa, &a, 4), (&fb, &b, 5)] {
        exports::export(
            file,
            &Export {
                schools,
                grade,
                pupils: 3,
                ..Export::default()
            },
        );
    }
    let spawn = |file: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_oko"))
            .args(["--lang", "en", "import", "fisoko", "--root"])
            .arg(&root)
            .arg(file)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (ca, cb) = (spawn(&fa), spawn(&fb));
    for child in [ca, cb] {
        ok(&child.wait_with_output().unwrap());
    }
    let orgs = std::fs::read_to_string(root.join("data/orgs.csv")).unwrap();
    for s in a.iter().chain(&b) {
        assert!(
            orgs.contains(&format!("\n{},", s.login)),
            "{} lost",
            s.login
        );
    }
    assert_eq!(pupils(&root).len(), 2 * 150 * 2);
    ok(&oko_en(&["check", "--root", root.to_str().unwrap()]));
}

#[test]
fn a_full_disk_leaves_the_project_byte_identical_and_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = empty_project(tmp.path());
    let first = tmp.path().join("2021/4/Математика.xlsx");
    exports::export(&first, &Export::default());
    ok(&import(&root, &[&first], &[]));
    let before = snapshot(&root);
    let more = tmp.path().join("2021/5/Математика.xlsx");
    exports::export(
        &more,
        &Export {
            schools: &many_schools("c", 100),
            grade: 5,
            ..Export::default()
        },
    );
    // The disk fills up after 8 KB of any file: writes then fail as on a full disk
    // (`ulimit -f` counts 512-byte blocks; SIGXFSZ is ignored so that the write returns an error).
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 16; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_oko"))
        .args(["--lang", "en", "import", "fisoko", "--root"])
        .arg(&root)
        .arg(&more)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("failed to write"), "{}", stderr(&out));
    assert_eq!(snapshot(&root), before, "the project is as it was");
    assert!(
        !root.join(".oko-staging").exists(),
        "no staged file is left"
    );
    // With room again, the same import goes through whole.
    ok(&import(&root, &[&more], &[]));
    assert_eq!(pupils(&root).len(), 33 + 100 * 11);
}

/// orgs.csv of two regions, each with a «Советский район».
const TWO_REGIONS: &str = "id,name,kind,parent
reg220000,Алтайский край,region,
reg22_sov,Советский район,municipality,reg220000
reg540000,Новосибирская область,region,
";

fn sovetsky(login: &'static str) -> [School; 1] {
    [School {
        login,
        municipality: "Советский район",
        name: "МБОУ СОШ №1",
    }]
}

#[test]
fn a_namesake_municipality_of_another_region_is_never_matched() {
    let tmp = tempfile::tempdir().unwrap();
    let root = empty_project(tmp.path());
    std::fs::write(root.join("data/orgs.csv"), TWO_REGIONS).unwrap();
    // Novosibirsk's «Советский район», named without an id.
    let file = tmp.path().join("54/2021/4/Математика.xlsx");
    exports::export(
        &file,
        &Export {
            schools: &sovetsky("sch540001"),
            region: ("54", "Новосибирская область"),
            ..Export::default()
        },
    );
    ok(&import(&root, &[&file], &[]));
    let orgs = std::fs::read_to_string(root.join("data/orgs.csv")).unwrap();
    assert!(
        orgs.contains("reg540000-mun-sovetskii-raion,Советский район,municipality,reg540000"),
        "{orgs}"
    );
    assert!(
        orgs.contains("sch540001,МБОУ СОШ №1,school,reg540000-mun-sovetskii-raion"),
        "{orgs}"
    );

    // An export that names no region, into a project of two: refused, the candidates named.
    let bare = tmp.path().join("bare/2021/5/Математика.xlsx");
    exports::export(
        &bare,
        &Export {
            schools: &sovetsky("sch540002"),
            grade: 5,
            region: ("", ""),
            ..Export::default()
        },
    );
    let said = ok(&import(&root, &[&bare], &[]));
    assert!(
        said.contains(
            "the export names no region and data/orgs.csv has several (reg220000, reg540000)"
        ),
        "{said}"
    );
    assert!(said.contains("0 rows, 1 absent, 11 refused"), "{said}");
    // Told the region, it goes there.
    ok(&import(&root, &[&bare], &["--region", "reg540000"]));
    let orgs = std::fs::read_to_string(root.join("data/orgs.csv")).unwrap();
    assert!(orgs.contains("sch540002,МБОУ СОШ №1,school,reg540000-mun-sovetskii-raion"));

    // Two municipalities of one region with the name: ambiguous, refused with both.
    std::fs::write(
        root.join("data/orgs.csv"),
        format!("{orgs}reg22_sov2,Советский район,municipality,reg220000\n"),
    )
    .unwrap();
    let altai = tmp.path().join("22/2021/6/Математика.xlsx");
    exports::export(
        &altai,
        &Export {
            schools: &sovetsky("sch220999"),
            grade: 6,
            ..Export::default()
        },
    );
    let said = ok(&import(&root, &[&altai], &[]));
    assert!(
        said.contains(
            "the municipality «Советский район» is ambiguous: several municipalities of the region have that name (reg22_sov, reg22_sov2)"
        ),
        "{said}"
    );
    ok(&oko_en(&["check", "--root", root.to_str().unwrap()]));
}
