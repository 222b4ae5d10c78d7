//! `oko new plan --org ID [--year Y]`: a draft plan for a school or a municipality, written from
//! the catalogue of recommendations ([`crate::model::recommendation`]) for its markers of the
//! newest year with results (or the year asked for): seed 000's three directions, one measure per
//! recommendation answering its markers, with `answers:` naming them, due dates within the next
//! school year, status planned and the responsible person left to fill in; an organization
//! without markers gets the preventive measures only. The draft is for the school year after the
//! markers (`period: Y-(Y+1)`), so it answers them as a plan does.
//!
//! It is written into content/plans/ under the project lock as one transaction, never over an
//! existing file nor beside another plan of the same organization and school year, and passes
//! `oko check` as written. Its measures and titles are in the site's language; its comments, in
//! the command line's.

use crate::model::recommendation::{Direction, Level, Recommendation};
use crate::model::{Date, Kind, Marker, OrgId, Project};
use anyhow::{bail, Result};
use std::fmt::Write as _;
use std::path::Path;

/// What was drafted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drafted {
    /// Where the draft was written, relative to the project's root.
    pub path: String,
    /// The year of the markers it answers.
    pub year: u16,
    /// The markers it answers (none: preventive measures only).
    pub markers: Vec<Marker>,
    pub measures: usize,
}

/// A text in double quotes as YAML reads it back unchanged.
fn quoted(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "\"{}\"",
        one_line.replace('\\', "\\\\").replace('"', "\\\"")
    )
}

/// The due date of a measure of `direction` in the school year that begins in `year`: analysis
/// in the autumn, the procedures' measures before the spring's procedures, the rest by the end
/// of the school year.
fn due(direction: Direction, year: u16) -> Date {
    let (year, month, day) = match direction.number() {
        1 => (year + 1, 3, 1),
        2 => (year, 11, 30),
        _ => (year + 1, 5, 31),
    };
    Date { year, month, day }
}

/// The year whose markers a draft answers: the one asked for, else the newest with the
/// organization's results, else the newest with any results.
fn draft_year(project: &Project, org: OrgId, asked: Option<u16>) -> Option<u16> {
    let mut schools = project.orgs.schools_under(org);
    schools.sort_unstable();
    let own = project
        .cells
        .keys()
        .filter(|sc| schools.binary_search(&sc.org).is_ok())
        .map(|sc| sc.key.year)
        .max();
    asked.or(own).or_else(|| project.years().last().copied())
}

/// The draft's YAML, and the number of its measures. Pure: the text `oko new plan` writes.
pub fn text(project: &Project, org: OrgId, year: u16, markers: &[Marker]) -> (String, usize) {
    let lang = project.lang();
    let o = project.orgs.get(org);
    let level = Level::of(o.kind);
    let catalogue = &project.recommendations;
    // Each recommendation once, answering those of the organization's markers it answers.
    let mut chosen: Vec<(&Recommendation, Vec<Marker>)> = Vec::new();
    for &m in markers {
        for r in catalogue.answering(level, m) {
            match chosen.iter_mut().find(|(c, _)| std::ptr::eq(*c, r)) {
                Some((_, answers)) => answers.push(m),
                None => chosen.push((r, vec![m])),
            }
        }
    }
    if markers.is_empty() {
        chosen.extend(catalogue.preventive(level).map(|r| (r, Vec::new())));
    }
    let mut y = String::new();
    let header = match markers.is_empty() {
        true => crate::i18n::msg!("draft.header_preventive", year = year),
        false => crate::i18n::msg!("draft.header", year = year),
    };
    for line in header.lines() {
        let _ = writeln!(y, "# {line}");
    }
    let _ = writeln!(y, "org: {}", o.id);
    let _ = writeln!(
        y,
        "title: {}",
        quoted(&crate::i18n::msg_in!(lang, "draft.title"))
    );
    let _ = writeln!(y, "period: {}-{}", year, year + 1);
    let _ = writeln!(
        y,
        "# approved: {}-08-31   # {}",
        year,
        crate::i18n::msg!("draft.approved_hint")
    );
    let _ = writeln!(y, "directions:");
    for direction in Direction::ALL {
        let _ = writeln!(y, "  - title: {}", quoted(&direction.title(lang)));
        let measures: Vec<&(&Recommendation, Vec<Marker>)> = chosen
            .iter()
            .filter(|(r, _)| r.direction == direction)
            .collect();
        if measures.is_empty() {
            let _ = writeln!(y, "    measures: []");
            continue;
        }
        let _ = writeln!(y, "    measures:");
        for (r, answers) in measures {
            let reason = crate::i18n::msg!("draft.reason", reason = r.reason);
            let _ = writeln!(
                y,
                "      # {}",
                reason.split_whitespace().collect::<Vec<_>>().join(" ")
            );
            let _ = writeln!(y, "      - text: {}", quoted(&r.measure));
            let _ = writeln!(y, "        due: {}", due(direction, year));
            let _ = writeln!(
                y,
                "        responsible:   # {}",
                crate::i18n::msg!("draft.responsible_hint")
            );
            let _ = writeln!(y, "        status: planned");
            if !answers.is_empty() {
                let codes: Vec<&str> = answers.iter().map(|m| m.code()).collect();
                let _ = writeln!(y, "        answers: [{}]", codes.join(", "));
            }
        }
    }
    (y, chosen.len())
}

/// Writes a draft plan for the school or municipality `id` into content/plans/ and says where.
/// `waiting` is called once when another command holds the project.
pub fn write(root: &Path, id: &str, year: Option<u16>, waiting: impl FnOnce()) -> Result<Drafted> {
    let lock = crate::transaction::exclusive(root, waiting)?;
    let (project, _) = crate::load_project(root)?;
    let orgs = &project.orgs;
    let Some(org) = orgs.find(id) else {
        let ids = orgs.ids().map(|o| orgs.get(o).id.as_str());
        bail!(crate::i18n::msg!(
            "draft.unknown_org",
            id = id,
            hint = crate::diag::did_you_mean(id, ids)
        ));
    };
    if orgs.get(org).kind == Kind::Region {
        bail!(crate::i18n::msg!("draft.region", id = id));
    }
    let Some(year) = draft_year(&project, org, year) else {
        bail!(crate::i18n::msg!("draft.no_year", id = id));
    };
    let id = &orgs.get(org).id;
    let period = format!("{}-{}", year, year + 1);
    let same = |p: &&crate::model::Plan| {
        orgs.find(&p.org) == Some(org) && p.period.as_deref() == Some(period.as_str())
    };
    if let Some(plan) = project.plans.iter().find(same) {
        bail!(crate::i18n::msg!(
            "draft.plan_exists",
            id = id,
            period = period,
            path = plan.path
        ));
    }
    let path = format!("content/plans/{id}-{period}.yaml");
    match crate::load::safe_path(root, &path) {
        Ok(None) => {}
        Ok(Some(_)) => bail!(crate::i18n::msg!("draft.file_exists", path = path)),
        Err(problem) => bail!("{path}: {problem}"),
    }
    let ind = crate::indicators::compute(&project, false);
    let markers = crate::indicators::cycle::markers_under(&project, &ind, org, year);
    let (text, measures) = text(&project, org, year, &markers);
    let mut tx = crate::transaction::Transaction::begin(root, &lock)?;
    tx.write(&path, text.as_bytes())?;
    tx.commit()?;
    Ok(Drafted {
        path,
        year,
        markers,
        measures,
    })
}
