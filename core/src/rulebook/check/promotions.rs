//! The `promotions` section: each promotion's references, amounts in its currency, combination settings, and
//! the checks its conditions (`conditions.rs`) and action (`actions.rs`) share. Coupons are `coupons.rs`.

use super::actions::action;
use super::checker::{at, at_index, Checker};
use super::conditions::cond;
use super::coupons::coupons;
use crate::rulebook::model::{Item, ShippingMethod};
use crate::rulebook::promotion_model::*;
use crate::rulebook::promotion_shape::{self as raw, Class, Target};
use crate::rulebook::schema::{Dec, Stamp};
use crate::rulebook::time::Timestamp;
use crate::rulebook::RulebookError as E;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// What the checks look references up in (sets and maps, so that every lookup is logarithmic).
pub(super) struct Refs<'a> {
    pub(super) items: &'a BTreeMap<String, Item>,
    /// Categories and attribute names some item uses.
    pub(super) categories: BTreeSet<&'a str>,
    pub(super) attributes: BTreeSet<&'a str>,
    pub(super) methods: BTreeSet<&'a str>,
    /// Coupon code as written -> its first index.
    pub(super) codes: BTreeMap<&'a str, usize>,
}

/// The promotion being checked: its pointer, its currency ("" when none or unusable) and whether an amount
/// was met that needs one.
pub(super) struct Scope {
    pub(super) path: String,
    pub(super) currency: String,
    pub(super) has_currency: bool,
    pub(super) needs_currency: bool,
}

pub(super) fn invalid(c: &mut Checker, path: &str, reason: &'static str) {
    c.push(path, E::PromotionInvalid { reason });
}

/// An amount in the promotion's currency (precision-checked when the currency is known).
pub(super) fn amount(
    c: &mut Checker,
    s: &mut Scope,
    d: &Dec,
    path: &str,
    positive: bool,
) -> Option<Decimal> {
    s.needs_currency = true;
    let v = c.amount(d, path, &s.currency)?;
    if positive && v.is_zero() {
        c.push(
            path,
            E::OutOfRange {
                value: d.0.clone(),
                expected: "more than zero",
            },
        );
        return None;
    }
    Some(v)
}

pub(super) fn percent(c: &mut Checker, d: &Dec, path: &str) -> Option<Decimal> {
    c.dec_where(
        d,
        path,
        |v| v > Decimal::ZERO && v <= Decimal::ONE_HUNDRED,
        "a percentage above 0 and at most 100",
    )
}

pub(super) fn at_least_one(c: &mut Checker, v: u32, path: &str) {
    if v == 0 {
        c.push(
            path,
            E::OutOfRange {
                value: "0".into(),
                expected: "at least 1",
            },
        );
    }
}

pub(super) fn window(
    c: &mut Checker,
    from: &Option<Stamp>,
    until: &Option<Stamp>,
    path: &str,
) -> (Option<Timestamp>, Option<Timestamp>) {
    let f = from
        .as_ref()
        .and_then(|s| c.stamp(s, &at(path, "valid-from")));
    let u = until
        .as_ref()
        .and_then(|s| c.stamp(s, &at(path, "valid-until")));
    if let (Some(a), Some(b)) = (f, u) {
        if a >= b {
            let text = |s: &Option<Stamp>| s.as_ref().map(|s| s.0.clone()).unwrap_or_default();
            c.push(
                &at(path, "valid-until"),
                E::WindowImpossible {
                    from: text(from),
                    until: text(until),
                },
            );
        }
    }
    (f, u)
}

pub(super) fn usage_limit(c: &mut Checker, l: &Option<raw::UsageLimit>, path: &str) -> UsageLimit {
    let Some(l) = l else {
        return UsageLimit::default();
    };
    for (name, v) in [("per-customer", l.per_customer), ("total", l.total)] {
        if let Some(v) = v {
            at_least_one(c, v, &at(path, name));
        }
    }
    UsageLimit {
        per_customer: l.per_customer,
        total: l.total,
    }
}

/// Every class, in their order (`Class`'s `Ord`).
const ALL_CLASSES: [Class; 3] = [Class::Product, Class::Order, Class::Shipping];

