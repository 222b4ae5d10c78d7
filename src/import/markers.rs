//! `oko import markers FILE.xlsx`: the ФИС ОКО list of schools with signs of biased results
//! (sheet «Признаки необъективности…»: `Год | Логин | Муниципалитет | ОО | 4 РУ | 4 МА | 5 РУ |
//! 5 МА | Количество маркеров`, a flag is `1`) into `data/official_markers.csv`
//! (`year,org,procedure,subject,grade`, procedure VPR). Other columns of the `N XX` form (grade,
//! subject abbreviation) are read alike. Re-importing a year replaces that year's rows; schools
//! and municipalities the list names are added to orgs.csv (see [`super::orgs_file`]).

use super::orgs_file::{clean_text, OrgsFile};
use super::protocol::id_and_name;
use super::{workbook, Refused};
use crate::load::table::normalize_header;
use crate::model::Subjects;
use anyhow::{anyhow, bail, Context, Result};
use std::collections::BTreeSet;
use std::path::Path;

/// `4 РУ` (also `4РУ`, `РУ 4`) → (4, ru); `None` for any other header.
fn flag_column(header: &str, subjects: &Subjects) -> Option<(u8, String)> {
    let h: String = normalize_header(header)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let digits_first = h.starts_with(|c: char| c.is_ascii_digit());
    let split = if digits_first {
        h.find(|c: char| !c.is_ascii_digit())?
    } else {
        h.find(|c: char| c.is_ascii_digit())?
    };
    let (a, b) = h.split_at(split);
    let (grade, subject) = if digits_first { (a, b) } else { (b, a) };
    let grade: u8 = grade.parse().ok().filter(|g| (1..=11).contains(g))?;
    let subject = subject.trim();
    let code = super::assessment::ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == subject)
        .map(|(_, c)| (*c).to_owned())
        .or_else(|| subjects.find(subject).map(|s| subjects.code(s).to_owned()))?;
    Some((grade, code))
}

/// Where a list's header is: (sheet, header row, year, login, municipality, name, flag columns).
type Found<'a> = (
    &'a workbook::Sheet,
    usize,
    usize,
    usize,
    Option<usize>,
    Option<usize>,
    Vec<(usize, (u8, String))>,
);

/// Finds the list's header row: «Год», «Логин» and columns such as «4 РУ».
fn find(sheets: &[workbook::Sheet]) -> Option<Found<'_>> {
    let subjects = Subjects::default();
    let named = sheets
        .iter()
        .filter(|s| s.name.trim().starts_with("Признаки"));
    for sheet in named.chain(sheets) {
        for (h, row) in sheet.rows.iter().take(50).enumerate() {
            let names: Vec<String> = row.iter().map(|c| normalize_header(c)).collect();
            let at = |n: &str| names.iter().position(|x| x == n);
            let flags: Vec<(usize, (u8, String))> = row
                .iter()
                .enumerate()
                .filter_map(|(i, c)| flag_column(c, &subjects).map(|f| (i, f)))
                .collect();
            let year = names.iter().position(|x| x.starts_with("год"));
            let login = at("логин").or(at("логин оо")).or(at("логин школы"));
            if let (Some(year), Some(login), false) = (year, login, flags.is_empty()) {
                let name = at("оо").or(at("наименование оо")).or(at("школа"));
                let mun = at("муниципалитет")
                    .or(at("муниципальное образование"))
                    .or(at("муниципальный район"));
                return Some((sheet, h, year, login, mun, name, flags));
            }
        }
    }
    None
}

/// Whether a workbook is an official list rather than a pupil export.
pub fn is_list(sheets: &[workbook::Sheet]) -> bool {
    find(sheets).is_some()
}

/// What one list gave.
#[derive(Debug, Default)]
pub struct Summary {
    pub file: String,
    pub years: Vec<u16>,
    pub schools: usize,
    pub flags: usize,
    pub new_orgs: usize,
    pub refused: Vec<Refused>,
}

/// Where the official list is in a project.
const PATH: &str = "data/official_markers.csv";

/// One flag row of official_markers.csv.
type Flag = (u16, String, String, String, u8);

