//! «Анализ ВПР» as an Excel workbook beside its page («Скачать таблицы анализа (.xlsx)»), so a
//! school (or a methodologist) edits its analysis instead of retyping it: one sheet per
//! section, its title, conclusion and notes, then its tables with a bold head and typed cells
//! (a figure a number, as the page rounds it; «—» an empty cell). The sheet of tasks by level
//! holds the task table. A workbook is small: it is built in memory (not in the constant-memory
//! mode of the open data's long tables), with the open data's document properties and zip
//! level, so a rebuild gives the same bytes ([`super::super::workbook::properties`]).

use super::super::workbook::{properties, ZIP_LEVEL};
use super::{Part, Table, TaskWork};
use crate::i18n::msg;
use crate::model::Project;
use crate::site::{FileKind, Output};
use anyhow::{Context, Result};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// Writes the workbook of `work`'s analysis beside its page at `page`, titled `title`.
pub fn workbook(project: &Project, title: &str, work: &TaskWork, page: &str, out: &mut Output) {
    let path = page.replace("index.html", &work.workbook);
    match bytes(project, title, work) {
        Ok(bytes) => out.add(&path, FileKind::Data, bytes),
        Err(e) => out.fail(e.context(msg!("io.write", path = &path))),
    }
}

/// The workbook's bytes.
fn bytes(project: &Project, title: &str, work: &TaskWork) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    book.set_properties(&properties(project, title))
        .set_zip_compression_level(ZIP_LEVEL);
    for part in &work.analysis {
        let sheet = book.add_worksheet();
        let tasks = part.tasks.then_some(&work.sheet);
        fill(sheet, part, tasks).with_context(|| part.short.clone())?;
    }
    Ok(book.save_to_buffer()?)
}

/// One section's sheet: its title in bold, conclusion and notes, then each table (the task
/// table last, where the section has it) after an empty row.
fn fill(sheet: &mut Worksheet, part: &Part, tasks: Option<&Table>) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    sheet.set_name(sheet_name(&part.short))?;
    sheet.set_column_width(0, 12)?;
    sheet.write_string_with_format(0, 0, &part.title, &bold)?;
    sheet.write_string(1, 0, &part.section.conclusion)?;
    let mut row = 2;
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
    Ok(())
}

/// A sheet's name as Excel takes it: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(short: &str) -> String {
    short
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}
