//! `oko import fisoko` and `oko import markers` on real-shaped workbooks (see [`super::exports`]):
//! a starter project from `oko new`, a folder of exports, a three-year marker list, then
//! `oko check` and `oko build` with no hand edits.
//! They run in English (`--lang en`, [`oko_en`]).

use super::exports::{self, SCHOOLS};
use super::oko;

/// `oko` in English, so that the assertions read the refusal reasons as written.
fn oko_en(args: &[&str]) -> std::process::Output {
    oko(&[&["--lang", "en"], args].concat())
}
use std::path::Path;

fn ok(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// Reads a CSV with the csv crate: header and rows, every row as long as the header.
fn table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    super::files_below(root)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(root.join(f)).unwrap()))
        .collect()
}

/// A folder of exports as a region keeps them: one folder per grade, files named by subject.
fn exports_folder(dir: &Path) {
    for (grade, subject) in [
        (4, "Русский язык"),
        (4, "Математика"),
        (5, "Математика"),
        (8, "Математика"),
    ] {
        let folder = dir.join(grade.to_string());
        std::fs::create_dir_all(&folder).unwrap();
        exports::protocol(
            &folder.join(format!("{subject}.xlsx")),
            grade,
            12,
            "2021-04-20",
        );
    }
}

#[test]
fn a_folder_of_protocols_and_a_marker_list_import_into_a_new_project_that_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let p = root.to_str().unwrap();
    ok(&oko_en(&["new", p]));
    let dir = tmp.path().join("exports");
    exports_folder(&dir);

    let stderr = ok(&oko_en(&[
        "import",
        "fisoko",
        dir.to_str().unwrap(),
        "--root",
        p,
    ]));
    // 3 schools × 12 pupils, one absent in each: 33 rows per file, 4 files.
    assert!(
        stderr.contains("imported 4 files: 132 rows, 0 refused; 0 files failed"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "33 rows, 3 absent, 0 refused, 3 schools (3 new, 0 unchanged, 0 replaced), \
             2 municipalities, 6 tasks, 0 without a valid total → data/results/2021/reg220000/vpr_ma_4.csv"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("do not add up to «Итого баллов»"),
        "{stderr}"
    );
    assert!(
        stderr.contains("not scored (such as «не пройд.»)"),
        "{stderr}"
    );

    // orgs.csv keeps the starter's 8 columns; every `id | name` cell split alike.
    let (header, orgs) = table(&root.join("data/orgs.csv"));
    assert_eq!(header.len(), 8);
    assert!(orgs.iter().all(|r| r.len() == 8));
    let find = |id: &str| orgs.iter().find(|r| r[0] == id).cloned();
    assert_eq!(
        find("reg220000").unwrap()[1..4],
        ["Алтайский край", "region", ""]
    );
    assert!(
        find("reg22").is_none(),
        "the region is not duplicated under its code"
    );
    assert_eq!(
        find("reg22_m045").unwrap()[1..4],
        ["Табунский район", "municipality", "reg220000"]
    );
    assert_eq!(
        find("sch220206").unwrap()[1..4],
        ["МБОУ «Табунская СОШ», с. Табуны", "school", "reg22_m045"]
    );
    assert_eq!(
        find("sch220301").unwrap()[1],
        "МКОУ Родинская СОШ №1 филиал"
    );

    // Each work became one results file of its region with the pupils' task points.
    let files = super::files_below(&root.join("data/results/2021"));
    assert_eq!(
        files,
        [
            "reg220000/vpr_ma_4.csv",
            "reg220000/vpr_ma_5.csv",
            "reg220000/vpr_ma_8.csv",
            "reg220000/vpr_ru_4.csv"
        ]
    );
    let ma8 = &files[2];
    let (header, rows) = table(&root.join("data/results/2021").join(ma8));
    assert_eq!(header.last().unwrap(), "tasks");
    assert_eq!(rows.len(), 33);
    assert!(
        rows.iter().all(|r| r[4].starts_with("sch22")),
        "the login, never the name"
    );
    assert!(rows.iter().any(|r| r[11].contains('X')), "X and Х become X");
    assert!(rows.iter().all(|r| r[11].split('|').count() == 6));
    assert!(
        !std::fs::read_to_string(root.join("data/results/2021").join(ma8))
            .unwrap()
            .contains("Ж"),
        "gender is never written"
    );

    let (_, tasks) = table(&root.join("data/tasks.csv"));
    let ma8_tasks: Vec<(&str, &str)> = tasks
        .iter()
        .filter(|r| r[..4] == ["2021", "VPR", "ma", "8"])
        .map(|r| (r[4].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(
        ma8_tasks,
        [
            ("1", "1"),
            ("5", "1"),
            ("16 (1)", "1"),
            ("16 (2)", "1"),
            ("17К1", "2"),
            ("17К2", "2")
        ]
    );

    let list = tmp.path().join("Признаки необъективности.xlsx");
    exports::marker_list(&list);
    let stderr = ok(&oko_en(&[
        "import",
        "markers",
        list.to_str().unwrap(),
        "--root",
        p,
    ]));
    assert!(
        stderr.contains("8 flags of 4 schools in 2019, 2020, 2021"),
        "{stderr}"
    );
    let (_, flags) = table(&root.join("data/official_markers.csv"));
    assert!(flags.contains(
        &["2021", "VPR", "ma", "5", "sch229999"]
            .map(String::from)
            .to_vec()
    ));
    let (_, orgs) = table(&root.join("data/orgs.csv"));
    let kulunda = orgs.iter().find(|r| r[0] == "sch229999").unwrap();
    assert_eq!(
        kulunda[3], "reg220000-mun-kulundinskii-raion",
        "a municipality named only gets an id from its name and region"
    );
    let mun = orgs
        .iter()
        .find(|r| r[0] == "reg220000-mun-kulundinskii-raion")
        .unwrap();
    assert_eq!(
        mun[3], "reg220000",
        "in the region of the list's known schools"
    );
    assert!(
        !orgs.iter().any(|r| r[0].contains("mun-tabun")),
        "Табунский район matched by name"
    );

    let stderr = ok(&oko_en(&["check", "--root", p]));
    assert!(stderr.contains("no errors"), "{stderr}");
    let site = tmp.path().join("site");
    ok(&super::oko_build(&root, &site, &[]));
    let school = std::fs::read_to_string(site.join("school/sch220206/index.html")).unwrap();
    assert!(
        school.contains("Официальный перечень ФИС ОКО"),
        "the school page shows the list"
    );
    assert!(school.contains("ВПР · Математика · 4\u{a0}кл."), "{school}");
    let region = std::fs::read_to_string(site.join("region/reg220000/index.html")).unwrap();
    assert!(region.contains("Школы в перечне ФИС ОКО по годам"));
    let (_, markers) = table(&site.join("opendata/markers.csv"));
    assert_eq!(markers.iter().filter(|r| r[4] == "official").count(), 8);

    // Importing the same exports and list again changes nothing.
    let before = snapshot(&root);
    ok(&oko_en(&[
        "import",
        "fisoko",
        dir.to_str().unwrap(),
        "--root",
        p,
    ]));
    ok(&oko_en(&[
        "import",
        "markers",
        list.to_str().unwrap(),
        "--root",
        p,
    ]));
    assert_eq!(snapshot(&root), before, "a second import changes nothing");
}

#[test]
fn a_region_with_only_an_official_list_builds_with_counts_and_no_index() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::write(
        root.join("data/orgs.csv"),
        "id,name,kind,parent\naltai,Алтайский край,region,\n",
    )
    .unwrap();
    let list = tmp.path().join("list.xlsx");
    exports::marker_list(&list);
    ok(&oko_en(&[
        "import",
        "markers",
        list.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ]));
    let site = tmp.path().join("site");
    ok(&super::oko_build(&root, &site, &[]));
    let region = std::fs::read_to_string(site.join("region/altai/index.html")).unwrap();
    assert!(region.contains("Школы в перечне ФИС ОКО по годам"));
    let (_, indices) = table(&site.join("opendata/indices.csv"));
    assert!(
        indices.iter().all(|r| r[5].is_empty()),
        "no index without evaluated schools: {indices:?}"
    );
}

#[test]
fn the_older_pupil_sheet_keeps_its_task_points_and_takes_the_assessment_from_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let file = tmp.path().join("2021/4/Математика.xlsx");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    exports::pupil_sheet(&file);
    let stderr = ok(&oko_en(&[
        "import",
        "fisoko",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--procedure",
        "ВПР",
    ]));
    assert!(
        stderr.contains("2 rows, 0 absent, 0 refused, 1 schools"),
        "{stderr}"
    );
    let written = super::files_below(&root.join("data/results/2021"));
    let (_, rows) = table(&root.join("data/results/2021").join(&written[0]));
    assert_eq!(
        rows[0],
        [
            "2021",
            "VPR",
            "ma",
            "4",
            "sch220206",
            "20001",
            "3",
            "",
            "4",
            "4А",
            "1",
            "1|2"
        ]
        .map(String::from)
    );
    let (_, tasks) = table(&root.join("data/tasks.csv"));
    assert_eq!(
        tasks[1],
        ["2021", "VPR", "ma", "4", "2", "", "", "", "", ""].map(String::from),
        "no stated maximum"
    );
    // No municipality in this layout: the school goes to a placeholder of its region.
    let (_, orgs) = table(&root.join("data/orgs.csv"));
    assert!(
        orgs.iter()
            .any(|r| r[0] == "sch220206" && r[3].ends_with("-mun-unknown")),
        "{orgs:?}"
    );
    ok(&oko_en(&["check", "--root", root.to_str().unwrap()]));
}

