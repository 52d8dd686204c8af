//! The rulebook: Kassa's versioned JSON document of catalog, prices, taxes, shipping and checkout rules.
//!
//! `load` turns the text into a checked [`Rulebook`] in stages: limits on the raw text, the JSON syntax
//! (`crate::json`), the format version, the shape (`json::read` reading the types of `schema.rs`: every unknown,
//! repeated, missing or wrong-typed key collected with its JSON Pointer), then — only if the shape has no
//! problem at all — every semantic check (`check/`), which also collects ALL findings before failing with
//! `rulebook-invalid`. docs/rulebook.md is the reference for the format.

mod check;
mod declare;
pub mod model;
pub mod promotion_model;
pub mod promotion_shape;
pub mod schema;
pub mod time;

pub use model::*;
pub use promotion_model::*;

use crate::error::{errors, Coded, EngineError, Error, Severity};
use crate::json::{self, read};
use crate::limits;
use crate::problems::Problems;
use sha2::{Digest, Sha256};

/// The rulebook format version this engine reads (the `kassa` key).
pub const FORMAT_VERSION: &str = "1";

errors! {
    /// Findings of the rulebook layer. Each becomes a problem at its JSON Pointer into the rulebook.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum RulebookError in "rulebook" {
        /// The rulebook does not load; its findings are in problems (the first 100; params count, omitted).
        #[code = "rulebook-invalid"]
        #[error("the rulebook has {count} problem(s){}", crate::error::not_listed(.omitted))]
        Invalid {
            count: usize,
            omitted: Option<usize>,
        },
        /// The rulebook's kassa format version is not one this engine reads.
        #[code = "format-unsupported"]
        #[error("unsupported rulebook format {found:?} (this engine reads {supported:?})")]
        FormatUnsupported {
            found: String,
            supported: &'static str,
        },
        /// Two rulebook elements of one kind share an id.
        #[code = "duplicate-id"]
        #[error("duplicate {kind} {id:?}")]
        DuplicateId { kind: &'static str, id: String },
        /// A reference to an sku, category, currency, ... the rulebook does not define.
        #[code = "dangling-reference"]
        #[error("unknown {kind} {id:?}")]
        DanglingReference { kind: &'static str, id: String },
        /// Tier or band up-to bounds are not strictly increasing.
        #[code = "tiers-overlapping"]
        #[error("tier up-to {up_to} does not exceed the previous tier's {previous}")]
        TiersOverlapping { previous: String, up_to: String },
        /// The last tier or band must have up-to null, and no other.
        #[code = "tiers-open-end"]
        #[error("only the last tier must have up-to null")]
        TiersOpenEnd,
        /// A validity window's valid-from is not before its valid-until.
        #[code = "window-impossible"]
        #[error("valid-from {from} is not before valid-until {until}")]
        WindowImpossible { from: String, until: String },
        /// Two tax rules of one category and place (country, region) are valid at the same moment and at
        /// least one of them is dated: dated rules are versions of one tax and must not overlap (params:
        /// first, second).
        #[code = "tax-windows-overlapping"]
        #[error("tax rules {first:?} and {second:?} of one category and place are valid at the same moment")]
        TaxWindowsOverlapping { first: String, second: String },
        /// A timestamp is not strict RFC 3339.
        #[code = "timestamp-invalid"]
        #[error("invalid timestamp {input:?}: {reason}")]
        TimestampInvalid { input: String, reason: &'static str },
        /// A price or shipping rate sets none or several pricing models.
        #[code = "price-model-invalid"]
        #[error("exactly one pricing model must be set ({found} given)")]
        PriceModelInvalid { found: usize },
        /// Two price lists of equal rank could both price an sku for one cart.
        #[code = "price-ambiguous"]
        #[error("price lists {first:?} and {second:?} tie for sku {sku:?}")]
        PriceAmbiguous {
            sku: String,
            first: String,
            second: String,
        },
        /// Two rates of one shipping method could both apply to one cart.
        #[code = "rate-ambiguous"]
        #[error("shipping method {method:?} has two rates for the same currency and country")]
        RateAmbiguous { method: String },
        /// A promotion combines settings that cannot work together (params: reason).
        #[code = "promotion-invalid"]
        #[error("invalid promotion: {reason}")]
        PromotionInvalid { reason: &'static str },
        /// A shipping rate's postal zone cannot match as written (params: reason).
        #[code = "postal-zone-invalid"]
        #[error("invalid postal zone: {reason}")]
        PostalZoneInvalid { reason: &'static str },
        /// A derived price list names a derived list (or itself) in derived-from: lists derive from lists
        /// with prices of their own, one step (params: list, derived-from).
        #[code = "derived-from-derived"]
        #[error("price list {list:?} derives from {derived_from:?}, itself derived")]
        DerivedFromDerived { list: String, derived_from: String },
        /// A price list's keys do not fit its kind: a derived list with prices of its own or a tax basis other
        /// than its source's, or a list that is not derived with rates or rounding (params: list, key).
        #[code = "derived-key-invalid"]
        #[error("price list {list:?}: {key} does not fit a list of its kind (derived or not)")]
        DerivedKeyInvalid { list: String, key: &'static str },
        /// A derived list's rates are not in time order with windows that do not overlap: each rate's
        /// valid-from must be present (but the first's) and not before the previous rate's valid-until, which
        /// must be present (params: list).
        #[code = "exchange-rates-unordered"]
        #[error("the rates of price list {list:?} are not in time order without overlap")]
        ExchangeRatesUnordered { list: String },
        /// An attribute declaration does not hold together (params: name, reason), e.g. a surcharge on a cart
        /// attribute or two surcharges for one value and currency.
        #[code = "attribute-invalid"]
        #[error("attribute {name:?}: {reason}")]
        AttributeInvalid { name: String, reason: &'static str },
    }
}

/// The summary error of a rulebook with findings: the first ones listed, all of them counted.
pub(crate) fn invalid(problems: Problems) -> Error {
    problems.into_error(|count, omitted| RulebookError::Invalid { count, omitted })
}

/// Parse and check a rulebook; on failure the findings are in the error's `problems` (the first 100 found, all
/// of them counted: docs/limits.md, `problems`).
pub fn load(text: &str) -> Result<Rulebook, Error> {
    limits::check(
        "rulebook-bytes",
        limits::MAX_RULEBOOK_BYTES,
        text.len() as u64,
        "",
    )?;
    limits::check(
        "rulebook-nesting",
        limits::MAX_NESTING,
        limits::json_nesting(text),
        "",
    )?;
    // Syntax first, so that a JSON syntax error is `invalid-json` and not a shape finding.
    let tree =
        json::parse(text).map_err(|detail| EngineError::InvalidJson { detail }.to_error(""))?;
    // The format version decides how to read the rest, so another version is the only finding. A `kassa`
    // that is not a string is a shape problem like any other (wrong-type, reported with the rest).
    if let json::Json::Obj(members) = &tree {
        if let Some((_, json::Json::Str(found))) = members.iter().find(|(k, _)| k == "kassa") {
            if found != FORMAT_VERSION {
                let found = found.clone();
                let e = RulebookError::FormatUnsupported {
                    found: found.to_string(),
                    supported: FORMAT_VERSION,
                };
                return Err(invalid(Problems::from_iter([
                    e.to_problem("/kassa", Severity::Error)
                ])));
            }
        }
    }
    // Every shape problem is collected; the semantic checks run only on a rulebook without any.
    let mut problems = Problems::new();
    let raw =
        <schema::RawRulebook as read::FromJson>::read(&tree, &read::Path::Root, &mut problems);
    let raw = match raw {
        Some(raw) if problems.is_empty() => raw,
        _ => return Err(invalid(problems)),
    };
    let hash = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    check::counts(&raw)?;
    check::compile(raw, hash).map_err(invalid)
}

/// Whether `code` is an ISO 3166-1 alpha-2 country code (the fields layer's table).
pub fn is_country(code: &str) -> bool {
    crate::fields::is_country_code(code)
}

/// Whether `code` is an ISO 3166-2 subdivision of `country` (the fields layer's table and shape check).
pub fn is_subdivision(code: &str, country: &str) -> bool {
    crate::fields::is_subdivision_of(code, country)
}

/// The finding for a code that is not an ISO 3166-1 alpha-2 country (the fields layer's `unknown-country`).
pub fn unknown_country(code: &str) -> crate::fields::FieldError {
    crate::fields::FieldError::UnknownCountry {
        code: code.to_string(),
    }
}
