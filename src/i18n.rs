//! The message catalogue: every text a person reads, in Russian and in English, from
//! `src/locales/app.yml` (rust-i18n, compiled into the binary). Two languages are in play: the
//! command line's (its lines, help and every diagnostic: `--lang` or the environment's `LANG`,
//! set once per run, [`msg!`]) and the site's (`language:` in config.yaml, passed along:
//! [`msg_in!`] and the templates' `t()`). Russian is the default of both. A key lives in one
//! place with both languages beside it, and a test fails when either is missing or when the
//! code or a built-in template asks for a key the catalogue does not have.

use std::sync::atomic::{AtomicU8, Ordering};

rust_i18n::i18n!("src/locales", fallback = "ru");

/// A language oko speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// `--lang` when given, else the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`): English
    /// for `en…`, Russian otherwise (including `C` and `POSIX`, the default of servers).
    pub fn choose(flag: Option<&str>) -> Lang {
        let from_env = || {
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        };
        match flag.map(str::to_owned).or_else(from_env) {
            Some(l) if l.to_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Ru,
        }
    }
}

/// Sets the language of [`tr`] for the rest of the run.
pub fn set(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Ru,
    }
}

/// The text of `key` in the current language with `%{name}` replaced by each argument.
pub fn tr(key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    tr_in(current(), key, args)
}

/// The text of `key` in `lang` (a site's language, which may differ from the command line's).
pub fn tr_in(lang: Lang, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let text = _rust_i18n_translate(lang.code(), key);
    match args {
        [] => text.into_owned(),
        _ => fill(&text, args),
    }
}

