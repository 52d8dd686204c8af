//! The order rules on the cart. Quoting runs them first; paths are relative to the cart (/lines/2/quantity).
//! `check` needs only the rulebook; `check_in_context` needs the resolved destination and moment.

use super::ValidationError as V;
use crate::api::{Attribute, Cart, ExternalTax, FieldKind};
use crate::error::{Coded, Error, Problem, Severity};
use crate::limits;
use crate::money;
use crate::priced::{Context, LineFacts};
use crate::rulebook::schema::AttributeLevel;
use crate::rulebook::time::{self, Timestamp};
use crate::rulebook::{self, is_country, unknown_country, Rulebook, RulebookError};
use rust_decimal::Decimal;

/// What the cart rules found out, for pricing.
#[derive(Debug, Clone)]
pub struct CartFacts<'a> {
    pub at: Option<Timestamp>,
    /// Minor units of the cart's currency when it is sold.
    pub minor_units: Option<u32>,
    pub country: Option<&'a str>,
    /// The cart's postal code, normalised (fields layer), when it has one valid for the destination.
    pub postal_code: Option<String>,
    /// Per cart line: the parsed quantity and host price, `None` when the line cannot be priced.
    pub lines: Vec<Option<LineFacts>>,
}

fn err(problems: &mut Vec<Problem>, path: &str, e: impl Coded) {
    problems.push(e.to_problem(path, Severity::Error));
}

/// The engine's hard size limits on a cart (limit-exceeded, before any other work). A string's pointer is
/// written only when it is too long.
pub fn limits(cart: &Cart) -> Result<(), Error> {
    use limits::*;
    check("lines", MAX_LINES, cart.lines.len() as u64, "/lines")?;
    check(
        "coupons",
        MAX_COUPONS,
        cart.coupons.len() as u64,
        "/coupons",
    )?;
    check("usage", MAX_USAGE, cart.usage.len() as u64, "/usage")?;
    check(
        "tenders",
        MAX_TENDERS,
        cart.tenders.len() as u64,
        "/tenders",
    )?;
    check(
        "exchange-rates",
        MAX_EXCHANGE_RATES,
        cart.exchange_rates.len() as u64,
        "/exchange-rates",
    )?;
    let string = |s: &str, path: &dyn Fn() -> String| -> Result<(), Error> {
        if s.len() as u64 > MAX_STRING_BYTES {
            check("string-bytes", MAX_STRING_BYTES, s.len() as u64, &path())?;
        }
        Ok(())
    };
    string(&cart.currency, &|| "/currency".into())?;
    string(&cart.at, &|| "/at".into())?;
    for (key, v) in [
        ("country", &cart.country),
        ("region", &cart.region),
        ("postal-code", &cart.postal_code),
        ("channel", &cart.channel),
        ("customer-group", &cart.customer_group),
        ("customer-id", &cart.customer_id),
        ("shipping-method", &cart.shipping_method),
    ] {
        if let Some(v) = v {
            string(v, &|| format!("/{key}"))?;
        }
    }
    let external =
        |list: &Option<Vec<ExternalTax>>, at: &dyn Fn() -> String| -> Result<(), Error> {
            let Some(list) = list else { return Ok(()) };
            check(
                "external-taxes",
                MAX_EXTERNAL_TAXES,
                list.len() as u64,
                &at(),
            )?;
            for (k, x) in list.iter().enumerate() {
                string(&x.id, &|| format!("{}/{k}/id", at()))?;
                for (key, v) in [("rate", &x.rate), ("amount", &x.amount)] {
                    if let Some(v) = v {
                        string(v, &|| format!("{}/{k}/{key}", at()))?;
                    }
                }
            }
            Ok(())
        };
    let attributes = |list: &[Attribute], at: &dyn Fn() -> String| -> Result<(), Error> {
        if list.len() as u64 > MAX_ATTRIBUTES {
            check("attributes", MAX_ATTRIBUTES, list.len() as u64, &at())?;
        }
        for (k, a) in list.iter().enumerate() {
            string(&a.name, &|| format!("{}/{k}/name", at()))?;
            string(&a.value, &|| format!("{}/{k}/value", at()))?;
        }
        Ok(())
    };
    attributes(&cart.attributes, &|| "/attributes".into())?;
    for (i, l) in cart.lines.iter().enumerate() {
        attributes(&l.attributes, &|| format!("/lines/{i}/attributes"))?;
        string(&l.sku, &|| format!("/lines/{i}/sku"))?;
        string(&l.quantity, &|| format!("/lines/{i}/quantity"))?;
        if let Some(u) = &l.unit_price {
            string(u, &|| format!("/lines/{i}/unit-price"))?;
        }
        external(&l.taxes, &|| format!("/lines/{i}/taxes"))?;
    }
    external(&cart.shipping_taxes, &|| "/shipping-taxes".into())?;
    for (i, c) in cart.coupons.iter().enumerate() {
        string(c, &|| format!("/coupons/{i}"))?;
    }
    for (i, u) in cart.usage.iter().enumerate() {
        string(&u.key, &|| format!("/usage/{i}/key"))?;
    }
    for (i, t) in cart.tenders.iter().enumerate() {
        string(&t.reference, &|| format!("/tenders/{i}/reference"))?;
        string(&t.amount, &|| format!("/tenders/{i}/amount"))?;
    }
    for (i, r) in cart.exchange_rates.iter().enumerate() {
        string(&r.from_currency, &|| {
            format!("/exchange-rates/{i}/from-currency")
        })?;
        string(&r.to_currency, &|| {
            format!("/exchange-rates/{i}/to-currency")
        })?;
        string(&r.rate, &|| format!("/exchange-rates/{i}/rate"))?;
    }
    Ok(())
}

