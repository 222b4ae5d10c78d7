//! Trust: hostile text stays text, no participant code or recomputable small cell reaches the
//! site, builds are byte-identical and atomic, inputs cannot reach outside the project.

use super::{build_into_temp, demo_root, files_below, fixture};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Every tag in an HTML text (text is escaped, so each `<` opens a real tag), as
/// (name, attributes) in lower case.
fn tags(html: &str) -> Vec<(String, Vec<String>)> {
    html.split('<')
        .skip(1)
        .map(|t| {
            let inner = t.split('>').next().unwrap_or("").to_ascii_lowercase();
            let mut parts = inner.split_whitespace().map(str::to_owned);
            let name = parts.next().unwrap_or_default();
            (name, parts.collect())
        })
        .collect()
}

/// What in `html` could run script: dangerous tags, event handlers, unsafe link schemes.
fn dangers(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (name, attrs) in tags(html) {
        // The site's own stylesheet and search scripts; anything else of these kinds would
        // have come from the inputs.
        let own = |file: &str| {
            attrs
                .iter()
                .any(|a| a.ends_with(&format!("assets/{file}\"")))
        };
        let ours = (name == "link" && own("style.css"))
            || (name == "script" && (own("search.js") || own("search-index.js")));
        let risky = [
            "script", "iframe", "object", "embed", "style", "svg", "math", "link",
        ];
        if risky.contains(&name.as_str()) && !ours {
            found.push(format!("<{name}>"));
        }
        for a in attrs {
            if a.starts_with("on") || a.starts_with("style=") {
                found.push(format!("<{name} {a}>"));
            }
            if let Some(v) = a.strip_prefix("href=").or_else(|| a.strip_prefix("src=")) {
                let v = v.trim_matches('"');
                let scheme = v.split(':').next().unwrap_or("");
                let has_scheme = v.contains(':')
                    && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
                if has_scheme && !["http", "https", "mailto"].contains(&scheme) {
                    found.push(format!("<{name} {a}>"));
                }
            }
        }
    }
    found
}

