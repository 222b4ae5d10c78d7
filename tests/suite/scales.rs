//! Score-to-mark scales for real data: oko's built-in official ВПР scales, the warning per work
//! that has none, `oko import scales` from the tables regions keep (xlsx with a title row,
//! CSV with `;` and Russian headers in Windows-1251), and `oko new --empty`.

use super::oko;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A project of one region with two schools; results without a mark column.
fn project(root: &Path) {
    write(
        root,
        "data/orgs.csv",
        "id,name,kind,parent\nr1,Регион,region,\nm1,Район,municipality,r1\n\
         s1,Школа 1,school,m1\ns2,Школа 2,school,m1\n",
    );
    let head = "year,procedure,subject,grade,org,participant,score,journal_mark\n";
    // ВПР Русский язык 4 of 2022 in two files: no scale is known for 2022.
    write(
        root,
        "data/results/2022/a.csv",
        &format!(
            "{head}2022,VPR,ru,4,s1,p1,20,4\n2022,VPR,ru,4,s1,p2,30,5\n2022,VPR,ru,4,s1,p3,10,3\n"
        ),
    );
    write(
        root,
        "data/results/2022/b.csv",
        &format!("{head}2022,ВПР,Русский язык,4,s2,p4,25,4\n2022,VPR,ru,4,s2,p5,12,3\n"),
    );
    // Математика 4 of 2022 with its marks given: no scale needed for them.
    write(
        root,
        "data/results/2022/c.csv",
        "year,procedure,subject,grade,org,participant,score,mark\n2022,VPR,ma,4,s1,p6,12,4\n",
    );
    // Русский язык 4 of 2021: the official scale (max 38; 3 from 14, 4 from 24, 5 from 33).
    write(
        root,
        "data/results/2021/d.csv",
        &format!(
            "{head}2021,VPR,ru,4,s1,p7,13,3\n2021,VPR,ru,4,s1,p8,14,3\n\
             2021,VPR,ru,4,s1,p9,33,4\n2021,VPR,ru,4,s1,p10,38,5\n"
        ),
    );
}

#[test]
fn a_work_without_a_scale_is_named_once_and_a_2021_work_takes_the_official_scale() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    project(&root);
    let summary = oko::check(&root).unwrap();
    let warnings: Vec<String> = summary.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "data/results/2022/a.csv: предупреждение: у работы ВПР · Русский язык · 4\u{a0}кл. \
          2022 года нет шкалы перевода баллов в отметки, а в данных нет отметки у 5 участников: \
          для неё не вычисляются отметки, доли понизивших, подтвердивших и повысивших отметку \
          по журналу, признаки «Низкая подтверждаемость отметок» и «Пики на границах отметок»; \
          добавьте шкалу строкой `2022,VPR,ru,4,…` в data/scales.csv \
          (year,procedure,subject,grade,max_score,mark3,mark4,mark5) или командой \
          `oko import scales ФАЙЛ`"
        ]
    );

    let english = oko(&["--lang", "en", "check", "--root", root.to_str().unwrap()]);
    assert!(
        stderr_of(&english).contains(
            "data/results/2022/a.csv: warning: the work VPR · Russian · grade\u{a0}4 of 2022 \
         has no score-to-mark scale, and 5 participants have no mark in the data: its marks, the \
         shares of lowered, confirmed and raised journal marks, and the signs «Low confirmation \
         of marks» and «Peaks at mark boundaries» are not computed; add the scale as a row \
         `2022,VPR,ru,4,…` of data/scales.csv"
        ),
        "{}",
        stderr_of(&english)
    );
    // While the inputs have errors, they come alone.
    write(
        &root,
        "data/results/2022/e.csv",
        "year,procedure,subject,grade,org,participant,score\n2022,VPR,ru,4,s1,p0,x\n",
    );
    let errors = oko::check(&root).unwrap_err().to_string();
    assert!(
        errors.contains("e.csv:2:7") && !errors.contains("a.csv"),
        "{errors}"
    );
    std::fs::remove_file(root.join("data/results/2022/e.csv")).unwrap();

    // 2021: marks from the official scale: 13 → 2, 14 → 3, 33 → 5, 38 → 5.
    let (project, _) = oko::load_project(&root).unwrap();
    let (cell_key, cell) = project
        .cells
        .iter()
        .find(|(k, _)| k.key.year == 2021)
        .unwrap();
    assert!(project.builtin_scales.contains(&cell_key.key));
    let marks = cell.detail.as_ref().unwrap().marks;
    let by_mark: Vec<u32> = (1..5).map(|m| marks[m].iter().sum()).collect();
    assert_eq!(by_mark, [1, 1, 0, 2], "2, 3, 4, 5");
    // Their confirmation against the journal: 2 < 3 lowered, 3 = 3 confirmed, 5 > 4 raised, 5 = 5.
    let confirmation = cell.detail.as_ref().unwrap().confirmation_by_score.clone();
    assert_eq!(confirmation[13], [1, 0, 0]);
    assert_eq!(confirmation[33], [0, 0, 1]);

    // The methodology page says which scale each work has.
    let (_guard, site) = super::build_into_temp(&root);
    let html = std::fs::read_to_string(site.join("methodology/index.html")).unwrap();
    assert!(
        html.contains(
            "<tr><td>2021</td><th scope=\"row\">ВПР · Русский язык · 4\u{a0}кл.</th><td>38</td>\
         <td>14</td><td>24</td><td>33</td><td>официальная: описание ВПР 2021 года \
         (Рособрнадзор), встроена в oko</td></tr>"
        ),
        "{html}"
    );
    assert!(html.contains(
        "<tr><td>2022</td><th scope=\"row\">ВПР · Русский язык · 4\u{a0}кл.</th>\
         <td colspan=\"4\" class=\"na\">нет шкалы</td><td>нет шкалы</td></tr>"
    ));

    // The project's own row wins over the official one, and a row for 2022 ends the warning.
    write(
        &root,
        "data/scales.csv",
        "year,procedure,subject,grade,max_score,mark3,mark4,mark5\n\
         2021,VPR,ru,4,38,15,24,33\n2022,VPR,ru,4,38,14,24,33\n",
    );
    let summary = oko::check(&root).unwrap();
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    let (project, _) = oko::load_project(&root).unwrap();
    assert!(project.builtin_scales.iter().all(|k| k.year == 2021));
    assert!(!project.builtin_scales.contains(&cell_key.key));
    let marks = project.cells[cell_key].detail.as_ref().unwrap().marks;
    let by_mark: Vec<u32> = (1..5).map(|m| marks[m].iter().sum()).collect();
    assert_eq!(by_mark, [2, 0, 0, 2], "14 is a 2 on the project's scale");
}