/// The rules that need only the rulebook: currency, moment, destination, lines and their quantities.
pub fn check<'a>(rb: &'a Rulebook, cart: &'a Cart) -> (CartFacts<'a>, Vec<Problem>) {
    let mut problems = Vec::new();
    let p = &mut problems;
    let minor_units = match (
        rb.settings.currencies.contains(&cart.currency),
        money::lookup_currency(&cart.currency),
    ) {
        (true, Some(c)) => Some(c.minor_units),
        _ => {
            err(
                p,
                "/currency",
                V::CurrencyNotSold {
                    currency: cart.currency.clone(),
                },
            );
            None
        }
    };
    let at = match time::parse(&cart.at) {
        Ok(t) => Some(t),
        Err(reason) => {
            err(
                p,
                "/at",
                RulebookError::TimestampInvalid {
                    input: cart.at.clone(),
                    reason,
                },
            );
            None
        }
    };
    let country = destination(rb, cart, p);
    let postal_code = postal_code(cart, country, p);
    if cart.lines.is_empty() {
        err(p, "/lines", V::CartEmpty);
    }
    if let Some(max) = rb.validation.max_lines {
        if cart.lines.len() > max as usize {
            err(
                p,
                "/lines",
                V::TooManyLines {
                    count: cart.lines.len(),
                    max,
                },
            );
        }
    }
    let lines: Vec<Option<LineFacts>> = (0..cart.lines.len())
        .map(|i| line(rb, cart, i, p))
        .collect();
    item_rules(rb, cart, country, &lines, p);
    attributes(rb, &cart.attributes, None, &|| "/attributes".into(), p);
    for (i, l) in cart.lines.iter().enumerate() {
        // An unknown sku is its own finding; its options are checked as if it took every one.
        let item = rb.item(&l.sku);
        let at = || format!("/lines/{i}/attributes");
        attributes(rb, &l.attributes, Some(item), &at, p);
    }
    for (i, l) in cart.lines.iter().enumerate() {
        if let Some(list) = &l.taxes {
            external_taxes(list, &format!("/lines/{i}/taxes"), p);
        }
    }
    if let Some(list) = &cart.shipping_taxes {
        external_taxes(list, "/shipping-taxes", p);
    }
    if let Some(max) = rb.validation.max_quantity {
        let total = lines
            .iter()
            .flatten()
            .try_fold(Decimal::ZERO, |acc, l| money::add(acc, l.quantity));
        if let Ok(total) = total {
            if total > max {
                let (total, max) = (money::format_decimal(total), money::format_decimal(max));
                err(p, "/lines", V::OrderQuantityExceeded { total, max });
            }
        }
    }
    if let Some(minor) = minor_units {
        tenders(cart, minor, p);
    }
    exchange_rates(cart, p);
    (
        CartFacts {
            at,
            minor_units,
            country,
            postal_code,
            lines,
        },
        problems,
    )
}