#[test]
fn hostile_text_in_orgs_plans_and_pages_never_becomes_markup() {
    let (_tmp, site) = build_into_temp(&fixture("hostile"));
    let mut problems = Vec::new();
    for file in files_below(&site).iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(site.join(file)).unwrap();
        problems.extend(dangers(&html).into_iter().map(|d| format!("{file}: {d}")));
        if html.contains(['\u{202E}', '\u{2066}', '\u{2069}', '\u{202C}']) {
            problems.push(format!("{file}: a bidi control character"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    // The payloads are still there as readable text.
    let plan = std::fs::read_to_string(site.join("school/s/plan/2022-2023/index.html")).unwrap();
    assert!(
        plan.contains("&lt;script&gt;alert(&#x27;xss&#x27;)&lt;&#x2F;script&gt;")
            || plan.contains("&lt;script&gt;")
    );
}

#[test]
fn the_danger_check_itself_catches_what_it_looks_for() {
    assert_eq!(
        dangers("<p>ok</p><a href=\"https://x.ru\">x</a><a href=\"docs/a:b\">y</a>"),
        Vec::<String>::new()
    );
    assert_eq!(dangers("<script>x</script>").len(), 1);
    assert_eq!(dangers("<img src=x onerror=alert(1)>").len(), 1);
    assert_eq!(dangers("<a href=\"JaVaScRiPt:x\">").len(), 1);
}

/// The markdown fuzzer's one finding, in its harness: `%` cannot be part of a URL scheme, so
/// this link is relative, as browsers read it, and harmless.
#[test]
fn a_link_with_percent_before_the_colon_is_relative_not_a_scheme() {
    let html = oko::render::markdown::to_html("[a](j\"\"\"\"avascript:x)");
    assert!(html.contains("href=\"j%22%22%22%22avascript:x\""), "{html}");
    assert_eq!(dangers(&html), Vec::<String>::new());
}

/// 8-character tokens of hexadecimal digits, the shape of the generator's participant codes.
fn hex_tokens(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_hexdigit())
        .filter(|t| t.len() == 8)
        .map(str::to_owned)
        .collect()
}

#[test]
fn no_participant_code_of_the_demo_reaches_its_site() {
    let mut codes = BTreeSet::new();
    for file in files_below(&demo_root().join("data/results")) {
        let text = std::fs::read_to_string(demo_root().join("data/results").join(file)).unwrap();
        codes.extend(
            text.lines()
                .skip(1)
                .map(|l| l.split(',').nth(5).unwrap().to_owned()),
        );
    }
    assert!(
        codes.len() > 20_000,
        "the demo has its pupils' codes ({})",
        codes.len()
    );
    let (_tmp, site) = build_into_temp(&demo_root());
    for file in files_below(&site) {
        let text = super::site_text(&site.join(&file));
        let leaked: Vec<_> = hex_tokens(&text).intersection(&codes).cloned().collect();
        assert!(leaked.is_empty(), "participant codes in {file}: {leaked:?}");
    }
}

#[test]
fn canary_codes_and_class_names_of_the_fixture_never_reach_the_site() {
    let (_tmp, site) = build_into_temp(&fixture("small"));
    for file in files_below(&site) {
        let text = super::site_text(&site.join(&file));
        assert!(
            !text.contains("CANARY"),
            "a participant code reached {file}"
        );
        assert!(!text.contains("4А"), "a class name reached {file}");
    }
}

#[test]
fn a_pooled_mean_never_lets_a_hidden_cell_be_recomputed() {
    // Fixture: municipality m1 holds s1 (12 pupils, published) and s2 (5 pupils, hidden) in
    // ВПР ma 4 2022. Were m1's mean shown, s2's mean = (M·17 − 12·x̄₁)/5 would follow. The region
    // r1 adds m2 (s3, s4, nothing hidden): r1's only hidden residue is s2 again.
    let (project, _) = oko::load_project(&fixture("small")).unwrap();
    let ind = oko::indicators::compute(&project, false);
    let ma = project.subjects.find("ma").unwrap();
    let key = |g| oko::model::CellKey {
        year: 2022,
        procedure: oko::model::Procedure::Vpr,
        subject: ma,
        grade: g,
    };
    let m1 = project.orgs.find("m1").unwrap();
    let r1 = project.orgs.find("r1").unwrap();
    let pooled = oko::indicators::pooled::by_org(&project);
    let pooled_m1 = &pooled[&(m1, key(4))];
    assert_eq!(pooled_m1.participants, 17);
    let gate = oko::indicators::disclosure::Gate::new(&project, &ind);
    assert!(gate.pooled(m1, key(4)).is_none() && gate.pooled(r1, key(4)).is_none());
    // And on the page: the attacker's M is nowhere next to s1's mean.
    let (_tmp, site) = build_into_temp(&fixture("small"));
    let page = std::fs::read_to_string(site.join("school/s1/index.html")).unwrap();
    let m = pooled_m1.moments.unwrap().mean;
    let shown = format!(
        "<td class=\"num\">{}</td>",
        format!("{m:.1}").replace('.', ",")
    );
    assert!(
        !page.contains(&shown),
        "m1's mean {m} is published on s1's page"
    );
}

fn run_build(root: &Path, out: &Path, threads: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_oko"))
        .args([
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_below(dir)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap()))
        .collect()
}

#[test]
fn builds_are_byte_identical_across_thread_counts_and_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("a/very/different/place");
    super::opendata::copy_dir(&demo_root().join("data"), &elsewhere.join("data"));
    super::opendata::copy_dir(&demo_root().join("content"), &elsewhere.join("content"));
    std::fs::copy(
        demo_root().join("config.yaml"),
        elsewhere.join("config.yaml"),
    )
    .unwrap();
    let (one, four) = (tmp.path().join("one"), tmp.path().join("four"));
    run_build(&demo_root(), &one, "1");
    run_build(&elsewhere, &four, "4");
    let (a, b) = (tree(&one), tree(&four));
    assert!(a.len() > 40);
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between the two builds");
    }
}

