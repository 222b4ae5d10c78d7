//! data/results/** (participant rows) and data/aggregates/** (ФИС ОКО summaries), streamed into
//! per-cell counts. A participant code is checked to be present and then dropped: it never
//! leaves this module.

use super::keys::{self, Lookups, Memo};
use super::table::{schema, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::cell::{Moments, Source};
use crate::model::task::{Task, TaskPoint};
use crate::model::{Cell, CellKey, Detail, Kind, Scale, SchoolCell};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

schema! {
    /// data/results/**/*.csv: one participant a row. `class` and `variant` are written by imports
    /// and the generator and not read.
    pub mod results {
        YEAR = keys::YEAR,
        PROCEDURE = keys::PROCEDURE,
        SUBJECT = keys::SUBJECT,
        GRADE = keys::GRADE,
        ORG = keys::ORG,
        PARTICIPANT = Column::required(
            "participant",
            &["код обучающегося", "код участника", "номер обучающегося", "код"],
        ),
        SCORE = Column::required(
            "score",
            &["итого баллов", "всего баллов", "первичный балл", "балл"],
        ),
        MARK = Column::optional("mark", &["отметка", "отметка за работу", "оценка"]),
        JOURNAL_MARK = Column::optional(
            "journal_mark",
            &[
                "отметка за предыдущую четверть/триместр",
                "отметка за предыдущий триместр/четверть/полугодие",
                "отметка по журналу",
            ],
        ),
        CLASS = Column::optional("class", &["класс", "наименование класса"]),
        VARIANT = Column::optional("variant", &["вариант"]),
        TASKS = Column::optional("tasks", &["баллы за задания"]),
    }
}

/// Reads the `tasks` field (`1|0|2|X|…`) of one pupil into `cells`, checked against the
/// work's tasks; `false` after reporting a malformed field. Points above a task's maximum and
/// task points that do not add up to the score are notes ([`crate::model::task::TaskNotes`]), never errors.
fn task_cells(
    f: &mut RowFields,
    i: usize,
    tasks: Option<&Vec<Task>>,
    cells: &mut Vec<TaskPoint>,
) -> bool {
    cells.clear();
    let text = f.text(i);
    if text.is_empty() {
        return true;
    }
    for cell in text.split('|').map(str::trim) {
        cells.push(match cell {
            "" => TaskPoint::Unscored,
            "X" | "x" | "Х" | "х" => TaskPoint::NotGiven,
            _ => match cell.parse::<u16>() {
                Ok(points) => TaskPoint::Points(points),
                Err(_) => {
                    f.fail(i, &crate::i18n::msg!("load.expected_task_points"));
                    return false;
                }
            },
        });
    }
    if let Some(tasks) = tasks.filter(|t| t.len() != cells.len()) {
        let message = crate::i18n::msg!(
            "load.task_count",
            expected = tasks.len(),
            found = cells.len()
        );
        f.reject(i, message);
        return false;
    }
    true
}

/// Per-file outcome of reading participant rows.
pub struct Counts {
    pub cells: FxHashMap<SchoolCell, Detail>,
    pub skipped: usize,
}

/// Reads participant rows; marks missing from a row are derived from the cell's scale.
pub fn parse_results(
    path: &str,
    text: &str,
    look: &Lookups,
    scales: &BTreeMap<CellKey, Scale>,
    diags: &mut Diagnostics,
) -> Counts {
    let mut out = Counts {
        cells: FxHashMap::default(),
        skipped: 0,
    };
    // Rows come grouped by school-cell: the current one is counted apart and filed when the
    // next begins, so most rows touch no map.
    let mut current: Option<(SchoolCell, Detail)> = None;
    let table = Table::new(path, text);
    let Some(pos) = table.columns(results::COLUMNS, diags) else {
        return out;
    };
    let mut memo = Memo::default();
    let mut points = Vec::new();
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, results::COLUMNS);
        let key = memo.cell_key(look, &mut f);
        let org = memo.org(look, &mut f, results::ORG, Kind::School);
        if f.text(results::PARTICIPANT).is_empty() {
            f.fail(
                results::PARTICIPANT,
                &crate::i18n::msg!("load.expected_code"),
            );
        }
        let scale = key.and_then(|k| scales.get(&k));
        let max = key.map_or(SCORE_CAP, |k| work_max(k, scales, look));
        let tasks = key.and_then(|k| look.tasks.get(&k));
        let tasks_read = task_cells(&mut f, results::TASKS, tasks, &mut points);
        let task_sum: Option<u32> = points
            .iter()
            .filter_map(|p| match p {
                TaskPoint::Points(p) => Some(u32::from(*p)),
                _ => None,
            })
            .reduce(|a, b| a + b);
        // A total that is empty, or 0 while the task points are not, is no score (README
        // «Scores checked against their tasks»): the pupil is counted apart.
        let score = match (f.text(results::SCORE).is_empty(), task_sum) {
            (true, Some(_)) => Some(None),
            _ => f
                .int(results::SCORE, 0..=max)
                .map(|s| Some(s as u16).filter(|&s| s > 0 || task_sum.unwrap_or(0) == 0)),
        };
        let mark = f.opt_int(results::MARK, 2..=5);
        let journal = f.opt_int(results::JOURNAL_MARK, 2..=5);
        if !look.settle(f, diags, &mut out.skipped) {
            return;
        }
        let (Some(key), Some(org), Some(score), Some(mark), Some(journal), true) =
            (key, org, score, mark, journal, tasks_read)
        else {
            return;
        };
        let mark = mark.map(|m| m as u8).or_else(|| Some(scale?.mark(score?)));
        let sc = SchoolCell { key, org };
        if current.as_ref().is_none_or(|(c, _)| *c != sc) {
            if let Some((done, detail)) = current.replace((sc, Detail::default())) {
                out.cells.entry(done).or_default().merge(&detail);
            }
        }
        let (_, detail) = current.as_mut().expect("the current cell was just set");
        // A pupil without a valid score is in no figure, their task points included: every
        // figure of a work is then over pupils with a score (see indicators::suppression).
        let Some(score) = score else {
            detail.no_score += 1;
            return;
        };
        detail.add(score, mark, journal.map(|j| j as u8));
        if !points.is_empty() {
            detail
                .tasks
                .add_pupil(&points, tasks.map(Vec::as_slice), score, mark);
        }
    });
    if let Some((done, detail)) = current {
        out.cells.entry(done).or_default().merge(&detail);
    }
    out
}