/// The cart's attributes (`line`: None) or one line's options (`line`: its item, if the sku is known) against
/// the rulebook's declarations (docs/rulebook.md, "Attributes"): declared at that level, given once, offered
/// for the line's item, a listed value (or non-empty text within max-length); then the required ones present.
fn attributes(
    rb: &Rulebook,
    list: &[Attribute],
    line: Option<Option<usize>>,
    at: &dyn Fn() -> String,
    p: &mut Vec<Problem>,
) {
    let on = if line.is_some() {
        AttributeLevel::Line
    } else {
        AttributeLevel::Cart
    };
    let item = line.flatten();
    let applies = |d: &rulebook::Attribute| item.is_none_or(|i| d.applies_to(i, &rb.items[i]));
    for (k, a) in list.iter().enumerate() {
        let here = |key: &str| format!("{}/{k}/{key}", at());
        let Some(d) = rb.attribute(&a.name).filter(|d| d.on == on) else {
            let on = if line.is_some() { "line" } else { "cart" };
            let name = a.name.clone();
            err(p, &here("name"), V::AttributeUnknown { name, on });
            continue;
        };
        if list[..k].iter().any(|b| b.name == a.name) {
            let name = a.name.clone();
            err(p, &here("name"), V::AttributeDuplicate { name });
            continue;
        }
        if !applies(d) {
            let (name, sku) = (a.name.clone(), item.map(|i| rb.items[i].sku.clone()));
            let sku = sku.unwrap_or_default();
            err(p, &here("name"), V::AttributeNotAllowed { name, sku });
        }
        let expected = if !d.values.is_empty() {
            (!d.values.contains(&a.value)).then(|| format!("one of {}", d.values.join(", ")))
        } else if a.value.trim().is_empty() {
            Some("a non-empty value".to_string())
        } else {
            // More than max chars: one after the first max (chars().count() would bring its own routine into
            // the browser build).
            d.max_length
                .filter(|&max| a.value.char_indices().nth(max as usize).is_some())
                .map(|max| format!("at most {max} characters"))
        };
        if let Some(expected) = expected {
            let e = V::AttributeValueInvalid {
                name: a.name.clone(),
                value: a.value.clone(),
                expected,
            };
            err(p, &here("value"), e);
        }
    }
    // A cart line of an unknown sku is refused for that; it is not also told which options it lacks.
    let known = line != Some(None);
    for d in &rb.attributes {
        if d.on == on && d.required && known && applies(d) && !list.iter().any(|a| a.name == d.name)
        {
            let name = d.name.clone();
            err(p, &at(), V::AttributeRequired { name });
        }
    }
}

/// Whether every line and the shipping (if the cart names a method) carry external taxes: then no rulebook
/// rule taxes the cart and its region is not needed for tax.
fn all_external(cart: &Cart) -> bool {
    cart.lines.iter().all(|l| l.taxes.is_some())
        && (cart.shipping_method.is_none() || cart.shipping_taxes.is_some())
}

/// A line's or the shipping's external taxes (docs/rulebook.md, "External taxes"): each with an id unique in
/// its list, a rate or an amount (or both: the amount is used, the rate shown), neither negative.
fn external_taxes(list: &[ExternalTax], at: &str, p: &mut Vec<Problem>) {
    for (k, x) in list.iter().enumerate() {
        let bad = |p: &mut Vec<Problem>, key: &str, reason: &'static str| {
            let e = V::ExternalTaxInvalid {
                id: x.id.clone(),
                reason,
            };
            err(p, &format!("{at}/{k}{key}"), e);
        };
        if x.id.is_empty() {
            bad(p, "/id", "empty-id");
        } else if list[..k].iter().any(|y| y.id == x.id) {
            bad(p, "/id", "duplicate-id");
        }
        if x.rate.is_none() && x.amount.is_none() {
            bad(p, "", "rate-or-amount-required");
        }
        for (key, v) in [("/rate", &x.rate), ("/amount", &x.amount)] {
            match v.as_deref().map(money::parse_decimal) {
                Some(Err(e)) => err(p, &format!("{at}/{k}{key}"), e),
                Some(Ok(d)) if d < Decimal::ZERO || !limits::amount_in_range(d) => {
                    bad(p, key, "out-of-range")
                }
                _ => {}
            }
        }
    }
}

