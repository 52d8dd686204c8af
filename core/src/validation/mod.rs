//! Validation: the rulebook's order rules. `cart.rs` holds the rules on the cart, which quoting checks too
//! (a cart quotes exactly when it has no error-severity cart problem); `order.rs` holds the checkout rules on
//! what the customer entered (email, addresses, VAT id). `engine.validate` runs the quote for the cart part, so
//! the two can never disagree, and adds the problems of [`check_order`].

pub mod cart;
mod errors;
mod order;

pub use errors::{ValidationError, CODES};

/// The end of a `region-invalid` message: " (write US-CA)" when a hint is known.
pub(crate) fn write_instead(hint: &Option<String>) -> String {
    hint.as_ref()
        .map_or(String::new(), |h| format!(" (write {h})"))
}

use crate::api::Order;
use crate::error::{Problem, Severity};
use crate::rulebook::Rulebook;

/// Every problem of an order outside its cart. Order fields have the same size limit as cart strings,
/// checked before any field is looked at: a string over it is the only problem then.
pub fn check_order(rulebook: &Rulebook, order: &Order) -> Vec<Problem> {
    match order::limits(order) {
        Ok(()) => order::check(rulebook, order),
        Err(e) => vec![Problem {
            code: e.code,
            path: e.path,
            message: e.message,
            params: e.params,
            severity: Severity::Error,
        }],
    }
}
