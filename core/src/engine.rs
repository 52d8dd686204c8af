//! The loaded rulebook and the operations on it: load, quote, shipping-options, validate, info, and the same
//! on the canonical JSON of the wire format (quote-json, shipping-options-json, validate-json, and reading a
//! cart or an order from its JSON).

use crate::api;
use crate::error::{Error, Problem, Severity};
use crate::pricing::PricingError;
use crate::problems::Problems;
use crate::quote::{self, Failure};
use crate::rulebook::{self, Rulebook};
use crate::wire::{self, Refused};
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

    /// `quote` on the canonical JSON of a cart (docs/wire.md), answering the quote's canonical JSON. A cart that
    /// is not one (an unknown key, a JSON number where a decimal string is expected, text that is not Unicode)
    /// is `cart-invalid` with every finding at its pointer, as a cart that breaks an order rule is; malformed
    /// JSON is `invalid-json`.
    pub fn quote_json(&self, cart: &[u8]) -> Result<String, Error> {
        let cart = cart_from_json(cart)?;
        self.quote(&cart).map(|q| wire::write(&q))
    }

    /// `shipping_options` on the canonical JSON of a cart (read as [`Engine::quote_json`] reads it), answering
    /// the options' canonical JSON: a list.
    pub fn shipping_options_json(&self, cart: &[u8]) -> Result<String, Error> {
        let cart = cart_from_json(cart)?;
        self.shipping_options(&cart).map(|o| wire::write(&o))
    }

    /// `validate` on the canonical JSON of an order, answering the report's canonical JSON. An order that is
    /// not one is reported like any other invalid order: its findings at their pointers, `valid` false (the
    /// order rules are not checked then). Only malformed JSON (`invalid-json`) and the input limits fail.
    pub fn validate_json(&self, order: &[u8]) -> Result<String, Error> {
        let report = match wire::read::<api::Order>(order) {
            Ok(order) => self.validate(&order),
            Err(Refused::Error(e)) => return Err(e),
            Err(Refused::Findings(problems)) => api::ValidationReport {
                valid: false,
                problems: problems.into_list(),
            },
        };
        Ok(wire::write(&report))
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

/// A cart read from its canonical JSON exactly as `quote_json` reads it: `cart-invalid` with every finding
/// about the JSON at its pointer, `invalid-json` or `limit-exceeded`.
pub fn cart_from_json(json: &[u8]) -> Result<api::Cart, Error> {
    wire::read(json).map_err(|refused| match refused {
        Refused::Error(e) => e,
        Refused::Findings(p) => {
            p.into_error(|count, omitted| PricingError::CartInvalid { count, omitted })
        }
    })
}

/// The canonical JSON of the cart in `json` (read as [`cart_from_json`] reads it): what hosts decode a request
/// body from, strictly, and what a digest of a cart is taken of.
pub fn canonical_cart(json: &[u8]) -> Result<String, Error> {
    cart_from_json(json).map(|c| wire::write(&c))
}
