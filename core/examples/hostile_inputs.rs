//! Times `Engine::load` on the hostile rulebooks of issue #21 (problem lists that grow with the input), natively.
//! `cargo run --release -p kassa-core --example hostile_inputs`

use kassa_core::Engine;
use std::time::Instant;

fn currencies(n: usize) -> String {
    let zeros = vec!["0"; n].join(",");
    format!(r#"{{"kassa":"1","id":"x","version":"1","settings":{{"currencies":[{zeros}]}}}}"#)
}

fn unknown_keys(n: usize) -> String {
    let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\":0")).collect();
    format!(
        r#"{{"kassa":"1","id":"x","version":"1",{}}}"#,
        keys.join(",")
    )
}

fn main() {
    let cases: Vec<(&str, String)> = vec![
        ("currencies x 200000 (400 KB)", currencies(200_000)),
        ("currencies x 2000000 (4 MB)", currencies(2_000_000)),
        ("unknown keys x 340000", unknown_keys(340_000)),
    ];
    for (name, text) in cases {
        let start = Instant::now();
        let r = Engine::load(&text);
        let took = start.elapsed();
        match r {
            Ok(_) => println!("{name}: loaded in {took:?}"),
            Err(e) => {
                let bytes: usize = e
                    .problems
                    .iter()
                    .map(|p| p.message.len() + p.path.len())
                    .sum();
                println!(
                    "{name}: {} in {took:?}, {} problems, ~{} bytes of messages+paths, params {:?}",
                    e.code,
                    e.problems.len(),
                    bytes,
                    e.params
                );
            }
        }
    }
}
