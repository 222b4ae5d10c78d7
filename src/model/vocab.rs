//! The fixed vocabularies of results: assessment procedures and school subjects, with the Russian
//! names that ФИС ОКО exports use.

use std::collections::BTreeMap;
use std::fmt;

/// An external assessment procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Procedure {
    Vpr,
    Oge,
    Ege,
    Dkr,
    Vsosh,
}

impl Procedure {
    pub const ALL: [Procedure; 5] = [Self::Vpr, Self::Oge, Self::Ege, Self::Dkr, Self::Vsosh];

    /// The canonical code used in CSV and open data.
    pub fn code(self) -> &'static str {
        match self {
            Self::Vpr => "VPR",
            Self::Oge => "OGE",
            Self::Ege => "EGE",
            Self::Dkr => "DKR",
            Self::Vsosh => "VSOSH",
        }
    }

    /// The name shown to readers in `lang` (ВПР, or VPR in English).
    pub fn label(self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Ru => self.russian().to_owned(),
            crate::i18n::Lang::En => self.code().to_owned(),
        }
    }

    /// The Russian abbreviation, as exports and plans write it.
    pub fn russian(self) -> &'static str {
        match self {
            Self::Vpr => "ВПР",
            Self::Oge => "ОГЭ",
            Self::Ege => "ЕГЭ",
            Self::Dkr => "ДКР",
            Self::Vsosh => "ВсОШ",
        }
    }

    /// Accepts the code or the Russian abbreviation, in any case.
    pub fn parse(text: &str) -> Option<Procedure> {
        let upper = text.trim().to_uppercase();
        Self::ALL
            .into_iter()
            .find(|p| upper == p.code() || upper == p.russian().to_uppercase())
    }
}

impl fmt::Display for Procedure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Procedure {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::deserialize_parsed(d, "yaml.want_procedure", |text| {
            Procedure::parse(text).ok_or_else(|| {
                crate::i18n::msg!("load.procedure_unknown", found = crate::diag::quoted(text))
            })
        })
    }
}

/// The built-in subjects: code, Russian name, other Russian spellings seen in exports.
const SUBJECTS: &[(&str, &str, &[&str])] = &[
    ("ru", "Русский язык", &["русский"]),
    (
        "ma",
        "Математика",
        &["математика (базовая)", "математика базовая", "алгебра"],
    ),
    ("okr", "Окружающий мир", &[]),
    ("bi", "Биология", &[]),
    ("gg", "География", &[]),
    ("hi", "История", &[]),
    ("ob", "Обществознание", &[]),
    ("fi", "Физика", &[]),
    ("ch", "Химия", &[]),
    ("en", "Английский язык", &["английский"]),
    ("de", "Немецкий язык", &["немецкий"]),
    ("fr", "Французский язык", &["французский"]),
    ("inf", "Информатика", &["информатика и икт"]),
    ("lit", "Литература", &[]),
];

/// An interned subject: an index into [`Subjects`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SubjectId(pub u16);

/// The subjects a project knows: the built-ins plus those config.yaml adds.
#[derive(Debug, Clone)]
pub struct Subjects {
    list: Vec<(String, String)>,
    lookup: BTreeMap<String, SubjectId>,
}

impl Default for Subjects {
    fn default() -> Self {
        let mut s = Subjects {
            list: Vec::new(),
            lookup: BTreeMap::new(),
        };
        for (code, name, aliases) in SUBJECTS {
            let id = s.add(code, name);
            for alias in *aliases {
                s.lookup.insert(alias.to_string(), id);
            }
        }
        s
    }
}

impl Subjects {
    /// Adds a subject (or renames a built-in one) and returns its id.
    pub fn add(&mut self, code: &str, name: &str) -> SubjectId {
        if let Some(&id) = self.lookup.get(code) {
            self.list[id.0 as usize].1 = name.to_owned();
            self.lookup.insert(name.to_lowercase(), id);
            return id;
        }
        let id = SubjectId(self.list.len() as u16);
        self.list.push((code.to_owned(), name.to_owned()));
        self.lookup.insert(code.to_owned(), id);
        self.lookup.insert(name.to_lowercase(), id);
        id
    }

    /// The subject's name in `lang`: a built-in subject's English name from the catalogue
    /// (`subject.<code>`) unless config.yaml renamed it, else the name as given.
    pub fn name_in(&self, id: SubjectId, lang: crate::i18n::Lang) -> String {
        let (code, name) = &self.list[id.0 as usize];
        let built_in = SUBJECTS.iter().any(|(c, n, _)| c == code && n == name);
        match lang {
            crate::i18n::Lang::En if built_in => {
                crate::i18n::lookup(lang, &format!("subject.{code}"))
                    .unwrap_or_else(|| name.clone())
            }
            _ => name.clone(),
        }
    }

    /// Finds a subject by code or Russian name, case-insensitively.
    pub fn find(&self, text: &str) -> Option<SubjectId> {
        let key = text.trim().to_lowercase().replace('ё', "е");
        self.lookup.get(&key).copied()
    }

    /// Every code and Russian name a subject may be given by.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        self.list
            .iter()
            .flat_map(|(code, name)| [code.as_str(), name.as_str()])
    }

    pub fn code(&self, id: SubjectId) -> &str {
        &self.list[id.0 as usize].0
    }

    pub fn name(&self, id: SubjectId) -> &str {
        &self.list[id.0 as usize].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_procedures_in_both_alphabets() {
        assert_eq!(Procedure::parse("впр"), Some(Procedure::Vpr));
        assert_eq!(Procedure::parse("ВсОШ"), Some(Procedure::Vsosh));
        assert_eq!(Procedure::parse("oge"), Some(Procedure::Oge));
        assert_eq!(Procedure::parse("ГИА"), None);
    }

    #[test]
    fn finds_subjects_by_code_and_russian_name() {
        let mut s = Subjects::default();
        let ru = s.find("ru").unwrap();
        assert_eq!(s.find("Русский язык"), Some(ru));
        assert_eq!(s.code(ru), "ru");
        let astro = s.add("astro", "Астрономия");
        assert_eq!(s.find("астрономия"), Some(astro));
        assert_eq!(s.find("латынь"), None);
    }

    #[test]
    fn every_built_in_subject_has_an_english_name_and_a_renamed_one_keeps_its_own() {
        let mut subjects = Subjects::default();
        for (code, _, _) in SUBJECTS {
            let english = subjects.name_in(subjects.find(code).unwrap(), crate::i18n::Lang::En);
            assert!(
                english.is_ascii() && !english.is_empty(),
                "{code}: {english}"
            );
        }
        let ru = subjects.add("ru", "Русский язык и литература");
        assert_eq!(
            subjects.name_in(ru, crate::i18n::Lang::En),
            "Русский язык и литература"
        );
    }
}
