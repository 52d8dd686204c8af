//! The loaded rulebook and the operations on it: load, quote, shipping-options, validate, refund, info, and
//! the same on the canonical JSON of the wire format (quote-json, shipping-options-json, validate-json,
//! refund-json, and reading a cart or an order from its JSON), and a batch of field validations on JSON.

use crate::api;
use crate::error::{Error, Problem, Severity};
use crate::fields::FieldError;
use crate::json::read::{Fields, FromJson, Path};
use crate::json::Json;
use crate::pricing::PricingError;
use crate::problems::Problems;
use crate::quote::{self, Failure};
use crate::rulebook::{self, Rulebook};
use crate::wire::{self, Refused};
use crate::{about, validation};

/// A loaded, checked rulebook. Immutable after load, so it can be shared freely.
#[derive(Debug, Clone)]
pub struct Engine {
    rulebook: Rulebook,
}

impl Engine {
    /// Parse and check a rulebook (JSON). Reports every problem at once (the first 100 listed, all counted).
    pub fn load(rulebook: &str) -> Result<Engine, Error> {
        Ok(Engine {
            rulebook: rulebook::load(rulebook)?,
        })
    }

    /// The checked rulebook this engine prices with.
    pub fn rulebook(&self) -> &Rulebook {
        &self.rulebook
    }

    /// Price a cart. Fails with `cart-invalid` (every error-severity cart problem in `problems`) exactly when
    /// `validate` reports an error-severity problem under /cart.
    pub fn quote(&self, cart: &api::Cart) -> Result<api::Quote, Error> {
        quote::quote(&self.rulebook, cart)
    }

    /// Every shipping method of the rulebook for the cart, in rulebook order: priced as a quote of the cart
    /// with it would price it, or unavailable with the problem that quote reports (`quote::shipping_options`).
    pub fn shipping_options(&self, cart: &api::Cart) -> Result<Vec<api::ShippingOption>, Error> {
        quote::shipping_options(&self.rulebook, cart)
    }

    /// Every order-rule problem of an order: the cart's (paths under /cart), found by quoting it so that
    /// validation and quoting can never disagree, then the checkout fields'. The first ones found are listed
    /// (docs/limits.md, `problems`).
    pub fn validate(&self, order: &api::Order) -> api::ValidationReport {
        let mut problems = Problems::new();
        let under_cart = |mut p: Problem| {
            p.path = format!("/cart{}", p.path);
            p
        };
        match quote::run(&self.rulebook, &order.cart) {
            Ok(q) => q
                .warnings
                .into_iter()
                .for_each(|p| problems.push(under_cart(p))),
            Err(Failure::CartInvalid(cart)) => problems.append(cart.map(under_cart)),
            // Any other failure (a limit, an overflow, an engine bug) is reported as one problem.
            Err(Failure::Other(e)) => problems.push(under_cart(Problem {
                code: e.code,
                path: e.path,
                message: e.message,
                params: e.params,
                severity: Severity::Error,
            })),
        }
        for p in validation::check_order(&self.rulebook, order) {
            problems.push(p);
        }
        // At most the `problems` limit listed, and then one more saying how many were left out.
        api::ValidationReport {
            valid: !problems.has_errors(),
            problems: problems.into_list(),
        }
    }

    /// The refund (credit note) of a request under this rulebook (docs/refunds.md).
    pub fn refund(&self, request: &api::RefundRequest) -> Result<api::CreditNote, Error> {
        crate::refund::refund(&self.rulebook, request)
    }

    /// `quote` on the canonical JSON of a cart (docs/wire.md), answering the quote's canonical JSON. A cart that
    /// is not one (an unknown key, a JSON number where a decimal string is expected, text that is not Unicode)
    /// is `cart-invalid` with every finding at its pointer, as a cart that breaks an order rule is; malformed
    /// JSON is `invalid-json`.
    pub fn quote_json(&self, cart: &[u8]) -> Result<String, Error> {
        let cart = cart_from_json(cart)?;
        self.quote(&cart).map(|q| wire::write(&q))
    }

