//! data/tasks.csv as an import changes it: the tasks of each work in protocol order, rows a user
//! filled in (`level`, `answer`) kept as they are.

use super::protocol::Task;
use crate::load::table::{normalize_header, Record};
use crate::load::tasks::tasks::{
    self as schema, CONTENT, GRADE, LEVEL, MAX_POINTS, PROCEDURE, SKILLS, SUBJECT, TASK, YEAR,
};
use anyhow::{anyhow, bail, Result};
use std::collections::BTreeMap;
use std::path::Path;

pub use super::results_file::Work;

/// Checks that a listed work's rows hold the tasks `given`, in order; else the error naming both.
fn same_tasks<'t>(rows: &[Record], given: impl Iterator<Item = &'t str>) -> Result<(), String> {
    let listed: Vec<&str> = rows.iter().map(|r| r.fields()[TASK].as_str()).collect();
    let given: Vec<&str> = given.collect();
    match listed == given {
        true => Ok(()),
        false => Err(crate::i18n::msg!(
            "import.tasks_differ",
            given = given.join(" "),
            listed = listed.join(" ")
        )),
    }
}

/// A new row of data/tasks.csv: a task of `work` with its maximum (empty where unknown).
fn new_row(work: &Work, label: &str, max: String) -> Record {
    let (year, procedure, subject, grade) = work;
    let mut row = Record::of(schema::HEADER);
    row.set(YEAR, year)
        .set(PROCEDURE, procedure)
        .set(SUBJECT, subject)
        .set(GRADE, grade)
        .set(TASK, label)
        .set(MAX_POINTS, max);
    row
}

/// A task as a work's description gives it (`oko import tasks`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    pub label: String,
    pub max_points: u16,
    pub level: Option<crate::model::task::Level>,
    pub skills: Vec<String>,
    pub content: Vec<String>,
}

/// Where tasks.csv is in a project.
const PATH: &str = "data/tasks.csv";

/// tasks.csv in memory: per work, its rows in the tasks schema (what a user filled in kept).
#[derive(Clone)]
pub struct TasksFile {
    works: BTreeMap<Work, Vec<Record>>,
    changed: bool,
}

