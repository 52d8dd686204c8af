//! Refunds and credit notes from the original quote (docs/refunds.md). The engine keeps no state: the request
//! carries the cart, the quote the engine returned for it and the credit notes already issued.
//!
//! Steps: the quote's rulebook must be the loaded one and the cart must quote to it (the amounts used are the
//! re-computed ones, so a quote edited by hand cannot move money); what earlier credit notes gave back is
//! summed per line, tax and promotion; the return is checked against what is left; each line gives back its
//! share by the one unit split of `split.rs` (or a goodwill amount is spread by what is left of each line's
//! gross); taxes are summed per rule for the credit note; the money goes back to the tenders, last first, then
//! to the payment.

mod claw_back;
mod read;
mod rows;
mod split;

use crate::api::{
    CreditNote, LineDiscount, Quote, QuoteLine, RefundLine, RefundPolicy, RefundRequest, TaxAmount,
    Tender,
};
use crate::error::{errors, Coded, Error};
use crate::limits;
use crate::money::{
    self, decimal_text, fixed_text, format_decimal, format_fixed, parse_decimal, MoneyError,
};
use crate::quote;
use crate::rulebook::Rulebook;
use rust_decimal::Decimal;

errors! {
    /// Why a refund cannot be computed.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum RefundError in "refund" {
        /// The JSON of a refund request (`refund-json`) is not one; its findings are in problems, each at its
        /// pointer (the first 100; params count, omitted).
        #[code = "refund-request-invalid"]
        #[error("the refund request has {count} problem(s){}", crate::error::not_listed(.omitted))]
        RequestInvalid {
            count: usize,
            omitted: Option<usize>,
        },
        /// The request's quote is not a quote's canonical JSON.
        #[code = "refund-quote-invalid"]
        #[error("the quote is not a quote's JSON: {reason}")]
        QuoteInvalid { reason: String },
        /// The quote was priced under another rulebook than the loaded one (its rulebook-hash differs).
        #[code = "refund-rulebook-mismatch"]
        #[error("the quote was priced under rulebook {quote}, not the loaded {loaded}")]
        RulebookMismatch { quote: String, loaded: String },
        /// The quote is not what the cart quotes to under the loaded rulebook (params: the first differing
        /// pointer into the quote).
        #[code = "refund-quote-mismatch"]
        #[error("the quote does not match the cart at {pointer}")]
        QuoteMismatch { pointer: String },
        /// A credit note of `previous` is not one of this sale (another rulebook or currency, an unknown line
        /// or tax, a tender list of another length).
        #[code = "refund-previous-invalid"]
        #[error("an earlier credit note is not one of this sale: {reason}")]
        PreviousInvalid { reason: String },
        /// The request gives back nothing: no lines, no shipping and no amount.
        #[code = "refund-empty"]
        #[error("the refund gives back nothing")]
        Empty,
        /// A goodwill amount is asked for together with lines or shipping.
        #[code = "refund-amount-with-items"]
        #[error("a goodwill amount cannot be combined with lines or shipping")]
        AmountWithItems,
        /// A return line names no line of the quote.
        #[code = "refund-line-unknown"]
        #[error("line {line} is not in the quote, which has {lines} lines")]
        LineUnknown { line: u32, lines: usize },
        /// A returned quantity or goodwill amount is zero, negative or out of range.
        #[code = "refund-quantity-invalid"]
        #[error("{value} must be more than zero")]
        QuantityInvalid { value: String },
        /// More of a line is returned than is left of it (bought less returned before).
        #[code = "refund-quantity-exceeded"]
        #[error("returning {quantity} of line {line}, of which {left} is left")]
        QuantityExceeded {
            line: u32,
            quantity: String,
            left: String,
        },
        /// Under `claw-back`, the items kept do not quote on their own (params: the code of their error; its
        /// problems listed).
        #[code = "refund-kept-cart-invalid"]
        #[error("the items kept do not quote on their own ({code})")]
        KeptCartInvalid { code: String },
        /// The refund would give back more than is left: shipping already given back (or none), or a goodwill
        /// amount above what is left of the lines' gross.
        #[code = "refund-exceeds-remaining"]
        #[error("refunding {amount} where {left} is left")]
        ExceedsRemaining { amount: String, left: String },
    }
}

