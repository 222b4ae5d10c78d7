//! The site in English (`language: en`): every word oko itself writes comes from the catalogue's
//! English side. The attack: a project whose own texts (names, plans, pages) are all English, so
//! any Cyrillic left on its pages was written by oko.

use super::{build_into_temp, fixture};
use std::path::Path;

/// The `small` fixture with English names, plans and pages, and `language: en`.
fn english_project(root: &Path) {
    super::opendata::copy_dir(&fixture("small"), root);
    let orgs = "id,name,kind,parent,short_name,profile\n\
        r1,Test Region,region,,,\n\
        m1,First District,municipality,r1,,\n\
        m2,Second District,municipality,r1,,\n\
        s1,School One,school,m1,School 1,lyceum\n\
        s2,School Two,school,m1,,\n\
        s3,School Three,school,m2,,\n\
        s4,School Four,school,m2,,\n";
    std::fs::write(root.join("data/orgs.csv"), orgs).unwrap();
    std::fs::write(
        root.join("config.yaml"),
        "title: Test portal\nlanguage: en\nas_of: 2023-06-30\n",
    )
    .unwrap();
    let plan = "org: s1\ntitle: School One action plan\nperiod: 2022-2023\napproved: 2022-08-30\n\
        directions:\n  - title: Objective procedures\n    measures:\n\
        \x20     - text: video at the VPR\n        procedures: [VPR]\n        due: 2023-04-30\n\
        \x20       responsible: deputy head\n        status: done\n        answers: [inflated_mean]\n\
        \x20     - text: second marking\n        due: 2023-05-31\n        status: in_progress\n";
    std::fs::write(root.join("content/plan-s1.yaml"), plan).unwrap();
    let system = "org: r1\ntitle: Objectivity system\nlevels: true\nyears:\n  - year: 2022\n    rows:\n\
        \x20     - n: 1\n        region: Monitoring\n        municipality: \"-\"\n        school: Analysis\n";
    std::fs::write(root.join("content/system.yaml"), system).unwrap();
    std::fs::write(
        root.join("content/about.md"),
        "---\ntitle: About\n---\nAbout the portal.\n",
    )
    .unwrap();
}

/// Cyrillic outside «…» (the English text quotes Russian names of official documents).
fn cyrillic_words(text: &str) -> Vec<String> {
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '«' => depth += 1,
            '»' => depth = depth.saturating_sub(1),
            c if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    outside
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)))
        .map(str::to_owned)
        .collect()
}

/// The text between tags (attributes and SVG coordinates left out).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn an_english_site_has_no_russian_word_of_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    english_project(&root);
    let (_guard, site) = build_into_temp(&root);
    let mut checked = 0;
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        let path = entry.path();
        let name = path.to_string_lossy();
        let wanted = name.ends_with(".html") || name.ends_with(".js") || name.ends_with("meta.csv");
        if !entry.file_type().is_file() || !wanted {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        checked += 1;
        if name.ends_with(".html") {
            assert!(text.contains("<html lang=\"en\">"), "{name}");
        }
        let words = cyrillic_words(&text);
        if !words.is_empty() {
            found.push(format!("{}: {:?}", name, &words[..words.len().min(8)]));
        }
        // English numbers have a decimal point: no «85,2» in the text a reader sees.
        if name.ends_with(".html") {
            let visible = strip_tags(&text);
            let comma = visible
                .as_bytes()
                .windows(3)
                .position(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit());
            if let Some(at) = comma {
                let around: String = visible[at.saturating_sub(40)..].chars().take(80).collect();
                found.push(format!("{name}: a decimal comma in «{around}»"));
            }
        }
    }
    assert!(checked > 15, "{checked} files");
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The pages say it in English: a school report, its plan and the methodology.
    let school = std::fs::read_to_string(site.join("school/s1/index.html")).unwrap();
    assert!(
        school.contains("Plans and summary") && school.contains("Assessments of 2022"),
        "{school}"
    );
    let methodology = std::fs::read_to_string(site.join("methodology/index.html")).unwrap();
    assert!(methodology.contains("Signs by the FIOKO method"));
}

#[test]
fn the_same_project_in_russian_keeps_its_russian_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    english_project(&root);
    std::fs::write(
        root.join("config.yaml"),
        "title: Test portal\nas_of: 2023-06-30\n",
    )
    .unwrap();
    let (_guard, site) = build_into_temp(&root);
    let school = std::fs::read_to_string(site.join("school/s1/index.html")).unwrap();
    assert!(school.contains("<html lang=\"ru\">"));
    assert!(school.contains("Планы и справка") && school.contains("Главная"));
}
