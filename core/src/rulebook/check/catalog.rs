//! The `catalog` section: items, their tax categories, weights and quantity rules.

use super::checker::{at, at_index, Checker};
use crate::json::ShapeError;
use crate::rulebook::model::Item;
use crate::rulebook::schema as raw;
use crate::rulebook::RulebookError as E;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub(super) fn items(checker: &mut Checker, raw_items: &[raw::Item]) -> BTreeMap<String, Item> {
    let mut items = BTreeMap::new();
    for (i, it) in raw_items.iter().enumerate() {
        let path = at_index("/catalog/items", i);
        if it.sku.is_empty() {
            checker.push(
                &at(&path, "sku"),
                ShapeError::OutOfRange {
                    value: String::new(),
                    expected: "a non-empty sku",
                },
            );
        }
        checker.category_ref(&it.tax_category, &at(&path, "tax-category"));
        let weight = it
            .weight
            .as_ref()
            .and_then(|w| checker.non_negative(w, &at(&path, "weight")));
        let q = &it.quantity;
        let min = q
            .min
            .as_ref()
            .and_then(|d| checker.non_negative(d, &at(&path, "quantity/min")));
        let max = q
            .max
            .as_ref()
            .and_then(|d| checker.positive(d, &at(&path, "quantity/max")));
        let step = q
            .step
            .as_ref()
            .and_then(|d| checker.positive(d, &at(&path, "quantity/step")));
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                let value = format!("{lo}..{hi}");
                checker.push(
                    &at(&path, "quantity"),
                    ShapeError::OutOfRange {
                        value,
                        expected: "min not above max",
                    },
                );
            }
        }
        let item = Item {
            sku: it.sku.clone(),
            tax_category: it.tax_category.clone(),
            active: it.active,
            physical: it.physical,
            weight: weight.unwrap_or_default(),
            open_price: it.open_price,
            min,
            max,
            step: step.unwrap_or(Decimal::ONE),
            categories: it.categories.clone(),
            attributes: it.attributes.clone(),
        };
        if items.insert(it.sku.clone(), item).is_some() {
            checker.push(
                &at(&path, "sku"),
                E::DuplicateId {
                    kind: "sku",
                    id: it.sku.clone(),
                },
            );
        }
    }
    items
}
