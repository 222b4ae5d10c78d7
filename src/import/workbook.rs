//! Reading an untrusted xlsx workbook within limits. Before calamine opens it, every zip entry is
//! unpacked into a counter (the sizes a zip header claims can lie), so a small file that unpacks
//! to gigabytes is refused; sheets are then streamed cell by cell, so a sheet whose dimension
//! claims the last cell of the grid costs nothing, and the cells kept are counted against a cap.
//! Before any cell is kept, a first pass over the sheets adds up the text the cells expand to (a
//! shared string counted once per cell that refers to it, nothing copied), so a small file whose
//! one long shared string is referenced by millions of cells is refused before it costs memory.

use anyhow::{anyhow, bail, Context, Result};
use calamine::{DataRef, Reader, Xlsx};
use std::io::{Cursor, Read};
use std::path::Path;

/// What one workbook may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The xlsx file itself.
    pub file_bytes: u64,
    /// All zip entries unpacked.
    pub unpacked_bytes: u64,
    pub zip_entries: usize,
    /// Columns a kept row may span (an export has a few dozen).
    pub columns: u32,
    /// Row slots kept over all sheets (the sum of the kept rows' widths).
    pub cells: usize,
    /// Characters of one text cell.
    pub cell_chars: usize,
    /// Bytes of text of all cells together, each shared string counted once per reference.
    pub text_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: 256 << 20,
            unpacked_bytes: 1 << 30,
            zip_entries: 10_000,
            columns: 1024,
            cells: 16_000_000,
            cell_chars: 4096,
            text_bytes: 256 << 20,
        }
    }
}

/// One sheet as rows of trimmed text; row `i` is the sheet's row `i + 1`.
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

/// Reads every sheet of an xlsx file as text, refusing anything over `limits`.
pub fn read(path: &Path, limits: &Limits) -> Result<Vec<Sheet>> {
    let where_ = || path.display().to_string();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if !matches!(extension.as_deref(), Some("xlsx" | "xlsm")) {
        bail!(crate::i18n::msg!("xlsx.not_xlsx", file = where_()));
    }
    let meta = std::fs::symlink_metadata(path)
        .with_context(|| crate::i18n::msg!("io.read", path = where_()))?;
    if meta.file_type().is_symlink() {
        bail!(crate::i18n::msg!("xlsx.symlink", file = where_()));
    }
    if meta.len() > limits.file_bytes {
        bail!(crate::i18n::msg!(
            "xlsx.too_big",
            file = where_(),
            size = meta.len(),
            cap = limits.file_bytes
        ));
    }
    let bytes =
        std::fs::read(path).with_context(|| crate::i18n::msg!("io.read", path = where_()))?;
    read_bytes(&bytes, &where_(), limits)
}

/// Reads every sheet of an xlsx workbook held in memory; `name` is the file for messages.
pub fn read_bytes(bytes: &[u8], name: &str, limits: &Limits) -> Result<Vec<Sheet>> {
    check_unpacked(bytes, name, limits)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| anyhow!(crate::i18n::msg!("xlsx.unopenable", file = name, error = e)))?;
    check_text(&mut workbook, name, limits)?;
    let mut sheets = Vec::new();
    let mut cells = 0usize;
    for sheet in workbook.sheet_names() {
        let mut rows: Vec<Vec<String>> = Vec::new();
        each_cell(&mut workbook, name, &sheet, |row, col, cell| {
            let value = text(cell);
            if value.is_empty() {
                return Ok(());
            }
            if col >= limits.columns {
                bail!(crate::i18n::msg!(
                    "xlsx.too_many_columns",
                    file = name,
                    sheet = sheet,
                    row = row + 1,
                    col = col + 1,
                    cap = limits.columns
                ));
            }
            if value.chars().count() > limits.cell_chars {
                bail!(crate::i18n::msg!(
                    "xlsx.long_text",
                    file = name,
                    sheet = sheet,
                    row = row + 1,
                    col = col + 1,
                    cap = limits.cell_chars
                ));
            }
            let (row, col) = (row as usize, col as usize);
            if row >= rows.len() {
                // Rows arrive in order; a jump adds empty rows, which cost no cells.
                if row - rows.len() > limits.cells {
                    bail!(crate::i18n::msg!(
                        "xlsx.far_row",
                        file = name,
                        sheet = sheet,
                        row = row + 1
                    ));
                }
                rows.resize_with(row + 1, Vec::new);
            }
            let kept = &mut rows[row];
            if col >= kept.len() {
                cells += col + 1 - kept.len();
                if cells > limits.cells {
                    bail!(crate::i18n::msg!(
                        "xlsx.too_many_cells",
                        file = name,
                        cap = limits.cells
                    ));
                }
                kept.resize(col + 1, String::new());
            }
            kept[col] = value;
            Ok(())
        })?;
        sheets.push(Sheet { name: sheet, rows });
    }
    Ok(sheets)
}

