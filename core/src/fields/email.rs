//! E-mail addresses: the WHATWG "valid e-mail address" (HTML Living Standard, input type=email) plus
//! internationalised domains checked by IDNA2008 rules, and length limits.
//!
//! - Anywhere in the address: no Unicode format character (General Category Cf: U+200B, U+202E, U+FEFF,
//!   ZWJ/ZWNJ, ...), which would make two different addresses look the same.
//! - Local part: 1+ of ASCII letters, digits and ``.!#$%&'*+/=?^_`{|}~-`` (dots anywhere, as WHATWG).
//!   Non-ASCII local parts (SMTPUTF8) are rejected. At most 64 octets.
//! - Domain: labels separated by dots (also the IDNA dots U+3002, U+FF0E, U+FF61), lower-cased, each 1..63
//!   octets in ASCII form, no leading or trailing hyphen and no "--" in positions 3-4 except an "xn--"
//!   label; ASCII labels of letters, digits and hyphens; "xn--" labels must be Punycode of a valid Unicode
//!   label; Unicode labels must pass IDNA2008 (idna.rs: PVALID or CONTEXTO code points, no leading
//!   combining mark) and, in a domain with right-to-left labels, the Bidi rule. Stricter than WHATWG: at
//!   least two labels and a top-level label that is not all digits, since a shop cannot deliver to
//!   "user@localhost" or an IP literal.
//! - At most 253 octets of ASCII domain and 254 octets for the whole address.
//!
//! Normalised form: the local part unchanged, the domain lower-cased (Unicode lower-casing for Unicode
//! labels), IDNA dots replaced by ".". Nothing else is mapped: a character UTS #46 would map (full-width
//! letters, compatibility forms) is refused. Details: `domain-ascii` when the domain has Unicode labels.

use super::{idna, punycode, FieldError, Report};

const MAX_LOCAL: usize = 64;
const MAX_LABEL: usize = 63;
const MAX_DOMAIN: usize = 253;
const MAX_ADDRESS: usize = 254;

pub(super) fn validate(value: &str, report: &mut Report) {
    let address = value.trim();
    if address.is_empty() {
        report.error(&FieldError::EmptyValue);
        return;
    }
    if address.chars().any(idna::is_format) {
        report.error(&FieldError::InvalidEmail {
            reason: "format-character",
        });
        return;
    }
    let Some((local, domain)) = address.split_once('@') else {
        report.error(&FieldError::InvalidEmail {
            reason: "missing-at-sign",
        });
        return;
    };
    check_local(local, report);
    if domain.contains('@') {
        report.error(&FieldError::InvalidEmail {
            reason: "several-at-signs",
        });
        return;
    }
    let Some((domain, ascii)) = check_domain(domain, report) else {
        return;
    };
    if ascii.len() > MAX_DOMAIN {
        report.error(&FieldError::EmailTooLong {
            part: "domain",
            max: MAX_DOMAIN,
            actual: ascii.len(),
        });
    }
    let total = local.len() + 1 + ascii.len();
    // Only worth saying when both parts are fine on their own.
    if !report.has_errors() && total > MAX_ADDRESS {
        report.error(&FieldError::EmailTooLong {
            part: "address",
            max: MAX_ADDRESS,
            actual: total,
        });
    }
    if ascii != domain {
        report.detail("domain-ascii", &ascii);
    }
    report.normalized(format!("{local}@{domain}"));
}

/// WHATWG `atext` or ".". (Bytes, not `str::contains(char)`: that searches for a non-ASCII char as a
/// substring, which brings std's substring searcher into the browser build, ~1 KB gzip.)
fn local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || u8::try_from(c).is_ok_and(|b| b"!#$%&'*+/=?^_`{|}~-.".contains(&b))
}

fn check_local(local: &str, report: &mut Report) {
    if local.is_empty() {
        report.error(&FieldError::InvalidEmail {
            reason: "empty-local-part",
        });
    } else if !local.chars().all(local_char) {
        report.error(&FieldError::InvalidEmail {
            reason: "local-part-character",
        });
    } else if local.len() > MAX_LOCAL {
        report.error(&FieldError::EmailTooLong {
            part: "local-part",
            max: MAX_LOCAL,
            actual: local.len(),
        });
    }
}

