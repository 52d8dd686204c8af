//! The native conformance runner: reads requests as JSON lines on stdin, calls kassa-core directly (no wasm),
//! writes one canonical JSON response per request. The protocol is documented in conformance/README.md.

use kassa_core::api::{self, FieldKind, RoundingMode};
use kassa_core::{Engine, Error};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, Write};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    id: String,
    op: String,
    #[serde(default)]
    rulebook: Option<String>,
    #[serde(default)]
    input: Value,
}

fn main() {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let hello = json!({"hello": {
        "host": "rust",
        "runtime": format!("kassa-core {} (native, no wasm)", kassa_core::ENGINE_VERSION),
        "component-sha256": "native",
    }});
    writeln!(out, "{hello}")
        .and_then(|_| out.flush())
        .unwrap_or_else(|e| exit_on(e));
    let mut engines: HashMap<String, Result<Engine, Error>> = HashMap::new();
    for line in stdin.lock().lines() {
        let line = line.unwrap_or_else(|e| exit_on(e));
        if line.trim().is_empty() {
            continue;
        }
        let response = match serde_json::from_str::<Request>(&line) {
            Ok(req) => {
                let outcome = run(&req, &mut engines);
                match outcome {
                    // A JSON entry point answers the engine's text, compared byte for byte.
                    Ok(result) if req.op.ends_with("-json") => {
                        json!({"id": req.id, "wire": result})
                    }
                    Ok(result) => json!({"id": req.id, "result": result}),
                    Err(error) => json!({"id": req.id, "error": error}),
                }
            }
            Err(e) => {
                json!({"id": null, "error": {"code": "host-error", "path": "", "message": format!("bad request: {e}"), "params": [], "problems": []}})
            }
        };
        writeln!(out, "{response}")
            .and_then(|_| out.flush())
            .unwrap_or_else(|e| exit_on(e));
    }
}

/// The JSON entry points' input: `text` as it is, or `hex` for bytes that are not UTF-8.
fn json_input(input: &Value) -> Result<Vec<u8>, Value> {
    if let Some(hex) = input.get("hex").and_then(Value::as_str) {
        let digit = |c: u8| {
            (c as char)
                .to_digit(16)
                .ok_or_else(|| host_error(format!("bad hex {hex:?}")))
        };
        let b = hex.as_bytes();
        if b.len() % 2 != 0 {
            return Err(host_error(format!("bad hex {hex:?}")));
        }
        return b
            .chunks(2)
            .map(|p| Ok((digit(p[0])? * 16 + digit(p[1])?) as u8))
            .collect();
    }
    arg::<String>(input, "text").map(String::into_bytes)
}

fn error_value(e: Error) -> Value {
    serde_json::to_value(e).unwrap_or(Value::Null)
}

fn exit_on(e: std::io::Error) -> ! {
    eprintln!("kassa-conformance-rust: {e}");
    std::process::exit(2)
}

/// A request the runner itself cannot understand (not a Kassa error).
fn host_error(message: String) -> Value {
    json!({"code": "host-error", "path": "", "message": message, "params": [], "problems": []})
}

fn arg<T: DeserializeOwned>(input: &Value, key: &str) -> Result<T, Value> {
    let v = input.get(key).cloned().unwrap_or(Value::Null);
    serde_json::from_value(v).map_err(|e| host_error(format!("input.{key}: {e}")))
}

fn to_json<T: serde::Serialize>(r: Result<T, Error>) -> Result<Value, Value> {
    match r {
        Ok(v) => serde_json::to_value(v).map_err(|e| host_error(e.to_string())),
        Err(e) => Err(serde_json::to_value(e).unwrap_or(Value::Null)),
    }
}

