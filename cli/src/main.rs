//! `kassa`: Kassa's command line. One command so far, `kassa replay` (docs/replay.md): re-price historical carts
//! under an old and a new rulebook and write what changed, cart by cart, plus a summary.
//!
//! Exit status: 0 when every cart was replayed (carts that do not quote are data, not failures), 1 when a
//! rulebook does not load or a file cannot be read or written, 2 for a wrong command line.

mod args;
mod input;
mod pipeline;
mod progress;
mod summary;

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&argv) {
        Ok(args::Command::Help) => {
            print!("{}", args::USAGE);
            ExitCode::SUCCESS
        }
        Ok(args::Command::Version) => {
            println!(
                "kassa {} (engine {}, contract {})",
                env!("CARGO_PKG_VERSION"),
                kassa_core::ENGINE_VERSION,
                kassa_core::CONTRACT_VERSION
            );
            ExitCode::SUCCESS
        }
        Ok(args::Command::Replay(options)) => match pipeline::run(&options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kassa replay: {e}");
                ExitCode::from(1)
            }
        },
        Err(message) => {
            eprintln!("kassa: {message}\n\n{}", args::USAGE);
            ExitCode::from(2)
        }
    }
}
