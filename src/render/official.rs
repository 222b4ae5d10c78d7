//! The federal list «Признаки необъективности» (data/official_markers.csv) on the pages: per
//! school, its flagged works each year beside the federal markers oko computed for it; per
//! region and municipality, the number of listed schools each year and the newest year's list.

use super::facts::Facts;
use super::views::{Here, Link};
use crate::model::{CellKey, Kind, OrgId, Procedure, SchoolCell};
use serde::Serialize;
use std::collections::BTreeSet;

/// One year of a school on the official list.
#[derive(Serialize)]
pub struct SchoolYear {
    year: u16,
    /// The works the list flags.
    listed: Vec<String>,
    /// Whether oko evaluated the school that year, so the two can be compared.
    compared: bool,
    /// Works flagged by both, by the list only, by oko only.
    both: Vec<String>,
    only_listed: Vec<String>,
    only_computed: Vec<String>,
}

/// Listed schools of a region's municipalities (or of one municipality) per year.
#[derive(Serialize)]
pub struct Area {
    years: Vec<u16>,
    rows: Vec<AreaRow>,
    newest_year: u16,
    newest: Vec<ListedSchool>,
}

#[derive(Serialize)]
struct AreaRow {
    link: Link,
    /// Listed schools per year, in the order of `years`.
    counts: Vec<usize>,
}

#[derive(Serialize)]
struct ListedSchool {
    link: Link,
    works: Vec<String>,
}

/// The works (year, subject, grade of a ВПР) where oko raised a federal marker for the school.
fn computed(f: &Facts, school: OrgId, year: u16) -> BTreeSet<CellKey> {
    f.ind
        .hits_of(school, year)
        .iter()
        .filter(|h| h.marker.is_federal() && h.procedure == Some(Procedure::Vpr))
        .filter_map(|h| h.cell)
        .collect()
}

fn listed<'a>(f: &Facts<'a>, school: OrgId) -> impl Iterator<Item = &'a SchoolCell> {
    f.project.official.iter().filter(move |f| f.org == school)
}

/// A school's years on the official list, newest first.
pub(super) fn official_school(f: &Facts, id: OrgId) -> Vec<SchoolYear> {
    let years: BTreeSet<u16> = listed(f, id).map(|f| f.key.year).collect();
    let label = |k: &CellKey| f.project.work_label(k);
    years
        .into_iter()
        .rev()
        .map(|year| {
            let listed: BTreeSet<CellKey> = listed(f, id)
                .filter(|f| f.key.year == year)
                .map(|f| f.key)
                .collect();
            let mine = computed(f, id, year);
            SchoolYear {
                year,
                listed: listed.iter().map(label).collect(),
                compared: f.ind.evaluated.contains(&(year, id)),
                both: listed.intersection(&mine).map(label).collect(),
                only_listed: listed.difference(&mine).map(label).collect(),
                only_computed: mine.difference(&listed).map(label).collect(),
            }
        })
        .collect()
}

/// The official list of a region or municipality, or `None` when it lists none of its schools.
pub(super) fn official_area(f: &Facts, here: &Here, id: OrgId) -> Option<Area> {
    let orgs = &f.project.orgs;
    let schools: BTreeSet<OrgId> = orgs.schools_under(id).into_iter().collect();
    let flags: Vec<&SchoolCell> = f
        .project
        .official
        .iter()
        .filter(|f| schools.contains(&f.org))
        .collect();
    let years: Vec<u16> = flags
        .iter()
        .map(|f| f.key.year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let newest_year = *years.last()?;
    let count = |under: &BTreeSet<OrgId>, year: u16| {
        flags
            .iter()
            .filter(|f| f.key.year == year && under.contains(&f.org))
            .map(|f| f.org)
            .collect::<BTreeSet<_>>()
            .len()
    };
    let parts: Vec<OrgId> = if orgs.get(id).kind == Kind::Region {
        orgs.children(id).to_vec()
    } else {
        vec![id]
    };
    let rows = parts
        .into_iter()
        .map(|part| {
            let under: BTreeSet<OrgId> = orgs.schools_under(part).into_iter().collect();
            AreaRow {
                link: here.org(orgs.get(part)),
                counts: years.iter().map(|&y| count(&under, y)).collect(),
            }
        })
        .filter(|row| row.counts.iter().any(|&c| c > 0))
        .collect();
    let newest_schools: BTreeSet<OrgId> = flags
        .iter()
        .filter(|f| f.key.year == newest_year)
        .map(|f| f.org)
        .collect();
    let newest = newest_schools
        .into_iter()
        .map(|s| ListedSchool {
            link: here.org(orgs.get(s)),
            works: flags
                .iter()
                .filter(|flag| flag.org == s && flag.key.year == newest_year)
                .map(|flag| f.project.work_label(&flag.key))
                .collect(),
        })
        .collect();
    Some(Area {
        years,
        rows,
        newest_year,
        newest,
    })
}
