//! E-mail addresses: the WHATWG "valid e-mail address" (HTML Living Standard, input type=email) plus
//! internationalised domains and length limits.
//!
//! - Local part: 1+ of ASCII letters, digits and ``.!#$%&'*+/=?^_`{|}~-`` (dots anywhere, as WHATWG).
//!   Non-ASCII local parts (SMTPUTF8) are rejected. At most 64 octets.
//! - Domain: labels separated by dots (also the IDNA dots U+3002, U+FF0E, U+FF61), each 1..63 octets in
//!   ASCII form, no leading or trailing hyphen; ASCII labels of letters, digits and hyphens, Unicode
//!   labels of any non-ASCII characters except white space and controls (label syntax is checked on the
//!   Unicode form; Punycode is computed only to measure the ASCII length, no IDNA2008/UTS #46 mapping).
//!   Stricter than WHATWG: at least two labels and a top-level label that is not all digits, since a
//!   shop cannot deliver to "user@localhost" or an IP literal.
//! - At most 253 octets of ASCII domain and 254 octets for the whole address.
//!
//! Normalised form: the local part unchanged, the domain lower-cased (Unicode lower-casing for Unicode
//! labels), IDNA dots replaced by ".". Details: `domain-ascii` when the domain has Unicode labels.

use super::{punycode, FieldError, Report};

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

/// WHATWG `atext` or ".".
fn local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(c)
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
    for label in lowered.split('.') {
        match check_label(label) {
            Ok(ascii) => ascii_labels.push(ascii),
            Err(reason) => {
                report.error(&FieldError::InvalidEmail { reason });
                return None;
            }
        }
    }
    if ascii_labels.len() < 2 {
        report.error(&FieldError::InvalidEmail {
            reason: "domain-not-qualified",
        });
        return None;
    }
    if lowered
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        report.error(&FieldError::InvalidEmail {
            reason: "numeric-top-level-domain",
        });
        return None;
    }
    Some((lowered, ascii_labels.join(".")))
}

/// One lower-cased label: its ASCII form, or the reason it is invalid.
fn check_label(label: &str) -> Result<String, &'static str> {
    if label.is_empty() {
        return Err("empty-domain-label");
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err("domain-label-hyphen");
    }
    let ok = label.chars().all(|c| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '-'
        } else {
            !c.is_whitespace() && !c.is_control()
        }
    });
    if !ok {
        return Err("domain-character");
    }
    let ascii = if label.is_ascii() {
        label.to_string()
    } else if label.chars().count() > MAX_LABEL {
        // Punycode needs at least one character per code point: certainly too long, skip encoding.
        return Err("domain-label-too-long");
    } else {
        let encoded = punycode::encode(label).ok_or("domain-label-too-long")?;
        format!("xn--{encoded}")
    };
    if ascii.len() > MAX_LABEL {
        return Err("domain-label-too-long");
    }
    Ok(ascii)
}
