//! Strict decimal text: the parser for `-?(0|[1-9][0-9]*)(\.[0-9]+)?` and the canonical formatter.
//!
//! Every decimal that crosses the boundary goes through here, so the parser reports the first offending
//! character (0-based, counted in chars) with a fixed English reason, and the formatter never writes an
//! exponent, a `+` or a negative zero. Formatting works on the integer mantissa, so it is exact at any scale.

use super::MoneyError;
use crate::decimal_text::{DecimalText, INLINE};
use rust_decimal::Decimal;

/// The most significant digits (and the most decimal places) a decimal may have: rust_decimal's precision.
pub const MAX_DIGITS: u32 = 28;

/// Inputs longer than this are shortened in error params and messages (the position still counts the full text).
const ECHO_LIMIT: usize = 64;

/// `10^exp` as an i128, or `None` past 10^38.
pub(crate) fn pow10(exp: u32) -> Option<i128> {
    10i128.checked_pow(exp)
}

/// A decimal from a mantissa and a scale, or `None` when out of the 96-bit / 28-place range.
pub(crate) fn from_parts(mantissa: i128, scale: u32) -> Option<Decimal> {
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

/// `input` as echoed in an error: the first 64 chars, then "..." if there were more.
pub(crate) fn echo(input: &str) -> String {
    // More than ECHO_LIMIT chars: a char after the first ECHO_LIMIT (not `chars().count()`, whose fast
    // counting routine is code the browser build carries for nothing else).
    if input.char_indices().nth(ECHO_LIMIT).is_some() {
        let mut s: String = input.chars().take(ECHO_LIMIT).collect();
        s.push_str("...");
        s
    } else {
        input.to_string()
    }
}

fn invalid(input: &str, position: usize, reason: &'static str) -> MoneyError {
    MoneyError::InvalidDecimal {
        input: echo(input),
        position,
        reason,
    }
}

/// The reason for a character that is not allowed where it stands.
fn reason_for(c: char) -> &'static str {
    match c {
        'e' | 'E' => "exponent not allowed",
        '+' => "plus sign not allowed",
        c if c.is_whitespace() => "whitespace not allowed",
        _ => "unexpected character",
    }
}

/// Parse a decimal in the strict syntax `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with at most 28 significant digits and at
/// most 28 decimal places. The scale is kept ("1.50" has scale 2); "-0" parses as zero.
pub fn parse_decimal(s: &str) -> Result<Decimal, MoneyError> {
    if s.is_empty() {
        return Err(invalid(s, 0, "empty"));
    }
    // Walked char by char (positions count chars), without collecting them: this runs for every decimal of
    // every input.
    let mut chars = s.chars().peekable();
    let mut i = 0;
    let negative = chars.peek() == Some(&'-');
    if negative {
        chars.next();
        i = 1;
    }
    // Integer part.
    match chars.peek() {
        None => return Err(invalid(s, i, "missing digits")),
        Some('.') => return Err(invalid(s, i, "missing digits before '.'")),
        Some(c) if !c.is_ascii_digit() => return Err(invalid(s, i, reason_for(*c))),
        Some(_) => {}
    }
    let leading_zero = chars.peek() == Some(&'0');
    let mut mantissa: i128 = 0;
    let mut significant: u32 = 0;
    let mut scale: u32 = 0;
    let int_start = i;
    let mut in_fraction = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            // "0" is a complete integer part, so the digit after it is the first offending character.
            if !in_fraction && i == int_start + 1 && leading_zero {
                return Err(invalid(s, i, "leading zero"));
            }
            if in_fraction {
                scale += 1;
                if scale > MAX_DIGITS {
                    return Err(invalid(s, i, "too many decimal places"));
                }
            }
            let digit = i128::from(c as u8 - b'0');
            if mantissa != 0 || digit != 0 {
                significant += 1;
                if significant > MAX_DIGITS {
                    return Err(invalid(s, i, "too many digits"));
                }
            }
            // Cannot overflow: at most 28 significant digits fit far below i128::MAX.
            mantissa = mantissa * 10 + digit;
        } else if c == '.' && !in_fraction {
            in_fraction = true;
            match chars.peek() {
                Some(d) if d.is_ascii_digit() => {}
                _ => return Err(invalid(s, i + 1, "missing digits after '.'")),
            }
        } else {
            return Err(invalid(s, i, reason_for(c)));
        }
        i += 1;
    }
    let signed = if negative { -mantissa } else { mantissa };
    // In range by construction (<= 28 digits, scale <= 28); the error arm is unreachable but not a panic.
    from_parts(signed, scale).ok_or(MoneyError::Overflow { operation: "parse" })
}

