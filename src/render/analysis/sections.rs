//! The six sections of «Анализ ВПР», each a conclusion line with its notes and tables, built
//! the same way for a school's cell and for an area's pooled one: every figure is read through
//! the disclosure gate ([`Figures`]), and a section whose figures it holds back says so.

use super::super::facts::Facts;
use super::super::tasks::TaskRow;
use super::rules::{anomalies, deficits, peaks, sample, two_dynamics, wide_gaps, Sample, Zone};
use super::{code_text, defs, signed, Figures, Section, Table, TaskExtra, Val};
use crate::format::decimal_in;
use crate::i18n::{msg_in, tr_in};
use crate::indicators::disclosure::MarkGroups;
use crate::model::task::{CodeKind, Task};
use crate::model::{CellKey, SchoolCell};

/// Section 1: the «2» share over the years shown (this year's marks 2–5 are in the figures
/// table above) and its dynamics.
pub(super) fn marks(f: &Facts, at: &SchoolCell) -> Section {
    let lang = f.project.lang();
    let a = &f.project.config.methodology.analysis;
    let mut s = Section::default();
    let mut series = Vec::new();
    for year in at.key.year.saturating_sub(a.two_years - 1)..=at.key.year {
        let cell = SchoolCell {
            key: CellKey { year, ..at.key },
            org: at.org,
        };
        let Some(marks) = Figures::of(f, &cell).and_then(|c| c.marks()) else {
            continue;
        };
        let n: u32 = marks.iter().sum();
        if n > 0 {
            series.push((year, 100.0 * f64::from(marks[0]) / f64::from(n)));
        }
    }
    if series.len() > 1 {
        let years: Vec<String> = series
            .iter()
            .map(|(y, v)| format!("{y}: {} %", decimal_in(lang, *v, 1)))
            .collect();
        s.notes.push(msg_in!(
            lang,
            "analysis.two_by_year",
            years = years.join("; ")
        ));
    }
    s.conclusion = match two_dynamics(&series, a.two_rise) {
        None => msg_in!(lang, "analysis.marks_one_year"),
        Some((change, negative)) => {
            s.negative = negative;
            let (first, last) = (series[0], series[series.len() - 1]);
            let args = (
                decimal_in(lang, first.1, 1),
                decimal_in(lang, last.1, 1),
                signed(lang, change).text,
            );
            let key = match negative {
                true => "analysis.marks_negative",
                false => "analysis.marks_dynamics",
            };
            let rise = decimal_in(lang, a.two_rise, 0);
            tr_in(
                lang,
                key,
                &[
                    ("from", &first.0),
                    ("a", &args.0),
                    ("b", &args.1),
                    ("change", &args.2),
                    ("rise", &rise),
                ],
            )
        }
    };
    s
}

/// Section 2: ВПР marks against the journal's, the wide discrepancies apart.
pub(super) fn journal(f: &Facts, at: &SchoolCell) -> Section {
    let lang = f.project.lang();
    let d = f.project.config.methodology.analysis.discrepancy;
    let mut s = Section::default();
    let Some(gaps) = Figures::of(f, at).and_then(|c| c.gaps()) else {
        s.conclusion = msg_in!(lang, "analysis.journal_none");
        return s;
    };
    let n: u32 = gaps.iter().sum();
    let (below, above) = wide_gaps(gaps, d);
    if below + above == 0 {
        s.conclusion = msg_in!(lang, "analysis.journal_none_wide", d = d);
        return s;
    }
    s.negative = true;
    s.conclusion = msg_in!(
        lang,
        "analysis.journal_wide",
        n = below + above,
        of = n,
        d = d,
        below = below,
        above = above
    );
    s
}

/// Section 3: the histogram's boundary peaks and the sample's size.
pub(super) fn histogram(f: &Facts, at: &SchoolCell) -> Section {
    let lang = f.project.lang();
    let a = &f.project.config.methodology.analysis;
    let mut s = Section::default();
    let Some(cell) = Figures::of(f, at) else {
        return s;
    };
    let n = cell.participants();
    let size = match sample(n, a) {
        Sample::Informative => msg_in!(lang, "analysis.sample_informative", n = n),
        Sample::Approximate => msg_in!(lang, "analysis.sample_approximate", n = n),
        Sample::Limited => msg_in!(lang, "analysis.sample_limited", n = n),
    };
    let found = match (cell.histogram(), f.project.scales.get(&at.key)) {
        (Some(hist), Some(scale)) => peaks(
            &hist,
            [(3, scale.mark3), (4, scale.mark4), (5, scale.mark5)],
            a.peak_ratio,
        ),
        _ => Vec::new(),
    };
    s.notes = found
        .iter()
        .map(|p| {
            msg_in!(
                lang,
                "analysis.peak",
                mark = p.mark,
                score = p.score,
                at = p.at,
                below = p.below
            )
        })
        .collect();
    s.negative = !found.is_empty();
    s.conclusion = match found.is_empty() {
        true => msg_in!(lang, "analysis.no_peaks", sample = size),
        false => msg_in!(lang, "analysis.peaks", sample = size),
    };
    s
}

