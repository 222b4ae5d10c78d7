//! A project kept in memory between rebuilds, for a live preview: an edit to one plan re-parses
//! that file and re-renders only the pages that show the plan; any other change rebuilds all.

use crate::diag::{Diagnostics, InputErrors};
use crate::pipeline::Compiled;
use crate::render::Pages;
use crate::site::Output;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// A compiled project and its rendered site.
pub struct Session {
    root: PathBuf,
    compiled: Compiled,
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
        let compiled = Compiled::open(root, None, false, &mut Vec::new())?;
        let mut output = Output::default();
        compiled.render(Pages::All, &mut output)?;
        Ok(Session {
            root: root.to_owned(),
            compiled,
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
        if let Some(rebuilt) = self.update_plan(changed)? {
            return Ok(rebuilt);
        }
        *self = Session::open(&self.root)?;
        Ok(Rebuilt::All)
    }

    /// Takes in a plan edited in place (the only file changed): its pages re-rendered, or
    /// `None` when the change needs a full rebuild.
    pub fn update_plan(&mut self, changed: &[PathBuf]) -> Result<Option<Rebuilt>> {
        let [changed] = changed else {
            return Ok(None);
        };
        let Some(i) = self
            .compiled
            .project
            .plans
            .iter()
            .position(|p| self.root.join(&p.path) == *changed)
        else {
            return Ok(None);
        };
        let old = &self.compiled.project.plans[i];
        let bytes = std::fs::read(changed)?;
        let mut diags = Diagnostics::default();
        let plan = crate::load::text::decode(&bytes)
            .map_err(|e| diags.error(&old.path, 0, 0, e))
            .ok()
            .and_then(|(text, _)| {
                crate::load::content::parse_plan(
                    &old.path,
                    &text,
                    &self.compiled.project.orgs,
                    &mut diags,
                )
            });
        if diags.has_errors() {
            return Err(InputErrors(diags.sorted()).into());
        }
        let Some(plan) =
            plan.filter(|p| p.org == old.org && p.slug == old.slug && p.approved == old.approved)
        else {
            return Ok(None);
        };
        self.compiled.project.plans[i] = plan;
        let mut part = Output::default();
        let c = &self.compiled;
        c.render(Pages::OfPlan(&c.project.plans[i]), &mut part)?;
        let n = part.len();
        self.output.extend(part);
        Ok(Some(Rebuilt::Plan(n)))
    }
}

/// What `oko serve` does with changed files: a plan edited in place re-renders its pages;
/// anything else frees the previous site first and builds anew, so that one site is held at a
/// time (while a build fails, `slot` is empty and the error is what the preview shows).
pub fn rebuild(slot: &mut Option<Session>, root: &Path, changed: &[PathBuf]) -> Result<Rebuilt> {
    if let Some(session) = slot.as_mut() {
        if let Some(rebuilt) = session.update_plan(changed)? {
            return Ok(rebuilt);
        }
    }
    *slot = None;
    *slot = Some(Session::open(root)?);
    Ok(Rebuilt::All)
}
