//! The tasks of a work (data/tasks.csv): labels in protocol order, maxima, and the level and
//! answer type a user may add from the work's description.

/// The level of a task in the work's description (обобщённый план варианта).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Basic,
    Advanced,
    High,
}

/// How a task is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Short,
    Extended,
}

impl Level {
    /// The code data/tasks.csv and open data use.
    pub fn code(self) -> &'static str {
        match self {
            Level::Basic => "basic",
            Level::Advanced => "advanced",
            Level::High => "high",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_lowercase().as_str() {
            "basic" | "базовый" | "б" => Some(Level::Basic),
            "advanced" | "повышенный" | "п" => Some(Level::Advanced),
            "high" | "высокий" | "в" => Some(Level::High),
            _ => None,
        }
    }
}

impl Answer {
    pub fn parse(text: &str) -> Option<Answer> {
        match text.trim().to_lowercase().as_str() {
            "short" | "краткий" => Some(Answer::Short),
            "extended" | "развёрнутый" | "развернутый" => {
                Some(Answer::Extended)
            }
            _ => None,
        }
    }
}

/// One pupil's cell of the `tasks` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskPoint {
    /// `X`: the task was not in the pupil's work.
    NotGiven,
    /// Empty: the task was not scored (never read as 0).
    Unscored,
    Points(u16),
}

/// Points above this are counted in its bucket (they are data errors, noted, never trusted).
const TOP_BUCKET: usize = 100;

/// How one task went in a school-cell: pupils per points earned, and pupils left unscored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskTally {
    /// `points[k]`: pupils with k points (the last bucket holds every score ≥ 100).
    pub points: Vec<u32>,
    pub unscored: u32,
    /// `by_mark[m − 2]`: (pupils, points) of the pupils with ВПР mark m scored within the task's
    /// maximum in data/tasks.csv (a pupil without a mark is in none; nobody where tasks.csv gives
    /// no maximum): the groups of pupils by mark of «Анализ ВПР». Two sums, not counts per
    /// points, so that a cell carries no allocation more per task.
    pub by_mark: [[u32; 2]; 4],
}

impl TaskTally {
    fn add(&mut self, point: TaskPoint, mark: Option<u8>, max: Option<u16>) {
        match point {
            TaskPoint::NotGiven => {}
            TaskPoint::Unscored => self.unscored += 1,
            TaskPoint::Points(p) => {
                let k = (p as usize).min(TOP_BUCKET);
                if self.points.len() <= k {
                    // Exactly, as a cell's histograms ([`super::cell::Detail::add`]).
                    self.points.reserve_exact(k + 1 - self.points.len());
                    self.points.resize(k + 1, 0);
                }
                self.points[k] += 1;
                let mark = mark.filter(|m| (2..=5).contains(m));
                if let (Some(m), Some(max)) = (mark, max.filter(|&max| p <= max)) {
                    let group = &mut self.by_mark[(m - 2) as usize];
                    group[0] += 1;
                    group[1] += u32::from(p.min(max));
                }
            }
        }
    }

    pub fn merge(&mut self, other: &TaskTally) {
        if self.points.len() < other.points.len() {
            self.points.resize(other.points.len(), 0);
        }
        for (a, b) in self.points.iter_mut().zip(&other.points) {
            *a += b;
        }
        for (a, b) in self.by_mark.iter_mut().zip(&other.by_mark) {
            a[0] += b[0];
            a[1] += b[1];
        }
        self.unscored += other.unscored;
    }

    /// Pupils with points for the task, whatever the points.
    pub fn scored(&self) -> u32 {
        self.points.iter().sum()
    }

    /// Percent of the maximum `max` earned by the pupils scored within it. Points above the
    /// maximum are a data error: those pupils are left out of the share, never counted as the
    /// maximum (see [`TaskNotes::above_max`]). `None` when no pupil was scored within it.
    pub fn share(&self, max: u16) -> Option<f64> {
        let (mut scored, mut earned) = (0u64, 0u64);
        for (k, &c) in self.points.iter().take(max as usize + 1).enumerate() {
            scored += u64::from(c);
            earned += k as u64 * u64::from(c);
        }
        percent_of(scored, earned, max)
    }

    /// [`Self::share`] over the pupils with ВПР mark `mark` (2..5) only, against data/tasks.csv's
    /// maximum `max` (the one the pupils were counted within).
    pub fn share_of_mark(&self, mark: u8, max: u16) -> Option<f64> {
        let [scored, earned] = self.by_mark[usize::from(mark.clamp(2, 5) - 2)];
        percent_of(u64::from(scored), u64::from(earned), max)
    }
}

/// Percent of the maximum `max` earned: `earned` points by `scored` pupils.
fn percent_of(scored: u64, earned: u64, max: u16) -> Option<f64> {
    (scored > 0 && max > 0).then(|| 100.0 * earned as f64 / (scored as f64 * f64::from(max)))
}

/// Data-quality counts of the task points of a school-cell's pupils, and how each task went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskNotes {
    /// Pupils with task points.
    pub pupils: u32,
    /// Of them, the pupils with ВПР mark 2, 3, 4, 5 (the groups of «Анализ ВПР»).
    pub by_mark: [u32; 4],
    /// Pupils whose task points do not add up to their total.
    pub sum_differs: u32,
    /// Task cells with more points than data/tasks.csv gives the task.
    pub above_max: u32,
    /// Per task, in protocol order.
    pub by_task: Vec<TaskTally>,
}

