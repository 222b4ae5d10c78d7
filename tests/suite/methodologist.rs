//! A methodologist's day: the starter teaches, every message is in words and says what to do,
//! and what differs on Windows (paths, CRLF and Windows-1251 files, long paths) is pinned here
//! on any system. Letter case and reserved names of output files: `trust::page_addresses_…`,
//! `load::content::tests::errors_on_page_names_that_clash_or_cannot_be_addresses`, fixture
//! `orgs_ids_differ_only_in_case`.

use super::{files_below, oko, oko_build};
use std::path::Path;

/// `oko new` of the sample starter into `dir`.
fn starter(dir: &Path) {
    oko::starter::create(dir, oko::starter::Starter::Sample).unwrap();
}

/// stderr of a run, as text.
fn said(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The fields serde accepts at a place of a plan, read from the message for a field it does not
/// know (so a field added to the model must be shown by the starter too).
fn accepted_fields(plan: &str) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    starter(tmp.path());
    std::fs::write(
        tmp.path().join("content/plans/school1-2024-2025.yaml"),
        plan,
    )
    .unwrap();
    let errors = oko::check(tmp.path()).unwrap_err().to_string();
    let list = errors
        .split("допустимы: ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap();
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_starter_shows_every_plan_field_in_russian_and_checks_and_builds_cleanly() {
    let plan = include_str!("../../src/starter/plan.yaml");
    let top = accepted_fields("org: school1\ntitle: x\nbogus: 1\n");
    let measure = accepted_fields(
        "org: school1\ntitle: x\ndirections:\n  - title: y\n    measures:\n      - text: z\n        bogus: 1\n",
    );
    assert!(top.len() > 5 && measure.len() > 5, "{top:?} {measure:?}");
    for field in top.iter().chain(&measure) {
        assert!(
            plan.contains(&format!("{field}:")),
            "the starter's plan lacks {field}"
        );
    }
    // The forms `oko check` accepts beyond the codes: Russian statuses and dates.
    for shown in [
        "status: выполняется",
        "status: выполнено",
        "status: запланировано",
    ] {
        assert!(plan.contains(shown), "{shown}");
    }
    assert!(plan.contains("approved: 30.08.2024") && plan.contains("due: 2025-05-20"));
    // Every comment of the starter's YAML is Russian (a setting left commented out aside).
    let config = include_str!("../../src/starter/config.yaml");
    let cyrillic = |s: &str| {
        s.chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap()))
    };
    for line in plan.lines().chain(config.lines()) {
        let Some(comment) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let setting = comment.trim().split_once(':').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        });
        assert!(
            comment.trim().is_empty() || setting || cyrillic(comment),
            "an English comment: {line}"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("мой сайт");
    let created = oko(&["new", dir.to_str().unwrap()]);
    assert!(said(&created).contains("README.md"), "{}", said(&created));
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for file in files_below(&dir) {
        let shown = file.split('/').take(2).collect::<Vec<_>>().join("/");
        assert!(
            file == "README.md" || readme.contains(&format!("`{shown}")),
            "README.md does not say what {file} is"
        );
    }
    assert!(
        readme.contains("документация: папка `docs/` в репозитории oko")
            || readme.contains("Документация: папка `docs/` в репозитории oko")
    );
    let checked = oko(&["check", "--root", dir.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0));
    // The only warnings: the publisher and contact placeholders, each at its line.
    let placeholder = "ещё заготовка в угловых скобках: впишите настоящее значение (пока его нет ни в подвале страниц, ни в паспорте открытых данных)";
    assert_eq!(
        said(&checked),
        format!("config.yaml:21:12: предупреждение: publisher — {placeholder}\nconfig.yaml:22:10: предупреждение: contact — {placeholder}\nошибок нет: организаций 4, ячеек результатов 4, планов 1\n"),
    );
    let out = tmp.path().join("out");
    assert!(oko_build(&dir, &out, &[]).status.success());
    let page =
        std::fs::read_to_string(out.join("school/school1/plan/2024-2025/index.html")).unwrap();
    for shown in [
        "План принят по итогам анализа",
        "педагогическом совете",
        "30 августа 2024",
    ] {
        assert!(page.contains(shown), "{shown}");
    }
}

