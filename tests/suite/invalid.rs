//! Invalid projects, one folder per failure under tests/fixtures/invalid, each with the exact
//! messages `oko check` must print in `expected.txt`. `OKO_BLESS=1` rewrites them after a
//! deliberate change of wording (review the diff).

use super::fixture;

#[test]
fn every_invalid_fixture_reports_exactly_its_expected_messages() {
    let dir = fixture("invalid");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 75, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let got = match oko::check(&case) {
            Ok(_) => "no errors\n".to_owned(),
            Err(errors) => format!("{errors}\n"),
        };
        let expected_path = case.join("expected.txt");
        if std::env::var_os("OKO_BLESS").is_some() {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