impl TaskNotes {
    /// Counts one pupil's task cells against the work's tasks (when data/tasks.csv lists them)
    /// and the pupil's total score.
    pub fn add_pupil(
        &mut self,
        cells: &[TaskPoint],
        tasks: Option<&[Task]>,
        score: u16,
        mark: Option<u8>,
    ) {
        if self.by_task.len() < cells.len() {
            self.by_task.resize(cells.len(), TaskTally::default());
        }
        let mut sum = 0u64;
        let mut any = false;
        for (k, &cell) in cells.iter().enumerate() {
            let max = tasks.and_then(|t| t.get(k)?.max_points);
            self.by_task[k].add(cell, mark, max);
            if let TaskPoint::Points(points) = cell {
                any = true;
                sum += u64::from(points);
                self.above_max += u32::from(max.is_some_and(|m| points > m));
            }
        }
        if any {
            self.pupils += 1;
            if let Some(m) = mark.filter(|m| (2..=5).contains(m)) {
                self.by_mark[(m - 2) as usize] += 1;
            }
            self.sum_differs += u32::from(sum != u64::from(score));
        }
    }

    pub fn merge(&mut self, other: &TaskNotes) {
        self.pupils += other.pupils;
        for (a, b) in self.by_mark.iter_mut().zip(other.by_mark) {
            *a += b;
        }
        self.sum_differs += other.sum_differs;
        self.above_max += other.above_max;
        if self.by_task.len() < other.by_task.len() {
            self.by_task
                .resize(other.by_task.len(), TaskTally::default());
        }
        for (a, b) in self.by_task.iter_mut().zip(&other.by_task) {
            a.merge(b);
        }
    }
}

/// One task of a work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// As in the protocol's header: `1`, `4.1`, `6(1)`, `17К1`.
    pub label: String,
    /// `None` where the export did not state it (the older pupil sheet).
    pub max_points: Option<u16>,
    pub level: Option<Level>,
    pub answer: Option<Answer>,
    /// The codifier's codes of the skills the task checks (data/tasks.csv `skills`).
    pub skills: Vec<String>,
    /// The codifier's codes of the content elements it checks (`content`).
    pub content: Vec<String>,
}

/// Which list of the codifier a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CodeKind {
    /// Planned results: skills and kinds of activity (требования к результатам).
    Skill,
    /// Content elements (элементы содержания).
    Content,
}

impl CodeKind {
    pub fn parse(text: &str) -> Option<CodeKind> {
        match text.trim().to_lowercase().as_str() {
            "skill" | "умение" | "требование" => Some(CodeKind::Skill),
            "content" | "содержание" | "элемент содержания" => {
                Some(CodeKind::Content)
            }
            _ => None,
        }
    }
}

/// The codifier of a work (data/codifier.csv): each code's text, by kind.
pub type Codifier = std::collections::BTreeMap<(CodeKind, String), String>;

/// Splits a `;`-separated list of codifier codes (empty entries dropped).
pub fn codes(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(points: &[u32]) -> TaskTally {
        TaskTally {
            points: points.to_vec(),
            ..TaskTally::default()
        }
    }

    #[test]
    fn a_mark_groups_share_counts_only_its_pupils() {
        // Max 2. Mark 3: pupils with 0 and 1 point → 1/4 = 25 %; mark 5: 2 and 2 → 100 %;
        // a pupil without a mark (1 point) is in the whole task's share only.
        let mut notes = TaskNotes::default();
        let task = [Task {
            label: "1".into(),
            max_points: Some(2),
            level: None,
            answer: None,
            skills: Vec::new(),
            content: Vec::new(),
        }];
        for (p, mark) in [
            (0, Some(3)),
            (1, Some(3)),
            (2, Some(5)),
            (2, Some(5)),
            (1, None),
        ] {
            notes.add_pupil(&[TaskPoint::Points(p)], Some(&task), p, mark);
        }
        // A typo of 7 points, above the maximum: in no group's share.
        notes.add_pupil(&[TaskPoint::Points(7)], Some(&task), 7, Some(5));
        let t = &notes.by_task[0];
        assert_eq!(t.share_of_mark(3, 2), Some(25.0));
        assert_eq!(t.share_of_mark(5, 2), Some(100.0));
        assert_eq!(t.share_of_mark(4, 2), None);
        assert_eq!(t.share(2), Some(60.0), "the typo is left out");
        assert_eq!(notes.by_mark, [0, 2, 0, 3]);
        // Without a maximum in data/tasks.csv no group is counted.
        let mut bare = TaskNotes::default();
        bare.add_pupil(&[TaskPoint::Points(1)], None, 1, Some(4));
        assert_eq!(bare.by_task[0].share_of_mark(4, 2), None);
    }

    #[test]
    fn points_above_the_maximum_are_left_out_of_the_share_never_clamped() {
        // Max 2: pupils with 0, 1, 2 and a typo 5, left out: (0 + 1 + 2) / (3·2) = 50 %.
        let t = tally(&[1, 1, 1, 0, 0, 1]);
        assert_eq!(t.share(2), Some(50.0));
        assert_eq!(tally(&[0, 0, 0, 4]).share(2), None, "all above the maximum");
        assert_eq!(tally(&[]).share(2), None, "nobody scored");
    }
}
