//! Action plans (планы мероприятий) and free pages, as written by people in content/.
//!
//! The structs deserialize straight from YAML with unknown fields refused, so a typo such as
//! `responsble:` is an error with its line and column rather than a silently lost value.

use super::{Date, Procedure};
use serde::Deserialize;

/// One plan file: either directions of measures (seed 000) or a three-level system by year (seed 004).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The file, relative to the project root (set by the loader).
    #[serde(skip)]
    pub path: String,
    /// The URL segment of the plan below its organization (set by the loader).
    #[serde(skip)]
    pub slug: String,
    pub org: String,
    pub title: String,
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub approved: Option<Date>,
    /// Markdown shown above the measures.
    #[serde(default)]
    pub intro: Option<String>,
    #[serde(default)]
    pub directions: Vec<Direction>,
    #[serde(default)]
    pub levels: bool,
    #[serde(default)]
    pub years: Vec<LevelYear>,
}

impl Plan {
    /// The school year the plan is for, by the calendar year it begins: `period: 2022-2023` (or
    /// `2022/23`) is 2022; without a period, the school year its `approved` date prepares (from
    /// June on, the one that begins that autumn; before, the one under way); `None` when it has
    /// neither.
    pub fn school_year(&self) -> Option<u16> {
        let from_period = self.period.as_deref().and_then(|p| {
            let digits: String = p.trim().chars().take_while(char::is_ascii_digit).collect();
            digits
                .parse::<u16>()
                .ok()
                .filter(|y| (1900..=2200).contains(y))
        });
        from_period.or_else(|| {
            self.approved
                .map(|d| if d.month >= 6 { d.year } else { d.year - 1 })
        })
    }

    /// Whether the plan answers the markers of the results of `year`: a plan of measures (not a
    /// three-level system plan) for the school year that begins after them, or one that does
    /// not say which school year it is for.
    pub fn follows(&self, year: u16) -> bool {
        !self.levels && self.school_year().is_none_or(|y| y == year)
    }

    /// Every measure, direction by direction.
    pub fn measures(&self) -> impl Iterator<Item = &Measure> + '_ {
        self.directions.iter().flat_map(|d| &d.measures)
    }

    /// The last day of the plan's period: the years its `period` names (four digits each, 2000
    /// to 2100, in any wording: `2022-2023`, `2020–2022 гг.`, `2023`). One school year (two
    /// years in a row, `2022-2023`) ends on 31 August of the second; any other period on 31
    /// December of its last year. None when the period names no year.
    pub fn ends(&self) -> Option<Date> {
        let period = self.period.as_deref()?;
        let years: Vec<u16> = period
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .filter_map(|w| w.parse().ok())
            .filter(|y| (2000..=2100).contains(y))
            .collect();
        let (&first, &last) = (years.first()?, years.last()?);
        let school_year = years.len() == 2 && last == first + 1;
        Some(if school_year {
            Date {
                year: last,
                month: 8,
                day: 31,
            }
        } else {
            Date {
                year: last,
                month: 12,
                day: 31,
            }
        })
    }

    /// Whether the plan's period ended before `as_of` (a plan of the past, not the current one).
    pub fn is_expired(&self, as_of: Option<Date>) -> bool {
        matches!((self.ends(), as_of), (Some(end), Some(as_of)) if end < as_of)
    }
}

/// A direction of work with its measures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Direction {
    pub title: String,
    #[serde(default)]
    pub measures: Vec<Measure>,
}

/// Where a measure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Status {
    #[default]
    Planned,
    InProgress,
    Done,
    Cancelled,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    /// The code or a Russian word for it, in any case: `done`, `выполнено`, `в работе`…
    pub fn parse(text: &str) -> Result<Status, String> {
        let t = text.trim().to_lowercase().replace('ё', "е");
        Ok(match t.as_str() {
            "planned" | "запланировано" | "планируется" | "план" | "не начато" => {
                Status::Planned
            }
            "in_progress" | "выполняется" | "в работе" | "в процессе" | "исполняется" => {
                Status::InProgress
            }
            "done" | "выполнено" | "исполнено" | "сделано" | "завершено" => {
                Status::Done
            }
            "cancelled" | "отменено" | "отменена" | "отменен" => {
                Status::Cancelled
            }
            _ => {
                return Err(crate::i18n::msg!(
                    "load.expected_status",
                    found = crate::diag::found(text)
                ))
            }
        })
    }

    /// The status in words, in `lang` (catalogue `status.<code>`).
    pub fn label(self, lang: crate::i18n::Lang) -> String {
        let key = match self {
            Status::Planned => "status.planned",
            Status::InProgress => "status.in_progress",
            Status::Done => "status.done",
            Status::Cancelled => "status.cancelled",
        };
        crate::i18n::tr_in(lang, key, &[])
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::deserialize_parsed(d, "yaml.want_status", Status::parse)
    }
}

/// One measure of a plan.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub text: String,
    #[serde(default)]
    pub procedures: Vec<Procedure>,
    #[serde(default)]
    pub due: Option<Date>,
    #[serde(default)]
    pub responsible: Option<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub evidence: Option<Link>,
    /// Markdown.
    #[serde(default)]
    pub note: Option<String>,
    /// The markers this measure answers (e.g. `[inflated_mean, no_observation]`).
    #[serde(default)]
    pub answers: Vec<super::Marker>,
}

impl Measure {
    /// Not done, not cancelled, and its due date has passed by `as_of`.
    pub fn is_overdue(&self, as_of: Option<Date>) -> bool {
        matches!(self.status, Status::Planned | Status::InProgress)
            && matches!((self.due, as_of), (Some(due), Some(as_of)) if due < as_of)
    }
}

