//! How many of a municipality's or region's schools share a finding of «Анализ ВПР»: each
//! skill in systemic deficit and each task with an anomaly between groups by mark, beside the
//! analysis pooled over them.
//!
//! Only schools whose figures behind the finding are published count, in the group and in the
//! count: a school's deficits need its task shares (its page shows them), its anomalies its
//! groups by mark shown for two marks at least. A school whose figures are hidden is in
//! neither, so no count gives back what its page keeps back; each count is of findings the
//! schools' own pages state. A share is shown when the gate lets a tally of that many schools
//! through ([`crate::indicators::disclosure::Gate::tally`]): a group of at least `min_publish`.

use super::super::facts::Facts;
use super::rules::{anomalies, count_members};
use super::sections::{deficit_skills, group_shares, head, shown_marks};
use super::{code_text, defs, row_zone, Section, Table, Val};
use crate::i18n::tr_in;
use crate::indicators::cycle::Tally;
use crate::model::task::CodeKind;
use crate::model::SchoolCell;
use std::collections::BTreeMap;

/// What the published schools of an area found in one work, a list per school: the skills in
/// systemic deficit (of each school whose task shares are published and have zones) and the
/// tasks with an anomaly (of each school whose groups by mark are compared).
#[derive(Debug, Default, PartialEq)]
pub(super) struct Findings<'p> {
    pub deficits: Vec<Vec<&'p str>>,
    pub anomalies: Vec<Vec<String>>,
}

/// The findings of the schools below `at`'s area in `at`'s work.
pub(super) fn findings<'p>(f: &Facts<'p>, at: &SchoolCell) -> Findings<'p> {
    let defs = defs(f, &at.key);
    let mut out = Findings::default();
    for school in f.project.orgs.schools_under(at.org) {
        let sc = SchoolCell {
            key: at.key,
            org: school,
        };
        // A school whose task shares are hidden has no rows: it is in no group.
        let rows = f.task_rows(&sc);
        let zones: Vec<_> = rows.iter().map(|r| row_zone(f, r)).collect();
        if zones.iter().any(Option::is_some) {
            out.deficits
                .push(deficit_skills(defs, &rows, zones.into_iter()));
        }
        let Some(groups) = f.gate.cell(&sc).and_then(|c| c.mark_groups()) else {
            continue;
        };
        let shares: Vec<_> = rows.iter().map(|r| group_shares(&groups, r)).collect();
        if shown_marks(&groups).len() >= 2 && shares.iter().flatten().any(Option::is_some) {
            out.anomalies.push(
                rows.iter()
                    .zip(&shares)
                    .filter(|(_, s)| !anomalies(**s).is_empty())
                    .map(|(r, _)| r.label.clone())
                    .collect(),
            );
        }
    }
    out
}

/// The texts of one kind of finding: its table's caption and head, and the lines said when
/// no school has it or the schools are too few.
struct Texts {
    caption: &'static str,
    head: &'static [&'static str],
    none: &'static str,
}

/// Adds to an area's sections 4 and 6 how many of its schools have each deficit and anomaly.
pub(super) fn count(f: &Facts, at: &SchoolCell, levels: &mut Section, groups: &mut Section) {
    let found = findings(f, at);
    let (deficits, of) = count_members(found.deficits.iter().map(|d| d.iter().copied()));
    let skill = |code: &str| {
        vec![
            Val::text(code),
            Val::text(code_text(f, &at.key, CodeKind::Skill, code)),
        ]
    };
    let texts = Texts {
        caption: "analysis.schools_deficit_caption",
        head: &[
            "analysis.col_code",
            "analysis.col_position",
            "analysis.col_schools",
            "analysis.col_schools_pct",
        ],
        none: "analysis.schools_no_deficit",
    };
    add(f, levels, &deficits, of, &texts, &skill);
    let (anomalous, of) =
        count_members(found.anomalies.iter().map(|a| a.iter().map(String::as_str)));
    let texts = Texts {
        caption: "analysis.schools_anomaly_caption",
        head: &[
            "ui.col_task",
            "analysis.col_schools",
            "analysis.col_schools_pct",
        ],
        none: "analysis.schools_no_anomaly",
    };
    add(f, groups, &anomalous, of, &texts, &|task| {
        vec![Val::text(task)]
    });
}

/// Adds to `s` the share of the `of` schools with each finding counted in `counts` (the most
/// frequent first), or the line saying none has one, or that they are too few to count.
fn add(
    f: &Facts,
    s: &mut Section,
    counts: &BTreeMap<&str, u32>,
    of: u32,
    texts: &Texts,
    name: &dyn Fn(&str) -> Vec<Val>,
) {
    let lang = f.project.lang();
    let min = f.gate.min_publish();
    let line = |key| tr_in(lang, key, &[("n", &of), ("min", &min)]);
    // No school with published figures: the section's own conclusion says why.
    if of == 0 {
        return;
    }
    if f.gate.tally(Tally::of(0, of)).is_none() {
        s.notes.push(line("analysis.schools_few"));
        return;
    }
    if counts.is_empty() {
        s.notes.push(line(texts.none));
        return;
    }
    let mut rows: Vec<(u32, Vec<u64>, Vec<Val>)> = counts
        .iter()
        .filter_map(|(&k, &n)| {
            let shown = f.gate.tally(Tally::of(n, of))?;
            let mut row = name(k);
            row.push(Val::count(shown.part()));
            row.push(Val::number(lang, Some(100.0 * shown.share()), 0));
            Some((n, natural(k), row))
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    s.tables.push(Table {
        caption: line(texts.caption),
        head: head(f, texts.head),
        rows: rows.into_iter().map(|(_, _, r)| r).collect(),
    });
}

/// The numbers in a code or a task's label, in order: «1.10» after «1.2», «10» after «9».
fn natural(label: &str) -> Vec<u64> {
    label
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|d| d.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::natural;

    #[test]
    fn labels_sort_by_their_numbers() {
        let mut labels = ["10", "1.10", "2", "1.2", "17К1", "6(1)"];
        labels.sort_by_key(|l| natural(l));
        assert_eq!(labels, ["1.2", "1.10", "2", "6(1)", "10", "17К1"]);
    }
}
