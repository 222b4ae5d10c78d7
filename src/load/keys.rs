//! The columns that every results-like table shares (year, procedure, subject, grade, org) and
//! the lookups that turn them into model keys.

use super::table::{Column, RowFields};
use crate::diag::Diagnostics;
use crate::model::config::InvalidRows;
use crate::model::{CellKey, Kind, OrgId, Orgs, Procedure, SubjectId, Subjects};

pub const YEAR: Column = Column::required("year", &["год"]);
pub const PROCEDURE: Column = Column::required("procedure", &["процедура", "оценочная процедура"]);
pub const SUBJECT: Column = Column::required("subject", &["предмет"]);
pub const GRADE: Column = Column::required("grade", &["параллель", "класс (параллель)"]);
pub const ORG: Column =
    Column::required("org", &["логин школы", "логин оо", "оо", "код оо", "школа"]);

/// The handles of the columns every results-like schema starts with: year, procedure, subject
/// and grade (each schema's own handles equal these: `schemas_start_with_the_key_columns`).
pub mod key {
    pub const YEAR: usize = 0;
    pub const PROCEDURE: usize = 1;
    pub const SUBJECT: usize = 2;
    pub const GRADE: usize = 3;
}

/// What a row needs to be resolved against.
pub struct Lookups<'a> {
    pub orgs: &'a Orgs,
    pub subjects: &'a Subjects,
    pub invalid_rows: InvalidRows,
    /// The tasks of each work, to check a row's task points against.
    pub tasks: &'a std::collections::BTreeMap<CellKey, Vec<crate::model::task::Task>>,
}

impl Lookups<'_> {
    pub fn year(&self, f: &mut RowFields, i: usize) -> Option<u16> {
        f.int(i, 2000..=2100).map(|y| y as u16)
    }

    pub fn procedure(&self, f: &mut RowFields, i: usize) -> Option<Procedure> {
        let p = Procedure::parse(f.text(i));
        if p.is_none() {
            f.fail(i, &crate::i18n::msg!("load.expected_procedure"));
        }
        p
    }

    pub fn subject(&self, f: &mut RowFields, i: usize) -> Option<SubjectId> {
        let s = self.subjects.find(f.text(i));
        if s.is_none() {
            let hint = crate::diag::did_you_mean(f.text(i), self.subjects.spellings());
            f.fail(i, &crate::i18n::msg!("load.expected_subject", hint = hint));
        }
        s
    }

    pub fn grade(&self, f: &mut RowFields, i: usize) -> Option<u8> {
        f.int(i, 1..=11).map(|g| g as u8)
    }

    /// An organization of the given kind from orgs.csv.
    pub fn org(&self, f: &mut RowFields, i: usize, kind: Kind) -> Option<OrgId> {
        let found = self
            .orgs
            .find(f.text(i))
            .filter(|&o| self.orgs.get(o).kind == kind);
        if found.is_none() {
            f.fail(
                i,
                &crate::i18n::msg!(
                    "load.expected_org",
                    kind = kind.word(crate::i18n::current())
                ),
            );
        }
        found
    }

    /// Year, procedure, subject and grade, the [`key`] columns a results-like schema starts with.
    pub fn cell_key(&self, f: &mut RowFields) -> Option<CellKey> {
        let (year, procedure, subject, grade) = (
            self.year(f, key::YEAR),
            self.procedure(f, key::PROCEDURE),
            self.subject(f, key::SUBJECT),
            self.grade(f, key::GRADE),
        );
        Some(CellKey {
            year: year?,
            procedure: procedure?,
            subject: subject?,
            grade: grade?,
        })
    }

    /// Files a finished row's problems: errors, or warnings under `invalid_rows: skip`.
    /// Returns whether the row may be used.
    pub fn settle(&self, f: RowFields, diags: &mut Diagnostics, skipped: &mut usize) -> bool {
        if f.diags.is_empty() {
            return true;
        }
        match self.invalid_rows {
            InvalidRows::Error => diags.extend(f.diags),
            InvalidRows::Skip => {
                *skipped += 1;
                diags.extend(f.diags.into_warnings());
            }
        }
        false
    }
}

/// The key columns of the previous row and what they resolved to. Rows of one file nearly always
/// share year, procedure, subject and grade, and come grouped by school, so most rows reuse the
/// previous row's lookups instead of parsing and searching again. A row whose columns failed is
/// never reused, so every bad row still reports its own error.
#[derive(Default)]
pub struct Memo {
    key_text: [String; 4],
    key: Option<CellKey>,
    org_text: String,
    org: Option<OrgId>,
}

impl Memo {
    /// As [`Lookups::cell_key`], reusing the previous row's result when its texts are the same.
    pub fn cell_key(&mut self, look: &Lookups, f: &mut RowFields) -> Option<CellKey> {
        if self.key.is_some() && (key::YEAR..=key::GRADE).all(|i| self.key_text[i] == f.text(i)) {
            return self.key;
        }
        self.key = look.cell_key(f);
        for (i, text) in self.key_text.iter_mut().enumerate() {
            text.clear();
            text.push_str(f.text(i));
        }
        self.key
    }

    /// As [`Lookups::org`], reusing the previous row's school when the id is the same.
    pub fn org(
        &mut self,
        look: &Lookups,
        f: &mut RowFields,
        i: usize,
        kind: Kind,
    ) -> Option<OrgId> {
        if self.org.is_some() && self.org_text == f.text(i) {
            return self.org;
        }
        self.org = look.org(f, i, kind);
        self.org_text.clear();
        self.org_text.push_str(f.text(i));
        self.org
    }
}

#[cfg(test)]
mod tests {
    use super::key;

    /// `Lookups::cell_key` and `Memo` read the key columns at [`key`]'s handles: every schema
    /// they read must start with them.
    #[test]
    fn schemas_start_with_the_key_columns() {
        use crate::load::{official, releases, results, scales, tasks};
        let starts = [
            (results::results::YEAR, results::results::GRADE),
            (results::aggregates::YEAR, results::aggregates::GRADE),
            (tasks::tasks::YEAR, tasks::tasks::GRADE),
            (scales::scale_table::YEAR, scales::scale_table::GRADE),
            (official::official::YEAR, official::official::GRADE),
            (releases::releases::YEAR, releases::releases::GRADE),
        ];
        for (year, grade) in starts {
            assert_eq!((year, grade), (key::YEAR, key::GRADE));
        }
        assert_eq!(
            (key::PROCEDURE, key::SUBJECT),
            (results::results::PROCEDURE, results::results::SUBJECT)
        );
    }
}
