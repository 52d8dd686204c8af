//! The wire types: one Rust struct per record of wit/kassa.wit, field for field.
//!
//! Decimals are `String`s here exactly as they cross the boundary; the layers parse them (with paths) and
//! format results canonically. The serde form (kebab-case keys, unknown keys rejected) is the canonical JSON
//! that the conformance runners of every host produce, so keep names identical to the WIT.

use crate::error::{Param, Problem};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundingMode {
    HalfEven,
    HalfAwayFromZero,
    HalfTowardZero,
    HalfUp,
    HalfDown,
    Up,
    Down,
    Ceiling,
    Floor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Currency {
    pub code: String,
    pub numeric: String,
    pub minor_units: u32,
    pub name: String,
    pub cash_increment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DataVersion {
    pub name: String,
    pub source: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct About {
    pub engine_version: String,
    pub contract_version: String,
    pub data: Vec<DataVersion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CartLine {
    pub sku: String,
    pub quantity: String,
    #[serde(default)]
    pub unit_price: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct UsageCount {
    pub key: String,
    #[serde(default)]
    pub by_customer: u32,
    #[serde(default)]
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Cart {
    pub currency: String,
    pub at: String,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub customer_group: Option<String>,
    #[serde(default)]
    pub customer_id: Option<String>,
    #[serde(default)]
    pub previous_orders: Option<u32>,
    #[serde(default)]
    pub tax_exempt: bool,
    #[serde(default)]
    pub reverse_charge: bool,
    #[serde(default)]
    pub lines: Vec<CartLine>,
    #[serde(default)]
    pub coupons: Vec<String>,
    #[serde(default)]
    pub shipping_method: Option<String>,
    #[serde(default)]
    pub cash_rounding: bool,
    #[serde(default)]
    pub usage: Vec<UsageCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Address {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub lines: Vec<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub postal_code: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Order {
    pub cart: Cart,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub vat_id: Option<String>,
    #[serde(default)]
    pub shipping_address: Option<Address>,
    #[serde(default)]
    pub billing_address: Option<Address>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TaxAmount {
    pub tax: String,
    pub rate: String,
    pub base: String,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LineDiscount {
    pub promotion: String,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct QuoteLine {
    pub sku: String,
    pub quantity: String,
    pub unit_price: String,
    pub subtotal: String,
    pub discounts: Vec<LineDiscount>,
    pub discount_total: String,
    pub net: String,
    pub taxes: Vec<TaxAmount>,
    pub tax_total: String,
    pub gross: String,
    pub price_list: String,
    pub added_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ShippingQuote {
    pub method: String,
    pub price: String,
    pub discount_total: String,
    pub net: String,
    pub taxes: Vec<TaxAmount>,
    pub tax_total: String,
    pub gross: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PromotionStatus {
    Applied,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PromotionOutcome {
    pub id: String,
    pub coupon: Option<String>,
    pub status: PromotionStatus,
    pub amount: String,
    pub reason: Option<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TraceStep {
    pub kind: String,
    pub path: String,
    pub message: String,
    pub params: Vec<Param>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Quote {
    pub currency: String,
    pub lines: Vec<QuoteLine>,
    pub subtotal: String,
    pub discount_total: String,
    pub shipping: Option<ShippingQuote>,
    pub net_total: String,
    pub taxes: Vec<TaxAmount>,
    pub tax_total: String,
    pub grand_total: String,
    pub payable: Option<String>,
    pub cash_rounding_adjustment: Option<String>,
    pub prices_include_tax: bool,
    pub promotions: Vec<PromotionOutcome>,
    pub warnings: Vec<Problem>,
    pub trace: Vec<TraceStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ValidationReport {
    pub valid: bool,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct EngineInfo {
    pub rulebook_id: String,
    pub rulebook_version: String,
    pub rulebook_hash: String,
    pub engine_version: String,
    pub contract_version: String,
    pub data: Vec<DataVersion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    Email,
    Phone,
    PostalCode,
    Iban,
    Bic,
    VatId,
    CardNumber,
    CountryCode,
    CurrencyCode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FieldResult {
    pub valid: bool,
    pub normalized: Option<String>,
    pub problems: Vec<Problem>,
    pub details: Vec<Param>,
}
