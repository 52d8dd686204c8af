//! Pricing the lines: which price list prices each cart line (or a promotion's gift), its pricing model at the
//! `unit-price` and `line-subtotal` rounding points, traced, and the goods-total limit on the result.

use super::{derive, models, resolve, tax, PricingError};
use crate::api::RoundingMode;
use crate::error::{Coded, Error, Problem, Severity};
use crate::limits;
use crate::money::{self, Exact, MoneyError};
use crate::priced::{At, Context, LineFacts, PricedCart, PricedLine, Trace};
use crate::rulebook::schema::UnitPriceRounding;
use crate::rulebook::{Model, OPEN_PRICE};
use rust_decimal::Decimal;
use std::fmt::Write as _;

fn me(e: MoneyError) -> Error {
    e.to_error("")
}

/// A cart line whose price source is known.
pub struct Resolved<'a> {
    index: usize,
    facts: LineFacts,
    /// The price list (None: the cart's unit price) and its model (None: per unit at the cart's price).
    list: Option<usize>,
    model: Option<&'a Model>,
    includes_tax: bool,
    tax_category: usize,
}

/// Whether a taxable category has no rule at the destination (the category's index). Not asked where the
/// region the rules need is missing or invalid: that finding (`region-required`, `region-invalid`) says it.
fn missing_rule(ctx: &Context, category: usize) -> bool {
    let tax = &ctx.rulebook.tax;
    let region_unusable = ctx.country.is_some_and(|country| {
        tax.is_regional(country)
            && !ctx
                .cart
                .region
                .as_deref()
                .is_some_and(|r| crate::rulebook::is_subdivision(r, country))
    });
    !region_unusable
        && tax.categories.get(category).is_some_and(|c| !c.exempt)
        && tax::rules_for(ctx, category).next().is_none()
}

/// The finding of a missing tax rule for a category at `path`.
fn rule_missing(ctx: &Context, category: usize, path: &str) -> Problem {
    let e = PricingError::TaxRuleMissing {
        category: ctx.rulebook.tax.categories[category].id.clone(),
        country: ctx.country.unwrap_or_default().to_string(),
        region: ctx.cart.region.clone(),
    };
    e.to_problem(path, Severity::Error)
}

/// Resolve every pricable line; report lines without a price, mixed tax bases and missing tax rules.
pub fn resolve_lines<'a>(
    ctx: &Context<'a>,
    lines: &[Option<LineFacts>],
    problems: &mut Vec<Problem>,
) -> Result<Vec<Resolved<'a>>, Error> {
    let rb = ctx.rulebook;
    let mut out: Vec<Resolved> = Vec::with_capacity(lines.len());
    for (index, facts) in lines.iter().enumerate() {
        let Some(facts) = *facts else { continue };
        let item = &rb.items[facts.item];
        let path = || format!("/lines/{index}");
        let (list, includes_tax, model) = match facts.host_price {
            Some(_) => (None, rb.settings.open_prices_include_tax, None),
            None => match resolve::resolve(ctx, facts.item)? {
                Some((l, _)) if derive::rate(ctx, l).is_none() => {
                    let (list, source) = (&rb.price_lists[l], rb.source_of(l));
                    let e = PricingError::ExchangeRateMissing {
                        sku: item.sku.clone(),
                        price_list: list.id.clone(),
                        from: source.currency.clone(),
                        to: list.currency.clone(),
                    };
                    problems.push(e.to_problem(&path(), Severity::Error));
                    continue;
                }
                Some((l, m)) => (Some(l), rb.price_lists[l].includes_tax, Some(m)),
                None => {
                    let e = PricingError::PriceMissing {
                        sku: item.sku.clone(),
                        currency: ctx.currency.to_string(),
                    };
                    problems.push(e.to_problem(&path(), Severity::Error));
                    continue;
                }
            },
        };
        if out.first().is_some_and(|f| f.includes_tax != includes_tax) {
            let basis = if includes_tax { "include" } else { "exclude" };
            problems
                .push(PricingError::PriceBasisMixed { basis }.to_problem(&path(), Severity::Error));
        }
        let external = ctx.cart.lines[index].taxes.is_some();
        if !external && missing_rule(ctx, item.tax_category) {
            problems.push(rule_missing(ctx, item.tax_category, &path()));
        }
        out.push(Resolved {
            index,
            facts,
            list,
            model,
            includes_tax,
            tax_category: item.tax_category,
        });
    }
    if let Some(m) = ctx
        .shipping_method
        .and_then(|id| rb.shipping.iter().find(|m| m.id == id))
    {
        if m.serves(ctx.destination())
            && ctx.cart.shipping_taxes.is_none()
            && missing_rule(ctx, m.tax_category)
        {
            problems.push(rule_missing(ctx, m.tax_category, "/shipping-method"));
        }
    }
    Ok(out)
}

