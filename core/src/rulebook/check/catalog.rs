//! The `catalog` section: items, their tax categories, weights and quantity rules; and the interning of the
//! names selectors match (categories, attribute names and values), so that a quote compares ids.

use super::checker::{at, at_index, Checker};
use crate::json::ShapeError;
use crate::money;
use crate::rulebook::model::Item;
use crate::rulebook::schema as raw;
use crate::rulebook::RulebookError as E;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Names interned at load: each distinct name gets the next id. (A map to usize, like the catalog's skus: one
/// copy of the map's code in the wasm for both.)
#[derive(Default)]
pub(super) struct Names<'a>(BTreeMap<&'a str, usize>);

impl<'a> Names<'a> {
    fn intern(&mut self, name: &'a str) -> u32 {
        let next = self.0.len();
        *self.0.entry(name).or_insert(next) as u32
    }

    /// The id of a name some item uses.
    pub(super) fn get(&self, name: &str) -> Option<u32> {
        self.0.get(name).map(|&id| id as u32)
    }
}

/// The checked catalog.
pub(super) struct Catalog<'a> {
    /// Items in rulebook order.
    pub(super) items: Vec<Item>,
    /// Sku -> item index (the last item of a repeated sku, which is a finding anyway).
    pub(super) skus: BTreeMap<&'a str, usize>,
    pub(super) categories: Names<'a>,
    pub(super) attribute_names: Names<'a>,
    pub(super) attribute_values: Names<'a>,
    tier_groups: Names<'a>,
}

impl Catalog<'_> {
    /// The item indices of `skus` (at `path`), sorted without repeats; an sku the catalog lacks is a
    /// `dangling-reference` at its index.
    pub(super) fn sku_ids(&self, checker: &mut Checker, skus: &[String], path: &str) -> Vec<u32> {
        let find = |sku: &str| self.skus.get(sku).map(|&item| item as u32);
        resolve(checker, skus, path, "sku", &find)
    }

    /// The interned ids of merchandising `categories` (at `path`), sorted without repeats; a category no item
    /// has is a `dangling-reference` at its index.
    pub(super) fn category_ids(
        &self,
        checker: &mut Checker,
        categories: &[String],
        path: &str,
    ) -> Vec<u32> {
        resolve(checker, categories, path, "category", &|c| {
            self.categories.get(c)
        })
    }
}

/// The ids `find` gives `names` (at `path`), sorted without repeats; a name it does not know is a
/// `dangling-reference` of `kind` at its index.
fn resolve(
    checker: &mut Checker,
    names: &[String],
    path: &str,
    kind: &'static str,
    find: &dyn Fn(&str) -> Option<u32>,
) -> Vec<u32> {
    let mut out = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        match find(name) {
            Some(id) => out.push(id),
            None => checker.push(
                &at_index(path, i),
                E::DanglingReference {
                    kind,
                    id: name.clone(),
                },
            ),
        }
    }
    sorted_ids(out.into_iter())
}

pub(super) fn items<'a>(checker: &mut Checker, raw_items: &'a [raw::Item]) -> Catalog<'a> {
    let mut out = Catalog {
        items: Vec::with_capacity(raw_items.len()),
        skus: BTreeMap::new(),
        categories: Names::default(),
        attribute_names: Names::default(),
        attribute_values: Names::default(),
        tier_groups: Names::default(),
    };
    for (i, it) in raw_items.iter().enumerate() {
        // Pointers are written only for a finding: checking an item allocates none.
        let path = || at_index("/catalog/items", i);
        if it.sku.is_empty() {
            checker.push_at(
                &|| at(&path(), "sku"),
                ShapeError::OutOfRange {
                    value: String::new(),
                    expected: "a non-empty sku",
                },
            );
        }
        let tax_category = checker.category_ref(&it.tax_category, &|| at(&path(), "tax-category"));
        let weight = it
            .weight
            .as_ref()
            .and_then(|w| checker.non_negative_at(w, &|| at(&path(), "weight")));
        let q = &it.quantity;
        let min = q
            .min
            .as_ref()
            .and_then(|d| checker.non_negative_at(d, &|| at(&path(), "quantity/min")));
        let max = q
            .max
            .as_ref()
            .and_then(|d| checker.positive_at(d, &|| at(&path(), "quantity/max")));
        let step = q
            .step
            .as_ref()
            .and_then(|d| checker.positive_at(d, &|| at(&path(), "quantity/step")));
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                let value = format!(
                    "{}..{}",
                    money::display_decimal(lo),
                    money::display_decimal(hi)
                );
                checker.push(
                    &at(&path(), "quantity"),
                    ShapeError::OutOfRange {
                        value,
                        expected: "min not above max",
                    },
                );
            }
        }
        if !it.not_countries.is_empty() {
            checker.countries(&it.not_countries, &at(&path(), "not-countries"));
        }
        let max_per_order = it
            .max_per_order
            .as_ref()
            .and_then(|d| checker.positive_at(d, &|| at(&path(), "max-per-order")));
        let max_per_customer = it
            .max_per_customer
            .as_ref()
            .and_then(|d| checker.positive_at(d, &|| at(&path(), "max-per-customer")));
        let categories = sorted_ids(it.categories.iter().map(|c| out.categories.intern(c)));
        let attributes: Vec<(u32, u32)> = it
            .attributes
            .iter()
            .map(|(k, v)| {
                let name = out.attribute_names.intern(k);
                (name, out.attribute_values.intern(v))
            })
            .collect();
        out.items.push(Item {
            sku: it.sku.clone(),
            tax_category,
            active: it.active,
            physical: it.physical,
            weight: weight.unwrap_or_default(),
            open_price: it.open_price,
            min,
            max,
            step: step.unwrap_or(Decimal::ONE),
            categories,
            attributes,
            tier_group: it.tier_group.as_deref().map(|g| out.tier_groups.intern(g)),
            not_countries: it.not_countries.clone(),
            max_per_order,
            max_per_customer,
        });
        if out.skus.insert(&it.sku, i).is_some() {
            checker.push(
                &at(&path(), "sku"),
                E::DuplicateId {
                    kind: "sku",
                    id: it.sku.clone(),
                },
            );
        }
    }
    out
}

/// Ids sorted, without repeats.
pub(super) fn sorted_ids(ids: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut ids: Vec<u32> = ids.collect();
    crate::sort::sort(&mut ids);
    ids.dedup();
    ids
}
