//! The `price-lists` section: each list's scopes and window, each price's model, and the lists that could tie.

use super::attributes;
use super::checker::{at, at_index, Checker};
use super::ties;
use crate::api::RoundingMode;
use crate::json::ShapeError;
use crate::money;
use crate::rulebook::model::{Attribute, Derived, Model, Price, PriceList, Tier};
use crate::rulebook::schema::{self as raw, AttributeLevel, Stamp};
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
    mode: RoundingMode,
    declared: &[Attribute],
) -> Prices {
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    // (item, price) in list order; skus the catalog lacks are findings and priced nowhere.
    let mut priced: Vec<(usize, Price)> = Vec::new();
    // Each list's skus (those whose model is valid), sorted, for the tie search.
    let mut list_skus: Vec<Vec<&str>> = Vec::with_capacity(lists.len());
    // The list (index + 1) that last priced each catalog item: a list's own set of known skus without a map
    // (thousands of prices), read back in sku order through `skus`.
    let mut listed: Vec<usize> = vec![0; items];
    for (i, l) in lists.iter().enumerate() {
        let path = at_index("/price-lists", i);
        if seen.insert(l.id.as_str(), i).is_some() {
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
        // Skus the catalog lacks: a set (values unused, see `dup`); they are findings already, so rare.
        let mut unknown: BTreeMap<&str, usize> = BTreeMap::new();
        let mut known = 0;
        if l.prices.is_none() && l.derived_from.is_none() {
            let detail = "missing field `prices`".to_string();
            checker.push(
                &path,
                ShapeError::MissingField {
                    detail,
                    key: "prices",
                },
            );
        }
        for (j, p) in l.prices.iter().flatten().enumerate() {
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
                let repeated = match item {
                    Some(k) => std::mem::replace(&mut listed[k], i + 1) == i + 1,
                    None => unknown.insert(&p.sku, 0).is_some(),
                };
                if repeated {
                    checker.push(
                        &at(&ppath(), "sku"),
                        E::DuplicateId {
                            kind: "price",
                            id: p.sku.clone(),
                        },
                    );
                } else if let Some(item) = item {
                    known += 1;
                    priced.push((item, Price { list: i, model }));
                }
            }
        }
        list_skus.push(sorted_skus(skus, &listed, i + 1, known, unknown));
        let derived = derivation(checker, l, &path, mode);
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
            attributes: attributes::scope(
                checker,
                declared,
                &l.attributes,
                AttributeLevel::Cart,
                &at(&path, "attributes"),
            ),
            valid_from: from,
            valid_until: until,
            derived,
        });
    }
    // A derived list prices what its source prices (the same models, converted when a quote uses them):
    // its source resolved, its prices copied, after every list is read (a source may come later).
    for (i, l) in lists.iter().enumerate() {
        let Some(source) = &l.derived_from else {
            continue;
        };
        let path = || at(&at_index("/price-lists", i), "derived-from");
        let Some(&s) = seen.get(source.as_str()) else {
            let id = source.clone();
            let kind = "price-list";
            checker.push(&path(), E::DanglingReference { kind, id });
            out[i].derived = None;
            continue;
        };
        if lists[s].derived_from.is_some() {
            let (list, derived_from) = (l.id.clone(), source.clone());
            checker.push(&path(), E::DerivedFromDerived { list, derived_from });
        } else if lists[s].prices_include_tax != l.prices_include_tax {
            let (list, key) = (l.id.clone(), "prices-include-tax");
            checker.push(
                &at(&at_index("/price-lists", i), key),
                E::DerivedKeyInvalid { list, key },
            );
        }
        if let Some(d) = out[i].derived.as_mut() {
            d.source = s;
        }
        list_skus[i] = list_skus[s].clone();
        let copies: Vec<(usize, Price)> = priced
            .iter()
            .filter(|(_, p)| p.list == s)
            .map(|(item, p)| {
                (
                    *item,
                    Price {
                        list: i,
                        model: p.model.clone(),
                    },
                )
            })
            .collect();
        priced.extend(copies);
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

/// A derived list's rates and rounding (its source is resolved by the caller), or the findings of keys that do
/// not fit the list's kind.
fn derivation(
    checker: &mut Checker,
    l: &raw::PriceList,
    path: &str,
    mode: RoundingMode,
) -> Option<Derived> {
    let misfit = |checker: &mut Checker, key: &'static str| {
        let list = l.id.clone();
        checker.push(&at(path, key), E::DerivedKeyInvalid { list, key });
    };
    if l.derived_from.is_none() {
        if !l.rates.is_empty() {
            misfit(checker, "rates");
        }
        if l.rounding.is_some() {
            misfit(checker, "rounding");
        }
        return None;
    }
    if l.prices.is_some() {
        misfit(checker, "prices");
    }
    let mut rates = Vec::with_capacity(l.rates.len());
    let mut previous_until = None;
    for (k, r) in l.rates.iter().enumerate() {
        let rpath = at_index(&at(path, "rates"), k);
        let rate = checker.positive(&r.rate, &at(&rpath, "rate"));
        let stamp = |checker: &mut Checker, s: &Option<Stamp>, key| {
            s.as_ref().and_then(|s| checker.stamp(s, &at(&rpath, key)))
        };
        let from = stamp(checker, &r.valid_from, "valid-from");
        let until = stamp(checker, &r.valid_until, "valid-until");
        // In time order without overlap: every window after the first starts at or after the previous one's
        // end (a linear check, no sort), so at most one rate is valid at any moment.
        let ordered = k == 0 || previous_until.zip(from).is_some_and(|(u, f)| f >= u);
        let window = from.zip(until).is_none_or(|(f, u)| f < u);
        if !ordered || !window {
            let list = l.id.clone();
            checker.push(&rpath, E::ExchangeRatesUnordered { list });
        }
        previous_until = until;
        if let Some(rate) = rate {
            rates.push((rate, from, until));
        }
    }
    let minor = checker.currencies.get(l.currency.as_str()).copied();
    let unit = money::minor_unit(minor.unwrap_or(2) as u32).unwrap_or(Decimal::ONE);
    let (mut increment, mut ending, mut mode) = (unit, None, mode);
    if let Some(r) = &l.rounding {
        let rpath = at(path, "rounding");
        if let Some(inc) = &r.increment {
            match checker.amount(inc, &at(&rpath, "increment"), &l.currency) {
                Some(v) if v > Decimal::ZERO => increment = v,
                Some(_) => checker.push(
                    &at(&rpath, "increment"),
                    ShapeError::OutOfRange {
                        value: inc.0.clone(),
                        expected: "more than zero",
                    },
                ),
                None => {}
            }
        }
        if let Some(e) = &r.ending {
            match checker.amount(e, &at(&rpath, "ending"), &l.currency) {
                Some(v) if v > Decimal::ZERO && v < increment => ending = Some(v),
                Some(_) => checker.push(
                    &at(&rpath, "ending"),
                    ShapeError::OutOfRange {
                        value: e.0.clone(),
                        expected: "more than zero and less than the increment",
                    },
                ),
                None => {}
            }
        }
        mode = r.mode.unwrap_or(mode);
    }
    Some(Derived {
        source: 0,
        rates,
        increment,
        mode,
        ending,
    })
}

