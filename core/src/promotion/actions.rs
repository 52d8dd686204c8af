//! What one promotion takes off, line by line, given the cart as it stands when the promotion applies.
//!
//! Three steps (docs/rulebook.md, "Actions" and "Caps: capacity, then max-discount"):
//! 1. the action chooses its lines or units and asks an amount of each (`Planned`), with the arithmetic of
//!    `amounts.rs`;
//! 2. every line gives at most its capacity (amounts spread over lines were already spread within the
//!    capacities; a per-line or per-unit amount above it is cut, not passed on);
//! 3. `max-discount` cuts the total down, shared over the lines in proportion to what step 2 left them.

use super::amounts::{Calc, Piece, Rounding};
use super::conditions::measure;
use super::lines::Items;
use super::units;
use crate::money::{self, format_decimal, MoneyError};
use crate::priced::{Context, PricedCart, PricedLine};
use crate::rulebook::promotion_shape::{Measure, Target, TierTarget};
use crate::rulebook::{Act, Kind, Promotion, Select};
use rust_decimal::Decimal;

/// What a promotion does to the cart.
#[derive(Debug, Clone, Default)]
pub struct Effect {
    /// (line index, amount > 0), in line order.
    pub lines: Vec<(usize, Decimal)>,
    /// Amount off shipping.
    pub shipping: Decimal,
    /// A gift line to add (its full subtotal is the discount), and the trace of its pricing.
    pub gift: Option<PricedLine>,
    pub gift_trace: crate::priced::Trace,
    /// One-sentence description of what was computed, for the trace.
    pub summary: String,
    /// The computed total when max-discount cut the discount down.
    pub capped: Option<Decimal>,
    pub roundings: Vec<Rounding>,
}

impl Effect {
    pub fn total(&self) -> Result<Decimal, MoneyError> {
        let mut t = self.shipping;
        for (_, a) in &self.lines {
            t = money::add(t, *a)?;
        }
        if let Some(g) = &self.gift {
            t = money::add(t, g.subtotal)?;
        }
        Ok(t)
    }
}

/// Why a promotion that is eligible still gives nothing.
pub enum Empty {
    Nothing,
    GiftUnavailable,
}

/// What an action asks for, before capacities and max-discount: (line, amount) pairs (a line may come more
/// than once), an amount off shipping, and the trace's description.
#[derive(Default)]
struct Planned {
    lines: Vec<(usize, Decimal)>,
    shipping: Decimal,
    summary: String,
}

impl Planned {
    fn on(pieces: &[Piece], amounts: Vec<Decimal>, summary: String) -> Self {
        Planned {
            lines: pieces.iter().map(|pc| pc.line).zip(amounts).collect(),
            shipping: Decimal::ZERO,
            summary,
        }
    }

    fn on_lines(lines: Vec<usize>, amounts: Vec<Decimal>, summary: String) -> Self {
        Planned {
            lines: lines.into_iter().zip(amounts).collect(),
            shipping: Decimal::ZERO,
            summary,
        }
    }
}

fn pct_text(p: Decimal) -> String {
    format!("{}%", format_decimal(p))
}

fn kind_text(kind: Kind) -> String {
    match kind {
        Kind::Percent(p) => format!("{} off", pct_text(p)),
        Kind::Amount(a) => format!("{} off", format_decimal(a)),
        Kind::Fixed(f) => format!("fixed price {}", format_decimal(f)),
    }
}

/// The tier a tiered promotion reaches on the cart before promotions: (index, kind), or the measure when it
/// reaches none.
pub fn tier(
    items: &Items,
    cart: &PricedCart,
    select: &Select,
    target: TierTarget,
    measure_by: Measure,
    tiers: &[(Decimal, Kind)],
) -> Result<Result<(usize, Kind), Decimal>, MoneyError> {
    let (q, a) = measure(items, cart, (target == TierTarget::Lines).then_some(select))?;
    let m = match measure_by {
        Measure::Amount => a,
        Measure::Quantity => q,
    };
    Ok(tiers
        .iter()
        .enumerate()
        .rev()
        .find(|(_, (min, _))| m >= *min)
        .map(|(i, (_, k))| (i, *k))
        .ok_or(m))
}