/// A region's scale table as a workbook: a title row above the header, Russian headers,
/// subjects and procedure in Russian, a variant and a source column, and two bad rows.
fn scale_workbook(path: &Path) {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Шкалы 2022").unwrap();
    ws.write_string(0, 0, "Рекомендуемые шкалы перевода, 2022 год")
        .unwrap();
    let header = [
        "Год",
        "Процедура",
        "Предмет",
        "Класс",
        "Вариант",
        "Максимальный балл",
        "Отметка «3»",
        "Отметка «4»",
        "Отметка «5»",
        "Источник",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let rows: [[&str; 10]; 5] = [
        [
            "2022",
            "ВПР",
            "Русский язык",
            "4",
            "",
            "38",
            "14",
            "24",
            "33",
            "описание",
        ],
        [
            "2022",
            "ВПР",
            "Математика",
            "4",
            "",
            "20",
            "6",
            "10",
            "15",
            "описание",
        ],
        [
            "2022",
            "ВПР",
            "История",
            "6",
            "",
            "16",
            "11",
            "6",
            "14",
            "опечатка",
        ],
        [
            "2022",
            "ВПР",
            "Астрономия",
            "11",
            "",
            "20",
            "6",
            "10",
            "15",
            "",
        ],
        [
            "2022",
            "VPR",
            "gg",
            "7",
            "",
            "35",
            "10",
            "22",
            "30",
            "описание",
        ],
    ];
    // Row 3 is empty in the sheet, so the data rows are sheet rows 4 to 8.
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 3, c as u16);
            match v.parse::<f64>() {
                // Numbers as numbers, except the grade of one row, stored as text.
                Ok(n) if !(r == 4 && c == 3) => ws.write_number(r, c, n).unwrap(),
                _ => ws.write_string(r, c, *v).unwrap(),
            };
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn import_scales_adds_a_years_table_keeps_the_projects_file_and_replaces_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    project(&root);
    // The project's own file: `;`, a column of its own, one work equal to the workbook's and
    // one with other numbers.
    let own = "year;procedure;subject;grade;max_score;mark3;mark4;mark5;note\n\
               2022;VPR;ru;4;38;14;24;33;from the region\n\
               2022;VPR;ma;4;20;7;11;15;old\n";
    write(&root, "data/scales.csv", own);
    let book = tmp.path().join("шкалы.xlsx");
    scale_workbook(&book);
    let (b, r) = (book.to_str().unwrap(), root.to_str().unwrap());

    let out = oko(&["import", "scales", b, "--root", r]);
    let said = stderr_of(&out);
    assert!(out.status.success(), "{said}");
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{b}:6:7: не удалось проверить шкалу: ожидается 0 < mark3 < mark4 < mark5 ≤ max_score (найдено: 11, 6, 14, 16)").as_str(),
            format!("{b}:7:3: не удалось разобрать subject: неизвестный предмет: ожидается код вроде ru или ma, название предмета по-русски или предмет, добавленный в config.yaml (найдено: \"Астрономия\")").as_str(),
            format!("{b}:5: шкала работы ВПР · Математика · 4\u{a0}кл. 2022 года в data/scales.csv другая (max_score 20, mark3 7, mark4 11, mark5 15), в файле — max_score 20, mark3 6, mark4 10, mark5 15; оставлена прежняя; чтобы заменить, добавьте --replace").as_str(),
            format!("{b}: строк шкал добавлено 1, заменено 0, без изменений 1, отличаются и оставлены 1, отклонено 2 → data/scales.csv").as_str(),
        ]
    );
    let after_first = std::fs::read_to_string(root.join("data/scales.csv")).unwrap();
    assert_eq!(
        after_first,
        format!("{own}2022;VPR;gg;7;35;10;22;30;\n"),
        "kept as written, the new work appended in the file's own shape"
    );

    let out = oko(&["import", "scales", b, "--root", r, "--replace"]);
    let said = stderr_of(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains(&format!(
        "{b}:5: шкала работы ВПР · Математика · 4\u{a0}кл. 2022 года в data/scales.csv заменена: была max_score 20, mark3 7, mark4 11, mark5 15, стала max_score 20, mark3 6, mark4 10, mark5 15\n"
    )), "{said}");
    assert!(said.ends_with("добавлено 0, заменено 1, без изменений 2, отличаются и оставлены 0, отклонено 2 → data/scales.csv\n"), "{said}");
    assert_eq!(
        std::fs::read_to_string(root.join("data/scales.csv")).unwrap(),
        "year;procedure;subject;grade;max_score;mark3;mark4;mark5;note\n\
         2022;VPR;ru;4;38;14;24;33;from the region\n\
         2022;VPR;ma;4;20;6;10;15;\n\
         2022;VPR;gg;7;35;10;22;30;\n",
        "the replaced row keeps only what the workbook says"
    );

    // Once more: nothing changes, and the file is not written.
    let before = std::fs::metadata(root.join("data/scales.csv"))
        .unwrap()
        .modified()
        .unwrap();
    let out = oko(&[
        "--lang",
        "en",
        "import",
        "scales",
        b,
        "--root",
        r,
        "--replace",
    ]);
    assert!(stderr_of(&out).ends_with(
        "0 scale rows added, 0 replaced, 3 unchanged, 0 differing and kept, 2 refused → data/scales.csv\n"
    ), "{}", stderr_of(&out));
    let modified = std::fs::metadata(root.join("data/scales.csv"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, modified);
    assert!(oko::check(&root).unwrap().warnings.is_empty());
}