/// `text` with each `%{name}` replaced by the argument of that name, in one pass: an argument's
/// value is never searched for further names (a plan's title may hold `%{n}`), and a name
/// without an argument stays as it is.
fn fill(text: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + 16 * args.len());
    let mut rest = text;
    while let Some(at) = rest.find("%{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let named = after.find('}').and_then(|end| {
            let name = &after[..end];
            let (_, value) = args.iter().find(|(n, _)| *n == name)?;
            Some((value, &after[end + 1..]))
        });
        match named {
            Some((value, next)) => {
                let _ = write!(out, "{value}");
                rest = next;
            }
            None => {
                out.push_str("%{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether the catalogue has `key` in `lang`.
pub fn has(lang: Lang, key: &str) -> bool {
    _rust_i18n_try_translate(lang.code(), key).is_some()
}

/// The text of `key` in `lang`, or `None` when the catalogue has no such key (for texts that
/// exist for some values only, such as the English names of the built-in subjects).
pub fn lookup(lang: Lang, key: &str) -> Option<String> {
    _rust_i18n_try_translate(lang.code(), key).map(|t| t.into_owned())
}

/// `msg!("load.key", name = value, …)`: [`tr`] with named arguments, in the command line's
/// language (diagnostics and CLI lines).
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::tr($key, &[$((stringify!($name), &$value as &dyn std::fmt::Display)),*])
    };
}

/// `msg_in!(lang, "page.key", name = value, …)`: [`tr_in`] for text a site's reader sees.
#[macro_export]
macro_rules! msg_in {
    ($lang:expr, $key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::tr_in($lang, $key, &[$((stringify!($name), &$value as &dyn std::fmt::Display)),*])
    };
}

// The macros by this module's path, so that code asks the catalogue through `crate::i18n::msg!`
// (the crate's root holds only the modules).
pub use crate::{msg, msg_in};

/// The text of `key.one`, `key.few` or `key.many` for the count `n`, by the current language's
/// plural rule (Russian: 1 ошибка, 2 ошибки, 5 ошибок; English: 1 error, 2 errors), with
/// `%{count}` replaced by `n`.
pub fn tr_count(key: &str, n: usize) -> String {
    tr_count_in(current(), key, n)
}

/// [`tr_count`] in `lang`.
pub fn tr_count_in(lang: Lang, key: &str, n: usize) -> String {
    let form = match lang {
        Lang::Ru => match (n % 10, n % 100) {
            (1, r) if r != 11 => "one",
            (2..=4, r) if !(12..=14).contains(&r) => "few",
            _ => "many",
        },
        Lang::En if n == 1 => "one",
        Lang::En => "many",
    };
    tr_in(lang, &format!("{key}.{form}"), &[("count", &n)])
}

/// Rust names of enum values in brackets, as `{:?}` writes them: «(All)», «(Plan(5))»,
/// «(InProgress)». No text a person reads may hold one (the tests of the catalogue and of
/// `oko serve`'s lines check).
#[cfg(test)]
pub(crate) fn debug_names(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for start in (0..chars.len()).filter(|&i| chars[i] == '(') {
        let mut at = start + 1;
        let mut humps = 0;
        while chars.get(at).is_some_and(char::is_ascii_uppercase)
            && chars.get(at + 1).is_some_and(char::is_ascii_lowercase)
        {
            at += 1;
            while chars.get(at).is_some_and(char::is_ascii_lowercase) {
                at += 1;
            }
            humps += 1;
        }
        if humps == 0 {
            continue;
        }
        if chars.get(at) == Some(&'(') {
            let digits = chars[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits > 0 && chars.get(at + 1 + digits) == Some(&')') {
                at += digits + 2;
            }
        }
        if chars.get(at) == Some(&')') {
            found.push(chars[start..=at].iter().collect());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_fill_their_names_once_and_unknown_names_stay() {
        let (x, y) = ("%{y}", 2);
        let args: [(&str, &dyn std::fmt::Display); 2] = [("x", &x), ("y", &y)];
        assert_eq!(
            fill("a %{x} b %{y}%{y} %{z} %{ 100%", &args),
            "a %{y} b 22 %{z} %{ 100%"
        );
        assert_eq!(fill("нет имён", &args), "нет имён");
    }

    #[test]
    fn finds_debug_names_in_brackets() {
        assert_eq!(
            debug_names("пересобрано (All) за 3 мс; (Plan(5)) и (InProgress)"),
            ["(All)", "(Plan(5))", "(InProgress)"]
        );
        assert_eq!(
            debug_names("(найдено: \"x\") (ВПР) (all) (A1) ()"),
            Vec::<String>::new()
        );
    }

    /// No text of the catalogue holds a Rust name in brackets (English names of things in
    /// brackets, such as «(Rosobrnadzor)», are one word: only Russian texts are held to one).
    #[test]
    fn no_text_of_the_catalogue_holds_a_debug_name() {
        for (key, ru, en) in catalogue() {
            let ru = ru.unwrap_or_default();
            assert_eq!(debug_names(&ru), Vec::<String>::new(), "{key} (ru)");
            let en = en.unwrap_or_default();
            let camel: Vec<String> = debug_names(&en)
                .into_iter()
                .filter(|n| {
                    n.contains(|c: char| c.is_ascii_digit())
                        || n[2..].contains(|c: char| c.is_ascii_uppercase())
                })
                .collect();
            assert_eq!(camel, Vec::<String>::new(), "{key} (en)");
        }
    }

    /// Rust's debug formatting (`{:?}`, `{x:?}`, `{:#?}`) reaches no reader: outside tests it is
    /// used only by `diag::quoted`, which quotes a value on purpose.
    #[test]
    fn no_debug_formatting_outside_tests_but_the_quoting_of_values() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("tests.rs") {
                continue;
            }
            let code = std::fs::read_to_string(path).unwrap();
            let code = code.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in code.lines().enumerate() {
                let debug = line.contains(":?}") || line.contains(":#?}");
                let allowed = path.ends_with("diag.rs") && line.trim() == "format!(\"{value:?}\")";
                if debug && !allowed && !line.trim_start().starts_with("//") {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(found.is_empty(), "{found:#?}");
    }

    /// Every key of the catalogue with its text in each language (for the completeness test).
    fn catalogue() -> Vec<(String, Option<String>, Option<String>)> {
        let text = include_str!("locales/app.yml");
        let map: std::collections::BTreeMap<String, serde_yaml::Value> =
            serde_yaml::from_str(text).expect("the catalogue is YAML");
        map.into_iter()
            .filter(|(k, _)| k != "_version")
            .map(|(k, v)| {
                let of = |l: &str| v.get(l).and_then(|s| s.as_str()).map(str::to_owned);
                (k, of("ru"), of("en"))
            })
            .collect()
    }

    #[test]
    fn every_key_has_both_languages_and_every_key_the_code_asks_for_exists() {
        let keys = catalogue();
        assert!(!keys.is_empty());
        for (key, ru, en) in &keys {
            assert!(
                ru.as_deref().is_some_and(|s| !s.is_empty()),
                "{key}: no Russian"
            );
            assert!(
                en.as_deref().is_some_and(|s| !s.is_empty()),
                "{key}: no English"
            );
            // The same placeholders in both.
            let names = |s: &str| -> std::collections::BTreeSet<String> {
                s.split("%{")
                    .skip(1)
                    .filter_map(|p| p.split('}').next())
                    .map(str::to_owned)
                    .collect()
            };
            assert_eq!(
                names(ru.as_deref().unwrap()),
                names(en.as_deref().unwrap()),
                "{key}"
            );
        }
        let known: std::collections::BTreeSet<&str> = keys.iter().map(|k| k.0.as_str()).collect();
        let is_known = |key: &str| {
            known.contains(key)
                || ["one", "few", "many"]
                    .iter()
                    .all(|f| known.contains(format!("{key}.{f}").as_str()))
        };
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            // This file names keys in its own documentation and tests.
            if entry.path().extension().is_none_or(|e| e != "rs")
                || entry.path().ends_with("i18n.rs")
            {
                continue;
            }
            let code = std::fs::read_to_string(entry.path()).unwrap();
            for key in asked_keys(&code) {
                assert!(
                    is_known(key),
                    "{}: key {key:?} is not in the catalogue",
                    entry.path().display()
                );
            }
        }
        // Templates ask with `t(k="…")`.
        for entry in walkdir::WalkDir::new(root.join("render/templates")) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let code = std::fs::read_to_string(entry.path()).unwrap();
            for piece in code.split("t(k=\"").skip(1) {
                let key = piece.split('"').next().unwrap();
                assert!(
                    is_known(key),
                    "{}: key {key:?} is not in the catalogue",
                    entry.path().display()
                );
            }
        }
    }

    /// The keys of `tr("…"`, `tr_count("…"`, `msg!("…"`, `msg_in!(lang, "…"` and the like in
    /// Rust code (not `write_str("…"`: the name must stand alone).
    fn asked_keys(code: &str) -> Vec<&str> {
        let mut keys = Vec::new();
        for call in [
            "tr(",
            "tr_in(",
            "tr_count(",
            "tr_count_in(",
            "msg!(",
            "msg_in!(",
            "deserialize_parsed(",
        ] {
            for (i, _) in code.match_indices(call) {
                let before = code[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                // The key is the first literal, when nothing but a language comes before it
                // (not `tr(&format!("{key}.{form}")`, not `tr(key)`).
                let mut parts = code[i + call.len()..].split('"');
                let before = parts.next().unwrap_or_default();
                if !before.contains(['&', ';', ')']) {
                    keys.extend(parts.next());
                }
            }
        }
        keys
    }

    /// The calls of `msg!`/`msg_in!` (named arguments `name = value`) and `tr`/`tr_in` (pairs
    /// `("name", value)`) in `code`: each key with the names it passes.
    fn calls_with_arguments(code: &str) -> Vec<(String, std::collections::BTreeSet<String>)> {
        let mut out = Vec::new();
        for call in ["msg!(", "msg_in!(", "tr(", "tr_in("] {
            for (i, _) in code.match_indices(call) {
                let before = code[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                // The whole call: up to its closing parenthesis, strings skipped.
                let rest = &code[i + call.len()..];
                let (mut depth, mut in_string, mut end) = (1i32, false, rest.len());
                let mut chars = rest.char_indices().peekable();
                while let Some((k, c)) = chars.next() {
                    match (c, in_string) {
                        ('\\', true) => {
                            chars.next();
                        }
                        ('"', _) => in_string = !in_string,
                        ('(' | '[', false) => depth += 1,
                        (')' | ']', false) => {
                            depth -= 1;
                            if depth == 0 {
                                end = k;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let args = &rest[..end];
                let mut parts = args.split('"');
                let lead = parts.next().unwrap_or_default();
                if lead.contains(['&', ';', ')']) {
                    continue; // not a literal key
                }
                let Some(key) = parts.next() else { continue };
                let after = &args[lead.len() + key.len() + 2..];
                // The arguments after the key, split at their top-level commas.
                let mut top = Vec::new();
                let (mut depth, mut in_string, mut from) = (0i32, false, 0);
                let mut chars = after.char_indices().peekable();
                while let Some((k, c)) = chars.next() {
                    match (c, in_string) {
                        ('\\', true) => {
                            chars.next();
                        }
                        ('"', _) => in_string = !in_string,
                        ('(' | '[' | '{', false) => depth += 1,
                        (')' | ']' | '}', false) => depth -= 1,
                        (',', false) if depth == 0 => {
                            top.push(&after[from..k]);
                            from = k + 1;
                        }
                        _ => {}
                    }
                }
                top.push(&after[from..]);
                let names: std::collections::BTreeSet<String> = if call.starts_with("msg") {
                    top.iter()
                        .filter_map(|a| {
                            let (name, _) = a.split_once('=')?;
                            let name = name.trim();
                            (!name.is_empty()
                                && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
                            .then(|| name.to_owned())
                        })
                        .collect()
                } else {
                    // `&[("name", value), …]`: the pairs are inside the one top-level argument.
                    after
                        .split("(\"")
                        .skip(1)
                        .filter_map(|p| {
                            let (name, rest) = p.split_once('"')?;
                            rest.trim_start().starts_with(',').then(|| name.to_owned())
                        })
                        .collect()
                };
                out.push((key.to_owned(), names));
            }
        }
        out
    }

    #[test]
    fn every_call_passes_exactly_the_placeholders_of_its_key() {
        let catalogue: std::collections::BTreeMap<String, String> = catalogue()
            .into_iter()
            .filter_map(|(k, ru, _)| Some((k, ru?)))
            .collect();
        let placeholders = |text: &str| -> std::collections::BTreeSet<String> {
            text.split("%{")
                .skip(1)
                .filter_map(|p| p.split('}').next())
                .map(str::to_owned)
                .collect()
        };
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut wrong = Vec::new();
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs")
                || entry.path().ends_with("i18n.rs")
            {
                continue;
            }
            let code = std::fs::read_to_string(entry.path()).unwrap();
            for (key, names) in calls_with_arguments(&code) {
                let Some(text) = catalogue.get(&key) else {
                    continue; // a missing key is the other test's
                };
                checked += 1;
                let wanted = placeholders(text);
                if wanted != names {
                    wrong.push(format!(
                        "{}: {key} takes {wanted:?}, given {names:?}",
                        entry.path().display()
                    ));
                }
            }
        }
        assert!(checked > 300, "the calls are found ({checked})");
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn the_keys_built_at_run_time_exist_in_both_languages() {
        let mut keys: Vec<String> = Vec::new();
        for m in crate::model::Marker::ALL {
            for part in ["label", "meaning", "method"] {
                keys.push(format!("marker.{}.{part}", m.code()));
            }
        }
        for table in crate::render::opendata::FILES {
            let stem = table.file.trim_end_matches(".csv");
            keys.push(format!("opendata.{stem}.title"));
            keys.push(format!("opendata.{stem}.structure"));
        }
        keys.extend((1..=12).map(|m| format!("month.{m}")));
        for lang in [Lang::Ru, Lang::En] {
            for key in &keys {
                assert!(lookup(lang, key).is_some(), "{key} ({lang:?})");
            }
        }
    }

    #[test]
    fn the_language_comes_from_the_flag_then_the_environment() {
        assert_eq!(Lang::choose(Some("en")), Lang::En);
        assert_eq!(Lang::choose(Some("ru_RU.UTF-8")), Lang::Ru);
        assert_eq!(
            Lang::choose(Some("de")),
            Lang::Ru,
            "Russian unless English is asked for"
        );
    }

    #[test]
    fn counts_take_the_russian_plural_forms() {
        let forms: Vec<String> = [1, 2, 5, 11, 21, 22, 112]
            .iter()
            .map(|&n| tr_count("diag.errors", n))
            .collect();
        assert_eq!(
            forms,
            [
                "1 ошибка во входных данных",
                "2 ошибки во входных данных",
                "5 ошибок во входных данных",
                "11 ошибок во входных данных",
                "21 ошибка во входных данных",
                "22 ошибки во входных данных",
                "112 ошибок во входных данных"
            ]
        );
    }

    #[test]
    fn placeholders_are_filled() {
        let text = tr_in(
            Lang::En,
            "cli.built",
            &[
                ("files", &3),
                ("kb", &12),
                ("out", &"site"),
                ("orgs", &4),
                ("cells", &5),
                ("plans", &1),
            ],
        );
        assert_eq!(
            text,
            "built 3 files (12 KB) into site: 4 organizations, 5 result cells, 1 plans"
        );
    }
}
