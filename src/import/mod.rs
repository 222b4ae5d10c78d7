//! `oko import`: exports of ФИС ОКО into the project's canonical CSV.
//!
//! - `oko import fisoko FILE|DIR…`: pupil exports of both layouts ([`protocol`]) become
//!   `data/results/<year>/<procedure>_<subject>_<grade>_<file>.csv` (with each pupil's task
//!   points in `tasks`), the tasks of each work go to `data/tasks.csv`, and the organizations
//!   the export names are added to `data/orgs.csv` ([`orgs_file`]). A folder is walked in path
//!   order. Every file is untrusted and read within [`workbook::Limits`].
//! - `oko import markers FILE.xlsx`: the federal list «Признаки необъективности» ([`markers`]).
//! - `oko import scales FILE`: score-to-mark tables into `data/scales.csv` ([`scales`]).
//!
//! Importing the same file again changes nothing. A row that cannot be imported is refused with
//! its sheet row and the reason, counted in the summary, never dropped silently; what is written
//! passes `oko check`.

pub mod assessment;
pub mod markers;
mod orgs_file;
pub mod protocol;
pub mod scales;
mod tasks_file;
pub mod workbook;

use crate::model::Subjects;
use anyhow::{anyhow, Context, Result};
use assessment::{Contents, Given};
use orgs_file::{clean_text, OrgsFile};
use protocol::{id_and_name, whole_number, Columns, TaskCell};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tasks_file::TasksFile;

/// What an import is told; what it is not told it reads from the file's name, folders and cells.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub given: Given,
    pub limits: workbook::Limits,
}

/// A row left out, with its sheet row (1-based) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub row: usize,
    pub reason: String,
}

/// Task-score notes of one school in one file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TaskNotes {
    /// Pupils whose task points do not add up to «Итого баллов».
    pub sum_differs: usize,
    /// Task cells with text such as `не пройд.` (kept as not scored).
    pub unscored: usize,
}

/// What one file gave.
#[derive(Debug, Default)]
pub struct Summary {
    pub file: String,
    pub written: String,
    pub rows: usize,
    pub absent: usize,
    pub schools: usize,
    pub municipalities: usize,
    pub tasks: usize,
    pub new_orgs: usize,
    pub refused: Vec<Refused>,
    /// Per school id.
    pub notes: BTreeMap<String, TaskNotes>,
}

/// The outcome of an import over many files: what each gave and the files that failed.
#[derive(Debug, Default)]
pub struct Outcome {
    pub summaries: Vec<Summary>,
    pub failed: Vec<String>,
    /// Files of the folder that are not pupil exports but official lists, left for
    /// `oko import markers`.
    pub lists: Vec<String>,
}

/// Why a file gave no rows.
enum Skip {
    /// An official list «Признаки необъективности», for `oko import markers`.
    List,
    Failed(anyhow::Error),
}

