//! Reading one CSV table: delimiter detection (`,`, `;` or tab), header names with their Russian
//! aliases, and field parsers that report `path:line:col` with the offending value.
//!
//! Loaders describe their columns with [`Column`], ask [`Table::columns`] where each one is, and
//! walk [`Table::rows`]. The column in a message is the 1-based field number.

use crate::diag::{found, Diagnostics};

/// A column a loader knows: its canonical name, accepted aliases, and whether it must be present.
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// A column of numbers in a file oko writes: its workbook ([`crate::render::workbook`])
    /// types the cells as numbers, where every other column is text.
    pub number: bool,
}

impl Column {
    pub const fn required(name: &'static str, aliases: &'static [&'static str]) -> Self {
        Column {
            name,
            aliases,
            required: true,
            number: false,
        }
    }
    /// A column of text in a file oko writes: its name alone.
    pub const fn named(name: &'static str) -> Self {
        Column {
            name,
            aliases: &[],
            required: true,
            number: false,
        }
    }
    /// A column of numbers in a file oko writes.
    pub const fn number(name: &'static str) -> Self {
        Column {
            number: true,
            ..Column::named(name)
        }
    }
    pub const fn optional(name: &'static str, aliases: &'static [&'static str]) -> Self {
        Column {
            name,
            aliases,
            required: false,
            number: false,
        }
    }

    /// Whether a header name, already passed through [`normalize_header`], names this column.
    pub fn matches(&self, normalized: &str) -> bool {
        normalized == self.name || self.aliases.contains(&normalized)
    }
}

/// Declares a CSV table's columns once: a module with a named handle for each column (its index
/// in `COLUMNS`), the columns a loader looks for, and the header a writer writes. Loaders,
/// imports, the generator and open data all name columns through it; none counts them.
///
/// ```ignore
/// schema! {
///     /// data/scales.csv
///     pub mod scales {
///         YEAR = keys::YEAR,
///         MAX_SCORE = Column::required("max_score", &["максимальный балл"]),
///     }
/// }
/// ```
macro_rules! schema {
    ($(#[$meta:meta])* $vis:vis mod $module:ident {
        $($(#[$cmeta:meta])* $handle:ident = $column:expr,)*
    }) => {
        $(#[$meta])*
        $vis mod $module {
            #[allow(unused_imports)]
            use super::*;
            use $crate::load::table::Column;
            $crate::load::table::schema!(@handles 0usize; $($(#[$cmeta])* $handle)*);
            /// Every column, in order: what a loader looks for.
            pub const COLUMNS: &[Column] = &[$($column),*];
            /// The canonical header: what a writer writes.
            pub const HEADER: &[&str] = &[$($column.name),*];
        }
    };
    (@handles $i:expr; $(#[$cmeta:meta])* $first:ident $($(#[$rmeta:meta])* $rest:ident)*) => {
        $(#[$cmeta])*
        pub const $first: usize = $i;
        $crate::load::table::schema!(@handles $i + 1; $($(#[$rmeta])* $rest)*);
    };
    (@handles $i:expr;) => {};
}
pub(crate) use schema;

/// A row of a schema's columns, filled by handle and written in the schema's order; kept and
/// cleared between rows, so that writing many rows allocates little.
#[derive(Debug, Clone, Default)]
pub struct Record(Vec<String>);

impl Record {
    /// An empty row of `header`'s columns.
    pub fn of(header: &[&str]) -> Record {
        Record(vec![String::new(); header.len()])
    }

    /// Sets column `at`.
    pub fn set(&mut self, at: usize, value: impl std::fmt::Display) -> &mut Record {
        use std::fmt::Write as _;
        let field = &mut self.0[at];
        field.clear();
        let _ = write!(field, "{value}");
        self
    }

    /// Empties every column.
    pub fn clear(&mut self) {
        self.0.iter_mut().for_each(String::clear);
    }

    /// The fields, in the schema's order.
    pub fn fields(&self) -> &[String] {
        &self.0
    }

    /// Appends the fields of `columns` as one comma-separated line (a field with a comma, a
    /// quote or a line break quoted).
    pub fn write_line(&self, columns: &[usize], out: &mut String) {
        for (k, &c) in columns.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            let field = &self.0[c];
            if field.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&field.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(field);
            }
        }
        out.push('\n');
    }
}

/// The header line of `columns` of a schema's `header`.
pub fn header_line(header: &[&str], columns: &[usize]) -> String {
    let names: Vec<&str> = columns.iter().map(|&c| header[c]).collect();
    format!("{}\n", names.join(","))
}

/// A decoded CSV file ready to be read.
pub struct Table<'a> {
    pub path: &'a str,
    text: &'a str,
    delimiter: u8,
}

/// Where each of a loader's columns sits in the file (same order as the `Column` list).
pub struct Positions(Vec<Option<usize>>);

impl Positions {
    /// Field index of the `i`-th column of the loader's list.
    pub fn get(&self, i: usize) -> Option<usize> {
        self.0[i]
    }
}

/// One data row with its line number. Fields stay bytes until a loader asks for one: the file is
/// already known to be UTF-8 text, and the csv crate splits it only at ASCII bytes.
pub struct Row<'r> {
    pub line: usize,
    record: &'r csv::ByteRecord,
    /// The record's fields one after another, checked as UTF-8 once for the whole row.
    text: &'r str,
}

impl<'r> Row<'r> {
    /// The trimmed text of field `index` (empty when the field is absent).
    pub fn field(&self, index: Option<usize>) -> &'r str {
        index
            .and_then(|i| self.record.range(i))
            .and_then(|r| self.text.get(r))
            .map(trim)
            .unwrap_or("")
    }
}

/// `str::trim`, with the common case (a field that starts and ends with a visible ASCII
/// character) answered without walking it.
fn trim(field: &str) -> &str {
    match (field.as_bytes().first(), field.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => field,
        _ => field.trim(),
    }
}

impl<'a> Table<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        let first_line = text.lines().next().unwrap_or("");
        Table {
            path,
            text,
            delimiter: detect_delimiter(first_line),
        }
    }

    fn reader(&self) -> csv::Reader<&'a [u8]> {
        csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(self.text.as_bytes())
    }

    /// Finds every column of `spec` in the header; a missing required column is an error.
    pub fn columns(&self, spec: &[Column], diags: &mut Diagnostics) -> Option<Positions> {
        if self.text.trim().is_empty() {
            diags.error(self.path, 0, 0, crate::i18n::msg!("load.table_empty"));
            return None;
        }
        let mut reader = self.reader();
        let header = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                diags.error(
                    self.path,
                    1,
                    0,
                    crate::i18n::msg!("load.header_unreadable", error = e),
                );
                return None;
            }
        };
        let names: Vec<String> = header.iter().map(normalize_header).collect();
        let mut positions = Vec::with_capacity(spec.len());
        let mut ok = true;
        for column in spec {
            let mut same = names.iter().enumerate().filter(|(_, n)| column.matches(n));
            if let (Some((a, first)), Some((b, second))) = (same.next(), same.next()) {
                if first == second {
                    let message = crate::i18n::msg!(
                        "load.header_twice",
                        column = first,
                        a = a + 1,
                        b = b + 1
                    );
                    diags.error(self.path, 1, b + 1, message);
                    ok = false;
                }
            }
        }
        for column in spec {
            let at = names.iter().position(|n| column.matches(n));
            if at.is_none() && column.required {
                diags.error(
                    self.path,
                    1,
                    0,
                    crate::i18n::msg!("load.column_missing", column = column.name),
                );
                ok = false;
            }
            positions.push(at);
        }
        ok.then_some(Positions(positions))
    }

    /// Calls `each` for every data row; a ragged row or bad quoting is reported and skipped.
    pub fn rows(&self, diags: &mut Diagnostics, mut each: impl FnMut(Row<'_>, &mut Diagnostics)) {
        let mut reader = self.reader();
        let mut record = csv::ByteRecord::new();
        // A byte-order mark past the start (the decoder removed the first) means files glued
        // together; the text is searched once, and rows only when it holds one.
        let glued = self.text.contains('\u{feff}');
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line() as usize);
                    if glued && record.as_slice().windows(3).any(|w| w == b"\xEF\xBB\xBF") {
                        diags.error(self.path, line, 0, crate::i18n::msg!("load.row_bom"));
                        continue;
                    }
                    let Ok(text) = std::str::from_utf8(record.as_slice()) else {
                        continue; // cannot happen: the file is UTF-8 and split at ASCII bytes
                    };
                    each(
                        Row {
                            line,
                            record: &record,
                            text,
                        },
                        diags,
                    );
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    let message = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => crate::i18n::msg!("load.row_ragged", len = len, header = expected_len),
                        _ => crate::i18n::msg!("load.row_unreadable", error = e),
                    };
                    diags.error(self.path, line, 0, message);
                    if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                        break;
                    }
                }
            }
        }
    }
}

