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
}

impl TaskTally {
    fn add(&mut self, point: TaskPoint) {
        match point {
            TaskPoint::NotGiven => {}
            TaskPoint::Unscored => self.unscored += 1,
            TaskPoint::Points(p) => {
                let k = (p as usize).min(TOP_BUCKET);
                if self.points.len() <= k {
                    self.points.resize(k + 1, 0);
                }
                self.points[k] += 1;
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
        self.unscored += other.unscored;
    }

    /// Pupils with points for the task.
    pub fn scored(&self) -> u32 {
        self.points.iter().sum()
    }

    /// Points earned, each pupil's capped at `max` (points above a maximum are a noted error).
    pub fn earned(&self, max: u16) -> u64 {
        self.points
            .iter()
            .enumerate()
            .map(|(k, &c)| k.min(max as usize) as u64 * c as u64)
            .sum()
    }
}

/// Data-quality counts of the task points of a school-cell's pupils, and how each task went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskNotes {
    /// Pupils with task points.
    pub pupils: u32,
    /// Pupils whose task points do not add up to their total score.
    pub sum_differs: u32,
    /// Task cells with more points than data/tasks.csv gives the task.
    pub above_max: u32,
    /// Per task, in protocol order.
    pub by_task: Vec<TaskTally>,
}

impl TaskNotes {
    /// Counts one pupil's task cells against the work's tasks (when data/tasks.csv lists them)
    /// and the pupil's total score.
    pub fn add_pupil(&mut self, cells: &[TaskPoint], tasks: Option<&[Task]>, score: u16) {
        if self.by_task.len() < cells.len() {
            self.by_task.resize(cells.len(), TaskTally::default());
        }
        let mut sum = 0u64;
        let mut any = false;
        for (k, &cell) in cells.iter().enumerate() {
            self.by_task[k].add(cell);
            if let TaskPoint::Points(points) = cell {
                any = true;
                sum += u64::from(points);
                let max = tasks.and_then(|t| t.get(k)?.max_points);
                self.above_max += u32::from(max.is_some_and(|m| points > m));
            }
        }
        if any {
            self.pupils += 1;
            self.sum_differs += u32::from(sum != u64::from(score));
        }
    }

    pub fn merge(&mut self, other: &TaskNotes) {
        self.pupils += other.pupils;
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
}