/// The demo's site built with every file limited to a little more than its largest CSV: the
/// tasks table's workbook (its temporary sheet, larger than the CSV) hits the limit as on a full
/// disk. rust_xlsxwriter panics on such a write; the build must say it and leave the site.
#[test]
fn a_disk_that_fills_while_a_workbook_is_written_stops_the_build_with_a_message_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    run_build(&demo_root(), &site, "2");
    let before = tree(&site);
    let largest_csv = before
        .iter()
        .filter(|(name, _)| name.ends_with(".csv"))
        .map(|(_, bytes)| bytes.len())
        .max()
        .unwrap();
    // `ulimit -f` counts 512-byte blocks; SIGXFSZ is ignored so that the write returns an error.
    let blocks = largest_csv / 512 + 16;
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$@\""))
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_oko"))
        .args(["build", "--root"])
        .arg(demo_root())
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains(".xlsx"), "the workbook is named: {stderr}");
    assert!(tree(&site) == before, "the previous site changed");
}

/// A generated project large enough that its build takes a while: 400 schools, 5 years.
fn big_project(dir: &Path) -> std::path::PathBuf {
    let project = dir.join("big");
    let options = oko::generate::Options {
        out: project.clone(),
        regions: 1,
        municipalities: 20,
        schools: 700,
        first_year: 2019,
        years: 5,
        seed: 3,
        aggregates: false,
        orgs: None,
        pupils_scale: 1.0,
    };
    oko::generate::generate(&options).unwrap();
    project
}

/// Starts `oko build` of `project` into `site` and returns once it is writing its staging folder
/// (or has ended).
fn spawn_build_until_writing(project: &Path, site: &Path) -> std::process::Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oko"))
        .args([
            "build",
            "--root",
            project.to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let parent = site.parent().unwrap();
    let writing = || {
        std::fs::read_dir(parent).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".site.tmp-")
        })
    };
    let started = std::time::Instant::now();
    while !writing() && started.elapsed().as_secs() < 60 && child.try_wait().unwrap().is_none() {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child
}

#[test]
#[cfg_attr(
    not(feature = "slow-tests"),
    ignore = "slow: cargo test --features slow-tests"
)]
fn a_second_build_into_the_same_folder_exits_with_a_message_and_the_first_commits_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let project = big_project(tmp.path());
    let site = tmp.path().join("site");
    run_build(&project, &site, "2");
    let mut first = spawn_build_until_writing(&project, &site);
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first build ended too soon to overlap"
    );
    let second = super::oko_build(&project, &site, &[]);
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("другая сборка oko сейчас пишет"),
        "{stderr}"
    );
    let first = first.wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        site.join("index.html").is_file(),
        "the first build committed a whole site"
    );
    // A staging folder of a build still running is left alone; one of a build gone is removed.
    let live = tmp.path().join(format!(".site.tmp-{}", std::process::id()));
    let gone = tmp.path().join(".site.tmp-4194999");
    std::fs::create_dir_all(&live).unwrap();
    std::fs::create_dir_all(&gone).unwrap();
    run_build(&project, &site, "2");
    assert!(
        site.join("index.html").is_file(),
        "later builds run as before"
    );
    assert!(live.is_dir(), "the staging folder of a live build is kept");
    assert!(
        !gone.exists(),
        "the staging folder of a build gone is removed"
    );
}

