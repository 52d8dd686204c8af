//! The rulebook: Kassa's versioned JSON document of catalog, prices, taxes, shipping and checkout rules.
//!
//! `load` turns the text into a checked [`Rulebook`] in stages: limits on the raw text, the JSON syntax
//! (`json.rs`), the format version, the shape (`read.rs` reading the types of `schema.rs`: every unknown,
//! repeated, missing or wrong-typed key collected with its JSON Pointer), then — only if the shape has no
//! problem at all — every semantic check (`check.rs`), which also collects ALL findings before failing with
//! `rulebook-invalid`. docs/rulebook.md is the reference for the format.

mod check;
mod json;
pub mod model;
mod promotion_check;
pub mod promotion_model;
pub mod promotion_shape;
mod read;
pub mod schema;
pub mod time;

pub use model::*;
pub use promotion_model::*;

use crate::error::{CodeDoc, Coded, EngineError, Error, Param, Problem, Severity};
use crate::limits;
use sha2::{Digest, Sha256};

/// The rulebook format version this engine reads (the `kassa` key).
pub const FORMAT_VERSION: &str = "1";

/// Findings of the rulebook layer. Each becomes a problem at its JSON Pointer into the rulebook.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulebookError {
    /// The summary error of a rulebook that does not load; the findings are in `problems`.
    #[error("the rulebook has {count} problem(s)")]
    Invalid { count: usize },
    /// The `kassa` format version is not one this engine reads.
    #[error("unsupported rulebook format {found:?} (this engine reads {FORMAT_VERSION:?})")]
    FormatUnsupported { found: String },
    /// A key that the format does not define.
    #[error("unknown field: {detail}")]
    UnknownField { detail: String },
    /// A required key is absent.
    #[error("missing field: {detail}")]
    MissingField { detail: String },
    /// A value of the wrong JSON type or an unknown enum name.
    #[error("wrong type: {detail}")]
    WrongType { detail: String },
    /// A key written twice in one object (JSON leaves the meaning open; Kassa refuses to guess).
    #[error("duplicate key {key:?}")]
    DuplicateKey { key: String },
    /// A number outside its allowed range (negative price, zero step, ...).
    #[error("{value} is out of range: {expected}")]
    OutOfRange {
        value: String,
        expected: &'static str,
    },
    /// Two elements of one kind share an id.
    #[error("duplicate {kind} {id:?}")]
    DuplicateId { kind: &'static str, id: String },
    /// A reference to something the rulebook does not define.
    #[error("unknown {kind} {id:?}")]
    DanglingReference { kind: &'static str, id: String },
    /// Tier or band bounds are not strictly increasing, so ranges overlap.
    #[error("tier up-to {up_to} does not exceed the previous tier's {previous}")]
    TiersOverlapping { previous: String, up_to: String },
    /// The last tier or band must be open-ended (up-to null), and only the last.
    #[error("only the last tier must have up-to null")]
    TiersOpenEnd,
    /// A validity window that can never be open.
    #[error("valid-from {from} is not before valid-until {until}")]
    WindowImpossible { from: String, until: String },
    /// A timestamp that is not strict RFC 3339.
    #[error("invalid timestamp {input:?}: {reason}")]
    TimestampInvalid { input: String, reason: &'static str },
    /// A price (or shipping rate) must set exactly one pricing model.
    #[error("exactly one pricing model must be set ({found} given)")]
    PriceModelInvalid { found: usize },
    /// Two price lists of equal rank can both price the same SKU for the same cart.
    #[error("price lists {first:?} and {second:?} tie for sku {sku:?}")]
    PriceAmbiguous {
        sku: String,
        first: String,
        second: String,
    },
    /// Two rates of one shipping method can both apply to the same cart.
    #[error("shipping method {method:?} has two rates for the same currency and country")]
    RateAmbiguous { method: String },
    /// A promotion combines settings that cannot work together (an exclusive promotion with combines-with,
    /// amounts without a currency, units on a target that has none, ...).
    #[error("invalid promotion: {reason}")]
    PromotionInvalid { reason: &'static str },
}

pub const CODES: &[CodeDoc] = &[
    CodeDoc {
        code: "rulebook-invalid",
        layer: "rulebook",
        meaning: "The rulebook does not load; every finding is in problems.",
    },
    CodeDoc {
        code: "format-unsupported",
        layer: "rulebook",
        meaning: "The rulebook's kassa format version is not one this engine reads.",
    },
    CodeDoc {
        code: "unknown-field",
        layer: "rulebook",
        meaning: "The rulebook has a key the format does not define.",
    },
    CodeDoc {
        code: "missing-field",
        layer: "rulebook",
        meaning: "A required rulebook key is absent.",
    },
    CodeDoc {
        code: "wrong-type",
        layer: "rulebook",
        meaning: "A rulebook value has the wrong JSON type or an unknown enum name.",
    },
    CodeDoc {
        code: "duplicate-key",
        layer: "rulebook",
        meaning: "A rulebook object has the same key twice (reported at the second).",
    },
    CodeDoc {
        code: "out-of-range",
        layer: "rulebook",
        meaning: "A number is outside its allowed range (negative price, zero step, ...).",
    },
    CodeDoc {
        code: "duplicate-id",
        layer: "rulebook",
        meaning: "Two rulebook elements of one kind share an id.",
    },
    CodeDoc {
        code: "dangling-reference",
        layer: "rulebook",
        meaning: "A reference to an sku, category, currency, ... the rulebook does not define.",
    },
    CodeDoc {
        code: "tiers-overlapping",
        layer: "rulebook",
        meaning: "Tier or band up-to bounds are not strictly increasing.",
    },
    CodeDoc {
        code: "tiers-open-end",
        layer: "rulebook",
        meaning: "The last tier or band must have up-to null, and no other.",
    },
    CodeDoc {
        code: "window-impossible",
        layer: "rulebook",
        meaning: "A validity window's valid-from is not before its valid-until.",
    },
    CodeDoc {
        code: "timestamp-invalid",
        layer: "rulebook",
        meaning: "A timestamp is not strict RFC 3339.",
    },
    CodeDoc {
        code: "price-model-invalid",
        layer: "rulebook",
        meaning: "A price or shipping rate sets none or several pricing models.",
    },
    CodeDoc {
        code: "price-ambiguous",
        layer: "rulebook",
        meaning: "Two price lists of equal rank could both price an sku for one cart.",
    },
    CodeDoc {
        code: "rate-ambiguous",
        layer: "rulebook",
        meaning: "Two rates of one shipping method could both apply to one cart.",
    },
    CodeDoc {
        code: "promotion-invalid",
        layer: "rulebook",
        meaning: "A promotion combines settings that cannot work together (params: reason).",
    },
];

impl Coded for RulebookError {
    fn code(&self) -> &'static str {
        use RulebookError::*;
        match self {
            Invalid { .. } => "rulebook-invalid",
            FormatUnsupported { .. } => "format-unsupported",
            UnknownField { .. } => "unknown-field",
            MissingField { .. } => "missing-field",
            WrongType { .. } => "wrong-type",
            DuplicateKey { .. } => "duplicate-key",
            OutOfRange { .. } => "out-of-range",
            DuplicateId { .. } => "duplicate-id",
            DanglingReference { .. } => "dangling-reference",
            TiersOverlapping { .. } => "tiers-overlapping",
            TiersOpenEnd => "tiers-open-end",
            WindowImpossible { .. } => "window-impossible",
            TimestampInvalid { .. } => "timestamp-invalid",
            PriceModelInvalid { .. } => "price-model-invalid",
            PriceAmbiguous { .. } => "price-ambiguous",
            RateAmbiguous { .. } => "rate-ambiguous",
            PromotionInvalid { .. } => "promotion-invalid",
        }
    }

    fn params(&self) -> Vec<Param> {
        use RulebookError::*;
        match self {
            Invalid { count } => vec![Param::new("count", count)],
            FormatUnsupported { found } => vec![
                Param::new("found", found),
                Param::new("supported", FORMAT_VERSION),
            ],
            UnknownField { detail } | MissingField { detail } | WrongType { detail } => {
                vec![Param::new("detail", detail)]
            }
            DuplicateKey { key } => vec![Param::new("key", key)],
            OutOfRange { value, expected } => {
                vec![Param::new("value", value), Param::new("expected", expected)]
            }
            DuplicateId { kind, id } | DanglingReference { kind, id } => {
                vec![Param::new("kind", kind), Param::new("id", id)]
            }
            TiersOverlapping { previous, up_to } => {
                vec![Param::new("previous", previous), Param::new("up-to", up_to)]
            }
            TiersOpenEnd => Vec::new(),
            WindowImpossible { from, until } => {
                vec![Param::new("from", from), Param::new("until", until)]
            }
            TimestampInvalid { input, reason } => {
                vec![Param::new("input", input), Param::new("reason", reason)]
            }
            PriceModelInvalid { found } => vec![Param::new("found", found)],
            PriceAmbiguous { sku, first, second } => vec![
                Param::new("sku", sku),
                Param::new("first", first),
                Param::new("second", second),
            ],
            RateAmbiguous { method } => vec![Param::new("method", method)],
            PromotionInvalid { reason } => vec![Param::new("reason", reason)],
        }
    }
}

/// The summary error of a rulebook with findings.
pub(crate) fn invalid(problems: Vec<Problem>) -> Error {
    let mut e = RulebookError::Invalid {
        count: problems.len(),
    }
    .to_error("");
    e.problems = problems;
    e
}

/// Parse and check a rulebook; on failure every finding is in the error's `problems`.
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
                return Err(invalid(vec![RulebookError::FormatUnsupported { found }
                    .to_problem("/kassa", Severity::Error)]));
            }
        }
    }
    // Every shape problem is collected; the semantic checks run only on a rulebook without any.
    let mut problems = Vec::new();
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

/// The finding for a code that is not an ISO 3166-1 alpha-2 country (the fields layer's `unknown-country`).
pub fn unknown_country(code: &str) -> crate::fields::FieldError {
    crate::fields::FieldError::UnknownCountry {
        code: code.to_string(),
    }
}
