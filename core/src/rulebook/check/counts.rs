//! The size limits of docs/limits.md on the rulebook's shape, checked before any other work so that a huge
//! rulebook (or a huge or deeply nested promotions section) fails fast with `limit-exceeded`.

use super::checker::{at, at_index};
use crate::error::Error;
use crate::limits::{self, check};
use crate::rulebook::promotion_shape as raw;
use crate::rulebook::schema::RawRulebook;

/// `limits::check` with the pointer written only when the limit is exceeded (the per-price and per-rate
/// checks below run for every price of a rulebook).
fn within(
    limit: &'static str,
    max: u64,
    actual: u64,
    path: impl FnOnce() -> String,
) -> Result<(), Error> {
    if actual > max {
        check(limit, max, actual, &path())?;
    }
    Ok(())
}

/// Counts checked before any other work, so that a huge rulebook fails fast with `limit-exceeded`.
pub fn counts(raw: &RawRulebook) -> Result<(), Error> {
    check(
        "items",
        limits::MAX_ITEMS,
        raw.catalog.items.len() as u64,
        "/catalog/items",
    )?;
    check(
        "price-lists",
        limits::MAX_PRICE_LISTS,
        raw.price_lists.len() as u64,
        "/price-lists",
    )?;
    // A derived list prices what its source prices: its source's prices count again (a copy each at load).
    let own = |l: &crate::rulebook::schema::PriceList| l.prices.as_ref().map_or(0, Vec::len);
    // Filled by insert, not collect: collecting into a map sorts, and a sort of these pairs would add its own
    // copy of the sort code to the wasm (CONTRIBUTING.md, "Keep the browser build small").
    let mut by_id: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for l in &raw.price_lists {
        by_id.insert(l.id.as_str(), own(l));
    }
    let prices: usize = raw
        .price_lists
        .iter()
        .map(|l| match &l.derived_from {
            Some(s) => own(l) + by_id.get(s.as_str()).copied().unwrap_or(0),
            None => own(l),
        })
        .sum();
    check("prices", limits::MAX_PRICES, prices as u64, "/price-lists")?;
    for (i, list) in raw.price_lists.iter().enumerate() {
        for (j, p) in list.prices.iter().flatten().enumerate() {
            for (name, tiers) in [("volume", &p.volume), ("graduated", &p.graduated)] {
                let n = tiers.as_ref().map_or(0, Vec::len) as u64;
                within("tiers", limits::MAX_TIERS, n, || {
                    format!("/price-lists/{i}/prices/{j}/{name}")
                })?;
            }
        }
    }
    check(
        "rulebook-attributes",
        limits::MAX_RULEBOOK_ATTRIBUTES,
        raw.attributes.len() as u64,
        "/attributes",
    )?;
    check(
        "tax-rules",
        limits::MAX_TAX_RULES,
        raw.tax.rules.len() as u64,
        "/tax/rules",
    )?;
    let methods = &raw.shipping.methods;
    check(
        "shipping-methods",
        limits::MAX_SHIPPING_METHODS,
        methods.len() as u64,
        "/shipping/methods",
    )?;
    for (i, m) in methods.iter().enumerate() {
        let path = || at(&at_index("/shipping/methods", i), "rates");
        within(
            "shipping-methods",
            limits::MAX_SHIPPING_METHODS,
            m.rates.len() as u64,
            path,
        )?;
        for (j, r) in m.rates.iter().enumerate() {
            for (name, bands) in [
                ("weight-bands", &r.weight_bands),
                ("subtotal-bands", &r.subtotal_bands),
            ] {
                let n = bands.as_ref().map_or(0, Vec::len) as u64;
                within("tiers", limits::MAX_TIERS, n, || {
                    at(&at_index(&path(), j), name)
                })?;
            }
        }
    }
    promotions(&raw.promotions, &raw.coupons)
}

/// The promotion limits (docs/limits.md), checked on the shape before any other promotion work, so that a
/// huge or deeply nested promotions section fails fast with `limit-exceeded`.
fn promotions(promotions: &[raw::Promotion], coupons: &[raw::Coupon]) -> Result<(), Error> {
    check(
        "promotions",
        limits::MAX_PROMOTIONS,
        promotions.len() as u64,
        "/promotions",
    )?;
    check(
        "rulebook-coupons",
        limits::MAX_RULEBOOK_COUPONS,
        coupons.len() as u64,
        "/coupons",
    )?;
    for (i, promotion) in promotions.iter().enumerate() {
        let path = at_index("/promotions", i);
        if let Some(when) = &promotion.when {
            let when_path = at(&path, "when");
            let (count, depth) = tree_size(when);
            check("conditions", limits::MAX_CONDITIONS, count, &when_path)?;
            if depth > limits::MAX_CONDITION_DEPTH {
                let deep = too_deep(when, when_path, 1).unwrap_or_default();
                check("condition-depth", limits::MAX_CONDITION_DEPTH, depth, &deep)?;
            }
        }
        if let raw::Action::Tiered(tiered) = &promotion.action {
            let tiers = at(&at(&at(&path, "action"), "tiered"), "tiers");
            check(
                "tiers",
                limits::MAX_TIERS,
                tiered.tiers.len() as u64,
                &tiers,
            )?;
        }
    }
    Ok(())
}

/// The children of a condition, with the key their pointers go through.
fn children(condition: &raw::Condition) -> (&'static str, &[raw::Condition]) {
    match condition {
        raw::Condition::All(list) => ("all", list),
        raw::Condition::Any(list) => ("any", list),
        raw::Condition::Not(inner) => ("not", std::slice::from_ref(inner.as_ref())),
        _ => ("", &[]),
    }
}

/// (conditions, depth) of a condition tree. The recursion is bounded by the JSON nesting limit.
fn tree_size(condition: &raw::Condition) -> (u64, u64) {
    children(condition)
        .1
        .iter()
        .fold((1, 1), |(count, depth), child| {
            let (child_count, child_depth) = tree_size(child);
            (count + child_count, depth.max(child_depth + 1))
        })
}

/// The pointer of the first condition (depth first) deeper than the limit.
fn too_deep(condition: &raw::Condition, path: String, depth: u64) -> Option<String> {
    if depth > limits::MAX_CONDITION_DEPTH {
        return Some(path);
    }
    let (key, list) = children(condition);
    list.iter().enumerate().find_map(|(i, inner)| {
        let child = if key == "not" {
            at(&path, key)
        } else {
            at_index(&at(&path, key), i)
        };
        too_deep(inner, child, depth + 1)
    })
}
