//! Tax: which rules tax each line and shipping, and the rounding level that decides where tax is rounded.
//!
//! A taxable amount (after discounts) is net or gross. The exact tax of rule r on it is
//! `amount * rate_r / 100` (net) or `amount * rate_r / (100 + sum of the rates on it)` (gross: the tax is
//! extracted). Levels: per-unit rounds the tax of one unit, per-line each line's tax, per-rate-group the sum
//! of each rule's taxes over the document (EN 16931), per-total the sum of all tax; a rounded sum is
//! shared back over the lines by largest remainder so every line still shows its part. Tax-exempt and
//! reverse-charge carts pay no tax: net prices stay, gross prices lose the tax they contain.

use super::distribute::{distribute, Fraction};
use super::tax_external::{self, Table};
use super::tax_shipping;
use crate::money::{self, Exact, ExactSums, MoneyError};
use crate::priced::{discount_sum, At, Context, PricedCart, Trace};
use crate::rulebook::schema::{ShippingTaxPolicy, TaxExtraction, TaxRounding};
use crate::rulebook::time::{self, Timestamp};
use rust_decimal::Decimal;

/// One amount to tax: a line or shipping.
#[derive(Debug, Clone)]
pub struct Taxable {
    pub at: At,
    /// After discounts, in minor units, net or gross per `includes_tax`.
    pub amount: Decimal,
    /// Units, for per-unit rounding (1 for shipping).
    pub quantity: Decimal,
    pub includes_tax: bool,
    /// Index into the rulebook's tax categories: the rules that apply are `rules_for` it.
    pub category: usize,
    /// Taxed by the cart's external taxes instead of the rules: those of a line, or the shipping's.
    pub external: Option<External>,
}

/// Whose external taxes tax a taxable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum External {
    Line(usize),
    Shipping,
}

/// The tax a quote's row names: a rulebook rule (index below the rules' count) or an external tax's label
/// (numbered after them). Returns the id and the rate shown for `amount` on `base`.
pub fn label<'a>(
    ctx: &'a Context,
    table: &'a Table,
    r: usize,
    base: Decimal,
    amount: Decimal,
) -> (&'a str, Decimal) {
    let rules = &ctx.rulebook.tax.rules;
    match rules.get(r) {
        Some(rule) => (&rule.id, rule.rate),
        None => {
            let (id, rate) = &table.labels[r - rules.len()];
            (id, tax_external::shown_rate(*rate, base, amount))
        }
    }
}

/// Whether rule `r` is compound (external taxes never are).
fn compound(ctx: &Context, r: usize) -> bool {
    ctx.rulebook.tax.rules.get(r).is_some_and(|x| x.compound)
}

/// The taxed amount.
#[derive(Debug, Clone, PartialEq)]
pub struct Taxed {
    /// The amount that was taxed (the taxable's amount).
    pub amount: Decimal,
    /// No tax charged (tax-exempt or reverse-charge cart).
    pub exempt: bool,
    pub net: Decimal,
    pub gross: Decimal,
    /// (rule index, tax amount, base: the net it taxes), in rulebook order.
    pub taxes: Vec<(usize, Decimal, Decimal)>,
}

