//! `DecimalText`: the contract's `decimal` (a canonical decimal string) as the api types hold it, with short
//! texts kept inline instead of in a heap block of their own.
//!
//! Every amount, quantity and rate of a quote is one of these: a 10-line quote holds ~150 of them and a line
//! of a large cart ~12, which as `String`s were most of the engine's allocations (docs in bench/README.md).
//! A text of up to [`INLINE`] bytes (any amount with up to 27 integer digits and two decimals, 26 when
//! negative; rust_decimal's widest value with its sign is 31 characters) lives in the value itself; a longer one (a malformed input, a rate written
//! with many zeros) goes to the heap, so nothing depends on the length. It reads as a `&str` everywhere
//! (`Deref`), compares as its text, and its serde form is a JSON string, as the `String` it replaces.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;

/// The longest text held inline: the largest that keeps the value at 32 bytes (one tag byte, one length byte).
pub const INLINE: usize = 30;

/// A decimal's text (see the module doc). Built from a `&str` or `String`, read as a `&str`.
#[derive(Clone)]
pub struct DecimalText(Repr);

impl DecimalText {
    /// The empty text (a default to fill in).
    pub const fn new() -> DecimalText {
        DecimalText(Repr::EMPTY)
    }

    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The text of ASCII `bytes` (the formatter's digits); any other byte is taken as the char of its value,
    /// which no caller writes.
    pub fn from_ascii(bytes: &[u8]) -> DecimalText {
        DecimalText(Repr::from_ascii(bytes))
    }

    /// The text as a `String` (for text that goes on to hold more than the decimal).
    pub fn into_string(self) -> String {
        self.0.into_string()
    }
}

/// The server build's representation: up to [`INLINE`] bytes in the value, longer texts in a `String`.
#[cfg(not(feature = "compact-text"))]
#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(String),
}

#[cfg(not(feature = "compact-text"))]
impl Repr {
    const EMPTY: Repr = Repr::Inline {
        len: 0,
        bytes: [0; INLINE],
    };

    #[allow(unsafe_code)]
    fn as_str(&self) -> &str {
        match self {
            // SAFETY: the inline bytes are only ever a whole `&str`'s (`from_str`, `from_string`) or ASCII
            // (`from_ascii` checks), so they are UTF-8. Checking again on every read would cost each decimal
            // written a UTF-8 validation.
            Repr::Inline { len, bytes } => unsafe {
                std::str::from_utf8_unchecked(&bytes[..usize::from(*len)])
            },
            Repr::Heap(s) => s,
        }
    }

    /// `bytes` inline when they fit; the caller knows they are UTF-8.
    fn inline(bytes: &[u8]) -> Option<Repr> {
        let mut inline = [0; INLINE];
        inline.get_mut(..bytes.len())?.copy_from_slice(bytes);
        // The length fits a u8: INLINE is below 256.
        Some(Repr::Inline {
            len: bytes.len() as u8,
            bytes: inline,
        })
    }

    fn from_str(s: &str) -> Repr {
        Repr::inline(s.as_bytes()).unwrap_or_else(|| Repr::Heap(s.to_owned()))
    }

    fn from_string(s: String) -> Repr {
        Repr::inline(s.as_bytes()).unwrap_or(Repr::Heap(s))
    }

    fn from_ascii(bytes: &[u8]) -> Repr {
        match bytes.is_ascii().then(|| Repr::inline(bytes)).flatten() {
            Some(inline) => inline,
            None => Repr::Heap(bytes.iter().copied().map(char::from).collect()),
        }
    }

    fn into_string(self) -> String {
        match self {
            Repr::Heap(s) => s,
            Repr::Inline { .. } => self.as_str().to_owned(),
        }
    }
}

/// The browser build's representation (kassa-core's feature `compact-text`): a `String`, one heap block per
/// decimal as before `DecimalText`, for ~2 KB gzip less code where size counts more than speed.
#[cfg(feature = "compact-text")]
#[derive(Clone)]
struct Repr(String);

#[cfg(feature = "compact-text")]
impl Repr {
    const EMPTY: Repr = Repr(String::new());

    fn as_str(&self) -> &str {
        &self.0
    }

    fn from_str(s: &str) -> Repr {
        Repr(s.to_owned())
    }

    fn from_string(s: String) -> Repr {
        Repr(s)
    }

