//! The quote's totals, cash rounding, the invariants the engine checks before answering, and formatting.
//!
//! Invariants (any violation is `invariant-violated`, never a wrong answer): every amount is a whole number of
//! minor units; per line and for shipping, basis amount - discounts is the net (net prices) or the gross
//! (gross prices), and net + tax = gross; sum of line subtotals = subtotal; sum of nets (+ shipping) =
//! net total; sum of taxes by rule = tax total = sum of line and shipping taxes; net total + tax total =
//! grand total; payable - grand total = adjustment; no negative amount unless the rulebook allows it.

use super::tax::{label, Taxed};
use super::tax_external::Table;
use crate::api::{self, LineDiscount, LineSurcharge, Quote, QuoteLine, ShippingQuote, TaxAmount};
use crate::error::{Coded, EngineError, Error};
use crate::index_map::IndexMap;
use crate::money::{self, fixed_text, MoneyError};
use crate::priced::trace::Part;
use crate::priced::{discount_sum, At, Context, PricedCart};
use crate::rulebook::OPEN_PRICE;
use rust_decimal::Decimal;

fn me(e: MoneyError) -> Error {
    e.to_error("")
}

/// Collects invariant checks; the first failure becomes the error. What a check is about (`what`) is
/// written only when it fails, so checking allocates nothing.
struct Checks {
    failed: Option<String>,
    minor_units: u32,
    allow_negative: bool,
}

/// What a check is about, written only for a failure.
type What<'a> = &'a dyn Fn() -> String;

impl Checks {
    fn eq(&mut self, what: What, a: Decimal, b: Decimal) {
        if a != b && self.failed.is_none() {
            let (a, b) = (money::display_decimal(a), money::display_decimal(b));
            self.failed = Some(format!("{}: {a} != {b}", what()));
        }
    }

    /// The taxed amount is the gross (gross prices) or the net (net prices); an exempt cart pays the net, which
    /// for gross prices is the amount less the tax it contained.
    fn basis(&mut self, what: What, includes_tax: bool, amount: Decimal, t: &Taxed) {
        self.eq(&|| format!("{} = taxed amount", what()), amount, t.amount);
        match (includes_tax, t.exempt) {
            (true, false) => self.eq(&|| format!("{} = gross", what()), amount, t.gross),
            (false, _) => self.eq(&|| format!("{} = net", what()), amount, t.net),
            (true, true) => {
                if t.net.abs() > amount.abs() && self.failed.is_none() {
                    let (what, net) = (what(), money::display_decimal(t.net));
                    let amount = money::display_decimal(amount);
                    self.failed = Some(format!("{what}: exempt net {net} above {amount}"));
                }
            }
        }
    }

    fn amount(&mut self, what: What, a: Decimal) {
        let bad = if !money::is_multiple_of_minor(a, self.minor_units) {
            Some("not in minor units")
        } else if a.is_sign_negative() && !a.is_zero() && !self.allow_negative {
            Some("negative")
        } else {
            None
        };
        if let (Some(why), None) = (bad, &self.failed) {
            let a = money::display_decimal(a);
            self.failed = Some(format!("{} {a} is {why}", what()));
        }
    }
}

fn sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal, Error> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, money::add)
        .map_err(me)
}

