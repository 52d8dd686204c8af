//! VAT identification numbers: the 27 EU member states (VIES prefixes, Greece "EL"; "GR" is accepted
//! and written "EL"), the United Kingdom ("GB", and "XI" for Northern Ireland), Switzerland ("CHE",
//! optional MWST/TVA/IVA/TPV) and Norway (optional "MVA"). Each country's format and, where one exists,
//! its check-digit algorithm; the algorithms are in vat_checks.rs.
//!
//! Input: upper-cased, white space, dashes, dots and slashes removed; the country prefix is required
//! (the `country` argument is not used, as the WIT contract says). Normalised form: prefix + the
//! national number in its full-length form (BE and EL 8/9-digit numbers get their leading zero, NL its
//! zero-padded 9 digits).

use super::vat_checks as check;
use super::{compact_upper, is_region_code, FieldError, Report};

/// Why a national number was rejected.
pub(super) enum Fail {
    /// Wrong number of characters.
    Length,
    /// Right length, wrong characters or structure.
    Format,
    /// The check digit does not match.
    Checksum,
}

pub(super) type Checked = Result<String, Fail>;

pub(super) fn validate(value: &str, report: &mut Report) {
    let compact = compact_upper(value, &['-', '.', '/']);
    if compact.is_empty() {
        report.error(&FieldError::EmptyValue);
        return;
    }
    // Letters, digits, and "+" / "*" (old Irish numbers) only; from here on all ASCII.
    if !compact
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'*')
    {
        report.error(&FieldError::InvalidVatId {
            country: String::new(),
            reason: "characters",
        });
        return;
    }
    let prefix = compact.get(..2).unwrap_or("");
    if prefix.len() < 2 || !prefix.bytes().all(|b| b.is_ascii_uppercase()) {
        report.error(&FieldError::InvalidVatId {
            country: String::new(),
            reason: "missing-country-prefix",
        });
        return;
    }
    let body = &compact[2..];
    let prefix = if prefix == "GR" { "EL" } else { prefix };
    let country = match prefix {
        "EL" => "GR",
        "XI" => "GB",
        other => other,
    };
    let checked = match prefix {
        "AT" => check::at(body),
        "BE" => check::be(body),
        "BG" => check::bg(body),
        "CY" => check::cy(body),
        "CZ" => check::cz(body),
        "DE" => check::de(body),
        "DK" => check::dk(body),
        "EE" => check::ee(body),
        "EL" => check::el(body),
        "ES" => check::es(body),
        "FI" => check::fi(body),
        "FR" => check::fr(body),
        "HR" => check::hr(body),
        "HU" => check::hu(body),
        "IE" => check::ie(body),
        "IT" => check::it(body),
        "LT" => check::lt(body),
        "LU" => check::lu(body),
        "LV" => check::lv(body),
        "MT" => check::mt(body),
        "NL" => check::nl(body),
        "PL" => check::pl(body),
        "PT" => check::pt(body),
        "RO" => check::ro(body),
        "SE" => check::se(body),
        "SI" => check::si(body),
        "SK" => check::sk(body),
        "GB" | "XI" => check::gb(body),
        "CH" => check::ch(body),
        "NO" => check::no(body),
        _ => {
            if is_region_code(prefix) {
                report.error(&FieldError::UnsupportedCountry {
                    kind: "vat-id",
                    country: prefix.to_string(),
                });
            } else {
                report.error(&FieldError::UnknownCountry {
                    code: prefix.to_string(),
                });
            }
            return;
        }
    };
    report.detail("country", country);
    report.detail("prefix", prefix);
    let country = country.to_string();
    match checked {
        Ok(number) => report.normalized(format!("{prefix}{number}")),
        Err(Fail::Length) => report.error(&FieldError::InvalidVatId {
            country,
            reason: "length",
        }),
        Err(Fail::Format) => report.error(&FieldError::InvalidVatId {
            country,
            reason: "format",
        }),
        Err(Fail::Checksum) => report.error(&FieldError::VatChecksum { country }),
    }
}
