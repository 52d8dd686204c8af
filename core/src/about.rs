//! What this build of the engine is: its version, the contract version it implements, and where every table
//! compiled into it comes from.

use crate::api;
use crate::{fields, money};

/// The engine's version (the workspace version).
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The WIT package version this core implements (wit/kassa.wit: `package kassa:engine@...`).
pub const CONTRACT_VERSION: &str = "0.1.0";

/// Versions of the engine, the contract and all reference data compiled in.
pub fn about() -> api::About {
    api::About {
        engine_version: ENGINE_VERSION.to_string(),
        contract_version: CONTRACT_VERSION.to_string(),
        data: data_versions(),
    }
}

/// Where every table compiled into the engine comes from, and its date.
pub fn data_versions() -> Vec<api::DataVersion> {
    let mut v = money::data_versions();
    v.extend(fields::data_versions());
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn contract_version_matches_wit() {
        let wit = include_str!("../../wit/kassa.wit");
        let expected = format!("package kassa:engine@{};", super::CONTRACT_VERSION);
        assert!(
            wit.contains(&expected),
            "wit/kassa.wit does not declare {expected}"
        );
    }
}
