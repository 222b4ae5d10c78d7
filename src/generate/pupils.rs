//! Simulated pupils of one assessment across all schools, written straight to CSV text.
//!
//! A pupil's ability is the school's (its municipality's, its own, its year's drift, its cohort's)
//! plus the class's and a standard normal draw of the pupil's own. Each task is scored from a
//! logistic success rate that the school's teaching emphasis on that task shifts; the score is
//! the sum of the task points. The journal mark is the mark the pupil's expected score earns,
//! moved by the school's grading habit and a teacher's noise. Planted anomalies then bend task
//! points or journal marks as documented on [`Anomaly`].

use super::{id_hash, stream, Anomaly, Assessment, GenOrg};
use crate::model::Procedure;
use rand::Rng;
use rand_distr::{Distribution, Normal};
use std::fmt::Write as _;

use crate::load::results::{aggregates as agg, results as res};
use crate::load::table::{header_line, Record};

/// The results columns the generator writes (it writes no variant).
const RESULTS_WRITTEN: [usize; 11] = [
    res::YEAR,
    res::PROCEDURE,
    res::SUBJECT,
    res::GRADE,
    res::ORG,
    res::PARTICIPANT,
    res::SCORE,
    res::MARK,
    res::JOURNAL_MARK,
    res::CLASS,
    res::TASKS,
];

/// The aggregates columns the generator writes: all of them.
const AGGREGATES_WRITTEN: [usize; 15] = [
    agg::YEAR,
    agg::PROCEDURE,
    agg::SUBJECT,
    agg::GRADE,
    agg::ORG,
    agg::PARTICIPANTS,
    agg::MARK2,
    agg::MARK3,
    agg::MARK4,
    agg::MARK5,
    agg::LOWERED,
    agg::CONFIRMED,
    agg::RAISED,
    agg::SCORE_MEAN,
    agg::SCORE_SD,
];

/// One simulated pupil.
struct Pupil {
    score: u16,
    journal: Option<u8>,
    class: usize,
    tasks: Vec<u16>,
}

/// How many pupils of a school write this assessment this year.
fn class_size(school: &GenOrg, year: u16, a: &Assessment, options: &super::Options) -> u32 {
    let mut rng = stream(
        options.seed,
        &[5, id_hash(&school.id), year as u64, a.grade as u64],
    );
    let base = school.size as f64
        * options.pupils_scale
        * if a.procedure == Procedure::Oge {
            0.8
        } else {
            1.0
        };
    (base * rng.random_range(0.85..1.15)).round().max(1.0) as u32
}

/// How an anomaly bends this cell's task points: above 0, each point a pupil missed is given
/// with this probability; below 0, each point earned is taken away with its magnitude.
fn lift(anomaly: Option<(Anomaly, u16)>, year: u16, a: &Assessment) -> f64 {
    let ru_ma = a.procedure == Procedure::Vpr && matches!(a.subject, "ru" | "ma");
    let cohort_cell = ru_ma && matches!(a.grade, 4 | 5);
    match anomaly {
        Some((Anomaly::Inflated, _)) if ru_ma => 0.5,
        Some((Anomaly::CohortRise, y)) if cohort_cell && a.grade == 5 && year == y => 0.6,
        Some((Anomaly::CohortRise, y)) if cohort_cell && a.grade == 4 && year + 1 == y => -0.6,
        Some((Anomaly::CohortFall, y)) if cohort_cell && a.grade == 4 && year + 1 == y => 0.6,
        Some((Anomaly::CohortFall, y)) if cohort_cell && a.grade == 5 && year == y => -0.6,
        _ => 0.0,
    }
}