impl Calc<'_> {
    /// percent-off, amount-off or fixed-price on one target.
    fn discount(
        &mut self,
        kind: Kind,
        target: Target,
        select: &Select,
        units: u32,
    ) -> Result<Planned, MoneyError> {
        let text = kind_text(kind);
        match target {
            Target::Shipping => Ok(Planned {
                shipping: self.shipping(kind)?,
                summary: format!("{text} shipping"),
                ..Planned::default()
            }),
            Target::EachUnit => {
                let pieces = self.first_units(select);
                let amounts = self.on_units(kind, &pieces)?;
                Ok(Planned::on(&pieces, amounts, format!("{text} each unit")))
            }
            Target::EachLine => {
                let mut lines = self.targets(Some(select));
                if let Some(m) = self.p.max_applications {
                    lines.truncate(m as usize);
                }
                let amounts = match kind {
                    Kind::Percent(p) => {
                        let whole = self.whole(&lines);
                        self.percent(p, &whole)?
                    }
                    Kind::Amount(a) => vec![a; lines.len()],
                    Kind::Fixed(f) => lines
                        .iter()
                        .map(|&i| Ok(money::sub(self.base(i), f)?.max(Decimal::ZERO)))
                        .collect::<Result<_, MoneyError>>()?,
                };
                Ok(Planned::on_lines(
                    lines,
                    amounts,
                    format!("{text} each line"),
                ))
            }
            Target::Lines | Target::Order => {
                let order = target == Target::Order;
                let lines = self.targets((!order).then_some(select));
                let amounts = self.on_lines(kind, &lines)?;
                let what = if order { "the order" } else { "the lines" };
                Ok(Planned::on_lines(lines, amounts, format!("{text} {what}")))
            }
            Target::Cheapest | Target::MostExpensive => {
                let cheapest = target == Target::Cheapest;
                let pool = self.unit_pool(&self.targets(Some(select)), cheapest);
                let pieces = Calc::pieces(units::take(&pool, u128::from(units)));
                let amounts = self.on_units(kind, &pieces)?;
                let which = if cheapest {
                    "cheapest"
                } else {
                    "most expensive"
                };
                let summary = format!("{text} the {units} {which} unit(s)");
                Ok(Planned::on(&pieces, amounts, summary))
            }
        }
    }

    /// each-unit: every unit of the matching lines, or with `max-applications` the first that many units in
    /// cart order (a fractional quantity counts as what it is: 0.5 kg uses 0.5 of the allowance).
    fn first_units(&self, select: &Select) -> Vec<Piece> {
        let mut left = self.p.max_applications.map(Decimal::from);
        let mut pieces = Vec::new();
        for i in self.targets(Some(select)) {
            let q = self.line(i).quantity;
            let k = left.map_or(q, |l| l.min(q));
            if k > Decimal::ZERO {
                pieces.push(Piece { line: i, k });
            }
            left = left.map(|l| l - k);
        }
        pieces
    }

    /// Buy X get Y: the get units (the cheapest whole units of `get` that leave enough `buy` units) at
    /// `percent` off, rounded like any percentage.
    fn buy_x_get_y(
        &mut self,
        buy: &(Select, u32),
        get: &(Select, u32),
        percent: Decimal,
    ) -> Result<Planned, MoneyError> {
        let gets = self.unit_pool(&self.targets(Some(&get.0)), true);
        let buys: Vec<(usize, u128)> = self
            .targets(Some(&buy.0))
            .into_iter()
            .map(|i| (i, units::whole(self.line(i).quantity)))
            .collect();
        let max = self.p.max_applications.map(u128::from);
        let (taken, n) =
            units::buy_x_get_y(&gets, &buys, u128::from(buy.1), u128::from(get.1), max);
        let pieces = Calc::pieces(taken);
        let amounts = self.percent(percent, &pieces)?;
        let summary = format!(
            "buy {} get {} at {} off, applied {n} time(s)",
            buy.1,
            get.1,
            pct_text(percent)
        );
        Ok(Planned::on(&pieces, amounts, summary))
    }

    /// Tiered: the tier reached before promotions, applied like percent-off / amount-off on its target.
    /// `None` when no tier is reached (eligibility rejects that case first).
    fn tiered(
        &mut self,
        target: TierTarget,
        select: &Select,
        measure_by: Measure,
        tiers: &[(Decimal, Kind)],
    ) -> Result<Option<Planned>, MoneyError> {
        let Ok((i, kind)) = tier(self.items, self.cart, select, target, measure_by, tiers)? else {
            return Ok(None);
        };
        let lines = self.targets((target != TierTarget::Order).then_some(select));
        let amounts = self.on_lines(kind, &lines)?;
        let summary = format!(
            "tier {} (from {}): {}",
            i + 1,
            format_decimal(tiers[i].0),
            kind_text(kind)
        );
        Ok(Some(Planned::on_lines(lines, amounts, summary)))
    }

    /// Step 2: one amount per line (the amounts of one line added in the order they came), each at most the
    /// line's capacity; lines left with nothing are dropped.
    fn within_capacity(
        &self,
        planned: Vec<(usize, Decimal)>,
    ) -> Result<Vec<(usize, Decimal)>, MoneyError> {
        let mut pairs = planned;
        pairs.sort_by_key(|(i, _)| *i); // stable: one line's amounts keep their order
        let mut merged: Vec<(usize, Decimal)> = Vec::with_capacity(pairs.len());
        for (i, a) in pairs {
            match merged.last_mut() {
                Some(e) if e.0 == i => e.1 = money::add(e.1, a)?,
                _ => merged.push((i, a)),
            }
        }
        for e in &mut merged {
            e.1 = e.1.min(self.cap(e.0)?).max(Decimal::ZERO);
        }
        merged.retain(|(_, a)| !a.is_zero());
        Ok(merged)
    }
}

