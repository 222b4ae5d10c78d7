//! The markers (признаки необъективности) oko can raise: the federal ones that make up the
//! objectivity index and the supplementary ones shown beside them.

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
    InflatedUnconfirmed,
    NoObservation,
}

impl Marker {
    pub const ALL: [Marker; 8] = [
        Marker::InflatedMean,
        Marker::MarkMismatch,
        Marker::CohortFall,
        Marker::CohortRise,
        Marker::LowConfirmation,
        Marker::BoundaryPeak,
        Marker::InflatedUnconfirmed,
        Marker::NoObservation,
    ];

    /// The four markers of the federal method, counted in the index by default.
    pub const FEDERAL: [Marker; 4] = [
        Marker::InflatedMean,
        Marker::MarkMismatch,
        Marker::CohortFall,
        Marker::CohortRise,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Marker::InflatedMean => "inflated_mean",
            Marker::MarkMismatch => "mark_mismatch",
            Marker::CohortFall => "cohort_fall",
            Marker::CohortRise => "cohort_rise",
            Marker::LowConfirmation => "low_confirmation",
            Marker::BoundaryPeak => "boundary_peak",
            Marker::InflatedUnconfirmed => "inflated_unconfirmed",
            Marker::NoObservation => "no_observation",
        }
    }

    /// The Russian name of the sign, as readers see it.
    pub fn label(self) -> &'static str {
        match self {
            Marker::InflatedMean => "Завышенный средний балл",
            Marker::MarkMismatch => "Несоответствие результатов отметкам по журналу",
            Marker::CohortFall => "Резкое снижение результатов в одной когорте",
            Marker::CohortRise => "Резкое повышение результатов в одной когорте",
            Marker::LowConfirmation => "Низкая подтверждаемость отметок",
            Marker::BoundaryPeak => "Пики на границах отметок",
            Marker::InflatedUnconfirmed => "Завышение, не подтверждённое отметками по журналу",
            Marker::NoObservation => "Процедура без видеонаблюдения и наблюдателей",
        }
    }

    pub fn is_federal(self) -> bool {
        Self::FEDERAL.contains(&self)
    }
}
