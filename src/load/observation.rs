//! data/observation.csv: video surveillance and public observers per procedure (always strict).

use super::keys::{self, Lookups};
use super::table::{schema, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::{Kind, Observation, OrgId, Procedure};
use std::collections::BTreeMap;

schema! {
    /// data/observation.csv: one procedure of one school a row.
    pub mod observation {
        YEAR = keys::YEAR,
        PROCEDURE = keys::PROCEDURE,
        ORG = keys::ORG,
        VIDEO = Column::required("video", &["видеонаблюдение"]),
        OBSERVERS = Column::required("observers", &["общественные наблюдатели", "наблюдатели"]),
    }
}
use observation::*;

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
            look.year(&mut f, YEAR),
            look.procedure(&mut f, PROCEDURE),
            look.org(&mut f, ORG, Kind::School),
        );
        let (video, observers) = (f.flag(VIDEO), f.flag(OBSERVERS));
        if let (Some(y), Some(p), Some(o), Some(video), Some(observers)) =
            (year, procedure, org, video, observers)
        {
            if out
                .insert((y, p, o), Observation { video, observers })
                .is_some()
            {
                f.reject(YEAR, crate::i18n::msg!("load.observation_twice"));
            }
        }
        diags.extend(f.diags);
    });
    out
}
