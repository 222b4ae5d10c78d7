//! The memory of what was published (data/releases.csv): every figure a publishing build
//! (`oko build --release`) released while some of its contributors were hidden, with those
//! contributors. Later builds read it so that no difference between two releases gives a hidden
//! group back (SPEC «Privacy»: suppression remembers releases).

use super::CellKey;

/// The figures of a group of pupils that disclosure control decides on one by one, each
/// pooled over its own pupils.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// Participants, marks, mean and SD, bounds: over the pupils with a valid score.
    Scores,
    /// Pupils per score: over the pupils of participant rows (not summaries).
    Histogram,
    /// Lowered, confirmed, raised: over the pupils with both a mark and a journal mark.
    Confirmation,
    /// Shares of task points: over the pupils with task points.
    Tasks,
    /// Shares of task points of a group by ВПР mark («Анализ ВПР»): over the pupils with task
    /// points and mark 2, 3, 4, 5.
    Mark2,
    Mark3,
    Mark4,
    Mark5,
}

impl Figure {
    pub const ALL: [Figure; 8] = [
        Figure::Scores,
        Figure::Histogram,
        Figure::Confirmation,
        Figure::Tasks,
        Figure::Mark2,
        Figure::Mark3,
        Figure::Mark4,
        Figure::Mark5,
    ];

    /// The figures of the whole group ([`crate::indicators::suppression`] decides them).
    pub const WHOLE: [Figure; 4] = [
        Figure::Scores,
        Figure::Histogram,
        Figure::Confirmation,
        Figure::Tasks,
    ];

    /// The task shares of its groups by ВПР mark 2..5 ([`crate::indicators::mark_groups`]
    /// decides them).
    pub const BY_MARK: [Figure; 4] = [Figure::Mark2, Figure::Mark3, Figure::Mark4, Figure::Mark5];

    /// The code data/releases.csv uses.
    pub fn code(self) -> &'static str {
        match self {
            Figure::Scores => "scores",
            Figure::Histogram => "histogram",
            Figure::Confirmation => "confirmation",
            Figure::Tasks => "tasks",
            Figure::Mark2 => "mark2",
            Figure::Mark3 => "mark3",
            Figure::Mark4 => "mark4",
            Figure::Mark5 => "mark5",
        }
    }

    pub fn parse(text: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.code() == text.trim())
    }

    /// The group by mark a figure is over: 0..3 for marks 2..5, none for a whole figure.
    pub fn mark_group(self) -> Option<usize> {
        Figure::BY_MARK.iter().position(|&f| f == self)
    }

    /// The figures whose released sums are compared with this one's: its own, and for the groups
    /// by mark the task shares' (they split the same pupils: a cell's task shares less its shown
    /// groups are its hidden groups together), so that sums of groups of different marks are
    /// differenced with each other.
    pub fn space(self) -> Figure {
        match self.mark_group() {
            Some(_) => Figure::Tasks,
            None => self,
        }
    }
}

/// A school-cell's hidden contribution to its groups' figures in a release: how many of its
/// pupils were hidden in a figure, and a digest of what they contributed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    /// The school's municipality and region then (a school annulled since keeps them).
    pub municipality: String,
    pub region: String,
    pub contributors: u32,
    pub digest: u64,
}

/// What one publishing build released: which pooled figures it published, and every
/// school-cell figure it kept hidden (each a part of its groups' figures).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Release {
    /// 1, 2, … in the order of the builds.
    pub number: u32,
    /// Published figures of municipalities and regions: (organization id, work, figure).
    pub published: std::collections::BTreeSet<(String, CellKey, Figure)>,
    /// Hidden contributions: (school id, work, figure) → what was hidden.
    pub hidden: std::collections::BTreeMap<(String, CellKey, Figure), Hidden>,
}

impl Release {
    /// Whether two releases published and hid the same (whatever their numbers).
    pub fn same_as(&self, other: &Release) -> bool {
        self.published == other.published && self.hidden == other.hidden
    }
}
