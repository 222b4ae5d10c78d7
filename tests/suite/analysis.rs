//! «Анализ ВПР» on a fixture shaped as users' files are (Russian headers, `;`, levels in
//! Russian, codes with spaces, a codifier that changes a skill between years): every section on
//! the work's page, and open data's shares by mark group equal to a computation from the pupil
//! rows.

use super::opendata::rows;
use super::{build_into_temp, fixture};
use std::collections::BTreeMap;

/// The share of each task's maximum earned by the pupils of `school` in `year` with each mark,
/// computed from the fixture's pupil rows: (task, mark) → percent.
fn shares_from_pupils(school: &str, year: u16) -> BTreeMap<(usize, u8), f64> {
    let text =
        std::fs::read_to_string(fixture("analysis").join(format!("data/results/{year}.csv")))
            .unwrap();
    let max = [1.0, 2.0, 2.0];
    let mut sums: BTreeMap<(usize, u8), (f64, f64)> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(';').collect();
        if f[4] != school {
            continue;
        }
        let mark: u8 = f[7].parse().unwrap();
        for (k, p) in f[9].split('|').enumerate() {
            let e = sums.entry((k, mark)).or_default();
            e.0 += p.parse::<f64>().unwrap();
            e.1 += max[k];
        }
    }
    sums.into_iter()
        .map(|(k, (earned, of))| (k, 100.0 * earned / of))
        .collect()
}

#[test]
fn open_data_mark_group_shares_equal_the_pupil_rows_and_small_groups_stay_empty() {
    let (_tmp, site) = build_into_temp(&fixture("analysis"));
    let tasks = rows(&site, "tasks.csv");
    let a2023: Vec<_> = tasks
        .iter()
        .filter(|t| t["org"] == "a" && t["year"] == "2023")
        .collect();
    assert_eq!(a2023.len(), 3);
    let expected = shares_from_pupils("a", 2023);
    for (k, t) in a2023.iter().enumerate() {
        // Groups 2: 10, 3: 12, 4: 10, 5: 8 pupils. «5» is under 10; alone it would be given
        // back by the cell's share less the others, so the smallest shown group («2», 10, the
        // lowest mark among equals) is hidden too.
        assert_eq!(t["mark2_pct"], "", "{t:?}");
        assert_eq!(t["mark5_pct"], "", "{t:?}");
        for (column, mark) in [("mark3_pct", 3), ("mark4_pct", 4)] {
            assert_eq!(
                t[column],
                format!("{:.1}", expected[&(k, mark)]),
                "task {} {column}",
                k + 1
            );
        }
    }
    assert_eq!(a2023[0]["skills"], "1.1");
    assert_eq!(a2023[2]["skills"], "2.2");
    // School Б has 12 pupils: its task shares are published, no group of it is.
    for t in tasks.iter().filter(|t| t["org"] == "b") {
        for m in ["mark2_pct", "mark3_pct", "mark4_pct", "mark5_pct"] {
            assert_eq!(t[m], "", "{t:?}");
        }
    }
}

#[test]
fn a_schools_analysis_shows_every_section_with_its_conclusion() {
    let (_tmp, site) = build_into_temp(&fixture("analysis"));
    let page = std::fs::read_to_string(site.join("school/a/2023/vpr-ma-4/index.html")).unwrap();
    for heading in [
        "1. Отметки и динамика доли «2»",
        "2. Отметки за ВПР и отметки по журналу",
        "3. Распределение первичных баллов",
        "4. Выполнение заданий по уровням сложности",
        "5. Достижение планируемых результатов (по кодификатору)",
        "6. Выполнение заданий группами обучающихся по отметке за ВПР",
    ] {
        assert!(page.contains(heading), "{heading}");
    }
    // «2»: 2 of 40 (5 %) in 2022, 10 of 40 (25 %) in 2023: +20 points, negative.
    assert!(
        page.contains("Отрицательная динамика: доля «2» с 2022 года выросла с 5,0 % до 25,0 % (+20,0 п., порог — 10 п.)."),
        "{page}"
    );
    // The fixture gives every ninth pupil a journal mark two away from the ВПР's.
    assert!(page.contains("расходится с журнальной на 2 балла и более"));
    assert!(page.contains("выводы приблизительны (участников: 40, меньше 50)"));
    // Task 3 checks skill 2.1 in 2022 and 2.2 in 2023: not compared; tasks 1 and 2 are.
    assert!(page.contains("кодификатор изменился"));
    assert!(page.contains("Выполнять арифметические действия"));
    assert!(page.contains("«3» (12 чел.), %") && page.contains("«4» (10 чел.), %"));
    assert!(
        !page.contains("«5» (8 чел.)"),
        "a group under 10 is never shown"
    );
}

