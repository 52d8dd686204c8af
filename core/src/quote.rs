//! The quote pipeline: the layers called in order. Steps (each named rounding point is in docs/rulebook.md):
//!
//! 1. limits, then the cart rules (validation) and the coupon lookup (an unknown code is an error; a known
//!    coupon that cannot apply is only a warning, added by the promotions);
//! 2. price resolution for every line (pricing);
//! 3. any error-severity problem so far -> `cart-invalid` with all of them;
//! 4. pricing models, rounded at `unit-price` (if configured) and `line-subtotal` (pricing);
//! 5. PROMOTIONS, product and order classes: line and order discounts, gift lines;
//! 6. shipping, on the discounted goods (pricing);
//! 7. PROMOTIONS, shipping class: shipping discounts (5-7 are `promotion::run`);
//! 8. tax on the discounted amounts, at the configured level (pricing);
//! 9. totals, cash rounding, invariants (pricing), with the hints found after step 7 when the cart asks;
//! 10. total limits (validation; -> `cart-invalid`).

use crate::api;
use crate::error::{Coded, Error, Problem, Severity};
use crate::hints;
use crate::money;
use crate::priced::Context;
use crate::pricing::{self, PricingError};
use crate::problems::Problems;
use crate::promotion;
use crate::rulebook::Rulebook;
use crate::validation::cart as rules;

/// Why a cart did not quote.
pub enum Failure {
    /// It breaks order rules: its error-severity problems (the first ones listed, all counted).
    CartInvalid(Problems),
    /// Anything else: a limit, an overflow, an engine bug.
    Other(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Other(e)
    }
}

fn cart_invalid(problems: Vec<Problem>) -> Failure {
    Failure::CartInvalid(
        problems
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .collect(),
    )
}

/// Quote a cart: fails with `cart-invalid` (every error problem, the first ones listed) exactly when the cart
/// breaks an order rule.
pub fn quote(rb: &Rulebook, cart: &api::Cart) -> Result<api::Quote, Error> {
    run(rb, cart).map_err(into_error)
}

/// The pipeline, with the cart's problems as found (what `engine.validate` reports).
pub fn run(rb: &Rulebook, cart: &api::Cart) -> Result<api::Quote, Failure> {
    run_with(rb, cart, cart.shipping_method.as_deref(), true)
}

/// Every shipping method of the rulebook for the cart, in rulebook order, each through the whole pipeline
/// with that method in place of the cart's (so an option is what a quote with it shows, by construction):
/// its shipping, or the first problem that quote fails with. The cart is first quoted without a method and
/// without the total limits (a method can move the grand total across one); that quote's failure is the
/// call's.
pub fn shipping_options(
    rb: &Rulebook,
    cart: &api::Cart,
) -> Result<Vec<api::ShippingOption>, Error> {
    run_with(rb, cart, None, false).map_err(into_error)?;
    let mut out = Vec::with_capacity(rb.shipping.len());
    for m in &rb.shipping {
        let (shipping, unavailable) = match run_with(rb, cart, Some(&m.id), true) {
            Ok(q) => (q.shipping, None),
            Err(Failure::CartInvalid(problems)) => (None, problems.into_list().into_iter().next()),
            Err(Failure::Other(e)) => return Err(e),
        };
        out.push(api::ShippingOption {
            method: m.id.clone(),
            shipping,
            unavailable,
        });
    }
    Ok(out)
}

fn into_error(failure: Failure) -> Error {
    match failure {
        Failure::CartInvalid(problems) => {
            problems.into_error(|count, omitted| PricingError::CartInvalid { count, omitted })
        }
        Failure::Other(e) => e,
    }
}

/// The pipeline pricing `method` as the shipping method, checking the total limits if `limits`.
fn run_with(
    rb: &Rulebook,
    cart: &api::Cart,
    method: Option<&str>,
    limits: bool,
) -> Result<api::Quote, Failure> {
    rules::limits(cart)?;
    let (facts, mut problems) = rules::check(rb, cart);
    let (Some(at), Some(minor_units)) = (facts.at, facts.minor_units) else {
        return Err(cart_invalid(problems));
    };
    let ctx = Context {
        rulebook: rb,
        cart,
        at,
        currency: &cart.currency,
        minor_units,
        country: facts.country,
        mode: rb.settings.rounding_mode,
        postal_code: facts.postal_code.as_deref(),
        shipping_method: method,
    };
    problems.extend(rules::check_in_context(&ctx));
    let coupons = promotion::check_coupons(&ctx);
    problems.extend(coupons.errors());
    let resolved = if ctx.country.is_some() {
        pricing::resolve_lines(&ctx, &facts.lines, &mut problems)?
    } else {
        Vec::new()
    };
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(cart_invalid(problems));
    }
    // Steps 4-9 on a cart without error problems (the warnings so far travel with it).
    let mut priced = pricing::price_lines(&ctx, resolved, problems)?;
    let outcomes = promotion::run(&ctx, &mut priced, &coupons, &pricing::price_shipping)?;
    let hints = if cart.hints {
        hints::find(&ctx, &priced, &coupons, &outcomes)?
    } else {
        Vec::new()
    };
    let unfit = pricing::external_amounts_unfit(&ctx, &priced)?;
    if !unfit.is_empty() {
        return Err(cart_invalid(unfit));
    }
    let mut quote = pricing::tax_and_totals(&ctx, priced, outcomes)?;
    quote.hints = hints;
    if !limits {
        return Ok(quote);
    }
    let grand_total = money::parse_decimal(&quote.grand_total).map_err(|e| e.to_error(""))?;
    let limits = rules::check_totals(rb, cart, grand_total);
    if !limits.is_empty() {
        return Err(cart_invalid(limits));
    }
    Ok(quote)
}
