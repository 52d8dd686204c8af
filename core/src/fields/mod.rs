//! Stateless field validators (email, phone, postal code, IBAN, BIC, VAT id, card number, country and
//! currency codes): normalise, check, and explain.
//!
//! Every validator returns a [`FieldResult`]: `valid` is true when no problem has severity error,
//! `normalized` is set only when valid, `problems` lists every finding (path "" = the value itself) and
//! `details` carries facts found on the way (card brand, IBAN country, phone calling code, ...).
//! One submodule per validator; the reference tables live beside them (`*_data.rs`). docs/fields.md
//! describes the rules, the codes and where each table comes from.

mod bic;
mod card;
mod country;
mod currency;
mod email;
mod iban;
mod iban_data;
mod idna;
mod idna_data;
mod phone;
mod phone_data;
mod postal;
mod postal_data;
mod punycode;
mod subdivision;
mod vat;
mod vat_checks;

use crate::api::{DataVersion, FieldKind, FieldRequest, FieldResult};
use crate::error::{errors, Coded, Error, Param, Problem, Severity};
use crate::limits::{self, MAX_FIELD_REQUESTS};

pub use country::{is_country_code, is_eu_member};
pub use subdivision::is_subdivision_of;

errors! {
    /// Errors (and warnings) of the field validators. Every variant but the last is reported as a problem at path "". A
    /// currency code that is well formed but not in ISO 4217 reports the money layer's `unknown-currency`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum FieldError in "fields" {
        /// The value is empty or only white space.
        #[code = "empty-value"]
        #[error("the value is empty")]
        EmptyValue,
        /// An e-mail address does not have the WHATWG syntax (params: reason).
        #[code = "invalid-email"]
        #[error("invalid e-mail address: {reason}")]
        InvalidEmail { reason: &'static str },
        /// An e-mail local part (64), domain (253) or address (254) is too long (params: part, max, actual).
        #[code = "email-too-long"]
        #[error("e-mail {part} is too long: {actual} > {max} characters")]
        EmailTooLong {
            part: &'static str,
            max: usize,
            actual: usize,
        },
        /// A phone number has invalid characters or shape (params: reason).
        #[code = "invalid-phone"]
        #[error("invalid phone number: {reason}")]
        InvalidPhone { reason: &'static str },
        /// An international phone number starts with no assigned country calling code (params: digits).
        #[code = "unknown-calling-code"]
        #[error("no country calling code starts the number {digits:?}")]
        UnknownCallingCode { digits: String },
        /// A phone number's national part has a length its country does not use (params: calling-code, min,
        /// max, actual, allowed).
        #[code = "invalid-phone-length"]
        #[error(
            "phone number for +{calling_code} has {actual} national digits; allowed lengths: {allowed}"
        )]
        PhoneLength {
            calling_code: String,
            min: usize,
            max: usize,
            actual: usize,
            allowed: String,
        },
        /// A postal code does not have its country's format (params: country, example).
        #[code = "invalid-postal-code"]
        #[error("invalid postal code for {country}; example: {example}")]
        InvalidPostalCode {
            country: String,
            example: &'static str,
        },
        /// Warning: a postal code was given for a country without postal codes (params: country).
        #[code = "postal-code-not-used"]
        #[error("{country} has no postal codes")]
        PostalCodeNotUsed { country: String },
        /// A postal code or national phone number needs a country and none was given (params: kind).
        #[code = "country-required"]
        #[error("a country is needed to check a {kind}")]
        CountryRequired { kind: &'static str },
        /// A country code is not an ISO 3166-1 alpha-2 code (params: code).
        #[code = "unknown-country"]
        #[error("unknown country code {code:?}")]
        UnknownCountry { code: String },
        /// The kind of value does not exist or is not supported for the country (params: kind, country).
        #[code = "unsupported-country"]
        #[error("{kind} is not supported for {country}")]
        UnsupportedCountry { kind: &'static str, country: String },
        /// An IBAN has invalid characters or shape (params: reason).
        #[code = "invalid-iban"]
        #[error("invalid IBAN: {reason}")]
        InvalidIban { reason: &'static str },
        /// An IBAN has the wrong length for its country (params: country, expected, actual).
        #[code = "invalid-iban-length"]
        #[error("IBAN for {country} must have {expected} characters, not {actual}")]
        IbanLength {
            country: String,
            expected: usize,
            actual: usize,
        },
        /// An IBAN's account part does not match its country's structure (params: country, format).
        #[code = "invalid-iban-format"]
        #[error("IBAN account part for {country} does not match {format}")]
        IbanFormat {
            country: String,
            format: &'static str,
        },
        /// An IBAN's check digits are wrong (ISO 7064 MOD 97-10).
        #[code = "iban-checksum"]
        #[error("IBAN check digits are wrong")]
        IbanChecksum,
        /// A BIC does not have the ISO 9362 shape (params: reason).
        #[code = "invalid-bic"]
        #[error("invalid BIC: {reason}")]
        InvalidBic { reason: &'static str },
        /// A VAT number does not have its country's format (params: country, reason).
        #[code = "invalid-vat-id"]
        #[error("invalid VAT number for {country}: {reason}")]
        InvalidVatId {
            country: String,
            reason: &'static str,
        },
        /// A VAT number's check digit is wrong (params: country).
        #[code = "vat-checksum"]
        #[error("VAT number for {country} has a wrong check digit")]
        VatChecksum { country: String },
        /// A card number has characters other than digits, spaces and dashes (params: reason).
        #[code = "invalid-card-number"]
        #[error("invalid card number: {reason}")]
        InvalidCardNumber { reason: &'static str },
        /// A card number has a length its brand does not use (params: brand, allowed, actual).
        #[code = "invalid-card-length"]
        #[error("card number has {actual} digits, expected {allowed}")]
        CardLength {
            brand: Option<&'static str>,
            allowed: String,
            actual: usize,
        },
        /// A card number fails the Luhn check.
        #[code = "card-checksum"]
        #[error("card number fails the Luhn check")]
        CardChecksum,
        /// Warning: a card number passes the Luhn check but its prefix belongs to no known brand.
        #[code = "unknown-card-brand"]
        #[error("card brand not recognised")]
        UnknownCardBrand,
        /// A currency code is not three letters (params: code).
        #[code = "invalid-currency-code"]
        #[error("invalid currency code {code:?}")]
        InvalidCurrencyCode { code: String },
        /// The JSON of a batch (`validate-fields-json`) is not one; its findings are in problems, each at its
        /// pointer (the first 100; params count, omitted). The one variant that is a call's error, not a
        /// field's problem.
        #[code = "field-requests-invalid"]
        #[error("the field requests have {count} problem(s){}", crate::error::not_listed(.omitted))]
        RequestsInvalid {
            count: usize,
            omitted: Option<usize>,
        },
    }
}

/// Where the validators' data comes from: the generated tables report their own source (tools/refdata);
/// the rest are small hand-kept tables, each with its source.
pub fn data_versions() -> Vec<DataVersion> {
    let v = |name: &str, source: &str, date: &str| DataVersion {
        name: name.to_string(),
        source: source.to_string(),
        date: date.to_string(),
    };
    vec![
        v(
            "country-codes",
            "ISO 3166-1 alpha-2, officially assigned codes (as in Debian iso-codes via pycountry 26.2.16)",
            "2026-02",
        ),
        v(
            "eu-members",
            "EU member states (27, since 2020-02-01)",
            "2020-02",
        ),
        v(phone_data::DATA_NAME, phone_data::DATA_SOURCE, phone_data::DATA_DATE),
        v(postal_data::DATA_NAME, postal_data::DATA_SOURCE, postal_data::DATA_DATE),
        v(iban_data::DATA_NAME, iban_data::DATA_SOURCE, iban_data::DATA_DATE),
        v(idna_data::DATA_NAME, idna_data::DATA_SOURCE, idna_data::DATA_DATE),
        v(
            "vat-id-formats",
            "EU VIES formats and national check-digit algorithms (cross-checked with python-stdnum 2.2)",
            "2026-01",
        ),
        v(
            "card-brands",
            "Card network IIN ranges and lengths (networks' published ranges; Wikipedia 'Payment card number')",
            "2024-06",
        ),
    ]
}

/// Validate a batch of fields: one result per request, in order, each what [`validate_field`] gives. More
/// than [`MAX_FIELD_REQUESTS`] requests are refused (`limit-exceeded` at `/requests`) before any is validated.
pub fn validate_fields(requests: &[FieldRequest]) -> Result<Vec<FieldResult>, Error> {
    limits::check(
        "field-requests",
        MAX_FIELD_REQUESTS,
        requests.len() as u64,
        "/requests",
    )?;
    Ok(requests
        .iter()
        .map(|r| validate_field(r.kind, &r.value, r.country.as_deref()))
        .collect())
}

/// Validate and normalise one field; `country` is used by postal codes and national phone numbers.
pub fn validate_field(kind: FieldKind, value: &str, country: Option<&str>) -> FieldResult {
    let mut report = Report::default();
    match kind {
        FieldKind::Email => email::validate(value, &mut report),
        FieldKind::Phone => phone::validate(value, country, &mut report),
        FieldKind::PostalCode => postal::validate(value, country, &mut report),
        FieldKind::Iban => iban::validate(value, &mut report),
        FieldKind::Bic => bic::validate(value, &mut report),
        FieldKind::VatId => vat::validate(value, &mut report),
        FieldKind::CardNumber => card::validate(value, &mut report),
        FieldKind::CountryCode => country::validate(value, &mut report),
        FieldKind::CurrencyCode => currency::validate(value, &mut report),
    }
    report.finish()
}

/// What a validator found, turned into a [`FieldResult`] by [`Report::finish`].
#[derive(Debug, Default)]
pub(crate) struct Report {
    normalized: Option<String>,
    problems: Vec<Problem>,
    details: Vec<Param>,
}

impl Report {
    fn error(&mut self, e: &dyn Coded) {
        self.problems.push(e.to_problem("", Severity::Error));
    }

    fn warning(&mut self, e: &dyn Coded) {
        self.problems.push(e.to_problem("", Severity::Warning));
    }

    fn detail(&mut self, name: &str, value: impl std::fmt::Display) {
        self.details.push(Param::new(name, value));
    }

    fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// Record the normalised value; it is only returned if no error was reported.
    fn normalized(&mut self, value: String) {
        self.normalized = Some(value);
    }

    fn finish(self) -> FieldResult {
        let valid = !self.has_errors();
        FieldResult {
            valid,
            normalized: if valid { self.normalized } else { None },
            problems: self.problems,
            details: self.details,
        }
    }
}

/// The value without white space (any Unicode white space) and without the given separator characters,
/// ASCII letters upper-cased. Non-ASCII characters are kept as they are, so validators reject them.
fn compact_upper(value: &str, separators: &[char]) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !separators.contains(c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A `country` argument trimmed and upper-cased; `Ok(None)` when absent or blank. Kosovo's "XK" (user
/// assigned, but used by the IBAN registry, SWIFT, the EU and libaddressinput) is accepted here.
fn country_argument(country: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(raw) = country else { return Ok(None) };
    let code = raw.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Ok(None);
    }
    if is_region_code(&code) {
        Ok(Some(code))
    } else {
        Err(FieldError::UnknownCountry {
            code: raw.trim().to_string(),
        })
    }
}

/// ISO 3166-1 alpha-2 or Kosovo's "XK": the codes the postal, phone, IBAN and BIC tables use.
fn is_region_code(code: &str) -> bool {
    code == "XK" || is_country_code(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One value of every variant: each code is in CODES, and CODES has no code no variant produces.
    #[test]
    fn every_variant_code_is_in_the_table() {
        let s = String::new;
        let all = [
            FieldError::EmptyValue,
            FieldError::InvalidEmail { reason: "r" },
            FieldError::EmailTooLong {
                part: "p",
                max: 1,
                actual: 2,
            },
            FieldError::InvalidPhone { reason: "r" },
            FieldError::UnknownCallingCode { digits: s() },
            FieldError::PhoneLength {
                calling_code: s(),
                min: 1,
                max: 2,
                actual: 3,
                allowed: s(),
            },
            FieldError::InvalidPostalCode {
                country: s(),
                example: "e",
            },
            FieldError::PostalCodeNotUsed { country: s() },
            FieldError::CountryRequired { kind: "k" },
            FieldError::UnknownCountry { code: s() },
            FieldError::UnsupportedCountry {
                kind: "k",
                country: s(),
            },
            FieldError::InvalidIban { reason: "r" },
            FieldError::IbanLength {
                country: s(),
                expected: 1,
                actual: 2,
            },
            FieldError::IbanFormat {
                country: s(),
                format: "f",
            },
            FieldError::IbanChecksum,
            FieldError::InvalidBic { reason: "r" },
            FieldError::InvalidVatId {
                country: s(),
                reason: "r",
            },
            FieldError::VatChecksum { country: s() },
            FieldError::InvalidCardNumber { reason: "r" },
            FieldError::CardLength {
                brand: None,
                allowed: s(),
                actual: 1,
            },
            FieldError::CardChecksum,
            FieldError::UnknownCardBrand,
            FieldError::InvalidCurrencyCode { code: s() },
            FieldError::RequestsInvalid {
                count: 2,
                omitted: None,
            },
        ];
        let produced: std::collections::BTreeSet<&str> = all.iter().map(Coded::code).collect();
        let listed: std::collections::BTreeSet<&str> = CODES.iter().map(|c| c.code).collect();
        assert_eq!(produced, listed);
        assert_eq!(listed.len(), CODES.len());
        assert!(CODES.iter().all(|c| c.layer == "fields"));
        for e in &all {
            assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn data_versions_name_every_table_once() {
        let v = data_versions();
        let names: std::collections::BTreeSet<_> = v.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names.len(), v.len());
        assert!(v
            .iter()
            .all(|d| !d.name.is_empty() && !d.source.is_empty() && !d.date.is_empty()));
    }
}