/// Step 3: at most `max` in total. The cap is shared over the lines in proportion to their amounts (largest
/// remainder, ties to the earlier line), so no line gets more than step 2 gave it; a shipping promotion's
/// amount is simply cut. Returns the computed total when it was cut.
fn cap_total(
    max: Option<Decimal>,
    lines: &mut Vec<(usize, Decimal)>,
    shipping: &mut Decimal,
    minor: u32,
) -> Result<Option<Decimal>, MoneyError> {
    let total = lines
        .iter()
        .try_fold(*shipping, |t, (_, a)| money::add(t, *a))?;
    let Some(max) = max.filter(|m| total > *m) else {
        return Ok(None);
    };
    if lines.is_empty() {
        *shipping = max;
    } else {
        let ratios: Vec<Decimal> = lines.iter().map(|(_, a)| *a).collect();
        let parts = money::allocate(max, minor, &ratios)?;
        for (e, part) in lines.iter_mut().zip(parts) {
            e.1 = part;
        }
        lines.retain(|(_, a)| !a.is_zero());
    }
    Ok(Some(total))
}

/// A gift line priced for the cart, or `GiftUnavailable`.
fn gift(
    ctx: &Context,
    cart: &PricedCart,
    p: &Promotion,
    sku: &str,
    quantity: u32,
) -> Result<Result<Effect, Empty>, crate::Error> {
    let mut trace = crate::priced::Trace::default();
    let q = Decimal::from(quantity);
    Ok(
        match crate::pricing::price_gift(ctx, cart, sku, q, &p.id, &mut trace)? {
            Some(line) => Ok(Effect {
                summary: format!("gift {sku} x {quantity}"),
                gift: Some(line),
                gift_trace: trace,
                ..Effect::default()
            }),
            None => Err(Empty::GiftUnavailable),
        },
    )
}

/// Compute promotion `p` on the cart as it stands (eligibility already checked).
/// `remaining` is each line's amount after the promotions applied so far (see lines.rs); `traced`: whether
/// the effect lists its rounding points for the trace.
pub fn compute(
    ctx: &Context,
    cart: &PricedCart,
    items: &Items,
    remaining: &[Decimal],
    traced: bool,
    p: &Promotion,
) -> Result<Result<Effect, Empty>, crate::Error> {
    let me = |e: MoneyError| crate::error::Coded::to_error(&e, "");
    let mut calc = Calc::new(ctx, cart, items, remaining, traced, p).map_err(me)?;
    let planned = match &p.action {
        Act::Discount {
            kind,
            target,
            select,
            units,
        } => calc.discount(*kind, *target, select, *units),
        Act::BuyXGetY { buy, get, percent } => calc.buy_x_get_y(buy, get, *percent),
        Act::Tiered {
            target,
            select,
            measure,
            tiers,
        } => match calc.tiered(*target, select, *measure, tiers).map_err(me)? {
            Some(planned) => Ok(planned),
            None => return Ok(Err(Empty::Nothing)),
        },
        Act::FreeShipping => Ok(Planned {
            shipping: calc
                .shipping(Kind::Percent(Decimal::ONE_HUNDRED))
                .map_err(me)?,
            summary: "free shipping".into(),
            ..Planned::default()
        }),
        Act::Gift { sku, quantity } => return gift(ctx, cart, p, sku, *quantity),
    }
    .map_err(me)?;
    let mut lines = calc.within_capacity(planned.lines).map_err(me)?;
    let mut shipping = planned.shipping;
    let capped = cap_total(p.max_discount, &mut lines, &mut shipping, calc.minor).map_err(me)?;
    if lines.is_empty() && shipping.is_zero() {
        return Ok(Err(Empty::Nothing));
    }
    Ok(Ok(Effect {
        lines,
        shipping,
        summary: planned.summary,
        capped,
        roundings: calc.roundings,
        ..Effect::default()
    }))
}
