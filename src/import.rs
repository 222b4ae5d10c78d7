//! `oko import fisoko FILE...`: ФИС ОКО exports (xlsx) into the project's canonical CSV.
//!
//! Both layouts are read: the «Протокол» sheet (`Пользователь, Код региона, Регион, Муниципалитет,
//! Школа, …, Код, Вариант, <tasks>, Наименование класса, Пол, Отметка за предыдущий …, Итого
//! баллов`) and the older pupil sheet (`логин школы, регион, номер обучающегося, код обучающегося,
//! отметка за предыдущую четверть/триместр, пол, класс, вариант, всего баллов, …`). Each file
//! becomes `data/results/<year>/<procedure>_<subject>_<grade>_<file>.csv`, written whole, so
//! importing the same file again changes nothing; organizations it names that orgs.csv lacks are
//! appended to it.

use crate::load::table::normalize_header;
use crate::model::{Procedure, Subjects};
use anyhow::{anyhow, bail, Context, Result};
use calamine::{Data, Reader};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What an import is told; what it is not told it reads from the file's name and folders.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub year: Option<u16>,
    pub procedure: Option<Procedure>,
    pub subject: Option<String>,
    pub grade: Option<u8>,
}

/// What one file gave.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub file: String,
    pub written: String,
    pub rows: usize,
    pub absent: usize,
    pub schools: usize,
    pub municipalities: usize,
    pub new_orgs: usize,
}

/// The assessment a file holds.
struct Assessment {
    year: u16,
    procedure: Procedure,
    subject: String,
    grade: u8,
}

/// Russian stems of subject names as they appear in file names («по математике», «Русский язык»).
const STEMS: &[(&str, &str)] = &[
    ("математ", "ma"),
    ("русск", "ru"),
    ("окружающ", "okr"),
    ("биолог", "bi"),
    ("географ", "gg"),
    ("истори", "hi"),
    ("обществ", "ob"),
    ("физик", "fi"),
    ("хими", "ch"),
    ("английск", "en"),
    ("немецк", "de"),
    ("французск", "fr"),
    ("информат", "inf"),
    ("литерат", "lit"),
];

/// Year, procedure, subject and grade from the flags, else from the file's name and folders.
fn assessment(file: &Path, o: &Options) -> Result<Assessment> {
    let mut texts: Vec<String> = vec![file
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default()];
    texts.extend(
        file.ancestors()
            .skip(1)
            .take(3)
            .filter_map(|a| a.file_name())
            .map(|n| n.to_string_lossy().to_lowercase()),
    );
    let words: Vec<String> = texts
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()).map(str::to_owned))
        .collect();
    let year = o.year.or_else(|| {
        words
            .iter()
            .filter_map(|w| w.parse::<u16>().ok())
            .find(|y| (2000..=2100).contains(y))
    });
    let procedure = o
        .procedure
        .or_else(|| words.iter().find_map(|w| Procedure::parse(w)));
    let subject = o.subject.clone().or_else(|| {
        STEMS
            .iter()
            .find(|(stem, _)| texts.iter().any(|t| t.contains(stem)))
            .map(|(_, code)| code.to_string())
    });
    let grade = o.grade.or_else(|| {
        let in_name = texts[0]
            .split("класс")
            .next()
            .and_then(|before| {
                before
                    .split(|c: char| !c.is_ascii_digit())
                    .rfind(|w| !w.is_empty())
            })
            .filter(|_| texts[0].contains("класс"));
        let folder = texts[1..]
            .iter()
            .find(|t| t.parse::<u8>().is_ok_and(|g| (1..=11).contains(&g)))
            .map(String::as_str);
        in_name
            .or(folder)
            .and_then(|g| g.parse().ok())
            .filter(|g| (1..=11).contains(g))
    });
    let missing: Vec<&str> = [
        ("--year", year.is_none()),
        ("--procedure", procedure.is_none()),
        ("--subject", subject.is_none()),
        ("--grade", grade.is_none()),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(f, _)| *f)
    .collect();
    match (year, procedure, subject, grade) {
        (Some(year), Some(procedure), Some(subject), Some(grade)) => Ok(Assessment {
            year,
            procedure,
            subject,
            grade,
        }),
        _ => bail!(
            "{}: failed to tell the assessment from the file's name and folder; give {}",
            file.display(),
            missing.join(", ")
        ),
    }
}

