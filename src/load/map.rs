//! data/map.geojson (optional): the municipalities' boundaries, for the region page's map.
//!
//! A GeoJSON FeatureCollection (read by the geojson crate) of Polygon and MultiPolygon features
//! in longitude and latitude (WGS 84), as an OpenStreetMap export of admin_level=6 boundaries
//! gives them. Each feature is matched to a municipality of data/orgs.csv by its id (the
//! feature's `id`, or a property `oko`, `org` or `id`), else by its name (`name`, `name:ru`,
//! `official_name`, `NAME`), compared as [`name_key`] writes it: real boundary files write
//! «Энский муниципальный район» or «городской округ Энск» where orgs.csv has «Энский район» or
//! «г. Энск». A feature that matches none is a warning with its name; a file that is no such
//! GeoJSON is an error that says what was expected.

use crate::diag::{found, Diagnostics};
use crate::i18n::msg;
use crate::model::map::{Point, Polygon, Shape};
use crate::model::{Kind, OrgId, Orgs};
use geojson::{Feature, GeoJson, GeometryValue};
use std::collections::{BTreeMap, HashMap};

/// Where a project keeps its map.
pub const PATH: &str = "data/map.geojson";

/// The properties that may hold a feature's municipality id, in order.
const ID_PROPERTIES: [&str; 3] = ["oko", "org", "id"];

/// The properties that may hold a feature's name, in order.
const NAME_PROPERTIES: [&str; 4] = ["name", "name:ru", "official_name", "NAME"];

/// Words of a municipality's name that say what kind of municipality it is, not which one.
const KIND_WORDS: [&str; 17] = [
    "г",
    "го",
    "гор",
    "город",
    "городской",
    "городского",
    "округ",
    "округа",
    "муниципальный",
    "муниципальное",
    "муниципального",
    "образование",
    "район",
    "района",
    "мр",
    "мо",
    "р-н",
];

/// A municipality's name as the map compares it: in lower case with ё as е, quotes and
/// punctuation dropped, without the words that name its kind ([`KIND_WORDS`]), the remaining
/// words in alphabetical order. «Энский муниципальный район» and «Энский район» are both
/// `энский`; «г. Энск», «город Энск» and «городской округ Энск» are all `энск`.
pub fn name_key(name: &str) -> String {
    let lower = name.to_lowercase().replace('ё', "е");
    let cleaned: String = lower
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut words: Vec<&str> = cleaned
        .split_whitespace()
        .filter(|w| !KIND_WORDS.contains(w))
        .collect();
    words.sort_unstable();
    words.join(" ")
}

/// Reads the map: each matched feature's shape by municipality (two features of one
/// municipality are one shape); a file that is not GeoJSON of polygons is an error, a feature
/// that matches no municipality a warning.
pub fn parse(
    path: &str,
    text: &str,
    orgs: &Orgs,
    diags: &mut Diagnostics,
) -> BTreeMap<OrgId, Shape> {
    let features = match text.parse::<GeoJson>() {
        Ok(GeoJson::FeatureCollection(c)) => c.features,
        Ok(GeoJson::Feature(f)) => vec![f],
        Ok(GeoJson::Geometry(g)) => {
            let message = msg!("map.not_features", found = found(g.value.type_name()));
            diags.error(path, 0, 0, message);
            return BTreeMap::new();
        }
        Err(geojson::Error::MalformedGeoJson(e)) if e.line() > 0 => {
            let message = match e.classify() {
                serde_json::error::Category::Data => msg!("map.not_geojson", cause = e),
                _ => msg!("map.not_json", cause = e),
            };
            diags.error(path, e.line(), e.column(), message);
            return BTreeMap::new();
        }
        Err(e) => {
            diags.error(path, 0, 0, msg!("map.not_geojson", cause = e.to_string()));
            return BTreeMap::new();
        }
    };
    let matcher = Matcher::new(orgs);
    let mut shapes: BTreeMap<OrgId, Shape> = BTreeMap::new();
    for (n, feature) in features.iter().enumerate() {
        let label = label(feature, n);
        let polygons = match polygons(feature) {
            Ok(p) => p,
            Err(what) => {
                diags.error(
                    path,
                    0,
                    0,
                    msg!("map.bad_feature", feature = label, what = what),
                );
                continue;
            }
        };
        match matcher.find(feature) {
            Ok(org) => shapes.entry(org).or_default().polygons.extend(polygons),
            Err(why) => diags.warning(
                path,
                0,
                0,
                msg!("map.unmatched", feature = label, why = why),
            ),
        }
    }
    shapes
}

/// How a message names a feature: «Энский район» (№ 3), or № 3 when it has no name.
fn label(feature: &Feature, n: usize) -> String {
    match names(feature).next() {
        Some(name) => msg!("map.feature_named", name = name, n = n + 1),
        None => msg!("map.feature_numbered", n = n + 1),
    }
}

/// A string or number property of a feature.
fn property(feature: &Feature, key: &str) -> Option<String> {
    match feature.property(key)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A feature's names, in the order of [`NAME_PROPERTIES`].
fn names(feature: &Feature) -> impl Iterator<Item = String> + '_ {
    NAME_PROPERTIES.iter().filter_map(|k| property(feature, k))
}

