//! `oko import fisoko`: realistic xlsx exports of both layouts, written with rust_xlsxwriter.

use super::oko;
use rust_xlsxwriter::Workbook;
use std::path::Path;

/// A «Протокол» sheet as ФИС ОКО exports it: text cells (in constant-memory mode, inline
/// strings), numbers stored as text, `X`/`Х` task cells, an absent pupil, two municipalities.
fn protocol(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().unwrap();
    ws.set_name("Протокол").unwrap();
    let header = [
        "Пользователь",
        "Код региона",
        "Регион",
        "Муниципалитет",
        "Школа",
        "Дата загрузки",
        "Код",
        "Вариант",
        "1 (1б)",
        "2 (2б)",
        "Наименование класса",
        "Пол",
        "Отметка за предыдущий триместр/ четверть/полугодие",
        "Итого баллов",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        (
            "sch220206",
            "reg22_m045 | Табунский муниципальный район",
            "МБОУ Табунская СОШ",
            "10001",
            "1",
            "1",
            "X",
            "4А",
            "4",
            "17",
        ),
        (
            "sch220206",
            "reg22_m045 | Табунский муниципальный район",
            "МБОУ Табунская СОШ",
            "10002",
            "2",
            "Х",
            "1",
            "4А",
            "5",
            "12",
        ),
        (
            "sch220206",
            "reg22_m045 | Табунский муниципальный район",
            "МБОУ Табунская СОШ",
            "10003",
            "отсутствовал",
            "",
            "",
            "4Б",
            "",
            "",
        ),
        (
            "sch220301",
            "reg22_m046 | Родинский район",
            "МКОУ Родинская СОШ №1",
            "10004",
            "1",
            "0",
            "0",
            "4А",
            "3",
            "6",
        ),
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        let cells = [
            row.0,
            "22",
            "Алтайский край",
            row.1,
            row.2,
            "2021-04-20",
            row.3,
            row.4,
            row.5,
            row.6,
            row.7,
            "М",
            row.8,
            row.9,
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, *v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

/// The older pupil sheet: numbers as numbers.
fn pupils(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let header = [
        "логин школы",
        "регион",
        "номер обучающегося",
        "код обучающегося",
        "отметка за предыдущую четверть/триместр",
        "пол",
        "класс",
        "вариант",
        "всего баллов",
        "балл за 1",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (code, mark, score)) in [("20001", 4.0, 30.0), ("20002", 3.0, 21.0)]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        ws.write_string(r, 0, "sch220206").unwrap();
        ws.write_string(r, 1, "Алтайский край").unwrap();
        ws.write_number(r, 2, r as f64).unwrap();
        ws.write_string(r, 3, *code).unwrap();
        ws.write_number(r, 4, *mark).unwrap();
        ws.write_string(r, 6, "4А").unwrap();
        ws.write_number(r, 7, 1.0).unwrap();
        ws.write_number(r, 8, *score).unwrap();
    }
    wb.save(path).unwrap();
}

/// Runs `oko import fisoko FILE --root ROOT EXTRA…`.
fn import(file: &Path, root: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "import",
        "fisoko",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    oko(&args)
}

#[test]
fn imports_a_protocol_sheet_adds_its_orgs_and_changes_nothing_when_repeated() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let dir = tmp.path().join("exports/4");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("Проведение работы по математике, 4 класс. ВПР 2021.xlsx");
    protocol(&file);
    let out = import(&file, &root, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("3 rows, 1 absent, 2 schools, 2 municipalities"),
        "{stderr}"
    );
    assert!(stderr.contains("5 organizations added"), "{stderr}");
    let orgs = std::fs::read_to_string(root.join("data/orgs.csv")).unwrap();
    assert!(
        orgs.contains("reg22_m045,\"Табунский муниципальный район\",municipality,reg22"),
        "{orgs}"
    );
    assert!(
        orgs.contains("sch220206,\"МБОУ Табунская СОШ\",school,reg22_m045"),
        "{orgs}"
    );
    let results = oko::load_project(&root).expect("the imported project loads");
    assert_eq!(
        results
            .0
            .cells
            .values()
            .map(|c| c.participants)
            .sum::<u32>(),
        3
    );
    let snapshot = |root: &Path| {
        super::files_below(root)
            .into_iter()
            .map(|f| (f.clone(), std::fs::read(root.join(f)).unwrap()))
            .collect::<Vec<_>>()
    };
    let before = snapshot(&root);
    let again = import(&file, &root, &[]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 organizations added"));
    assert_eq!(snapshot(&root), before, "a second import changes nothing");
}

#[test]
fn imports_the_older_pupil_sheet_with_the_assessment_from_folder_and_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let dir = tmp.path().join("2021/4");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("Математика.xlsx");
    pupils(&file);
    let out = import(&file, &root, &["--procedure", "ВПР"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("2 rows, 0 absent, 1 schools"), "{stderr}");
    let written = super::files_below(&root.join("data/results/2021"));
    assert_eq!(written.len(), 1);
    assert!(written[0].starts_with("vpr_ma_4_"), "{written:?}");
    let csv = std::fs::read_to_string(root.join("data/results/2021").join(&written[0])).unwrap();
    assert_eq!(
        csv.lines().nth(1),
        Some("2021,VPR,ma,4,sch220206,20001,30,,4")
    );
}

#[test]
fn says_which_flags_are_needed_when_the_name_does_not_tell() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("выгрузка.xlsx");
    pupils(&file);
    let out = import(&file, tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("failed to tell the assessment from the file's name and folder; give --year, --procedure, --subject, --grade"), "{stderr}");
}
