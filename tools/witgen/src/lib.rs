//! kassa-witgen: reads `wit/` and writes every host's glue, so that the contract is stated once.
//!
//! `model` turns the WIT into one description of the contract (types in dependency order with their
//! Canonical ABI layouts, exported functions with their core signatures and export names, the decimal and
//! timestamp strings, the defaults of input fields, the docs). One module per target writes its files from
//! that model; adding a target (or a JSON reader/writer for one) is one more module and one line in
//! [`generate`].

pub mod model;
pub mod names;
mod text;

mod codes;
mod go;
mod go_json;
mod limits;
mod otel;
mod python;
mod python_json;
mod rust;
mod rust_wire;
mod ts;

use anyhow::Result;
use model::Contract;
use std::path::{Path, PathBuf};

/// One generated file: its path relative to the repository root and its contents.
#[derive(Debug, Clone)]
pub struct File {
    pub path: PathBuf,
    pub contents: String,
}

/// Every generated file for the contract in `root/wit`, the resource limits of kassa-core in every host
/// (`limits`: they come from core's table, not from a contract), and the hosts' OpenTelemetry names from
/// `root/conformance/otel/spans.json`.
pub fn generate(root: &Path) -> Result<Vec<File>> {
    let wit = root.join("wit");
    let contract = Contract::load(&wit, "wit/kassa.wit")?;
    let js = Contract::load_world(&wit, "wit/kassa.wit", Some(JS_WORLD))?;
    let mut files = emit_for(&contract, &js)?;
    files.extend(limits::emit()?);
    files.extend(otel::emit(root)?);
    Ok(files)
}

/// The world the JavaScript package is built from: a subset of [`model::WORLD`] (wit/kassa.wit).
pub const JS_WORLD: &str = "kassa-js";

/// Every target's files for `contract`, with paths relative to the repository root (the JavaScript package
/// calls every function of it through jco).
pub fn emit(contract: &Contract) -> Result<Vec<File>> {
    emit_for(contract, contract)
}

/// As [`emit`], with the JavaScript package built from world `js` (a subset of `contract`'s): its jco glue
/// lowers and lifts only what `js` exports, and the results of the other functions reach it as JSON.
pub fn emit_for(contract: &Contract, js: &Contract) -> Result<Vec<File>> {
    let mut files = Vec::new();
    files.extend(rust::emit(contract)?);
    files.extend(rust_wire::emit(contract)?);
    files.extend(go::emit(contract)?);
    files.extend(go_json::emit(contract));
    files.extend(python::emit(contract)?);
    files.extend(python_json::emit(contract));
    files.extend(ts::emit(contract, js)?);
    files.extend(codes::emit());
    Ok(files)
}

/// The files under `root` that differ from what the generator writes (missing ones included).
pub fn stale(root: &Path, files: &[File]) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(root.join(&f.path)).ok().as_deref() != Some(f.contents.as_str())
        })
        .map(|f| f.path.clone())
        .collect()
}
