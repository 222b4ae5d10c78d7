//! Result cells. A school-cell is one (year, procedure, subject, grade, school); it holds counts,
//! never pupils: a score × journal-mark table and a mark × journal-mark table when it comes from
//! participant rows, or the published summary when it comes from aggregates.

use super::{OrgId, Procedure, SubjectId};

/// One assessment: the same work written by every school that took it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    pub year: u16,
    pub procedure: Procedure,
    pub subject: SubjectId,
    pub grade: u8,
}

/// One school's share of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolCell {
    pub key: CellKey,
    pub org: OrgId,
}

/// Participant-level counts of a school-cell. Index 0 of a mark axis means "no mark".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detail {
    /// `by_score[s][j]`: pupils with primary score `s` and journal mark `j + 1` (0 = none).
    pub by_score: Vec<[u32; 5]>,
    /// `marks[m][j]`: pupils with test mark `m + 1` and journal mark `j + 1` (0 = none).
    pub marks: [[u32; 5]; 5],
    /// `confirmation_by_score[s]`: pupils with primary score `s` whose test mark is below, equal
    /// to, above their journal mark (pupils with both marks).
    pub confirmation_by_score: Vec<[u32; 3]>,
    /// How the pupils' task points agree with their scores and the tasks' maxima.
    pub tasks: super::task::TaskNotes,
    /// Pupils without a valid total score (empty, or 0 while their task points are not): in no
    /// figure at all, counted for the data-quality note.
    pub no_score: u32,
}

/// Maps a mark 2..5 (or none) to its index on a mark axis.
pub fn mark_slot(mark: Option<u8>) -> usize {
    mark.map_or(0, |m| (m - 1) as usize)
}

impl Detail {
    pub fn add(&mut self, score: u16, mark: Option<u8>, journal: Option<u8>) {
        let s = score as usize;
        if self.by_score.len() <= s {
            // Exactly: a cell's tallies live through the build (60,000 cells in a large region).
            self.by_score.reserve_exact(s + 1 - self.by_score.len());
            self.by_score.resize(s + 1, [0; 5]);
        }
        let j = mark_slot(journal);
        self.by_score[s][j] += 1;
        self.marks[mark_slot(mark)][j] += 1;
        if let (Some(m), Some(j)) = (mark, journal) {
            if self.confirmation_by_score.len() <= s {
                let more = s + 1 - self.confirmation_by_score.len();
                self.confirmation_by_score.reserve_exact(more);
                self.confirmation_by_score.resize(s + 1, [0; 3]);
            }
            self.confirmation_by_score[s][(m.cmp(&j) as i8 + 1) as usize] += 1;
        }
    }

    pub fn merge(&mut self, other: &Detail) {
        if self.by_score.len() < other.by_score.len() {
            self.by_score.resize(other.by_score.len(), [0; 5]);
        }
        for (a, b) in self.by_score.iter_mut().zip(&other.by_score) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        if self.confirmation_by_score.len() < other.confirmation_by_score.len() {
            self.confirmation_by_score
                .resize(other.confirmation_by_score.len(), [0; 3]);
        }
        for (a, b) in self
            .confirmation_by_score
            .iter_mut()
            .zip(&other.confirmation_by_score)
        {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (a, b) in self.marks.iter_mut().zip(&other.marks) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.tasks.merge(&other.tasks);
        self.no_score += other.no_score;
    }

    /// Pupils by how far their test mark is from their journal mark: `gaps[d + 3]` for d = test
    /// mark − journal mark, −3..3 (pupils with both marks).
    pub fn gaps(&self) -> [u32; 7] {
        let mut gaps = [0; 7];
        for m in 1..5 {
            for j in 1..5 {
                gaps[m + 3 - j] += self.marks[m][j];
            }
        }
        gaps
    }

    /// Pupils per primary score, whatever their journal mark.
    pub fn histogram(&self) -> Vec<u32> {
        self.by_score.iter().map(|row| row.iter().sum()).collect()
    }
}

/// Count, mean and sample standard deviation of primary scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    pub n: u32,
    pub mean: f64,
    /// Sample SD (n − 1); 0 when n < 2.
    pub sd: f64,
}

