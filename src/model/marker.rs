//! The markers (признаки необъективности) oko can raise, as one registry: for each, its code,
//! the cells it looks at, which participants its numbers come from (what the disclosure gate
//! checks) and how its numbers read ([`Evidence::sentence`]). Its name, meaning and method (the
//! methodology page's text, naming the parameters it reads) are in the catalogue under
//! `marker.<code>.*`, in each language.
//!
//! Adding a marker touches this file (a variant, an entry of [`SPECS`], its [`Evidence`] and
//! sentence), the catalogue, and its computation in `indicators`; a new parameter also its
//! config key.

use crate::format::decimal_in;
use crate::i18n::{tr_in, Lang};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    InflatedMean,
    MarkMismatch,
    CohortFall,
    CohortRise,
    LowConfirmation,
    BoundaryPeak,
    /// Plans written before `inflated_unconfirmed` was retired answer its successor.
    #[serde(alias = "inflated_unconfirmed")]
    ExternalGap,
    NoObservation,
}

/// The participants a marker's numbers are computed over, which the disclosure gate checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// No numbers.
    Nothing,
    /// The school's cell.
    SchoolCell,
    /// The school's cell and the region's cell of the same work, the given figure of each.
    SchoolAndRegion(super::release::Figure),
    /// The school's two cells of a cohort and the region's schools behind the quartiles.
    Cohort,
    /// The school's cells of one procedure and year, and the region's cells of those works.
    SchoolProcedure,
    /// The school's ВПР cell and exam cell of one cohort, and the region's schools behind the
    /// line between them.
    External,
}

/// The cells a marker looks at: one of config.yaml's scopes, or every cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeOf {
    InflatedMean,
    MarkMismatch,
    /// The younger grade N of each cohort pair.
    Cohort,
    Every,
}

/// The values a methodology parameter may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    /// A threshold or multiplier: above 0, at most 20.
    Positive,
    /// A p-value: above 0, at most 0.5.
    Probability,
}

/// A methodology parameter a marker reads, declared with it: its key under `methodology:` in
/// config.yaml, its default (the SPEC's) and the values it may take. Config reads every declared
/// parameter, and the methodology page writes `{key}` in the marker's method as its value.
#[derive(Debug)]
pub struct Param {
    pub key: &'static str,
    pub default: f64,
    pub range: Range,
    /// Decimals on the methodology page.
    pub decimals: usize,
}

/// Everything about a marker: the registry entry every part of oko reads.
#[derive(Debug)]
pub struct Spec {
    pub marker: Marker,
    pub code: &'static str,
    /// Part of the federal method (counted in the index by default).
    pub federal: bool,
    pub scope: ScopeOf,
    pub basis: Basis,
    /// The methodology parameters it reads.
    pub params: &'static [Param],
    /// The anomaly `oko generate` plants for it (`data/ground_truth.csv`), if it plants one.
    pub plants: Option<&'static str>,
}

impl Spec {
    /// Every parameter of every marker.
    pub fn all_params() -> impl Iterator<Item = &'static Param> {
        SPECS.iter().flat_map(|s| s.params.iter())
    }
}

