//! config.yaml: the file as written ([`RawConfig`], every key optional, unknown keys refused,
//! every number and address checked at its own position) and its resolution into the model's
//! [`Config`], the SPEC's defaults filling what the file leaves out.

use crate::diag::Diagnostics;
use crate::i18n::Lang;
use crate::model::config::{Analysis, Config, InvalidRows, Limits, Mastery, Methodology, Scope};
use crate::model::publication::{self, Contact, Publication};
use crate::model::{Date, Marker, Procedure, Subjects};
use serde::Deserialize;
use std::collections::BTreeMap;

/// config.yaml as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawConfig {
    /// The site's title, shown in every page header.
    pub title: Option<String>,
    /// Absolute http(s) address the site is published under (sitemap, 404, subsite links).
    #[serde(deserialize_with = "base_url")]
    pub base_url: Option<String>,
    /// Interface language: `ru` (default) or `en`.
    pub language: Option<String>,
    /// The date plans are judged against (overdue measures); defaults from the data.
    pub as_of: Option<Date>,
    /// Synthetic results: every page shows a banner saying so.
    pub demo: bool,
    /// `error` (default) or `skip`: what a bad row of results does.
    pub invalid_rows: Option<InvalidRows>,
    /// Extra subjects, code → Russian name.
    pub subjects: BTreeMap<String, String>,
    /// Methodology parameters.
    pub methodology: RawMethodology,
    /// Caps on input sizes, refused with an error instead of exhausting memory.
    pub limits: RawLimits,
    /// The organization that publishes the data: the footer and the open-data passport.
    #[serde(deserialize_with = "publication_line")]
    pub publisher: Option<Setting<String>>,
    /// Whom to ask: e-mail, phone, web address or text, parts separated by `,` or `;`.
    #[serde(deserialize_with = "contact")]
    pub contact: Option<Setting<Contact>>,
    /// The open data's licence ([`crate::model::publication::DEFAULT_LICENCE`] when absent).
    #[serde(deserialize_with = "publication_line")]
    pub licence: Option<Setting<String>>,
}

/// A publication setting as written: a checked value, or a placeholder left to fill in
/// (`<название организации>`, as `oko new` writes them), which is a warning and shows nowhere.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting<T> {
    Value(T),
    Placeholder,
}

impl<T> Setting<T> {
    fn value(self) -> Option<T> {
        match self {
            Setting::Value(v) => Some(v),
            Setting::Placeholder => None,
        }
    }
}

/// Reads a publication setting with `parse`, a placeholder apart.
fn setting<T>(text: &str, parse: fn(&str) -> Result<T, String>) -> Result<Setting<T>, String> {
    if publication::is_placeholder(text) {
        Ok(Setting::Placeholder)
    } else {
        parse(text).map(Setting::Value)
    }
}

fn publication_line<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Setting<String>>, D::Error> {
    crate::model::deserialize_parsed(d, "yaml.want_text_line", |t| {
        setting(t, publication::one_line)
    })
    .map(Some)
}

fn contact<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Setting<Contact>>, D::Error> {
    crate::model::deserialize_parsed(d, "yaml.want_contact", |t| setting(t, Contact::parse))
        .map(Some)
}

/// Warns of each publication setting still a placeholder, at its line: the pages and the
/// passport leave it out until it is filled in.
pub fn warn_placeholders(raw: &RawConfig, text: &str, diags: &mut Diagnostics) {
    let placeholders = [
        (
            "publisher",
            raw.publisher.as_ref().map(|s| *s == Setting::Placeholder),
        ),
        (
            "contact",
            raw.contact.as_ref().map(|s| *s == Setting::Placeholder),
        ),
        (
            "licence",
            raw.licence.as_ref().map(|s| *s == Setting::Placeholder),
        ),
    ];
    for (key, _) in placeholders.iter().filter(|(_, p)| *p == Some(true)) {
        let (line, col) = super::yaml::key_position(text, key);
        diags.warning(
            "config.yaml",
            line,
            col,
            crate::i18n::msg!("load.publication_placeholder", key = key),
        );
    }
}