fn me(e: MoneyError) -> Error {
    e.to_error("")
}

/// What earlier credit notes gave back of one line (or of the shipping).
#[derive(Debug, Clone, Default)]
struct Given {
    quantity: Decimal,
    gross: Decimal,
    /// Per tax of the quote line, in its order.
    taxes: Vec<Decimal>,
    /// Per discount of the quote line, in its order.
    discounts: Vec<Decimal>,
}

/// The refund of `req` under `rb`.
pub fn refund(rb: &Rulebook, req: &RefundRequest) -> Result<CreditNote, Error> {
    limits::check("lines", limits::MAX_LINES, req.lines.len() as u64, "/lines")?;
    limits::check(
        "refunds",
        limits::MAX_REFUNDS,
        req.previous.len() as u64,
        "/previous",
    )?;
    // The cart's own failure, its pointers moved under /cart.
    let q = quote::quote(rb, &req.cart).map_err(|mut e| {
        e.path = format!("/cart{}", e.path);
        for p in &mut e.problems {
            p.path = format!("/cart{}", p.path);
        }
        e
    })?;
    read::check_quote(&req.quote, &q)?;
    let minor = money::lookup_currency(&q.currency)
        .map(|c| c.minor_units)
        .unwrap_or(2);
    let (mut given, shipping_given, tenders_given) = previous(req, &q)?;
    let goodwill = match (&req.amount, req.lines.is_empty() && !req.shipping) {
        (Some(_), false) => return Err(RefundError::AmountWithItems.to_error("/amount")),
        (None, true) => return Err(RefundError::Empty.to_error("")),
        // No range check of its own: it is bounded by what is left of the sale (refund-exceeds-remaining).
        (Some(a), true) => Some(positive(a, "/amount", false)?),
        (None, false) => None,
    };
    let mut lines = Vec::new();
    if let Some(amount) = goodwill {
        lines = spread(rb, &q, &given, amount, minor)?;
    }
    for (i, r) in req.lines.iter().enumerate() {
        let at = |key: &str| format!("/lines/{i}/{key}");
        let Some(ql) = q.lines.get(r.line as usize) else {
            return Err(RefundError::LineUnknown {
                line: r.line,
                lines: q.lines.len(),
            }
            .to_error(&at("line")));
        };
        let k = positive(&r.quantity, &at("quantity"), true)?;
        let g = &mut given[r.line as usize];
        let bought = parse(&ql.quantity)?;
        let left = money::sub(bought, g.quantity).map_err(me)?;
        if k > left {
            return Err(RefundError::QuantityExceeded {
                line: r.line,
                quantity: format_decimal(k),
                left: format_decimal(left),
            }
            .to_error(&at("quantity")));
        }
        lines.push(return_line(ql, r.line, g, k, bought, minor)?);
    }
    let shipping = if req.shipping {
        Some(return_shipping(&q, shipping_given, minor)?)
    } else {
        None
    };
    let rows = rows::rows(rb, &req.cart, &q)?;
    let claw_backs = if req.policy == RefundPolicy::ClawBack && !req.lines.is_empty() {
        let returned: Vec<Decimal> = given.iter().map(|g| g.quantity).collect();
        let reversed = reversed(&q, &given, &lines)?;
        let mut gross = Decimal::ZERO;
        for l in lines.iter().chain(shipping.as_ref()) {
            gross = money::add(gross, parse(&l.gross)?).map_err(me)?;
        }
        claw_back::claw_backs(
            rb,
            &req.cart,
            &q,
            &rows,
            &returned,
            &reversed,
            &req.previous,
            gross,
            minor,
        )?
    } else {
        Vec::new()
    };
    totals(
        &q,
        &rows,
        lines,
        shipping,
        &claw_backs,
        &tenders_given,
        minor,
    )
}

fn parse(s: &str) -> Result<Decimal, Error> {
    parse_decimal(s).map_err(me)
}

