//! A promotion's action: its discount kind and target, buy-x-get-y parts, tiers, gifts.

use super::checker::{at, at_index, Checker};
use super::conditions::select;
use super::promotions::{amount, at_least_one, invalid, percent, Refs, Scope};
use crate::json::ShapeError;
use crate::rulebook::promotion_model::*;
use crate::rulebook::promotion_shape::{self as raw, Measure, Target};
use crate::rulebook::RulebookError as E;
use rust_decimal::Decimal;

/// A discount action's target: `units` only for cheapest and most-expensive, `items` only on lines.
fn discount(
    checker: &mut Checker,
    refs: &Refs,
    kind: Option<Kind>,
    on: Target,
    items: &Option<raw::Selector>,
    units: Option<u32>,
    path: &str,
) -> Option<Act> {
    let unit_target = matches!(on, Target::Cheapest | Target::MostExpensive);
    match (unit_target, units) {
        (true, None) => invalid(
            checker,
            path,
            "cheapest and most-expensive need units (how many units)",
        ),
        (true, Some(count)) => at_least_one(checker, count, &at(path, "units")),
        (false, Some(_)) => invalid(
            checker,
            &at(path, "units"),
            "units applies to cheapest and most-expensive only",
        ),
        (false, None) => {}
    }
    if matches!(on, Target::Order | Target::Shipping) && items.is_some() {
        invalid(
            checker,
            &at(path, "items"),
            "order and shipping targets take no items selector",
        );
    }
    let select = items
        .as_ref()
        .map(|selector| select(checker, refs, selector, &at(path, "items")));
    Some(Act::Discount {
        kind: kind?,
        target: on,
        select,
        units: units.unwrap_or(0),
    })
}

pub(super) fn action(
    checker: &mut Checker,
    refs: &Refs,
    scope: &mut Scope,
    action: &raw::Action,
) -> Option<Act> {
    use raw::Action as A;
    let path = at(&scope.path, "action");
    match action {
        A::PercentOff(off) => {
            let here = at(&path, "percent-off");
            let kind = percent(checker, &off.percent, &at(&here, "percent")).map(Kind::Percent);
            discount(checker, refs, kind, off.on, &off.items, off.units, &here)
        }
        A::AmountOff(off) => {
            let here = at(&path, "amount-off");
            let kind =
                amount(checker, scope, &off.amount, &at(&here, "amount"), true).map(Kind::Amount);
            discount(checker, refs, kind, off.on, &off.items, off.units, &here)
        }
        A::FixedPrice(fixed) => {
            let here = at(&path, "fixed-price");
            let kind =
                amount(checker, scope, &fixed.price, &at(&here, "price"), false).map(Kind::Fixed);
            discount(
                checker,
                refs,
                kind,
                fixed.on,
                &fixed.items,
                fixed.units,
                &here,
            )
        }
        A::BuyXGetY(deal) => {
            let here = at(&path, "buy-x-get-y");
            let mut part = |units: &raw::UnitsOf, name: &str| {
                at_least_one(checker, units.quantity, &at(&at(&here, name), "quantity"));
                let selected = units.items.as_ref().map(|selector| {
                    select(checker, refs, selector, &at(&at(&here, name), "items"))
                });
                (selected, units.quantity)
            };
            let buy = part(&deal.buy, "buy");
            let get = part(&deal.get, "get");
            let get_percent = match &deal.percent {
                Some(d) => percent(checker, d, &at(&here, "percent"))?,
                None => Decimal::ONE_HUNDRED,
            };
            Some(Act::BuyXGetY {
                buy,
                get,
                percent: get_percent,
            })
        }
        A::Tiered(tiered) => {
            let here = at(&path, "tiered");
            if tiered.on == raw::TierTarget::Order && tiered.items.is_some() {
                invalid(
                    checker,
                    &at(&here, "items"),
                    "order and shipping targets take no items selector",
                );
            }
            let selected = tiered
                .items
                .as_ref()
                .map(|selector| select(checker, refs, selector, &at(&here, "items")));
            if tiered.tiers.is_empty() {
                checker.push(
                    &at(&here, "tiers"),
                    ShapeError::OutOfRange {
                        value: "[]".into(),
                        expected: "at least one tier",
                    },
                );
            }
            let mut tiers = Vec::new();
            let mut ok = true;
            let mut previous: Option<(Decimal, String)> = None;
            for (i, tier) in tiered.tiers.iter().enumerate() {
                let tier_path = at_index(&at(&here, "tiers"), i);
                let min = match tiered.measure {
                    Measure::Amount => {
                        amount(checker, scope, &tier.min, &at(&tier_path, "min"), false)
                    }
                    Measure::Quantity => checker.non_negative(&tier.min, &at(&tier_path, "min")),
                };
                if let (Some(min_value), Some((prev, prev_text))) = (min, &previous) {
                    if min_value <= *prev {
                        checker.push(
                            &at(&tier_path, "min"),
                            E::TiersOverlapping {
                                previous: prev_text.clone(),
                                up_to: tier.min.0.clone(),
                            },
                        );
                        ok = false;
                    }
                }
                if let Some(min_value) = min {
                    previous = Some((min_value, tier.min.0.clone()));
                }
                let kind = match (&tier.percent_off, &tier.amount_off) {
                    (Some(d), None) => {
                        percent(checker, d, &at(&tier_path, "percent-off")).map(Kind::Percent)
                    }
                    (None, Some(d)) => {
                        amount(checker, scope, d, &at(&tier_path, "amount-off"), true)
                            .map(Kind::Amount)
                    }
                    _ => {
                        invalid(
                            checker,
                            &tier_path,
                            "a tier sets exactly one of percent-off and amount-off",
                        );
                        None
                    }
                };
                match (min, kind) {
                    (Some(min), Some(kind)) => tiers.push((min, kind)),
                    _ => ok = false,
                }
            }
            ok.then_some(Act::Tiered {
                target: tiered.on,
                select: selected,
                measure: tiered.measure,
                tiers,
            })
        }
        A::FreeShipping(_) => Some(Act::FreeShipping),
        A::Gift(gift) => {
            let here = at(&path, "gift");
            let catalog = refs.catalog;
            let item = catalog.skus.get(gift.sku.as_str()).copied();
            match item.map(|i| &catalog.items[i]) {
                None => checker.push(
                    &at(&here, "sku"),
                    E::DanglingReference {
                        kind: "sku",
                        id: gift.sku.clone(),
                    },
                ),
                Some(item) if item.open_price => invalid(
                    checker,
                    &at(&here, "sku"),
                    "a gift must be an item with a list price (not open-price)",
                ),
                Some(_) => {}
            }
            at_least_one(checker, gift.quantity, &at(&here, "quantity"));
            Some(Act::Gift {
                item: item.unwrap_or(usize::MAX),
                quantity: gift.quantity,
            })
        }
    }
}