/// The highest primary score of a work whose scale and tasks are unknown.
const SCORE_CAP: i64 = 1000;

/// The highest primary score of a work: its scale's `max_score`, else the sum of its tasks'
/// maxima when data/tasks.csv gives them all, else [`SCORE_CAP`].
fn work_max(key: CellKey, scales: &BTreeMap<CellKey, Scale>, look: &Lookups) -> i64 {
    if let Some(s) = scales.get(&key) {
        return i64::from(s.max_score);
    }
    look.tasks
        .get(&key)
        .and_then(|tasks| {
            tasks
                .iter()
                .map(|t| t.max_points.map(i64::from))
                .sum::<Option<i64>>()
        })
        .unwrap_or(SCORE_CAP)
}

schema! {
    /// data/aggregates/**/*.csv: ФИС ОКО summaries, one school-cell a row.
    pub mod aggregates {
        YEAR = keys::YEAR,
        PROCEDURE = keys::PROCEDURE,
        SUBJECT = keys::SUBJECT,
        GRADE = keys::GRADE,
        ORG = keys::ORG,
        PARTICIPANTS = Column::required(
            "participants",
            &["участников", "количество участников", "кол-во участников"],
        ),
        MARK2 = Column::optional("mark2", &["2"]),
        MARK3 = Column::optional("mark3", &["3"]),
        MARK4 = Column::optional("mark4", &["4"]),
        MARK5 = Column::optional("mark5", &["5"]),
        LOWERED = Column::optional("lowered", &["понизили"]),
        CONFIRMED = Column::optional("confirmed", &["подтвердили"]),
        RAISED = Column::optional("raised", &["повысили"]),
        SCORE_MEAN = Column::optional("score_mean", &["средний балл"]),
        SCORE_SD = Column::optional("score_sd", &["стандартное отклонение"]),
    }
}

