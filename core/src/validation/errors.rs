//! The validation layer's findings and their codes (docs/errors.md).

use crate::error::{CodeDoc, Coded, Param};

/// One violated order rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// The cart's currency is not one the rulebook sells in.
    #[error("currency {currency:?} is not sold")]
    CurrencyNotSold { currency: String },
    /// No destination country: the cart has none and the rulebook no default.
    #[error("a destination country is required")]
    DestinationRequired,
    /// The destination is not a country the rulebook sells to.
    #[error("country {country} is not shipped to")]
    CountryNotShipped { country: String },
    /// The region is not a subdivision of the cart's country.
    #[error("region {region:?} is not a subdivision of {country}")]
    RegionInvalid { region: String, country: String },
    /// The cart has no lines.
    #[error("the cart is empty")]
    CartEmpty,
    /// More lines than the rulebook allows.
    #[error("{count} lines exceed the maximum of {max}")]
    TooManyLines { count: usize, max: u32 },
    /// The summed quantity of all lines exceeds the rulebook's maximum.
    #[error("total quantity {total} exceeds the maximum of {max}")]
    OrderQuantityExceeded { total: String, max: String },
    /// The sku is not in the catalog.
    #[error("unknown sku {sku:?}")]
    SkuUnknown { sku: String },
    /// The item exists but is not sold at the moment.
    #[error("sku {sku:?} is inactive")]
    ItemInactive { sku: String },
    /// A quantity must be more than zero (and below the engine's range).
    #[error("quantity {quantity} must be more than zero")]
    QuantityInvalid { quantity: String },
    #[error("quantity {quantity} is below the minimum of {min}")]
    QuantityBelowMin { quantity: String, min: String },
    #[error("quantity {quantity} is above the maximum of {max}")]
    QuantityAboveMax { quantity: String, max: String },
    /// The quantity is not a multiple of the item's step.
    #[error("quantity {quantity} is not a multiple of {step}")]
    QuantityStep { quantity: String, step: String },
    /// A host-supplied unit price for an item that is not open-price.
    #[error("sku {sku:?} does not accept a supplied unit price")]
    UnitPriceNotAllowed { sku: String },
    /// A host-supplied unit price out of range (negative where negative totals are not allowed).
    #[error("unit price {unit_price} is out of range")]
    UnitPriceInvalid { unit_price: String },
    /// The cart names a shipping method the rulebook does not define.
    #[error("unknown shipping method {method:?}")]
    ShippingMethodUnknown { method: String },
    /// The method does not serve the destination or has no rate in the currency.
    #[error("shipping method {method:?} is not available for this destination and currency")]
    ShippingMethodUnavailable { method: String },
    /// Reverse charge asked for where the rulebook does not allow it.
    #[error("reverse charge is not allowed for this sale")]
    ReverseChargeNotAllowed,
    #[error("grand total {total} is below the minimum of {min}")]
    TotalBelowMinimum { total: String, min: String },
    #[error("grand total {total} is above the maximum of {max}")]
    TotalAboveMaximum { total: String, max: String },
    #[error("an email address is required")]
    EmailRequired,
    #[error("a phone number is required")]
    PhoneRequired,
    /// Physical goods need somewhere to go.
    #[error("a shipping address is required for physical goods")]
    ShippingAddressRequired,
    /// Prices and taxes were computed for the cart's country; the address must be in it.
    #[error("the address is in {address}, but the cart was priced for {cart}")]
    ShippingCountryMismatch { address: String, cart: String },
    /// Reverse charge needs the buyer's VAT id.
    #[error("a VAT id is required for reverse charge")]
    VatIdRequired,
}

macro_rules! codes {
    ($($code:literal: $meaning:literal,)*) => {
        pub const CODES: &[CodeDoc] = &[$(CodeDoc { code: $code, layer: "validation", meaning: $meaning },)*];
    };
}