/// The cart's postal code checked against the destination's format (the fields layer's findings, under
/// /postal-code) and normalised; `None` when absent, invalid or without a destination.
fn postal_code(cart: &Cart, country: Option<&str>, p: &mut Vec<Problem>) -> Option<String> {
    let (code, country) = (cart.postal_code.as_deref()?, country?);
    let found = crate::fields::validate_field(FieldKind::PostalCode, code, Some(country));
    for mut problem in found.problems {
        problem.path = format!("/postal-code{}", problem.path);
        p.push(problem);
    }
    found.normalized.filter(|_| found.valid)
}

fn destination<'a>(rb: &'a Rulebook, cart: &'a Cart, p: &mut Vec<Problem>) -> Option<&'a str> {
    let country = match (&cart.country, &rb.settings.default_country) {
        (Some(c), _) => {
            if !is_country(c) {
                err(p, "/country", unknown_country(c));
                return None;
            }
            c.as_str()
        }
        (None, Some(d)) => d.as_str(),
        (None, None) => {
            err(p, "/country", V::DestinationRequired);
            return None;
        }
    };
    let allowed = &rb.validation.countries;
    if !allowed.is_empty() && !allowed.iter().any(|c| c == country) {
        err(
            p,
            "/country",
            V::CountryNotShipped {
                country: country.to_string(),
            },
        );
    }
    match &cart.region {
        Some(region) if !rulebook::is_subdivision(region, country) => {
            // A bare code ("CA" for US) that is a subdivision once prefixed: say which was meant.
            let prefixed = format!("{country}-{region}");
            let hint = rulebook::is_subdivision(&prefixed, country).then_some(prefixed);
            err(
                p,
                "/region",
                V::RegionInvalid {
                    region: region.clone(),
                    country: country.to_string(),
                    hint,
                },
            );
        }
        None if rb.tax.is_regional(country) && !all_external(cart) => err(
            p,
            "/region",
            V::RegionRequired {
                country: country.to_string(),
            },
        ),
        _ => {}
    }
    Some(country)
}

fn line(rb: &Rulebook, cart: &Cart, i: usize, p: &mut Vec<Problem>) -> Option<LineFacts> {
    let l = &cart.lines[i];
    // Pointers are written only for a finding.
    let at = |key: &str| format!("/lines/{i}/{key}");
    let index = rb.item(&l.sku);
    let item = index.map(|k| &rb.items[k]);
    match item {
        None => err(p, &at("sku"), V::SkuUnknown { sku: l.sku.clone() }),
        Some(it) if !it.active => err(p, &at("sku"), V::ItemInactive { sku: l.sku.clone() }),
        _ => {}
    }
    let quantity = match money::parse_decimal(&l.quantity) {
        Err(e) => {
            err(p, &at("quantity"), e);
            None
        }
        Ok(q) if q <= Decimal::ZERO || !limits::amount_in_range(q) => {
            err(
                p,
                &at("quantity"),
                V::QuantityInvalid {
                    quantity: l.quantity.to_string(),
                },
            );
            None
        }
        Ok(q) => Some(q),
    };
    if let (Some(q), Some(it)) = (quantity, item) {
        let text = |d: Decimal| money::format_decimal(d);
        if let Some(min) = it.min.filter(|m| q < *m) {
            err(
                p,
                &at("quantity"),
                V::QuantityBelowMin {
                    quantity: l.quantity.to_string(),
                    min: text(min),
                },
            );
        }
        if let Some(max) = it.max.filter(|m| q > *m) {
            err(
                p,
                &at("quantity"),
                V::QuantityAboveMax {
                    quantity: l.quantity.to_string(),
                    max: text(max),
                },
            );
        }
        if q.checked_rem(it.step).is_none_or(|r| !r.is_zero()) {
            err(
                p,
                &at("quantity"),
                V::QuantityStep {
                    quantity: l.quantity.to_string(),
                    step: text(it.step),
                },
            );
        }
    }
    let host_price = match (&l.unit_price, item) {
        (None, _) => None,
        (Some(_), Some(it)) if !it.open_price => {
            err(
                p,
                &at("unit-price"),
                V::UnitPriceNotAllowed { sku: l.sku.clone() },
            );
            return None;
        }
        (Some(u), _) => match money::parse_decimal(u) {
            Err(e) => {
                err(p, &at("unit-price"), e);
                return None;
            }
            Ok(v)
                if !limits::amount_in_range(v)
                    || (v < Decimal::ZERO && !rb.settings.allow_negative_totals) =>
            {
                err(
                    p,
                    &at("unit-price"),
                    V::UnitPriceInvalid {
                        unit_price: u.to_string(),
                    },
                );
                return None;
            }
            Ok(v) => Some(v),
        },
    };
    match (index, item, quantity) {
        (Some(index), Some(it), Some(quantity)) if it.active => Some(LineFacts {
            item: index,
            quantity,
            host_price,
        }),
        _ => None,
    }
}

