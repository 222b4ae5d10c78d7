//! The open data as Excel workbooks: every table of [`opendata::FILES`] also as `.xlsx`, because
//! Russian-locale Excel opens a comma-separated CSV by double click in one column. A workbook's
//! cells are typed — a number column's cells numbers, an empty cell empty, every other cell text
//! (without the apostrophe the CSV puts before formula-like text: a workbook's text is never
//! run) — and the passport (`meta.csv`) is its second sheet.
//!
//! A workbook is written from its finished CSV, read back row by row ([`Output::reopen`]), in the
//! constant-memory mode of rust_xlsxwriter (rows go to a temporary file, the workbook streams
//! into the site): memory stays flat however long the table. The tables convert in parallel.
//! A workbook is byte-identical across runs: its creation date is the data's `as_of` (else the
//! zip format's epoch, 1980-01-01), never the clock.
//!
//! rust_xlsxwriter panics when a write to its temporary file fails (a full disk, a file-size
//! limit: `Couldn't write to xml file`); [`unpanicked`] turns that into the build's error, so a
//! full disk stops the build with a message and the previous site untouched, never a panic.

use super::opendata::{self, Dataset};
use crate::i18n::{msg, msg_in};
use crate::load::table::Column;
use crate::model::Project;
use crate::site::{FileKind, Output};
use anyhow::{Context, Result};
use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

/// Rows of an Excel sheet; a longer table goes on over sheets `tasks (2)`, `tasks (3)`, …, each
/// with the header.
const SHEET_ROWS: u32 = 1_048_576;

/// The deflate level of a workbook's zip: on the 5,000-school case's tasks table, level 2 takes
/// less than half the CPU of the default 6 for a file a quarter larger (4.6 s and 68 MB against
/// 10.0 s and 54 MB for a million rows).
pub(super) const ZIP_LEVEL: u8 = 2;

/// The workbook of a CSV of the open data: `opendata/markers.csv` → `opendata/markers.xlsx`.
pub fn of(csv: &str) -> String {
    format!("{}.xlsx", csv.trim_end_matches(".csv"))
}

/// What every workbook of a site shares: its document properties and the passport's sheet name.
struct Shared {
    properties: DocProperties,
    passport: String,
}

/// Writes the workbook of each table of [`opendata::FILES`] from its CSV already in `out`, in
/// parallel, with the passport from `opendata/meta.csv`. An output that keeps no bytes (a
/// check) gets none.
pub fn write(project: &Project, out: &mut Output) {
    let lang = project.lang();
    let shared = Shared {
        properties: properties(project, &msg_in!(lang, "opendata.meta_title")),
        passport: msg_in!(lang, "opendata.sheet_passport"),
    };
    let written: &Output = out;
    let parts: Vec<Output> = opendata::FILES
        .par_iter()
        .map(|table| {
            let mut part = written.fork();
            if let Err(e) = unpanicked(&format!("opendata/{}", of(table.file)), || {
                convert(written, table, &shared, &mut part)
            }) {
                part.fail(e);
            }
            part
        })
        .collect();
    for part in parts {
        out.join(part);
    }
}

