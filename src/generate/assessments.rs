//! The assessments a generated project holds, on real published scales, and their tasks.
//!
//! ВПР 2021 scales of mathematics and Russian in grades 4 and 5 are the ones ФИОКО published; the
//! others are the published 2021 ВПР (окружающий мир 4, биология 5, Russian and mathematics 6
//! and 8) and 2022 ОГЭ scales. The same scale is used every year. `difficulty` shifts the mean
//! percent completion so that subjects differ as they do in real results.
//!
//! A work's tasks split its maximum score into tasks of 1–3 points, easy to hard, as an
//! обобщённый план варианта does: the first 60 % of the points basic, then advanced, then high.
//! Each task checks one skill of the work's codifier (two tasks in a row share one, so that a
//! skill can be a systemic deficit) and one of four content elements.

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

    /// The codifier codes of task `k` (0-based): its skill and its content element.
    pub fn codes(k: usize) -> (String, String) {
        let skill = k / 2;
        (
            format!("{}.{}", skill / 3 + 1, skill % 3 + 1),
            format!("{}", k % 4 + 1),
        )
    }

    /// The work's codifier: (kind code, code, text) of every code its tasks name, skills first.
    pub fn codifier(&self) -> Vec<(&'static str, String, String)> {
        let (skills, content): (&[&str], &[&str]) = match self.subject {
            "ru" => (&SKILLS_RU, &CONTENT_RU),
            "ma" => (&SKILLS_MA, &CONTENT_MA),
            _ => (&SKILLS_OTHER, &CONTENT_OTHER),
        };
        let text = |list: &[&str], i: usize, code: &str| match list.get(i) {
            Some(t) => (*t).to_owned(),
            None => format!("{} ({code})", list[i % list.len()]),
        };
        let n = self.tasks().len();
        let mut out: Vec<(&'static str, String, String)> = Vec::new();
        for k in (0..n).step_by(2) {
            let code = Assessment::codes(k).0;
            out.push(("skill", code.clone(), text(skills, k / 2, &code)));
        }
        for k in 0..n.min(4) {
            let code = Assessment::codes(k).1;
            out.push(("content", code.clone(), text(content, k, &code)));
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

/// Skills of the generated codifiers (in the words of ФИОКО's descriptions of ВПР).
const SKILLS_RU: [&str; 8] = [
    "Писать текст под диктовку, соблюдая орфографические и пунктуационные нормы",
    "Проводить фонетический анализ слова",
    "Проводить морфемный и словообразовательный анализ слов",
    "Распознавать части речи и их грамматические признаки",
    "Проводить синтаксический анализ предложения",
    "Определять тему и главную мысль текста",
    "Находить в тексте требуемую информацию",
    "Распознавать значение слова и подбирать к нему синонимы",
];
const SKILLS_MA: [&str; 8] = [
    "Выполнять арифметические действия с числами",
    "Решать текстовые задачи в одно-два действия",
    "Читать и заполнять таблицы, интерпретировать диаграммы",
    "Вычислять периметр и площадь прямоугольника",
    "Работать с величинами: время, масса, длина",
    "Решать задачи на движение и работу",
    "Применять свойства чисел и действий для рациональных вычислений",
    "Решать логические задачи и задачи повышенной трудности",
];
const SKILLS_OTHER: [&str; 6] = [
    "Узнавать изученные объекты и явления по описанию",
    "Использовать знаково-символические средства для решения задач",
    "Находить и извлекать информацию из текста, таблицы, схемы",
    "Устанавливать причинно-следственные связи",
    "Объяснять явления на основе изученных понятий",
    "Строить письменное высказывание на заданную тему",
];
const CONTENT_RU: [&str; 4] = ["Фонетика", "Состав слова", "Морфология", "Синтаксис"];
const CONTENT_MA: [&str; 4] = [
    "Числа и величины",
    "Арифметические действия",
    "Работа с текстовыми задачами",
    "Пространственные отношения и геометрические фигуры",
];
const CONTENT_OTHER: [&str; 4] = [
    "Человек и природа",
    "Человек и общество",
    "Правила безопасной жизни",
    "Работа с информацией",
];