fn run(
    req: &Request,
    engines: &mut HashMap<String, Result<Engine, Error>>,
) -> Result<Value, Value> {
    let input = &req.input;
    let s = |k: &str| arg::<String>(input, k);
    match req.op.as_str() {
        "load" | "info" | "quote" | "shipping-options" | "validate" | "quote-json"
        | "validate-json" => {
            let text = req
                .rulebook
                .clone()
                .ok_or_else(|| host_error(format!("op {} needs a rulebook", req.op)))?;
            let engine = engines
                .entry(text.clone())
                .or_insert_with(|| Engine::load(&text));
            let engine = match engine {
                Ok(e) => e,
                Err(e) => return Err(serde_json::to_value(e.clone()).unwrap_or(Value::Null)),
            };
            match req.op.as_str() {
                "quote" => {
                    let cart: api::Cart = arg_value(input)?;
                    to_json(engine.quote(&cart))
                }
                "shipping-options" => {
                    let cart: api::Cart = arg_value(input)?;
                    to_json(engine.shipping_options(&cart))
                }
                "validate" => {
                    let order: api::Order = arg_value(input)?;
                    to_json(Ok(engine.validate(&order)))
                }
                "quote-json" => engine
                    .quote_json(&json_input(input)?)
                    .map(Value::String)
                    .map_err(error_value),
                "validate-json" => engine
                    .validate_json(&json_input(input)?)
                    .map(Value::String)
                    .map_err(error_value),
                _ => to_json(Ok(engine.info())),
            }
        }
        "canonical-decimal" => to_json(kassa_core::money::canonical_decimal_wire(&s("value")?)),
        "round" => to_json(kassa_core::money::round_wire(
            &s("value")?,
            arg(input, "scale")?,
            arg::<RoundingMode>(input, "mode")?,
        )),
        "round-to-increment" => to_json(kassa_core::money::round_to_increment_wire(
            &s("value")?,
            &s("increment")?,
            arg(input, "mode")?,
        )),
        "round-money" => to_json(kassa_core::money::round_money_wire(
            &s("amount")?,
            &s("currency")?,
            arg(input, "mode")?,
        )),
        "cash-round" => to_json(kassa_core::money::cash_round_wire(
            &s("amount")?,
            &s("currency")?,
            arg(input, "mode")?,
        )),
        "to-minor-units" => to_json(kassa_core::money::to_minor_units_wire(
            &s("amount")?,
            &s("currency")?,
        )),
        "from-minor-units" => to_json(kassa_core::money::from_minor_units_wire(
            &s("minor")?,
            &s("currency")?,
        )),
        "allocate" => to_json(kassa_core::money::allocate_wire(
            &s("amount")?,
            &s("currency")?,
            &arg::<Vec<String>>(input, "ratios")?,
        )),
        "allocate-evenly" => to_json(kassa_core::money::allocate_evenly_wire(
            &s("amount")?,
            &s("currency")?,
            arg(input, "parts")?,
        )),
        "currency-info" => to_json(kassa_core::money::currency_wire(&s("code")?)),
        "validate-field" => {
            let kind: FieldKind = arg(input, "kind")?;
            let country: Option<String> = arg(input, "country")?;
            to_json(Ok(kassa_core::fields::validate_field(
                kind,
                &s("value")?,
                country.as_deref(),
            )))
        }
        "validate-fields" => {
            let requests: Vec<api::FieldRequest> = arg(input, "requests")?;
            to_json(kassa_core::fields::validate_fields(&requests))
        }
        "versions" => to_json(Ok(kassa_core::about())),
        "replay" => {
            let old_text = req
                .rulebook
                .clone()
                .ok_or_else(|| host_error("op replay needs a rulebook".into()))?;
            let new_text = s("new")?;
            for text in [&old_text, &new_text] {
                engines
                    .entry(text.clone())
                    .or_insert_with(|| Engine::load(text));
            }
            let engine = |text: &String| match &engines[text] {
                Ok(e) => Ok(e),
                Err(e) => Err(serde_json::to_value(e.clone()).unwrap_or(Value::Null)),
            };
            let (old, new) = (engine(&old_text)?, engine(&new_text)?);
            let cart: api::Cart = arg(input, "cart")?;
            to_json(kassa_core::replay::replay(
                old,
                new,
                arg(input, "line")?,
                &cart,
            ))
        }
        other => Err(host_error(format!("unknown op {other:?}"))),
    }
}

fn arg_value<T: DeserializeOwned>(input: &Value) -> Result<T, Value> {
    serde_json::from_value(input.clone()).map_err(|e| host_error(format!("input: {e}")))
}
