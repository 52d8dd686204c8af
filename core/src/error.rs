//! The one error shape every host sees: `{code, path, message, params}`, and how a layer declares its errors.
//!
//! Each layer (money, fields, rulebook, pricing, ...) declares one flat `thiserror` enum with [`errors!`]: every
//! variant once, with its code, message, params and meaning. This module turns any of them into the wire
//! [`Error`] or [`Problem`]. Codes are a public contract: every code a layer can produce is in that layer's
//! `CODES` table, `codes::all` gathers them for docs/errors.md, and a test checks that the table and the docs
//! agree. Never rename a code. Nothing here depends on another module of the crate.

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
///
/// Its JSON (and the WIT record) also carries `text`, the error in one line ([`Error::text`]), computed from the
/// other fields whenever it is written out; reading a JSON error ignores a `text` it carries.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "ErrorIn")]
pub struct Error {
    pub code: String,
    pub path: String,
    pub message: String,
    pub params: Vec<Param>,
    pub problems: Vec<Problem>,
}

impl Error {
    /// The error in one line, the text every host shows for it (Go `Error()`, Python `str()`, JS `message`):
    ///
    /// `code: path: message (and N more problems)`
    ///
    /// - path and message are the error's own, or, when it lists problems, those of its first problem;
    /// - `: path` is left out when the path is "" (the whole input);
    /// - N counts the other problems, listed or not (the `count` param of `rulebook-invalid` and
    ///   `cart-invalid` counts every finding, docs/limits.md `problems`): ` (and 1 more problem)`, or nothing
    ///   when there is no other.
    ///
    /// Worked example: `cart-invalid` with `count` 2 whose first problem is `order-quantity-exceeded` at
    /// /lines/0/quantity, "quantity 12 is above the maximum of 10", reads
    /// `cart-invalid: /lines/0/quantity: quantity 12 is above the maximum of 10 (and 1 more problem)`.
    pub fn text(&self) -> String {
        self.to_string()
    }

    /// How many problems there are besides the one the text shows.
    fn others(&self) -> usize {
        let counted = self.param("count").and_then(|c| c.parse::<usize>().ok());
        counted
            .unwrap_or(0)
            .max(self.problems.len())
            .saturating_sub(1)
    }
}

impl fmt::Display for Error {
    /// [`Error::text`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, message) = match self.problems.first() {
            Some(p) => (&p.path, &p.message),
            None => (&self.path, &self.message),
        };
        f.write_str(&self.code)?;
        if !path.is_empty() {
            write!(f, ": {path}")?;
        }
        write!(f, ": {message}")?;
        match self.others() {
            0 => Ok(()),
            1 => f.write_str(" (and 1 more problem)"),
            n => write!(f, " (and {n} more problems)"),
        }
    }
}

/// The JSON of an [`Error`]: its fields and `text`.
impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Error", 6)?;
        out.serialize_field("code", &self.code)?;
        out.serialize_field("path", &self.path)?;
        out.serialize_field("message", &self.message)?;
        out.serialize_field("params", &self.params)?;
        out.serialize_field("problems", &self.problems)?;
        out.serialize_field("text", &self.text())?;
        out.end()
    }
}

/// An [`Error`] as read from JSON: `text` may be there (as written) and is recomputed, never trusted.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct ErrorIn {
    code: String,
    path: String,
    message: String,
    params: Vec<Param>,
    problems: Vec<Problem>,
    #[serde(default)]
    #[allow(dead_code)]
    // read so that the JSON Kassa writes reads back; recomputed from the rest
    text: Option<String>,
}

impl From<ErrorIn> for Error {
    fn from(e: ErrorIn) -> Error {
        Error {
            code: e.code,
            path: e.path,
            message: e.message,
            params: e.params,
            problems: e.problems,
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

    /// This error as a trait object (`self`; the `errors!` macro writes it).
    fn coded(&self) -> &dyn Coded;

    /// This error as a wire error at `path` (a JSON Pointer into the input).
    fn to_error(&self, path: &str) -> Error {
        error_of(self.coded(), path)
    }

    /// This error as a finding at `path`.
    fn to_problem(&self, path: &str, severity: Severity) -> Problem {
        problem_of(self.coded(), path, severity)
    }
}

/// The body of [`Coded::to_error`], on the trait object so that it exists once in the wasm and not once per
/// error enum (the message and params are reached through the vtable; error paths only).
fn error_of(e: &dyn Coded, path: &str) -> Error {
    Error {
        code: e.code().to_string(),
        path: path.to_string(),
        message: e.to_string(),
        params: e.params(),
        problems: Vec::new(),
    }
}

/// The body of [`Coded::to_problem`], once in the wasm (as [`error_of`]).
fn problem_of(e: &dyn Coded, path: &str, severity: Severity) -> Problem {
    Problem {
        code: e.code().to_string(),
        path: path.to_string(),
        message: e.to_string(),
        params: e.params(),
        severity,
    }
}

/// The end of a summary message whose problems were cut at the documented maximum (docs/limits.md,
/// `problems`): "; 199903 of them are not listed", or nothing.
pub fn not_listed(omitted: &Option<usize>) -> String {
    match omitted {
        Some(n) => format!("; {n} of them are not listed"),
        None => String::new(),
    }
}

impl Error {
    /// The value of the parameter `name`, if the error has one (e.g. `limit` of `limit-exceeded`).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }
}

/// A field of an error variant as message parameters: a value is one parameter, an absent `Option` none.
pub trait ParamValue {
    fn add_to(&self, name: &str, params: &mut Vec<Param>);
}

macro_rules! param_value {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn add_to(&self, name: &str, params: &mut Vec<Param>) {
                params.push(Param::new(name, self));
            }
        }
    )*};
}

