//! «Анализ ВПР»: a school's yearly analysis of one work, in the order of ФИОКО's «Рекомендации
//! по проведению анализа результатов ВПР» (2026), on the work's page: marks and the dynamics of
//! the «2» share; ВПР marks against the journal's with the discrepancies of two marks or more;
//! the score histogram with peaks at the mark boundaries and the sample's size judged; tasks by
//! level in three zones with systemic deficits of skills; planned results by codifier position;
//! tasks by groups of pupils by ВПР mark with the anomalies named. One conclusion line per
//! section. Every threshold is `methodology.analysis` (or `mastery`) in config.yaml.
//!
//! The rules are pure functions of counts, tested by hand; [`build`] reads every figure through
//! the disclosure gate (a section whose figures it holds back says so, or is left out).

use super::facts::Facts;
use super::tasks::TaskRow;
use crate::format::decimal_in;
use crate::i18n::{msg_in, Lang};
use crate::model::config::{Analysis, Mastery};
use crate::model::task::{CodeKind, Level, Task};
use crate::model::{CellKey, SchoolCell};
use serde::Serialize;

/// Where a task's share falls: sufficient, the zone of uncertainty, insufficient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    Sufficient,
    Uncertain,
    Insufficient,
}

/// The zone of a share of a task of `level`: sufficient from `sufficient`, insufficient below
/// `insufficient`, uncertain between.
pub fn zone(level: Level, share: f64, sufficient: &Mastery, insufficient: &Mastery) -> Zone {
    if share >= sufficient.threshold(level) {
        Zone::Sufficient
    } else if share < insufficient.threshold(level) {
        Zone::Insufficient
    } else {
        Zone::Uncertain
    }
}

impl Zone {
    fn label(self, lang: Lang) -> String {
        let key = match self {
            Zone::Sufficient => "analysis.zone_sufficient",
            Zone::Uncertain => "analysis.zone_uncertain",
            Zone::Insufficient => "analysis.zone_insufficient",
        };
        crate::i18n::tr_in(lang, key, &[])
    }
}

/// The change of the «2» share in points from the first year shown to the last, and whether it
/// is the negative dynamics (a rise of at least `rise` points). `None` for fewer than two years.
pub fn two_dynamics(series: &[(u16, f64)], rise: f64) -> Option<(f64, bool)> {
    let (first, last) = (series.first()?, series.last()?);
    if series.len() < 2 {
        return None;
    }
    let change = last.1 - first.1;
    // Shares are percents with float noise: 10.0000001 is the 10 points the rule means.
    Some((change, change >= rise - 1e-9))
}

/// Pupils whose ВПР mark is at least `d` below and at least `d` above their journal mark, from
/// pupils by test mark − journal mark ([`crate::model::cell::Detail::gaps`]).
pub fn wide_gaps(gaps: [u32; 7], d: u8) -> (u32, u32) {
    let d = usize::from(d.clamp(1, 3));
    (gaps[..=3 - d].iter().sum(), gaps[3 + d..].iter().sum())
}

/// How far a sample's conclusions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    Informative,
    Approximate,
    Limited,
}

pub fn sample(n: u32, a: &Analysis) -> Sample {
    match n {
        n if n >= a.sample_informative => Sample::Informative,
        n if n >= a.sample_minimum => Sample::Approximate,
        _ => Sample::Limited,
    }
}

/// A pronounced peak at a mark boundary: the boundary score holds at least `ratio` times the
/// pupils one point below (at least one) and at least 3 pupils.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peak {
    pub mark: u8,
    pub score: u16,
    pub at: u32,
    pub below: u32,
}

pub fn peaks(hist: &[u32], boundaries: [(u8, u16); 3], ratio: f64) -> Vec<Peak> {
    boundaries
        .iter()
        .filter(|(_, b)| *b > 0)
        .filter_map(|&(mark, b)| {
            let at = *hist.get(usize::from(b))?;
            let below = hist.get(usize::from(b) - 1).copied().unwrap_or(0);
            (at >= 3 && f64::from(at) >= ratio * f64::from(below.max(1))).then_some(Peak {
                mark,
                score: b,
                at,
                below,
            })
        })
        .collect()
}