thread_local! {
    /// Whether this thread is inside [`unpanicked`]: its panics are caught and said as errors.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `work` (writing `path`), turning a panic inside it into an error with the panic's message, and keeping
/// the panic hook quiet about it (the other threads' panics are reported as ever).
fn unpanicked<T>(path: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    GUARDED.with(|g| g.set(false));
    caught.unwrap_or_else(|payload| {
        let said = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        Err(anyhow::anyhow!(msg!(
            "opendata.xlsx_failed",
            path = path,
            reason = said
        )))
    })
}

/// The document properties of a site's workbook: its title, the publisher (else the site's
/// title) as author, and the data's `as_of` (else the zip format's epoch, 1980-01-01) as its
/// creation date, never the clock, so that a rebuild gives the same bytes.
pub(super) fn properties(project: &Project, title: &str) -> DocProperties {
    let date = project
        .config
        .as_of
        .and_then(|d| ExcelDateTime::from_ymd(d.year, d.month, d.day).ok())
        .unwrap_or_else(|| ExcelDateTime::from_ymd(1980, 1, 1).expect("a valid date"));
    let publication = &project.config.publication;
    DocProperties::new()
        .set_title(title)
        .set_author(
            publication
                .publisher
                .as_deref()
                .unwrap_or(&project.config.title),
        )
        .set_creation_datetime(&date)
}

/// Writes `table`'s workbook into `part` from its CSV and the passport in `written`.
fn convert(written: &Output, table: &Dataset, shared: &Shared, part: &mut Output) -> Result<()> {
    let csv = format!("opendata/{}", table.file);
    let meta = format!("opendata/{}", opendata::META.file);
    let (Some(data), Some(passport)) = (written.reopen(&csv), written.reopen(&meta)) else {
        return Ok(());
    };
    let path = format!("opendata/{}", of(table.file));
    let fail = || msg!("io.write", path = &path);
    let mut book = Workbook::new();
    book.set_properties(&shared.properties)
        .set_zip_compression_level(ZIP_LEVEL);
    let stem = table.file.trim_end_matches(".csv");
    let data = data.with_context(fail)?;
    sheets(&mut book, stem, data, table.columns, SHEET_ROWS).with_context(fail)?;
    let passport = passport.with_context(fail)?;
    let meta_columns = opendata::META.columns;
    sheets(
        &mut book,
        &shared.passport,
        passport,
        meta_columns,
        SHEET_ROWS,
    )
    .with_context(fail)?;
    let mut sink = part.start(&path);
    book.save_to_writer(&mut sink).with_context(fail)?;
    part.finish(&path, FileKind::Data, sink);
    Ok(())
}

/// Adds the sheets of one CSV of `columns` to `book`: its header in bold, then every row typed
/// ([`put`]); past `rows` rows (Excel's [`SHEET_ROWS`]) a sheet goes on in the next, named
/// `name (2)`, ….
fn sheets(
    book: &mut Workbook,
    name: &str,
    csv: impl std::io::Read,
    columns: &[Column],
    rows: u32,
) -> Result<()> {
    let bold = Format::new().set_bold();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv);
    let mut record = csv::StringRecord::new();
    let mut header = csv::StringRecord::new();
    reader.read_record(&mut header)?;
    let names = columns.iter().map(|c| c.name);
    anyhow::ensure!(
        header.iter().eq(names.clone()),
        msg!(
            "opendata.xlsx_header",
            expected = names.collect::<Vec<_>>().join(",")
        )
    );
    let new_sheet = |book: &mut Workbook, n: u32| -> Result<Worksheet> {
        let mut sheet = book.new_worksheet_with_constant_memory()?;
        match n {
            1 => sheet.set_name(name)?,
            n => sheet.set_name(format!("{name} ({n})"))?,
        };
        for (c, column) in (0..).zip(columns) {
            sheet.write_string_with_format(0, c, column.name, &bold)?;
            sheet.set_column_width(c, column.name.chars().count().max(10) as f64 + 2.0)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(sheet)
    };
    let (mut n, mut row) = (1, 1);
    let mut sheet = new_sheet(book, n)?;
    while reader.read_record(&mut record)? {
        if row == rows {
            book.push_worksheet(sheet);
            n += 1;
            row = 1;
            sheet = new_sheet(book, n)?;
        }
        for ((c, column), field) in (0..).zip(columns).zip(record.iter()) {
            put(&mut sheet, row, c, column, field)?;
        }
        row += 1;
    }
    book.push_worksheet(sheet);
    Ok(())
}

/// Writes one field of a CSV as a typed cell: nothing for an empty field, a number in a number
/// column, else text as it was before [`opendata::as_text`] guarded it.
fn put(sheet: &mut Worksheet, row: u32, col: u16, column: &Column, field: &str) -> Result<()> {
    if field.is_empty() {
        return Ok(());
    }
    match field.parse::<f64>() {
        Ok(number) if column.number && number.is_finite() => {
            sheet.write_number(row, col, number)?;
        }
        _ => {
            sheet.write_string(row, col, opendata::unguarded(field))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader};

    /// The sheets of a workbook written by [`sheets`] from `csv`, read back with calamine.
    fn read_back(csv: &str, columns: &[Column], rows: u32) -> Vec<(String, Vec<Vec<Data>>)> {
        let mut book = Workbook::new();
        sheets(&mut book, "t", csv.as_bytes(), columns, rows).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let mut xlsx = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        xlsx.sheet_names()
            .into_iter()
            .map(|name| {
                let range = xlsx.worksheet_range(&name).unwrap();
                (name, range.rows().map(<[Data]>::to_vec).collect())
            })
            .collect()
    }

    const COLUMNS: [Column; 4] = [
        Column::named("org"),
        Column::number("grade"),
        Column::number("value"),
        Column::named("task"),
    ];

    fn s(text: &str) -> Data {
        Data::String(text.to_owned())
    }

    #[test]
    fn numbers_are_numbers_empty_is_empty_and_text_is_text_unguarded() {
        let csv = "\u{feff}org,grade,value,task\n'=1+1,4,2.140e-7,4.1\n0712,,,\n";
        let header = vec![s("org"), s("grade"), s("value"), s("task")];
        assert_eq!(
            read_back(csv, &COLUMNS, SHEET_ROWS),
            [(
                "t".to_owned(),
                vec![
                    header,
                    vec![s("=1+1"), Data::Float(4.0), Data::Float(2.14e-7), s("4.1")],
                    vec![s("0712"), Data::Empty, Data::Empty, Data::Empty],
                ]
            )]
        );
    }

    #[test]
    fn a_table_longer_than_a_sheet_goes_on_in_the_next_with_its_header() {
        let csv = "org,grade,value,task\na,1,,\nb,2,,\nc,3,,\nd,4,,\ne,5,,\n";
        let got = read_back(csv, &COLUMNS, 3);
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["t", "t (2)", "t (3)"]);
        let firsts: Vec<Vec<Data>> = got
            .iter()
            .map(|(_, rows)| rows.iter().map(|r| r[0].clone()).collect())
            .collect();
        assert_eq!(
            firsts,
            [
                vec![s("org"), s("a"), s("b")],
                vec![s("org"), s("c"), s("d")],
                vec![s("org"), s("e")],
            ]
        );
    }

    #[test]
    fn refuses_a_csv_whose_header_is_not_the_tables() {
        let mut book = Workbook::new();
        let e = sheets(&mut book, "t", "org,value\n".as_bytes(), &COLUMNS, 9).unwrap_err();
        assert_eq!(
            e.to_string(),
            "заголовок CSV не тот, что у таблицы: ожидается org,grade,value,task"
        );
    }

    #[test]
    fn a_panic_inside_is_an_error_with_its_message() {
        let e = unpanicked::<()>("t.xlsx", || {
            panic!("Couldn't write to xml file: StorageFull")
        })
        .unwrap_err();
        assert!(
            e.to_string()
                .ends_with("Couldn't write to xml file: StorageFull"),
            "{e}"
        );
        assert_eq!(unpanicked("t.xlsx", || Ok(7)).unwrap(), 7);
    }

    #[test]
    fn the_same_table_gives_the_same_bytes() {
        let once = || {
            let mut book = Workbook::new();
            let date = ExcelDateTime::from_ymd(2024, 6, 1).unwrap();
            book.set_properties(&DocProperties::new().set_creation_datetime(&date));
            sheets(
                &mut book,
                "t",
                "org,grade,value,task\na,1,2,3\n".as_bytes(),
                &COLUMNS,
                9,
            )
            .unwrap();
            book.save_to_buffer().unwrap()
        };
        let first = once();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(first, once());
    }
}
