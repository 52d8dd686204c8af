//! The `kassa` binary end to end: records in input order with their line numbers, blank and unreadable lines,
//! the summary JSON and table, standard input, exit statuses. Expected values are worked out by hand from
//! examples/rulebook.json (old) and examples/rulebook-2027.json (new); core/tests/replay.rs shows the same
//! carts' arithmetic in detail.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const TEE: &str = r#"{"currency":"EUR","at":"2026-10-15T12:00:00Z","country":"DE","lines":[{"sku":"TEE","quantity":"2"}],"shipping-method":"standard"}"#;
const MUG: &str = r#"{"currency":"EUR","at":"2026-10-15T12:00:00Z","country":"DE","lines":[{"sku":"MUG","quantity":"1"}],"shipping-method":"standard"}"#;
const PEN: &str = r#"{"currency":"EUR","at":"2026-10-15T12:00:00Z","country":"DE","lines":[{"sku":"PEN","quantity":"3"}]}"#;

/// TEE: 2 x 19.90 + 4.90 = 44.70 -> 2 x 21.90 + 4.90 = 48.70; tax 6.35 + 0.78 = 7.13 -> 6.99 + 0.78 = 7.77.
const TEE_RECORD: &str = r#"{"line":1,"status":"changed","currency":"EUR","grand-total-old":"44.70","grand-total-new":"48.70","grand-total-delta":"4.00","taxes":[{"tax":"de-vat-standard","old":"7.13","new":"7.77","delta":"0.64"}],"promotions":[],"error-old":null,"error-new":null}"#;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = root()
        .join("target")
        .join("cli-tests")
        .join(format!("{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn kassa(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kassa"))
        .current_dir(root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // A process that stops early (a rulebook that does not load) closes its input: not our failure.
    let _ = input.write_all(stdin.unwrap_or("").as_bytes());
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn records_summary_and_table() {
    let dir = scratch("records");
    let carts = dir.join("carts.jsonl");
    // Line 2 is blank (skipped, but counted), line 3 is not JSON.
    std::fs::write(&carts, format!("{TEE}\n\n{{\n{MUG}\n{PEN}")).unwrap();
    let (out, summary) = (dir.join("out.jsonl"), dir.join("summary.json"));
    let o = kassa(
        &[
            "replay",
            "--old",
            "examples/rulebook.json",
            "--new",
            "examples/rulebook-2027.json",
            "-j",
            "2",
            "-o",
            out.to_str().unwrap(),
            "--summary",
            summary.to_str().unwrap(),
            carts.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let records = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = records.lines().collect();
    assert_eq!(lines.len(), 4, "{records}");
    assert_eq!(lines[0], TEE_RECORD);
    let parsed: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let col = |k: &str| -> Vec<serde_json::Value> { parsed.iter().map(|r| r[k].clone()).collect() };
    assert_eq!(col("line"), [1, 3, 4, 5]);
    assert_eq!(
        col("status"),
        ["changed", "failing", "newly-quoting", "same"]
    );
    assert_eq!(parsed[1]["currency"], "");
    assert_eq!(parsed[1]["error-old"]["code"], "invalid-json");
    assert_eq!(parsed[1]["error-new"]["code"], "invalid-json");
    // MUG: inactive in the old rulebook; 9.00 + 4.90 = 13.90 in the new one.
    assert_eq!(parsed[2]["grand-total-new"], "13.90");
    assert_eq!(
        parsed[2]["error-old"]["problems"][0]["code"],
        "item-inactive"
    );

    // Summary: both-quoting carts TEE and PEN: 44.70 + 3.60 = 48.30 -> 48.70 + 3.60 = 52.30 (+4.00);
    // de-vat-standard 7.13 + 0.57 = 7.70 -> 7.77 + 0.57 = 8.34.
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(
        s,
        serde_json::json!({
            "carts": 4, "same": 1, "changed": 1, "newly-failing": 0, "newly-quoting": 1, "failing": 1,
            "totals": [{"currency": "EUR", "carts": 2, "old": "48.30", "new": "52.30", "delta": "4.00"}],
            "taxes": [{"tax": "de-vat-standard", "currency": "EUR", "carts": 2, "old": "7.70", "new": "8.34",
                       "delta": "0.64"}],
            "promotions": [],
            "errors": [
                {"side": "new", "code": "invalid-json", "problem": null, "carts": 1},
                {"side": "old", "code": "cart-invalid", "problem": "item-inactive", "carts": 1},
                {"side": "old", "code": "invalid-json", "problem": null, "carts": 1}
            ]
        })
    );
    // The records went to a file, so the table goes to standard output.
    let table = text(&o.stdout);
    assert!(
        table.starts_with(
            "kassa replay: 4 carts, kassa-demo-store 2026-11-01 -> kassa-demo-store 2027-01-01\n"
        ),
        "{table}"
    );
    assert!(table.contains("\n  changed           1\n"), "{table}");
}

#[test]
fn many_carts_keep_their_order_on_every_thread_count() {
    // 3,000 lines (about 12 batches) cycling through three carts whose records are known.
    let kinds = [TEE, MUG, PEN];
    let input: String = (0..3000).map(|i| format!("{}\n", kinds[i % 3])).collect();
    let expected = ["changed", "newly-quoting", "same"];
    for threads in ["1", "2", "3"] {
        let o = kassa(
            &[
                "replay",
                "-q",
                "-j",
                threads,
                "--old",
                "examples/rulebook.json",
                "--new",
                "examples/rulebook-2027.json",
                "-",
            ],
            Some(&input),
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        assert!(o.stderr.is_empty(), "quiet: {}", text(&o.stderr));
        let out = text(&o.stdout);
        let mut n = 0;
        for (i, l) in out.lines().enumerate() {
            let r: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(r["line"], i as u64 + 1);
            assert_eq!(r["status"], expected[i % 3], "line {}", i + 1);
            n += 1;
        }
        assert_eq!(n, 3000, "-j {threads}");
        assert!(out.starts_with(&format!("{TEE_RECORD}\n")));
    }
}

#[test]
fn a_rulebook_that_does_not_load_and_a_wrong_command_line() {
    let dir = scratch("bad");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"kassa": "1"}"#).unwrap();
    let o = kassa(
        &[
            "replay",
            "--old",
            bad.to_str().unwrap(),
            "--new",
            "examples/rulebook.json",
            "-",
        ],
        Some(PEN),
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("rulebook-invalid"), "{err}");
    assert!(err.contains("missing-field"), "{err}");

    let o = kassa(&["replay", "--old", "examples/rulebook.json", "-"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--new NEW.json is required"));

    let o = kassa(
        &["replay", "--old", "x", "--new", "y", "/no/such/carts.jsonl"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).starts_with("kassa replay: x: "));
}
