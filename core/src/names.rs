//! Kebab-case names derived from Rust identifiers at compile time, so that a rulebook key, an enum name or a
//! message parameter is written once, as the identifier, and never restated as a string beside it.
//!
//! `kebab!(snake minor_units)` is `"minor-units"` and `kebab!(camel BuyXGetY)` is `"buy-x-get-y"`: the same
//! conversion serde's `rename_all = "kebab-case"` makes, so the test-only schema derive agrees with them.
//! Everything here runs in `const` blocks; nothing is converted at run time.

/// The byte length of the kebab-case form of a `snake_case` identifier (the same).
pub const fn snake_len(ident: &str) -> usize {
    ident.len()
}

/// The kebab-case form of a `snake_case` identifier, as bytes: `_` becomes `-`.
pub const fn snake_to_kebab<const N: usize>(ident: &str) -> [u8; N] {
    let b = ident.as_bytes();
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = if b[i] == b'_' { b'-' } else { b[i] };
        i += 1;
    }
    out
}

/// The byte length of the kebab-case form of a `CamelCase` identifier: one `-` before every upper-case
/// letter but the first.
pub const fn camel_len(ident: &str) -> usize {
    let b = ident.as_bytes();
    let (mut n, mut i) = (b.len(), 1);
    while i < b.len() {
        n += b[i].is_ascii_uppercase() as usize;
        i += 1;
    }
    n
}

/// The kebab-case form of a `CamelCase` identifier, as bytes: `BestDeal` is `best-deal`.
pub const fn camel_to_kebab<const N: usize>(ident: &str) -> [u8; N] {
    let b = ident.as_bytes();
    let mut out = [0u8; N];
    let (mut i, mut o) = (0, 0);
    while i < b.len() {
        if i > 0 && b[i].is_ascii_uppercase() {
            out[o] = b'-';
            o += 1;
        }
        out[o] = b[i].to_ascii_lowercase();
        o += 1;
        i += 1;
    }
    out
}

/// Bytes made from an identifier as text (identifiers are UTF-8, and the conversions keep them so).
pub const fn text(bytes: &'static [u8]) -> &'static str {
    match core::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(_) => panic!("not UTF-8"),
    }
}

/// A doc comment's text: `///` lines arrive as `" line"` strings, which `concat!` joins with the space each
/// starts with; only the first leading space is left to drop.
pub const fn doc_text(doc: &'static str) -> &'static str {
    match doc.as_bytes() {
        [b' ', rest @ ..] => text(rest),
        _ => doc,
    }
}

/// `kebab!(snake field_name)` or `kebab!(camel VariantName)`: the kebab-case name as a `&'static str`.
macro_rules! kebab {
    (snake $ident:ident) => {
        const {
            const BYTES: [u8; $crate::names::snake_len(stringify!($ident))] =
                $crate::names::snake_to_kebab(stringify!($ident));
            $crate::names::text(&BYTES)
        }
    };
    (camel $ident:ident) => {
        const {
            const BYTES: [u8; $crate::names::camel_len(stringify!($ident))] =
                $crate::names::camel_to_kebab(stringify!($ident));
            $crate::names::text(&BYTES)
        }
    };
}

pub(crate) use kebab;

#[cfg(test)]
mod tests {
    #[test]
    fn identifiers_become_the_kebab_case_names_serde_would_write() {
        assert_eq!(kebab!(snake minor_units), "minor-units");
        assert_eq!(
            kebab!(snake require_vat_id_for_reverse_charge),
            "require-vat-id-for-reverse-charge"
        );
        assert_eq!(kebab!(snake kassa), "kassa");
        assert_eq!(kebab!(camel BestDeal), "best-deal");
        assert_eq!(kebab!(camel BuyXGetY), "buy-x-get-y");
        assert_eq!(kebab!(camel HalfAwayFromZero), "half-away-from-zero");
        assert_eq!(kebab!(camel Up), "up");
    }

    #[test]
    fn doc_comments_lose_only_their_first_space() {
        assert_eq!(
            super::doc_text(concat!(" One line,", " and the next.")),
            "One line, and the next."
        );
        assert_eq!(super::doc_text("no space"), "no space");
        assert_eq!(super::doc_text(""), "");
    }
}
