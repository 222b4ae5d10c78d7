//! The figures of a region's or municipality's cell: its schools' cells pooled.

use crate::model::cell::Moments;
use crate::model::{Cell, CellKey, Kind, OrgId, Project};
use std::collections::BTreeMap;

/// Pooled figures of several school-cells of one assessment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pooled {
    pub schools: u32,
    pub participants: u32,
    /// Counts of marks 2..5, when every school's marks are known.
    pub marks: Option<[u32; 4]>,
    /// Moments over all participants, when every school's are known.
    pub moments: Option<Moments>,
    /// Lowered, confirmed, raised over the schools that report it.
    pub confirmation: Option<[u32; 3]>,
    /// Pupils by test mark − journal mark ([`crate::model::cell::Detail::gaps`]), when every
    /// school that reports confirmation has participant rows (else `None`).
    pub gaps: Option<[u32; 7]>,
    /// Pupils per score over the schools with participant rows.
    pub histogram: Vec<u64>,
    /// Task points over the schools with task scores.
    pub tasks: crate::model::task::TaskNotes,
    /// Which of the figures may be published ([`super::suppression`]).
    pub publish: super::suppression::Published,
}

impl Pooled {
    pub fn of<'a>(cells: impl IntoIterator<Item = &'a Cell>) -> Pooled {
        let mut p = Pooled {
            marks: Some([0; 4]),
            ..Pooled::default()
        };
        let mut moments = Some(Vec::new());
        p.gaps = Some([0; 7]);
        for c in cells {
            p.schools += 1;
            p.participants += c.participants;
            p.marks = match (p.marks, c.marks) {
                (Some(a), Some(b)) => Some([a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]),
                _ => None,
            };
            match (&mut moments, c.moments) {
                (Some(list), Some(m)) => list.push(m),
                _ => moments = None,
            }
            if let Some(b) = c.confirmation {
                let a = p.confirmation.get_or_insert([0; 3]);
                for i in 0..3 {
                    a[i] += b[i];
                }
            }
            match (&c.detail, c.confirmation, &mut p.gaps) {
                (Some(d), _, Some(gaps)) => {
                    for (a, b) in gaps.iter_mut().zip(d.gaps()) {
                        *a += b;
                    }
                }
                (None, Some(_), _) => p.gaps = None,
                _ => {}
            }
            if let Some(d) = &c.detail {
                p.tasks.merge(&d.tasks);
                let h = d.histogram();
                if p.histogram.len() < h.len() {
                    p.histogram.resize(h.len(), 0);
                }
                for (a, b) in p.histogram.iter_mut().zip(h) {
                    *a += b as u64;
                }
            }
        }
        p.moments = moments.map(Moments::pool);
        p
    }
}

/// Pooled cells of every region and municipality, not yet decided for publication
/// ([`super::suppression::decide`] does).
pub fn by_org(project: &Project) -> BTreeMap<(OrgId, CellKey), Pooled> {
    let mut groups: BTreeMap<(OrgId, CellKey), Vec<&Cell>> = BTreeMap::new();
    for (sc, cell) in &project.cells {
        for k in [Kind::Municipality, Kind::Region] {
            if let Some(up) = project.orgs.ancestor(sc.org, k) {
                groups.entry((up, sc.key)).or_default().push(cell);
            }
        }
    }
    groups
        .into_iter()
        .map(|(k, cells)| (k, Pooled::of(cells)))
        .collect()
}
