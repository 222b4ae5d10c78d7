//! The objectivity map (data/map.geojson) on a region's page: features matched by id and by the
//! names real boundary files use, unmatched ones warned of by `oko check`, and the SVG beside
//! the table of municipalities that is its text alternative.

use super::{build_into_temp, fixture, oko, opendata::copy_dir};

/// A closed square ring of side 1 at (`x`, `y`) degrees.
fn square(x: f64, y: f64) -> String {
    format!(
        "[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]",
        x + 1.0,
        x + 1.0,
        y + 1.0,
        y + 1.0
    )
}

/// The small fixture with `geojson` as its map, and what `oko check` of it says: the project's
/// folder guard and path, the exit code and stderr.
fn checked_with_map(geojson: &str) -> (tempfile::TempDir, std::path::PathBuf, Option<i32>, String) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    copy_dir(&fixture("small"), &root);
    std::fs::write(root.join("data/map.geojson"), geojson).unwrap();
    let checked = oko(&["check", "--root", root.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&checked.stderr).into_owned();
    (tmp, root, checked.status.code(), said)
}

#[test]
fn the_region_page_draws_its_municipalities_and_check_names_the_feature_it_cannot_match() {
    let feature = |properties: &str, rings: &str| {
        format!(
            r#"{{"type":"Feature","properties":{{{properties}}},"geometry":{{"type":"Polygon","coordinates":{rings}}}}}"#
        )
    };
    let features = [
        // «Первый район» in orgs.csv, as an OSM export names it.
        feature(
            r#""name":"Первый муниципальный район""#,
            &square(40.0, 50.0),
        ),
        feature(r#""oko":"m2","name":"Как угодно""#, &square(41.0, 50.0)),
        feature(r#""name":"Заречный район""#, &square(42.0, 50.0)),
    ];
    let (_tmp, root, code, said) = checked_with_map(&format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",\n")
    ));
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains(
            "data/map.geojson: предупреждение: объект № 3 «Заречный район» не показан на карте"
        ),
        "{said}"
    );
    assert!(!said.contains("Первый муниципальный"), "{said}");
    let (_out, site) = build_into_temp(&root);
    let page = std::fs::read_to_string(site.join("region/r1/index.html")).unwrap();
    let map = &page[page.find("<figure class=\"map-figure\">").expect("a map")..];
    let map = &map[..map.find("</figure>").unwrap()];
    assert!(map.contains("role=\"group\" aria-label=\"Карта муниципалитетов"));
    for (m, name) in [("m1", "Первый район"), ("m2", "Второй район")] {
        assert!(
            map.contains(&format!(
                "<a href=\"../../municipality/{m}/index.html\" tabindex=\"-1\"><title>{name}: "
            )),
            "{m} {map}"
        );
    }
    // The table of municipalities, the map's text alternative, follows it.
    let after = &page[page.find("map-figure").unwrap()..];
    assert!(after.contains("<a href=\"../../municipality/m1/index.html\">"));
    // Without the file there is no map.
    let (_out, plain) = build_into_temp(&fixture("small"));
    let page = std::fs::read_to_string(plain.join("region/r1/index.html")).unwrap();
    assert!(!page.contains("map-figure"));
}

#[test]
fn a_map_in_metres_stops_the_build_with_what_was_expected() {
    let (_tmp, _root, code, said) = checked_with_map(
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Первый район"},"geometry":{"type":"Polygon","coordinates":[[[4187000,7508000],[4188000,7508000],[4188000,7509000],[4187000,7508000]]]}}]}"#,
    );
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains(
            "data/map.geojson: объект № 1 «Первый район»: ожидаются долгота и широта в градусах"
        ),
        "{said}"
    );
}
