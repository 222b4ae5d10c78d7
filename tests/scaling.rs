//! The build's cost grows with its schools, not their square; `oko serve` holds one site.
//!
//! Work is counted, not timed: this test binary's allocator counts every allocation and the
//! bytes alive, and the `op-count` feature counts each visit to the organization tree (the step a
//! scan over the cells takes per cell), so a step that scans the project once per school (the
//! quadratic shape that made a national build 19× slower) shows as work growing with the square
//! of the input, whatever the machine's speed. The tests of this binary run one at a time (one
//! allocator, one count). The regions are large enough for a quadratic term to show (250 and
//! 1,000 schools): `cargo test --release --features op-count --test scaling`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;

/// The system allocator, counting.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One test at a time: they read the same counters.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn generate(dir: &Path, schools: usize) {
    oko::generate::generate(&oko::generate::Options {
        out: dir.to_owned(),
        regions: 1,
        municipalities: schools / 20,
        schools,
        first_year: 2021,
        years: 2,
        seed: 5,
        aggregates: false,
        orgs: None,
        pupils_scale: 1.0,
    })
    .unwrap();
}

/// The work of a step, counted two ways: allocations, and visits to the organization tree
/// ([`oko::model::org::ANCESTOR_CALLS`]).
type Work = [usize; 2];

fn counted<T>(f: impl FnOnce() -> T) -> (T, Work) {
    let calls = &oko::model::org::ANCESTOR_CALLS;
    let before = [ALLOCATIONS.load(Relaxed), calls.load(Relaxed)];
    let value = f();
    let after = [ALLOCATIONS.load(Relaxed), calls.load(Relaxed)];
    (value, [after[0] - before[0], after[1] - before[1]])
}

/// The work of each step of a build of `root`: load, indicators, render.
fn steps(root: &Path) -> [Work; 3] {
    let ((project, _), load) = counted(|| oko::load_project(root).unwrap());
    let (ind, indicators) = counted(|| oko::indicators::compute(&project, false));
    let (tera, _) = oko::render::templates(&project);
    let (_, render) = counted(|| {
        let mut out = oko::site::Output::discarding();
        oko::render::render_into(&project, &ind, &tera, oko::render::Pages::All, &mut out).unwrap();
    });
    [load, indicators, render]
}

#[test]
fn every_step_grows_with_its_input_not_its_square() {
    let _one = ONE_AT_A_TIME.lock().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let (small, large) = (tmp.path().join("small"), tmp.path().join("large"));
    generate(&small, 250);
    generate(&large, 1000);
    let (a, b) = (steps(&small), steps(&large));
    let names = ["load", "indicators", "render"];
    let measures = ["allocations", "tree visits"];
    let mut report = Vec::new();
    let mut worst: f64 = 0.0;
    for k in 0..3 {
        for m in 0..2 {
            let ratio = b[k][m] as f64 / a[k][m].max(1) as f64;
            report.push(format!(
                "{} {}: {} → {} ({ratio:.2}×)",
                names[k], measures[m], a[k][m], b[k][m]
            ));
            if a[k][m] > 1000 {
                worst = worst.max(ratio);
            }
        }
    }
    eprintln!("work for 4× the schools:\n  {}", report.join("\n  "));
    // Linear is 4×; a step that scans the project per school would be near 16×.
    assert!(
        worst < 5.0,
        "a step grows faster than its input: {report:#?}"
    );
}

#[test]
fn the_live_preview_holds_one_site_through_five_rebuilds() {
    let _one = ONE_AT_A_TIME.lock().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    generate(&root, 60);
    let orgs = root.join("data/orgs.csv");
    let mut slot = None;
    PEAK.store(LIVE.load(Relaxed), Relaxed);
    let base = LIVE.load(Relaxed);
    oko::session::rebuild(&mut slot, &root, &[]).unwrap();
    let first = PEAK.load(Relaxed) - base;
    for _ in 0..5 {
        // A change that is no plan edit: a full rebuild.
        oko::session::rebuild(&mut slot, &root, std::slice::from_ref(&orgs)).unwrap();
    }
    let after = PEAK.load(Relaxed) - base;
    eprintln!("peak bytes alive: {first} after the first build, {after} after five rebuilds");
    assert!(
        (after as f64) < 1.5 * first as f64,
        "{after} bytes at the peak of five rebuilds against {first} for one build"
    );
    assert!(slot.is_some());
}
