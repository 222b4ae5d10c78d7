//! The management cycle's open data: `effect.csv` (re-flagging of flagged schools with and
//! without a carried-out plan, per region and municipality and pair of years) and
//! `indicators.csv` (the system's indicators per region and municipality and year). A group
//! under `min_publish` keeps its size and loses its count, share and interval (the disclosure
//! gate's [`crate::indicators::disclosure::Gate::tally`]).

use super::{Facts, Output, Table};
use crate::format::fixed;
use crate::indicators::cycle::effect::{compared, EffectRow};
use crate::indicators::cycle::system::Indicator;
use crate::indicators::cycle::Tally;
use crate::load::table::schema;
use crate::model::{Kind, OrgId};

schema! {
    /// opendata/effect.csv: one organization and pair of years (or all of them pooled) a row.
    pub mod effect {
        ORG = Column::named("org"),
        KIND = Column::named("kind"),
        FROM_YEAR = Column::number("from_year"),
        TO_YEAR = Column::number("to_year"),
        DONE_SCHOOLS = Column::number("plan_done_schools"),
        DONE_AGAIN = Column::number("plan_done_flagged_again"),
        NONE_SCHOOLS = Column::number("no_plan_schools"),
        NONE_AGAIN = Column::number("no_plan_flagged_again"),
        OTHER_SCHOOLS = Column::number("plan_not_done_schools"),
        DIFFERENCE_PP = Column::number("difference_pp"),
        CI_LOW_PP = Column::number("ci95_low_pp"),
        CI_HIGH_PP = Column::number("ci95_high_pp"),
    }
}

schema! {
    /// opendata/indicators.csv: one indicator of one organization in one year a row.
    pub mod indicators {
        YEAR = Column::number("year"),
        ORG = Column::named("org"),
        KIND = Column::named("kind"),
        INDICATOR = Column::named("indicator"),
        PART = Column::number("part"),
        WHOLE = Column::number("whole"),
        SHARE_PCT = Column::number("share_pct"),
    }
}

/// The regions and municipalities `keep` accepts, in id order.
fn areas(f: &Facts, keep: &dyn Fn(OrgId) -> bool) -> Vec<OrgId> {
    let orgs = &f.project.orgs;
    let mut ids: Vec<OrgId> = orgs
        .ids()
        .filter(|&o| orgs.get(o).kind != Kind::School && keep(o))
        .collect();
    ids.sort_by(|a, b| orgs.get(*a).id.cmp(&orgs.get(*b).id));
    ids
}

/// A group's count where the gate publishes it.
fn count(f: &Facts, tally: Tally) -> String {
    f.gate
        .tally(tally)
        .map_or_else(String::new, |t| t.part().to_string())
}

/// effect.csv: every pair of years with flagged schools looked at again, and their pooled row.
pub(super) fn effect_table(f: &Facts, keep: &dyn Fn(OrgId) -> bool, out: &mut Output) -> usize {
    use effect::*;
    let mut t = Table::start(out, "effect.csv", HEADER);
    for org in areas(f, keep) {
        let o = f.project.orgs.get(org);
        let rows: Vec<EffectRow> = f
            .ind
            .cycle
            .effect(org)
            .iter()
            .filter(|r| r.done.whole() + r.none.whole() + r.other.whole() > 0)
            .copied()
            .collect();
        let pooled = (rows.len() > 1).then(|| EffectRow::pooled(&rows)).flatten();
        for r in rows.iter().chain(&pooled) {
            let both = f.gate.tally(r.done).zip(f.gate.tally(r.none));
            let diff = both.and_then(|(d, n)| compared(d, n));
            let pp = |x: f64| fixed(100.0 * x, 1);
            t.row()
                .set(ORG, &o.id)
                .set(KIND, o.kind.code())
                .set(FROM_YEAR, r.from)
                .set(TO_YEAR, r.to)
                .set(DONE_SCHOOLS, r.done.whole())
                .set(DONE_AGAIN, count(f, r.done))
                .set(NONE_SCHOOLS, r.none.whole())
                .set(NONE_AGAIN, count(f, r.none))
                .set(OTHER_SCHOOLS, r.other.whole())
                .set(DIFFERENCE_PP, diff.map_or_else(String::new, |(d, _)| pp(d)))
                .set(CI_LOW_PP, diff.map_or_else(String::new, |(_, i)| pp(i.low)))
                .set(
                    CI_HIGH_PP,
                    diff.map_or_else(String::new, |(_, i)| pp(i.high)),
                );
            t.write();
        }
    }
    t.finish(out)
}

/// indicators.csv: every indicator of every region and municipality, every year.
pub(super) fn indicators_table(f: &Facts, keep: &dyn Fn(OrgId) -> bool, out: &mut Output) -> usize {
    use indicators::*;
    let mut t = Table::start(out, "indicators.csv", HEADER);
    for org in areas(f, keep) {
        let o = f.project.orgs.get(org);
        for y in f.ind.cycle.system(org) {
            for k in Indicator::ALL {
                let tally = y.get(k);
                let shown = f.gate.tally(tally);
                t.row()
                    .set(YEAR, y.year)
                    .set(ORG, &o.id)
                    .set(KIND, o.kind.code())
                    .set(INDICATOR, k.code())
                    .set(PART, count(f, tally))
                    .set(WHOLE, tally.whole())
                    .set(
                        SHARE_PCT,
                        shown.map_or_else(String::new, |s| fixed(100.0 * s.share(), 1)),
                    );
                t.write();
            }
        }
    }
    t.finish(out)
}
