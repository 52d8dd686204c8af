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
use crate::rulebook::{Act, Kind, SelectId};
use rust_decimal::Decimal;

/// What a promotion does to the cart.
#[derive(Debug, Clone)]
pub struct Effect {
    /// (line index, amount > 0), in line order.
    pub lines: Vec<(usize, Decimal)>,
    /// Amount off shipping.
    pub shipping: Decimal,
    /// A gift line to add (its full subtotal is the discount), and the trace of its pricing.
    pub gift: Option<PricedLine>,
    pub gift_trace: crate::priced::Trace,
    /// What was computed, for the trace.
    pub summary: Summary,
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

/// What an action computed, put in words ([`Summary::text`]) only for a trace.
#[derive(Debug, Clone, Copy)]
pub enum Summary {
    /// A discount kind on a target: "10% off each line".
    On(Kind, &'static str),
    /// "10% off the 2 cheapest unit(s)".
    Units {
        kind: Kind,
        units: u32,
        which: &'static str,
    },
    BuyXGetY {
        buy: u32,
        get: u32,
        percent: Decimal,
        times: u128,
    },
    /// The tier (index) reached, from its minimum.
    Tier {
        index: usize,
        min: Decimal,
        kind: Kind,
    },
    FreeShipping,
    Gift {
        item: usize,
        quantity: u32,
    },
}

impl Summary {
    /// One sentence for the trace.
    pub fn text(self, rulebook: &crate::rulebook::Rulebook) -> String {
        match self {
            Summary::On(kind, what) => format!("{} {what}", kind_text(kind)),
            Summary::Units { kind, units, which } => {
                format!("{} the {units} {which} unit(s)", kind_text(kind))
            }
            Summary::BuyXGetY {
                buy,
                get,
                percent,
                times,
            } => format!(
                "buy {buy} get {get} at {} off, applied {times} time(s)",
                pct_text(percent)
            ),
            Summary::Tier { index, min, kind } => format!(
                "tier {} (from {}): {}",
                index + 1,
                format_decimal(min),
                kind_text(kind)
            ),
            Summary::FreeShipping => "free shipping".into(),
            Summary::Gift { item, quantity } => {
                format!("gift {} x {quantity}", rulebook.items[item].sku)
            }
        }
    }
}

/// Why a promotion that is eligible still gives nothing.
pub enum Empty {
    Nothing,
    GiftUnavailable,
}

/// What an action asks for, before capacities and max-discount: (line, amount) pairs (a line may come more
/// than once), an amount off shipping, and what it computed.
struct Planned {
    lines: Vec<(usize, Decimal)>,
    shipping: Decimal,
    summary: Summary,
}

impl Planned {
    fn on(pieces: &[Piece], amounts: Vec<Decimal>, summary: Summary) -> Self {
        Planned {
            lines: pieces.iter().map(|pc| pc.line).zip(amounts).collect(),
            shipping: Decimal::ZERO,
            summary,
        }
    }

    fn on_lines(lines: &[usize], amounts: Vec<Decimal>, summary: Summary) -> Self {
        Planned {
            lines: lines.iter().copied().zip(amounts).collect(),
            shipping: Decimal::ZERO,
            summary,
        }
    }

