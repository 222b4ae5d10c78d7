//! The variables templates may use: view structs built from the model, never the model itself.
//! Nothing here can carry a participant code or a pupil's row; cells below `min_publish` are
//! replaced by a note before they reach a view.

use super::urls;
use crate::format::{decimal_in, percent};
use crate::i18n::Lang;
use crate::indicators::disclosure::{CellFigures, PooledFigures};
use crate::model::plan::{Plan, Status};
use crate::model::{Date, Kind, Org, Project};
use serde::Serialize;

/// A link with its text, already relative to the page that shows it.
#[derive(Serialize, Clone)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// Variables every page has.
#[derive(Serialize)]
pub struct Common {
    pub site_title: String,
    pub lang: &'static str,
    /// Synthetic data: show the banner.
    pub demo: bool,
    /// Prefix from this page back to the site root.
    pub root: String,
    pub title: String,
    /// The page's own name as the last breadcrumb (shorter than `title` where the title also
    /// names the organization the breadcrumbs already show).
    pub here_name: String,
    pub crumbs: Vec<Link>,
    pub nav: Vec<Link>,
    /// Whether the site has a search page (not in a subsite).
    pub search: bool,
    /// The footer's publisher, contact, data date and licence.
    pub trust: super::trust::Footer,
}

/// A page's name: in the browser's tab and search results (`full`), and as its own breadcrumb
/// (`short`).
pub struct Title {
    pub full: String,
    pub short: String,
}

impl From<&str> for Title {
    fn from(title: &str) -> Title {
        Title {
            full: title.to_owned(),
            short: title.to_owned(),
        }
    }
}

impl From<&String> for Title {
    fn from(title: &String) -> Title {
        Title::from(title.as_str())
    }
}

/// Builds links relative to one page.
pub struct Here {
    pub root: String,
}

impl Here {
    pub fn new(path: &str) -> Here {
        Here {
            root: urls::root_from(path),
        }
    }

    pub fn link(&self, name: impl Into<String>, target: &str) -> Link {
        Link {
            name: name.into(),
            url: format!("{}{target}", self.root),
        }
    }

    pub fn org(&self, org: &Org) -> Link {
        self.link(org.display_name(), &urls::org(org))
    }
}

/// An organization as shown in a page header.
#[derive(Serialize)]
pub struct OrgInfo {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub profile: Option<String>,
    pub address: Option<String>,
    pub website: Option<String>,
}

impl OrgInfo {
    pub fn new(org: &Org, lang: Lang) -> OrgInfo {
        OrgInfo {
            id: org.id.clone(),
            name: org.name.clone(),
            kind: org.kind.code(),
            kind_label: kind_label(org.kind, lang),
            profile: org.profile.clone(),
            address: org.address.clone(),
            website: org
                .website
                .clone()
                .filter(|w| crate::model::plan::Link::parse(w).is_ok()),
        }
    }
}

/// «Регион», «Муниципалитет», «Образовательная организация» in `lang`.
pub fn kind_label(kind: Kind, lang: Lang) -> String {
    let key = match kind {
        Kind::Region => "ui.kind_region",
        Kind::Municipality => "ui.kind_municipality",
        Kind::School => "ui.kind_school",
    };
    crate::i18n::tr_in(lang, key, &[])
}

/// One published school-cell (or a note that it is too small to publish).
#[derive(Serialize)]
pub struct CellRow {
    /// «ВПР · Русский язык · 4 кл.»
    pub work: String,
    /// Fewer than `min_publish` participants: only the note is shown.
    pub suppressed: bool,
    pub participants: String,
    /// Percent of marks 2, 3, 4, 5, or empty when unknown.
    pub marks: Vec<String>,
    pub mean: String,
    pub mean_municipality: String,
    pub mean_region: String,
    /// Percent lowered, confirmed, raised, or empty.
    pub confirmation: Vec<String>,
}

impl CellRow {
    /// A school's cell with the municipality's and region's means beside it, each as the
    /// disclosure gate lets it through; `held` when the gate holds the cell back because of what
    /// earlier releases published rather than for its size.
    pub fn with_context(
        project: &Project,
        key: &crate::model::CellKey,
        cell: Option<CellFigures>,
        held: bool,
        mun: Option<PooledFigures>,
        reg: Option<PooledFigures>,
    ) -> CellRow {
        let lang = project.lang();
        let mut row = CellRow::new(project, key, cell, held);
        if !row.suppressed {
            let mean = |p: Option<PooledFigures>| {
                p.and_then(|p| p.moments())
                    .map_or_else(String::new, |m| decimal_in(lang, m.mean, 1))
            };
            row.mean_municipality = mean(mun);
            row.mean_region = mean(reg);
        }
        row
    }