#[test]
fn says_which_flags_are_needed_when_neither_name_nor_contents_tell() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("выгрузка.xlsx");
    exports::pupil_sheet(&file);
    let out = oko_en(&[
        "import",
        "fisoko",
        file.to_str().unwrap(),
        "--root",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("give --year, --procedure, --subject"),
        "{stderr}"
    );
}

#[test]
fn a_row_that_cannot_be_imported_is_refused_by_row_and_reason_and_the_project_still_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let file = tmp.path().join("4/Математика.xlsx");
    // A protocol whose second pupil has «Итого баллов» that is no number, and a bad login.
    exports::text_protocol(
        &file,
        &[
            &[
                "Пользователь",
                "Регион",
                "Муниципалитет",
                "Школа",
                "Дата загрузки",
                "Код",
                "Вариант",
                "1 (1б)",
                "Итого баллов",
            ],
            &[
                "sch1",
                "reg220000 | Алтайский край",
                "reg22_m045 | Табунский район",
                "sch1 | Школа",
                "2021-04-20",
                "1",
                "1",
                "1",
                "1",
            ],
            &[
                "sch1",
                "reg220000 | Алтайский край",
                "reg22_m045 | Табунский район",
                "sch1 | Школа",
                "2021-04-20",
                "2",
                "1",
                "1",
                "много",
            ],
            &[
                "../etc",
                "reg220000 | Алтайский край",
                "reg22_m045 | Табунский район",
                "x | Школа",
                "2021-04-20",
                "3",
                "1",
                "0",
                "0",
            ],
            &[
                "sch1",
                "reg220000 | Алтайский край",
                "reg22_m045 | Табунский район",
                "sch1 | Школа",
                "2021-04-20",
                "4,\n2021,VPR,ma,4,sch1,5",
                "1",
                "0",
                "0",
            ],
        ],
    );
    let stderr = ok(&oko_en(&[
        "import",
        "fisoko",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ]));
    assert!(
        stderr.contains("row 3: refused: the total score «много» is not a whole number ≥ 0"),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 4: refused: the school login «../etc» is not an id"),
        "{stderr}"
    );
    assert!(stderr.contains("2 rows, 0 absent, 2 refused"), "{stderr}");
    // The participant code with a comma and a line break stays one field of one row.
    let written = super::files_below(&root.join("data/results/2021"));
    let (_, rows) = table(&root.join("data/results/2021").join(&written[0]));
    assert_eq!(rows.len(), 2);
    ok(&oko_en(&["check", "--root", root.to_str().unwrap()]));
}

