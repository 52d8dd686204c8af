//! IDNA2008 checks of domain labels in their Unicode form (RFC 5891 section 4.2, RFC 5892 code point classes
//! and CONTEXTO rules, RFC 5893 Bidi rule), over the generated range tables of idna_data.rs, and the format
//! character test the e-mail validator applies to the whole address. docs/fields.md says what is checked.

use super::idna_data as data;

/// Why a Unicode label is refused (the `reason` of `invalid-email`).
pub(super) type Reason = &'static str;

/// One LEB128 number of a table, advancing `pos`.
fn leb128(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let mut value: u32 = 0;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(*pos)?;
        *pos += 1;
        value |= u32::from(byte & 0x7F).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
        shift += 7;
    }
}

/// The tag of the range holding `cp` (0 for an untagged table), or `None` when no range holds it.
/// Tables are a few KB and labels at most 63 code points, so a linear scan is enough.
fn lookup(table: &[u8], tagged: bool, cp: u32) -> Option<u8> {
    let mut pos = 0;
    let mut next: u32 = 0;
    while pos < table.len() {
        let start = next.checked_add(leb128(table, &mut pos)?)?;
        let end = start.checked_add(leb128(table, &mut pos)?)?;
        let tag = if tagged {
            let t = *table.get(pos)?;
            pos += 1;
            t
        } else {
            0
        };
        if cp < start {
            return None;
        }
        if cp <= end {
            return Some(tag);
        }
        next = end.checked_add(1)?;
    }
    None
}

fn in_table(table: &[u8], c: char) -> bool {
    lookup(table, false, u32::from(c)).is_some()
}

/// General Category Cf: invisible and bidirectional controls (U+200B, U+200D, U+202E, U+2066, U+FEFF, ...).
pub(super) fn is_format(c: char) -> bool {
    !c.is_ascii() && in_table(data::FORMAT, c)
}

/// Bidi_Class as RFC 5893 needs it (0 L, 1 R, 2 AL, 3 AN, 4 EN, 5 ES, 6 CS, 7 ET, 8 ON, 9 BN, 10 NSM, 11 other).
fn bidi(c: char) -> u8 {
    lookup(data::BIDI, true, u32::from(c)).unwrap_or(0)
}
const L: u8 = 0;
const R: u8 = 1;
const AL: u8 = 2;
const AN: u8 = 3;
const EN: u8 = 4;
const NSM: u8 = 10;

/// A label's code points against IDNA2008 (RFC 5891 4.2.3.2 and 4.2.3.3, RFC 5892): each PVALID, or CONTEXTO
/// with its rule met; not starting with a combining mark. (Hyphens and lengths are checked by the caller;
/// CONTEXTJ code points, U+200C and U+200D, are format characters and refused before this.)
pub(super) fn check_label(label: &str) -> Result<(), Reason> {
    let chars: Vec<char> = label.chars().collect();
    if chars.first().is_some_and(|&c| in_table(data::MARKS, c)) {
        return Err("domain-label-combining-mark");
    }
    for (i, &c) in chars.iter().enumerate() {
        if in_table(data::PVALID, c) {
            continue;
        }
        if !in_table(data::CONTEXTO, c) {
            return Err("domain-character");
        }
        if !contexto_rule(&chars, i) {
            return Err("domain-context-character");
        }
    }
    Ok(())
}

