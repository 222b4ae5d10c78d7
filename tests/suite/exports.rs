//! Workbooks shaped as ФИС ОКО really writes them, for the import tests: a title row merged
//! above the header, a «Классы» sheet of textbooks, `id | name` cells for region, municipality
//! and school, task headers in every real spelling with trailing spaces, numbers stored as text
//! in some rows, `X`/`Х` for alternative tasks, `не пройд.`, absent pupils, task points that do
//! not add up to «Итого баллов» for a quarter of the pupils, and names with commas, quotes and
//! line breaks.

use rust_xlsxwriter::{Format, Workbook, Worksheet};
use std::path::Path;

/// A school of the exports: login, municipality cell, school cell.
pub struct School {
    pub login: &'static str,
    pub municipality: &'static str,
    pub name: &'static str,
}

pub const SCHOOLS: [School; 3] = [
    School {
        login: "sch220206",
        municipality: "reg22_m045 | Табунский район",
        name: "sch220206 | МБОУ «Табунская СОШ», с. Табуны",
    },
    School {
        login: "sch220301",
        municipality: "reg22_m046 | Родинский район",
        name: "sch220301 | МКОУ Родинская СОШ №1\nфилиал",
    },
    School {
        login: "sch220302",
        municipality: "reg22_m046 | Родинский район",
        name: "sch220302 | МКОУ «Степная СОШ»",
    },
];

/// Task headers of a work, as real protocols spell them.
pub fn task_headers(grade: u8) -> Vec<&'static str> {
    match grade {
        4 => vec![
            "1 (1б)",
            "2 (2б) ",
            "3.1 (1б)",
            "3.2 (1б)",
            "4(1б)",
            "5 (2б)",
        ],
        5 => vec![
            "1 (2б)",
            "2(3) (2б)",
            "4.1 (1б)",
            "6(1) (1б)",
            "6(2) (1б)",
            "7 (2б)",
        ],
        _ => vec![
            "1 (1б)",
            "5(1б)",
            "16 (1) (1б)",
            "16 (2) (1б)",
            "17К1 (2б)",
            "17К2 (2б)",
        ],
    }
}

/// The points of task `k` (of maximum `max`) for pupil `i` of school `s`.
fn points(i: usize, s: usize, k: usize, max: u32) -> u32 {
    ((i * 7 + k * 3 + s * 5) % (max as usize + 1)) as u32
}

fn max_of(header: &str) -> u32 {
    let h = header.trim();
    let open = h.rfind('(').unwrap();
    h[open + 1..]
        .trim_end_matches(")")
        .trim_end_matches('б')
        .parse()
        .unwrap()
}

/// Writes a «Протокол» export of `grade` for [`SCHOOLS`], `pupils` each, loaded on `date`.
pub fn protocol(path: &Path, grade: u8, pupils: usize, date: &str) {
    export(
        path,
        &Export {
            grade,
            pupils,
            date,
            ..Export::default()
        },
    );
}

/// A «Протокол» export to write: its schools, region, and the quirks of real ones.
pub struct Export<'a> {
    pub schools: &'a [School],
    pub grade: u8,
    pub pupils: usize,
    pub date: &'a str,
    /// «Код региона» and the «Регион» cell; both empty for an export that names no region.
    pub region: (&'a str, &'a str),
    /// Schools whose every «Итого баллов» is 0 while their task points are not (as in real
    /// 2022 exports).
    pub zero_totals: &'a [&'a str],
    /// Added to every pupil's points pattern: another value gives another export of the same
    /// schools (a corrected re-export).
    pub variant: usize,
}

impl Default for Export<'_> {
    fn default() -> Self {
        Export {
            schools: &SCHOOLS,
            grade: 4,
            pupils: 12,
            date: "2021-04-20",
            region: ("22", "reg220000 | Алтайский край"),
            zero_totals: &[],
            variant: 0,
        }
    }
}

