//! Who publishes a site's data, whom to ask and under what licence (config.yaml's `publisher`,
//! `contact` and `licence`): the trust a reader needs before believing a page, shown in every
//! page's footer and in the open-data passport. Each value is one line of text, checked where it
//! is read; a contact is split into its parts (e-mail, phone, web address or plain text) so that
//! pages link each one.

/// The licence of the open data when config.yaml names none: free reuse with attribution, as the
/// Russian open-data recommendations ask (no contract, commercial use allowed).
pub const DEFAULT_LICENCE: &str = "CC BY 4.0";

/// The longest value of `publisher`, `contact` or `licence`, in characters.
pub const MAX_CHARS: usize = 300;

/// The resolved publication settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// The organization that publishes the data (`publisher`), if given and filled in.
    pub publisher: Option<String>,
    /// Whom to ask (`contact`), if given and filled in.
    pub contact: Option<Contact>,
    /// The open data's licence (`licence`, [`DEFAULT_LICENCE`] when absent).
    pub licence: String,
}

impl Default for Publication {
    fn default() -> Self {
        Publication {
            publisher: None,
            contact: None,
            licence: DEFAULT_LICENCE.to_owned(),
        }
    }
}

/// What a part of a contact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactKind {
    Email,
    Phone,
    Web,
    /// Anything else (an office, a person's name): shown as written.
    Text,
}

/// One part of a contact, as written (trimmed), and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPart {
    pub text: String,
    pub kind: ContactKind,
}

impl ContactPart {
    /// The address a page links the part to: `mailto:`, `tel:` (digits and a leading `+`) or the
    /// web address (`https://` added to a bare `www.`); none for plain text.
    pub fn href(&self) -> Option<String> {
        match self.kind {
            ContactKind::Email => Some(format!("mailto:{}", self.text)),
            ContactKind::Phone => {
                let plus = if self.text.starts_with('+') { "+" } else { "" };
                let digits: String = self.text.chars().filter(char::is_ascii_digit).collect();
                Some(format!("tel:{plus}{digits}"))
            }
            ContactKind::Web if self.text.starts_with("www.") => {
                Some(format!("https://{}", self.text))
            }
            ContactKind::Web => Some(self.text.clone()),
            ContactKind::Text => None,
        }
    }
}

/// A contact: its parts in the order written (separated by `,` or `;`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub parts: Vec<ContactPart>,
}

impl Contact {
    /// The parts of `kind`, joined by `, ` (for the passport's phone and e-mail rows).
    pub fn of_kind(&self, kind: ContactKind) -> String {
        let parts: Vec<&str> = self
            .parts
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| p.text.as_str())
            .collect();
        parts.join(", ")
    }

    /// The contact as written, parts joined by `, `.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.parts.iter().map(|p| p.text.as_str()).collect();
        parts.join(", ")
    }

    /// Reads a contact: one line of parts separated by `,` or `;`, each an e-mail address
    /// (`name@domain.ru`), a phone number (digits with `+ ( ) -` and spaces, 5 to 15 digits), a web
    /// address (`https://…`, `http://…` or `www.…`) or plain text. A part that looks like an
    /// address (it has `@` or `://`) and is not a well-formed one is an error, so that a typo
    /// never becomes a dead link.
    pub fn parse(text: &str) -> Result<Contact, String> {
        let line = one_line(text)?;
        let mut parts = Vec::new();
        for part in line
            .split([',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            parts.push(ContactPart {
                text: part.to_owned(),
                kind: contact_kind(part)?,
            });
        }
        if parts.is_empty() {
            return Err(crate::i18n::msg!("load.publication_empty"));
        }
        Ok(Contact { parts })
    }
}

/// What a trimmed, non-empty part of a contact is, or why it is no well-formed address.
fn contact_kind(part: &str) -> Result<ContactKind, String> {
    let bad = |key: &str| {
        Err(crate::i18n::tr(
            key,
            &[("found", &crate::diag::found(part) as &dyn std::fmt::Display)],
        ))
    };
    if part.contains("://") || part.starts_with("www.") {
        let full = if part.starts_with("www.") {
            format!("https://{part}")
        } else {
            part.to_owned()
        };
        let fine = !part.contains(char::is_whitespace)
            && url::Url::parse(&full).is_ok_and(|u| {
                matches!(u.scheme(), "http" | "https")
                    && u.host_str().is_some_and(|h| h.contains('.'))
                    && u.username().is_empty()
                    && u.password().is_none()
            });
        return if fine {
            Ok(ContactKind::Web)
        } else {
            bad("load.contact_bad_web")
        };
    }
    if part.contains('@') {
        let fine = match part.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && !part.contains(char::is_whitespace)
                    && !part.contains(['<', '>', '"', '(', ')', '[', ']', '\\'])
                    && domain
                        .split('.')
                        .all(|label| !label.is_empty() && !label.starts_with('-'))
                    && domain.contains('.')
            }
            None => false,
        };
        return if fine {
            Ok(ContactKind::Email)
        } else {
            bad("load.contact_bad_email")
        };
    }
    let phone_chars = part
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-–.".contains(c));
    let digits = part.chars().filter(char::is_ascii_digit).count();
    let plus_first = part.find('+').is_none_or(|i| i == 0) && part.matches('+').count() <= 1;
    if phone_chars && digits > 0 {
        return if (5..=15).contains(&digits) && plus_first {
            Ok(ContactKind::Phone)
        } else {
            bad("load.contact_bad_phone")
        };
    }
    Ok(ContactKind::Text)
}

