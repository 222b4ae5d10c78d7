//! The catalogue of addressed recommendations (seed 004, rows 5, 9, 13: «подготовка адресных
//! рекомендаций по итогам анализа»): for each marker, the measures recommended to a school, a
//! municipality and a region, each with a short reason and one of the three directions of a
//! plan (seed 000). A region writes its own in `content/recommendations.yaml`; without it oko
//! uses its own ([`crate::load::recommendations`]).

use super::{Kind, Marker};
use serde::Deserialize;

/// Who a recommendation is for: the level of the three-level system (seed 004).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    #[serde(alias = "регион")]
    Region,
    #[serde(alias = "муниципалитет")]
    Municipality,
    #[serde(alias = "школа")]
    School,
}

impl Level {
    /// The level an organization of `kind` acts at.
    pub fn of(kind: Kind) -> Level {
        match kind {
            Kind::Region => Level::Region,
            Kind::Municipality => Level::Municipality,
            Kind::School => Level::School,
        }
    }
}

/// One of the three directions of a plan of seed 000, numbered 1 to 3 as the seed numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Direction(u8);

impl Direction {
    pub const ALL: [Direction; 3] = [Direction(1), Direction(2), Direction(3)];

    pub fn number(self) -> u8 {
        self.0
    }

    /// The direction's title as seed 000 words it, in `lang`.
    pub fn title(self, lang: crate::i18n::Lang) -> String {
        let key = match self.0 {
            1 => "cycle.direction_1",
            2 => "cycle.direction_2",
            _ => "cycle.direction_3",
        };
        crate::i18n::tr_in(lang, key, &[])
    }

    /// `1`, `2` or `3`.
    pub fn parse(text: &str) -> Result<Direction, String> {
        match text.trim() {
            "1" => Ok(Direction(1)),
            "2" => Ok(Direction(2)),
            "3" => Ok(Direction(3)),
            _ => Err(crate::i18n::msg!(
                "cycle.expected_direction",
                found = crate::diag::found(text)
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Direction {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::deserialize_parsed(d, "cycle.want_direction", Direction::parse)
    }
}

/// Text a reader must have: not empty.
fn filled(text: &str) -> Result<String, String> {
    match text.trim() {
        "" => Err(crate::i18n::msg!("cycle.expected_text")),
        t => Ok(t.to_owned()),
    }
}

fn deserialize_filled<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    super::deserialize_parsed(d, "yaml.want_string", filled)
}

/// One recommended measure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// The measure, worded as a plan's measure is.
    #[serde(deserialize_with = "deserialize_filled")]
    pub measure: String,
    /// Why it answers the markers, in a sentence.
    #[serde(deserialize_with = "deserialize_filled")]
    pub reason: String,
    /// The markers it answers; none: a preventive measure, recommended to every organization of
    /// its level.
    #[serde(default)]
    pub answers: Vec<Marker>,
    pub level: Level,
    pub direction: Direction,
}

/// The catalogue in force.
#[derive(Debug, Clone, Default)]
pub struct Recommendations {
    pub list: Vec<Recommendation>,
    /// The project's file it came from; `None`: oko's own.
    pub path: Option<String>,
}

impl Recommendations {
    /// The recommendations for `level` that answer `marker`, in the catalogue's order.
    pub fn answering(
        &self,
        level: Level,
        marker: Marker,
    ) -> impl Iterator<Item = &Recommendation> + '_ {
        self.list
            .iter()
            .filter(move |r| r.level == level && r.answers.contains(&marker))
    }

    /// The preventive recommendations for `level` (those answering no marker).
    pub fn preventive(&self, level: Level) -> impl Iterator<Item = &Recommendation> + '_ {
        self.list
            .iter()
            .filter(move |r| r.level == level && r.answers.is_empty())
    }
}
