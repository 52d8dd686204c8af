//! `kassa-witgen [--check] [ROOT]`: writes the glue generated from ROOT/wit (default: the repository this
//! crate lives in) into ROOT; with --check, writes nothing and fails when a committed file differs.

use anyhow::{bail, Result};
use std::path::PathBuf;

fn main() -> Result<()> {
    let mut check = false;
    let mut root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--check" => check = true,
            "-h" | "--help" => {
                println!("usage: kassa-witgen [--check] [ROOT]");
                return Ok(());
            }
            other => root = PathBuf::from(other),
        }
    }
    let files = kassa_witgen::generate(&root)?;
    let stale = kassa_witgen::stale(&root, &files);
    if check {
        if !stale.is_empty() {
            bail!(
                "generated files are out of date (run `make gen`): {}",
                stale
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        return Ok(());
    }
    for f in &files {
        if stale.contains(&f.path) {
            let path = root.join(&f.path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, &f.contents)?;
            println!("wrote {}", f.path.display());
        }
    }
    println!(
        "kassa-witgen: {} files, {} rewritten",
        files.len(),
        stale.len()
    );
    Ok(())
}
