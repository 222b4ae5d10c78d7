//! content/recommendations.yaml: a region's own catalogue of addressed recommendations, checked
//! as every input is (every problem of the file at once, each at its line and column: an unknown
//! field, marker code or level, a direction other than 1–3, an empty text). Without the file,
//! oko's own catalogue in the site's language (`recommendations/ru.yaml`, `en.yaml`: the
//! measures of seed 000 in its three directions and of seed 004 at its three levels).

use super::yaml;
use crate::diag::Diagnostics;
use crate::i18n::Lang;
use crate::model::recommendation::{Recommendation, Recommendations};
use serde::Deserialize;

/// Where a project keeps its catalogue; it is not a plan.
pub const PATH: &str = "content/recommendations.yaml";

/// The file's shape: one list.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    recommendations: Vec<Recommendation>,
}

/// Parses a catalogue; every problem goes into `diags`.
pub fn parse(path: &str, text: &str, diags: &mut Diagnostics) -> Option<Vec<Recommendation>> {
    let what = crate::i18n::msg!("cycle.what_recommendations");
    yaml::parse::<File>(path, text, &what, 0, diags).map(|f| f.recommendations)
}

/// oko's own catalogue in `lang`.
pub fn builtin(lang: Lang) -> Vec<Recommendation> {
    let text = match lang {
        Lang::Ru => include_str!("recommendations/ru.yaml"),
        Lang::En => include_str!("recommendations/en.yaml"),
    };
    serde_yaml::from_str::<File>(text)
        .expect("the built-in catalogues are valid (tested)")
        .recommendations
}

/// The catalogue in force: the project's file when it has one (nothing when it has errors,
/// which are in `diags`), else oko's own in the site's language.
pub fn read(
    root: &std::path::Path,
    lang: Lang,
    limits: &crate::model::config::Limits,
    diags: &mut Diagnostics,
) -> Recommendations {
    match super::read_text(root, PATH, false, limits, diags) {
        Some(text) => Recommendations {
            list: parse(PATH, &text, diags).unwrap_or_default(),
            path: Some(PATH.to_owned()),
        },
        None => Recommendations {
            list: builtin(lang),
            path: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::recommendation::Level;
    use crate::model::Marker;

    fn errors(text: &str) -> Vec<String> {
        let mut d = Diagnostics::default();
        parse(PATH, text, &mut d);
        d.sorted().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn both_built_in_catalogues_recommend_for_every_marker_at_every_level_alike() {
        let (ru, en) = (builtin(Lang::Ru), builtin(Lang::En));
        let shape = |list: &[Recommendation]| -> Vec<(Vec<Marker>, Level, u8)> {
            list.iter()
                .map(|r| (r.answers.clone(), r.level, r.direction.number()))
                .collect()
        };
        assert_eq!(shape(&ru), shape(&en), "the two languages say the same");
        for list in [&ru, &en] {
            let catalogue = Recommendations {
                list: list.clone(),
                path: None,
            };
            for level in [Level::Region, Level::Municipality, Level::School] {
                for marker in Marker::ALL {
                    assert!(
                        catalogue.answering(level, marker).next().is_some(),
                        "{} at {level:?}",
                        marker.code()
                    );
                }
                assert!(catalogue.preventive(level).next().is_some(), "{level:?}");
            }
        }
    }

    #[test]
    fn reads_a_catalogue_with_russian_levels() {
        let mut d = Diagnostics::default();
        let list = parse(
            PATH,
            "recommendations:\n  - measure: видеонаблюдение\n    reason: чтобы видеть\n    answers: [no_observation]\n    level: школа\n    direction: 1\n",
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty());
        assert_eq!(list[0].level, Level::School);
        assert_eq!(list[0].answers, [Marker::NoObservation]);
        assert_eq!(list[0].direction.number(), 1);
    }

    #[test]
    fn reports_every_mistake_of_a_catalogue_at_its_place() {
        let text = "recommendations:\n  - measure: видеонаблюдение\n    reason: чтобы видеть\n    answers: [inflated_maen]\n    level: school\n    direction: 1\n  - measure: анализ\n    reason: \"\"\n    level: shcool\n    direction: 4\n";
        assert_eq!(
            errors(text),
            [
                "content/recommendations.yaml:4:15: не удалось прочитать каталог рекомендаций: recommendations[0].answers[0]: неизвестный код признака `inflated_maen`, допустимы: `inflated_mean` (Завышенный средний балл), `mark_mismatch` (Несоответствие результатов отметкам по журналу), `cohort_fall` (Резкое снижение результатов в одной когорте), `cohort_rise` (Резкое повышение результатов в одной когорте), `low_confirmation` (Низкая подтверждаемость отметок), `boundary_peak` (Пики на границах отметок), `external_gap` (ВПР выше внешней проверки), `no_observation` (Процедура без видеонаблюдения и наблюдателей) (возможно, вы имели в виду `inflated_mean`?)",
                "content/recommendations.yaml:8:13: не удалось прочитать каталог рекомендаций: recommendations[1].reason: текст не может быть пустым",
                "content/recommendations.yaml:9:12: не удалось прочитать каталог рекомендаций: recommendations[1].level: неизвестное значение `shcool`, допустимы: `region`, `регион`, `municipality`, `муниципалитет`, `school`, `школа` (возможно, вы имели в виду `school`?)",
                "content/recommendations.yaml:10:16: не удалось прочитать каталог рекомендаций: recommendations[1].direction: ожидается номер направления 1, 2 или 3 (найдено: \"4\")",
            ]
        );
    }
}