/// The decimal digits of `n`, most significant first, written into the end of `buf`; returns where they start.
/// 128-bit division is a library call on wasm32, so it splits `n` into 19-digit chunks (10^19 fits a u64) and
/// divides by 10 only in 64 bits; at most three chunks, 39 digits.
fn digits_of(mut n: u128, buf: &mut [u8; 40]) -> usize {
    const CHUNK: u128 = 10_000_000_000_000_000_000;
    // Every amount of a quote fits 64 bits: no 128-bit arithmetic at all then (each 128-bit division or
    // multiplication is a library call in wasm32). Its at most 20 digits go to the end of `buf`.
    if let (Ok(small), Some((_, tail))) = (u64::try_from(n), buf.split_last_chunk_mut::<20>()) {
        return 40 - crate::digits::of_u64(small, tail).len();
    }
    let mut start = buf.len();
    loop {
        let rest = n / CHUNK;
        let mut low = (n - rest * CHUNK) as u64;
        let mut written = 0;
        // A chunk below a higher one is written with all its 19 digits (inner zeros); the top one without
        // leading zeros, but at least one digit ("0").
        while start > 0 && (written == 0 || low != 0 || (rest != 0 && written < 19)) {
            start -= 1;
            buf[start] = b'0' + (low % 10) as u8;
            low /= 10;
            written += 1;
        }
        if rest == 0 || start == 0 {
            return start;
        }
        n = rest;
    }
}

/// Where [`write_parts`] writes: a `String`, or a decimal's inline bytes ([`Inline`]).
trait Sink {
    /// Appends ASCII bytes.
    fn ascii(&mut self, bytes: &[u8]);
    /// Appends `n` zeros.
    fn zeros(&mut self, n: usize);
}

impl Sink for String {
    fn ascii(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.push(char::from(b)));
    }
    fn zeros(&mut self, n: usize) {
        self.extend(std::iter::repeat_n('0', n));
    }
}

/// A decimal's text for a `DecimalText` inline: `len` counts every byte written, and only those that fit
/// are kept, so `len` above [`INLINE`] says the text must go to a `String` instead.
struct Inline {
    bytes: [u8; INLINE],
    len: usize,
}

impl Sink for Inline {
    fn ascii(&mut self, bytes: &[u8]) {
        if let Some(to) = self.bytes.get_mut(self.len..self.len + bytes.len()) {
            to.copy_from_slice(bytes);
        }
        self.len += bytes.len();
    }
    fn zeros(&mut self, n: usize) {
        if let Some(to) = self.bytes.get_mut(self.len..self.len + n) {
            to.fill(b'0');
        }
        self.len += n;
    }
}

/// A mantissa's `digits` with `scale` decimals appended to `out`: a '-' when `negative`, a leading "0" before
/// the point when needed, then `pad` zeros. No formatting machinery: this writes every decimal of a quote, into
/// a decimal's own text ([`text_of`]) or straight into a larger text (the explanation's: `write_decimal`,
/// `write_fixed`).
fn write_parts(out: &mut impl Sink, negative: bool, digits: &[u8], scale: usize, pad: usize) {
    if negative {
        out.ascii(b"-");
    }
    if scale == 0 {
        out.ascii(digits);
    } else if digits.len() <= scale {
        out.ascii(b"0.");
        out.zeros(scale - digits.len());
        out.ascii(digits);
    } else {
        let (int, frac) = digits.split_at(digits.len() - scale);
        out.ascii(int);
        out.ascii(b".");
        out.ascii(frac);
    }
    if pad > 0 && scale == 0 {
        out.ascii(b".");
    }
    out.zeros(pad);
}

/// `mantissa` with `scale` decimals and `pad` zeros (see [`write_parts`]), appended to `out`.
fn write_mantissa(out: &mut String, mantissa: i128, scale: u32, pad: usize) {
    let mut buf = [0u8; 40];
    let start = digits_of(mantissa.unsigned_abs(), &mut buf);
    write_parts(out, mantissa < 0, &buf[start..], scale as usize, pad);
}

/// `mantissa` with `scale` decimals and `pad` zeros as a decimal's own text: inline, without a heap block,
/// whenever it fits (every amount of a quote). The browser build (`compact-text`) keeps a `String` anyway.
fn text_of(mantissa: i128, scale: u32, pad: usize) -> DecimalText {
    let mut buf = [0u8; 40];
    let start = digits_of(mantissa.unsigned_abs(), &mut buf);
    let (negative, digits, scale) = (mantissa < 0, &buf[start..], scale as usize);
    if !cfg!(feature = "compact-text") {
        let mut text = Inline {
            bytes: [0; INLINE],
            len: 0,
        };
        write_parts(&mut text, negative, digits, scale, pad);
        if let Some(bytes) = text.bytes.get(..text.len) {
            return DecimalText::from_ascii(bytes);
        }
    }
    let mut text = String::new();
    write_parts(&mut text, negative, digits, scale, pad);
    DecimalText::from(text)
}

