//! The management cycle on a region's or municipality's page and a school's report: the addressed recommendations for
//! its markers of the newest year ([`super::recommend`]), «Эффективность мер» (re-flagging of
//! flagged schools with and without a carried-out plan, [`crate::indicators::cycle::effect`])
//! and the system's indicators by year with their change ([`crate::indicators::cycle::system`]).
//! A school's report shows its own recommendations and what its markers did after each plan
//! ([`school_cycle`]). Every count passes the disclosure gate; a group under `min_publish` reads
//! «мало школ».

use super::facts::Facts;
use super::recommend::{recommendations_for, RecommendationView};
use super::views::Here;
use crate::format::decimal_in;
use crate::i18n::{msg_in, Lang};
use crate::indicators::cycle::effect::{compared, EffectRow, Reading};
use crate::indicators::cycle::system::{Indicator, Unit};
use crate::indicators::cycle::Tally;
use crate::indicators::disclosure::Gate;
use crate::model::OrgId;
use serde::Serialize;

/// Everything of the cycle an area page shows.
#[derive(Serialize)]
pub(super) struct AreaCycle {
    /// The year of the markers the recommendations answer.
    year: Option<u16>,
    recommendations: Vec<RecommendationView>,
    /// Whether the catalogue is the region's own file (else oko's).
    own_catalogue: bool,
    effect: Option<EffectTable>,
    system: Option<SystemTable>,
    min_publish: u32,
}

/// One group of the comparison in a row.
#[derive(Serialize)]
struct GroupView {
    schools: u32,
    /// «4 (40,0 %)», «мало школ» or «—».
    again: String,
}

#[derive(Serialize)]
struct EffectRowView {
    years: String,
    pooled: bool,
    done: GroupView,
    none: GroupView,
    other: u32,
    /// In percentage points, signed; empty without both groups.
    difference: String,
    interval: String,
}

/// «Эффективность мер»: rows per pair of years, the pooled row, and what they let one say.
#[derive(Serialize)]
struct EffectTable {
    rows: Vec<EffectRowView>,
    verdict: String,
}

#[derive(Serialize)]
struct SystemRowView {
    code: &'static str,
    label: String,
    values: Vec<String>,
    /// The newest year's change from the year before, in percentage points.
    change: String,
}

#[derive(Serialize)]
struct SystemTable {
    years: Vec<u16>,
    rows: Vec<SystemRowView>,
}

/// A share in percent with one decimal.
fn pct(lang: Lang, share: f64) -> String {
    decimal_in(lang, 100.0 * share, 1)
}

/// Percentage points with their sign.
fn points(lang: Lang, x: f64) -> String {
    let sign = if x > 0.0005 { "+" } else { "" };
    format!("{sign}{}", decimal_in(lang, 100.0 * x, 1))
}

/// «мало школ (3)», «мало процедур (4)», «мало мер (2)».
fn few(lang: Lang, unit: Unit, whole: u32) -> String {
    let few = match unit {
        Unit::Schools => msg_in!(lang, "cycle.few_schools"),
        Unit::Procedures => msg_in!(lang, "cycle.few_procedures"),
        Unit::Measures => msg_in!(lang, "cycle.few_measures"),
    };
    msg_in!(lang, "cycle.few", few = few, whole = whole)
}

fn group_view(gate: &Gate, lang: Lang, tally: Tally) -> GroupView {
    let again = match (tally.whole(), gate.tally(tally)) {
        (0, _) => "—".to_owned(),
        (_, None) => msg_in!(lang, "cycle.few_schools"),
        (_, Some(t)) => msg_in!(
            lang,
            "cycle.again",
            part = t.part(),
            share = pct(lang, t.share())
        ),
    };
    GroupView {
        schools: tally.whole(),
        again,
    }
}

fn effect_row(gate: &Gate, lang: Lang, row: &EffectRow, pooled: bool) -> EffectRowView {
    let both = gate.tally(row.done).zip(gate.tally(row.none));
    let (difference, interval) = match both.and_then(|(d, n)| compared(d, n)) {
        Some((d, i)) => (
            points(lang, d),
            msg_in!(
                lang,
                "cycle.interval",
                low = points(lang, i.low),
                high = points(lang, i.high)
            ),
        ),
        None => (String::new(), String::new()),
    };
    EffectRowView {
        years: match pooled {
            true => msg_in!(lang, "cycle.years_pooled", from = row.from, to = row.to),
            false => msg_in!(lang, "cycle.years_pair", from = row.from, to = row.to),
        },
        pooled,
        done: group_view(gate, lang, row.done),
        none: group_view(gate, lang, row.none),
        other: row.other.whole(),
        difference,
        interval,
    }
}

