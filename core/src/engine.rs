//! The loaded rulebook and the operations on it: load, quote, shipping-options, validate, info.

use crate::api;
use crate::error::{Error, Problem, Severity};
use crate::problems::Problems;
use crate::quote::{self, Failure};
use crate::rulebook::{self, Rulebook};
use crate::{about, validation};

/// A loaded, checked rulebook. Immutable after load, so it can be shared freely.
#[derive(Debug, Clone)]
pub struct Engine {
    rulebook: Rulebook,
}

impl Engine {
    /// Parse and check a rulebook (JSON). Reports every problem at once (the first 100 listed, all counted).
    pub fn load(rulebook: &str) -> Result<Engine, Error> {
        Ok(Engine {
            rulebook: rulebook::load(rulebook)?,
        })
    }

    /// The checked rulebook this engine prices with.
    pub fn rulebook(&self) -> &Rulebook {
        &self.rulebook
    }

    /// Price a cart. Fails with `cart-invalid` (every error-severity cart problem in `problems`) exactly when
    /// `validate` reports an error-severity problem under /cart.
    pub fn quote(&self, cart: &api::Cart) -> Result<api::Quote, Error> {
        quote::quote(&self.rulebook, cart)
    }

    /// Every shipping method of the rulebook for the cart, in rulebook order: priced as a quote of the cart
    /// with it would price it, or unavailable with the problem that quote reports (`quote::shipping_options`).
    pub fn shipping_options(&self, cart: &api::Cart) -> Result<Vec<api::ShippingOption>, Error> {
        quote::shipping_options(&self.rulebook, cart)
    }

    /// Every order-rule problem of an order: the cart's (paths under /cart), found by quoting it so that
    /// validation and quoting can never disagree, then the checkout fields'. The first ones found are listed
    /// (docs/limits.md, `problems`).
    pub fn validate(&self, order: &api::Order) -> api::ValidationReport {
        let mut problems = Problems::new();
        let under_cart = |mut p: Problem| {
            p.path = format!("/cart{}", p.path);
            p
        };
        match quote::run(&self.rulebook, &order.cart) {
            Ok(q) => q
                .warnings
                .into_iter()
                .for_each(|p| problems.push(under_cart(p))),
            Err(Failure::CartInvalid(cart)) => problems.append(cart.map(under_cart)),
            // Any other failure (a limit, an overflow, an engine bug) is reported as one problem.
            Err(Failure::Other(e)) => problems.push(under_cart(Problem {
                code: e.code,
                path: e.path,
                message: e.message,
                params: e.params,
                severity: Severity::Error,
            })),
        }
        for p in validation::check_order(&self.rulebook, order) {
            problems.push(p);
        }
        // At most the `problems` limit listed, and then one more saying how many were left out.
        api::ValidationReport {
            valid: !problems.has_errors(),
            problems: problems.into_list(),
        }
    }

    pub fn info(&self) -> api::EngineInfo {
        api::EngineInfo {
            rulebook_id: self.rulebook.id.clone(),
            rulebook_version: self.rulebook.version.clone(),
            rulebook_hash: self.rulebook.hash.clone(),
            engine_version: about::ENGINE_VERSION.to_string(),
            contract_version: about::CONTRACT_VERSION.to_string(),
            data: about::data_versions(),
        }
    }
}