#[test]
fn import_scales_reads_a_windows_1251_csv_with_semicolons_and_creates_the_projects_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    project(&root);
    // A subject config.yaml adds is known to the import too.
    write(&root, "config.yaml", "subjects:\n  astro: Астрономия\n");
    let text = "Год;Процедура;Предмет;Параллель;Максимальный балл;min3;min4;min5;Источник\r\n\
                2022;впр;русский язык;4;38;14;24;33;описание ВПР 2022\r\n\
                2022;ВПР;Астрономия;11;20;6;10;15;\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let file = tmp.path().join("scales.csv");
    std::fs::write(&file, &bytes).unwrap();
    let out = oko(&[
        "import",
        "scales",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        std::fs::read_to_string(root.join("data/scales.csv")).unwrap(),
        "year,procedure,subject,grade,max_score,mark3,mark4,mark5\n\
         2022,VPR,ru,4,38,14,24,33\n2022,VPR,astro,11,20,6,10,15\n"
    );
    assert!(oko::check(&root).unwrap().warnings.is_empty());

    // A file that is not a scale table is an error naming the columns, and writes nothing.
    let wrong = tmp.path().join("wrong.csv");
    std::fs::write(&wrong, "year,subject\n2022,ru\n").unwrap();
    let before = std::fs::read(root.join("data/scales.csv")).unwrap();
    let out = oko(&[
        "--lang",
        "en",
        "import",
        "scales",
        wrong.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains(
        "wrong.csv: no scale table found: a header with the columns year, procedure, subject, grade, max_score, mark3, mark4, mark5 is needed"
    ), "{}", stderr_of(&out));
    assert_eq!(std::fs::read(root.join("data/scales.csv")).unwrap(), before);
}

#[test]
fn a_project_started_empty_checks_and_builds_without_the_demo_banner() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("altai");
    let out = oko(&["new", dir.to_str().unwrap(), "--empty"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        super::files_below(&dir),
        ["README.md", "config.yaml", "data/orgs.csv"],
        "no sample data, plan or page (the README says what the files are)"
    );
    assert!(dir.join("content").is_dir());
    assert_eq!(
        std::fs::read_to_string(dir.join("data/orgs.csv")).unwrap(),
        "id,name,kind,parent,short_name,address,website,profile\n"
    );
    let config = std::fs::read_to_string(dir.join("config.yaml")).unwrap();
    assert!(!config.contains("demo:"), "{config}");
    assert!(config.contains("# base_url:") && config.contains("# invalid_rows:"));
    let checked = oko(&["check", "--root", dir.to_str().unwrap()]);
    assert!(checked.status.success(), "{}", stderr_of(&checked));
    assert!(stderr_of(&checked)
        .lines()
        .last()
        .is_some_and(|l| l.starts_with("ошибок нет: организаций 0")));
    let site = tmp.path().join("site");
    let built = super::oko_build(&dir, &site, &[]);
    assert!(built.status.success(), "{}", stderr_of(&built));
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!home.contains("demo-banner"));

    // Without --empty: the sample starter, with its banner.
    let sample = tmp.path().join("sample");
    assert!(oko(&["new", sample.to_str().unwrap()]).status.success());
    let site = tmp.path().join("sample-site");
    assert!(super::oko_build(&sample, &site, &[]).status.success());
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("demo-banner"));
}

