//! Writes a multi-school ФИС ОКО «Протокол» export from a generated results CSV, to try
//! `oko import fisoko` on realistic input (a few pupils marked absent, task cells with `X`).
//! Usage: cargo run --example fisoko_export -- RESULTS.csv ORGS.csv OUT.xlsx

use rust_xlsxwriter::Workbook;
use std::collections::HashMap;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [results, orgs, out] = args.as_slice() else {
        anyhow::bail!("usage: fisoko_export RESULTS.csv ORGS.csv OUT.xlsx")
    };
    let mut names: HashMap<String, (String, String)> = HashMap::new();
    for row in csv::Reader::from_path(orgs)?.records() {
        let row = row?;
        names.insert(row[0].to_owned(), (row[1].to_owned(), row[3].to_owned()));
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("Протокол")?;
    let header = [
        "Пользователь",
        "Код региона",
        "Регион",
        "Муниципалитет",
        "Школа",
        "Код",
        "Вариант",
        "1 (1б)",
        "Наименование класса",
        "Отметка за предыдущий триместр/ четверть/полугодие",
        "Итого баллов",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (i, row) in csv::Reader::from_path(results)?.records().enumerate() {
        let row = row?;
        let r = i as u32 + 1;
        let school = &row[4];
        let (school_name, mun) = names.get(school).cloned().unwrap_or_default();
        let mun_name = names.get(&mun).map(|n| n.0.clone()).unwrap_or_default();
        let absent = i % 37 == 0;
        let cells = [
            school.to_owned(),
            "7".into(),
            "Демонстрационный регион".into(),
            format!("{mun} | {mun_name}"),
            format!("{school} | {school_name}"),
            row[5].to_owned(),
            if absent {
                "отсутствовал".into()
            } else {
                "1".into()
            },
            if absent { String::new() } else { "X".into() },
            row[9].to_owned(),
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
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, v)?;
        }
    }
    wb.save(out)?;
    Ok(())
}
