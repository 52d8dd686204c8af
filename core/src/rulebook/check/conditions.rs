//! A promotion's `when` conditions and the selectors they (and actions) use: every reference resolved.

use super::attributes;
use super::catalog::sorted_ids;
use super::checker::{at, at_index, Checker};
use super::promotions::{amount, invalid, window, Refs, Scope};
use crate::json::ShapeError;
use crate::money;
use crate::rulebook::promotion_model::*;
use crate::rulebook::promotion_shape as raw;
use crate::rulebook::schema::AttributeLevel;
use crate::rulebook::RulebookError as E;

/// Selectors refer to skus that exist and categories and attribute names some item has. The checked selector
/// is interned: its index in the rulebook's list of distinct selectors.
pub(super) fn select(
    checker: &mut Checker,
    refs: &Refs,
    selector: &raw::Selector,
    path: &str,
) -> SelectId {
    let catalog = refs.catalog;
    let skus = catalog.sku_ids(checker, &selector.skus, &at(path, "skus"));
    let exclude_skus = catalog.sku_ids(checker, &selector.exclude_skus, &at(path, "exclude-skus"));
    let categories = catalog.category_ids(checker, &selector.categories, &at(path, "categories"));
    let mut attributes = Vec::with_capacity(selector.attributes.len());
    for (name, values) in &selector.attributes {
        let Some(id) = catalog.attribute_names.get(name) else {
            checker.push(
                &format!(
                    "{path}/attributes/{}",
                    name.replace('~', "~0").replace('/', "~1")
                ),
                E::DanglingReference {
                    kind: "attribute",
                    id: name.clone(),
                },
            );
            continue;
        };
        // A value no item has matches nothing: it is left out (an empty list matches no item).
        let values = sorted_ids(
            values
                .iter()
                .filter_map(|v| catalog.attribute_values.get(v)),
        );
        attributes.push((id, values));
    }
    // In the rulebook's name order (a map's): equal selectors stay equal for interning, and matching does not
    // depend on the order.
    let line_attributes = attributes::scope(
        checker,
        refs.attributes,
        &selector.line_attributes,
        AttributeLevel::Line,
        &at(path, "line-attributes"),
    );
    checker.intern(Select {
        skus,
        categories,
        attributes,
        exclude_skus,
        line_attributes,
    })
}

pub(super) fn cond(
    checker: &mut Checker,
    refs: &Refs,
    scope: &mut Scope,
    condition: &raw::Condition,
    path: String,
) -> Cond {
    use raw::Condition as C;
    let kind = match condition {
        C::All(list) | C::Any(list) => {
            let key = if matches!(condition, C::All(_)) {
                "all"
            } else {
                "any"
            };
            let children = list
                .iter()
                .enumerate()
                .map(|(i, child)| cond(checker, refs, scope, child, at_index(&at(&path, key), i)))
                .collect();
            if key == "all" {
                CondKind::All(children)
            } else {
                CondKind::Any(children)
            }
        }
        C::Not(inner) => CondKind::Not(Box::new(cond(
            checker,
            refs,
            scope,
            inner,
            at(&path, "not"),
        ))),
        C::Items(items) => {
            let here = at(&path, "items");
            let selector = raw::Selector {
                skus: items.skus.clone(),
                categories: items.categories.clone(),
                attributes: items.attributes.clone(),
                exclude_skus: items.exclude_skus.clone(),
                line_attributes: items.line_attributes.clone(),
            };
            CondKind::Items {
                select: select(checker, refs, &selector, &here),
                min_quantity: items
                    .min_quantity
                    .as_ref()
                    .and_then(|d| checker.non_negative(d, &at(&here, "min-quantity"))),
                min_amount: items
                    .min_amount
                    .as_ref()
                    .and_then(|d| amount(checker, scope, d, &at(&here, "min-amount"), false)),
            }
        }
        C::Subtotal(range) => {
            let here = at(&path, "subtotal");
            let min = range
                .min
                .as_ref()
                .and_then(|d| amount(checker, scope, d, &at(&here, "min"), false));
            let max = range
                .max
                .as_ref()
                .and_then(|d| amount(checker, scope, d, &at(&here, "max"), false));
            if let (Some(min), Some(max)) = (min, max) {
                if min > max {
                    checker.push(
                        &here,
                        ShapeError::OutOfRange {
                            value: format!(
                                "{}..{}",
                                money::display_decimal(min),
                                money::display_decimal(max)
                            ),
                            expected: "min not above max",
                        },
                    );
                }
            }
            CondKind::Subtotal { min, max }
        }
        C::CustomerGroups(list) => CondKind::CustomerGroups(list.clone()),
        C::Channels(list) => CondKind::Channels(list.clone()),
        C::Countries(list) => {
            checker.countries(list, &at(&path, "countries"));
            CondKind::Countries(list.clone())
        }
        C::ShippingMethods(list) => {
            for (i, method) in list.iter().enumerate() {
                if !refs.methods.contains_key(method.as_str()) {
                    checker.push(
                        &at_index(&at(&path, "shipping-methods"), i),
                        E::DanglingReference {
                            kind: "shipping-method",
                            id: method.clone(),
                        },
                    );
                }
            }
            CondKind::ShippingMethods(list.clone())
        }
        C::Coupon(code) => match refs.codes.get(code.as_str()) {
            Some(&index) => CondKind::Coupon(index),
            None => {
                checker.push(
                    &at(&path, "coupon"),
                    E::DanglingReference {
                        kind: "coupon",
                        id: code.clone(),
                    },
                );
                CondKind::Coupon(usize::MAX)
            }
        },
        C::Window(span) => {
            let (from, until) = window(
                checker,
                &span.valid_from,
                &span.valid_until,
                &at(&path, "window"),
            );
            CondKind::Window { from, until }
        }
        C::FirstOrder(first) => CondKind::FirstOrder(*first),
        C::PreviousOrders(range) => {
            if let (Some(min), Some(max)) = (range.min, range.max) {
                if min > max {
                    checker.push(
                        &at(&path, "previous-orders"),
                        ShapeError::OutOfRange {
                            value: format!("{min}..{max}"),
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
        C::Usage(usage) => {
            if usage.by_customer_below.is_none() && usage.total_below.is_none() {
                invalid(
                    checker,
                    &at(&path, "usage"),
                    "a usage condition needs by-customer-below or total-below",
                );
            }
            CondKind::Usage {
                key: usage.key.clone(),
                by_customer_below: usage.by_customer_below,
                total_below: usage.total_below,
            }
        }
        C::Attributes(scope) => CondKind::Attributes(attributes::scope(
            checker,
            refs.attributes,
            scope,
            AttributeLevel::Cart,
            &at(&path, "attributes"),
        )),
    };
    Cond { path, kind }
}