/// The `limits:` section as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawLimits {
    /// Largest CSV file, in megabytes (1024).
    pub max_csv_mb: Option<u64>,
    /// Largest YAML or Markdown file, in kilobytes (1024).
    pub max_text_kb: Option<u64>,
    /// Most data rows in one CSV file (20,000,000).
    pub max_rows: Option<u64>,
    /// All input files of a run together, in megabytes (8192).
    pub max_total_mb: Option<u64>,
}

impl RawLimits {
    /// The caps in bytes and rows, defaults where the file is silent.
    fn resolve(&self) -> Limits {
        let d = Limits::default();
        Limits {
            max_csv_bytes: self
                .max_csv_mb
                .map_or(d.max_csv_bytes, |mb| mb * 1024 * 1024),
            max_text_bytes: self.max_text_kb.map_or(d.max_text_bytes, |kb| kb * 1024),
            max_rows: self.max_rows.unwrap_or(d.max_rows),
            max_total_bytes: self
                .max_total_mb
                .map_or(d.max_total_bytes, |mb| mb * 1024 * 1024),
        }
    }
}

/// The `methodology:` section as written: its own settings, and every marker's parameters as
/// the marker registry declares them ([`crate::model::marker::Param`]), each read where it stands
/// so that a bad value is reported at its line. Any other key is an error, as a misspelt one is.
#[derive(Debug, Default)]
pub struct RawMethodology {
    /// Least participants for a cell to be evaluated (10).
    pub min_group: Option<u32>,
    /// Least participants for a cell to be published (10; below 5 is an error).
    pub min_publish: Option<u32>,
    /// The markers' parameters given, by key.
    pub params: std::collections::BTreeMap<&'static str, f64>,
    /// The ВПР grades compared with ОГЭ/ЕГЭ by `external_gap`.
    pub external_pairs: Option<Vec<crate::model::config::ExternalPair>>,
    /// Mastery thresholds of task analysis (basic 60, advanced 30, high 30).
    pub mastery: RawMastery,
    /// The thresholds of «Анализ ВПР» (ФИОКО's recommendations).
    pub analysis: RawAnalysis,
    /// Retired with `inflated_unconfirmed` (a warning, so that older configs still build).
    pub unconfirmed_z: Option<serde_yaml::Value>,
    /// Retired: `low_confirmation` is region-relative now (`low_confirmation_p`).
    pub low_confirmation: Option<serde_yaml::Value>,
    /// Markers that count in the objectivity index (the four federal ones).
    pub index_markers: Option<Vec<Marker>>,
    /// Cells each scoped marker looks at.
    pub scope: RawScopes,
}

/// The section's own settings, then every registered parameter: the keys `methodology:` takes.
fn methodology_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let own = [
            "min_group",
            "min_publish",
            "external_pairs",
            "mastery",
            "analysis",
            "unconfirmed_z",
            "low_confirmation",
            "index_markers",
            "scope",
        ];
        own.into_iter()
            .chain(crate::model::marker::Spec::all_params().map(|p| p.key))
            .collect()
    })
}

/// A seed that reads one value with a reader of this file (`fn(Deserializer) -> Result<T>`),
/// so that the value is read where it stands and a bad one is reported at its line.
macro_rules! seed {
    ($name:ident, $t:ty, $reader:expr) => {
        struct $name;
        impl<'de> serde::de::DeserializeSeed<'de> for $name {
            type Value = $t;
            fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<$t, D::Error> {
                $reader(d)
            }
        }
    };
}
seed!(MinGroup, Option<u32>, min_group);
seed!(MinPublish, Option<u32>, min_publish);
seed!(
    Pairs,
    Option<Vec<crate::model::config::ExternalPair>>,
    unique_list
);
seed!(IndexMarkers, Option<Vec<Marker>>, unique_list);

/// A marker's parameter, within its declared range.
struct InRange(crate::model::marker::Range);

impl<'de> serde::de::DeserializeSeed<'de> for InRange {
    type Value = Option<f64>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<f64>, D::Error> {
        match self.0 {
            crate::model::marker::Range::Positive => positive(d),
            crate::model::marker::Range::Probability => probability(d),
        }
    }
}