#[test]
#[cfg_attr(
    not(feature = "slow-tests"),
    ignore = "slow: cargo test --features slow-tests"
)]
fn a_killed_build_leaves_the_previous_site_whole_and_the_next_build_recovers() {
    let tmp = tempfile::tempdir().unwrap();
    let project = big_project(tmp.path());
    let site = tmp.path().join("site");
    run_build(&project, &site, "2");
    let before = tree(&site);
    // The next build would change every page, so a partly replaced site would show.
    let config = std::fs::read_to_string(project.join("config.yaml")).unwrap();
    std::fs::write(
        project.join("config.yaml"),
        config.replace("title: ", "title: Новый "),
    )
    .unwrap();
    // Wait until the new site is being written, then kill the build without warning.
    let mut child = spawn_build_until_writing(&project, &site);
    let finished_first = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    child.wait().unwrap();
    assert!(
        !finished_first,
        "the build ended before it could be killed; the project is too small"
    );
    assert_eq!(
        tree(&site),
        before,
        "the previous site changed under a killed build"
    );
    run_build(&project, &site, "2");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("Новый"),
        "the next build puts the new site in place"
    );
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site") && n != ".site.lock")
        .collect();
    assert!(
        leftovers.is_empty(),
        "the next build cleans up after the killed one: {leftovers:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_in_content_pointing_outside_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    super::opendata::copy_dir(&fixture("small"), &root);
    std::os::unix::fs::symlink("/etc/passwd", root.join("content/leak.yaml")).unwrap();
    let errors = oko::check(&root).unwrap_err().to_string();
    assert!(
        errors.contains("content/leak.yaml: не удалось прочитать: это символическая ссылка (входные файлы должны быть обычными файлами внутри проекта)"),
        "{errors}"
    );
}

/// Replaces `rel` of the project with a symbolic link to `target`.
#[cfg(unix)]
fn link(root: &Path, rel: &str, target: &Path) {
    let path = root.join(rel);
    if path.is_dir() {
        std::fs::remove_dir_all(&path).unwrap();
    } else if path.exists() {
        std::fs::remove_file(&path).unwrap();
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, &path).unwrap();
}

#[cfg(unix)]
#[test]
fn no_symbolic_link_anywhere_in_the_project_is_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    super::opendata::copy_dir(&fixture("small"), &outside);
    std::fs::write(outside.join("secret.html"), "SECRET-OUTSIDE-THE-PROJECT").unwrap();
    // Each input and each input folder, in turn, as a link to a valid copy outside.
    for (rel, target) in [
        ("config.yaml", outside.join("config.yaml")),
        ("data/orgs.csv", outside.join("data/orgs.csv")),
        ("data/scales.csv", outside.join("data/scales.csv")),
        ("data", outside.join("data")),
        ("data/results", outside.join("data/results")),
        ("content", outside.join("content")),
        ("templates/school.html", outside.join("secret.html")),
        ("templates", outside.clone()),
    ] {
        let root = tmp.path().join(format!("p-{}", rel.replace('/', "-")));
        super::opendata::copy_dir(&fixture("small"), &root);
        link(&root, rel, &target);
        let site = tmp.path().join(format!("site-{}", rel.replace('/', "-")));
        let out = super::oko_build(&root, &site, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{rel} was followed: {stderr}");
        assert!(
            stderr.contains(rel) && stderr.contains("символическая ссылка"),
            "{rel}: {stderr}"
        );
        assert!(!site.exists(), "{rel}: nothing is written");
    }
}

#[test]
fn a_template_override_obeys_the_text_size_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    super::opendata::copy_dir(&fixture("small"), &root);
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/page.html"), "x".repeat(2 << 20)).unwrap();
    let out = super::oko_build(&root, &tmp.path().join("site"), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("templates/page.html: не удалось прочитать файл: в нём 2097152 байт, больше, чем разрешает limits.max_text_kb"), "{stderr}");
}

