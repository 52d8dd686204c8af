//! `make demo` (native part): prints what the engine is and which data it carries.
//! Grows into pricing the example checkout as the pricing issue lands.

fn main() {
    let about = kassa_core::about();
    println!(
        "Kassa engine {} (contract {})",
        about.engine_version, about.contract_version
    );
    for d in &about.data {
        println!("  data: {} ({}, {})", d.name, d.source, d.date);
    }
}
