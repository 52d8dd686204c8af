//! Pricing the lines: which price list prices each cart line (or a promotion's gift), its pricing model at the
//! `unit-price` and `line-subtotal` rounding points, traced, and the goods-total limit on the result.

use super::{models, resolve, tax, PricingError};
use crate::api::RoundingMode;
use crate::error::{Coded, Error, Problem, Severity};
use crate::limits;
use crate::money::{Exact, MoneyError};
use crate::priced::{Context, LineFacts, PricedCart, PricedLine, Trace};
use crate::rulebook::schema::UnitPriceRounding;
use crate::rulebook::Model;
use rust_decimal::Decimal;

fn me(e: MoneyError) -> Error {
    e.to_error("")
}

/// A cart line whose price source is known.
pub struct Resolved {
    index: usize,
    facts: LineFacts,
    list: String,
    includes_tax: bool,
    model: Model,
    tax_category: String,
}

/// Resolve every pricable line; report lines without a price, mixed tax bases and missing tax rules.
pub fn resolve_lines(
    ctx: &Context,
    lines: &[Option<LineFacts>],
    problems: &mut Vec<Problem>,
) -> Result<Vec<Resolved>, Error> {
    let rb = ctx.rulebook;
    let country = ctx.country.unwrap_or_default();
    let mut out: Vec<Resolved> = Vec::new();
    let missing_rule = |category: &str| -> bool {
        rb.tax.categories.get(category) == Some(&false) && tax::rules_for(ctx, category).is_empty()
    };
    for (index, facts) in lines.iter().enumerate() {
        let Some(facts) = *facts else { continue };
        let sku = &ctx.cart.lines[index].sku;
        let Some(item) = rb.items.get(sku) else {
            continue;
        };
        let path = format!("/lines/{index}");
        let (list, includes_tax, model) = match facts.host_price {
            Some(u) => (
                crate::rulebook::model::OPEN_PRICE.to_string(),
                rb.settings.open_prices_include_tax,
                Model::PerUnit(u),
            ),
            None => match resolve::resolve(ctx, sku)? {
                Some((l, m)) => (l.id.clone(), l.includes_tax, m.clone()),
                None => {
                    let e = PricingError::PriceMissing {
                        sku: sku.clone(),
                        currency: ctx.currency.to_string(),
                    };
                    problems.push(e.to_problem(&path, Severity::Error));
                    continue;
                }
            },
        };
        if out.first().is_some_and(|f| f.includes_tax != includes_tax) {
            let basis = if includes_tax { "include" } else { "exclude" };
            problems
                .push(PricingError::PriceBasisMixed { basis }.to_problem(&path, Severity::Error));
        }
        if missing_rule(&item.tax_category) {
            let e = PricingError::TaxRuleMissing {
                category: item.tax_category.clone(),
                country: country.to_string(),
            };
            problems.push(e.to_problem(&path, Severity::Error));
        }
        out.push(Resolved {
            index,
            facts,
            list,
            includes_tax,
            model,
            tax_category: item.tax_category.clone(),
        });
    }
    if let Some(m) = ctx
        .cart
        .shipping_method
        .as_ref()
        .and_then(|id| rb.shipping.iter().find(|m| &m.id == id))
    {
        if m.serves(ctx.currency, ctx.country) && missing_rule(&m.tax_category) {
            let e = PricingError::TaxRuleMissing {
                category: m.tax_category.clone(),
                country: country.to_string(),
            };
            problems.push(e.to_problem("/shipping-method", Severity::Error));
        }
    }
    Ok(out)
}

