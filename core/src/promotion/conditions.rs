//! The `when` conditions of a promotion, evaluated on the cart as priced BEFORE any promotion (so whether a
//! promotion is eligible never depends on the order promotions apply in). A failure names the condition:
//! its JSON Pointer into the rulebook, its kind, what it expected and what the cart has.

use super::coupons::CouponCheck;
use super::lines::Items;
use super::PromotionError;
use crate::error::{Coded, Problem, Severity};
use crate::money::{self, format_decimal};
use crate::priced::{Context, PricedCart};
use crate::rulebook::time::format as stamp;
use crate::rulebook::{first_unmet, Cond, CondKind, Promotion, SelectId};
use rust_decimal::Decimal;

/// Why a condition does not hold.
pub struct Miss {
    pub path: String,
    pub condition: &'static str,
    pub expected: String,
    pub actual: String,
}

impl Miss {
    pub fn into_problem(self, promotion: &str) -> Problem {
        PromotionError::ConditionNotMet {
            promotion: promotion.to_string(),
            condition: self.condition,
            expected: self.expected,
            actual: self.actual,
        }
        .to_problem(&self.path, Severity::Warning)
    }
}

/// Summed quantity and subtotal (before promotions) of the lines a selector matches (None: every line),
/// summed once per quote and selector.
pub fn measure(
    items: &Items,
    cart: &PricedCart,
    select: Option<SelectId>,
) -> Result<(Decimal, Decimal), money::MoneyError> {
    items.measure(cart, select)
}

fn one_of(list: &[String]) -> String {
    format!("one of {}", list.join(", "))
}

fn miss(c: &Cond, condition: &'static str, expected: String, actual: String) -> Result<(), Miss> {
    Err(Miss {
        path: c.path.clone(),
        condition,
        expected,
        actual,
    })
}

fn member(
    c: &Cond,
    condition: &'static str,
    list: &[String],
    value: Option<&str>,
) -> Result<(), Miss> {
    match value {
        Some(v) if list.iter().any(|x| x == v) => Ok(()),
        _ => miss(
            c,
            condition,
            one_of(list),
            value.unwrap_or("none").to_string(),
        ),
    }
}

struct Eval<'a> {
    ctx: &'a Context<'a>,
    cart: &'a PricedCart,
    items: &'a Items<'a>,
    coupons: &'a CouponCheck,
    /// The pointer of a condition taken to hold (hints: would the rest hold if it did?).
    assume: Option<&'a str>,
}

