//! `oko import`: exports of ФИС ОКО into the project's canonical CSV.
//!
//! - `oko import fisoko FILE|DIR…`: pupil exports of both layouts ([`protocol`]) become rows of
//!   `data/results/` (with each pupil's task points in `tasks`; [`results_file`]), the tasks of
//!   each work go to `data/tasks.csv`, and the organizations the export names are added to
//!   `data/orgs.csv` ([`orgs_file`]). A folder is walked in path order. Every file is untrusted and
//!   read within [`workbook::Limits`].
//! - `oko import markers FILE.xlsx`: the federal list «Признаки необъективности» ([`markers`]).
//! - `oko import scales FILE`: score-to-mark tables into `data/scales.csv` ([`scales`]).
//! - `oko import tasks FILE`: a work's plan table (levels, codifier codes, maxima) into
//!   `data/tasks.csv` ([`plan`]).
//!
//! **An import never puts a wrong figure under a school's name.** It runs under the project's
//! exclusive lock and writes everything in one [`crate::transaction::Transaction`]: every file
//! or none. A file's rows are identified by their work and schools, never the file's name: a
//! school the project does not have for that work is added, the same rows again change nothing,
//! and other rows for a school the project has are reported (pupils before → after) and replace
//! the old ones only with `--replace`; else the whole file is refused. `--dry-run` reports and
//! writes nothing. A pupil whose total is empty, or 0 while the task points are not, or above
//! the work's maximum, is written without a score (no valid score) and counted. A row that
//! cannot be imported is refused with its sheet row and the reason, counted in the summary, never
//! dropped silently; what is written passes `oko check`.

pub mod assessment;
pub mod markers;
mod orgs_file;
pub mod plan;
pub mod protocol;
pub mod results_file;
pub mod scales;
mod tasks_file;
pub mod workbook;

use crate::load::table::Record;
use crate::model::Subjects;
use anyhow::{anyhow, Context, Result};
use assessment::{Contents, Given};
use orgs_file::{clean_text, OrgsFile};
use protocol::{id_and_name, whole_number, Columns, TaskCell};
use results_file::{Holding, Key, NewRows, Results};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tasks_file::TasksFile;

/// What an import is told; what it is not told it reads from the file's name, folders and cells.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub given: Given,
    pub limits: workbook::Limits,
    /// The region of the exports' organizations (`--region`), where their cells do not say.
    pub region: Option<String>,
    /// Replace the rows of schools the project already has for a work (`--replace`).
    pub replace: bool,
    /// Report what would change and write nothing (`--dry-run`).
    pub dry_run: bool,
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
    /// Pupils without a valid total (empty, or 0 while the task points are not, or above the
    /// work's maximum): written without a score.
    pub no_score: usize,
    /// Task cells with more points than the task's maximum.
    pub above_max: usize,
}

/// What an import does with one school's rows of a work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The project has no rows of the school for this work.
    Added,
    /// The project has exactly these rows.
    Unchanged,
    /// The project has other rows, replaced (`--replace`).
    Replaced,
    /// The project has other rows, kept: the file is refused without `--replace`.
    Kept,
}

/// One school of a file: what happens to its rows and its pupils before → after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolChange {
    pub school: String,
    pub action: Action,
    pub before: u32,
    pub after: u32,
}

/// What one file gave.
#[derive(Debug, Default)]
pub struct Summary {
    pub file: String,
    /// The results files its rows go to.
    pub written: Vec<String>,
    pub rows: usize,
    pub absent: usize,
    pub municipalities: usize,
    pub tasks: usize,
    pub new_orgs: usize,
    pub refused: Vec<Refused>,
    /// Per school id.
    pub notes: BTreeMap<String, TaskNotes>,
    /// Per school, in id order.
    pub schools: Vec<SchoolChange>,
}

impl Summary {
    /// Pupils written without a valid total.
    pub fn no_score(&self) -> usize {
        self.notes.values().map(|n| n.no_score).sum()
    }

    /// Whether the file is refused for schools the project has, without `--replace`.
    pub fn conflicting(&self) -> bool {
        self.schools.iter().any(|s| s.action == Action::Kept)
    }

    /// How many of its schools had `action`.
    pub fn count(&self, action: Action) -> usize {
        self.schools.iter().filter(|s| s.action == action).count()
    }
}

