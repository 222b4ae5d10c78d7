//! What every page's footer says about the data behind it: who publishes it, whom to ask, as of
//! which date, and the open data's licence (config.yaml's `publisher`, `contact`, `licence` and
//! `as_of`), so that a reader can judge and question what a page shows.

use crate::i18n::{msg_in, Lang};
use crate::model::publication::{licence_url, Publication};
use crate::model::Date;
use serde::Serialize;

/// A piece of footer text, linked where it is an address.
#[derive(Serialize, Clone)]
pub struct Piece {
    pub text: String,
    pub href: Option<String>,
}

/// One clause of the footer's sentence: its lead-in («вопросы: ») and its pieces.
#[derive(Serialize)]
pub struct Clause {
    pub lead: String,
    pub pieces: Vec<Piece>,
}

/// The footer's sentence, clause by clause: «Данные публикует …, вопросы: …, данные на …,
/// открытые данные — по лицензии …». Empty when config.yaml names none of them and no date is
/// known.
#[derive(Serialize, Default)]
pub struct Footer {
    pub clauses: Vec<Clause>,
    /// Whom to ask, for the pages that say so beside their verdict: the publisher and the
    /// contact's pieces (empty without a contact).
    pub ask: Vec<Piece>,
    pub publisher: Option<String>,
}

impl Footer {
    pub fn new(publication: &Publication, as_of: Option<Date>, lang: Lang) -> Footer {
        let plain = |text: String| Piece { text, href: None };
        let mut clauses = Vec::new();
        let ask: Vec<Piece> = publication
            .contact
            .iter()
            .flat_map(|c| &c.parts)
            .map(|p| Piece {
                text: p.text.clone(),
                href: p.href(),
            })
            .collect();
        if let Some(name) = &publication.publisher {
            clauses.push(Clause {
                lead: msg_in!(lang, "ui.trust_publisher"),
                pieces: vec![plain(name.clone())],
            });
        }
        if !ask.is_empty() {
            clauses.push(Clause {
                lead: msg_in!(lang, "ui.trust_contact"),
                pieces: ask.clone(),
            });
        }
        if let Some(date) = as_of {
            clauses.push(Clause {
                lead: msg_in!(lang, "ui.trust_as_of"),
                pieces: vec![plain(date.words(lang))],
            });
        }
        clauses.push(Clause {
            lead: msg_in!(lang, "ui.trust_licence"),
            pieces: vec![Piece {
                text: publication.licence.clone(),
                href: licence_url(&publication.licence).map(str::to_owned),
            }],
        });
        // The sentence begins with its first clause.
        if let Some(first) = clauses.first_mut() {
            let mut chars = first.lead.chars();
            if let Some(c) = chars.next() {
                first.lead = c.to_uppercase().chain(chars).collect();
            }
        }
        Footer {
            clauses,
            ask,
            publisher: publication.publisher.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::publication::Contact;

    fn sentence(f: &Footer) -> String {
        let clauses: Vec<String> = f
            .clauses
            .iter()
            .map(|c| {
                let pieces: Vec<String> = c
                    .pieces
                    .iter()
                    .map(|p| match &p.href {
                        Some(h) => format!("[{}]({h})", p.text),
                        None => p.text.clone(),
                    })
                    .collect();
                format!("{}{}", c.lead, pieces.join(", "))
            })
            .collect();
        clauses.join(", ")
    }

    #[test]
    fn the_footer_names_publisher_contact_date_and_licence() {
        let p = Publication {
            publisher: Some("Министерство просвещения КБР".into()),
            contact: Some(Contact::parse("ocenka@edu.ru; +7 (8662) 40-00-00").unwrap()),
            licence: "CC BY 4.0".into(),
        };
        let as_of = Date::parse("2023-06-30").unwrap();
        assert_eq!(
            sentence(&Footer::new(&p, Some(as_of), Lang::Ru)),
            "Данные публикует Министерство просвещения КБР, вопросы: [ocenka@edu.ru](mailto:ocenka@edu.ru), [+7 (8662) 40-00-00](tel:+78662400000), данные на 30 июня 2023, открытые данные — по лицензии [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/deed.ru)"
        );
    }

    #[test]
    fn without_publisher_the_sentence_begins_with_the_next_clause() {
        let p = Publication {
            licence: "своя".into(),
            ..Publication::default()
        };
        assert_eq!(
            sentence(&Footer::new(&p, None, Lang::Ru)),
            "Открытые данные — по лицензии своя"
        );
    }
}
