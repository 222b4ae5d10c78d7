//! Step 4 of the pipeline: turn the model (and its indicators) into the site's files.
//!
//! Templates are embedded in the binary and compiled once; a project's own `templates/` folder
//! overrides any of them by name. Each page gets a [`views::Common`] as `site` and its own view
//! as `page`. Nothing here writes to disk: pages go into an [`Output`].

mod area;
pub mod facts;
mod furniture;
mod home;
pub mod markdown;
mod markers;
mod methodology;
mod official;
pub mod opendata;
mod org_charts;
mod page;
mod plan;
mod school;
pub mod subsite;
pub mod tasks;
pub mod urls;
pub mod views;

use crate::diag::Diagnostics;
use crate::indicators::Indicators;
use crate::model::{OrgId, Plan, Project};
use crate::site::{FileKind, Output};
use anyhow::{Context as _, Result};
use facts::Facts;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use views::{Common, Here, Link, PlanSummary};

/// The built-in templates, by the name a project's `templates/` may override.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("macros.html", include_str!("templates/macros.html")),
    ("home.html", include_str!("templates/home.html")),
    ("area.html", include_str!("templates/area.html")),
    ("school.html", include_str!("templates/school.html")),
    ("plan.html", include_str!("templates/plan.html")),
    ("system.html", include_str!("templates/system.html")),
    ("page.html", include_str!("templates/page.html")),
    (
        "methodology.html",
        include_str!("templates/methodology.html"),
    ),
    ("opendata.html", include_str!("templates/opendata.html")),
    ("search.html", include_str!("templates/search.html")),
    ("404.html", include_str!("templates/404.html")),
    ("redirect.html", include_str!("templates/redirect.html")),
];

const STYLE: &str = include_str!("assets/style.css");

/// Compiles the templates: built-ins, then the project's overrides ([`crate::load::templates`]).
/// Their text comes from the catalogue in the site's language through `t(k="key", name=value,
/// …)`. An override that replaces no built-in template is a warning; one that does not compile is
/// an error at its line and column.
pub fn templates(project: &Project) -> (tera::Tera, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut all: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    for o in &project.templates {
        match all.iter_mut().find(|(n, _)| *n == o.name) {
            Some(slot) => slot.1 = o.text.clone(),
            None => diags.warning(
                &o.path,
                0,
                0,
                crate::i18n::msg!("render.override_unknown", name = o.name),
            ),
        }
    }
    let mut tera = tera::Tera::default();
    tera.set_escape_fn(crate::format::escape);
    tera.register_function("t", translate(project.config.language));
    if let Err(e) = tera.add_raw_templates(all) {
        // Tera names the template that failed and, in its cause, where: «--> 3:5».
        let message = tera_error(e).to_string();
        let template = project
            .templates
            .iter()
            .find(|o| message.contains(&format!("'{}'", o.name)));
        let (line, col) = message
            .split("--> ")
            .nth(1)
            .and_then(|at| {
                let (line, rest) = at.split_once(':')?;
                let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
                Some((line.trim().parse().ok()?, col.parse().ok()?))
            })
            .unwrap_or((0, 0));
        let path = template.map_or("templates", |o| o.path.as_str());
        diags.error(
            path,
            line,
            col,
            crate::i18n::msg!("render.compile_error", error = message),
        );
    }
    (tera, diags)
}

/// A render error as a problem of the project's template override it comes from: its file, and
/// the line and column of the first name the error quotes (`page.fo`); else the error as it is.
pub fn template_problem(project: &Project, e: &anyhow::Error) -> crate::diag::Diagnostic {
    let message = format!("{e:#}");
    let template = project
        .templates
        .iter()
        .find(|o| message.contains(&format!("'{}'", o.name)) || message.contains(&o.name));
    let (path, (line, col)) = match template {
        Some(o) => {
            let quoted = message
                .split('`')
                .skip(1)
                .step_by(2)
                .find_map(|name| o.text.find(name));
            let at = quoted.map_or((0, 0), |i| crate::load::templates::position(&o.text, i));
            (o.path.clone(), at)
        }
        None => ("templates".to_owned(), (0, 0)),
    };
    crate::diag::Diagnostic {
        path,
        line,
        col,
        severity: crate::diag::Severity::Error,
        message,
    }
}