/// The skills (codes) in systemic deficit of a cell whose task rows have these zones.
pub(super) fn deficit_skills<'p>(
    defs: &'p [Task],
    rows: &[TaskRow],
    zones: impl Iterator<Item = Option<Zone>>,
) -> Vec<&'p str> {
    let tasks: Vec<(&[String], Option<Zone>)> = rows
        .iter()
        .zip(zones)
        .filter_map(|(r, z)| Some((defs.get(r.index)?.skills.as_slice(), z)))
        .collect();
    deficits(&tasks)
}

/// Section 4: tasks by level in three zones, and the systemic deficits of skills.
pub(super) fn levels(
    f: &Facts,
    at: &SchoolCell,
    rows: &[TaskRow],
    extras: &[TaskExtra],
) -> Section {
    let lang = f.project.lang();
    let mut s = Section::default();
    let count = |z| extras.iter().filter(|e| e.zone == Some(z)).count();
    if extras.iter().all(|e| e.zone.is_none()) {
        s.conclusion = msg_in!(lang, "analysis.levels_none");
        return s;
    }
    let defs = defs(f, &at.key);
    for code in deficit_skills(defs, rows, extras.iter().map(|e| e.zone)) {
        let labels: Vec<&str> = rows
            .iter()
            .zip(extras)
            .filter(|(r, e)| {
                e.zone == Some(Zone::Insufficient)
                    && defs
                        .get(r.index)
                        .is_some_and(|d| d.skills.iter().any(|c| c == code))
            })
            .map(|(r, _)| r.label.as_str())
            .collect();
        s.notes.push(msg_in!(
            lang,
            "analysis.deficit",
            skill = code_text(f, &at.key, CodeKind::Skill, code),
            tasks = labels.join(", ")
        ));
    }
    s.negative = !s.notes.is_empty();
    s.conclusion = msg_in!(
        lang,
        "analysis.levels",
        sufficient = count(Zone::Sufficient),
        uncertain = count(Zone::Uncertain),
        insufficient = count(Zone::Insufficient),
        deficits = s.notes.len()
    );
    s
}

/// The catalogue's texts of `keys`, a table's head.
pub(super) fn head(f: &Facts, keys: &[&str]) -> Vec<String> {
    let lang = f.project.lang();
    keys.iter().map(|k| tr_in(lang, k, &[])).collect()
}

