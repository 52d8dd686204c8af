//! Payment card numbers: digits only (spaces and dashes removed), brand from the IIN prefix, the brand's
//! allowed lengths, and the Luhn check (ISO/IEC 7812-1 annex B).
//!
//! Brand table (docs/fields.md has the sources): when several ranges match, the most specific one (the
//! longest prefix) wins, then the earlier row; e.g. 622126..622925 is Discover although 62 is UnionPay.

use super::{compact_upper, FieldError, Report};

/// One IIN range: numbers whose first `lo.len()` digits lie in `lo..=hi` belong to `brand`.
struct Range {
    brand: &'static str,
    lo: &'static str,
    hi: &'static str,
    lengths: &'static [usize],
}

const fn r(
    brand: &'static str,
    lo: &'static str,
    hi: &'static str,
    lengths: &'static [usize],
) -> Range {
    Range {
        brand,
        lo,
        hi,
        lengths,
    }
}

const VISA: &[usize] = &[13, 16, 19];
const MASTERCARD: &[usize] = &[16];
const AMEX: &[usize] = &[15];
const SIXTEEN_TO_NINETEEN: &[usize] = &[16, 17, 18, 19];
const DINERS: &[usize] = &[14, 15, 16, 17, 18, 19];
const MAESTRO: &[usize] = &[12, 13, 14, 15, 16, 17, 18, 19];
const UATP: &[usize] = &[15];

const RANGES: &[Range] = &[
    r("visa", "4", "4", VISA),
    r("mastercard", "51", "55", MASTERCARD),
    r("mastercard", "2221", "2720", MASTERCARD),
    r("amex", "34", "34", AMEX),
    r("amex", "37", "37", AMEX),
    r("discover", "6011", "6011", SIXTEEN_TO_NINETEEN),
    r("discover", "644", "649", SIXTEEN_TO_NINETEEN),
    r("discover", "65", "65", SIXTEEN_TO_NINETEEN),
    r("discover", "622126", "622925", SIXTEEN_TO_NINETEEN),
    r("jcb", "3528", "3589", SIXTEEN_TO_NINETEEN),
    r("diners", "300", "305", DINERS),
    r("diners", "3095", "3095", DINERS),
    r("diners", "36", "36", DINERS),
    r("diners", "38", "39", DINERS),
    r("unionpay", "62", "62", SIXTEEN_TO_NINETEEN),
    r("maestro", "50", "50", MAESTRO),
    r("maestro", "56", "58", MAESTRO),
    r("maestro", "6304", "6304", MAESTRO),
    r("maestro", "6759", "6759", MAESTRO),
    r("maestro", "6761", "6763", MAESTRO),
    r("maestro", "676770", "676770", MAESTRO),
    r("maestro", "676774", "676774", MAESTRO),
    r("mir", "2200", "2204", SIXTEEN_TO_NINETEEN),
    r("uatp", "1", "1", UATP),
];

/// Lengths accepted when no brand is recognised (ISO/IEC 7812 allows up to 19 digits).
const ANY_CARD: (usize, usize) = (12, 19);

pub(super) fn validate(value: &str, report: &mut Report) {
    let digits = compact_upper(value, &['-']);
    if digits.is_empty() {
        report.error(&FieldError::EmptyValue);
        return;
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        report.error(&FieldError::InvalidCardNumber {
            reason: "characters",
        });
        return;
    }
    let brand = brand_of(&digits);
    let length_ok = match brand {
        Some(range) => {
            report.detail("brand", range.brand);
            if range.lengths.contains(&digits.len()) {
                true
            } else {
                report.error(&FieldError::CardLength {
                    brand: Some(range.brand),
                    allowed: describe_lengths(range.lengths),
                    actual: digits.len(),
                });
                false
            }
        }
        None => {
            let (min, max) = ANY_CARD;
            if (min..=max).contains(&digits.len()) {
                true
            } else {
                report.error(&FieldError::CardLength {
                    brand: None,
                    allowed: format!("{min}-{max}"),
                    actual: digits.len(),
                });
                false
            }
        }
    };
    if !length_ok {
        return;
    }
    if !luhn_valid(digits.as_bytes()) {
        report.error(&FieldError::CardChecksum);
        return;
    }
    if brand.is_none() {
        report.warning(&FieldError::UnknownCardBrand);
    }
    report.normalized(digits);
}

/// The most specific matching range (longest prefix; the earlier row on a tie).
fn brand_of(digits: &str) -> Option<&'static Range> {
    let mut best: Option<&'static Range> = None;
    for range in RANGES {
        let n = range.lo.len();
        let Some(prefix) = digits.get(..n) else {
            continue;
        };
        // Equal-length ASCII digit strings compare like the numbers they spell.
        if prefix >= range.lo && prefix <= range.hi && best.is_none_or(|b| b.lo.len() < n) {
            best = Some(range);
        }
    }
    best
}

/// "16", "13, 16, 19" or "16-19" (a run of consecutive lengths is written as a span).
fn describe_lengths(lengths: &[usize]) -> String {
    match lengths {
        [one] => one.to_string(),
        [first, .., last] if last - first + 1 == lengths.len() => format!("{first}-{last}"),
        _ => lengths
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The Luhn check over ASCII digits: from the right, every second digit doubled (minus 9 if above 9).
pub(super) fn luhn_valid(digits: &[u8]) -> bool {
    luhn_sum(digits).is_multiple_of(10)
}

/// The Luhn sum (not reduced) of ASCII digits, the rightmost digit undoubled.
pub(super) fn luhn_sum(digits: &[u8]) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_well_formed() {
        for r in RANGES {
            assert_eq!(r.lo.len(), r.hi.len(), "{}", r.brand);
            assert!(r.lo <= r.hi);
        }
    }

    #[test]
    fn overlaps_resolve_to_the_longest_prefix() {
        assert_eq!(
            brand_of("6221260000000000").map(|r| r.brand),
            Some("discover")
        );
        assert_eq!(
            brand_of("6221250000000000").map(|r| r.brand),
            Some("unionpay")
        );
        assert_eq!(
            brand_of("6229250000000000").map(|r| r.brand),
            Some("discover")
        );
        assert_eq!(
            brand_of("6229260000000000").map(|r| r.brand),
            Some("unionpay")
        );
        assert!(brand_of("9999").is_none());
    }

    #[test]
    fn lengths_are_described() {
        assert_eq!(describe_lengths(&[16]), "16");
        assert_eq!(describe_lengths(&[13, 16, 19]), "13, 16, 19");
        assert_eq!(describe_lengths(&[16, 17, 18, 19]), "16-19");
    }
}
