//! data/releases.csv: what earlier publishing builds released ([`crate::model::release`];
//! `oko build --release` appends to it; always strict). One row per fact of a release: a
//! municipality's or region's figure it published (`role` `published`), or a school-cell's
//! figure it kept hidden with how many pupils and a digest of their data (`hidden`).
//! Organizations are kept as ids: a school annulled since is still part of what was released.

use super::keys::{self, Lookups};
use super::table::{schema, Record, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::release::{Figure, Hidden, Release};
use crate::model::Project;
use std::collections::BTreeMap;

/// The file's path in a project.
pub const PATH: &str = "data/releases.csv";

schema! {
    /// data/releases.csv: one fact of a release a row.
    pub mod releases {
        YEAR = keys::YEAR,
        PROCEDURE = keys::PROCEDURE,
        SUBJECT = keys::SUBJECT,
        GRADE = keys::GRADE,
        RELEASE = Column::required("release", &[]),
        FIGURE = Column::required("figure", &[]),
        ROLE = Column::required("role", &[]),
        ORG = Column::required("org", &[]),
        MUNICIPALITY = Column::required("municipality", &[]),
        REGION = Column::required("region", &[]),
        CONTRIBUTORS = Column::required("contributors", &[]),
        DIGEST = Column::required("digest", &[]),
    }
}
use releases::*;
pub use releases::{COLUMNS, HEADER};

pub fn parse(path: &str, text: &str, look: &Lookups, diags: &mut Diagnostics) -> Vec<Release> {
    let mut releases: BTreeMap<u32, Release> = BTreeMap::new();
    let table = Table::new(path, text);
    let Some(pos) = table.columns(COLUMNS, diags) else {
        return Vec::new();
    };
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, COLUMNS);
        let key = look.cell_key(&mut f);
        let number = f.int(RELEASE, 1..=u32::MAX as i64).map(|r| r as u32);
        let figure = Figure::parse(f.text(FIGURE));
        if figure.is_none() {
            f.fail(FIGURE, &crate::i18n::msg!("load.expected_figure"));
        }
        let role = f.text(ROLE).to_owned();
        let org = f.text(ORG).to_owned();
        let (municipality, region) = (f.text(MUNICIPALITY).to_owned(), f.text(REGION).to_owned());
        let contributors = f.int(CONTRIBUTORS, 0..=100_000_000).map(|n| n as u32);
        let digest = u64::from_str_radix(f.text(DIGEST), 16).ok();
        if digest.is_none() {
            f.fail(DIGEST, &crate::i18n::msg!("load.expected_digest"));
        }
        let hidden = match role.as_str() {
            "published" => false,
            "hidden" => true,
            _ => {
                f.fail(ROLE, &crate::i18n::msg!("load.expected_role"));
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
pub fn rows(project: &Project, release: &Release) -> Vec<Record> {
    if project.releases.last().is_some_and(|r| r.same_as(release)) {
        return Vec::new();
    }
    let row = |key: &crate::model::CellKey, figure: Figure, role: &str, org: &str| {
        let mut row = Record::of(HEADER);
        row.set(YEAR, key.year)
            .set(PROCEDURE, key.procedure.code())
            .set(SUBJECT, project.subjects.code(key.subject))
            .set(GRADE, key.grade)
            .set(RELEASE, release.number)
            .set(FIGURE, figure.code())
            .set(ROLE, role)
            .set(ORG, org);
        row
    };
    let published = release.published.iter().map(|(org, key, figure)| {
        let mut r = row(key, *figure, "published", org);
        r.set(CONTRIBUTORS, 0).set(DIGEST, 0);
        r
    });
    let hidden = release.hidden.iter().map(|((school, key, figure), h)| {
        let mut r = row(key, *figure, "hidden", school);
        r.set(MUNICIPALITY, &h.municipality)
            .set(REGION, &h.region)
            .set(CONTRIBUTORS, h.contributors)
            .set(DIGEST, format_args!("{:016x}", h.digest));
        r
    });
    published.chain(hidden).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Release>, Vec<String>) {
        let project = Project::default();
        let look = Lookups {
            orgs: &project.orgs,
            subjects: &project.subjects,
            invalid_rows: Default::default(),
            tasks: &project.tasks,
        };
        let mut diags = Diagnostics::default();
        let releases = parse(PATH, text, &look, &mut diags);
        let messages = diags.sorted().iter().map(|d| d.to_string()).collect();
        (releases, messages)
    }

    #[test]
    fn a_file_without_groups_by_mark_still_loads_and_a_bad_figure_names_its_place() {
        let header = "year,procedure,subject,grade,release,figure,role,org,municipality,region,\
                      contributors,digest\n";
        // As builds before the groups by mark wrote it.
        let (releases, messages) = read(&format!(
            "{header}2022,VPR,ma,4,1,tasks,published,m,,,0,0\n\
             2022,VPR,ma,4,1,tasks,hidden,h,m,r,7,00000000000000ff\n"
        ));
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(releases.len(), 1);
        assert_eq!(releases[0].hidden.len(), 1);
        let (releases, messages) = read(&format!(
            "{header}2022,VPR,ma,4,2,mark4,hidden,h,m,r,3,00000000000000ff\n\
             2022,VPR,ma,4,2,mark6,published,m,,,0,0\n"
        ));
        assert_eq!(releases[0].hidden.keys().next().unwrap().2, Figure::Mark4);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].starts_with("data/releases.csv:3:6: ")
                && messages[0].contains("mark2 … mark5"),
            "{messages:?}"
        );
    }
}
