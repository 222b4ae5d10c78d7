//! Calendar dates as plans write them (`2023-05-31`), validated, ordered, with no time zone and
//! no wall clock: `as_of` comes from the project, never from the machine.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, or `DD.MM.YYYY` as Russian documents write dates (`20.05.2025`,
    /// also `1.9.2024`); rejects impossible days such as 2023-02-31.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || crate::i18n::msg!("load.expected_date", found = crate::diag::found(text));
        let t = text.trim();
        let (y, m, d) = if t.contains('.') {
            let parts: Vec<&str> = t.trim_end_matches(['г', '.', ' ']).split('.').collect();
            let [d, m, y] = parts.as_slice() else {
                return Err(bad());
            };
            if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
                return Err(bad());
            }
            (*y, *m, *d)
        } else {
            let parts: Vec<&str> = t.split('-').collect();
            let [y, m, d] = parts.as_slice() else {
                return Err(bad());
            };
            if y.len() != 4 || m.len() != 2 || d.len() != 2 {
                return Err(bad());
            }
            (*y, *m, *d)
        };
        let (year, month, day) = match (y.parse::<u16>(), m.parse::<u8>(), d.parse::<u8>()) {
            (Ok(y), Ok(m), Ok(d)) => (y, m, d),
            _ => return Err(bad()),
        };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(crate::i18n::msg!("load.no_such_day", date = text));
        }
        Ok(Date { year, month, day })
    }

    /// The long form in `lang`: «31 мая 2023», «31 May 2023».
    pub fn words(&self, lang: crate::i18n::Lang) -> String {
        let month = crate::i18n::tr_in(lang, &format!("month.{}", self.month), &[]);
        format!("{} {} {}", self.day, month, self.year)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::deserialize_parsed(d, "yaml.want_date", Date::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders_dates() {
        let a = Date::parse("2023-05-31").unwrap();
        let b = Date::parse("2023-06-01").unwrap();
        assert!(a < b);
        assert_eq!(a.to_string(), "2023-05-31");
        assert_eq!(a.words(crate::i18n::Lang::Ru), "31 мая 2023");
    }

    #[test]
    fn reads_russian_dates() {
        assert_eq!(Date::parse("20.05.2025"), Date::parse("2025-05-20"));
        assert_eq!(Date::parse("1.9.2024"), Date::parse("2024-09-01"));
        assert_eq!(Date::parse("31.05.2023 г."), Date::parse("2023-05-31"));
        assert!(Date::parse("31.02.2023").is_err());
        assert!(Date::parse("05.2023").is_err());
        assert!(Date::parse("2023.05.31").is_err());
    }

    #[test]
    fn rejects_impossible_days() {
        assert_eq!(
            Date::parse("2023-02-29").unwrap_err(),
            "2023-02-29 — такого дня нет в календаре"
        );
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-31").is_err());
        assert!(Date::parse("2023/05/31")
            .unwrap_err()
            .starts_with("ожидается дата"));
    }
}
