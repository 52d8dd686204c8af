//! Validation: the rulebook's order rules. `cart.rs` holds the rules on the cart, which quoting checks too
//! (a cart quotes exactly when it has no error-severity cart problem); `order.rs` holds the checkout rules on
//! what the customer entered (email, addresses, VAT id). `validate` runs the quote for the cart part, so the
//! two can never disagree, and returns every problem of both parts.

pub mod cart;
mod errors;
mod order;

pub use errors::{ValidationError, CODES};

use crate::api::{Order, ValidationReport};
use crate::error::{Problem, Severity};
use crate::rulebook::Rulebook;

/// Every problem of an order: cart problems (paths under /cart) and order problems.
pub fn validate(rulebook: &Rulebook, order: &Order) -> ValidationReport {
    let mut problems: Vec<Problem> = Vec::new();
    let under_cart = |mut p: Problem| {
        p.path = format!("/cart{}", p.path);
        p
    };
    match crate::quote::quote(rulebook, &order.cart) {
        Ok(q) => problems.extend(q.warnings.into_iter().map(under_cart)),
        Err(e) if e.code == "cart-invalid" => {
            problems.extend(e.problems.into_iter().map(under_cart))
        }
        // Any other failure (a limit, an overflow, an engine bug) is reported as one problem.
        Err(e) => problems.push(under_cart(Problem {
            code: e.code,
            path: e.path,
            message: e.message,
            params: e.params,
            severity: Severity::Error,
        })),
    }
    // Order fields have the same size limit as cart strings, checked before any field is looked at.
    match order::limits(order) {
        Ok(()) => problems.extend(order::check(rulebook, order)),
        Err(e) => problems.push(Problem {
            code: e.code,
            path: e.path,
            message: e.message,
            params: e.params,
            severity: Severity::Error,
        }),
    }
    ValidationReport {
        valid: !problems.iter().any(|p| p.severity == Severity::Error),
        problems,
    }
}
