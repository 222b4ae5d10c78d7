//! data/orgs.csv: the organizations and their tree, validated (ids, kinds, parents, cycles).

use super::table::{schema, Field, Table};
use crate::diag::{found, Diagnostics};
use crate::model::{Kind, Org, OrgId, Orgs};
use std::collections::HashMap;

schema! {
    /// data/orgs.csv: one organization a row.
    pub mod orgs {
        ID = Column::required("id", &["код", "логин", "логин оо", "идентификатор"]),
        NAME = Column::required("name", &["наименование", "название", "полное наименование"]),
        KIND = Column::required("kind", &["тип", "вид"]),
        PARENT = Column::required("parent", &["родитель", "входит в"]),
        SHORT_NAME = Column::optional("short_name", &["краткое наименование"]),
        ADDRESS = Column::optional("address", &["адрес"]),
        WEBSITE = Column::optional("website", &["сайт"]),
        PROFILE = Column::optional("profile", &["профиль"]),
    }
}
use orgs::*;

/// Names Windows refuses as file names: an id must not become one of them.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Checks an id against `[A-Za-z0-9_-]{1,64}`: it becomes a folder of the site.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !RESERVED.contains(&id.to_ascii_lowercase().as_str())
}

/// Parses orgs.csv text into a validated tree; every problem goes to `diags`.
pub fn parse(path: &str, text: &str, diags: &mut Diagnostics) -> Orgs {
    let table = Table::new(path, text);
    let Some(pos) = table.columns(COLUMNS, diags) else {
        return Orgs::default();
    };
    // (org, line, parent id as written)
    let mut rows: Vec<(Org, usize, String)> = Vec::new();
    let mut lines: HashMap<String, usize> = HashMap::new();
    table.rows(diags, |row, diags| {
        let get = |i: usize| row.field(pos.get(i));
        let opt = |i: usize| Some(get(i).to_owned()).filter(|s| !s.is_empty());
        let field = |i: usize| Field {
            path,
            line: row.line,
            col: pos.get(i).map_or(0, |c| c + 1),
            name: COLUMNS[i].name,
            value: get(i),
        };
        let id = get(ID);
        if !valid_id(id) {
            field(ID).error(diags, &crate::i18n::msg!("load.expected_id"));
            return;
        }
        // Ids become folders: `S1` and `s1` would be one folder on Windows and macOS.
        if let Some(first) = lines.get(&id.to_ascii_lowercase()) {
            let message = crate::i18n::msg!("load.org_twice", first = first, found = found(id));
            diags.error(path, row.line, field(ID).col, message);
            return;
        }
        let Some(kind) = Kind::parse(get(KIND)) else {
            field(KIND).error(diags, &crate::i18n::msg!("load.expected_kind"));
            return;
        };
        if get(NAME).is_empty() {
            field(NAME).error(diags, &crate::i18n::msg!("load.expected_name"));
            return;
        }
        lines.insert(id.to_ascii_lowercase(), row.line);
        let org = Org {
            id: id.to_owned(),
            name: get(NAME).to_owned(),
            kind,
            parent: None,
            short_name: opt(SHORT_NAME),
            address: opt(ADDRESS),
            website: opt(WEBSITE),
            profile: opt(PROFILE),
        };
        rows.push((org, row.line, get(PARENT).to_owned()));
    });
    link_parents(path, rows, pos.get(PARENT).map_or(0, |c| c + 1), diags)
}