impl Moments {
    pub fn from_histogram(hist: &[u32]) -> Moments {
        let n: u64 = hist.iter().map(|&c| c as u64).sum();
        if n == 0 {
            return Moments {
                n: 0,
                mean: 0.0,
                sd: 0.0,
            };
        }
        let sum: f64 = hist
            .iter()
            .enumerate()
            .map(|(s, &c)| s as f64 * c as f64)
            .sum();
        let mean = sum / n as f64;
        let ss: f64 = hist
            .iter()
            .enumerate()
            .map(|(s, &c)| c as f64 * (s as f64 - mean).powi(2))
            .sum();
        let sd = if n > 1 {
            (ss / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        Moments {
            n: n as u32,
            mean,
            sd,
        }
    }

    /// Pools the moments of disjoint groups into the moments of their union.
    pub fn pool(parts: impl IntoIterator<Item = Moments>) -> Moments {
        let (mut n, mut sum, mut sumsq) = (0f64, 0f64, 0f64);
        for m in parts {
            let k = m.n as f64;
            n += k;
            sum += k * m.mean;
            sumsq += (k - 1.0).max(0.0) * m.sd * m.sd + k * m.mean * m.mean;
        }
        if n == 0.0 {
            return Moments {
                n: 0,
                mean: 0.0,
                sd: 0.0,
            };
        }
        let mean = sum / n;
        let var = if n > 1.0 {
            ((sumsq - n * mean * mean) / (n - 1.0)).max(0.0)
        } else {
            0.0
        };
        Moments {
            n: n as u32,
            mean,
            sd: var.sqrt(),
        }
    }
}

/// Where a cell's figures came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Participants,
    Aggregate,
}

/// A school-cell's figures: what every indicator may read.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub source: Source,
    /// The file the cell came from (for the "given twice" error), shared by its cells.
    pub path: std::sync::Arc<str>,
    pub participants: u32,
    /// Pupils with marks 2, 3, 4, 5; `None` when marks are unknown (no scale, no mark column).
    pub marks: Option<[u32; 4]>,
    /// Lowered, confirmed, raised: test mark below, equal to, above the journal mark.
    pub confirmation: Option<[u32; 3]>,
    pub moments: Option<Moments>,
    /// Boxed: a summary-level cell (most cells of a national portal) carries none.
    pub detail: Option<Box<Detail>>,
}

impl Cell {
    /// Summarises participant-level counts.
    pub fn from_detail(path: std::sync::Arc<str>, detail: Detail) -> Cell {
        let hist = detail.histogram();
        let moments = Moments::from_histogram(&hist);
        let row = |m: usize| detail.marks[m].iter().sum::<u32>();
        let marks = (row(0) == 0).then(|| [row(1), row(2), row(3), row(4)]);
        let mut conf = [0u32; 3];
        for m in 1..5 {
            for j in 1..5 {
                let slot = match m.cmp(&j) {
                    std::cmp::Ordering::Less => 0,
                    std::cmp::Ordering::Equal => 1,
                    std::cmp::Ordering::Greater => 2,
                };
                conf[slot] += detail.marks[m][j];
            }
        }
        Cell {
            source: Source::Participants,
            path,
            participants: moments.n,
            marks,
            confirmation: (conf.iter().sum::<u32>() > 0).then_some(conf),
            moments: Some(moments),
            detail: Some(Box::new(detail)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_of_a_histogram_use_the_sample_sd() {
        // scores 2, 4, 4, 6: mean 4, squared deviations 4+0+0+4 = 8, s² = 8/3
        let m = Moments::from_histogram(&[0, 0, 1, 0, 2, 0, 1]);
        assert_eq!(m.n, 4);
        assert!((m.mean - 4.0).abs() < 1e-12);
        assert!((m.sd - (8.0f64 / 3.0).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn pooled_moments_equal_moments_of_the_union() {
        let a = Moments::from_histogram(&[1, 2, 0, 3]);
        let b = Moments::from_histogram(&[0, 0, 5, 1, 1]);
        let all = Moments::from_histogram(&[1, 2, 5, 4, 1]);
        let pooled = Moments::pool([a, b]);
        assert_eq!(pooled.n, all.n);
        assert!((pooled.mean - all.mean).abs() < 1e-12);
        assert!((pooled.sd - all.sd).abs() < 1e-12);
    }

    #[test]
    fn summarises_marks_and_confirmation() {
        let mut d = Detail::default();
        d.add(10, Some(3), Some(4)); // lowered
        d.add(12, Some(4), Some(4)); // confirmed
        d.add(15, Some(5), Some(4)); // raised
        d.add(15, Some(5), None); // no journal mark: not in confirmation
        let c = Cell::from_detail("r.csv".into(), d);
        assert_eq!(c.participants, 4);
        assert_eq!(c.marks, Some([0, 1, 1, 2]));
        assert_eq!(c.confirmation, Some([1, 1, 1]));
        let by_score = &c.detail.as_ref().unwrap().confirmation_by_score;
        assert_eq!(
            (by_score[10], by_score[12], by_score[15]),
            ([1, 0, 0], [0, 1, 0], [0, 0, 1])
        );
    }

    #[test]
    fn marks_are_unknown_when_any_pupil_lacks_one() {
        let mut d = Detail::default();
        d.add(10, Some(3), None);
        d.add(11, None, None);
        assert_eq!(Cell::from_detail("".into(), d).marks, None);
    }
}
