//! The project's results as an import sees them: which schools each work already has, how many
//! pupils and what rows, and in which files; and how an import's rows change those files.
//!
//! A results file's identity is its work (year, procedure, subject, grade) and its schools, never
//! its name: the import writes the rows of each work and region to
//! `data/results/<year>/<region>/<procedure>_<subject>_<grade>.csv`, and a school's rows that it
//! replaces are removed from whichever file of `data/results/` or `data/aggregates/` holds them.
//! Files are rewritten record by record: a record that stays keeps its bytes.

use crate::load::table::{detect_delimiter, normalize_header, Column};
use crate::model::{Procedure, Subjects};
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;

/// (year, procedure code, subject code, grade): one work.
pub type Work = (u16, String, String, u8);

/// A school of a work: (work, the school's id in lower case).
pub type Key = (Work, String);

use crate::load::results::{aggregates, results};

/// The columns that tell one pupil's row from another's (all but the work and the school).
const PUPIL: std::ops::RangeInclusive<usize> = results::PARTICIPANT..=results::TASKS;

/// A school's rows of one work: how many pupils and a digest of what their rows say, so that
/// the same export imported again is recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Holding {
    pub pupils: u32,
    pub digest: u64,
}

impl Holding {
    /// Adds one pupil's row, given as the values of the results schema's pupil columns.
    pub fn add(&mut self, pupil: &[&str]) {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for field in pupil {
            for b in field.trim().bytes().chain([0x1f]) {
                hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        // A sum: the same rows in any order give the same digest.
        self.digest = self.digest.wrapping_add(hash);
        self.pupils += 1;
    }
}

/// Where one record sits in a file's text, and whose it is.
struct Record {
    bytes: Range<usize>,
    key: Option<Key>,
}

/// A results or aggregates file read for its work and school columns.
struct Scanned {
    delimiter: u8,
    /// The header's columns in normalised form.
    names: Vec<String>,
    /// Where the records start (after the header).
    body: usize,
    records: Vec<Record>,
    /// Pupil columns' positions (the results schema's [`PUPIL`]); `None` for aggregates.
    pupil_columns: Option<Vec<Option<usize>>>,
    /// The participants column of an aggregates file.
    participants: Option<usize>,
}

fn position(names: &[String], column: &Column) -> Option<usize> {
    names
        .iter()
        .position(|n| n == column.name || column.aliases.contains(&n.as_str()))
}

/// Reads `text` for its records' works and schools; `None` when it has no such columns (it is
/// then not a results file, and `oko check` says so).
fn scan(text: &str, subjects: &Subjects) -> Option<Scanned> {
    let delimiter = detect_delimiter(text.lines().next().unwrap_or(""));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let names: Vec<String> = reader
        .headers()
        .ok()?
        .iter()
        .map(normalize_header)
        .collect();
    let key_columns = results::YEAR..=results::ORG;
    let at: Vec<usize> = results::COLUMNS[key_columns]
        .iter()
        .map(|c| position(&names, c))
        .collect::<Option<_>>()?;
    let participants = position(&names, &aggregates::COLUMNS[aggregates::PARTICIPANTS]);
    let pupil_columns = participants.is_none().then(|| {
        results::COLUMNS[PUPIL]
            .iter()
            .map(|c| position(&names, c))
            .collect()
    });
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut start = reader.position().byte() as usize;
    let body = start;
    while reader.read_record(&mut record).unwrap_or(false) {
        let end = reader.position().byte() as usize;
        let field = |k: usize| record.get(at[k - results::YEAR]).unwrap_or("").trim();
        let key = (|| {
            let year = field(results::YEAR).parse().ok()?;
            let procedure = Procedure::parse(field(results::PROCEDURE))?
                .code()
                .to_owned();
            let subject = subjects
                .code(subjects.find(field(results::SUBJECT))?)
                .to_owned();
            let grade = field(results::GRADE).parse().ok()?;
            Some((
                (year, procedure, subject, grade),
                field(results::ORG).to_lowercase(),
            ))
        })();
        records.push(Record {
            bytes: start..end,
            key,
        });
        start = end;
    }
    Some(Scanned {
        delimiter,
        names,
        body,
        records,
        pupil_columns,
        participants,
    })
}

/// The results of a project: every school of every work, with the files that hold its rows.
pub struct Results {
    /// Root-relative paths of the files read.
    files: Vec<String>,
    holdings: HashMap<Key, (Holding, BTreeSet<usize>)>,
}

/// Files with one of `extensions` below `dir` of `root`, root-relative with `/`, in path order;
/// symbolic links are not followed (the loader refuses them).
fn csv_files(root: &Path, dir: &str) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root.join(dir))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
        })
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            Some(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        })
        .collect();
    out.sort();
    out
}

