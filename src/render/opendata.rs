//! Open data under `opendata/`: markers.csv, indices.csv, results.csv, tasks.csv, orgs.csv (exactly the SPEC
//! columns) and the `meta.csv` passport of the Russian open-data guidelines. Comma-separated,
//! with a decimal point so that any tool reads the numbers, and UTF-8 with a byte-order mark:
//! without it Russian Excel reads UTF-8 as Windows-1251 and shows the names garbled, while
//! csv readers (Python, R, the csv crate) skip the mark. The open-data page lists them.

use super::facts::Facts;
use super::views::Link;
use super::{urls, PageKind, Renderer};
use crate::format::fixed;
use crate::i18n::msg_in;
use crate::i18n::{tr_in, Lang};
use crate::load::table::{schema, Record};
use crate::model::{CellKey, Kind, OrgId, Project};
use crate::site::{FileKind, Output, Sink};
use anyhow::Result;
use serde::Serialize;

/// effect.csv and indicators.csv: the management cycle's tables.
pub mod cycle;

/// A table of the open-data set: its file and its columns.
pub struct Dataset {
    pub file: &'static str,
    pub columns: &'static [crate::load::table::Column],
}

/// The tables of the open-data set, each also a workbook ([`super::workbook`]); each one's title
/// and structure are in the catalogue (`opendata.<name>.title`, `.structure`), in Russian per
/// the guidelines (or the site's language).
pub const FILES: [Dataset; 7] = [
    Dataset {
        file: "markers.csv",
        columns: markers::COLUMNS,
    },
    Dataset {
        file: "indices.csv",
        columns: indices::COLUMNS,
    },
    Dataset {
        file: "results.csv",
        columns: results::COLUMNS,
    },
    Dataset {
        file: "tasks.csv",
        columns: tasks::COLUMNS,
    },
    Dataset {
        file: "orgs.csv",
        columns: orgs::COLUMNS,
    },
    Dataset {
        file: "effect.csv",
        columns: cycle::effect::COLUMNS,
    },
    Dataset {
        file: "indicators.csv",
        columns: cycle::indicators::COLUMNS,
    },
];

/// The passport of the set, a sheet of every workbook.
pub const META: Dataset = Dataset {
    file: "meta.csv",
    columns: meta::COLUMNS,
};

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
        YEAR = Column::number("year"),
        REGION = Column::named("region"),
        MUNICIPALITY = Column::named("municipality"),
        ORG = Column::named("org"),
        MARKER = Column::named("marker"),
        PROCEDURE = Column::named("procedure"),
        SUBJECT = Column::named("subject"),
        GRADE = Column::number("grade"),
        VALUE = Column::number("value"),
        THRESHOLD = Column::number("threshold"),
    }
}

schema! {
    /// opendata/indices.csv: a region's or municipality's objectivity index in a year.
    pub mod indices {
        YEAR = Column::number("year"),
        ORG = Column::named("org"),
        KIND = Column::named("kind"),
        EVALUATED = Column::number("evaluated"),
        FLAGGED = Column::number("flagged"),
        OBJECTIVITY_INDEX = Column::number("objectivity_index"),
    }
}

schema! {
    /// opendata/results.csv: one school-cell a row.
    pub mod results {
        YEAR = Column::number("year"),
        REGION = Column::named("region"),
        MUNICIPALITY = Column::named("municipality"),
        ORG = Column::named("org"),
        PROCEDURE = Column::named("procedure"),
        SUBJECT = Column::named("subject"),
        GRADE = Column::number("grade"),
        PARTICIPANTS = Column::number("participants"),
        SUPPRESSED = Column::number("suppressed"),
        MARK2_PCT = Column::number("mark2_pct"),
        MARK3_PCT = Column::number("mark3_pct"),
        MARK4_PCT = Column::number("mark4_pct"),
        MARK5_PCT = Column::number("mark5_pct"),
        SCORE_MEAN = Column::number("score_mean"),
        LOWERED_PCT = Column::number("lowered_pct"),
        CONFIRMED_PCT = Column::number("confirmed_pct"),
        RAISED_PCT = Column::number("raised_pct"),
    }
}

