//! Step 4 of the pipeline: turn the model (and its indicators) into the site's files.
//!
//! Templates are embedded in the binary and compiled once; a project's own `templates/` folder
//! overrides any of them by name. Each page gets a [`views::Common`] as `site` and its own view
//! as `page`. Nothing here writes to disk: pages go into an [`Output`].

/// A built-in template: its name and its text, embedded (declared before the page kinds' modules,
/// which use it).
macro_rules! template {
    ($name:literal) => {
        ($name, include_str!(concat!("templates/", $name)))
    };
}

mod analysis;
mod area;
mod area_work;
mod cycle;
pub mod facts;
mod furniture;
mod home;
mod map;
pub mod markdown;
mod markers;
mod methodology;
mod official;
pub mod opendata;
mod org_charts;
pub mod outcome;
mod page;
mod plan;
pub mod recommend;
mod school;
mod spravka;
pub mod subsite;
pub mod tasks;
mod trust;
pub mod urls;
mod verdict;
pub mod views;
mod work;
mod workbook;

use crate::diag::Diagnostics;
use crate::indicators::Indicators;
use crate::model::{Kind, OrgId, Plan, Project};
use crate::site::{FileKind, Output};
use anyhow::{Context as _, Result};
use facts::Facts;
use rayon::prelude::*;
use serde::Serialize;
use views::{Common, Here, Link};

/// A kind of page, declared once: its template, whether readers arrive at its pages, and how it
/// renders the pages a build asks for. [`KINDS`] lists them all; the templates, the sitemap and
/// every build (the site, a plan's pages, a subsite) come from that list.
pub(crate) trait PageKind: Sync {
    /// Its template: the name a project's `templates/` may override, and the built-in text.
    fn template(&self) -> (&'static str, &'static str);
    /// Whether readers arrive at its pages (the sitemap lists them).
    fn in_sitemap(&self) -> bool;
    /// Renders its pages among those `scope` asks for.
    fn render(&self, r: &Renderer, scope: &Scope, out: &mut Output) -> Result<()>;
    /// Whether it is rendered on a worker of its own alongside the other kinds (open data: long
    /// tables written row by row while the pages render).
    fn alongside(&self) -> bool {
        false
    }
}

/// Every kind of page.
const KINDS: [&dyn PageKind; 15] = [
    &home::Home,
    &area::Area,
    &area_work::AreaWork,
    &school::School,
    &work::Work,
    &spravka::Spravka,
    &plan::PlanPage,
    &plan::SystemPage,
    &page::Free,
    &methodology::Methodology,
    &opendata::OpenData,
    &furniture::Search,
    &furniture::NotFound,
    &subsite::Redirect,
    &subsite::Embed,
];

/// The stylesheet of every page.
const STYLE: &str = include_str!("assets/style.css");

/// The templates every page kind's template builds on.
const SHARED_TEMPLATES: [(&str, &str); 5] = [
    ("base.html", include_str!("templates/base.html")),
    ("macros.html", include_str!("templates/macros.html")),
    ("cycle.html", include_str!("templates/cycle.html")),
    ("map.html", include_str!("templates/map.html")),
    ("analysis.html", include_str!("templates/analysis.html")),
];

/// The built-in templates, by the name a project's `templates/` may override.
fn built_in_templates() -> Vec<(&'static str, &'static str)> {
    let mut all = SHARED_TEMPLATES.to_vec();
    for kind in KINDS {
        let t = kind.template();
        if !t.0.is_empty() && !all.contains(&t) {
            all.push(t);
        }
    }
    all
}