/// Check both sections; returns the promotions (in rulebook order) and the coupons.
pub(super) fn promotions(
    c: &mut Checker,
    promotions: &[raw::Promotion],
    raw_coupons: &[raw::Coupon],
    items: &BTreeMap<String, Item>,
    methods: &[ShippingMethod],
    default_rounding: raw::PercentRounding,
) -> (Vec<Promotion>, Coupons) {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, p) in promotions.iter().enumerate() {
        if p.id.is_empty() {
            c.push(
                &at(&at_index("/promotions", i), "id"),
                E::OutOfRange {
                    value: String::new(),
                    expected: "a non-empty id",
                },
            );
        }
        if ids.insert(&p.id, i).is_some() {
            c.push(
                &at(&at_index("/promotions", i), "id"),
                E::DuplicateId {
                    kind: "promotion",
                    id: p.id.clone(),
                },
            );
        }
    }
    let coupons = coupons(c, raw_coupons, &ids);
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    // The coupons unlocking each promotion, by promotion index (a dangling coupon unlocks none).
    let mut unlocking: Vec<Vec<usize>> = vec![Vec::new(); promotions.len()];
    for k in &coupons.list {
        codes.entry(k.code.as_str()).or_insert(k.index);
        if let Some(list) = unlocking.get_mut(k.promotion) {
            list.push(k.index);
        }
    }
    // Built by inserting (not `collect`): the wasm has `BTreeSet<&str>::insert` already, not a sort of `&str`.
    let (mut categories, mut attributes, mut method_ids) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for it in items.values() {
        for cat in &it.categories {
            categories.insert(cat.as_str());
        }
        for name in it.attributes.keys() {
            attributes.insert(name.as_str());
        }
    }
    for m in methods {
        method_ids.insert(m.id.as_str());
    }
    let refs = Refs {
        items,
        categories,
        attributes,
        methods: method_ids,
        codes,
    };
    let mut out = Vec::new();
    for (i, p) in promotions.iter().enumerate() {
        let path = at_index("/promotions", i);
        let has_currency = match &p.currency {
            Some(cur) => c.currency_ref(cur, &at(&path, "currency")),
            None => false,
        };
        let mut s = Scope {
            path: path.clone(),
            currency: if has_currency {
                p.currency.clone().unwrap_or_default()
            } else {
                String::new()
            },
            has_currency: p.currency.is_some(),
            needs_currency: false,
        };
        let when = p
            .when
            .as_ref()
            .map(|w| cond(c, &refs, &mut s, w, at(&path, "when")));
        let action = action(c, &refs, &mut s, &p.action);
        let max_discount = p
            .max_discount
            .as_ref()
            .and_then(|d| amount(c, &mut s, d, &at(&path, "max-discount"), true));
        let floor = match &p.floor {
            Some(d) => {
                s.needs_currency = true;
                c.non_negative(d, &at(&path, "floor")).unwrap_or_default()
            }
            None => Decimal::ZERO,
        };
        if s.needs_currency && !s.has_currency {
            invalid(
                c,
                &path,
                "a promotion with amounts needs a currency (add \"currency\")",
            );
        }
        if p.exclusive && p.combines_with.is_some() {
            invalid(
                c,
                &at(&path, "combines-with"),
                "an exclusive promotion combines with nothing: remove combines-with",
            );
        }
        if let Some(n) = p.max_applications {
            at_least_one(c, n, &at(&path, "max-applications"));
            let counted = matches!(
                p.action,
                raw::Action::BuyXGetY(_)
                    | raw::Action::PercentOff(raw::PercentOff {
                        on: Target::EachUnit | Target::EachLine,
                        ..
                    })
                    | raw::Action::AmountOff(raw::AmountOff {
                        on: Target::EachUnit | Target::EachLine,
                        ..
                    })
                    | raw::Action::FixedPrice(raw::FixedPrice {
                        on: Target::EachUnit | Target::EachLine,
                        ..
                    })
            );
            if !counted {
                invalid(
                    c,
                    &at(&path, "max-applications"),
                    "max-applications counts units (each-unit), lines (each-line) or sets (buy-x-get-y)",
                );
            }
        }
        let usage_limit = usage_limit(c, &p.usage_limit, &at(&path, "usage-limit"));
        let Some(action) = action else { continue };
        let class = action.class();
        let combines_with = match (&p.combines_with, p.exclusive) {
            (_, true) => Vec::new(),
            // The listed classes in their order, once each (no set or sort of `Class` in the wasm).
            (Some(list), false) => ALL_CLASSES
                .into_iter()
                .filter(|c| list.contains(c))
                .collect(),
            (None, false) => ALL_CLASSES.to_vec(),
        };
        out.push(Promotion {
            id: p.id.clone(),
            index: i,
            priority: p.priority,
            currency: p.currency.clone(),
            when,
            action,
            class,
            exclusive: p.exclusive,
            combines_with,
            stop_after: p.stop_after,
            max_applications: p.max_applications,
            max_discount,
            floor,
            percent_rounding: p.percent_rounding.unwrap_or(default_rounding),
            distribution: p.distribution.unwrap_or(raw::Distribution::Proportional),
            usage_limit,
            coupons: unlocking.get_mut(i).map(std::mem::take).unwrap_or_default(),
        });
    }
    (out, coupons)
}
