//! The `promotions` section: each promotion's references, amounts in its currency, combination settings, and
//! the checks its conditions (`conditions.rs`) and action (`actions.rs`) share. Coupons are `coupons.rs`.

use super::actions::action;
use super::catalog::Catalog;
use super::checker::{at, at_index, Checker};
use super::conditions::cond;
use super::coupons::coupons;
use crate::json::ShapeError;
use crate::rulebook::model::{Attribute, ShippingMethod};
use crate::rulebook::promotion_model::*;
use crate::rulebook::promotion_shape::{self as raw, Class, Target};
use crate::rulebook::schema::{Dec, Stamp};
use crate::rulebook::time::Timestamp;
use crate::rulebook::RulebookError as E;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What the checks look references up in (sets and maps, so that every lookup is logarithmic).
pub(super) struct Refs<'a> {
    /// Items, skus, and the categories and attribute names and values some item uses, interned.
    pub(super) catalog: &'a Catalog<'a>,
    pub(super) methods: BTreeMap<&'a str, usize>, // a set (values unused): see `dup`
    /// Coupon code as written -> its first index.
    pub(super) codes: BTreeMap<&'a str, usize>,
    /// The declared line options and cart attributes.
    pub(super) attributes: &'a [Attribute],
}

/// The promotion being checked: its pointer, its currency ("" when none or unusable) and whether an amount
/// was met that needs one.
pub(super) struct Scope {
    pub(super) path: String,
    pub(super) currency: String,
    pub(super) has_currency: bool,
    pub(super) needs_currency: bool,
}

pub(super) fn invalid(checker: &mut Checker, path: &str, reason: &'static str) {
    checker.push(path, E::PromotionInvalid { reason });
}

/// An amount in the promotion's currency (precision-checked when the currency is known).
pub(super) fn amount(
    checker: &mut Checker,
    scope: &mut Scope,
    d: &Dec,
    path: &str,
    positive: bool,
) -> Option<Decimal> {
    scope.needs_currency = true;
    let v = checker.amount(d, path, &scope.currency)?;
    if positive && v.is_zero() {
        checker.push(
            path,
            ShapeError::OutOfRange {
                value: d.0.clone(),
                expected: "more than zero",
            },
        );
        return None;
    }
    Some(v)
}

pub(super) fn percent(checker: &mut Checker, d: &Dec, path: &str) -> Option<Decimal> {
    checker.dec_where(
        d,
        path,
        |v| v > Decimal::ZERO && v <= Decimal::ONE_HUNDRED,
        "a percentage above 0 and at most 100",
    )
}

pub(super) fn at_least_one(checker: &mut Checker, count: u32, path: &str) {
    if count == 0 {
        checker.push(
            path,
            ShapeError::OutOfRange {
                value: "0".into(),
                expected: "at least 1",
            },
        );
    }
}

pub(super) fn window(
    checker: &mut Checker,
    from: &Option<Stamp>,
    until: &Option<Stamp>,
    path: &str,
) -> (Option<Timestamp>, Option<Timestamp>) {
    let start = from
        .as_ref()
        .and_then(|stamp| checker.stamp(stamp, &at(path, "valid-from")));
    let end = until
        .as_ref()
        .and_then(|stamp| checker.stamp(stamp, &at(path, "valid-until")));
    if let (Some(start), Some(end)) = (start, end) {
        if start >= end {
            let text =
                |stamp: &Option<Stamp>| stamp.as_ref().map(|t| t.0.clone()).unwrap_or_default();
            checker.push(
                &at(path, "valid-until"),
                E::WindowImpossible {
                    from: text(from),
                    until: text(until),
                },
            );
        }
    }
    (start, end)
}

pub(super) fn usage_limit(
    checker: &mut Checker,
    limit: &Option<raw::UsageLimit>,
    path: &str,
) -> UsageLimit {
    let Some(limit) = limit else {
        return UsageLimit::default();
    };
    for (name, max) in [("per-customer", limit.per_customer), ("total", limit.total)] {
        if let Some(max) = max {
            at_least_one(checker, max, &at(path, name));
        }
    }
    UsageLimit {
        per_customer: limit.per_customer,
        total: limit.total,
    }
}

/// Every class, in their order (`Class`'s `Ord`).
const ALL_CLASSES: [Class; 3] = [Class::Product, Class::Order, Class::Shipping];

