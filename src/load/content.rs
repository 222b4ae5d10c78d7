//! content/: plans (`*.yaml`) and free Markdown pages (`*.md` with YAML front matter).

use super::orgs::valid_id;
use super::yaml;
use crate::diag::{found, Diagnostics};
use crate::model::{Date, Orgs, Page, Plan};
use serde::Deserialize;

/// First URL segments the site itself uses; a page may not take them.
pub const RESERVED_SLUGS: &[&str] = &[
    "region",
    "municipality",
    "school",
    "assets",
    "opendata",
    "methodology",
    "search",
    "404",
];

/// Parses one plan file and checks it against the organizations.
pub fn parse_plan(path: &str, text: &str, orgs: &Orgs, diags: &mut Diagnostics) -> Option<Plan> {
    let mut plan: Plan = yaml::parse(path, text, &crate::i18n::msg!("yaml.what_plan"), 0, diags)?;
    plan.path = path.to_owned();
    if orgs.find(&plan.org).is_none() {
        let (line, col) = yaml::key_position(text, "org");
        let ids = orgs.ids().map(|o| orgs.get(o).id.as_str());
        let message = crate::i18n::msg!(
            "load.plan_org_unknown",
            found = found(&plan.org),
            hint = crate::diag::did_you_mean(&plan.org, ids)
        );
        diags.error(path, line, col, message);
        return None;
    }
    let shape_error = match (
        plan.levels,
        plan.directions.is_empty(),
        plan.years.is_empty(),
    ) {
        (true, _, true) => Some(crate::i18n::msg!("load.plan_levels_need_years")),
        (true, false, _) => Some(crate::i18n::msg!("load.plan_levels_no_directions")),
        (false, true, _) => Some(crate::i18n::msg!("load.plan_needs_directions")),
        (false, _, false) => Some(crate::i18n::msg!("load.plan_years_need_levels")),
        _ => None,
    };
    if let Some(problem) = shape_error {
        diags.error(
            path,
            0,
            0,
            crate::i18n::msg!("load.plan_shape", problem = problem),
        );
        return None;
    }
    if let Some(field) = too_deep_field(&plan) {
        let message = crate::i18n::msg!(
            "load.plan_too_deep",
            field = field,
            levels = crate::load::text::MAX_MARKDOWN_DEPTH
        );
        diags.error(path, 0, 0, message);
        return None;
    }
    plan.slug = match plan.period.as_deref() {
        Some(p) if valid_id(p) => p.to_owned(),
        _ if plan.levels => "system".to_owned(),
        _ => "plan".to_owned(),
    };
    Some(plan)
}

/// A warning for a plan approved after `as_of` (config.yaml's) for a school year already begun
/// by then: its measures are judged on a day before the plan existed, so one of the two dates is
/// likely wrong. A plan for a school year that begins after `as_of` (`period: 2024-2025`, from
/// 1 September 2024) is published in advance and is not warned about, nor is a measure due after
/// `as_of` (the usual case of a planned one).
pub fn warn_approved_after(plan: &Plan, text: &str, as_of: Option<Date>, diags: &mut Diagnostics) {
    let (Some(approved), Some(as_of)) = (plan.approved, as_of) else {
        return;
    };
    let year_begins = plan
        .period
        .as_deref()
        .and_then(|p| p.split_once('-'))
        .and_then(|(first, _)| first.trim().parse::<u16>().ok())
        .map(|year| Date {
            year,
            month: 9,
            day: 1,
        });
    if approved > as_of && year_begins.is_none_or(|begins| begins <= as_of) {
        let (line, col) = yaml::key_position(text, "approved");
        let lang = crate::i18n::current();
        let message = crate::i18n::msg!(
            "load.approved_after_as_of",
            approved = approved.words(lang),
            as_of = as_of.words(lang)
        );
        diags.warning(&plan.path, line, col, message);
    }
}

/// The first Markdown field of a plan that nests too deep, named as in the file.
fn too_deep_field(plan: &Plan) -> Option<String> {
    use crate::load::text::{markdown_too_deep, MAX_MARKDOWN_DEPTH};
    let deep = |t: &str| markdown_too_deep(t, MAX_MARKDOWN_DEPTH).is_some();
    if plan.intro.as_deref().is_some_and(deep) {
        return Some("intro".into());
    }
    for (d, direction) in plan.directions.iter().enumerate() {
        for (m, measure) in direction.measures.iter().enumerate() {
            if measure.note.as_deref().is_some_and(deep) {
                return Some(format!("directions[{d}].measures[{m}].note"));
            }
        }
    }
    for (y, year) in plan.years.iter().enumerate() {
        for (r, row) in year.rows.iter().enumerate() {
            for (name, text) in [
                ("region", &row.region),
                ("municipality", &row.municipality),
                ("school", &row.school),
            ] {
                if deep(text) {
                    return Some(format!("years[{y}].rows[{r}].{name}"));
                }
            }
        }
    }
    None
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    weight: i64,
}