/// The registry, in the order of [`Marker::ALL`].
pub const SPECS: [Spec; 8] = [
    Spec {
        marker: Marker::InflatedMean,
        code: "inflated_mean",
        federal: true,
        scope: ScopeOf::InflatedMean,
        basis: Basis::SchoolAndRegion(super::release::Figure::Scores),
        params: &[Param {
            key: "z",
            default: 1.96,
            range: Range::Positive,
            decimals: 2,
        }],
        plants: Some("inflated"),
    },
    Spec {
        marker: Marker::MarkMismatch,
        code: "mark_mismatch",
        federal: true,
        scope: ScopeOf::MarkMismatch,
        basis: Basis::SchoolCell,
        params: &[],
        plants: Some("inverted_journal"),
    },
    Spec {
        marker: Marker::CohortFall,
        code: "cohort_fall",
        federal: true,
        scope: ScopeOf::Cohort,
        basis: Basis::Cohort,
        params: &[Param {
            key: "iqr_k",
            default: 3.0,
            range: Range::Positive,
            decimals: 1,
        }],
        plants: Some("cohort_fall"),
    },
    Spec {
        marker: Marker::CohortRise,
        code: "cohort_rise",
        federal: true,
        scope: ScopeOf::Cohort,
        basis: Basis::Cohort,
        params: &[],
        plants: Some("cohort_rise"),
    },
    Spec {
        marker: Marker::LowConfirmation,
        code: "low_confirmation",
        federal: false,
        scope: ScopeOf::Every,
        basis: Basis::SchoolAndRegion(super::release::Figure::Confirmation),
        params: &[Param {
            key: "low_confirmation_p",
            default: 0.001,
            range: Range::Probability,
            decimals: 3,
        }],
        plants: None,
    },
    Spec {
        marker: Marker::BoundaryPeak,
        code: "boundary_peak",
        federal: false,
        scope: ScopeOf::Every,
        basis: Basis::SchoolProcedure,
        params: &[Param {
            key: "peak_z",
            default: 3.09,
            range: Range::Positive,
            decimals: 2,
        }],
        plants: Some("boundary_bunching"),
    },
    Spec {
        marker: Marker::ExternalGap,
        code: "external_gap",
        federal: false,
        scope: ScopeOf::Every,
        basis: Basis::External,
        params: &[Param {
            key: "external_z",
            default: 3.09,
            range: Range::Positive,
            decimals: 2,
        }],
        plants: Some("inflated"),
    },
    Spec {
        marker: Marker::NoObservation,
        code: "no_observation",
        federal: false,
        scope: ScopeOf::Every,
        basis: Basis::Nothing,
        params: &[],
        plants: None,
    },
];

impl Marker {
    pub const ALL: [Marker; 8] = [
        Marker::InflatedMean,
        Marker::MarkMismatch,
        Marker::CohortFall,
        Marker::CohortRise,
        Marker::LowConfirmation,
        Marker::BoundaryPeak,
        Marker::ExternalGap,
        Marker::NoObservation,
    ];

    /// The four markers of the federal method, counted in the index by default.
    pub const FEDERAL: [Marker; 4] = [
        Marker::InflatedMean,
        Marker::MarkMismatch,
        Marker::CohortFall,
        Marker::CohortRise,
    ];

    /// The marker's entry in the registry.
    pub fn spec(self) -> &'static Spec {
        &SPECS[self as usize]
    }

    pub fn code(self) -> &'static str {
        self.spec().code
    }

    /// The name of the sign, as readers see it (catalogue `marker.<code>.label`).
    pub fn label(self, lang: Lang) -> String {
        tr_in(lang, &format!("marker.{}.label", self.code()), &[])
    }

    /// Its name in a few words, for a table's cell (`marker.<code>.short`).
    pub fn short(self, lang: Lang) -> String {
        tr_in(lang, &format!("marker.{}.short", self.code()), &[])
    }

    /// What it means, for a reader who is not a statistician (`marker.<code>.meaning`).
    pub fn meaning(self, lang: Lang) -> String {
        tr_in(lang, &format!("marker.{}.meaning", self.code()), &[])
    }

    /// How it is computed, for the methodology page (`marker.<code>.method`). `{name}` stands
    /// for the methodology parameter of that name in force (`{z}`, `{min_group}`, `{iqr_k}`,
    /// `{peak_z}`, `{peak_excess}`, `{low_confirmation_p}`, `{external_z}`, `{external_pairs}`,
    /// `{min_schools}`, `{cohort_min_schools}`).
    pub fn method(self, lang: Lang) -> String {
        tr_in(lang, &format!("marker.{}.method", self.code()), &[])
    }

    pub fn is_federal(self) -> bool {
        self.spec().federal
    }
}

