//! Open data under `opendata/`: markers.csv, indices.csv, results.csv, tasks.csv, orgs.csv (exactly the SPEC
//! columns) and the `meta.csv` passport of the Russian open-data guidelines. Comma-separated,
//! with a decimal point so that any tool reads the numbers, and UTF-8 with a byte-order mark:
//! without it Russian Excel reads UTF-8 as Windows-1251 and shows the names garbled, while
//! csv readers (Python, R, the csv crate) skip the mark. The open-data page lists them.

use super::views::Link;
use super::{urls, PageKind, Renderer};
use crate::format::fixed;
use crate::i18n::msg_in;
use crate::i18n::{tr_in, Lang};
use crate::indicators::disclosure::Gate;
use crate::indicators::Indicators;
use crate::load::table::{schema, Record};
use crate::model::{CellKey, Kind, OrgId, Project};
use crate::site::{FileKind, Output};
use anyhow::Result;
use serde::Serialize;

/// The files of the open-data set; each one's title and structure are in the catalogue
/// (`opendata.<name>.title`, `.structure`), in Russian per the guidelines (or the site's
/// language).
pub const FILES: [&str; 5] = [
    "markers.csv",
    "indices.csv",
    "results.csv",
    "tasks.csv",
    "orgs.csv",
];

/// A file's title and structure in `lang`.
pub fn described(file: &str, lang: Lang) -> (String, String) {
    let stem = file.trim_end_matches(".csv");
    (
        tr_in(lang, &format!("opendata.{stem}.title"), &[]),
        tr_in(lang, &format!("opendata.{stem}.structure"), &[]),
    )
}

schema! {
    /// opendata/markers.csv: one marker raised (or flag of the official list) a row.
    pub mod markers {
        YEAR = Column::named("year"),
        REGION = Column::named("region"),
        MUNICIPALITY = Column::named("municipality"),
        ORG = Column::named("org"),
        MARKER = Column::named("marker"),
        PROCEDURE = Column::named("procedure"),
        SUBJECT = Column::named("subject"),
        GRADE = Column::named("grade"),
        VALUE = Column::named("value"),
        THRESHOLD = Column::named("threshold"),
    }
}

schema! {
    /// opendata/indices.csv: a region's or municipality's objectivity index in a year.
    pub mod indices {
        YEAR = Column::named("year"),
        ORG = Column::named("org"),
        KIND = Column::named("kind"),
        EVALUATED = Column::named("evaluated"),
        FLAGGED = Column::named("flagged"),
        OBJECTIVITY_INDEX = Column::named("objectivity_index"),
    }
}

schema! {
    /// opendata/results.csv: one school-cell a row.
    pub mod results {
        YEAR = Column::named("year"),
        REGION = Column::named("region"),
        MUNICIPALITY = Column::named("municipality"),
        ORG = Column::named("org"),
        PROCEDURE = Column::named("procedure"),
        SUBJECT = Column::named("subject"),
        GRADE = Column::named("grade"),
        PARTICIPANTS = Column::named("participants"),
        SUPPRESSED = Column::named("suppressed"),
        MARK2_PCT = Column::named("mark2_pct"),
        MARK3_PCT = Column::named("mark3_pct"),
        MARK4_PCT = Column::named("mark4_pct"),
        MARK5_PCT = Column::named("mark5_pct"),
        SCORE_MEAN = Column::named("score_mean"),
        LOWERED_PCT = Column::named("lowered_pct"),
        CONFIRMED_PCT = Column::named("confirmed_pct"),
        RAISED_PCT = Column::named("raised_pct"),
    }
}

