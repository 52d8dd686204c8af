//! The strict JSON parser (RFC 8259) of every JSON input: text in, a [`Json`] tree out.
//!
//! Hand-written instead of serde so that the wasm carries one compact parser and no derived deserialisers,
//! and so that the tree keeps what serde hides: key order and duplicate keys (the readers in `read.rs` report
//! them with their pointer). Numbers stay text, so integers are read exactly and nothing passes through a float.
//! Numbers, keys and strings without escapes borrow from the text: a rulebook of a few million tiny values
//! costs one tree node per value and no allocation of its own.
//!
//! Two entry points. [`parse`] takes text that is Unicode already (the rulebook, a WIT string); a lone
//! surrogate escape (`"\ud800"`) is a syntax error there. [`parse_bytes`] takes the bytes a host sent (the wire
//! format): text that is not Unicode (invalid UTF-8 in a string or key, a lone surrogate escape) is not a
//! syntax error but a finding at its JSON Pointer ([`BadText`], one per string, U+FFFD kept in its place), so
//! that the caller reports every one with its path; invalid UTF-8 outside strings is a syntax error.
//! The callers check their size limits first; the depth guard here keeps the recursion bounded whatever the
//! input.

use super::read::Path;
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

/// A string or key of a byte input that is not Unicode text, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadText {
    /// The JSON Pointer of the value, or of the member whose key it is.
    pub path: String,
    /// `invalid-utf-8` or `lone-surrogate`.
    pub reason: &'static str,
    /// What was found: "byte 0xff", "\ud800", ...
    pub detail: String,
}

/// Deeper than any document that passes the `rulebook-nesting` limit, and than any cart or order.
const MAX_DEPTH: u32 = 64;

/// Parse one JSON text; `Err` is a message such as "expected `:` at line 1 column 6".
pub fn parse(text: &str) -> Result<Json<'_>, String> {
    Parser::new(text, &[], false).run()
}

/// Bytes as text: borrowed when they are UTF-8, otherwise a copy with U+FFFD for each invalid sequence and the
/// positions of the replacements (what [`parse_bytes`] reports).
pub struct Utf8<'a> {
    text: Cow<'a, str>,
    /// Offset in `text` of each U+FFFD that replaced invalid bytes, and a description of those bytes.
    bad: Vec<(usize, &'static str, String)>,
}

impl<'a> Utf8<'a> {
    pub fn new(bytes: &'a [u8]) -> Utf8<'a> {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Utf8 {
                text: Cow::Borrowed(text),
                bad: Vec::new(),
            };
        }
        let mut text = String::with_capacity(bytes.len() + 8);
        let mut bad = Vec::new();
        let mut read = 0;
        for chunk in bytes.utf8_chunks() {
            text.push_str(chunk.valid());
            read += chunk.valid().len();
            let invalid = chunk.invalid();
            if !invalid.is_empty() {
                bad.push(describe_invalid(&bytes[read..], text.len()));
                text.push('\u{FFFD}');
                read += invalid.len();
            }
        }
        Utf8 {
            text: Cow::Owned(text),
            bad,
        }
    }
}

/// The invalid bytes at the start of `rest`: a UTF-16 surrogate encoded as if it were a character (ED A0..BF
/// 80..BF, what WTF-8 and Python's `surrogatepass` write for a lone surrogate) or an invalid byte.
fn describe_invalid(rest: &[u8], at: usize) -> (usize, &'static str, String) {
    match rest {
        [0xED, b1 @ 0xA0..=0xBF, b2 @ 0x80..=0xBF, ..] => {
            let unit = 0xD000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            (at, "lone-surrogate", hex("\\u", unit, 4))
        }
        _ => (
            at,
            "invalid-utf-8",
            hex("byte 0x", u32::from(rest.first().copied().unwrap_or(0)), 2),
        ),
    }
}

/// `prefix` and the last `digits` hex digits of `v` in lower case ("\\ud800", "byte 0xff"), without the
/// formatting machinery.
fn hex(prefix: &str, v: u32, digits: u32) -> String {
    let mut s = String::from(prefix);
    for i in (0..digits).rev() {
        s.push(char::from(
            b"0123456789abcdef"[((v >> (4 * i)) & 0xf) as usize],
        ));
    }
    s
}

/// Parse the JSON text in `bytes` (see [`Utf8`]); the tree borrows from `text`. Text that is not Unicode is a
/// finding each (the strings keep U+FFFD in its place), everything else as [`parse`].
pub fn parse_bytes<'a>(text: &'a Utf8<'_>) -> Result<(Json<'a>, Vec<BadText>), String> {
    let mut p = Parser::new(&text.text, &text.bad, true);
    let tree = p.run()?;
    Ok((tree, p.found))
}