/// What the priced cart taxes: each line (in cart order) and then shipping, after their discounts. Shipping
/// is one taxable per share of its tax policy (`tax_shipping.rs`), whose results `merge_shipping` joins.
pub fn taxables(
    ctx: &Context,
    cart: &mut PricedCart,
    table: &Table,
) -> Result<Vec<Taxable>, MoneyError> {
    let mut taxables = Vec::with_capacity(cart.lines.len() + 1);
    for l in &cart.lines {
        taxables.push(Taxable {
            at: l.at(),
            amount: money::sub(l.subtotal, discount_sum(&l.discounts)?)?,
            quantity: l.quantity,
            includes_tax: cart.includes_tax,
            category: l.tax_category,
            // A gift line a promotion added is taxed by the rules.
            external: l
                .source
                .and_then(|i| table.line(i).map(|_| External::Line(i))),
        });
    }
    if let Some(s) = &cart.shipping {
        let amount = money::sub(s.price, discount_sum(&s.discounts)?)?;
        let method = &ctx.rulebook.shipping[s.method];
        if table.shipping().is_some() {
            // The tax service's taxes replace the policy's split and the rulebook's rules.
            taxables.push(Taxable {
                at: At::Key("/shipping-method"),
                amount,
                quantity: Decimal::ONE,
                includes_tax: s.includes_tax,
                category: method.tax_category,
                external: Some(External::Shipping),
            });
            return Ok(taxables);
        }
        let shares = tax_shipping::shares(ctx, &taxables, method, amount)?;
        if method.tax_policy != ShippingTaxPolicy::Fixed {
            tax_shipping::trace_split(ctx, &mut cart.trace, method, amount, &shares);
        }
        for (category, share) in shares {
            taxables.push(Taxable {
                at: At::Key("/shipping-method"),
                amount: share,
                quantity: Decimal::ONE,
                includes_tax: s.includes_tax,
                category,
                external: None,
            });
        }
    }
    Ok(taxables)
}

/// The rules taxing `category` at the destination with their effective rates (percent of the net), in
/// rulebook order: a rule's own rate, or for a compound rule its rate on the net plus the earlier rules' taxes,
/// rate x (100 + the earlier effective rates) / 100 (1 % compound after 19 %: 1 x 119 / 100 = 1.19).
pub fn effective_rates(
    ctx: &Context,
    category: usize,
) -> Result<Vec<(usize, Decimal)>, MoneyError> {
    let rules = &ctx.rulebook.tax.rules;
    let mut out: Vec<(usize, Decimal)> = Vec::new();
    let mut before = Decimal::ZERO;
    for r in rules_for(ctx, category) {
        let rate = if rules[r].compound {
            let base = money::add(Decimal::ONE_HUNDRED, before)?;
            money::div(money::mul(rules[r].rate, base)?, Decimal::ONE_HUNDRED)?
        } else {
            rules[r].rate
        };
        before = money::add(before, rate)?;
        out.push((r, rate));
    }
    Ok(out)
}

/// The sum of the effective rates (percent) taxing `category` at the destination: how its net and gross
/// relate.
pub fn rate_sum(ctx: &Context, category: usize) -> Result<Decimal, MoneyError> {
    let mut sum = Decimal::ZERO;
    for (_, rate) in effective_rates(ctx, category)? {
        sum = money::add(sum, rate)?;
    }
    Ok(sum)
}

/// The rules (indices, in rulebook order) taxing `category` at the destination and valid at the cart's
/// moment; none for an exempt category or without a destination.
pub fn rules_for<'a>(ctx: &Context<'a>, category: usize) -> impl Iterator<Item = usize> + 'a {
    let tax = &ctx.rulebook.tax;
    let taxable = tax.categories.get(category).is_some_and(|c| !c.exempt);
    let region = ctx.cart.region.as_deref();
    let at = ctx.at;
    ctx.country
        .filter(|_| taxable)
        .into_iter()
        .flat_map(move |country| tax.rules_for(category, country, region))
        .filter(move |&r| tax.rules[r].valid_at(at))
}

/// The tax of one rule on one taxable as the fraction `num / den`. The numerator (amount x rate) is kept
/// exact and wide: it can have more digits than a decimal holds although the tax itself fits.
#[derive(Debug, Clone, Copy)]
pub(super) struct Part {
    pub(super) item: usize,
    /// A rulebook rule, or an external tax's label numbered after them (`label`).
    pub(super) rule: usize,
    pub(super) num: Exact,
    pub(super) den: Decimal,
    /// An amount given by a tax service: rounded as a whole, never split over units.
    pub(super) fixed: bool,
}

