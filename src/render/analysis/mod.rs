//! «Анализ ВПР»: the yearly analysis of one ВПР work, in the order of ФИОКО's «Рекомендации по
//! проведению анализа результатов ВПР» (2026): marks and the dynamics of the «2» share; ВПР
//! marks against the journal's with the discrepancies of two marks or more; the score histogram
//! with peaks at the mark boundaries and the sample's size judged; tasks by level in three zones
//! with systemic deficits of skills; planned results by codifier position; tasks by groups of
//! pupils by ВПР mark with the anomalies named. One conclusion line per section. Every threshold
//! is `methodology.analysis` (or `mastery`) in config.yaml.
//!
//! One path builds it for a school's cell (on the work's page) and for a municipality's or a
//! region's cell pooled over its schools ([`super::area_work`]), which adds how many of its
//! published schools have each systemic deficit and each anomaly ([`schools`]). The rules are
//! pure functions tested by hand ([`rules`]); the sections ([`sections`]) read every figure
//! through the disclosure gate (a section whose figures it holds back says so, or is left out);
//! [`book`] writes the sections' tables as a workbook beside the page.

mod book;
mod rules;
mod schools;
mod sections;

pub use book::{path_beside, Book};
pub use rules::Zone;

use super::facts::Facts;
use super::tasks::TaskRow;
use crate::charts::Chart;
use crate::format::{decimal_in, fixed};
use crate::i18n::{msg_in, tr_in, Lang};
use crate::indicators::disclosure::{CellFigures, MarkGroups, PooledFigures};
use crate::model::task::{CodeKind, Task};
use crate::model::{CellKey, Kind, SchoolCell};
use rules::{comparable, zone};
use serde::{Serialize, Serializer};

/// A cell of a table: its text on the page, and its value where it is a number, as the page
/// rounds it (a workbook's cell is then a number).
#[derive(Debug, Clone, PartialEq)]
pub struct Val {
    pub text: String,
    pub number: Option<f64>,
}

impl Serialize for Val {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl Val {
    pub fn text(text: impl Into<String>) -> Val {
        Val {
            text: text.into(),
            number: None,
        }
    }

    /// A number with `decimals` as the page writes it; «—» (an empty cell in a workbook) when
    /// unknown.
    pub fn number(lang: Lang, v: Option<f64>, decimals: usize) -> Val {
        match v.filter(|v| v.is_finite()) {
            None => Val::text("—"),
            Some(v) => Val {
                text: decimal_in(lang, v, decimals),
                number: fixed(v, decimals).parse().ok(),
            },
        }
    }

    /// A percent with one decimal.
    pub fn pct(lang: Lang, v: Option<f64>) -> Val {
        Val::number(lang, v, 1)
    }

    pub fn count(n: u32) -> Val {
        Val {
            text: n.to_string(),
            number: Some(f64::from(n)),
        }
    }
}

/// A table of a section: an optional caption, its head and its rows.
#[derive(Serialize, Default)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Val>>,
}

/// One section: its conclusion, the lines below it and its tables.
#[derive(Serialize, Default)]
pub struct Section {
    pub conclusion: String,
    /// A conclusion that reads negative (shown marked).
    pub negative: bool,
    pub tables: Vec<Table>,
    /// Lines below the conclusion: deficits, peaks, anomalies.
    pub notes: Vec<String>,
}

/// One section of the analysis as the page shows it, in the recommendations' order.
#[derive(Serialize)]
pub struct Part {
    /// The heading's id.
    pub id: &'static str,
    pub title: String,
    /// Its short name: the workbook's sheet, the area's list of works.
    pub short: String,
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
    pub change: Val,
}