/// The numbers that raised a marker, shown beside it.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    /// School lower bound above the region's upper bound.
    InflatedMean {
        school_mean: f64,
        school_sd: f64,
        m: u32,
        lower: f64,
        region_mean: f64,
        region_sd: f64,
        n: u32,
        upper: f64,
    },
    /// Spearman's ρ below zero over `pairs` pupils.
    MarkMismatch { rho: f64, pairs: u64 },
    /// K = S(N, Y−1) / S(N+1, Y) outside the region's fences.
    Cohort {
        k: f64,
        s_prev: f64,
        s_now: f64,
        q25: f64,
        q75: f64,
        fence: f64,
    },
    /// Pooled excess of pupils exactly at mark boundaries, above the region's own.
    BoundaryPeak {
        at_boundary: u64,
        expected: f64,
        pooled_n: u64,
        /// The z before calibration, and the placebo spread it is divided by.
        raw_z: f64,
        spread: f64,
    },
    /// The school's ВПР mean above what its ОГЭ/ЕГЭ mean predicts across the region.
    ExternalGap {
        /// Means as % of the maximum score.
        vpr: f64,
        exam: f64,
        predicted: f64,
        /// The year of the ВПР, and the exam's work (ОГЭ/ЕГЭ of the same cohort and subject).
        vpr_year: u16,
        exam_work: crate::model::CellKey,
        schools: usize,
    },
    /// Fewer test marks confirming the journal than pupils with the same scores elsewhere.
    LowConfirmation {
        lowered: f64,
        confirmed: f64,
        raised: f64,
        n: u32,
        /// Confirmed % expected at the pupils' own scores.
        expected: f64,
        /// The fitted overdispersion of the work in the region.
        rho: f64,
    },
    /// Neither video nor public observers.
    NoObservation,
}

/// What a marker's sentence needs beside its evidence.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub marker: Marker,
    pub year: u16,
    /// The grade of the cell the marker concerns, if one.
    pub grade: Option<u8>,
    pub value: f64,
    pub threshold: f64,
}

fn num(lang: Lang, v: f64) -> String {
    decimal_in(lang, v, 2)
}

/// A p-value: four decimals, or «менее 0,0001».
pub fn probability(p: f64, lang: Lang) -> String {
    if p < 0.0001 {
        crate::i18n::msg_in!(lang, "evidence.below_p", p = decimal_in(lang, 0.0001, 4))
    } else {
        decimal_in(lang, p, 4)
    }
}

impl Evidence {
    /// The numbers in one sentence, then what they mean in plain words.
    pub fn sentence(&self, c: &Context, lang: Lang) -> String {
        use crate::i18n::msg_in;
        match *self {
            Evidence::InflatedMean {
                school_mean,
                school_sd,
                m,
                lower,
                region_mean,
                region_sd,
                n,
                upper,
            } => msg_in!(
                lang,
                "evidence.inflated_mean",
                school = num(lang, school_mean),
                school_sd = num(lang, school_sd),
                m = m,
                region = num(lang, region_mean),
                region_sd = num(lang, region_sd),
                n = n,
                lower = num(lang, lower),
                upper = num(lang, upper)
            ),
            Evidence::MarkMismatch { rho, pairs } => {
                msg_in!(
                    lang,
                    "evidence.mark_mismatch",
                    rho = num(lang, rho),
                    pairs = pairs
                )
            }
            Evidence::Cohort {
                k,
                s_prev,
                s_now,
                q25,
                q75,
                fence,
            } => {
                let grade = c.grade.unwrap_or(0);
                let args: [(&str, &dyn std::fmt::Display); 9] = [
                    ("prev_grade", &grade.saturating_sub(1)),
                    ("prev_year", &(c.year - 1)),
                    ("prev", &decimal_in(lang, s_prev, 1)),
                    ("grade", &grade),
                    ("year", &c.year),
                    ("now", &decimal_in(lang, s_now, 1)),
                    ("k", &num(lang, k)),
                    ("fence", &num(lang, fence)),
                    (
                        "q",
                        &format!("Q25 = {}, Q75 = {}", num(lang, q25), num(lang, q75)),
                    ),
                ];
                let key = if c.marker == Marker::CohortFall {
                    "evidence.cohort_fall"
                } else {
                    "evidence.cohort_rise"
                };
                tr_in(lang, key, &args)
            }
            Evidence::BoundaryPeak {
                at_boundary,
                expected,
                pooled_n,
                raw_z,
                spread,
            } => msg_in!(
                lang,
                "evidence.boundary_peak",
                at = at_boundary,
                expected = decimal_in(lang, expected, 1),
                n = pooled_n,
                raw_z = num(lang, raw_z),
                spread = num(lang, spread),
                z = num(lang, c.value),
                threshold = num(lang, c.threshold)
            ),
            Evidence::ExternalGap {
                vpr,
                exam,
                predicted,
                vpr_year,
                exam_work,
                schools,
            } => msg_in!(
                lang,
                "evidence.external_gap",
                vpr_year = vpr_year,
                vpr = decimal_in(lang, vpr, 1),
                exam_name = exam_work.procedure.label(lang),
                exam_year = exam_work.year,
                exam = decimal_in(lang, exam, 1),
                schools = schools,
                predicted = decimal_in(lang, predicted, 1),
                z = num(lang, c.value),
                threshold = num(lang, c.threshold)
            ),
            Evidence::LowConfirmation {
                lowered,
                confirmed,
                raised,
                n,
                expected,
                rho,
            } => msg_in!(
                lang,
                "evidence.low_confirmation",
                confirmed = decimal_in(lang, confirmed, 1),
                lowered = decimal_in(lang, lowered, 1),
                raised = decimal_in(lang, raised, 1),
                n = n,
                expected = decimal_in(lang, expected, 1),
                p = probability(c.value, lang),
                threshold = probability(c.threshold, lang),
                rho = decimal_in(lang, rho, 3)
            ),
            Evidence::NoObservation => msg_in!(lang, "evidence.no_observation"),
        }
    }
}