/// One line through its pricing model at the `unit-price` and `line-subtotal` rounding points, traced.
/// Returns the shown unit price and the rounded subtotal.
#[allow(clippy::too_many_arguments)]
fn price_model(
    ctx: &Context,
    at: At,
    item: usize,
    list: Option<usize>,
    model: &Model,
    q: Decimal,
    span: models::Span,
    trace: &mut Trace,
) -> Result<(Decimal, Decimal), Error> {
    let unit_rounding = match ctx.rulebook.settings.unit_price_rounding {
        UnitPriceRounding::PerUnit => Some((ctx.minor_units, ctx.mode)),
        UnitPriceRounding::PerLine => None,
    };
    let converted;
    let model = match list.filter(|&l| ctx.rulebook.price_lists[l].derived.is_some()) {
        Some(l) => {
            // resolve_lines (price_gift) let no derived list without a rate through.
            let rate = derive::rate(ctx, l).unwrap_or((Decimal::ONE, ""));
            converted = derive::model(ctx, l, rate, model, at, trace).map_err(me)?;
            &converted
        }
        None => model,
    };
    let priced = models::price(model, q, span, unit_rounding).map_err(me)?;
    let rb = ctx.rulebook;
    let list_name = list.map_or(OPEN_PRICE, |l| rb.price_lists[l].id.as_str());
    trace.price(at, &rb.items[item].sku, list_name, priced.model, || {
        priced.tier.map(|t| t.describe(model))
    });
    for (before, after) in &priced.roundings {
        trace.rounding(at, "unit-price", *before, *after);
    }
    // The exact amount may not fit a decimal (a 31-digit product): it is rounded here, once.
    let subtotal = priced.exact.round(ctx.minor_units, ctx.mode).map_err(me)?;
    if trace.is_on() {
        let before = priced.exact.approx().map_err(me)?;
        trace.rounding(at, "line-subtotal", before, subtotal);
    }
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

/// The resolved lines priced and rounded: the cart promotions start from (`warnings` so far travel with it;
/// the trace is on when the cart asks for the explanation). Fails with `limit-exceeded` when the goods total
/// breaks `goods-total-digits`.
pub fn price_lines(
    ctx: &Context,
    resolved: Vec<Resolved>,
    warnings: Vec<Problem>,
) -> Result<PricedCart, Error> {
    let includes_tax = resolved.first().is_some_and(|r| r.includes_tax);
    let mut cart = PricedCart {
        lines: Vec::with_capacity(resolved.len()),
        includes_tax,
        shipping: None,
        trace: Trace::for_quote(ctx.cart.explain),
        warnings,
    };
    // Tier groups (docs/rulebook.md, "Tier groups"): the units of each group's lines, then, line by line, the
    // units of the group's lines before it. Indexed by the group's id, so linear in the lines.
    let rb = ctx.rulebook;
    let group = |r: &Resolved| rb.items[r.facts.item].tier_group.map(|g| g as usize);
    let mut totals: Vec<Decimal> = Vec::new();
    for r in &resolved {
        if let Some(g) = group(r) {
            if totals.len() <= g {
                totals.resize(g + 1, Decimal::ZERO);
            }
            totals[g] = money::add(totals[g], r.facts.quantity).map_err(me)?;
        }
    }
    let mut before: Vec<Decimal> = vec![Decimal::ZERO; totals.len()];
    for r in resolved {
        let q = r.facts.quantity;
        let span = match group(&r) {
            Some(g) => {
                let span = models::Span {
                    before: before[g],
                    total: totals[g],
                };
                before[g] = money::add(before[g], q).map_err(me)?;
                span
            }
            None => models::Span::alone(q),
        };
        let host;
        let model = match (r.model, r.facts.host_price) {
            (Some(m), _) => m,
            (None, u) => {
                host = Model::PerUnit(u.unwrap_or_default());
                &host
            }
        };
        let (unit_price, subtotal) = price_model(
            ctx,
            At::Line(r.index),
            r.facts.item,
            r.list,
            model,
            q,
            span,
            &mut cart.trace,
        )?;
        let mut line = PricedLine {
            source: Some(r.index),
            item: r.facts.item,
            quantity: q,
            unit_price,
            subtotal,
            discounts: Vec::new(),
            price_list: r.list,
            tax_category: r.tax_category,
            added_by: None,
            surcharges: Vec::new(),
        };
        surcharge(ctx, r.index, &mut line, &mut cart.trace)?;
        cart.lines.push(line);
    }
    goods_total_limit(&cart.lines)?;
    Ok(cart)
}

/// The line's options' surcharges (docs/rulebook.md, "Surcharges") added to its unit price and subtotal: each
/// option's unit amount times the quantity, rounded to the currency at the `line-surcharge` rounding point.
/// The cart rules checked the options (declared, applicable, valid values), so an option without a surcharge
/// in the cart's currency adds nothing.
fn surcharge(
    ctx: &Context,
    index: usize,
    line: &mut PricedLine,
    trace: &mut Trace,
) -> Result<(), Error> {
    let rb = ctx.rulebook;
    for (k, option) in ctx.cart.lines[index].attributes.iter().enumerate() {
        let Some(unit) = rb
            .attribute(&option.name)
            .and_then(|a| a.surcharge(&option.value, ctx.currency))
        else {
            continue;
        };
        let exact = Exact::product(unit, line.quantity);
        let amount = exact.round(ctx.minor_units, ctx.mode).map_err(me)?;
        trace.step("surcharge", At::Line(index), |w| {
            let (name, value) = (&option.name, &option.value);
            w.message(&|t| {
                let _ = write!(t, "option {name} {value:?}: ");
                money::write_decimal(t, unit);
                t.push_str(" per unit, ");
                money::write_decimal(t, amount);
                t.push_str(" for the line");
            });
            w.param("attribute", name);
            w.param("value", value);
            w.param_with("unit-amount", &|t| money::write_decimal(t, unit));
            w.param_with("amount", &|t| money::write_decimal(t, amount));
        });
        if trace.is_on() {
            let before = exact.approx().map_err(me)?;
            trace.rounding(At::Line(index), "line-surcharge", before, amount);
        }
        line.unit_price = money::add(line.unit_price, unit).map_err(me)?;
        line.subtotal = money::add(line.subtotal, amount).map_err(me)?;
        line.surcharges.push((k, unit, amount));
    }
    Ok(())
}

/// A gift line for a promotion (index `promotion`): the item priced by the price lists like a cart line (its
/// trace steps go to `trace`). `None` when the item is inactive, has no price for this cart, or is priced in
/// another basis.
pub fn price_gift(
    ctx: &Context,
    cart: &PricedCart,
    item: usize,
    quantity: Decimal,
    promotion: usize,
    trace: &mut Trace,
) -> Result<Option<PricedLine>, Error> {
    let Some(it) = ctx
        .rulebook
        .items
        .get(item)
        .filter(|i| i.active && !i.open_price)
    else {
        return Ok(None);
    };
    let Some((list, model)) = resolve::resolve(ctx, item)? else {
        return Ok(None);
    };
    if ctx.rulebook.price_lists[list].includes_tax != cart.includes_tax
        || derive::rate(ctx, list).is_none()
    {
        return Ok(None);
    }
    let (unit_price, subtotal) = price_model(
        ctx,
        At::Gift,
        item,
        Some(list),
        model,
        quantity,
        models::Span::alone(quantity),
        trace,
    )?;
    Ok(Some(PricedLine {
        source: None,
        item,
        quantity,
        unit_price,
        subtotal,
        discounts: Vec::new(),
        price_list: Some(list),
        tax_category: it.tax_category,
        added_by: Some(promotion),
        surcharges: Vec::new(),
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
