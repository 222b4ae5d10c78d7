//! The organizations of a generated project: invented (regions, municipalities, schools with
//! Russian names) or read from an existing orgs.csv, each with a latent ability, a size, its
//! teachers' journal grading habit and at most one planted anomaly.

use super::{id_hash, stream, Anomaly, Options, PlanFate};
use crate::diag::Diagnostics;
use crate::model::Kind;
use anyhow::{bail, Context, Result};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_distr::{Distribution, Normal};
use std::fmt::Write as _;
use std::path::Path;

/// One organization as the generator sees it.
#[derive(Debug, Clone)]
pub struct GenOrg {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub parent: String,
    /// Latent ability of the school's pupils (0 = region average, in SD units of pupils).
    pub ability: f64,
    /// Usual number of pupils per grade.
    pub size: u32,
    /// The school's journal grading habit, in marks: above 0 lenient (journal marks above what
    /// pupils show), below 0 strict.
    pub grading: f64,
    /// A strong school (гимназия, лицей): ability well above its municipality's.
    pub strong: bool,
    /// How often the school's checkers give a work one point short of mark 3 the missing point
    /// (honest schools do it too: real regions bunch at the mark-3 cut-off).
    pub checking: f64,
    /// The planted anomaly and, for cohort anomalies, the year it shows in.
    pub anomaly: Option<(Anomaly, u16)>,
    /// A school's plan for the first school year, and what became of it.
    pub plan: Option<PlanFate>,
}

impl GenOrg {
    /// The anomaly as it shows in `year`: a lasting one stops after the first year when the
    /// school's plan for the first school year works.
    pub fn anomaly_in(&self, year: u16, first_year: u16) -> Option<(Anomaly, u16)> {
        let stopped = |(a, _): &(Anomaly, u16)| {
            a.lasting() && self.plan == Some(PlanFate::Works) && year > first_year
        };
        self.anomaly.filter(|a| !stopped(a))
    }
}

/// What a school is like, drawn from its own stream.
struct Traits {
    ability: f64,
    size: u32,
    grading: f64,
    strong: bool,
    checking: f64,
}

/// Share of strong schools; half of them grade strictly.
const STRONG: f64 = 0.1;

fn traits(seed: u64, id: &str, parent_ability: f64) -> Traits {
    let mut rng = stream(seed, &[1, id_hash(id)]);
    let normal = |sd: f64| Normal::new(0.0, sd).expect("valid sd");
    let mut ability = parent_ability + normal(0.22).sample(&mut rng);
    let size = if rng.random_bool(0.12) {
        rng.random_range(4..12)
    } else {
        rng.random_range(14..70)
    };
    // Journal marks run a quarter of a mark above test marks on average, and schools differ.
    let mut grading = 0.25 + normal(0.3).sample(&mut rng);
    let strong = size >= 14 && rng.random_bool(STRONG);
    if strong {
        ability += 0.9;
        if rng.random_bool(0.5) {
            grading = -0.3 + normal(0.1).sample(&mut rng);
        }
    }
    let checking = (0.35 + normal(0.12).sample(&mut rng)).clamp(0.0, 0.7);
    Traits {
        ability,
        size,
        grading,
        strong,
        checking,
    }
}

