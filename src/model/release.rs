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
}

impl Figure {
    pub const ALL: [Figure; 4] = [
        Figure::Scores,
        Figure::Histogram,
        Figure::Confirmation,
        Figure::Tasks,
    ];

    /// The code data/releases.csv uses.
    pub fn code(self) -> &'static str {
        match self {
            Figure::Scores => "scores",
            Figure::Histogram => "histogram",
            Figure::Confirmation => "confirmation",
            Figure::Tasks => "tasks",
        }
    }

    pub fn parse(text: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.code() == text.trim())
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
