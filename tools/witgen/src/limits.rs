//! The resource limits (core/src/limits.rs: `memory`, `fuel`) and the errors a host raises when a call runs out
//! of them, written into every host from kassa-core itself, so that no host restates a number or a message:
//!
//! - `bindings/limits.rs`: the memory maximum the wasm module declares (bindings/build.rs links it in);
//! - Go `consumers/go/limits.go`, Python `consumers/python/src/kassa/_limits.py`, TypeScript
//!   `consumers/js/src/limits.ts`: the default caps, a constructor per resource error with core's message,
//!   params and text (`EngineError::MemoryExhausted`, `FuelExhausted`, rendered by core with a placeholder
//!   maximum), and the text of an error without path or problems (`Error::text`) for the errors hosts make.
//!
//! Fuel only exists in Python (wasmtime meters it); Go and JS get memory alone.

use crate::text::marker;
use crate::File;
use anyhow::{ensure, Result};
use kassa_core::error::{Coded, EngineError};
use kassa_core::limits::{MAX_FUEL, MAX_INPUT_BYTES, MAX_MEMORY_BYTES};
use kassa_core::Error;
use std::fmt::Write;

const SOURCE: &str = "core/src/limits.rs";
/// A maximum no real limit has: rendered by core in its place and then cut out of the message.
const PLACEHOLDER: u64 = 987_654_321_987;

pub fn emit() -> Result<Vec<File>> {
    let memory = Resource::new(
        "memory",
        EngineError::MemoryExhausted {
            limit: "memory",
            max: PLACEHOLDER,
        },
    )?;
    let fuel = Resource::new(
        "fuel",
        EngineError::FuelExhausted {
            limit: "fuel",
            max: PLACEHOLDER,
        },
    )?;
    let plain = plain_text()?;
    Ok(vec![
        File {
            path: "bindings/limits.rs".into(),
            contents: crate::rust::rustfmt(&bindings())?,
        },
        File {
            path: "consumers/go/limits.go".into(),
            contents: go(&memory, &plain),
        },
        File {
            path: "consumers/python/src/kassa/_limits.py".into(),
            contents: python(&[&memory, &fuel], &plain),
        },
        File {
            path: "consumers/js/src/limits.ts".into(),
            contents: ts(&memory, &plain),
        },
    ])
}

/// A string cut at every place core wrote the maximum: the pieces, to be joined with the host's maximum.
type Pieces = Vec<String>;

fn pieces(s: &str) -> Pieces {
    s.split(&PLACEHOLDER.to_string())
        .map(String::from)
        .collect()
}

/// A resource error as core renders it: its code, message, params and text, the maximum cut out.
struct Resource {
    limit: &'static str,
    code: String,
    message: Pieces,
    params: Vec<(String, Pieces)>,
    text: Pieces,
}

impl Resource {
    fn new(limit: &'static str, e: EngineError) -> Result<Resource> {
        let e = e.to_error("");
        ensure!(e.param("limit") == Some(limit), "{limit}: the limit param");
        Ok(Resource {
            limit,
            code: e.code.clone(),
            message: pieces(&e.message),
            params: e
                .params
                .iter()
                .map(|p| (p.name.clone(), pieces(&p.value)))
                .collect(),
            text: pieces(&e.text()),
        })
    }
}

/// `Error::text` of an error with no path and no problems, as pieces around its code and its message.
struct Plain {
    before_code: String,
    between: String,
    after_message: String,
}

fn plain_text() -> Result<Plain> {
    let (code, message) = ("\u{1}code\u{1}", "\u{1}message\u{1}");
    let text = Error {
        code: code.into(),
        path: String::new(),
        message: message.into(),
        params: Vec::new(),
        problems: Vec::new(),
    }
    .text();
    let (before_code, rest) = text.split_once(code).unwrap_or_default();
    let (between, after_message) = rest.split_once(message).unwrap_or_default();
    ensure!(
        format!("{before_code}{code}{between}{message}{after_message}") == text,
        "Error::text must show the code before the message: {text:?}"
    );
    Ok(Plain {
        before_code: before_code.into(),
        between: between.into(),
        after_message: after_message.into(),
    })
}