/// A quantity or amount of the request: more than zero (and a quantity in range).
fn positive(s: &str, path: &str, quantity: bool) -> Result<Decimal, Error> {
    let d = parse_decimal(s).map_err(|e| e.to_error(path))?;
    if d <= Decimal::ZERO || (quantity && !limits::amount_in_range(d)) {
        return Err(RefundError::QuantityInvalid {
            value: s.to_string(),
        }
        .to_error(path));
    }
    Ok(d)
}

/// Every promotion's discount share given back so far: by earlier credit notes (`given`) and by this one's
/// `lines`.
fn reversed(
    q: &Quote,
    given: &[Given],
    lines: &[RefundLine],
) -> Result<Vec<(String, Decimal)>, Error> {
    let mut out: Vec<(String, Decimal)> = Vec::new();
    let mut add = |p: &str, a: Decimal| -> Result<(), Error> {
        match out.iter_mut().find(|(x, _)| x == p) {
            Some(x) => x.1 = money::add(x.1, a).map_err(me)?,
            None => out.push((p.to_string(), a)),
        }
        Ok(())
    };
    for (ql, g) in q.lines.iter().zip(given) {
        for (d, a) in ql.discounts.iter().zip(&g.discounts) {
            add(&d.promotion, *a)?;
        }
    }
    for l in lines {
        for d in &l.discounts {
            add(&d.promotion, parse(&d.amount)?)?;
        }
    }
    Ok(out)
}

/// What the credit notes of `previous` gave back: per quote line, whether the shipping was, and per tender.
fn previous(req: &RefundRequest, q: &Quote) -> Result<(Vec<Given>, bool, Vec<Decimal>), Error> {
    let mut given: Vec<Given> = q
        .lines
        .iter()
        .map(|l| Given {
            taxes: vec![Decimal::ZERO; l.taxes.len()],
            discounts: vec![Decimal::ZERO; l.discounts.len()],
            ..Given::default()
        })
        .collect();
    let mut shipping = false;
    let mut tenders = vec![Decimal::ZERO; q.tenders.len()];
    for (n, note) in req.previous.iter().enumerate() {
        let bad = |reason: String| {
            RefundError::PreviousInvalid { reason }.to_error(&format!("/previous/{n}"))
        };
        if note.rulebook_hash != q.rulebook_hash || note.currency != q.currency {
            return Err(bad("another rulebook or currency".into()));
        }
        if note.tenders.len() != q.tenders.len() {
            return Err(bad("another list of tenders".into()));
        }
        for (i, t) in note.tenders.iter().enumerate() {
            tenders[i] = money::add(tenders[i], parse(&t.amount)?).map_err(me)?;
        }
        shipping |= note.shipping.is_some();
        for rl in &note.lines {
            let (Some(g), Some(ql)) = (
                given.get_mut(rl.line as usize),
                q.lines.get(rl.line as usize),
            ) else {
                return Err(bad(format!("line {} is not in the quote", rl.line)));
            };
            if rl.taxes.len() != ql.taxes.len() || rl.discounts.len() > ql.discounts.len() {
                return Err(bad(format!(
                    "line {} has other taxes or discounts",
                    rl.line
                )));
            }
            g.quantity = money::add(g.quantity, parse(&rl.quantity)?).map_err(me)?;
            g.gross = money::add(g.gross, parse(&rl.gross)?).map_err(me)?;
            for (j, t) in rl.taxes.iter().enumerate() {
                if t.tax != ql.taxes[j].tax {
                    return Err(bad(format!("line {} has other taxes", rl.line)));
                }
                g.taxes[j] = money::add(g.taxes[j], parse(&t.amount)?).map_err(me)?;
            }
            for d in &rl.discounts {
                let Some(j) = ql.discounts.iter().position(|x| x.promotion == d.promotion) else {
                    return Err(bad(format!("line {} has other discounts", rl.line)));
                };
                g.discounts[j] = money::add(g.discounts[j], parse(&d.amount)?).map_err(me)?;
            }
        }
    }
    Ok((given, shipping, tenders))
}

