//! Writes a folder of ФИС ОКО exports from a generated project, as a region keeps them, to try
//! `oko import` on realistic input: `OUT/<year>/<grade>/<Subject>.xlsx` «Протокол» sheets for
//! every ВПР results file (region, municipality and school cells `id | name`, task columns in
//! the real spellings with points that add up to the total for most pupils but not all, `X` for
//! an alternative task, absent pupils, numbers stored as text), and `OUT/Признаки
//! необъективности.xlsx`, a three-year official list of the schools the project's
//! ground_truth.csv plants anomalies in.
//! Usage: cargo run --example fisoko_export -- PROJECT_DIR OUT_DIR

use rust_xlsxwriter::Workbook;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

const SUBJECTS: [(&str, &str); 4] = [
    ("ma", "Математика"),
    ("ru", "Русский язык"),
    ("okr", "Окружающий мир"),
    ("bi", "Биология"),
];

/// Splits a total into task points: tasks of (label, max), the rest on the last task.
fn split(total: u32, tasks: &[(&str, u32)]) -> Vec<u32> {
    let mut left = total;
    let mut out: Vec<u32> = tasks
        .iter()
        .map(|(_, max)| {
            let p = left.min(*max);
            left -= p;
            p
        })
        .collect();
    *out.last_mut().expect("tasks") += left;
    out
}

fn protocol(
    rows: &[csv::StringRecord],
    names: &HashMap<String, (String, String)>,
    out: &Path,
) -> anyhow::Result<()> {
    let max = rows
        .iter()
        .filter_map(|r| r[6].parse::<u32>().ok())
        .max()
        .unwrap_or(1);
    // Task spellings of real protocols; maxima that add up to at least the highest score.
    let labels = [
        "1 (1б)",
        "2(2б)",
        "3.1 (1б)",
        "6(1) (2б)",
        "16 (1) (2б)",
        "17К1 (2б)",
    ];
    let mut tasks: Vec<(&str, u32)> = labels
        .iter()
        .map(|l| (*l, l.rsplit('(').next().unwrap()[..1].parse().unwrap()))
        .collect();
    let room: u32 = tasks.iter().map(|t| t.1).sum();
    if room < max {
        tasks.push(("18 (40б)", 40.max(max - room)));
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("Протокол")?;
    let mut header = vec![
        "Пользователь",
        "Код региона",
        "Регион",
        "Муниципалитет",
        "Школа",
        "Дата загрузки",
        "Код",
        "Вариант",
    ];
    header.extend(tasks.iter().map(|t| t.0));
    header.extend([
        "Наименование класса",
        "Пол",
        "Отметка за предыдущий триместр/ четверть/полугодие",
        "Итого баллов",
    ]);
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let school = &row[4];
        let (school_name, mun) = names.get(school).cloned().unwrap_or_default();
        let mun_name = names.get(&mun).map(|n| n.0.clone()).unwrap_or_default();
        let absent = i % 37 == 0;
        let total: u32 = row[6].parse().unwrap_or(0);
        let mut points: Vec<String> = split(total, &tasks).iter().map(u32::to_string).collect();
        if i % 4 == 1 && total > 0 {
            points[0] = (points[0].parse::<u32>().unwrap_or(0) ^ 1).to_string();
        }
        if i % 2 == 0 && points[3] == "0" {
            points[3] = "X".into(); // an alternative task this pupil's variant did not have
        }
        let mut cells = vec![
            school.to_owned(),
            "7".into(),
            "reg070000 | Демонстрационный регион".into(),
            format!("{mun} | {mun_name}"),
            format!("{school} | {school_name}"),
            format!("{}-04-20", &row[0]),
            row[5].to_owned(),
            if absent {
                "отсутствовал".into()
            } else {
                "1".into()
            },
        ];
        cells.extend(if absent {
            vec![String::new(); tasks.len()]
        } else {
            points
        });
        cells.extend([
            row.get(9).unwrap_or("").to_owned(),
            if i % 2 == 0 { "М" } else { "Ж" }.to_owned(),
            if absent {
                String::new()
            } else {
                row[8].to_owned()
            },
            if absent {
                String::new()
            } else {
                row[6].to_owned()
            },
        ]);
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, v)?;
        }
    }
    std::fs::create_dir_all(out.parent().expect("a folder"))?;
    wb.save(out)?;
    Ok(())
}

fn official_list(
    project: &Path,
    names: &HashMap<String, (String, String)>,
    years: &[String],
    out: &Path,
) -> anyhow::Result<()> {
    let mut planted: BTreeSet<String> = BTreeSet::new();
    for row in csv::Reader::from_path(project.join("data/ground_truth.csv"))?.records() {
        planted.insert(row?[0].to_owned());
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Признаки необъективности")?;
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
        ws.write_string(0, c as u16, *h)?;
    }
    let mut r = 1;
    for (y, year) in years.iter().rev().take(3).enumerate() {
        for (k, school) in planted.iter().enumerate() {
            if (k + y) % 2 == 1 {
                continue;
            }
            let (name, mun) = names.get(school).cloned().unwrap_or_default();
            let mun_name = names.get(&mun).map(|n| n.0.clone()).unwrap_or_default();
            ws.write_string(r, 0, year)?;
            ws.write_string(r, 1, school)?;
            ws.write_string(r, 2, &mun_name)?;
            ws.write_string(r, 3, &name)?;
            let flags = [(k + y) % 3 == 0, true, (k + y) % 5 == 0, false];
            for (c, f) in flags.iter().enumerate() {
                if *f {
                    ws.write_number(r, 4 + c as u16, 1.0)?;
                }
            }
            ws.write_number(r, 8, flags.iter().filter(|f| **f).count() as f64)?;
            r += 1;
        }
    }
    wb.save(out)?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [project, out] = args.as_slice() else {
        anyhow::bail!("usage: fisoko_export PROJECT_DIR OUT_DIR")
    };
    let (project, out) = (Path::new(project), Path::new(out));
    let mut names: HashMap<String, (String, String)> = HashMap::new();
    for row in csv::Reader::from_path(project.join("data/orgs.csv"))?.records() {
        let row = row?;
        names.insert(row[0].to_owned(), (row[1].to_owned(), row[3].to_owned()));
    }
    let mut files: BTreeMap<(String, String, String), Vec<csv::StringRecord>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(project.join("data/results")).sort_by_file_name() {
        let path = entry?.into_path();
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        for row in csv::Reader::from_path(&path)?.records() {
            let row = row?;
            if &row[1] == "VPR" {
                files
                    .entry((row[0].to_owned(), row[3].to_owned(), row[2].to_owned()))
                    .or_default()
                    .push(row);
            }
        }
    }
    let years: Vec<String> = files
        .keys()
        .map(|k| k.0.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for ((year, grade, subject), rows) in &files {
        let name = SUBJECTS
            .iter()
            .find(|s| s.0 == subject)
            .map_or(subject.as_str(), |s| s.1);
        protocol(
            rows,
            &names,
            &out.join(year).join(grade).join(format!("{name}.xlsx")),
        )?;
    }
    official_list(
        project,
        &names,
        &years,
        &out.join("Признаки необъективности.xlsx"),
    )?;
    println!(
        "wrote {} protocols and a three-year official list into {}",
        files.len(),
        out.display()
    );
    Ok(())
}