/// Section 5: each planned result's (skill's) share of points over its tasks, and whether it is
/// achieved (no task insufficient or uncertain), partly, or not (most tasks insufficient).
pub(super) fn positions(
    f: &Facts,
    at: &SchoolCell,
    rows: &[TaskRow],
    extras: &[TaskExtra],
) -> Section {
    let lang = f.project.lang();
    let defs = defs(f, &at.key);
    let mut table = Table {
        head: head(
            f,
            &[
                "analysis.col_code",
                "analysis.col_position",
                "ui.col_task",
                "ui.col_school_pct",
                "analysis.col_status",
            ],
        ),
        ..Table::default()
    };
    // The own share's column is the cell's: the school's, the municipality's or the region's.
    table.head[3] = super::heads(f, at)[0].clone();
    let mut positions: std::collections::BTreeMap<(CodeKind, &str), Vec<usize>> =
        Default::default();
    // The planned results are the codifier's skills (требования); content elements are in the
    // open data's codes, not repeated here.
    for (i, r) in rows.iter().enumerate() {
        if let Some(d) = defs.get(r.index) {
            for c in &d.skills {
                positions.entry((CodeKind::Skill, c)).or_default().push(i);
            }
        }
    }
    let (mut achieved, mut missed) = (0, 0);
    for ((kind, code), tasks) in &positions {
        let (mut earned, mut max) = (0.0, 0.0);
        for &i in tasks {
            if let Some(share) = rows[i].school {
                earned += share * f64::from(rows[i].max);
                max += f64::from(rows[i].max);
            }
        }
        let bad = tasks
            .iter()
            .filter(|&&i| extras[i].zone == Some(Zone::Insufficient))
            .count();
        let good = tasks
            .iter()
            .all(|&i| extras[i].zone == Some(Zone::Sufficient));
        let status = match (good, 2 * bad > tasks.len()) {
            (true, _) => {
                achieved += 1;
                "analysis.achieved"
            }
            (_, true) => {
                missed += 1;
                "analysis.not_achieved"
            }
            _ => "analysis.partly_achieved",
        };
        table.rows.push(vec![
            Val::text(code.to_string()),
            Val::text(code_text(f, &at.key, *kind, code)),
            Val::text(
                tasks
                    .iter()
                    .map(|&i| rows[i].label.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Val::pct(lang, (max > 0.0).then(|| earned / max)),
            Val::text(tr_in(lang, status, &[])),
        ]);
    }
    let mut s = Section {
        negative: missed > 0,
        ..Section::default()
    };
    s.conclusion = match positions.is_empty() {
        true => msg_in!(lang, "analysis.positions_none"),
        false => msg_in!(
            lang,
            "analysis.positions",
            n = positions.len(),
            achieved = achieved,
            missed = missed
        ),
    };
    if !table.rows.is_empty() {
        s.tables.push(table);
    }
    s
}

/// A task's shares among the pupils with ВПР mark 2, 3, 4, 5 (`None` where a group is hidden).
pub(super) fn group_shares(groups: &MarkGroups, r: &TaskRow) -> [Option<f64>; 4] {
    std::array::from_fn(|g| groups.share(r.index, g as u8 + 2, r.max))
}

/// The marks whose groups are shown.
pub(super) fn shown_marks(groups: &MarkGroups) -> Vec<u8> {
    (2..=5).filter(|&m| groups.size(m).is_some()).collect()
}

/// Section 6: tasks by groups of pupils by ВПР mark, anomalies named.
pub(super) fn groups(f: &Facts, at: &SchoolCell, rows: &[TaskRow]) -> Section {
    let lang = f.project.lang();
    let least = f
        .project
        .config
        .methodology
        .analysis
        .mark_group
        .max(f.gate.min_publish());
    let none = || Section {
        conclusion: msg_in!(lang, "analysis.groups_none", n = least),
        ..Section::default()
    };
    let Some(groups) = Figures::of(f, at).and_then(|c| c.mark_groups()) else {
        return none();
    };
    let shown = shown_marks(&groups);
    if shown.len() < 2 {
        return none();
    }
    let mut s = Section::default();
    let mut table = Table {
        head: std::iter::once(msg_in!(lang, "ui.col_task"))
            .chain(shown.iter().map(|&m| {
                msg_in!(
                    lang,
                    "analysis.col_group",
                    mark = m,
                    n = groups.size(m).unwrap_or(0)
                )
            }))
            .collect(),
        ..Table::default()
    };
    for r in rows {
        let shares = group_shares(&groups, r);
        for (lo, hi) in anomalies(shares) {
            s.notes.push(msg_in!(
                lang,
                "analysis.anomaly",
                task = r.label.as_str(),
                hi = hi,
                hi_pct = Val::pct(lang, shares[usize::from(hi - 2)]).text,
                lo = lo,
                lo_pct = Val::pct(lang, shares[usize::from(lo - 2)]).text
            ));
        }
        table.rows.push(
            std::iter::once(Val::text(r.label.clone()))
                .chain(
                    shown
                        .iter()
                        .map(|&m| Val::pct(lang, shares[usize::from(m - 2)])),
                )
                .collect(),
        );
    }
    // Group shares are counted within data/tasks.csv's maxima: none where it gives none.
    if table
        .rows
        .iter()
        .all(|r| r[1..].iter().all(|v| v.number.is_none()))
    {
        return Section {
            conclusion: msg_in!(lang, "analysis.groups_no_max"),
            ..Section::default()
        };
    }
    s.negative = !s.notes.is_empty();
    s.conclusion = match s.notes.len() {
        0 => msg_in!(lang, "analysis.no_anomalies"),
        n => msg_in!(lang, "analysis.anomalies", n = n),
    };
    s.tables.push(table);
    s
}