/// Files named, and the `.xlsx` files below folders named, in path order. Symbolic links are
/// not followed; Excel's lock files (`~$…`) are skipped.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let entry = entry.with_context(|| crate::msg!("io.list", path = path.display()))?;
                let name = entry.file_name().to_string_lossy();
                let xlsx = name.to_lowercase().ends_with(".xlsx");
                if entry.file_type().is_file() && xlsx && !name.starts_with("~$") {
                    files.push(entry.into_path());
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Writes `bytes` to `path` through a temporary file beside it, so a reader never sees half.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().expect("data files live in a folder");
    std::fs::create_dir_all(dir).with_context(|| crate::msg!("io.create", path = dir.display()))?;
    let temp = dir.join(format!(
        ".{}.oko-import",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    ));
    std::fs::write(&temp, bytes).with_context(|| crate::msg!("io.write", path = temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| crate::msg!("io.write", path = path.display()))
}

/// Imports ФИС ОКО pupil exports; `progress(done, total)` is called after each file.
pub fn fisoko(paths: &[PathBuf], o: &Options, progress: impl Fn(usize, usize)) -> Result<Outcome> {
    let files = expand(paths)?;
    let mut outcome = Outcome::default();
    for (i, file) in files.iter().enumerate() {
        match import_file(file, o) {
            Ok(summary) => outcome.summaries.push(summary),
            Err(Skip::List) => outcome.lists.push(file.display().to_string()),
            Err(Skip::Failed(e)) => outcome.failed.push(format!("{e:#}")),
        }
        progress(i + 1, files.len());
    }
    if files.is_empty() {
        outcome.failed.push(crate::msg!("import.no_files"));
    }
    Ok(outcome)
}

/// One pupil row, ready to be written.
struct Pupil {
    school: String,
    participant: String,
    score: u32,
    mark: String,
    journal: String,
    class: String,
    variant: String,
    tasks: String,
}

fn import_file(file: &Path, o: &Options) -> Result<Summary, Skip> {
    let sheets = workbook::read(file, &o.limits).map_err(Skip::Failed)?;
    if markers::is_list(&sheets) {
        return Err(Skip::List);
    }
    import_sheets(file, &sheets, o).map_err(Skip::Failed)
}

fn import_sheets(file: &Path, sheets: &[workbook::Sheet], o: &Options) -> Result<Summary> {
    let at = |e: String| anyhow!("{}: {e}", file.display());
    // The first sheet with a header of either layout, «Протокол» first.
    let mut found = None;
    for sheet in sheets
        .iter()
        .filter(|s| s.name.trim() == "Протокол")
        .chain(sheets)
    {
        if let Some((c, h)) =
            (0..sheet.rows.len().min(50)).find_map(|at| Columns::find_in(&sheet.rows, at))
        {
            found = Some((sheet, h, c));
            break;
        }
    }
    let (sheet, header_row, c) = found.ok_or_else(|| at(crate::msg!("import.no_protocol")))?;
    let body = &sheet.rows[header_row + 1..];
    let cell = |row: &'_ Vec<String>, k: Option<usize>| -> String {
        k.and_then(|k| row.get(k))
            .map_or(String::new(), |s| clean_text(s))
    };
    let contents = Contents {
        layout: Some(c.layout),
        years: body
            .iter()
            .filter_map(|r| assessment::year_of_date(&cell(r, c.date)))
            .collect(),
        grades: body
            .iter()
            .filter_map(|r| assessment::grade_of_class(&cell(r, c.class)))
            .collect(),
    };
    let what = assessment::tell(file, &o.given, &contents).map_err(at)?;
    let subjects = Subjects::default();
    let subject = subjects
        .find(&what.subject)
        .map(|s| subjects.code(s).to_owned())
        .ok_or_else(|| {
            at(crate::msg!(
                "import.unknown_subject",
                found = crate::diag::found(&what.subject)
            ))
        })?;

    let mut orgs = OrgsFile::open(&o.root)?;
    let mut tasks_file = TasksFile::open(&o.root)?;
    let task_list: Vec<protocol::Task> = c.tasks.iter().map(|(_, t)| t.clone()).collect();
    let work = (
        what.year,
        what.procedure.code().to_owned(),
        subject.clone(),
        what.grade,
    );
    tasks_file.set(work, &task_list).map_err(at)?;

    let mut summary = Summary {
        file: file.display().to_string(),
        tasks: task_list.len(),
        ..Summary::default()
    };
    let (mut schools, mut municipalities) = (BTreeSet::new(), BTreeSet::new());
    let mut pupils = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let line = header_row + i + 2;
        // A login cell may carry the name too (`sch220206 | МБОУ …`): the id is its first part.
        let (login_id, login) = id_and_name(&cell(row, Some(c.school)));
        let school_id = login_id.unwrap_or(login);
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let refuse = |summary: &mut Summary, reason: String| {
            summary.refused.push(Refused { row: line, reason })
        };
        if school_id.is_empty() {
            refuse(&mut summary, crate::msg!("import.no_login"));
            continue;
        }
        let variant = cell(row, c.variant);
        let task_cells: Vec<TaskCell> = c
            .tasks
            .iter()
            .map(|(k, _)| TaskCell::parse(&cell(row, Some(*k))))
            .collect();
        let score_text = cell(row, Some(c.score));
        let any_points = task_cells.iter().any(|t| matches!(t, TaskCell::Points(_)));
        if variant.to_lowercase().starts_with("отсутств") || (score_text.is_empty() && !any_points)
        {
            summary.absent += 1;
            continue;
        }
        let Some(score) = whole_number(&score_text) else {
            refuse(
                &mut summary,
                crate::msg!("import.bad_score", score = score_text),
            );
            continue;
        };
        let participant = cell(row, Some(c.participant));
        if participant.is_empty() {
            refuse(&mut summary, crate::msg!("import.no_code"));
            continue;
        }
        let (region_cell_id, region_name) = id_and_name(&cell(row, c.region));
        let (mun_id, mun_name) = id_and_name(&cell(row, c.municipality));
        let code = region_code(
            &cell(row, c.region_code),
            region_cell_id.as_deref(),
            mun_id.as_deref(),
        );
        let (_, school_name) = id_and_name(&cell(row, c.school_name));
        let Some(school) = orgs.school(&school_id, &school_name, |orgs| {
            let region = orgs
                .only_region()
                .filter(|_| region_cell_id.is_none() && region_name.is_empty() && code.is_none())
                .unwrap_or_else(|| {
                    orgs.region(region_cell_id.as_deref(), &region_name, code.as_deref())
                });
            orgs.municipality(mun_id.as_deref(), &mun_name, &region)
        }) else {
            refuse(
                &mut summary,
                crate::msg!("import.bad_login", login = school_id),
            );
            continue;
        };
        let notes = summary.notes.entry(school.clone()).or_default();
        notes.unscored += task_cells
            .iter()
            .filter(|t| **t == TaskCell::Unscored)
            .count();
        if any_points {
            let sum: u32 = task_cells
                .iter()
                .map(|t| if let TaskCell::Points(p) = t { *p } else { 0 })
                .sum();
            if sum != score {
                notes.sum_differs += 1;
            }
        }
        let mark_of = |k: Option<usize>| {
            let m = cell(row, k);
            if matches!(m.as_str(), "2" | "3" | "4" | "5") {
                m
            } else {
                String::new()
            }
        };
        if let Some(m) = mun_id
            .as_ref()
            .or((!mun_name.is_empty()).then_some(&mun_name))
        {
            municipalities.insert(m.clone());
        }
        schools.insert(school.clone());
        pupils.push(Pupil {
            school,
            participant,
            score,
            mark: mark_of(c.mark),
            journal: mark_of(c.journal),
            class: cell(row, c.class),
            variant,
            tasks: task_cells
                .iter()
                .map(|t| t.canonical())
                .collect::<Vec<_>>()
                .join("|"),
        });
    }
    summary.notes.retain(|_, n| *n != TaskNotes::default());

    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "year",
        "procedure",
        "subject",
        "grade",
        "org",
        "participant",
        "score",
        "mark",
        "journal_mark",
        "class",
        "variant",
    ];
    if !task_list.is_empty() {
        header.push("tasks");
    }
    writer.write_record(&header)?;
    let (year, grade, procedure) = (
        what.year.to_string(),
        what.grade.to_string(),
        what.procedure.code(),
    );
    for p in &pupils {
        let score = p.score.to_string();
        let mut record = vec![
            year.as_str(),
            procedure,
            &subject,
            &grade,
            &p.school,
            &p.participant,
            &score,
            &p.mark,
            &p.journal,
            &p.class,
            &p.variant,
        ];
        if !task_list.is_empty() {
            record.push(&p.tasks);
        }
        writer.write_record(&record)?;
    }
    let stem: String = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let rel = format!(
        "data/results/{}/{}_{subject}_{}_{}.csv",
        what.year,
        what.procedure.code().to_lowercase(),
        what.grade,
        crate::generate::id_hash(&stem) % 1_000_000
    );
    // Organizations first: results that name a school orgs.csv lacks would not load.
    summary.new_orgs = orgs.save()?;
    tasks_file.save()?;
    write_atomically(
        &o.root.join(&rel),
        &writer.into_inner().map_err(|e| anyhow!("{e}"))?,
    )?;
    summary.written = rel;
    summary.rows = pupils.len();
    summary.schools = schools.len();
    summary.municipalities = municipalities.len();
    Ok(summary)
}