/// The templates' `t(k="key", name=value, …)`: the catalogue's text of `key` in `lang`, each
/// `%{name}` replaced by the value (strings as they are, numbers as tera writes them). A key the
/// catalogue lacks fails the build, naming it.
fn translate(lang: crate::i18n::Lang) -> impl tera::Function {
    move |args: &std::collections::HashMap<String, tera::Value>| {
        let key = args
            .get("k")
            .and_then(|k| k.as_str())
            .ok_or_else(|| tera::Error::msg(crate::i18n::msg!("render.t_needs_key")))?;
        // A misspelt key in a template override is an error, not a page showing the key.
        if crate::i18n::lookup(lang, key).is_none() {
            return Err(tera::Error::msg(crate::i18n::msg!(
                "render.t_unknown_key",
                key = key
            )));
        }
        let named: Vec<(&str, String)> = args
            .iter()
            .filter(|(name, _)| *name != "k")
            .map(|(name, v)| {
                let text = match v {
                    tera::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (name.as_str(), text)
            })
            .collect();
        let refs: Vec<(&str, &dyn std::fmt::Display)> = named
            .iter()
            .map(|(n, v)| (*n, v as &dyn std::fmt::Display))
            .collect();
        Ok(tera::Value::String(crate::i18n::tr_in(lang, key, &refs)))
    }
}

/// What a page rendered with `template` is, for the manifest.
fn kind_of(template: &str) -> FileKind {
    match template {
        "home.html" => FileKind::Home,
        "area.html" => FileKind::Area,
        "school.html" => FileKind::School,
        "plan.html" | "system.html" => FileKind::Plan,
        "methodology.html" => FileKind::Methodology,
        "opendata.html" => FileKind::OpenData,
        "search.html" => FileKind::Search,
        "404.html" => FileKind::NotFound,
        "redirect.html" => FileKind::Redirect,
        _ => FileKind::Page,
    }
}

/// Tera hides the cause of a template error in its source chain; show the whole chain.
fn tera_error(e: tera::Error) -> anyhow::Error {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    anyhow::anyhow!(message)
}

/// Which pages to render.
pub enum Pages<'a> {
    /// The whole site.
    All,
    /// The pages that show one plan: the plan's own page, its organization's page and those of
    /// the organizations above it (their lists link the plan and its progress), and the home page.
    OfPlan(&'a Plan),
    /// One organization's subsite for its own website: its pages and those of the organizations
    /// below it, their plans, the methodology, their open-data rows, and an embeddable report.
    Subsite(OrgId),
}

/// Renders the chosen pages into memory.
pub fn render_pages(
    project: &Project,
    ind: &Indicators,
    tera: &tera::Tera,
    pages: Pages,
) -> Result<Output> {
    let mut out = Output::default();
    render_into(project, ind, tera, pages, &mut out)?;
    Ok(out)
}

/// Renders the chosen pages into `out`, which may stream them to disk.
pub fn render_into(
    project: &Project,
    ind: &Indicators,
    tera: &tera::Tera,
    pages: Pages,
    out: &mut Output,
) -> Result<()> {
    let mut plans_by_org: BTreeMap<OrgId, Vec<&Plan>> = BTreeMap::new();
    for plan in &project.plans {
        plans_by_org
            .entry(plan_org(project, plan))
            .or_default()
            .push(plan);
    }
    let subsite = match pages {
        Pages::Subsite(id) => Some(id),
        _ => None,
    };
    let r = Renderer {
        facts: Facts::new(project, ind),
        tera,
        plans_by_org,
        subsite,
    };
    match pages {
        Pages::All => r.all(out),
        Pages::OfPlan(plan) => r.of_plan(plan, out),
        Pages::Subsite(id) => r.subsite(id, out),
    }
}

fn plan_org(project: &Project, plan: &Plan) -> OrgId {
    project
        .orgs
        .find(&plan.org)
        .expect("plans are validated against orgs")
}

impl Renderer<'_> {
    /// Organizations are rendered in parallel, a chunk at a time; each page is written by the
    /// worker that rendered it when the output streams, so no chunk waits in memory.
    fn all(&self, out: &mut Output) -> Result<()> {
        const CHUNK: usize = 512;
        let project = self.project;
        out.add(
            "assets/style.css",
            FileKind::Asset,
            STYLE.as_bytes().to_vec(),
        );
        self.home(out)?;
        let ids: Vec<OrgId> = project.orgs.ids().collect();
        for chunk in ids.chunks(CHUNK) {
            let shared: &Output = out;
            let parts: Vec<Output> = chunk
                .par_iter()
                .map(|&id| {
                    let mut part = shared.fork();
                    self.org_page(id, &mut part).map(|()| part)
                })
                .collect::<Result<_>>()?;
            for part in parts {
                out.join(part);
            }
        }
        for plan in &project.plans {
            self.plan_page(plan, out)?;
        }
        for page in &project.pages {
            self.free_page(page, out)?;
        }
        self.methodology(out)?;
        let sizes = opendata::write(project, self.ind, out, &|_| true);
        self.opendata_page(&sizes, out)?;
        // Last: the sitemap lists every page written before it.
        self.furniture(out)
    }

    fn subsite(&self, root: OrgId, out: &mut Output) -> Result<()> {
        let orgs = &self.project.orgs;
        let mut members = vec![root];
        let mut i = 0;
        while i < members.len() {
            members.extend_from_slice(orgs.children(members[i]));
            i += 1;
        }
        out.add(
            "assets/style.css",
            FileKind::Asset,
            STYLE.as_bytes().to_vec(),
        );
        // The report is rendered into memory first: the embed is made from its HTML.
        let report = urls::org(orgs.get(root));
        let mut report_page = Output::default();
        self.org_page(root, &mut report_page)?;
        let (_, report_kind, report_html) = report_page
            .into_files()
            .next()
            .expect("an organization page is one file");
        let open = crate::i18n::msg_in!(self.project.lang(), "ui.open_full");
        let embedded = subsite::embed(&String::from_utf8_lossy(&report_html), &open);
        out.add(&report, report_kind, report_html);
        for &id in &members {
            if id != root {
                self.org_page(id, out)?;
            }
            for plan in self.plans_by_org.get(&id).into_iter().flatten() {
                self.plan_page(plan, out)?;
            }
        }
        out.add(
            &report.replace("index.html", "embed.html"),
            FileKind::Embed,
            embedded.into_bytes(),
        );
        self.page(
            "redirect.html",
            "index.html",
            &orgs.get(root).name,
            Vec::new(),
            &Link {
                name: orgs.get(root).name.clone(),
                url: report,
            },
            out,
        )?;
        self.methodology(out)?;
        let sizes = opendata::write(self.project, self.ind, out, &|org| members.contains(&org));
        self.opendata_page(&sizes, out)
    }

    fn of_plan(&self, plan: &Plan, out: &mut Output) -> Result<()> {
        self.plan_page(plan, out)?;
        let mut at = Some(plan_org(self.project, plan));
        while let Some(id) = at {
            self.org_page(id, out)?;
            at = self.project.orgs.get(id).parent;
        }
        self.home(out)
    }
}