/// Header text compared case-, space- and ё-insensitively, so `Итого  баллов` matches `итого баллов`.
pub fn normalize_header(raw: &str) -> String {
    let lower = raw
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .replace('ё', "е");
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.join(" ").replace(" /", "/").replace("/ ", "/")
}

/// `;` when the header has more semicolons than commas, tab when it has tabs only, else `,`.
pub fn detect_delimiter(header: &str) -> u8 {
    let count = |c: char| header.chars().filter(|&x| x == c).count();
    let (commas, semis, tabs) = (count(','), count(';'), count('\t'));
    if semis > commas && semis >= tabs {
        b';'
    } else if tabs > commas && tabs > semis {
        b'\t'
    } else {
        b','
    }
}

/// Context for parsing one field: where it is, for the message.
pub struct Field<'a> {
    pub path: &'a str,
    pub line: usize,
    pub col: usize,
    pub name: &'a str,
    pub value: &'a str,
}

impl Field<'_> {
    pub fn error(&self, diags: &mut Diagnostics, what: &str) {
        diags.error(
            self.path,
            self.line,
            self.col,
            crate::i18n::msg!(
                "load.field_bad",
                field = self.name,
                what = what,
                found = found(self.value)
            ),
        );
    }

    /// A whole number within `range`.
    pub fn int(
        &self,
        range: std::ops::RangeInclusive<i64>,
        diags: &mut Diagnostics,
    ) -> Option<i64> {
        match self.value.parse::<i64>() {
            Ok(v) if range.contains(&v) => Some(v),
            _ => {
                let what = crate::i18n::msg!(
                    "load.expected_whole",
                    from = range.start(),
                    to = range.end()
                );
                self.error(diags, &what);
                None
            }
        }
    }

    /// A decimal number; a decimal comma is accepted.
    pub fn decimal(&self, diags: &mut Diagnostics) -> Option<f64> {
        match parse_decimal(self.value) {
            Some(v) => Some(v),
            None => {
                self.error(diags, &crate::i18n::msg!("load.expected_number"));
                None
            }
        }
    }

    /// A yes/no flag: `1/0`, `да/нет`, `true/false`.
    pub fn flag(&self, diags: &mut Diagnostics) -> Option<bool> {
        match self.value.to_lowercase().as_str() {
            "1" | "да" | "true" | "yes" => Some(true),
            "0" | "нет" | "false" | "no" => Some(false),
            _ => {
                self.error(diags, &crate::i18n::msg!("load.expected_flag"));
                None
            }
        }
    }
}

