//! data/observation.csv: video surveillance and public observers per procedure (always strict).

use super::keys::{Lookups, ORG, PROCEDURE, YEAR};
use super::table::{Column, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::{Kind, Observation, OrgId, Procedure};
use std::collections::BTreeMap;

const COLUMNS: &[Column] = &[
    YEAR,
    PROCEDURE,
    ORG,
    Column::required("video", &["видеонаблюдение"]),
    Column::required("observers", &["общественные наблюдатели", "наблюдатели"]),
];

pub type Observations = BTreeMap<(u16, Procedure, OrgId), Observation>;

pub fn parse(path: &str, text: &str, look: &Lookups, diags: &mut Diagnostics) -> Observations {
    let mut out = BTreeMap::new();
    let table = Table::new(path, text);
    let Some(pos) = table.columns(COLUMNS, diags) else {
        return out;
    };
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, COLUMNS);
        let (year, procedure, org) = (
            look.year(&mut f, 0),
            look.procedure(&mut f, 1),
            look.org(&mut f, 2, Kind::School),
        );
        let (video, observers) = (f.flag(3), f.flag(4));
        if let (Some(y), Some(p), Some(o), Some(video), Some(observers)) =
            (year, procedure, org, video, observers)
        {
            if out
                .insert((y, p, o), Observation { video, observers })
                .is_some()
            {
                f.reject(0, crate::i18n::msg!("load.observation_twice"));
            }
        }
        diags.extend(f.diags);
    });
    out
}