/// The figures an analysis reads, as the gate hands them out: a school's cell's, or a
/// municipality's or region's pooled over its schools.
#[derive(Clone, Copy)]
enum Figures<'a> {
    School(CellFigures<'a>),
    Area(PooledFigures<'a>),
}

impl<'a> Figures<'a> {
    /// The figures of `at`, an organization's cell: a school's own, or an area's pooled one;
    /// none when its scores may not be published.
    fn of(f: &Facts<'a>, at: &SchoolCell) -> Option<Figures<'a>> {
        match f.project.orgs.get(at.org).kind {
            Kind::School => f.gate.cell(at).map(Figures::School),
            Kind::Municipality | Kind::Region => f.gate.pooled(at.org, at.key).map(Figures::Area),
        }
    }

    fn participants(&self) -> u32 {
        match self {
            Figures::School(c) => c.participants(),
            Figures::Area(p) => p.participants(),
        }
    }

    fn marks(&self) -> Option<[u32; 4]> {
        match self {
            Figures::School(c) => c.marks(),
            Figures::Area(p) => p.marks(),
        }
    }

    fn gaps(&self) -> Option<[u32; 7]> {
        match self {
            Figures::School(c) => c.gaps(),
            Figures::Area(p) => p.gaps(),
        }
    }

    fn histogram(&self) -> Option<Vec<u64>> {
        match self {
            Figures::School(c) => Some(c.histogram()?.into_iter().map(u64::from).collect()),
            Figures::Area(p) => p.histogram().map(<[u64]>::to_vec),
        }
    }

    fn mark_groups(&self) -> Option<MarkGroups<'a>> {
        match self {
            Figures::School(c) => c.mark_groups(),
            Figures::Area(p) => p.mark_groups(),
        }
    }
}

/// The zone of each task row (where its level and the cell's share are known).
fn row_zone(f: &Facts, row: &TaskRow) -> Option<Zone> {
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
fn thresholds(f: &Facts) -> [String; 4] {
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
    let school = msg_in!(
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
    );
    let area = msg_in!(lang, "analysis.method_area", min = f.gate.min_publish());
    format!("{school} {area}")
}

/// The tasks of a work as data/tasks.csv lists them.
fn defs<'p>(f: &Facts<'p>, key: &CellKey) -> &'p [Task] {
    f.project.tasks.get(key).map_or(&[], Vec::as_slice)
}

/// The text of a codifier position, else its code.
fn code_text(f: &Facts, key: &CellKey, kind: CodeKind, code: &str) -> String {
    f.project
        .codifier
        .get(key)
        .and_then(|c| c.get(&(kind, code.to_owned())).cloned())
        .unwrap_or_else(|| code.to_owned())
}

/// The headers of the task table's share columns: the cell's own, its municipality's and its
/// region's (empty where the cell is that area itself: no column).
fn heads(f: &Facts, at: &SchoolCell) -> [String; 3] {
    let lang = f.project.lang();
    let tr = |k| tr_in(lang, k, &[]);
    match f.project.orgs.get(at.org).kind {
        Kind::School => [
            tr("ui.col_school_pct"),
            tr("ui.col_municipality_pct"),
            tr("ui.col_region_pct"),
        ],
        Kind::Municipality => [
            tr("ui.col_municipality_pct"),
            String::new(),
            tr("ui.col_region_pct"),
        ],
        Kind::Region => [tr("ui.col_region_pct"), String::new(), String::new()],
    }
}

/// Each task row's zone, codes and change since the year before (where comparable).
fn task_extras(f: &Facts, at: &SchoolCell, rows: &[TaskRow]) -> Vec<TaskExtra> {
    let lang = f.project.lang();
    let before_key = CellKey {
        year: at.key.year.saturating_sub(1),
        ..at.key
    };
    let before_rows = f.task_rows(&SchoolCell {
        key: before_key,
        org: at.org,
    });
    let (now_defs, before_defs) = (defs(f, &at.key), defs(f, &before_key));
    let (cod_now, cod_before) = (
        f.project.codifier.get(&at.key),
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
                        _ => Val::text("—"),
                    }
                }
                // Codes on neither side: nothing says whether the task is the same.
                (Some(d), Some(b), Some(_))
                    if d.skills.is_empty()
                        && d.content.is_empty()
                        && b.skills.is_empty()
                        && b.content.is_empty() =>
                {
                    Val::text("")
                }
                (_, _, Some(_)) => Val::text(msg_in!(lang, "analysis.not_comparable")),
                _ => Val::text(""),
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

