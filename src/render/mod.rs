//! Step 4 of the pipeline: turn the model (and its indicators) into the site's files.
//!
//! Templates are embedded in the binary and compiled once; a project's own `templates/` folder
//! overrides any of them by name. Each page gets a [`views::Common`] as `site` and its own view
//! as `page`. Nothing here writes to disk: pages go into an [`Output`].

pub mod format;
pub mod markdown;
pub mod urls;
pub mod views;

use crate::model::{Kind, OrgId, Project};
use crate::site::Output;
use anyhow::{Context as _, Result};
use serde::Serialize;
use std::path::Path;
use views::{CellRow, Common, Here, Link, OrgInfo, PlanSummary, PlanView};

/// The built-in templates, by the name a project's `templates/` may override.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("macros.html", include_str!("templates/macros.html")),
    ("home.html", include_str!("templates/home.html")),
    ("org.html", include_str!("templates/org.html")),
    ("plan.html", include_str!("templates/plan.html")),
    ("page.html", include_str!("templates/page.html")),
];

const STYLE: &str = include_str!("assets/style.css");

/// Compiles the templates: built-ins, then the project's overrides.
pub fn templates(root: &Path) -> Result<tera::Tera> {
    let mut all: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let dir = root.join("templates");
    if dir.is_dir() {
        for (name, _) in TEMPLATES {
            let path = dir.join(name);
            if path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("failed to read `{}`", path.display()))?;
                all.retain(|(n, _)| n != name);
                all.push((name.to_string(), text));
            }
        }
    }
    let mut tera = tera::Tera::default();
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(all)
        .map_err(tera_error)
        .context("failed to compile the templates")?;
    Ok(tera)
}

/// HTML escaping for text and quoted attributes. Unlike tera's default it leaves `/` alone, so
/// links stay readable in the page source.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
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

/// Renders every page of the site.
pub fn render(project: &Project, tera: &tera::Tera) -> Result<Output> {
    let r = Renderer { project, tera };
    let mut out = Output::default();
    out.add("assets/style.css", STYLE.as_bytes().to_vec());
    r.home(&mut out)?;
    for id in project.orgs.ids() {
        r.org_page(id, &mut out)?;
    }
    for plan in &project.plans {
        let org = project.orgs.get(
            project
                .orgs
                .find(&plan.org)
                .expect("plans are validated against orgs"),
        );
        let path = urls::plan(org, plan);
        let here = Here::new(&path);
        let view = PlanView::new(&here, org, plan, project.config.as_of);
        let mut crumbs = r.crumbs(&here, project.orgs.find(&plan.org));
        crumbs.push(here.org(org));
        r.page("plan.html", &path, &plan.title, crumbs, &view, &mut out)?;
    }
    for page in &project.pages {
        let path = urls::page(&page.slug);
        let view = PageView {
            html: markdown::to_html(&page.markdown),
        };
        let crumbs = vec![Here::new(&path).link("Главная", "index.html")];
        r.page("page.html", &path, &page.title, crumbs, &view, &mut out)?;
    }
    Ok(out)
}

#[derive(Serialize)]
struct PageView {
    html: String,
}

#[derive(Serialize)]
struct HomeView {
    regions: Vec<ChildRow>,
    pages: Vec<Link>,
}

/// A region, municipality or school in a list of an organization's children.
#[derive(Serialize)]
struct ChildRow {
    link: Link,
    kind: &'static str,
    municipalities: usize,
    schools: usize,
    plans: Vec<PlanSummary>,
}

#[derive(Serialize)]
struct OrgView {
    org: OrgInfo,
    children: Vec<ChildRow>,
    children_title: &'static str,
    plans: Vec<PlanSummary>,
    results: Vec<YearResults>,
    min_publish: u32,
}

#[derive(Serialize)]
struct YearResults {
    year: u16,
    rows: Vec<CellRow>,
}

struct Renderer<'a> {
    project: &'a Project,
    tera: &'a tera::Tera,
}