#[test]
fn a_template_override_asking_for_a_key_the_catalogue_lacks_fails_the_build_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    super::opendata::copy_dir(&fixture("small"), &root);
    let site = tmp.path().join("site");
    assert!(super::oko_build(&root, &site, &[]).status.success());
    let before = std::fs::read(site.join("index.html")).unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    let page = "{% extends \"base.html\" %}{% block content %}<h1>{{ t(k=\"ui.plnas\") }}</h1>{% endblock content %}";
    std::fs::write(root.join("templates/page.html"), page).unwrap();
    let out = super::oko_build(&root, &site, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("templates/page.html:1:57: ") && stderr.contains("`ui.plnas`"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(site.join("index.html")).unwrap(), before);
    // `oko check` says the same, without building.
    let checked = super::oko(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&checked.stderr).contains("templates/page.html:1:57: "));
    // A variable no page has, and a template that does not compile: each named in its file.
    let bad_variable = page.replace("t(k=\"ui.plnas\")", "page.no_such_field");
    std::fs::write(root.join("templates/page.html"), &bad_variable).unwrap();
    let checked = super::oko(&["check", "--root", root.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(1), "{said}");
    assert!(said.contains("templates/page.html:1:"), "{said}");
    assert!(said.contains("page.no_such_field"), "{said}");
    std::fs::write(root.join("templates/page.html"), "{% if %}").unwrap();
    let checked = super::oko(&["check", "--root", root.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(1), "{said}");
    assert!(said.contains("templates/page.html:1:"), "{said}");
    // The same override with a key the catalogue has builds, in the site's language.
    std::fs::write(
        root.join("templates/page.html"),
        page.replace("ui.plnas", "ui.plans"),
    )
    .unwrap();
    assert!(super::oko_build(&root, &site, &[]).status.success());
    let about = std::fs::read_to_string(site.join("about/index.html")).unwrap();
    assert!(about.contains("<h1>Планы мероприятий</h1>"), "{about}");
}

#[test]
fn an_output_folder_inside_an_input_folder_or_holding_the_project_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    super::opendata::copy_dir(&fixture("small"), &root);
    for out in [
        root.join("data/site"),
        root.join("content/x/site"),
        root.clone(),
        tmp.path().to_path_buf(),
    ] {
        let got = super::oko_build(&root, &out, &[]);
        let stderr = String::from_utf8_lossy(&got.stderr);
        assert_eq!(got.status.code(), Some(1), "{}: {stderr}", out.display());
        assert!(stderr.contains("не стану собирать в"), "{stderr}");
    }
    assert!(!root.join("data/site").exists());
    // A relative path that climbs back into data/ is the same folder.
    let sneaky = root.join("content/../data/out");
    let got = super::oko_build(&root, &sneaky, &[]);
    assert_eq!(got.status.code(), Some(1));
}

#[test]
fn a_huge_csv_line_is_refused_before_it_is_parsed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    super::opendata::copy_dir(&fixture("small"), &root);
    let header = format!(
        "year,procedure,subject,grade,org,participant,score,{}\n",
        "x".repeat(3 << 20)
    );
    std::fs::write(root.join("data/results/huge.csv"), header).unwrap();
    let errors = oko::check(&root).unwrap_err().to_string();
    assert!(errors.contains("data/results/huge.csv:1: не удалось прочитать файл: строка 1 занимает 3145779 байт, больше допустимого для строки таблицы (1048576)"), "{errors}");
}

#[test]
fn bidi_controls_in_names_never_reach_a_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    super::opendata::copy_dir(&fixture("small"), &root);
    let orgs = std::fs::read_to_string(root.join("data/orgs.csv")).unwrap();
    let mut lines: Vec<String> = orgs.lines().map(str::to_owned).collect();
    let last = lines.len() - 1;
    let fields: Vec<&str> = lines[last].splitn(3, ',').collect();
    lines[last] = format!(
        "{},Школа \u{202E}кдп\u{2066}x\u{2069},{}",
        fields[0], fields[2]
    );
    std::fs::write(root.join("data/orgs.csv"), lines.join("\n") + "\n").unwrap();
    let (_tmp, site) = build_into_temp(&root);
    for f in files_below(&site) {
        let bytes = std::fs::read(site.join(&f)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(['\u{202E}', '\u{2066}', '\u{2069}']),
            "{f} carries a bidi control"
        );
    }
}

