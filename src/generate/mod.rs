//! `oko generate`: a synthetic site project of any size, deterministic per seed, with planted
//! anomalies listed in `data/ground_truth.csv`, for demos, tests and benchmarks.
//!
//! Pupils are simulated, written as participant rows (or as ФИС ОКО-style aggregates with
//! `--aggregates`) and forgotten; nothing about them is kept in memory. Every school-cell draws
//! from its own seeded stream, so files can be written in parallel and still be identical.

mod assessments;
mod orgs;
mod pupils;
pub mod truth;

use anyhow::{Context, Result};
pub use assessments::{Assessment, ASSESSMENTS};
pub use orgs::GenOrg;
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::PathBuf;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    pub regions: usize,
    pub municipalities: usize,
    pub schools: usize,
    pub first_year: u16,
    pub years: u16,
    pub seed: u64,
    /// Write summaries to data/aggregates/ instead of participant rows.
    pub aggregates: bool,
    /// Take the organizations from this orgs.csv instead of inventing them.
    pub orgs: Option<PathBuf>,
    /// Multiplies every school's pupils per grade (1.0: 14–69, as in a typical region).
    pub pupils_scale: f64,
}

/// An anomaly planted in a school, the truth the markers are tested against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Anomaly {
    /// ВПР Russian and mathematics scores lifted in every grade, every year; ОГЭ, marked by the
    /// region's experts, is not.
    Inflated,
    /// Journal marks reversed (5 ↔ 2, 4 ↔ 3) in the federal-scope cells, every year.
    InvertedJournal,
    /// Every score one or two points short of a mark boundary lifted to it, every year.
    BoundaryBunching,
    /// Grade 4 lowered the year before and grade 5 lifted in one year: a sudden rise of a cohort.
    CohortRise,
    /// Grade 4 lifted the year before and grade 5 lowered in one year: a sudden fall of a cohort.
    CohortFall,
}

/// What became of a generated plan (written only when the generator writes content/): its
/// measures that answer the school's markers were carried out or not, and where they were, they
/// stopped the school's lasting anomaly or did not. Plans fall to schools at random, whatever
/// they plant, so that schools with and without a plan are alike but for the plan; they work in
/// the first, third, fifth… municipality and not in the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFate {
    /// Done, and the school's lasting anomaly stops after the plan's school year.
    Works,
    /// Done, and the anomaly goes on.
    Fails,
    /// The answering measures are still in progress; the anomaly goes on.
    NotDone,
}

impl PlanFate {
    /// Its code in ground_truth.csv's `plan` column.
    pub fn code(self) -> &'static str {
        match self {
            PlanFate::Works => "works",
            PlanFate::Fails => "fails",
            PlanFate::NotDone => "not_done",
        }
    }
}

impl Anomaly {
    pub const ALL: [Anomaly; 5] = [
        Anomaly::Inflated,
        Anomaly::InvertedJournal,
        Anomaly::BoundaryBunching,
        Anomaly::CohortRise,
        Anomaly::CohortFall,
    ];
}

/// A seeded random stream for one piece of the project (an org, a school-cell), independent of
/// the order in which pieces are generated.
pub fn stream(seed: u64, parts: &[u64]) -> rand_chacha::ChaCha8Rng {
    use rand::SeedableRng;
    let mut h = seed ^ 0x9E37_79B9_7F4A_7C15;
    for &p in parts {
        h = splitmix(h ^ p);
    }
    rand_chacha::ChaCha8Rng::seed_from_u64(h)
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// FNV-1a of a text: a stable number for an id.
pub fn id_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Anomaly {
    pub fn code(self) -> &'static str {
        match self {
            Anomaly::Inflated => "inflated",
            Anomaly::InvertedJournal => "inverted_journal",
            Anomaly::BoundaryBunching => "boundary_bunching",
            Anomaly::CohortRise => "cohort_rise",
            Anomaly::CohortFall => "cohort_fall",
        }
    }

    /// Whether it shows every year (and so a plan that works can stop it), not in one year only.
    pub fn lasting(self) -> bool {
        !matches!(self, Anomaly::CohortRise | Anomaly::CohortFall)
    }

    /// Share of schools that get this anomaly (at least one school each).
    fn rate(self) -> f64 {
        match self {
            Anomaly::Inflated => 0.07,
            Anomaly::InvertedJournal => 0.04,
            Anomaly::BoundaryBunching => 0.05,
            Anomaly::CohortRise | Anomaly::CohortFall => 0.03,
        }
    }
}

