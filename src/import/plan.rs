//! `oko import tasks FILE`: a work's plan table (обобщённый план варианта, published with each
//! work's description on the ФИОКО site) into data/tasks.csv: per task its level, the codifier
//! codes of the skills and content elements it checks, and its maximum. The file is a CSV or an
//! xlsx workbook whose sheet has the table's header in its first rows (a caption above it is
//! skipped); the work is told on the command line (`--year --procedure --subject --grade`).
//!
//! Real plan tables write levels as `Б`/`П`/`В` or in words, and codes with commas, spaces or a
//! text after them (`1.1, 1.2`, `2.3 Умение решать…`): codes are read as the tokens of digits and
//! dots. A work data/tasks.csv already lists keeps its tasks in order; their level, codes and an
//! empty maximum are filled in, a maximum that differs is refused. Bad rows are refused with
//! `file:line:column` and the reason, and then nothing is written.

use super::tasks_file::{Described, TasksFile, Work};
use super::workbook;
use crate::diag::Diagnostics;
use crate::load::table::{normalize_header, schema, RowFields, Table};
use crate::model::task::Level;
use anyhow::{bail, Result};
use std::path::Path;

schema! {
    /// A plan table: one task a row.
    pub mod plan {
        TASK = Column::required(
            "task",
            &["номер задания", "№ задания", "№ п/п", "№", "задание", "номер"]
        ),
        MAX_POINTS = Column::required(
            "max_points",
            &[
                "максимальный балл",
                "макс. балл",
                "максимальный первичный балл",
                "максимальный балл за выполнение задания",
            ]
        ),
        LEVEL = Column::optional("level", &["уровень сложности", "уровень"]),
        SKILLS = Column::optional(
            "skills",
            &[
                "проверяемые требования (умения)",
                "коды проверяемых умений",
                "коды проверяемых требований",
                "коды умений",
                "умения",
            ]
        ),
        CONTENT = Column::optional(
            "content",
            &[
                "коды проверяемых элементов содержания",
                "коды кэс",
                "элементы содержания",
                "кэс",
            ]
        ),
    }
}
use plan::*;

/// Whether a row is a plan table's header: it names the task and its maximum.
fn is_header(row: &[String]) -> bool {
    let names: Vec<String> = row.iter().map(|c| normalize_header(c)).collect();
    [TASK, MAX_POINTS]
        .iter()
        .all(|&i| names.iter().any(|n| COLUMNS[i].matches(n)))
}

/// The codifier codes in a cell: its tokens of digits and dots (`1.1, 1.2` → `1.1;1.2`).
pub fn codes_in(cell: &str) -> Vec<String> {
    cell.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| !t.is_empty() && t.starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_owned)
        .collect()
}

/// The plan table's rows as tasks; bad rows in `diags`.
pub fn parse(path: &str, text: &str, diags: &mut Diagnostics) -> Vec<Described> {
    let mut out = Vec::new();
    let table = Table::new(path, text);
    let Some(pos) = table.columns(COLUMNS, diags) else {
        return out;
    };
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, COLUMNS);
        let label = f.text(TASK).trim().trim_end_matches('.').to_owned();
        // A row without a task number is a caption or a total line.
        if label.is_empty() {
            return;
        }
        let max = f.int(MAX_POINTS, 1..=100);
        let level = match f.text(LEVEL).trim() {
            "" => Some(None),
            t => {
                let l = Level::parse(t);
                if l.is_none() {
                    f.fail(LEVEL, &crate::i18n::msg!("load.expected_level"));
                }
                l.map(Some)
            }
        };
        if let (Some(max), Some(level)) = (max, level) {
            out.push(Described {
                label,
                max_points: max as u16,
                level,
                skills: codes_in(f.text(SKILLS)),
                content: codes_in(f.text(CONTENT)),
            });
        }
        diags.extend(f.diags);
    });
    out
}

/// What one import did.
#[derive(Debug, Default)]
pub struct Summary {
    pub file: String,
    pub tasks: usize,
    /// Rows refused, each as `file:line:column: why`.
    pub refused: Vec<String>,
}

/// Imports the plan table of `file` for `work` into the project at `root`, under its lock, in
/// one transaction; refused rows write nothing.
pub fn import(
    file: &Path,
    root: &Path,
    work: Work,
    limits: &workbook::Limits,
    waiting: impl FnOnce(),
) -> Result<Summary> {
    let name = file.display().to_string();
    let text = super::scales::table_text(file, limits, &is_header, || {
        crate::i18n::msg!("import.no_plan_table", file = file.display())
    })?;
    let mut diags = Diagnostics::default();
    let tasks = parse(&name, &text, &mut diags);
    let summary = Summary {
        file: name,
        tasks: tasks.len(),
        refused: diags.sorted().iter().map(ToString::to_string).collect(),
    };
    if !summary.refused.is_empty() {
        return Ok(summary);
    }
    let lock = crate::transaction::exclusive(root, waiting)?;
    let mut project = TasksFile::open(root)?;
    if let Err(e) = project.describe(work, &tasks) {
        bail!("{}: {e}", summary.file);
    }
    let mut tx = crate::transaction::Transaction::begin(root, &lock)?;
    project.save(&mut tx)?;
    tx.commit()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_plan_table_as_real_descriptions_write_it() {
        // A sheet as the import turns it into text: a caption's row above the header left
        // blank, levels as letters, codes with commas and words, a total line.
        let text = "\n№ задания,Проверяемые требования (умения),Коды КЭС,Уровень сложности,Максимальный балл за выполнение задания\n\
                    1,\"1.1, 1.2 Умение выполнять арифметические действия\",1.1,Б,1\n\
                    2.,2.3,3.2, П ,2\n\
                    ,Итого,,,3\n";
        let mut diags = Diagnostics::default();
        let tasks = parse("plan.csv", text, &mut diags);
        assert!(diags.is_empty(), "{:?}", diags.sorted());
        assert_eq!(tasks.len(), 2);
        assert_eq!(tasks[0].skills, ["1.1", "1.2"]);
        assert_eq!(tasks[0].level, Some(Level::Basic));
        assert_eq!((tasks[1].label.as_str(), tasks[1].max_points), ("2", 2));
        assert_eq!(tasks[1].level, Some(Level::Advanced));
        assert_eq!(tasks[1].content, ["3.2"]);
    }

    #[test]
    fn a_bad_level_and_maximum_are_refused_at_their_cells() {
        let text = "Номер задания,Уровень,Максимальный балл\n1,средний,1\n2,Б,два\n";
        let mut diags = Diagnostics::default();
        parse("plan.csv", text, &mut diags);
        let errors: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("plan.csv:2:2: "), "{errors:?}");
        assert!(errors[1].starts_with("plan.csv:3:3: "), "{errors:?}");
    }
}
