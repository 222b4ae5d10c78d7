//! A project kept in memory between rebuilds, for a live preview: an edit to one plan re-parses
//! that file and re-renders only the pages that show the plan; any other change rebuilds all.

use crate::diag::{Diagnostics, InputErrors};
use crate::indicators::Indicators;
use crate::model::Project;
use crate::render::{self, Pages};
use crate::site::Output;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// A loaded project with its indicators, templates and rendered site.
pub struct Session {
    root: PathBuf,
    project: Project,
    indicators: Indicators,
    tera: tera::Tera,
    output: Output,
}

/// What an update did.
#[derive(Debug, PartialEq, Eq)]
pub enum Rebuilt {
    /// Everything was loaded and rendered again.
    All,
    /// Only the pages showing one plan were rendered again (this many files).
    Plan(usize),
}

impl Session {
    /// Loads, computes and renders the project at `root`.
    pub fn open(root: &Path) -> Result<Session> {
        let (project, _) = crate::load_project(root)?;
        let indicators = crate::indicators::compute(&project);
        let tera = render::templates(root, &project.config.limits)?;
        let output = render::render(&project, &indicators, &tera)?;
        Ok(Session {
            root: root.to_owned(),
            project,
            indicators,
            tera,
            output,
        })
    }

    /// The site as it stands.
    pub fn output(&self) -> &Output {
        &self.output
    }

    /// Takes in changed files. A plan edited in place (same organization, address and approval
    /// date, on which `as_of` may depend) re-renders only its pages; anything else, or a plan with
    /// errors, is a full rebuild (which reports the errors and keeps the previous state).
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Rebuilt> {
        if let [one] = changed {
            if let Some(rebuilt) = self.update_plan(one)? {
                return Ok(rebuilt);
            }
        }
        *self = Session::open(&self.root)?;
        Ok(Rebuilt::All)
    }

    fn update_plan(&mut self, changed: &Path) -> Result<Option<Rebuilt>> {
        let Some(i) = self
            .project
            .plans
            .iter()
            .position(|p| self.root.join(&p.path) == changed)
        else {
            return Ok(None);
        };
        let old = &self.project.plans[i];
        let bytes = std::fs::read(changed)?;
        let mut diags = Diagnostics::default();
        let plan = crate::load::text::decode(&bytes)
            .map_err(|e| diags.error(&old.path, 0, 0, e))
            .ok()
            .and_then(|(text, _)| {
                crate::load::content::parse_plan(&old.path, &text, &self.project.orgs, &mut diags)
            });
        if diags.has_errors() {
            return Err(InputErrors(diags.sorted()).into());
        }
        let Some(plan) =
            plan.filter(|p| p.org == old.org && p.slug == old.slug && p.approved == old.approved)
        else {
            return Ok(None);
        };
        self.project.plans[i] = plan;
        let part = render::render_pages(
            &self.project,
            &self.indicators,
            &self.tera,
            Pages::OfPlan(&self.project.plans[i]),
        )?;
        let n = part.len();
        self.output.extend(part);
        Ok(Some(Rebuilt::Plan(n)))
    }
}
