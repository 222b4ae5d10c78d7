//! Score-to-mark scales: data/scales.csv (always strict), and the same table shape wherever it
//! comes from (oko's built-in official scales, [`super::vpr_scales`]; a file given to
//! `oko import scales`). Also the warning, per work, that a work has results and no way to
//! get marks.

use super::keys::{self, Lookups};
use super::table::{normalize_header, schema, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::config::InvalidRows;
use crate::model::{Cell, CellKey, Marker, Orgs, Scale, SchoolCell, Subjects};
use std::collections::BTreeMap;

schema! {
    /// A scale table, canonical names first (the header oko writes), with the aliases of the
    /// official tables (`min3`, the lowest score of «3») and Russian ones.
    pub mod scale_table {
        YEAR = keys::YEAR,
        PROCEDURE = keys::PROCEDURE,
        SUBJECT = keys::SUBJECT,
        GRADE = Column::required("grade", &["параллель", "класс (параллель)", "класс"]),
        MAX_SCORE = Column::required(
            "max_score",
            &["максимальный балл", "максимальный первичный балл", "max"],
        ),
        MARK3 = Column::required(
            "mark3",
            &["min3", "отметка 3", "отметка «3»", "минимальный балл на 3"],
        ),
        MARK4 = Column::required(
            "mark4",
            &["min4", "отметка 4", "отметка «4»", "минимальный балл на 4"],
        ),
        MARK5 = Column::required(
            "mark5",
            &["min5", "отметка 5", "отметка «5»", "минимальный балл на 5"],
        ),
    }
}
pub use scale_table::COLUMNS;
use scale_table::*;

/// One row of a scale table: the work, its scale, and the row's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleRow {
    pub line: usize,
    pub key: CellKey,
    pub scale: Scale,
}

/// Every valid row of a scale table, in file order. A bad value, marks out of order, or a
/// second row for one work is reported and the row left out.
pub fn rows(path: &str, text: &str, subjects: &Subjects, diags: &mut Diagnostics) -> Vec<ScaleRow> {
    // A scale names a work, never an organization or a task.
    let (orgs, tasks) = (Orgs::default(), BTreeMap::new());
    let look = Lookups {
        orgs: &orgs,
        subjects,
        invalid_rows: InvalidRows::Error,
        tasks: &tasks,
    };
    let mut out: Vec<ScaleRow> = Vec::new();
    let mut seen = BTreeMap::new();
    let table = Table::new(path, text);
    let Some(pos) = table.columns(COLUMNS, diags) else {
        return out;
    };
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, COLUMNS);
        let key = look.cell_key(&mut f);
        let nums: Vec<Option<i64>> = (MAX_SCORE..=MARK5).map(|i| f.int(i, 0..=1000)).collect();
        if let (Some(key), [Some(max), Some(m3), Some(m4), Some(m5)]) = (key, nums.as_slice()) {
            if !(0 < *m3 && m3 < m4 && m4 < m5 && m5 <= max) {
                f.reject(
                    MARK3,
                    crate::i18n::msg!(
                        "load.scale_order",
                        found = format!("{m3}, {m4}, {m5}, {max}")
                    ),
                );
            } else if seen.insert(key, row.line).is_some() {
                f.reject(YEAR, crate::i18n::msg!("load.scale_twice"));
            } else {
                let s = |v: i64| v as u16;
                out.push(ScaleRow {
                    line: row.line,
                    key,
                    scale: Scale {
                        max_score: s(*max),
                        mark3: s(*m3),
                        mark4: s(*m4),
                        mark5: s(*m5),
                    },
                });
            }
        }
        diags.extend(f.diags);
    });
    out
}

/// data/scales.csv as the project's scales.
pub fn parse(
    path: &str,
    text: &str,
    subjects: &Subjects,
    diags: &mut Diagnostics,
) -> BTreeMap<CellKey, Scale> {
    rows(path, text, subjects, diags)
        .into_iter()
        .map(|r| (r.key, r.scale))
        .collect()
}

/// Whether a row of cells (a sheet's row) is a scale table's header: it names every column.
pub fn is_header(cells: &[String]) -> bool {
    let names: Vec<String> = cells.iter().map(|c| normalize_header(c)).collect();
    COLUMNS.iter().all(|c| names.iter().any(|n| c.matches(n)))
}

