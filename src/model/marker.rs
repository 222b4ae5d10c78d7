//! The markers (признаки необъективности) oko can raise, as one registry: for each, its code, its
//! name and meaning for readers, how it is computed (the methodology page's text, naming the
//! parameters it reads), the cells it looks at, which participants its numbers come from (what
//! the disclosure gate checks) and how its numbers read ([`Evidence::sentence`]).
//!
//! Adding a marker touches this file (a variant, an entry of [`SPECS`], its [`Evidence`] and
//! sentence) and its computation in `indicators`; a new parameter also its config key.

use crate::format::decimal;
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
    /// The school's cell and the region's cell of the same work.
    SchoolAndRegion,
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

/// Everything about a marker but its computation.
#[derive(Debug)]
pub struct Spec {
    pub marker: Marker,
    pub code: &'static str,
    /// The Russian name of the sign, as readers see it.
    pub label: &'static str,
    /// What it means, for a reader who is not a statistician.
    pub meaning: &'static str,
    /// Part of the federal method (counted in the index by default).
    pub federal: bool,
    /// How it is computed, for the methodology page. `{name}` stands for the methodology
    /// parameter of that name in force (`{z}`, `{min_group}`, `{iqr_k}`, `{peak_z}`,
    /// `{peak_excess}`, `{low_confirmation_p}`, `{external_z}`, `{external_pairs}`, `{min_schools}`,
    /// `{cohort_min_schools}`).
    pub method: &'static str,
    pub scope: ScopeOf,
    pub basis: Basis,
}