schema! {
    /// opendata/tasks.csv: one task of a published school-cell a row.
    pub mod tasks {
        YEAR = Column::named("year"),
        REGION = Column::named("region"),
        MUNICIPALITY = Column::named("municipality"),
        ORG = Column::named("org"),
        PROCEDURE = Column::named("procedure"),
        SUBJECT = Column::named("subject"),
        GRADE = Column::named("grade"),
        TASK = Column::named("task"),
        MAX_POINTS = Column::named("max_points"),
        MAX_INFERRED = Column::named("max_inferred"),
        LEVEL = Column::named("level"),
        SCHOOL_PCT = Column::named("school_pct"),
        MUNICIPALITY_PCT = Column::named("municipality_pct"),
        REGION_PCT = Column::named("region_pct"),
        NOT_MASTERED = Column::named("not_mastered"),
    }
}

schema! {
    /// opendata/orgs.csv: one organization a row.
    pub mod orgs {
        ID = Column::named("id"),
        NAME = Column::named("name"),
        KIND = Column::named("kind"),
        PARENT = Column::named("parent"),
        MUNICIPALITY = Column::named("municipality"),
        REGION = Column::named("region"),
    }
}

schema! {
    /// opendata/meta.csv: the passport, one property a row.
    pub mod meta {
        PROPERTY = Column::named("property"),
        VALUE = Column::named("value"),
    }
}

/// Sets the year, region, municipality and organization of a school's row: the columns that
/// open every per-school file, at the same handles in each.
fn place(row: &mut Record, project: &Project, year: u16, org: OrgId) {
    let id = |k| {
        project
            .orgs
            .ancestor(org, k)
            .map_or_else(String::new, |o| project.orgs.get(o).id.clone())
    };
    row.set(markers::YEAR, year)
        .set(markers::REGION, id(Kind::Region))
        .set(markers::MUNICIPALITY, id(Kind::Municipality))
        .set(markers::ORG, &project.orgs.get(org).id);
}

/// Sets a work's procedure, subject and grade at `handles`.
fn work(row: &mut Record, project: &Project, key: CellKey, [p, s, g]: [usize; 3]) {
    row.set(p, key.procedure.code())
        .set(s, project.subjects.code(key.subject))
        .set(g, key.grade);
}