/// Invents `regions` regions with `municipalities` and `schools` spread over them.
pub fn invent(o: &Options) -> Vec<GenOrg> {
    let mut out = Vec::new();
    let regions = o.regions.max(1);
    let municipalities = o.municipalities.max(regions);
    let schools = o.schools.max(1);
    for r in 0..regions {
        let name = if regions == 1 {
            "Синтетический регион".to_owned()
        } else {
            format!("Синтетический регион №{}", r + 1)
        };
        out.push(GenOrg {
            id: format!("reg{:02}", r + 1),
            name,
            kind: "region",
            parent: String::new(),
            ability: 0.0,
            size: 0,
            grading: 0.0,
            strong: false,
            checking: 0.0,
            anomaly: None,
            plan: None,
        });
    }
    let mut mun_ability = Vec::new();
    for m in 0..municipalities {
        let id = format!("mun{:04}", m + 1);
        let ability = traits(o.seed, &id, 0.0).ability * 0.6;
        mun_ability.push(ability);
        let name = format!("Муниципальный округ №{}", m + 1);
        out.push(GenOrg {
            id,
            name,
            kind: "municipality",
            parent: format!("reg{:02}", m % regions + 1),
            ability,
            size: 0,
            grading: 0.0,
            strong: false,
            checking: 0.0,
            anomaly: None,
            plan: None,
        });
    }
    let mut numbers = vec![0u32; municipalities];
    for s in 0..schools {
        let m = s % municipalities;
        numbers[m] += 1;
        let id = format!("sch{:06}", s + 1);
        let t = traits(o.seed, &id, mun_ability[m]);
        // Strong schools are the gymnasiums and lyceums; the rest are ordinary schools.
        let kind = match (t.strong, id_hash(&id) % 20) {
            (true, h) if h % 2 == 0 => "Гимназия",
            (true, _) => "Лицей",
            (false, 0) => "Основная общеобразовательная школа",
            _ => "Средняя общеобразовательная школа",
        };
        let name = format!(
            "МБОУ «{kind} №{}» муниципального округа №{}",
            numbers[m],
            m + 1
        );
        out.push(GenOrg {
            id,
            name,
            kind: "school",
            parent: format!("mun{:04}", m + 1),
            ability: t.ability,
            size: t.size,
            grading: t.grading,
            strong: t.strong,
            checking: t.checking,
            anomaly: None,
            plan: None,
        });
    }
    out
}

/// Reads an existing orgs.csv (validated as oko validates it).
pub fn read(path: &Path, seed: u64) -> Result<Vec<GenOrg>> {
    let bytes =
        std::fs::read(path).with_context(|| crate::i18n::msg!("io.read", path = path.display()))?;
    let (text, _) = crate::load::text::decode(&bytes).map_err(anyhow::Error::msg)?;
    let mut diags = Diagnostics::default();
    let orgs = crate::load::orgs::parse(&path.display().to_string(), &text, &mut diags);
    if diags.has_errors() {
        bail!(crate::diag::InputErrors(diags.sorted()));
    }
    Ok(orgs
        .ids()
        .map(|i| {
            let org = orgs.get(i);
            let parent = org
                .parent
                .map(|p| orgs.get(p).id.clone())
                .unwrap_or_default();
            let parent_ability = match org.kind {
                Kind::School => traits(seed, &parent, 0.0).ability * 0.6,
                _ => 0.0,
            };
            let t = traits(seed, &org.id, parent_ability);
            GenOrg {
                id: org.id.clone(),
                name: org.name.clone(),
                kind: org.kind.code(),
                parent,
                ability: t.ability,
                size: t.size,
                grading: t.grading,
                strong: t.strong && org.kind == Kind::School,
                checking: t.checking,
                anomaly: None,
                plan: None,
            }
        })
        .collect())
}

/// Plants anomalies in a shuffled selection of schools, each kind in at least one school.
pub fn plant(world: &mut [GenOrg], o: &Options) {
    let mut schools: Vec<usize> = (0..world.len())
        .filter(|&i| world[i].kind == "school" && world[i].size >= 14 && !world[i].strong)
        .collect();
    schools.shuffle(&mut stream(o.seed, &[2]));
    let mut rng = stream(o.seed, &[3]);
    let eligible = schools.len() as f64;
    let mut next = schools.into_iter();
    for anomaly in Anomaly::ALL {
        let cohort = matches!(anomaly, Anomaly::CohortRise | Anomaly::CohortFall);
        if cohort && o.years < 2 {
            continue;
        }
        let count = ((eligible * anomaly.rate()).round() as usize).max(1);
        for i in next.by_ref().take(count) {
            let year = if cohort {
                o.first_year + rng.random_range(1..o.years)
            } else {
                o.first_year
            };
            world[i].anomaly = Some((anomaly, year));
        }
    }
}

pub fn csv(world: &[GenOrg]) -> String {
    use crate::load::orgs::orgs::{HEADER, ID, KIND, NAME, PARENT};
    let written = [ID, NAME, KIND, PARENT];
    let mut s = crate::load::table::header_line(HEADER, &written);
    let mut row = crate::load::table::Record::of(HEADER);
    for o in world {
        row.set(ID, &o.id)
            .set(NAME, &o.name)
            .set(KIND, o.kind)
            .set(PARENT, &o.parent);
        row.write_line(&written, &mut s);
    }
    s
}

