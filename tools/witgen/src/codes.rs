//! The error codes of core's code table (kassa_core::codes, docs/errors.md) as typed constants for the
//! Python and TypeScript hosts: `consumers/python/src/kassa/_codes.py` (a str Enum) and `consumers/js/src/codes.ts`
//! (a union type, no runtime code). Go's constants are in go_json.rs; all three read `go_json::codes()`.

use crate::go_json::codes;
use crate::text::marker;
use crate::File;
use std::fmt::Write;

const SOURCE: &str = "core's code table (kassa_core::codes, docs/errors.md)";

pub fn emit() -> Vec<File> {
    vec![
        File {
            path: "consumers/python/src/kassa/_codes.py".into(),
            contents: python(),
        },
        File {
            path: "consumers/js/src/codes.ts".into(),
            contents: ts(),
        },
    ]
}

fn python() -> String {
    let mut out = marker("#", SOURCE);
    out.push_str(
        "\"\"\"`kassa.Code`: every code of a KassaError and of a Problem (docs/errors.md). Codes are a public contract:\n\
         never renamed or reused, only added. A str Enum (StrEnum needs Python 3.11), so\n\
         `error.code == kassa.Code.CART_INVALID` and `error.code == \"cart-invalid\"` both hold.\"\"\"\n\n\
         from enum import Enum\n\n\n\
         class Code(str, Enum):\n",
    );
    for (code, meaning) in codes() {
        let name = code.replace('-', "_").to_uppercase();
        let _ = writeln!(out, "    #: {meaning}");
        let _ = writeln!(out, "    {name} = {code:?}");
    }
    out
}

fn ts() -> String {
    let mut out = marker("//", SOURCE);
    out.push_str(
        "\n// Every code of a KassaError and of a Problem (docs/errors.md). Codes are a public contract: never renamed\n\
         // or reused, only added; `KassaError.code` stays a string so that a newer engine's code is not a type error.\n\
         export type Code =\n",
    );
    let all = codes();
    for (i, (code, _)) in all.iter().enumerate() {
        let end = if i + 1 == all.len() { ";" } else { "" };
        let _ = writeln!(out, "  | '{code}'{end}");
    }
    out
}
