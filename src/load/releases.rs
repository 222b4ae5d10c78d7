//! data/releases.csv: what earlier publishing builds released with hidden contributors
//! ([`crate::model::release`]; `oko build --release` writes it; always strict). Organizations
//! are kept as ids: a school annulled since is still a member of what was released.

use super::keys::{Lookups, GRADE, PROCEDURE, SUBJECT, YEAR};
use super::table::{Column, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::release::{Figure, Lump, Member};
use std::collections::BTreeMap;

/// The file's path in a project.
pub const PATH: &str = "data/releases.csv";

pub const COLUMNS: &[Column] = &[
    YEAR,
    PROCEDURE,
    SUBJECT,
    GRADE,
    Column::required("release", &[]),
    Column::required("org", &[]),
    Column::required("figure", &[]),
    Column::required("member", &[]),
    Column::required("contributors", &[]),
    Column::required("digest", &[]),
];

pub fn parse(path: &str, text: &str, look: &Lookups, diags: &mut Diagnostics) -> Vec<Lump> {
    let mut lumps: BTreeMap<(u32, String, crate::model::CellKey, Figure), Vec<Member>> =
        BTreeMap::new();
    let table = Table::new(path, text);
    let Some(pos) = table.columns(COLUMNS, diags) else {
        return Vec::new();
    };
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, COLUMNS);
        let key = look.cell_key(&mut f);
        let release = f.int(4, 1..=u32::MAX as i64).map(|r| r as u32);
        let org = f.text(5).to_owned();
        let figure = Figure::parse(f.text(6));
        if figure.is_none() {
            f.fail(6, &crate::msg!("load.expected_figure"));
        }
        let member = f.text(7).to_owned();
        let contributors = f.int(8, 1..=10_000_000).map(|n| n as u32);
        let digest = u64::from_str_radix(f.text(9), 16).ok();
        if digest.is_none() {
            f.fail(9, &crate::msg!("load.expected_digest"));
        }
        if let (Some(key), Some(release), Some(figure), Some(contributors), Some(digest)) =
            (key, release, figure, contributors, digest)
        {
            lumps
                .entry((release, org, key, figure))
                .or_default()
                .push(Member {
                    school: member,
                    contributors,
                    digest,
                });
        }
        diags.extend(f.diags);
    });
    lumps
        .into_iter()
        .map(|((release, org, key, figure), members)| Lump {
            release,
            org,
            key,
            figure,
            members,
        })
        .collect()
}

/// The rows recording `lumps` as release number `release`, for appending to the file; a lump
/// an earlier release recorded with the same hidden contributors is not written again.
pub fn rows(project: &crate::model::Project, lumps: &[Lump], release: u32) -> Vec<[String; 10]> {
    let mut out = Vec::new();
    for lump in lumps {
        let known = project.releases.iter().any(|l| {
            l.org == lump.org
                && l.key == lump.key
                && l.figure == lump.figure
                && l.members == lump.members
        });
        if known {
            continue;
        }
        for m in &lump.members {
            out.push([
                lump.key.year.to_string(),
                lump.key.procedure.code().to_owned(),
                project.subjects.code(lump.key.subject).to_owned(),
                lump.key.grade.to_string(),
                release.to_string(),
                lump.org.clone(),
                lump.figure.code().to_owned(),
                m.school.clone(),
                m.contributors.to_string(),
                format!("{:016x}", m.digest),
            ]);
        }
    }
    out
}
