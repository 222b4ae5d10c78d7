//! Simulated pupils of one assessment across all schools, written straight to CSV text.
//!
//! A pupil's latent ability is the school's plus a standard normal draw; the score is binomial
//! on the scale's maximum with a logistic success rate; the journal mark is the mark the
//! expected score earns, with a lenient nudge. Planted anomalies then bend scores or journal marks as documented on [`Anomaly`].

use super::{id_hash, stream, Anomaly, Assessment, GenOrg};
use crate::model::Procedure;
use rand::Rng;
use rand_distr::{Binomial, Distribution, Normal};
use std::fmt::Write as _;

const RESULTS_HEADER: &str =
    "year,procedure,subject,grade,org,participant,score,mark,journal_mark,class\n";
const AGGREGATES_HEADER: &str = "year,procedure,subject,grade,org,participants,mark2,mark3,mark4,mark5,lowered,confirmed,raised,score_mean,score_sd\n";

/// One simulated pupil.
struct Pupil {
    score: u16,
    journal: Option<u8>,
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

/// The score lift an anomaly gives this cell, as a share of the maximum score (negative: a drop).
fn lift(anomaly: Option<(Anomaly, u16)>, year: u16, a: &Assessment) -> f64 {
    let cohort_cell = a.procedure == Procedure::Vpr && matches!(a.subject, "ru" | "ma");
    match anomaly {
        Some((Anomaly::Inflated, _)) if a.in_federal_scope() => 0.3,
        Some((Anomaly::CohortRise, y)) if cohort_cell && a.grade == 5 && year == y => 0.3,
        Some((Anomaly::CohortRise, y)) if cohort_cell && a.grade == 4 && year + 1 == y => -0.3,
        Some((Anomaly::CohortFall, y)) if cohort_cell && a.grade == 4 && year + 1 == y => 0.3,
        Some((Anomaly::CohortFall, y)) if cohort_cell && a.grade == 5 && year == y => -0.3,
        _ => 0.0,
    }
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
    let mut rng = stream(seed, &[6, id_hash(&school.id), year as u64, index]);
    let drift = Normal::new(0.0, 0.1)
        .expect("valid sd")
        .sample(&mut stream(seed, &[7, id_hash(&school.id), year as u64]));
    let normal = Normal::new(0.0, 1.0).expect("valid sd");
    let lift = lift(school.anomaly, year, a);
    let anomaly = school.anomaly.map(|(k, _)| k);
    (0..n)
        .map(|_| {
            let theta = school.ability + drift + normal.sample(&mut rng);
            let p = 1.0 / (1.0 + (-(0.9 * theta - a.difficulty)).exp());
            let drawn = Binomial::new(a.max_score as u64, p)
                .expect("p in (0, 1)")
                .sample(&mut rng) as f64;
            let mut score = (drawn + lift * a.max_score as f64 * rng.random_range(0.8..1.2))
                .round()
                .min(a.max_score as f64) as u16;
            if anomaly == Some(Anomaly::BoundaryBunching) {
                if let Some(&b) = a.marks.iter().find(|&&b| score + 2 >= b && score < b) {
                    score = b;
                }
            }
            // The teacher's mark: the mark the pupil's expected score earns, one higher for
            // 15 % of pupils (lenient journals) and one lower for 5 %.
            let expected = a.mark((p * a.max_score as f64).round() as u16);
            let nudge = rng.random::<f64>();
            let mut journal = match nudge {
                x if x < 0.15 => expected + 1,
                x if x < 0.2 => expected - 1,
                _ => expected,
            }
            .clamp(2, 5);
            if anomaly == Some(Anomaly::InvertedJournal) && a.in_federal_scope() {
                journal = 7 - journal;
            }
            Pupil {
                score,
                journal: (!rng.random_bool(0.04)).then_some(journal),
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
    let mut text = String::from(if aggregates {
        AGGREGATES_HEADER
    } else {
        RESULTS_HEADER
    });
    let mut rows = 0;
    let (proc_, subj, grade) = (a.procedure.code(), a.subject, a.grade);
    for school in schools {
        let pupils = simulate(school, year, a, index, options);
        if aggregates {
            let _ = writeln!(
                text,
                "{year},{proc_},{subj},{grade},{},{}",
                school.id,
                summary(&pupils, a)
            );
            rows += 1;
            continue;
        }
        let mut code = stream(seed, &[8, id_hash(&school.id), year as u64, index]);
        for (i, p) in pupils.iter().enumerate() {
            let mark = if a.writes_marks {
                a.mark(p.score).to_string()
            } else {
                String::new()
            };
            let journal = p.journal.map_or(String::new(), |j| j.to_string());
            let class = ["А", "Б", "В"][i % 3];
            let _ = writeln!(
                text,
                "{year},{proc_},{subj},{grade},{},{:08X},{},{mark},{journal},{grade}{class}",
                school.id,
                code.random::<u32>(),
                p.score
            );
        }
        rows += pupils.len() as u64;
    }
    (text, rows)
}

/// participants,mark2..5,lowered,confirmed,raised,score_mean,score_sd of one school-cell.
fn summary(pupils: &[Pupil], a: &Assessment) -> String {
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
    format!(
        "{},{},{},{},{},{},{},{},{mean:.3},{:.3}",
        pupils.len(),
        marks[0],
        marks[1],
        marks[2],
        marks[3],
        conf[0],
        conf[1],
        conf[2],
        var.sqrt()
    )
}

/// Video and public observers per school, year and procedure.
pub fn observation_csv(world: &[GenOrg], years: &[u16], seed: u64) -> String {
    let mut s = String::from("year,procedure,org,video,observers\n");
    for o in world.iter().filter(|o| o.kind == "school") {
        let mut rng = stream(seed, &[9, id_hash(&o.id)]);
        let watched = if o.anomaly.is_some() { 0.6 } else { 0.92 };
        for &y in years {
            for p in [Procedure::Vpr, Procedure::Oge] {
                let video = rng.random_bool(watched) as u8;
                let observers = rng.random_bool(watched - 0.1) as u8;
                let _ = writeln!(s, "{y},{},{},{video},{observers}", p.code(), o.id);
            }
        }
    }
    s
}
