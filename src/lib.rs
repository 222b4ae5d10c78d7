//! oko compiles a region's education-quality data into a static website: objectivity reports per
//! organization, index charts and the published action plans.
//!
//! # Steps
//! A build is a list of named steps, each in its own module:
//! 1. [`load`]: read config.yaml, data/ and content/ into a validated [`model::Project`],
//!    collecting every problem of the inputs ([`diag`]);
//! 2. [`model`]: the organizations, per-cell result counts (never pupils), plans and pages;
//! 3. [`indicators`]: the ФИОКО markers, supplementary indicators and objectivity index;
//! 4. [`render`]: view structs and embedded tera templates turn model and indicators into pages
//!    and open data;
//! 5. [`site`]: the one writer, which puts the whole site in place at once.
//!
//! [`build`] and [`check`] run these steps; the `oko` binary only parses the command line and
//! prints what they return.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod charts;
pub mod diag;
pub mod format;
pub mod generate;
pub mod import;
pub mod indicators;
pub mod load;
pub mod model;
pub mod render;
pub mod serve;
pub mod session;
pub mod site;
pub mod starter;

use anyhow::Result;
use diag::{Diagnostic, InputErrors};
use std::path::{Path, PathBuf};

/// What `oko build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Overrides `base_url` of config.yaml.
    pub base_url: Option<String>,
    /// Build only this school's or municipality's self-contained subsite.
    pub org: Option<String>,
}

/// What a successful run reports.
#[derive(Debug, Default)]
pub struct Summary {
    pub warnings: Vec<Diagnostic>,
    pub organizations: usize,
    pub cells: usize,
    pub plans: usize,
    pub pages_written: usize,
    pub bytes_written: usize,
    /// Each pipeline step, in order.
    pub timings: Vec<Timing>,
}

/// How long one pipeline step took: wall time, and CPU time of the whole process (all threads)
/// where the system tells it.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub step: &'static str,
    pub wall: std::time::Duration,
    pub cpu: Option<std::time::Duration>,
}

/// CPU time the process has used, user and system, over all its threads (Linux: /proc).
pub fn cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name in parentheses: utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel's USER_HZ is 100 on every Linux build that matters.
    Some(std::time::Duration::from_millis(ticks * 10))
}

/// Runs `f` and records its wall and CPU time under `step`.
fn timed<T>(timings: &mut Vec<Timing>, step: &'static str, f: impl FnOnce() -> T) -> T {
    let (start, cpu) = (std::time::Instant::now(), cpu_time());
    let value = f();
    timings.push(Timing {
        step,
        wall: start.elapsed(),
        cpu: cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a)),
    });
    value
}

/// Loads a project; any error in the inputs is returned as [`InputErrors`] with all of them.
pub fn load_project(root: &Path) -> Result<(model::Project, Vec<Diagnostic>), InputErrors> {
    let (project, diags) = load::load(root);
    if diags.has_errors() {
        return Err(InputErrors(diags.sorted()));
    }
    Ok((project, diags.sorted()))
}

/// Validates every input without writing anything.
pub fn check(root: &Path) -> Result<Summary, InputErrors> {
    let (project, warnings) = load_project(root)?;
    Ok(Summary {
        warnings,
        organizations: project.orgs.len(),
        cells: project.cells.len(),
        plans: project.plans.len(),
        ..Summary::default()
    })
}

/// The folders a build reads; the output may be none of them and lie inside none of them.
const INPUT_FOLDERS: [&str; 3] = ["data", "content", "templates"];

/// An absolute form of `path` that need not exist: its nearest existing ancestor resolved, the
/// rest appended.
fn absolute(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut at = path.to_path_buf();
    loop {
        if let Ok(real) = at.canonicalize() {
            return missing.into_iter().rev().fold(real, |p, part| p.join(part));
        }
        match (at.file_name().map(ToOwned::to_owned), at.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name);
                at = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Refuses an output folder inside an input folder (the next build would read the site as
/// input) or that is the project itself.
fn check_out(root: &Path, out: &Path) -> Result<()> {
    let (root, out_abs) = (absolute(root), absolute(out));
    if out_abs == root || root.starts_with(&out_abs) {
        anyhow::bail!(
            "refusing to build into `{}`: it is the project folder or holds it",
            out.display()
        );
    }
    for folder in INPUT_FOLDERS {
        if out_abs.starts_with(root.join(folder)) {
            anyhow::bail!("refusing to build into `{}`: it is inside the input folder {folder}/, so the next build would read the site as input", out.display());
        }
    }
    Ok(())
}

/// Builds the site: load, render, write. Nothing is written when the inputs have errors.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    check_out(&options.root, &options.out)?;
    let lock = site::lock(&options.out)?;
    let mut timings = Vec::new();
    let (mut project, warnings) = timed(&mut timings, "load", || load_project(&options.root))?;
    if let Some(url) = &options.base_url {
        let url =
            load::config::check_base_url(url).map_err(|e| anyhow::anyhow!("--base-url: {e}"))?;
        project.config.base_url = Some(url);
    }
    let indicators = timed(&mut timings, "indicators", || indicators::compute(&project));
    let tera = render::templates(&options.root, &project.config.limits)?;
    let pages = match &options.org {
        None => render::Pages::All,
        Some(id) => match project.orgs.find(id).filter(|&o| project.orgs.get(o).kind != model::Kind::Region) {
            Some(org) => render::Pages::Subsite(org),
            None => anyhow::bail!("failed to build a subsite: no school or municipality has the id `{id}` in data/orgs.csv"),
        },
    };
    let (staged, mut output) = site::stage(&options.out, lock)?;
    let rendered = timed(&mut timings, "render+write", || -> Result<()> {
        match pages {
            render::Pages::Subsite(_) => {
                let subsite = render::render_pages(&project, &indicators, &tera, pages)?;
                output.extend(render::subsite::confine(
                    subsite,
                    project.config.base_url.as_deref(),
                ));
                Ok(())
            }
            _ => render::render_into(&project, &indicators, &tera, pages, &mut output),
        }
    });
    if let Err(e) = rendered {
        staged.abandon();
        return Err(e);
    }
    let (pages_written, bytes_written) = (output.len(), output.total_bytes());
    timed(&mut timings, "commit", || site::commit(staged, output))?;
    Ok(Summary {
        warnings,
        organizations: project.orgs.len(),
        cells: project.cells.len(),
        plans: project.plans.len(),
        pages_written,
        bytes_written,
        timings,
    })
}
