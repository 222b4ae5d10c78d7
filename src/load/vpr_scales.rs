//! The official ВПР score-to-mark scales oko carries as data: `vpr-scales.csv` beside this file,
//! one row per work with the document it was read from (`source`), embedded in the binary.
//! Real «Протокол» exports carry no ВПР mark, so without a scale a work gets no marks, no
//! confirmation shares, no `low_confirmation` and no `boundary_peak`; these rows fill in the
//! works a project's own data/scales.csv does not list (the project's row always wins).
//!
//! Adding a year is appending its rows (docs/vpr-scales.md); the unit test below checks every
//! row. Subjects are written by their Russian names and resolve through [`Subjects::find`].

use super::scales;
use crate::diag::Diagnostics;
use crate::model::{CellKey, Scale, Subjects};
use std::collections::{BTreeMap, BTreeSet};

/// The table, as committed.
const TABLE: &str = include_str!("vpr-scales.csv");

/// Its name in messages.
const NAME: &str = "src/load/vpr-scales.csv";

/// Adds the official scale of every work `scales` lacks; returns the works that got one.
pub fn fill(scales: &mut BTreeMap<CellKey, Scale>, subjects: &Subjects) -> BTreeSet<CellKey> {
    // The table is checked by the test below, and a subject's Russian name always resolves
    // (config.yaml may rename a subject but never drops its built-in name).
    let mut unused = Diagnostics::default();
    let mut added = BTreeSet::new();
    for row in scales::rows(NAME, TABLE, subjects, &mut unused) {
        if let std::collections::btree_map::Entry::Vacant(slot) = scales.entry(row.key) {
            slot.insert(row.scale);
            added.insert(row.key);
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Procedure;

    /// Every row parses with its subject resolved, has 0 < mark3 < mark4 < mark5 ≤ max_score
    /// (checked by the parser), no variant and a source; no work is listed twice.
    #[test]
    fn every_built_in_row_parses_resolves_and_names_its_source() {
        let subjects = Subjects::default();
        let mut diags = Diagnostics::default();
        let rows = scales::rows(NAME, TABLE, &subjects, &mut diags);
        let problems: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(problems, Vec::<String>::new());
        let mut reader = csv::Reader::from_reader(TABLE.as_bytes());
        let header = reader.headers().unwrap().clone();
        let column = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (variant, source) = (column("variant"), column("source"));
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), records.len(), "every row is used");
        assert_eq!(rows.len(), 36);
        for r in &records {
            assert_eq!(&r[variant], "", "{r:?}");
            assert!(!r[source].trim().is_empty(), "{r:?}");
        }
        for r in &rows {
            let s = r.scale;
            assert!(0 < s.mark3 && s.mark3 < s.mark4 && s.mark4 < s.mark5);
            assert!(s.mark5 <= s.max_score, "{r:?}");
        }
        // Spot checks against the documents: Русский язык 4 and the «География 8» typo, whose
        // «5» range starts at 35 (also the top of «4» as printed).
        let key = |subject: &str, grade: u8| CellKey {
            year: 2021,
            procedure: Procedure::Vpr,
            subject: subjects.find(subject).unwrap(),
            grade,
        };
        let mut all = BTreeMap::new();
        let added = fill(&mut all, &subjects);
        assert_eq!(added.len(), 36);
        assert_eq!(
            all[&key("ru", 4)],
            Scale {
                max_score: 38,
                mark3: 14,
                mark4: 24,
                mark5: 33
            }
        );
        assert_eq!(
            all[&key("gg", 8)],
            Scale {
                max_score: 40,
                mark3: 13,
                mark4: 27,
                mark5: 35
            }
        );
        for (subject, grade) in [("en", 7), ("de", 7), ("fr", 7)] {
            assert_eq!(all[&key(subject, grade)].max_score, 30);
        }
    }

    #[test]
    fn the_projects_own_row_wins() {
        let subjects = Subjects::default();
        let ru4 = CellKey {
            year: 2021,
            procedure: Procedure::Vpr,
            subject: subjects.find("ru").unwrap(),
            grade: 4,
        };
        let own = Scale {
            max_score: 40,
            mark3: 15,
            mark4: 25,
            mark5: 35,
        };
        let mut scales = BTreeMap::from([(ru4, own)]);
        let added = fill(&mut scales, &subjects);
        assert_eq!(scales[&ru4], own);
        assert!(!added.contains(&ru4));
        assert_eq!(added.len(), 35);
        assert_eq!(scales.len(), 36);
    }
}
