//! data/tasks.csv as an import changes it: the tasks of each work in protocol order, rows a user
//! filled in (`level`, `answer`) kept as they are.

use super::protocol::Task;
use crate::load::table::normalize_header;
use anyhow::{anyhow, bail, Result};
use std::collections::BTreeMap;
use std::path::Path;

const HEADER: [&str; 8] = [
    "year",
    "procedure",
    "subject",
    "grade",
    "task",
    "max_points",
    "level",
    "answer",
];

pub use super::results_file::Work;

/// Where tasks.csv is in a project.
const PATH: &str = "data/tasks.csv";

/// tasks.csv in memory: per work, its rows (task, max_points, level, answer).
#[derive(Clone)]
pub struct TasksFile {
    works: BTreeMap<Work, Vec<[String; 4]>>,
    changed: bool,
}

impl TasksFile {
    pub fn open(root: &Path) -> Result<TasksFile> {
        let path = root.join(PATH);
        let mut works: BTreeMap<Work, Vec<[String; 4]>> = BTreeMap::new();
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
                let at: Vec<Option<usize>> = HEADER
                    .iter()
                    .map(|h| names.iter().position(|n| n == h))
                    .collect();
                if at[..6].iter().any(Option::is_none) {
                    bail!(crate::i18n::msg!(
                        "import.tasks_header",
                        file = path.display(),
                        columns = HEADER[..6].join(",")
                    ));
                }
                for (i, record) in reader.records().enumerate() {
                    let record = record.map_err(|e| anyhow!("{}: {e}", path.display()))?;
                    let get = |k: usize| {
                        at[k]
                            .and_then(|c| record.get(c))
                            .unwrap_or("")
                            .trim()
                            .to_owned()
                    };
                    let bad = || {
                        anyhow!(crate::i18n::msg!(
                            "import.bad_row",
                            file = path.display(),
                            line = i + 2
                        ))
                    };
                    let work = (
                        get(0).parse().map_err(|_| bad())?,
                        get(1),
                        get(2),
                        get(3).parse().map_err(|_| bad())?,
                    );
                    works
                        .entry(work)
                        .or_default()
                        .push([get(4), get(5), get(6), get(7)]);
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
                let listed: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
                let given: Vec<&str> = tasks.iter().map(|t| t.label.as_str()).collect();
                if listed != given {
                    return Err(crate::i18n::msg!(
                        "import.tasks_differ",
                        given = given.join(" "),
                        listed = listed.join(" ")
                    ));
                }
                for (row, task) in rows.iter_mut().zip(tasks) {
                    if row[1].is_empty() && task.max_points.is_some() {
                        row[1] = points(task);
                        self.changed = true;
                    }
                }
            }
            None => {
                let rows = tasks
                    .iter()
                    .map(|t| [t.label.clone(), points(t), String::new(), String::new()])
                    .collect();
                self.works.insert(work, rows);
                self.changed = true;
            }
        }
        Ok(())
    }

    /// The tasks listed for a work: (label, max_points) in protocol order.
    pub fn tasks_of(&self, work: &Work) -> Vec<(&str, Option<u32>)> {
        self.works.get(work).map_or_else(Vec::new, |rows| {
            rows.iter()
                .map(|r| (r[0].as_str(), r[1].parse().ok()))
                .collect()
        })
    }

    /// Stages the file when it changed.
    pub fn save(&self, tx: &mut crate::transaction::Transaction) -> Result<()> {
        if !self.changed {
            return Ok(());
        }
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(HEADER)?;
        for ((year, procedure, subject, grade), rows) in &self.works {
            for row in rows {
                let (year, grade) = (year.to_string(), grade.to_string());
                writer.write_record(
                    [&year, procedure, subject, &grade]
                        .into_iter()
                        .chain(row.iter()),
                )?;
            }
        }
        tx.write(PATH, &writer.into_inner().map_err(|e| anyhow!("{e}"))?)
    }
}
