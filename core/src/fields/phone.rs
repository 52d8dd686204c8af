//! Phone numbers in E.164: "+", country calling code, national significant number, at most 15 digits.
//! Accepts spaces, dashes, dots, slashes and parentheses, "00" for "+", and "(0)" after the calling code
//! ("+49 (0)30 ..."). With a `country`, a national number is accepted too: its trunk prefix (0 in most
//! of Europe, 1 in NANP, 8 in RU/KZ/TM, 80/8/0 in BY, 06 in HU; none in IT, ES, DK, NO, ...) is dropped.
//! Not supported: local numbers without area code, carrier-selection codes (BR, CO, KR) and the
//! Argentine mobile "15" rewrite. Normalised form: "+<digits>".
//!
//! Lengths are checked against the set of national significant number lengths of the region (or the
//! union over all regions sharing the calling code when the region cannot be told from the number); a
//! set, not a range, since many plans have gaps (NANP: 7 or 10, never 9). No number-plan patterns.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::phone_data::{PhoneRegion, PHONE_TABLE};
use super::{country_argument, FieldError, Report};

/// Every region, sorted by region code: phone_data.rs's text, decoded on first use.
fn regions() -> &'static [PhoneRegion] {
    static REGIONS: OnceLock<Vec<PhoneRegion>> = OnceLock::new();
    REGIONS.get_or_init(|| PHONE_TABLE.lines().filter_map(decode).collect())
}

/// "AG|1|10|1|268": region, calling code, lengths, trunk prefixes, leading digits (lists split at ","). `None`
/// only for a malformed line, which the generator never writes (a test decodes every line).
fn decode(line: &'static str) -> Option<PhoneRegion> {
    let mut parts = line.split('|');
    let mut next = || parts.next();
    let list = |s: &'static str| s.split(',').filter(|p| !p.is_empty()).collect::<Vec<_>>();
    let (region, calling_code) = (next()?, next()?);
    let lengths = list(next()?)
        .iter()
        .map(|n| n.parse().ok())
        .collect::<Option<Vec<usize>>>()?;
    let (trunk, leading) = (list(next()?), list(next()?));
    Some(PhoneRegion {
        region,
        calling_code,
        lengths,
        trunk,
        leading,
    })
}

/// E.164: at most 15 digits including the calling code.
const MAX_DIGITS: usize = 15;

pub(super) fn validate(value: &str, country: Option<&str>, report: &mut Report) {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        report.error(&FieldError::EmptyValue);
        return;
    }
    let (plus, digits) = match scan(&without_trunk_marker(trimmed)) {
        Ok(scanned) => scanned,
        Err(reason) => {
            report.error(&FieldError::InvalidPhone { reason });
            return;
        }
    };
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    let number = match international {
        Some(rest) => split_international(rest, country),
        None => split_national(&digits, country),
    };
    let (region, calling_code, national) = match number {
        Ok(parts) => parts,
        Err(e) => {
            report.error(&e);
            return;
        }
    };
    report.detail("calling-code", calling_code);
    report.detail("national-number", &national);
    if let Some(region) = region {
        report.detail("country", iso_region(region));
    }
    let allowed: Cow<'static, [usize]> = match region {
        Some(r) => Cow::Borrowed(&r.lengths[..]),
        None => Cow::Owned(shared_lengths(calling_code)),
    };
    if !allowed.contains(&national.len()) {
        report.error(&FieldError::PhoneLength {
            calling_code: calling_code.to_string(),
            min: allowed.first().copied().unwrap_or(0),
            max: allowed.last().copied().unwrap_or(0),
            actual: national.len(),
            allowed: allowed
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(","),
        });
        return;
    }
    if calling_code.len() + national.len() > MAX_DIGITS {
        report.error(&FieldError::InvalidPhone { reason: "too-long" });
        return;
    }
    report.normalized(format!("+{calling_code}{national}"));
}

/// `text` without each "(0)" (the trunk prefix written in "+44 (0)20 7946 0958"): `text.replace("(0)", "")`,
/// by hand because this was the browser build's only search for a string pattern, and std's substring
/// searcher costs it ~1 KB gzip.
fn without_trunk_marker(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('(') {
        out.push_str(&rest[..i]);
        rest = match rest[i..].strip_prefix("(0)") {
            Some(after) => after,
            None => {
                out.push('(');
                &rest[i + 1..]
            }
        };
    }
    out.push_str(rest);
    out
}

/// Whether the number starts with "+", and its digits; an error reason for anything else.
fn scan(text: &str) -> Result<(bool, String), &'static str> {
    let mut plus = false;
    let mut digits = String::new();
    for c in text.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() && !plus => plus = true,
            '+' => return Err("plus-position"),
            '-' | '.' | '/' | '(' | ')' => {}
            c if c.is_whitespace() => {}
            _ => return Err("characters"),
        }
    }
    if digits.is_empty() {
        return Err("no-digits");
    }
    Ok((plus, digits))
}

type Parts = (Option<&'static PhoneRegion>, &'static str, String);

/// "+CC NSN": the calling code is the unique prefix of 1 to 3 digits that is assigned (E.164 codes
/// are prefix-free).
fn split_international(digits: &str, country: Option<&str>) -> Result<Parts, FieldError> {
    let calling_code = (1..=3)
        .filter_map(|n| digits.get(..n))
        .find_map(|prefix| {
            regions()
                .iter()
                .find(|r| r.calling_code == prefix)
                .map(|r| r.calling_code)
        })
        .ok_or_else(|| FieldError::UnknownCallingCode {
            digits: digits.chars().take(3).collect(),
        })?;
    let national = digits[calling_code.len()..].to_string();
    // A country argument only helps to name the region of a shared calling code; a wrong one is ignored
    // (the international form is unambiguous).
    let hint = country_argument(country).ok().flatten();
    let region = region_of(calling_code, &national, hint.as_deref());
    Ok((region, calling_code, national))
}

