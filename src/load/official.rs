//! data/official_markers.csv: the federal list of schools with signs of biased results, one row
//! per flag (`oko import markers` writes it; always strict).

use super::keys::{self, Lookups};
use super::table::{schema, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::{Kind, SchoolCell};
use std::collections::BTreeSet;

schema! {
    /// data/official_markers.csv: one flag of the federal list a row.
    pub mod official {
        YEAR = keys::YEAR,
        PROCEDURE = keys::PROCEDURE,
        SUBJECT = keys::SUBJECT,
        GRADE = keys::GRADE,
        ORG = keys::ORG,
    }
}
use official::*;

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
        let org = look.org(&mut f, ORG, Kind::School);
        if let (Some(key), Some(org)) = (key, org) {
            flags.insert(SchoolCell { key, org });
        }
        diags.extend(f.diags);
    });
    flags
}