param_value!(String, &str, usize, u32, u64);

impl<T: ParamValue> ParamValue for Option<T> {
    fn add_to(&self, name: &str, params: &mut Vec<Param>) {
        if let Some(v) = self {
            v.add_to(name, params);
        }
    }
}

/// The code table of one layer: one row per code, the first variant that states it giving the meaning
/// (a second variant may report the same code with another message).
pub const fn distinct_codes(rows: &[CodeDoc]) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < rows.len() {
        n += first_with_code(rows, i) as usize;
        i += 1;
    }
    n
}

/// `rows` without the repeats of a code (see [`distinct_codes`], which gives `N`).
pub const fn first_of_each<const N: usize>(rows: &[CodeDoc]) -> [CodeDoc; N] {
    let blank = CodeDoc {
        code: "",
        layer: "",
        meaning: "",
    };
    let mut out = [blank; N];
    let (mut o, mut i) = (0, 0);
    while i < rows.len() {
        if first_with_code(rows, i) {
            out[o] = rows[i];
            o += 1;
        }
        i += 1;
    }
    out
}

const fn first_with_code(rows: &[CodeDoc], i: usize) -> bool {
    let mut j = 0;
    while j < i {
        if str_eq(rows[j].code, rows[i].code) {
            return false;
        }
        j += 1;
    }
    true
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A layer's error enum, each variant declared once with everything about it:
///
/// ```text
/// errors! {
///     /// Errors of the money layer.
///     #[derive(Debug, Clone, PartialEq, Eq)]
///     pub enum MoneyError in "money" {
///         /// The meaning: one sentence for docs/errors.md, and the variant's doc.
///         #[code = "too-many-parts"]
///         #[error("too many parts: {count} > {max}")]
///         TooManyParts { count: u64, max: u32 },
///     }
/// }
/// ```
///
/// generates the enum with its `Display` (thiserror, from `#[error]`), [`Coded`] (the code, and one param per
/// field, in field order, named by the field in kebab case unless `#[param = "name"]` renames it; an absent
/// `Option` field gives none) and the layer's `CODES` table (one row per code, in variant order, the doc comment
/// as its meaning). Two variants may share a code; the first one's doc is the meaning.
macro_rules! errors {
    (
        $(#[$meta:meta])*
        pub enum $name:ident in $layer:literal {
            $(
                $(#[doc = $doc:literal])*
                #[code = $code:literal]
                #[error($($message:tt)+)]
                $variant:ident $({
                    $($(#[param = $param:literal])? $field:ident : $ty:ty),* $(,)?
                })?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(::thiserror::Error)]
        pub enum $name {
            $(
                $(#[doc = $doc])*
                #[error($($message)+)]
                $variant $({ $($field: $ty),* })?,
            )*
        }

        const CODE_ROWS: &[$crate::error::CodeDoc] = &[$(
            $crate::error::CodeDoc {
                code: $code,
                layer: $layer,
                meaning: $crate::names::doc_text(concat!($($doc),*)),
            },
        )*];

        /// Every code this layer reports (part of the public table in docs/errors.md).
        pub const CODES: &[$crate::error::CodeDoc] =
            &$crate::error::first_of_each::<{ $crate::error::distinct_codes(CODE_ROWS) }>(CODE_ROWS);

        impl $crate::error::Coded for $name {
            fn coded(&self) -> &dyn $crate::error::Coded {
                self
            }

            fn code(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $code,)*
                }
            }

            fn params(&self) -> Vec<$crate::error::Param> {
                #[allow(unused_mut)]
                let mut params = Vec::new();
                match self {
                    $(Self::$variant $({ $($field),* })? => {
                        $($(
                            $crate::error::ParamValue::add_to(
                                $field,
                                $crate::error::errors!(@name $field $($param)?),
                                &mut params,
                            );
                        )*)?
                    })*
                }
                params
            }
        }
    };
    (@name $field:ident) => {
        $crate::names::kebab!(snake $field)
    };
    (@name $field:ident $param:literal) => {
        $param
    };
}

pub(crate) use errors;

errors! {
    /// Errors of the engine's own plumbing (not of a business layer).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum EngineError in "engine" {
        /// A JSON input is malformed or has the wrong shape.
        #[code = "invalid-json"]
        #[error("invalid JSON: {detail}")]
        InvalidJson { detail: String },
        /// An input is larger than a documented limit (params name the limit).
        #[code = "limit-exceeded"]
        #[error("limit {limit} exceeded: {actual} > {max}")]
        LimitExceeded {
            limit: &'static str,
            max: u64,
            actual: u64,
        },
        /// The operation exists in the contract but is not implemented yet.
        #[code = "unimplemented"]
        #[error("{operation} is not implemented yet")]
        Unimplemented { operation: &'static str },
        /// A self-check failed; the engine refuses to return a possibly wrong answer.
        #[code = "invariant-violated"]
        #[error("internal invariant violated: {invariant}")]
        InvariantViolated { invariant: String },
        /// The last problem of a validation report that found more than it lists (params: omitted, max).
        #[code = "problems-omitted"]
        #[error("{omitted} more problems are not listed (at most {max} are)")]
        ProblemsOmitted { omitted: usize, max: u64 },
        /// A call needed more linear memory than its instance may use (`memory`, docs/limits.md). Raised by
        /// the host, never by the engine itself (its instance is stopped and replaced); declared here so that
        /// every host reports it alike (kassa-witgen writes the message into each).
        #[code = "limit-exceeded"]
        #[error("limit {limit} exceeded: the call needs more than {max} bytes of memory")]
        MemoryExhausted { limit: &'static str, max: u64 },
        /// A call needed more fuel than its budget (`fuel`, docs/limits.md; hosts that meter instructions).
        /// Raised by the host, like [`EngineError::MemoryExhausted`].
        #[code = "limit-exceeded"]
        #[error("limit {limit} exceeded: the call needs more than {max} units of fuel")]
        FuelExhausted { limit: &'static str, max: u64 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn problem(path: &str, message: &str) -> Problem {
        Problem {
            code: "p".into(),
            path: path.into(),
            message: message.into(),
            params: Vec::new(),
            severity: Severity::Error,
        }
    }

    fn error(path: &str, params: Vec<Param>, problems: Vec<Problem>) -> Error {
        Error {
            code: "cart-invalid".into(),
            path: path.into(),
            message: "the cart has 2 problem(s)".into(),
            params,
            problems,
        }
    }

    /// The format of `Error::text`, each rule on its own (expected texts written by hand from the rules).
    #[test]
    fn text_is_code_path_message_and_the_others_counted() {
        // No problems: the error's own path and message; an empty path is left out.
        let single = EngineError::LimitExceeded {
            limit: "lines",
            max: 1000,
            actual: 1001,
        };
        assert_eq!(
            single.to_error("/lines").text(),
            "limit-exceeded: /lines: limit lines exceeded: 1001 > 1000"
        );
        assert_eq!(
            single.to_error("").text(),
            "limit-exceeded: limit lines exceeded: 1001 > 1000"
        );
        // Problems: the first one's path and message, and how many others there are.
        let two = vec![
            problem(
                "/lines/0/quantity",
                "quantity 12 is above the maximum of 10",
            ),
            problem("/lines/1/sku", "unknown"),
        ];
        assert_eq!(
            error("", vec![Param::new("count", 2)], two.clone()).text(),
            "cart-invalid: /lines/0/quantity: quantity 12 is above the maximum of 10 (and 1 more problem)"
        );
        // Without a count param the listed problems are counted.
        assert_eq!(
            error("", vec![], two[..1].to_vec()).text(),
            "cart-invalid: /lines/0/quantity: quantity 12 is above the maximum of 10"
        );
        // A count beyond the listed ones (problems cut at 100): 153 found, 3 listed -> 152 others.
        let three = vec![
            problem("", "missing field tax"),
            problem("/a", "x"),
            problem("/b", "y"),
        ];
        assert_eq!(
            error("", vec![Param::new("count", 153)], three).text(),
            "cart-invalid: missing field tax (and 152 more problems)"
        );
    }

    #[test]
    fn json_carries_the_text_and_reads_back_without_trusting_it() {
        let e = EngineError::InvalidJson {
            detail: "EOF".into(),
        }
        .to_error("");
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"code":"invalid-json","path":"","message":"invalid JSON: EOF","params":[{"name":"detail","value":"EOF"}],"problems":[],"text":"invalid-json: invalid JSON: EOF"}"#
        );
        let back: Error =
            serde_json::from_str(&json.replace("invalid-json: invalid", "forged")).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.text(), "invalid-json: invalid JSON: EOF");
    }

    #[test]
    fn resource_limits_name_the_limit_and_its_maximum() {
        let e = EngineError::MemoryExhausted {
            limit: "memory",
            max: 268435456,
        }
        .to_error("");
        assert_eq!(
            e.text(),
            "limit-exceeded: limit memory exceeded: the call needs more than 268435456 bytes of memory"
        );
        assert_eq!(
            e.params,
            [Param::new("limit", "memory"), Param::new("max", 268435456)]
        );
        let f = EngineError::FuelExhausted {
            limit: "fuel",
            max: 7,
        };
        assert_eq!(
            f.to_string(),
            "limit fuel exceeded: the call needs more than 7 units of fuel"
        );
    }
}