/// The fields of one row, parsed by column index with problems collected for the whole row.
pub struct RowFields<'a, 'r> {
    path: &'a str,
    row: &'a Row<'r>,
    pos: &'a Positions,
    columns: &'a [Column],
    pub diags: Diagnostics,
}

impl<'a, 'r> RowFields<'a, 'r> {
    pub fn new(path: &'a str, row: &'a Row<'r>, pos: &'a Positions, columns: &'a [Column]) -> Self {
        RowFields {
            path,
            row,
            pos,
            columns,
            diags: Diagnostics::default(),
        }
    }

    pub fn line(&self) -> usize {
        self.row.line
    }

    /// The field of column `i`, for parsing and messages.
    pub fn field(&self, i: usize) -> Field<'a> {
        Field {
            path: self.path,
            line: self.row.line,
            col: self.pos.get(i).map_or(0, |c| c + 1),
            name: self.columns[i].name,
            value: self.row.field(self.pos.get(i)),
        }
    }

    pub fn text(&self, i: usize) -> &'r str {
        self.row.field(self.pos.get(i))
    }

    pub fn fail(&mut self, i: usize, what: &str) {
        let f = self.field(i);
        f.error(&mut self.diags, what);
    }

    /// Reports a problem that concerns column `i` but is not a parse failure (a cross-check).
    pub fn reject(&mut self, i: usize, message: String) {
        let f = self.field(i);
        self.diags.error(f.path, f.line, f.col, message);
    }

    pub fn int(&mut self, i: usize, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        let f = self.field(i);
        f.int(range, &mut self.diags)
    }

    /// `None` for an empty field, else as [`RowFields::int`]; the outer `None` means an error.
    pub fn opt_int(
        &mut self,
        i: usize,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<Option<i64>> {
        if self.text(i).is_empty() {
            Some(None)
        } else {
            self.int(i, range).map(Some)
        }
    }

    pub fn opt_decimal(&mut self, i: usize) -> Option<Option<f64>> {
        if self.text(i).is_empty() {
            return Some(None);
        }
        let f = self.field(i);
        f.decimal(&mut self.diags).map(Some)
    }

    pub fn flag(&mut self, i: usize) -> Option<bool> {
        let f = self.field(i);
        f.flag(&mut self.diags)
    }
}