/// A feature's polygons, checked: rings of at least four points of longitude and latitude in
/// degrees; else what was expected instead.
fn polygons(feature: &Feature) -> Result<Vec<Polygon>, String> {
    let Some(geometry) = &feature.geometry else {
        return Err(msg!("map.want_geometry", found = found("null")));
    };
    let parts = match &geometry.value {
        GeometryValue::Polygon { coordinates } => vec![coordinates],
        GeometryValue::MultiPolygon { coordinates } => coordinates.iter().collect(),
        other => return Err(msg!("map.want_geometry", found = found(other.type_name()))),
    };
    parts
        .into_iter()
        .map(|rings| {
            rings
                .iter()
                .map(|ring| {
                    let points: Vec<Point> = ring.iter().map(|p| [p[0], p[1]]).collect();
                    let degrees = |&[lon, lat]: &Point| {
                        (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)
                    };
                    if let Some(&[lon, lat]) = points.iter().find(|p| !degrees(p)) {
                        return Err(msg!(
                            "map.want_degrees",
                            found = found(&format!("{lon}, {lat}"))
                        ));
                    }
                    if points.len() < 4 || points.first() != points.last() {
                        return Err(msg!("map.want_ring", n = points.len()));
                    }
                    Ok(points)
                })
                .collect::<Result<Polygon, String>>()
        })
        .filter(|p| !matches!(p, Ok(rings) if rings.is_empty()))
        .collect()
}

/// The municipalities a feature may name: by id and by [`name_key`].
struct Matcher<'a> {
    orgs: &'a Orgs,
    by_key: HashMap<String, Vec<OrgId>>,
}

impl<'a> Matcher<'a> {
    fn new(orgs: &'a Orgs) -> Self {
        let mut by_key: HashMap<String, Vec<OrgId>> = HashMap::new();
        for m in orgs.of_kind(Kind::Municipality) {
            let org = orgs.get(m);
            let mut keys = vec![name_key(&org.name)];
            keys.extend(org.short_name.as_deref().map(name_key));
            keys.sort();
            keys.dedup();
            for key in keys.into_iter().filter(|k| !k.is_empty()) {
                by_key.entry(key).or_default().push(m);
            }
        }
        Matcher { orgs, by_key }
    }