/// The skus list `mark` priced, in sku order: the known ones (`listed[item] == mark`, `known` of them) read in
/// the catalog's sku order, merged with the `unknown` ones.
fn sorted_skus<'a>(
    skus: &BTreeMap<&'a str, usize>,
    listed: &[usize],
    mark: usize,
    known: usize,
    unknown: BTreeMap<&'a str, usize>,
) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(known + unknown.len());
    let mut rest = unknown.into_keys().peekable();
    if known > 0 {
        for (&sku, _) in skus.iter().filter(|(_, &k)| listed[k] == mark) {
            while let Some(u) = rest.next_if(|u| *u < sku) {
                out.push(u);
            }
            out.push(sku);
        }
    }
    out.extend(rest);
    out
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
    // Pointers below are written only for a finding, as the price's own.
    if let Some(pk) = &p.package {
        let size = checker.positive_at(&pk.size, &|| at(&path(), "package/size"));
        let price = checker.amount_at(&pk.price, &|| at(&path(), "package/price"), currency);
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
    let tpath = || at(&path(), name);
    let bounds = checker.bounds(
        &raw_tiers
            .iter()
            .map(|t| t.up_to.as_ref())
            .collect::<Vec<_>>(),
        &tpath,
    );
    let mut tiers = Vec::with_capacity(raw_tiers.len());
    for (k, t) in raw_tiers.iter().enumerate() {
        let tier = |key: &str| at(&at_index(&tpath(), k), key);
        let unit_price = checker.non_negative_at(&t.unit_price, &|| tier("unit-price"));
        let flat_fee = match &t.flat_fee {
            Some(f) => checker.amount_at(f, &|| tier("flat-fee"), currency),
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