/// A change in points with its sign: «+3,5», «−2,0»; none on a change that rounds to «0,0».
fn signed(lang: Lang, v: f64) -> Val {
    let abs = Val::number(lang, Some(v.abs()), 1);
    let sign = match (abs.number, v) {
        (Some(0.0), _) => "",
        (_, v) if v > 0.0 => "+",
        (_, v) if v < 0.0 => "−",
        _ => "",
    };
    Val {
        text: format!("{sign}{}", abs.text),
        number: abs.number.map(|n| n.copysign(v)),
    }
}

/// The analysis of an organization's cell (a school's whose task table is published, or an
/// area's pooled one), its parts in order; an area's adds how many of its schools share each
/// deficit and anomaly.
fn build(f: &Facts, at: &SchoolCell, rows: &[TaskRow], extras: &[TaskExtra]) -> Vec<Part> {
    let lang = f.project.lang();
    let part = |id, title: &str, short: &str, section, tasks| Part {
        id,
        title: tr_in(lang, title, &[]),
        short: tr_in(lang, short, &[]),
        section,
        tasks,
    };
    // ФИОКО's recommendations are for ВПР: another procedure's work has the parts that read
    // no ВПР mark (tasks by level, planned results).
    let vpr = at.key.procedure == crate::model::Procedure::Vpr;
    let mut levels = sections::levels(f, at, rows, extras);
    let mut groups = sections::groups(f, at, rows);
    if f.project.orgs.get(at.org).kind != Kind::School {
        schools::count(f, at, &mut levels, &mut groups);
    }
    let parts = vec![
        part(
            "an-marks",
            "analysis.h_marks",
            "analysis.sheet_marks",
            sections::marks(f, at),
            false,
        ),
        part(
            "an-journal",
            "analysis.h_journal",
            "analysis.sheet_journal",
            sections::journal(f, at),
            false,
        ),
        part(
            "an-hist",
            "analysis.h_histogram",
            "analysis.sheet_histogram",
            sections::histogram(f, at),
            false,
        ),
        part(
            "tasks-h",
            "analysis.h_levels",
            "analysis.sheet_levels",
            levels,
            true,
        ),
        part(
            "an-positions",
            "analysis.h_positions",
            "analysis.sheet_positions",
            sections::positions(f, at, rows, extras),
            false,
        ),
        part(
            "an-groups",
            "analysis.h_groups",
            "analysis.sheet_groups",
            groups,
            false,
        ),
    ];
    parts
        .into_iter()
        .filter(|p| vpr || matches!(p.id, "tasks-h" | "an-positions"))
        .collect()
}

/// One work's task analysis and the «Анализ ВПР» around it, as the page shows them.
#[derive(Serialize)]
pub struct TaskWork {
    rows: Vec<TaskRowView>,
    /// The school's task chart (an area's page has the table alone).
    chart: Option<Chart>,
    /// Some maxima came from the region's scores (data/tasks.csv does not give them).
    inferred: bool,
    /// The share columns' headers: own, municipality's, region's (empty: no column).
    heads: [String; 3],
    /// The columns of the task table (a level's heading row spans them).
    span: usize,
    pub analysis: Vec<Part>,
    /// A ВПР work's: the whole «Анализ ВПР» and its workbook (another procedure's work shows
    /// its tasks alone).
    pub vpr: bool,
    /// The workbook of the analysis's tables (of the year's works), from the page.
    pub workbook: String,
    /// The zones' thresholds in force ([`thresholds`]), for the task table's note.
    zones: [String; 4],
    /// The open data's tasks.csv, linked from the note (earlier years).
    tasks_csv: String,
    /// The task table as the workbook's sheet has it (typed cells, every zone named).
    #[serde(skip)]
    sheet: Table,
}

