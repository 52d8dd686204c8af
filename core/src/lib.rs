//! kassa-core: Kassa's pricing and validation engine as a pure Rust library.
//!
//! Everything a host can ask of Kassa is decided here; the component (`bindings/`) and the host packages only
//! convert types. No floats, no clock, no I/O: the same input gives the same bytes on every host.

pub mod api;
pub mod codes;
pub mod engine;
pub mod error;
pub mod fields;
pub mod limits;
pub mod money;
mod names;
pub mod priced;
pub mod pricing;
pub mod promotion;
pub mod quote;
pub mod rulebook;
pub mod validation;

pub use engine::Engine;
pub use error::{Error, Param, Problem, Severity};

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
