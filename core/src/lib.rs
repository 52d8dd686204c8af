//! kassa-core: Kassa's pricing and validation engine as a pure Rust library.
//!
//! Everything a host can ask of Kassa is decided here; the component (`bindings/`) and the host packages only
//! convert types. No floats, no clock, no I/O: the same input gives the same bytes on every host.
//!
//! The modules are layers that only point down, from the public operations (`engine`, with the table of error
//! `codes`) through the `quote` pipeline, `promotion`, `pricing` and `validation`, the shared `priced` cart,
//! `rulebook`, `fields`, `money`, the `wire` format and the `json` parser to `error`, with `refund` between the
//! quote and the public operations; `replay` (two rulebooks compared on one cart) sits on top.
//! core/tests/layers.rs holds the order and fails on any `crate::` path that points sideways or up.

// The crate's one unsafe block reads a `DecimalText`'s inline bytes as a `str` (decimal_text.rs says why it holds).
#![deny(unsafe_code)]

pub mod about;
pub mod api;
pub mod codes;
pub mod decimal_text;
mod digits;
pub mod engine;
pub mod error;
pub mod explanation;
pub mod fields;
pub mod hints;
pub mod index_map;
pub mod json;
pub mod limits;
pub mod money;
mod names;
pub mod priced;
pub mod pricing;
pub mod problems;
pub mod promotion;
pub mod quote;
pub mod refund;
pub mod replay;
pub mod rulebook;
mod sort;
pub mod validation;
pub mod wire;

pub use about::{about, data_versions, CONTRACT_VERSION, ENGINE_VERSION};
pub use engine::Engine;
pub use error::{Error, Param, Problem, Severity};
