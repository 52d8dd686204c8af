//! Writes the worst cases inside the limits (src/worst.rs) as the conformance group `limits-worst`:
//!
//!     cargo run -p kassa-bench --bin kassa-worst-cases -- OUT_DIR     (writes OUT_DIR/limits-worst.json)
//!
//! `make conformance` runs it into target/worst-cases and then the driver on that directory.

use std::path::PathBuf;

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: kassa-worst-cases OUT_DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&dir).expect("creating the output directory");
    let path = dir.join("limits-worst.json");
    let text = serde_json::to_string(&kassa_bench::worst::group()).expect("the group as JSON");
    std::fs::write(&path, text).expect("writing the group");
    println!("{}", path.display());
}
