//! The wire format: the canonical JSON of the contract's records (docs/wire.md), read strictly and written
//! canonically, here and nowhere else.
//!
//! Reading takes the bytes a host sent: the `input-bytes` and `input-nesting` limits, then the JSON syntax
//! (`invalid-json`), then text that is not Unicode (`invalid-unicode`, every string at its pointer), then the
//! shape (`unknown-field` with a suggestion, `missing-field`, `wrong-type` — a JSON number where a decimal
//! string is expected among them —, `duplicate-key`, `out-of-range`), each stage only when the one before found
//! nothing. The caller turns the findings into its summary (`cart-invalid`, a validation report, ...).
//!
//! Writing is canonical, so that every host answers the same bytes: keys are the WIT names in WIT order,
//! absent options are `null`, lists are always written (`[]` when empty), decimals and timestamps are the
//! strings core formatted, and there is no insignificant whitespace. Strings are escaped as ECMAScript's
//! `JSON.stringify` and Python's `json.dumps(ensure_ascii=False)` escape them: `"` and `\` and the control
//! characters U+0000..U+001F (as `\b \f \n \r \t`, the others as `\u00XX` in lower-case hex), nothing else.
//!
//! The readers and writers of the records are generated from the WIT (`codec.rs`, tools/witgen) on the
//! helpers of `crate::json::read` and on [`Writer`].

mod codec;

use crate::error::{Coded, EngineError, Error, Severity};
use crate::json::parse::Utf8;
use crate::json::read::{wrong, FromJson, Path};
use crate::json::{self, Json, ShapeError};
use crate::limits;
use crate::problems::Problems;

/// Why an input was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The call fails as a whole: a limit (`limit-exceeded`) or malformed JSON (`invalid-json`).
    Error(Error),
    /// The text is JSON but not the record: every finding at its pointer (the first ones listed).
    Findings(Problems),
}

/// Read one record from its canonical JSON (see the module doc for the stages).
pub fn read<T: FromJson>(input: &[u8]) -> Result<T, Refused> {
    let text = checked(input)?;
    let tree = tree(&text)?;
    let mut problems = Problems::new();
    match T::read(&tree, &Path::Root, &mut problems) {
        Some(v) if problems.is_empty() => Ok(v),
        _ => Err(Refused::Findings(problems)),
    }
}

/// Read one record from its canonical JSON for a call that fails when the text is not one: the findings go
/// into the error `summary` makes (`cart-invalid`, `refund-request-invalid`, ...), with their count.
pub fn read_or_fail<T: FromJson, E: Coded>(
    input: &[u8],
    summary: impl FnOnce(usize, Option<usize>) -> E,
) -> Result<T, Error> {
    read(input).map_err(|refused| match refused {
        Refused::Error(e) => e,
        Refused::Findings(p) => p.into_error(summary),
    })
}

/// The input as text, within the limits (the part of [`read`] that is the same for every record).
fn checked(input: &[u8]) -> Result<Utf8<'_>, Refused> {
    use limits::*;
    check("input-bytes", MAX_INPUT_BYTES, input.len() as u64, "").map_err(Refused::Error)?;
    let nesting = json_nesting(input);
    check("input-nesting", MAX_INPUT_NESTING, nesting, "").map_err(Refused::Error)?;
    Ok(Utf8::new(input))
}

/// The JSON tree of `text`, or `invalid-json`, or every string that is not Unicode text.
fn tree<'a>(text: &'a Utf8<'_>) -> Result<Json<'a>, Refused> {
    let (tree, bad) = json::parse_bytes(text)
        .map_err(|detail| Refused::Error(EngineError::InvalidJson { detail }.to_error("")))?;
    if bad.is_empty() {
        return Ok(tree);
    }
    let mut problems = Problems::new();
    for b in bad {
        let e = ShapeError::InvalidUnicode {
            reason: b.reason,
            detail: b.detail,
        };
        problems.report(&e, || b.path, Severity::Error);
    }
    Err(Refused::Findings(problems))
}

/// The canonical JSON of `v`.
pub fn write<T: ToJson + ?Sized>(v: &T) -> String {
    let mut w = Writer {
        out: String::with_capacity(256),
    };
    v.write(&mut w);
    w.out
}

/// A value with a canonical JSON form.
pub trait ToJson {
    fn write(&self, w: &mut Writer);
}

/// The canonical JSON text being written.
pub struct Writer {
    out: String,
}

