//! `oko import scales FILE`: a year's score-to-mark tables into data/scales.csv. The file is a
//! CSV (any encoding and delimiter oko reads) or an xlsx workbook whose sheet has the table's
//! header somewhere in its first rows; columns as data/scales.csv has them, with the official
//! tables' `min3…min5` and Russian names ([`crate::load::scales::COLUMNS`]), other columns
//! (variant, source) ignored. A subject may be its code or its Russian name.
//!
//! data/scales.csv keeps its header, delimiter, columns and rows; a new work's row is added; a
//! work it already has with the same numbers changes nothing; with other numbers it is reported
//! and replaced only when asked (the replaced row keeps only what the imported file says). A bad
//! row is refused with its `file:line:column` and the reason; the rest is imported. The file is
//! written once, through a temporary file and a rename, and only when something changed.

use super::workbook;
use crate::diag::Diagnostics;
use crate::load::scales::{self, ScaleRow, COLUMNS};
use crate::load::table::{detect_delimiter, normalize_header};
use crate::model::{CellKey, Scale, Subjects};
use anyhow::{anyhow, bail, Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// What one import did.
#[derive(Debug, Default)]
pub struct Summary {
    pub file: String,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// Works whose numbers differ from the project's, each in words (replaced or kept).
    pub differing: Vec<String>,
    /// Rows refused, each as `file:line:column: why`.
    pub refused: Vec<String>,
}

/// Where the project's scales are.
const REL: &str = "data/scales.csv";

/// Imports the scales of `file` into the project at `root` (under its lock, in one transaction;
/// `waiting` is called once if another command holds the project).
pub fn import(
    file: &Path,
    root: &Path,
    replace: bool,
    limits: &workbook::Limits,
    waiting: impl FnOnce(),
) -> Result<Summary> {
    let name = file.display().to_string();
    let text = table_text(file, limits, &scales::is_header, || no_table(file))?;
    let lock = crate::transaction::exclusive(root, waiting)?;
    let subjects = crate::load::subjects(root);
    let mut diags = Diagnostics::default();
    let given = scales::rows(&name, &text, &subjects, &mut diags);
    let mut summary = Summary {
        file: name,
        refused: diags.sorted().iter().map(ToString::to_string).collect(),
        ..Summary::default()
    };
    let mut project = ScalesFile::open(root, &subjects)?;
    for row in &given {
        match project.works.get(&row.key) {
            Some(&(_, old)) if old == row.scale => summary.unchanged += 1,
            Some(&(at, old)) => {
                summary
                    .differing
                    .push(differs(&summary.file, row, old, replace, &subjects));
                if replace {
                    project.set(Some(at), row, &subjects);
                    summary.replaced += 1;
                }
            }
            None => {
                project.set(None, row, &subjects);
                summary.added += 1;
            }
        }
    }
    if summary.added + summary.replaced > 0 {
        let mut tx = crate::transaction::Transaction::begin(root, &lock)?;
        project.save(&mut tx)?;
        tx.commit()?;
    }
    Ok(summary)
}

/// «file:line: the scale of ВПР · Русский язык · 4 кл. of 2021 differs: …».
fn differs(file: &str, row: &ScaleRow, old: Scale, replaced: bool, subjects: &Subjects) -> String {
    let numbers = |s: Scale| {
        format!(
            "max_score {}, mark3 {}, mark4 {}, mark5 {}",
            s.max_score, s.mark3, s.mark4, s.mark5
        )
    };
    let work = scales::work_in_words(&row.key, subjects);
    let (old, new) = (numbers(old), numbers(row.scale));
    let message = if replaced {
        crate::i18n::msg!(
            "import.scale_replaced",
            work = work,
            year = row.key.year,
            old = old,
            new = new
        )
    } else {
        crate::i18n::msg!(
            "import.scale_differs",
            work = work,
            year = row.key.year,
            old = old,
            new = new
        )
    };
    format!("{file}:{}: {message}", row.line)
}

/// The table of `file` as CSV text whose line numbers are the file's (a sheet's rows): a CSV
/// whose first line is a header `is_header` accepts, or the first sheet of a workbook with such
/// a header in its first 50 rows (rows above it, a caption, become blank lines). Else the error
/// `missing` writes.
pub(super) fn table_text(
    file: &Path,
    limits: &workbook::Limits,
    is_header: &dyn Fn(&[String]) -> bool,
    missing: impl Fn() -> String,
) -> Result<String> {
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if matches!(extension.as_deref(), Some("csv" | "tsv" | "txt")) {
        let size = std::fs::metadata(file)
            .with_context(|| crate::i18n::msg!("io.read", path = file.display()))?
            .len();
        if size > limits.file_bytes {
            bail!(crate::i18n::msg!(
                "import.table_too_big",
                file = file.display(),
                size = size,
                cap = limits.file_bytes
            ));
        }
        let bytes = std::fs::read(file)
            .with_context(|| crate::i18n::msg!("io.read", path = file.display()))?;
        let (text, _) =
            crate::load::text::decode(&bytes).map_err(|e| anyhow!("{}: {e}", file.display()))?;
        let first = text.lines().next().unwrap_or("");
        let header: Vec<String> = csv::ReaderBuilder::new()
            .delimiter(detect_delimiter(first))
            .has_headers(false)
            .from_reader(first.as_bytes())
            .records()
            .next()
            .and_then(Result::ok)
            .map(|r| r.iter().map(str::to_owned).collect())
            .unwrap_or_default();
        if !is_header(&header) {
            bail!(missing());
        }
        return Ok(text);
    }
    let sheets = workbook::read(file, limits)?;
    let (sheet, header) = sheets
        .iter()
        .find_map(|s| {
            let at = s.rows.iter().take(50).position(|r| is_header(r))?;
            Some((s, at))
        })
        .ok_or_else(|| anyhow!(missing()))?;
    let width = sheet.rows[header].len();
    // Row i of the sheet is line i + 1: rows above the header and empty rows are blank lines,
    // which the CSV reader skips; a line break inside a cell becomes a space.
    let mut text = "\n".repeat(header);
    for row in &sheet.rows[header..] {
        if row.iter().all(String::is_empty) {
            text.push('\n');
            continue;
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let cells = (0..width).map(|i| {
            row.get(i)
                .map_or(String::new(), |c| c.replace(['\r', '\n'], " "))
        });
        writer.write_record(cells)?;
        text.push_str(&String::from_utf8(
            writer.into_inner().map_err(|e| anyhow!("{e}"))?,
        )?);
    }
    Ok(text)
}

/// «FILE: no scale table: a header with year, procedure, … was not found».
fn no_table(file: &Path) -> String {
    crate::i18n::msg!(
        "import.no_scale_table",
        file = file.display(),
        columns = header_names().join(", ")
    )
}

/// The canonical header: `year,procedure,subject,grade,max_score,mark3,mark4,mark5`.
fn header_names() -> Vec<String> {
    COLUMNS.iter().map(|c| c.name.to_owned()).collect()
}

/// data/scales.csv in memory, as written: its header, delimiter and records, and per work the
/// record that holds it.
struct ScalesFile {
    path: PathBuf,
    delimiter: u8,
    header: Vec<String>,
    records: Vec<Vec<String>>,
    /// The field of each of [`COLUMNS`] in a record.
    at: Vec<usize>,
    works: BTreeMap<CellKey, (usize, Scale)>,
}

impl ScalesFile {
    /// Reads the project's file (none yet: the canonical header); a file with errors is
    /// refused with all of them, to be fixed first.
    fn open(root: &Path, subjects: &Subjects) -> Result<ScalesFile> {
        let path = root.join(REL);
        let mut file = ScalesFile {
            path,
            delimiter: b',',
            header: header_names(),
            records: Vec::new(),
            at: (0..COLUMNS.len()).collect(),
            works: BTreeMap::new(),
        };
        let bytes = match std::fs::read(&file.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(file),
            Err(e) => bail!(
                "{} ({e})",
                crate::i18n::msg!("io.read", path = file.path.display())
            ),
        };
        let (text, _) = crate::load::text::decode(&bytes).map_err(|e| anyhow!("{REL}: {e}"))?;
        let mut diags = Diagnostics::default();
        let rows = scales::rows(REL, &text, subjects, &mut diags);
        if !diags.is_empty() {
            let problems: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
            bail!(
                "{}\n{}",
                problems.join("\n"),
                crate::i18n::msg!("import.scales_file_bad", file = REL)
            );
        }
        file.delimiter = detect_delimiter(text.lines().next().unwrap_or(""));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(file.delimiter)
            .from_reader(text.as_bytes());
        file.header = reader.headers()?.iter().map(str::to_owned).collect();
        let names: Vec<String> = file.header.iter().map(|h| normalize_header(h)).collect();
        file.at = COLUMNS
            .iter()
            .map(|c| names.iter().position(|n| c.matches(n)))
            .collect::<Option<_>>()
            .expect("a file that parsed has every column");
        let mut record_of_line = HashMap::new();
        for record in reader.records() {
            let record = record?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            record_of_line.insert(line, file.records.len());
            file.records
                .push(record.iter().map(str::to_owned).collect());
        }
        file.works = rows
            .into_iter()
            .map(|r| (r.key, (record_of_line[&r.line], r.scale)))
            .collect();
        Ok(file)
    }

    /// Writes `row` into record `at` (a replacement: every other field emptied), or as a new
    /// record.
    fn set(&mut self, at: Option<usize>, row: &ScaleRow, subjects: &Subjects) {
        let k = row.key;
        let s = row.scale;
        let values = [
            k.year.to_string(),
            k.procedure.code().to_owned(),
            subjects.code(k.subject).to_owned(),
            k.grade.to_string(),
            s.max_score.to_string(),
            s.mark3.to_string(),
            s.mark4.to_string(),
            s.mark5.to_string(),
        ];
        let mut record = vec![String::new(); self.header.len()];
        for (&field, value) in self.at.iter().zip(values) {
            record[field] = value;
        }
        let index = match at {
            Some(i) => {
                self.records[i] = record;
                i
            }
            None => {
                self.records.push(record);
                self.records.len() - 1
            }
        };
        self.works.insert(k, (index, s));
    }

    fn save(&self, tx: &mut crate::transaction::Transaction) -> Result<()> {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .from_writer(Vec::new());
        writer.write_record(&self.header)?;
        for record in &self.records {
            writer.write_record(record)?;
        }
        tx.write(REL, &writer.into_inner().map_err(|e| anyhow!("{e}"))?)
    }
}
