//! Every semantic check of a rulebook, run once at load. Builds the checked model while collecting ALL
//! findings (each with its JSON Pointer; the first 100 listed, all counted), so an author fixes a rulebook in
//! one round trip.
//!
//! One file per section of the rulebook: `settings.rs` (settings and the order rules), `tax.rs`, `catalog.rs`,
//! `attributes.rs` (line options and cart attributes), `prices.rs` (and `ties.rs`: lists that could tie), `shipping.rs`, and for promotions `promotions.rs` with
//! `conditions.rs`, `actions.rs` and `coupons.rs`. `checker.rs` holds the collector and the value checks they
//! share; `counts.rs` the size limits checked before any of them.

mod actions;
mod attributes;
mod catalog;
mod checker;
mod conditions;
mod counts;
mod coupons;
mod prices;
mod promotions;
mod settings;
mod shipping;
mod tax;
mod ties;

pub use counts::counts;

use super::model::{Rulebook, SkuIndex};
use super::schema::RawRulebook;
use crate::problems::Problems;
use checker::Checker;
use settings::{settings, validation};
use std::collections::BTreeMap;
use {catalog::items, prices::price_lists, promotions::promotions, shipping::shipping, tax::tax};

/// Build the checked model or return every finding.
pub fn compile(raw: RawRulebook, hash: String) -> Result<Rulebook, Problems> {
    let mut checker = Checker {
        problems: Problems::new(),
        currencies: BTreeMap::new(),
        categories: Vec::new(),
        selectors: Vec::new(),
        selector_ids: BTreeMap::new(),
    };
    let settings = settings(&mut checker, &raw.settings);
    let tax = tax(&mut checker, &raw.tax);
    let catalog = items(&mut checker, &raw.catalog.items);
    let (attributes, attributes_by_name) =
        attributes::attributes(&mut checker, &raw.attributes, &catalog);
    let prices = price_lists(
        &mut checker,
        &raw.price_lists,
        &catalog.skus,
        catalog.items.len(),
        settings.rounding_mode,
        &attributes,
    );
    let shipping = shipping(&mut checker, &raw.shipping.methods);
    let validation = validation(&mut checker, &raw.validation);
    let (promotions, coupons) = promotions(
        &mut checker,
        &raw.promotions,
        &raw.coupons,
        &catalog,
        &shipping,
        &attributes,
        settings.percent_rounding,
    );
    if !checker.problems.is_empty() {
        return Err(checker.problems);
    }
    let by_sku = SkuIndex::new(catalog.items.iter().map(|i| i.sku.as_str()));
    Ok(Rulebook {
        id: raw.id,
        version: raw.version,
        hash,
        settings,
        items: catalog.items,
        by_sku,
        price_lists: prices.lists,
        prices: prices.prices,
        price_index: prices.index,
        tax,
        shipping,
        validation,
        promotions,
        coupons,
        selectors: checker.selectors,
        attributes,
        attributes_by_name,
    })
}
