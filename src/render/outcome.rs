//! «Признаки до плана и после»: an organization's markers in the year whose results a plan
//! answers and in each year of and after it, marking those the plan's measures answer; for a
//! region or municipality, its flagged and evaluated schools and its index. On the plan page now;
//! the school report can call [`plan_outcome`] and the `outcome` macro of cycle.html alike. It
//! shows what happened, not why: the comparison with schools without a plan is the region's and
//! municipalities' «Эффективность мер».

use super::facts::Facts;
use super::views::{marker_link, Here, Link};
use crate::format::decimal_in;
use crate::i18n::msg_in;
use crate::model::{Kind, Marker, Plan};
use serde::Serialize;

/// A marker of a year, and whether the plan's measures answer it.
#[derive(Serialize)]
pub struct OutcomeMarker {
    pub link: Link,
    pub answered: bool,
}

/// One year of the outcome.
#[derive(Serialize)]
pub struct OutcomeYear {
    pub year: u16,
    /// «до плана», «год плана» or «после плана».
    pub when: String,
    /// A school: evaluated by the federal method that year.
    pub evaluated: bool,
    /// A school: its federal markers and its other signs.
    pub federal: Vec<OutcomeMarker>,
    pub supplementary: Vec<OutcomeMarker>,
    /// A region or municipality: «3 из 12» flagged of evaluated schools, and the index.
    pub flagged: String,
    pub index: String,
}

/// What a plan's organization showed before the plan and after it.
#[derive(Serialize)]
pub struct PlanOutcome {
    pub school: bool,
    /// The year of the results the plan answers.
    pub before: u16,
    pub years: Vec<OutcomeYear>,
}

/// The outcome of a plan of measures that says its school year; `None` for a three-level
/// system plan, an undated plan, or one with no results from its year on.
pub fn plan_outcome(f: &Facts, here: &Here, plan: &Plan) -> Option<PlanOutcome> {
    let before = plan.school_year().filter(|_| !plan.levels)?;
    let project = f.project;
    let lang = project.lang();
    let org = f.plan_org(plan);
    let school = project.orgs.get(org).kind == Kind::School;
    let answered = |m: Marker| plan.measures().any(|x| x.answers.contains(&m));
    let years: Vec<OutcomeYear> = f
        .ind
        .cycle
        .years()
        .iter()
        .copied()
        .filter(|&y| y >= before)
        .map(|year| {
            let when = match year - before {
                0 => msg_in!(lang, "cycle.outcome_before"),
                1 => msg_in!(lang, "cycle.outcome_during"),
                _ => msg_in!(lang, "cycle.outcome_after"),
            };
            let mut row = OutcomeYear {
                year,
                when,
                evaluated: f.ind.evaluated.contains(&(year, org)),
                federal: Vec::new(),
                supplementary: Vec::new(),
                flagged: String::new(),
                index: String::new(),
            };
            if school {
                for m in crate::indicators::cycle::markers_under(project, f.ind, org, year) {
                    let shown = OutcomeMarker {
                        link: marker_link(here, m, lang),
                        answered: answered(m),
                    };
                    match m.is_federal() {
                        true => row.federal.push(shown),
                        false => row.supplementary.push(shown),
                    }
                }
            } else if let Ok(at) = f
                .ind
                .indices
                .binary_search_by_key(&(org, year), |r| (r.org, r.year))
            {
                let i = &f.ind.indices[at];
                row.flagged = msg_in!(lang, "cycle.of", part = i.flagged, whole = i.evaluated);
                row.index = i
                    .index
                    .map_or_else(|| "—".to_owned(), |v| decimal_in(lang, v, 1));
            }
            row
        })
        .collect();
    (!years.is_empty()).then_some(PlanOutcome {
        school,
        before,
        years,
    })
}
