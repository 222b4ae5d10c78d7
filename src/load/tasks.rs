//! data/tasks.csv: the tasks of each work, in protocol order (always strict).

use super::keys::{self, Lookups};
use super::table::{schema, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::task::{codes, Answer, CodeKind, Codifier, Level, Task};
use crate::model::CellKey;
use std::collections::BTreeMap;

schema! {
    /// data/tasks.csv: one task of a work a row, in protocol order.
    pub mod tasks {
        YEAR = keys::YEAR,
        PROCEDURE = keys::PROCEDURE,
        SUBJECT = keys::SUBJECT,
        GRADE = keys::GRADE,
        TASK = Column::required("task", &["задание", "номер задания"]),
        MAX_POINTS = Column::required("max_points", &["максимальный балл", "макс. балл"]),
        LEVEL = Column::optional("level", &["уровень", "уровень сложности"]),
        ANSWER = Column::optional("answer", &["тип ответа", "ответ"]),
        SKILLS = Column::optional("skills", &["умения", "коды умений", "проверяемые требования"]),
        CONTENT = Column::optional("content", &["элементы содержания", "коды кэс", "кэс"]),
    }
}
use tasks::*;

pub fn parse(
    path: &str,
    text: &str,
    look: &Lookups,
    codifier: &BTreeMap<CellKey, Codifier>,
    diags: &mut Diagnostics,
) -> BTreeMap<CellKey, Vec<Task>> {
    let mut works: BTreeMap<CellKey, Vec<Task>> = BTreeMap::new();
    let table = Table::new(path, text);
    let Some(pos) = table.columns(COLUMNS, diags) else {
        return works;
    };
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, COLUMNS);
        let key = look.cell_key(&mut f);
        let label = f.text(TASK).to_owned();
        if label.is_empty() || label.contains('|') {
            f.fail(TASK, &crate::i18n::msg!("load.expected_task_label"));
        }
        let max = f.opt_int(MAX_POINTS, 1..=100);
        let level = match f.text(LEVEL) {
            "" => Some(None),
            t => {
                let l = Level::parse(t).map(Some);
                if l.is_none() {
                    f.fail(LEVEL, &crate::i18n::msg!("load.expected_level"));
                }
                l
            }
        };
        let answer = match f.text(ANSWER) {
            "" => Some(None),
            t => {
                let a = Answer::parse(t).map(Some);
                if a.is_none() {
                    f.fail(ANSWER, &crate::i18n::msg!("load.expected_answer"));
                }
                a
            }
        };
        let (skills, content) = (codes(f.text(SKILLS)), codes(f.text(CONTENT)));
        // Where the codifier lists the work, every code a task names must be in it.
        if let Some(known) = key.and_then(|k| codifier.get(&k)) {
            for (column, kind, list) in [
                (SKILLS, CodeKind::Skill, &skills),
                (CONTENT, CodeKind::Content, &content),
            ] {
                for code in list
                    .iter()
                    .filter(|c| !known.contains_key(&(kind, c.to_string())))
                {
                    f.reject(column, crate::i18n::msg!("load.unknown_code", code = code));
                }
            }
        }
        if let (Some(key), Some(max), Some(level), Some(answer)) = (key, max, level, answer) {
            let tasks = works.entry(key).or_default();
            if tasks.iter().any(|t| t.label == label) {
                f.reject(TASK, crate::i18n::msg!("load.task_twice", label = label));
            } else {
                tasks.push(Task {
                    label,
                    max_points: max.map(|m| m as u16),
                    level,
                    answer,
                    skills,
                    content,
                });
            }
        }
        diags.extend(f.diags);
    });
    works
}
