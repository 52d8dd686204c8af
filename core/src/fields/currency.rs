//! The `currency-code` validator: ISO 4217 alphabetic codes, looked up in the money layer's table.

use super::{FieldError, Report};
use crate::money::{lookup_currency, MoneyError};

/// Trims and upper-cases; three ASCII letters that are not in the table report money's `unknown-currency`
/// (that code belongs to the money layer and is not listed again in this layer's `CODES`).
pub(super) fn validate(value: &str, report: &mut Report) {
    let code = value.trim().to_ascii_uppercase();
    if code.is_empty() {
        report.error(&FieldError::EmptyValue);
        return;
    }
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        report.error(&FieldError::InvalidCurrencyCode {
            code: value.trim().to_string(),
        });
        return;
    }
    match lookup_currency(&code) {
        Some(entry) => {
            report.detail("numeric", entry.numeric);
            report.detail("minor-units", entry.minor_units);
            report.normalized(code);
        }
        None => report.error(&MoneyError::UnknownCurrency { code }),
    }
}
