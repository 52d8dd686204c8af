//! BIC (ISO 9362): 4 letters institution, 2 letters country (ISO 3166 or XK), 2 letters/digits location,
//! optional 3 letters/digits branch. Normalised: upper case, no spaces; the length (8 or 11) is kept.

use super::{compact_upper, is_region_code, FieldError, Report};

pub(super) fn validate(value: &str, report: &mut Report) {
    let bic = compact_upper(value, &[]);
    if bic.is_empty() {
        report.error(&FieldError::EmptyValue);
        return;
    }
    if !bic.bytes().all(|b| b.is_ascii_alphanumeric()) {
        report.error(&FieldError::InvalidBic {
            reason: "characters",
        });
        return;
    }
    if bic.len() != 8 && bic.len() != 11 {
        report.error(&FieldError::InvalidBic { reason: "length" });
        return;
    }
    // ASCII only from here on: byte slicing is safe.
    let b = bic.as_bytes();
    if !b[..4].iter().all(u8::is_ascii_uppercase) {
        report.error(&FieldError::InvalidBic {
            reason: "institution",
        });
    }
    let country = &bic[4..6];
    if !b[4..6].iter().all(u8::is_ascii_uppercase) {
        report.error(&FieldError::InvalidBic { reason: "country" });
    } else if !is_region_code(country) {
        report.error(&FieldError::UnknownCountry {
            code: country.to_string(),
        });
    }
    report.detail("institution", &bic[..4]);
    report.detail("country", country);
    report.detail("location", &bic[6..8]);
    if bic.len() == 11 {
        report.detail("branch", &bic[8..]);
    }
    report.normalized(bic);
}
