//! Which assessment an export holds: from the command line, else from the file's name and
//! folders (`ВПР 2021/8/Математика.xlsx`), else from its contents (the year of «Дата загрузки»,
//! the grade of «Наименование класса»); a «Протокол» sheet is ВПР unless told otherwise.

use super::protocol::Layout;
use crate::model::{Procedure, Subjects};
use std::path::Path;

/// The assessment of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub year: u16,
    pub procedure: Procedure,
    pub subject: String,
    pub grade: u8,
}

/// What the command line fixed.
#[derive(Debug, Clone, Default)]
pub struct Given {
    pub year: Option<u16>,
    pub procedure: Option<Procedure>,
    pub subject: Option<String>,
    pub grade: Option<u8>,
}

/// What the file's contents suggest: the most frequent year of its dates and grade of its classes.
#[derive(Debug, Default)]
pub struct Contents {
    pub layout: Option<Layout>,
    pub years: Vec<u16>,
    pub grades: Vec<u8>,
}

/// Russian stems of subject names as they appear in file names («по математике», «Русский язык»).
const STEMS: &[(&str, &str)] = &[
    ("математ", "ma"),
    ("русск", "ru"),
    ("окружающ", "okr"),
    ("биолог", "bi"),
    ("географ", "gg"),
    ("истори", "hi"),
    ("обществ", "ob"),
    ("физик", "fi"),
    ("хими", "ch"),
    ("английск", "en"),
    ("немецк", "de"),
    ("французск", "fr"),
    ("информат", "inf"),
    ("литерат", "lit"),
];

/// Subject abbreviations of ФИС ОКО file names and lists (`МА`, `РУ`, `ОМ`…), lower case.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ру", "ru"),
    ("ма", "ma"),
    ("ом", "okr"),
    ("ок", "okr"),
    ("би", "bi"),
    ("ге", "gg"),
    ("гг", "gg"),
    ("ис", "hi"),
    ("об", "ob"),
    ("фи", "fi"),
    ("хи", "ch"),
    ("ая", "en"),
    ("ан", "en"),
    ("ня", "de"),
    ("не", "de"),
    ("фя", "fr"),
    ("фр", "fr"),
    ("ин", "inf"),
    ("ли", "lit"),
];

/// The most frequent value (the smallest among equals).
fn mode<T: Ord + Copy>(values: &[T]) -> Option<T> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted
        .chunk_by(|a, b| a == b)
        .max_by(|a, b| a.len().cmp(&b.len()).then(b[0].cmp(&a[0])))
        .map(|run| run[0])
}