/// A cell as text: numbers without a trailing `.0`, strings trimmed.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        other => other.to_string().trim().to_owned(),
    }
}

/// Columns an import needs, by the header names of either layout.
struct Columns {
    school: usize,
    participant: usize,
    score: usize,
    variant: Option<usize>,
    journal: Option<usize>,
    municipality: Option<usize>,
    school_name: Option<usize>,
    region_code: Option<usize>,
    region: Option<usize>,
}

fn columns(header: &[String]) -> Option<Columns> {
    let find = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    Some(Columns {
        school: find(&["пользователь", "логин школы", "логин оо"])?,
        participant: find(&["код", "код обучающегося", "код участника"])?,
        score: find(&["итого баллов", "всего баллов"])?,
        variant: find(&["вариант"]),
        journal: header
            .iter()
            .position(|h| h.starts_with("отметка за предыдущ")),
        municipality: find(&["муниципалитет"]),
        school_name: find(&["школа", "наименование оо"]),
        region_code: find(&["код региона"]),
        region: find(&["регион"]),
    })
}

/// `reg22_m045 | Табунский муниципальный район` → (id, name); a cell without `|` is a name.
fn id_and_name(cell: &str) -> (Option<String>, String) {
    match cell.split_once('|') {
        Some((id, name)) => (Some(id.trim().to_owned()), name.trim().to_owned()),
        None => (None, cell.trim().to_owned()),
    }
}

/// One organization to add to orgs.csv.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct NewOrg {
    kind_order: u8,
    id: String,
    name: String,
    kind: &'static str,
    parent: String,
}