/// What the comparison lets one say, in a sentence.
fn verdict(gate: &Gate, lang: Lang, row: &EffectRow) -> String {
    let shown = gate.tally(row.done).zip(gate.tally(row.none));
    let Some((d, n, (diff, i))) = shown.and_then(|(d, n)| Some((d, n, compared(d, n)?))) else {
        return msg_in!(
            lang,
            "cycle.effect_too_few",
            min = gate.min_publish(),
            done = row.done.whole(),
            none = row.none.whole()
        );
    };
    let (done, none) = (pct(lang, d.share()), pct(lang, n.share()));
    let (difference, low, high) = (
        points(lang, diff),
        points(lang, i.low),
        points(lang, i.high),
    );
    match Reading::of(Some(i)) {
        Reading::Less => msg_in!(
            lang,
            "cycle.effect_less",
            done = done,
            none = none,
            difference = difference,
            low = low,
            high = high
        ),
        Reading::More => msg_in!(
            lang,
            "cycle.effect_more",
            done = done,
            none = none,
            difference = difference,
            low = low,
            high = high
        ),
        Reading::Unclear | Reading::TooFew => msg_in!(
            lang,
            "cycle.effect_unclear",
            done = done,
            none = none,
            low = low,
            high = high
        ),
    }
}

/// The comparison's table: each pair of years with flagged schools, and all of them pooled
/// when there are several; `None` when no flagged school was looked at again.
fn effect_table(f: &Facts, id: OrgId) -> Option<EffectTable> {
    let lang = f.project.lang();
    let rows: Vec<EffectRow> = f
        .ind
        .cycle
        .effect(id)
        .iter()
        .filter(|r| r.done.whole() + r.none.whole() + r.other.whole() > 0)
        .copied()
        .collect();
    let pooled = EffectRow::pooled(&rows)?;
    let mut views: Vec<EffectRowView> = rows
        .iter()
        .map(|r| effect_row(&f.gate, lang, r, false))
        .collect();
    if rows.len() > 1 {
        views.push(effect_row(&f.gate, lang, &pooled, true));
    }
    Some(EffectTable {
        rows: views,
        verdict: verdict(&f.gate, lang, &pooled),
    })
}

/// A value of the system's table: «87,5 % (28 из 32)», «мало школ (3)» or «—».
fn system_value(gate: &Gate, lang: Lang, unit: Unit, tally: Tally) -> String {
    match (tally.whole(), gate.tally(tally)) {
        (0, _) => "—".to_owned(),
        (whole, None) => few(lang, unit, whole),
        (_, Some(t)) => msg_in!(
            lang,
            "cycle.share_of",
            share = pct(lang, t.share()),
            part = t.part(),
            whole = t.whole()
        ),
    }
}

fn system_table(f: &Facts, id: OrgId) -> Option<SystemTable> {
    let lang = f.project.lang();
    let years = f.ind.cycle.system(id);
    if years.is_empty() {
        return None;
    }
    let rows = Indicator::ALL
        .iter()
        .map(|&k| {
            let shares: Vec<Option<f64>> = years
                .iter()
                .map(|y| f.gate.tally(y.get(k)).map(|t| t.share()))
                .collect();
            let change = match shares.as_slice() {
                [.., Some(a), Some(b)] => {
                    msg_in!(lang, "cycle.change", points = points(lang, b - a))
                }
                _ => "—".to_owned(),
            };
            SystemRowView {
                code: k.code(),
                label: k.label(lang),
                values: years
                    .iter()
                    .map(|y| system_value(&f.gate, lang, k.unit(), y.get(k)))
                    .collect(),
                change,
            }
        })
        .collect();
    Some(SystemTable {
        years: years.iter().map(|y| y.year).collect(),
        rows,
    })
}

/// A plan of the school and what its markers did before and after it.
#[derive(Serialize)]
struct PlanOutcomeView {
    plan: super::views::Link,
    outcome: super::outcome::PlanOutcome,
}

/// Everything of the cycle a school's report shows.
#[derive(Serialize)]
pub(super) struct SchoolCycle {
    year: Option<u16>,
    recommendations: Vec<RecommendationView>,
    own_catalogue: bool,
    /// Each of its dated plans of measures, with its markers before and after it.
    outcomes: Vec<PlanOutcomeView>,
}

/// The cycle's sections of a school's report: recommendations for its markers of the newest
/// year, and each plan's «Признаки до плана и после».
pub(super) fn school_cycle(f: &Facts, here: &Here, id: OrgId) -> SchoolCycle {
    let year = super::area::latest_year(f);
    let org = f.project.orgs.get(id);
    let outcomes = f
        .plans_by_org
        .get(&id)
        .into_iter()
        .flatten()
        .filter_map(|plan| {
            Some(PlanOutcomeView {
                plan: here.link(plan.title.clone(), &super::urls::plan(org, plan)),
                outcome: super::outcome::plan_outcome(f, here, plan)?,
            })
        })
        .collect();
    SchoolCycle {
        year,
        recommendations: year.map_or_else(Vec::new, |y| recommendations_for(f, here, id, y)),
        own_catalogue: f.project.recommendations.path.is_some(),
        outcomes,
    }
}

/// The cycle's sections of a region's or municipality's page.
pub(super) fn area_cycle(f: &Facts, here: &Here, id: OrgId) -> AreaCycle {
    let year = super::area::latest_year(f);
    AreaCycle {
        year,
        recommendations: year.map_or_else(Vec::new, |y| recommendations_for(f, here, id, y)),
        own_catalogue: f.project.recommendations.path.is_some(),
        effect: effect_table(f, id),
        system: system_table(f, id),
        min_publish: f.gate.min_publish(),
    }
}
