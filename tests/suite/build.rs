//! Building valid projects: the pages exist, every link resolves, the inputs' quirks are read.

use super::{
    build_into_temp, demo_root, files_below, fixture, links::broken_links, links::links_in,
};
use std::collections::BTreeSet;

#[test]
fn builds_the_small_fixture_with_every_page_and_no_broken_link() {
    let (_tmp, site) = build_into_temp(&fixture("small"));
    let files = files_below(&site);
    for page in [
        "index.html",
        "region/r1/index.html",
        "municipality/m1/index.html",
        "municipality/m2/index.html",
        "school/s1/index.html",
        "school/s4/index.html",
        "school/s1/plan/2022-2023/index.html",
        "region/r1/plan/system/index.html",
        "about/index.html",
        "assets/style.css",
    ] {
        assert!(
            files.contains(&page.to_string()),
            "{page} missing from {files:?}"
        );
    }
    assert_eq!(broken_links(&site), Vec::<String>::new());
}

/// Pages reachable from index.html by following relative links.
fn reachable(site: &std::path::Path) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue = vec!["index.html".to_string()];
    while let Some(page) = queue.pop() {
        if !seen.insert(page.clone()) {
            continue;
        }
        let html = std::fs::read_to_string(site.join(&page)).unwrap();
        let dir = std::path::Path::new(&page).parent().unwrap().to_path_buf();
        for link in links_in(&html) {
            if link.contains(':') || !link.ends_with(".html") {
                continue;
            }
            let mut parts: Vec<String> = dir
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            for seg in link.split('/') {
                match seg {
                    ".." => {
                        parts.pop();
                    }
                    s => parts.push(s.to_owned()),
                }
            }
            queue.push(parts.join("/"));
        }
    }
    seen
}

#[test]
fn the_demo_home_reaches_every_municipality_school_and_plan_page() {
    let (_tmp, site) = build_into_temp(&demo_root());
    let pages: BTreeSet<String> = files_below(&site)
        .into_iter()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    let wanted: BTreeSet<String> = pages
        .iter()
        .filter(|p| {
            ["region/", "municipality/", "school/"]
                .iter()
                .any(|k| p.starts_with(k))
        })
        .cloned()
        .collect();
    assert!(wanted.len() > 30, "{wanted:?}");
    assert!(wanted.contains("school/sch070102/plan/2022-2023/index.html"));
    assert!(wanted.contains("region/kbr/plan/2020-2022/index.html"));
    let seen = reachable(&site);
    let missing: Vec<_> = wanted.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "not reachable from index.html: {missing:?}"
    );
    assert_eq!(broken_links(&site), Vec::<String>::new());
}

#[test]
fn reads_windows_1251_semicolon_russian_headers_and_aggregates() {
    let (project, warnings) = oko::load_project(&fixture("small")).unwrap();
    assert!(warnings.is_empty());
    let ru = project.subjects.find("ru").unwrap();
    let s1 = project.orgs.find("s1").unwrap();
    let ru_cells: Vec<_> = project
        .cells
        .iter()
        .filter(|(k, _)| k.key.subject == ru)
        .collect();
    assert_eq!(ru_cells.len(), 2, "one Russian cell each for s1 and s3");
    assert!(ru_cells
        .iter()
        .any(|(k, c)| k.org == s1 && c.participants == 10));
    let s4 = project.orgs.find("s4").unwrap();
    let agg = project.cells.iter().find(|(k, _)| k.org == s4).unwrap().1;
    assert_eq!(agg.participants, 20);
    assert_eq!(
        agg.moments.unwrap().mean,
        11.5,
        "decimal comma in score_mean"
    );
    assert_eq!(agg.marks, Some([2, 6, 8, 4]));
}

#[test]
fn plan_pages_show_measures_and_never_run_their_script() {
    let (_tmp, site) = build_into_temp(&fixture("small"));
    let html = std::fs::read_to_string(site.join("school/s1/plan/2022-2023/index.html")).unwrap();
    assert!(html.contains("видеонаблюдение на ВПР"));
    assert!(html.contains("заместитель директора"));
    assert!(html.contains("href=\"https://example.org/report.pdf\""));
    assert!(html.contains("<strong>журналом</strong>"));
    assert!(
        !html.contains("<script"),
        "script from a plan note reached the page"
    );
    // The tab names whose plan it is; the breadcrumb, which shows the school, names the plan.
    assert!(
        html.contains("<title>План мероприятий школы №1 — Школа №1 — "),
        "{}",
        &html[..400]
    );
    assert!(html.contains("<li aria-current=\"page\">План мероприятий школы №1</li>"));
}