/// Check both sections; returns the promotions (in rulebook order) and the coupons.
pub(super) fn promotions(
    checker: &mut Checker,
    promotions: &[raw::Promotion],
    raw_coupons: &[raw::Coupon],
    catalog: &Catalog,
    methods: &[ShippingMethod],
    attributes: &[Attribute],
    default_rounding: raw::PercentRounding,
) -> (Vec<Promotion>, Coupons) {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, promotion) in promotions.iter().enumerate() {
        if promotion.id.is_empty() {
            checker.push(
                &at(&at_index("/promotions", i), "id"),
                ShapeError::OutOfRange {
                    value: String::new(),
                    expected: "a non-empty id",
                },
            );
        }
        if ids.insert(&promotion.id, i).is_some() {
            checker.push(
                &at(&at_index("/promotions", i), "id"),
                E::DuplicateId {
                    kind: "promotion",
                    id: promotion.id.clone(),
                },
            );
        }
    }
    let coupons = coupons(checker, raw_coupons, &ids);
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    // The coupons unlocking each promotion, by promotion index (a dangling coupon unlocks none).
    let mut unlocking: Vec<Vec<usize>> = vec![Vec::new(); promotions.len()];
    for coupon in &coupons.list {
        codes.entry(coupon.code.as_str()).or_insert(coupon.index);
        if let Some(list) = unlocking.get_mut(coupon.promotion) {
            list.push(coupon.index);
        }
    }
    // Built by inserting (not `collect`, which sorts first).
    let mut method_ids = BTreeMap::new();
    for method in methods {
        method_ids.insert(method.id.as_str(), 0);
    }
    let refs = Refs {
        catalog,
        methods: method_ids,
        codes,
        attributes,
    };
    let mut out = Vec::new();
    for (i, promotion) in promotions.iter().enumerate() {
        let path = at_index("/promotions", i);
        let has_currency = match &promotion.currency {
            Some(cur) => checker.currency_ref(cur, &at(&path, "currency")),
            None => false,
        };
        let mut scope = Scope {
            path: path.clone(),
            currency: if has_currency {
                promotion.currency.clone().unwrap_or_default()
            } else {
                String::new()
            },
            has_currency: promotion.currency.is_some(),
            needs_currency: false,
        };
        let when = promotion
            .when
            .as_ref()
            .map(|when| cond(checker, &refs, &mut scope, when, at(&path, "when")));
        let action = action(checker, &refs, &mut scope, &promotion.action);
        let max_discount = promotion
            .max_discount
            .as_ref()
            .and_then(|d| amount(checker, &mut scope, d, &at(&path, "max-discount"), true));
        let floor = match &promotion.floor {
            Some(d) => {
                scope.needs_currency = true;
                checker
                    .non_negative(d, &at(&path, "floor"))
                    .unwrap_or_default()
            }
            None => Decimal::ZERO,
        };
        if scope.needs_currency && !scope.has_currency {
            invalid(
                checker,
                &path,
                "a promotion with amounts needs a currency (add \"currency\")",
            );
        }
        if promotion.exclusive && promotion.combines_with.is_some() {
            invalid(
                checker,
                &at(&path, "combines-with"),
                "an exclusive promotion combines with nothing: remove combines-with",
            );
        }
        if let Some(max) = promotion.max_applications {
            at_least_one(checker, max, &at(&path, "max-applications"));
            let counted = matches!(
                promotion.action,
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
                    checker,
                    &at(&path, "max-applications"),
                    "max-applications counts units (each-unit), lines (each-line) or sets (buy-x-get-y)",
                );
            }
        }
        let usage_limit = usage_limit(checker, &promotion.usage_limit, &at(&path, "usage-limit"));
        let Some(action) = action else { continue };
        let class = action.class();
        let combines_with = match (&promotion.combines_with, promotion.exclusive) {
            (_, true) => Vec::new(),
            // The listed classes in their order, once each (no set or sort of `Class` in the wasm).
            (Some(list), false) => ALL_CLASSES
                .into_iter()
                .filter(|class| list.contains(class))
                .collect(),
            (None, false) => ALL_CLASSES.to_vec(),
        };
        out.push(Promotion {
            id: promotion.id.clone(),
            index: i,
            priority: promotion.priority,
            currency: promotion.currency.clone(),
            when,
            action,
            class,
            exclusive: promotion.exclusive,
            combines_with,
            stop_after: promotion.stop_after,
            max_applications: promotion.max_applications,
            max_discount,
            floor,
            percent_rounding: promotion.percent_rounding.unwrap_or(default_rounding),
            distribution: promotion
                .distribution
                .unwrap_or(raw::Distribution::Proportional),
            usage_limit,
            coupons: unlocking.get_mut(i).map(std::mem::take).unwrap_or_default(),
        });
    }
    (out, coupons)
}