/// Compiles the templates: built-ins, then the project's overrides ([`crate::load::templates`]).
/// Their text comes from the catalogue in the site's language through `t(k="key", name=value,
/// …)`. An override that replaces no built-in template is a warning; one that does not compile is
/// an error at its line and column.
pub fn templates(project: &Project) -> (tera::Tera, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut all: Vec<(String, String)> = built_in_templates()
        .into_iter()
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
    /// A template's argument as text: a string as it is, anything else as JSON writes it.
    struct Arg<'v>(&'v tera::Value);
    impl std::fmt::Display for Arg<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self.0 {
                tera::Value::String(s) => f.write_str(s),
                other => write!(f, "{other}"),
            }
        }
    }
    move |args: &std::collections::HashMap<String, tera::Value>| {
        let key = args
            .get("k")
            .and_then(|k| k.as_str())
            .ok_or_else(|| tera::Error::msg(crate::i18n::msg!("render.t_needs_key")))?;
        // A misspelt key in a template override is an error, not a page showing the key.
        if !crate::i18n::has(lang, key) {
            return Err(tera::Error::msg(crate::i18n::msg!(
                "render.t_unknown_key",
                key = key
            )));
        }
        let named: Vec<(&str, Arg)> = args
            .iter()
            .filter(|(name, _)| *name != "k")
            .map(|(name, v)| (name.as_str(), Arg(v)))
            .collect();
        let refs: Vec<(&str, &dyn std::fmt::Display)> = named
            .iter()
            .map(|(n, v)| (*n, v as &dyn std::fmt::Display))
            .collect();
        Ok(tera::Value::String(crate::i18n::tr_in(lang, key, &refs)))
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

/// What a build renders: the pages asked for, and the organizations and plans they hold.
pub(crate) struct Scope<'a> {
    pub pages: Pages<'a>,
    /// The organizations whose pages are rendered, in id order.
    pub orgs: Vec<OrgId>,
    /// The plans whose pages are rendered.
    pub plans: Vec<&'a Plan>,
}

impl Scope<'_> {
    /// The schools among [`Self::orgs`] (`true`), or the municipalities and regions (`false`).
    pub fn orgs_of(&self, project: &Project, schools: bool) -> Vec<OrgId> {
        self.orgs
            .iter()
            .copied()
            .filter(|&id| (project.orgs.get(id).kind == Kind::School) == schools)
            .collect()
    }

    fn is_site(&self) -> bool {
        matches!(self.pages, Pages::All)
    }

    fn is_subsite(&self) -> bool {
        matches!(self.pages, Pages::Subsite(_))
    }

    /// Whether an organization's open-data rows belong to what is rendered.
    fn keeps(&self, org: OrgId) -> bool {
        !self.is_subsite() || self.orgs.binary_search(&org).is_ok()
    }
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

/// Renders the chosen pages into `out`, which may stream them to disk: every kind of page in
/// turn, then (for the whole site) the sitemap of what they wrote.
pub fn render_into(
    project: &Project,
    ind: &Indicators,
    tera: &tera::Tera,
    pages: Pages,
    out: &mut Output,
) -> Result<()> {
    let facts = Facts::new(project, ind);
    let orgs = &project.orgs;
    let (ids, plans): (Vec<OrgId>, Vec<&Plan>) = match &pages {
        Pages::All => (orgs.ids().collect(), project.plans.iter().collect()),
        Pages::OfPlan(plan) => {
            let mut chain = Vec::new();
            let mut at = Some(facts.plan_org(plan));
            while let Some(id) = at {
                chain.push(id);
                at = orgs.get(id).parent;
            }
            chain.sort_unstable();
            (chain, vec![*plan])
        }
        Pages::Subsite(root) => {
            let mut members = vec![*root];
            let mut i = 0;
            while i < members.len() {
                members.extend_from_slice(orgs.children(members[i]));
                i += 1;
            }
            members.sort_unstable();
            let plans = members
                .iter()
                .flat_map(|id| facts.plans_by_org.get(id).into_iter().flatten().copied())
                .collect();
            (members, plans)
        }
    };
    let subsite = match pages {
        Pages::Subsite(id) => Some(id),
        _ => None,
    };
    let scope = Scope {
        pages,
        orgs: ids,
        plans,
    };
    let r = Renderer {
        facts,
        tera,
        subsite,
    };
    // A plan's pages use the stylesheet already there.
    if !matches!(scope.pages, Pages::OfPlan(_)) {
        out.add(
            "assets/style.css",
            FileKind::Asset,
            STYLE.as_bytes().to_vec(),
        );
    }
    let (alongside, inline): (Vec<&dyn PageKind>, Vec<&dyn PageKind>) =
        KINDS.iter().partition(|k| k.alongside());
    let mut side = out.fork();
    let (done, done_alongside) = rayon::join(
        || inline.iter().try_for_each(|k| k.render(&r, &scope, out)),
        || {
            alongside
                .iter()
                .try_for_each(|k| k.render(&r, &scope, &mut side))
        },
    );
    out.join(side);
    done?;
    done_alongside?;
    if scope.is_site() {
        // Last: the sitemap lists every page written before it.
        furniture::sitemap_and_robots(&r.facts, out);
    }
    Ok(())
}