impl Renderer<'_> {
    fn page<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        title: &str,
        crumbs: Vec<Link>,
        view: &T,
        out: &mut Output,
    ) -> Result<()> {
        let here = Here::new(path);
        let mut nav = vec![here.link("Главная", "index.html")];
        let mut pages: Vec<_> = self.project.pages.iter().collect();
        pages.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
        nav.extend(
            pages
                .iter()
                .map(|p| here.link(p.title.clone(), &urls::page(&p.slug))),
        );
        let common = Common {
            site_title: self.project.config.title.clone(),
            lang: self.project.config.language.code(),
            demo: self.project.config.demo,
            root: here.root.clone(),
            title: title.to_owned(),
            crumbs,
            nav,
        };
        let mut ctx = tera::Context::new();
        ctx.insert("site", &common);
        ctx.insert("page", view);
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(tera_error)
            .with_context(|| format!("failed to render `{path}` with template `{template}`"))?;
        out.add(path, html.into_bytes());
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
        chain.push(here.link("Главная", "index.html"));
        chain.reverse();
        chain
    }

    fn plans_of(&self, here: &Here, id: OrgId) -> Vec<PlanSummary> {
        let org = self.project.orgs.get(id);
        self.project
            .plans
            .iter()
            .filter(|p| p.org == org.id)
            .map(|p| PlanSummary::new(here, org, p, self.project.config.as_of))
            .collect()
    }

    fn child_row(&self, here: &Here, id: OrgId) -> ChildRow {
        let orgs = &self.project.orgs;
        let org = orgs.get(id);
        ChildRow {
            link: here.org(org),
            kind: org.kind.code(),
            municipalities: orgs
                .children(id)
                .iter()
                .filter(|&&c| orgs.get(c).kind == Kind::Municipality)
                .count(),
            schools: orgs.schools_under(id).len(),
            plans: self.plans_of(here, id),
        }
    }

    fn home(&self, out: &mut Output) -> Result<()> {
        let here = Here::new("index.html");
        let mut pages: Vec<_> = self.project.pages.iter().collect();
        pages.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
        let view = HomeView {
            regions: self
                .project
                .orgs
                .of_kind(Kind::Region)
                .map(|r| self.child_row(&here, r))
                .collect(),
            pages: pages
                .iter()
                .map(|p| here.link(p.title.clone(), &urls::page(&p.slug)))
                .collect(),
        };
        let title = self.project.config.title.clone();
        self.page("home.html", "index.html", &title, Vec::new(), &view, out)
    }

    fn org_page(&self, id: OrgId, out: &mut Output) -> Result<()> {
        let project = self.project;
        let org = project.orgs.get(id);
        let path = urls::org(org);
        let here = Here::new(&path);
        let results = if org.kind == Kind::School {
            self.school_results(id)
        } else {
            Vec::new()
        };
        let view = OrgView {
            org: OrgInfo::new(org),
            children: project
                .orgs
                .children(id)
                .iter()
                .map(|&c| self.child_row(&here, c))
                .collect(),
            children_title: match org.kind {
                Kind::Region => "Муниципалитеты",
                _ => "Образовательные организации",
            },
            plans: self.plans_of(&here, id),
            results,
            min_publish: project.config.methodology.min_publish,
        };
        let crumbs = self.crumbs(&here, Some(id));
        self.page("org.html", &path, &org.name, crumbs, &view, out)
    }

    fn school_results(&self, id: OrgId) -> Vec<YearResults> {
        let mut years: Vec<YearResults> = Vec::new();
        for (sc, cell) in self.project.cells.iter().filter(|(sc, _)| sc.org == id) {
            let row = CellRow::new(self.project, &sc.key, cell);
            match years.last_mut() {
                Some(y) if y.year == sc.key.year => y.rows.push(row),
                _ => years.push(YearResults {
                    year: sc.key.year,
                    rows: vec![row],
                }),
            }
        }
        years.reverse();
        years
    }
}
