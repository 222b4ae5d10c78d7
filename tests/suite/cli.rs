//! The `oko` binary: exit codes, messages on stderr, and that a failed build writes nothing.

use super::fixture;
use super::{oko, oko_build};

#[test]
fn check_prints_every_error_with_its_place_and_exits_1() {
    let root = fixture("invalid/many_errors_together");
    let out = oko(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for place in [
        "content/a.yaml:1:6:",
        "content/b.yaml:2:8:",
        "data/results/r.csv:2:7:",
        "data/results/r.csv:3:",
    ] {
        assert!(stderr.contains(place), "{place} missing in:\n{stderr}");
    }
    assert!(stderr.ends_with("4 ошибки во входных данных\n"), "{stderr}");
}

#[test]
fn messages_are_russian_by_default_and_english_on_request() {
    let root = fixture("invalid/many_errors_together");
    let root = root.to_str().unwrap();
    let english = oko(&["--lang", "en", "check", "--root", root]);
    let stderr = String::from_utf8(english.stderr).unwrap();
    assert!(stderr.ends_with("4 errors in the inputs\n"), "{stderr}");
    // Every line of the English report is English: the same problems, in the other language.
    let russian = oko(&["check", "--root", root]);
    let russian = String::from_utf8(russian.stderr).unwrap();
    let cyrillic = |s: &str| {
        s.chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap()))
    };
    let problems = |s: &str| {
        s.lines()
            .filter(|l| l.contains(": "))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    for (en, ru) in problems(&stderr).iter().zip(&problems(&russian)) {
        let place = |l: &str| l.split(": ").next().unwrap().to_owned();
        assert_eq!(place(en), place(ru));
        assert!(cyrillic(ru), "{ru}");
        let words: String = en.split(['"', '«']).step_by(2).collect();
        assert!(!cyrillic(&words), "{en}");
    }
    assert_eq!(problems(&stderr).len(), 4);
    assert_eq!(problems(&russian).len(), 4);
    let by_env = std::process::Command::new(env!("CARGO_BIN_EXE_oko"))
        .args(["check", "--root", root])
        .env("LANG", "en_GB.UTF-8")
        .output()
        .unwrap();
    assert!(String::from_utf8(by_env.stderr)
        .unwrap()
        .ends_with("4 errors in the inputs\n"));
    // A wrong call: what is wrong, in the language, with a suggestion; exit 2.
    let wrong = oko(&["buidl"]);
    assert_eq!(wrong.status.code(), Some(2));
    let said = String::from_utf8(wrong.stderr).unwrap();
    assert!(
        said.starts_with("ошибка: неизвестная команда buidl (возможно, вы имели в виду `build`?)"),
        "{said}"
    );
    let wrong = oko(&["--lang", "en", "check", "--rot", "."]);
    assert_eq!(wrong.status.code(), Some(2));
    let said = String::from_utf8(wrong.stderr).unwrap();
    assert!(said.starts_with("error: unknown option --rot"), "{said}");
    let help = String::from_utf8(oko(&["build", "--help"]).stdout).unwrap();
    assert!(
        help.contains("Использование: oko build") && help.contains("Папка сайта"),
        "{help}"
    );
    let good = oko(&["check", "--root", fixture("small").to_str().unwrap()]);
    let said = String::from_utf8(good.stderr).unwrap();
    assert!(said.starts_with("ошибок нет: организаций "), "{said}");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let good = fixture("small");
    let ok = oko_build(&good, &out, &[]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let before = std::fs::read(out.join("index.html")).unwrap();

    let bad = fixture("invalid/many_errors_together");
    let failed = oko_build(&bad, &out, &[]);
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), before);
    assert!(out.join("school/s1/index.html").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".site.lock")
        .collect();
    assert_eq!(leftovers, ["site"], "no temporary folder is left behind");
}

#[test]
fn a_project_with_errors_gets_no_site_at_all() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let bad = fixture("invalid/plan_unknown_org");
    let failed = oko_build(&bad, &out, &[]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn quiet_prints_only_errors_and_verbose_adds_the_steps() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let root = fixture("small");
    let (root, out) = (root.to_str().unwrap(), out.to_str().unwrap());
    let quiet = oko(&["build", "--quiet", "--root", root, "--out", out]);
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    let verbose = oko(&["build", "-v", "--root", root, "--out", out]);
    let said = String::from_utf8_lossy(&verbose.stderr);
    assert!(
        said.contains("собрано файлов")
            && said.contains("render+write")
            && said.contains("пик памяти"),
        "{said}"
    );
    let bad = fixture("invalid/plan_unknown_org");
    let failed = oko(&["check", "-q", "--root", bad.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("не удалось найти org"),
        "errors are printed even when quiet"
    );
}
