//! The configuration in force: site settings and methodology parameters, with the SPEC's
//! defaults. [`crate::load::config`] reads config.yaml into it; everything downstream reads
//! only this.

use super::{Date, Marker, Procedure, SubjectId, Subjects};
use serde::Deserialize;

/// Resolved caps on inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub max_csv_bytes: u64,
    pub max_text_bytes: u64,
    pub max_rows: u64,
    pub max_total_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_csv_bytes: 1024 * 1024 * 1024,
            max_text_bytes: 1024 * 1024,
            max_rows: 20_000_000,
            max_total_bytes: 8192 * 1024 * 1024,
        }
    }
}

/// What a bad row of results or aggregates does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidRows {
    /// The row is an error and the build stops.
    #[default]
    Error,
    /// The row is a warning, left out of every figure and counted.
    Skip,
}

/// A resolved scope rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub procedures: Vec<Procedure>,
    pub subjects: Vec<SubjectId>,
    pub grades: Vec<u8>,
}

impl Scope {
    pub fn contains(&self, procedure: Procedure, subject: SubjectId, grade: u8) -> bool {
        self.procedures.contains(&procedure)
            && self.subjects.contains(&subject)
            && self.grades.contains(&grade)
    }
}

/// A ВПР grade and the externally marked exam the same pupils write `years_later` (same subject).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalPair {
    pub vpr_grade: u8,
    pub exam: Procedure,
    pub exam_grade: u8,
    pub years_later: u16,
}

impl ExternalPair {
    /// ВПР grade 8 with ОГЭ grade 9 a year later; ВПР grade 11 with ЕГЭ the same year.
    pub const DEFAULT: [ExternalPair; 2] = [
        ExternalPair {
            vpr_grade: 8,
            exam: Procedure::Oge,
            exam_grade: 9,
            years_later: 1,
        },
        ExternalPair {
            vpr_grade: 11,
            exam: Procedure::Ege,
            exam_grade: 11,
            years_later: 0,
        },
    ];
}

/// Mastery thresholds of task analysis, in percent of a task's maximum: 60 for basic tasks,
/// 30 for advanced and high ones (the usual ВПР analysis).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mastery {
    pub basic: f64,
    pub advanced: f64,
    pub high: f64,
}

impl Default for Mastery {
    fn default() -> Self {
        Mastery {
            basic: 60.0,
            advanced: 30.0,
            high: 30.0,
        }
    }
}

impl Mastery {
    pub fn threshold(&self, level: crate::model::task::Level) -> f64 {
        match level {
            crate::model::task::Level::Basic => self.basic,
            crate::model::task::Level::Advanced => self.advanced,
            crate::model::task::Level::High => self.high,
        }
    }
}

/// The thresholds of «Анализ ВПР» (ФИОКО, «Рекомендации по проведению анализа результатов
/// ВПР», 2026): each defaults to the document's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Analysis {
    /// Below these percents a task is insufficient (57 basic, 28.5 advanced and high); between
    /// them and [`Mastery`] (sufficient from 60 and 30) is the zone of uncertainty.
    pub insufficient: Mastery,
    /// A rise of the «2» share by this many points or more over the years shown reads negative.
    pub two_rise: f64,
    /// Years of the «2» dynamics (3 to 5).
    pub two_years: u16,
    /// A ВПР mark this many marks or more from the journal's is analysed apart.
    pub discrepancy: u8,
    /// Pupils from which a work's sample is informative (50).
    pub sample_informative: u32,
    /// Pupils below which a sample's conclusions are limited (20).
    pub sample_minimum: u32,
    /// The least pupils of a group by ВПР mark whose task shares are shown (10).
    pub mark_group: u32,
    /// A mark boundary's score holding this many times the pupils one point below is a peak.
    pub peak_ratio: f64,
}

impl Default for Analysis {
    fn default() -> Self {
        Analysis {
            insufficient: Mastery {
                basic: 57.0,
                advanced: 28.5,
                high: 28.5,
            },
            two_rise: 10.0,
            two_years: 5,
            discrepancy: 2,
            sample_informative: 50,
            sample_minimum: 20,
            mark_group: 10,
            peak_ratio: 2.0,
        }
    }
}

/// Methodology parameters in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Methodology {
    pub min_group: u32,
    pub min_publish: u32,
    /// Every marker's parameters ([`crate::model::marker::Param`]) by key: the value in force.
    pub params: std::collections::BTreeMap<&'static str, f64>,
    /// The ВПР works `external_gap` compares with an externally marked exam of the same cohort.
    pub external_pairs: Vec<ExternalPair>,
    /// Percent of a task's points below which it reads «не освоено», by the task's level.
    pub mastery: Mastery,
    /// The thresholds of «Анализ ВПР».
    pub analysis: Analysis,
    pub index_markers: Vec<Marker>,
    pub inflated_mean: Vec<Scope>,
    pub mark_mismatch: Vec<Scope>,
    pub cohort: Vec<Scope>,
}

impl Methodology {
    /// The value in force of a marker's parameter (its default where config.yaml is silent).
    pub fn param(&self, key: &str) -> f64 {
        match self.params.get(key) {
            Some(&v) => v,
            None => panic!("{key} is no parameter of the marker registry"),
        }
    }
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub base_url: Option<String>,
    /// The language of the site's pages (`language:`), Russian unless English is asked for.
    pub language: crate::i18n::Lang,
    pub as_of: Option<Date>,
    pub demo: bool,
    pub invalid_rows: InvalidRows,
    pub methodology: Methodology,
    pub limits: Limits,
    /// Who publishes the data, whom to ask, and the open data's licence.
    pub publication: super::publication::Publication,
}

impl Default for Methodology {
    /// The SPEC's parameters: min_group and min_publish 10, z 1.96, k 3, ВПР Russian and
    /// mathematics of grades 4 and 5 (and ОГЭ for `inflated_mean`), cohorts from grade 4.
    fn default() -> Self {
        let subjects = Subjects::default();
        let ru_ma: Vec<SubjectId> = ["ru", "ma"]
            .iter()
            .map(|s| subjects.find(s).expect("ru and ma are built-in subjects"))
            .collect();
        let scope = |procedure, grades: &[u8]| Scope {
            procedures: vec![procedure],
            subjects: ru_ma.clone(),
            grades: grades.to_vec(),
        };
        Methodology {
            min_group: 10,
            min_publish: 10,
            params: crate::model::marker::Spec::all_params()
                .map(|p| (p.key, p.default))
                .collect(),
            external_pairs: ExternalPair::DEFAULT.to_vec(),
            mastery: Mastery::default(),
            analysis: Analysis::default(),
            index_markers: Marker::FEDERAL.to_vec(),
            inflated_mean: vec![scope(Procedure::Vpr, &[4, 5]), scope(Procedure::Oge, &[9])],
            mark_mismatch: vec![scope(Procedure::Vpr, &[4, 5])],
            cohort: vec![scope(Procedure::Vpr, &[4])],
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: DEFAULT_TITLE.to_owned(),
            base_url: None,
            language: crate::i18n::Lang::Ru,
            as_of: None,
            demo: false,
            invalid_rows: InvalidRows::default(),
            methodology: Methodology::default(),
            limits: Limits::default(),
            publication: Default::default(),
        }
    }
}

pub const DEFAULT_TITLE: &str = "Объективность оценки образовательных результатов";