/// The skills (codes) most of whose tasks, two at least, are insufficient: the systemic
/// deficits. `tasks`: each task's skill codes and zone.
pub fn deficits<'t>(tasks: &[(&'t [String], Option<Zone>)]) -> Vec<&'t str> {
    let mut by_skill: std::collections::BTreeMap<&str, (u32, u32)> = Default::default();
    for (skills, zone) in tasks {
        for s in skills.iter() {
            let e = by_skill.entry(s.as_str()).or_default();
            e.0 += 1;
            e.1 += u32::from(*zone == Some(Zone::Insufficient));
        }
    }
    by_skill
        .into_iter()
        .filter(|(_, (n, bad))| *n >= 2 && 2 * bad > *n)
        .map(|(s, _)| s)
        .collect()
}

/// Anomalies of one task's shares by mark group (2, 3, 4, 5; `None` where hidden): each shown
/// group whose share is below the next lower shown group's, as (lower mark, higher mark).
pub fn anomalies(shares: [Option<f64>; 4]) -> Vec<(u8, u8)> {
    let shown: Vec<(u8, f64)> = (0..4)
        .filter_map(|g| Some((g as u8 + 2, shares[g]?)))
        .collect();
    shown
        .windows(2)
        .filter(|w| w[1].1 < w[0].1)
        .map(|w| (w[0].0, w[1].0))
        .collect()
}

/// Whether a task of this year may be compared with the task of the same label a year before:
/// both name codifier positions, the same ones, and the codifier gives them the same texts.
pub fn comparable(
    now: &Task,
    before: &Task,
    codifier_now: Option<&crate::model::task::Codifier>,
    codifier_before: Option<&crate::model::task::Codifier>,
) -> bool {
    let named = !now.skills.is_empty() || !now.content.is_empty();
    let text = |c: Option<&crate::model::task::Codifier>, kind, code: &String| {
        c.and_then(|c| c.get(&(kind, code.clone())).cloned())
    };
    let same_texts = |kind, codes: &[String]| {
        codes
            .iter()
            .all(|code| text(codifier_now, kind, code) == text(codifier_before, kind, code))
    };
    named
        && now.skills == before.skills
        && now.content == before.content
        && same_texts(CodeKind::Skill, &now.skills)
        && same_texts(CodeKind::Content, &now.content)
}

/// One section: its rows (already formatted) and its conclusion.
#[derive(Serialize, Default)]
pub struct Section {
    pub conclusion: String,
    /// A conclusion that reads negative (shown marked).
    pub negative: bool,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Lines below the table: deficits, peaks, anomalies.
    pub notes: Vec<String>,
}

/// One section of the analysis as the page shows it, in the recommendations' order.
#[derive(Serialize)]
pub struct Part {
    /// The heading's id.
    pub id: &'static str,
    pub title: String,
    #[serde(flatten)]
    pub section: Section,
    /// The work's task table and chart belong under this part (tasks by level).
    pub tasks: bool,
}

/// A task row's extra columns on the page: the zone, the codes, the change since last year.
#[derive(Serialize)]
pub struct TaskExtra {
    pub zone: Option<Zone>,
    pub zone_label: String,
    pub codes: String,
    pub change: String,
}

/// The zone of each task row (where its level and the school's share are known).
pub fn row_zone(f: &Facts, row: &TaskRow) -> Option<Zone> {
    let m = &f.project.config.methodology;
    Some(zone(
        row.level?,
        row.school?,
        &m.mastery,
        &m.analysis.insufficient,
    ))
}

/// The zones' thresholds in force as the task table's note writes them: basic sufficient and
/// insufficient, advanced and high sufficient and insufficient («30» where they agree, «30 и
/// 35» where not).
pub fn thresholds(f: &Facts) -> [String; 4] {
    let lang = f.project.lang();
    let m = &f.project.config.methodology;
    let num = |v: f64| decimal_in(lang, v, usize::from(v.fract() != 0.0));
    let pair = |a: f64, b: f64| match a == b {
        true => num(a),
        false => msg_in!(lang, "ui.and", a = num(a), b = num(b)),
    };
    let (s, i) = (&m.mastery, &m.analysis.insufficient);
    [
        num(s.basic),
        num(i.basic),
        pair(s.advanced, s.high),
        pair(i.advanced, i.high),
    ]
}

