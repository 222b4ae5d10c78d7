//! The system's own indicators (seed 004 row 2: «определение региональных показателей по
//! контролю объективности в конкретных образовательных организациях; мониторингу
//! объективности…») per region and municipality and year, each a count out of a group
//! ([`Tally`]): its schools evaluated, its flagged schools with a published plan, its plans'
//! measures done by their due date, its procedures with video and with public observers, its
//! schools flagged two years running.

use super::{Seen, Tally};
use crate::model::plan::Status;
use crate::model::{Date, Kind, OrgId};
use std::collections::BTreeMap;

/// One indicator of the system: the one place that names them (a new one is a variant here,
/// its counting in [`by_org`] and its words in the catalogue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indicator {
    /// Schools evaluated by the federal method, of the organization's schools.
    Evaluated,
    /// Flagged schools with a plan following the year, of the flagged schools.
    FlaggedWithPlan,
    /// Measures due in the school year that ends with the year's results and by `as_of`, done
    /// (cancelled ones aside), of the plans of the organization and of those below it.
    MeasuresDone,
    /// Procedures held with video surveillance, of the procedures of observation.csv.
    Video,
    /// Procedures held with public observers.
    Observers,
    /// Schools flagged this year and the year before, of the evaluated schools.
    FlaggedTwice,
}

/// What an indicator counts: the group a share is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Schools,
    Procedures,
    Measures,
}

impl Indicator {
    pub const ALL: [Indicator; 6] = [
        Indicator::Evaluated,
        Indicator::FlaggedWithPlan,
        Indicator::MeasuresDone,
        Indicator::Video,
        Indicator::Observers,
        Indicator::FlaggedTwice,
    ];

    /// Its code in opendata/indicators.csv.
    pub fn code(self) -> &'static str {
        match self {
            Indicator::Evaluated => "evaluated",
            Indicator::FlaggedWithPlan => "flagged_with_plan",
            Indicator::MeasuresDone => "measures_done",
            Indicator::Video => "video",
            Indicator::Observers => "observers",
            Indicator::FlaggedTwice => "flagged_twice",
        }
    }

    /// Its name, as the table's row says it.
    pub fn label(self, lang: crate::i18n::Lang) -> String {
        let key = match self {
            Indicator::Evaluated => "cycle.indicator_evaluated",
            Indicator::FlaggedWithPlan => "cycle.indicator_flagged_with_plan",
            Indicator::MeasuresDone => "cycle.indicator_measures_done",
            Indicator::Video => "cycle.indicator_video",
            Indicator::Observers => "cycle.indicator_observers",
            Indicator::FlaggedTwice => "cycle.indicator_flagged_twice",
        };
        crate::i18n::tr_in(lang, key, &[])
    }

    /// What it counts, for the methodology page.
    pub fn meaning(self, lang: crate::i18n::Lang) -> String {
        let key = match self {
            Indicator::Evaluated => "cycle.meaning_evaluated",
            Indicator::FlaggedWithPlan => "cycle.meaning_flagged_with_plan",
            Indicator::MeasuresDone => "cycle.meaning_measures_done",
            Indicator::Video => "cycle.meaning_video",
            Indicator::Observers => "cycle.meaning_observers",
            Indicator::FlaggedTwice => "cycle.meaning_flagged_twice",
        };
        crate::i18n::tr_in(lang, key, &[])
    }

    pub fn unit(self) -> Unit {
        match self {
            Indicator::Evaluated | Indicator::FlaggedWithPlan | Indicator::FlaggedTwice => {
                Unit::Schools
            }
            Indicator::MeasuresDone => Unit::Measures,
            Indicator::Video | Indicator::Observers => Unit::Procedures,
        }
    }
}

/// An organization's indicators in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SystemYear {
    pub year: u16,
    values: [Tally; 6],
}

impl SystemYear {
    pub fn get(&self, indicator: Indicator) -> Tally {
        self.values[indicator as usize]
    }

    fn at(&mut self, indicator: Indicator) -> &mut Tally {
        &mut self.values[indicator as usize]
    }
}

/// The school year a due date falls in, by the year it ends: September 2022 to August 2023 is
/// 2023, the year of the results that school year's measures lead up to.
fn school_year_ending(d: Date) -> u16 {
    if d.month >= 9 {
        d.year + 1
    } else {
        d.year
    }
}

/// Every region's and municipality's indicators, every year with results.
pub(super) fn by_org(seen: &Seen) -> BTreeMap<OrgId, Vec<SystemYear>> {
    let project = seen.project;
    let orgs = &project.orgs;
    let mut table: BTreeMap<(OrgId, u16), SystemYear> = BTreeMap::new();
    for org in orgs.ids().filter(|&o| orgs.get(o).kind != Kind::School) {
        for &year in &seen.years {
            let empty = SystemYear {
                year,
                values: [Tally::default(); 6],
            };
            table.insert((org, year), empty);
        }
    }
    let mut add = |org: OrgId, year: u16, indicator: Indicator, has: bool| {
        for area in seen.areas(org) {
            if let Some(row) = table.get_mut(&(area, year)) {
                row.at(indicator).count(has);
            }
        }
    };
    for school in orgs.of_kind(Kind::School) {
        for &year in &seen.years {
            let evaluated = seen.evaluated(year, school);
            add(school, year, Indicator::Evaluated, evaluated);
            if seen.flagged(year, school) {
                let planned = seen.plans_following(school, year).next().is_some();
                add(school, year, Indicator::FlaggedWithPlan, planned);
            }
            if evaluated && seen.years.contains(&(year.wrapping_sub(1))) {
                let twice = seen.flagged(year - 1, school) && seen.flagged(year, school);
                add(school, year, Indicator::FlaggedTwice, twice);
            }
        }
    }
    for (&(year, _, school), o) in &project.observation {
        add(school, year, Indicator::Video, o.video);
        add(school, year, Indicator::Observers, o.observers);
    }
    if let Some(as_of) = project.config.as_of {
        for plan in &project.plans {
            let Some(org) = orgs.find(&plan.org) else {
                continue;
            };
            for m in plan.measures() {
                match m.due {
                    Some(due) if due <= as_of && m.status != Status::Cancelled => {
                        let done = m.status == Status::Done;
                        add(org, school_year_ending(due), Indicator::MeasuresDone, done);
                    }
                    _ => {}
                }
            }
        }
    }
    let mut out: BTreeMap<OrgId, Vec<SystemYear>> = BTreeMap::new();
    for ((org, _), row) in table {
        out.entry(org).or_default().push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_due_date_counts_in_the_school_year_it_falls_in() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(school_year_ending(d("2022-09-01")), 2023);
        assert_eq!(school_year_ending(d("2023-05-31")), 2023);
        assert_eq!(school_year_ending(d("2023-08-31")), 2023);
    }

    #[test]
    fn the_registry_is_in_the_order_of_the_indicators() {
        for (i, k) in Indicator::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
        }
    }
}
