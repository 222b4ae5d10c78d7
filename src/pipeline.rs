//! The one pipeline every command runs: load the inputs (every problem of them together), compute
//! the indicators, compile the templates ([`Compiled::open`]), then render chosen pages into an
//! output ([`Compiled::render`]). `oko build` (the whole site or `--org`), `oko check`, `oko serve`
//! and the live preview's rebuilds all go through it, each step timed.

use crate::diag::Diagnostic;
use crate::indicators::Indicators;
use crate::model::Project;
use crate::render::{self, Pages};
use crate::site::Output;
use anyhow::Result;
use std::path::Path;

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
pub fn timed<T>(timings: &mut Vec<Timing>, step: &'static str, f: impl FnOnce() -> T) -> T {
    let (start, cpu) = (std::time::Instant::now(), cpu_time());
    let value = f();
    timings.push(Timing {
        step,
        wall: start.elapsed(),
        cpu: cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a)),
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
    /// Runs the steps before rendering; `base_url` (from `--base-url`) overrides config.yaml's.
    /// Errors in the inputs come back as [`crate::diag::InputErrors`], all of them.
    pub fn open(
        root: &Path,
        base_url: Option<&str>,
        timings: &mut Vec<Timing>,
    ) -> Result<Compiled> {
        let (mut project, warnings) = timed(timings, "load", || {
            // Read under the project lock: never half of an import.
            let _lock = crate::transaction::shared(root)?;
            anyhow::Ok(crate::load_project(root)?)
        })?;
        if let Some(url) = base_url {
            let url = crate::load::config::check_base_url(url)
                .map_err(|e| anyhow::anyhow!("--base-url: {e}"))?;
            project.config.base_url = Some(url);
        }
        let indicators = timed(timings, "indicators", || {
            crate::indicators::compute(&project)
        });
        let tera = render::templates(root, &project.config)?;
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