    /// A school's cell, or «менее N» (or why else) when the gate kept it back.
    pub fn new(
        project: &Project,
        key: &crate::model::CellKey,
        cell: Option<CellFigures>,
        held: bool,
    ) -> CellRow {
        let lang = project.lang();
        let min_publish = project.config.methodology.min_publish;
        let mut row = CellRow {
            work: project.work_label(key),
            suppressed: true,
            participants: match held {
                true => crate::i18n::msg_in!(lang, "ui.held_back"),
                false => crate::i18n::msg_in!(lang, "ui.fewer_than", n = min_publish),
            },
            marks: Vec::new(),
            mean: String::new(),
            mean_municipality: String::new(),
            mean_region: String::new(),
            confirmation: Vec::new(),
        };
        if let Some(cell) = cell {
            let n = cell.participants();
            row.suppressed = false;
            row.participants = n.to_string();
            row.marks = cell.marks().map_or_else(Vec::new, |m| {
                m.iter().map(|&c| percent(lang, c, n)).collect()
            });
            row.mean = cell
                .moments()
                .map_or_else(String::new, |m| decimal_in(lang, m.mean, 1));
            row.confirmation = cell.confirmation().map_or_else(Vec::new, |c| {
                let total = c.iter().sum();
                c.iter().map(|&x| percent(lang, x, total)).collect()
            });
        }
        row
    }
}

/// A marker's name linked to its explanation on the methodology page.
pub fn marker_link(here: &Here, marker: crate::model::Marker, lang: Lang) -> Link {
    here.link(
        marker.label(lang),
        &format!("{}#{}", urls::METHODOLOGY, marker.code()),
    )
}

/// Progress of a plan's measures against `as_of`. The status counts partition the measures as
/// the plan states them, so done + in progress + planned + cancelled = total, and each count is
/// the number of its chips on the plan's page; `overdue` counts the planned and in-progress
/// measures past their due date (each also has a «просрочено» chip beside its status).
#[derive(Serialize, Default, Clone)]
pub struct Progress {
    pub total: usize,
    pub done: usize,
    pub in_progress: usize,
    pub planned: usize,
    pub cancelled: usize,
    pub overdue: usize,
    pub done_percent: String,
}

/// A plan in a list: its link, period and progress.
#[derive(Serialize, Clone)]
pub struct PlanSummary {
    pub link: Link,
    pub period: Option<String>,
    pub levels: bool,
    pub progress: Progress,
    /// Its period ended before `as_of` («срок плана истёк»).
    pub expired: bool,
}

impl PlanSummary {
    pub fn new(
        here: &Here,
        org: &Org,
        plan: &Plan,
        as_of: Option<Date>,
        lang: Lang,
    ) -> PlanSummary {
        PlanSummary {
            link: here.link(plan.title.clone(), &urls::plan(org, plan)),
            period: plan.period.clone(),
            levels: plan.levels,
            progress: progress(plan, as_of, lang),
            expired: plan.is_expired(as_of),
        }
    }
}

pub fn progress(plan: &Plan, as_of: Option<Date>, lang: Lang) -> Progress {
    let mut p = Progress::default();
    for m in plan.directions.iter().flat_map(|d| &d.measures) {
        p.total += 1;
        p.overdue += usize::from(m.is_overdue(as_of));
        let count = match m.status {
            Status::Done => &mut p.done,
            Status::InProgress => &mut p.in_progress,
            Status::Planned => &mut p.planned,
            Status::Cancelled => &mut p.cancelled,
        };
        *count += 1;
    }
    p.done_percent = percent(lang, p.done as u32, (p.total - p.cancelled) as u32);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_partition_the_measures_by_status_and_count_the_overdue_among_them() {
        let plan: Plan = serde_yaml::from_str(
            "org: s\ntitle: План\ndirections:\n  - title: Н\n    measures:\n      - {text: a, status: done, due: 2024-01-10}\n      - {text: b, status: in_progress, due: 2024-01-10}\n      - {text: c, status: planned, due: 2024-01-10}\n      - {text: d, status: planned, due: 2024-12-10}\n      - {text: e, status: cancelled, due: 2024-01-10}\n",
        )
        .unwrap();
        let as_of = Date::parse("2024-06-01").unwrap();
        let p = progress(&plan, Some(as_of), Lang::Ru);
        // b (in progress) and c (planned) are past due: counted under their status, as their
        // chips show it, and among the overdue.
        assert_eq!(
            (
                p.done,
                p.in_progress,
                p.planned,
                p.overdue,
                p.cancelled,
                p.total
            ),
            (1, 1, 2, 2, 1, 5)
        );
        assert_eq!(p.done + p.in_progress + p.planned + p.cancelled, p.total);
        assert_eq!(p.done_percent, "25,0");
    }
}