#[test]
fn outside_a_project_build_check_and_serve_say_how_to_start_one() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().to_str().unwrap();
    let shown = std::path::absolute(tmp.path()).unwrap();
    let expected = format!(
        "ошибка: в папке {} нет проекта oko: нет ни config.yaml, ни data/orgs.csv. Создайте проект командой oko new ПАПКА (с примерами данных) или oko new ПАПКА --empty (для своих данных) либо укажите папку проекта: --root ПАПКА\n",
        shown.display()
    );
    for args in [
        vec!["build", "--root", empty],
        vec!["check", "--root", empty],
        vec!["serve", "--root", empty, "--port", "1"],
    ] {
        let out = oko(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(said(&out), expected, "{args:?}");
    }
    let missing = tmp.path().join("нет такой");
    let out = oko(&["build", "--root", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        said(&out),
        format!(
            "ошибка: папки {} нет. Укажите папку проекта (--root ПАПКА) или создайте проект командой oko new ПАПКА\n",
            missing.display()
        )
    );
    assert!(!tmp.path().join("site").exists(), "nothing written");
}

#[test]
fn an_unknown_language_is_refused_with_the_accepted_ones() {
    let out = oko(&["--lang", "de", "check"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        said(&out),
        "ошибка: неизвестный язык «de» для --lang: допустимы ru (русский, по умолчанию) и en (английский)\n\nПодробнее: oko --help\n"
    );
    let english = std::process::Command::new(env!("CARGO_BIN_EXE_oko"))
        .args(["--lang=de", "check"])
        .env("LANG", "en_GB.UTF-8")
        .output()
        .unwrap();
    assert_eq!(english.status.code(), Some(2));
    assert!(
        said(&english).starts_with(
            "error: unknown language «de» for --lang: expected ru (Russian, the default) or en (English)"
        ),
        "{}",
        said(&english)
    );
}

#[test]
fn a_plan_approved_after_as_of_is_a_warning_at_its_date() {
    let tmp = tempfile::tempdir().unwrap();
    starter(tmp.path());
    // The publisher and contact filled in: no placeholder warnings.
    let config = tmp.path().join("config.yaml");
    let filled = std::fs::read_to_string(&config)
        .unwrap()
        .replace(
            "<название организации, которая публикует данные>",
            "Управление образования",
        )
        .replace(
            "<адрес электронной почты или телефон для вопросов>",
            "uo@example.org",
        );
    std::fs::write(&config, filled).unwrap();
    let plan = tmp.path().join("content/plans/school1-2024-2025.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let check = || oko(&["check", "--root", tmp.path().to_str().unwrap()]);
    // Approved after as_of (31.12.2024) in the school year it plans for.
    std::fs::write(
        &plan,
        text.replace("approved: 30.08.2024", "approved: 15.01.2025"),
    )
    .unwrap();
    let out = check();
    assert_eq!(out.status.code(), Some(0), "a warning, not an error");
    assert_eq!(
        said(&out).lines().next().unwrap(),
        "content/plans/school1-2024-2025.yaml:14:11: предупреждение: план утверждён 15 января 2025 — позже даты as_of (31 декабря 2024) в config.yaml, на которую проверяются сроки мер; проверьте дату утверждения или as_of"
    );
    // A plan for a school year that begins after as_of, published in advance, is no mistake.
    let ahead = text
        .replace("period: 2024-2025", "period: 2025-2026")
        .replace("approved: 30.08.2024", "approved: 29.08.2025");
    std::fs::write(&plan, ahead).unwrap();
    assert!(
        said(&check()).starts_with("ошибок нет"),
        "{}",
        said(&check())
    );
}

/// On Linux and macOS a path written as on Windows is refused with the way to write it, and
/// nothing is created under a name holding `\`.
#[cfg(not(windows))]
#[test]
fn a_windows_path_on_another_system_is_refused_with_the_way_to_write_it() {
    let tmp = tempfile::tempdir().unwrap();
    starter(tmp.path());
    let root = tmp.path().to_str().unwrap();
    let out = oko(&["check", "--root", "C:\\site"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        said(&out),
        "ошибка: путь «C:\\site» начинается с буквы диска, как в Windows: на этой системе дисков с буквами нет, пути пишутся через «/» от корня (/home/…) или от текущей папки\n"
    );
    let out = oko(&["build", "--root", root, "--out", "site\\школа"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        said(&out),
        "ошибка: путь «site\\школа» записан как в Windows: на этой системе папки разделяет «/», а «\\» — обычный знак имени; напишите site/школа\n"
    );
    assert!(!Path::new("site\\школа").exists());
}

/// On Windows a drive letter and `\` are ordinary: the same project is found either way.
#[cfg(windows)]
#[test]
fn on_windows_drive_letters_and_backslashes_name_the_project() {
    let small = super::fixture("small");
    let absolute = small.to_str().unwrap().replace('/', "\\");
    assert!(absolute.chars().nth(1) == Some(':'), "{absolute}");
    let out = oko(&["check", "--root", &absolute]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let relative = std::process::Command::new(env!("CARGO_BIN_EXE_oko"))
        .args(["check", "--root", "tests\\fixtures\\small"])
        .current_dir(super::demo_root())
        .output()
        .unwrap();
    assert_eq!(relative.status.code(), Some(0), "{}", said(&relative));
}

/// A project saved by Windows tools: every text file with CRLF line ends and in Windows-1251.
#[test]
fn a_project_in_windows_1251_with_crlf_checks_and_builds_with_its_russian_text() {
    let tmp = tempfile::tempdir().unwrap();
    starter(tmp.path());
    for file in files_below(tmp.path()) {
        let path = tmp.path().join(&file);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace('\n', "\r\n");
        let (bytes, _, lossy) = encoding_rs::WINDOWS_1251.encode(&text);
        assert!(!lossy, "{file} fits Windows-1251");
        std::fs::write(&path, bytes).unwrap();
    }
    let checked = oko(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0), "{}", said(&checked));
    let out = tmp.path().join("out");
    assert!(oko_build(tmp.path(), &out, &[]).status.success());
    let school = std::fs::read_to_string(out.join("school/school1/index.html")).unwrap();
    assert!(school.contains("Средняя общеобразовательная школа №1"));
    let plan =
        std::fs::read_to_string(out.join("school/school1/plan/2024-2025/index.html")).unwrap();
    assert!(plan.contains("педагогическом совете") && !plan.contains('\r'));
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(about.contains("О портале"));
}

/// Windows tools (Explorer, zip, IIS) stop at 260 characters a path. With ids and a plan period
/// as long as allowed (64 characters), every file of the site stays within 200 characters of
/// the site's folder, which leaves 60 for the folder itself.
#[test]
fn the_longest_path_of_a_site_of_the_longest_ids_stays_within_200_characters() {
    let tmp = tempfile::tempdir().unwrap();
    starter(tmp.path());
    let long = |id: &str| format!("{id}-{}", "x".repeat(63 - id.len()));
    for file in files_below(tmp.path()) {
        let path = tmp.path().join(&file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        for id in ["region1", "mun1", "school1", "school2"] {
            text = text.replace(&format!("{id},"), &format!("{},", long(id)));
            text = text.replace(&format!("org: {id}\n"), &format!("org: {}\n", long(id)));
        }
        text = text.replace(
            "period: 2024-2025",
            &format!("period: {}", "2024-2025-".repeat(6) + "2024"),
        );
        std::fs::write(&path, text).unwrap();
    }
    let out = tmp.path().join("out");
    let built = oko_build(tmp.path(), &out, &[]);
    assert!(built.status.success(), "{}", said(&built));
    let files = files_below(&out);
    let longest = files.iter().max_by_key(|f| f.chars().count()).unwrap();
    assert!(
        longest.contains(&long("school1")) || longest.contains(&long("school2")),
        "{longest}"
    );
    assert!(
        files.iter().any(|f| f.contains("2024-2025-2024-2025")),
        "the long period is an address"
    );
    assert!(
        longest.chars().count() <= 200,
        "{} characters: {longest}",
        longest.chars().count()
    );
}