/// Resolves parent ids, then checks that the parents form no cycle and that kinds nest
/// (school → municipality → region).
fn link_parents(
    path: &str,
    rows: Vec<(Org, usize, String)>,
    col: usize,
    diags: &mut Diagnostics,
) -> Orgs {
    let index: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.0.id.as_str(), i))
        .collect();
    let mut ok = true;
    let mut fail = |line: usize, message: String| {
        diags.error(path, line, col, message);
        ok = false;
    };
    let mut parents: Vec<Option<usize>> = vec![None; rows.len()];
    for (i, (_, line, parent)) in rows.iter().enumerate() {
        if parent.is_empty() {
            continue;
        }
        match index.get(parent.as_str()) {
            Some(&p) => parents[i] = Some(p),
            None => fail(
                *line,
                crate::i18n::msg!("load.parent_unknown", found = found(parent)),
            ),
        }
    }
    let in_cycle: Vec<bool> = (0..rows.len())
        .map(|start| reaches_itself(&parents, start))
        .collect();
    for (i, (org, line, parent)) in rows.iter().enumerate() {
        if in_cycle[i] {
            fail(
                *line,
                crate::i18n::msg!("load.parent_cycle", found = found(parent)),
            );
            continue;
        }
        match (org.kind.parent_kind(), parents[i]) {
            (None, Some(_)) => fail(
                *line,
                crate::i18n::msg!("load.region_parent", found = found(parent)),
            ),
            (Some(want), None) if parent.is_empty() => fail(
                *line,
                crate::i18n::msg!(
                    "load.parent_needed",
                    kind = org.kind.word(crate::i18n::current()),
                    parent = want.word(crate::i18n::current())
                ),
            ),
            (Some(want), Some(p)) if rows[p].0.kind != want => fail(
                *line,
                crate::i18n::msg!(
                    "load.parent_kind",
                    kind = org.kind.word(crate::i18n::current()),
                    want = want.word(crate::i18n::current()),
                    got = rows[p].0.kind.word(crate::i18n::current()),
                    found = found(parent)
                ),
            ),
            _ => {}
        }
    }
    if !ok {
        return Orgs::default();
    }
    let list = rows
        .into_iter()
        .zip(parents)
        .map(|((mut org, _, _), p)| {
            org.parent = p.map(|p| OrgId(p as u32));
            org
        })
        .collect();
    Orgs::new(list)
}

/// Whether following parents from `start` comes back to it.
fn reaches_itself(parents: &[Option<usize>], start: usize) -> bool {
    let mut at = parents[start];
    for _ in 0..parents.len() {
        match at {
            Some(p) if p == start => return true,
            Some(p) => at = parents[p],
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        let mut d = Diagnostics::default();
        parse("data/orgs.csv", text, &mut d);
        d.sorted().iter().map(|d| d.to_string()).collect()
    }

    const HEAD: &str = "id,name,kind,parent\n";

    #[test]
    fn builds_the_tree() {
        let mut d = Diagnostics::default();
        let orgs = parse(
            "o.csv",
            "id;name;kind;parent\nr;Регион;region;\nm;Район;municipality;r\ns1;Школа 1;school;m\n",
            &mut d,
        );
        assert!(d.is_empty());
        let s1 = orgs.find("s1").unwrap();
        assert_eq!(orgs.ancestor(s1, Kind::Region), orgs.find("r"));
        assert_eq!(orgs.schools_under(orgs.find("r").unwrap()), vec![s1]);
    }

    #[test]
    fn errors_on_unknown_parent_and_duplicate_id() {
        let text =
            format!("{HEAD}r,Р,region,\nm,М,municipality,r\ns,Ш,school,zz\nm,М2,municipality,r\n");
        assert_eq!(
            errors(&text),
            [
                "data/orgs.csv:4:4: не удалось связать parent: нет организации с таким кодом (найдено: \"zz\")",
                "data/orgs.csv:5:1: не удалось добавить организацию: этот код уже занят в строке 3, в том же или другом регистре букв (найдено: \"m\")",
            ]
        );
    }

    #[test]
    fn errors_on_a_school_whose_parent_is_not_a_municipality() {
        let text = format!("{HEAD}r,Р,region,\ns,Ш,school,r\n");
        assert_eq!(
            errors(&text),
            ["data/orgs.csv:3:4: не удалось связать parent: родителем организации вида «школа» должна быть организация вида «муниципалитет», а не «регион» (найдено: \"r\")"]
        );
    }

    #[test]
    fn errors_on_cycles() {
        let text = format!("{HEAD}a,А,municipality,b\nb,Б,municipality,a\n");
        let all = errors(&text);
        assert!(
            all.iter().any(|e| e.contains("родители образуют цикл")),
            "{all:?}"
        );
    }

    #[test]
    fn errors_on_ids_that_cannot_be_folders() {
        for bad in ["../x", "con", "a b", "ш1"] {
            let all = errors(&format!("{HEAD}{bad},Р,region,\n"));
            assert_eq!(all.len(), 1, "{bad}");
            assert!(
                all[0].starts_with("data/orgs.csv:2:1: не удалось разобрать id"),
                "{all:?}"
            );
        }
        let long = "a".repeat(65);
        assert_eq!(errors(&format!("{HEAD}{long},Р,region,\n")).len(), 1);
    }
}