/// Build the quote from the priced cart and its taxes (lines first, then shipping), checking invariants.
/// Every decimal is formatted once, into the quote.
pub fn build(
    ctx: &Context,
    external: &Table,
    mut cart: PricedCart,
    taxed: Vec<Taxed>,
    promotions: Vec<api::PromotionOutcome>,
) -> Result<Quote, Error> {
    let rb = ctx.rulebook;
    let minor = ctx.minor_units;
    let f = |d: Decimal| fixed_text(d, minor);
    let mut checks = Checks {
        failed: None,
        minor_units: minor,
        allow_negative: rb.settings.allow_negative_totals,
    };
    // Each tax rule's (base, amount) sums, in rule order: the rule's index in `sums` (a map of indices, so that
    // the wasm has no map type of its own for this; CONTRIBUTING.md, "Keep the browser build small").
    let mut by_rule = IndexMap::default();
    let mut sums: Vec<(Decimal, Decimal)> = Vec::new();
    let tax_amounts = |t: &Taxed,
                       (by_rule, sums): (&mut IndexMap, &mut Vec<(Decimal, Decimal)>)|
     -> Result<Vec<TaxAmount>, Error> {
        let mut out = Vec::with_capacity(t.taxes.len());
        for (r, amount, base) in &t.taxes {
            let k = match by_rule.get(r) {
                Some(&k) => k,
                None => {
                    by_rule.insert(*r, sums.len());
                    sums.push((Decimal::ZERO, Decimal::ZERO));
                    sums.len() - 1
                }
            };
            let e = &mut sums[k];
            *e = (
                money::add(e.0, *base).map_err(me)?,
                money::add(e.1, *amount).map_err(me)?,
            );
            let (id, rate) = label(ctx, external, *r, *base, *amount);
            out.push(TaxAmount {
                tax: id.to_string(),
                rate: money::decimal_text(rate),
                base: f(*base),
                amount: f(*amount),
            });
        }
        Ok(out)
    };
    let promotion_id = |p: usize| rb.promotions[p].id.clone();
    let mut lines = Vec::with_capacity(cart.lines.len());
    let (mut subtotal, mut discount_total, mut net_total, mut tax_total) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for (l, t) in cart.lines.iter().zip(&taxed) {
        let discount = discount_sum(&l.discounts).map_err(me)?;
        let line_tax = sum(t.taxes.iter().map(|(_, a, _)| *a))?;
        let path = || l.at().pointer();
        let after = money::sub(l.subtotal, discount).map_err(me)?;
        checks.basis(
            &|| format!("{}: subtotal - discounts", path()),
            cart.includes_tax,
            after,
            t,
        );
        checks.eq(
            &|| format!("{}: net + tax = gross", path()),
            money::add(t.net, line_tax).map_err(me)?,
            t.gross,
        );
        for (what, a) in [
            ("subtotal", l.subtotal),
            ("discount", discount),
            ("net", t.net),
            ("gross", t.gross),
            ("tax", line_tax),
        ] {
            checks.amount(&|| format!("{} {what}", path()), a);
        }
        subtotal = money::add(subtotal, l.subtotal).map_err(me)?;
        discount_total = money::add(discount_total, discount).map_err(me)?;
        net_total = money::add(net_total, t.net).map_err(me)?;
        tax_total = money::add(tax_total, line_tax).map_err(me)?;
        lines.push(QuoteLine {
            sku: rb.items[l.item].sku.clone(),
            quantity: money::decimal_text(l.quantity),
            unit_price: f(l.unit_price),
            subtotal: f(l.subtotal),
            discounts: l
                .discounts
                .iter()
                .map(|(p, a)| LineDiscount {
                    promotion: promotion_id(*p),
                    amount: f(*a),
                })
                .collect(),
            discount_total: f(discount),
            net: f(t.net),
            taxes: tax_amounts(t, (&mut by_rule, &mut sums))?,
            tax_total: f(line_tax),
            gross: f(t.gross),
            price_list: l
                .price_list
                .map_or(OPEN_PRICE, |p| rb.price_lists[p].id.as_str())
                .to_string(),
            added_by: l.added_by.map(promotion_id),
            attributes: l
                .source
                .map_or_else(Vec::new, |i| ctx.cart.lines[i].attributes.clone()),
            surcharges: l
                .surcharges
                .iter()
                .map(|&(k, unit, amount)| {
                    // `source` is set: only cart lines carry options.
                    let option = &ctx.cart.lines[l.source.unwrap_or_default()].attributes[k];
                    LineSurcharge {
                        attribute: option.name.clone(),
                        value: option.value.clone(),
                        unit_amount: f(unit),
                        amount: f(amount),
                    }
                })
                .collect(),
        });
    }
    let shipping = match (&cart.shipping, taxed.get(cart.lines.len())) {
        (Some(s), Some(t)) => {
            let discount = discount_sum(&s.discounts).map_err(me)?;
            let ship_tax = sum(t.taxes.iter().map(|(_, a, _)| *a))?;
            let after = money::sub(s.price, discount).map_err(me)?;
            checks.basis(
                &|| "shipping: price - discounts".into(),
                s.includes_tax,
                after,
                t,
            );
            checks.eq(
                &|| "shipping: net + tax = gross".into(),
                money::add(t.net, ship_tax).map_err(me)?,
                t.gross,
            );
            for (what, a) in [
                ("price", s.price),
                ("discount", discount),
                ("net", t.net),
                ("gross", t.gross),
            ] {
                checks.amount(&|| format!("shipping {what}"), a);
            }
            discount_total = money::add(discount_total, discount).map_err(me)?;
            net_total = money::add(net_total, t.net).map_err(me)?;
            tax_total = money::add(tax_total, ship_tax).map_err(me)?;
            Some(ShippingQuote {
                method: rb.shipping[s.method].id.clone(),
                price: f(s.price),
                discount_total: f(discount),
                net: f(t.net),
                taxes: tax_amounts(t, (&mut by_rule, &mut sums))?,
                tax_total: f(ship_tax),
                gross: f(t.gross),
            })
        }
        (None, None) => None,
        _ => {
            return Err(EngineError::InvariantViolated {
                invariant: "shipping without its tax".into(),
            }
            .to_error(""))
        }
    };
    checks.eq(
        &|| "sum of taxes by rule = tax total".into(),
        sum(by_rule.values().map(|&k| sums[k].1))?,
        tax_total,
    );
    let grand_total = money::add(net_total, tax_total).map_err(me)?;
    for (what, a) in [
        ("subtotal", subtotal),
        ("net total", net_total),
        ("tax total", tax_total),
        ("grand total", grand_total),
    ] {
        checks.amount(&|| what.to_string(), a);
    }
    let mut tenders = Vec::with_capacity(ctx.cart.tenders.len());
    let mut tender_total = Decimal::ZERO;
    for t in &ctx.cart.tenders {
        // The cart rules checked every amount before pricing began.
        let amount = money::parse_decimal(&t.amount).map_err(me)?;
        tender_total = money::add(tender_total, amount).map_err(me)?;
        tenders.push(api::Tender {
            kind: t.kind,
            reference: t.reference.clone(),
            amount: f(amount),
        });
    }
    // Tenders pay after tax: they leave the grand total and the tax alone and lower what is left to pay.
    let due = money::sub(grand_total, tender_total).map_err(me)?;
    let (rounded, adjustment) = cash_rounding(ctx, due, &mut cart)?;
    if let (Some(p), Some(a)) = (rounded, adjustment) {
        checks.eq(
            &|| "payable - (grand total - tenders) = adjustment".into(),
            money::sub(p, due).map_err(me)?,
            a,
        );
    }
    let payable = rounded.or((!tenders.is_empty()).then_some(due));
    if let Some(invariant) = checks.failed {
        return Err(EngineError::InvariantViolated { invariant }.to_error(""));
    }
    Ok(Quote {
        currency: ctx.currency.to_string(),
        lines,
        subtotal: f(subtotal),
        discount_total: f(discount_total),
        shipping,
        hints: Vec::new(),
        net_total: f(net_total),
        taxes: by_rule
            .iter()
            .map(|(r, &k)| {
                let (base, amount) = (&sums[k].0, &sums[k].1);
                let (id, rate) = label(ctx, external, *r, *base, *amount);
                TaxAmount {
                    tax: id.to_string(),
                    rate: money::decimal_text(rate),
                    base: f(*base),
                    amount: f(*amount),
                }
            })
            .collect(),
        tax_total: f(tax_total),
        grand_total: f(grand_total),
        rulebook_hash: rb.hash.clone(),
        tenders,
        tender_total: f(tender_total),
        payable: payable.map(f),
        cash_rounding_adjustment: adjustment.map(f),
        prices_include_tax: cart.includes_tax,
        promotions,
        warnings: cart.warnings,
        trace: cart.trace.steps,
    })
}

/// The cash-rounding point: what is left to pay (the grand total less the tenders) to the currency's cash
/// increment, when the cart asks for it.
fn cash_rounding(
    ctx: &Context,
    grand: Decimal,
    cart: &mut PricedCart,
) -> Result<(Option<Decimal>, Option<Decimal>), Error> {
    let increment = money::lookup_currency(ctx.currency).and_then(|c| c.cash_increment);
    let (true, Some(inc)) = (ctx.cart.cash_rounding, increment) else {
        return Ok((None, None));
    };
    let inc = money::parse_decimal(inc).map_err(me)?;
    let payable = money::round_to_increment(grand, inc, ctx.mode).map_err(me)?;
    let adjustment = money::sub(payable, grand).map_err(me)?;
    cart.trace
        .step("cash-rounding", At::Key("/cash-rounding"), |w| {
            w.param_with("increment", &|t| money::write_decimal(t, inc));
            let g = w.param_with("before", &|t| money::write_decimal(t, grand));
            let p = w.param_with("after", &|t| money::write_decimal(t, payable));
            w.message_of(&[
                Part::Text("amount due "),
                g,
                Part::Text(" cash-rounded to "),
                p,
            ]);
        });
    Ok((Some(payable), Some(adjustment)))
}