/// What every page renderer shares: the model, the indicators, the templates.
/// A renderer is the facts of the site (read through `Deref`) with the templates and plans.
pub(crate) struct Renderer<'a> {
    facts: Facts<'a>,
    tera: &'a tera::Tera,
    plans_by_org: BTreeMap<OrgId, Vec<&'a Plan>>,
    /// The root of a subsite being rendered: its pages get no search and a shorter menu.
    subsite: Option<OrgId>,
}

impl<'a> std::ops::Deref for Renderer<'a> {
    type Target = Facts<'a>;
    fn deref(&self) -> &Facts<'a> {
        &self.facts
    }
}

impl<'a> Renderer<'a> {
    /// The page of a region, municipality or school.
    fn org_page(&self, id: OrgId, out: &mut Output) -> Result<()> {
        match self.project.orgs.get(id).kind {
            crate::model::Kind::School => self.school_page(id, out),
            _ => self.area_page(id, out),
        }
    }

    /// The plans of an organization, as a list's rows.
    fn plans_of(&self, here: &Here, id: OrgId) -> Vec<PlanSummary> {
        let org = self.project.orgs.get(id);
        self.plans_by_org
            .get(&id)
            .into_iter()
            .flatten()
            .map(|p| PlanSummary::new(here, org, p, self.project.config.as_of, self.project.lang()))
            .collect()
    }

    /// A school's cells, oldest year first.
    fn sorted_pages(&self) -> Vec<&'a crate::model::Page> {
        let mut pages: Vec<_> = self.project.pages.iter().collect();
        pages.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
        pages
    }

    fn home_crumb(&self, path: &str) -> Vec<Link> {
        vec![self.home_link(&Here::new(path))]
    }

    /// «Главная», the home page's link in navigation and breadcrumbs.
    fn home_link(&self, here: &Here) -> Link {
        here.link(
            crate::i18n::msg_in!(self.project.lang(), "ui.home"),
            "index.html",
        )
    }

    /// Renders `template` with `view` as `page` and writes it at `path`.
    fn page<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        title: impl Into<views::Title>,
        crumbs: Vec<Link>,
        view: &T,
        out: &mut Output,
    ) -> Result<()> {
        let title = title.into();
        let here = match path {
            "404.html" => Here {
                root: furniture::not_found_root(self.project.config.base_url.as_deref()),
            },
            _ => Here::new(path),
        };
        let lang = self.project.lang();
        let mut nav = vec![self.home_link(&here)];
        nav.extend(
            self.sorted_pages()
                .iter()
                .map(|p| here.link(p.title.clone(), &urls::page(&p.slug))),
        );
        nav.push(here.link(
            crate::i18n::msg_in!(lang, "ui.methodology"),
            urls::METHODOLOGY,
        ));
        nav.push(here.link(crate::i18n::msg_in!(lang, "ui.opendata"), urls::OPENDATA));
        let common = Common {
            site_title: self.project.config.title.clone(),
            lang: self.project.config.language.code(),
            demo: self.project.config.demo,
            root: here.root.clone(),
            title: title.full,
            here_name: title.short,
            crumbs,
            nav,
            search: self.subsite.is_none(),
        };
        let mut ctx = tera::Context::new();
        ctx.insert("site", &common);
        ctx.insert("page", view);
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(tera_error)
            .with_context(|| crate::i18n::msg!("render.page", path = path, template = template))?;
        out.add(path, kind_of(template), html.into_bytes());
        Ok(())
    }

    /// Breadcrumbs from the home page down to (not including) `org`.
    fn crumbs(&self, here: &Here, org: Option<OrgId>) -> Vec<Link> {
        let orgs = &self.project.orgs;
        let mut chain = Vec::new();
        let mut at = org.and_then(|o| orgs.get(o).parent);
        while let Some(p) = at {
            chain.push(here.org(orgs.get(p)));
            at = orgs.get(p).parent;
        }
        chain.push(self.home_link(here));
        chain.reverse();
        chain
    }
}