/// The region's ФИС ОКО code: `Код региона`, else the digits of `reg220000`, else of `reg22_m045`.
fn region_code(
    code_cell: &str,
    region_id: Option<&str>,
    municipality_id: Option<&str>,
) -> Option<String> {
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty();
    if digits(code_cell) {
        return Some(code_cell.trim_start_matches('0').to_owned()).filter(|c| !c.is_empty());
    }
    if let Some(rest) = region_id.and_then(|r| r.strip_prefix("reg")) {
        if rest.len() == 6 && digits(rest) && rest.ends_with("0000") {
            return Some(rest[..2].trim_start_matches('0').to_owned());
        }
    }
    let rest = municipality_id?.strip_prefix("reg")?;
    let (code, _) = rest.split_once('_')?;
    digits(code).then(|| code.trim_start_matches('0').to_owned())
}

#[cfg(test)]
mod tests {
    use super::region_code;

    #[test]
    fn the_region_code_comes_from_any_cell_that_carries_it() {
        assert_eq!(region_code("22", None, None).as_deref(), Some("22"));
        assert_eq!(
            region_code("", Some("reg220000"), None).as_deref(),
            Some("22")
        );
        assert_eq!(
            region_code("", Some("reg050000"), None).as_deref(),
            Some("5")
        );
        assert_eq!(
            region_code("", None, Some("reg22_m045")).as_deref(),
            Some("22")
        );
        assert_eq!(region_code("", Some("altai"), Some("m045")), None);
    }
}
