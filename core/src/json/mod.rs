//! JSON inputs: the one strict parser (`parse.rs`) and the shape reader on its tree (`read.rs`), shared by the
//! rulebook and the wire format (the canonical JSON of carts and orders, `wire/`).
//!
//! The findings about a document's shape are declared here, once, for every JSON input: an unknown key, a
//! repeated key, a missing key, a value of the wrong JSON type, an integer outside its type, text that is not
//! Unicode. Each is reported at its JSON Pointer; the caller decides the summary (`rulebook-invalid`,
//! `cart-invalid`, a validation report).

pub mod parse;
pub mod read;

pub use parse::{parse, parse_bytes, BadText, Json};

use crate::error::errors;

errors! {
    /// Findings about the shape of a JSON input (a rulebook, a cart, an order), each at its JSON Pointer.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum ShapeError in "json" {
        /// An object has a key its format does not define (params: detail, key; suggestion when the key is a
        /// known key spelt in another case or style, such as camelCase or snake_case, or off by a letter or two).
        #[code = "unknown-field"]
        #[error("unknown field: {detail}")]
        UnknownField {
            detail: String,
            key: String,
            suggestion: Option<&'static str>,
        },
        /// A required key is absent (reported at the object; params: detail, key).
        #[code = "missing-field"]
        #[error("missing field: {detail}")]
        MissingField { detail: String, key: &'static str },
        /// A value has the wrong JSON type or an unknown enum name (params: detail, expected, found), e.g. a JSON
        /// number where a decimal string is expected.
        #[code = "wrong-type"]
        #[error("wrong type: {detail}")]
        WrongType {
            detail: String,
            expected: String,
            found: &'static str,
        },
        /// An object has the same key twice (reported at the second).
        #[code = "duplicate-key"]
        #[error("duplicate key {key:?}")]
        DuplicateKey { key: String },
        /// A number is outside its allowed range: an integer outside its type, or a rulebook value outside its
        /// domain (negative price, zero step, ...).
        #[code = "out-of-range"]
        #[error("{value} is out of range: {expected}")]
        OutOfRange {
            value: String,
            expected: &'static str,
        },
        /// A string or key of a JSON input is not Unicode text: invalid UTF-8 or a lone UTF-16 surrogate escape
        /// (params: reason, `invalid-utf-8` or `lone-surrogate`; detail).
        #[code = "invalid-unicode"]
        #[error("not Unicode text: {detail}")]
        InvalidUnicode { reason: &'static str, detail: String },
    }
}
