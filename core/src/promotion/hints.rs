//! What would unlock a promotion's next benefit, for the quote's hints: the next tier of a tiered promotion,
//! the next set of a buy-x-get-y whose buy and get are the same items, and the subtotal minimum of a promotion
//! whose only unmet condition it is. Measured as the promotions measure
//! (lines before promotions, gifts left out), so reaching the figure is exactly what unlocks the benefit.

use super::actions::tier;
use super::conditions::check_assuming;
use super::coupons::CouponCheck;
use super::lines::Items;
use super::units::whole;
use crate::api::{PromotionOutcome, PromotionStatus};
use crate::money::{self, MoneyError};
use crate::priced::{Context, PricedCart};
use crate::rulebook::promotion_shape::{Measure, TierTarget};
use crate::rulebook::{Act, CondKind, Promotion, SelectId};
use rust_decimal::Decimal;

/// One promotion's next benefit and how far the cart is from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortfall {
    /// A tiered promotion's next tier (the first when none is reached yet): `missing` more of its measure.
    Tier {
        /// Index into the rulebook's promotions.
        promotion: usize,
        measure: Measure,
        min: Decimal,
        missing: Decimal,
    },
    /// A buy-x-get-y on one selection gets one more application with `missing` more whole units of the
    /// item (index) of the first matching line: n = units / (x + y) applications, so (n + 1)(x + y) - units.
    Units {
        promotion: usize,
        item: usize,
        missing: u128,
    },
    /// A promotion held back only by its subtotal minimum: `missing` more goods before promotions.
    Minimum {
        promotion: usize,
        min: Decimal,
        missing: Decimal,
    },
}

/// The shortfalls of the promotions the quote considered (`outcomes`, in their order).
pub fn shortfalls(
    ctx: &Context,
    cart: &PricedCart,
    coupons: &CouponCheck,
    outcomes: &[PromotionOutcome],
) -> Result<Vec<Shortfall>, MoneyError> {
    let rb = ctx.rulebook;
    let items = Items::new(rb, ctx.cart);
    let mut out = Vec::new();
    for o in outcomes {
        let Some(i) = rb.promotions.iter().position(|p| p.id == o.id) else {
            continue;
        };
        let p = &rb.promotions[i];
        let reason = o.reason.as_ref().map(|r| r.path.as_str());
        if let Act::Tiered {
            target,
            select,
            measure,
            tiers,
        } = &p.action
        {
            // Applied at a tier, or rejected only because it reaches none (eligibility checks the tier last).
            let first_missed = format!("{}/action/tiered/tiers/0/min", p.path());
            let next = match (
                o.status,
                tier(&items, cart, *select, *target, *measure, tiers)?,
            ) {
                (PromotionStatus::Applied, Ok((reached, _))) => {
                    let m = reached_measure(&items, cart, *select, *target, *measure)?;
                    tiers.get(reached + 1).map(|t| (t.0, m))
                }
                (PromotionStatus::Rejected, Err(m)) if reason == Some(first_missed.as_str()) => {
                    Some((tiers[0].0, m))
                }
                _ => None,
            };
            if let Some((min, m)) = next {
                let missing = money::sub(min, m)?;
                out.push(Shortfall::Tier {
                    promotion: i,
                    measure: *measure,
                    min,
                    missing,
                });
            }
        } else if let Act::BuyXGetY { buy, get, .. } = &p.action {
            let nothing = o
                .reason
                .as_ref()
                .is_some_and(|r| r.code == "nothing-to-discount");
            if buy.0 == get.0 && (o.status == PromotionStatus::Applied || nothing) {
                let lines = items.targets(cart, buy.0);
                let units: u128 = lines.iter().map(|&l| whole(cart.lines[l].quantity)).sum();
                let set = u128::from(buy.1) + u128::from(get.1);
                let n = units / set;
                let capped = p.max_applications.is_some_and(|m| n >= u128::from(m));
                if let (Some(&first), false) = (lines.first(), capped) {
                    out.push(Shortfall::Units {
                        promotion: i,
                        item: cart.lines[first].item,
                        missing: (n + 1) * set - units,
                    });
                }
            }
        } else if o.status == PromotionStatus::Rejected {
            if let Some(min) = reason.and_then(|path| subtotal_min(p, path)) {
                let assumed = check_assuming(ctx, cart, &items, coupons, p, reason)?;
                let (_, subtotal) = items.measure(cart, None)?;
                if assumed.is_none() && subtotal < min {
                    out.push(Shortfall::Minimum {
                        promotion: i,
                        min,
                        missing: money::sub(min, subtotal)?,
                    });
                }
            }
        }
    }
    Ok(out)
}

/// What a tiered promotion measures on the cart.
fn reached_measure(
    items: &Items,
    cart: &PricedCart,
    select: Option<SelectId>,
    target: TierTarget,
    measure: Measure,
) -> Result<Decimal, MoneyError> {
    let only = select.filter(|_| target == TierTarget::Lines);
    let (q, a) = items.measure(cart, only)?;
    Ok(match measure {
        Measure::Amount => a,
        Measure::Quantity => q,
    })
}

/// The minimum of the subtotal condition at `path`, if it is the promotion's `when` or one of a top-level
/// `all`'s conditions (reaching the minimum exactly keeps it within its max, which is not below it).
fn subtotal_min(p: &Promotion, path: &str) -> Option<Decimal> {
    let when = p.when.as_ref()?;
    let top = match &when.kind {
        CondKind::All(list) => list.iter().collect::<Vec<_>>(),
        _ => vec![when],
    };
    top.into_iter().find_map(|c| match &c.kind {
        CondKind::Subtotal { min, .. } if c.path == path => *min,
        _ => None,
    })
}
