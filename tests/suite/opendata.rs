//! Open data and the methodology page of a built site.

use super::{build_into_temp, fixture};

/// The header line of an open-data file, which must open with a byte-order mark.
fn header(site: &std::path::Path, file: &str) -> String {
    let text = std::fs::read_to_string(site.join("opendata").join(file)).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("{file} has no byte-order mark"));
    text.lines().next().unwrap().to_owned()
}

/// Rows of an open-data file read with the csv crate, by column name.
pub fn rows(site: &std::path::Path, file: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let bytes = std::fs::read(site.join("opendata").join(file)).unwrap();
    let mut r = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn every_open_data_file_opens_with_a_csv_reader_and_its_columns_have_their_types() {
    let (_tmp, site) = build_into_temp(&super::demo_root());
    let number = |v: &str| v.is_empty() || v.parse::<f64>().is_ok_and(f64::is_finite);
    let results = rows(&site, "results.csv");
    assert!(!results.is_empty());
    for r in &results {
        match r["suppressed"].as_str() {
            "0" => assert!(
                r["participants"].parse::<u32>().is_ok_and(|n| n >= 10),
                "{r:?}"
            ),
            "1" => assert!(
                r.iter()
                    .filter(|(k, _)| k.ends_with("_pct")
                        || *k == "score_mean"
                        || *k == "participants")
                    .all(|(_, v)| v.is_empty()),
                "{r:?}"
            ),
            other => panic!("suppressed {other:?}"),
        }
        for key in ["mark2_pct", "mark5_pct", "score_mean", "confirmed_pct"] {
            assert!(number(&r[key]), "{key} {r:?}");
        }
        assert!(r["year"].parse::<u16>().is_ok() && r["grade"].parse::<u8>().is_ok());
    }
    for r in rows(&site, "markers.csv") {
        assert!(number(&r["value"]) && number(&r["threshold"]), "{r:?}");
    }
    for r in rows(&site, "indices.csv") {
        assert!(r["evaluated"].parse::<u32>().is_ok() && number(&r["objectivity_index"]));
    }
    let published: std::collections::BTreeSet<(String, String, String, String)> = results
        .iter()
        .filter(|r| r["suppressed"] == "0")
        .map(|r| {
            (
                r["year"].clone(),
                r["org"].clone(),
                r["subject"].clone(),
                r["grade"].clone(),
            )
        })
        .collect();
    let tasks = rows(&site, "tasks.csv");
    assert!(tasks.len() > 1000, "the demo's task scores are analysed");
    for t in &tasks {
        let cell = (
            t["year"].clone(),
            t["org"].clone(),
            t["subject"].clone(),
            t["grade"].clone(),
        );
        assert!(
            published.contains(&cell),
            "task rows only for published cells: {t:?}"
        );
        assert!(t["max_points"].parse::<u16>().is_ok_and(|m| m > 0), "{t:?}");
        assert!(
            ["0", "1"].contains(&t["max_inferred"].as_str())
                && ["0", "1"].contains(&t["not_mastered"].as_str())
        );
        assert!(
            ["", "basic", "advanced", "high"].contains(&t["level"].as_str()),
            "{t:?}"
        );
        for k in ["school_pct", "municipality_pct", "region_pct"] {
            assert!(
                t[k].is_empty()
                    || t[k]
                        .parse::<f64>()
                        .is_ok_and(|v| (0.0..=100.0).contains(&v)),
                "{k} {t:?}"
            );
        }
    }
    let orgs = rows(&site, "orgs.csv");
    let ids: std::collections::BTreeSet<&str> = orgs.iter().map(|o| o["id"].as_str()).collect();
    for o in &orgs {
        assert!(["region", "municipality", "school"].contains(&o["kind"].as_str()));
        for k in ["parent", "municipality", "region"] {
            assert!(o[k].is_empty() || ids.contains(o[k].as_str()), "{k} {o:?}");
        }
    }
    assert!(
        orgs.iter().any(|o| o["name"].contains("Кешокова")),
        "names are in orgs.csv"
    );
    let meta = rows(&site, "meta.csv");
    let structure = meta
        .iter()
        .find(|m| m["property"] == "data-results.csv")
        .unwrap();
    assert!(
        structure["value"].contains("число участников"),
        "the structure is in Russian"
    );
}

#[test]
fn open_data_files_have_exactly_the_spec_columns() {
    let (_tmp, site) = build_into_temp(&fixture("small"));
    assert_eq!(
        header(&site, "markers.csv"),
        "year,region,municipality,org,marker,procedure,subject,grade,value,threshold"
    );
    assert_eq!(
        header(&site, "indices.csv"),
        "year,org,kind,evaluated,flagged,objectivity_index"
    );
    assert!(header(&site, "results.csv")
        .starts_with("year,region,municipality,org,procedure,subject,grade,participants,"));
    assert_eq!(
        header(&site, "tasks.csv"),
        "year,region,municipality,org,procedure,subject,grade,task,max_points,max_inferred,level,school_pct,municipality_pct,region_pct,not_mastered,skills,mark2_pct,mark3_pct,mark4_pct,mark5_pct"
    );
    assert_eq!(header(&site, "meta.csv"), "property,value");
    assert_eq!(
        header(&site, "orgs.csv"),
        "id,name,kind,parent,municipality,region"
    );
    let page = std::fs::read_to_string(site.join("opendata/index.html")).unwrap();
    for file in [
        "markers.csv",
        "indices.csv",
        "results.csv",
        "tasks.csv",
        "orgs.csv",
        "meta.csv",
    ] {
        assert!(
            page.contains(&format!("href=\"../opendata/{file}\"")),
            "open-data page links {file}"
        );
    }
}

#[test]
fn small_cells_appear_in_results_csv_without_figures() {
    let (_tmp, site) = build_into_temp(&fixture("small"));
    let results = std::fs::read_to_string(site.join("opendata/results.csv")).unwrap();
    let s2 = results.lines().find(|l| l.contains(",s2,")).unwrap();
    assert_eq!(s2, "2022,r1,m1,s2,VPR,ma,4,,1,,,,,,,,");
    let s4 = results.lines().find(|l| l.contains(",s4,")).unwrap();
    // aggregates: 2, 6, 8, 4 of 20 → 10 %, 30 %, 40 %, 20 %; mean 11,5 read with a decimal comma
    assert_eq!(
        s4,
        "2022,r1,m2,s4,VPR,ma,4,20,0,10.0,30.0,40.0,20.0,11.50,,,"
    );
}

/// The sheets of an open-data workbook, read back with calamine: name and rows.
fn workbook(site: &std::path::Path, file: &str) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::Reader;
    let mut book =
        calamine::open_workbook::<calamine::Xlsx<_>, _>(site.join("opendata").join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[calamine::Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// A CSV's rows as its workbook should hold them: a number column's fields numbers, empty
/// fields empty, the rest text without the apostrophe that guards formula-like text.
fn typed(
    site: &std::path::Path,
    table: &oko::render::opendata::Dataset,
) -> Vec<Vec<calamine::Data>> {
    use calamine::Data;
    let bytes = std::fs::read(site.join("opendata").join(table.file)).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    r.records()
        .enumerate()
        .map(|(line, rec)| {
            rec.unwrap()
                .iter()
                .zip(table.columns)
                .map(|(field, column)| match field {
                    "" => Data::Empty,
                    f if column.number && line > 0 => Data::Float(f.parse().unwrap()),
                    f => Data::String(oko::render::opendata::unguarded(f).to_owned()),
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_table_is_also_a_workbook_of_typed_cells_with_the_passport_as_its_second_sheet() {
    use calamine::Data;
    let (_tmp, site) = build_into_temp(&fixture("small"));
    let passport = typed(&site, &oko::render::opendata::META);
    for table in &oko::render::opendata::FILES {
        let xlsx = table.file.replace(".csv", ".xlsx");
        let sheets = workbook(&site, &xlsx);
        let stem = table.file.trim_end_matches(".csv");
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, [stem, "Паспорт"], "{xlsx}");
        assert_eq!(sheets[0].1, typed(&site, table), "{xlsx}");
        assert_eq!(sheets[1].1, passport, "{xlsx}");
    }
    // By hand: s4 of results.csv (aggregates 2, 6, 8, 4 of 20, mean 11,5), no confirmation.
    let (f, s) = (Data::Float, |t: &str| Data::String(t.to_owned()));
    let results = &workbook(&site, "results.xlsx")[0].1;
    let s4 = results.iter().find(|r| r[3] == s("s4")).unwrap();
    assert_eq!(
        s4,
        &[
            f(2022.0),
            s("r1"),
            s("m2"),
            s("s4"),
            s("VPR"),
            s("ma"),
            f(4.0),
            f(20.0),
            f(0.0),
            f(10.0),
            f(30.0),
            f(40.0),
            f(20.0),
            f(11.5),
            Data::Empty,
            Data::Empty,
            Data::Empty,
        ]
    );
    let page = std::fs::read_to_string(site.join("opendata/index.html")).unwrap();
    assert!(page.contains("href=\"../opendata/results.xlsx\""));
    let size = std::fs::metadata(site.join("opendata/orgs.csv"))
        .unwrap()
        .len();
    assert!(size < 10 * 1024, "the fixture's orgs.csv is small ({size})");
    let kb = format!("{:.1}", (size as f64 / 1024.0).max(0.1)).replace('.', ",");
    assert!(
        page.contains(&format!("{kb}\u{a0}КБ")),
        "orgs.csv's size {kb} КБ"
    );
}

#[test]
fn indices_csv_lists_every_region_and_municipality_every_year() {
    let (_tmp, site) = build_into_temp(&fixture("small"));
    let text = std::fs::read_to_string(site.join("opendata/indices.csv")).unwrap();
    let orgs: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(orgs, ["m1", "m2", "r1"]);
}

#[test]
fn the_methodology_page_shows_the_parameters_in_force() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("project");
    copy_dir(&fixture("small"), &root);
    std::fs::write(
        root.join("config.yaml"),
        "title: T\nmethodology:\n  z: 2.58\n  iqr_k: 1.5\n  min_group: 12\n  index_markers: [inflated_mean, boundary_peak]\n",
    )
    .unwrap();
    let (_t, site) = build_into_temp(&root);
    let html = std::fs::read_to_string(site.join("methodology/index.html")).unwrap();
    assert!(html.contains("z = 2,58"), "z in force");
    assert!(html.contains("k = 1,5"), "k in force");
    assert!(
        html.contains("не менее <strong>12</strong>"),
        "min_group in force"
    );
    let counted = html.matches("<td>да</td>").count();
    assert_eq!(counted, 2, "two markers counted in the index");
}

pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn names_and_a_title_a_spreadsheet_would_run_reach_open_data_only_with_an_apostrophe() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    copy_dir(&fixture("small"), &root);
    let names = [
        ("s1", "=HYPERLINK(\"http://x\";\"Школа\")"),
        ("s2", "+7 Школа"),
        ("s3", "-1+1 Школа"),
        ("s4", "@SUM(1) Школа"),
    ];
    let orgs_path = root.join("data/orgs.csv");
    let mut orgs = std::fs::read_to_string(&orgs_path).unwrap();
    for (id, name) in names {
        let line = orgs
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap();
        let fields: Vec<&str> = line.split(',').collect();
        orgs = orgs.replace(line, &format!("{id},{name},{}", fields[2..].join(",")));
    }
    std::fs::write(&orgs_path, orgs).unwrap();
    let config = root.join("config.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("title: Тестовый портал", "title: \"\\t=1+1\""),
    )
    .unwrap();
    let (_out, site) = build_into_temp(&root);
    let written: std::collections::BTreeMap<String, String> = rows(&site, "orgs.csv")
        .into_iter()
        .map(|r| (r["id"].clone(), r["name"].clone()))
        .collect();
    for (id, name) in names {
        assert_eq!(written[id], format!("'{name}"), "{id}");
    }
    let meta: std::collections::BTreeMap<String, String> = rows(&site, "meta.csv")
        .into_iter()
        .map(|r| (r["property"].clone(), r["value"].clone()))
        .collect();
    // A name's leading tab is trimmed when orgs.csv is read; the title keeps it.
    assert_eq!(meta["creator"], "'\t=1+1");
    assert!(
        meta["description"].contains("(')"),
        "{}",
        meta["description"]
    );
    // Numbers stay numbers, negative ones too.
    for r in rows(&site, "results.csv") {
        assert!(!r["score_mean"].starts_with('\''), "{r:?}");
    }
    // A workbook's text is never run: there the names are as they were written.
    let orgs = &workbook(&site, "orgs.xlsx")[0].1;
    for (id, name) in names {
        let row = orgs
            .iter()
            .find(|r| r[0] == calamine::Data::String(id.into()));
        assert_eq!(row.unwrap()[1], calamine::Data::String(name.into()), "{id}");
    }
}