/// Parses `12.5` or `12,5`; rejects infinities and NaN.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let v: f64 = text.replace(',', ".").parse().ok()?;
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &[Column] = &[
        Column::required("year", &["год"]),
        Column::required("score", &["итого баллов"]),
        Column::optional("mark", &["отметка"]),
    ];

    fn read(text: &str) -> (Vec<(usize, String, String)>, Vec<String>) {
        let mut diags = Diagnostics::default();
        let table = Table::new("t.csv", text);
        let mut rows = Vec::new();
        if let Some(pos) = table.columns(SPEC, &mut diags) {
            table.rows(&mut diags, |row, _| {
                rows.push((
                    row.line,
                    row.field(pos.get(0)).into(),
                    row.field(pos.get(1)).into(),
                ))
            });
        }
        (rows, diags.sorted().iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn reads_comma_semicolon_and_tab_tables() {
        for text in [
            "year,score\n2021,12\n",
            "year;score\n2021;12\n",
            "year\tscore\n2021\t12\n",
        ] {
            assert_eq!(read(text).0, [(2, "2021".into(), "12".into())], "{text:?}");
        }
    }

    #[test]
    fn accepts_russian_aliases_in_any_case_and_spacing() {
        let (rows, errors) = read("Год;Итого  Баллов;Отметка\n2021;7;3\n");
        assert!(errors.is_empty());
        assert_eq!(rows, [(2, "2021".into(), "7".into())]);
    }

    #[test]
    fn errors_on_missing_required_column() {
        let (_, errors) = read("year,mark\n2021,3\n");
        assert_eq!(
            errors,
            ["t.csv:1: в заголовке нет обязательного столбца `score`"]
        );
    }

    #[test]
    fn errors_on_ragged_row_and_goes_on() {
        let (rows, errors) = read("year,score\n2021,1,9\n2022,3\n");
        assert_eq!(
            errors,
            ["t.csv:2: не удалось прочитать строку: в ней полей 3, а в заголовке 2"]
        );
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn errors_on_empty_file() {
        assert_eq!(
            read("  \n").1,
            ["t.csv: не удалось прочитать таблицу: файл пуст"]
        );
    }

    #[test]
    fn trims_fields_like_str_trim() {
        for f in [
            "12",
            " 12",
            "12 ",
            "\u{a0}12\u{a0}",
            "Школа ",
            "",
            " ",
            "a b",
        ] {
            assert_eq!(trim(f), f.trim(), "{f:?}");
        }
    }

    #[test]
    fn parses_decimal_comma() {
        assert_eq!(parse_decimal("12,5"), Some(12.5));
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal("abc"), None);
    }

    #[test]
    fn reports_field_errors_with_position_and_value() {
        let mut diags = Diagnostics::default();
        let f = Field {
            path: "r.csv",
            line: 4,
            col: 7,
            name: "score",
            value: "12,5",
        };
        assert_eq!(f.int(0..=20, &mut diags), None);
        assert_eq!(
            diags.sorted()[0].to_string(),
            "r.csv:4:7: не удалось разобрать score: ожидается целое число от 0 до 20 (найдено: \"12,5\")"
        );
    }
}
