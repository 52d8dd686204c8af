//! IBAN (ISO 13616): registry length and BBAN structure per country, ISO 7064 MOD 97-10 check digits.
//! Normalised form: the electronic format (no spaces, upper case).

use super::iban_data::{IbanCountry, IBAN_COUNTRIES};
use super::{compact_upper, is_region_code, FieldError, Report};

pub(super) fn validate(value: &str, report: &mut Report) {
    let mut iban = compact_upper(value, &['-']);
    // The paper format may start with the word "IBAN" ("IBAN DE89 ..." or "IBAN: DE89 ...").
    if let Some(rest) = iban.strip_prefix("IBAN") {
        iban = rest.strip_prefix(':').unwrap_or(rest).to_string();
    }
    if iban.is_empty() {
        report.error(&FieldError::EmptyValue);
        return;
    }
    if !iban.bytes().all(|b| b.is_ascii_alphanumeric()) {
        report.error(&FieldError::InvalidIban {
            reason: "characters",
        });
        return;
    }
    // All ASCII from here on, so byte slicing is safe.
    let bytes = iban.as_bytes();
    if bytes.len() < 4 {
        report.error(&FieldError::InvalidIban {
            reason: "too-short",
        });
        return;
    }
    if !bytes[..2].iter().all(u8::is_ascii_uppercase) {
        report.error(&FieldError::InvalidIban {
            reason: "country-code",
        });
        return;
    }
    if !bytes[2..4].iter().all(u8::is_ascii_digit) {
        report.error(&FieldError::InvalidIban {
            reason: "check-digits",
        });
        return;
    }
    let country = &iban[..2];
    let Some(entry) = lookup(country) else {
        if is_region_code(country) {
            report.error(&FieldError::UnsupportedCountry {
                kind: "iban",
                country: country.to_string(),
            });
        } else {
            report.error(&FieldError::UnknownCountry {
                code: country.to_string(),
            });
        }
        return;
    };
    report.detail("country", country);
    report.detail("check-digits", &iban[2..4]);
    report.detail("bban", &iban[4..]);
    if iban.len() != entry.length {
        report.error(&FieldError::IbanLength {
            country: country.to_string(),
            expected: entry.length,
            actual: iban.len(),
        });
        return;
    }
    if !matches_structure(&bytes[4..], entry.bban) {
        report.error(&FieldError::IbanFormat {
            country: country.to_string(),
            format: entry.bban,
        });
    }
    // Check digits 00, 01 and 99 are never issued (ISO 13616 computes 98 - n mod 97, giving 02..98), but
    // 01 and 99 can satisfy the modulus, so they are rejected explicitly.
    if matches!(&iban[2..4], "00" | "01" | "99") || mod97(bytes) != 1 {
        report.error(&FieldError::IbanChecksum);
    }
    report.normalized(iban);
}

fn lookup(country: &str) -> Option<&'static IbanCountry> {
    IBAN_COUNTRIES
        .binary_search_by(|c| c.code.cmp(country))
        .ok()
        .map(|i| &IBAN_COUNTRIES[i])
}

/// ISO 7064 MOD 97-10 over the IBAN with its first four characters moved to the end and letters
/// replaced by 10..35; computed digit by digit so any length works without big integers.
fn mod97(iban: &[u8]) -> u32 {
    let rotated = iban[4..].iter().chain(&iban[..4]);
    rotated.fold(0u32, |acc, &b| {
        if b.is_ascii_digit() {
            (acc * 10 + u32::from(b - b'0')) % 97
        } else {
            (acc * 100 + u32::from(b - b'A') + 10) % 97
        }
    })
}

/// Does `bban` (ASCII alphanumeric) match a registry structure such as "4a6n8n"?
fn matches_structure(bban: &[u8], spec: &str) -> bool {
    let mut pos = 0usize;
    let mut count = 0usize;
    for ch in spec.bytes() {
        if ch.is_ascii_digit() {
            count = count * 10 + usize::from(ch - b'0');
            continue;
        }
        let Some(part) = bban.get(pos..pos + count) else {
            return false;
        };
        let ok = match ch {
            b'n' => part.iter().all(u8::is_ascii_digit),
            b'a' => part.iter().all(u8::is_ascii_uppercase),
            _ => part.iter().all(u8::is_ascii_alphanumeric),
        };
        if !ok {
            return false;
        }
        pos += count;
        count = 0;
    }
    pos == bban.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_table_is_sorted_and_consistent() {
        assert!(IBAN_COUNTRIES.windows(2).all(|w| w[0].code < w[1].code));
        for c in IBAN_COUNTRIES {
            // Each BBAN structure must add up to the IBAN length minus country and check digits.
            let mut total = 0;
            let mut n = 0;
            for b in c.bban.bytes() {
                if b.is_ascii_digit() {
                    n = n * 10 + usize::from(b - b'0');
                } else {
                    total += n;
                    n = 0;
                }
            }
            assert_eq!(total + 4, c.length, "{}", c.code);
        }
    }

    #[test]
    fn structure_matcher() {
        assert!(matches_structure(b"NWBK60161331926819", "4a6n8n"));
        assert!(!matches_structure(b"NWBK6016133192681X", "4a6n8n"));
        assert!(!matches_structure(b"NWBK601613319268", "4a6n8n"));
    }
}