/// The assessment, or the flags that must be given.
pub fn tell(file: &Path, given: &Given, contents: &Contents) -> Result<Assessment, String> {
    let mut texts: Vec<String> = vec![file
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default()];
    texts.extend(
        file.ancestors()
            .skip(1)
            .take(3)
            .filter_map(|a| a.file_name())
            .map(|n| n.to_string_lossy().to_lowercase()),
    );
    let words: Vec<&str> = texts
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let year = given
        .year
        .or_else(|| {
            words
                .iter()
                .filter_map(|w| w.parse::<u16>().ok())
                .find(|y| (2000..=2100).contains(y))
        })
        .or_else(|| mode(&contents.years));
    let procedure = given
        .procedure
        .or_else(|| words.iter().find_map(|w| Procedure::parse(w)))
        .or((contents.layout == Some(Layout::Protocol)).then_some(Procedure::Vpr));
    let subject = given.subject.clone().or_else(|| {
        let subjects = Subjects::default();
        STEMS
            .iter()
            .find(|(stem, _)| texts.iter().any(|t| t.contains(stem)))
            .map(|(_, code)| code.to_string())
            .or_else(|| {
                // Abbreviations as ФИС ОКО writes them (`ВПР_2021_4_МА.xlsx`).
                words.iter().find_map(|w| {
                    ABBREVIATIONS
                        .iter()
                        .find(|(a, _)| a == w)
                        .map(|(_, c)| c.to_string())
                })
            })
            .or_else(|| {
                // A file named by its subject alone (`Математика.xlsx`, `ma.xlsx`).
                subjects
                    .find(texts[0].trim())
                    .map(|s| subjects.code(s).to_owned())
            })
    });
    let grade = given
        .grade
        .or_else(|| {
            let name = &texts[0];
            name.contains("класс")
                .then(|| name.split("класс").next())
                .flatten()
                .and_then(|before| {
                    before
                        .split(|c: char| !c.is_ascii_digit())
                        .rfind(|w| !w.is_empty())
                })
                .and_then(|g| g.parse().ok())
        })
        .or_else(|| {
            // A file or folder named by its grade (`4.xlsx`, `8/…`), else a lone number 1–11
            // among the words of the name (`ВПР_2021_4_МА`).
            texts
                .iter()
                .find_map(|t| t.trim().parse::<u8>().ok().filter(|g| (1..=11).contains(g)))
        })
        .or_else(|| {
            texts[0]
                .split(|c: char| !c.is_alphanumeric())
                .filter_map(|w| w.parse::<u8>().ok())
                .find(|g| (1..=11).contains(g))
        })
        .filter(|g| (1..=11).contains(g))
        .or_else(|| mode(&contents.grades));
    match (year, procedure, subject.clone(), grade) {
        (Some(year), Some(procedure), Some(subject), Some(grade)) => Ok(Assessment {
            year,
            procedure,
            subject,
            grade,
        }),
        _ => {
            let missing: Vec<&str> = [
                ("--year", year.is_none()),
                ("--procedure", procedure.is_none()),
                ("--subject", subject.is_none()),
                ("--grade", grade.is_none()),
            ]
            .iter()
            .filter(|(_, m)| *m)
            .map(|(f, _)| *f)
            .collect();
            Err(crate::i18n::msg!(
                "import.which_work",
                flags = missing.join(", ")
            ))
        }
    }
}

/// A year 2000..2100 in a date cell (`2021-04-20`, `20.04.2021 10:15`).
pub fn year_of_date(text: &str) -> Option<u16> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .find(|y| (2000..=2100).contains(y))
}

/// The grade of a class name (`4А`, `11 Б`, `8-в`).
pub fn grade_of_class(text: &str) -> Option<u8> {
    let digits: String = text
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok().filter(|g| (1..=11).contains(g))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_protocol_in_a_grade_folder_named_by_subject_is_vpr_of_that_grade() {
        let contents = Contents {
            layout: Some(Layout::Protocol),
            years: vec![2021, 2021, 2020],
            grades: vec![8, 8],
        };
        let got = tell(
            &PathBuf::from("exports/8/Математика.xlsx"),
            &Given::default(),
            &contents,
        );
        assert_eq!(
            got,
            Ok(Assessment {
                year: 2021,
                procedure: Procedure::Vpr,
                subject: "ma".into(),
                grade: 8
            })
        );
    }

    #[test]
    fn abbreviated_file_names_as_fis_oko_writes_them() {
        let got = tell(
            &PathBuf::from("выгрузки/ВПР_2021_4_МА.xlsx"),
            &Given::default(),
            &Contents::default(),
        );
        assert_eq!(
            got,
            Ok(Assessment {
                year: 2021,
                procedure: Procedure::Vpr,
                subject: "ma".into(),
                grade: 4
            })
        );
        let folder = tell(
            &PathBuf::from("ОГЭ 2022/Математика/9.xlsx"),
            &Given::default(),
            &Contents::default(),
        );
        assert_eq!(
            folder.map(|a| (a.procedure, a.grade)),
            Ok((Procedure::Oge, 9))
        );
    }

    #[test]
    fn the_older_sheet_without_hints_names_the_missing_flags() {
        let got = tell(
            &PathBuf::from("x/выгрузка.xlsx"),
            &Given::default(),
            &Contents::default(),
        );
        assert!(got
            .unwrap_err()
            .contains("--year, --procedure, --subject, --grade"));
    }

    #[test]
    fn dates_and_class_names() {
        assert_eq!(year_of_date("20.04.2021 10:15"), Some(2021));
        assert_eq!(year_of_date("2021-04-20"), Some(2021));
        assert_eq!(grade_of_class("11 Б"), Some(11));
        assert_eq!(grade_of_class("4А"), Some(4));
        assert_eq!(grade_of_class("А"), None);
        assert_eq!(mode(&[3, 1, 3, 1]), Some(1));
    }
}