#[test]
fn import_tasks_fills_levels_and_codes_of_a_listed_work_and_refuses_a_bad_row() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::write(
        root.join("data/orgs.csv"),
        "id,name,kind,parent\nr,Р,region,\n",
    )
    .unwrap();
    // As oko import fisoko writes it: labels and maxima, no levels.
    std::fs::write(
        root.join("data/tasks.csv"),
        "year,procedure,subject,grade,task,max_points,level,answer\n\
         2024,VPR,ma,4,1,1,,\n2024,VPR,ma,4,2,,,\n",
    )
    .unwrap();
    let plan = root.join("plan.csv");
    std::fs::write(
        &plan,
        "№ задания;Проверяемые требования (умения);Коды КЭС;Уровень сложности;Максимальный балл\n\
         1;1.1, 1.2 Умение выполнять арифметические действия;1.1;Б;1\n\
         2;2.3;3.2;П;2\n",
    )
    .unwrap();
    let args = |file: &std::path::Path| {
        super::oko(&[
            "import",
            "tasks",
            file.to_str().unwrap(),
            "--root",
            root.to_str().unwrap(),
            "--year",
            "2024",
            "--procedure",
            "ВПР",
            "--subject",
            "Математика",
            "--grade",
            "4",
        ])
    };
    let out = args(&plan);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("data/tasks.csv")).unwrap(),
        "year,procedure,subject,grade,task,max_points,level,answer,skills,content\n\
         2024,VPR,ma,4,1,1,basic,,1.1;1.2,1.1\n2024,VPR,ma,4,2,2,advanced,,2.3,3.2\n"
    );
    let bad = root.join("bad.csv");
    std::fs::write(
        &bad,
        "Номер задания,Уровень,Максимальный балл\n1,средний,1\n",
    )
    .unwrap();
    let before = std::fs::read(root.join("data/tasks.csv")).unwrap();
    let out = args(&bad);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv:2:2: "), "{err}");
    assert_eq!(std::fs::read(root.join("data/tasks.csv")).unwrap(), before);
}