/// One year of a three-level plan.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelYear {
    pub year: u16,
    pub rows: Vec<LevelRow>,
}

/// One row: what the region, a municipality and a school each do ("-" where a level has nothing).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelRow {
    pub n: u32,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub school: String,
}

/// A link a reader may follow: http, https, mailto or a relative path, nothing that runs script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link(pub String);

impl Link {
    pub fn parse(text: &str) -> Result<Link, String> {
        let t = text.trim();
        let scheme_end = t.find(':');
        let before_path = t.find(['/', '?', '#']).unwrap_or(t.len());
        let allowed = match scheme_end {
            Some(i) if i < before_path => {
                let scheme = t[..i].to_ascii_lowercase();
                matches!(scheme.as_str(), "http" | "https" | "mailto")
            }
            // A relative path: never `//host` or `/\\host` (browsers read `\\` as `/`, so
            // either would leave the site while looking local).
            _ => !t.contains('\\') && !t.starts_with("//"),
        };
        if t.is_empty() || !allowed || t.chars().any(char::is_control) {
            return Err(crate::i18n::msg!(
                "load.expected_link",
                found = crate::diag::found(t)
            ));
        }
        Ok(Link(t.to_owned()))
    }
}

impl<'de> Deserialize<'de> for Link {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::deserialize_parsed(d, "yaml.want_link", Link::parse)
    }
}

/// A free Markdown page of content/.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: String,
    /// URL path below the site root, e.g. `about` or `docs/faq`.
    pub slug: String,
    pub title: String,
    pub weight: i64,
    pub markdown: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_links_that_look_relative_but_leave_the_site() {
        for bad in [
            "//evil.example/x",
            "/\\evil.example",
            "\\\\evil.example",
            "docs\\..\\x",
        ] {
            assert!(Link::parse(bad).is_err(), "{bad}");
        }
        assert!(Link::parse("/docs/plan.pdf").is_ok());
        assert!(Link::parse("docs/plan.pdf").is_ok());
    }

    #[test]
    fn accepts_only_safe_link_schemes() {
        assert!(Link::parse("https://school.ru/report.pdf").is_ok());
        assert!(Link::parse("mailto:info@school.ru").is_ok());
        assert!(Link::parse("../docs/plan.pdf").is_ok());
        assert!(Link::parse("docs/a:b.pdf").is_ok());
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            " ",
        ] {
            assert!(Link::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_plans_school_year_comes_from_its_period_else_its_approval() {
        let plan = |extra: &str| -> Plan {
            serde_yaml::from_str(&format!(
                "org: s\ntitle: П\n{extra}directions:\n  - title: Н\n"
            ))
            .unwrap()
        };
        assert_eq!(plan("period: 2022-2023\n").school_year(), Some(2022));
        assert_eq!(plan("period: 2022/23\n").school_year(), Some(2022));
        assert_eq!(plan("approved: 2022-08-30\n").school_year(), Some(2022));
        assert_eq!(plan("approved: 2023-02-01\n").school_year(), Some(2022));
        assert_eq!(plan("period: весь год\n").school_year(), None);
        assert!(plan("period: 2022-2023\n").follows(2022));
        assert!(!plan("period: 2022-2023\n").follows(2023));
        assert!(plan("").follows(2023), "an undated plan answers any year");
    }

    #[test]
    fn a_period_ends_with_its_school_year_or_its_last_calendar_year() {
        let ends = |period: &str| {
            let plan: Plan =
                serde_yaml::from_str(&format!("org: s\ntitle: П\nperiod: \"{period}\"\n")).unwrap();
            plan.ends().map(|d| d.to_string())
        };
        assert_eq!(ends("2022-2023").as_deref(), Some("2023-08-31"));
        assert_eq!(ends("2022/2023 учебный год").as_deref(), Some("2023-08-31"));
        assert_eq!(ends("2020–2022").as_deref(), Some("2022-12-31"));
        assert_eq!(ends("2020-2022 гг.").as_deref(), Some("2022-12-31"));
        assert_eq!(ends("2024").as_deref(), Some("2024-12-31"));
        assert_eq!(ends("весь срок"), None);
        assert_eq!(ends("20222-1999"), None);
        let plan: Plan = serde_yaml::from_str("org: s\ntitle: П\nperiod: 2020-2022\n").unwrap();
        let day = |d| Some(Date::parse(d).unwrap());
        assert!(plan.is_expired(day("2023-01-01")));
        assert!(
            !plan.is_expired(day("2022-12-31")),
            "its last day is in the period"
        );
        assert!(!plan.is_expired(None));
    }

    #[test]
    fn overdue_means_open_and_past_due() {
        let m = |status, due: &str| Measure {
            text: String::new(),
            procedures: vec![],
            due: Some(Date::parse(due).unwrap()),
            responsible: None,
            status,
            evidence: None,
            note: None,
            answers: vec![],
        };
        let as_of = Some(Date::parse("2023-06-01").unwrap());
        assert!(m(Status::Planned, "2023-05-31").is_overdue(as_of));
        assert!(m(Status::InProgress, "2023-05-31").is_overdue(as_of));
        assert!(!m(Status::Done, "2023-05-31").is_overdue(as_of));
        assert!(!m(Status::Planned, "2023-06-01").is_overdue(as_of));
        assert!(!m(Status::Planned, "2023-05-31").is_overdue(None));
    }
}