/// One line through its pricing model at the `unit-price` and `line-subtotal` rounding points, traced.
/// Returns the shown unit price and the rounded subtotal.
fn price_model(
    ctx: &Context,
    path: &str,
    sku: &str,
    list: &str,
    model: &Model,
    q: Decimal,
    trace: &mut Trace,
) -> Result<(Decimal, Decimal), Error> {
    let unit_rounding = match ctx.rulebook.settings.unit_price_rounding {
        UnitPriceRounding::PerUnit => Some((ctx.minor_units, ctx.mode)),
        UnitPriceRounding::PerLine => None,
    };
    let priced = models::price(model, q, unit_rounding).map_err(me)?;
    trace.price(path, sku, list, priced.model, priced.tier.clone());
    for (before, after) in &priced.roundings {
        trace.rounding(path, "unit-price", *before, *after);
    }
    // The exact amount may not fit a decimal (a 31-digit product): it is rounded here, once.
    let subtotal = priced.exact.round(ctx.minor_units, ctx.mode).map_err(me)?;
    let before = priced.exact.approx().map_err(me)?;
    trace.rounding(path, "line-subtotal", before, subtotal);
    // A model without one unit price shows the average, to 4 decimals past the currency (informational).
    let unit_price = match priced.unit_price {
        Some(u) => u,
        None => priced
            .exact
            .div_round(q.into(), ctx.minor_units + 4, RoundingMode::HalfEven)
            .map_err(me)?,
    };
    Ok((unit_price, subtotal))
}

/// The resolved lines priced and rounded: the cart promotions start from (`warnings` so far travel with it).
/// Fails with `limit-exceeded` when the goods total breaks `goods-total-digits`.
pub fn price_lines(
    ctx: &Context,
    resolved: Vec<Resolved>,
    warnings: Vec<Problem>,
) -> Result<PricedCart, Error> {
    let includes_tax = resolved.first().is_some_and(|r| r.includes_tax);
    let mut cart = PricedCart {
        lines: Vec::new(),
        includes_tax,
        shipping: None,
        trace: Trace::default(),
        warnings,
    };
    for r in resolved {
        let sku = &ctx.cart.lines[r.index].sku;
        let path = format!("/lines/{}", r.index);
        let q = r.facts.quantity;
        let (unit_price, subtotal) =
            price_model(ctx, &path, sku, &r.list, &r.model, q, &mut cart.trace)?;
        cart.lines.push(PricedLine {
            source: Some(r.index),
            sku: sku.clone(),
            quantity: q,
            unit_price,
            subtotal,
            discounts: Vec::new(),
            price_list: r.list,
            tax_category: r.tax_category,
            added_by: None,
        });
    }
    goods_total_limit(&cart.lines)?;
    Ok(cart)
}

/// A gift line for a promotion: the item priced by the price lists like a cart line (its trace steps go to
/// `trace`). `None` when the item is inactive, has no price for this cart, or is priced in another basis.
pub fn price_gift(
    ctx: &Context,
    cart: &PricedCart,
    sku: &str,
    quantity: Decimal,
    promotion: &str,
    trace: &mut Trace,
) -> Result<Option<PricedLine>, Error> {
    let Some(item) = ctx
        .rulebook
        .items
        .get(sku)
        .filter(|i| i.active && !i.open_price)
    else {
        return Ok(None);
    };
    let Some((list, model)) = resolve::resolve(ctx, sku)? else {
        return Ok(None);
    };
    if list.includes_tax != cart.includes_tax {
        return Ok(None);
    }
    let (unit_price, subtotal) = price_model(ctx, "/lines", sku, &list.id, model, quantity, trace)?;
    Ok(Some(PricedLine {
        source: None,
        sku: sku.to_string(),
        quantity,
        unit_price,
        subtotal,
        discounts: Vec::new(),
        price_list: list.id.clone(),
        tax_category: item.tax_category.clone(),
        added_by: Some(promotion.to_string()),
    }))
}

/// The `goods-total-digits` limit on the priced lines: their subtotals, as absolute values, added up (a bound
/// on every partial sum) stay below 10^23, so taxes and totals fit a decimal (docs/limits.md).
fn goods_total_limit(lines: &[PricedLine]) -> Result<(), Error> {
    let mut goods = Exact::from(Decimal::ZERO);
    for l in lines {
        goods = goods.plus(Exact::from(l.subtotal.abs())).map_err(me)?;
    }
    // At most 1000 lines below 10^24 each: the sum (< 10^27) fits a decimal at scale 0.
    let whole = goods.round(0, RoundingMode::Down).map_err(me)?;
    let max = u64::from(limits::MAX_TOTAL_DIGITS);
    limits::check(
        "goods-total-digits",
        max,
        limits::integer_digits(whole),
        "/lines",
    )
}