    fn shipping(amount: Decimal, summary: Summary) -> Self {
        Planned {
            lines: Vec::new(),
            shipping: amount,
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
    select: Option<SelectId>,
    target: TierTarget,
    measure_by: Measure,
    tiers: &[(Decimal, Kind)],
) -> Result<Result<(usize, Kind), Decimal>, MoneyError> {
    let (q, a) = measure(items, cart, select.filter(|_| target == TierTarget::Lines))?;
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
        select: Option<SelectId>,
        units: u32,
    ) -> Result<Planned, MoneyError> {
        match target {
            Target::Shipping => Ok(Planned::shipping(
                self.shipping(kind)?,
                Summary::On(kind, "shipping"),
            )),
            Target::EachUnit => {
                let pieces = self.first_units(select);
                let amounts = self.on_units(kind, &pieces)?;
                Ok(Planned::on(
                    &pieces,
                    amounts,
                    Summary::On(kind, "each unit"),
                ))
            }
            Target::EachLine => {
                let mut lines = self.targets(select);
                if let Some(m) = self.p.max_applications {
                    lines = &lines[..lines.len().min(m as usize)];
                }
                let amounts = match kind {
                    Kind::Percent(p) => {
                        let whole = self.whole(lines);
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
                    Summary::On(kind, "each line"),
                ))
            }
            Target::Lines | Target::Order => {
                let order = target == Target::Order;
                let lines = self.targets(select.filter(|_| !order));
                let amounts = self.on_lines(kind, lines)?;
                let what = if order { "the order" } else { "the lines" };
                Ok(Planned::on_lines(lines, amounts, Summary::On(kind, what)))
            }
            Target::Cheapest | Target::MostExpensive => {
                let cheapest = target == Target::Cheapest;
                let pool = self.unit_pool(self.targets(select), cheapest);
                let pieces = Calc::pieces(units::take(&pool, u128::from(units)));
                let amounts = self.on_units(kind, &pieces)?;
                let which = if cheapest {
                    "cheapest"
                } else {
                    "most expensive"
                };
                let summary = Summary::Units { kind, units, which };
                Ok(Planned::on(&pieces, amounts, summary))
            }
        }
    }

    /// each-unit: every unit of the matching lines, or with `max-applications` the first that many units in
    /// cart order (a fractional quantity counts as what it is: 0.5 kg uses 0.5 of the allowance).
    fn first_units(&self, select: Option<SelectId>) -> Vec<Piece> {
        let mut left = self.p.max_applications.map(Decimal::from);
        let targets = self.targets(select);
        let mut pieces = Vec::with_capacity(targets.len());
        for &i in targets {
            let q = self.line(i).quantity;
            let k = left.map_or(q, |l| l.min(q));
            if k > Decimal::ZERO {
                pieces.push(Piece { line: i, k });
            }
            // k <= l: no overflow (money::sub, not `-`: one copy of the subtraction in the wasm).
            left = left.map(|l| money::sub(l, k).unwrap_or(Decimal::ZERO));
        }
        pieces
    }

    /// Buy X get Y: the get units (the cheapest whole units of `get` that leave enough `buy` units) at
    /// `percent` off, rounded like any percentage.
    fn buy_x_get_y(
        &mut self,
        buy: &(Option<SelectId>, u32),
        get: &(Option<SelectId>, u32),
        percent: Decimal,
    ) -> Result<Planned, MoneyError> {
        let gets = self.unit_pool(self.targets(get.0), true);
        let buys: Vec<(usize, u128)> = self
            .targets(buy.0)
            .iter()
            .map(|&i| (i, units::whole(self.line(i).quantity)))
            .collect();
        let max = self.p.max_applications.map(u128::from);
        let (taken, n) =
            units::buy_x_get_y(&gets, &buys, u128::from(buy.1), u128::from(get.1), max);
        let pieces = Calc::pieces(taken);
        let amounts = self.percent(percent, &pieces)?;
        let summary = Summary::BuyXGetY {
            buy: buy.1,
            get: get.1,
            percent,
            times: n,
        };
        Ok(Planned::on(&pieces, amounts, summary))
    }

    /// Tiered: the tier reached before promotions, applied like percent-off / amount-off on its target.
    /// `None` when no tier is reached (eligibility rejects that case first).
    fn tiered(
        &mut self,
        target: TierTarget,
        select: Option<SelectId>,
        measure_by: Measure,
        tiers: &[(Decimal, Kind)],
    ) -> Result<Option<Planned>, MoneyError> {
        let Ok((i, kind)) = tier(self.items, self.cart, select, target, measure_by, tiers)? else {
            return Ok(None);
        };
        let lines = self.targets(select.filter(|_| target != TierTarget::Order));
        let amounts = self.on_lines(kind, lines)?;
        let summary = Summary::Tier {
            index: i,
            min: tiers[i].0,
            kind,
        };
        Ok(Some(Planned::on_lines(lines, amounts, summary)))
    }

    /// Step 2: one amount per line (the amounts of one line added in the order they came), each at most the
    /// line's capacity; lines left with nothing are dropped.
    fn within_capacity(
        &self,
        planned: Vec<(usize, Decimal)>,
    ) -> Result<Vec<(usize, Decimal)>, MoneyError> {
        let mut pairs = planned;
        crate::sort::sort_by_key(&mut pairs, |(i, _)| *i); // stable: one line's amounts keep their order
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

/// A gift line priced for the cart, or `GiftUnavailable`. `traced`: whether its pricing is explained.
fn gift(
    ctx: &Context,
    cart: &PricedCart,
    promotion: usize,
    item: usize,
    quantity: u32,
    traced: bool,
) -> Result<Result<Effect, Empty>, crate::Error> {
    let mut trace = crate::priced::Trace::new(traced);
    let q = Decimal::from(quantity);
    Ok(
        match crate::pricing::price_gift(ctx, cart, item, q, promotion, &mut trace)? {
            Some(line) => Ok(Effect {
                lines: Vec::new(),
                shipping: Decimal::ZERO,
                gift: Some(line),
                gift_trace: trace,
                summary: Summary::Gift { item, quantity },
                capped: None,
                roundings: Vec::new(),
            }),
            None => Err(Empty::GiftUnavailable),
        },
    )
}

/// Compute promotion `p` (index `promotion` in the rulebook) on the cart as it stands (eligibility already
/// checked). `remaining` is each line's amount after the promotions applied so far (see lines.rs);
/// `traced`: whether the effect records what the trace shows (its rounding points, a gift's pricing).
pub fn compute(
    ctx: &Context,
    cart: &PricedCart,
    items: &Items,
    remaining: &[Decimal],
    traced: bool,
    promotion: usize,
) -> Result<Result<Effect, Empty>, crate::Error> {
    let p = &ctx.rulebook.promotions[promotion];
    let me = |e: MoneyError| crate::error::Coded::to_error(&e, "");
    let mut calc = Calc::new(ctx, cart, items, remaining, traced, p).map_err(me)?;
    let planned = match &p.action {
        Act::Discount {
            kind,
            target,
            select,
            units,
        } => calc.discount(*kind, *target, *select, *units),
        Act::BuyXGetY { buy, get, percent } => calc.buy_x_get_y(buy, get, *percent),
        Act::Tiered {
            target,
            select,
            measure,
            tiers,
        } => match calc.tiered(*target, *select, *measure, tiers).map_err(me)? {
            Some(planned) => Ok(planned),
            None => return Ok(Err(Empty::Nothing)),
        },
        Act::FreeShipping => Ok(Planned::shipping(
            calc.shipping(Kind::Percent(Decimal::ONE_HUNDRED))
                .map_err(me)?,
            Summary::FreeShipping,
        )),
        Act::Gift { item, quantity } => {
            return gift(ctx, cart, promotion, *item, *quantity, traced)
        }
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
        gift: None,
        gift_trace: crate::priced::Trace::default(),
        summary: planned.summary,
        capped,
        roundings: calc.roundings,
    }))
}
