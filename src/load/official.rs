//! data/official_markers.csv: the federal list of schools with signs of biased results, one row
//! per flag (`oko import markers` writes it; always strict).

use super::keys::{Lookups, GRADE, ORG, PROCEDURE, SUBJECT, YEAR};
use super::table::{Column, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::{Kind, SchoolCell};
use std::collections::BTreeSet;

const COLUMNS: &[Column] = &[YEAR, PROCEDURE, SUBJECT, GRADE, ORG];

pub fn parse(
    path: &str,
    text: &str,
    look: &Lookups,
    diags: &mut Diagnostics,
) -> BTreeSet<SchoolCell> {
    let mut flags = BTreeSet::new();
    let table = Table::new(path, text);
    let Some(pos) = table.columns(COLUMNS, diags) else {
        return flags;
    };
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, COLUMNS);
        let key = look.cell_key(&mut f);
        let org = look.org(&mut f, 4, Kind::School);
        if let (Some(key), Some(org)) = (key, org) {
            flags.insert(SchoolCell { key, org });
        }
        diags.extend(f.diags);
    });
    flags
}
