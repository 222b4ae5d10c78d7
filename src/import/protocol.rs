//! The two layouts of ФИС ОКО pupil exports, recognised by their header row: the «Протокол»
//! sheet (`Пользователь, Код региона, Регион, Муниципалитет, Школа, Дата загрузки, Код, Вариант,
//! <tasks "1 (1б)">, Наименование класса, Пол, Отметка за предыдущий …, Итого баллов`) and the
//! older pupil sheet (`логин школы, регион, номер обучающегося, код обучающегося, отметка за
//! предыдущую четверть/триместр, пол, класс, вариант, всего баллов, балл за 1 …`).
//!
//! A task column is any header ending in `(Nб)` (`1 (1б)`, `5(1б)`, `4.1 (1б)`, `6(1) (1б)`,
//! `16 (1) (1б)`, `17К1 (2б)`); the older sheet's `балл за N` columns are tasks without a stated
//! maximum. Gender is never read.

use crate::load::table::normalize_header;

/// Which export a header belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The «Протокол» sheet: a ВПР protocol unless told otherwise.
    Protocol,
    /// The older pupil sheet.
    Pupils,
}

/// One task column: its label as in the header and the points stated there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub label: String,
    pub max_points: Option<u32>,
}

/// Where each field sits in a recognised header.
#[derive(Debug)]
pub struct Columns {
    pub layout: Layout,
    pub school: usize,
    pub participant: usize,
    pub score: usize,
    pub variant: Option<usize>,
    pub journal: Option<usize>,
    pub mark: Option<usize>,
    pub municipality: Option<usize>,
    pub school_name: Option<usize>,
    pub region_code: Option<usize>,
    pub region: Option<usize>,
    pub class: Option<usize>,
    pub date: Option<usize>,
    /// Task columns in protocol order.
    pub tasks: Vec<(usize, Task)>,
}

impl Columns {
    /// Recognises the header at row `at` of `rows`; where the header is two rows deep (a merged
    /// «Задания» cell above the task labels), the task labels of the row below are taken.
    /// Returns the columns and the last header row.
    pub fn find_in(rows: &[Vec<String>], at: usize) -> Option<(Columns, usize)> {
        let mut c = Columns::recognise(&rows[at])?;
        if c.tasks.is_empty() {
            if let Some(below) = rows.get(at + 1) {
                let tasks: Vec<(usize, Task)> = below
                    .iter()
                    .enumerate()
                    .filter_map(|(i, h)| task(h).map(|t| (i, t)))
                    .collect();
                if !tasks.is_empty() {
                    c.tasks = tasks;
                    return Some((c, at + 1));
                }
            }
        }
        Some((c, at))
    }

    /// Recognises a header row of either layout; `None` when the row is not one.
    pub fn recognise(raw: &[String]) -> Option<Columns> {
        let header: Vec<String> = raw.iter().map(|h| normalize_header(h)).collect();
        let find = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| header.iter().position(|h| h == n))
        };
        // The school's login, or where an export has none, its «Школа» cell `sch… | name`.
        let school = find(&["пользователь", "логин школы", "логин оо", "логин"])
            .or_else(|| find(&["школа", "оо"]))?;
        let score = find(&["итого баллов", "всего баллов", "первичный балл"])?;
        let participant = find(&[
            "код",
            "код обучающегося",
            "код участника",
            "номер обучающегося",
        ])?;
        let layout = if header[school] == "пользователь" || header[score] == "итого баллов"
        {
            Layout::Protocol
        } else {
            Layout::Pupils
        };
        let tasks = raw
            .iter()
            .enumerate()
            .filter_map(|(i, h)| task(h).map(|t| (i, t)))
            .collect();
        Some(Columns {
            layout,
            school,
            participant,
            score,
            variant: find(&["вариант"]),
            journal: header
                .iter()
                .position(|h| h.starts_with("отметка за предыдущ")),
            mark: find(&["отметка", "отметка за работу"]),
            municipality: find(&[
                "муниципалитет",
                "муниципальный район",
                "муниципальное образование",
                "мо",
            ]),
            school_name: find(&["школа", "наименование оо", "оо"]),
            region_code: find(&["код региона"]),
            region: find(&["регион"]),
            class: find(&["наименование класса", "класс"]),
            date: find(&["дата загрузки", "дата проведения"]),
            tasks,
        })
    }
}

/// A task header: `<label> (Nб)` with or without the space, or the older `балл за <label>`.
pub fn task(header: &str) -> Option<Task> {
    let h = header.trim();
    if let Some(rest) = h.strip_suffix(")") {
        let rest = rest.trim_end();
        let rest = rest
            .strip_suffix('б')
            .or_else(|| rest.strip_suffix('Б'))?
            .trim_end();
        let open = rest.rfind('(')?;
        let points: u32 = rest[open + 1..].trim().parse().ok()?;
        let label = rest[..open].trim();
        return (!label.is_empty()).then(|| Task {
            label: label.to_owned(),
            max_points: Some(points),
        });
    }
    let lower = normalize_header(h);
    let label = lower.strip_prefix("балл за ")?.trim();
    let label = label.strip_prefix("задание ").unwrap_or(label).trim();
    (!label.is_empty()).then(|| Task {
        label: label.to_owned(),
        max_points: None,
    })
}