impl<'de> Deserialize<'de> for RawMethodology {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = RawMethodology;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("struct RawMethodology")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawMethodology, A::Error> {
                use serde::de::Error;
                let mut m = RawMethodology::default();
                let mut seen: Vec<&'static str> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let keys = methodology_keys();
                    let Some(&known) = keys.iter().find(|k| **k == key) else {
                        return Err(A::Error::unknown_field(&key, keys));
                    };
                    if seen.contains(&known) {
                        return Err(A::Error::duplicate_field(known));
                    }
                    seen.push(known);
                    match known {
                        "min_group" => m.min_group = map.next_value_seed(MinGroup)?,
                        "min_publish" => m.min_publish = map.next_value_seed(MinPublish)?,
                        "external_pairs" => m.external_pairs = map.next_value_seed(Pairs)?,
                        "mastery" => m.mastery = map.next_value()?,
                        "analysis" => m.analysis = map.next_value()?,
                        "unconfirmed_z" => m.unconfirmed_z = map.next_value()?,
                        "low_confirmation" => m.low_confirmation = map.next_value()?,
                        "index_markers" => m.index_markers = map.next_value_seed(IndexMarkers)?,
                        "scope" => m.scope = map.next_value()?,
                        param => {
                            let range = crate::model::marker::Spec::all_params()
                                .find(|p| p.key == param)
                                .expect("a registered parameter")
                                .range;
                            if let Some(v) = map.next_value_seed(InRange(range))? {
                                m.params.insert(param, v);
                            }
                        }
                    }
                }
                Ok(m)
            }
        }
        d.deserialize_map(Visit)
    }
}

/// `methodology.mastery` as written: percents from 0 to 100, each checked at its own position.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawMastery {
    #[serde(deserialize_with = "percent")]
    pub basic: Option<f64>,
    #[serde(deserialize_with = "percent")]
    pub advanced: Option<f64>,
    #[serde(deserialize_with = "percent")]
    pub high: Option<f64>,
}

/// `methodology.analysis` as written; whole numbers are checked in [`resolve`].
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawAnalysis {
    /// Percents below which a task is insufficient, by level (57, 28.5, 28.5).
    pub insufficient: RawMastery,
    /// Points of rise of the «2» share that read negative (10).
    #[serde(deserialize_with = "percent")]
    pub two_rise: Option<f64>,
    /// Years of the «2» dynamics, 3 to 5 (5).
    pub two_years: Option<u16>,
    /// Marks between the ВПР mark and the journal's analysed apart, 1 to 3 (2).
    pub discrepancy: Option<u8>,
    /// Pupils from which a sample is informative (50).
    pub sample_informative: Option<u32>,
    /// Pupils below which conclusions are limited (20).
    pub sample_minimum: Option<u32>,
    /// The least pupils of a group by ВПР mark shown (10).
    pub mark_group: Option<u32>,
    /// Times the pupils one point below a boundary that make a peak at it (2).
    #[serde(deserialize_with = "positive")]
    pub peak_ratio: Option<f64>,
}

/// Checks a site address: an absolute http(s) URL with a host, no credentials, query or
/// fragment, and no control characters or spaces. Returns it as the URL parser writes it.
pub fn check_base_url(text: &str) -> Result<String, String> {
    let bad = || crate::i18n::msg!("load.expected_base_url", found = crate::diag::found(text));
    if text.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(crate::i18n::msg!(
            "load.base_url_spaces",
            found = crate::diag::found(text)
        ));
    }
    let url = url::Url::parse(text).map_err(|_| bad())?;
    let fine = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.username().is_empty()
        && url.password().is_none()
        && url.query().is_none()
        && url.fragment().is_none();
    if fine {
        Ok(url.to_string())
    } else {
        Err(bad())
    }
}

fn base_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    crate::model::deserialize_parsed(d, "yaml.want_base_url", check_base_url).map(Some)
}

/// A number within `lo..=hi` (or above `lo` when `open`), read so that serde_yaml reports the
/// scalar's own position; NaN and infinities are refused.
struct Ranged {
    lo: f64,
    hi: f64,
    open: bool,
    whole: bool,
}

