//! The validation layer's findings and their codes (docs/errors.md).

use crate::error::errors;

errors! {
    /// One violated order rule.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum ValidationError in "validation" {
        /// The cart's currency is not one the rulebook sells in.
        #[code = "currency-not-sold"]
        #[error("currency {currency:?} is not sold")]
        CurrencyNotSold { currency: String },
        /// No destination country: the cart has none and the rulebook no default-country.
        #[code = "destination-required"]
        #[error("a destination country is required")]
        DestinationRequired,
        /// The destination country is not in the rulebook's validation.countries.
        #[code = "country-not-shipped"]
        #[error("country {country} is not shipped to")]
        CountryNotShipped { country: String },
        /// The cart's region is not a subdivision code of its country (params: region, country, and hint, the
        /// code meant when the region lacks the country's prefix: "CA" for US gives "US-CA").
        #[code = "region-invalid"]
        #[error("region {region:?} is not a subdivision of {country}{}", crate::validation::write_instead(.hint))]
        RegionInvalid {
            region: String,
            country: String,
            hint: Option<String>,
        },
        /// The destination country's taxes depend on the region (the rulebook has regional rules for it) and the
        /// cart has none (params: country).
        #[code = "region-required"]
        #[error("a region is required for {country}: its taxes depend on it")]
        RegionRequired { country: String },
        /// An external tax of a line or of the shipping is unusable (params: id, and reason: `empty-id`,
        /// `duplicate-id` in its list, `rate-or-amount-required`, `out-of-range` for a negative or too large rate
        /// or amount).
        #[code = "external-tax-invalid"]
        #[error("external tax {id:?} is invalid: {reason}")]
        ExternalTaxInvalid { id: String, reason: &'static str },
        /// The cart has no lines.
        #[code = "cart-empty"]
        #[error("the cart is empty")]
        CartEmpty,
        /// The cart has more lines than the rulebook's validation.max-lines.
        #[code = "too-many-lines"]
        #[error("{count} lines exceed the maximum of {max}")]
        TooManyLines { count: usize, max: u32 },
        /// The summed quantity of all lines exceeds validation.max-quantity.
        #[code = "order-quantity-exceeded"]
        #[error("total quantity {total} exceeds the maximum of {max}")]
        OrderQuantityExceeded { total: String, max: String },
        /// A line's sku is not in the catalog.
        #[code = "sku-unknown"]
        #[error("unknown sku {sku:?}")]
        SkuUnknown { sku: String },
        /// A line's item is in the catalog but inactive.
        #[code = "item-inactive"]
        #[error("sku {sku:?} is inactive")]
        ItemInactive { sku: String },
        /// A quantity is zero, negative or beyond the engine's range.
        #[code = "quantity-invalid"]
        #[error("quantity {quantity} must be more than zero")]
        QuantityInvalid { quantity: String },
        /// A quantity is below the item's minimum.
        #[code = "quantity-below-min"]
        #[error("quantity {quantity} is below the minimum of {min}")]
        QuantityBelowMin { quantity: String, min: String },
        /// A quantity is above the item's maximum.
        #[code = "quantity-above-max"]
        #[error("quantity {quantity} is above the maximum of {max}")]
        QuantityAboveMax { quantity: String, max: String },
        /// A quantity is not a multiple of the item's step.
        #[code = "quantity-step"]
        #[error("quantity {quantity} is not a multiple of {step}")]
        QuantityStep { quantity: String, step: String },
        /// A line's item is not sold to the destination: its country is in the item's not-countries (params:
        /// sku, country).
        #[code = "item-not-shipped"]
        #[error("sku {sku:?} is not sold to {country}")]
        ItemNotShipped { sku: String, country: String },
        /// The lines of one item together hold more than its max-per-order; reported at the line whose
        /// quantity passes the cap (params: quantity, the item's total in the cart, and max).
        #[code = "quantity-above-order-limit"]
        #[error("quantity {quantity} of this item is above the limit of {max} per order")]
        QuantityAboveOrderLimit { quantity: String, max: String },
        /// The lines of one item and the customer's past purchases of it (cart.usage "sku:<sku>", by-customer)
        /// pass its max-per-customer; reported at the line whose quantity passes the cap (params: max, used,
        /// allowed = what the customer may still buy, max less used, at least 0).
        #[code = "quantity-above-customer-limit"]
        #[error("the limit is {max} per customer: {used} bought already, {allowed} allowed")]
        QuantityAboveCustomerLimit {
            max: String,
            used: u32,
            allowed: String,
        },
        /// A cart attribute or line option the rulebook does not declare at that level (params: name, on:
        /// `cart` or `line`).
        #[code = "attribute-unknown"]
        #[error("the rulebook declares no {on} attribute {name:?}")]
        AttributeUnknown { name: String, on: &'static str },
        /// A line option declared for other items than the line's (params: name, sku).
        #[code = "attribute-not-allowed"]
        #[error("option {name:?} is not offered for sku {sku:?}")]
        AttributeNotAllowed { name: String, sku: String },
        /// A cart or a line names one attribute twice (params: name).
        #[code = "attribute-duplicate"]
        #[error("attribute {name:?} is given twice")]
        AttributeDuplicate { name: String },
        /// An attribute's value is not one the rulebook allows (params: name, value, expected: the listed
        /// values, "at most N characters" or "a non-empty value").
        #[code = "attribute-value-invalid"]
        #[error("attribute {name:?} cannot be {value:?}: expected {expected}")]
        AttributeValueInvalid {
            name: String,
            value: String,
            expected: String,
        },
        /// A required attribute is missing from the cart or from a line it applies to (params: name).
        #[code = "attribute-required"]
        #[error("attribute {name:?} is required")]
        AttributeRequired { name: String },
        /// A line supplies a unit price for an item that is not open-price.
        #[code = "unit-price-not-allowed"]
        #[error("sku {sku:?} does not accept a supplied unit price")]
        UnitPriceNotAllowed { sku: String },
        /// A supplied unit price is out of range (negative where not allowed).
        #[code = "unit-price-invalid"]
        #[error("unit price {unit_price} is out of range")]
        UnitPriceInvalid { unit_price: String },
        /// The cart's shipping method is not in the rulebook.
        #[code = "shipping-method-unknown"]
        #[error("unknown shipping method {method:?}")]
        ShippingMethodUnknown { method: String },
        /// The shipping method does not serve the destination or has no rate in the currency.
        #[code = "shipping-method-unavailable"]
        #[error("shipping method {method:?} is not available for this destination and currency")]
        ShippingMethodUnavailable { method: String },
        /// Reverse charge is asked for where the rulebook does not allow it.
        #[code = "reverse-charge-not-allowed"]
        #[error("reverse charge is not allowed for this sale")]
        ReverseChargeNotAllowed,
        /// The grand total is below the rulebook's minimum for the currency.
        #[code = "total-below-minimum"]
        #[error("grand total {total} is below the minimum of {min}")]
        TotalBelowMinimum { total: String, min: String },
        /// The grand total is above the rulebook's maximum for the currency.
        #[code = "total-above-maximum"]
        #[error("grand total {total} is above the maximum of {max}")]
        TotalAboveMaximum { total: String, max: String },
        /// A tender's amount is zero, negative, out of range or not in the currency's minor units.
        #[code = "tender-amount-invalid"]
        #[error("tender amount {amount} must be more than zero, in the currency's minor units")]
        TenderAmountInvalid { amount: String },
        /// An exchange rate of the cart is not a decimal above zero (params: rate).
        #[code = "exchange-rate-invalid"]
        #[error("exchange rate {rate:?} must be a decimal above zero")]
        ExchangeRateInvalid { rate: String },
        /// The cart gives a second exchange rate for one pair of currencies (params: from, to).
        #[code = "exchange-rate-duplicate"]
        #[error("a second exchange rate from {from} to {to}")]
        ExchangeRateDuplicate { from: String, to: String },
        /// The tenders so far (up to this one) pay more than the grand total: over-tendering is refused.
        #[code = "tender-exceeds-total"]
        #[error("tenders of {tendered} exceed the grand total of {total}")]
        TenderExceedsTotal { tendered: String, total: String },
        /// The order has no email address and the rulebook requires one.
        #[code = "email-required"]
        #[error("an email address is required")]
        EmailRequired,
        /// The order has no phone number and the rulebook requires one.
        #[code = "phone-required"]
        #[error("a phone number is required")]
        PhoneRequired,
        /// The order has physical goods but no shipping address.
        #[code = "shipping-address-required"]
        #[error("a shipping address is required for physical goods")]
        ShippingAddressRequired,
        /// The shipping address is not in the country the cart was priced for.
        #[code = "shipping-country-mismatch"]
        #[error("the address is in {address}, but the cart was priced for {cart}")]
        ShippingCountryMismatch { address: String, cart: String },
        /// The shipping address's postal code is not the one the cart was priced for (compared normalised).
        #[code = "shipping-postal-code-mismatch"]
        #[error("the address has postal code {address}, but the cart was priced for {cart}")]
        ShippingPostalCodeMismatch { address: String, cart: String },
        /// A reverse-charge order has no VAT id.
        #[code = "vat-id-required"]
        #[error("a VAT id is required for reverse charge")]
        VatIdRequired,
    }
}
