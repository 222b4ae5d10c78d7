//! Numbers and words as a Russian reader expects them (decimal comma, percent, plural forms), as
//! an English one does (decimal point) and as machines read them (decimal point): the one place
//! pages, charts and open data format numbers; and the one escaper of text written as HTML or XML.

use crate::i18n::Lang;

/// A number with a decimal point and `decimals` places, for machine-readable files;
/// a negative zero is written `0.0`, and a value that is no number (NaN, infinite) an empty cell:
/// no `inf` or `NaN` ever reaches a file.
pub fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{value:.decimals$}");
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_owned(),
        _ => text,
    }
}

/// `12.345` with 1 decimal → `12,3`, the Russian decimal comma; `-0,0` is shown as `0,0`.
pub fn decimal(value: f64, decimals: usize) -> String {
    decimal_in(Lang::Ru, value, decimals)
}

/// [`decimal`] as a reader of `lang` writes it: the decimal comma in Russian, the point in
/// English; a value that is no number is a dash.
pub fn decimal_in(lang: Lang, value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "—".to_owned();
    }
    let text = fixed(value, decimals);
    match lang {
        Lang::Ru => text.replace('.', ","),
        Lang::En => text,
    }
}

/// Share as a percent with one decimal: `percent(Lang::Ru, 1, 3)` → `33,3`.
pub fn percent(lang: Lang, part: u32, whole: u32) -> String {
    if whole == 0 {
        return "—".to_owned();
    }
    decimal_in(lang, 100.0 * part as f64 / whole as f64, 1)
}

/// The Russian plural form for `n`: `plural(5, ["школа", "школы", "школ"])` → `школ`.
pub fn plural(n: u64, forms: [&str; 3]) -> &str {
    let (n10, n100) = (n % 10, n % 100);
    if n10 == 1 && n100 != 11 {
        forms[0]
    } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
        forms[1]
    } else {
        forms[2]
    }
}

/// Appends `text` escaped for HTML and XML, in content and in quoted attributes alike: the one
/// escaper of every page, chart, sitemap and message oko writes as markup.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
}

/// `text` escaped for HTML and XML ([`escape_into`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// A file's size as a reader of `lang` reads it: kilobytes while they round below 1000 (one
/// decimal while they round below 10; at least 0,1), else megabytes with one decimal; 1 КБ =
/// 1024 bytes.
pub fn size_in(lang: Lang, bytes: usize) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    let (value, decimals, unit) = if b < 999.5 * KB {
        let kb = (b / KB).max(0.1);
        (kb, if kb < 9.95 { 1 } else { 0 }, "size.kb")
    } else {
        (b / (KB * KB), 1, "size.mb")
    };
    format!(
        "{}\u{a0}{}",
        decimal_in(lang, value, decimals),
        crate::i18n::tr_in(lang, unit, &[])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_decimals_with_a_comma() {
        assert_eq!(decimal(12.345, 1), "12,3");
        assert_eq!(decimal(-0.01, 1), "0,0");
        assert_eq!(percent(Lang::Ru, 1, 3), "33,3");
        assert_eq!(percent(Lang::En, 1, 3), "33.3");
        assert_eq!(percent(Lang::Ru, 1, 0), "—");
    }

    #[test]
    fn never_writes_inf_or_nan() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(fixed(v, 1), "");
            assert_eq!(decimal(v, 1), "—");
            assert_eq!(decimal_in(Lang::En, v, 2), "—");
        }
    }

    #[test]
    fn sizes_in_kilobytes_below_a_megabyte_and_megabytes_above() {
        let nb = |s: String| s.replace('\u{a0}', " ");
        assert_eq!(nb(size_in(Lang::Ru, 0)), "0,1 КБ");
        assert_eq!(nb(size_in(Lang::Ru, 1536)), "1,5 КБ");
        assert_eq!(nb(size_in(Lang::Ru, 10_240)), "10 КБ");
        assert_eq!(nb(size_in(Lang::Ru, 10_188)), "9,9 КБ");
        assert_eq!(nb(size_in(Lang::Ru, 10_189)), "10 КБ");
        assert_eq!(nb(size_in(Lang::Ru, 1_023_487)), "999 КБ");
        assert_eq!(nb(size_in(Lang::Ru, 1_023_488)), "1,0 МБ");
        assert_eq!(nb(size_in(Lang::Ru, 1_280_119)), "1,2 МБ");
        assert_eq!(nb(size_in(Lang::En, 1_280_119)), "1.2 MB");
    }

    #[test]
    fn picks_russian_plural_forms() {
        let f = ["школа", "школы", "школ"];
        let got: Vec<&str> = [1, 2, 5, 11, 21, 22, 112]
            .iter()
            .map(|&n| plural(n, f))
            .collect();
        assert_eq!(
            got,
            ["школа", "школы", "школ", "школ", "школа", "школы", "школ"]
        );
    }
}
