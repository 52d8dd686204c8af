//! The command line, parsed by hand (a handful of flags does not need a parser crate).

use std::path::PathBuf;

pub const USAGE: &str = "\
usage: kassa replay --old OLD.json --new NEW.json [options] CARTS.jsonl

Re-prices every cart of CARTS.jsonl (one cart per line in the contract's canonical JSON, each with its own
`at` and usage counts; `-` reads standard input) under the OLD and the NEW rulebook, and writes one JSON
record per cart, in input order, with what changed (docs/replay.md). A summary table follows at the end.

options:
  -o, --output FILE    write the records to FILE (default: standard output)
      --summary FILE   also write the summary as JSON to FILE
  -j, --threads N      worker threads (default: every core)
  -q, --quiet          no progress line and no summary table (the progress line only shows on a terminal)
  -h, --help           this text
  -V, --version        versions of the command, the engine and the contract

The summary table goes to standard error when the records go to standard output, else to standard output.
";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    Replay(Options),
}

/// The options of `kassa replay`.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    pub old: PathBuf,
    pub new: PathBuf,
    /// None reads standard input (`-`).
    pub carts: Option<PathBuf>,
    /// None writes standard output.
    pub output: Option<PathBuf>,
    pub summary: Option<PathBuf>,
    pub threads: usize,
    pub quiet: bool,
}

pub fn parse(argv: &[String]) -> Result<Command, String> {
    let mut it = argv.iter();
    match it.next().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => return Ok(Command::Help),
        Some("-V" | "--version") => return Ok(Command::Version),
        Some("replay") => {}
        Some(other) => return Err(format!("unknown command {other:?}")),
    }
    let (mut old, mut new, mut carts, mut output, mut summary) = (None, None, None, None, None);
    let mut threads = None;
    let mut quiet = false;
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--old" => old = Some(PathBuf::from(value(arg)?)),
            "--new" => new = Some(PathBuf::from(value(arg)?)),
            "-o" | "--output" => output = Some(PathBuf::from(value(arg)?)),
            "--summary" => summary = Some(PathBuf::from(value(arg)?)),
            "-j" | "--threads" => {
                let v = value(arg)?;
                threads = Some(
                    v.parse::<usize>()
                        .ok()
                        .filter(|n| (1..=1024).contains(n))
                        .ok_or_else(|| format!("{arg} takes a number from 1 to 1024, not {v:?}"))?,
                );
            }
            "-q" | "--quiet" => quiet = true,
            "-" => set_once(&mut carts, Some(arg))?,
            a if a.starts_with('-') => return Err(format!("unknown option {a:?}")),
            _ => set_once(&mut carts, Some(arg))?,
        }
    }
    let carts = carts.ok_or("no CARTS.jsonl given (use - for standard input)")?;
    Ok(Command::Replay(Options {
        old: old.ok_or("--old OLD.json is required")?,
        new: new.ok_or("--new NEW.json is required")?,
        carts: carts.filter(|c| c != "-").map(PathBuf::from),
        output,
        summary,
        threads: threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        }),
        quiet,
    }))
}

fn set_once(slot: &mut Option<Option<String>>, value: Option<&String>) -> Result<(), String> {
    if slot.is_some() {
        return Err("only one CARTS.jsonl can be given".into());
    }
    *slot = Some(value.cloned());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn a_full_command_line() {
        let Ok(Command::Replay(o)) = parse(&args(
            "replay --old a.json --new b.json -o out.jsonl --summary s.json -j 3 -q carts.jsonl",
        )) else {
            panic!("not a replay command");
        };
        assert_eq!(o.old, PathBuf::from("a.json"));
        assert_eq!(o.new, PathBuf::from("b.json"));
        assert_eq!(o.carts, Some(PathBuf::from("carts.jsonl")));
        assert_eq!(o.output, Some(PathBuf::from("out.jsonl")));
        assert_eq!(o.summary, Some(PathBuf::from("s.json")));
        assert_eq!((o.threads, o.quiet), (3, true));
    }

    #[test]
    fn standard_input_and_defaults() {
        let Ok(Command::Replay(o)) = parse(&args("replay - --new b --old a")) else {
            panic!("not a replay command");
        };
        assert_eq!(
            (o.carts, o.output, o.summary, o.quiet),
            (None, None, None, false)
        );
        assert!(o.threads >= 1);
    }

    #[test]
    fn mistakes_are_refused_with_a_reason() {
        for (line, reason) in [
            ("replay --old a carts", "--new NEW.json is required"),
            (
                "replay --old a --new b",
                "no CARTS.jsonl given (use - for standard input)",
            ),
            (
                "replay --old a --new b x y",
                "only one CARTS.jsonl can be given",
            ),
            (
                "replay --old a --new b -j 0 x",
                "-j takes a number from 1 to 1024, not \"0\"",
            ),
            ("replay --old", "--old needs a value"),
            ("replay --colour x", "unknown option \"--colour\""),
            ("frobnicate", "unknown command \"frobnicate\""),
        ] {
            assert_eq!(parse(&args(line)), Err(reason.to_string()), "{line}");
        }
        assert_eq!(parse(&args("")), Ok(Command::Help));
        assert_eq!(parse(&args("--version")), Ok(Command::Version));
    }
}