/// The registry, in the order of [`Marker::ALL`].
pub const SPECS: [Spec; 8] = [
    Spec {
        marker: Marker::InflatedMean,
        code: "inflated_mean",
        label: "Завышенный средний балл",
        meaning: "Средний балл школы заметно выше среднего по региону, и разница больше, чем объясняется случайностью. Так бывает у сильных школ, но и при завышении результатов.",
        federal: true,
        method: "Для региона: средний первичный балл x̄ и выборочное стандартное отклонение s (с делителем n − 1) по всем участникам работы в регионе; верхняя граница x̄ + z·s/√n. Для школы: нижняя граница x̄ₒ − z·sₒ/√m. Признак, если нижняя граница школы выше верхней границы региона. z = {z}.",
        scope: ScopeOf::InflatedMean,
        basis: Basis::SchoolAndRegion,
    },
    Spec {
        marker: Marker::MarkMismatch,
        code: "mark_mismatch",
        label: "Несоответствие результатов отметкам по журналу",
        meaning: "Чем выше балл за работу, тем ниже отметка в журнале: результаты работы и текущие отметки противоречат друг другу.",
        federal: true,
        method: "Коэффициент ранговой корреляции Спирмена ρ между отметкой по журналу и первичным баллом по участникам с отметкой в журнале (коэффициент Пирсона средних рангов, совпадающие значения получают средний ранг). Признак, если ρ < 0; нужно не менее {min_group} пар; если один из столбцов постоянен, ρ не определён и признака нет.",
        scope: ScopeOf::MarkMismatch,
        basis: Basis::SchoolCell,
    },
    Spec {
        marker: Marker::CohortFall,
        code: "cohort_fall",
        label: "Резкое снижение результатов в одной когорте",
        meaning: "Результаты тех же учеников за год резко упали по сравнению с другими школами региона: прошлогодние результаты могли быть завышены.",
        federal: true,
        method: "S — средний процент выполнения работы (100 · балл / максимальный балл). Для каждой школы, у которой обе ячейки оцениваются: K = S(класс N, год Y − 1) / S(класс N + 1, год Y). По школам региона: квартили Q25 и Q75 (линейная интерполяция), IQR = Q75 − Q25, k = {iqr_k}. Признак, если K > Q75 + k·IQR; он относится к году Y и классу N + 1. Границы вычисляются, если K известен не менее чем для {cohort_min_schools} школ; без шкалы работы процент выполнения не вычисляется.",
        scope: ScopeOf::Cohort,
        basis: Basis::Cohort,
    },
    Spec {
        marker: Marker::CohortRise,
        code: "cohort_rise",
        label: "Резкое повышение результатов в одной когорте",
        meaning: "Результаты тех же учеников за год резко выросли по сравнению с другими школами региона: нынешние результаты могли быть завышены.",
        federal: true,
        method: "K, квартили и k = {iqr_k} — как для резкого снижения. Признак, если K < Q25 − k·IQR; он относится к году Y и классу N + 1.",
        scope: ScopeOf::Cohort,
        basis: Basis::Cohort,
    },
    Spec {
        marker: Marker::LowConfirmation,
        code: "low_confirmation",
        label: "Низкая подтверждаемость отметок",
        meaning: "Отметки за работу совпадают с журнальными заметно реже, чем в других школах региона у учеников с такими же баллами, и разница больше, чем бывает между обычными школами.",
        federal: false,
        method: "Доли участников, у которых отметка за работу ниже отметки по журналу (понизили), равна ей (подтвердили), выше (повысили); индекс неподтверждения = 100 − % подтвердивших — описание, не признак. Признак сравнивает долю подтвердивших с ожидаемой: для каждого ученика берётся доля подтвердивших среди учеников региона (без этой школы) с тем же баллом. Школы различаются и без необъективности, поэтому число подтвердивших описывается бета-биномиальной моделью: её среднее — ожидаемая доля, сверхдисперсия ρ подбирается методом максимального правдоподобия по школам региона в этой работе (во втором проходе без школ с p < 0,001). Признак, если mid-p нижнего хвоста меньше {low_confirmation_p} (при не менее {min_group} участниках с обеими отметками; в работе должно быть не менее {min_schools} таких школ, иначе разброс между школами не оценить).",
        scope: ScopeOf::Every,
        basis: Basis::SchoolAndRegion,
    },
    Spec {
        marker: Marker::BoundaryPeak,
        code: "boundary_peak",
        label: "Пики на границах отметок",
        meaning: "Участников, набравших ровно минимальный балл отметки, заметно больше, чем набравших на балл меньше, и больше, чем в среднем по региону: так бывает, когда при проверке «дотягивают» работы до отметки.",
        federal: false,
        method: "Для каждой границы b (минимальный балл отметок 3, 4, 5) каждой работы со шкалой: c_b — участники школы с баллом b, n = c_b + c_(b−1), p — доля C_b / (C_b + C_(b−1)) по региону (регион и сам «тянет» к отметке 3, поэтому признак ищет превышение над регионом). По всем работам школы одной процедуры за год: z = (Σc_b − Σn·p) / √(Σn·p·(1 − p)). Тот же z для ложных границ b − 2 и b + 2, где пиков быть не должно, показывает, как z разбросан у школ от природы: z делится на устойчивый разброс (1,4826 · медианное абсолютное отклонение, не меньше 1) по школам того же года и той же трети по размеру. Признак, если исправленный z > {peak_z}, избыток на границах (Σc_b − Σn·p) / Σn не меньше {peak_excess} и Σn ≥ {min_group}.",
        scope: ScopeOf::Every,
        basis: Basis::SchoolProcedure,
    },
    Spec {
        marker: Marker::ExternalGap,
        code: "external_gap",
        label: "ВПР выше внешней проверки",
        meaning: "Результаты ВПР заметно выше, чем предсказывают результаты ОГЭ или ЕГЭ той же параллели, проверенные экспертами региона, а не учителями школы.",
        federal: false,
        method: "Пары работ одной когорты и предмета: {external_pairs}. По школам региона, у которых в обеих работах не менее {min_group} участников: x — средний балл ОГЭ/ЕГЭ в процентах от максимума, y — средний балл ВПР в процентах от максимума. Устойчивая прямая Тейла — Сена предсказывает y по x; остаток школы делится на √(se² + τ²), где se² — выборочная дисперсия среднего ВПР школы, а τ² — разброс между школами, подобранный так, чтобы устойчивое стандартное отклонение z основной массы школ было равно 1. Прямая строится, если таких школ не менее {min_schools}. Признак, если z > {external_z}; он относится к году ОГЭ/ЕГЭ, предмету и классу ВПР.",
        scope: ScopeOf::Every,
        basis: Basis::External,
    },
    Spec {
        marker: Marker::NoObservation,
        code: "no_observation",
        label: "Процедура без видеонаблюдения и наблюдателей",
        meaning: "Процедура проведена без видеонаблюдения и без общественных наблюдателей.",
        federal: false,
        method: "Доля процедур школы с видеонаблюдением и с общественными наблюдателями (data/observation.csv). Признак — процедура без того и другого.",
        scope: ScopeOf::Every,
        basis: Basis::Nothing,
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

    /// The Russian name of the sign, as readers see it.
    pub fn label(self) -> &'static str {
        self.spec().label
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

fn num(v: f64) -> String {
    decimal(v, 2)
}

/// A p-value: four decimals, or «менее 0,0001».
pub fn probability(p: f64) -> String {
    if p < 0.0001 {
        "менее 0,0001".to_owned()
    } else {
        decimal(p, 4)
    }
}

impl Evidence {
    /// The numbers in one sentence.
    pub fn sentence(&self, c: &Context) -> String {
        match *self {
            Evidence::InflatedMean { school_mean, school_sd, m, lower, region_mean, region_sd, n, upper } => format!(
                "Средний балл школы {} (σ = {}, участников: {m}), по региону {} (σ = {}, участников: {n}). Средний балл школы заметно выше, чем можно объяснить случайностью: даже его нижняя оценка {} выше верхней оценки по региону {}.",
                num(school_mean), num(school_sd), num(region_mean), num(region_sd), num(lower), num(upper)
            ),
            Evidence::MarkMismatch { rho, pairs } => format!(
                "Коэффициент Спирмена между отметкой по журналу и баллом за работу ρ = {} (участников с отметкой в журнале: {pairs}). Чем выше балл за работу, тем ниже, как правило, отметка в журнале: результаты работы и текущие отметки противоречат друг другу.",
                num(rho)
            ),
            Evidence::Cohort { k, s_prev, s_now, q25, q75, fence } => {
                let fall = c.marker == Marker::CohortFall;
                let side = if fall { "выше верхней" } else { "ниже нижней" };
                let grade = c.grade.unwrap_or(0);
                let words = if fall {
                    "Результат тех же учеников за год упал намного сильнее, чем в других школах региона: прошлогодний результат мог быть завышен."
                } else {
                    "Результат тех же учеников за год вырос намного сильнее, чем в других школах региона: нынешний результат может быть завышен."
                };
                format!(
                    "Процент выполнения в {} кл. ({} г.) — {}, в {grade} кл. ({} г.) — {}: K = {} — {side} границы {} (у школ региона Q25 = {}, Q75 = {}). {words}",
                    grade.saturating_sub(1),
                    c.year - 1,
                    decimal(s_prev, 1),
                    c.year,
                    decimal(s_now, 1),
                    num(k),
                    num(fence),
                    num(q25),
                    num(q75)
                )
            }
            Evidence::BoundaryPeak { at_boundary, expected, pooled_n, raw_z, spread } => format!(
                "Ровно на минимальном балле отметки {at_boundary} участников, а по доле таких учеников в регионе ожидалось {} (из {pooled_n} участников с минимальным баллом отметки или на балл ниже): z = {}, с поправкой на обычный разброс между школами ({}) — {} > {}. Работ, «дотянутых» до отметки, заметно больше, чем в других школах региона.",
                decimal(expected, 1),
                num(raw_z),
                num(spread),
                num(c.value),
                num(c.threshold)
            ),
            Evidence::ExternalGap { vpr, exam, predicted, vpr_year, exam_work, schools } => {
                let (exam_name, exam_year) = (exam_work.procedure.label(), exam_work.year);
                format!(
                    "Средний балл ВПР {vpr_year} г. — {} % от максимума. По результату {exam_name} {exam_year} г. той же параллели ({} %) прямая по {schools} школам региона предсказывает {} %: z = {} > {}. Результаты ВПР заметно выше, чем предсказывают результаты {exam_name}, проверенные экспертами региона, а не учителями школы.",
                    decimal(vpr, 1),
                    decimal(exam, 1),
                    decimal(predicted, 1),
                    num(c.value),
                    num(c.threshold)
                )
            }
            Evidence::LowConfirmation { lowered, confirmed, raised, n, expected, rho } => format!(
                "Отметку по журналу подтвердили {} % участников (понизили {} %, повысили {} %, всего {n} участников), а у учеников региона с такими же баллами — {} %: mid-p = {} < {}. Такой разрыв редок даже с учётом того, что школы различаются (сверхдисперсия ρ = {}).",
                decimal(confirmed, 1),
                decimal(lowered, 1),
                decimal(raised, 1),
                decimal(expected, 1),
                probability(c.value),
                probability(c.threshold),
                decimal(rho, 3)
            ),
            Evidence::NoObservation => "Нет ни видеонаблюдения, ни общественных наблюдателей.".to_owned(),
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