/// Bernoulli trials: how many of `n` succeed with probability `p`.
fn successes(rng: &mut impl Rng, n: u16, p: f64) -> u16 {
    (0..n)
        .filter(|_| rng.random_bool(p.clamp(0.0, 1.0)))
        .count() as u16
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn simulate(
    school: &GenOrg,
    year: u16,
    a: &Assessment,
    index: u64,
    options: &super::Options,
) -> Vec<Pupil> {
    let seed = options.seed;
    let n = class_size(school, year, a, options);
    let school_hash = id_hash(&school.id);
    let mut rng = stream(seed, &[6, school_hash, year as u64, index]);
    let normal = |sd: f64| Normal::new(0.0, sd).expect("valid sd");
    let drift = normal(0.1).sample(&mut stream(seed, &[7, school_hash, year as u64]));
    // The same pupils write ВПР in grade 8 and ОГЭ in grade 9 a year later: one cohort effect.
    let cohort_year = (year - a.grade as u16) as u64;
    let cohort = normal(0.15).sample(&mut stream(seed, &[10, school_hash, cohort_year]));
    let classes: Vec<f64> = (0..3)
        .map(|c| {
            let parts = [12, school_hash, year as u64, a.grade as u64, c];
            normal(0.25).sample(&mut stream(seed, &parts))
        })
        .collect();
    let tasks = a.tasks();
    // How much the school's teachers stress each task of this subject, the same every year.
    let emphasis: Vec<f64> = (0..tasks.len())
        .map(|t| {
            let parts = [
                11,
                school_hash,
                id_hash(a.subject),
                a.grade as u64,
                t as u64,
            ];
            normal(0.25).sample(&mut stream(seed, &parts))
        })
        .collect();
    let shown = school.anomaly_in(year, options.first_year);
    let lift = lift(shown, year, a);
    let anomaly = shown.map(|(k, _)| k);
    let teacher = normal(0.45);
    let band = a.max_score as f64 / 4.5;
    (0..n as usize)
        .map(|i| {
            let class = i % 3;
            let theta =
                school.ability + drift + cohort + classes[class] + normal(1.0).sample(&mut rng);
            let mut expected = 0.0;
            let mut points: Vec<u16> = tasks
                .iter()
                .zip(&emphasis)
                .map(|(t, e)| {
                    let p = logistic(theta - a.difficulty - t.difficulty + e);
                    expected += p * t.max as f64;
                    successes(&mut rng, t.max, p)
                })
                .collect();
            if lift != 0.0 {
                let q = lift.abs() * rng.random_range(0.8..1.2);
                for (p, t) in points.iter_mut().zip(&tasks) {
                    *p = match lift > 0.0 {
                        true => *p + successes(&mut rng, t.max - *p, q),
                        false => *p - successes(&mut rng, *p, q),
                    };
                }
            }
            let mut score: u16 = points.iter().sum();
            // Checkers find the missing point of a work one short of mark 3 as often as the
            // school's habit; a planted bunching school lifts every work one or two short of
            // any mark.
            let lifted = match anomaly {
                Some(Anomaly::BoundaryBunching) => {
                    a.marks.iter().find(|&&b| score + 2 >= b && score < b)
                }
                _ => Some(&a.marks[0])
                    .filter(|&&b| score + 1 == b && rng.random_bool(school.checking)),
            };
            if let Some(&b) = lifted {
                for (p, t) in points.iter_mut().zip(&tasks) {
                    let add = (t.max - *p).min(b - score);
                    *p += add;
                    score += add;
                }
            }
            // The teacher's mark: what the pupil's expected score earns, moved by the school's
            // grading habit and the teacher's own judgement.
            let habit = (school.grading + teacher.sample(&mut rng)) * band;
            let judged = (expected + habit).round().clamp(0.0, a.max_score as f64) as u16;
            let mut journal = a.mark(judged);
            if anomaly == Some(Anomaly::InvertedJournal) && a.in_federal_scope() {
                journal = 7 - journal;
            }
            Pupil {
                score,
                journal: (!rng.random_bool(0.04)).then_some(journal),
                class,
                tasks: points,
            }
        })
        .collect()
}

/// The CSV text of one assessment in one year over all schools, and its number of data rows.
pub fn cell_file(
    schools: &[&GenOrg],
    year: u16,
    (index, a): (u64, &Assessment),
    options: &super::Options,
) -> (String, u64) {
    let (seed, aggregates) = (options.seed, options.aggregates);
    let mut text = match aggregates {
        true => header_line(agg::HEADER, &AGGREGATES_WRITTEN),
        false => header_line(res::HEADER, &RESULTS_WRITTEN),
    };
    let mut rows = 0;
    let (proc_, subj, grade) = (a.procedure.code(), a.subject, a.grade);
    let mut row = Record::of(if aggregates { agg::HEADER } else { res::HEADER });
    let mut tasks = String::new();
    for school in schools {
        let pupils = simulate(school, year, a, index, options);
        // The key columns are the same handles in both schemas.
        row.set(res::YEAR, year)
            .set(res::PROCEDURE, proc_)
            .set(res::SUBJECT, subj)
            .set(res::GRADE, grade)
            .set(res::ORG, &school.id);
        if aggregates {
            summary(&pupils, a, &mut row);
            row.write_line(&AGGREGATES_WRITTEN, &mut text);
            rows += 1;
            continue;
        }
        let mut code = stream(seed, &[8, id_hash(&school.id), year as u64, index]);
        for p in &pupils {
            let mark = if a.writes_marks {
                a.mark(p.score).to_string()
            } else {
                String::new()
            };
            tasks.clear();
            for (k, points) in p.tasks.iter().enumerate() {
                let sep = if k == 0 { "" } else { "|" };
                let _ = write!(tasks, "{sep}{points}");
            }
            row.set(
                res::PARTICIPANT,
                format_args!("{:08X}", code.random::<u32>()),
            )
            .set(res::SCORE, p.score)
            .set(res::MARK, mark)
            .set(
                res::JOURNAL_MARK,
                p.journal.map_or(String::new(), |j| j.to_string()),
            )
            .set(
                res::CLASS,
                format_args!("{grade}{}", ["А", "Б", "В"][p.class]),
            )
            .set(res::TASKS, &tasks);
            row.write_line(&RESULTS_WRITTEN, &mut text);
        }
        rows += pupils.len() as u64;
    }
    (text, rows)
}

/// The summary of one school-cell: participants, marks, confirmation, mean and SD.
fn summary(pupils: &[Pupil], a: &Assessment, row: &mut Record) {
    let n = pupils.len() as f64;
    let mut marks = [0u32; 4];
    let mut conf = [0u32; 3];
    for p in pupils {
        let m = a.mark(p.score);
        marks[(m - 2) as usize] += 1;
        if let Some(j) = p.journal {
            conf[(m.cmp(&j) as i8 + 1) as usize] += 1;
        }
    }
    let mean = pupils.iter().map(|p| p.score as f64).sum::<f64>() / n;
    let var = pupils
        .iter()
        .map(|p| (p.score as f64 - mean).powi(2))
        .sum::<f64>()
        / (n - 1.0).max(1.0);
    row.set(agg::PARTICIPANTS, pupils.len());
    for (k, column) in (agg::MARK2..=agg::MARK5).enumerate() {
        row.set(column, marks[k]);
    }
    for (k, column) in (agg::LOWERED..=agg::RAISED).enumerate() {
        row.set(column, conf[k]);
    }
    row.set(agg::SCORE_MEAN, format_args!("{mean:.3}"))
        .set(agg::SCORE_SD, format_args!("{:.3}", var.sqrt()));
}

/// Video and public observers per school, year and procedure.
pub fn observation_csv(world: &[GenOrg], years: &[u16], seed: u64) -> String {
    use crate::load::observation::observation as obs;
    let all = [
        obs::YEAR,
        obs::PROCEDURE,
        obs::ORG,
        obs::VIDEO,
        obs::OBSERVERS,
    ];
    let mut s = header_line(obs::HEADER, &all);
    let mut row = Record::of(obs::HEADER);
    for o in world.iter().filter(|o| o.kind == "school") {
        let mut rng = stream(seed, &[9, id_hash(&o.id)]);
        let watched = if o.anomaly.is_some() { 0.6 } else { 0.92 };
        for &y in years {
            for p in [Procedure::Vpr, Procedure::Oge] {
                let video = rng.random_bool(watched) as u8;
                let observers = rng.random_bool(watched - 0.1) as u8;
                row.set(obs::YEAR, y)
                    .set(obs::PROCEDURE, p.code())
                    .set(obs::ORG, &o.id)
                    .set(obs::VIDEO, video)
                    .set(obs::OBSERVERS, observers);
                row.write_line(&all, &mut s);
            }
        }
    }
    s
}