#[test]
fn every_school_of_the_exports_is_in_orgs_csv_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let dir = tmp.path().join("exports");
    exports_folder(&dir);
    ok(&oko_en(&[
        "import",
        "fisoko",
        dir.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ]));
    let (_, orgs) = table(&root.join("data/orgs.csv"));
    for s in SCHOOLS {
        assert_eq!(
            orgs.iter().filter(|r| r[0] == s.login).count(),
            1,
            "{}",
            s.login
        );
    }
    // region, two municipalities, three schools
    assert_eq!(orgs.len(), 6, "{orgs:?}");
}

#[test]
fn hostile_workbooks_are_errors_with_their_path_never_an_allocation() {
    use oko::import::workbook::{read, Limits};
    let tmp = tempfile::tempdir().unwrap();
    // A sheet whose cells claim the last column of the grid.
    let far = tmp.path().join("far.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Пользователь").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&far).unwrap();
    let e = read(&far, &Limits::default())
        .err()
        .expect("refused")
        .to_string();
    assert!(
        e.contains("far.xlsx") && e.contains("дальше 1024 столбцов"),
        "{e}"
    );
    // A workbook that unpacks to more than the limit (the limit lowered to stand for gigabytes).
    let big = tmp.path().join("4/Математика.xlsx");
    std::fs::create_dir_all(big.parent().unwrap()).unwrap();
    exports::protocol(&big, 4, 12, "2021-04-20");
    let small = Limits {
        unpacked_bytes: 20_000,
        ..Limits::default()
    };
    let e = read(&big, &small).err().expect("refused").to_string();
    assert!(
        e.contains("Математика.xlsx") && e.contains("больше 20000 байт"),
        "{e}"
    );
    // More cells than allowed.
    let few = Limits {
        cells: 100,
        ..Limits::default()
    };
    let e = read(&big, &few).err().expect("refused").to_string();
    assert!(e.contains("больше 100 ячеек"), "{e}");
    // Not a workbook at all, and an .xls.
    let junk = tmp.path().join("junk.xlsx");
    std::fs::write(&junk, b"PK\x03\x04 not really").unwrap();
    let e = read(&junk, &Limits::default())
        .err()
        .expect("refused")
        .to_string();
    assert!(e.contains("junk.xlsx"), "{e}");
    let xls = tmp.path().join("old.xls");
    std::fs::write(&xls, b"\xD0\xCF\x11\xE0").unwrap();
    let e = read(&xls, &Limits::default())
        .err()
        .expect("refused")
        .to_string();
    assert!(e.contains("ожидается файл .xlsx"), "{e}");
}

