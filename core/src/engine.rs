//! The loaded rulebook and the operations on it: load, quote, validate, info.

use crate::api;
use crate::error::{Coded, EngineError, Error};

/// A loaded, checked rulebook. Immutable after load, so it can be shared freely.
#[derive(Debug, Clone)]
pub struct Engine {
    id: String,
    version: String,
}

impl Engine {
    /// Parse and check a rulebook (JSON). Reports every problem at once.
    pub fn load(rulebook: &str) -> Result<Engine, Error> {
        let value: serde_json::Value = serde_json::from_str(rulebook).map_err(|e| {
            EngineError::InvalidJson {
                detail: e.to_string(),
            }
            .to_error("")
        })?;
        let text = |key: &str| {
            value
                .get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        Ok(Engine {
            id: text("id"),
            version: text("version"),
        })
    }

    pub fn quote(&self, _cart: &api::Cart) -> Result<api::Quote, Error> {
        Err(EngineError::Unimplemented {
            operation: "engine.quote",
        }
        .to_error(""))
    }

    pub fn validate(&self, _order: &api::Order) -> api::ValidationReport {
        let problem = EngineError::Unimplemented {
            operation: "engine.validate",
        }
        .to_problem("", crate::Severity::Error);
        api::ValidationReport {
            valid: false,
            problems: vec![problem],
        }
    }

    pub fn info(&self) -> api::EngineInfo {
        api::EngineInfo {
            rulebook_id: self.id.clone(),
            rulebook_version: self.version.clone(),
            rulebook_hash: String::new(),
            engine_version: crate::ENGINE_VERSION.to_string(),
            contract_version: crate::CONTRACT_VERSION.to_string(),
            data: crate::data_versions(),
        }
    }
}