/// The lower-cased domain and its ASCII (Punycode) form, or `None` after reporting what is wrong.
fn check_domain(domain: &str, report: &mut Report) -> Option<(String, String)> {
    if domain.is_empty() {
        report.error(&FieldError::InvalidEmail {
            reason: "empty-domain",
        });
        return None;
    }
    let lowered: String = domain
        .chars()
        .map(|c| match c {
            '\u{3002}' | '\u{FF0E}' | '\u{FF61}' => '.',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let mut ascii_labels = Vec::new();
    let mut unicode_labels = Vec::new();
    for label in lowered.split('.') {
        match check_label(label) {
            Ok((ascii, unicode)) => {
                ascii_labels.push(ascii);
                unicode_labels.push(unicode);
            }
            Err(reason) => {
                report.error(&FieldError::InvalidEmail { reason });
                return None;
            }
        }
    }
    if let Err(reason) = idna::check_bidi(&unicode_labels) {
        report.error(&FieldError::InvalidEmail { reason });
        return None;
    }
    if ascii_labels.len() < 2 {
        report.error(&FieldError::InvalidEmail {
            reason: "domain-not-qualified",
        });
        return None;
    }
    // The top-level domain: after the last '.' (a byte search: `rsplit('.')` brings a reverse char searcher
    // into the browser build for this one use).
    let tld = lowered
        .bytes()
        .rposition(|b| b == b'.')
        .map_or(lowered.as_str(), |i| &lowered[i + 1..]);
    if tld.bytes().all(|b| b.is_ascii_digit()) {
        report.error(&FieldError::InvalidEmail {
            reason: "numeric-top-level-domain",
        });
        return None;
    }
    Some((lowered, ascii_labels.join(".")))
}

/// One lower-cased label: its ASCII and Unicode forms, or the reason it is invalid.
fn check_label(label: &str) -> Result<(String, String), &'static str> {
    if label.is_empty() {
        return Err("empty-domain-label");
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err("domain-label-hyphen");
    }
    // "--" in positions 3-4 is reserved for encodings (RFC 5891 4.2.3.1); "xn--" is Punycode.
    let reserved = hyphens_at_3_and_4(label);
    if label.is_ascii() {
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err("domain-character");
        }
        if label.len() > MAX_LABEL {
            return Err("domain-label-too-long");
        }
        let unicode = match label.strip_prefix("xn--") {
            Some(encoded) => a_label(encoded)?,
            None if reserved => return Err("domain-label-hyphen"),
            None => label.to_string(),
        };
        return Ok((label.to_string(), unicode));
    }
    if reserved {
        return Err("domain-label-hyphen");
    }
    idna::check_label(label)?;
    if label.char_indices().nth(MAX_LABEL).is_some() {
        // Punycode needs at least one character per code point: certainly too long, skip encoding.
        return Err("domain-label-too-long");
    }
    let encoded = punycode::encode(label).ok_or("domain-label-too-long")?;
    let ascii = format!("xn--{encoded}");
    if ascii.len() > MAX_LABEL {
        return Err("domain-label-too-long");
    }
    Ok((ascii, label.to_string()))
}

/// Whether the 3rd and 4th characters are "--" (written out rather than with `skip` and `Iterator::eq`: less
/// generic iterator code in the browser build).
fn hyphens_at_3_and_4(label: &str) -> bool {
    let mut chars = label.chars();
    let _first_two = (chars.next(), chars.next());
    chars.next() == Some('-') && chars.next() == Some('-')
}

/// The Unicode form of an "xn--" label: valid Punycode of a valid Unicode label with at least one non-ASCII
/// character, which encodes back to the same text (RFC 5891 5.4), else `domain-punycode`.
fn a_label(encoded: &str) -> Result<String, &'static str> {
    let unicode = punycode::decode(encoded)
        .filter(|u| !u.is_ascii() && punycode::encode(u).as_deref() == Some(encoded))
        .ok_or("domain-punycode")?;
    let reserved = hyphens_at_3_and_4(&unicode);
    if unicode.starts_with('-') || unicode.ends_with('-') || reserved {
        return Err("domain-label-hyphen");
    }
    if unicode.chars().any(idna::is_format) {
        return Err("format-character");
    }
    idna::check_label(&unicode)?;
    Ok(unicode)
}
