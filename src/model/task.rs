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

/// Data-quality counts of the task points of a school-cell's pupils.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TaskNotes {
    /// Pupils with task points.
    pub pupils: u32,
    /// Pupils whose task points do not add up to their total score.
    pub sum_differs: u32,
    /// Task cells with more points than data/tasks.csv gives the task.
    pub above_max: u32,
}

impl TaskNotes {
    pub fn merge(&mut self, other: &TaskNotes) {
        self.pupils += other.pupils;
        self.sum_differs += other.sum_differs;
        self.above_max += other.above_max;
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
