//! A promotion's action: its discount kind and target, buy-x-get-y parts, tiers, gifts.

use super::checker::{at, at_index, Checker};
use super::conditions::select;
use super::promotions::{amount, at_least_one, invalid, percent, Refs, Scope};
use crate::rulebook::promotion_model::*;
use crate::rulebook::promotion_shape::{self as raw, Measure, Target};
use crate::rulebook::RulebookError as E;
use rust_decimal::Decimal;

/// A discount action's target: `units` only for cheapest and most-expensive, `items` only on lines.
fn discount(
    c: &mut Checker,
    r: &Refs,
    kind: Option<Kind>,
    on: Target,
    items: &Option<raw::Selector>,
    units: Option<u32>,
    path: &str,
) -> Option<Act> {
    let unit_target = matches!(on, Target::Cheapest | Target::MostExpensive);
    match (unit_target, units) {
        (true, None) => invalid(
            c,
            path,
            "cheapest and most-expensive need units (how many units)",
        ),
        (true, Some(u)) => at_least_one(c, u, &at(path, "units")),
        (false, Some(_)) => invalid(
            c,
            &at(path, "units"),
            "units applies to cheapest and most-expensive only",
        ),
        (false, None) => {}
    }
    if matches!(on, Target::Order | Target::Shipping) && items.is_some() {
        invalid(
            c,
            &at(path, "items"),
            "order and shipping targets take no items selector",
        );
    }
    let select = items
        .as_ref()
        .map(|s| select(c, r, s, &at(path, "items")))
        .unwrap_or_default();
    Some(Act::Discount {
        kind: kind?,
        target: on,
        select,
        units: units.unwrap_or(0),
    })
}

pub(super) fn action(c: &mut Checker, r: &Refs, s: &mut Scope, a: &raw::Action) -> Option<Act> {
    use raw::Action as A;
    let path = at(&s.path, "action");
    match a {
        A::PercentOff(x) => {
            let p = at(&path, "percent-off");
            let k = percent(c, &x.percent, &at(&p, "percent")).map(Kind::Percent);
            discount(c, r, k, x.on, &x.items, x.units, &p)
        }
        A::AmountOff(x) => {
            let p = at(&path, "amount-off");
            let k = amount(c, s, &x.amount, &at(&p, "amount"), true).map(Kind::Amount);
            discount(c, r, k, x.on, &x.items, x.units, &p)
        }
        A::FixedPrice(x) => {
            let p = at(&path, "fixed-price");
            let k = amount(c, s, &x.price, &at(&p, "price"), false).map(Kind::Fixed);
            discount(c, r, k, x.on, &x.items, x.units, &p)
        }
        A::BuyXGetY(x) => {
            let p = at(&path, "buy-x-get-y");
            let mut part = |u: &raw::UnitsOf, name: &str| {
                at_least_one(c, u.quantity, &at(&at(&p, name), "quantity"));
                let sel = u
                    .items
                    .as_ref()
                    .map(|sel| select(c, r, sel, &at(&at(&p, name), "items")))
                    .unwrap_or_default();
                (sel, u.quantity)
            };
            let buy = part(&x.buy, "buy");
            let get = part(&x.get, "get");
            let pct = match &x.percent {
                Some(d) => percent(c, d, &at(&p, "percent"))?,
                None => Decimal::ONE_HUNDRED,
            };
            Some(Act::BuyXGetY {
                buy,
                get,
                percent: pct,
            })
        }
        A::Tiered(x) => {
            let p = at(&path, "tiered");
            if x.on == raw::TierTarget::Order && x.items.is_some() {
                invalid(
                    c,
                    &at(&p, "items"),
                    "order and shipping targets take no items selector",
                );
            }
            let sel = x
                .items
                .as_ref()
                .map(|sel| select(c, r, sel, &at(&p, "items")))
                .unwrap_or_default();
            if x.tiers.is_empty() {
                c.push(
                    &at(&p, "tiers"),
                    E::OutOfRange {
                        value: "[]".into(),
                        expected: "at least one tier",
                    },
                );
            }
            let mut tiers = Vec::new();
            let mut ok = true;
            let mut previous: Option<(Decimal, String)> = None;
            for (i, t) in x.tiers.iter().enumerate() {
                let tp = at_index(&at(&p, "tiers"), i);
                let min = match x.measure {
                    Measure::Amount => amount(c, s, &t.min, &at(&tp, "min"), false),
                    Measure::Quantity => c.non_negative(&t.min, &at(&tp, "min")),
                };
                if let (Some(m), Some((prev, prev_text))) = (min, &previous) {
                    if m <= *prev {
                        c.push(
                            &at(&tp, "min"),
                            E::TiersOverlapping {
                                previous: prev_text.clone(),
                                up_to: t.min.0.clone(),
                            },
                        );
                        ok = false;
                    }
                }
                if let Some(m) = min {
                    previous = Some((m, t.min.0.clone()));
                }
                let kind = match (&t.percent_off, &t.amount_off) {
                    (Some(d), None) => percent(c, d, &at(&tp, "percent-off")).map(Kind::Percent),
                    (None, Some(d)) => {
                        amount(c, s, d, &at(&tp, "amount-off"), true).map(Kind::Amount)
                    }
                    _ => {
                        invalid(
                            c,
                            &tp,
                            "a tier sets exactly one of percent-off and amount-off",
                        );
                        None
                    }
                };
                match (min, kind) {
                    (Some(m), Some(k)) => tiers.push((m, k)),
                    _ => ok = false,
                }
            }
            ok.then_some(Act::Tiered {
                target: x.on,
                select: sel,
                measure: x.measure,
                tiers,
            })
        }
        A::FreeShipping(_) => Some(Act::FreeShipping),
        A::Gift(g) => {
            let p = at(&path, "gift");
            match r.items.get(&g.sku) {
                None => c.push(
                    &at(&p, "sku"),
                    E::DanglingReference {
                        kind: "sku",
                        id: g.sku.clone(),
                    },
                ),
                Some(it) if it.open_price => invalid(
                    c,
                    &at(&p, "sku"),
                    "a gift must be an item with a list price (not open-price)",
                ),
                Some(_) => {}
            }
            at_least_one(c, g.quantity, &at(&p, "quantity"));
            Some(Act::Gift {
                sku: g.sku.clone(),
                quantity: g.quantity,
            })
        }
    }
}
