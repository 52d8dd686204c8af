//! The component (dist/kassa.wasm) in wasmtime through `bindgen!`, and the shared workloads
//! (bench/out/workloads, from bench/workloads.py) turned into the generated Rust types.
//!
//! This is the "compute" baseline of the report: wasm work plus wasmtime's own canonical ABI, with no
//! language shim around it (Rust values in, Rust values out).

use serde_json::Value;
use std::path::PathBuf;
use wasmtime::component::{Component, Linker, ResourceAny};
use wasmtime::{format_err as anyhow, Config, Engine, Result, Store};

wasmtime::component::bindgen!({ path: "../../wit", world: "kassa" });

pub use exports::kassa::engine::types::{Address, Cart, CartLine, FieldKind, FieldRequest, Order};

/// The repository root, from this crate's place in it. Cargo sets CARGO_MANIFEST_DIR when it runs a bench, and
/// that is preferred to the directory baked in at compile time: another checkout sharing the target dir may have
/// built the binary (its hash does not depend on the checkout's path).
pub fn repo() -> PathBuf {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    dir.join("../..")
}

pub fn read(name: &str) -> String {
    let path = repo().join("bench/out/workloads").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run `python3 bench/workloads.py` first)",
            path.display()
        )
    })
}

pub fn component_bytes() -> Vec<u8> {
    let path = repo().join("dist/kassa.wasm");
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `make build` first)", path.display()))
}

/// A wasmtime engine with the default configuration (Cranelift, no fuel, no epochs).
pub fn engine() -> Engine {
    Engine::new(&Config::new()).expect("a wasmtime engine")
}

pub fn compile(engine: &Engine, bytes: &[u8]) -> Component {
    Component::new(engine, bytes).expect("dist/kassa.wasm compiles")
}

/// One instance with a rulebook loaded: what a host keeps per worker.
pub struct Loaded {
    pub store: Store<()>,
    pub kassa: Kassa,
    pub engine: ResourceAny,
}

/// Instantiates the component (it imports nothing) and loads `rulebook` into it.
pub fn instantiate_and_load(
    engine: &Engine,
    component: &Component,
    rulebook: &str,
) -> Result<Loaded> {
    let mut store = Store::new(engine, ());
    let kassa = Kassa::instantiate(&mut store, component, &Linker::new(engine))?;
    let handle = kassa
        .kassa_engine_engine_api()
        .engine()
        .call_load(&mut store, rulebook)?
        .map_err(|e| anyhow!("the rulebook does not load: {}: {}", e.code, e.message))?;
    Ok(Loaded {
        store,
        kassa,
        engine: handle,
    })
}

impl Loaded {
    pub fn quote(&mut self, cart: &Cart) -> Result<exports::kassa::engine::types::Quote> {
        self.kassa
            .kassa_engine_typed()
            .call_quote_cart(&mut self.store, self.engine, cart)?
            .map_err(|e| anyhow!("quote failed: {}: {}", e.code, e.message))
    }

    pub fn validate(
        &mut self,
        order: &Order,
    ) -> Result<exports::kassa::engine::types::ValidationReport> {
        self.kassa
            .kassa_engine_typed()
            .call_validate_order(&mut self.store, self.engine, order)
    }

    /// Loads a rulebook into this instance and drops it again (the `load` workload).
    pub fn load_and_drop(&mut self, rulebook: &str) -> Result<()> {
        let h = self
            .kassa
            .kassa_engine_engine_api()
            .engine()
            .call_load(&mut self.store, rulebook)?
            .map_err(|e| anyhow!("the rulebook does not load: {}", e.code))?;
        h.resource_drop(&mut self.store)
    }

    /// Validates the batch in one validate-fields call; returns how many were valid.
    pub fn fields(&mut self, requests: &[FieldRequest]) -> Result<usize> {
        let results = self
            .kassa
            .kassa_engine_fields()
            .call_validate_fields(&mut self.store, requests)?
            .map_err(|e| anyhow!("validate-fields failed: {}", e.code))?;
        Ok(results.iter().filter(|r| r.valid).count())
    }
}

