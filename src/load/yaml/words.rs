//! serde's messages about a YAML value in the command line's language. serde words them in a
//! few fixed shapes («unknown field `x`, expected one of …», «invalid type: string "x", expected
//! u32»); those are put in words, with the closest spelling where a name was misspelt. Messages
//! of oko's own value parsers are already in the language and pass through.

/// serde's message (without its path) in words, and a hint (` (возможно, вы имели в виду …)`,
/// or empty).
pub fn in_words(cause: &str) -> (String, String) {
    let ticked = |s: &str| s.split('`').nth(1).unwrap_or(s).to_owned();
    // serde writes «`a` or `b`» for two and «one of `a`, `b`, `c`» for more: one way, in words.
    let expected_list = |s: &str| {
        let list: Vec<String> = names(s).map(|n| format!("`{n}`")).collect();
        (s.starts_with("expected ") && !list.is_empty()).then(|| list.join(", "))
    };
    if let Some(r) = cause.strip_prefix("unknown field ") {
        let (field, tail) = r.split_once(", ").unwrap_or((r, ""));
        let field = ticked(field);
        let hint = crate::diag::did_you_mean(&field, names(tail));
        let words = match expected_list(tail) {
            Some(list) => crate::i18n::msg!("yaml.unknown_field", field = field, expected = list),
            None => crate::i18n::msg!("yaml.unknown_field_none", field = field),
        };
        (words, hint)
    } else if let Some(r) = cause.strip_prefix("unknown variant ") {
        let (value, tail) = r.split_once(", ").unwrap_or((r, ""));
        let value = ticked(value);
        let hint = crate::diag::did_you_mean(&value, names(tail));
        let words = match markers(tail) {
            Some(list) => crate::i18n::msg!("yaml.unknown_marker", value = value, expected = list),
            None => crate::i18n::msg!(
                "yaml.unknown_variant",
                value = value,
                expected = expected_list(tail).unwrap_or_default()
            ),
        };
        (words, hint)
    } else if let Some(r) = cause.strip_prefix("missing field ") {
        (
            crate::i18n::msg!("yaml.missing_field", field = ticked(r)),
            String::new(),
        )
    } else if let Some(r) = cause.strip_prefix("duplicate field ") {
        (
            crate::i18n::msg!("yaml.duplicate_field", field = ticked(r)),
            String::new(),
        )
    } else if let Some((found, expected)) = cause
        .strip_prefix("invalid type: ")
        .or_else(|| cause.strip_prefix("invalid value: "))
        .and_then(|r| r.split_once(", expected "))
    {
        let words = crate::i18n::msg!(
            "yaml.invalid",
            found = found_in_words(found),
            expected = expected_in_words(expected)
        );
        (words, String::new())
    } else {
        (cause.to_owned(), String::new())
    }
}

/// The names in serde's «expected one of `a`, `b`» list.
fn names(list: &str) -> impl Iterator<Item = &str> {
    list.split('`').skip(1).step_by(2)
}

/// When serde's list holds every marker's code, the markers with their names in the command
/// line's language: «`inflated_mean` (завышенный средний балл), …» (a retired code it still
/// accepts is not offered).
fn markers(list: &str) -> Option<String> {
    let codes: Vec<&str> = names(list).collect();
    let all = crate::model::Marker::ALL;
    if !all.iter().all(|m| codes.contains(&m.code())) {
        return None;
    }
    let lang = crate::i18n::current();
    let named: Vec<String> = all
        .iter()
        .map(|m| format!("`{}` ({})", m.code(), m.label(lang)))
        .collect();
    Some(named.join(", "))
}

/// serde's name of a value it met («string "x"», «integer `5`», «sequence»).
fn found_in_words(found: &str) -> String {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let value = value.trim_matches('`');
    let kind = match kind {
        "string" => crate::i18n::msg!("yaml.kind_string"),
        "integer" => crate::i18n::msg!("yaml.kind_integer"),
        "floating" => crate::i18n::msg!("yaml.kind_number"),
        "boolean" => crate::i18n::msg!("yaml.kind_boolean"),
        "sequence" => crate::i18n::msg!("yaml.kind_sequence"),
        "map" => crate::i18n::msg!("yaml.kind_map"),
        "unit" => return crate::i18n::msg!("yaml.kind_empty"),
        _ => return found.to_owned(),
    };
    let value = value.trim_start_matches("point `").trim_end_matches('`');
    if value.is_empty() {
        kind
    } else {
        format!("{kind} {value}")
    }
}

/// serde's name of the type it wanted («u32», «a string», «struct Measure»).
fn expected_in_words(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => {
            crate::i18n::msg!("yaml.want_whole")
        }
        "f32" | "f64" => crate::i18n::msg!("yaml.want_number"),
        "a string" | "a borrowed string" | "a character" => crate::i18n::msg!("yaml.want_string"),
        "a boolean" => crate::i18n::msg!("yaml.want_boolean"),
        "a sequence" => crate::i18n::msg!("yaml.want_sequence"),
        e if e.starts_with("struct ") || e.starts_with("a map") => {
            crate::i18n::msg!("yaml.want_map")
        }
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::in_words;

    #[test]
    fn a_wrong_marker_code_lists_every_marker_with_its_name() {
        let cause = "unknown variant `inflated_man`, expected one of `inflated_mean`, `mark_mismatch`, `cohort_fall`, `cohort_rise`, `low_confirmation`, `boundary_peak`, `external_gap`, `inflated_unconfirmed`, `no_observation`";
        let (words, hint) = in_words(cause);
        assert!(
            words.starts_with("неизвестный код признака `inflated_man`, допустимы: `inflated_mean` (Завышенный средний балл), `mark_mismatch` ("),
            "{words}"
        );
        assert!(!words.contains("inflated_unconfirmed"), "{words}");
        assert_eq!(hint, " (возможно, вы имели в виду `inflated_mean`?)");
        // Another list stays as it is.
        let (words, _) = in_words("unknown variant `x`, expected one of `a`, `b`");
        assert_eq!(words, "неизвестное значение `x`, допустимы: `a`, `b`");
    }
}