/// Renders `ids`' pages with `page`, in parallel, a chunk at a time; each page is written by the
/// worker that rendered it when the output streams, so no chunk waits in memory.
fn each_org(
    ids: &[OrgId],
    out: &mut Output,
    page: impl Fn(OrgId, &mut Output) -> Result<()> + Sync,
) -> Result<()> {
    const CHUNK: usize = 512;
    for chunk in ids.chunks(CHUNK) {
        let shared: &Output = out;
        let parts: Vec<Output> = chunk
            .par_iter()
            .map(|&id| {
                let mut part = shared.fork();
                page(id, &mut part).map(|()| part)
            })
            .collect::<Result<_>>()?;
        for part in parts {
            out.join(part);
        }
    }
    Ok(())
}

/// What every page kind shares: the facts of the site and the templates.
pub(crate) struct Renderer<'a> {
    pub facts: Facts<'a>,
    tera: &'a tera::Tera,
    /// The root of a subsite being rendered: its pages get no search and a shorter menu.
    subsite: Option<OrgId>,
}

impl Renderer<'_> {
    /// Renders `kind`'s template with `view` as `page` and writes it at `path`.
    fn page<T: Serialize>(
        &self,
        kind: &dyn PageKind,
        path: &str,
        title: impl Into<views::Title>,
        crumbs: Vec<Link>,
        view: &T,
        out: &mut Output,
    ) -> Result<()> {
        let f = &self.facts;
        let title = title.into();
        let template = kind.template().0;
        let here = match path {
            "404.html" => Here {
                root: furniture::not_found_root(f.project.config.base_url.as_deref()),
            },
            _ => Here::new(path),
        };
        let lang = f.project.lang();
        let mut nav = vec![f.home_link(&here)];
        nav.extend(
            f.sorted_pages()
                .iter()
                .map(|p| here.link(p.title.clone(), &urls::page(&p.slug))),
        );
        nav.push(here.link(
            crate::i18n::msg_in!(lang, "ui.methodology"),
            urls::METHODOLOGY,
        ));
        nav.push(here.link(crate::i18n::msg_in!(lang, "ui.opendata"), urls::OPENDATA));
        let common = Common {
            site_title: f.project.config.title.clone(),
            lang: f.project.config.language.code(),
            demo: f.project.config.demo,
            root: here.root.clone(),
            title: title.full,
            here_name: title.short,
            crumbs,
            nav,
            search: self.subsite.is_none(),
            trust: trust::Footer::new(&f.project.config.publication, f.project.config.as_of, lang),
        };
        let mut ctx = tera::Context::new();
        ctx.insert("site", &common);
        ctx.insert("page", view);
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(tera_error)
            .with_context(|| crate::i18n::msg!("render.page", path = path, template = template))?;
        out.add(
            path,
            FileKind::Page {
                listed: kind.in_sitemap(),
            },
            html.into_bytes(),
        );
        Ok(())
    }
}