/// The analysis's rules with the thresholds in force, for the methodology page.
pub fn method(f: &Facts) -> String {
    let lang = f.project.lang();
    let a = &f.project.config.methodology.analysis;
    let z = thresholds(f);
    let least = a.mark_group.max(f.gate.min_publish());
    msg_in!(
        lang,
        "analysis.method",
        years = a.two_years,
        rise = decimal_in(lang, a.two_rise, 0),
        d = a.discrepancy,
        ratio = decimal_in(lang, a.peak_ratio, 1),
        informative = a.sample_informative,
        minimum = a.sample_minimum,
        basic = z[0].as_str(),
        basic_low = z[1].as_str(),
        advanced = z[2].as_str(),
        advanced_low = z[3].as_str(),
        group = least,
        min_publish = f.gate.min_publish()
    )
}

fn pct(lang: Lang, v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| decimal_in(lang, v, 1))
}

/// The tasks of a work as data/tasks.csv lists them.
fn defs<'p>(f: &Facts<'p>, key: &CellKey) -> &'p [Task] {
    f.project.tasks.get(key).map_or(&[], Vec::as_slice)
}

/// Each task row's zone, codes and change since the year before (where comparable).
pub fn task_extras(f: &Facts, sc: &SchoolCell, rows: &[TaskRow]) -> Vec<TaskExtra> {
    let lang = f.project.lang();
    let before_key = CellKey {
        year: sc.key.year - 1,
        ..sc.key
    };
    let before_rows = f.task_rows(&SchoolCell {
        key: before_key,
        org: sc.org,
    });
    let (now_defs, before_defs) = (defs(f, &sc.key), defs(f, &before_key));
    let (cod_now, cod_before) = (
        f.project.codifier.get(&sc.key),
        f.project.codifier.get(&before_key),
    );
    rows.iter()
        .map(|r| {
            let zone = row_zone(f, r);
            let def = now_defs.get(r.index);
            let before = before_defs.iter().find(|t| t.label == r.label);
            let change = match (def, before, before_rows.iter().find(|b| b.label == r.label)) {
                (Some(d), Some(b), Some(br)) if comparable(d, b, cod_now, cod_before) => {
                    match (r.school, br.school) {
                        (Some(a), Some(b)) => signed(lang, a - b),
                        _ => "—".to_owned(),
                    }
                }
                // Codes on neither side: nothing says whether the task is the same.
                (Some(d), Some(b), Some(_))
                    if d.skills.is_empty()
                        && d.content.is_empty()
                        && b.skills.is_empty()
                        && b.content.is_empty() =>
                {
                    String::new()
                }
                (_, _, Some(_)) => msg_in!(lang, "analysis.not_comparable"),
                _ => String::new(),
            };
            TaskExtra {
                zone,
                // Sufficient is the usual case: the cell stays empty (the note says so).
                zone_label: zone
                    .filter(|&z| z != Zone::Sufficient)
                    .map_or_else(String::new, |z| z.label(lang)),
                codes: def.map_or_else(String::new, |d| d.skills.join("; ")),
                change,
            }
        })
        .collect()
}

/// A change in points with its sign: «+3,5», «−2,0».
fn signed(lang: Lang, v: f64) -> String {
    let text = decimal_in(lang, v.abs(), 1);
    match v {
        v if v > 0.0 => format!("+{text}"),
        v if v < 0.0 => format!("−{text}"),
        _ => text,
    }
}