/// Parses a Markdown page; `rel` is its path below content/ (its address comes from it).
pub fn parse_page(path: &str, rel: &str, text: &str, diags: &mut Diagnostics) -> Option<Page> {
    let slug = rel.trim_end_matches(".md").to_owned();
    // Case-insensitively: `School/` is `school/` on Windows and macOS.
    let first = slug.split('/').next().unwrap_or("").to_ascii_lowercase();
    if !slug.split('/').all(valid_id) || RESERVED_SLUGS.contains(&first.as_str()) {
        let message = crate::i18n::msg!(
            "load.page_address",
            reserved = RESERVED_SLUGS.join(", "),
            found = found(rel)
        );
        diags.error(path, 0, 0, message);
        return None;
    }
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        diags.error(path, 1, 1, crate::i18n::msg!("load.page_no_front_matter"));
        return None;
    };
    let Some(end) = rest.find("\n---") else {
        diags.error(path, 1, 1, crate::i18n::msg!("load.page_front_matter_open"));
        return None;
    };
    let front: FrontMatter = yaml::parse(
        path,
        &rest[..end],
        &crate::i18n::msg!("yaml.what_front_matter"),
        1,
        diags,
    )?;
    let body = rest[end + 4..]
        .trim_start_matches(['-', '\r'])
        .trim_start_matches('\n');
    let body_line = text.len() - body.len();
    let body_line = text[..body_line].matches('\n').count() + 1;
    let limit = crate::load::text::MAX_MARKDOWN_DEPTH;
    if let Some((line, col)) = crate::load::text::markdown_too_deep(body, limit) {
        let message = crate::i18n::msg!("load.page_too_deep", levels = limit);
        diags.error(path, line + body_line - 1, col, message);
        return None;
    }
    Some(Page {
        path: path.to_owned(),
        slug,
        title: front.title,
        weight: front.weight,
        markdown: body.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::orgs;

    fn orgs() -> Orgs {
        orgs::parse(
            "o.csv",
            "id,name,kind,parent\nr,Р,region,\nm,М,municipality,r\ns1,Ш,school,m\n",
            &mut Diagnostics::default(),
        )
    }

    fn plan_errors(text: &str) -> Vec<String> {
        let mut d = Diagnostics::default();
        parse_plan("content/p.yaml", text, &orgs(), &mut d);
        d.sorted().iter().map(|d| d.to_string()).collect()
    }

    const PLAN: &str = "org: s1\ntitle: План\nperiod: 2022-2023\ndirections:\n  - title: Направление\n    measures:\n      - text: мера\n        due: 2023-05-31\n        status: done\n";

    #[test]
    fn reads_a_plan_of_directions() {
        let mut d = Diagnostics::default();
        let plan = parse_plan("p.yaml", PLAN, &orgs(), &mut d).unwrap();
        assert!(d.is_empty());
        assert_eq!(plan.slug, "2022-2023");
        assert_eq!(
            plan.directions[0].measures[0].due.unwrap().to_string(),
            "2023-05-31"
        );
    }

    #[test]
    fn errors_on_unknown_org_at_its_line() {
        assert_eq!(
            plan_errors(&PLAN.replace("org: s1", "org: s9")),
            ["content/p.yaml:1:6: не удалось найти org: в data/orgs.csv нет организации с таким кодом (найдено: \"s9\")"]
        );
    }

    #[test]
    fn errors_on_misspelt_field_impossible_date_and_status() {
        let e = plan_errors(&PLAN.replace("due:", "duee:"));
        assert!(e[0].starts_with("content/p.yaml:8:9: не удалось прочитать план: directions[0].measures[0]: неизвестное поле `duee`"), "{e:?}");
        let e = plan_errors(&PLAN.replace("2023-05-31", "2023-02-31"));
        assert_eq!(e, ["content/p.yaml:8:14: не удалось прочитать план: directions[0].measures[0].due: 2023-02-31 — такого дня нет в календаре"]);
        let e = plan_errors(&PLAN.replace("status: done", "status: finished"));
        assert!(e[0].contains("status: ожидается запланировано, выполняется, выполнено или отменено (planned, in_progress, done, cancelled) (найдено: \"finished\")"), "{e:?}");
        let russian = PLAN
            .replace("status: done", "status: Выполнено")
            .replace("2023-05-31", "31.05.2023");
        assert!(
            plan_errors(&russian).is_empty(),
            "Russian statuses and dates are read"
        );
    }

    #[test]
    fn errors_on_broken_yaml_syntax() {
        // Said where the quote opened, not at the end of the file where the parser noticed.
        let e = plan_errors("org: s1\ntitle: \"unclosed\n");
        assert_eq!(e, ["content/p.yaml:2:8: не удалось прочитать план: ошибка синтаксиса YAML: кавычка, открытая здесь, не закрыта до конца файла; закройте её в конце значения"]);
    }

    #[test]
    fn reads_a_page_with_front_matter() {
        let mut d = Diagnostics::default();
        let p = parse_page(
            "content/about.md",
            "about.md",
            "---\ntitle: О портале\nweight: 2\n---\n# Текст\n",
            &mut d,
        )
        .unwrap();
        assert_eq!(
            (p.slug.as_str(), p.title.as_str(), p.weight),
            ("about", "О портале", 2)
        );
        assert_eq!(p.markdown, "# Текст\n");
    }

    #[test]
    fn errors_on_page_names_that_clash_or_cannot_be_addresses() {
        // Windows-reserved names (with any extension) fail valid_id; a site's own folder in
        // another letter case is the same folder on Windows and macOS.
        for rel in [
            "school.md",
            "School.md",
            "о портале.md",
            "../x.md",
            "CON.md",
            "aux/x.md",
            "x/Lpt1.md",
            "nul.txt.md",
            "a./b.md",
            "a /b.md",
        ] {
            let mut d = Diagnostics::default();
            assert!(
                parse_page("content/x", rel, "---\ntitle: x\n---\n", &mut d).is_none(),
                "{rel}"
            );
        }
    }
}