/// Round the exact sum of fractions: exactly when they share a denominator (always for net prices; for gross
/// prices when the lines carry the same total rate), else via 28-digit quotients. Returns (approx, rounded);
/// the approximation, which only the trace shows, is worked out only when `traced` (zero otherwise).
pub(super) fn round_sum(
    parts: &[Part],
    ctx: &Context,
    traced: bool,
) -> Result<(Decimal, Decimal), MoneyError> {
    // One denominator (the common case, a single part included): the numerators add up exactly.
    if let Some(first) = parts
        .first()
        .filter(|f| parts.iter().all(|p| p.den == f.den))
    {
        let mut num = Exact::from(Decimal::ZERO);
        for p in parts {
            num = num.plus(p.num)?;
        }
        let rounded = num.div_round(first.den.into(), ctx.minor_units, ctx.mode)?;
        let approx = if traced {
            money::div(num.approx()?, first.den)?.normalize()
        } else {
            Decimal::ZERO
        };
        return Ok((approx, rounded));
    }
    let mut by_den = ExactSums::default();
    for p in parts {
        by_den.add(p.den, p.num)?;
    }
    let mut approx = Decimal::ZERO;
    for (den, num) in &by_den.0 {
        approx = money::add(approx, money::div(num.approx()?, *den)?)?;
    }
    let rounded = money::round(approx, ctx.minor_units, ctx.mode)?;
    Ok((approx.normalize(), rounded))
}

/// The explanation of the dated rules chosen for the cart's moment: one step per rule, in rulebook order.
fn trace_dated(ctx: &Context, trace: &mut Trace, parts: &[Part]) {
    let rules = &ctx.rulebook.tax.rules;
    let mut dated: Vec<usize> = parts
        .iter()
        .map(|p| p.rule)
        .filter(|&r| rules.get(r).is_some_and(|x| x.dated()))
        .collect();
    crate::sort::sort(&mut dated);
    dated.dedup();
    let stamp = |t: Option<Timestamp>| t.map(time::format);
    for r in dated {
        let rule = &rules[r];
        trace.step("tax-rule", At::Cart, |w| {
            let (from, until) = (stamp(rule.valid_from), stamp(rule.valid_until));
            let at = time::format(ctx.at);
            w.message_fmt(format_args!(
                "tax rule {} applies at {at} (valid from {} until {})",
                rule.id,
                from.as_deref().unwrap_or("the beginning"),
                until.as_deref().unwrap_or("further notice")
            ));
            w.param("tax", &rule.id);
            w.param("at", &at);
            if let Some(f) = &from {
                w.param("valid-from", f);
            }
            if let Some(u) = &until {
                w.param("valid-until", u);
            }
        });
    }
}

/// The rounded tax of every part at the rulebook's rounding level, the tax itself rounded (the model of net
/// prices, and of gross prices under `round-tax`); each rounding traced.
fn round_taxes(
    ctx: &Context,
    table: &Table,
    items: &[Taxable],
    parts: &[Part],
    trace: &mut Trace,
) -> Result<Vec<Decimal>, MoneyError> {
    let traced = trace.is_on();
    let mut amounts = vec![Decimal::ZERO; parts.len()];
    match ctx.rulebook.settings.tax_rounding {
        TaxRounding::PerLine => {
            for (k, p) in parts.iter().enumerate() {
                let (approx, rounded) = round_sum(std::slice::from_ref(p), ctx, traced)?;
                trace.rounding(items[p.item].at, "tax-per-line", approx, rounded);
                amounts[k] = rounded;
            }
        }
        TaxRounding::PerUnit => {
            for (k, p) in parts.iter().enumerate() {
                if p.fixed {
                    let (approx, rounded) = round_sum(std::slice::from_ref(p), ctx, traced)?;
                    trace.rounding(items[p.item].at, "tax-per-line", approx, rounded);
                    amounts[k] = rounded;
                    continue;
                }
                let q = items[p.item].quantity;
                let per_unit = Exact::product(p.den, q);
                let unit = p.num.div_round(per_unit, ctx.minor_units, ctx.mode)?;
                if traced {
                    let approx = money::div(p.num.approx()?, per_unit.approx()?)?.normalize();
                    trace.rounding(items[p.item].at, "tax-per-unit", approx, unit);
                }
                // A fractional quantity can leave sub-minor digits: round the line's tax once more.
                amounts[k] = Exact::product(unit, q).round(ctx.minor_units, ctx.mode)?;
            }
        }
        TaxRounding::PerRateGroup => {
            // The rules, ascending, once each (a sorted Vec, not a set: crate::sort is in the wasm already).
            let mut ids: Vec<usize> = parts.iter().map(|p| p.rule).collect();
            crate::sort::sort(&mut ids);
            ids.dedup();
            for r in ids {
                let members: Vec<usize> =
                    (0..parts.len()).filter(|&k| parts[k].rule == r).collect();
                let group: Vec<Part> = members.iter().map(|&k| parts[k]).collect();
                let (approx, rounded) = round_sum(&group, ctx, traced)?;
                let id = label(ctx, table, r, Decimal::ZERO, Decimal::ZERO).0;
                let extra = Some(("tax", id));
                trace.rounding_with(At::Cart, "tax-per-rate-group", approx, rounded, extra);
                let exact: Vec<Fraction> = group.iter().map(|p| (p.num, p.den)).collect();
                for (k, a) in members
                    .iter()
                    .zip(distribute(rounded, &exact, ctx.minor_units)?)
                {
                    amounts[*k] = a;
                }
            }
        }
        TaxRounding::PerTotal => {
            if parts.is_empty() {
                return Ok(amounts);
            }
            let (approx, rounded) = round_sum(parts, ctx, traced)?;
            trace.rounding(At::Cart, "tax-per-total", approx, rounded);
            let exact: Vec<Fraction> = parts.iter().map(|p| (p.num, p.den)).collect();
            amounts = distribute(rounded, &exact, ctx.minor_units)?;
        }
    }
    cap_gross(items, parts, &mut amounts)?;
    Ok(amounts)
}

