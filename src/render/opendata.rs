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
use crate::model::{Kind, OrgId, Project};
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

/// The columns that open every per-school file: when, and who within which region and municipality.
const PLACE: [&str; 4] = ["year", "region", "municipality", "org"];

/// `PLACE` followed by a file's own columns.
fn header_with(own: &[&'static str]) -> Vec<&'static str> {
    PLACE.iter().chain(own).copied().collect()
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

fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let write = |w: &mut csv::Writer<Vec<u8>>, r: &[String]| {
        w.write_record(r.iter().map(|cell| as_text(cell).into_owned()))
            .expect("writing to memory cannot fail")
    };
    write(
        &mut w,
        &header.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    );
    for r in &rows {
        write(&mut w, r);
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

/// Region and municipality ids of an organization, for the first columns of a row.
fn place(project: &Project, org: crate::model::OrgId) -> [String; 2] {
    let id = |k| {
        project
            .orgs
            .ancestor(org, k)
            .map_or_else(String::new, |o| project.orgs.get(o).id.clone())
    };
    [id(Kind::Region), id(Kind::Municipality)]
}

pub fn markers_csv(project: &Project, ind: &Indicators, keep: &dyn Fn(OrgId) -> bool) -> Vec<u8> {
    let gate = Gate::new(project, ind);
    let official = project.official.iter().filter(|f| keep(f.org)).map(|f| {
        let [region, municipality] = place(project, f.org);
        vec![
            f.key.year.to_string(),
            region,
            municipality,
            project.orgs.get(f.org).id.clone(),
            "official".to_owned(),
            f.key.procedure.code().to_owned(),
            project.subjects.code(f.key.subject).to_owned(),
            f.key.grade.to_string(),
            String::new(),
            String::new(),
        ]
    });
    let mut rows: Vec<Vec<String>> = ind
        .hits
        .iter()
        .filter(|h| keep(h.school))
        .map(|h| {
            let [region, municipality] = place(project, h.school);
            let numbers = gate.numbers(h).map(|n| n.value());
            vec![
                h.year.to_string(),
                region,
                municipality,
                project.orgs.get(h.school).id.clone(),
                h.marker.code().to_owned(),
                h.procedure
                    .map_or_else(String::new, |p| p.code().to_owned()),
                h.cell
                    .map_or_else(String::new, |c| project.subjects.code(c.subject).to_owned()),
                h.cell.map_or_else(String::new, |c| c.grade.to_string()),
                numbers
                    .and_then(|n| n.value)
                    .map_or_else(String::new, statistic),
                numbers
                    .and_then(|n| n.threshold)
                    .map_or_else(String::new, statistic),
            ]
        })
        .collect();
    rows.extend(official);
    // By year, then organization, as the computed rows are.
    rows.sort_by(|a, b| (&a[0], &a[3]).cmp(&(&b[0], &b[3])));
    csv_bytes(
        &header_with(&[
            "marker",
            "procedure",
            "subject",
            "grade",
            "value",
            "threshold",
        ]),
        rows,
    )
}

pub fn indices_csv(project: &Project, ind: &Indicators, keep: &dyn Fn(OrgId) -> bool) -> Vec<u8> {
    let mut rows: Vec<_> = ind
        .indices
        .iter()
        .filter(|r| keep(r.org))
        .map(|r| {
            let org = project.orgs.get(r.org);
            vec![
                r.year.to_string(),
                org.id.clone(),
                org.kind.code().to_owned(),
                r.evaluated.to_string(),
                r.flagged.to_string(),
                r.index.map_or_else(String::new, |i| fixed(i, 2)),
            ]
        })
        .collect();
    rows.sort();
    csv_bytes(
        &[
            "year",
            "org",
            "kind",
            "evaluated",
            "flagged",
            "objectivity_index",
        ],
        rows,
    )
}

pub fn results_csv(project: &Project, ind: &Indicators, keep: &dyn Fn(OrgId) -> bool) -> Vec<u8> {
    let gate = Gate::new(project, ind);
    let rows = project
        .cells
        .iter()
        .filter(|(sc, _)| keep(sc.org))
        .map(|(sc, _)| {
            let [region, municipality] = place(project, sc.org);
            let mut row = vec![
                sc.key.year.to_string(),
                region,
                municipality,
                project.orgs.get(sc.org).id.clone(),
                sc.key.procedure.code().to_owned(),
                project.subjects.code(sc.key.subject).to_owned(),
                sc.key.grade.to_string(),
            ];
            let Some(cell) = gate.cell(sc) else {
                row.push(String::new());
                row.push("1".to_owned());
                row.extend(std::iter::repeat_n(String::new(), 8));
                return row;
            };
            let n = cell.participants();
            row.push(n.to_string());
            row.push("0".to_owned());
            match cell.marks() {
                Some(m) => row.extend(m.iter().map(|&c| pct(c, n))),
                None => row.extend(std::iter::repeat_n(String::new(), 4)),
            }
            row.push(
                cell.moments()
                    .map_or_else(String::new, |m| fixed(m.mean, 2)),
            );
            match cell.confirmation() {
                Some(c) => row.extend(c.iter().map(|&x| pct(x, c.iter().sum()))),
                None => row.extend(std::iter::repeat_n(String::new(), 3)),
            }
            row
        })
        .collect();
    csv_bytes(
        &header_with(&[
            "procedure",
            "subject",
            "grade",
            "participants",
            "suppressed",
            "mark2_pct",
            "mark3_pct",
            "mark4_pct",
            "mark5_pct",
            "score_mean",
            "lowered_pct",
            "confirmed_pct",
            "raised_pct",
        ]),
        rows,
    )
}

/// Task analysis of every published school-cell with task scores ([`super::tasks::analyse`]).
pub fn tasks_csv(project: &Project, ind: &Indicators, keep: &dyn Fn(OrgId) -> bool) -> Vec<u8> {
    let gate = Gate::new(project, ind);
    let opt = |v: Option<f64>| v.map_or_else(String::new, |v| fixed(v, 1));
    let mut rows = Vec::new();
    for sc in project.cells.keys().filter(|sc| keep(sc.org)) {
        let [region, municipality] = place(project, sc.org);
        for t in super::tasks::analyse(project, &gate, sc) {
            rows.push(vec![
                sc.key.year.to_string(),
                region.clone(),
                municipality.clone(),
                project.orgs.get(sc.org).id.clone(),
                sc.key.procedure.code().to_owned(),
                project.subjects.code(sc.key.subject).to_owned(),
                sc.key.grade.to_string(),
                t.label,
                t.max.to_string(),
                u8::from(t.inferred).to_string(),
                t.level.map_or("", |l| l.code()).to_owned(),
                opt(t.school),
                opt(t.municipality),
                opt(t.region),
                u8::from(t.not_mastered).to_string(),
            ]);
        }
    }
    csv_bytes(
        &header_with(&[
            "procedure",
            "subject",
            "grade",
            "task",
            "max_points",
            "max_inferred",
            "level",
            "school_pct",
            "municipality_pct",
            "region_pct",
            "not_mastered",
        ]),
        rows,
    )
}

/// Every organization the `keep` filter accepts, with its municipality and region.
pub fn orgs_csv(project: &Project, keep: &dyn Fn(OrgId) -> bool) -> Vec<u8> {
    let orgs = &project.orgs;
    let id = |o: Option<OrgId>| o.map_or_else(String::new, |o| orgs.get(o).id.clone());
    let rows = orgs
        .ids()
        .filter(|&o| keep(o))
        .map(|o| {
            let org = orgs.get(o);
            vec![
                org.id.clone(),
                org.name.clone(),
                org.kind.code().to_owned(),
                id(org.parent),
                id(orgs.ancestor(o, Kind::Municipality)),
                id(orgs.ancestor(o, Kind::Region)),
            ]
        })
        .collect();
    csv_bytes(
        &["id", "name", "kind", "parent", "municipality", "region"],
        rows,
    )
}

/// The passport (паспорт набора открытых данных) as `property,value` rows.
pub fn meta_csv(project: &Project) -> Vec<u8> {
    let date = project
        .config
        .as_of
        .map_or_else(String::new, |d| d.to_string());
    let lang = project.lang();
    let mut rows = vec![
        vec![
            "standardversion".into(),
            "http://opendata.gosmonitor.ru/standard/3.0".into(),
        ],
        vec!["identifier".into(), "oko-objectivity".into()],
        vec!["title".into(), msg_in!(lang, "opendata.meta_title")],
        vec![
            "description".into(),
            format!(
                "{} {}",
                msg_in!(lang, "opendata.meta_description"),
                msg_in!(lang, "opendata.text_cells")
            ),
        ],
        vec!["creator".into(), project.config.title.clone()],
        vec!["created".into(), date.clone()],
        vec!["modified".into(), date.clone()],
        vec!["valid".into(), date],
        vec!["format".into(), "csv".into()],
        vec!["encoding".into(), msg_in!(lang, "opendata.meta_encoding")],
        vec!["subject".into(), msg_in!(lang, "opendata.meta_subject")],
    ];
    for file in FILES {
        let (title, structure) = described(file, lang);
        rows.push(vec![
            format!("data-{file}"),
            format!("{title}: {structure}"),
        ]);
    }
    if project.config.demo {
        rows.push(vec!["note".into(), msg_in!(lang, "opendata.meta_demo")]);
    }
    csv_bytes(&["property", "value"], rows)
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
