//! kassa-component: exports kassa-core through the WIT contract in wit/kassa.wit.
//!
//! Nothing but type conversion lives here: every decision is made in kassa-core. The conversions are in
//! `convert.rs`, one `From` per record, in both directions where the record crosses both ways.

mod alloc;
mod convert;

// The `js` feature builds world `kassa-js` (the browser build: no typed pricing, replay or refunds, see wit/kassa.wit);
// without it, world `kassa` (everything).
#[cfg(not(feature = "js"))]
wit_bindgen::generate!({
    world: "kassa",
    path: "../wit",
});
#[cfg(feature = "js")]
wit_bindgen::generate!({
    world: "kassa-js",
    path: "../wit",
});

use exports::kassa::engine::engine_api::{self, GuestEngine};
use exports::kassa::engine::types::{
    About, Currency, EngineInfo, Error, FieldKind, FieldRequest, FieldResult, RoundingMode,
};
#[cfg(not(feature = "js"))]
use exports::kassa::engine::types::{
    Cart, CreditNote, Order, Quote, RefundRequest, ReplayRecord, ShippingOption, ValidationReport,
};
use kassa_core::api;

struct Component;

/// A core error as the contract's error. One copy of the conversion for every export (not inlined into each of
/// them, which made the browser build bigger for no speed: an error is converted once per failed call).
#[inline(never)]
fn wire_error(e: kassa_core::Error) -> Error {
    Error::from(e)
}

/// The guest side of the `engine` resource: a loaded rulebook.
pub struct EngineResource(kassa_core::Engine);

impl engine_api::Guest for Component {
    type Engine = EngineResource;
}

impl GuestEngine for EngineResource {
    fn load(rulebook: String) -> Result<engine_api::Engine, Error> {
        kassa_core::Engine::load(&rulebook)
            .map(|e| engine_api::Engine::new(EngineResource(e)))
            .map_err(wire_error)
    }

    fn info(&self) -> EngineInfo {
        self.0.info().into()
    }

    fn quote_json(&self, cart: Vec<u8>) -> Result<String, Error> {
        self.0.quote_json(&cart).map_err(Error::from)
    }

    fn validate_json(&self, order: Vec<u8>) -> Result<String, Error> {
        self.0.validate_json(&order).map_err(Error::from)
    }

    fn shipping_options_json(&self, cart: Vec<u8>) -> Result<String, Error> {
        self.0.shipping_options_json(&cart).map_err(Error::from)
    }
}

#[cfg(not(feature = "js"))]
impl exports::kassa::engine::wire::Guest for Component {
    fn canonical_cart(json: Vec<u8>) -> Result<String, Error> {
        kassa_core::engine::canonical_cart(&json).map_err(Error::from)
    }

    fn validate_fields_json(requests: Vec<u8>) -> Result<String, Error> {
        kassa_core::engine::validate_fields_json(&requests).map_err(Error::from)
    }
}

#[cfg(not(feature = "js"))]
impl exports::kassa::engine::replay_json::Guest for Component {
    fn replay_json(
        old: engine_api::EngineBorrow<'_>,
        new: engine_api::EngineBorrow<'_>,
        line: u64,
        cart: Vec<u8>,
    ) -> Result<String, Error> {
        let (old, new) = (
            &old.get::<EngineResource>().0,
            &new.get::<EngineResource>().0,
        );
        kassa_core::replay::replay_json(old, new, line, &cart).map_err(Error::from)
    }
}

#[cfg(not(feature = "js"))]
impl exports::kassa::engine::typed::Guest for Component {
    fn quote_cart(engine: engine_api::EngineBorrow<'_>, cart: Cart) -> Result<Quote, Error> {
        engine
            .get::<EngineResource>()
            .0
            .quote(&api::Cart::from(cart))
            .map(Quote::from)
            .map_err(wire_error)
    }

    fn validate_order(engine: engine_api::EngineBorrow<'_>, order: Order) -> ValidationReport {
        engine
            .get::<EngineResource>()
            .0
            .validate(&api::Order::from(order))
            .into()
    }

    fn shipping_options(
        engine: engine_api::EngineBorrow<'_>,
        cart: Cart,
    ) -> Result<Vec<ShippingOption>, Error> {
        engine
            .get::<EngineResource>()
            .0
            .shipping_options(&api::Cart::from(cart))
            .map(|options| options.into_iter().map(ShippingOption::from).collect())
            .map_err(wire_error)
    }
}