/// README «Importing ФИС ОКО exports»: a project started empty, «Протокол» exports of 2021 (the
/// official scale gives their marks) and of 2022 (no scale: named), then the 2022 scale imported.
#[test]
fn the_readme_walk_from_an_empty_project_names_only_the_works_without_a_scale() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("altai");
    let r = root.to_str().unwrap();
    assert!(oko(&["new", r, "--empty"]).status.success());
    for (year, subject) in [(2021, "Русский язык"), (2022, "Математика")] {
        let folder = tmp.path().join(format!("ВПР {year}/4"));
        std::fs::create_dir_all(&folder).unwrap();
        let file = folder.join(format!("{subject}.xlsx"));
        super::exports::protocol(&file, 4, 12, &format!("{year}-04-20"));
        let out = oko(&["import", "fisoko", "--root", r, file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr_of(&out));
    }
    let checked = oko(&["check", "--root", r]);
    let said = stderr_of(&checked);
    assert!(checked.status.success(), "{said}");
    let warnings: Vec<&str> = said.lines().filter(|l| l.contains("нет шкалы")).collect();
    assert_eq!(warnings.len(), 1, "{said}");
    assert!(
        warnings[0].contains("у работы ВПР · Математика · 4\u{a0}кл. 2022 года нет шкалы")
            && warnings[0].contains("нет отметки у 33 участников"),
        "{said}"
    );

    let table = tmp.path().join("scales-2022.csv");
    std::fs::write(
        &table,
        "year,procedure,subject,grade,max_score,min3,min4,min5\n2022,VPR,ma,4,20,6,10,15\n",
    )
    .unwrap();
    let out = oko(&["import", "scales", "--root", r, table.to_str().unwrap()]);
    assert!(
        stderr_of(&out).contains("добавлено 1"),
        "{}",
        stderr_of(&out)
    );
    let said = stderr_of(&oko(&["check", "--root", r]));
    let warnings: Vec<&str> = said
        .lines()
        .filter(|l| l.contains("предупреждение") && !l.contains("заготовка"))
        .collect();
    assert!(warnings.is_empty(), "{said}");

    let (_guard, site) = super::build_into_temp(&root);
    let html = std::fs::read_to_string(site.join("methodology/index.html")).unwrap();
    assert!(html.contains("<td>38</td><td>14</td><td>24</td><td>33</td><td>официальная"));
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!home.contains("demo-banner"));
}
