//! A school's справка for its director: one printable A4 page per year with the year's verdict,
//! every sign with its figures, whether each sign was there in the two years before, the works'
//! table and the school's plans with their progress. It exists for the school's newest year and
//! for every year with a sign (what a director files or answers for); the report links it.

use super::facts::Facts;
use super::verdict::Verdict;
use super::views::{Here, Link, OrgInfo, PlanSummary};
use super::{urls, PageKind, Renderer};
use crate::i18n::msg_in;
use crate::model::{Kind, Marker, OrgId};
use crate::site::Output;
use anyhow::Result;
use serde::Serialize;

/// Whether a school has a справка for `year`.
pub fn has_page(f: &Facts, id: OrgId, year: u16) -> bool {
    f.newest_year(id) == Some(year) || !f.ind.hits_of(id, year).is_empty()
}

/// A sign of the year and whether the school had it in each of the years before.
#[derive(Serialize)]
struct Persistence {
    label: String,
    /// «да» or «нет» for each of `years`.
    had: Vec<bool>,
}

#[derive(Serialize)]
struct SpravkaView {
    org: OrgInfo,
    municipality: Option<String>,
    verdict: Verdict,
    /// The three years of the persistence table, oldest first.
    years: Vec<u16>,
    persistence: Vec<Persistence>,
    plans: Vec<PlanSummary>,
    report: Link,
    as_of: Option<String>,
}

fn spravka_page(r: &Renderer, id: OrgId, year: u16, out: &mut Output) -> Result<()> {
    let f = &r.facts;
    let project = f.project;
    let lang = project.lang();
    let org = project.orgs.get(id);
    let path = urls::spravka(org, year);
    let here = Here::new(&path);
    let verdict = Verdict::of(f, &here, id, year);
    let years: Vec<u16> = (year.saturating_sub(2)..=year).collect();
    let had = |marker: Marker, y: u16| f.ind.hits_of(id, y).iter().any(|h| h.marker == marker);
    let mut persistence: Vec<Persistence> = Vec::new();
    for hit in f.ind.hits_of(id, year) {
        let label = hit.marker.label(lang);
        if persistence.iter().all(|p| p.label != label) {
            persistence.push(Persistence {
                label,
                had: years.iter().map(|&y| had(hit.marker, y)).collect(),
            });
        }
    }
    let view = SpravkaView {
        org: OrgInfo::new(org, lang),
        municipality: project
            .orgs
            .ancestor(id, Kind::Municipality)
            .map(|m| project.orgs.get(m).display_name().to_owned()),
        verdict,
        years,
        persistence,
        plans: f.plans_of(&here, id),
        report: here.org(org),
        as_of: project.config.as_of.map(|d| d.words(lang)),
    };
    let mut crumbs = f.crumbs(&here, Some(id));
    crumbs.push(here.org(org));
    let title = super::views::Title {
        full: msg_in!(
            lang,
            "ui.spravka_title",
            year = year,
            org = org.name.as_str()
        ),
        short: msg_in!(lang, "ui.spravka_short", year = year),
    };
    r.page(&Spravka, &path, title, crumbs, &view, out)
}

/// The справки of schools.
pub(super) struct Spravka;

impl PageKind for Spravka {
    fn template(&self) -> (&'static str, &'static str) {
        template!("spravka.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        let f = &r.facts;
        let ids = scope.orgs_of(r.facts.project, true);
        super::each_org(&ids, out, |id, out| {
            let mut years: Vec<u16> = f.cells_of(id).map(|(sc, _)| sc.key.year).collect();
            years.dedup();
            for year in years.into_iter().filter(|&y| has_page(f, id, y)) {
                spravka_page(r, id, year, out)?;
            }
            Ok(())
        })
    }
}
