//! Charts that tell the truth at a glance, on the demo as built: the distribution of schools'
//! means counts exactly the schools the sign flagged (as the open data lists them), every value
//! axis ticks at round numbers, charts take their colours from the palette's classes only, and
//! every change has its unit.

use super::{build_into_temp, demo_root};
use std::path::Path;

/// The figure whose caption has the id `{id}-cap`: from its caption to the end of its table.
fn figure<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let at = html.find(&format!("<figcaption id=\"{id}-cap\""))?;
    let rest = &html[at..];
    Some(&rest[..rest.find("</details>")?])
}

/// The text of the first element after `open` (its content up to the next `<`).
fn text_after<'a>(html: &'a str, open: &str) -> &'a str {
    let at = html
        .find(open)
        .unwrap_or_else(|| panic!("{open} in {html}"))
        + open.len();
    html[at..].split('<').next().unwrap()
}

/// The cells of the table row whose header is `name`.
fn row<'a>(figure: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<tr><th scope=\"row\">{name}</th>");
    let at = figure.find(&open).unwrap_or_else(|| panic!("row {name}")) + open.len();
    let line = figure[at..].split("</tr>").next().unwrap();
    line.split("<td>")
        .skip(1)
        .map(|c| c.trim_end_matches("</td>"))
        .collect()
}

/// Rows of the open data's markers.csv as maps from column to value.
fn markers(site: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let text = std::fs::read_to_string(site.join("opendata/markers.csv")).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split(','))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A number as the Russian pages write it.
fn number(text: &str) -> Option<f64> {
    text.replace(',', ".").replace('−', "-").parse().ok()
}

#[test]
fn the_demo_charts_tell_the_truth() {
    let (_tmp, site) = build_into_temp(&demo_root());
    let markers = markers(&site);
    let read = |page: &str| std::fs::read_to_string(site.join(page)).unwrap();

    // The distribution of means, on the region's page and each municipality's: the schools it
    // hatches and counts are the schools the sign flagged in that work there, no more.
    for (page, column, area) in [
        ("region/kbr/index.html", "region", "kbr"),
        ("municipality/baksan/index.html", "municipality", "baksan"),
        ("municipality/chegem/index.html", "municipality", "chegem"),
        ("municipality/urvan/index.html", "municipality", "urvan"),
    ] {
        let html = read(page);
        let fig = figure(&html, "mean-distribution").unwrap_or_else(|| panic!("{page}"));
        // The demo's first work with the sign in 2023 (a fact of the demo, not of the chart).
        assert_eq!(
            text_after(fig, "<span class=\"chart-title\">"),
            "Средние баллы школ: ВПР · Русский язык · 4\u{a0}кл., 2023"
        );
        let flagged = markers
            .iter()
            .filter(|m| {
                m["year"] == "2023"
                    && m[column] == area
                    && m["marker"] == "inflated_mean"
                    && (
                        m["procedure"].as_str(),
                        m["subject"].as_str(),
                        m["grade"].as_str(),
                    ) == ("VPR", "ru", "4")
            })
            .count();
        assert!(flagged > 0, "{page}: the demo flags schools in this work");
        let hatched: f64 = row(fig, "из них с признаком «Завышенный средний балл»")
            .iter()
            .map(|c| number(c).unwrap())
            .sum();
        assert_eq!(hatched, flagged as f64, "{page}: the hatched bars");
        let reading = text_after(fig, "<span class=\"chart-reading\">");
        assert!(
            reading.contains(&format!("— у {flagged} школ")),
            "{page}: the caption counts {flagged}: {reading}"
        );
        let schools: f64 = row(fig, "Школ").iter().map(|c| number(c).unwrap()).sum();
        assert!(
            reading.contains(&format!(" из {schools} на графике")),
            "{page}: of the {schools} schools drawn: {reading}"
        );
    }

    // The municipality's chart of signs by school says that it counts signs × works.
    let baksan = read("municipality/baksan/index.html");
    let fig = figure(&baksan, "school-markers").unwrap();
    assert!(
        text_after(fig, "<span class=\"chart-reading\">")
            .ends_with("Признак, выявленный в двух работах, считается дважды."),
        "{fig}"
    );

    // Every change in the index tables has its unit.
    for page in ["region/kbr/index.html", "municipality/baksan/index.html"] {
        let html = read(page);
        let changes: Vec<&str> = html
            .split("</tr>")
            .filter_map(|r| Some(r.rsplit_once("<tr>")?.1))
            // the change is the cell after the index (in bold)
            .filter_map(|r| r.split("</strong></td>").nth(1))
            .filter_map(|r| r.strip_prefix("<td class=\"num\">")?.split("</td>").next())
            .filter(|c| !c.is_empty())
            .collect();
        assert!(!changes.is_empty(), "{page}: a table of the index by year");
        for c in changes {
            assert!(
                c.ends_with(" п.") && number(c.trim_end_matches(" п.")).is_some(),
                "{page}: «{c}»"
            );
        }
    }

    // Every chart of these pages: value axes at round steps from 0, and colours from the
    // palette's classes only.
    let palette = [
        "fs", "fm", "fr", "ff", "fu", "fl", "fc", "fh", "sa", "sx", "sb",
    ];
    let mut axes = 0;
    let mut pages: Vec<String> = ["region/kbr/index.html", "municipality/chegem/index.html"]
        .map(str::to_owned)
        .to_vec();
    // the schools' reports and the pages of their works of 2023, where the histograms are
    for school in ["sch070105", "sch050105", "sch070106"] {
        pages.push(format!("school/{school}/index.html"));
        let works = site.join(format!("school/{school}/2023"));
        let mut names: Vec<String> = std::fs::read_dir(&works)
            .unwrap()
            .map(Result::unwrap)
            // the works' folders (beside them the year's analysis.xlsx)
            .filter(|e| e.file_type().unwrap().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        pages.extend(
            names
                .iter()
                .map(|w| format!("school/{school}/2023/{w}/index.html")),
        );
    }
    for page in &pages {
        let html = read(page);
        for svg in html.split("<svg class=\"chart\"").skip(1) {
            let svg = svg.split("</svg>").next().unwrap();
            for class in svg.split(" class=\"").skip(1) {
                let class = class.split('"').next().unwrap();
                assert!(
                    ["m", "e"].contains(&class) || palette.contains(&class),
                    "{page}: class {class}"
                );
            }
            // The value axis's ticks: numbers written right-aligned, one per line.
            let ticks: Vec<f64> = svg
                .split("<text ")
                .skip(1)
                .filter(|t| t.contains("class=\"e\">"))
                .filter_map(|t| number(t.split('>').nth(1)?.split('<').next()?))
                .collect();
            if ticks.is_empty() {
                continue;
            }
            axes += 1;
            let step = ticks[1] - ticks[0];
            let magnitude = 10f64.powf(step.log10().floor());
            assert!(
                [1.0, 2.0, 5.0]
                    .iter()
                    .any(|m| (step / magnitude - m).abs() < 1e-9),
                "{page}: a step of {step}: {ticks:?}"
            );
            for (i, t) in ticks.iter().enumerate() {
                assert!((t - i as f64 * step).abs() < 1e-9, "{page}: {ticks:?}");
            }
        }
    }
    assert!(axes > 20, "{axes} value axes checked");
}
