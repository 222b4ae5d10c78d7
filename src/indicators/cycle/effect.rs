//! «Эффективность мер»: of the schools flagged in year Y and evaluated in Y + 1, the share
//! flagged again in Y + 1, for those with a plan following Y whose measures answering their
//! markers are all done, against those without such a plan.
//!
//! Why a comparison and not the share alone: a school flagged one year is often not flagged the
//! next whatever it does (regression to the mean: a chance high does not repeat), so «lost its
//! marker after the plan» is evidence only against flagged schools that had no plan. Schools with
//! a plan whose answering measures are not all done (or that answers none of their markers) are
//! counted apart and compared with neither.

use super::interval::{difference, Interval, Z95};
use super::{Seen, Tally};
use crate::indicators::disclosure::Shown;
use crate::model::plan::Status;
use crate::model::{Kind, Marker, OrgId, Plan};
use std::collections::BTreeMap;

/// Where a flagged school stands with its plans for the next school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// A plan follows the year, and every measure of it that answers the school's markers
    /// (cancelled ones aside) is done; there is at least one.
    Done,
    /// A plan follows the year, but it answers none of the markers or not all its answering
    /// measures are done.
    Other,
    /// No plan follows the year.
    None,
}

/// The group of a school flagged with `markers` in `year`, by the plans that follow the year.
pub fn group<'p>(plans: impl IntoIterator<Item = &'p Plan>, markers: &[Marker]) -> Group {
    let mut plans = plans.into_iter().peekable();
    if plans.peek().is_none() {
        return Group::None;
    }
    let answering = plans
        .flat_map(Plan::measures)
        .filter(|m| m.status != Status::Cancelled && m.answers.iter().any(|a| markers.contains(a)));
    let (mut any, mut all_done) = (false, true);
    for m in answering {
        any = true;
        all_done &= m.status == Status::Done;
    }
    match any && all_done {
        true => Group::Done,
        false => Group::Other,
    }
}

/// The comparison of one organization over a pair of years, or several pooled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffectRow {
    pub org: OrgId,
    /// Schools flagged in `from` … `to − 1`, each looked at again the next year: one pair of
    /// years when `to = from + 1`.
    pub from: u16,
    pub to: u16,
    /// Flagged schools whose plan's answering measures are done, and those flagged again.
    pub done: Tally,
    /// Flagged schools without a plan, and those flagged again.
    pub none: Tally,
    /// Flagged schools with a plan not (or not yet) carried out, and those flagged again.
    pub other: Tally,
}

impl EffectRow {
    fn new(org: OrgId, from: u16) -> EffectRow {
        EffectRow {
            org,
            from,
            to: from + 1,
            done: Tally::default(),
            none: Tally::default(),
            other: Tally::default(),
        }
    }

    /// The rows of several pairs of years (or of several organizations' same pair) as one; a
    /// school flagged in two years counts in each.
    pub fn pooled(rows: &[EffectRow]) -> Option<EffectRow> {
        let (first, rest) = rows.split_first()?;
        let mut all = *first;
        for r in rest {
            all.from = all.from.min(r.from);
            all.to = all.to.max(r.to);
            all.done += r.done;
            all.none += r.none;
            all.other += r.other;
        }
        Some(all)
    }
}

/// The difference of the re-flagged shares, done minus none, with its 95 % interval
/// ([`super::interval::difference`]): from figures that passed the disclosure gate only.
pub fn compared(done: Shown<Tally>, none: Shown<Tally>) -> Option<(f64, Interval)> {
    difference(done.part(), done.whole(), none.part(), none.whole(), Z95)
}

/// What a comparison lets one say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A group is too small to publish: no interval, no conclusion.
    TooFew,
    /// The interval lies below zero: schools that did the measures were flagged again less often.
    Less,
    /// The interval lies above zero: they were flagged again more often.
    More,
    /// The interval holds zero: no difference chance cannot explain.
    Unclear,
}

impl Reading {
    pub fn of(interval: Option<Interval>) -> Reading {
        match interval {
            None => Reading::TooFew,
            Some(i) if i.high < 0.0 => Reading::Less,
            Some(i) if i.low > 0.0 => Reading::More,
            Some(_) => Reading::Unclear,
        }
    }
}

