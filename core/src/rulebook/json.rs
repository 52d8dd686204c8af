//! A small strict JSON parser (RFC 8259) for the rulebook: text in, a [`Json`] tree out.
//!
//! Hand-written instead of serde so that the wasm carries one compact parser and no derived deserialisers,
//! and so that the tree keeps what serde hides: key order and duplicate keys (the readers in `read.rs` report
//! them with their pointer). Numbers stay text, so integers are read exactly and nothing passes through a float.
//! Numbers, keys and strings without escapes borrow from the text: a rulebook of a few million tiny values
//! costs one tree node per value and no allocation of its own.
//! The caller checks the `rulebook-bytes` and `rulebook-nesting` limits first; the depth guard here only keeps
//! the recursion bounded if the parser is ever called without them.

use std::borrow::Cow;

/// A parsed JSON value, borrowing from the text it was parsed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// A number exactly as written (its RFC 8259 syntax checked).
    Num(&'a str),
    Str(Cow<'a, str>),
    Arr(Vec<Json<'a>>),
    /// Members in document order, duplicate keys kept.
    Obj(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// Deeper than any document that passes the `rulebook-nesting` limit.
const MAX_DEPTH: u32 = 64;

/// Parse one JSON text; `Err` is a message such as "expected `:` at line 1 column 6".
pub fn parse(text: &str) -> Result<Json<'_>, String> {
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    let v = p.value().and_then(|v| {
        p.ws();
        if p.at < p.b.len() {
            Err("trailing characters")
        } else {
            Ok(v)
        }
    });
    v.map_err(|reason| p.position(reason))
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    at: usize,
    depth: u32,
}

type Step<T> = Result<T, &'static str>;

impl<'a> Parser<'a> {
    /// The reason with the line and column (1-based, in bytes) where parsing stopped.
    fn position(&self, reason: &str) -> String {
        let before = &self.b[..self.at.min(self.b.len())];
        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
        let column = before.len()
            - before
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        format!("{reason} at line {line} column {column}")
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        self.at += usize::from(hit);
        hit
    }

    fn value(&mut self) -> Step<Json<'a>> {
        self.ws();
        match self.peek() {
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(_) => Err("expected value"),
            None => Err("EOF while parsing a value"),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Step<Json<'a>>) -> Step<Json<'a>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("nesting too deep");
        }
        self.at += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }

    fn literal(&mut self, word: &str, v: Json<'a>) -> Step<Json<'a>> {
        if self.b[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(v)
        } else {
            Err("expected value")
        }
    }

    /// After `{`.
    fn object(&mut self) -> Step<Json<'a>> {
        let mut members = Vec::new();
        self.ws();
        if self.eat(b'}') {
            return Ok(Json::Obj(members));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err("key must be a string");
            }
            let key = self.string()?;
            self.ws();
            if !self.eat(b':') {
                return Err("expected `:`");
            }
            members.push((key, self.value()?));
            self.ws();
            if self.eat(b'}') {
                return Ok(Json::Obj(members));
            }
            if !self.eat(b',') {
                return Err("expected `,` or `}`");
            }
        }
    }

    /// After `[`.
    fn array(&mut self) -> Step<Json<'a>> {
        let mut items = Vec::new();
        self.ws();
        if self.eat(b']') {
            return Ok(Json::Arr(items));
        }
        loop {
            items.push(self.value()?);
            self.ws();
            if self.eat(b']') {
                return Ok(Json::Arr(items));
            }
            if !self.eat(b',') {
                return Err("expected `,` or `]`");
            }
        }
    }

    /// At `"`. A string without escapes is borrowed from the text (UTF-8 already); runs between escapes are
    /// copied as they are.
    fn string(&mut self) -> Step<Cow<'a, str>> {
        self.at += 1;
        let mut out: Option<String> = None;
        loop {
            let start = self.at;
            while matches!(self.peek(), Some(c) if c != b'"' && c != b'\\' && c >= 0x20) {
                self.at += 1;
            }
            // Stops only at ASCII bytes, so both ends are char boundaries.
            let run = &self.text[start..self.at];
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(match out {
                        None => Cow::Borrowed(run),
                        Some(mut owned) => {
                            owned.push_str(run);
                            Cow::Owned(owned)
                        }
                    });
                }
                Some(b'\\') => {
                    self.at += 1;
                    let owned = out.get_or_insert_with(String::new);
                    owned.push_str(run);
                    owned.push(self.escape()?);
                }
                Some(_) => return Err("control character in string"),
                None => return Err("EOF while parsing a string"),
            }
        }
    }

    /// After `\`.
    fn escape(&mut self) -> Step<char> {
        let c = self.peek().ok_or("EOF while parsing a string")?;
        self.at += 1;
        Ok(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                let code = match hi {
                    0xD800..=0xDBFF => {
                        if !(self.eat(b'\\') && self.eat(b'u')) {
                            return Err("lone leading surrogate in hex escape");
                        }
                        let lo = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            return Err("lone leading surrogate in hex escape");
                        }
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err("lone trailing surrogate in hex escape"),
                    _ => hi,
                };
                char::from_u32(code).ok_or("invalid unicode code point")?
            }
            _ => return Err("invalid escape"),
        })
    }

    fn hex4(&mut self) -> Step<u32> {
        let mut v = 0;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|c| char::from(c).to_digit(16))
                .ok_or("invalid hex escape")?;
            v = v * 16 + d;
            self.at += 1;
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text.
    fn number(&mut self) -> Step<Json<'a>> {
        let start = self.at;
        self.eat(b'-');
        let leading_zero = self.peek() == Some(b'0');
        match self.digits() {
            0 => return Err("invalid number"),
            n if leading_zero && n > 1 => return Err("invalid number"),
            _ => {}
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err("invalid number");
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return Err("invalid number");
            }
        }
        Ok(Json::Num(&self.text[start..self.at]))
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, Json};

    fn s(v: &str) -> Json<'_> {
        Json::Str(v.into())
    }

    #[test]
    fn values_keep_order_duplicates_and_number_text() {
        let v = parse(r#" {"b": [1, -0.5e+3, true, null], "a": "x", "b": {}} "#).unwrap();
        let Json::Obj(m) = v else { panic!("object") };
        let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        assert_eq!(
            m[0].1,
            Json::Arr(vec![
                Json::Num("1"),
                Json::Num("-0.5e+3"),
                Json::Bool(true),
                Json::Null
            ])
        );
        assert_eq!(m[1].1, s("x"));
        assert_eq!(m[2].1, Json::Obj(vec![]));
    }

    #[test]
    fn strings_without_escapes_borrow_from_the_text() {
        use std::borrow::Cow;
        assert!(matches!(
            parse(r#""plain é""#).unwrap(),
            Json::Str(Cow::Borrowed("plain é"))
        ));
        // Runs before, between and after escapes are all kept: "ab" LF "cd" é "ef".
        let escaped = parse(r#""ab\ncd\u00e9ef""#).unwrap();
        assert!(matches!(&escaped, Json::Str(Cow::Owned(s)) if s == "ab\ncdéef"));
    }

    #[test]
    fn escapes_decode_to_the_characters_rfc_8259_names() {
        // U+1F600 is the surrogate pair D83D DE00; é is U+00E9.
        assert_eq!(
            parse(r#""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00é""#).unwrap(),
            s("a\"\\/\u{8}\u{c}\n\r\té\u{1F600}é")
        );
    }

    #[test]
    fn malformed_texts_are_rejected_with_a_position() {
        for bad in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{'a':1}",
            "{\"a\" 1}",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "NaN",
            "tru",
            "nul",
            "\"a",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"a\u{1}b\"",
            "1 2",
            "{} x",
            "// c\n{}",
            "[1 2]",
            "{1:2}",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(
            parse("{\n  \"a\" 1}").unwrap_err(),
            "expected `:` at line 2 column 7"
        );
    }

    #[test]
    fn depth_is_bounded_without_the_limit_check() {
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert!(parse(&deep).unwrap_err().starts_with("nesting too deep"));
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(&ok).is_ok());
    }
}