type Workbook<'a> = Xlsx<Cursor<&'a [u8]>>;

/// Streams the cells of one sheet to `f` as (row, column, value), 0-based, without copying them.
fn each_cell(
    workbook: &mut Workbook,
    file: &str,
    sheet: &str,
    mut f: impl FnMut(u32, u32, &DataRef) -> Result<()>,
) -> Result<()> {
    let failed = |e: calamine::XlsxError| {
        anyhow!(crate::i18n::msg!(
            "xlsx.sheet",
            file = file,
            sheet = sheet,
            error = e
        ))
    };
    let mut reader = workbook.worksheet_cells_reader(sheet).map_err(failed)?;
    while let Some(cell) = reader.next_cell().map_err(failed)? {
        let (row, col) = cell.get_position();
        f(row, col, cell.get_value())?;
    }
    Ok(())
}

/// Adds up the text every sheet's cells would be read as, shared strings once per reference,
/// copying none of it; refuses the file once the sum passes the limit.
fn check_text(workbook: &mut Workbook, file: &str, limits: &Limits) -> Result<()> {
    let mut total = 0u64;
    for sheet in workbook.sheet_names() {
        each_cell(workbook, file, &sheet, |_, _, cell| {
            total += text_len(cell) as u64;
            if total > limits.text_bytes {
                bail!(crate::i18n::msg!(
                    "xlsx.too_much_text",
                    file = file,
                    cap = limits.text_bytes
                ));
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// The length in bytes of [`text`] of a cell; a string's without copying it.
fn text_len(cell: &DataRef) -> usize {
    match cell {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.trim().len(),
        DataRef::SharedString(s) => s.trim().len(),
        other => text(other).len(),
    }
}

/// Unpacks every entry into a counter and refuses the file once the total passes the limit.
fn check_unpacked(bytes: &[u8], path: &str, limits: &Limits) -> Result<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| anyhow!(crate::i18n::msg!("xlsx.unopenable", file = path, error = e)))?;
    if zip.len() > limits.zip_entries {
        bail!(crate::i18n::msg!(
            "xlsx.too_many_parts",
            file = path,
            parts = zip.len(),
            cap = limits.zip_entries
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip
            .by_index(i)
            .map_err(|e| anyhow!(crate::i18n::msg!("xlsx.unreadable", file = path, error = e)))?;
        let left = limits.unpacked_bytes - total;
        let read = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink())
            .map_err(|e| anyhow!(crate::i18n::msg!("xlsx.unpack", file = path, error = e)))?;
        total += read;
        if total > limits.unpacked_bytes {
            bail!(crate::i18n::msg!(
                "xlsx.unpacks_too_big",
                file = path,
                cap = limits.unpacked_bytes
            ));
        }
    }
    Ok(())
}

/// A cell as text: whole numbers without `.0`, dates as `YYYY-MM-DD`, strings trimmed.
fn text(cell: &DataRef) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => u8::from(*b).to_string(),
        DataRef::DateTime(d) => serial_date(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.trim().to_owned(),
        DataRef::Error(_) => String::new(),
    }
}

/// An Excel serial day (1900 system, counted from 1899-12-30) as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> String {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return String::new();
    }
    // Days since 1970-01-01, then the civil date (H. Hinnant's algorithm).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::serial_date;

    #[test]
    fn excel_serial_days_become_civil_dates() {
        // 1 Jan 1900 is serial 2 in the 1900 system counted from 1899-12-30 (Excel's leap-year
        // bug shifts the earliest dates only); 44306 is 20 Apr 2021; 45351 is 29 Feb 2024.
        assert_eq!(serial_date(44306.0), "2021-04-20");
        assert_eq!(serial_date(45351.5), "2024-02-29");
        assert_eq!(serial_date(25569.0), "1970-01-01");
        assert_eq!(serial_date(f64::NAN), "");
    }
}