schema! {
    /// opendata/tasks.csv: one task of a published school-cell a row.
    pub mod tasks {
        YEAR = Column::number("year"),
        REGION = Column::named("region"),
        MUNICIPALITY = Column::named("municipality"),
        ORG = Column::named("org"),
        PROCEDURE = Column::named("procedure"),
        SUBJECT = Column::named("subject"),
        GRADE = Column::number("grade"),
        TASK = Column::named("task"),
        MAX_POINTS = Column::number("max_points"),
        MAX_INFERRED = Column::number("max_inferred"),
        LEVEL = Column::named("level"),
        SCHOOL_PCT = Column::number("school_pct"),
        MUNICIPALITY_PCT = Column::number("municipality_pct"),
        REGION_PCT = Column::number("region_pct"),
        NOT_MASTERED = Column::number("not_mastered"),
        SKILLS = Column::named("skills"),
        MARK2_PCT = Column::number("mark2_pct"),
        MARK3_PCT = Column::number("mark3_pct"),
        MARK4_PCT = Column::number("mark4_pct"),
        MARK5_PCT = Column::number("mark5_pct"),
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

/// A cell of a CSV written through [`as_text`] as it was before: the apostrophe taken off the
/// text it guards (for a workbook, whose text cells are never run).
pub fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(text) if as_text(text) == cell => text,
        _ => cell,
    }
}

/// An open-data table written row by row into the site (never held whole): UTF-8 with a
/// byte-order mark, every text cell safe in a spreadsheet ([`as_text`]).
struct Table {
    path: String,
    csv: csv::Writer<Sink>,
    row: Record,
    failed: Option<csv::Error>,
}

impl Table {
    fn start(out: &mut Output, name: &str, header: &'static [&'static str]) -> Table {
        let path = format!("opendata/{name}");
        let mut sink = out.start(&path);
        let bom = std::io::Write::write_all(&mut sink, b"\xEF\xBB\xBF");
        let mut t = Table {
            path,
            csv: csv::Writer::from_writer(sink),
            row: Record::of(header),
            failed: bom.err().map(csv::Error::from),
        };
        let names: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        t.put(&names);
        t
    }

    /// The next row, emptied.
    fn row(&mut self) -> &mut Record {
        self.row.clear();
        &mut self.row
    }

    /// Writes the row filled since [`Table::row`].
    fn write(&mut self) {
        let fields = self.row.fields().to_vec();
        self.put(&fields);
    }

    fn put(&mut self, fields: &[String]) {
        if self.failed.is_none() {
            let cells = fields.iter().map(|cell| as_text(cell));
            self.failed = self.csv.write_record(cells.map(|c| c.into_owned())).err();
        }
    }

    /// Puts the table in place; returns its size.
    fn finish(self, out: &mut Output) -> usize {
        let Table {
            path, csv, failed, ..
        } = self;
        match (failed, csv.into_inner()) {
            (None, Ok(sink)) => {
                out.finish(&path, FileKind::Data, sink);
                out.size_of(&path)
            }
            (Some(e), _) => {
                out.fail(anyhow::Error::new(e).context(path));
                0
            }
            (None, Err(e)) => {
                out.fail(anyhow::Error::new(e.into_error()).context(path));
                0
            }
        }
    }
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