/// What was written.
#[derive(Debug, Default)]
pub struct Report {
    pub organizations: usize,
    pub schools: usize,
    pub rows: u64,
    pub files: usize,
    pub bytes: u64,
}

/// Generates the project into `options.out`. config.yaml and content/ are written only where
/// they do not exist yet, so a curated demo keeps its own; plans (and what became of them,
/// [`PlanFate`]) are planted only when the generator writes content/.
pub fn generate(options: &Options) -> Result<Report> {
    let out = &options.out;
    let mut world = match &options.orgs {
        Some(path) => orgs::read(path, options.seed)?,
        None => orgs::invent(options),
    };
    orgs::plant(&mut world, options);
    let writes_plans = !out.join("content").exists();
    if writes_plans {
        orgs::plant_plans(&mut world, options);
    }
    std::fs::create_dir_all(out.join("data"))
        .with_context(|| crate::i18n::msg!("io.create", path = out.display()))?;
    let mut report = Report {
        organizations: world.len(),
        schools: world.iter().filter(|o| o.kind == "school").count(),
        ..Report::default()
    };
    let mut write = |rel: &str, text: &str| -> Result<()> {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| crate::i18n::msg!("io.create", path = parent.display()))?;
        }
        std::fs::write(&path, text)
            .with_context(|| crate::i18n::msg!("io.write", path = path.display()))?;
        report.files += 1;
        report.bytes += text.len() as u64;
        Ok(())
    };
    match &options.orgs {
        // The organizations came from a file: copy it as it is, unless it is already in place.
        Some(src) => {
            let target = out.join("data/orgs.csv");
            let same =
                matches!((src.canonicalize(), target.canonicalize()), (Ok(a), Ok(b)) if a == b);
            if !same {
                std::fs::copy(src, &target)
                    .with_context(|| crate::i18n::msg!("io.copy", path = src.display()))?;
            }
        }
        None => write("data/orgs.csv", &orgs::csv(&world))?,
    }
    let years: Vec<u16> = (options.first_year..options.first_year + options.years).collect();
    write("data/scales.csv", &scales_csv(&years))?;
    if !options.aggregates {
        write("data/tasks.csv", &tasks_csv(&years))?;
        write("data/codifier.csv", &codifier_csv(&years))?;
    }
    write(
        "data/observation.csv",
        &pupils::observation_csv(&world, &years, options.seed),
    )?;
    write("data/ground_truth.csv", &ground_truth_csv(&world, &years))?;
    if !out.join("config.yaml").exists() {
        write("config.yaml", &config_yaml(&years))?;
    }
    if writes_plans {
        for (rel, text) in orgs::plans(&world, &years, options.seed) {
            write(&rel, &text)?;
        }
    }
    let schools: Vec<&GenOrg> = world.iter().filter(|o| o.kind == "school").collect();
    let jobs: Vec<(u16, u64, &Assessment)> = years
        .iter()
        .flat_map(|&y| {
            ASSESSMENTS
                .iter()
                .enumerate()
                .map(move |(i, a)| (y, i as u64, a))
        })
        .collect();
    let folder = if options.aggregates {
        "aggregates"
    } else {
        "results"
    };
    let files: Vec<(String, String, u64)> = jobs
        .par_iter()
        .map(|&(year, index, a)| {
            let (text, rows) = pupils::cell_file(&schools, year, (index, a), options);
            let rel = format!(
                "data/{folder}/{year}/{}_{}_{}.csv",
                a.procedure.code().to_lowercase(),
                a.subject,
                a.grade
            );
            (rel, text, rows)
        })
        .collect();
    for (rel, text, rows) in files {
        write(&rel, &text)?;
        report.rows += rows;
    }
    Ok(report)
}