#[cfg(not(feature = "js"))]
impl exports::kassa::engine::replay::Guest for Component {
    fn replay(
        old: engine_api::EngineBorrow<'_>,
        new: engine_api::EngineBorrow<'_>,
        line: u64,
        cart: Cart,
    ) -> Result<ReplayRecord, Error> {
        let (old, new) = (
            &old.get::<EngineResource>().0,
            &new.get::<EngineResource>().0,
        );
        kassa_core::replay::replay(old, new, line, &api::Cart::from(cart))
            .map(ReplayRecord::from)
            .map_err(Error::from)
    }
}

#[cfg(not(feature = "js"))]
impl exports::kassa::engine::refunds::Guest for Component {
    fn refund(
        engine: engine_api::EngineBorrow<'_>,
        request: RefundRequest,
    ) -> Result<CreditNote, Error> {
        let engine = &engine.get::<EngineResource>().0;
        engine
            .refund(&api::RefundRequest::from(request))
            .map(CreditNote::from)
            .map_err(wire_error)
    }
}

#[cfg(not(feature = "js"))]
impl exports::kassa::engine::refunds_json::Guest for Component {
    fn refund_json(
        engine: engine_api::EngineBorrow<'_>,
        request: Vec<u8>,
    ) -> Result<String, Error> {
        let engine = &engine.get::<EngineResource>().0;
        engine.refund_json(&request).map_err(Error::from)
    }
}

#[cfg(not(feature = "js"))]
impl exports::kassa::engine::money::Guest for Component {
    fn canonical_decimal(value: String) -> Result<String, Error> {
        kassa_core::money::canonical_decimal_wire(&value).map_err(wire_error)
    }
    fn round(value: String, scale: u32, mode: RoundingMode) -> Result<String, Error> {
        kassa_core::money::round_wire(&value, scale, mode.into()).map_err(wire_error)
    }
    fn round_to_increment(
        value: String,
        increment: String,
        mode: RoundingMode,
    ) -> Result<String, Error> {
        kassa_core::money::round_to_increment_wire(&value, &increment, mode.into())
            .map_err(wire_error)
    }
    fn round_money(amount: String, currency: String, mode: RoundingMode) -> Result<String, Error> {
        kassa_core::money::round_money_wire(&amount, &currency, mode.into()).map_err(wire_error)
    }
    fn cash_round(amount: String, currency: String, mode: RoundingMode) -> Result<String, Error> {
        kassa_core::money::cash_round_wire(&amount, &currency, mode.into()).map_err(wire_error)
    }
    fn to_minor_units(amount: String, currency: String) -> Result<String, Error> {
        kassa_core::money::to_minor_units_wire(&amount, &currency).map_err(wire_error)
    }
    fn from_minor_units(minor: String, currency: String) -> Result<String, Error> {
        kassa_core::money::from_minor_units_wire(&minor, &currency).map_err(wire_error)
    }
    fn allocate(
        amount: String,
        currency: String,
        ratios: Vec<String>,
    ) -> Result<Vec<String>, Error> {
        kassa_core::money::allocate_wire(&amount, &currency, &ratios).map_err(wire_error)
    }
    fn allocate_evenly(amount: String, currency: String, parts: u32) -> Result<Vec<String>, Error> {
        kassa_core::money::allocate_evenly_wire(&amount, &currency, parts).map_err(wire_error)
    }
}

impl exports::kassa::engine::money_calls::Guest for Component {
    fn money_call(
        op: exports::kassa::engine::money_calls::MoneyOp,
        args: Vec<String>,
        mode: Option<RoundingMode>,
        count: Option<u32>,
    ) -> Result<Vec<String>, Error> {
        kassa_core::money::call_wire(op.into(), &args, mode.map(Into::into), count)
            .map_err(wire_error)
    }

    fn currency_info(code: String) -> Result<Currency, Error> {
        kassa_core::money::currency_wire(&code)
            .map(Currency::from)
            .map_err(wire_error)
    }
}

impl exports::kassa::engine::fields::Guest for Component {
    fn validate_field(kind: FieldKind, value: String, country: Option<String>) -> FieldResult {
        kassa_core::fields::validate_field(kind.into(), &value, country.as_deref()).into()
    }

    fn validate_fields(requests: Vec<FieldRequest>) -> Result<Vec<FieldResult>, Error> {
        let requests: Vec<api::FieldRequest> = requests.into_iter().map(Into::into).collect();
        kassa_core::fields::validate_fields(&requests)
            .map(|results| results.into_iter().map(Into::into).collect())
            .map_err(wire_error)
    }
}

impl exports::kassa::engine::meta::Guest for Component {
    fn versions() -> About {
        kassa_core::about().into()
    }

    fn trap_for_testing() {
        // A deliberate wasm `unreachable`, so hosts can prove they discard a trapped instance.
        #[cfg(target_arch = "wasm32")]
        core::arch::wasm32::unreachable();
        #[cfg(not(target_arch = "wasm32"))]
        std::process::abort();
    }
}

export!(Component);