impl Ranged {
    fn check<E: serde::de::Error>(&self, v: f64) -> Result<f64, E> {
        let above = if self.open { v > self.lo } else { v >= self.lo };
        if v.is_finite() && above && v <= self.hi && (!self.whole || v.fract() == 0.0) {
            Ok(v)
        } else {
            Err(E::custom(crate::i18n::msg!(
                "load.expected_range",
                what = self.describe(),
                found = v
            )))
        }
    }

    fn describe(&self) -> String {
        match (self.whole, self.open) {
            (true, true) => crate::i18n::msg!("load.range_whole_open", lo = self.lo, hi = self.hi),
            (true, false) => crate::i18n::msg!("load.range_whole", lo = self.lo, hi = self.hi),
            (false, true) => crate::i18n::msg!("load.range_open", lo = self.lo, hi = self.hi),
            (false, false) => crate::i18n::msg!("load.range", lo = self.lo, hi = self.hi),
        }
    }
}

impl serde::de::Visitor<'_> for Ranged {
    type Value = f64;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<f64, E> {
        self.check(v)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<f64, E> {
        self.check(v as f64)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<f64, E> {
        self.check(v as f64)
    }
}

fn ranged<'de, D: serde::Deserializer<'de>>(d: D, r: Ranged) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(r).map(Some)
}

fn positive<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    ranged(
        d,
        Ranged {
            lo: 0.0,
            hi: 20.0,
            open: true,
            whole: false,
        },
    )
}

fn percent<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    ranged(
        d,
        Ranged {
            lo: 0.0,
            hi: 100.0,
            open: false,
            whole: false,
        },
    )
}

fn probability<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    ranged(
        d,
        Ranged {
            lo: 0.0,
            hi: 0.5,
            open: true,
            whole: false,
        },
    )
}

fn min_group<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let r = Ranged {
        lo: 1.0,
        hi: 100_000.0,
        open: false,
        whole: true,
    };
    Ok(ranged(d, r)?.map(|v| v as u32))
}

fn min_publish<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let r = Ranged {
        lo: 5.0,
        hi: 100_000.0,
        open: false,
        whole: true,
    };
    Ok(ranged(d, r)?.map(|v| v as u32))
}

/// Scope of each scoped marker.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RawScopes {
    #[serde(deserialize_with = "unique_list")]
    pub inflated_mean: Option<Vec<RawScope>>,
    #[serde(deserialize_with = "unique_list")]
    pub mark_mismatch: Option<Vec<RawScope>>,
    /// Cohort markers: `grades` are the younger grade N of each pair (N, N+1).
    #[serde(deserialize_with = "unique_list")]
    pub cohort: Option<Vec<RawScope>>,
}

/// One scope rule: a cell is in scope when its procedure, subject and grade are all listed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScope {
    #[serde(deserialize_with = "unique")]
    pub procedures: Vec<Procedure>,
    #[serde(deserialize_with = "unique")]
    pub subjects: Vec<String>,
    #[serde(deserialize_with = "unique")]
    pub grades: Vec<u8>,
}

/// A list whose entries differ: an entry given again is an error at its own position (an
/// `external_pairs` entry written twice would double every marker it raises).
fn unique<'de, D: serde::Deserializer<'de>, T: Deserialize<'de> + PartialEq>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    d.deserialize_seq(Unique(std::marker::PhantomData))
}

/// [`unique`] for an optional setting.
fn unique_list<'de, D: serde::Deserializer<'de>, T: Deserialize<'de> + PartialEq>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    unique(d).map(Some)
}

struct Unique<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de> + PartialEq> serde::de::Visitor<'de> for Unique<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = seq.next_element_seed(Entry { seen: &entries })? {
            entries.push(entry);
        }
        Ok(entries)
    }
}

/// One entry of a [`unique`] list, compared with those before it while the parser is at it, so
/// that the error carries the entry's own line.
struct Entry<'a, T> {
    seen: &'a [T],
}