/// A cell as a spreadsheet should show it. Text that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be run by Excel as a formula: it gets a leading `'` (the OWASP rule for
/// CSV injection), so an organization named `=HYPERLINK(…)` stays a name. A cell that is a number
/// (`-3.5`) is a number to Excel too, never a formula, and stays as it is.
fn as_text(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && !cell.parse::<f64>().is_ok_and(f64::is_finite) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn csv_bytes(header: &[&str], rows: &[Record]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut write = |r: &mut dyn Iterator<Item = &str>| {
        w.write_record(r.map(|cell| as_text(cell).into_owned()))
            .expect("writing to memory cannot fail")
    };
    write(&mut header.iter().copied());
    for r in rows {
        write(&mut r.fields().iter().map(String::as_str));
    }
    w.into_inner().expect("writing to memory cannot fail")
}

fn pct(part: u32, whole: u32) -> String {
    if whole == 0 {
        String::new()
    } else {
        fixed(100.0 * part as f64 / whole as f64, 1)
    }
}

/// A marker's value or threshold: four decimals, or three significant digits in exponent form
/// for the small p-values of `low_confirmation` (`2.140e-7`), which four decimals would zero.
fn statistic(v: f64) -> String {
    if v != 0.0 && v.abs() < 0.001 {
        format!("{v:.3e}")
    } else {
        fixed(v, 4)
    }
}

pub fn markers_csv(project: &Project, ind: &Indicators, keep: &dyn Fn(OrgId) -> bool) -> Vec<u8> {
    use markers::*;
    let gate = Gate::new(project, ind);
    let official = project.official.iter().filter(|f| keep(f.org)).map(|f| {
        let mut row = Record::of(HEADER);
        place(&mut row, project, f.key.year, f.org);
        row.set(MARKER, "official");
        work(&mut row, project, f.key, [PROCEDURE, SUBJECT, GRADE]);
        row
    });
    let mut rows: Vec<Record> = ind
        .hits
        .iter()
        .filter(|h| keep(h.school))
        .map(|h| {
            let mut row = Record::of(HEADER);
            place(&mut row, project, h.year, h.school);
            let numbers = gate.numbers(h).map(|n| n.value());
            row.set(MARKER, h.marker.code())
                .set(PROCEDURE, h.procedure.map_or("", |p| p.code()))
                .set(
                    SUBJECT,
                    h.cell.map_or("", |c| project.subjects.code(c.subject)),
                )
                .set(
                    GRADE,
                    h.cell.map_or_else(String::new, |c| c.grade.to_string()),
                )
                .set(
                    VALUE,
                    numbers
                        .and_then(|n| n.value)
                        .map_or_else(String::new, statistic),
                )
                .set(
                    THRESHOLD,
                    numbers
                        .and_then(|n| n.threshold)
                        .map_or_else(String::new, statistic),
                );
            row
        })
        .collect();
    rows.extend(official);
    // By year, then organization, as the computed rows are.
    rows.sort_by(|a, b| {
        let (a, b) = (a.fields(), b.fields());
        (&a[YEAR], &a[ORG]).cmp(&(&b[YEAR], &b[ORG]))
    });
    csv_bytes(HEADER, &rows)
}

pub fn indices_csv(project: &Project, ind: &Indicators, keep: &dyn Fn(OrgId) -> bool) -> Vec<u8> {
    use indices::*;
    let mut rows: Vec<Record> = ind
        .indices
        .iter()
        .filter(|r| keep(r.org))
        .map(|r| {
            let org = project.orgs.get(r.org);
            let mut row = Record::of(HEADER);
            row.set(YEAR, r.year)
                .set(ORG, &org.id)
                .set(KIND, org.kind.code())
                .set(EVALUATED, r.evaluated)
                .set(FLAGGED, r.flagged)
                .set(
                    OBJECTIVITY_INDEX,
                    r.index.map_or_else(String::new, |i| fixed(i, 2)),
                );
            row
        })
        .collect();
    rows.sort_by(|a, b| a.fields().cmp(b.fields()));
    csv_bytes(HEADER, &rows)
}

pub fn results_csv(project: &Project, ind: &Indicators, keep: &dyn Fn(OrgId) -> bool) -> Vec<u8> {
    use results::*;
    let gate = Gate::new(project, ind);
    let rows: Vec<Record> = project
        .cells
        .keys()
        .filter(|sc| keep(sc.org))
        .map(|sc| {
            let mut row = Record::of(HEADER);
            place(&mut row, project, sc.key.year, sc.org);
            work(&mut row, project, sc.key, [PROCEDURE, SUBJECT, GRADE]);
            let Some(cell) = gate.cell(sc) else {
                row.set(SUPPRESSED, 1);
                return row;
            };
            let n = cell.participants();
            row.set(PARTICIPANTS, n).set(SUPPRESSED, 0);
            if let Some(m) = cell.marks() {
                for (column, &c) in (MARK2_PCT..=MARK5_PCT).zip(&m) {
                    row.set(column, pct(c, n));
                }
            }
            row.set(
                SCORE_MEAN,
                cell.moments()
                    .map_or_else(String::new, |m| fixed(m.mean, 2)),
            );
            if let Some(c) = cell.confirmation() {
                for (column, &x) in (LOWERED_PCT..=RAISED_PCT).zip(&c) {
                    row.set(column, pct(x, c.iter().sum()));
                }
            }
            row
        })
        .collect();
    csv_bytes(HEADER, &rows)
}

/// Task analysis of every published school-cell with task scores ([`super::tasks::analyse`]).
pub fn tasks_csv(project: &Project, ind: &Indicators, keep: &dyn Fn(OrgId) -> bool) -> Vec<u8> {
    use tasks::*;
    let gate = Gate::new(project, ind);
    let opt = |v: Option<f64>| v.map_or_else(String::new, |v| fixed(v, 1));
    let mut rows = Vec::new();
    for sc in project.cells.keys().filter(|sc| keep(sc.org)) {
        for t in super::tasks::analyse(project, &gate, sc) {
            let mut row = Record::of(HEADER);
            place(&mut row, project, sc.key.year, sc.org);
            work(&mut row, project, sc.key, [PROCEDURE, SUBJECT, GRADE]);
            row.set(TASK, &t.label)
                .set(MAX_POINTS, t.max)
                .set(MAX_INFERRED, u8::from(t.inferred))
                .set(LEVEL, t.level.map_or("", |l| l.code()))
                .set(SCHOOL_PCT, opt(t.school))
                .set(MUNICIPALITY_PCT, opt(t.municipality))
                .set(REGION_PCT, opt(t.region))
                .set(NOT_MASTERED, u8::from(t.not_mastered));
            rows.push(row);
        }
    }
    csv_bytes(HEADER, &rows)
}

/// Every organization the `keep` filter accepts, with its municipality and region.
pub fn orgs_csv(project: &Project, keep: &dyn Fn(OrgId) -> bool) -> Vec<u8> {
    use orgs::*;
    let all = &project.orgs;
    let id = |o: Option<OrgId>| o.map_or_else(String::new, |o| all.get(o).id.clone());
    let rows: Vec<Record> = all
        .ids()
        .filter(|&o| keep(o))
        .map(|o| {
            let org = all.get(o);
            let mut row = Record::of(HEADER);
            row.set(ID, &org.id)
                .set(NAME, &org.name)
                .set(KIND, org.kind.code())
                .set(PARENT, id(org.parent))
                .set(MUNICIPALITY, id(all.ancestor(o, Kind::Municipality)))
                .set(REGION, id(all.ancestor(o, Kind::Region)));
            row
        })
        .collect();
    csv_bytes(HEADER, &rows)
}

/// The passport (паспорт набора открытых данных) as `property,value` rows.
pub fn meta_csv(project: &Project) -> Vec<u8> {
    let date = project
        .config
        .as_of
        .map_or_else(String::new, |d| d.to_string());
    let lang = project.lang();
    let mut properties: Vec<(String, String)> = vec![
        (
            "standardversion".into(),
            "http://opendata.gosmonitor.ru/standard/3.0".into(),
        ),
        ("identifier".into(), "oko-objectivity".into()),
        ("title".into(), msg_in!(lang, "opendata.meta_title")),
        (
            "description".into(),
            format!(
                "{} {}",
                msg_in!(lang, "opendata.meta_description"),
                msg_in!(lang, "opendata.text_cells")
            ),
        ),
        ("creator".into(), project.config.title.clone()),
        ("created".into(), date.clone()),
        ("modified".into(), date.clone()),
        ("valid".into(), date),
        ("format".into(), "csv".into()),
        ("encoding".into(), msg_in!(lang, "opendata.meta_encoding")),
        ("subject".into(), msg_in!(lang, "opendata.meta_subject")),
    ];
    for file in FILES {
        let (title, structure) = described(file, lang);
        properties.push((format!("data-{file}"), format!("{title}: {structure}")));
    }
    if project.config.demo {
        properties.push(("note".into(), msg_in!(lang, "opendata.meta_demo")));
    }
    let rows: Vec<Record> = properties
        .into_iter()
        .map(|(property, value)| {
            let mut row = Record::of(meta::HEADER);
            row.set(meta::PROPERTY, property).set(meta::VALUE, value);
            row
        })
        .collect();
    csv_bytes(meta::HEADER, &rows)
}

/// Adds every open-data file to the site, with the rows of the organizations `keep` accepts;
/// returns each file of [`FILES`] with its size, for the open-data page.
pub fn write(
    project: &Project,
    ind: &Indicators,
    out: &mut Output,
    keep: &dyn Fn(OrgId) -> bool,
) -> Vec<(&'static str, usize)> {
    let files = [
        ("markers.csv", markers_csv(project, ind, keep)),
        ("indices.csv", indices_csv(project, ind, keep)),
        ("results.csv", results_csv(project, ind, keep)),
        ("tasks.csv", tasks_csv(project, ind, keep)),
        ("orgs.csv", orgs_csv(project, keep)),
    ];
    let sizes = files
        .iter()
        .map(|(name, bytes)| (*name, bytes.len()))
        .collect();
    for (name, bytes) in files {
        out.add(&format!("opendata/{name}"), FileKind::Data, bytes);
    }
    out.add("opendata/meta.csv", FileKind::Data, meta_csv(project));
    sizes
}

#[derive(Serialize)]
struct FileView {
    link: Link,
    title: String,
    structure: String,
    bytes: usize,
}

#[derive(Serialize)]
struct OpendataView {
    files: Vec<FileView>,
    meta: Link,
    skipped: Vec<(String, usize)>,
    min_publish: u32,
}

/// The open-data page; `sizes` are what [`super::opendata::write`] wrote.
fn opendata_page(r: &Renderer, sizes: &[(&'static str, usize)], out: &mut Output) -> Result<()> {
    let f = &r.facts;
    let path = urls::OPENDATA;
    let here = super::views::Here::new(path);
    let lang = f.project.lang();
    let files = FILES
        .iter()
        .map(|name| (name, described(name, lang)))
        .map(|(name, (title, structure))| FileView {
            link: here.link(*name, &format!("opendata/{name}")),
            title,
            structure,
            bytes: sizes
                .iter()
                .find(|(n, _)| n == name)
                .map_or(0, |(_, size)| *size),
        })
        .collect();
    let view = OpendataView {
        files,
        meta: here.link("meta.csv", "opendata/meta.csv"),
        skipped: f
            .project
            .skipped_rows
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        min_publish: f.project.config.methodology.min_publish,
    };
    r.page(
        &OpenData,
        path,
        &msg_in!(lang, "ui.opendata"),
        f.home_crumb(path),
        &view,
        out,
    )
}

/// The open data (every table, with the rows of what is rendered) and its page: for the site and a subsite.
pub(super) struct OpenData;

impl PageKind for OpenData {
    fn template(&self) -> (&'static str, &'static str) {
        template!("opendata.html")
    }

    fn in_sitemap(&self) -> bool {
        true
    }

    fn render(&self, r: &Renderer, scope: &super::Scope, out: &mut Output) -> Result<()> {
        if matches!(scope.pages, super::Pages::OfPlan(_)) {
            return Ok(());
        }
        let f = &r.facts;
        let sizes = write(f.project, f.ind, out, &|org| scope.keeps(org));
        opendata_page(r, &sizes, out)
    }
}

#[cfg(test)]
mod tests {
    /// [`super::place`] sets the first four columns of every per-school file by the markers
    /// schema's handles: they are the same in each.
    #[test]
    fn per_school_files_open_with_the_same_columns() {
        for header in [super::results::HEADER, super::tasks::HEADER] {
            assert_eq!(header[..4], super::markers::HEADER[..4]);
        }
    }

    #[test]
    fn small_p_values_keep_their_digits() {
        assert_eq!(super::statistic(2.14e-7), "2.140e-7");
        assert_eq!(super::statistic(3.0901), "3.0901");
        assert_eq!(super::statistic(0.0), "0.0000");
        assert_eq!("2.140e-7".parse::<f64>().unwrap(), 2.14e-7);
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_gets_an_apostrophe_and_numbers_stay() {
        for (cell, written) in [
            ("=1+1", "'=1+1"),
            ("+7 (999)", "'+7 (999)"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-inf", "'-inf"),
            ("-3.5", "-3.5"),
            ("-0.0001", "-0.0001"),
            ("Школа = лицей", "Школа = лицей"),
        ] {
            assert_eq!(super::as_text(cell), written, "{cell:?}");
        }
    }
}