/// markers.csv: every marker raised and every flag of the official list, by year and
/// organization (the one table sorted apart: it has a row per marker, far fewer than cells).
fn markers_table(f: &Facts, keep: &dyn Fn(OrgId) -> bool, out: &mut Output) -> usize {
    use markers::*;
    let project = f.project;
    let official = project.official.iter().filter(|o| keep(o.org)).map(|o| {
        let mut row = Record::of(HEADER);
        place(&mut row, project, o.key.year, o.org);
        row.set(MARKER, "official");
        work(&mut row, project, o.key, [PROCEDURE, SUBJECT, GRADE]);
        row
    });
    let mut rows: Vec<Record> = f
        .ind
        .hits
        .iter()
        .filter(|h| keep(h.school))
        .map(|h| {
            let mut row = Record::of(HEADER);
            place(&mut row, project, h.year, h.school);
            let numbers = f.gate.numbers(h).map(|n| n.value());
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
    let mut t = Table::start(out, "markers.csv", HEADER);
    for row in rows {
        *t.row() = row;
        t.write();
    }
    t.finish(out)
}

/// indices.csv: every region's and municipality's index, every year.
fn indices_table(f: &Facts, keep: &dyn Fn(OrgId) -> bool, out: &mut Output) -> usize {
    use indices::*;
    let mut rows: Vec<&crate::indicators::IndexRow> =
        f.ind.indices.iter().filter(|r| keep(r.org)).collect();
    let id = |r: &crate::indicators::IndexRow| f.project.orgs.get(r.org).id.clone();
    rows.sort_by_cached_key(|r| (r.year, id(r)));
    let mut t = Table::start(out, "indices.csv", HEADER);
    for r in rows {
        let org = f.project.orgs.get(r.org);
        t.row()
            .set(YEAR, r.year)
            .set(ORG, &org.id)
            .set(KIND, org.kind.code())
            .set(EVALUATED, r.evaluated)
            .set(FLAGGED, r.flagged)
            .set(
                OBJECTIVITY_INDEX,
                r.index.map_or_else(String::new, |i| fixed(i, 2)),
            );
        t.write();
    }
    t.finish(out)
}

/// results.csv: every school-cell, its figures where the gate lets them through.
fn results_table(f: &Facts, keep: &dyn Fn(OrgId) -> bool, out: &mut Output) -> usize {
    use results::*;
    let project = f.project;
    let mut t = Table::start(out, "results.csv", HEADER);
    for sc in project.cells.keys().filter(|sc| keep(sc.org)) {
        let row = t.row();
        place(row, project, sc.key.year, sc.org);
        work(row, project, sc.key, [PROCEDURE, SUBJECT, GRADE]);
        match f.gate.cell(sc) {
            None => {
                row.set(SUPPRESSED, 1);
            }
            Some(cell) => {
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
            }
        }
        t.write();
    }
    t.finish(out)
}

/// tasks.csv: the task analysis of every published school-cell with task scores, as the pages
/// show it ([`Facts::task_rows`]).
fn tasks_table(f: &Facts, keep: &dyn Fn(OrgId) -> bool, out: &mut Output) -> usize {
    use tasks::*;
    let project = f.project;
    let opt = |v: Option<f64>| v.map_or_else(String::new, |v| fixed(v, 1));
    let mut t = Table::start(out, "tasks.csv", HEADER);
    for sc in project.cells.keys().filter(|sc| keep(sc.org)) {
        let groups = f.gate.cell(sc).and_then(|c| c.mark_groups());
        let defs = project.tasks.get(&sc.key);
        for task in f.task_rows(sc) {
            let row = t.row();
            place(row, project, sc.key.year, sc.org);
            work(row, project, sc.key, [PROCEDURE, SUBJECT, GRADE]);
            row.set(TASK, &task.label)
                .set(MAX_POINTS, task.max)
                .set(MAX_INFERRED, u8::from(task.inferred))
                .set(LEVEL, task.level.map_or("", |l| l.code()))
                .set(SCHOOL_PCT, opt(task.school))
                .set(MUNICIPALITY_PCT, opt(task.municipality))
                .set(REGION_PCT, opt(task.region))
                .set(NOT_MASTERED, u8::from(task.not_mastered))
                .set(
                    SKILLS,
                    defs.and_then(|d| d.get(task.index))
                        .map_or_else(String::new, |d| d.skills.join(";")),
                );
            // The share of each group of pupils by ВПР mark, where the gate shows the group.
            for (column, mark) in [
                (MARK2_PCT, 2),
                (MARK3_PCT, 3),
                (MARK4_PCT, 4),
                (MARK5_PCT, 5),
            ] {
                row.set(
                    column,
                    opt(groups.and_then(|g| g.share(task.index, mark, task.max))),
                );
            }
            t.write();
        }
    }
    t.finish(out)
}

/// orgs.csv: every organization `keep` accepts, with its municipality and region.
fn orgs_table(f: &Facts, keep: &dyn Fn(OrgId) -> bool, out: &mut Output) -> usize {
    use orgs::*;
    let all = &f.project.orgs;
    let id = |o: Option<OrgId>| o.map_or_else(String::new, |o| all.get(o).id.clone());
    let mut t = Table::start(out, "orgs.csv", HEADER);
    for o in all.ids().filter(|&o| keep(o)) {
        let org = all.get(o);
        t.row()
            .set(ID, &org.id)
            .set(NAME, &org.name)
            .set(KIND, org.kind.code())
            .set(PARENT, id(org.parent))
            .set(MUNICIPALITY, id(all.ancestor(o, Kind::Municipality)))
            .set(REGION, id(all.ancestor(o, Kind::Region)));
        t.write();
    }
    t.finish(out)
}

/// The passport (паспорт набора открытых данных) as `property,value` rows.
fn meta_table(project: &Project, out: &mut Output) {
    let date = project
        .config
        .as_of
        .map_or_else(String::new, |d| d.to_string());
    let lang = project.lang();
    let publication = &project.config.publication;
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
        (
            "creator".into(),
            publication
                .publisher
                .clone()
                .unwrap_or_else(|| project.config.title.clone()),
        ),
        ("created".into(), date.clone()),
        ("modified".into(), date.clone()),
        ("valid".into(), date),
        ("format".into(), "csv; xlsx".into()),
        ("encoding".into(), msg_in!(lang, "opendata.meta_encoding")),
        ("subject".into(), msg_in!(lang, "opendata.meta_subject")),
    ];
    properties.extend(passport_publication(publication));
    for Dataset { file, .. } in FILES {
        let (title, structure) = described(file, lang);
        properties.push((format!("data-{file}"), format!("{title}: {structure}")));
    }
    if project.config.demo {
        properties.push(("note".into(), msg_in!(lang, "opendata.meta_demo")));
    }
    let mut t = Table::start(out, META.file, meta::HEADER);
    for (property, value) in properties {
        t.row()
            .set(meta::PROPERTY, property)
            .set(meta::VALUE, value);
        t.write();
    }
    t.finish(out);
}

/// The passport's rows of who publishes the data and under what licence, named as the Russian
/// open-data recommendations name them (`publishername`, `publisherphone`, `publishermbox`), each
/// only when config.yaml gives it; `license` always (with its text's address when well known).
fn passport_publication(p: &crate::model::publication::Publication) -> Vec<(String, String)> {
    use crate::model::publication::{licence_url, ContactKind};
    let mut rows = Vec::new();
    if let Some(name) = &p.publisher {
        rows.push(("publishername".to_owned(), name.clone()));
    }
    if let Some(contact) = &p.contact {
        for (key, kind) in [
            ("publisherphone", ContactKind::Phone),
            ("publishermbox", ContactKind::Email),
        ] {
            let parts = contact.of_kind(kind);
            if !parts.is_empty() {
                rows.push((key.to_owned(), parts));
            }
        }
        rows.push(("publishercontact".to_owned(), contact.text()));
    }
    let licence = match licence_url(&p.licence) {
        Some(url) => format!("{} ({url})", p.licence),
        None => p.licence.clone(),
    };
    rows.push(("license".to_owned(), licence));
    rows
}

/// The sizes of a table's CSV and workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub csv: usize,
    pub xlsx: usize,
}

