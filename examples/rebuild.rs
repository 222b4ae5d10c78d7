//! Benchmark of the live preview's incremental rebuild: opens a project in a session, edits one
//! plan (a measure's status) and times the update. Prints figures; asserts nothing.
//! Usage: cargo run --release --example rebuild -- PROJECT_DIR

use oko::session::Session;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let started = Instant::now();
    let mut session = Session::open(&root)?;
    println!(
        "   open (load, indicators, render) {:.0} ms, {} files",
        started.elapsed().as_secs_f64() * 1e3,
        session.output().len()
    );
    let plan = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| p.extension().is_some_and(|e| e == "yaml"))
        .ok_or_else(|| anyhow::anyhow!("no plan under content/"))?;
    let original = std::fs::read_to_string(&plan)?;
    let mut times = Vec::new();
    for round in 0..5 {
        let edited = if round % 2 == 0 {
            original.replacen("status: planned", "status: done", 1)
        } else {
            original.clone()
        };
        std::fs::write(&plan, edited)?;
        let started = Instant::now();
        let rebuilt = session.update(std::slice::from_ref(&plan))?;
        times.push(started.elapsed().as_secs_f64() * 1e3);
        println!(
            "   rebuild after editing {}: {:.1} ms ({rebuilt:?})",
            plan.display(),
            times[round]
        );
    }
    std::fs::write(&plan, original)?;
    times.sort_by(f64::total_cmp);
    println!("   median rebuild {:.1} ms", times[times.len() / 2]);
    Ok(())
}
