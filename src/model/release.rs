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

/// A hidden contributor to a released figure: a school's cell, how many of its pupils were
/// hidden in the figure, and a digest of what they contributed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub school: String,
    pub contributors: u32,
    pub digest: u64,
}

/// A figure released with hidden contributors: a region's or municipality's figure of a work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lump {
    /// The release that published it (1, 2, …).
    pub release: u32,
    /// The region's or municipality's id.
    pub org: String,
    pub key: CellKey,
    pub figure: Figure,
    pub members: Vec<Member>,
}
