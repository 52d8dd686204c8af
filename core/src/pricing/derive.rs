//! Derived price lists (docs/rulebook.md, "Derived price lists"): a list's prices are its source's, each amount
//! of the model times the exchange rate valid at the cart's moment, rounded to a multiple of the list's
//! increment, then given its ending. Every step is in the trace.

use crate::money::{self, write_decimal, MoneyError};
use crate::priced::{At, Context, Trace};
use crate::rulebook::{Derived, Model, PriceList, Tier};
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// The exchange rate of list `list` for this cart: 1 for a list that is not derived; for a derived list the
/// cart's rate from its source's currency to its own, else the rulebook's rate valid at the cart's moment;
/// `None` when neither is. With the rate, where it comes from ("cart" or "rulebook"), for the trace. (The
/// cart's rates were checked: a bad one never reaches a quote.)
pub fn rate(ctx: &Context, list: usize) -> Option<(Decimal, &'static str)> {
    let rb = ctx.rulebook;
    let l = &rb.price_lists[list];
    let Some(d) = &l.derived else {
        return Some((Decimal::ONE, ""));
    };
    let from = &rb.price_lists[d.source].currency;
    let mut given = ctx.cart.exchange_rates.iter();
    match given.find(|r| r.from_currency == *from && r.to_currency == l.currency) {
        Some(r) => money::parse_decimal(&r.rate).ok().map(|r| (r, "cart")),
        None => d.rate_at(ctx.at).map(|r| (r, "rulebook")),
    }
}

/// One amount converted: `amount * rate`, rounded to a multiple of the increment with the list's mode, then, if
/// the list has an ending and the rounded price is above zero, `rounded - increment + ending` (9.353637 up to
/// whole units is 10, ending 0.99 makes it 9.99). Zero stays zero (a tier without a fee has none).
fn convert(
    amount: Decimal,
    (rate, given_by): (Decimal, &str),
    d: &Derived,
    at: At,
    (list, from): (&PriceList, &str),
    trace: &mut Trace,
) -> Result<Decimal, MoneyError> {
    if amount.is_zero() {
        return Ok(amount);
    }
    let product = money::mul(amount, rate)?;
    trace.step("exchange", at, |w| {
        w.message(&|t| {
            write_decimal(t, amount);
            let _ = write!(t, " {from} x {given_by} rate ");
            write_decimal(t, rate);
            t.push_str(" = ");
            write_decimal(t, product);
            let _ = write!(t, " {} (price list {})", list.currency, list.id);
        });
        w.param("price-list", &list.id);
        w.param_with("rate", &|t| write_decimal(t, rate));
        w.param("rate-from", given_by);
        w.param_with("before", &|t| write_decimal(t, amount));
        w.param_with("after", &|t| write_decimal(t, product));
    });
    let rounded = money::round_to_increment(product, d.increment, d.mode)?;
    trace.rounding(at, "derived-price", product, rounded);
    let Some(ending) = d.ending.filter(|_| rounded > Decimal::ZERO) else {
        return Ok(rounded);
    };
    let ended = money::add(money::sub(rounded, d.increment)?, ending)?;
    trace.rounding(at, "price-ending", rounded, ended);
    Ok(ended)
}

/// `model` with every amount converted for the derived list `list` at `rate`.
pub fn model(
    ctx: &Context,
    list: usize,
    rate: (Decimal, &str),
    model: &Model,
    at: At,
    trace: &mut Trace,
) -> Result<Model, MoneyError> {
    let list = &ctx.rulebook.price_lists[list];
    let Some(d) = &list.derived else {
        return Ok(model.clone());
    };
    let from = ctx.rulebook.price_lists[d.source].currency.as_str();
    let mut c = |x: Decimal| convert(x, rate, d, at, (list, from), trace);
    Ok(match model {
        Model::PerUnit(u) => Model::PerUnit(c(*u)?),
        Model::Package {
            size,
            price,
            round_up,
        } => Model::Package {
            size: *size,
            price: c(*price)?,
            round_up: *round_up,
        },
        Model::Volume(t) => Model::Volume(tiers(t, &mut c)?),
        Model::Graduated(t) => Model::Graduated(tiers(t, &mut c)?),
    })
}

fn tiers(
    tiers: &[Tier],
    c: &mut impl FnMut(Decimal) -> Result<Decimal, MoneyError>,
) -> Result<Vec<Tier>, MoneyError> {
    let mut out = Vec::with_capacity(tiers.len());
    for t in tiers {
        out.push(Tier {
            up_to: t.up_to,
            unit_price: c(t.unit_price)?,
            flat_fee: c(t.flat_fee)?,
        });
    }
    Ok(out)
}
