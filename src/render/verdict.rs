//! The answer a school's page opens with, and its справка and embed card repeat: was the school
//! evaluated in a year, which signs in which works with the school's and the region's figures in
//! plain words, and what its plans do about each. Each sign is explained once, however many works
//! raised it; the statistics behind it are for specialists ([`super::markers`]).

use super::facts::Facts;
use super::views::{marker_link, Here, Link};
use super::{urls, work};
use crate::i18n::{msg_in, tr_count_in};
use crate::indicators::Hit;
use crate::model::marker::Context;
use crate::model::{OrgId, SchoolCell};
use serde::Serialize;

/// A school's year in one answer.
#[derive(Serialize)]
pub struct Verdict {
    pub year: u16,
    /// `flagged`, `clean` or `not_evaluated`: the page's colour and icon.
    pub state: &'static str,
    pub headline: String,
    pub signs: Vec<Sign>,
    /// For a school with signs and no plan: what the missing plan means, said once.
    pub no_plan: Option<String>,
    /// The school's plans, for a school without signs (nothing is asked of it).
    pub plans: Vec<Link>,
}

/// One kind of sign in a year, with every work that raised it.
#[derive(Serialize)]
pub struct Sign {
    pub code: &'static str,
    pub label: String,
    pub meaning: String,
    /// A federal (ФИОКО) marker, counted in the index; otherwise a supplementary indicator.
    pub federal: bool,
    pub explained: Link,
    pub works: Vec<SignWork>,
    /// The measures of the school's plans that answer it.
    pub measures: Vec<MeasureRef>,
    /// The school has a plan, and none of its measures answers this sign.
    pub unanswered: bool,
}

/// A work that raised a sign, with the figures that did.
#[derive(Serialize)]
pub struct SignWork {
    /// «ВПР · Математика · 4 кл.», or «ВПР» for a sign over all of a procedure's works.
    pub work: String,
    /// The work's own page, where the school has one.
    pub url: Option<String>,
    /// The figures in plain words, or that they are hidden to protect small groups.
    pub figures: String,
}

/// A measure of a plan that answers a sign.
#[derive(Serialize)]
pub struct MeasureRef {
    pub text: String,
    pub status: &'static str,
    pub status_label: String,
    pub overdue: bool,
    pub plan: Link,
}

/// The figures of a sign in plain words, through the disclosure gate.
pub fn plain_figures(f: &Facts, hit: &Hit) -> String {
    let lang = f.project.lang();
    match f.gate.numbers(hit).map(|n| n.value()) {
        Some(n) => n.evidence.plain(
            &Context {
                marker: hit.marker,
                year: hit.year,
                grade: hit.cell.map(|c| c.grade),
                value: n.value.unwrap_or_default(),
                threshold: n.threshold.unwrap_or_default(),
            },
            lang,
        ),
        None => msg_in!(lang, "ui.numbers_hidden_plain"),
    }
}

/// The signs of `hits` (a school's, in one year), grouped by kind, federal ones first, each work
/// linked to its page where it has one.
pub fn signs(f: &Facts, here: &Here, id: OrgId, hits: &[&Hit]) -> Vec<Sign> {
    let project = f.project;
    let lang = project.lang();
    let org = project.orgs.get(id);
    let plans = f
        .plans_by_org
        .get(&id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let as_of = project.config.as_of;
    let mut signs: Vec<Sign> = Vec::new();
    for hit in hits {
        let (work, url) = match (hit.cell, hit.procedure) {
            (Some(key), _) => {
                let sc = SchoolCell { key, org: id };
                let url = work::has_page(f, &sc)
                    .then(|| here.link("", &urls::work(org, &key, &project.subjects)).url);
                (project.work_label(&key), url)
            }
            (None, Some(p)) => (p.label(lang), None),
            (None, None) => (String::new(), None),
        };
        let item = SignWork {
            work,
            url,
            figures: plain_figures(f, hit),
        };
        if let Some(sign) = signs.iter_mut().find(|s| s.code == hit.marker.code()) {
            sign.works.push(item);
            continue;
        }
        let measures: Vec<MeasureRef> = plans
            .iter()
            .flat_map(|plan| {
                plan.directions
                    .iter()
                    .flat_map(|d| &d.measures)
                    .map(move |m| (plan, m))
            })
            .filter(|(_, m)| m.answers.contains(&hit.marker))
            .map(|(plan, m)| MeasureRef {
                text: m.text.clone(),
                status: m.status.code(),
                status_label: m.status.label(lang),
                overdue: m.is_overdue(as_of),
                plan: here.link(plan.title.clone(), &urls::plan(org, plan)),
            })
            .collect();
        signs.push(Sign {
            code: hit.marker.code(),
            label: hit.marker.label(lang),
            meaning: hit.marker.meaning(lang),
            federal: hit.marker.is_federal(),
            explained: marker_link(here, hit.marker, lang),
            works: vec![item],
            unanswered: measures.is_empty() && !plans.is_empty(),
            measures,
        });
    }
    signs.sort_by_key(|s| !s.federal);
    signs
}

impl Verdict {
    /// The school's verdict for `year`.
    pub fn of(f: &Facts, here: &Here, id: OrgId, year: u16) -> Verdict {
        let project = f.project;
        let lang = project.lang();
        let org = project.orgs.get(id);
        let hits: Vec<&Hit> = f.ind.hits_of(id, year).iter().collect();
        let signs = signs(f, here, id, &hits);
        let plans = f
            .plans_by_org
            .get(&id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let works = hits
            .iter()
            .map(|h| (h.cell, h.procedure))
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let (state, headline) = if !signs.is_empty() {
            let count = tr_count_in(lang, "ui.verdict_signs", signs.len());
            let in_works = tr_count_in(lang, "ui.verdict_works", works);
            (
                "flagged",
                msg_in!(
                    lang,
                    "ui.verdict_flagged",
                    year = year,
                    signs = count,
                    works = in_works
                ),
            )
        } else if f.ind.evaluated.contains(&(year, id)) {
            ("clean", msg_in!(lang, "ui.verdict_clean", year = year))
        } else {
            (
                "not_evaluated",
                msg_in!(
                    lang,
                    "ui.verdict_not_evaluated",
                    year = year,
                    n = project.config.methodology.min_publish
                ),
            )
        };
        Verdict {
            year,
            state,
            headline,
            no_plan: (!signs.is_empty() && plans.is_empty())
                .then(|| msg_in!(lang, "ui.verdict_no_plan")),
            plans: match signs.is_empty() {
                true => plans
                    .iter()
                    .map(|p| here.link(p.title.clone(), &urls::plan(org, p)))
                    .collect(),
                false => Vec::new(),
            },
            signs,
        }
    }
}
