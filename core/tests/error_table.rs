//! docs/errors.md is the public table of error codes; this test keeps it identical to the code.
//! After adding a code: `KASSA_BLESS=1 cargo test -p kassa-core --test error_table` and commit the doc.

use kassa_core::codes;

fn render() -> String {
    let mut out = String::from(
        "# Error codes\n\n\
         Every failure and every finding Kassa reports carries one of these codes. Codes are a public contract:\n\
         they are never renamed or reused; new ones are only added. Each comes with a JSON-Pointer `path` into the\n\
         input, an English `message` and the message's `params`.\n\
         This file is generated from the code (the `CODES` table of each layer); a test fails when they differ:\n\
         `KASSA_BLESS=1 cargo test -p kassa-core --test error_table` regenerates it.\n\n\
         | code | layer | meaning |\n|---|---|---|\n",
    );
    for c in codes::all() {
        out.push_str(&format!("| `{}` | {} | {} |\n", c.code, c.layer, c.meaning));
    }
    out.push_str(
        "\nAn error lists at most 100 problems (`rulebook-invalid`, `cart-invalid`: the first ones found, with the \
         params `count`, every finding, and `omitted`, those not listed, when some are), and a validation report \
         at most 100 followed by one `problems-omitted` (docs/limits.md, `problems`).\n",
    );
    out.push_str(
        "\nThe codes of the layer `hints` are not failures: they are the codes of a quote's `hints` (asked for with \
         the cart's `hints`), each saying what would unlock the next benefit, with the figure in `params.missing` \
         (docs/rulebook.md, \"Hints\"). They share this table so that a code is never used twice.\n",
    );
    out.push_str(
        "\nHosts add one code of their own: `host-error`, for a failure outside the engine (a trap, a wrong \
         argument type caught before the call). Where a host says which failure it was, `params.reason` is one of \
         `trap`, `not-initialized`, `disposed`, `wasm-load-failed` (JS). A call that runs out of the memory of its \
         instance (or, in Python, of its fuel) is `limit-exceeded` with `params.limit` `memory` (or `fuel`) and \
         `params.max`, with the same message in every host (docs/limits.md, \"Resource limits\").\n",
    );
    out.push_str(
        "\n## The text of an error\n\n\
         Every error also carries `text`, the error in one line, written once by the engine (`Error::text` in \
         core/src/error.rs) and shown as is by every host: Go `Error()`, Python `str()`, JS `message`. Its \
         format is `code: path: message (and N more problems)`:\n\n\
         - path and message are the error's own, or, when it lists problems, those of its first problem;\n\
         - `: path` is left out when the path is \"\" (the whole input);\n\
         - N counts the other problems, listed or not (`params.count` - 1): ` (and 1 more problem)`, \
         ` (and N more problems)`, or nothing.\n\n\
         Example: a cart whose first problem is `quantity-above-max` at /lines/0/quantity and which has one more \
         reads `cart-invalid: /lines/0/quantity: quantity 12 is above the maximum of 10 (and 1 more problem)`. \
         The text has no wasm stack traces or host internals: what a runtime reported (a trap, its stack) is \
         kept apart (Go `%+v` and `errors.Unwrap`, Python `__cause__`, JS `cause`).\n",
    );
    out
}

#[test]
fn docs_errors_md_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md");
    let expected = render();
    if std::env::var_os("KASSA_BLESS").is_some() {
        std::fs::write(path, &expected).expect("write docs/errors.md");
        return;
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/errors.md is out of date: run `KASSA_BLESS=1 cargo test -p kassa-core --test error_table`"
    );
}