/// Section 1: the «2» share over the years shown (this year's marks 2–5 are in the figures
/// table above) and its dynamics.
fn marks_section(f: &Facts, sc: &SchoolCell) -> Section {
    let lang = f.project.lang();
    let a = &f.project.config.methodology.analysis;
    let mut s = Section::default();
    let mut series = Vec::new();
    for year in sc.key.year.saturating_sub(a.two_years - 1)..=sc.key.year {
        let cell = SchoolCell {
            key: CellKey { year, ..sc.key },
            org: sc.org,
        };
        let Some(marks) = f.gate.cell(&cell).and_then(|c| c.marks()) else {
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
                signed(lang, change),
            );
            let key = match negative {
                true => "analysis.marks_negative",
                false => "analysis.marks_dynamics",
            };
            let rise = decimal_in(lang, a.two_rise, 0);
            crate::i18n::tr_in(
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
fn journal_section(f: &Facts, sc: &SchoolCell) -> Section {
    let lang = f.project.lang();
    let d = f.project.config.methodology.analysis.discrepancy;
    let mut s = Section::default();
    let Some(gaps) = f.gate.cell(sc).and_then(|c| c.gaps()) else {
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
fn histogram_section(f: &Facts, sc: &SchoolCell) -> Section {
    let lang = f.project.lang();
    let a = &f.project.config.methodology.analysis;
    let mut s = Section::default();
    let Some(cell) = f.gate.cell(sc) else {
        return s;
    };
    let n = cell.participants();
    let size = match sample(n, a) {
        Sample::Informative => msg_in!(lang, "analysis.sample_informative", n = n),
        Sample::Approximate => msg_in!(lang, "analysis.sample_approximate", n = n),
        Sample::Limited => msg_in!(lang, "analysis.sample_limited", n = n),
    };
    let found = match (cell.histogram(), f.project.scales.get(&sc.key)) {
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

/// The text of a codifier position, else its code.
fn code_text(f: &Facts, key: &CellKey, kind: CodeKind, code: &str) -> String {
    f.project
        .codifier
        .get(key)
        .and_then(|c| c.get(&(kind, code.to_owned())).cloned())
        .unwrap_or_else(|| code.to_owned())
}

/// Section 4: tasks by level in three zones, and the systemic deficits of skills.
fn levels_section(f: &Facts, sc: &SchoolCell, rows: &[TaskRow], extras: &[TaskExtra]) -> Section {
    let lang = f.project.lang();
    let mut s = Section::default();
    let count = |z| extras.iter().filter(|e| e.zone == Some(z)).count();
    if extras.iter().all(|e| e.zone.is_none()) {
        s.conclusion = msg_in!(lang, "analysis.levels_none");
        return s;
    }
    let defs = defs(f, &sc.key);
    let tasks: Vec<(&[String], Option<Zone>)> = rows
        .iter()
        .zip(extras)
        .filter_map(|(r, e)| Some((defs.get(r.index)?.skills.as_slice(), e.zone)))
        .collect();
    for code in deficits(&tasks) {
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
            skill = code_text(f, &sc.key, CodeKind::Skill, code),
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

/// Section 5: each planned result's (skill's) share of points over its tasks, and whether it is
/// achieved (no task insufficient or uncertain), partly, or not (most tasks insufficient).
fn positions_section(
    f: &Facts,
    sc: &SchoolCell,
    rows: &[TaskRow],
    extras: &[TaskExtra],
) -> Section {
    let lang = f.project.lang();
    let defs = defs(f, &sc.key);
    let mut s = Section {
        head: [
            "analysis.col_code",
            "analysis.col_position",
            "ui.col_task",
            "ui.col_school_pct",
            "analysis.col_status",
        ]
        .iter()
        .map(|k| crate::i18n::tr_in(lang, k, &[]))
        .collect(),
        ..Section::default()
    };
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
        s.rows.push(vec![
            code.to_string(),
            code_text(f, &sc.key, *kind, code),
            tasks
                .iter()
                .map(|&i| rows[i].label.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            pct(lang, (max > 0.0).then(|| earned / max)),
            crate::i18n::tr_in(lang, status, &[]),
        ]);
    }
    s.negative = missed > 0;
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
    s
}

/// Section 6: tasks by groups of pupils by ВПР mark, anomalies named.
fn groups_section(f: &Facts, sc: &SchoolCell, rows: &[TaskRow]) -> Section {
    let lang = f.project.lang();
    let least = f
        .project
        .config
        .methodology
        .analysis
        .mark_group
        .max(f.gate.min_publish());
    let mut s = Section::default();
    let Some(groups) = f.gate.cell(sc).and_then(|c| c.mark_groups()) else {
        s.conclusion = msg_in!(lang, "analysis.groups_none", n = least);
        return s;
    };
    let shown: Vec<u8> = (2..=5).filter(|&m| groups.size(m).is_some()).collect();
    if shown.len() < 2 {
        s.conclusion = msg_in!(lang, "analysis.groups_none", n = least);
        return s;
    }
    s.head = std::iter::once(msg_in!(lang, "ui.col_task"))
        .chain(shown.iter().map(|&m| {
            msg_in!(
                lang,
                "analysis.col_group",
                mark = m,
                n = groups.size(m).unwrap_or(0)
            )
        }))
        .collect();
    for r in rows {
        let shares: [Option<f64>; 4] =
            std::array::from_fn(|g| groups.share(r.index, g as u8 + 2, r.max));
        for (lo, hi) in anomalies(shares) {
            s.notes.push(msg_in!(
                lang,
                "analysis.anomaly",
                task = r.label.as_str(),
                hi = hi,
                hi_pct = pct(lang, shares[usize::from(hi - 2)]),
                lo = lo,
                lo_pct = pct(lang, shares[usize::from(lo - 2)])
            ));
        }
        s.rows.push(
            std::iter::once(r.label.clone())
                .chain(shown.iter().map(|&m| pct(lang, shares[usize::from(m - 2)])))
                .collect(),
        );
    }
    // Group shares are counted within data/tasks.csv's maxima: none where it gives none.
    if s.rows.iter().all(|r| r[1..].iter().all(|v| v == "—")) {
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
    s
}

/// The analysis of a school-cell whose task table is published, its parts in order.
pub fn build(f: &Facts, sc: &SchoolCell, rows: &[TaskRow], extras: &[TaskExtra]) -> Vec<Part> {
    let lang = f.project.lang();
    let part = |id, title: &str, section, tasks| Part {
        id,
        title: crate::i18n::tr_in(lang, title, &[]),
        section,
        tasks,
    };
    vec![
        part("an-marks", "analysis.h_marks", marks_section(f, sc), false),
        part(
            "an-journal",
            "analysis.h_journal",
            journal_section(f, sc),
            false,
        ),
        part(
            "an-hist",
            "analysis.h_histogram",
            histogram_section(f, sc),
            false,
        ),
        part(
            "tasks-h",
            "analysis.h_levels",
            levels_section(f, sc, rows, extras),
            true,
        ),
        part(
            "an-positions",
            "analysis.h_positions",
            positions_section(f, sc, rows, extras),
            false,
        ),
        part(
            "an-groups",
            "analysis.h_groups",
            groups_section(f, sc, rows),
            false,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fioko() -> (Mastery, Mastery) {
        (Mastery::default(), Analysis::default().insufficient)
    }

    #[test]
    fn zone_edges_are_the_documents() {
        let (s, i) = fioko();
        // Basic: ≥ 60 sufficient, < 57 insufficient, 57 ≤ x < 60 between.
        assert_eq!(zone(Level::Basic, 60.0, &s, &i), Zone::Sufficient);
        assert_eq!(zone(Level::Basic, 59.9, &s, &i), Zone::Uncertain);
        assert_eq!(zone(Level::Basic, 57.0, &s, &i), Zone::Uncertain);
        assert_eq!(zone(Level::Basic, 56.9, &s, &i), Zone::Insufficient);
        // Advanced and high: ≥ 30, < 28.5.
        assert_eq!(zone(Level::Advanced, 30.0, &s, &i), Zone::Sufficient);
        assert_eq!(zone(Level::High, 28.5, &s, &i), Zone::Uncertain);
        assert_eq!(zone(Level::High, 28.4, &s, &i), Zone::Insufficient);
    }

    #[test]
    fn a_rise_of_ten_points_of_the_two_share_is_negative() {
        // 2021: 5 %, 2023: 15 % → +10 points: negative; +9.9 is not.
        assert_eq!(
            two_dynamics(&[(2021, 5.0), (2022, 8.0), (2023, 15.0)], 10.0),
            Some((10.0, true))
        );
        let (change, negative) = two_dynamics(&[(2021, 5.0), (2023, 14.9)], 10.0).unwrap();
        assert!(!negative && (change - 9.9).abs() < 1e-9);
        // A fall is never negative; one year gives no dynamics.
        assert_eq!(
            two_dynamics(&[(2021, 20.0), (2023, 5.0)], 10.0),
            Some((-15.0, false))
        );
        assert_eq!(two_dynamics(&[(2023, 20.0)], 10.0), None);
        // 1 of 10 pupils (10 %) → 4 of 20 (20 %): exactly 10 points from counts.
        let a = 100.0 * 1.0 / 10.0;
        let b = 100.0 * 4.0 / 20.0;
        assert!(two_dynamics(&[(2022, a), (2023, b)], 10.0).unwrap().1);
    }

    #[test]
    fn a_two_mark_discrepancy_is_counted_apart() {
        // gaps[d + 3], d = ВПР − journal: one pupil 3 vs journal 5 (d = −2), two with 2 vs 5
        // (−3), four −1, ten 0, three +1, one +2.
        let gaps = [2, 1, 4, 10, 3, 1, 0];
        assert_eq!(wide_gaps(gaps, 2), (3, 1));
        assert_eq!(wide_gaps(gaps, 3), (2, 0));
        assert_eq!(wide_gaps(gaps, 1), (7, 4));
    }

    #[test]
    fn the_sample_is_judged_at_fifty_and_twenty() {
        let a = Analysis::default();
        assert_eq!(sample(50, &a), Sample::Informative);
        assert_eq!(sample(49, &a), Sample::Approximate);
        assert_eq!(sample(20, &a), Sample::Approximate);
        assert_eq!(sample(19, &a), Sample::Limited);
    }

    #[test]
    fn a_peak_at_a_boundary_is_twice_the_score_below() {
        // Boundaries 4, 7, 9. At 4: 6 pupils vs 3 below: a peak; at 7: 5 vs 3: not; at 9:
        // 2 vs 0: too few.
        let hist = [0, 1, 2, 3, 6, 4, 3, 5, 1, 2];
        let p = peaks(&hist, [(3, 4), (4, 7), (5, 9)], 2.0);
        assert_eq!(
            p,
            [Peak {
                mark: 3,
                score: 4,
                at: 6,
                below: 3
            }]
        );
    }

    #[test]
    fn a_skill_is_a_systemic_deficit_when_most_of_its_tasks_are_insufficient() {
        let (a, b, c) = (
            vec!["1.1".to_owned()],
            vec!["1.1".to_owned(), "2.1".to_owned()],
            vec!["2.1".to_owned()],
        );
        use Zone::*;
        // 1.1: tasks 1 and 2 both insufficient → deficit. 2.1: 1 of 3 → not.
        let tasks = [
            (a.as_slice(), Some(Insufficient)),
            (b.as_slice(), Some(Insufficient)),
            (c.as_slice(), Some(Sufficient)),
            (c.as_slice(), Some(Uncertain)),
        ];
        assert_eq!(deficits(&tasks), ["1.1"]);
        // One task alone is no system; half is not most.
        assert!(deficits(&[(a.as_slice(), Some(Insufficient))]).is_empty());
        assert!(deficits(&[(a.as_slice(), Some(Insufficient)), (a.as_slice(), None)]).is_empty());
    }

    #[test]
    fn a_higher_group_below_a_lower_one_is_an_anomaly() {
        // «4» does worse than «3»; the hidden «2» group is skipped, «5» is compared with «4».
        assert_eq!(
            anomalies([None, Some(48.0), Some(42.0), Some(90.0)]),
            [(3, 4)]
        );
        assert!(anomalies([Some(10.0), Some(30.0), Some(30.0), Some(80.0)]).is_empty());
        // With «4» hidden, «5» is compared with «3».
        assert_eq!(anomalies([None, Some(60.0), None, Some(55.0)]), [(3, 5)]);
    }

    #[test]
    fn a_codifier_change_between_years_refuses_the_comparison() {
        let task = |skills: &[&str]| Task {
            label: "5".into(),
            max_points: Some(1),
            level: Some(Level::Basic),
            answer: None,
            skills: skills.iter().map(|s| s.to_string()).collect(),
            content: Vec::new(),
        };
        let codifier = |text: &str| {
            let mut c = crate::model::task::Codifier::new();
            c.insert((CodeKind::Skill, "1.1".into()), text.into());
            c
        };
        let (same, other) = (codifier("Считать"), codifier("Сравнивать"));
        assert!(comparable(
            &task(&["1.1"]),
            &task(&["1.1"]),
            Some(&same),
            Some(&same)
        ));
        // Another position, another text at the same code, no codes at all: not comparable.
        assert!(!comparable(
            &task(&["1.1"]),
            &task(&["1.2"]),
            Some(&same),
            Some(&same)
        ));
        assert!(!comparable(
            &task(&["1.1"]),
            &task(&["1.1"]),
            Some(&same),
            Some(&other)
        ));
        assert!(!comparable(&task(&[]), &task(&[]), None, None));
    }
}