impl Eval<'_> {
    fn holds(&self, c: &Cond) -> Result<Result<(), Miss>, money::MoneyError> {
        if self.assume == Some(c.path.as_str()) {
            return Ok(Ok(()));
        }
        let cart = self.ctx.cart;
        let f = format_decimal;
        Ok(match &c.kind {
            CondKind::All(list) => {
                for x in list {
                    if let Err(m) = self.holds(x)? {
                        return Ok(Err(m));
                    }
                }
                Ok(())
            }
            CondKind::Any(list) => {
                for x in list {
                    if self.holds(x)?.is_ok() {
                        return Ok(Ok(()));
                    }
                }
                miss(
                    c,
                    "any",
                    format!("one of {} conditions", list.len()),
                    "none holds".into(),
                )
            }
            CondKind::Not(x) => match self.holds(x)? {
                Ok(()) => miss(
                    c,
                    "not",
                    format!("the condition at {} not to hold", x.path),
                    "it holds".into(),
                ),
                Err(_) => Ok(()),
            },
            CondKind::Items {
                select,
                min_quantity,
                min_amount,
            } => {
                let (q, a) = measure(self.items, self.cart, Some(*select))?;
                if let Some(m) = min_quantity.filter(|m| q < *m) {
                    miss(c, "items", format!("quantity at least {}", f(m)), f(q))
                } else if let Some(m) = min_amount.filter(|m| a < *m) {
                    miss(c, "items", format!("amount at least {}", f(m)), f(a))
                } else if min_quantity.is_none() && min_amount.is_none() && q.is_zero() {
                    miss(c, "items", "a matching line".into(), "none".into())
                } else {
                    Ok(())
                }
            }
            CondKind::Subtotal { min, max } => {
                let (_, a) = measure(self.items, self.cart, None)?;
                if let Some(m) = min.filter(|m| a < *m) {
                    miss(c, "subtotal", format!("at least {}", f(m)), f(a))
                } else if let Some(m) = max.filter(|m| a > *m) {
                    miss(c, "subtotal", format!("at most {}", f(m)), f(a))
                } else {
                    Ok(())
                }
            }
            CondKind::CustomerGroups(list) => {
                member(c, "customer-groups", list, cart.customer_group.as_deref())
            }
            CondKind::Channels(list) => member(c, "channels", list, cart.channel.as_deref()),
            CondKind::Countries(list) => member(c, "countries", list, self.ctx.country),
            CondKind::ShippingMethods(list) => {
                member(c, "shipping-methods", list, self.ctx.shipping_method)
            }
            CondKind::Coupon(k) => {
                if self.coupons.valid.contains_key(k) {
                    Ok(())
                } else {
                    let code = &self.ctx.rulebook.coupons.list[*k].code;
                    let present = self.coupons.entries.iter().any(|e| e.coupon == Some(*k));
                    let actual = if present { "not valid" } else { "absent" };
                    miss(c, "coupon", format!("coupon {code}"), actual.into())
                }
            }
            CondKind::Window { from, until } => {
                let at = self.ctx.at;
                if from.is_some_and(|t| at < t) || until.is_some_and(|t| at >= t) {
                    let expected = match (from, until) {
                        (Some(a), Some(b)) => format!("from {} until {}", stamp(*a), stamp(*b)),
                        (Some(a), None) => format!("from {}", stamp(*a)),
                        (None, Some(b)) => format!("before {}", stamp(*b)),
                        (None, None) => "any moment".into(),
                    };
                    miss(c, "window", expected, stamp(at))
                } else {
                    Ok(())
                }
            }
            CondKind::FirstOrder(first) => {
                let expected = if *first {
                    "a first order"
                } else {
                    "a repeat order"
                };
                match cart.previous_orders {
                    Some(n) if (n == 0) == *first => Ok(()),
                    Some(n) => miss(
                        c,
                        "first-order",
                        expected.into(),
                        format!("previous-orders {n}"),
                    ),
                    None => miss(
                        c,
                        "first-order",
                        expected.into(),
                        "previous-orders unknown".into(),
                    ),
                }
            }
            CondKind::PreviousOrders { min, max } => {
                let expected = match (min, max) {
                    (Some(a), Some(b)) => format!("from {a} to {b}"),
                    (Some(a), None) => format!("at least {a}"),
                    (None, Some(b)) => format!("at most {b}"),
                    (None, None) => "any count".into(),
                };
                match cart.previous_orders {
                    Some(n) if min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m) => Ok(()),
                    Some(n) => miss(c, "previous-orders", expected, n.to_string()),
                    None => miss(c, "previous-orders", expected, "unknown".into()),
                }
            }
            CondKind::Usage {
                key,
                by_customer_below,
                total_below,
            } => {
                let u = super::coupons::usage(cart, |k| k == key);
                let (by_customer, total) = u.map_or((0, 0), |u| (u.by_customer, u.total));
                if let Some(m) = by_customer_below.filter(|m| by_customer >= *m) {
                    miss(
                        c,
                        "usage",
                        format!("{key} by-customer below {m}"),
                        by_customer.to_string(),
                    )
                } else if let Some(m) = total_below.filter(|m| total >= *m) {
                    miss(
                        c,
                        "usage",
                        format!("{key} total below {m}"),
                        total.to_string(),
                    )
                } else {
                    Ok(())
                }
            }
            CondKind::Attributes(scope) => match first_unmet(scope, &cart.attributes) {
                None => Ok(()),
                Some(((name, values), given)) => {
                    let expected = if values.is_empty() {
                        format!("{name} present")
                    } else {
                        format!("{name} {}", one_of(values))
                    };
                    miss(
                        c,
                        "attributes",
                        expected,
                        given.unwrap_or("none").to_string(),
                    )
                }
            },
        })
    }
}

/// The first condition of `promotion` that the cart (before promotions) does not meet: its currency, then
/// its `when` tree (`all` stops at its first failing child).
pub fn check(
    ctx: &Context,
    cart: &PricedCart,
    items: &Items,
    coupons: &CouponCheck,
    promotion: &Promotion,
) -> Result<Option<Problem>, money::MoneyError> {
    check_assuming(ctx, cart, items, coupons, promotion, None)
}

/// `check`, with the condition at the pointer `assume` taken to hold.
pub fn check_assuming(
    ctx: &Context,
    cart: &PricedCart,
    items: &Items,
    coupons: &CouponCheck,
    promotion: &Promotion,
    assume: Option<&str>,
) -> Result<Option<Problem>, money::MoneyError> {
    if let Some(cur) = promotion.currency.as_deref().filter(|c| *c != ctx.currency) {
        let m = Miss {
            path: format!("{}/currency", promotion.path()),
            condition: "currency",
            expected: cur.to_string(),
            actual: ctx.currency.to_string(),
        };
        return Ok(Some(m.into_problem(&promotion.id)));
    }
    let Some(when) = &promotion.when else {
        return Ok(None);
    };
    let eval = Eval {
        ctx,
        cart,
        items,
        coupons,
        assume,
    };
    Ok(eval
        .holds(when)?
        .err()
        .map(|m| m.into_problem(&promotion.id)))
}