/// Imports one official list into the project at `root`; `region` chooses the region of new
/// municipalities where orgs.csv has several.
pub fn import(
    file: &Path,
    root: &Path,
    region: Option<&str>,
    limits: &workbook::Limits,
    waiting: impl FnOnce(),
) -> Result<Summary> {
    let at = |e: String| anyhow!("{}: {e}", file.display());
    let sheets = workbook::read(file, limits)?;
    let found = find(&sheets);
    let (sheet, header_row, year_at, login_at, mun_at, name_at, flag_cols) =
        found.ok_or_else(|| at(crate::i18n::msg!("import.no_list")))?;

    let lock = crate::transaction::exclusive(root, waiting)?;
    let mut orgs = OrgsFile::open(root)?;
    // The region of new municipalities: as told, else the one region of the schools orgs.csv
    // already has, else the file's only region.
    let regions_of_known: BTreeSet<String> = sheet.rows[header_row + 1..]
        .iter()
        .filter_map(|r| r.get(login_at))
        .filter_map(|login| orgs.region_of(login.trim()))
        .collect();
    let region = match region {
        Some(r) => orgs
            .known(r)
            .map(str::to_owned)
            .ok_or_else(|| anyhow!(crate::i18n::msg!("import.no_region", id = r)))?,
        None if regions_of_known.len() == 1 => {
            regions_of_known.into_iter().next().expect("one region")
        }
        None => match orgs.only_region() {
            Some(r) => r,
            None if orgs.known("region").is_none() => orgs.region(None, "", None),
            None => bail!(crate::i18n::msg!("import.which_region")),
        },
    };
    let mut summary = Summary {
        file: file.display().to_string(),
        ..Summary::default()
    };
    let mut flags: BTreeSet<Flag> = BTreeSet::new();
    let mut years = BTreeSet::new();
    let mut schools = BTreeSet::new();
    for (i, row) in sheet.rows.iter().enumerate().skip(header_row + 1) {
        let line = i + 1;
        let cell = |k: Option<usize>| {
            k.and_then(|k| row.get(k))
                .map_or(String::new(), |s| clean_text(s))
        };
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let year_text = cell(Some(year_at));
        let Some(year) = super::assessment::year_of_date(&year_text) else {
            summary.refused.push(Refused {
                row: line,
                reason: crate::i18n::msg!("import.bad_year", year = year_text),
            });
            continue;
        };
        let login = cell(Some(login_at));
        let (mun_id, mun_name) = id_and_name(&cell(mun_at));
        let (_, name) = id_and_name(&cell(name_at));
        let school = match orgs.school(&login, &name, |orgs| {
            orgs.municipality(mun_id.as_deref(), &mun_name, &region)
        }) {
            Ok(school) => school,
            Err(reason) => {
                summary.refused.push(Refused { row: line, reason });
                continue;
            }
        };
        years.insert(year);
        schools.insert(school.clone());
        for (k, (grade, subject)) in &flag_cols {
            match cell(Some(*k)).as_str() {
                "1" | "1.0" => {
                    flags.insert((
                        year,
                        school.clone(),
                        "VPR".to_owned(),
                        subject.clone(),
                        *grade,
                    ));
                }
                "" | "0" => {}
                other => summary.refused.push(Refused {
                    row: line,
                    reason: crate::i18n::msg!("import.bad_flag", col = k + 1, flag = other),
                }),
            }
        }
    }
    let path = root.join(PATH);
    let mut kept: BTreeSet<Flag> = read_existing(&path)?
        .into_iter()
        .filter(|f| !years.contains(&f.0))
        .collect();
    summary.flags = flags.len();
    kept.extend(flags);
    let mut tx = crate::transaction::Transaction::begin(root, &lock)?;
    summary.new_orgs = orgs.save(&mut tx)?;
    use crate::load::official::official::{self as schema, GRADE, ORG, PROCEDURE, SUBJECT, YEAR};
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(schema::HEADER)?;
    let mut row = crate::load::table::Record::of(schema::HEADER);
    for (year, org, procedure, subject, grade) in &kept {
        row.set(YEAR, year)
            .set(ORG, org)
            .set(PROCEDURE, procedure)
            .set(SUBJECT, subject)
            .set(GRADE, grade);
        writer.write_record(row.fields())?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow!("{e}"))?;
    if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
        tx.write(PATH, &bytes)?;
    }
    tx.commit()?;
    summary.years = years.into_iter().collect();
    summary.schools = schools.len();
    Ok(summary)
}

/// The rows official_markers.csv already has (none when it does not exist).
fn read_existing(path: &Path) -> Result<Vec<Flag>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(e).with_context(|| crate::i18n::msg!("io.read", path = path.display()))
        }
    };
    let (text, _) =
        crate::load::text::decode(&bytes).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    use crate::load::official::official::{self as schema, GRADE, ORG, PROCEDURE, SUBJECT, YEAR};
    let mut out = Vec::new();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let names: Vec<String> = reader
        .headers()
        .map_err(|e| anyhow!("{}: {e}", path.display()))?
        .iter()
        .map(normalize_header)
        .collect();
    // Where each of the schema's columns is in the file (written in another order before).
    let at: Vec<Option<usize>> = schema::COLUMNS
        .iter()
        .map(|c| {
            names
                .iter()
                .position(|n| n == c.name || c.aliases.contains(&n.as_str()))
        })
        .collect();
    for (i, record) in reader.records().enumerate() {
        let r = record.map_err(|e| anyhow!("{}: {e}", path.display()))?;
        let bad = || {
            anyhow!(crate::i18n::msg!(
                "import.bad_row",
                file = path.display(),
                line = i + 2
            ))
        };
        let get = |k: usize| at[k].and_then(|c| r.get(c)).unwrap_or("").trim().to_owned();
        out.push((
            get(YEAR).parse().map_err(|_| bad())?,
            get(ORG),
            get(PROCEDURE),
            get(SUBJECT),
            get(GRADE).parse().map_err(|_| bad())?,
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_subject_columns_of_the_list() {
        let s = Subjects::default();
        assert_eq!(flag_column("4 РУ", &s), Some((4, "ru".into())));
        assert_eq!(flag_column(" 5  МА ", &s), Some((5, "ma".into())));
        assert_eq!(flag_column("11 ИС", &s), Some((11, "hi".into())));
        assert_eq!(flag_column("Количество маркеров", &s), None);
        assert_eq!(flag_column("12 РУ", &s), None);
        assert_eq!(flag_column("4РУ", &s), Some((4, "ru".into())));
        assert_eq!(flag_column("МА 5", &s), Some((5, "ma".into())));
        assert_eq!(flag_column("Год", &s), None);
    }
}