struct Parser<'a, 'b> {
    text: &'a str,
    b: &'a [u8],
    at: usize,
    depth: u32,
    /// The byte input's replaced invalid sequences, in order (empty for [`parse`]).
    bad: &'b [(usize, &'static str, String)],
    /// Whether text that is not Unicode is a finding (bytes) rather than a syntax error (text).
    findings: bool,
    found: Vec<BadText>,
}

type Step<T> = Result<T, &'static str>;

/// What is wrong with a string's text: (reason, detail).
type Unicode = Option<(&'static str, String)>;

impl<'a, 'b> Parser<'a, 'b> {
    fn new(
        text: &'a str,
        bad: &'b [(usize, &'static str, String)],
        findings: bool,
    ) -> Parser<'a, 'b> {
        Parser {
            text,
            b: text.as_bytes(),
            at: 0,
            depth: 0,
            bad,
            findings,
            found: Vec::new(),
        }
    }

    fn run(&mut self) -> Result<Json<'a>, String> {
        let v = self.value(&Path::Root).and_then(|v| {
            self.ws();
            if self.at < self.b.len() {
                Err("trailing characters")
            } else {
                Ok(v)
            }
        });
        v.map_err(|reason| self.position(reason))
    }

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

    fn value(&mut self, at: &Path) -> Step<Json<'a>> {
        self.ws();
        match self.peek() {
            Some(b'{') => self.nested(at, Self::object),
            Some(b'[') => self.nested(at, Self::array),
            Some(b'"') => self.text_value(at).map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(_) => Err("expected value"),
            None => Err("EOF while parsing a value"),
        }
    }

    fn nested(&mut self, at: &Path, f: fn(&mut Self, &Path) -> Step<Json<'a>>) -> Step<Json<'a>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("nesting too deep");
        }
        self.at += 1;
        let v = f(self, at);
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

    /// A string value at `at`; text that is not Unicode is recorded there.
    fn text_value(&mut self, at: &Path) -> Step<Cow<'a, str>> {
        let (s, bad) = self.string()?;
        if let Some((reason, detail)) = bad {
            self.found.push(BadText {
                path: at.pointer(),
                reason,
                detail,
            });
        }
        Ok(s)
    }

    /// After `{`.
    fn object(&mut self, at: &Path) -> Step<Json<'a>> {
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
            let (key, bad) = self.string()?;
            let here = Path::Key(at, &key);
            if let Some((reason, detail)) = bad {
                self.found.push(BadText {
                    path: here.pointer(),
                    reason,
                    detail,
                });
            }
            self.ws();
            if !self.eat(b':') {
                return Err("expected `:`");
            }
            let value = self.value(&here)?;
            members.push((key, value));
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
    fn array(&mut self, at: &Path) -> Step<Json<'a>> {
        let mut items = Vec::new();
        self.ws();
        if self.eat(b']') {
            return Ok(Json::Arr(items));
        }
        loop {
            items.push(self.value(&Path::Index(at, items.len()))?);
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
    /// copied as they are. The second value says what is not Unicode in it, the first thing found.
    fn string(&mut self) -> Step<(Cow<'a, str>, Unicode)> {
        let open = self.at;
        self.at += 1;
        let mut out: Option<String> = None;
        let mut bad: Unicode = None;
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
                    if bad.is_none() {
                        bad = self.replaced(open, self.at);
                    }
                    let s = match out {
                        None => Cow::Borrowed(run),
                        Some(mut owned) => {
                            owned.push_str(run);
                            Cow::Owned(owned)
                        }
                    };
                    return Ok((s, bad));
                }
                Some(b'\\') => {
                    if bad.is_none() {
                        bad = self.replaced(open, self.at);
                    }
                    self.at += 1;
                    let owned = out.get_or_insert_with(String::new);
                    owned.push_str(run);
                    let (c, lone) = self.escape()?;
                    owned.push(c);
                    if bad.is_none() {
                        bad = lone.map(|unit| ("lone-surrogate", hex("\\u", unit, 4)));
                    }
                }
                Some(_) => return Err("control character in string"),
                None => return Err("EOF while parsing a string"),
            }
        }
    }

    /// The first invalid UTF-8 sequence of the byte input replaced between `from` and `to`, if any.
    fn replaced(&self, from: usize, to: usize) -> Unicode {
        let i = self.bad.partition_point(|(at, _, _)| *at < from);
        match self.bad.get(i) {
            Some((at, reason, detail)) if *at < to => Some((reason, detail.clone())),
            _ => None,
        }
    }

    /// After `\`: the character, and the code unit of a lone surrogate (U+FFFD in its place) when the input
    /// is bytes.
    fn escape(&mut self) -> Step<(char, Option<u32>)> {
        let c = self.peek().ok_or("EOF while parsing a string")?;
        self.at += 1;
        Ok((
            match c {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => return self.unicode_escape(),
                _ => return Err("invalid escape"),
            },
            None,
        ))
    }

    /// After `\u`: one code point, from a surrogate pair where it takes two escapes.
    fn unicode_escape(&mut self) -> Step<(char, Option<u32>)> {
        let hi = self.hex4()?;
        let code = match hi {
            0xD800..=0xDBFF => {
                let back = self.at;
                let lo = if self.eat(b'\\') && self.eat(b'u') {
                    Some(self.hex4()?)
                } else {
                    None
                };
                match lo {
                    Some(lo @ 0xDC00..=0xDFFF) => 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00),
                    _ if self.findings => {
                        // The next escape (or character) is read on its own.
                        self.at = back;
                        return Ok(('\u{FFFD}', Some(hi)));
                    }
                    _ => return Err("lone leading surrogate in hex escape"),
                }
            }
            0xDC00..=0xDFFF if self.findings => return Ok(('\u{FFFD}', Some(hi))),
            0xDC00..=0xDFFF => return Err("lone trailing surrogate in hex escape"),
            _ => hi,
        };
        Ok((
            char::from_u32(code).ok_or("invalid unicode code point")?,
            None,
        ))
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
    use super::{parse, parse_bytes, BadText, Json, Utf8};

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

    fn bad_texts(bytes: &[u8]) -> Vec<(String, &'static str, String)> {
        let text = Utf8::new(bytes);
        let (_, found) = parse_bytes(&text).unwrap();
        found
            .into_iter()
            .map(
                |BadText {
                     path,
                     reason,
                     detail,
                 }| (path, reason, detail),
            )
            .collect()
    }

    fn t(path: &str, reason: &'static str, detail: &str) -> (String, &'static str, String) {
        (path.to_string(), reason, detail.to_string())
    }

    #[test]
    fn bytes_that_are_utf8_parse_as_text_does() {
        let text = Utf8::new(br#"{"a": ["x\u00e9", 1]}"#);
        let (tree, found) = parse_bytes(&text).unwrap();
        assert_eq!(tree, parse(r#"{"a": ["x\u00e9", 1]}"#).unwrap());
        assert!(found.is_empty());
    }

    #[test]
    fn text_that_is_not_unicode_is_a_finding_at_its_pointer() {
        // 0xFF is never UTF-8; ED A0 80 is U+D800 encoded as if it were a character (WTF-8, Python's
        // surrogatepass); \ud800 and \udc00 escapes without their partner are lone surrogates.
        assert_eq!(
            bad_texts(b"{\"lines\": [{\"sku\": \"A\xff\"}, {\"sku\": \"\xed\xa0\x80\"}]}"),
            [
                t("/lines/0/sku", "invalid-utf-8", "byte 0xff"),
                t("/lines/1/sku", "lone-surrogate", "\\ud800"),
            ]
        );
        assert_eq!(
            bad_texts(br#"{"a": "\ud800x", "b": ["ok", "\udc00"], "c": "\ud83d\ude00"}"#),
            [
                t("/a", "lone-surrogate", "\\ud800"),
                t("/b/1", "lone-surrogate", "\\udc00"),
            ]
        );
        // A leading surrogate followed by a non-surrogate escape: the second escape is read on its own.
        let text = Utf8::new(br#""\ud800\u0041""#);
        assert_eq!(parse_bytes(&text).unwrap().0, Json::Str("\u{FFFD}A".into()));
        // One finding per string (the first thing found); a key's finding is at its member, the key kept
        // with U+FFFD in its place.
        assert_eq!(
            bad_texts(b"{\"k\xc3\": {\"x\": \"\xff\\ud800\"}}"),
            [
                t("/k\u{FFFD}", "invalid-utf-8", "byte 0xc3"),
                t("/k\u{FFFD}/x", "invalid-utf-8", "byte 0xff"),
            ]
        );
    }

    #[test]
    fn invalid_bytes_outside_strings_are_syntax_errors() {
        let text = Utf8::new(b"{\"a\": 1\xff}");
        assert!(parse_bytes(&text)
            .unwrap_err()
            .starts_with("expected `,` or `}`"));
        // Text input keeps refusing lone surrogates as syntax (a rulebook is text already).
        assert!(parse(r#""\ud800""#).is_err());
    }
}
