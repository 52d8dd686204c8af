//! Stateless field validators (email, phone, postal code, IBAN, BIC, VAT id, card number, country and
//! currency codes): normalise, check, and explain.

use crate::api::{DataVersion, FieldKind, FieldResult};
use crate::error::{CodeDoc, Coded, EngineError, Severity};

/// Error codes this layer can produce (part of the public table in docs/errors.md).
pub const CODES: &[CodeDoc] = &[];

/// Where the validators' data comes from.
pub fn data_versions() -> Vec<DataVersion> {
    Vec::new()
}

/// Validate and normalise one field; `country` is used by postal codes and national phone numbers.
pub fn validate_field(_kind: FieldKind, _value: &str, _country: Option<&str>) -> FieldResult {
    let problem = EngineError::Unimplemented {
        operation: "validate-field",
    }
    .to_problem("", Severity::Error);
    FieldResult {
        valid: false,
        normalized: None,
        problems: vec![problem],
        details: Vec::new(),
    }
}
