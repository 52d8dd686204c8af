//! The `shipping` section: methods, their rates, bands and postal zones, and rates that could tie.

use super::checker::{at, at_index, dup, Checker};
use crate::rulebook::model::{
    Band, PostalZone, RatePricing, ShippingMethod, ShippingRate, ZoneCodes,
};
use crate::rulebook::schema as raw;
use crate::rulebook::RulebookError as E;
use std::collections::BTreeMap;

pub(super) fn shipping(
    checker: &mut Checker,
    methods: &[raw::ShippingMethod],
) -> Vec<ShippingMethod> {
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    for (i, m) in methods.iter().enumerate() {
        let path = at_index("/shipping/methods", i);
        if dup(&mut seen, &m.id) {
            checker.push(
                &at(&path, "id"),
                E::DuplicateId {
                    kind: "shipping-method",
                    id: m.id.clone(),
                },
            );
        }
        checker.countries(&m.countries, &at(&path, "countries"));
        let tax_category = checker.category_ref(&m.tax_category, &|| at(&path, "tax-category"));
        let mut rates: Vec<ShippingRate> = Vec::new();
        // Two rates of the method clash when one cart could get both: the same currency and both for every
        // country, or both naming a common country. So each rate is compared with what the earlier rates
        // cover in its currency, not with each of them: (every country?, the countries named).
        // (Map types the wasm has anyway: currency -> its place in `covered`.)
        let mut currencies: BTreeMap<&str, usize> = BTreeMap::new();
        let mut covered: Vec<(bool, BTreeMap<&str, usize>)> = Vec::new(); // sets, as in `dup`
        for (j, r) in m.rates.iter().enumerate() {
            let rpath = at_index(&at(&path, "rates"), j);
            let currency = if checker.currency_ref(&r.currency, &at(&rpath, "currency")) {
                r.currency.as_str()
            } else {
                ""
            };
            checker.countries(&r.countries, &at(&rpath, "countries"));
            let free_from = r
                .free_from
                .as_ref()
                .and_then(|f| checker.amount(f, &at(&rpath, "free-from"), currency));
            let zones = zones(checker, r, &at(&rpath, "postal-codes"));
            let Some(pricing) = rate_pricing(checker, r, &rpath, currency) else {
                continue;
            };
            // A zoned rate beats the unzoned ones and the first matching zoned rate wins: no tie.
            if !r.postal_codes.is_empty() {
                rates.push(ShippingRate {
                    currency: r.currency.clone(),
                    countries: r.countries.clone(),
                    pricing,
                    free_from,
                    zones,
                });
                continue;
            }
            let next = covered.len();
            let slot = *currencies.entry(r.currency.as_str()).or_insert(next);
            if slot == next {
                covered.push((false, BTreeMap::new()));
            }
            let (everywhere, named) = &mut covered[slot];
            let clash = if r.countries.is_empty() {
                std::mem::replace(everywhere, true)
            } else {
                let clash = r.countries.iter().any(|c| named.contains_key(c.as_str()));
                named.extend(r.countries.iter().map(|c| (c.as_str(), 0)));
                clash
            };
            if clash {
                checker.push(
                    &rpath,
                    E::RateAmbiguous {
                        method: m.id.clone(),
                    },
                );
            }
            rates.push(ShippingRate {
                currency: r.currency.clone(),
                countries: r.countries.clone(),
                pricing,
                free_from,
                zones,
            });
        }
        out.push(ShippingMethod {
            id: m.id.clone(),
            countries: m.countries.clone(),
            tax_category,
            tax_policy: m.tax_policy,
            includes_tax: m.prices_include_tax,
            rates,
        });
    }
    out
}

/// A rate's postal zones, spaces removed and upper-cased like the fields layer's normalised codes.
fn zones(checker: &mut Checker, r: &raw::ShippingRate, path: &str) -> Vec<PostalZone> {
    let mut out = Vec::new();
    for (i, z) in r.postal_codes.iter().enumerate() {
        let zpath = at_index(path, i);
        checker.country(&z.country, &at(&zpath, "country"));
        if !r.countries.is_empty() && !r.countries.contains(&z.country) {
            let reason = "its country is not one of the rate's countries";
            checker.push(&at(&zpath, "country"), E::PostalZoneInvalid { reason });
            continue;
        }
        let clean = |s: &str| -> String {
            s.chars()
                .filter(|c| *c != ' ')
                .map(|c| c.to_ascii_uppercase())
                .collect()
        };
        let codes = match (&z.prefix, &z.from, &z.to) {
            (Some(p), None, None) if !clean(p).is_empty() => ZoneCodes::Prefix(clean(p)),
            (None, Some(f), Some(t)) => {
                let (f, t) = (clean(f), clean(t));
                if f.is_empty() || f.len() != t.len() || f > t {
                    let reason = "from and to must have one length and from must not be after to";
                    checker.push(&zpath, E::PostalZoneInvalid { reason });
                    continue;
                }
                ZoneCodes::Range(f, t)
            }
            _ => {
                let reason = "a zone sets a non-empty prefix, or from and to";
                checker.push(&zpath, E::PostalZoneInvalid { reason });
                continue;
            }
        };
        out.push(PostalZone {
            country: z.country.clone(),
            codes,
        });
    }
    out
}

fn rate_pricing(
    checker: &mut Checker,
    r: &raw::ShippingRate,
    path: &str,
    currency: &str,
) -> Option<RatePricing> {
    let found = usize::from(r.flat.is_some())
        + usize::from(r.weight_bands.is_some())
        + usize::from(r.subtotal_bands.is_some());
    if found != 1 {
        checker.push(path, E::PriceModelInvalid { found });
        return None;
    }
    if let Some(f) = &r.flat {
        return checker
            .amount(f, &at(path, "flat"), currency)
            .map(RatePricing::Flat);
    }
    let (name, raw_bands, weight) = match (&r.weight_bands, &r.subtotal_bands) {
        (Some(b), _) => ("weight-bands", b, true),
        (_, Some(b)) => ("subtotal-bands", b, false),
        _ => return None,
    };
    let bpath = || at(path, name);
    let bounds = checker.bounds(
        &raw_bands
            .iter()
            .map(|b| b.up_to.as_ref())
            .collect::<Vec<_>>(),
        &bpath,
    );
    let prices: Vec<_> = raw_bands
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let at_price = || at(&at_index(&bpath(), k), "price");
            checker.amount_at(&b.price, &at_price, currency)
        })
        .collect();
    let bands = bounds?
        .into_iter()
        .zip(prices)
        .map(|(up_to, p)| Some(Band { up_to, price: p? }))
        .collect::<Option<Vec<_>>>()?;
    Some(if weight {
        RatePricing::Weight(bands)
    } else {
        RatePricing::Subtotal(bands)
    })
}