impl Evidence {
    /// The figures a parent can weigh, in words a parent uses: the school's figure beside the
    /// region's (no σ, no p, no bounds: those are in [`Evidence::sentence`], for specialists).
    pub fn plain(&self, c: &Context, lang: Lang) -> String {
        use crate::i18n::msg_in;
        let pct = |v: f64| decimal_in(lang, v, 1);
        match *self {
            Evidence::InflatedMean {
                school_mean,
                region_mean,
                ..
            } => msg_in!(
                lang,
                "plain.inflated_mean",
                school = pct(school_mean),
                region = pct(region_mean)
            ),
            Evidence::MarkMismatch { pairs, .. } => {
                msg_in!(lang, "plain.mark_mismatch", pairs = pairs)
            }
            Evidence::Cohort { s_prev, s_now, .. } => {
                let grade = c.grade.unwrap_or(0);
                msg_in!(
                    lang,
                    "plain.cohort",
                    prev_grade = grade.saturating_sub(1),
                    prev_year = c.year - 1,
                    prev = pct(s_prev),
                    grade = grade,
                    year = c.year,
                    now = pct(s_now),
                )
            }
            Evidence::BoundaryPeak {
                at_boundary,
                expected,
                ..
            } => msg_in!(
                lang,
                "plain.boundary_peak",
                at = at_boundary,
                expected = decimal_in(lang, expected, 0)
            ),
            Evidence::ExternalGap {
                vpr,
                exam,
                predicted,
                vpr_year,
                exam_work,
                ..
            } => msg_in!(
                lang,
                "plain.external_gap",
                vpr_year = vpr_year,
                vpr = pct(vpr),
                exam_name = exam_work.procedure.label(lang),
                exam_year = exam_work.year,
                exam = pct(exam),
                predicted = pct(predicted)
            ),
            Evidence::LowConfirmation {
                confirmed,
                expected,
                ..
            } => msg_in!(
                lang,
                "plain.low_confirmation",
                confirmed = pct(confirmed),
                expected = pct(expected)
            ),
            Evidence::NoObservation => msg_in!(lang, "plain.no_observation"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_in_the_order_of_the_markers_with_unique_codes() {
        for (i, m) in Marker::ALL.iter().enumerate() {
            assert_eq!(SPECS[i].marker, *m, "entry {i}");
        }
        let codes: std::collections::BTreeSet<&str> = SPECS.iter().map(|s| s.code).collect();
        assert_eq!(codes.len(), SPECS.len());
        let federal: Vec<Marker> = Marker::ALL.into_iter().filter(|m| m.is_federal()).collect();
        assert_eq!(federal, Marker::FEDERAL);
    }
}