/// The cells of each row of the first table after `marker` in `page`, tags stripped.
fn table_after(page: &str, marker: &str) -> Vec<Vec<String>> {
    let at = page.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    // The table the marker is in (its caption), else the next one.
    let start = match page[..at].rfind("<table") {
        Some(i) if !page[i..at].contains("</table>") => i,
        _ => at + page[at..].find("<table").unwrap(),
    };
    let end = start + page[start..].find("</table>").unwrap();
    page[start..end]
        .split("<tr")
        .skip(1)
        .map(|row| {
            row.split("</t")
                .filter_map(|cell| cell.rfind('>').map(|i| &cell[i + 1..]))
                .map(|text| text.trim().to_owned())
                .filter(|text| !text.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|cells| !cells.is_empty())
        .collect()
}

/// A page's number as a workbook holds it: «93,8» → 93.8.
fn number(text: &str) -> f64 {
    text.replace(',', ".").replace('−', "-").parse().unwrap()
}

#[test]
fn the_demos_region_shows_its_pooled_analysis_and_a_schools_workbook_holds_its_pages_numbers() {
    use calamine::{Data, Reader};
    let (_tmp, site) = build_into_temp(&super::demo_root());
    let region = std::fs::read_to_string(site.join("region/kbr/index.html")).unwrap();
    assert!(region.contains("Анализ ВПР, 2023"), "{region}");
    assert!(region.contains("href=\"../../region/kbr/2023/vpr-ma-5/index.html\""));
    let pooled = std::fs::read_to_string(site.join("region/kbr/2023/vpr-ma-5/index.html")).unwrap();
    for text in [
        "1. Отметки и динамика доли «2»",
        "4. Выполнение заданий по уровням сложности",
        "6. Выполнение заданий группами обучающихся по отметке за ВПР",
        "Школы с системным дефицитом умения — из ",
        "Школы с аномалией в задании — из ",
        "href=\"../analysis.xlsx\"",
    ] {
        assert!(pooled.contains(text), "{text}");
    }
    assert!(site.join("region/kbr/2023/analysis.xlsx").is_file());

    // A school's work page whose groups by mark are shown.
    let (dir, page) = super::files_below(&site.join("school"))
        .into_iter()
        .filter(|p| p.contains("/2023/vpr-") && p.ends_with("index.html"))
        .map(|p| site.join("school").join(p))
        .map(|p| {
            (
                p.parent().unwrap().to_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .find(|(_, page)| page.contains(" чел.), %"))
        .unwrap();
    assert!(page.contains(
        "<a href=\"../analysis.xlsx\" download>Скачать таблицы анализа всех работ года (.xlsx)</a>"
    ));
    // The year's workbook: a sheet per work, named by its number and the work.
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(dir.parent().unwrap().join("analysis.xlsx")).unwrap();
    let title = page
        .split_once("<title>")
        .and_then(|(_, t)| t.split_once("</title>"))
        .unwrap()
        .0
        .to_owned();
    let names = book.sheet_names();
    assert!(names.len() > 1, "{names:?}");
    let name = names
        .iter()
        .find(|n| title.starts_with(n.split_once(". ").unwrap().1))
        .unwrap_or_else(|| panic!("no sheet of {title} in {names:?}"))
        .clone();
    let sheet = book.worksheet_range(&name).unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let titles: Vec<&Data> = rows.iter().map(|r| &r[0]).collect();
    for part in [
        "Отметки и динамика доли «2»",
        "Выполнение заданий по уровням сложности",
        "Выполнение заданий группами обучающихся по отметке за ВПР",
    ] {
        assert!(
            titles.contains(&&Data::String(part.into())),
            "{part}: {titles:?}"
        );
    }
    // The task table: the school's share of each task, a number as the page rounds it.
    let head = rows
        .iter()
        .position(|r| r[0] == Data::String("Задание".into()))
        .unwrap();
    let on_page: Vec<Vec<String>> = table_after(&page, "<table class=\"tasks\">")
        .into_iter()
        .filter(|r| r.len() > 2)
        .skip(1)
        .collect();
    assert!(!on_page.is_empty());
    for (r, p) in rows[head + 1..].iter().zip(&on_page) {
        assert_eq!(r[0], Data::String(p[0].clone()));
        assert_eq!(r[2], Data::Float(number(&p[1])), "task {}", p[0]);
    }
    let task_rows = rows[head + 1..]
        .iter()
        .take_while(|r| r[0] != Data::Empty)
        .count();
    assert_eq!(task_rows, on_page.len());
    // The groups by mark: every share on the page is the workbook's number.
    let groups = titles
        .iter()
        .position(|t| {
            **t == Data::String("Выполнение заданий группами обучающихся по отметке за ВПР".into())
        })
        .unwrap();
    let cells = &rows[groups..];
    let on_page = table_after(&page, "id=\"an-groups\"");
    let first = cells
        .iter()
        .position(|r| r[0] == Data::String(on_page[0][0].clone()))
        .unwrap();
    for (r, p) in cells[first..].iter().zip(&on_page).skip(1) {
        for (x, text) in r.iter().zip(p).skip(1) {
            match text.as_str() {
                "—" => assert_eq!(*x, Data::Empty),
                t => assert_eq!(*x, Data::Float(number(t))),
            }
        }
    }
}

/// A project of one municipality: six schools of 10 pupils (five with mark 3, five with 4),
/// and two schools of 3 (mark 3) whose figures are hidden (under min_publish 5; together 6, so
/// the pooled figures are published). Tasks 1 and 2 check skill 1.1, task 3 skill 2.1, all
/// basic, one point each. Schools 1 and 2 score nothing on tasks 1 and 2 (a systemic deficit of
/// 1.1); in schools 1 and 3 the «4» group scores nothing on task 3 and the «3» group all (an
/// anomaly); the hidden schools score `hidden` on tasks 1 and 2.
fn six_schools(root: &std::path::Path, hidden: u8) {
    let data = root.join("data");
    std::fs::create_dir_all(data.join("results")).unwrap();
    std::fs::write(
        root.join("config.yaml"),
        "title: Т\nas_of: 2024-06-30\nmethodology:\n  min_publish: 5\n  analysis:\n    mark_group: 5\n",
    )
    .unwrap();
    let mut orgs = String::from("id,name,kind,parent\nr,Регион,region,\nm,Район,municipality,r\n");
    let mut rows = String::from("year,procedure,subject,grade,org,participant,score,mark,tasks\n");
    for s in 1..=8 {
        orgs.push_str(&format!("s{s},Школа {s},school,m\n"));
        let pupils = if s <= 6 { 10 } else { 3 };
        for p in 0..pupils {
            let mark = if p < 5 { 3 } else { 4 };
            let skill = match s {
                1 | 2 => 0,
                7 | 8 => hidden,
                _ => 1,
            };
            let t3 = u8::from(!matches!(s, 1 | 3) || mark == 3);
            rows.push_str(&format!(
                "2024,VPR,ma,4,s{s},P{s}x{p},{},{mark},{skill}|{skill}|{t3}\n",
                2 * skill + t3
            ));
        }
    }
    std::fs::write(data.join("orgs.csv"), orgs).unwrap();
    std::fs::write(data.join("results/2024.csv"), rows).unwrap();
    std::fs::write(
        data.join("tasks.csv"),
        "year,procedure,subject,grade,task,max_points,level,skills\n\
         2024,VPR,ma,4,1,1,basic,1.1\n2024,VPR,ma,4,2,1,basic,1.1\n2024,VPR,ma,4,3,1,basic,2.1\n",
    )
    .unwrap();
    std::fs::write(
        data.join("codifier.csv"),
        "year,procedure,subject,grade,kind,code,text\n\
         2024,VPR,ma,4,skill,1.1,Считать\n2024,VPR,ma,4,skill,2.1,Решать задачи\n",
    )
    .unwrap();
}

#[test]
fn an_areas_share_of_schools_with_a_deficit_or_anomaly_counts_its_published_schools_only() {
    let counts = |hidden| {
        let tmp = tempfile::tempdir().unwrap();
        six_schools(tmp.path(), hidden);
        let (_out, site) = build_into_temp(tmp.path());
        let page =
            std::fs::read_to_string(site.join("municipality/m/2024/vpr-ma-4/index.html")).unwrap();
        let deficits = table_after(&page, "Школы с системным дефицитом умения — из ");
        let anomalies = table_after(&page, "Школы с аномалией в задании — из ");
        // The hidden schools' own pages show none of their figures.
        assert!(!site.join("school/s7/2024/vpr-ma-4/index.html").exists());
        (page, deficits, anomalies)
    };
    let (page, deficits, anomalies) = counts(0);
    // 1.1 in schools 1 and 2 of the six published: 2 of 6, 33 %; the hidden two, which have
    // it too, are in neither count.
    assert!(
        page.contains("Школы с системным дефицитом умения — из 6 школ"),
        "{page}"
    );
    assert_eq!(deficits[1], ["1.1", "Считать", "2", "33"]);
    assert_eq!(deficits.len(), 2);
    // Task 3's anomaly («4» below «3») in schools 1 and 3: 2 of 6.
    assert!(page.contains("Школы с аномалией в задании — из 6 школ"));
    assert_eq!(anomalies[1..], [["3", "2", "33"]]);
    // Whatever the hidden schools scored, the counts are the same: nothing of them is in them.
    let (_, deficits_then, anomalies_then) = counts(1);
    assert_eq!((deficits, anomalies), (deficits_then, anomalies_then));
}

#[test]
fn an_area_of_fewer_schools_than_min_publish_gives_no_share_of_schools() {
    let (_tmp, site) = build_into_temp(&fixture("analysis"));
    let page = std::fs::read_to_string(site.join("region/r/2023/vpr-ma-4/index.html")).unwrap();
    assert!(
        page.contains(
            "Доли школ не считаются: школ с опубликованными результатами — 2, меньше 10."
        ),
        "{page}"
    );
    assert!(!page.contains("Школы с системным дефицитом умения — из "));
}
