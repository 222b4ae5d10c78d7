//! The in-memory model of a site project: organizations, result cells, plans and pages.
//!
//! Loaders build it; indicators read it; nothing in it knows about files or HTML. Participant codes
//! and single pupils' rows never enter it: results are kept as per-cell counts only.

pub mod cell;
pub mod config;
pub mod date;
pub mod map;
pub mod marker;
pub mod org;
pub mod plan;
pub mod publication;
pub mod recommendation;
pub mod release;
pub mod task;
pub mod vocab;

pub use cell::{Cell, CellKey, Detail, SchoolCell};
pub use date::Date;
pub use marker::Marker;
pub use org::{Kind, Org, OrgId, Orgs};
pub use plan::{Page, Plan};
pub use vocab::{Procedure, SubjectId, Subjects};

use std::collections::BTreeMap;

/// One score-to-mark scale: the lowest score that earns 3, 4 and 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub max_score: u16,
    pub mark3: u16,
    pub mark4: u16,
    pub mark5: u16,
}

impl Scale {
    /// The mark a score earns on this scale.
    pub fn mark(&self, score: u16) -> u8 {
        match score {
            s if s >= self.mark5 => 5,
            s if s >= self.mark4 => 4,
            s if s >= self.mark3 => 3,
            _ => 2,
        }
    }

    /// The boundaries b: the lowest score of marks 3, 4 and 5.
    pub fn boundaries(&self) -> [u16; 3] {
        [self.mark3, self.mark4, self.mark5]
    }
}

/// A project's own version of a built-in template (templates/NAME).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The template's name: the built-in template it replaces.
    pub name: String,
    /// Its path in the project, for messages.
    pub path: String,
    pub text: String,
}

/// How one procedure was watched in one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observation {
    pub video: bool,
    pub observers: bool,
}

/// Everything a build reads, validated.
#[derive(Debug, Default)]
pub struct Project {
    pub config: config::Config,
    pub orgs: Orgs,
    pub subjects: Subjects,
    /// Every work's scale: data/scales.csv, and oko's official ones where it has no row.
    pub scales: BTreeMap<CellKey, Scale>,
    /// The works whose scale is oko's official one ([`crate::load`]'s built-in table).
    pub builtin_scales: std::collections::BTreeSet<CellKey>,
    /// School-level result cells from participant rows or aggregates.
    pub cells: BTreeMap<SchoolCell, Cell>,
    pub observation: BTreeMap<(u16, Procedure, OrgId), Observation>,
    pub plans: Vec<Plan>,
    pub pages: Vec<Page>,
    /// The tasks of each work (data/tasks.csv).
    pub tasks: BTreeMap<CellKey, Vec<task::Task>>,
    /// The codifier of each work (data/codifier.csv): the text of the codes tasks name.
    pub codifier: BTreeMap<CellKey, task::Codifier>,
    /// The federal list «Признаки необъективности»: one school-cell per flag.
    pub official: std::collections::BTreeSet<SchoolCell>,
    /// Rows left out under `invalid_rows: skip`, per file.
    pub skipped_rows: BTreeMap<String, usize>,
    /// The project's template overrides (templates/*.html).
    pub templates: Vec<Override>,
    /// What earlier publishing builds released (data/releases.csv), oldest first.
    pub releases: Vec<release::Release>,
    /// The catalogue of recommendations in force: content/recommendations.yaml, else oko's own.
    pub recommendations: recommendation::Recommendations,
    /// The municipalities' boundaries (data/map.geojson), by municipality.
    pub map: BTreeMap<OrgId, map::Shape>,
}

impl Project {
    /// The language of the site's pages.
    pub fn lang(&self) -> crate::i18n::Lang {
        self.config.language
    }

    /// «ВПР · Русский язык · 4 кл.»: a work in words, in the site's language.
    pub fn work_label(&self, key: &CellKey) -> String {
        let lang = self.lang();
        crate::i18n::msg_in!(
            lang,
            "ui.work",
            procedure = key.procedure.label(lang),
            subject = self.subjects.name_in(key.subject, lang),
            grade = key.grade
        )
    }

    /// The years that have any result or official flag, oldest first.
    pub fn years(&self) -> Vec<u16> {
        let mut years: Vec<u16> = self
            .cells
            .keys()
            .chain(&self.official)
            .map(|c| c.key.year)
            .collect();
        years.dedup();
        years.sort_unstable();
        years.dedup();
        years
    }
}

/// Deserializes a value from a YAML string through `parse`, raising the error while the scalar
/// is being read so that serde_yaml reports the scalar's own line and column. `expecting` is
/// the catalogue key of what the value should be, for serde's «invalid type» message.
pub(crate) fn deserialize_parsed<'de, D, T>(
    d: D,
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Visit<T> {
        expecting: &'static str,
        parse: fn(&str) -> Result<T, String>,
    }
    impl<T> serde::de::Visitor<'_> for Visit<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(&crate::i18n::tr(self.expecting, &[]))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            (self.parse)(v).map_err(E::custom)
        }
    }
    d.deserialize_str(Visit { expecting, parse })
}