/// The share of one quote line that `k` more units give back, and what earlier notes gave back updated.
fn return_line(
    ql: &QuoteLine,
    line: u32,
    g: &mut Given,
    k: Decimal,
    bought: Decimal,
    minor: u32,
) -> Result<RefundLine, Error> {
    let (before, after) = (g.quantity, money::add(g.quantity, k).map_err(me)?);
    let part = |amount: Decimal, gave: Decimal| -> Result<Decimal, Error> {
        let left = money::sub(amount, gave).map_err(me)?;
        split::share(amount, before, after, bought, left, minor).map_err(me)
    };
    let gross = part(parse(&ql.gross)?, g.gross)?;
    let mut taxes = Vec::with_capacity(ql.taxes.len());
    for (j, t) in ql.taxes.iter().enumerate() {
        taxes.push(part(parse(&t.amount)?, g.taxes[j])?);
    }
    let mut discounts = Vec::with_capacity(ql.discounts.len());
    for (j, d) in ql.discounts.iter().enumerate() {
        discounts.push(part(parse(&d.amount)?, g.discounts[j])?);
    }
    g.quantity = after;
    refund_line(ql, line, k, gross, &taxes, &discounts, minor)
}

/// A refund line from its gross and shares; the net is the gross less the taxes.
fn refund_line(
    ql: &QuoteLine,
    line: u32,
    quantity: Decimal,
    gross: Decimal,
    taxes: &[Decimal],
    discounts: &[Decimal],
    minor: u32,
) -> Result<RefundLine, Error> {
    let f = |d: Decimal| fixed_text(d, minor);
    let tax_total = taxes
        .iter()
        .try_fold(Decimal::ZERO, |a, t| money::add(a, *t))
        .map_err(me)?;
    let net = money::sub(gross, tax_total).map_err(me)?;
    Ok(RefundLine {
        line,
        sku: ql.sku.clone(),
        quantity: decimal_text(quantity),
        discounts: ql
            .discounts
            .iter()
            .zip(discounts)
            .map(|(d, a)| LineDiscount {
                promotion: d.promotion.clone(),
                amount: f(*a),
            })
            .collect(),
        net: f(net),
        taxes: ql
            .taxes
            .iter()
            .zip(taxes)
            .map(|(t, a)| TaxAmount {
                tax: t.tax.clone(),
                rate: t.rate.clone(),
                base: f(net),
                amount: f(*a),
            })
            .collect(),
        tax_total: f(tax_total),
        gross: f(gross),
    })
}

/// A goodwill amount spread over the lines by what is left of their gross (largest remainder), the tax taken
/// out of each part at the line's own taxes (rounding point `refund-goodwill-tax`).
fn spread(
    rb: &Rulebook,
    q: &Quote,
    given: &[Given],
    amount: Decimal,
    minor: u32,
) -> Result<Vec<RefundLine>, Error> {
    let mut left = Vec::with_capacity(q.lines.len());
    for (l, g) in q.lines.iter().zip(given) {
        left.push(
            money::sub(parse(&l.gross)?, g.gross)
                .map_err(me)?
                .max(Decimal::ZERO),
        );
    }
    let total = left
        .iter()
        .try_fold(Decimal::ZERO, |a, l| money::add(a, *l))
        .map_err(me)?;
    if amount > total || !money::is_multiple_of_minor(amount, minor) {
        return Err(RefundError::ExceedsRemaining {
            amount: format_decimal(amount),
            left: format_fixed(total, minor),
        }
        .to_error("/amount"));
    }
    let parts = money::allocate(amount, minor, &left).map_err(|e| e.to_error("/amount"))?;
    let mut lines = Vec::new();
    for (i, (ql, part)) in q.lines.iter().zip(parts).enumerate() {
        if part.is_zero() {
            continue;
        }
        let gross = parse(&ql.gross)?;
        let mut taxes = Vec::with_capacity(ql.taxes.len());
        for (j, t) in ql.taxes.iter().enumerate() {
            let tax = parse(&t.amount)?;
            let tax_left = money::sub(tax, given[i].taxes[j]).map_err(me)?;
            let mode = rb.settings.rounding_mode;
            taxes.push(split::goodwill_tax(part, tax, gross, tax_left, minor, mode).map_err(me)?);
        }
        lines.push(refund_line(
            ql,
            i as u32,
            Decimal::ZERO,
            part,
            &taxes,
            &[],
            minor,
        )?);
    }
    Ok(lines)
}