/// Every region's and municipality's rows, one per pair of consecutive years.
pub(super) fn by_org(seen: &Seen) -> BTreeMap<OrgId, Vec<EffectRow>> {
    let orgs = &seen.project.orgs;
    let mut rows: BTreeMap<(OrgId, u16), EffectRow> = BTreeMap::new();
    for org in orgs.ids().filter(|&o| orgs.get(o).kind != Kind::School) {
        for pair in seen.years.windows(2).filter(|w| w[1] == w[0] + 1) {
            rows.insert((org, pair[0]), EffectRow::new(org, pair[0]));
        }
    }
    for school in orgs.of_kind(Kind::School) {
        for pair in seen.years.windows(2).filter(|w| w[1] == w[0] + 1) {
            let (year, next) = (pair[0], pair[1]);
            if !seen.flagged(year, school) || !seen.evaluated(next, school) {
                continue;
            }
            let markers = seen.counted_markers(year, school);
            let group = group(seen.plans_following(school, year), &markers);
            let again = seen.flagged(next, school);
            for area in seen.areas(school) {
                if let Some(row) = rows.get_mut(&(area, year)) {
                    match group {
                        Group::Done => row.done.count(again),
                        Group::Other => row.other.count(again),
                        Group::None => row.none.count(again),
                    }
                }
            }
        }
    }
    let mut out: BTreeMap<OrgId, Vec<EffectRow>> = BTreeMap::new();
    for ((org, _), row) in rows {
        out.entry(org).or_default().push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(measures: &str) -> Plan {
        serde_yaml::from_str(&format!(
            "org: s\ntitle: П\nperiod: 2022-2023\ndirections:\n  - title: Н\n    measures:\n{measures}"
        ))
        .unwrap()
    }

    #[test]
    fn a_flagged_school_is_grouped_by_its_answering_measures() {
        let flagged = [Marker::InflatedMean];
        let done = plan("      - {text: a, status: done, answers: [inflated_mean]}\n      - {text: b, status: cancelled, answers: [inflated_mean]}\n      - {text: c, status: planned}\n");
        assert_eq!(group([&done], &flagged), Group::Done);
        let open = plan("      - {text: a, status: done, answers: [inflated_mean]}\n      - {text: b, status: in_progress, answers: [inflated_mean, mark_mismatch]}\n");
        assert_eq!(group([&open], &flagged), Group::Other);
        let elsewhere = plan("      - {text: a, status: done, answers: [mark_mismatch]}\n");
        assert_eq!(
            group([&elsewhere], &flagged),
            Group::Other,
            "answers none of its markers"
        );
        assert_eq!(group([], &flagged), Group::None);
        // Two plans of one school year: every answering measure of both counts.
        assert_eq!(group([&done, &open], &flagged), Group::Other);
    }

    #[test]
    fn pooled_rows_add_their_groups_and_span_their_years() {
        let row = |from, done: (u32, u32), none: (u32, u32)| EffectRow {
            org: OrgId(0),
            from,
            to: from + 1,
            done: Tally {
                part: done.0,
                whole: done.1,
            },
            none: Tally {
                part: none.0,
                whole: none.1,
            },
            other: Tally::default(),
        };
        let all =
            EffectRow::pooled(&[row(2021, (1, 4), (5, 9)), row(2022, (2, 8), (6, 7))]).unwrap();
        assert_eq!((all.from, all.to), (2021, 2023));
        assert_eq!((all.done.part, all.done.whole), (3, 12));
        assert_eq!((all.none.part, all.none.whole), (11, 16));
        assert_eq!(EffectRow::pooled(&[]), None);
    }

    #[test]
    fn an_interval_below_zero_reads_as_less_and_one_across_it_as_unclear() {
        let i = |low, high| Some(Interval { low, high });
        assert_eq!(Reading::of(i(-0.5, -0.1)), Reading::Less);
        assert_eq!(Reading::of(i(0.1, 0.5)), Reading::More);
        assert_eq!(Reading::of(i(-0.3, 0.2)), Reading::Unclear);
        assert_eq!(Reading::of(None), Reading::TooFew);
    }
}
