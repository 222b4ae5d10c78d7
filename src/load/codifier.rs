//! data/codifier.csv: the codifier of each work, the text of every code data/tasks.csv names in
//! `skills` and `content` (always strict). A work's codifier is published with its description
//! (ФИОКО, «Описание проверочной работы», section «Кодификатор»).

use super::keys::{self, Lookups};
use super::table::{schema, RowFields, Table};
use crate::diag::Diagnostics;
use crate::model::task::{CodeKind, Codifier};
use crate::model::CellKey;
use std::collections::BTreeMap;

schema! {
    /// data/codifier.csv: one code of a work's codifier a row.
    pub mod codifier {
        YEAR = keys::YEAR,
        PROCEDURE = keys::PROCEDURE,
        SUBJECT = keys::SUBJECT,
        GRADE = keys::GRADE,
        KIND = Column::required("kind", &["вид", "раздел"]),
        CODE = Column::required("code", &["код"]),
        TEXT = Column::required("text", &["описание", "текст", "формулировка"]),
    }
}
use codifier::*;

pub fn parse(
    path: &str,
    text: &str,
    look: &Lookups,
    diags: &mut Diagnostics,
) -> BTreeMap<CellKey, Codifier> {
    let mut works: BTreeMap<CellKey, Codifier> = BTreeMap::new();
    let table = Table::new(path, text);
    let Some(pos) = table.columns(COLUMNS, diags) else {
        return works;
    };
    table.rows(diags, |row, diags| {
        let mut f = RowFields::new(path, &row, &pos, COLUMNS);
        let key = look.cell_key(&mut f);
        let kind = CodeKind::parse(f.text(KIND));
        if kind.is_none() {
            f.fail(KIND, &crate::i18n::msg!("load.expected_code_kind"));
        }
        let code = f.text(CODE).to_owned();
        if code.is_empty() || code.contains(';') {
            f.fail(CODE, &crate::i18n::msg!("load.expected_codifier_code"));
        }
        let text = f.text(TEXT).trim().to_owned();
        if text.is_empty() {
            f.fail(TEXT, &crate::i18n::msg!("load.expected_code_text"));
        }
        if let (Some(key), Some(kind), false, false) = (key, kind, code.is_empty(), text.is_empty())
        {
            let codifier = works.entry(key).or_default();
            if codifier.insert((kind, code.clone()), text).is_some() {
                f.reject(CODE, crate::i18n::msg!("load.code_twice", code = code));
            }
        }
        diags.extend(f.diags);
    });
    works
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Orgs, Subjects};

    /// Calls `f` with lookups of no organization and the built-in subjects, and returns what
    /// it returns with the errors it reported.
    fn with_look<T>(f: impl FnOnce(&Lookups, &mut Diagnostics) -> T) -> (T, Vec<String>) {
        let orgs = Orgs::default();
        let subjects = Subjects::default();
        let tasks = BTreeMap::new();
        let look = Lookups {
            orgs: &orgs,
            subjects: &subjects,
            invalid_rows: Default::default(),
            tasks: &tasks,
        };
        let mut diags = Diagnostics::default();
        let out = f(&look, &mut diags);
        (
            out,
            diags.sorted().iter().map(ToString::to_string).collect(),
        )
    }

    fn read(text: &str) -> (BTreeMap<CellKey, Codifier>, Vec<String>) {
        with_look(|look, diags| parse("data/codifier.csv", text, look, diags))
    }

    #[test]
    fn a_task_naming_a_code_the_codifier_lacks_is_an_error_at_its_column() {
        let (codifier, _) =
            read("year,procedure,subject,grade,kind,code,text\n2024,VPR,ma,4,skill,1.1,Считать\n");
        let (tasks, errors) = with_look(|look, diags| {
            crate::load::tasks::parse(
                "data/tasks.csv",
                "year,procedure,subject,grade,task,max_points,level,skills,content\n\
                 2024,VPR,ma,4,1,1,basic,1.1; 1.9,\n",
                look,
                &codifier,
                diags,
            )
        });
        assert_eq!(
            errors,
            ["data/tasks.csv:2:8: кода 1.9 нет в data/codifier.csv для этой работы"]
        );
        assert_eq!(tasks.values().next().unwrap()[0].skills, ["1.1", "1.9"]);
    }

    #[test]
    fn reads_a_codifier_with_russian_headers_and_semicolons() {
        let (works, errors) = read(
            "Год;Процедура;Предмет;Параллель;Вид;Код;Описание\n\
             2024;ВПР;Математика;4;умение;1.1;Выполнять арифметические действия\n\
             2024;ВПР;Математика;4;содержание;3.2;Числа и величины\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let c = works.values().next().unwrap();
        assert_eq!(
            c.get(&(CodeKind::Skill, "1.1".into())).map(String::as_str),
            Some("Выполнять арифметические действия")
        );
        assert!(c.contains_key(&(CodeKind::Content, "3.2".into())));
    }

    #[test]
    fn errors_on_a_bad_kind_an_empty_text_and_a_code_twice() {
        let (_, errors) = read(
            "year,procedure,subject,grade,kind,code,text\n\
             2024,VPR,ma,4,навык,1.1,Считать\n\
             2024,VPR,ma,4,skill,1.2,\n\
             2024,VPR,ma,4,skill,1.3,Сравнивать\n\
             2024,VPR,ma,4,skill,1.3,Сравнивать числа\n",
        );
        assert_eq!(
            errors,
            [
                "data/codifier.csv:2:5: не удалось разобрать kind: ожидается skill или content (умение, содержание) (найдено: \"навык\")",
                "data/codifier.csv:3:7: не удалось разобрать text: ожидается текст позиции кодификатора (найдено: \"\")",
                "data/codifier.csv:5:6: позиция кодификатора 1.3 указана дважды",
            ]
        );
    }
}
