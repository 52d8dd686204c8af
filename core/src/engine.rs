//! The loaded rulebook and the operations on it: load, quote, validate, info.

use crate::api;
use crate::error::Error;
use crate::rulebook::{self, Rulebook};

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
        crate::quote::quote(&self.rulebook, cart)
    }

    /// Every order-rule problem of an order (cart part and checkout fields).
    pub fn validate(&self, order: &api::Order) -> api::ValidationReport {
        crate::validation::validate(&self.rulebook, order)
    }

    pub fn info(&self) -> api::EngineInfo {
        api::EngineInfo {
            rulebook_id: self.rulebook.id.clone(),
            rulebook_version: self.rulebook.version.clone(),
            rulebook_hash: self.rulebook.hash.clone(),
            engine_version: crate::ENGINE_VERSION.to_string(),
            contract_version: crate::CONTRACT_VERSION.to_string(),
            data: crate::data_versions(),
        }
    }
}