/// Words and numbers of `text` that are no figure a reader can use: `inf`, `NaN` and numbers
/// of more than 15 digits.
fn not_numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            matches!(w.to_ascii_lowercase().as_str(), "inf" | "nan" | "infinity")
                || (w.len() > 15 && w.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn aggregates_at_the_edges_of_what_is_accepted_publish_no_inf_nan_or_endless_number() {
    assert_eq!(
        not_numbers("inf NaN 1234567890123456 info 123456789012345"),
        ["inf", "NaN", "1234567890123456"]
    );
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    super::opendata::copy_dir(&fixture("small"), &root);
    // Works without a scale or tasks (highest score 1000): ten million pupils a school, means
    // and deviations at 0 and at 1000, every mark in one column.
    let mut rows = String::from("year,procedure,subject,grade,org,participants,mark2,mark3,mark4,mark5,lowered,confirmed,raised,score_mean,score_sd\n");
    for (grade, year) in [(6, 2022), (7, 2022), (6, 2023)] {
        for (org, mean, sd, marks) in [
            ("s1", "1000", "1000", "0,0,0,10000000"),
            ("s2", "0", "0", "10000000,0,0,0"),
            ("s3", "999.99999", "0.00001", "0,0,10000000,0"),
            ("s4", "1000", "0", "0,10000000,0,0"),
        ] {
            rows.push_str(&format!(
                "{year},VPR,ru,{grade},{org},10000000,{marks},10000000,0,0,{mean},{sd}\n"
            ));
        }
    }
    std::fs::write(root.join("data/aggregates/edges.csv"), rows).unwrap();
    let (_out, site) = build_into_temp(&root);
    let mut found = Vec::new();
    for file in files_below(&site) {
        let text = super::site_text(&site.join(&file));
        for word in not_numbers(&text) {
            found.push(format!("{file}: {word}"));
        }
    }
    assert!(found.is_empty(), "{found:#?}");
    let results = std::fs::read_to_string(site.join("opendata/results.csv")).unwrap();
    assert!(
        results.contains(",10000000,"),
        "the edge rows are published"
    );
}

/// Two files whose names differ only in letter case cannot both exist on Windows or macOS, so
/// the project is written here rather than kept as a fixture.
#[cfg(target_os = "linux")]
#[test]
fn page_addresses_that_differ_only_in_letter_case_are_errors_naming_both_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    super::opendata::copy_dir(&fixture("small"), &root);
    for (rel, title) in [
        ("Contacts.md", "Контакты"),
        ("contacts.md", "контакты"),
        ("Info/school.md", "О школе"),
        ("info/School.md", "о школе"),
        ("Search.md", "Поиск"),
    ] {
        let path = root.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("---\ntitle: {title}\n---\nТекст\n")).unwrap();
    }
    let errors = oko::check(&root).unwrap_err().to_string();
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(
        lines,
        [
            "content/Search.md: не удалось составить адрес страницы из имени файла: используйте латинские буквы, цифры, - и _, но не region, municipality, school, assets, opendata, methodology, search, 404 (найдено: \"Search.md\")",
            "content/contacts.md: не удалось добавить страницу: её адрес contacts/ отличается от адреса страницы content/Contacts.md только регистром букв (на Windows и macOS одна заменила бы другую); переименуйте один из файлов",
            "content/info/School.md: не удалось добавить страницу: её адрес info/School/ отличается от адреса страницы content/Info/school.md только регистром букв (на Windows и macOS одна заменила бы другую); переименуйте один из файлов",
            "3 ошибки во входных данных",
        ]
    );
}

#[test]
fn a_build_replaces_only_a_folder_oko_wrote_or_an_empty_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = fixture("small");
    // A Pages clone: index.html, CNAME and .git, but no marker.
    let clone = tmp.path().join("clone");
    std::fs::create_dir_all(clone.join(".git")).unwrap();
    std::fs::write(clone.join("index.html"), "<p>live site</p>").unwrap();
    std::fs::write(clone.join("CNAME"), "example.org").unwrap();
    let got = super::oko_build(&root, &clone, &[]);
    let stderr = String::from_utf8_lossy(&got.stderr);
    assert_eq!(got.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("не стану заменять `{}`", clone.display()))
            && stderr.contains("нет файла .oko-site"),
        "{stderr}"
    );
    assert!(clone.join(".git").is_dir() && clone.join("CNAME").is_file());
    // An empty folder is taken; the site it gets carries the marker, and so is replaced again.
    let out = tmp.path().join("empty");
    std::fs::create_dir(&out).unwrap();
    assert!(super::oko_build(&root, &out, &[]).status.success());
    let marker = std::fs::read(out.join(".oko-site")).unwrap();
    assert!(super::oko_build(&root, &out, &[]).status.success());
    assert_eq!(std::fs::read(out.join(".oko-site")).unwrap(), marker);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("oko-site"), "{sitemap}");
}