#[test]
fn small_cells_are_not_published() {
    let (_tmp, site) = build_into_temp(&fixture("small"));
    let html = std::fs::read_to_string(site.join("school/s2/index.html")).unwrap();
    assert!(html.contains("менее 10 участников"));
    for file in files_below(&site) {
        let text = super::site_text(&site.join(&file));
        assert!(
            !text.contains("CANARY"),
            "a participant code reached {file}"
        );
    }
}

#[test]
fn charts_are_images_with_a_title_a_description_and_a_table() {
    let (_tmp, site) = build_into_temp(&demo_root());
    for page in [
        "region/kbr/index.html",
        "municipality/chegem/index.html",
        "school/sch070105/index.html",
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        let charts = html.matches("<svg class=\"chart\"").count();
        assert!(charts >= 2, "{page}: {charts} charts");
        // The region's map is a labelled group of links (an image may not hold links), whose
        // text alternative is the table below it.
        let maps = html.matches("<svg class=\"map\" viewBox").count();
        assert_eq!(maps, usize::from(page.starts_with("region/")), "{page}");
        assert_eq!(
            html.matches("role=\"group\" aria-label=").count(),
            maps,
            "{page}"
        );
        assert_eq!(html.matches("role=\"img\"").count(), charts, "{page}");
        assert_eq!(html.matches("<desc id=").count(), charts, "{page}");
        assert_eq!(
            html.matches("<summary>Данные графика</summary>").count(),
            charts,
            "{page}: a table beside every chart"
        );
        assert!(
            !html.contains("fill=\"#0"),
            "{page}: chart colours come from CSS classes"
        );
    }
}

#[test]
fn the_site_has_search_404_sitemap_and_robots() {
    let (_tmp, site) = build_into_temp(&fixture("small"));
    for file in [
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "assets/search.js",
        "assets/search-index.js",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    let index = std::fs::read_to_string(site.join("assets/search-index.js")).unwrap();
    assert!(
        index.starts_with("window.OKO_SEARCH = [") && index.contains("Школа №1 первого района")
    );
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>school/s1/</loc>") && !sitemap.contains("404"));
}

#[test]
fn the_sitemap_lists_every_page_of_the_demo() {
    let (_tmp, site) = build_into_temp(&demo_root());
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let listed: std::collections::BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|l| l.split("</loc>").next().unwrap().to_owned())
        .collect();
    let pages: std::collections::BTreeSet<String> = files_below(&site)
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "404.html")
        .map(|f| match f.trim_end_matches("index.html") {
            "" => "./".to_owned(),
            dir => dir.to_owned(),
        })
        .collect();
    assert_eq!(listed, pages, "sitemap.xml and the pages written differ");
    assert!(listed.contains("opendata/"));
}

#[test]
fn with_a_base_url_the_sitemap_is_absolute_and_links_stay_relative() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let options = oko::BuildOptions {
        root: fixture("small"),
        out: out.clone(),
        base_url: Some("https://example.github.io/oko/".into()),
        org: None,
        release: false,
    };
    oko::build(&options).unwrap();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.github.io/oko/school/s1/</loc>"));
    assert!(std::fs::read_to_string(out.join("robots.txt"))
        .unwrap()
        .contains("Sitemap: https://example.github.io/oko/sitemap.xml"));
    assert_eq!(broken_links(&out), Vec::<String>::new());
}

#[test]
fn a_school_report_opens_with_its_verdict_and_the_measures_that_answer_them() {
    let (project, _) = oko::load_project(&demo_root()).unwrap();
    let ind = oko::indicators::compute(&project, false);
    let school = project.orgs.find("sch070102").unwrap();
    let markers: Vec<String> = ind
        .hits_of(school, 2023)
        .iter()
        .map(|h| h.marker.label(project.lang()))
        .collect();
    let (_tmp, site) = build_into_temp(&demo_root());
    let html = std::fs::read_to_string(site.join("school/sch070102/index.html")).unwrap();
    // The verdict comes first: the newest year, each sign with the works that raised it.
    let summary =
        &html[html.find("class=\"verdict").unwrap()..html.find("id=\"works-h\"").unwrap()];
    assert!(summary.contains("2023 год: найдены признаки"));
    // and whom to ask: the demo's config.yaml names its contact
    assert!(
        summary.contains("вопросы о данных и признаках: <a href=\"mailto:oko-demo@example.org\">")
    );
    assert!(!markers.is_empty());
    for label in &markers {
        assert!(summary.contains(label), "{label} missing from the verdict");
    }
    if markers.iter().any(|m| m == "Завышенный средний балл") {
        assert!(
            summary.contains("обеспечение видеонаблюдения"),
            "a measure with answers: [inflated_mean] is listed"
        );
    }
    let plan =
        std::fs::read_to_string(site.join("school/sch070102/plan/2022-2023/index.html")).unwrap();
    assert!(plan.contains("Отвечает на признаки"));
    assert!(plan.contains("methodology/index.html#no_observation"));
}