/// `reg22_m045 | Табунский муниципальный район` → (Some(id), name); a cell without `|` is a name.
pub fn id_and_name(cell: &str) -> (Option<String>, String) {
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    match cell.split_once('|') {
        Some((id, name)) => (
            Some(id.trim().to_owned()).filter(|i| !i.is_empty()),
            clean(name),
        ),
        None => (None, clean(cell)),
    }
}

/// What one task cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskCell {
    Points(u32),
    /// `X`/`Х`: the task was not in this pupil's variant.
    NotGiven,
    /// Empty: not scored.
    Empty,
    /// Text such as `не пройд.`: not scored, noted.
    Unscored,
}

impl TaskCell {
    pub fn parse(text: &str) -> TaskCell {
        let t = text.trim();
        if t.is_empty() {
            return TaskCell::Empty;
        }
        if matches!(t, "X" | "x" | "Х" | "х") {
            return TaskCell::NotGiven;
        }
        match whole_number(t) {
            Some(n) => TaskCell::Points(n),
            None => TaskCell::Unscored,
        }
    }

    /// The cell in the `tasks` column: points, `X`, or empty.
    pub fn canonical(self) -> String {
        match self {
            TaskCell::Points(n) => n.to_string(),
            TaskCell::NotGiven => "X".to_owned(),
            TaskCell::Empty | TaskCell::Unscored => String::new(),
        }
    }
}

/// A whole number ≥ 0 written as `12`, `12.0` or `12,0`.
pub fn whole_number(text: &str) -> Option<u32> {
    let t = text.trim();
    if let Ok(n) = t.parse::<u32>() {
        return Some(n);
    }
    let (whole, fraction) = t.split_once(['.', ','])?;
    (fraction.bytes().all(|b| b == b'0') && !fraction.is_empty())
        .then(|| whole.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(label: &str, max: Option<u32>) -> Option<Task> {
        Some(Task {
            label: label.to_owned(),
            max_points: max,
        })
    }

    #[test]
    fn task_headers_as_real_exports_write_them() {
        assert_eq!(task("1 (1б)"), t("1", Some(1)));
        assert_eq!(task("5(1б)"), t("5", Some(1)));
        assert_eq!(task("4.1 (1б)"), t("4.1", Some(1)));
        assert_eq!(task("6(1) (1б)"), t("6(1)", Some(1)));
        assert_eq!(task("16 (1) (1б)"), t("16 (1)", Some(1)));
        assert_eq!(task("2(3) (2б)"), t("2(3)", Some(2)));
        assert_eq!(task("17К1 (2б)"), t("17К1", Some(2)));
        assert_eq!(task("13 (2б)  "), t("13", Some(2)));
        assert_eq!(task("балл за 3"), t("3", None));
        assert_eq!(task("Итого баллов"), None);
        assert_eq!(task("Код"), None);
        assert_eq!(task("(1б)"), None);
    }

    #[test]
    fn a_header_without_a_login_column_takes_the_school_cell() {
        let header: Vec<String> = ["Школа", "Код", "Итого баллов"].map(String::from).to_vec();
        let c = Columns::recognise(&header).expect("recognised");
        assert_eq!((c.school, c.participant, c.score), (0, 1, 2));
    }

    #[test]
    fn region_municipality_and_school_cells_split_alike() {
        assert_eq!(
            id_and_name("reg220000 | Алтайский край"),
            (Some("reg220000".into()), "Алтайский край".into())
        );
        assert_eq!(
            id_and_name(" reg22_m045 |  Табунский   район "),
            (Some("reg22_m045".into()), "Табунский район".into())
        );
        assert_eq!(
            id_and_name("Алтайский край"),
            (None, "Алтайский край".into())
        );
    }

    #[test]
    fn task_cells_points_not_given_and_not_scored() {
        assert_eq!(TaskCell::parse("2"), TaskCell::Points(2));
        assert_eq!(TaskCell::parse("1.0"), TaskCell::Points(1));
        assert_eq!(TaskCell::parse("Х"), TaskCell::NotGiven);
        assert_eq!(TaskCell::parse("x"), TaskCell::NotGiven);
        assert_eq!(TaskCell::parse(""), TaskCell::Empty);
        assert_eq!(TaskCell::parse("не пройд."), TaskCell::Unscored);
        assert_eq!(TaskCell::parse("0.5"), TaskCell::Unscored);
        assert_eq!(whole_number("12,0"), Some(12));
        assert_eq!(whole_number("-1"), None);
    }
}