/// RFC 5892 Appendix A.3 to A.9: the rule of the CONTEXTO code point at `i`.
fn contexto_rule(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
    let after = chars.get(i + 1).copied();
    let any = |table: &[u8]| chars.iter().any(|&c| in_table(table, c));
    let any_in = |lo: char, hi: char| chars.iter().any(|c| (lo..=hi).contains(c));
    match chars.get(i) {
        // MIDDLE DOT between two "l" (Catalan "l·l").
        Some('\u{B7}') => before == Some('l') && after == Some('l'),
        // GREEK LOWER NUMERAL SIGN before a Greek character.
        Some('\u{375}') => after.is_some_and(|c| in_table(data::GREEK, c)),
        // HEBREW GERESH and GERSHAYIM after a Hebrew character.
        Some('\u{5F3}' | '\u{5F4}') => before.is_some_and(|c| in_table(data::HEBREW, c)),
        // KATAKANA MIDDLE DOT in a label with Hiragana, Katakana or Han.
        Some('\u{30FB}') => any(data::HIRAGANA) || any(data::KATAKANA) || any(data::HAN),
        // ARABIC-INDIC and EXTENDED ARABIC-INDIC digits are never mixed.
        Some('\u{660}'..='\u{669}') => !any_in('\u{6F0}', '\u{6F9}'),
        Some('\u{6F0}'..='\u{6F9}') => !any_in('\u{660}', '\u{669}'),
        _ => false,
    }
}

/// RFC 5893 section 2: when any label has a right-to-left character (R, AL or AN), every label must be a
/// valid LTR or RTL label (no label may mix directions or start with a digit). Labels in Unicode form.
pub(super) fn check_bidi(labels: &[String]) -> Result<(), Reason> {
    let classes: Vec<Vec<u8>> = labels
        .iter()
        .map(|l| l.chars().map(bidi).collect())
        .collect();
    if !classes
        .iter()
        .flatten()
        .any(|&b| b == R || b == AL || b == AN)
    {
        return Ok(());
    }
    let valid = |label: &[u8]| -> bool {
        let Some(&first) = label.first() else {
            return true;
        };
        let last = label.iter().rev().find(|&&b| b != NSM).copied();
        match first {
            // Rules 2, 3, 4: R AL AN EN ES CS ET ON BN NSM only; ends R AL EN AN (+NSM); not both EN and AN.
            R | AL => {
                label.iter().all(|&b| b != L && b <= NSM)
                    && matches!(last, Some(R | AL | EN | AN))
                    && !(label.contains(&EN) && label.contains(&AN))
            }
            // Rules 5, 6: L EN ES CS ET ON BN NSM only; ends L or EN (+NSM).
            L => {
                label.iter().all(|&b| !matches!(b, R | AL | AN) && b <= NSM)
                    && matches!(last, Some(L | EN))
            }
            // Rule 1: a label starts with L, R or AL.
            _ => false,
        }
    };
    if classes.iter().all(|label| valid(label)) {
        Ok(())
    } else {
        Err("domain-bidi")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_decode() {
        // Hand-picked facts of Unicode (UnicodeData.txt, RFC 5892 Appendix B): a-z PVALID, A-Z not; U+00DF
        // (sharp s) and U+03C2 (final sigma) PVALID in IDNA2008; U+00B7 CONTEXTO; U+202E, U+200B, U+FEFF,
        // U+00AD Cf; U+0301 a mark; U+05D0 (alef) R, U+0627 (Arabic alef) AL, U+0661 AN, '1' EN.
        for c in ['a', 'z', '0', '-', '\u{DF}', '\u{3C2}', 'ü', '例'] {
            assert!(in_table(data::PVALID, c), "{c:?}");
        }
        for c in ['A', 'Z', '.', '_', ' ', '\u{B7}', '\u{202E}', '\u{FF21}'] {
            assert!(!in_table(data::PVALID, c), "{c:?}");
        }
        assert!(in_table(data::CONTEXTO, '\u{B7}'));
        for c in [
            '\u{202E}', '\u{200B}', '\u{FEFF}', '\u{AD}', '\u{200D}', '\u{2066}',
        ] {
            assert!(is_format(c), "{c:?}");
        }
        assert!(!is_format('a') && !is_format('ü'));
        assert!(in_table(data::MARKS, '\u{301}') && !in_table(data::MARKS, 'e'));
        assert_eq!(bidi('\u{5D0}'), R);
        assert_eq!(bidi('\u{627}'), AL);
        assert_eq!(bidi('\u{661}'), AN);
        assert_eq!(bidi('1'), EN);
        assert_eq!(bidi('a'), L);
        assert!(lookup(b"\x80", false, 5).is_none()); // a truncated table is an answer, not a panic
    }
}
