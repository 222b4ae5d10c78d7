//! «Адресные рекомендации»: for an organization's markers of a year, the measures the catalogue
//! of recommendations ([`crate::model::recommendation`]) gives its level, each with its reason and
//! direction, and whether the organization's published plan already answers the marker
//! (`answers:`). The region's and municipalities' pages show them; the school report can call
//! [`recommendations_for`] and the `recommendations` macro of cycle.html alike.

use super::facts::Facts;
use super::urls;
use super::views::{marker_link, Here, Link};
use crate::indicators::cycle::markers_under;
use crate::model::plan::Status;
use crate::model::recommendation::Level;
use crate::model::{Marker, OrgId};
use serde::Serialize;

/// A measure of the organization's plan that answers a marker.
#[derive(Serialize)]
pub struct AnsweringMeasure {
    pub text: String,
    pub status: &'static str,
    pub status_label: String,
    pub overdue: bool,
    pub plan: Link,
}

/// One recommended measure for one of the organization's markers.
#[derive(Serialize)]
pub struct RecommendationView {
    /// The marker's name, linked to its explanation.
    pub marker: Link,
    pub code: &'static str,
    pub federal: bool,
    /// The first recommendation of its marker in the list: its heading starts here.
    pub starts_marker: bool,
    pub measure: String,
    pub reason: String,
    /// «1. Обеспечение объективности …»
    pub direction: String,
    /// Whether a published plan for the school year after the markers answers the marker.
    pub answered: bool,
    /// Its measures that do (non-cancelled), with their status.
    pub answered_by: Vec<AnsweringMeasure>,
}

/// The measures of the organization's plans for the school year after `year` (or a later one,
/// or undated) that answer `marker`.
fn answering(
    f: &Facts,
    here: &Here,
    org: OrgId,
    year: u16,
    marker: Marker,
) -> Vec<AnsweringMeasure> {
    let lang = f.project.lang();
    let as_of = f.project.config.as_of;
    let o = f.project.orgs.get(org);
    f.plans_by_org
        .get(&org)
        .into_iter()
        .flatten()
        .filter(|p| !p.levels && p.school_year().is_none_or(|y| y >= year))
        .flat_map(|plan| plan.measures().map(move |m| (plan, m)))
        .filter(|(_, m)| m.status != Status::Cancelled && m.answers.contains(&marker))
        .map(|(plan, m)| AnsweringMeasure {
            text: m.text.clone(),
            status: m.status.code(),
            status_label: m.status.label(lang),
            overdue: m.is_overdue(as_of),
            plan: here.link(plan.title.clone(), &urls::plan(o, plan)),
        })
        .collect()
}

/// The addressed recommendations for an organization's markers of `year`, marker by marker (the
/// federal ones first), in the catalogue's order; links relative to `here`.
pub fn recommendations_for(
    f: &Facts,
    here: &Here,
    org: OrgId,
    year: u16,
) -> Vec<RecommendationView> {
    let lang = f.project.lang();
    let level = Level::of(f.project.orgs.get(org).kind);
    let mut out = Vec::new();
    for marker in markers_under(f.project, f.ind, org, year) {
        let answered_by = answering(f, here, org, year, marker);
        let answered = !answered_by.is_empty();
        // The plan's measures go with the marker's first recommendation, where its heading is.
        let mut pending = Some(answered_by);
        for r in f.project.recommendations.answering(level, marker) {
            let starts_marker = pending.is_some();
            out.push(RecommendationView {
                marker: marker_link(here, marker, lang),
                code: marker.code(),
                federal: marker.is_federal(),
                starts_marker,
                measure: r.measure.clone(),
                reason: r.reason.clone(),
                direction: crate::i18n::msg_in!(
                    lang,
                    "cycle.direction",
                    n = r.direction.number(),
                    title = r.direction.title(lang)
                ),
                answered,
                answered_by: pending.take().unwrap_or_default(),
            });
        }
    }
    out
}