/// Rounded taxes can add up to more than a gross line's amount: per unit, a unit's tax rounded away from zero
/// times the quantity; at any level, external amounts and rates each rounded on a few minor units. The line's
/// taxes are then cut back to its amount, the last rule's first, so that its net is 0 and never negative (as
/// `round-net` keeps the net within the gross). JPY 10 x 0.5 gross at 10 %, `up`: one unit 0.045 -> 1, x 10 =
/// 10 > 5, so tax 5, net 0.
fn cap_gross(items: &[Taxable], parts: &[Part], amounts: &mut [Decimal]) -> Result<(), MoneyError> {
    let mut start = 0;
    while start < parts.len() {
        let item = parts[start].item;
        let end = start + parts[start..].iter().take_while(|p| p.item == item).count();
        let gross = items[item].amount;
        if items[item].includes_tax && gross >= Decimal::ZERO {
            let mut excess = money::sub(
                amounts[start..end]
                    .iter()
                    .try_fold(Decimal::ZERO, |a, b| money::add(a, *b))?,
                gross,
            )?;
            for a in amounts[start..end].iter_mut().rev() {
                if excess <= Decimal::ZERO {
                    break;
                }
                let cut = excess.min(*a).max(Decimal::ZERO);
                *a = money::sub(*a, cut)?;
                excess = money::sub(excess, cut)?;
            }
        }
        start = end;
    }
    Ok(())
}

