//! The `shipping` section: methods, their rates and bands, and rates that could tie.

use super::checker::{at, at_index, dup, Checker};
use super::prices::overlap;
use crate::rulebook::model::{Band, RatePricing, ShippingMethod, ShippingRate};
use crate::rulebook::schema as raw;
use crate::rulebook::RulebookError as E;
use std::collections::BTreeSet;

pub(super) fn shipping(
    checker: &mut Checker,
    methods: &[raw::ShippingMethod],
) -> Vec<ShippingMethod> {
    let mut seen = BTreeSet::new();
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
        checker.category_ref(&m.tax_category, &at(&path, "tax-category"));
        let mut rates: Vec<ShippingRate> = Vec::new();
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
            let Some(pricing) = rate_pricing(checker, r, &rpath, currency) else {
                continue;
            };
            let clash = rates.iter().any(|o| {
                o.currency == r.currency
                    && o.countries.is_empty() == r.countries.is_empty()
                    && overlap(&o.countries, &r.countries)
            });
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
            });
        }
        out.push(ShippingMethod {
            id: m.id.clone(),
            countries: m.countries.clone(),
            tax_category: m.tax_category.clone(),
            includes_tax: m.prices_include_tax,
            rates,
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
    let bpath = at(path, name);
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
        .map(|(k, b)| checker.amount(&b.price, &at(&at_index(&bpath, k), "price"), currency))
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
