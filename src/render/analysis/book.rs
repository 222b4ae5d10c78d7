//! «Анализ ВПР» as an Excel workbook («Скачать таблицы анализа (.xlsx)»), so a school (or a
//! methodologist) edits its analysis instead of retyping it: one workbook per organization and
//! year, `analysis.xlsx` in the year's folder beside the works' pages, a sheet per work, its
//! sections one under another: each its title, conclusion and notes, then its tables with a
//! bold head and typed cells (a figure a number, as the page rounds it; «—» an empty cell); the
//! section of tasks by level holds the task table.
//!
//! One workbook a year, not one a work: a workbook's fixed cost (some fifteen zipped parts)
//! made one per work page 1.4 ms of CPU each, doubling the 5,000-school region's build
//! (bench/run.sh one). A workbook is small: it is built in memory (not in the constant-memory
//! mode of the open data's long tables), with the open data's document properties and zip
//! level, so a rebuild gives the same bytes ([`super::super::workbook::properties`]).

use super::super::workbook::{properties, ZIP_LEVEL};
use super::{Part, Table, TaskWork};
use crate::i18n::{msg, msg_in};
use crate::model::Project;
use crate::site::{FileKind, Output};
use anyhow::{Context, Result};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The workbook's file name, in the folder of the year (a work's page links `../` it).
pub const FILE: &str = "analysis.xlsx";

/// Where the workbook of the year of a work's page `page` goes:
/// `school/x/2024/vpr-ma-5/index.html` → `school/x/2024/analysis.xlsx`.
pub fn path_beside(page: &str) -> String {
    let folder = page.trim_end_matches("index.html").trim_end_matches('/');
    let year = folder.rsplit_once('/').map_or("", |(year, _)| year);
    format!("{year}/{FILE}")
}

/// The workbook of one organization's year, a sheet added per work.
pub struct Book {
    book: Workbook,
    sheets: usize,
    /// The first sheet that failed, said when the book is written.
    failed: Option<anyhow::Error>,
}

impl Book {
    /// An empty workbook of the analysis of `org`'s `year`.
    pub fn new(project: &Project, org: &str, year: u16) -> Book {
        let title = msg_in!(
            project.lang(),
            "analysis.book_title",
            org = org,
            year = year
        );
        let mut book = Workbook::new();
        book.set_properties(&properties(project, &title))
            .set_zip_compression_level(ZIP_LEVEL);
        Book {
            book,
            sheets: 0,
            failed: None,
        }
    }

    /// Adds the sheet of a work named `name` (numbered, so that names cut to Excel's 31
    /// characters stay distinct): its analysis's sections one under another.
    pub fn add(&mut self, name: &str, work: &TaskWork) {
        // «Анализ ВПР»: another procedure's tasks are in the open data's tasks table.
        if !work.vpr {
            return;
        }
        self.sheets += 1;
        let sheet = self.book.add_worksheet();
        let filled = sheet
            .set_name(sheet_name(&format!("{}. {name}", self.sheets)))
            .map_err(anyhow::Error::from)
            .and_then(|sheet| {
                sheet.set_column_width(0, 12)?;
                let mut row = 0;
                for part in &work.analysis {
                    let tasks = part.tasks.then_some(&work.sheet);
                    row = fill(sheet, row, part, tasks).with_context(|| part.short.clone())? + 1;
                }
                Ok(())
            });
        if let Err(e) = filled {
            self.failed.get_or_insert(e);
        }
    }

    /// Writes the workbook at `path` (none when no work was added).
    pub fn finish(mut self, path: &str, out: &mut Output) {
        if self.sheets == 0 {
            return;
        }
        let bytes = match self.failed.take() {
            Some(e) => Err(e),
            None => self.book.save_to_buffer().map_err(anyhow::Error::from),
        };
        match bytes {
            Ok(bytes) => out.add(path, FileKind::Data, bytes),
            Err(e) => out.fail(e.context(msg!("io.write", path = path))),
        }
    }
}

/// One section from row `row` on: its title in bold, conclusion and notes, then each table
/// (the task table last, where the section has it) after an empty row. Returns the row after.
fn fill(
    sheet: &mut Worksheet,
    mut row: u32,
    part: &Part,
    tasks: Option<&Table>,
) -> Result<u32, XlsxError> {
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(row, 0, &part.title, &bold)?;
    sheet.write_string(row + 1, 0, &part.section.conclusion)?;
    row += 2;
    for note in &part.section.notes {
        sheet.write_string(row, 0, note)?;
        row += 1;
    }
    for table in part.section.tables.iter().chain(tasks) {
        row += 1;
        if !table.caption.is_empty() {
            sheet.write_string_with_format(row, 0, &table.caption, &bold)?;
            row += 1;
        }
        for (c, h) in (0..).zip(&table.head) {
            sheet.write_string_with_format(row, c, h, &bold)?;
        }
        row += 1;
        for cells in &table.rows {
            for (c, v) in (0..).zip(cells) {
                match v.number {
                    Some(n) => sheet.write_number(row, c, n)?,
                    None if v.text == "—" || v.text.is_empty() => sheet,
                    None => sheet.write_string(row, c, &v.text)?,
                };
            }
            row += 1;
        }
    }
    Ok(row)
}

/// A sheet's name as Excel takes it: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(short: &str) -> String {
    short
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_workbook_of_a_works_page_is_in_its_years_folder() {
        assert_eq!(
            super::path_beside("school/sch1/2024/vpr-ma-5/index.html"),
            "school/sch1/2024/analysis.xlsx"
        );
        assert_eq!(
            super::path_beside("region/kbr/2023/vpr-ru-4/index.html"),
            "region/kbr/2023/analysis.xlsx"
        );
    }
}