/// Writes `e` to `path`, creating its folder.
pub fn export(path: &Path, e: &Export) {
    let (grade, pupils, date) = (e.grade, e.pupils, e.date);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Протокол").unwrap();
    let tasks = task_headers(grade);
    let mut header: Vec<String> = [
        "Пользователь",
        "Код региона",
        "Регион",
        "Муниципалитет",
        "Школа",
        "Дата загрузки",
        "Код",
        "Вариант",
    ]
    .map(String::from)
    .to_vec();
    header.extend(tasks.iter().map(|t| t.to_string()));
    header.extend(
        [
            "Наименование класса",
            "Пол",
            "Отметка за предыдущий триместр/ четверть/полугодие",
            "Итого баллов",
        ]
        .map(String::from),
    );
    ws.merge_range(
        0,
        0,
        0,
        header.len() as u16 - 1,
        "Протокол проведения работы",
        &Format::new(),
    )
    .unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, h).unwrap();
    }
    let first_task = 8u16;
    let mut r = 2u32;
    for (s, school) in e.schools.iter().enumerate() {
        for i in 0..pupils {
            let text = |ws: &mut Worksheet, c: u16, v: &str| {
                if !v.is_empty() {
                    ws.write_string(r, c, v).unwrap();
                }
            };
            text(ws, 0, school.login);
            text(ws, 1, e.region.0);
            text(ws, 2, e.region.1);
            text(ws, 3, school.municipality);
            text(ws, 4, school.name);
            text(ws, 5, date);
            text(ws, 6, &format!("{}{:03}", 10 + s, i));
            let class = format!("{grade}{}", if i % 2 == 0 { "А" } else { "Б" });
            let after = first_task + tasks.len() as u16;
            text(ws, after, &class);
            text(ws, after + 1, if i % 3 == 0 { "Ж" } else { "М" });
            if i == pupils - 1 {
                // The last pupil of each school was absent.
                text(ws, 7, "отсутствовал");
                r += 1;
                continue;
            }
            ws.write_number(r, 7, (1 + i % 2) as f64).unwrap();
            let mut sum = 0;
            for (k, t) in tasks.iter().enumerate() {
                let c = first_task + k as u16;
                // Alternative tasks: a pupil has points on one and `X`/`Х` on the other.
                let alternative = t.contains("(1)") || t.contains("(2)") && !t.contains("(3)");
                if alternative && (i + k) % 2 == 0 {
                    text(ws, c, if i % 4 == 0 { "Х" } else { "X" });
                    continue;
                }
                if i == 3 && k == 0 {
                    text(ws, c, "не пройд.");
                    continue;
                }
                let p = points(i + e.variant, s, k, max_of(t));
                sum += p;
                if i % 2 == 0 {
                    text(ws, c, &p.to_string());
                } else {
                    ws.write_number(r, c, p as f64).unwrap();
                }
            }
            // A quarter of the pupils: totals computed by other rules than the task sum.
            let total = if e.zero_totals.contains(&school.login) {
                0
            } else if i % 4 == 1 {
                sum + 1
            } else {
                sum
            };
            ws.write_number(r, after + 2, (3 + (s + i) % 3) as f64)
                .unwrap();
            if i % 2 == 0 {
                text(ws, after + 3, &total.to_string());
            } else {
                ws.write_number(r, after + 3, total as f64).unwrap();
            }
            r += 1;
        }
    }
    let classes = wb.add_worksheet();
    classes.set_name("Классы").unwrap();
    for (c, h) in ["Класс", "Учебник", "Авторы"].iter().enumerate() {
        classes.write_string(0, c as u16, *h).unwrap();
    }
    classes.write_string(1, 0, format!("{grade}А")).unwrap();
    classes
        .write_string(1, 1, "Математика. Учебник, часть 1, 2")
        .unwrap();
    classes
        .write_string(1, 2, "Моро М.И., Волкова С.И.")
        .unwrap();
    wb.save(path).unwrap();
}

/// Writes the older pupil sheet of grade 4 for the first school: numbers as numbers, tasks as
/// `балл за N`.
pub fn pupil_sheet(path: &Path) {
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
        "балл за 2",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (code, mark, t1, t2)) in [("20001", 4.0, 1.0, 2.0), ("20002", 3.0, 0.0, 1.0)]
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
        ws.write_number(r, 8, t1 + t2).unwrap();
        ws.write_number(r, 9, *t1).unwrap();
        ws.write_number(r, 10, *t2).unwrap();
    }
    wb.save(path).unwrap();
}

/// Writes the ФИС ОКО list «Признаки необъективности» for 2019–2021: the year stored as text
/// in one year, flags as numbers and as text, a municipality named without an id, a school the
/// protocols never named.
pub fn marker_list(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Признаки необъективности резул").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        8,
        "Перечень ОО с признаками необъективных результатов",
        &Format::new(),
    )
    .unwrap();
    let header = [
        "Год",
        "Логин",
        "Муниципалитет",
        "ОО",
        "4 РУ",
        "4 МА",
        "5 РУ",
        "5 МА",
        "Количество маркеров",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, &str, &str, [&str; 4]); 5] = [
        (
            "2019",
            "sch220206",
            "Табунский район",
            "МБОУ «Табунская СОШ», с. Табуны",
            ["1", "", "", ""],
        ),
        (
            "2020",
            "sch220301",
            "Родинский район",
            "МКОУ Родинская СОШ №1",
            ["", "1", "1", ""],
        ),
        (
            "2021",
            "sch220206",
            "Табунский район",
            "МБОУ «Табунская СОШ», с. Табуны",
            ["", "1", "", ""],
        ),
        (
            "2021",
            "sch229999",
            "Кулундинский район",
            "МБОУ Кулундинская СОШ №2",
            ["1", "1", "", "1"],
        ),
        (
            "2021",
            "sch220302",
            "Родинский район",
            "МКОУ «Степная СОШ»",
            ["", "", "1", ""],
        ),
    ];
    for (r, (year, login, mun, name, flags)) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        if *year == "2020" {
            ws.write_string(r, 0, *year).unwrap();
        } else {
            ws.write_number(r, 0, year.parse::<f64>().unwrap()).unwrap();
        }
        ws.write_string(r, 1, *login).unwrap();
        ws.write_string(r, 2, *mun).unwrap();
        ws.write_string(r, 3, *name).unwrap();
        for (k, f) in flags.iter().enumerate() {
            match (*f, r % 2) {
                ("", _) => {}
                (f, 0) => ws.write_string(r, 4 + k as u16, f).map(|_| ()).unwrap(),
                (f, _) => ws
                    .write_number(r, 4 + k as u16, f.parse::<f64>().unwrap())
                    .map(|_| ())
                    .unwrap(),
            }
        }
        let count = flags.iter().filter(|f| !f.is_empty()).count();
        ws.write_number(r, 8, count as f64).unwrap();
    }
    wb.save(path).unwrap();
}

/// Writes `rows` as text cells into `ws` from sheet row `first`.
pub fn write_rows(ws: &mut Worksheet, first: u32, rows: &[&[&str]]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(first + r as u32, c as u16, *v).unwrap();
        }
    }
}

/// Writes a workbook of one «Протокол» sheet whose every cell is text, creating its folder.
pub fn text_protocol(path: &Path, rows: &[&[&str]]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Протокол").unwrap();
    write_rows(ws, 0, rows);
    wb.save(path).unwrap();
}
