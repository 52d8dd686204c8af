//! A promotion's `when` conditions and the selectors they (and actions) use: every reference resolved.

use super::checker::{at, at_index, Checker};
use super::promotions::{amount, invalid, window, Refs, Scope};
use crate::rulebook::promotion_model::*;
use crate::rulebook::promotion_shape as raw;
use crate::rulebook::RulebookError as E;

/// Selectors refer to skus that exist and categories and attribute names some item has.
pub(super) fn select(c: &mut Checker, r: &Refs, s: &raw::Selector, path: &str) -> Select {
    for (name, skus) in [("skus", &s.skus), ("exclude-skus", &s.exclude_skus)] {
        for (i, sku) in skus.iter().enumerate() {
            if !r.items.contains_key(sku) {
                c.push(
                    &at_index(&at(path, name), i),
                    E::DanglingReference {
                        kind: "sku",
                        id: sku.clone(),
                    },
                );
            }
        }
    }
    for (i, cat) in s.categories.iter().enumerate() {
        if !r.categories.contains(cat.as_str()) {
            c.push(
                &at_index(&at(path, "categories"), i),
                E::DanglingReference {
                    kind: "category",
                    id: cat.clone(),
                },
            );
        }
    }
    for name in s.attributes.keys() {
        if !r.attributes.contains(name.as_str()) {
            c.push(
                &format!(
                    "{path}/attributes/{}",
                    name.replace('~', "~0").replace('/', "~1")
                ),
                E::DanglingReference {
                    kind: "attribute",
                    id: name.clone(),
                },
            );
        }
    }
    let mut attributes = s.attributes.clone();
    for v in attributes.values_mut() {
        *v = sorted(v);
    }
    Select {
        skus: sorted(&s.skus),
        categories: sorted(&s.categories),
        attributes,
        exclude_skus: sorted(&s.exclude_skus),
    }
}

pub(super) fn cond(
    c: &mut Checker,
    r: &Refs,
    s: &mut Scope,
    raw: &raw::Condition,
    path: String,
) -> Cond {
    use raw::Condition as C;
    let kind = match raw {
        C::All(list) | C::Any(list) => {
            let key = if matches!(raw, C::All(_)) {
                "all"
            } else {
                "any"
            };
            let children = list
                .iter()
                .enumerate()
                .map(|(i, x)| cond(c, r, s, x, at_index(&at(&path, key), i)))
                .collect();
            if key == "all" {
                CondKind::All(children)
            } else {
                CondKind::Any(children)
            }
        }
        C::Not(x) => CondKind::Not(Box::new(cond(c, r, s, x, at(&path, "not")))),
        C::Items(it) => {
            let p = at(&path, "items");
            let sel = raw::Selector {
                skus: it.skus.clone(),
                categories: it.categories.clone(),
                attributes: it.attributes.clone(),
                exclude_skus: it.exclude_skus.clone(),
            };
            CondKind::Items {
                select: select(c, r, &sel, &p),
                min_quantity: it
                    .min_quantity
                    .as_ref()
                    .and_then(|d| c.non_negative(d, &at(&p, "min-quantity"))),
                min_amount: it
                    .min_amount
                    .as_ref()
                    .and_then(|d| amount(c, s, d, &at(&p, "min-amount"), false)),
            }
        }
        C::Subtotal(range) => {
            let p = at(&path, "subtotal");
            let min = range
                .min
                .as_ref()
                .and_then(|d| amount(c, s, d, &at(&p, "min"), false));
            let max = range
                .max
                .as_ref()
                .and_then(|d| amount(c, s, d, &at(&p, "max"), false));
            if let (Some(a), Some(b)) = (min, max) {
                if a > b {
                    c.push(
                        &p,
                        E::OutOfRange {
                            value: format!("{a}..{b}"),
                            expected: "min not above max",
                        },
                    );
                }
            }
            CondKind::Subtotal { min, max }
        }
        C::CustomerGroups(v) => CondKind::CustomerGroups(v.clone()),
        C::Channels(v) => CondKind::Channels(v.clone()),
        C::Countries(v) => {
            c.countries(v, &at(&path, "countries"));
            CondKind::Countries(v.clone())
        }
        C::ShippingMethods(v) => {
            for (i, m) in v.iter().enumerate() {
                if !r.methods.contains(m.as_str()) {
                    c.push(
                        &at_index(&at(&path, "shipping-methods"), i),
                        E::DanglingReference {
                            kind: "shipping-method",
                            id: m.clone(),
                        },
                    );
                }
            }
            CondKind::ShippingMethods(v.clone())
        }
        C::Coupon(code) => match r.codes.get(code.as_str()) {
            Some(&k) => CondKind::Coupon(k),
            None => {
                c.push(
                    &at(&path, "coupon"),
                    E::DanglingReference {
                        kind: "coupon",
                        id: code.clone(),
                    },
                );
                CondKind::Coupon(usize::MAX)
            }
        },
        C::Window(w) => {
            let (from, until) = window(c, &w.valid_from, &w.valid_until, &at(&path, "window"));
            CondKind::Window { from, until }
        }
        C::FirstOrder(b) => CondKind::FirstOrder(*b),
        C::PreviousOrders(range) => {
            if let (Some(a), Some(b)) = (range.min, range.max) {
                if a > b {
                    c.push(
                        &at(&path, "previous-orders"),
                        E::OutOfRange {
                            value: format!("{a}..{b}"),
                            expected: "min not above max",
                        },
                    );
                }
            }
            CondKind::PreviousOrders {
                min: range.min,
                max: range.max,
            }
        }
        C::Usage(u) => {
            if u.by_customer_below.is_none() && u.total_below.is_none() {
                invalid(
                    c,
                    &at(&path, "usage"),
                    "a usage condition needs by-customer-below or total-below",
                );
            }
            CondKind::Usage {
                key: u.key.clone(),
                by_customer_below: u.by_customer_below,
                total_below: u.total_below,
            }
        }
    };
    Cond { path, kind }
}
