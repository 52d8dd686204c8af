//! The one table of error codes (docs/errors.md), gathered from every layer's `CODES`. It sits above the layers
//! so that none of them depends on it: a layer declares its codes with its errors (`error::errors!`).

use crate::error::{self, CodeDoc};
use crate::{fields, hints, json, money, pricing, promotion, rulebook, validation};

/// Every code of every layer, in table order: the source of docs/errors.md.
pub fn all() -> Vec<&'static CodeDoc> {
    error::CODES
        .iter()
        .chain(json::CODES)
        .chain(money::CODES)
        .chain(fields::CODES)
        .chain(rulebook::CODES)
        .chain(pricing::CODES)
        .chain(promotion::CODES)
        .chain(validation::CODES)
        .chain(hints::CODES)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_unique_and_kebab_case() {
        let codes = super::all();
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
            assert!(!c.meaning.is_empty(), "{} has no meaning", c.code);
        }
    }
}