    /// The municipality a feature is: by id first, then by each of its names; else why not.
    fn find(&self, feature: &Feature) -> Result<OrgId, String> {
        let feature_id = feature.id.as_ref().map(|id| match id {
            geojson::feature::Id::String(s) => s.clone(),
            geojson::feature::Id::Number(n) => n.to_string(),
        });
        let ids = feature_id
            .into_iter()
            .chain(ID_PROPERTIES.iter().filter_map(|k| property(feature, k)));
        let municipality = |id: OrgId| self.orgs.get(id).kind == Kind::Municipality;
        if let Some(org) = ids
            .filter_map(|id| self.orgs.find(&id))
            .find(|&o| municipality(o))
        {
            return Ok(org);
        }
        for name in names(feature) {
            match self.by_key.get(&name_key(&name)).map(Vec::as_slice) {
                Some(&[org]) => return Ok(org),
                Some(several) if several.len() > 1 => {
                    let which: Vec<&str> = several
                        .iter()
                        .map(|&o| self.orgs.get(o).id.as_str())
                        .collect();
                    return Err(msg!("map.ambiguous", ids = which.join(", ")));
                }
                _ => {}
            }
        }
        Err(msg!("map.no_municipality"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORGS: &str = "id,name,kind,parent\nr1,Энская область,region,\n\
        m1,Энский район,municipality,r1\nm2,Берёзовский район,municipality,r1\n\
        m3,г. Энск,municipality,r1\nm4,Первомайский район,municipality,r1\n\
        m5,Первомайский муниципальный округ,municipality,r1\n";

    fn orgs() -> Orgs {
        crate::load::orgs::parse("data/orgs.csv", ORGS, &mut Diagnostics::default())
    }

    /// Reads `text` as the map; returns the shapes by municipality id and every message.
    fn read(text: &str) -> (BTreeMap<String, Shape>, Vec<String>) {
        let orgs = orgs();
        let mut diags = Diagnostics::default();
        let shapes = parse(PATH, text, &orgs, &mut diags);
        let said = diags.sorted().iter().map(|d| d.to_string()).collect();
        let by_id = shapes
            .into_iter()
            .map(|(o, s)| (orgs.get(o).id.clone(), s))
            .collect();
        (by_id, said)
    }

    const SQUARE: &str = "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]";

    fn feature(properties: &str, geometry: &str) -> String {
        format!(r#"{{"type":"Feature","properties":{{{properties}}},"geometry":{geometry}}}"#)
    }

    fn collection(features: &[String]) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        )
    }

    fn polygon(rings: &str) -> String {
        format!(r#"{{"type":"Polygon","coordinates":{rings}}}"#)
    }

    #[test]
    fn names_compare_without_the_words_of_their_kind() {
        for same in [
            "Энский район",
            "Энский муниципальный район",
            "ЭНСКИЙ  р-н",
            "Энский муниципальный округ",
        ] {
            assert_eq!(name_key(same), "энский", "{same}");
        }
        for same in [
            "г. Энск",
            "город Энск",
            "городской округ Энск",
            "ГО «Энск»",
            "Энск",
        ] {
            assert_eq!(name_key(same), "энск", "{same}");
        }
        assert_eq!(
            name_key("Берёзовский район"),
            name_key("березовский муниципальный район")
        );
        assert_eq!(name_key("Усть-Кутский район"), "усть-кутский");
    }

    #[test]
    fn matches_features_by_id_then_by_name_and_warns_of_the_rest_by_name() {
        let multi = r#"{"type":"MultiPolygon","coordinates":[[[[2,0],[3,0],[3,1],[2,0]]],[[[4,0],[6,0],[6,2],[4,2],[4,0]],[[5,1],[5.5,1],[5.5,1.5],[5,1]]]]}"#;
        let text = collection(&[
            feature(r#""oko":"m1","name":"Что угодно""#, &polygon(SQUARE)),
            feature(r#""name":"Березовский муниципальный район""#, multi),
            feature(
                r#""name:ru":"городской округ Энск","admin_level":"6""#,
                &polygon(SQUARE),
            ),
            feature(r#""name":"Первомайский район""#, &polygon(SQUARE)),
            feature(r#""name":"Заречный район""#, &polygon(SQUARE)),
        ]);
        let (shapes, said) = read(&text);
        assert_eq!(shapes.keys().collect::<Vec<_>>(), ["m1", "m2", "m3"]);
        let rings: Vec<usize> = shapes["m2"].polygons.iter().map(Vec::len).collect();
        assert_eq!(rings, [1, 2], "two polygons, the second with a hole");
        assert_eq!(shapes["m2"].polygons[1][1][1], [5.5, 1.0]);
        assert_eq!(
            said,
            [
                "data/map.geojson: предупреждение: объект № 4 «Первомайский район» не показан на \
                 карте: под это название подходят несколько муниципалитетов (m4, m5): укажите код \
                 нужного в свойстве \"oko\" объекта",
                "data/map.geojson: предупреждение: объект № 5 «Заречный район» не показан на \
                 карте: в data/orgs.csv нет муниципалитета с таким кодом или названием (названия \
                 сравниваются без слов «район», «муниципальный», «округ», «городской», «город», \
                 «г.», без различия ё и е, регистра и пробелов); укажите код муниципалитета в \
                 свойстве \"oko\" объекта",
            ]
        );
    }

    #[test]
    fn a_file_that_is_no_geojson_of_polygons_is_an_error_that_says_what_was_expected() {
        let cases = [
            (
                "{\"type\": \"FeatureCollection\",\n  \"features\": [,]}".to_owned(),
                "data/map.geojson:2:16: не удалось прочитать карту: это не JSON (expected value \
                 at line 2 column 16); ожидается GeoJSON — FeatureCollection с границами \
                 муниципалитетов",
            ),
            (
                polygon(SQUARE),
                "data/map.geojson: не удалось прочитать карту: ожидается FeatureCollection, \
                 объекты которой — муниципалитеты с названиями, а в файле одна геометрия без \
                 названия (найдено: \"Polygon\")",
            ),
            (
                collection(&[feature(
                    r#""name":"Энский район""#,
                    r#"{"type":"LineString","coordinates":[[0,0],[1,1]]}"#,
                )]),
                "data/map.geojson: объект № 1 «Энский район»: ожидается геометрия Polygon или \
                 MultiPolygon (найдено: \"LineString\")",
            ),
            (
                collection(&[feature(
                    r#""name":"Энский район""#,
                    &polygon("[[[4187000,7508000],[4188000,7508000],[4188000,7509000],[4187000,7508000]]]"),
                )]),
                "data/map.geojson: объект № 1 «Энский район»: ожидаются долгота и широта в \
                 градусах (WGS 84, EPSG:4326), а не метры другой проекции: пересохраните файл в \
                 WGS 84 (найдено: \"4187000, 7508000\")",
            ),
            (
                collection(&[feature("", &polygon("[[[0,0],[1,0],[0,0]]]"))]),
                "data/map.geojson: объект № 1 (без названия): ожидается замкнутое кольцо не \
                 менее чем из 4 точек, последняя из которых совпадает с первой (точек: 3)",
            ),
            (
                r#"{"type":"Topology","objects":{}}"#.to_owned(),
                "data/map.geojson:1:18: не удалось прочитать карту: ожидается GeoJSON — \
                 FeatureCollection с границами муниципалитетов (Polygon или MultiPolygon) \
                 (unknown variant `Topology`, expected one of `Feature`, `FeatureCollection`, \
                 `Point`, `LineString`, `Polygon`, `MultiPoint`, `MultiLineString`, \
                 `MultiPolygon`, `GeometryCollection` at line 1 column 18)",
            ),
        ];
        for (text, expected) in cases {
            let (shapes, said) = read(&text);
            assert!(shapes.is_empty(), "{text}");
            assert_eq!(said, [expected], "{text}");
        }
    }
}