/// Checks a value of one line: trimmed, not empty, no control characters or line breaks, at
/// most [`MAX_CHARS`] characters. Returns it trimmed.
pub fn one_line(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(crate::i18n::msg!("load.publication_empty"));
    }
    if t.chars().any(char::is_control) {
        return Err(crate::i18n::msg!(
            "load.publication_control",
            found = crate::diag::found(t)
        ));
    }
    let n = t.chars().count();
    if n > MAX_CHARS {
        return Err(crate::i18n::msg!(
            "load.publication_long",
            n = n,
            max = MAX_CHARS
        ));
    }
    Ok(t.to_owned())
}

/// Whether a value is a placeholder left to fill in: the whole value in angle brackets, as the
/// starter writes them (`<название организации>`).
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    t.len() > 2 && t.starts_with('<') && t.ends_with('>')
}

/// The address of a well-known open licence's text in Russian, for a link.
pub fn licence_url(licence: &str) -> Option<&'static str> {
    let key: String = licence
        .to_uppercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some(match key.as_str() {
        "CC BY 4.0" => "https://creativecommons.org/licenses/by/4.0/deed.ru",
        "CC BY-SA 4.0" => "https://creativecommons.org/licenses/by-sa/4.0/deed.ru",
        "CC0 1.0" | "CC0" => "https://creativecommons.org/publicdomain/zero/1.0/deed.ru",
        "ODBL" | "ODBL 1.0" => "https://opendatacommons.org/licenses/odbl/1-0/",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, ContactKind, Option<String>)> {
        Contact::parse(text)
            .unwrap()
            .parts
            .into_iter()
            .map(|p| (p.text.clone(), p.kind, p.href()))
            .collect()
    }

    #[test]
    fn a_contact_is_split_into_parts_each_linked_by_its_kind() {
        use ContactKind::*;
        assert_eq!(
            kinds(" ocenka@edu-kbr.ru; +7 (8662) 40-00-00, www.edu-kbr.ru , отдел оценки, каб. 12"),
            [
                (
                    "ocenka@edu-kbr.ru".into(),
                    Email,
                    Some("mailto:ocenka@edu-kbr.ru".into())
                ),
                (
                    "+7 (8662) 40-00-00".into(),
                    Phone,
                    Some("tel:+78662400000".into())
                ),
                (
                    "www.edu-kbr.ru".into(),
                    Web,
                    Some("https://www.edu-kbr.ru".into())
                ),
                ("отдел оценки".into(), Text, None),
                ("каб. 12".into(), Text, None),
            ]
        );
        assert_eq!(
            kinds("https://обр.рф/контакты")[0].2.as_deref(),
            Some("https://обр.рф/контакты")
        );
        assert_eq!(kinds("8 800 100-20-30")[0].1, Phone);
    }

    #[test]
    fn refuses_addresses_that_would_be_dead_links() {
        for (bad, what) in [
            ("ocenka@edu", "адрес электронной почты"),
            ("oc enka@edu.ru", "адрес электронной почты"),
            ("a@b@c.ru", "адрес электронной почты"),
            ("@edu.ru", "адрес электронной почты"),
            ("javascript://x.ru", "адрес сайта"),
            ("ftp://edu.ru", "адрес сайта"),
            ("https://user:pw@edu.ru", "адрес сайта"),
            ("https://localhost", "адрес сайта"),
            ("123", "номер телефона"),
            ("+7 8 (800) 100-20-30-40-50-60", "номер телефона"),
            ("8+800", "номер телефона"),
        ] {
            let e = Contact::parse(bad).unwrap_err();
            assert!(e.contains(what), "{bad}: {e}");
        }
        assert!(Contact::parse(" ; , ").unwrap_err().contains("пустое"));
    }

    #[test]
    fn a_value_is_one_line_of_limited_length() {
        assert_eq!(one_line("  Минобр  ").unwrap(), "Минобр");
        assert!(one_line("a\nb").unwrap_err().contains("одной строкой"));
        assert!(one_line("").unwrap_err().contains("пустое"));
        let long = "я".repeat(MAX_CHARS + 1);
        assert!(one_line(&long).unwrap_err().contains("301"));
        assert!(one_line(&"я".repeat(MAX_CHARS)).is_ok());
    }

    #[test]
    fn placeholders_are_whole_values_in_angle_brackets() {
        assert!(is_placeholder("<название организации>"));
        assert!(!is_placeholder("Минобр <КБР>"));
        assert!(!is_placeholder("<>"));
    }

    #[test]
    fn well_known_licences_are_linked_whatever_their_spacing_and_case() {
        assert_eq!(
            licence_url("cc  by 4.0"),
            Some("https://creativecommons.org/licenses/by/4.0/deed.ru")
        );
        assert_eq!(licence_url("свободная"), None);
    }
}