    fn from_ascii(bytes: &[u8]) -> Repr {
        Repr(bytes.iter().copied().map(char::from).collect())
    }

    fn into_string(self) -> String {
        self.0
    }
}

impl Default for DecimalText {
    fn default() -> Self {
        DecimalText::new()
    }
}

impl From<&str> for DecimalText {
    fn from(s: &str) -> Self {
        DecimalText(Repr::from_str(s))
    }
}

impl From<String> for DecimalText {
    fn from(s: String) -> Self {
        DecimalText(Repr::from_string(s))
    }
}

impl From<DecimalText> for String {
    fn from(d: DecimalText) -> Self {
        d.into_string()
    }
}

impl Deref for DecimalText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for DecimalText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for DecimalText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for DecimalText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for DecimalText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for DecimalText {}

impl PartialEq<str> for DecimalText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for DecimalText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for DecimalText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<DecimalText> for str {
    fn eq(&self, other: &DecimalText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<DecimalText> for &str {
    fn eq(&self, other: &DecimalText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<DecimalText> for String {
    fn eq(&self, other: &DecimalText) -> bool {
        self == other.as_str()
    }
}

impl Serialize for DecimalText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DecimalText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = DecimalText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DecimalText, E> {
                Ok(DecimalText::from(v))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<DecimalText, E> {
                Ok(DecimalText::from(v))
            }
        }
        d.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(not(feature = "compact-text"))]
    fn is_one_word_wider_than_a_string_at_most() {
        assert_eq!(std::mem::size_of::<DecimalText>(), 32);
    }

    /// Either side of the inline limit, and text that is not ASCII: the text comes back as it went in.
    #[test]
    fn keeps_any_text_inline_or_not() {
        let long = "1".repeat(INLINE + 1);
        let cases = [
            "",
            "0",
            "-12.30",
            "79228162514264337593543950335",
            "€ 1,5",
            long.as_str(),
        ];
        for case in cases {
            let from_str = DecimalText::from(case);
            let from_string = DecimalText::from(case.to_string());
            assert_eq!(from_str.as_str(), case);
            assert_eq!(from_string.as_str(), case);
            assert_eq!(from_str, from_string);
            assert_eq!(String::from(from_str.clone()), case);
            assert_eq!(format!("{from_str}"), case);
            assert_eq!(format!("{from_str:?}"), format!("{case:?}"));
            if case.is_ascii() {
                assert_eq!(DecimalText::from_ascii(case.as_bytes()), case);
            }
        }
        // A byte that is not ASCII reads as the char of its value (no caller writes one).
        assert_eq!(DecimalText::from_ascii(&[b'1', 0xE9]), "1\u{e9}");
    }

    #[test]
    #[cfg(not(feature = "compact-text"))]
    fn short_texts_are_inline_and_long_ones_not() {
        let long = "1".repeat(INLINE + 1);
        let inline = |d: DecimalText| matches!(d.0, Repr::Inline { .. });
        assert!(inline(DecimalText::from("1".repeat(INLINE).as_str())));
        assert!(inline(DecimalText::from("1".repeat(INLINE))));
        assert!(inline(DecimalText::from_ascii(
            "1".repeat(INLINE).as_bytes()
        )));
        assert!(!inline(DecimalText::from(long.as_str())));
        assert!(!inline(DecimalText::from(long.clone())));
        assert!(!inline(DecimalText::from_ascii(long.as_bytes())));
        assert!(!inline(DecimalText::from_ascii(&[b'1', 0xE9])));
    }

    #[test]
    fn compares_as_its_text() {
        let a = DecimalText::from("10");
        assert_ne!(a, DecimalText::from("10.0"), "texts, not numbers");
        assert_eq!(a, "10");
        assert_eq!("10", a);
        assert_eq!(a, *"10");
        assert_eq!(a, "10".to_string());
        assert_eq!(DecimalText::default(), "");
    }

    #[test]
    fn serde_form_is_a_json_string() {
        let d = DecimalText::from("-0.5");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"-0.5\"");
        let back: DecimalText = serde_json::from_str("\"-0.5\"").unwrap();
        assert_eq!(back, d);
        assert!(
            serde_json::from_str::<DecimalText>("1.5").is_err(),
            "a JSON number is not a decimal string"
        );
    }
}