/// The shipping given back whole, once.
fn return_shipping(q: &Quote, given: bool, minor: u32) -> Result<RefundLine, Error> {
    let Some(s) = q.shipping.as_ref().filter(|_| !given) else {
        let amount = q.shipping.as_ref().map_or("0", |s| s.gross.as_str());
        return Err(RefundError::ExceedsRemaining {
            amount: amount.to_string(),
            left: format_fixed(Decimal::ZERO, minor),
        }
        .to_error("/shipping"));
    };
    Ok(RefundLine {
        line: 0,
        sku: s.method.clone(),
        quantity: "1".into(),
        discounts: Vec::new(),
        net: s.net.clone(),
        taxes: s.taxes.clone(),
        tax_total: s.tax_total.clone(),
        gross: s.gross.clone(),
    })
}

/// The credit note: taxes per row of the sale (less the claw-backs'), totals, and where the money goes.
fn totals(
    q: &Quote,
    rows: &rows::Rows,
    lines: Vec<RefundLine>,
    shipping: Option<RefundLine>,
    claw_backs: &[claw_back::ClawBack],
    tenders_given: &[Decimal],
    minor: u32,
) -> Result<CreditNote, Error> {
    let f = |d: Decimal| fixed_text(d, minor);
    // Per row of the sale's taxes: base and amount, and whether this note has any of it.
    let mut taxes = vec![(Decimal::ZERO, Decimal::ZERO, false); q.taxes.len()];
    let mut add = |row: usize, base: Decimal, amount: Decimal| -> Result<(), Error> {
        let x = &mut taxes[row];
        *x = (
            money::add(x.0, base).map_err(me)?,
            money::add(x.1, amount).map_err(me)?,
            true,
        );
        Ok(())
    };
    let (mut net, mut tax) = (Decimal::ZERO, Decimal::ZERO);
    let keyed = lines
        .iter()
        .map(|l| (l, &rows.lines[l.line as usize]))
        .chain(shipping.as_ref().map(|s| (s, &rows.shipping)));
    for (l, keys) in keyed {
        net = money::add(net, parse(&l.net)?).map_err(me)?;
        for (t, &row) in l.taxes.iter().zip(keys) {
            let (base, amount) = (parse(&t.base)?, parse(&t.amount)?);
            tax = money::add(tax, amount).map_err(me)?;
            add(row, base, amount)?;
        }
    }
    for c in claw_backs {
        let mut claw_tax = Decimal::ZERO;
        for &(row, base, amount) in &c.taxes {
            claw_tax = money::add(claw_tax, amount).map_err(me)?;
            add(row, -base, -amount)?;
        }
        tax = money::sub(tax, claw_tax).map_err(me)?;
        let claw_net = money::sub(c.amount, claw_tax).map_err(me)?;
        net = money::sub(net, claw_net).map_err(me)?;
    }
    let grand = money::add(net, tax).map_err(me)?;
    let mut left = Vec::with_capacity(q.tenders.len());
    for (t, g) in q.tenders.iter().zip(tenders_given) {
        left.push(money::sub(parse(&t.amount)?, *g).map_err(me)?);
    }
    let (parts, payment) = split::to_tenders(grand, &left).map_err(me)?;
    Ok(CreditNote {
        currency: q.currency.clone(),
        rulebook_hash: q.rulebook_hash.clone(),
        lines,
        shipping,
        claw_back: claw_back::listed(claw_backs, minor),
        net_total: f(net),
        // The sale's rows in its order, named as it names them (an external amount's rate is the sale's).
        taxes: q
            .taxes
            .iter()
            .zip(&taxes)
            .filter(|(_, x)| x.2)
            .map(|(qt, &(base, amount, _))| TaxAmount {
                tax: qt.tax.clone(),
                rate: qt.rate.clone(),
                base: f(base),
                amount: f(amount),
            })
            .collect(),
        tax_total: f(tax),
        grand_total: f(grand),
        tenders: q
            .tenders
            .iter()
            .zip(parts)
            .map(|(t, a)| Tender {
                kind: t.kind,
                reference: t.reference.clone(),
                amount: f(a),
            })
            .collect(),
        payment: f(payment),
    })
}
