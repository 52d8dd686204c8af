//! Link settings of the wasm module that come from kassa-core's limits (docs/limits.md): the maximum linear
//! memory the module declares (`memory`, every host's default cap), from limits.rs, which kassa-witgen writes
//! from core/src/limits.rs.

include!("limits.rs");

fn main() {
    println!("cargo:rerun-if-changed=limits.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--max-memory={MAX_MEMORY_BYTES}");
    }
}
