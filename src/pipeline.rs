//! The one pipeline every command runs: load the inputs (every problem of them together), compute
//! the indicators, compile the templates ([`Compiled::open`]), then render chosen pages into an
//! output ([`Compiled::render`]). `oko build` (the whole site or `--org`), `oko check`, `oko serve`
//! and the live preview's rebuilds all go through it, each step timed.

use crate::diag::{Diagnostic, InputErrors};
use crate::i18n::msg;
use crate::indicators::Indicators;
use crate::model::{self, Project};
use crate::render::{self, Pages};
use crate::site::{self, Output};
use crate::{indicators, load, transaction};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// How long one pipeline step took: wall time, and CPU time of the whole process (all threads)
/// where the system tells it.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub step: &'static str,
    pub wall: std::time::Duration,
    pub cpu: Option<std::time::Duration>,
    /// The process's peak resident memory so far, in KB, when the step ended.
    pub peak_kb: Option<u64>,
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

/// The process's peak resident memory so far, in KB (Linux: VmHWM of /proc/self/status).
pub fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `f` and records its wall and CPU time under `step`.
pub fn timed<T>(timings: &mut Vec<Timing>, step: &'static str, f: impl FnOnce() -> T) -> T {
    let (start, cpu) = (std::time::Instant::now(), cpu_time());
    let value = f();
    timings.push(Timing {
        step,
        wall: start.elapsed(),
        cpu: cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a)),
        peak_kb: peak_rss_kb(),
    });
    value
}

/// A project loaded, its indicators computed and its templates compiled: ready to render.
pub struct Compiled {
    pub project: Project,
    pub warnings: Vec<Diagnostic>,
    pub indicators: Indicators,
    pub tera: tera::Tera,
}

impl Compiled {
    /// Runs the steps before rendering; `base_url` (from `--base-url`) overrides config.yaml's;
    /// `record`: a publishing build's (`--release`), which records what it releases.
    /// Errors in the inputs come back as [`crate::diag::InputErrors`], all of them.
    pub fn open(
        root: &Path,
        base_url: Option<&str>,
        record: bool,
        timings: &mut Vec<Timing>,
    ) -> Result<Compiled> {
        let (mut project, warnings) = timed(timings, "load", || {
            // Read under the project lock: never half of an import.
            let _lock = crate::transaction::shared(root)?;
            anyhow::Ok(load_project(root)?)
        })?;
        if let Some(url) = base_url {
            let url = crate::load::config::check_base_url(url)
                .map_err(|e| anyhow::anyhow!("--base-url: {e}"))?;
            project.config.base_url = Some(url);
        }
        let indicators = timed(timings, "indicators", || {
            crate::indicators::compute(&project, record)
        });
        let (tera, problems) = render::templates(&project);
        let mut warnings = warnings;
        if problems.has_errors() {
            return Err(InputErrors(problems.sorted()).into());
        }
        warnings.extend(problems.sorted());
        Ok(Compiled {
            project,
            warnings,
            indicators,
            tera,
        })
    }

    /// Renders `pages` into `out`; a subsite's links that leave it are confined.
    pub fn render(&self, pages: Pages, out: &mut Output) -> Result<()> {
        match pages {
            Pages::Subsite(_) => {
                let subsite =
                    render::render_pages(&self.project, &self.indicators, &self.tera, pages)?;
                out.extend(render::subsite::confine(
                    subsite,
                    self.project.config.base_url.as_deref(),
                ));
                Ok(())
            }
            _ => render::render_into(&self.project, &self.indicators, &self.tera, pages, out),
        }
    }
}

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
    let c = Compiled::open(root, None, false, &mut timings)?;
    // Overridden templates are rendered too, into nothing: a variable a page does not have fails
    // `check` as it would fail `build`.
    if !c.project.templates.is_empty() {
        if let Err(e) = c.render(Pages::All, &mut Output::discarding()) {
            return Err(InputErrors(vec![render::template_problem(&c.project, &e)]).into());
        }
    }
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
        anyhow::bail!(msg!("out.is_project", out = out.display()));
    }
    for folder in INPUT_FOLDERS {
        if out_abs.starts_with(root.join(folder)) {
            anyhow::bail!(msg!("out.in_input", out = out.display(), folder = folder));
        }
    }
    Ok(())
}

/// Builds the site: load, render, write. Nothing is written when the inputs have errors.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    check_out(&options.root, &options.out)?;
    let lock = site::lock(&options.out)?;
    let mut timings = Vec::new();
    let c = Compiled::open(
        &options.root,
        options.base_url.as_deref(),
        options.release,
        &mut timings,
    )?;
    let pages = match &options.org {
        None => render::Pages::All,
        Some(id) => match c
            .project
            .orgs
            .find(id)
            .filter(|&o| c.project.orgs.get(o).kind != model::Kind::Region)
        {
            Some(org) => render::Pages::Subsite(org),
            None => anyhow::bail!(msg!("out.no_subsite_org", id = id)),
        },
    };
    let (staged, mut output) = site::stage(&options.out, lock)?;
    let rendered = timed(&mut timings, "render+write", || {
        c.render(pages, &mut output)
    });
    if let Err(e) = rendered {
        staged.abandon();
        return Err(match c.project.templates.is_empty() {
            true => e,
            false => InputErrors(vec![render::template_problem(&c.project, &e)]).into(),
        });
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
        writer.write_record(row.fields())?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut tx = transaction::Transaction::begin(root, &lock)?;
    tx.write(PATH, &bytes)?;
    tx.commit()?;
    Ok((release.number, new.len()))
}
