//! Fuzzes decoding and row parsing of results, aggregates, orgs and scale tables: any bytes must
//! give rows or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oko::model::config::InvalidRows;
use oko::diag::Diagnostics;
use oko::load::keys::Lookups;
use oko::model::{CellKey, Procedure, Scale, Subjects};
use std::collections::BTreeMap;

const ORGS: &str = "id,name,kind,parent\nr,Р,region,\nm,М,municipality,r\ns,Ш,school,m\n";

fuzz_target!(|data: &[u8]| {
    let Ok((text, _)) = oko::load::text::decode(data) else { return };
    let mut d = Diagnostics::default();
    let orgs = oko::load::orgs::parse("data/orgs.csv", ORGS, &mut d);
    let subjects = Subjects::default();
    let mut scales = BTreeMap::new();
    let key = CellKey { year: 2022, procedure: Procedure::Vpr, subject: subjects.find("ma").unwrap(), grade: 4 };
    scales.insert(key, Scale { max_score: 20, mark3: 6, mark4: 10, mark5: 15 });
    let tasks = BTreeMap::new();
    for invalid_rows in [InvalidRows::Error, InvalidRows::Skip] {
        let look = Lookups { orgs: &orgs, subjects: &subjects, invalid_rows, tasks: &tasks };
        let _ = oko::load::results::parse_results("r.csv", &text, &look, &scales, &mut d);
        let _ = oko::load::results::parse_aggregates("a.csv", &text, &look, &scales, &mut d);
    }
    let _ = oko::load::orgs::parse("o.csv", &text, &mut d);
    let _ = oko::load::scales::rows("s.csv", &text, &subjects, &mut d);
    for e in d.sorted() {
        let _ = e.to_string();
    }
});