/// A workbook written by hand: one sheet of `cells` (row, column, shared string index) and the
/// shared strings `strings`.
fn shared_string_workbook(path: &Path, strings: &[&str], cells: &[(u32, u32, usize)]) {
    use std::io::Write;
    let column = |mut c: u32| {
        let mut name = String::new();
        c += 1;
        while c > 0 {
            name.insert(0, char::from(b'A' + ((c - 1) % 26) as u8));
            c = (c - 1) / 26;
        }
        name
    };
    let mut sheet = String::from("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
    let mut row_open = None;
    for &(r, c, s) in cells {
        if row_open != Some(r) {
            if row_open.is_some() {
                sheet.push_str("</row>");
            }
            sheet.push_str(&format!("<row r=\"{}\">", r + 1));
            row_open = Some(r);
        }
        sheet.push_str(&format!(
            "<c r=\"{}{}\" t=\"s\"><v>{s}</v></c>",
            column(c),
            r + 1
        ));
    }
    if row_open.is_some() {
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let mut shared = format!("<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{0}\" uniqueCount=\"{0}\">", strings.len());
    for s in strings {
        shared.push_str(&format!("<si><t>{s}</t></si>"));
    }
    shared.push_str("</sst>");
    let parts = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>".to_owned()),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_owned()),
        ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Протокол\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".to_owned()),
        ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>".to_owned()),
        ("xl/sharedStrings.xml", shared),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_shared_string_in_many_cells_is_refused_before_any_cell_is_kept() {
    use oko::import::workbook::{read, Limits};
    let tmp = tempfile::tempdir().unwrap();
    // One shared string of 4,000 bytes in 70,000 cells: 280 MB of text (more than the default
    // 256 MiB) from a file of a few hundred kilobytes.
    let long = "ш".repeat(2000);
    let mut cells = vec![(0, 2000, 0)];
    cells.extend((0..70_000u32).map(|i| (1 + i / 10, i % 10, 0)));
    let bomb = tmp.path().join("bomb.xlsx");
    shared_string_workbook(&bomb, &[&long], &cells);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1 << 20);
    let e = read(&bomb, &Limits::default())
        .err()
        .expect("refused")
        .to_string();
    // Reading cells would have stopped at the first one, beyond the column limit: the text was
    // counted before any cell was kept.
    assert!(
        e.contains("bomb.xlsx") && e.contains("больше 268435456 байт"),
        "{e}"
    );
    // At the limit: the text of ten references to «абв» (6 bytes each) is 60 bytes.
    let small = tmp.path().join("small.xlsx");
    let ten: Vec<_> = (0..10).map(|c| (0, c, 0)).collect();
    shared_string_workbook(&small, &["абв"], &ten);
    let at = |text_bytes| {
        read(
            &small,
            &Limits {
                text_bytes,
                ..Limits::default()
            },
        )
    };
    let sheets = at(60).expect("60 bytes are within 60");
    assert_eq!(sheets[0].rows[0], vec!["абв"; 10]);
    let e = at(59).err().expect("refused").to_string();
    assert!(e.contains("больше 59 байт"), "{e}");
}

#[test]
fn a_header_two_rows_deep_takes_the_task_labels_from_the_second_row() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let file = tmp.path().join("2022/5/Математика.xlsx");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Протокол").unwrap();
    exports::write_rows(
        ws,
        0,
        &[&["Пользователь", "Муниципалитет", "Школа", "Код", "Вариант"]],
    );
    ws.merge_range(0, 5, 0, 7, "Задания", &rust_xlsxwriter::Format::new())
        .unwrap();
    ws.write_string(0, 8, "Итого баллов").unwrap();
    exports::write_rows(
        ws,
        1,
        &[
            &["", "", "", "", "", "1 (1б)", "2 (2б)", "3 (1б)"],
            &[
                "sch1",
                "reg22_m1 | Район",
                "sch1 | Школа",
                "7",
                "2",
                "1",
                "2",
                "0",
                "3",
            ],
        ],
    );
    wb.save(&file).unwrap();
    let stderr = ok(&oko_en(&[
        "import",
        "fisoko",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ]));
    assert!(
        stderr.contains("1 rows, 0 absent, 0 refused, 1 schools (1 new, 0 unchanged, 0 replaced), 1 municipalities, 3 tasks"),
        "{stderr}"
    );
    let (_, tasks) = table(&root.join("data/tasks.csv"));
    let labels: Vec<&str> = tasks.iter().map(|r| r[4].as_str()).collect();
    assert_eq!(labels, ["1", "2", "3"]);
    ok(&oko_en(&["check", "--root", root.to_str().unwrap()]));
}

#[test]
fn a_protocol_whose_logins_are_only_in_the_school_cells_imports_by_them() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let file = tmp.path().join("2023/4/Русский язык.xlsx");
    exports::text_protocol(
        &file,
        &[
            &[
                "Регион",
                "Муниципалитет",
                "Школа",
                "Код",
                "Вариант",
                "1 (1б)",
                "Итого баллов",
            ],
            &[
                "reg220000 | Алтайский край",
                "reg22_m045 | Табунский район",
                "sch220206 | МБОУ Табунская СОШ",
                "10001",
                "1",
                "1",
                "1",
            ],
        ],
    );
    ok(&oko_en(&[
        "import",
        "fisoko",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--procedure",
        "VPR",
    ]));
    let (_, orgs) = table(&root.join("data/orgs.csv"));
    assert!(
        orgs.iter()
            .any(|r| r[0] == "sch220206" && r[1] == "МБОУ Табунская СОШ"),
        "{orgs:?}"
    );
    ok(&oko_en(&["check", "--root", root.to_str().unwrap()]));
}
