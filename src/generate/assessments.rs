//! The assessments a generated project holds, on real published scales, and their tasks.
//!
//! ВПР 2021 scales of mathematics and Russian in grades 4 and 5 are the ones ФИОКО published; the
//! others are the published 2021 ВПР (окружающий мир 4, биология 5, Russian and mathematics 6
//! and 8) and 2022 ОГЭ scales. The same scale is used every year. `difficulty` shifts the mean
//! percent completion so that subjects differ as they do in real results.
//!
//! A work's tasks split its maximum score into tasks of 1–3 points, easy to hard, as an
//! обобщённый план варианта does: the first 60 % of the points basic, then advanced, then high.

use crate::model::task::Level;
use crate::model::Procedure;

pub struct Assessment {
    pub procedure: Procedure,
    pub subject: &'static str,
    pub grade: u8,
    pub max_score: u16,
    /// Lowest scores of marks 3, 4, 5.
    pub marks: [u16; 3],
    pub difficulty: f64,
    /// Whether the generator writes the mark column (else oko derives marks from the scale).
    pub writes_marks: bool,
}

const fn a(
    procedure: Procedure,
    subject: &'static str,
    grade: u8,
    max_score: u16,
    marks: [u16; 3],
    difficulty: f64,
) -> Assessment {
    let writes_marks = matches!(procedure, Procedure::Vpr);
    Assessment {
        procedure,
        subject,
        grade,
        max_score,
        marks,
        difficulty,
        writes_marks,
    }
}

pub const ASSESSMENTS: &[Assessment] = &[
    a(Procedure::Vpr, "ru", 4, 38, [14, 24, 33], -0.45),
    a(Procedure::Vpr, "ma", 4, 20, [6, 10, 15], -0.55),
    a(Procedure::Vpr, "okr", 4, 32, [8, 18, 27], -0.5),
    a(Procedure::Vpr, "ru", 5, 45, [18, 29, 39], -0.2),
    a(Procedure::Vpr, "ma", 5, 20, [7, 11, 15], -0.25),
    a(Procedure::Vpr, "bi", 5, 29, [12, 18, 23], -0.2),
    a(Procedure::Vpr, "ru", 6, 51, [25, 35, 45], 0.0),
    a(Procedure::Vpr, "ma", 6, 16, [6, 10, 14], 0.05),
    a(Procedure::Vpr, "ru", 8, 51, [23, 37, 46], 0.1),
    a(Procedure::Vpr, "ma", 8, 25, [7, 13, 19], 0.2),
    a(Procedure::Oge, "ru", 9, 33, [15, 23, 29], -0.45),
    a(Procedure::Oge, "ma", 9, 31, [8, 15, 22], 0.0),
];

/// One task of a generated work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenTask {
    pub max: u16,
    pub level: Level,
    /// Added to the work's difficulty: easy tasks first.
    pub difficulty: f64,
}

/// The point sizes tasks take in turn.
const TASK_POINTS: [u16; 6] = [1, 1, 2, 1, 2, 3];

impl Assessment {
    /// The work's tasks, their maxima adding up to `max_score`.
    pub fn tasks(&self) -> Vec<GenTask> {
        let mut out = Vec::new();
        let mut total = 0;
        while total < self.max_score {
            let max = TASK_POINTS[out.len() % TASK_POINTS.len()].min(self.max_score - total);
            let share = total as f64 / self.max_score as f64;
            let level = match share {
                s if s < 0.6 => Level::Basic,
                s if s < 0.85 => Level::Advanced,
                _ => Level::High,
            };
            out.push(GenTask {
                max,
                level,
                difficulty: -1.0 + 2.5 * share,
            });
            total += max;
        }
        out
    }

    /// Inside the default scope of the federal markers (ВПР ru/ma 4–5, ОГЭ ru/ma).
    pub fn in_federal_scope(&self) -> bool {
        matches!(self.subject, "ru" | "ma")
            && (self.procedure == Procedure::Oge || matches!(self.grade, 4 | 5))
    }

    pub fn mark(&self, score: u16) -> u8 {
        2 + self.marks.iter().filter(|&&b| score >= b).count() as u8
    }
}