/// Reads summary rows into finished cells; a cell given twice in one file is an error.
pub fn parse_aggregates(
    path: &str,
    text: &str,
    look: &Lookups,
    scales: &BTreeMap<CellKey, Scale>,
    diags: &mut Diagnostics,
) -> (BTreeMap<SchoolCell, (usize, Cell)>, usize) {
    let mut out = BTreeMap::new();
    let mut skipped = 0;
    let table = Table::new(path, text);
    let Some(pos) = table.columns(aggregates::COLUMNS, diags) else {
        return (out, 0);
    };
    let mut memo = Memo::default();
    let shared_path: std::sync::Arc<str> = path.into();
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, aggregates::COLUMNS);
        let key = memo.cell_key(look, &mut f);
        let org = memo.org(look, &mut f, aggregates::ORG, Kind::School);
        let n = f.int(aggregates::PARTICIPANTS, 0..=10_000_000).unwrap_or(0);
        let mean = f.opt_decimal(aggregates::SCORE_MEAN);
        let sd = f.opt_decimal(aggregates::SCORE_SD);
        // Counts of a group of columns, when every one of them is given.
        let mut group = |columns: std::ops::RangeInclusive<usize>| -> Option<Vec<u32>> {
            columns
                .map(|i| f.opt_int(i, 0..=n).flatten().map(|v| v as u32))
                .collect::<Vec<_>>()
                .into_iter()
                .collect()
        };
        let marks = group(aggregates::MARK2..=aggregates::MARK5);
        let confirmation = group(aggregates::LOWERED..=aggregates::RAISED);
        if let Some(m) = &marks {
            if m.iter().sum::<u32>() as i64 != n {
                let sum = m.iter().sum::<u32>();
                f.reject(
                    aggregates::PARTICIPANTS,
                    crate::i18n::msg!("load.marks_sum", sum = sum, n = n),
                );
            }
        }
        if let Some(c) = &confirmation {
            if c.iter().sum::<u32>() as i64 > n {
                f.reject(
                    aggregates::PARTICIPANTS,
                    crate::i18n::msg!("load.confirmation_sum", n = n),
                );
            }
        }
        let max = key.map_or(SCORE_CAP, |k| work_max(k, scales, look));
        if let Some(Some(m)) = mean {
            if !(0.0..=max as f64).contains(&m) {
                f.fail(
                    aggregates::SCORE_MEAN,
                    &crate::i18n::msg!("load.expected_mean", max = max),
                );
            }
        }
        if let Some(Some(s)) = sd {
            if !(0.0..=max as f64).contains(&s) {
                f.fail(
                    aggregates::SCORE_SD,
                    &crate::i18n::msg!("load.expected_sd", max = max),
                );
            }
        }
        let line = f.line();
        if !look.settle(f, diags, &mut skipped) {
            return;
        }
        let (Some(key), Some(org), Some(mean), Some(sd)) = (key, org, mean, sd) else {
            return;
        };
        let cell = Cell {
            source: Source::Aggregate,
            path: shared_path.clone(),
            participants: n as u32,
            marks: marks.map(|m| [m[0], m[1], m[2], m[3]]),
            confirmation: confirmation.map(|c| [c[0], c[1], c[2]]),
            moments: mean.map(|mean| Moments {
                n: n as u32,
                mean,
                sd: sd.unwrap_or(0.0),
            }),
            detail: None,
        };
        if let Some((first, _)) = out.get(&SchoolCell { key, org }) {
            diags.error(
                path,
                line,
                0,
                crate::i18n::msg!("load.cell_twice", first = first),
            );
        } else {
            out.insert(SchoolCell { key, org }, (line, cell));
        }
    });
    (out, skipped)
}
