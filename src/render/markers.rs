//! How a marker reads on a page: its name, what it means in plain words, the cell it concerns and
//! the numbers that raised it. A marker is always a sign («признак»), never proof.

use crate::format::decimal;
use crate::indicators::disclosure::{Numbers, Shown};
use crate::indicators::{Evidence, Hit};
use crate::model::{Marker, Project};
use serde::Serialize;

/// What a marker means, for a reader who is not a statistician.
pub fn meaning(marker: Marker) -> &'static str {
    match marker {
        Marker::InflatedMean => "Средний балл школы заметно выше среднего по региону, и разница больше, чем объясняется случайностью. Так бывает у сильных школ, но и при завышении результатов.",
        Marker::MarkMismatch => "Чем выше балл за работу, тем ниже отметка в журнале: результаты работы и текущие отметки противоречат друг другу.",
        Marker::CohortFall => "Результаты тех же учеников за год резко упали по сравнению с другими школами региона: прошлогодние результаты могли быть завышены.",
        Marker::CohortRise => "Результаты тех же учеников за год резко выросли по сравнению с другими школами региона: нынешние результаты могли быть завышены.",
        Marker::LowConfirmation => "Больше половины участников получили за работу не ту отметку, что стоит у них в журнале.",
        Marker::BoundaryPeak => "Участников, набравших ровно минимальный балл отметки, заметно больше, чем набравших на балл меньше: так бывает, когда при проверке «дотягивают» работы до отметки.",
        Marker::InflatedUnconfirmed => "Высокий средний балл не подтверждается журналом: многим ученикам за работу поставлена отметка выше, чем их текущая отметка.",
        Marker::NoObservation => "Процедура проведена без видеонаблюдения и без общественных наблюдателей.",
    }
}

/// A marker as a page shows it.
#[derive(Serialize, Clone)]
pub struct MarkerView {
    pub code: &'static str,
    pub label: &'static str,
    pub federal: bool,
    pub meaning: &'static str,
    /// «ВПР · Математика · 4 класс» or «ВПР» for pooled markers.
    pub cell: String,
    /// The numbers that raised it, in one sentence.
    pub evidence: String,
}

/// Markers of one kind in one year, with the meaning said once.
#[derive(Serialize)]
pub struct MarkerGroup {
    pub code: &'static str,
    pub label: &'static str,
    pub meaning: &'static str,
    pub items: Vec<MarkerView>,
}

/// Groups marker views by kind, keeping the order of first appearance.
pub fn group(views: Vec<MarkerView>) -> Vec<MarkerGroup> {
    let mut groups: Vec<MarkerGroup> = Vec::new();
    for v in views {
        match groups.iter_mut().find(|g| g.code == v.code) {
            Some(g) => g.items.push(v),
            None => groups.push(MarkerGroup {
                code: v.code,
                label: v.label,
                meaning: v.meaning,
                items: vec![v],
            }),
        }
    }
    groups
}

fn num(v: f64) -> String {
    decimal(v, 2)
}

/// What a marker shows when its numbers would disclose a suppressed cell.
pub const NUMBERS_HIDDEN: &str = "Признак выявлен; числа скрыты для защиты малых групп участников.";

impl MarkerView {
    /// A marker with its numbers, or with [`NUMBERS_HIDDEN`] when the gate kept them back.
    pub fn new(project: &Project, hit: &Hit, numbers: Option<Shown<Numbers>>) -> MarkerView {
        let cell = match (hit.cell, hit.procedure) {
            (Some(k), _) => format!(
                "{} · {} · {} класс",
                k.procedure.label(),
                project.subjects.name(k.subject),
                k.grade
            ),
            (None, Some(p)) => p.label().to_owned(),
            (None, None) => String::new(),
        };
        let evidence = match numbers {
            Some(n) => evidence_text(hit, n.value()),
            None => NUMBERS_HIDDEN.to_owned(),
        };
        MarkerView {
            code: hit.marker.code(),
            label: hit.marker.label(),
            federal: hit.marker.is_federal(),
            meaning: meaning(hit.marker),
            cell,
            evidence,
        }
    }
}

/// The sentence of a marker's numbers.
fn evidence_text(hit: &Hit, n: Numbers) -> String {
    let value = n.value.unwrap_or_default();
    let threshold = n.threshold.unwrap_or_default();
    match n.evidence {
            Evidence::InflatedMean { school_mean, school_sd, m, lower, region_mean, region_sd, n, upper } => format!(
                "Нижняя граница среднего балла школы {} (среднее {}, σ = {}, m = {m}) выше верхней границы региона {} (среднее {}, σ = {}, n = {n}).",
                num(*lower), num(*school_mean), num(*school_sd), num(*upper), num(*region_mean), num(*region_sd)
            ),
            Evidence::MarkMismatch { rho, pairs } => {
                format!("Коэффициент Спирмена между отметкой по журналу и баллом ρ = {} < 0 (пар: {pairs}).", num(*rho))
            }
            Evidence::Cohort { k, s_prev, s_now, q25, q75, fence } => {
                let side = if hit.marker == Marker::CohortFall { "выше верхней" } else { "ниже нижней" };
                let grade = hit.cell.map_or(0, |c| c.grade);
                format!(
                    "K = S({} кл., {} г.) / S({grade} кл., {} г.) = {} / {} = {} — {side} границы {} (Q25 = {}, Q75 = {}).",
                    grade.saturating_sub(1),
                    hit.year - 1,
                    hit.year,
                    decimal(*s_prev, 1),
                    decimal(*s_now, 1),
                    num(*k),
                    num(*fence),
                    num(*q25),
                    num(*q75)
                )
            }
            Evidence::BoundaryPeak { at_boundary, expected, pooled_n } => format!(
                "Ровно на границах отметок {at_boundary} участников при ожидаемых по региону {} (из {pooled_n} у границ): z = {} > {}.",
                decimal(*expected, 1),
                num(value),
                num(threshold)
            ),
            Evidence::InflatedUnconfirmed { raised, n, p } => format!(
                "Отметку выше журнальной получили {raised} из {n} при доле по региону {} %: z = {} > {}.",
                decimal(100.0 * p, 1),
                num(value),
                num(threshold)
            ),
            Evidence::LowConfirmation { lowered, confirmed, raised, n } => format!(
                "Понизили {} %, подтвердили {} %, повысили {} % (из {n}): индекс неподтверждения {} > {}.",
                decimal(*lowered, 1),
                decimal(*confirmed, 1),
                decimal(*raised, 1),
                decimal(value, 1),
                decimal(threshold, 0)
            ),
            Evidence::NoObservation => "Нет ни видеонаблюдения, ни общественных наблюдателей.".to_owned(),
        }
}