/// Imports each file; returns one summary per file.
pub fn import(files: &[PathBuf], o: &Options) -> Result<Vec<Summary>> {
    let orgs_path = o.root.join("data/orgs.csv");
    let mut summaries = Vec::new();
    for file in files {
        let what = assessment(file, o)?;
        let subjects = Subjects::default();
        let subject = subjects
            .find(&what.subject)
            .map(|s| subjects.code(s).to_owned())
            .ok_or_else(|| anyhow!("unknown subject {:?}", what.subject))?;
        let mut workbook = calamine::open_workbook_auto(file)
            .with_context(|| format!("failed to open `{}` as a workbook", file.display()))?;
        let mut found = None;
        for name in workbook.sheet_names() {
            let range = workbook.worksheet_range(&name).with_context(|| {
                format!("failed to read sheet «{name}» of `{}`", file.display())
            })?;
            let rows: Vec<Vec<String>> =
                range.rows().map(|r| r.iter().map(text).collect()).collect();
            if let Some(at) = rows.iter().position(|r| {
                columns(&r.iter().map(|h| normalize_header(h)).collect::<Vec<_>>()).is_some()
            }) {
                found = Some((rows, at));
                break;
            }
        }
        let (rows, at) = found.ok_or_else(|| anyhow!("{}: failed to find a «Протокол» or pupil sheet (no header with «Итого баллов» or «всего баллов»)", file.display()))?;
        let header: Vec<String> = rows[at].iter().map(|h| normalize_header(h)).collect();
        let c = columns(&header).expect("the header row was found by these columns");
        let mut csv =
            String::from("year,procedure,subject,grade,org,participant,score,mark,journal_mark\n");
        let mut summary = Summary {
            file: file.display().to_string(),
            ..Summary::default()
        };
        let (mut schools, mut municipalities) = (BTreeSet::new(), BTreeSet::new());
        let mut new: BTreeMap<String, NewOrg> = BTreeMap::new();
        for (i, row) in rows.iter().enumerate().skip(at + 1) {
            let cell = |k: Option<usize>| k.and_then(|k| row.get(k)).map_or("", String::as_str);
            let school = cell(Some(c.school));
            if school.is_empty() {
                continue;
            }
            if cell(c.variant).to_lowercase().starts_with("отсутств") {
                summary.absent += 1;
                continue;
            }
            let score = cell(Some(c.score));
            if score.parse::<u32>().is_err() {
                bail!(
                    "{}: row {}: failed to parse the total score (found {score:?})",
                    file.display(),
                    i + 1
                );
            }
            let journal = cell(c.journal);
            let journal = if matches!(journal, "2" | "3" | "4" | "5") {
                journal
            } else {
                ""
            };
            let participant = cell(Some(c.participant));
            let _ = writeln!(
                csv,
                "{},{},{subject},{},{school},{participant},{score},,{journal}",
                what.year,
                what.procedure.code(),
                what.grade
            );
            summary.rows += 1;
            schools.insert(school.to_owned());
            let (mun_id, mun_name) = id_and_name(cell(c.municipality));
            let region = cell(c.region_code);
            let region_id = (!region.is_empty()).then(|| format!("reg{region}"));
            if let Some(m) = &mun_id {
                municipalities.insert(m.clone());
                if let Some(r) = &region_id {
                    new.entry(r.clone()).or_insert(NewOrg {
                        kind_order: 0,
                        id: r.clone(),
                        name: cell(c.region).to_owned(),
                        kind: "region",
                        parent: String::new(),
                    });
                }
                new.entry(m.clone()).or_insert(NewOrg {
                    kind_order: 1,
                    id: m.clone(),
                    name: mun_name,
                    kind: "municipality",
                    parent: region_id.clone().unwrap_or_default(),
                });
            }
            let (_, school_name) = id_and_name(cell(c.school_name));
            new.entry(school.to_owned()).or_insert(NewOrg {
                kind_order: 2,
                id: school.to_owned(),
                name: if school_name.is_empty() {
                    school.to_owned()
                } else {
                    school_name
                },
                kind: "school",
                parent: mun_id.unwrap_or_default(),
            });
        }
        let stem: String = file
            .file_stem()
            .map(|s| {
                s.to_string_lossy()
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '-'
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let rel = format!(
            "data/results/{}/{}_{subject}_{}_{}.csv",
            what.year,
            what.procedure.code().to_lowercase(),
            what.grade,
            crate::generate::id_hash(&stem) % 1_000_000
        );
        let target = o.root.join(&rel);
        std::fs::create_dir_all(target.parent().expect("results live in a folder"))?;
        std::fs::write(&target, csv)
            .with_context(|| format!("failed to write `{}`", target.display()))?;
        summary.new_orgs = add_orgs(&orgs_path, new.into_values().collect())?;
        summary.written = rel;
        summary.schools = schools.len();
        summary.municipalities = municipalities.len();
        summaries.push(summary);
    }
    Ok(summaries)
}

/// Appends the organizations orgs.csv does not have yet; returns how many.
fn add_orgs(path: &Path, mut orgs: Vec<NewOrg>) -> Result<usize> {
    let existing = match std::fs::read(path) {
        Ok(bytes) => {
            let (text, encoding) = crate::load::text::decode(&bytes)
                .map_err(|e| anyhow!("{}: {e}", path.display()))?;
            if encoding != crate::load::text::Encoding::Utf8 {
                bail!(
                    "{}: failed to add organizations: save it as UTF-8 first",
                    path.display()
                );
            }
            text
        }
        Err(_) => String::from("id,name,kind,parent\n"),
    };
    let delimiter = if existing.lines().next().unwrap_or("").contains(';') {
        ';'
    } else {
        ','
    };
    let known: BTreeSet<String> = existing
        .lines()
        .skip(1)
        .filter_map(|l| l.split(delimiter).next())
        .map(|s| s.trim().to_owned())
        .collect();
    orgs.retain(|o| !known.contains(&o.id));
    orgs.sort();
    if orgs.is_empty() {
        return Ok(0);
    }
    let mut text = existing;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    for o in &orgs {
        let name = format!("\"{}\"", o.name.replace('"', "\"\""));
        let _ = writeln!(
            text,
            "{}{delimiter}{name}{delimiter}{}{delimiter}{}",
            o.id, o.kind, o.parent
        );
    }
    std::fs::create_dir_all(path.parent().expect("orgs.csv lives in data/"))?;
    std::fs::write(path, text).with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(orgs.len())
}