    /// `shipping_options` on the canonical JSON of a cart (read as [`Engine::quote_json`] reads it), answering
    /// the options' canonical JSON: a list.
    pub fn shipping_options_json(&self, cart: &[u8]) -> Result<String, Error> {
        let cart = cart_from_json(cart)?;
        self.shipping_options(&cart).map(|o| wire::write(&o))
    }

    /// `validate` on the canonical JSON of an order, answering the report's canonical JSON. An order that is
    /// not one is reported like any other invalid order: its findings at their pointers, `valid` false (the
    /// order rules are not checked then). Only malformed JSON (`invalid-json`) and the input limits fail.
    pub fn validate_json(&self, order: &[u8]) -> Result<String, Error> {
        let report = match wire::read::<api::Order>(order) {
            Ok(order) => self.validate(&order),
            Err(Refused::Error(e)) => return Err(e),
            Err(Refused::Findings(problems)) => api::ValidationReport {
                valid: false,
                problems: problems.into_list(),
            },
        };
        Ok(wire::write(&report))
    }

    /// `refund` on the canonical JSON of a refund request (read as [`Engine::quote_json`] reads a cart),
    /// answering the credit note's canonical JSON. A request that is not one is `refund-request-invalid` with
    /// every finding at its pointer; malformed JSON is `invalid-json`.
    pub fn refund_json(&self, request: &[u8]) -> Result<String, Error> {
        let request: api::RefundRequest = wire::read_or_fail(request, |count, omitted| {
            crate::refund::RefundError::RequestInvalid { count, omitted }
        })?;
        self.refund(&request).map(|note| wire::write(&note))
    }

    pub fn info(&self) -> api::EngineInfo {
        api::EngineInfo {
            rulebook_id: self.rulebook.id.clone(),
            rulebook_version: self.rulebook.version.clone(),
            rulebook_hash: self.rulebook.hash.clone(),
            engine_version: about::ENGINE_VERSION.to_string(),
            contract_version: about::CONTRACT_VERSION.to_string(),
            data: about::data_versions(),
        }
    }
}

/// A cart read from its canonical JSON exactly as `quote_json` reads it: `cart-invalid` with every finding
/// about the JSON at its pointer, `invalid-json` or `limit-exceeded`.
pub fn cart_from_json(json: &[u8]) -> Result<api::Cart, Error> {
    wire::read_or_fail(json, |count, omitted| PricingError::CartInvalid {
        count,
        omitted,
    })
}

/// The canonical JSON of the cart in `json` (read as [`cart_from_json`] reads it): what hosts decode a request
/// body from, strictly, and what a digest of a cart is taken of.
pub fn canonical_cart(json: &[u8]) -> Result<String, Error> {
    cart_from_json(json).map(|c| wire::write(&c))
}

/// `validate_fields` on canonical JSON: `{"requests": [...]}` in, the results' canonical JSON (a list) out. Text
/// that is not such an object is `field-requests-invalid` with every finding at its pointer; malformed JSON is
/// `invalid-json`; the batch limit is `validate_fields`'s own.
pub fn validate_fields_json(requests: &[u8]) -> Result<String, Error> {
    let FieldRequests(requests) = wire::read_or_fail(requests, |count, omitted| {
        FieldError::RequestsInvalid { count, omitted }
    })?;
    crate::fields::validate_fields(&requests).map(|results| wire::write(&results))
}

/// The argument of `validate-fields-json`: the call's one parameter as an object, so that pointers read as the
/// typed call's (`/requests/3/kind`, and the batch limit at `/requests`).
struct FieldRequests(Vec<api::FieldRequest>);

impl FromJson for FieldRequests {
    fn read(v: &Json, at: &Path, p: &mut Problems) -> Option<Self> {
        let mut f = Fields::new(v, at, &["requests"], p)?;
        f.req::<Vec<api::FieldRequest>>(p).map(FieldRequests)
    }
}