/// The mantissa, scale and padding [`format_fixed`] writes: only trailing zeros beyond `scale` dropped, then
/// zeros up to `scale`.
fn fixed_parts(d: Decimal, scale: u32) -> (i128, u32, usize) {
    let mut m = d.mantissa();
    let mut s = d.scale();
    if s > scale {
        // In 64 bits when the mantissa fits (every amount of a quote): see `digits_of`.
        match i64::try_from(m) {
            Ok(mut small) => {
                while s > scale && small % 10 == 0 {
                    small /= 10;
                    s -= 1;
                }
                m = i128::from(small);
            }
            Err(_) => {
                while s > scale && m % 10 == 0 {
                    m /= 10;
                    s -= 1;
                }
            }
        }
    }
    (m, s, scale.saturating_sub(s) as usize)
}

/// Format canonically: plain digits, scale kept ("1.50"), never an exponent, and zero without a sign ("-0.00"
/// is written "0.00").
pub fn format_decimal(d: Decimal) -> String {
    let mut text = String::new();
    write_decimal(&mut text, d);
    text
}

/// [`format_decimal`]'s text as a field of a wire type: without a heap block of its own.
pub fn decimal_text(d: Decimal) -> DecimalText {
    text_of(d.mantissa(), d.scale(), 0)
}

/// The text rust_decimal's `Display` writes (`format!("{d}")`): [`format_decimal`]'s, except that a negative
/// zero keeps its sign ("-0.00"). For messages that show decimals as written; by hand because the browser build
/// has no other use of rust_decimal's formatting code (~0.7 KB gzip). tests/money_props.rs compares the two.
pub fn display_decimal(d: Decimal) -> String {
    let mut text = String::new();
    if d.is_zero() && d.is_sign_negative() {
        text.push('-');
    }
    write_decimal(&mut text, d);
    text
}

/// Format with at least `scale` decimals: pads with zeros when the value has fewer. It never rounds: when the
/// value has more decimals, only trailing zeros beyond `scale` are dropped and any other digits are kept, so
/// callers round first (see `round`). Padding is textual, so any `scale` works.
pub fn format_fixed(d: Decimal, scale: u32) -> String {
    let mut text = String::new();
    write_fixed(&mut text, d, scale);
    text
}

/// [`format_fixed`]'s text as a field of a wire type: without a heap block of its own.
pub fn fixed_text(d: Decimal, scale: u32) -> DecimalText {
    let (m, s, pad) = fixed_parts(d, scale);
    text_of(m, s, pad)
}

/// [`format_decimal`]'s text appended to `out`: for text that holds several values (the explanation's messages
/// and params), without a `String` of its own or the formatting machinery.
pub fn write_decimal(out: &mut String, d: Decimal) {
    write_mantissa(out, d.mantissa(), d.scale(), 0);
}

/// [`format_fixed`]'s text appended to `out` (see [`write_decimal`]).
pub fn write_fixed(out: &mut String, d: Decimal, scale: u32) {
    let (m, s, pad) = fixed_parts(d, scale);
    write_mantissa(out, m, s, pad);
}

/// One minor unit of a currency with `minor_units` decimals: 0.01 for 2, 1 for 0, 0.001 for 3.
/// `None` when `minor_units` exceeds 28.
pub fn minor_unit(minor_units: u32) -> Option<Decimal> {
    from_parts(1, minor_units)
}

/// Whether `d` is a whole number of minor units (`12.340` is, for 2 minor units; `12.345` is not).
pub fn is_multiple_of_minor(d: Decimal, minor_units: u32) -> bool {
    let scale = d.scale();
    if scale <= minor_units {
        return true;
    }
    match pow10(scale - minor_units) {
        Some(p) => d.mantissa() % p == 0,
        None => d.mantissa() == 0,
    }
}

