//! Replay: one historical cart quoted under an old and a new rulebook, and what changed between the two quotes
//! (`kassa replay`, docs/replay.md). The comparison is decided here, once, so that the CLI (native) and the
//! Spark job (the Python package) write the same records.
//!
//! What a record compares (the fields of `replay-record` in wit/kassa.wit):
//! - the grand totals, and their difference new - old;
//! - the tax per rule: the amounts of every rule of either quote summed over its rates, a rule only one quote
//!   has counting as zero in the other;
//! - the promotions whose outcome differs: applied under one rulebook only, or under both for different
//!   amounts;
//! - the error of a side that does not quote.
//!
//! No rounding happens here: every amount is a sum or a difference of amounts the quotes already rounded to
//! the currency's minor units, so it keeps that scale (24.00 - 22.50 = 1.50).

use crate::api::{
    Cart, PromotionChange, PromotionOutcome, PromotionStatus, Quote, ReplayFailure, ReplayRecord,
    ReplayStatus, TaxChange,
};
use crate::engine::Engine;
use crate::error::{Coded, Error};
use crate::money::{self, decimal_text, parse_decimal};
use rust_decimal::Decimal;

/// [`replay`] on the canonical JSON of a cart (read as `Engine::quote_json` reads it), answering the record's
/// canonical JSON: what hosts that speak JSON to the engine call.
pub fn replay_json(old: &Engine, new: &Engine, line: u64, cart: &[u8]) -> Result<String, Error> {
    let cart = crate::engine::cart_from_json(cart)?;
    replay(old, new, line, &cart).map(|r| crate::wire::write(&r))
}

/// Quote `cart` under `old` and under `new` and compare the two quotes. `line` is the cart's line in the input
/// (from 1), copied into the record. Fails only when an amount of a quote does not parse or a sum overflows,
/// which a quote of the engine never gives.
pub fn replay(old: &Engine, new: &Engine, line: u64, cart: &Cart) -> Result<ReplayRecord, Error> {
    compare(line, &cart.currency, &old.quote(cart), &new.quote(cart))
}

/// The record for two outcomes of quoting one cart (in `currency`): the old rulebook's and the new one's.
pub fn compare(
    line: u64,
    currency: &str,
    old: &Result<Quote, Error>,
    new: &Result<Quote, Error>,
) -> Result<ReplayRecord, Error> {
    let mut record = ReplayRecord {
        line,
        status: ReplayStatus::Failing,
        currency: currency.to_string(),
        grand_total_old: old.as_ref().ok().map(|q| q.grand_total.clone()),
        grand_total_new: new.as_ref().ok().map(|q| q.grand_total.clone()),
        grand_total_delta: None,
        taxes: Vec::new(),
        promotions: Vec::new(),
        error_old: old.as_ref().err().map(failure),
        error_new: new.as_ref().err().map(failure),
    };
    let (o, n) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (Ok(_), Err(_)) => return Ok(with_status(record, ReplayStatus::NewlyFailing)),
        (Err(_), Ok(_)) => return Ok(with_status(record, ReplayStatus::NewlyQuoting)),
        (Err(_), Err(_)) => return Ok(record),
    };
    let delta = money::sub(amount(&n.grand_total)?, amount(&o.grand_total)?).map_err(overflow)?;
    let (taxes, tax_changed) = taxes(o, n)?;
    record.taxes = taxes;
    record.promotions = promotions(o, n)?;
    let changed = !delta.is_zero() || tax_changed || !record.promotions.is_empty();
    record.grand_total_delta = Some(decimal_text(delta));
    record.status = if changed {
        ReplayStatus::Changed
    } else {
        ReplayStatus::Same
    };
    Ok(record)
}

/// The record of an input line that could not be replayed: it is not a cart (`invalid-json`), or `replay`
/// failed. It fails under both rulebooks with `error` and has no currency.
pub fn not_replayed(line: u64, error: &Error) -> ReplayRecord {
    ReplayRecord {
        line,
        status: ReplayStatus::Failing,
        currency: String::new(),
        grand_total_old: None,
        grand_total_new: None,
        grand_total_delta: None,
        taxes: Vec::new(),
        promotions: Vec::new(),
        error_old: Some(failure(error)),
        error_new: Some(failure(error)),
    }
}