impl Writer {
    /// JSON text as it is: punctuation and the (generated, plain ASCII) keys.
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// A JSON string, escaped as the module doc says. Most strings (decimals, ids, codes) need no escape: they
    /// are found so by one table look-up per byte and copied whole.
    pub fn string(&mut self, s: &str) {
        let b = s.as_bytes();
        self.out.reserve(b.len() + 2);
        self.out.push('"');
        let mut plain = 0;
        for (i, &c) in b.iter().enumerate() {
            if !ESCAPED[usize::from(c)] {
                continue;
            }
            self.out.push_str(&s[plain..i]);
            match c {
                b'"' => self.out.push_str("\\\""),
                b'\\' => self.out.push_str("\\\\"),
                b'\n' => self.out.push_str("\\n"),
                b'\r' => self.out.push_str("\\r"),
                b'\t' => self.out.push_str("\\t"),
                0x08 => self.out.push_str("\\b"),
                0x0c => self.out.push_str("\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.push_str("\\u00");
                    self.out.push(char::from(HEX[usize::from(c >> 4)]));
                    self.out.push(char::from(HEX[usize::from(c & 0xf)]));
                }
            }
            plain = i + 1;
        }
        self.out.push_str(&s[plain..]);
        self.out.push('"');
    }
}

/// The bytes a JSON string escapes: `"`, `\` and the control characters U+0000..U+001F.
const ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

impl ToJson for String {
    fn write(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for DecimalText {
    fn write(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for bool {
    fn write(&self, w: &mut Writer) {
        w.raw(if *self { "true" } else { "false" });
    }
}

impl ToJson for u32 {
    fn write(&self, w: &mut Writer) {
        u64::from(*self).write(w);
    }
}

impl ToJson for u64 {
    fn write(&self, w: &mut Writer) {
        crate::digits::push_u64(&mut w.out, *self);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write(&self, w: &mut Writer) {
        match self {
            Some(v) => v.write(w),
            None => w.raw("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write(&self, w: &mut Writer) {
        w.raw("[");
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                w.raw(",");
            }
            v.write(w);
        }
        w.raw("]");
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write(&self, w: &mut Writer) {
        self.as_slice().write(w);
    }
}

/// The explanation as the list of its steps, each as `TraceStep`'s writer (codec.rs) writes it, read from the
/// spans without an owned copy.
impl ToJson for crate::api::Explanation {
    fn write(&self, w: &mut Writer) {
        w.raw("[");
        for (i, s) in self.iter().enumerate() {
            w.raw(if i > 0 { ",{\"kind\":" } else { "{\"kind\":" });
            w.string(s.kind);
            w.raw(",\"path\":");
            w.string(s.path);
            w.raw(",\"message\":");
            w.string(s.message);
            w.raw(",\"params\":[");
            for (j, p) in s.params.iter().enumerate() {
                w.raw(if j > 0 { ",{\"name\":" } else { "{\"name\":" });
                w.string(p.name);
                w.raw(",\"value\":");
                w.string(p.value);
                w.raw("}");
            }
            w.raw("]}");
        }
        w.raw("]");
    }
}

/// A decimal as the wire carries it: a JSON string (its syntax is checked where the value is used, with the
/// same `invalid-decimal` finding the typed calls give). A JSON number is `wrong-type`.
pub use crate::decimal_text::DecimalText;

/// A timestamp as the wire carries it: a JSON string (RFC 3339, checked where it is used).
pub struct TimestampText(pub String);

impl FromJson for DecimalText {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        match v {
            Json::Str(s) => Some(DecimalText::from(s.as_ref())),
            _ => wrong(v, at, "a decimal string", p),
        }
    }
}

impl FromJson for TimestampText {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        match v {
            Json::Str(s) => Some(TimestampText(String::from(s.as_ref()))),
            _ => wrong(v, at, "an RFC 3339 timestamp string", p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_json_stringify_escapes_them() {
        // Worked out from ECMA-262 QuoteJSONString: the two-character escapes for " \ BS FF LF CR TAB, \u00XX
        // in lower-case hex for the other C0 controls, everything else (DEL, U+2028, non-ASCII) as it is.
        let s = "a\"b\\c\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}/\u{2028}é😀".to_string();
        assert_eq!(
            write(&s),
            "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0000\\u001f\u{7f}/\u{2028}é😀\""
        );
        assert_eq!(write(&String::new()), "\"\"");
        // Every ASCII character alone and between others, as serde_json (an independent writer with the same
        // rule) writes it.
        for c in (0u8..0x80).map(char::from) {
            for s in [c.to_string(), format!("x{c}y{c}")] {
                assert_eq!(write(&s), serde_json::to_string(&s).unwrap(), "{c:?}");
            }
        }
    }

    #[test]
    fn options_and_lists_are_always_written() {
        assert_eq!(write(&None::<String>), "null");
        assert_eq!(write(&Vec::<String>::new()), "[]");
        assert_eq!(write(&vec![Some(1u32), None]), "[1,null]");
        assert_eq!(write(&vec![true, false]), "[true,false]");
    }
}
