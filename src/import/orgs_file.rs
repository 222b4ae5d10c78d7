//! data/orgs.csv as an import changes it: its own header, columns, delimiter and rows kept, new
//! organizations appended with the csv crate (missing optional columns left empty).
//!
//! How an organization of an export is matched to one orgs.csv already has (README «Import»):
//! - by id, case-insensitively (the file's own spelling is kept);
//! - a region by its ФИС ОКО code: `Код региона` 22, a region cell `reg220000 | …` or a
//!   municipality id `reg22_…` all say 22, and match a region whose id is `reg22`, `reg220000`
//!   or that already holds a municipality `reg22_…`;
//! - a region by its name, a municipality by its name **inside the export's region only**
//!   (case, `ё`, quotes and spacing ignored): «Советский район» of one region is never another
//!   region's. A name two municipalities of the region share is ambiguous: the row is refused
//!   with both listed.
//!
//! Otherwise it is added: with the export's id when it fits the id rule, else `reg<code>` for a
//! region, else an id derived from the name and, for a municipality, its region
//! (`reg220000-mun-tabunskii-raion`: transliterated, lower case, `-` between words, at most 60
//! characters).

use crate::load::orgs::valid_id;
use crate::load::table::normalize_header;
use anyhow::{anyhow, Context, Result};
use std::collections::HashMap;
use std::path::Path;

/// Where orgs.csv is in a project.
const PATH: &str = "data/orgs.csv";

use crate::load::orgs::orgs::{self as schema, ID, KIND, NAME, PARENT};

/// orgs.csv in memory, with what an import added.
#[derive(Clone)]
pub struct OrgsFile {
    delimiter: u8,
    bom: bool,
    header: Vec<String>,
    /// Positions of id, name, kind, parent in the header, by the orgs schema's handles.
    at: [usize; 4],
    rows: Vec<Vec<String>>,
    added: usize,
    /// Lower-case id → row.
    by_id: HashMap<String, usize>,
}