fn scales_csv(years: &[u16]) -> String {
    use crate::load::scales::scale_table as t;
    let all: Vec<usize> = (0..t::HEADER.len()).collect();
    let mut s = crate::load::table::header_line(t::HEADER, &all);
    let mut row = crate::load::table::Record::of(t::HEADER);
    for &y in years {
        for a in ASSESSMENTS {
            let [m3, m4, m5] = a.marks;
            row.set(t::YEAR, y)
                .set(t::PROCEDURE, a.procedure.code())
                .set(t::SUBJECT, a.subject)
                .set(t::GRADE, a.grade)
                .set(t::MAX_SCORE, a.max_score)
                .set(t::MARK3, m3)
                .set(t::MARK4, m4)
                .set(t::MARK5, m5);
            row.write_line(&all, &mut s);
        }
    }
    s
}

fn tasks_csv(years: &[u16]) -> String {
    use crate::load::tasks::tasks as t;
    let all: Vec<usize> = (0..t::HEADER.len()).collect();
    let mut s = crate::load::table::header_line(t::HEADER, &all);
    let mut row = crate::load::table::Record::of(t::HEADER);
    for &y in years {
        for a in ASSESSMENTS {
            for (k, task) in a.tasks().iter().enumerate() {
                row.set(t::YEAR, y)
                    .set(t::PROCEDURE, a.procedure.code())
                    .set(t::SUBJECT, a.subject)
                    .set(t::GRADE, a.grade)
                    .set(t::TASK, k + 1)
                    .set(t::MAX_POINTS, task.max)
                    .set(t::LEVEL, task.level.code())
                    .set(t::ANSWER, if task.max == 1 { "short" } else { "extended" })
                    .set(t::SKILLS, Assessment::codes(k).0)
                    .set(t::CONTENT, Assessment::codes(k).1);
                row.write_line(&all, &mut s);
            }
        }
    }
    s
}

/// data/codifier.csv: the codifier of every generated work, the same every year.
fn codifier_csv(years: &[u16]) -> String {
    use crate::load::codifier::codifier as c;
    let all: Vec<usize> = (0..c::HEADER.len()).collect();
    let mut s = crate::load::table::header_line(c::HEADER, &all);
    let mut row = crate::load::table::Record::of(c::HEADER);
    for &y in years {
        for a in ASSESSMENTS {
            for (kind, code, text) in a.codifier() {
                row.set(c::YEAR, y)
                    .set(c::PROCEDURE, a.procedure.code())
                    .set(c::SUBJECT, a.subject)
                    .set(c::GRADE, a.grade)
                    .set(c::KIND, kind)
                    .set(c::CODE, code)
                    .set(c::TEXT, text);
                row.write_line(&all, &mut s);
            }
        }
    }
    s
}

/// Planted anomalies with the years they show in and what became of the school's plan
/// (`plan`: [`PlanFate`], empty without one), and the honest strong schools whose teachers grade
/// strictly (`strong_strict`), the schools a sign must not mistake for inflation.
fn ground_truth_csv(world: &[GenOrg], years: &[u16]) -> String {
    let mut s = String::from("org,anomaly,year,plan\n");
    let (first, last) = (years[0], years[years.len() - 1]);
    for o in world.iter().filter(|o| o.strong && o.grading < 0.0) {
        let _ = writeln!(s, "{},strong_strict,{first}-{last},", o.id);
    }
    for o in world {
        if let Some((anomaly, year)) = o.anomaly {
            let shown = match (anomaly.lasting(), o.plan) {
                (false, _) => year.to_string(),
                (true, Some(PlanFate::Works)) => first.to_string(),
                (true, _) => format!("{first}-{last}"),
            };
            let plan = o.plan.map_or("", PlanFate::code);
            let _ = writeln!(s, "{},{},{shown},{plan}", o.id, anomaly.code());
        }
    }
    s
}

fn config_yaml(years: &[u16]) -> String {
    let last = years.last().copied().unwrap_or(2023);
    format!(
        "# Generated by `oko generate`: every result here is synthetic.\n\
         title: Синтетический регион — объективность оценки\n\
         demo: true\n\
         as_of: {last}-06-30\n"
    )
}