/// A string literal in Go, Python or TypeScript: the messages are plain ASCII, which all three read alike.
fn quoted(s: &str, quote: char) -> String {
    assert!(
        s.chars().all(|c| c.is_ascii() && !c.is_ascii_control()),
        "a message with more than printable ASCII: {s:?}"
    );
    let mut out = String::from(quote);
    for c in s.chars() {
        if c == quote || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push(quote);
    out
}

/// `pieces` joined with the variable `var`, as an expression of string concatenations ("" pieces left out).
fn joined(pieces: &[String], var: &str, quote: char) -> String {
    let mut parts = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 {
            parts.push(var.to_string());
        }
        if !p.is_empty() {
            parts.push(quoted(p, quote));
        }
    }
    if parts.is_empty() {
        return quoted("", quote);
    }
    parts.join(" + ")
}

fn bindings() -> String {
    let mut out = marker("//", SOURCE);
    let _ = write!(
        out,
        "\n// core's `limits::MAX_MEMORY_BYTES`, included by build.rs: the maximum linear memory the module\n\
         // declares.\n\
         pub const MAX_MEMORY_BYTES: u64 = {MAX_MEMORY_BYTES};\n"
    );
    out
}

fn go(memory: &Resource, plain: &Plain) -> String {
    let mib = MAX_MEMORY_BYTES / (1024 * 1024);
    assert_eq!(mib * 1024 * 1024, MAX_MEMORY_BYTES, "a whole number of MiB");
    let mut out = marker("//", SOURCE);
    let _ = write!(
        out,
        "\npackage kassa\n\n\
         import \"strconv\"\n\n\
         // DefaultMemoryLimitMiB is the default cap of each instance's linear memory (the limit `memory` of\n\
         // docs/limits.md, also the maximum the wasm module declares): the worst cases inside the input limits fit\n\
         // in it with room to spare, so every input within the limits gets the same answer as in the other hosts.\n\
         const DefaultMemoryLimitMiB = {mib}\n\n\
         // memoryExhausted is the error of a call stopped at a memory cap of max bytes (core's\n\
         // EngineError::MemoryExhausted): code {code}, params limit={limit} and max.\n\
         func memoryExhausted(max uint64) *Error {{\n\
         \tm := strconv.FormatUint(max, 10)\n\
         \treturn &Error{{\n\
         \t\tCode:    {code_lit},\n\
         \t\tMessage: {message},\n\
         \t\tParams:  []Param{{{params}}},\n\
         \t\tText:    {text},\n\
         \t}}\n\
         }}\n\n\
         // errorText is the text of an error with no path and no problems (core's Error::text), for the errors\n\
         // the host makes itself.\n\
         func errorText(code, message string) string {{\n\
         \treturn {plain}\n\
         }}\n",
        code = memory.code,
        limit = memory.limit,
        code_lit = quoted(&memory.code, '"'),
        message = joined(&memory.message, "m", '"'),
        params = memory
            .params
            .iter()
            .map(|(n, v)| format!("{{Name: {}, Value: {}}}", quoted(n, '"'), joined(v, "m", '"')))
            .collect::<Vec<_>>()
            .join(", "),
        text = joined(&memory.text, "m", '"'),
        plain = plain_expr(plain, '"'),
    );
    out
}

