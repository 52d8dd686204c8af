//! The loaded rulebook and the operations on it: load, quote, validate, info.

use crate::api;
use crate::error::{Error, Problem, Severity};
use crate::rulebook::{self, Rulebook};
use crate::{about, quote, validation};

/// A loaded, checked rulebook. Immutable after load, so it can be shared freely.
#[derive(Debug, Clone)]
pub struct Engine {
    rulebook: Rulebook,
}

impl Engine {
    /// Parse and check a rulebook (JSON). Reports every problem at once.
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

    /// Every order-rule problem of an order: the cart's (paths under /cart), found by quoting it so that
    /// validation and quoting can never disagree, then the checkout fields'.
    pub fn validate(&self, order: &api::Order) -> api::ValidationReport {
        let mut problems: Vec<Problem> = Vec::new();
        let under_cart = |mut p: Problem| {
            p.path = format!("/cart{}", p.path);
            p
        };
        match quote::quote(&self.rulebook, &order.cart) {
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
        problems.extend(validation::check_order(&self.rulebook, order));
        api::ValidationReport {
            valid: !problems.iter().any(|p| p.severity == Severity::Error),
            problems,
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