codes! {
    "currency-not-sold": "The cart's currency is not one the rulebook sells in.",
    "destination-required": "No destination country: the cart has none and the rulebook no default-country.",
    "country-not-shipped": "The destination country is not in the rulebook's validation.countries.",
    "region-invalid": "The cart's region is not a subdivision code of its country.",
    "cart-empty": "The cart has no lines.",
    "too-many-lines": "The cart has more lines than the rulebook's validation.max-lines.",
    "order-quantity-exceeded": "The summed quantity of all lines exceeds validation.max-quantity.",
    "sku-unknown": "A line's sku is not in the catalog.",
    "item-inactive": "A line's item is in the catalog but inactive.",
    "quantity-invalid": "A quantity is zero, negative or beyond the engine's range.",
    "quantity-below-min": "A quantity is below the item's minimum.",
    "quantity-above-max": "A quantity is above the item's maximum.",
    "quantity-step": "A quantity is not a multiple of the item's step.",
    "unit-price-not-allowed": "A line supplies a unit price for an item that is not open-price.",
    "unit-price-invalid": "A supplied unit price is out of range (negative where not allowed).",
    "shipping-method-unknown": "The cart's shipping method is not in the rulebook.",
    "shipping-method-unavailable": "The shipping method does not serve the destination or has no rate in the currency.",
    "reverse-charge-not-allowed": "Reverse charge is asked for where the rulebook does not allow it.",
    "total-below-minimum": "The grand total is below the rulebook's minimum for the currency.",
    "total-above-maximum": "The grand total is above the rulebook's maximum for the currency.",
    "email-required": "The order has no email address and the rulebook requires one.",
    "phone-required": "The order has no phone number and the rulebook requires one.",
    "shipping-address-required": "The order has physical goods but no shipping address.",
    "shipping-country-mismatch": "The shipping address is not in the country the cart was priced for.",
    "vat-id-required": "A reverse-charge order has no VAT id.",
}

impl Coded for ValidationError {
    fn code(&self) -> &'static str {
        use ValidationError::*;
        match self {
            CurrencyNotSold { .. } => "currency-not-sold",
            DestinationRequired => "destination-required",
            CountryNotShipped { .. } => "country-not-shipped",
            RegionInvalid { .. } => "region-invalid",
            CartEmpty => "cart-empty",
            TooManyLines { .. } => "too-many-lines",
            OrderQuantityExceeded { .. } => "order-quantity-exceeded",
            SkuUnknown { .. } => "sku-unknown",
            ItemInactive { .. } => "item-inactive",
            QuantityInvalid { .. } => "quantity-invalid",
            QuantityBelowMin { .. } => "quantity-below-min",
            QuantityAboveMax { .. } => "quantity-above-max",
            QuantityStep { .. } => "quantity-step",
            UnitPriceNotAllowed { .. } => "unit-price-not-allowed",
            UnitPriceInvalid { .. } => "unit-price-invalid",
            ShippingMethodUnknown { .. } => "shipping-method-unknown",
            ShippingMethodUnavailable { .. } => "shipping-method-unavailable",
            ReverseChargeNotAllowed => "reverse-charge-not-allowed",
            TotalBelowMinimum { .. } => "total-below-minimum",
            TotalAboveMaximum { .. } => "total-above-maximum",
            EmailRequired => "email-required",
            PhoneRequired => "phone-required",
            ShippingAddressRequired => "shipping-address-required",
            ShippingCountryMismatch { .. } => "shipping-country-mismatch",
            VatIdRequired => "vat-id-required",
        }
    }

    fn params(&self) -> Vec<Param> {
        use ValidationError::*;
        let p = Param::new;
        match self {
            CurrencyNotSold { currency } => vec![p("currency", currency)],
            CountryNotShipped { country } => vec![p("country", country)],
            RegionInvalid { region, country } => vec![p("region", region), p("country", country)],
            TooManyLines { count, max } => vec![Param::new("count", count), Param::new("max", max)],
            OrderQuantityExceeded { total, max } => vec![p("total", total), p("max", max)],
            SkuUnknown { sku } | ItemInactive { sku } | UnitPriceNotAllowed { sku } => {
                vec![p("sku", sku)]
            }
            QuantityInvalid { quantity } => vec![p("quantity", quantity)],
            QuantityBelowMin { quantity, min } => vec![p("quantity", quantity), p("min", min)],
            QuantityAboveMax { quantity, max } => vec![p("quantity", quantity), p("max", max)],
            QuantityStep { quantity, step } => vec![p("quantity", quantity), p("step", step)],
            UnitPriceInvalid { unit_price } => vec![p("unit-price", unit_price)],
            ShippingMethodUnknown { method } | ShippingMethodUnavailable { method } => {
                vec![p("method", method)]
            }
            TotalBelowMinimum { total, min } => vec![p("total", total), p("min", min)],
            TotalAboveMaximum { total, max } => vec![p("total", total), p("max", max)],
            ShippingCountryMismatch { address, cart } => {
                vec![p("address", address), p("cart", cart)]
            }
            DestinationRequired
            | CartEmpty
            | ReverseChargeNotAllowed
            | EmailRequired
            | PhoneRequired
            | ShippingAddressRequired
            | VatIdRequired => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_variant_code_is_in_the_table() {
        // The table is the public contract; spot-check that a code from each part resolves to its row.
        for code in [
            "cart-empty",
            "quantity-step",
            "vat-id-required",
            "total-above-maximum",
        ] {
            assert!(super::CODES.iter().any(|c| c.code == code), "{code}");
        }
    }
}