/// The item rules (docs/rulebook.md, "Item rules"): an item not sold to the destination, and the caps per
/// order and per customer on the summed quantity of an item's lines. A cap is reported once per item, at the
/// line whose quantity passes it. Each capped item's lines are walked once from its first line, so the cost
/// is the lines times the distinct capped items in the cart.
fn item_rules(
    rb: &Rulebook,
    cart: &Cart,
    country: Option<&str>,
    lines: &[Option<LineFacts>],
    p: &mut Vec<Problem>,
) {
    let mut walked: Vec<bool> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(l) = l else { continue };
        let it = &rb.items[l.item];
        if let Some(c) = country.filter(|c| it.not_countries.iter().any(|n| n == c)) {
            let e = V::ItemNotShipped {
                sku: it.sku.clone(),
                country: c.to_string(),
            };
            err(p, &format!("/lines/{i}/sku"), e);
        }
        if (it.max_per_order.is_none() && it.max_per_customer.is_none())
            || walked.get(i).is_some_and(|w| *w)
        {
            continue;
        }
        walked.resize(lines.len(), false);
        let used = cart
            .usage
            .iter()
            .find(|u| u.key.strip_prefix("sku:") == Some(it.sku.as_str()))
            .map_or(0, |u| u.by_customer);
        let (mut sum, mut order_at, mut customer_at) = (Decimal::ZERO, None, None);
        for (j, m) in lines.iter().enumerate().skip(i) {
            if m.as_ref().is_none_or(|m| m.item != l.item) {
                continue;
            }
            walked[j] = true;
            sum = money::add(sum, m.as_ref().map_or(Decimal::ZERO, |m| m.quantity))
                .unwrap_or(Decimal::MAX);
            if it.max_per_order.is_some_and(|max| sum > max) {
                order_at.get_or_insert(j);
            }
            let past = money::add(sum, Decimal::from(used)).unwrap_or(Decimal::MAX);
            if it.max_per_customer.is_some_and(|max| past > max) {
                customer_at.get_or_insert(j);
            }
        }
        let text = money::format_decimal;
        if let (Some(j), Some(max)) = (order_at, it.max_per_order) {
            let e = V::QuantityAboveOrderLimit {
                quantity: text(sum),
                max: text(max),
            };
            err(p, &format!("/lines/{j}/quantity"), e);
        }
        if let (Some(j), Some(max)) = (customer_at, it.max_per_customer) {
            // Cannot overflow (max is positive, rulebook check); money::sub rather than `-`, whose own copy
            // of rust_decimal's subtraction would cost the wasm ~1.9 KB.
            let allowed = money::sub(max, Decimal::from(used))
                .unwrap_or(Decimal::ZERO)
                .max(Decimal::ZERO);
            let e = V::QuantityAboveCustomerLimit {
                max: text(max),
                used,
                allowed: text(allowed),
            };
            err(p, &format!("/lines/{j}/quantity"), e);
        }
    }
}