impl TasksFile {
    pub fn open(root: &Path) -> Result<TasksFile> {
        let path = root.join(PATH);
        let mut works: BTreeMap<Work, Vec<Record>> = BTreeMap::new();
        match std::fs::read(&path) {
            Ok(bytes) => {
                let (text, _) = crate::load::text::decode(&bytes)
                    .map_err(|e| anyhow!("{}: {e}", path.display()))?;
                let text = text.trim_start_matches('\u{feff}');
                let first = text.lines().next().unwrap_or("");
                let delimiter = if first.contains(';') { b';' } else { b',' };
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .from_reader(text.as_bytes());
                let names: Vec<String> = reader
                    .headers()
                    .map_err(|e| anyhow!("{}: {e}", path.display()))?
                    .iter()
                    .map(normalize_header)
                    .collect();
                // Where each of the schema's columns is in the file.
                let at: Vec<Option<usize>> = schema::COLUMNS
                    .iter()
                    .map(|c| {
                        names
                            .iter()
                            .position(|n| n == c.name || c.aliases.contains(&n.as_str()))
                    })
                    .collect();
                let required = schema::COLUMNS
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.required);
                if required.clone().any(|(k, _)| at[k].is_none()) {
                    let columns: Vec<&str> = required.map(|(_, c)| c.name).collect();
                    bail!(crate::i18n::msg!(
                        "import.tasks_header",
                        file = path.display(),
                        columns = columns.join(",")
                    ));
                }
                for (i, record) in reader.records().enumerate() {
                    let record = record.map_err(|e| anyhow!("{}: {e}", path.display()))?;
                    let mut row = Record::of(schema::HEADER);
                    for (k, column) in at.iter().enumerate() {
                        if let Some(value) = column.and_then(|c| record.get(c)) {
                            row.set(k, value.trim());
                        }
                    }
                    let bad = || {
                        anyhow!(crate::i18n::msg!(
                            "import.bad_row",
                            file = path.display(),
                            line = i + 2
                        ))
                    };
                    let field = |k: usize| row.fields()[k].clone();
                    let work = (
                        field(YEAR).parse().map_err(|_| bad())?,
                        field(PROCEDURE),
                        field(SUBJECT),
                        field(GRADE).parse().map_err(|_| bad())?,
                    );
                    works.entry(work).or_default().push(row);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => bail!(
                "{} ({e})",
                crate::i18n::msg!("io.read", path = path.display())
            ),
        }
        Ok(TasksFile {
            works,
            changed: false,
        })
    }

    /// Records the tasks of a work. A work already listed keeps its rows (a stated maximum fills
    /// an empty one); a work listed with other tasks is an error naming both.
    pub fn set(&mut self, work: Work, tasks: &[Task]) -> Result<(), String> {
        if tasks.is_empty() {
            return Ok(());
        }
        let points = |t: &Task| t.max_points.map_or(String::new(), |p| p.to_string());
        match self.works.get_mut(&work) {
            Some(rows) => {
                same_tasks(rows, tasks.iter().map(|t| t.label.as_str()))?;
                for (row, task) in rows.iter_mut().zip(tasks) {
                    if row.fields()[MAX_POINTS].is_empty() && task.max_points.is_some() {
                        row.set(MAX_POINTS, points(task));
                        self.changed = true;
                    }
                }
            }
            None => {
                let rows = tasks
                    .iter()
                    .map(|t| new_row(&work, &t.label, points(t)))
                    .collect();
                self.works.insert(work, rows);
                self.changed = true;
            }
        }
        Ok(())
    }

    /// Records a work's description (`oko import tasks`): a work not listed gets its tasks in
    /// the description's order; a listed one must have the same tasks, and gets their level and
    /// codes, and a maximum where it has none (a different maximum is an error).
    pub fn describe(&mut self, work: Work, tasks: &[Described]) -> Result<(), String> {
        let fill = |row: &mut Record, t: &Described| {
            let level = t.level.map_or("", |l| l.code());
            row.set(LEVEL, level)
                .set(SKILLS, t.skills.join(";"))
                .set(CONTENT, t.content.join(";"));
        };
        match self.works.get_mut(&work) {
            Some(rows) => {
                same_tasks(rows, tasks.iter().map(|t| t.label.as_str()))?;
                for (row, t) in rows.iter_mut().zip(tasks) {
                    let max = t.max_points.to_string();
                    match row.fields()[MAX_POINTS].as_str() {
                        "" => {
                            row.set(MAX_POINTS, &max);
                        }
                        m if m != max => {
                            return Err(crate::i18n::msg!(
                                "import.plan_max_differs",
                                task = t.label,
                                listed = m,
                                given = max
                            ))
                        }
                        _ => {}
                    }
                    fill(row, t);
                }
            }
            None => {
                let rows = tasks
                    .iter()
                    .map(|t| {
                        let mut row = new_row(&work, &t.label, t.max_points.to_string());
                        fill(&mut row, t);
                        row
                    })
                    .collect();
                self.works.insert(work, rows);
            }
        }
        self.changed = true;
        Ok(())
    }

    /// The tasks listed for a work: (label, max_points) in protocol order.
    pub fn tasks_of(&self, work: &Work) -> Vec<(&str, Option<u32>)> {
        self.works.get(work).map_or_else(Vec::new, |rows| {
            rows.iter()
                .map(|r| {
                    (
                        r.fields()[TASK].as_str(),
                        r.fields()[MAX_POINTS].parse().ok(),
                    )
                })
                .collect()
        })
    }

    /// Stages the file when it changed.
    pub fn save(&self, tx: &mut crate::transaction::Transaction) -> Result<()> {
        if !self.changed {
            return Ok(());
        }
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(schema::HEADER)?;
        for row in self.works.values().flatten() {
            writer.write_record(row.fields())?;
        }
        tx.write(PATH, &writer.into_inner().map_err(|e| anyhow!("{e}"))?)
    }
}