/// «ВПР · Русский язык · 4 кл.»: a work in the command line's language.
pub fn work_in_words(key: &CellKey, subjects: &Subjects) -> String {
    let lang = crate::i18n::current();
    crate::i18n::msg!(
        "ui.work",
        procedure = key.procedure.label(lang),
        subject = subjects.name_in(key.subject, lang),
        grade = key.grade
    )
}

/// A warning per work that has participant rows, no scale (the project's or oko's own) and
/// pupils without a mark: what is not computed for it, and how to add the scale. The warning
/// names the work's first results file. Given only for inputs without errors (rows an error
/// left out would make its count wrong, and the errors come first).
pub fn warn_unscaled(
    cells: &BTreeMap<SchoolCell, Cell>,
    scales: &BTreeMap<CellKey, Scale>,
    subjects: &Subjects,
    diags: &mut Diagnostics,
) {
    // Per work: its first file and its pupils without a mark.
    let mut unmarked: BTreeMap<CellKey, (&str, u32)> = BTreeMap::new();
    for (sc, cell) in cells {
        let Some(detail) = &cell.detail else { continue };
        if scales.contains_key(&sc.key) {
            continue;
        }
        let pupils: u32 = detail.marks[0].iter().sum();
        let entry = unmarked.entry(sc.key).or_insert((&cell.path, 0));
        entry.0 = entry.0.min(&cell.path);
        entry.1 += pupils;
    }
    let lang = crate::i18n::current();
    for (key, (path, pupils)) in unmarked.into_iter().filter(|(_, (_, n))| *n > 0) {
        let subject = subjects.code(key.subject);
        let message = crate::i18n::msg!(
            "load.no_scale",
            work = work_in_words(&key, subjects),
            year = key.year,
            pupils = crate::i18n::tr_count("load.no_scale_pupils", pupils as usize),
            low_confirmation = Marker::LowConfirmation.label(lang),
            boundary_peak = Marker::BoundaryPeak.label(lang),
            row = format!("{},{},{subject},{},…", key.year, key.procedure, key.grade)
        );
        diags.warning(path, 0, 0, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Procedure;

    fn read(text: &str) -> (Vec<ScaleRow>, Vec<String>) {
        let mut diags = Diagnostics::default();
        let rows = rows("s.csv", text, &Subjects::default(), &mut diags);
        let errors = diags.sorted().iter().map(|d| d.to_string()).collect();
        (rows, errors)
    }

    #[test]
    fn reads_an_official_table_with_russian_headers_and_names_and_extra_columns() {
        let text = "Год;Процедура;Предмет;Класс;Вариант;Максимальный балл;Отметка «3»;\
                    Отметка «4»;Отметка «5»;Источник\n\
                    2021;ВПР;Русский язык;4;;38;14;24;33;описание\n";
        let (rows, errors) = read(text);
        assert_eq!(errors, Vec::<String>::new());
        let subjects = Subjects::default();
        assert_eq!(
            rows,
            [ScaleRow {
                line: 2,
                key: CellKey {
                    year: 2021,
                    procedure: Procedure::Vpr,
                    subject: subjects.find("ru").unwrap(),
                    grade: 4
                },
                scale: Scale {
                    max_score: 38,
                    mark3: 14,
                    mark4: 24,
                    mark5: 33
                }
            }]
        );
        assert!(is_header(
            &[
                "year",
                "procedure",
                "subject",
                "grade",
                "max_score",
                "min3",
                "min4",
                "min5"
            ]
            .map(String::from)
        ));
        assert!(!is_header(
            &["year", "procedure", "subject"].map(String::from)
        ));
    }

    #[test]
    fn refuses_marks_out_of_order_and_a_second_row_for_one_work() {
        let text = "year,procedure,subject,grade,max_score,mark3,mark4,mark5\n\
                    2021,VPR,ma,4,20,6,10,15\n\
                    2021,ВПР,Математика,4,20,6,10,15\n\
                    2021,VPR,ru,4,38,24,14,33\n\
                    2021,VPR,gg,8,40,13,27,35\n";
        let (rows, errors) = read(text);
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 5]);
        assert_eq!(
            errors,
            [
                "s.csv:3:1: не удалось добавить шкалу: у этого года, процедуры, предмета и класса она уже есть",
                "s.csv:4:6: не удалось проверить шкалу: ожидается 0 < mark3 < mark4 < mark5 ≤ max_score (найдено: 24, 14, 33, 38)"
            ]
        );
    }
}