impl<T: PartialEq> Entry<'_, T> {
    fn check<E: serde::de::Error>(self, entry: T) -> Result<T, E> {
        match self.seen.iter().position(|s| *s == entry) {
            Some(first) => Err(E::custom(crate::i18n::msg!(
                "load.duplicate_entry",
                n = self.seen.len() + 1,
                first = first + 1
            ))),
            None => Ok(entry),
        }
    }
}

impl<'de, T: Deserialize<'de> + PartialEq> serde::de::DeserializeSeed<'de> for Entry<'_, T> {
    type Value = T;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Deserialize<'de> + PartialEq> serde::de::Visitor<'de> for Entry<'_, T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list entry")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        self.check(T::deserialize(
            serde::de::value::MapAccessDeserializer::new(map),
        )?)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        use serde::de::IntoDeserializer;
        self.check(T::deserialize(v.into_deserializer())?)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<T, E> {
        use serde::de::IntoDeserializer;
        self.check(T::deserialize(v.into_deserializer())?)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<T, E> {
        use serde::de::IntoDeserializer;
        self.check(T::deserialize(v.into_deserializer())?)
    }
}

/// Resolves the file's values over the defaults, adds configured subjects to `subjects`, and
/// reports bad values into `diags`.
pub fn resolve(raw: RawConfig, subjects: &mut Subjects, diags: &mut Diagnostics) -> Config {
    const PATH: &str = "config.yaml";
    for (code, name) in &raw.subjects {
        subjects.add(code, name);
    }
    let language = match raw.language.as_deref() {
        None | Some("ru") => Lang::Ru,
        Some("en") => Lang::En,
        Some(other) => {
            diags.error(
                PATH,
                0,
                0,
                crate::i18n::msg!("load.language", found = crate::diag::found(other)),
            );
            Lang::Ru
        }
    };
    let m = raw.methodology;
    let d = Methodology::default();
    let retired = [
        (
            m.unconfirmed_z.is_some(),
            "unconfirmed_z",
            crate::i18n::msg!("load.retired_unconfirmed"),
        ),
        (
            m.low_confirmation.is_some(),
            "low_confirmation",
            crate::i18n::msg!("load.retired_low_confirmation"),
        ),
    ];
    for (_, key, why) in retired.iter().filter(|r| r.0) {
        diags.warning(
            PATH,
            0,
            0,
            crate::i18n::msg!("load.retired", key = key, why = why),
        );
    }
    let mut scopes = |rules: Option<Vec<RawScope>>, default: Vec<Scope>| -> Vec<Scope> {
        let Some(rules) = rules else { return default };
        rules
            .into_iter()
            .map(|r| Scope {
                procedures: r.procedures,
                subjects: r
                    .subjects
                    .iter()
                    .filter_map(|s| {
                        let found = subjects.find(s);
                        if found.is_none() {
                            let message = crate::i18n::msg!(
                                "load.scope_subject",
                                found = crate::diag::found(s)
                            );
                            diags.error(PATH, 0, 0, message);
                        }
                        found
                    })
                    .collect(),
                grades: r.grades,
            })
            .collect()
    };
    let methodology = Methodology {
        inflated_mean: scopes(m.scope.inflated_mean, d.inflated_mean),
        mark_mismatch: scopes(m.scope.mark_mismatch, d.mark_mismatch),
        cohort: scopes(m.scope.cohort, d.cohort),
        min_group: m.min_group.unwrap_or(d.min_group),
        min_publish: m.min_publish.unwrap_or(d.min_publish),
        params: d
            .params
            .iter()
            .map(|(&k, &v)| (k, m.params.get(k).copied().unwrap_or(v)))
            .collect(),
        external_pairs: m.external_pairs.unwrap_or(d.external_pairs),
        mastery: levels(&m.mastery, d.mastery),
        analysis: analysis(&m.analysis, levels(&m.mastery, d.mastery), diags),
        index_markers: m.index_markers.unwrap_or(d.index_markers),
    };
    let defaults = Config::default();
    Config {
        limits: raw.limits.resolve(),
        title: raw.title.unwrap_or(defaults.title),
        base_url: raw.base_url,
        language,
        as_of: raw.as_of,
        demo: raw.demo,
        invalid_rows: raw.invalid_rows.unwrap_or_default(),
        methodology,
        publication: Publication {
            publisher: raw.publisher.and_then(Setting::value),
            contact: raw.contact.and_then(Setting::value),
            licence: raw
                .licence
                .and_then(Setting::value)
                .unwrap_or(defaults.publication.licence),
        },
    }
}

