//! The `price-lists` section: each list's scopes and window, each price's model, and the lists that could tie.

use super::checker::{at, at_index, dup, Checker};
use super::ties;
use crate::json::ShapeError;
use crate::rulebook::model::{Model, Price, PriceList, Tier};
use crate::rulebook::schema::{self as raw, Stamp};
use crate::rulebook::RulebookError as E;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The checked price lists, and their prices grouped by item (`Rulebook::prices`, `price_index`).
pub(super) struct Prices {
    pub(super) lists: Vec<PriceList>,
    pub(super) prices: Vec<Price>,
    pub(super) index: Vec<u32>,
}

pub(super) fn price_lists(
    checker: &mut Checker,
    lists: &[raw::PriceList],
    skus: &BTreeMap<&str, usize>,
    items: usize,
) -> Prices {
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    // (item, price) in list order; skus the catalog lacks are findings and priced nowhere.
    let mut priced: Vec<(usize, Price)> = Vec::new();
    // Each list's skus (those whose model is valid), sorted, for the tie search.
    let mut list_skus: Vec<Vec<&str>> = Vec::with_capacity(lists.len());
    for (i, l) in lists.iter().enumerate() {
        let path = at_index("/price-lists", i);
        if dup(&mut seen, &l.id) {
            checker.push(
                &at(&path, "id"),
                E::DuplicateId {
                    kind: "price-list",
                    id: l.id.clone(),
                },
            );
        }
        // A quote line's price-list names its source; "open-price" is that of host prices (rulebook.md).
        if l.id == crate::rulebook::model::OPEN_PRICE {
            checker.push(
                &at(&path, "id"),
                ShapeError::OutOfRange {
                    value: l.id.clone(),
                    expected: "an id other than open-price (the price-list of host prices)",
                },
            );
        }
        let currency_ok = checker.currency_ref(&l.currency, &at(&path, "currency"));
        checker.countries(&l.countries, &at(&path, "countries"));
        let from = l
            .valid_from
            .as_ref()
            .and_then(|s| checker.stamp(s, &at(&path, "valid-from")));
        let until = l
            .valid_until
            .as_ref()
            .and_then(|s| checker.stamp(s, &at(&path, "valid-until")));
        if let (Some(f), Some(u)) = (from, until) {
            if f >= u {
                let (from, until) = (
                    l.valid_from.clone().unwrap_or(Stamp(String::new())).0,
                    l.valid_until.clone().unwrap_or(Stamp(String::new())).0,
                );
                checker.push(
                    &at(&path, "valid-until"),
                    E::WindowImpossible { from, until },
                );
            }
        }
        let mut own: BTreeMap<&str, usize> = BTreeMap::new(); // a set (values unused): see `dup`
        for (j, p) in l.prices.iter().enumerate() {
            // Written only for a finding: checking a price allocates no pointer.
            let ppath = || at_index(&at(&path, "prices"), j);
            let item = skus.get(p.sku.as_str()).copied();
            if item.is_none() {
                checker.push(
                    &at(&ppath(), "sku"),
                    E::DanglingReference {
                        kind: "sku",
                        id: p.sku.clone(),
                    },
                );
            }
            let currency = if currency_ok { l.currency.as_str() } else { "" };
            if let Some(model) = model(checker, p, &ppath, currency) {
                if own.insert(&p.sku, 0).is_some() {
                    checker.push(
                        &at(&ppath(), "sku"),
                        E::DuplicateId {
                            kind: "price",
                            id: p.sku.clone(),
                        },
                    );
                } else if let Some(item) = item {
                    priced.push((item, Price { list: i, model }));
                }
            }
        }
        list_skus.push(own.into_keys().collect());
        out.push(PriceList {
            id: l.id.clone(),
            kind: l.kind,
            currency: l.currency.clone(),
            includes_tax: l.prices_include_tax,
            priority: l.priority,
            countries: l.countries.clone(),
            customer_groups: l.customer_groups.clone(),
            customers: l.customers.clone(),
            channels: l.channels.clone(),
            valid_from: from,
            valid_until: until,
        });
    }
    ties::ambiguities(checker, &out, &list_skus);
    // Grouped by item, each item's prices in list order: counted per item, then placed (no sort: a sort
    // of these pairs would add its own copy of the sort code to the wasm).
    let mut index = vec![0u32; items + 1];
    for (item, _) in &priced {
        if let Some(n) = index.get_mut(item + 1) {
            *n += 1;
        }
    }
    for i in 1..index.len() {
        index[i] += index[i - 1];
    }
    let mut next: Vec<usize> = index.iter().map(|&k| k as usize).collect();
    let mut slots: Vec<Option<Price>> = (0..priced.len()).map(|_| None).collect();
    for (item, price) in priced {
        if let Some(at) = next.get_mut(item) {
            if let Some(slot) = slots.get_mut(*at) {
                *slot = Some(price);
            }
            *at += 1;
        }
    }
    Prices {
        lists: out,
        // Every slot is filled: each item's count was reserved above.
        prices: slots.into_iter().flatten().collect(),
        index,
    }
}

fn model(
    checker: &mut Checker,
    p: &raw::Price,
    path: &dyn Fn() -> String,
    currency: &str,
) -> Option<Model> {
    let found = usize::from(p.unit_price.is_some())
        + usize::from(p.package.is_some())
        + usize::from(p.volume.is_some())
        + usize::from(p.graduated.is_some());
    if found != 1 {
        checker.push_at(path, E::PriceModelInvalid { found });
        return None;
    }
    if let Some(u) = &p.unit_price {
        return checker
            .non_negative_at(u, &|| at(&path(), "unit-price"))
            .map(Model::PerUnit);
    }
    let path = &path();
    if let Some(pk) = &p.package {
        let size = checker.positive(&pk.size, &at(path, "package/size"));
        let price = checker.amount(&pk.price, &at(path, "package/price"), currency);
        let round_up = pk.rounding == raw::PackageRounding::Up;
        return Some(Model::Package {
            size: size?,
            price: price?,
            round_up,
        });
    }
    let (name, raw_tiers, volume) = match (&p.volume, &p.graduated) {
        (Some(t), _) => ("volume", t, true),
        (_, Some(t)) => ("graduated", t, false),
        _ => return None,
    };
    let tpath = at(path, name);
    let bounds = checker.bounds(
        &raw_tiers
            .iter()
            .map(|t| t.up_to.as_ref())
            .collect::<Vec<_>>(),
        &tpath,
    );
    let mut tiers = Vec::new();
    for (k, t) in raw_tiers.iter().enumerate() {
        let unit_price =
            checker.non_negative(&t.unit_price, &at(&at_index(&tpath, k), "unit-price"));
        let flat_fee = match &t.flat_fee {
            Some(f) => checker.amount(f, &at(&at_index(&tpath, k), "flat-fee"), currency),
            None => Some(Decimal::ZERO),
        };
        tiers.push((unit_price, flat_fee));
    }
    let bounds = bounds?;
    let tiers = bounds
        .into_iter()
        .zip(tiers)
        .map(|(up_to, (u, f))| {
            Some(Tier {
                up_to,
                unit_price: u?,
                flat_fee: f?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(if volume {
        Model::Volume(tiers)
    } else {
        Model::Graduated(tiers)
    })
}