fn read(root: &Path, rel: &str) -> Result<String> {
    let path = root.join(rel);
    let bytes = std::fs::read(&path)
        .with_context(|| crate::i18n::msg!("io.read", path = path.display()))?;
    crate::load::text::decode_owned(bytes)
        .map(|(t, _)| t)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

impl Results {
    /// Reads every file of `data/results/` and `data/aggregates/`.
    pub fn open(root: &Path, subjects: &Subjects) -> Result<Results> {
        let mut files = csv_files(root, "data/results");
        files.extend(csv_files(root, "data/aggregates"));
        let mut holdings: HashMap<Key, (Holding, BTreeSet<usize>)> = HashMap::new();
        for (i, rel) in files.iter().enumerate() {
            let text = read(root, rel)?;
            let Some(scanned) = scan(&text, subjects) else {
                continue;
            };
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(scanned.delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(&text.as_bytes()[scanned.body..]);
            for (record, fields) in scanned.records.iter().zip(reader.records()) {
                let (Some(key), Ok(fields)) = (&record.key, fields) else {
                    continue;
                };
                let (holding, places) = holdings.entry(key.clone()).or_default();
                places.insert(i);
                match (&scanned.pupil_columns, scanned.participants) {
                    (Some(columns), _) => {
                        let pupil: Vec<&str> = columns
                            .iter()
                            .map(|c| c.and_then(|c| fields.get(c)).unwrap_or(""))
                            .collect();
                        holding.add(&pupil);
                    }
                    (None, Some(p)) => {
                        // A summary row: its pupils, and a digest no pupil rows can have.
                        let n: u32 = fields.get(p).unwrap_or("").trim().parse().unwrap_or(0);
                        holding.pupils += n;
                        holding.digest = holding.digest.wrapping_add(1);
                    }
                    (None, None) => {}
                }
            }
        }
        Ok(Results { files, holdings })
    }

    /// What the project has of `key`.
    pub fn get(&self, key: &Key) -> Option<Holding> {
        self.holdings.get(key).map(|(h, _)| *h)
    }

    /// The files that hold rows of any of `keys`.
    fn files_of<'a>(&'a self, keys: impl IntoIterator<Item = &'a Key>) -> BTreeSet<&'a str> {
        keys.into_iter()
            .filter_map(|k| self.holdings.get(k))
            .flat_map(|(_, places)| places.iter().map(|&i| self.files[i].as_str()))
            .collect()
    }
}

/// The rows an import adds to one file: each a record of the results schema.
pub type NewRows = Vec<crate::load::table::Record>;

/// The path the import writes the rows of a work and region to.
pub fn target(work: &Work, region: &str) -> String {
    let (year, procedure, subject, grade) = work;
    format!(
        "data/results/{year}/{region}/{}_{subject}_{grade}.csv",
        procedure.to_lowercase()
    )
}

/// Stages the changes: the rows of `dropped` removed from every file that holds them, `added`
/// appended to their target files (created with the results schema's header when new, else
/// written in the file's
/// own columns and delimiter). Returns the files written.
pub fn stage(
    tx: &mut crate::transaction::Transaction,
    results: &Results,
    subjects: &Subjects,
    dropped: &BTreeSet<Key>,
    added: &BTreeMap<String, NewRows>,
) -> Result<Vec<String>> {
    let root = tx.root().to_owned();
    let mut touched: BTreeSet<String> = results
        .files_of(dropped)
        .into_iter()
        .map(str::to_owned)
        .collect();
    touched.extend(added.keys().cloned());
    for rel in &touched {
        let existing = match root.join(rel).exists() {
            true => Some(read(&root, rel)?),
            false => None,
        };
        let scanned = existing.as_deref().and_then(|t| scan(t, subjects));
        let mut out = Vec::new();
        let mut kept = 0usize;
        let delimiter = match (&existing, &scanned) {
            (Some(text), Some(s)) => {
                out.extend_from_slice(&text.as_bytes()[..s.body]);
                for r in &s.records {
                    if r.key.as_ref().is_none_or(|k| !dropped.contains(k)) {
                        out.extend_from_slice(&text.as_bytes()[r.bytes.clone()]);
                        if !out.ends_with(b"\n") {
                            out.push(b'\n');
                        }
                        kept += 1;
                    }
                }
                s.delimiter
            }
            _ => {
                out.extend(results::HEADER.join(",").bytes());
                out.push(b'\n');
                b','
            }
        };
        if let Some(rows) = added.get(rel) {
            // In the file's own columns: each of its header's names takes the value of the
            // same column of ours, an unknown one stays empty.
            let order: Vec<Option<usize>> = match &scanned {
                Some(s) => s
                    .names
                    .iter()
                    .map(|n| results::HEADER.iter().position(|h| h == n))
                    .collect(),
                None => (0..results::HEADER.len()).map(Some).collect(),
            };
            let mut writer = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .from_writer(Vec::new());
            for row in rows {
                let fields = row.fields();
                writer.write_record(order.iter().map(|k| k.map_or("", |k| fields[k].as_str())))?;
                kept += 1;
            }
            out.extend(writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?);
        }
        if kept == 0 {
            tx.remove(rel);
        } else {
            tx.write(rel, &out)?;
        }
    }
    Ok(touched.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_is_the_same_for_the_same_rows_in_any_order_and_differs_otherwise() {
        let (mut a, mut b, mut c) = (Holding::default(), Holding::default(), Holding::default());
        a.add(&["1", "5", "", "4", "4А", "1", "1|2"]);
        a.add(&["2", "7", "", "5", "4А", "2", "2|2"]);
        b.add(&["2", "7", "", "5", "4А", "2", "2|2"]);
        b.add(&["1", "5", "", "4", "4А", "1", "1|2"]);
        c.add(&["1", "5", "", "4", "4А", "1", "1|2"]);
        c.add(&["2", "7", "", "5", "4Б", "2", "2|2"]);
        assert_eq!(a, b);
        assert_ne!(a.digest, c.digest);
        assert_eq!(a.pupils, 2);
    }

    #[test]
    fn scanning_finds_each_records_bytes_work_and_school() {
        let text = "year;procedure;subject;grade;org;participant;score\n\
                    2021;ВПР;Математика;4;Sch1;a;5\n2021;VPR;ma;4;sch2;\"b\nc\";6\n";
        let s = scan(text, &Subjects::default()).unwrap();
        let work: Work = (2021, "VPR".into(), "ma".into(), 4);
        assert_eq!(s.records.len(), 2);
        assert_eq!(s.records[0].key, Some((work.clone(), "sch1".into())));
        assert_eq!(s.records[1].key, Some((work, "sch2".into())));
        assert_eq!(
            &text[s.records[1].bytes.clone()],
            "2021;VPR;ma;4;sch2;\"b\nc\";6\n"
        );
    }
}
