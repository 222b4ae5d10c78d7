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