/// Writes every open-data table into the site, row by row, with the rows of the organizations
/// `keep` accepts, then each one's workbook; returns each file of [`FILES`] with its sizes, for
/// the open-data page.
pub fn write(
    f: &Facts,
    out: &mut Output,
    keep: &dyn Fn(OrgId) -> bool,
) -> Vec<(&'static str, Sizes)> {
    let csv = [
        ("markers.csv", markers_table(f, keep, out)),
        ("indices.csv", indices_table(f, keep, out)),
        ("results.csv", results_table(f, keep, out)),
        ("tasks.csv", tasks_table(f, keep, out)),
        ("orgs.csv", orgs_table(f, keep, out)),
        ("effect.csv", cycle::effect_table(f, keep, out)),
        ("indicators.csv", cycle::indicators_table(f, keep, out)),
    ];
    meta_table(f.project, out);
    super::workbook::write(f.project, out);
    csv.map(|(name, csv)| {
        let xlsx = out.size_of(&format!("opendata/{}", super::workbook::of(name)));
        (name, Sizes { csv, xlsx })
    })
    .to_vec()
}

#[derive(Serialize)]
struct FileView {
    link: Link,
    /// The same table as an Excel workbook.
    xlsx: Link,
    title: String,
    structure: String,
    /// The CSV's and the workbook's sizes in КБ or МБ.
    size: String,
    xlsx_size: String,
}

#[derive(Serialize)]
struct OpendataView {
    files: Vec<FileView>,
    meta: Link,
    skipped: Vec<(String, usize)>,
    min_publish: u32,
}

/// The open-data page; `sizes` are what [`super::opendata::write`] wrote.
fn opendata_page(r: &Renderer, sizes: &[(&'static str, Sizes)], out: &mut Output) -> Result<()> {
    let f = &r.facts;
    let path = urls::OPENDATA;
    let here = super::views::Here::new(path);
    let lang = f.project.lang();
    let files = sizes
        .iter()
        .map(|&(name, size)| {
            let (title, structure) = described(name, lang);
            let xlsx = super::workbook::of(name);
            FileView {
                link: here.link(name, &format!("opendata/{name}")),
                xlsx: here.link(&xlsx, &format!("opendata/{xlsx}")),
                title,
                structure,
                size: crate::format::size_in(lang, size.csv),
                xlsx_size: crate::format::size_in(lang, size.xlsx),
            }
        })
        .collect();
    let view = OpendataView {
        files,
        meta: here.link(META.file, &format!("opendata/{}", META.file)),
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
        let sizes = write(&r.facts, out, &|org| scope.keeps(org));
        opendata_page(r, &sizes, out)
    }

    fn alongside(&self) -> bool {
        true
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
            assert_eq!(super::unguarded(written), cell, "{written:?}");
        }
        for kept in ["'quoted'", "'-3.5", "''=1"] {
            assert_eq!(super::unguarded(kept), kept);
        }
    }
}
