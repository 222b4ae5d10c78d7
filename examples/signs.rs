//! Prints how well every marker finds what `oko generate` planted in a project:
//! `cargo run --release --example signs -- PROJECT` (a generated project, with its
//! data/ground_truth.csv).

use oko::generate::truth;

fn main() -> anyhow::Result<()> {
    let root = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: signs PROJECT"))?;
    let root = std::path::Path::new(&root);
    let (project, _) = oko::load_project(root)?;
    let indicators = oko::indicators::compute(&project, false);
    let text = std::fs::read_to_string(root.join("data/ground_truth.csv"))?;
    let rows = truth::table(&project, &indicators, &truth::read(&text));
    print!("{}", truth::markdown(&rows));
    let gate = oko::indicators::disclosure::Gate::new(&project, &indicators);
    let mut by_marker: std::collections::BTreeMap<&str, (usize, usize, Vec<f64>)> =
        Default::default();
    for c in gate.calibration() {
        let c = c.get();
        let e = by_marker.entry(c.marker.code()).or_default();
        e.0 += c.schools;
        e.1 += c.flagged;
        e.2.push(c.parameter);
    }
    println!("\n| sign | cells | school-cells judged | flagged | calibration parameter (median, range) |\n|---|---|---|---|---|");
    for (code, (schools, flagged, mut params)) in by_marker {
        params.sort_by(f64::total_cmp);
        println!(
            "| `{code}` | {} | {schools} | {flagged} ({:.2} %) | {:.3} ({:.3}–{:.3}) |",
            params.len(),
            100.0 * flagged as f64 / schools.max(1) as f64,
            params[params.len() / 2],
            params[0],
            params[params.len() - 1]
        );
    }
    Ok(())
}