/// Every tender amount is more than zero, in the currency's minor units and in range.
fn tenders(cart: &Cart, minor_units: u32, p: &mut Vec<Problem>) {
    for (i, t) in cart.tenders.iter().enumerate() {
        let path = || format!("/tenders/{i}/amount");
        match money::parse_decimal(&t.amount) {
            Err(e) => err(p, &path(), e),
            Ok(a)
                if a <= Decimal::ZERO
                    || !limits::amount_in_range(a)
                    || !money::is_multiple_of_minor(a, minor_units) =>
            {
                err(
                    p,
                    &path(),
                    V::TenderAmountInvalid {
                        amount: t.amount.to_string(),
                    },
                )
            }
            Ok(_) => {}
        }
    }
}

/// Every exchange rate the host supplies is a decimal above zero, one per pair of currencies (at most
/// `exchange-rates` of them: the pairwise search stays small).
fn exchange_rates(cart: &Cart, p: &mut Vec<Problem>) {
    let rates = &cart.exchange_rates;
    for (i, r) in rates.iter().enumerate() {
        if !money::parse_decimal(&r.rate).is_ok_and(|v| v > Decimal::ZERO) {
            let rate = r.rate.clone();
            err(
                p,
                &format!("/exchange-rates/{i}/rate"),
                V::ExchangeRateInvalid { rate },
            );
        }
        let same = |o: &&crate::api::ExchangeRate| {
            o.from_currency == r.from_currency && o.to_currency == r.to_currency
        };
        if rates[..i].iter().any(|o| same(&o)) {
            let (from, to) = (r.from_currency.clone(), r.to_currency.clone());
            err(
                p,
                &format!("/exchange-rates/{i}"),
                V::ExchangeRateDuplicate { from, to },
            );
        }
    }
}

/// The rules that need the destination and moment: shipping method, reverse charge.
pub fn check_in_context(ctx: &Context) -> Vec<Problem> {
    let (rb, cart) = (ctx.rulebook, ctx.cart);
    let mut problems = Vec::new();
    if let Some(id) = ctx.shipping_method {
        match rb.shipping.iter().find(|m| m.id == id) {
            None => err(
                &mut problems,
                "/shipping-method",
                V::ShippingMethodUnknown { method: id.into() },
            ),
            Some(m) if !m.serves(ctx.destination()) => err(
                &mut problems,
                "/shipping-method",
                V::ShippingMethodUnavailable { method: id.into() },
            ),
            _ => {}
        }
    }
    if cart.reverse_charge {
        // Reverse charge is for B2B supplies into another EU member state.
        let domestic = rb.tax.origin_country.as_deref() == ctx.country;
        let eu = ctx.country.is_some_and(crate::fields::is_eu_member);
        if !rb.tax.allow_reverse_charge || domestic || !eu {
            err(&mut problems, "/reverse-charge", V::ReverseChargeNotAllowed);
        }
    }
    problems
}

/// The rules on the computed totals: the rulebook's limits on the grand total, and tenders that together pay
/// at most the grand total (the first tender that goes over is the one reported).
pub fn check_totals(rb: &Rulebook, cart: &Cart, grand_total: Decimal) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut paid = Decimal::ZERO;
    for (i, t) in cart.tenders.iter().enumerate() {
        // Amounts were checked by `check` (a quote runs only without error problems).
        let amount = money::parse_decimal(&t.amount).unwrap_or_default();
        paid = money::add(paid, amount).unwrap_or(Decimal::MAX);
        if paid > grand_total {
            err(
                &mut problems,
                &format!("/tenders/{i}"),
                V::TenderExceedsTotal {
                    tendered: money::format_decimal(paid),
                    total: money::format_decimal(grand_total),
                },
            );
            break;
        }
    }
    let Some((min, max)) = rb.validation.total_limits.get(&cart.currency) else {
        return problems;
    };
    let text = money::format_decimal;
    if let Some(min) = min.filter(|m| grand_total < *m) {
        err(
            &mut problems,
            "",
            V::TotalBelowMinimum {
                total: text(grand_total),
                min: text(min),
            },
        );
    }
    if let Some(max) = max.filter(|m| grand_total > *m) {
        err(
            &mut problems,
            "",
            V::TotalAboveMaximum {
                total: text(grand_total),
                max: text(max),
            },
        );
    }
    problems
}