/// `d` as an integer count of minor units, or `None` when `d` is not a multiple of the minor unit or the count
/// does not fit an i128.
pub(crate) fn to_minor(d: Decimal, minor_units: u32) -> Option<i128> {
    let (m, scale) = (d.mantissa(), d.scale());
    if scale <= minor_units {
        m.checked_mul(pow10(minor_units - scale)?)
    } else {
        let p = pow10(scale - minor_units)?;
        (m % p == 0).then(|| m / p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decimal's own text is the text written into a `String`, inline or not (30 bytes fit, 31 and more do not):
    /// the string is built by hand from the mantissa's std formatting, which shares no code with either.
    #[test]
    fn own_text_is_the_written_text_inline_or_not() {
        for m in [
            0i128,
            5,
            -5,
            1234,
            -1234,
            10_i128.pow(27),
            // 29 digits: with two decimals 30 bytes (inline), 31 with the sign (not).
            10_i128.pow(29) - 1,
            -(10_i128.pow(29) - 1),
            -(10_i128.pow(30) + 7),
        ] {
            for scale in [0u32, 1, 2, 4, 28] {
                for pad in [0usize, 1, 2, 40] {
                    let abs = m.unsigned_abs().to_string();
                    let scale_ = scale as usize;
                    let mut want = if m < 0 {
                        "-".to_string()
                    } else {
                        String::new()
                    };
                    if scale_ == 0 {
                        want.push_str(&abs);
                    } else {
                        let padded = format!("{abs:0>width$}", width = scale_ + 1);
                        let (int, frac) = padded.split_at(padded.len() - scale_);
                        want.push_str(&format!("{int}.{frac}"));
                    }
                    if pad > 0 && scale_ == 0 {
                        want.push('.');
                    }
                    want.push_str(&"0".repeat(pad));
                    let mut written = String::new();
                    write_mantissa(&mut written, m, scale, pad);
                    assert_eq!(written, want, "{m} {scale} {pad}");
                    assert_eq!(text_of(m, scale, pad), want, "{m} {scale} {pad}");
                }
            }
        }
    }

    /// Around the 64-bit fast path and the 19-digit chunks, each scale, against rust_decimal's `Display` (an
    /// independent writer): canonical and fixed (with a trailing zero to drop and places to pad).
    #[test]
    fn digits_at_the_64_bit_and_chunk_boundaries_read_as_rust_decimal_writes_them() {
        let edges: [u128; 9] = [
            0,
            9,
            10,
            9_999_999_999_999_999_999,
            10_000_000_000_000_000_000,
            u64::MAX as u128 - 1,
            u64::MAX as u128,
            u64::MAX as u128 + 1,
            79_228_162_514_264_337_593_543_950_335,
        ];
        for m in edges {
            for negative in [false, true] {
                for scale in [0, 2, 19, 28] {
                    let d = Decimal::from_i128_with_scale(
                        m as i128 * if negative { -1 } else { 1 },
                        scale,
                    );
                    let want = if d.is_zero() {
                        d.abs().to_string()
                    } else {
                        d.to_string()
                    };
                    assert_eq!(format_decimal(d), want, "{m} {scale}");
                    let mut text = String::from("x");
                    write_decimal(&mut text, d);
                    assert_eq!(text, format!("x{want}"), "{m} {scale}");
                    if scale < 28 && m < u64::MAX as u128 {
                        let tenfold = Decimal::from_i128_with_scale(d.mantissa() * 10, scale + 1);
                        assert_eq!(format_fixed(tenfold, scale), want, "{m} {scale}");
                    }
                }
            }
        }
        assert_eq!(format_fixed(Decimal::new(150, 2), 4), "1.5000");
        let mut text = String::new();
        write_fixed(&mut text, Decimal::new(-15, 0), 2);
        assert_eq!(text, "-15.00");
    }

    fn err(s: &str) -> (usize, &'static str) {
        match parse_decimal(s) {
            Err(MoneyError::InvalidDecimal {
                position, reason, ..
            }) => (position, reason),
            other => panic!("{s:?} parsed as {other:?}"),
        }
    }

    #[test]
    fn canonical_round_trips() {
        for s in [
            "0",
            "1",
            "-1",
            "1.50",
            "0.00",
            "-0.05",
            "123456789.123456789",
            "9999999999999999999999999999",
            "-0.0000000000000000000000000001",
            "0.0000000000000000000000000000",
        ] {
            assert_eq!(format_decimal(parse_decimal(s).unwrap()), s);
        }
    }

    #[test]
    fn negative_zero_is_written_without_sign() {
        assert_eq!(format_decimal(parse_decimal("-0").unwrap()), "0");
        assert_eq!(format_decimal(parse_decimal("-0.00").unwrap()), "0.00");
        let mut z = Decimal::new(0, 2);
        z.set_sign_negative(true);
        assert_eq!(format_decimal(z), "0.00");
    }

    #[test]
    fn rejects_with_position_and_reason() {
        assert_eq!(err(""), (0, "empty"));
        assert_eq!(err("-"), (1, "missing digits"));
        assert_eq!(err("+1"), (0, "plus sign not allowed"));
        assert_eq!(err("01"), (1, "leading zero"));
        assert_eq!(err("-007"), (2, "leading zero"));
        assert_eq!(err("00.5"), (1, "leading zero"));
        assert_eq!(err("1e3"), (1, "exponent not allowed"));
        assert_eq!(err("1.5E3"), (3, "exponent not allowed"));
        assert_eq!(err(".5"), (0, "missing digits before '.'"));
        assert_eq!(err("-.5"), (1, "missing digits before '.'"));
        assert_eq!(err("5."), (2, "missing digits after '.'"));
        assert_eq!(err("5.x"), (2, "missing digits after '.'"));
        assert_eq!(err(" 1"), (0, "whitespace not allowed"));
        assert_eq!(err("1 "), (1, "whitespace not allowed"));
        assert_eq!(err("1,5"), (1, "unexpected character"));
        assert_eq!(err("1.2.3"), (3, "unexpected character"));
        assert_eq!(err("--1"), (1, "unexpected character"));
        assert_eq!(err("½"), (0, "unexpected character"));
        // Position counts chars, not bytes.
        assert_eq!(err("1é"), (1, "unexpected character"));
        // 29 significant digits: the 29th is the offender.
        assert_eq!(
            err("12345678901234567890123456789"),
            (28, "too many digits")
        );
        // 29 decimal places.
        assert_eq!(
            err("0.00000000000000000000000000001"),
            (30, "too many decimal places")
        );
    }

    #[test]
    fn format_fixed_pads_and_never_rounds() {
        let d = |s| parse_decimal(s).unwrap();
        assert_eq!(format_fixed(d("5.2"), 2), "5.20");
        assert_eq!(format_fixed(d("5"), 2), "5.00");
        assert_eq!(format_fixed(d("-5"), 3), "-5.000");
        assert_eq!(format_fixed(d("5"), 0), "5");
        assert_eq!(format_fixed(d("1.2300"), 2), "1.23");
        assert_eq!(format_fixed(d("1.234"), 2), "1.234");
        assert_eq!(format_fixed(d("-0.000"), 2), "0.00");
    }

    #[test]
    fn digits_across_the_19_digit_chunks() {
        // Expected texts written by hand (u128::MAX is 2^128 - 1 = 340282366920938463463374607431768211455).
        let text = |n: u128| {
            let mut buf = [0u8; 40];
            let start = digits_of(n, &mut buf);
            String::from_utf8(buf[start..].to_vec()).unwrap()
        };
        assert_eq!(text(0), "0");
        assert_eq!(text(7), "7");
        assert_eq!(text(9_999_999_999_999_999_999), "9999999999999999999");
        assert_eq!(text(10_000_000_000_000_000_000), "10000000000000000000");
        assert_eq!(
            text(100_000_000_000_000_000_000_000_000_001),
            "100000000000000000000000000001"
        );
        assert_eq!(text(u128::MAX), "340282366920938463463374607431768211455");
        // Through the public formatter: the largest decimal (2^96 - 1 = 79228162514264337593543950335), negated,
        // the smallest at full scale, and inner zeros across a chunk.
        let d = |s| parse_decimal(s).unwrap();
        assert_eq!(
            format_decimal(-Decimal::MAX),
            "-79228162514264337593543950335"
        );
        assert_eq!(
            format_decimal(d("0.0000000000000000000000000001")),
            "0.0000000000000000000000000001"
        );
        assert_eq!(
            format_decimal(d("-1000000000000000000000.000001")),
            "-1000000000000000000000.000001"
        );
    }

    #[test]
    fn minor_unit_helpers() {
        assert_eq!(minor_unit(2), Some(Decimal::new(1, 2)));
        assert_eq!(minor_unit(0), Some(Decimal::ONE));
        assert_eq!(minor_unit(29), None);
        let d = |s| parse_decimal(s).unwrap();
        assert!(is_multiple_of_minor(d("12.340"), 2));
        assert!(!is_multiple_of_minor(d("12.345"), 2));
        assert!(is_multiple_of_minor(d("12"), 0));
        assert!(!is_multiple_of_minor(d("0.5"), 0));
        assert_eq!(to_minor(d("-0.5"), 2), Some(-50));
        assert_eq!(to_minor(d("12.340"), 2), Some(1234));
        assert_eq!(to_minor(d("12.345"), 2), None);
    }
}
