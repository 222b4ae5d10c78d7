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
//! [`pipeline`] runs these steps for every command ([`build`], [`check`], `oko serve`); the `oko`
//! binary only parses the command line and prints what they return.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod charts;
pub mod diag;
pub mod format;
pub mod generate;
pub mod i18n;
pub mod import;
pub mod indicators;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod session;
pub mod site;
pub mod starter;
pub mod transaction;

use anyhow::{Context, Result};
use diag::{Diagnostic, InputErrors};
pub use pipeline::{cpu_time, Timing};
use pipeline::{timed, Compiled};
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
    /// A publishing build: record in data/releases.csv what it released with hidden
    /// contributors ([`record_release`]).
    pub release: bool,
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
    /// What a publishing build recorded: the release's number and the rows added to
    /// data/releases.csv (none when the release repeats what an earlier one recorded).
    pub released: Option<(u32, usize)>,
}

/// Loads a project; any error in the inputs is returned as [`InputErrors`] with all of them.
pub fn load_project(root: &Path) -> Result<(model::Project, Vec<Diagnostic>), InputErrors> {
    let (project, diags) = load::load(root);
    if diags.has_errors() {
        return Err(InputErrors(diags.sorted()));
    }
    Ok((project, diags.sorted()))
}

/// Validates every input, and that the templates compile, without writing anything.
pub fn check(root: &Path) -> Result<Summary> {
    let mut timings = Vec::new();
    let c = Compiled::open(root, None, &mut timings)?;
    Ok(Summary {
        organizations: c.project.orgs.len(),
        cells: c.project.cells.len(),
        plans: c.project.plans.len(),
        warnings: c.warnings,
        timings,
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
        anyhow::bail!(crate::msg!("out.is_project", out = out.display()));
    }
    for folder in INPUT_FOLDERS {
        if out_abs.starts_with(root.join(folder)) {
            anyhow::bail!(crate::msg!(
                "out.in_input",
                out = out.display(),
                folder = folder
            ));
        }
    }
    Ok(())
}

/// Builds the site: load, render, write. Nothing is written when the inputs have errors.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    check_out(&options.root, &options.out)?;
    let lock = site::lock(&options.out)?;
    let mut timings = Vec::new();
    let c = Compiled::open(&options.root, options.base_url.as_deref(), &mut timings)?;
    let pages = match &options.org {
        None => render::Pages::All,
        Some(id) => match c
            .project
            .orgs
            .find(id)
            .filter(|&o| c.project.orgs.get(o).kind != model::Kind::Region)
        {
            Some(org) => render::Pages::Subsite(org),
            None => anyhow::bail!(crate::msg!("out.no_subsite_org", id = id)),
        },
    };
    let (staged, mut output) = site::stage(&options.out, lock)?;
    let rendered = timed(&mut timings, "render+write", || {
        c.render(pages, &mut output)
    });
    if let Err(e) = rendered {
        staged.abandon();
        return Err(e);
    }
    let (pages_written, bytes_written) = (output.len(), output.total_bytes());
    timed(&mut timings, "commit", || site::commit(staged, output))?;
    let released = match options.release {
        true => Some(record_release(&options.root, &c.project, &c.indicators)?),
        false => None,
    };
    Ok(Summary {
        warnings: c.warnings,
        organizations: c.project.orgs.len(),
        cells: c.project.cells.len(),
        plans: c.project.plans.len(),
        pages_written,
        bytes_written,
        timings,
        released,
    })
}

/// Records in data/releases.csv, as the next release, which pooled figures this build published
/// and every school-cell figure it kept hidden, under the project lock; nothing when it released
/// the same as the last release. Returns the release's number and the rows added.
pub fn record_release(
    root: &Path,
    project: &model::Project,
    indicators: &indicators::Indicators,
) -> Result<(u32, usize)> {
    use load::releases::{rows, COLUMNS, PATH};
    let lock = transaction::exclusive(root, || {})?;
    let release = indicators.release();
    let new = rows(project, release);
    if new.is_empty() {
        return Ok((release.number - 1, 0));
    }
    let mut bytes = match std::fs::read(root.join(PATH)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let header: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
            format!("{}\n", header.join(",")).into_bytes()
        }
        Err(e) => return Err(e).with_context(|| msg!("io.read", path = root.join(PATH).display())),
    };
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    let mut writer = csv::Writer::from_writer(bytes);
    for row in &new {
        writer.write_record(row)?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut tx = transaction::Transaction::begin(root, &lock)?;
    tx.write(PATH, &bytes)?;
    tx.commit()?;
    Ok((release.number, new.len()))
}