/// Percents by level as written, else `d`'s.
fn levels(raw: &RawMastery, d: Mastery) -> Mastery {
    Mastery {
        basic: raw.basic.unwrap_or(d.basic),
        advanced: raw.advanced.unwrap_or(d.advanced),
        high: raw.high.unwrap_or(d.high),
    }
}

/// `methodology.analysis` resolved: each threshold as given, else the document's; a threshold
/// out of order (insufficient above sufficient, minimum above informative) or of range is an
/// error.
fn analysis(a: &RawAnalysis, sufficient: Mastery, diags: &mut Diagnostics) -> Analysis {
    let dd = Analysis::default();
    let out = Analysis {
        insufficient: levels(&a.insufficient, dd.insufficient),
        two_rise: a.two_rise.unwrap_or(dd.two_rise),
        two_years: a.two_years.unwrap_or(dd.two_years),
        discrepancy: a.discrepancy.unwrap_or(dd.discrepancy),
        sample_informative: a.sample_informative.unwrap_or(dd.sample_informative),
        sample_minimum: a.sample_minimum.unwrap_or(dd.sample_minimum),
        mark_group: a.mark_group.unwrap_or(dd.mark_group),
        peak_ratio: a.peak_ratio.unwrap_or(dd.peak_ratio),
    };
    let i = out.insufficient;
    let wrong = [
        (
            i.basic > sufficient.basic,
            "insufficient.basic ≤ mastery.basic",
        ),
        (
            i.advanced > sufficient.advanced,
            "insufficient.advanced ≤ mastery.advanced",
        ),
        (i.high > sufficient.high, "insufficient.high ≤ mastery.high"),
        (!(3..=5).contains(&out.two_years), "3 ≤ two_years ≤ 5"),
        (!(1..=3).contains(&out.discrepancy), "1 ≤ discrepancy ≤ 3"),
        (
            out.sample_minimum == 0 || out.sample_minimum > out.sample_informative,
            "0 < sample_minimum ≤ sample_informative",
        ),
        (out.mark_group == 0, "mark_group > 0"),
    ];
    for (_, rule) in wrong.iter().filter(|(bad, _)| *bad) {
        diags.error(
            "config.yaml",
            0,
            0,
            crate::i18n::msg!("load.analysis_order", rule = *rule),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_spec_defaults() {
        let mut diags = Diagnostics::default();
        let c = resolve(RawConfig::default(), &mut Subjects::default(), &mut diags);
        assert!(diags.is_empty());
        let m = &c.methodology;
        assert_eq!(
            (m.min_group, m.min_publish, m.param("z"), m.param("iqr_k")),
            (10, 10, 1.96, 3.0)
        );
        assert_eq!(m.index_markers, Marker::FEDERAL);
        let s = Subjects::default();
        let ma = s.find("ma").unwrap();
        assert!(m
            .inflated_mean
            .iter()
            .any(|r| r.contains(Procedure::Oge, ma, 9)));
        assert!(!m
            .inflated_mean
            .iter()
            .any(|r| r.contains(Procedure::Vpr, ma, 9)));
        assert_eq!(c.title, crate::model::config::DEFAULT_TITLE);
    }

    /// The first error config.yaml `text` gives.
    fn config_error(text: &str) -> String {
        let mut diags = Diagnostics::default();
        let raw: Option<RawConfig> =
            crate::load::yaml::parse("config.yaml", text, "настройки", 0, &mut diags);
        assert!(raw.is_none(), "{text} was accepted");
        diags.sorted()[0].to_string()
    }

    #[test]
    fn analysis_thresholds_default_to_fiokos_and_are_checked_in_order() {
        let read = |text: &str| {
            let mut diags = Diagnostics::default();
            let raw: RawConfig =
                crate::load::yaml::parse("config.yaml", text, "настройки", 0, &mut diags).unwrap();
            let c = resolve(raw, &mut Subjects::default(), &mut diags);
            let errors: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
            (c.methodology.analysis, errors)
        };
        let (a, errors) = read("title: t\n");
        assert!(errors.is_empty());
        assert_eq!(
            (
                a.insufficient.basic,
                a.insufficient.advanced,
                a.two_rise,
                a.discrepancy
            ),
            (57.0, 28.5, 10.0, 2)
        );
        assert_eq!(
            (a.sample_informative, a.sample_minimum, a.mark_group),
            (50, 20, 10)
        );
        let (a, errors) =
            read("methodology:\n  analysis: {insufficient: {basic: 55}, two_years: 3}\n");
        assert!(errors.is_empty());
        assert_eq!((a.insufficient.basic, a.two_years), (55.0, 3));
        let (_, errors) = read("methodology:\n  analysis: {insufficient: {basic: 65}}\n");
        assert_eq!(
            errors,
            ["config.yaml: не удалось прочитать настройки: methodology.analysis: ожидается insufficient.basic ≤ mastery.basic"]
        );
        assert_eq!(
            config_error("methodology:\n  analysis: {two_rise: 200}\n"),
            "config.yaml:2:24: не удалось прочитать настройки: methodology.analysis.two_rise: ожидается число от 0 до 100 (найдено: 200)"
        );
    }

    #[test]
    fn a_list_entry_given_twice_is_an_error_at_its_line() {
        let text = "methodology:\n  scope:\n    cohort:\n      - procedures: [VPR]\n        subjects: [ru, ma]\n        grades: [4]\n      - procedures: [VPR]\n        subjects: [ru, ma]\n        grades: [4]\n";
        assert_eq!(
            config_error(text),
            "config.yaml:7:9: не удалось прочитать настройки: methodology.scope.cohort[1]: запись 2 списка повторяет запись 1: уберите повтор"
        );
        let text = "methodology:\n  scope:\n    cohort:\n      - {procedures: [VPR, ВПР], subjects: [ru], grades: [4]}\n";
        assert!(
            config_error(text).starts_with("config.yaml:4:28: "),
            "{}",
            config_error(text)
        );
    }

    #[test]
    fn retired_settings_are_warnings_that_name_their_successor() {
        let mut diags = Diagnostics::default();
        let text = "methodology:\n  unconfirmed_z: 2.33\n  low_confirmation: 50\n";
        let raw: RawConfig =
            crate::load::yaml::parse("config.yaml", text, "настройки", 0, &mut diags).unwrap();
        let c = resolve(raw, &mut Subjects::default(), &mut diags);
        assert!(!diags.has_errors());
        let text: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert!(
            text[0].contains("low_confirmation_p") && text[1].contains("external_gap"),
            "{text:?}"
        );
        assert_eq!(c.methodology.param("low_confirmation_p"), 0.001);
    }

    #[test]
    fn refuses_numbers_out_of_range_and_not_finite_at_their_position() {
        assert_eq!(
            config_error("methodology:\n  z: .nan\n"),
            "config.yaml:2:6: не удалось прочитать настройки: methodology.z: ожидается число больше 0 и не больше 20 (найдено: NaN)"
        );
        assert!(config_error("methodology:\n  peak_z: -.inf\n").contains("найдено: -inf"));
        assert!(config_error("methodology:\n  min_publish: 0\n")
            .contains("ожидается целое число от 5 до 100000 (найдено: 0)"));
        assert!(config_error("methodology:\n  min_publish: 4\n").contains("(найдено: 4)"));
        assert!(
            config_error("methodology:\n  low_confirmation_p: 0.7\n").contains("(найдено: 0.7)")
        );
        assert_eq!(
            config_error("methodology:\n  mastery: {basic: 160}\n"),
            "config.yaml:2:20: не удалось прочитать настройки: methodology.mastery.basic: ожидается число от 0 до 100 (найдено: 160)"
        );
        assert!(config_error("methodology:\n  min_group: 2.5\n").contains("(найдено: 2.5)"));
    }

    #[test]
    fn refuses_a_base_url_that_is_not_an_absolute_web_address() {
        for bad in [
            "javascript:alert(1)",
            "//evil.example/",
            "/site/",
            "\"https://a.ru/x\\ny\"",
            "\"https://a.ru/ x\"",
            "ftp://a.ru/",
            "https://user:pw@a.ru/",
            "https://a.ru/?q=1",
        ] {
            let e = config_error(&format!("base_url: {bad}\n"));
            assert!(
                e.contains("ожидается полный адрес http:// или https://"),
                "{bad}: {e}"
            );
        }
        let raw: RawConfig = serde_yaml::from_str("base_url: https://Школа.рф/отчёт/\n").unwrap();
        assert_eq!(
            raw.base_url.as_deref(),
            Some("https://xn--80atdl2c.xn--p1ai/%D0%BE%D1%82%D1%87%D1%91%D1%82/")
        );
    }

    #[test]
    fn reads_publisher_contact_and_licence_with_the_licence_defaulted() {
        let text =
            "publisher: Министерство просвещения КБР\ncontact: ocenka@edu.ru; +7 (8662) 40-00-00\n";
        let mut diags = Diagnostics::default();
        let raw: RawConfig =
            crate::load::yaml::parse("config.yaml", text, "настройки", 0, &mut diags).unwrap();
        let c = resolve(raw, &mut Subjects::default(), &mut diags);
        assert!(diags.is_empty());
        let p = &c.publication;
        assert_eq!(p.publisher.as_deref(), Some("Министерство просвещения КБР"));
        assert_eq!(
            p.contact.as_ref().map(|c| c.text()).as_deref(),
            Some("ocenka@edu.ru, +7 (8662) 40-00-00")
        );
        assert_eq!(p.licence, "CC BY 4.0");
    }

    #[test]
    fn refuses_a_bad_contact_or_publisher_at_its_position() {
        assert_eq!(
            config_error("title: Т\ncontact: ocenka@edu\n"),
            "config.yaml:2:10: не удалось прочитать настройки: contact: не похоже на адрес электронной почты: ожидается имя@домен.ru без пробелов (найдено: \"ocenka@edu\")"
        );
        assert!(config_error("publisher: \"a\\nb\"\n")
            .starts_with("config.yaml:1:12: не удалось прочитать настройки: publisher: значение должно быть одной строкой"));
        assert!(config_error("licence: ''\n").contains("licence: значение пустое"));
        assert!(config_error("contact: [a@b.ru]\n").starts_with("config.yaml:1:10: "));
    }

    #[test]
    fn placeholders_are_warnings_at_their_line_and_show_nowhere() {
        let text = "title: Т\npublisher: <название организации>\ncontact: <почта или телефон>\n";
        let mut diags = Diagnostics::default();
        let raw: RawConfig =
            crate::load::yaml::parse("config.yaml", text, "настройки", 0, &mut diags).unwrap();
        warn_placeholders(&raw, text, &mut diags);
        let c = resolve(raw, &mut Subjects::default(), &mut diags);
        assert!(!diags.has_errors());
        let said: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            said,
            [
                "config.yaml:2:12: предупреждение: publisher — ещё заготовка в угловых скобках: впишите настоящее значение (пока его нет ни в подвале страниц, ни в паспорте открытых данных)",
                "config.yaml:3:10: предупреждение: contact — ещё заготовка в угловых скобках: впишите настоящее значение (пока его нет ни в подвале страниц, ни в паспорте открытых данных)"
            ]
        );
        assert_eq!(
            (c.publication.publisher, c.publication.contact),
            (None, None)
        );
    }

    #[test]
    fn reports_unknown_subject_in_scope() {
        let raw: RawConfig = serde_yaml::from_str(
            "methodology:\n  scope:\n    cohort: [{procedures: [VPR], subjects: [xx], grades: [4]}]\n",
        )
        .unwrap();
        let mut diags = Diagnostics::default();
        resolve(raw, &mut Subjects::default(), &mut diags);
        assert_eq!(
            diags.sorted()[0].to_string(),
            "config.yaml: не удалось прочитать methodology.scope: неизвестный предмет (найдено: \"xx\")"
        );
    }
}
