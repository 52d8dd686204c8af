//! The `coupons` section: codes that one input could match twice, the promotion each unlocks, windows, usage
//! limits.

use super::checker::{at, at_index, Checker};
use super::promotions::{usage_limit, window};
use crate::json::ShapeError;
use crate::rulebook::promotion_model::*;
use crate::rulebook::promotion_shape as raw;
use crate::rulebook::RulebookError as E;
use std::collections::BTreeMap;

/// Coupons first (conditions refer to them), with their promotion resolved by id.
pub(super) fn coupons(
    checker: &mut Checker,
    raw_coupons: &[raw::Coupon],
    ids: &BTreeMap<&str, usize>,
) -> Coupons {
    let mut out = Coupons::default();
    // The case-sensitive codes so far, folded (`out.exact` has them as written, `out.folded` the
    // case-insensitive ones folded). Same map type as those two, so the wasm has its code once.
    let mut sensitive_folded: BTreeMap<String, usize> = BTreeMap::new();
    for (i, coupon) in raw_coupons.iter().enumerate() {
        let path = at_index("/coupons", i);
        if coupon.code.is_empty() || coupon.code.trim() != coupon.code {
            checker.push(
                &at(&path, "code"),
                ShapeError::OutOfRange {
                    value: coupon.code.clone(),
                    expected: "a non-empty code without leading or trailing spaces",
                },
            );
        }
        let promotion = match ids.get(coupon.promotion.as_str()) {
            Some(&index) => index,
            None => {
                checker.push(
                    &at(&path, "promotion"),
                    E::DanglingReference {
                        kind: "promotion",
                        id: coupon.promotion.clone(),
                    },
                );
                usize::MAX
            }
        };
        let (valid_from, valid_until) =
            window(checker, &coupon.valid_from, &coupon.valid_until, &path);
        let usage_limit = usage_limit(checker, &coupon.usage_limit, &at(&path, "usage-limit"));
        // Two codes clash when one input could match both: equal as written, or equal once folded when
        // either of them is case-insensitive. (Equal as written to an earlier case-insensitive code is
        // equal folded to it, so `out.exact` need only hold the case-sensitive ones.)
        let folded = fold(&coupon.code);
        let clash = out.exact.contains_key(&coupon.code)
            || out.folded.contains_key(&folded)
            || (!coupon.case_sensitive && sensitive_folded.contains_key(&folded));
        if clash {
            checker.push(
                &at(&path, "code"),
                E::DuplicateId {
                    kind: "coupon",
                    id: coupon.code.clone(),
                },
            );
        }
        if coupon.case_sensitive {
            out.exact.entry(coupon.code.clone()).or_insert(i);
            sensitive_folded.entry(folded).or_insert(i);
        } else {
            out.folded.entry(folded).or_insert(i);
        }
        out.list.push(Coupon {
            code: coupon.code.clone(),
            index: i,
            promotion,
            valid_from,
            valid_until,
            usage_limit,
            case_sensitive: coupon.case_sensitive,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    /// The `duplicate-id` pointers of a rulebook with these coupons (all for one promotion).
    fn clashes(coupons: &[(&str, bool)]) -> Vec<String> {
        let coupons: Vec<String> = coupons
            .iter()
            .map(|(code, sensitive)| {
                format!(r#"{{"code": "{code}", "promotion": "p", "case-sensitive": {sensitive}}}"#)
            })
            .collect();
        let text = format!(
            r#"{{"kassa": "1", "id": "t", "version": "1",
            "settings": {{"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"}},
            "catalog": {{"items": [{{"sku": "A", "tax-category": "none"}}]}},
            "price-lists": [{{"id": "l", "currency": "EUR", "prices-include-tax": false,
                "prices": [{{"sku": "A", "unit-price": "1.00"}}]}}],
            "tax": {{"categories": [{{"id": "none", "exempt": true}}], "rules": []}},
            "shipping": {{"methods": []}},
            "promotions": [{{"id": "p", "action": {{"free-shipping": {{}}}}}}],
            "coupons": [{}]}}"#,
            coupons.join(",")
        );
        match crate::rulebook::load(&text) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .problems
                .iter()
                .map(|p| {
                    assert_eq!(p.code, "duplicate-id", "{p:?}");
                    p.path.clone()
                })
                .collect(),
        }
    }

    /// docs/rulebook.md: "two codes that one input could match are `duplicate-id`". An input matches a
    /// case-sensitive code when equal to it, a case-insensitive one when equal in lower case; so two codes
    /// clash when equal as written, or equal in lower case with either of them case-insensitive. Each case
    /// below is worked out by that rule; the later code of a clashing pair is reported.
    #[test]
    fn coupon_codes_clash_when_one_input_could_match_both() {
        let at = |i: usize| format!("/coupons/{i}/code");
        // Both case-sensitive: only equal as written clashes.
        assert_eq!(
            clashes(&[("AbC", true), ("abc", true)]),
            Vec::<String>::new()
        );
        assert_eq!(clashes(&[("AbC", true), ("AbC", true)]), [at(1)]);
        // One of them case-insensitive (either order): equal in lower case clashes.
        assert_eq!(clashes(&[("AbC", true), ("ABC", false)]), [at(1)]);
        assert_eq!(clashes(&[("ABC", false), ("AbC", true)]), [at(1)]);
        assert_eq!(clashes(&[("abc", false), ("ABC", false)]), [at(1)]);
        assert_eq!(
            clashes(&[("abc", false), ("abd", true)]),
            Vec::<String>::new()
        );
        // Equal as written, the earlier one case-insensitive.
        assert_eq!(clashes(&[("Q", false), ("Q", true)]), [at(1)]);
        // A code clashing with several earlier ones is reported once; unrelated codes in between.
        assert_eq!(
            clashes(&[
                ("X", true),
                ("Y", false),
                ("x", true),
                ("X", false),
                ("y", true)
            ]),
            [at(3), at(4)]
        );
    }
}
