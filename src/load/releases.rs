//! data/releases.csv: what earlier publishing builds released ([`crate::model::release`];
//! `oko build --release` appends to it; always strict). One row per fact of a release: a
//! municipality's or region's figure it published (`role` `published`), or a school-cell's
//! figure it kept hidden with how many pupils and a digest of their data (`hidden`).
//! Organizations are kept as ids: a school annulled since is still part of what was released.

use super::keys::{Lookups, GRADE, PROCEDURE, SUBJECT, YEAR};
use super::table::{Column, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::release::{Figure, Hidden, Release};
use crate::model::Project;
use std::collections::BTreeMap;

/// The file's path in a project.
pub const PATH: &str = "data/releases.csv";

pub const COLUMNS: &[Column] = &[
    YEAR,
    PROCEDURE,
    SUBJECT,
    GRADE,
    Column::required("release", &[]),
    Column::required("figure", &[]),
    Column::required("role", &[]),
    Column::required("org", &[]),
    Column::required("municipality", &[]),
    Column::required("region", &[]),
    Column::required("contributors", &[]),
    Column::required("digest", &[]),
];

pub fn parse(path: &str, text: &str, look: &Lookups, diags: &mut Diagnostics) -> Vec<Release> {
    let mut releases: BTreeMap<u32, Release> = BTreeMap::new();
    let table = Table::new(path, text);
    let Some(pos) = table.columns(COLUMNS, diags) else {
        return Vec::new();
    };
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, COLUMNS);
        let key = look.cell_key(&mut f);
        let number = f.int(4, 1..=u32::MAX as i64).map(|r| r as u32);
        let figure = Figure::parse(f.text(5));
        if figure.is_none() {
            f.fail(5, &crate::i18n::msg!("load.expected_figure"));
        }
        let role = f.text(6).to_owned();
        let org = f.text(7).to_owned();
        let (municipality, region) = (f.text(8).to_owned(), f.text(9).to_owned());
        let contributors = f.int(10, 0..=100_000_000).map(|n| n as u32);
        let digest = u64::from_str_radix(f.text(11), 16).ok();
        if digest.is_none() {
            f.fail(11, &crate::i18n::msg!("load.expected_digest"));
        }
        let hidden = match role.as_str() {
            "published" => false,
            "hidden" => true,
            _ => {
                f.fail(6, &crate::i18n::msg!("load.expected_role"));
                false
            }
        };
        if let (Some(key), Some(number), Some(figure), Some(contributors), Some(digest)) =
            (key, number, figure, contributors, digest)
        {
            let release = releases.entry(number).or_insert_with(|| Release {
                number,
                ..Release::default()
            });
            if hidden {
                release.hidden.insert(
                    (org, key, figure),
                    Hidden {
                        municipality,
                        region,
                        contributors,
                        digest,
                    },
                );
            } else {
                release.published.insert((org, key, figure));
            }
        }
        diags.extend(f.diags);
    });
    releases.into_values().collect()
}

/// The rows recording `release` for appending to the file; none when the project's last
/// release published and hid the same.
pub fn rows(project: &Project, release: &Release) -> Vec<[String; 12]> {
    if project.releases.last().is_some_and(|r| r.same_as(release)) {
        return Vec::new();
    }
    let key_fields = |key: &crate::model::CellKey| {
        [
            key.year.to_string(),
            key.procedure.code().to_owned(),
            project.subjects.code(key.subject).to_owned(),
            key.grade.to_string(),
        ]
    };
    let number = release.number.to_string();
    let published = release.published.iter().map(|(org, key, figure)| {
        let [y, p, s, g] = key_fields(key);
        [
            y,
            p,
            s,
            g,
            number.clone(),
            figure.code().to_owned(),
            "published".to_owned(),
            org.clone(),
            String::new(),
            String::new(),
            "0".to_owned(),
            "0".to_owned(),
        ]
    });
    let hidden = release.hidden.iter().map(|((school, key, figure), h)| {
        let [y, p, s, g] = key_fields(key);
        [
            y,
            p,
            s,
            g,
            number.clone(),
            figure.code().to_owned(),
            "hidden".to_owned(),
            school.clone(),
            h.municipality.clone(),
            h.region.clone(),
            h.contributors.to_string(),
            format!("{:016x}", h.digest),
        ]
    });
    published.chain(hidden).collect()
}