/// The outcome of an import over many files.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files imported (or, in a dry run, that would be).
    pub summaries: Vec<Summary>,
    /// Files refused whole: they bring other rows for schools the project has.
    pub conflicts: Vec<Summary>,
    pub failed: Vec<String>,
    /// Files of the folder that are not pupil exports but official lists, left for
    /// `oko import markers`.
    pub lists: Vec<String>,
    /// What the project looks like that the user should know (a demo project).
    pub warnings: Vec<String>,
    /// The project's files written (none in a dry run), in path order.
    pub written: Vec<String>,
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
                let entry =
                    entry.with_context(|| crate::i18n::msg!("io.list", path = path.display()))?;
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

/// Warnings for an import into a project that is still a demo: a `demo: true` config (every page
/// would say the results are invented) or the starter's sample organizations.
pub fn demo_warnings(root: &Path, orgs: &OrgsFile) -> Vec<String> {
    #[derive(serde::Deserialize, Default)]
    struct Demo {
        #[serde(default)]
        demo: bool,
    }
    let demo = std::fs::read_to_string(root.join("config.yaml"))
        .ok()
        .and_then(|t| serde_yaml::from_str::<Demo>(&t).ok())
        .unwrap_or_default();
    let mut warnings = Vec::new();
    if demo.demo {
        warnings.push(crate::i18n::msg!("import.demo_config"));
    }
    if orgs.has_starter_sample() {
        warnings.push(crate::i18n::msg!("import.starter_orgs"));
    }
    warnings
}

/// One import run: the project's files as the import changes them, and what it will write.
struct Run<'a> {
    o: &'a Options,
    subjects: Subjects,
    orgs: OrgsFile,
    tasks: TasksFile,
    results: Results,
    /// Rows to write, per school of a work, with the school's region.
    pending: BTreeMap<Key, (String, NewRows, Holding)>,
    /// Schools of works whose rows the project has and this import replaces.
    dropped: BTreeSet<Key>,
    /// The project's scales and the official ones, for each work's maximum score.
    scales: BTreeMap<crate::model::CellKey, crate::model::Scale>,
}

/// The project's scales (data/scales.csv, where readable) with the official ones filled in.
fn project_scales(
    root: &Path,
    subjects: &Subjects,
) -> BTreeMap<crate::model::CellKey, crate::model::Scale> {
    let mut unused = crate::diag::Diagnostics::default();
    let mut scales = std::fs::read(root.join("data/scales.csv"))
        .ok()
        .and_then(|b| crate::load::text::decode_owned(b).ok())
        .map(|(t, _)| crate::load::scales::parse("data/scales.csv", &t, subjects, &mut unused))
        .unwrap_or_default();
    crate::load::vpr_scales::fill(&mut scales, subjects);
    scales
}

/// Imports ФИС ОКО pupil exports; `progress(done, total)` is called after each file and
/// `waiting` once if another command holds the project.
pub fn fisoko(
    paths: &[PathBuf],
    o: &Options,
    waiting: impl FnOnce(),
    progress: impl Fn(usize, usize),
) -> Result<Outcome> {
    let files = expand(paths)?;
    let lock = crate::transaction::exclusive(&o.root, waiting)?;
    let subjects = crate::load::subjects(&o.root);
    let mut run = Run {
        o,
        orgs: OrgsFile::open(&o.root)?,
        tasks: TasksFile::open(&o.root)?,
        results: Results::open(&o.root, &subjects)?,
        scales: project_scales(&o.root, &subjects),
        subjects,
        pending: BTreeMap::new(),
        dropped: BTreeSet::new(),
    };
    let mut outcome = Outcome {
        warnings: demo_warnings(&o.root, &run.orgs),
        ..Outcome::default()
    };
    for (i, file) in files.iter().enumerate() {
        let saved = (run.orgs.clone(), run.tasks.clone());
        match run.import_file(file) {
            Ok(summary) if summary.conflicting() => {
                (run.orgs, run.tasks) = saved;
                outcome.conflicts.push(summary);
            }
            Ok(summary) => outcome.summaries.push(summary),
            Err(Skip::List) => outcome.lists.push(file.display().to_string()),
            Err(Skip::Failed(e)) => {
                (run.orgs, run.tasks) = saved;
                outcome.failed.push(format!("{e:#}"));
            }
        }
        progress(i + 1, files.len());
    }
    if files.is_empty() {
        outcome.failed.push(crate::i18n::msg!("import.no_files"));
    }
    if !o.dry_run {
        let mut tx = crate::transaction::Transaction::begin(&o.root, &lock)?;
        run.orgs.save(&mut tx)?;
        run.tasks.save(&mut tx)?;
        let mut added: BTreeMap<String, NewRows> = BTreeMap::new();
        for ((work, _), (region, rows, _)) in run.pending {
            added
                .entry(results_file::target(&work, &region))
                .or_default()
                .extend(rows);
        }
        results_file::stage(&mut tx, &run.results, &run.subjects, &run.dropped, &added)?;
        outcome.written = tx.paths().map(str::to_owned).collect();
        tx.commit()?;
    }
    Ok(outcome)
}

