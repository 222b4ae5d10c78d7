//! data/scales.csv: the score-to-mark scale of each assessment (always strict).

use super::keys::{Lookups, GRADE, PROCEDURE, SUBJECT, YEAR};
use super::table::{Column, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::{CellKey, Scale};
use std::collections::BTreeMap;

const COLUMNS: &[Column] = &[
    YEAR,
    PROCEDURE,
    SUBJECT,
    GRADE,
    Column::required("max_score", &["максимальный балл"]),
    Column::required("mark3", &["отметка 3"]),
    Column::required("mark4", &["отметка 4"]),
    Column::required("mark5", &["отметка 5"]),
];

pub fn parse(
    path: &str,
    text: &str,
    look: &Lookups,
    diags: &mut Diagnostics,
) -> BTreeMap<CellKey, Scale> {
    let mut scales = BTreeMap::new();
    let table = Table::new(path, text);
    let Some(pos) = table.columns(COLUMNS, diags) else {
        return scales;
    };
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, COLUMNS);
        let key = look.cell_key(&mut f);
        let nums: Vec<Option<i64>> = (4..8).map(|i| f.int(i, 0..=1000)).collect();
        if let (Some(key), [Some(max), Some(m3), Some(m4), Some(m5)]) = (key, nums.as_slice()) {
            if !(0 < *m3 && m3 < m4 && m4 < m5 && m5 <= max) {
                f.reject(
                    5,
                    crate::msg!(
                        "load.scale_order",
                        found = format!("{m3}, {m4}, {m5}, {max}")
                    ),
                );
            } else {
                let s = |v: i64| v as u16;
                let scale = Scale {
                    max_score: s(*max),
                    mark3: s(*m3),
                    mark4: s(*m4),
                    mark5: s(*m5),
                };
                if let std::collections::btree_map::Entry::Vacant(slot) = scales.entry(key) {
                    slot.insert(scale);
                } else {
                    f.reject(0, crate::msg!("load.scale_twice"));
                }
            }
        }
        diags.extend(f.diags);
    });
    scales
}