/// A national number: needs the country; drops the trunk prefix when the rest has a possible length.
fn split_national(digits: &str, country: Option<&str>) -> Result<Parts, FieldError> {
    let country =
        country_argument(country)?.ok_or(FieldError::CountryRequired { kind: "phone" })?;
    let region = lookup(&country).ok_or(FieldError::UnsupportedCountry {
        kind: "phone",
        country: country.clone(),
    })?;
    // The longest trunk prefix that leaves a possible length (BY: "80" before "8").
    let national = region
        .trunk
        .iter()
        .filter_map(|t| digits.strip_prefix(t))
        .find(|rest| region.lengths.contains(&rest.len()))
        .unwrap_or(digits);
    Ok((Some(region), region.calling_code, national.to_string()))
}

fn lookup(country: &str) -> Option<&'static PhoneRegion> {
    let regions = regions();
    regions
        .binary_search_by(|r| r.region.cmp(country))
        .ok()
        .and_then(|i| regions.get(i))
}

/// The region of a number when the data tells it: the only region of its calling code; the one region
/// whose leading digits match; the only region without leading digits; or the `hint` if it shares the
/// calling code. `None` when still ambiguous (e.g. +1 numbers of the US and Canada).
fn region_of(
    calling_code: &str,
    national: &str,
    hint: Option<&str>,
) -> Option<&'static PhoneRegion> {
    let candidates: Vec<&'static PhoneRegion> = regions()
        .iter()
        .filter(|r| r.calling_code == calling_code)
        .collect();
    if let [only] = candidates[..] {
        return Some(only);
    }
    let by_leading: Vec<_> = candidates
        .iter()
        .filter(|r| r.leading.iter().any(|p| national.starts_with(p)))
        .collect();
    if let [only] = by_leading[..] {
        return Some(only);
    }
    if by_leading.is_empty() {
        let open: Vec<_> = candidates.iter().filter(|r| r.leading.is_empty()).collect();
        if let [only] = open[..] {
            return Some(only);
        }
    }
    let hint = hint?;
    candidates.into_iter().find(|r| iso_region(r) == hint)
}

/// Every national length of any region of a calling code, ascending (+1: US 10 and CA 7, 10).
fn shared_lengths(calling_code: &str) -> Vec<usize> {
    let mut lengths: Vec<usize> = regions()
        .iter()
        .filter(|r| r.calling_code == calling_code)
        .flat_map(|r| r.lengths.iter().copied())
        .collect();
    crate::sort::sort(&mut lengths);
    lengths.dedup();
    lengths
}

/// libphonenumber's AC (Ascension) and TA (Tristan da Cunha) have no ISO 3166-1 code: both are SH.
fn iso_region(region: &PhoneRegion) -> &'static str {
    match region.region {
        "AC" | "TA" => "SH",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trunk_marker_goes_as_replace_would_take_it() {
        // std's `replace` is the oracle: every "(0)", left to right, without overlaps; other parentheses stay.
        for text in [
            "+44 (0)20 7946 0958",
            "((0)",
            "(0)(0)",
            "(0",
            "0)",
            "(00)",
            "a(0)b(1)c(0)",
            "",
            "é(0)ü",
        ] {
            assert_eq!(
                without_trunk_marker(text),
                text.replace("(0)", ""),
                "{text}"
            );
        }
    }

    #[test]
    fn table_is_sorted_and_sane() {
        assert_eq!(regions().len(), PHONE_TABLE.lines().count()); // every line decodes
        assert!(regions().windows(2).all(|w| w[0].region < w[1].region));
        for r in regions() {
            assert!(!r.lengths.is_empty(), "{}", r.region);
            // Ascending without repeats; 1 to 17 digits (libphonenumber's limit; ID and JP reach 17).
            assert!(r.lengths.windows(2).all(|w| w[0] < w[1]), "{}", r.region);
            assert!(
                r.lengths.iter().all(|n| (1..=17).contains(n)),
                "{}",
                r.region
            );
            assert!((1..=3).contains(&r.calling_code.len()), "{}", r.region);
            let region = iso_region(r);
            assert!(super::super::is_region_code(region), "{region}");
        }
    }

    #[test]
    fn calling_codes_are_prefix_free() {
        for a in regions() {
            for b in regions() {
                if a.calling_code != b.calling_code {
                    assert!(!b.calling_code.starts_with(a.calling_code));
                }
            }
        }
    }

    #[test]
    fn shared_codes_resolve() {
        let region = |cc, nsn| region_of(cc, nsn, None).map(|r| r.region);
        assert_eq!(region("1", "2684601234"), Some("AG"));
        assert_eq!(region("1", "2125551234"), None); // US or CA
        assert_eq!(region("7", "7012345678"), Some("KZ"));
        assert_eq!(region("7", "4951234567"), Some("RU"));
        assert_eq!(region("358", "18123456"), Some("AX"));
        assert_eq!(region("39", "0669812345"), Some("VA"));
        assert_eq!(region("39", "0612345678"), Some("IT"));
        assert_eq!(
            region_of("1", "2125551234", Some("CA")).map(|r| r.region),
            Some("CA")
        );
    }
}