fn python(resources: &[&Resource], plain: &Plain) -> String {
    let mut out = marker("#", SOURCE);
    let _ = write!(
        out,
        "\"\"\"The resource limits of docs/limits.md (kassa-core's table) and the errors of a call that runs out of them.\n\n\
         `MEMORY_BYTES` and `FUEL` are the defaults of `kassa.Limits`: the worst cases inside the input limits fit in\n\
         them with room to spare. Each `*_exhausted` function gives core's code, message, params and text for a\n\
         cap of `max`.\n\"\"\"\n\n\
         from __future__ import annotations\n\n\
         MEMORY_BYTES = {MAX_MEMORY_BYTES}\n\
         FUEL = {MAX_FUEL}\n\
         #: Largest JSON input of the engine's JSON entry points (limit `input-bytes`): a field batch whose JSON\n\
         #: is larger crosses typed instead.\n\
         INPUT_BYTES = {MAX_INPUT_BYTES}\n"
    );
    for r in resources {
        let _ = write!(
            out,
            "\n\ndef {limit}_exhausted(max: int) -> tuple[str, str, dict[str, str], str]:\n\
             \x20   \"\"\"(code, message, params, text) of a call stopped at a {limit} cap of `max`.\"\"\"\n\
             \x20   m = str(max)\n\
             \x20   message = {message}\n\
             \x20   params = {{{params}}}\n\
             \x20   text = {text}\n\
             \x20   return {code}, message, params, text\n",
            limit = r.limit,
            message = joined(&r.message, "m", '"'),
            params = r
                .params
                .iter()
                .map(|(n, v)| format!("{}: {}", quoted(n, '"'), joined(v, "m", '"')))
                .collect::<Vec<_>>()
                .join(", "),
            code = quoted(&r.code, '"'),
            text = joined(&r.text, "m", '"'),
        );
    }
    let _ = write!(
        out,
        "\n\ndef error_text(code: str, message: str) -> str:\n\
         \x20   \"\"\"The text of an error with no path and no problems (core's Error::text).\"\"\"\n\
         \x20   return {}\n",
        plain_expr(plain, '"')
    );
    out
}

fn ts(memory: &Resource, plain: &Plain) -> String {
    let mut out = marker("//", SOURCE);
    let _ = write!(
        out,
        "\n// The resource limit of docs/limits.md a JS instance has (kassa-core's table) and the error of a call that\n\
         // runs out of it.\n\n\
         /** Bytes of linear memory an instance may use: the maximum the wasm module declares (limit `memory`). */\n\
         export const MEMORY_LIMIT_BYTES = {MAX_MEMORY_BYTES};\n\n\
         /** Largest JSON input of the engine's JSON entry points (limit `input-bytes`): a field batch whose JSON is\n\
         \x20* larger crosses typed instead. */\n\
         export const INPUT_LIMIT_BYTES = {MAX_INPUT_BYTES};\n\n\
         /** The fields of an error the package makes itself. */\n\
         export interface HostErrorFields {{\n\
         \x20 code: string;\n\
         \x20 message: string;\n\
         \x20 params: Record<string, string>;\n\
         \x20 text: string;\n\
         }}\n\n\
         /** The error of a call stopped at a memory cap of `max` bytes (core's EngineError::MemoryExhausted). */\n\
         export function memoryExhausted(max: number): HostErrorFields {{\n\
         \x20 const m = String(max);\n\
         \x20 return {{\n\
         \x20   code: {code},\n\
         \x20   message: {message},\n\
         \x20   params: {{ {params} }},\n\
         \x20   text: {text},\n\
         \x20 }};\n\
         }}\n\n\
         /** The text of an error with no path and no problems (core's Error::text). */\n\
         export function errorText(code: string, message: string): string {{\n\
         \x20 return {plain};\n\
         }}\n",
        code = quoted(&memory.code, '\''),
        message = joined(&memory.message, "m", '\''),
        params = memory
            .params
            .iter()
            .map(|(n, v)| format!("{n}: {}", joined(v, "m", '\'')))
            .collect::<Vec<_>>()
            .join(", "),
        text = joined(&memory.text, "m", '\''),
        plain = plain_expr(plain, '\''),
    );
    out
}

/// `Error::text` of `code` and `message` as a concatenation in Python or TypeScript.
fn plain_expr(plain: &Plain, quote: char) -> String {
    let mut parts = Vec::new();
    if !plain.before_code.is_empty() {
        parts.push(quoted(&plain.before_code, quote));
    }
    parts.push("code".to_string());
    parts.push(quoted(&plain.between, quote));
    parts.push("message".to_string());
    if !plain.after_message.is_empty() {
        parts.push(quoted(&plain.after_message, quote));
    }
    parts.join(" + ")
}
