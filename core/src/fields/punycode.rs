//! Punycode (RFC 3492): encoding measures internationalised domain labels in their ASCII ("xn--") form for
//! the DNS length limits; decoding turns an "xn--" label back into Unicode so it is checked like one typed
//! in Unicode. Arithmetic is checked: an overflow or a malformed input returns `None`.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

/// The Punycode form of `label` (without the "xn--" prefix).
pub(super) fn encode(label: &str) -> Option<String> {
    let input: Vec<u32> = label.chars().map(u32::from).collect();
    let mut output: String = label.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(output.len()).ok()?;
    if basic > 0 {
        output.push('-');
    }
    let total = u32::try_from(input.len()).ok()?;
    let mut n = INITIAL_N;
    let mut delta: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let mut handled = basic;
    while handled < total {
        // The smallest code point not yet handled.
        let m = input.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

/// The Unicode form of a Punycode label (without the "xn--" prefix), or `None` when it is not valid Punycode.
pub(super) fn decode(input: &str) -> Option<String> {
    // The last '-' (by bytes: no reverse char searcher in the browser build for this one use).
    let (basic, extended) = match input.bytes().rposition(|b| b == b'-') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => ("", input),
    };
    if !basic.is_ascii() {
        return None;
    }
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut digits = extended.chars().peekable();
    while digits.peek().is_some() {
        let old_i = i;
        let mut w: u32 = 1;
        let mut k = BASE;
        loop {
            let d = match digits.next()? {
                c @ 'a'..='z' => u32::from(c) - u32::from('a'),
                c @ 'A'..='Z' => u32::from(c) - u32::from('A'),
                c @ '0'..='9' => u32::from(c) - u32::from('0') + 26,
                _ => return None,
            };
            i = i.checked_add(d.checked_mul(w)?)?;
            let t = if k <= bias {
                T_MIN
            } else if k >= bias + T_MAX {
                T_MAX
            } else {
                k - bias
            };
            if d < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k = k.checked_add(BASE)?;
        }
        let len = u32::try_from(output.len()).ok()?.checked_add(1)?;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        // n only grows from 128, so a decoded code point is never basic; surrogates are refused.
        let c = char::from_u32(n)?;
        output.insert(usize::try_from(i).ok()?, c);
        i += 1;
    }
    Some(output.into_iter().collect())
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

/// 0..=25 -> 'a'..='z', 26..=35 -> '0'..='9'.
fn digit(d: u32) -> char {
    let byte = if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + (d - 26) as u8
    };
    char::from(byte)
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};
    use proptest::prelude::*;

    proptest! {
        // Decoding inverts encoding for any text (RFC 3492 is a bijection on code point sequences).
        #[test]
        fn decode_inverts_encode(s in "\\PC{1,24}") {
            let encoded = encode(&s).expect("short strings encode");
            prop_assert_eq!(decode(&encoded), Some(s));
        }
    }

    #[test]
    fn known_encodings() {
        // Expected values from Python's built-in "punycode" codec (an independent implementation) and
        // RFC 3492 section 7.1 (sample strings (A) Arabic and (L) Japanese).
        assert_eq!(encode("bücher").as_deref(), Some("bcher-kva"));
        assert_eq!(encode("münchen").as_deref(), Some("mnchen-3ya"));
        assert_eq!(encode("例え").as_deref(), Some("r8jz45g"));
        assert_eq!(encode("テスト").as_deref(), Some("zckzah"));
        assert_eq!(
            encode("\u{644}\u{64A}\u{647}\u{645}\u{627}\u{628}\u{62A}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64A}\u{61F}").as_deref(),
            Some("egbpdaj6bu4bxfgehfvwxn")
        );
        assert_eq!(
            encode("3年B組金八先生").as_deref(),
            Some("3B-ww4c5e180e575a65lsy2b")
        );
        assert_eq!(encode("abc").as_deref(), Some("abc-"));
    }

    #[test]
    fn known_decodings() {
        // The same published pairs backwards (Python's "punycode" codec, RFC 3492 section 7.1).
        assert_eq!(decode("bcher-kva").as_deref(), Some("bücher"));
        assert_eq!(decode("r8jz45g").as_deref(), Some("例え"));
        assert_eq!(
            decode("3B-ww4c5e180e575a65lsy2b").as_deref(),
            Some("3年B組金八先生")
        );
        assert_eq!(decode("abc-").as_deref(), Some("abc"));
        // Not Punycode: a character outside [a-z0-9], a truncated delta. "a" is valid Punycode for U+0080
        // (a control, which the IDNA check then refuses).
        assert_eq!(decode("bcher-kv!"), None);
        assert_eq!(decode("bcher-k9"), None);
        assert_eq!(decode("a").as_deref(), Some("\u{80}"));
    }
}