/// Tax every taxable at the rulebook's rounding level; trace each rounding and each rule applied.
pub fn compute(
    ctx: &Context,
    table: &Table,
    items: &[Taxable],
    trace: &mut Trace,
) -> Result<Vec<Taxed>, MoneyError> {
    let n_rules = ctx.rulebook.tax.rules.len();
    let traced = trace.is_on();
    // In item order (the loop at the end relies on it).
    let mut parts = Vec::with_capacity(items.len());
    // Each category's effective rates, worked out on first use: a quote has a few categories and many lines.
    let mut rates_of: Vec<Option<Vec<(usize, Decimal)>>> =
        vec![None; ctx.rulebook.tax.categories.len()];
    for (i, it) in items.iter().enumerate() {
        let external = match it.external {
            Some(External::Line(l)) => table.line(l),
            Some(External::Shipping) => table.shipping(),
            None => None,
        };
        if let Some(entries) = external {
            let fractions = tax_external::fractions(entries, it.amount, it.includes_tax)?;
            for (e, (num, den, fixed)) in entries.iter().zip(fractions) {
                parts.push(Part {
                    item: i,
                    rule: n_rules + e.label,
                    num,
                    den,
                    fixed,
                });
            }
            continue;
        }
        let rates = match rates_of.get_mut(it.category) {
            Some(slot) => {
                if slot.is_none() {
                    *slot = Some(effective_rates(ctx, it.category)?);
                }
                slot.as_deref().unwrap_or_default()
            }
            // Load resolved every category; an unknown one has no rules.
            None => &[],
        };
        let mut den = Decimal::ONE_HUNDRED;
        if it.includes_tax {
            for (_, rate) in rates {
                den = money::add(den, *rate)?;
            }
        }
        for &(r, rate) in rates {
            parts.push(Part {
                item: i,
                rule: r,
                num: Exact::product(it.amount, rate),
                den,
                fixed: false,
            });
        }
    }
    if traced {
        trace_dated(ctx, trace, &parts);
    }
    // Gross amounts under `round-net` have their net rounded (tax_net.rs); everything else its tax (external
    // taxes always: the service gave a tax, not a net).
    let round_net = ctx.rulebook.settings.tax_extraction == TaxExtraction::RoundNet;
    let by_net_rounding = |it: &Taxable| it.includes_tax && it.external.is_none();
    let amounts = if round_net && items.iter().any(by_net_rounding) {
        let (by_net, by_tax): (Vec<usize>, Vec<usize>) =
            (0..parts.len()).partition(|&k| by_net_rounding(&items[parts[k].item]));
        let mut amounts = vec![Decimal::ZERO; parts.len()];
        let taxed: Vec<Part> = by_tax.iter().map(|&k| parts[k]).collect();
        for (k, a) in by_tax
            .iter()
            .zip(round_taxes(ctx, table, items, &taxed, trace)?)
        {
            amounts[*k] = a;
        }
        let netted: Vec<Part> = by_net.iter().map(|&k| parts[k]).collect();
        let groups = super::tax_net::round_nets(ctx, items, &netted, trace)?;
        for (k, a) in by_net.iter().zip(groups) {
            amounts[*k] = a;
        }
        amounts
    } else {
        round_taxes(ctx, table, items, &parts, trace)?
    };
    let exempt = ctx.cart.tax_exempt || ctx.cart.reverse_charge;
    let mut out = Vec::with_capacity(items.len());
    let mut k = 0;
    for (i, it) in items.iter().enumerate() {
        let mut taxes = Vec::new();
        let mut total = Decimal::ZERO;
        // The parts of item i are the next ones (parts are in item order).
        while k < parts.len() && parts[k].item == i {
            taxes.push((parts[k].rule, amounts[k], Decimal::ZERO));
            total = money::add(total, amounts[k])?;
            k += 1;
        }
        let (net, gross) = if it.includes_tax {
            (money::sub(it.amount, total)?, it.amount)
        } else {
            (it.amount, money::add(it.amount, total)?)
        };
        // A compound rule's base is the net plus the (rounded) taxes before it on this amount.
        let mut before = Decimal::ZERO;
        for t in &mut taxes {
            t.2 = if compound(ctx, t.0) {
                money::add(net, before)?
            } else {
                net
            };
            before = money::add(before, t.1)?;
        }
        if exempt {
            // No tax is charged: the net price is what the customer pays.
            out.push(Taxed {
                amount: it.amount,
                exempt,
                net,
                gross: net,
                taxes: Vec::new(),
            });
            continue;
        }
        for (r, a, base) in &taxes {
            let (id, rate) = label(ctx, table, *r, *base, *a);
            trace.tax(it.at, id, rate, *base, *a);
        }
        out.push(Taxed {
            amount: it.amount,
            exempt,
            net,
            gross,
            taxes,
        });
    }
    if exempt {
        let (why, path) = if ctx.cart.reverse_charge {
            (
                "reverse charge: the buyer accounts for the tax",
                "/reverse-charge",
            )
        } else {
            ("the customer is tax-exempt", "/tax-exempt")
        };
        trace.step("tax-exempt", At::Key(path), |w| {
            w.message_fmt(format_args!("no tax charged: {why}"));
        });
    }
    Ok(out)
}
