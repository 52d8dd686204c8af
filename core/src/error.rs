//! The one error shape every host sees: `{code, path, message, params}`, plus the table of codes.
//!
//! Each layer (money, fields, rulebook, pricing, ...) has its own flat `thiserror` enum and implements
//! [`Coded`] for it; this module turns any of them into the wire [`Error`] or [`Problem`]. Codes are a public
//! contract: every code a layer can produce is listed in that layer's `CODES` table, [`all_codes`] gathers them
//! for docs/errors.md, and a test checks that the table and the docs agree. Never rename a code.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One named parameter of a message template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub name: String,
    pub value: String,
}

impl Param {
    pub fn new(name: &str, value: impl fmt::Display) -> Param {
        Param {
            name: name.to_string(),
            value: value.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warning,
}

/// A single finding: a validation violation, a rulebook problem, a quote warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Problem {
    pub code: String,
    pub path: String,
    pub message: String,
    pub params: Vec<Param>,
    pub severity: Severity,
}

/// A failed call. `problems` is non-empty only when the failure has several findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Error {
    pub code: String,
    pub path: String,
    pub message: String,
    pub params: Vec<Param>,
    pub problems: Vec<Problem>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code, self.message)
        } else {
            write!(f, "{} at {}: {}", self.code, self.path, self.message)
        }
    }
}

impl std::error::Error for Error {}

/// Documentation of one error code, for the public table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeDoc {
    pub code: &'static str,
    /// Which layer produces it ("money", "fields", ...).
    pub layer: &'static str,
    /// When it happens, in one sentence.
    pub meaning: &'static str,
}

/// A layer error that knows its stable code and its message parameters.
pub trait Coded: fmt::Display {
    /// The stable kebab-case code; must appear in the layer's `CODES` table.
    fn code(&self) -> &'static str;
    /// The parameters the message was rendered from.
    fn params(&self) -> Vec<Param>;

    /// This error as a wire error at `path` (a JSON Pointer into the input).
    fn to_error(&self, path: &str) -> Error {
        Error {
            code: self.code().to_string(),
            path: path.to_string(),
            message: self.to_string(),
            params: self.params(),
            problems: Vec::new(),
        }
    }

    /// This error as a finding at `path`.
    fn to_problem(&self, path: &str, severity: Severity) -> Problem {
        Problem {
            code: self.code().to_string(),
            path: path.to_string(),
            message: self.to_string(),
            params: self.params(),
            severity,
        }
    }
}

impl Error {
    /// An error that carries several findings under one summary code.
    pub fn with_problems(code: &str, message: String, problems: Vec<Problem>) -> Error {
        Error {
            code: code.to_string(),
            path: String::new(),
            params: vec![Param::new("count", problems.len())],
            message,
            problems,
        }
    }

    /// The value of the parameter `name`, if the error has one (e.g. `limit` of `limit-exceeded`).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }
}

/// Errors of the engine's own plumbing (not of a business layer).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The input is not valid JSON or does not match the expected shape.
    #[error("invalid JSON: {detail}")]
    InvalidJson { detail: String },
    /// A documented limit was exceeded before any heavy work was done.
    #[error("limit {limit} exceeded: {actual} > {max}")]
    LimitExceeded {
        limit: &'static str,
        max: u64,
        actual: u64,
    },
    /// The operation is part of the contract but its logic is not written yet.
    #[error("{operation} is not implemented yet")]
    Unimplemented { operation: &'static str },
    /// An invariant the engine checks before returning did not hold: a bug, reported instead of a wrong answer.
    #[error("internal invariant violated: {invariant}")]
    InvariantViolated { invariant: String },
}

pub const CODES: &[CodeDoc] = &[
    CodeDoc {
        code: "invalid-json",
        layer: "engine",
        meaning: "A JSON input is malformed or has the wrong shape.",
    },
    CodeDoc {
        code: "limit-exceeded",
        layer: "engine",
        meaning: "An input is larger than a documented limit (params name the limit).",
    },
    CodeDoc {
        code: "unimplemented",
        layer: "engine",
        meaning: "The operation exists in the contract but is not implemented yet.",
    },
    CodeDoc {
        code: "invariant-violated",
        layer: "engine",
        meaning: "A self-check failed; the engine refuses to return a possibly wrong answer.",
    },
];

impl Coded for EngineError {
    fn code(&self) -> &'static str {
        match self {
            EngineError::InvalidJson { .. } => "invalid-json",
            EngineError::LimitExceeded { .. } => "limit-exceeded",
            EngineError::Unimplemented { .. } => "unimplemented",
            EngineError::InvariantViolated { .. } => "invariant-violated",
        }
    }

    fn params(&self) -> Vec<Param> {
        match self {
            EngineError::InvalidJson { detail } => vec![Param::new("detail", detail)],
            EngineError::LimitExceeded { limit, max, actual } => vec![
                Param::new("limit", limit),
                Param::new("max", max),
                Param::new("actual", actual),
            ],
            EngineError::Unimplemented { operation } => vec![Param::new("operation", operation)],
            EngineError::InvariantViolated { invariant } => {
                vec![Param::new("invariant", invariant)]
            }
        }
    }
}

/// Every code of every layer, in table order: the source of docs/errors.md.
pub fn all_codes() -> Vec<&'static CodeDoc> {
    CODES
        .iter()
        .chain(crate::money::CODES)
        .chain(crate::fields::CODES)
        .chain(crate::rulebook::CODES)
        .chain(crate::pricing::CODES)
        .chain(crate::promotion::CODES)
        .chain(crate::validation::CODES)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let codes = all_codes();
        let mut seen = std::collections::BTreeSet::new();
        for c in &codes {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            assert!(
                !c.code.is_empty()
                    && c.code.split('-').all(|w| !w.is_empty()
                        && w.chars()
                            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit())),
                "code {:?} is not kebab-case",
                c.code
            );
            assert!(!c.meaning.is_empty());
        }
    }

    #[test]
    fn engine_error_renders_message_and_params() {
        let e = EngineError::LimitExceeded {
            limit: "max-lines",
            max: 1000,
            actual: 1001,
        }
        .to_error("/lines");
        assert_eq!(e.code, "limit-exceeded");
        assert_eq!(e.path, "/lines");
        assert_eq!(e.message, "limit max-lines exceeded: 1001 > 1000");
        assert_eq!(e.params[0], Param::new("limit", "max-lines"));
    }
}