#[derive(Serialize)]
struct TaskRowView {
    label: String,
    max: u16,
    /// The task's level where it differs from the row above's (a heading row over its tasks).
    level: String,
    school: String,
    municipality: String,
    region: String,
    #[serde(flatten)]
    extra: TaskExtra,
}

/// The analysis of an organization's cell with its task table: a school's when its task shares
/// are published (none else), an area's always (its sections say what the gate holds back).
/// `here` is the page's place, `chart` names the school's task chart.
pub fn task_work(
    f: &Facts,
    at: &SchoolCell,
    here: &super::views::Here,
    chart: Option<&str>,
) -> Option<TaskWork> {
    let lang = f.project.lang();
    let rows = f.task_rows(at);
    let school = f.project.orgs.get(at.org).kind == Kind::School;
    if school && rows.is_empty() {
        return None;
    }
    let pct = |v: Option<f64>| Val::pct(lang, v).text;
    let extras = task_extras(f, at, &rows);
    let analysis = build(f, at, &rows, &extras);
    let heads = heads(f, at);
    let sheet = task_table(f, &heads, &rows, &extras);
    Some(TaskWork {
        inferred: rows.iter().any(|r| r.inferred),
        analysis,
        chart: chart.map(|title| f.task_chart(title, &rows, 0)),
        // task, own share, zone, change, skills, maximum; the municipality's and region's where shown
        span: 6 + heads[1..].iter().filter(|h| !h.is_empty()).count(),
        heads,
        vpr: at.key.procedure == crate::model::Procedure::Vpr,
        workbook: format!("../{}", book::FILE),
        zones: thresholds(f),
        tasks_csv: here.link("tasks.csv", "opendata/tasks.csv").url,
        sheet,
        rows: rows
            .iter()
            .zip(extras)
            .enumerate()
            .map(|(i, (r, extra))| TaskRowView {
                label: r.label.clone(),
                max: r.max,
                level: match (r.level, i.checked_sub(1).and_then(|p| rows[p].level)) {
                    (Some(l), above) if above != Some(l) => super::tasks::level_label(l, lang),
                    _ => String::new(),
                },
                school: pct(r.school),
                municipality: pct(r.municipality),
                region: pct(r.region),
                extra,
            })
            .collect(),
    })
}

/// The task table as a workbook's sheet: typed cells, the level and zone of every task named.
fn task_table(f: &Facts, heads: &[String; 3], rows: &[TaskRow], extras: &[TaskExtra]) -> Table {
    let lang = f.project.lang();
    let tr = |k| tr_in(lang, k, &[]);
    let shown = |i: usize| !heads[i].is_empty();
    let mut head = vec![tr("ui.col_task"), tr("ui.col_level"), heads[0].clone()];
    head.push(tr("analysis.col_zone"));
    head.extend((1..3).filter(|&i| shown(i)).map(|i| heads[i].clone()));
    head.extend([
        tr("analysis.col_change"),
        tr("analysis.col_skills"),
        tr("ui.col_max"),
    ]);
    let rows = rows
        .iter()
        .zip(extras)
        .map(|(r, e)| {
            let mut row = vec![
                Val::text(r.label.clone()),
                Val::text(
                    r.level
                        .map_or_else(String::new, |l| super::tasks::level_label(l, lang)),
                ),
                Val::pct(lang, r.school),
                Val::text(e.zone.map_or_else(String::new, |z| z.label(lang))),
            ];
            let others = [r.municipality, r.region];
            row.extend(
                (1..3)
                    .filter(|&i| shown(i))
                    .map(|i| Val::pct(lang, others[i - 1])),
            );
            row.extend([
                e.change.clone(),
                Val::text(e.codes.clone()),
                Val::count(u32::from(r.max)),
            ]);
            row
        })
        .collect();
    Table {
        caption: String::new(),
        head,
        rows,
    }
}
