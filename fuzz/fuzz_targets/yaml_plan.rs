//! Fuzzes plan and page parsing: any text must give a plan, a page or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oko::diag::Diagnostics;

const ORGS: &str = "id,name,kind,parent\nr,Р,region,\nm,М,municipality,r\ns,Ш,school,m\n";

fuzz_target!(|text: &str| {
    let mut d = Diagnostics::default();
    let orgs = oko::load::orgs::parse("data/orgs.csv", ORGS, &mut d);
    if let Some(plan) = oko::load::content::parse_plan("content/p.yaml", text, &orgs, &mut d) {
        for m in plan.directions.iter().flat_map(|x| &x.measures) {
            let _ = m.is_overdue(plan.approved);
        }
    }
    let _ = oko::load::content::parse_page("content/p.md", "p.md", text, &mut d);
});