/// A name reduced for matching: lower case, `ё` → `е`, no quotes, single spaces.
fn name_key(name: &str) -> String {
    normalize_header(name)
        .chars()
        .filter(|c| !matches!(c, '«' | '»' | '"' | '\'' | '“' | '”'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An id derived from a name: `prefix-` and the transliterated words, at most 60 characters.
pub fn derived_id(prefix: &str, name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_ascii_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut id = prefix.to_owned();
    for w in words {
        if id.len() + 1 + w.len() > 60 {
            break;
        }
        id.push('-');
        id.push_str(w);
    }
    id
}

/// Text fit for a name: control and bidi characters removed, spacing collapsed.
pub fn clean_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| !crate::load::text::is_bidi_control(*c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl OrgsFile {
    /// Reads `data/orgs.csv` of the project (or starts one with the default header).
    pub fn open(root: &Path) -> Result<OrgsFile> {
        let path = root.join(PATH);
        let (text, bom) = match std::fs::read(&path) {
            Ok(bytes) => {
                let bom = bytes.starts_with(b"\xEF\xBB\xBF");
                let (text, _) = crate::load::text::decode(&bytes)
                    .map_err(|e| anyhow!("{}: {e}", path.display()))?;
                (text, bom)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                (format!("{}\n", schema::HEADER.join(",")), false)
            }
            Err(e) => {
                return Err(e).with_context(|| crate::i18n::msg!("io.read", path = path.display()))
            }
        };
        let text = text.trim_start_matches('\u{feff}');
        let first = text.lines().next().unwrap_or("");
        let delimiter = if first.matches(';').count() > first.matches(',').count() {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| {
                anyhow!(
                    "{}: {}",
                    path.display(),
                    crate::i18n::msg!("load.header_unreadable", error = e)
                )
            })?
            .iter()
            .map(str::to_owned)
            .collect();
        let names: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
        let missing = |c: &str| {
            anyhow!(crate::i18n::msg!(
                "import.orgs_column",
                file = path.display(),
                column = c
            ))
        };
        let mut at = [0usize; 4];
        for column in [ID, NAME, KIND, PARENT] {
            let spec = &schema::COLUMNS[column];
            at[column] = names
                .iter()
                .position(|n| n == spec.name || spec.aliases.contains(&n.as_str()))
                .ok_or_else(|| missing(spec.name))?;
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                anyhow!(crate::i18n::msg!(
                    "import.orgs_row",
                    file = path.display(),
                    error = e
                ))
            })?;
            rows.push(record.iter().map(str::to_owned).collect::<Vec<_>>());
        }
        let mut file = OrgsFile {
            delimiter,
            bom,
            header,
            at,
            rows,
            added: 0,
            by_id: HashMap::new(),
        };
        for i in 0..file.rows.len() {
            let id = file.field(i, ID).to_ascii_lowercase();
            file.by_id.entry(id).or_insert(i);
        }
        Ok(file)
    }

    fn field(&self, row: usize, which: usize) -> &str {
        self.rows[row].get(self.at[which]).map_or("", |s| s.trim())
    }

    fn kind_rows<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = usize> + 'a {
        (0..self.rows.len()).filter(move |&i| self.field(i, KIND) == kind)
    }

    /// The id as orgs.csv spells it, if an organization has it.
    pub fn known(&self, id: &str) -> Option<&str> {
        self.by_id
            .get(&id.to_ascii_lowercase())
            .map(|&i| self.field(i, ID))
    }

    /// The only region of the file, if there is exactly one.
    pub fn only_region(&self) -> Option<String> {
        let mut regions = self.kind_rows("region");
        let first = regions.next()?;
        regions
            .next()
            .is_none()
            .then(|| self.field(first, ID).to_owned())
    }

    /// The region an organization belongs to (itself for a region).
    pub fn region_of(&self, id: &str) -> Option<String> {
        let mut at = *self.by_id.get(&id.to_ascii_lowercase())?;
        for _ in 0..3 {
            if self.field(at, KIND) == "region" {
                return Some(self.field(at, ID).to_owned());
            }
            at = *self
                .by_id
                .get(&self.field(at, PARENT).to_ascii_lowercase())?;
        }
        None
    }

    /// The organizations of `kind` (below `parent`, when given) whose name matches `name`.
    fn by_name(&self, kind: &str, name: &str, parent: Option<&str>) -> Vec<String> {
        let key = name_key(name);
        if key.is_empty() {
            return Vec::new();
        }
        self.kind_rows(kind)
            .filter(|&i| {
                name_key(self.field(i, NAME)) == key
                    && parent.is_none_or(|p| self.field(i, PARENT).eq_ignore_ascii_case(p))
            })
            .map(|i| self.field(i, ID).to_owned())
            .collect()
    }

    fn add(&mut self, id: &str, name: &str, kind: &str, parent: &str) -> String {
        let mut row = vec![String::new(); self.header.len()];
        for (which, value) in [(ID, id), (NAME, name), (KIND, kind), (PARENT, parent)] {
            row[self.at[which]] = value.to_owned();
        }
        self.by_id.insert(id.to_ascii_lowercase(), self.rows.len());
        self.rows.push(row);
        self.added += 1;
        id.to_owned()
    }

    /// The region of an export: matched by id, ФИС ОКО code or name, else added.
    pub fn region(&mut self, id: Option<&str>, name: &str, code: Option<&str>) -> String {
        if let Some(known) = id.and_then(|i| self.known(i)) {
            return known.to_owned();
        }
        if let Some(code) = code {
            let ids = [format!("reg{code}"), format!("reg{code:0>2}0000")];
            if let Some(known) = ids.iter().find_map(|i| self.known(i)) {
                return known.to_owned();
            }
            let prefix = format!("reg{code}_");
            let holder = self
                .kind_rows("municipality")
                .find(|&i| self.field(i, ID).to_ascii_lowercase().starts_with(&prefix));
            if let Some(parent) = holder.map(|i| self.field(i, PARENT).to_owned()) {
                if self.known(&parent).is_some() {
                    return parent;
                }
            }
        }
        if let Some(known) = self.by_name("region", name, None).into_iter().next() {
            return known;
        }
        let new_id = match (id.filter(|i| valid_id(i)), code) {
            (Some(i), _) => i.to_owned(),
            (None, Some(code)) => format!("reg{code}"),
            (None, None) if !name.is_empty() => derived_id("region", name),
            (None, None) => "region".to_owned(),
        };
        let name = if name.is_empty() {
            "Регион (не указан в выгрузке)"
        } else {
            name
        };
        self.add(&new_id, name, "region", "")
    }

    /// The region of an export's row: the one `--region` names, else the one its cells name
    /// (by id, ФИС ОКО code or name; added when new), else the project's only region. Several
    /// regions and none named is a refusal listing them.
    pub fn region_of_row(
        &mut self,
        given: Option<&str>,
        id: Option<&str>,
        name: &str,
        code: Option<&str>,
    ) -> Result<String, String> {
        if let Some(given) = given {
            return self
                .known(given)
                .map(str::to_owned)
                .ok_or_else(|| crate::i18n::msg!("import.no_region", id = given));
        }
        if id.is_some() || !name.is_empty() || code.is_some() {
            return Ok(self.region(id, name, code));
        }
        let regions: Vec<String> = self
            .kind_rows("region")
            .map(|i| self.field(i, ID).to_owned())
            .collect();
        match regions.as_slice() {
            [] => Ok(self.region(None, "", None)),
            [only] => Ok(only.clone()),
            many => Err(crate::i18n::msg!(
                "import.region_unknown",
                candidates = many.join(", ")
            )),
        }
    }

    /// A municipality of `region`: matched by id, or by name among the region's municipalities,
    /// else added. A name two of them share is refused with both.
    pub fn municipality(
        &mut self,
        id: Option<&str>,
        name: &str,
        region: &str,
    ) -> Result<String, String> {
        if let Some(known) = id.and_then(|i| self.known(i)) {
            return Ok(known.to_owned());
        }
        match self.by_name("municipality", name, Some(region)).as_slice() {
            [] => {}
            [one] => return Ok(one.clone()),
            many => {
                return Err(crate::i18n::msg!(
                    "import.ambiguous_municipality",
                    name = name,
                    candidates = many.join(", ")
                ))
            }
        }
        // An id derived from a name carries its region: namesakes of other regions stay apart.
        let prefix: String = region.chars().take(40).collect();
        let (new_id, name) = match (id.filter(|i| valid_id(i)), name.is_empty()) {
            (Some(i), false) => (i.to_owned(), name.to_owned()),
            (Some(i), true) => (i.to_owned(), i.to_owned()),
            (None, false) => (derived_id(&format!("{prefix}-mun"), name), name.to_owned()),
            (None, true) => (
                format!("{prefix}-mun-unknown"),
                "Муниципалитет не указан в выгрузке".to_owned(),
            ),
        };
        if let Some(known) = self.known(&new_id) {
            return Ok(known.to_owned());
        }
        Ok(self.add(&new_id, &name, "municipality", region))
    }

    /// A school: the id as orgs.csv spells it, or added under the municipality `parent` gives
    /// (computed only when needed). A refusal when the id breaks the id rule or `parent` refuses.
    pub fn school(
        &mut self,
        id: &str,
        name: &str,
        parent: impl FnOnce(&mut Self) -> Result<String, String>,
    ) -> Result<String, String> {
        if let Some(known) = self.known(id) {
            return Ok(known.to_owned());
        }
        if !valid_id(id) {
            return Err(crate::i18n::msg!("import.bad_login", login = id));
        }
        let parent = parent(self)?;
        Ok(self.add(
            id,
            if name.is_empty() { id } else { name },
            "school",
            &parent,
        ))
    }

    /// How many organizations were added so far.
    pub fn added(&self) -> usize {
        self.added
    }

    /// Whether the file has the starter project's sample organizations (`oko new`).
    pub fn has_starter_sample(&self) -> bool {
        ["region1", "mun1", "school1"]
            .iter()
            .all(|id| self.known(id).is_some())
    }

    /// Stages the file when anything was added; returns how many organizations were.
    pub fn save(&self, tx: &mut crate::transaction::Transaction) -> Result<usize> {
        if self.added == 0 {
            return Ok(0);
        }
        let mut writer = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .from_writer(Vec::new());
        writer.write_record(&self.header)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        let mut bytes = if self.bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        bytes.extend(writer.into_inner().map_err(|e| anyhow!("{e}"))?);
        tx.write(PATH, &bytes)?;
        Ok(self.added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_transliterations_within_the_id_rule() {
        assert_eq!(derived_id("mun", "Табунский район"), "mun-tabunskii-raion");
        assert_eq!(
            derived_id("reg220000-mun", "Советский район"),
            "reg220000-mun-sovetskii-raion"
        );
        assert_eq!(derived_id("mun", "г. Барнаул"), "mun-g-barnaul");
        let long = derived_id("mun", &"Очень длинное название района ".repeat(10));
        assert!(long.len() <= 60 && valid_id(&long), "{long}");
    }

    #[test]
    fn names_match_whatever_their_case_quotes_and_spacing() {
        assert_eq!(name_key("  Алтайский   КРАЙ"), name_key("алтайский край"));
        assert_eq!(name_key("МБОУ «Школа №1»"), name_key("мбоу школа №1"));
        assert_eq!(name_key("Ёлкино"), name_key("елкино"));
    }

    #[test]
    fn clean_text_drops_controls_and_bidi_overrides() {
        assert_eq!(clean_text("Школа\n№1,\t\u{202E}A"), "Школа №1, A");
    }
}