/// Gives about half the schools, at random, a plan for the first school year (each school's own
/// stream, whatever was planted in it): its measures answering the markers are done in four plans
/// of five; done, they work in the first, third, fifth… municipality and not in the others
/// ([`PlanFate`]).
pub fn plant_plans(world: &mut [GenOrg], o: &Options) {
    let position: std::collections::HashMap<String, usize> = world
        .iter()
        .filter(|g| g.kind == "municipality")
        .enumerate()
        .map(|(i, g)| (g.id.clone(), i))
        .collect();
    for g in world.iter_mut().filter(|g| g.kind == "school") {
        let mut rng = stream(o.seed, &[13, id_hash(&g.id)]);
        if !rng.random_bool(0.5) {
            continue;
        }
        let works = position.get(&g.parent).is_some_and(|p| p % 2 == 0);
        g.plan = Some(match (rng.random_bool(0.8), works) {
            (false, _) => PlanFate::NotDone,
            (true, true) => PlanFate::Works,
            (true, false) => PlanFate::Fails,
        });
    }
}

/// The measures of a generated plan, direction by direction: (text, markers it answers). Every
/// marker is answered by some measure, so that a plan whose answering measures are done answers
/// whatever a school is flagged for.
const MEASURES: [[(&str, &str); 2]; 3] = [
    [
        (
            "обеспечение видеонаблюдения на процедурах оценки качества образования",
            "[no_observation, inflated_mean, boundary_peak, cohort_rise]",
        ),
        (
            "проверка работ школьной комиссией по стандартизированным критериям",
            "[inflated_mean, boundary_peak, low_confirmation, external_gap, cohort_rise]",
        ),
    ],
    [
        (
            "анализ признаков необъективности по результатам ВПР и разработка комплекса мер",
            "[inflated_mean, mark_mismatch, cohort_fall, cohort_rise, low_confirmation, boundary_peak, external_gap, no_observation]",
        ),
        (
            "сопоставление отметок ВПР с отметками по журналу по каждому классу",
            "[mark_mismatch, low_confirmation]",
        ),
    ],
    [
        (
            "разъяснительная работа с педагогами по вопросам объективности оценки",
            "",
        ),
        (
            "экспертиза системы оценивания в образовательной программе",
            "",
        ),
    ],
];

/// The plans planted by [`plant_plans`], for the school year that begins in the first year:
/// the measures answering markers done (or, for a plan not carried out, in progress), the others
/// of mixed status, due in its spring.
pub fn plans(world: &[GenOrg], years: &[u16], seed: u64) -> Vec<(String, String)> {
    let first = years[0];
    let statuses = ["done", "in_progress", "planned", "done", "cancelled"];
    world
        .iter()
        .filter_map(|o| Some((o, o.plan?)))
        .map(|(o, fate)| {
            let mut rng = stream(seed, &[4, id_hash(&o.id)]);
            let mut y = format!(
                "org: {}\ntitle: План мероприятий по повышению объективности оценки образовательных результатов\nperiod: {}-{}\napproved: {}-08-30\ndirections:\n",
                o.id, first, first + 1, first
            );
            for (direction, measures) in crate::model::recommendation::Direction::ALL.iter().zip(MEASURES) {
                let title = direction.title(crate::i18n::Lang::Ru);
                let _ = writeln!(y, "  - title: {title}\n    measures:");
                for (text, answers) in measures {
                    let status = match (answers.is_empty(), fate) {
                        (false, PlanFate::NotDone) => "in_progress",
                        (false, _) => "done",
                        (true, _) => statuses[rng.random_range(0..statuses.len())],
                    };
                    let month = rng.random_range(1..=5);
                    let _ = writeln!(
                        y,
                        "      - text: {text}\n        due: {}-{month:02}-28\n        responsible: заместитель директора по УВР\n        status: {status}",
                        first + 1
                    );
                    if !answers.is_empty() {
                        let _ = writeln!(y, "        answers: {answers}");
                    }
                }
            }
            (format!("content/plans/{}.yaml", o.id), y)
        })
        .collect()
}