fn with_status(mut record: ReplayRecord, status: ReplayStatus) -> ReplayRecord {
    record.status = status;
    record
}

fn failure(e: &Error) -> ReplayFailure {
    ReplayFailure {
        code: e.code.clone(),
        path: e.path.clone(),
        message: e.message.clone(),
        problems: e.problems.clone(),
    }
}

fn amount(text: &str) -> Result<Decimal, Error> {
    parse_decimal(text).map_err(|e| e.to_error(""))
}

fn overflow(e: money::MoneyError) -> Error {
    e.to_error("")
}

/// Every tax rule of either quote, by id: the amounts summed over the rule's rates (a rule can be listed
/// once per rate), zero where a quote does not have the rule. The zero takes the other side's scale, so that
/// "0.00" stands beside "4.79". Also says whether any amount differs. (Quotes have a handful of rules: a sorted
/// Vec with insertion keeps the wasm smaller than a map would.)
fn taxes(old: &Quote, new: &Quote) -> Result<(Vec<TaxChange>, bool), Error> {
    let mut by_rule: Vec<(&str, [Option<Decimal>; 2])> = Vec::new();
    for (side, quote) in [old, new].into_iter().enumerate() {
        for t in &quote.taxes {
            let i = match by_rule.binary_search_by(|(id, _)| (*id).cmp(t.tax.as_str())) {
                Ok(i) => i,
                Err(i) => {
                    by_rule.insert(i, (&t.tax, [None, None]));
                    i
                }
            };
            let a = amount(&t.amount)?;
            let sum = &mut by_rule[i].1[side];
            *sum = Some(match sum.take() {
                Some(s) => money::add(s, a).map_err(overflow)?,
                None => a,
            });
        }
    }
    let mut out = Vec::with_capacity(by_rule.len());
    let mut changed = false;
    for (tax, [o, n]) in by_rule {
        let zero_like = |d: Option<Decimal>| Decimal::new(0, d.map_or(0, |d| d.scale()));
        let o_amount = o.unwrap_or_else(|| zero_like(n));
        let n_amount = n.unwrap_or_else(|| zero_like(o));
        let delta = money::sub(n_amount, o_amount).map_err(overflow)?;
        changed |= !delta.is_zero();
        out.push(TaxChange {
            tax: tax.to_string(),
            old: decimal_text(o_amount),
            new: decimal_text(n_amount),
            delta: decimal_text(delta),
        });
    }
    Ok((out, changed))
}

/// What the two quotes say about one promotion: [old, new], each the outcome if the quote considered it.
type Pair<'a> = (&'a str, [Option<&'a PromotionOutcome>; 2]);

/// The amount of an applied outcome; None when rejected or not considered.
fn applied(o: Option<&PromotionOutcome>) -> Result<Option<Decimal>, Error> {
    match o {
        Some(p) if p.status == PromotionStatus::Applied => amount(&p.amount).map(Some),
        _ => Ok(None),
    }
}

/// The promotions whose outcome differs, by id. Amounts compare as numbers (a promotion applied for 5.00 under
/// both is unchanged). A quote lists each promotion at most once.
fn promotions(old: &Quote, new: &Quote) -> Result<Vec<PromotionChange>, Error> {
    let mut pairs: Vec<Pair> = Vec::new();
    for (side, quote) in [old, new].into_iter().enumerate() {
        for p in &quote.promotions {
            match pairs.binary_search_by(|(id, _)| (*id).cmp(p.id.as_str())) {
                Ok(i) => pairs[i].1[side] = Some(p),
                Err(i) => {
                    let mut both = [None, None];
                    both[side] = Some(p);
                    pairs.insert(i, (&p.id, both));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (id, [before, after]) in pairs {
        let (old_amount, new_amount) = (applied(before)?, applied(after)?);
        if old_amount == new_amount {
            continue;
        }
        let coupon = after
            .and_then(|x| x.coupon.as_ref())
            .or_else(|| before.and_then(|x| x.coupon.as_ref()));
        let reason = match new_amount {
            Some(_) => None,
            None => after
                .and_then(|x| x.reason.as_ref())
                .map(|r| r.code.clone()),
        };
        out.push(PromotionChange {
            id: id.to_string(),
            coupon: coupon.cloned(),
            old: old_amount.map(decimal_text),
            new: new_amount.map(decimal_text),
            reason,
        });
    }
    Ok(out)
}