/// One pupil row, ready to be written.
struct Pupil {
    school: String,
    participant: String,
    score: String,
    mark: String,
    journal: String,
    class: String,
    variant: String,
    tasks: String,
}

impl Run<'_> {
    fn import_file(&mut self, file: &Path) -> Result<Summary, Skip> {
        let sheets = workbook::read(file, &self.o.limits).map_err(Skip::Failed)?;
        if markers::is_list(&sheets) {
            return Err(Skip::List);
        }
        self.import_sheets(file, &sheets).map_err(Skip::Failed)
    }

    fn import_sheets(&mut self, file: &Path, sheets: &[workbook::Sheet]) -> Result<Summary> {
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
        let (sheet, header_row, c) =
            found.ok_or_else(|| at(crate::i18n::msg!("import.no_protocol")))?;
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
        let what = assessment::tell(file, &self.o.given, &contents).map_err(at)?;
        let subject = self
            .subjects
            .find(&what.subject)
            .map(|s| self.subjects.code(s).to_owned())
            .ok_or_else(|| {
                at(crate::i18n::msg!(
                    "import.unknown_subject",
                    found = crate::diag::found(&what.subject)
                ))
            })?;

        let task_list: Vec<protocol::Task> = c.tasks.iter().map(|(_, t)| t.clone()).collect();
        let work = (
            what.year,
            what.procedure.code().to_owned(),
            subject.clone(),
            what.grade,
        );
        self.tasks.set(work.clone(), &task_list).map_err(at)?;
        // Each task's maximum, and the work's: its scale's (the project's or the official one),
        // else the sum of its tasks' when every task states one.
        let maxima: Vec<Option<u32>> = self
            .tasks
            .tasks_of(&work)
            .into_iter()
            .map(|(_, m)| m)
            .collect();
        let scale_max = self
            .subjects
            .find(&subject)
            .and_then(|s| {
                self.scales.get(&crate::model::CellKey {
                    year: what.year,
                    procedure: what.procedure,
                    subject: s,
                    grade: what.grade,
                })
            })
            .map(|s| u32::from(s.max_score));
        let work_max: Option<u32> = scale_max.or_else(|| {
            maxima
                .iter()
                .copied()
                .sum::<Option<u32>>()
                .filter(|_| !maxima.is_empty())
        });

        let orgs_before = self.orgs.added();
        let mut summary = Summary {
            file: file.display().to_string(),
            tasks: task_list.len(),
            ..Summary::default()
        };
        let mut municipalities = BTreeSet::new();
        let mut by_school: BTreeMap<String, Vec<Pupil>> = BTreeMap::new();
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
                refuse(&mut summary, crate::i18n::msg!("import.no_login"));
                continue;
            }
            let variant = cell(row, c.variant);
            let task_cells: Vec<TaskCell> = c
                .tasks
                .iter()
                .map(|(k, _)| TaskCell::parse(&cell(row, Some(*k))))
                .collect();
            let score_text = cell(row, Some(c.score));
            let points: Vec<u32> = task_cells
                .iter()
                .filter_map(|t| match t {
                    TaskCell::Points(p) => Some(*p),
                    _ => None,
                })
                .collect();
            if variant.to_lowercase().starts_with("отсутств")
                || (score_text.is_empty() && points.is_empty())
            {
                summary.absent += 1;
                continue;
            }
            let score = match score_text.as_str() {
                "" => None,
                text => match whole_number(text) {
                    Some(score) => Some(score),
                    None => {
                        refuse(
                            &mut summary,
                            crate::i18n::msg!("import.bad_score", score = score_text),
                        );
                        continue;
                    }
                },
            };
            let participant = cell(row, Some(c.participant));
            if participant.is_empty() {
                refuse(&mut summary, crate::i18n::msg!("import.no_code"));
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
            let given_region = self.o.region.as_deref();
            let school = match self.orgs.school(&school_id, &school_name, |orgs| {
                let region = orgs.region_of_row(
                    given_region,
                    region_cell_id.as_deref(),
                    &region_name,
                    code.as_deref(),
                )?;
                orgs.municipality(mun_id.as_deref(), &mun_name, &region)
            }) {
                Ok(school) => school,
                Err(reason) => {
                    refuse(&mut summary, reason);
                    continue;
                }
            };
            let notes = summary.notes.entry(school.clone()).or_default();
            notes.unscored += task_cells
                .iter()
                .filter(|t| **t == TaskCell::Unscored)
                .count();
            notes.above_max += task_cells
                .iter()
                .zip(&maxima)
                .filter(|(t, m)| matches!((t, m), (TaskCell::Points(p), Some(m)) if p > m))
                .count();
            let sum: u32 = points.iter().sum();
            // The total is the score, unless it is no score: empty, or 0 while the task points
            // are not, or above the work's maximum (README «Scores checked against their tasks»).
            let valid =
                score.filter(|&s| (s > 0 || sum == 0) && work_max.is_none_or(|max| s <= max));
            match valid {
                None => notes.no_score += 1,
                Some(s) if !points.is_empty() && s != sum => notes.sum_differs += 1,
                Some(_) => {}
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
            by_school.entry(school.clone()).or_default().push(Pupil {
                school,
                participant,
                score: valid.map_or_else(String::new, |s| s.to_string()),
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
        summary.municipalities = municipalities.len();
        summary.rows = by_school.values().map(Vec::len).sum();
        summary.new_orgs = self.orgs.added() - orgs_before;

        // What becomes of each school's rows.
        let (year, grade) = (what.year.to_string(), what.grade.to_string());
        let procedure = what.procedure.code();
        let mut decided = Vec::new();
        for (school, pupils) in by_school {
            use crate::load::results::results as r;
            let rows: NewRows = pupils
                .into_iter()
                .map(|p| {
                    let mut row = Record::of(r::HEADER);
                    row.set(r::YEAR, &year)
                        .set(r::PROCEDURE, procedure)
                        .set(r::SUBJECT, &subject)
                        .set(r::GRADE, &grade)
                        .set(r::ORG, p.school)
                        .set(r::PARTICIPANT, p.participant)
                        .set(r::SCORE, p.score)
                        .set(r::MARK, p.mark)
                        .set(r::JOURNAL_MARK, p.journal)
                        .set(r::CLASS, p.class)
                        .set(r::VARIANT, p.variant)
                        .set(r::TASKS, p.tasks);
                    row
                })
                .collect();
            let mut holding = Holding::default();
            for row in &rows {
                let pupil: Vec<&str> = row.fields()[r::PARTICIPANT..=r::TASKS]
                    .iter()
                    .map(String::as_str)
                    .collect();
                holding.add(&pupil);
            }
            let key: Key = (work.clone(), school.to_lowercase());
            let before = match self.pending.get(&key) {
                Some((_, _, h)) => Some(*h),
                None if self.dropped.contains(&key) => None,
                None => self.results.get(&key),
            };
            let action = match before {
                None => Action::Added,
                Some(b) if b == holding => Action::Unchanged,
                Some(_) if self.o.replace => Action::Replaced,
                Some(_) => Action::Kept,
            };
            summary.schools.push(SchoolChange {
                school: school.clone(),
                action,
                before: before.map_or(0, |b| b.pupils),
                after: holding.pupils,
            });
            decided.push((key, school, rows, holding, action));
        }
        if summary.conflicting() {
            return Ok(summary);
        }
        let mut written = BTreeSet::new();
        for (key, school, rows, holding, action) in decided {
            if !matches!(action, Action::Added | Action::Replaced) {
                continue;
            }
            let region = self.orgs.region_of(&school).unwrap_or_default();
            written.insert(results_file::target(&key.0, &region));
            if action == Action::Replaced {
                self.dropped.insert(key.clone());
            }
            self.pending.insert(key, (region, rows, holding));
        }
        summary.written = written.into_iter().collect();
        Ok(summary)
    }
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
