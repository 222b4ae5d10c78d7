//! data/tasks.csv: the tasks of each work, in protocol order (always strict).

use super::keys::{Lookups, GRADE, PROCEDURE, SUBJECT, YEAR};
use super::table::{Column, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::task::{Answer, Level, Task};
use crate::model::CellKey;
use std::collections::BTreeMap;

const COLUMNS: &[Column] = &[
    YEAR,
    PROCEDURE,
    SUBJECT,
    GRADE,
    Column::required("task", &["задание", "номер задания"]),
    Column::required("max_points", &["максимальный балл", "макс. балл"]),
    Column::optional("level", &["уровень", "уровень сложности"]),
    Column::optional("answer", &["тип ответа", "ответ"]),
];

pub fn parse(
    path: &str,
    text: &str,
    look: &Lookups,
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
        let label = f.text(4).to_owned();
        if label.is_empty() || label.contains('|') {
            f.fail(4, &crate::i18n::msg!("load.expected_task_label"));
        }
        let max = f.opt_int(5, 1..=100);
        let level = match f.text(6) {
            "" => Some(None),
            t => {
                let l = Level::parse(t).map(Some);
                if l.is_none() {
                    f.fail(6, &crate::i18n::msg!("load.expected_level"));
                }
                l
            }
        };
        let answer = match f.text(7) {
            "" => Some(None),
            t => {
                let a = Answer::parse(t).map(Some);
                if a.is_none() {
                    f.fail(7, &crate::i18n::msg!("load.expected_answer"));
                }
                a
            }
        };
        if let (Some(key), Some(max), Some(level), Some(answer)) = (key, max, level, answer) {
            let tasks = works.entry(key).or_default();
            if tasks.iter().any(|t| t.label == label) {
                f.reject(4, crate::i18n::msg!("load.task_twice", label = label));
            } else {
                tasks.push(Task {
                    label,
                    max_points: max.map(|m| m as u16),
                    level,
                    answer,
                });
            }
        }
        diags.extend(f.diags);
    });
    works
}