// ---- workloads: JSON (wire form, kebab-case) → generated types --------------------------------------------

fn s(v: &Value, key: &str) -> Result<String> {
    v[key]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| anyhow!("{key}: a string"))
}

fn opt(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

pub fn cart_from(v: &Value) -> Result<Cart> {
    if v.get("usage")
        .and_then(Value::as_array)
        .is_some_and(|u| !u.is_empty())
    {
        return Err(anyhow!("usage counts are not used by the workloads"));
    }
    let lines = v["lines"]
        .as_array()
        .ok_or_else(|| anyhow!("lines: an array"))?
        .iter()
        .map(|l| {
            Ok(CartLine {
                sku: s(l, "sku")?,
                quantity: s(l, "quantity")?,
                unit_price: opt(l, "unit-price"),
                taxes: None,
                attributes: Vec::new(),
            })
        })
        .collect::<Result<_>>()?;
    Ok(Cart {
        currency: s(v, "currency")?,
        at: s(v, "at")?,
        country: opt(v, "country"),
        region: opt(v, "region"),
        postal_code: opt(v, "postal-code"),
        channel: opt(v, "channel"),
        customer_group: opt(v, "customer-group"),
        customer_id: opt(v, "customer-id"),
        previous_orders: v
            .get("previous-orders")
            .and_then(Value::as_u64)
            .map(|n| n as u32),
        tax_exempt: flag(v, "tax-exempt"),
        reverse_charge: flag(v, "reverse-charge"),
        lines,
        coupons: strings(v, "coupons"),
        shipping_method: opt(v, "shipping-method"),
        shipping_taxes: None,
        cash_rounding: flag(v, "cash-rounding"),
        tenders: Vec::new(),
        usage: Vec::new(),
        explain: flag(v, "explain"),
        hints: flag(v, "hints"),
        exchange_rates: Vec::new(),
        attributes: Vec::new(),
    })
}

fn address(v: &Value) -> Result<Address> {
    Ok(Address {
        name: opt(v, "name"),
        lines: strings(v, "lines"),
        city: opt(v, "city"),
        postal_code: opt(v, "postal-code"),
        region: opt(v, "region"),
        country: s(v, "country")?,
    })
}

pub fn cart(name: &str) -> Cart {
    cart_from(&serde_json::from_str(&read(name)).expect("json")).expect("a workload cart")
}

pub fn order(name: &str) -> Order {
    let v: Value = serde_json::from_str(&read(name)).expect("json");
    let addr = |k: &str| {
        v.get(k)
            .filter(|a| !a.is_null())
            .map(address)
            .transpose()
            .expect("an address")
    };
    Order {
        cart: cart_from(&v["cart"]).expect("the order's cart"),
        email: opt(&v, "email"),
        phone: opt(&v, "phone"),
        vat_id: opt(&v, "vat-id"),
        shipping_address: addr("shipping-address"),
        billing_address: addr("billing-address"),
    }
}

/// The field-validator batch: (kind, value, country).
pub fn fields() -> Vec<(FieldKind, String, Option<String>)> {
    let v: Value = serde_json::from_str(&read("fields.json")).expect("fields.json");
    v.as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            let kind = match f["kind"].as_str().expect("a kind") {
                "email" => FieldKind::Email,
                "phone" => FieldKind::Phone,
                "postal-code" => FieldKind::PostalCode,
                "iban" => FieldKind::Iban,
                "bic" => FieldKind::Bic,
                "vat-id" => FieldKind::VatId,
                "card-number" => FieldKind::CardNumber,
                "country-code" => FieldKind::CountryCode,
                "currency-code" => FieldKind::CurrencyCode,
                other => panic!("unknown field kind {other}"),
            };
            (kind, s(f, "value").expect("a value"), opt(f, "country"))
        })
        .collect()
}
