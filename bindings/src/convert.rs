//! Conversions between wit-bindgen's generated types and kassa-core's wire types (`kassa_core::api`).
//! Field for field and nothing else; generated once from wit/kassa.wit, kept by hand since.

use crate::exports::kassa::engine::types as w;
use kassa_core::api as c;
use kassa_core::error as e;

impl From<w::Severity> for e::Severity {
    fn from(v: w::Severity) -> Self {
        match v {
            w::Severity::Error => e::Severity::Error,
            w::Severity::Warning => e::Severity::Warning,
        }
    }
}

impl From<e::Severity> for w::Severity {
    fn from(v: e::Severity) -> Self {
        match v {
            e::Severity::Error => w::Severity::Error,
            e::Severity::Warning => w::Severity::Warning,
        }
    }
}

impl From<w::RoundingMode> for c::RoundingMode {
    fn from(v: w::RoundingMode) -> Self {
        match v {
            w::RoundingMode::HalfEven => c::RoundingMode::HalfEven,
            w::RoundingMode::HalfAwayFromZero => c::RoundingMode::HalfAwayFromZero,
            w::RoundingMode::HalfTowardZero => c::RoundingMode::HalfTowardZero,
            w::RoundingMode::HalfUp => c::RoundingMode::HalfUp,
            w::RoundingMode::HalfDown => c::RoundingMode::HalfDown,
            w::RoundingMode::Up => c::RoundingMode::Up,
            w::RoundingMode::Down => c::RoundingMode::Down,
            w::RoundingMode::Ceiling => c::RoundingMode::Ceiling,
            w::RoundingMode::Floor => c::RoundingMode::Floor,
        }
    }
}

impl From<c::RoundingMode> for w::RoundingMode {
    fn from(v: c::RoundingMode) -> Self {
        match v {
            c::RoundingMode::HalfEven => w::RoundingMode::HalfEven,
            c::RoundingMode::HalfAwayFromZero => w::RoundingMode::HalfAwayFromZero,
            c::RoundingMode::HalfTowardZero => w::RoundingMode::HalfTowardZero,
            c::RoundingMode::HalfUp => w::RoundingMode::HalfUp,
            c::RoundingMode::HalfDown => w::RoundingMode::HalfDown,
            c::RoundingMode::Up => w::RoundingMode::Up,
            c::RoundingMode::Down => w::RoundingMode::Down,
            c::RoundingMode::Ceiling => w::RoundingMode::Ceiling,
            c::RoundingMode::Floor => w::RoundingMode::Floor,
        }
    }
}

impl From<w::PromotionStatus> for c::PromotionStatus {
    fn from(v: w::PromotionStatus) -> Self {
        match v {
            w::PromotionStatus::Applied => c::PromotionStatus::Applied,
            w::PromotionStatus::Rejected => c::PromotionStatus::Rejected,
        }
    }
}

impl From<c::PromotionStatus> for w::PromotionStatus {
    fn from(v: c::PromotionStatus) -> Self {
        match v {
            c::PromotionStatus::Applied => w::PromotionStatus::Applied,
            c::PromotionStatus::Rejected => w::PromotionStatus::Rejected,
        }
    }
}

impl From<w::FieldKind> for c::FieldKind {
    fn from(v: w::FieldKind) -> Self {
        match v {
            w::FieldKind::Email => c::FieldKind::Email,
            w::FieldKind::Phone => c::FieldKind::Phone,
            w::FieldKind::PostalCode => c::FieldKind::PostalCode,
            w::FieldKind::Iban => c::FieldKind::Iban,
            w::FieldKind::Bic => c::FieldKind::Bic,
            w::FieldKind::VatId => c::FieldKind::VatId,
            w::FieldKind::CardNumber => c::FieldKind::CardNumber,
            w::FieldKind::CountryCode => c::FieldKind::CountryCode,
            w::FieldKind::CurrencyCode => c::FieldKind::CurrencyCode,
        }
    }
}

impl From<c::FieldKind> for w::FieldKind {
    fn from(v: c::FieldKind) -> Self {
        match v {
            c::FieldKind::Email => w::FieldKind::Email,
            c::FieldKind::Phone => w::FieldKind::Phone,
            c::FieldKind::PostalCode => w::FieldKind::PostalCode,
            c::FieldKind::Iban => w::FieldKind::Iban,
            c::FieldKind::Bic => w::FieldKind::Bic,
            c::FieldKind::VatId => w::FieldKind::VatId,
            c::FieldKind::CardNumber => w::FieldKind::CardNumber,
            c::FieldKind::CountryCode => w::FieldKind::CountryCode,
            c::FieldKind::CurrencyCode => w::FieldKind::CurrencyCode,
        }
    }
}

impl From<e::Param> for w::Param {
    fn from(v: e::Param) -> Self {
        w::Param {
            name: v.name,
            value: v.value,
        }
    }
}

impl From<e::Problem> for w::Problem {
    fn from(v: e::Problem) -> Self {
        w::Problem {
            code: v.code,
            path: v.path,
            message: v.message,
            params: v.params.into_iter().map(Into::into).collect(),
            severity: v.severity.into(),
        }
    }
}

impl From<e::Error> for w::Error {
    fn from(v: e::Error) -> Self {
        w::Error {
            code: v.code,
            path: v.path,
            message: v.message,
            params: v.params.into_iter().map(Into::into).collect(),
            problems: v.problems.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<c::Currency> for w::Currency {
    fn from(v: c::Currency) -> Self {
        w::Currency {
            code: v.code,
            numeric: v.numeric,
            minor_units: v.minor_units,
            name: v.name,
            cash_increment: v.cash_increment,
        }
    }
}

impl From<c::DataVersion> for w::DataVersion {
    fn from(v: c::DataVersion) -> Self {
        w::DataVersion {
            name: v.name,
            source: v.source,
            date: v.date,
        }
    }
}

impl From<c::About> for w::About {
    fn from(v: c::About) -> Self {
        w::About {
            engine_version: v.engine_version,
            contract_version: v.contract_version,
            data: v.data.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<w::CartLine> for c::CartLine {
    fn from(v: w::CartLine) -> Self {
        c::CartLine {
            sku: v.sku,
            quantity: v.quantity,
            unit_price: v.unit_price,
        }
    }
}

impl From<w::UsageCount> for c::UsageCount {
    fn from(v: w::UsageCount) -> Self {
        c::UsageCount {
            key: v.key,
            by_customer: v.by_customer,
            total: v.total,
        }
    }
}

impl From<w::Cart> for c::Cart {
    fn from(v: w::Cart) -> Self {
        c::Cart {
            currency: v.currency,
            at: v.at,
            country: v.country,
            region: v.region,
            channel: v.channel,
            customer_group: v.customer_group,
            customer_id: v.customer_id,
            previous_orders: v.previous_orders,
            tax_exempt: v.tax_exempt,
            reverse_charge: v.reverse_charge,
            lines: v.lines.into_iter().map(Into::into).collect(),
            coupons: v.coupons,
            shipping_method: v.shipping_method,
            cash_rounding: v.cash_rounding,
            usage: v.usage.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<w::Address> for c::Address {
    fn from(v: w::Address) -> Self {
        c::Address {
            name: v.name,
            lines: v.lines,
            city: v.city,
            postal_code: v.postal_code,
            region: v.region,
            country: v.country,
        }
    }
}

impl From<c::Address> for w::Address {
    fn from(v: c::Address) -> Self {
        w::Address {
            name: v.name,
            lines: v.lines,
            city: v.city,
            postal_code: v.postal_code,
            region: v.region,
            country: v.country,
        }
    }
}

impl From<w::Order> for c::Order {
    fn from(v: w::Order) -> Self {
        c::Order {
            cart: v.cart.into(),
            email: v.email,
            phone: v.phone,
            vat_id: v.vat_id,
            shipping_address: v.shipping_address.map(Into::into),
            billing_address: v.billing_address.map(Into::into),
        }
    }
}

impl From<c::TaxAmount> for w::TaxAmount {
    fn from(v: c::TaxAmount) -> Self {
        w::TaxAmount {
            tax: v.tax,
            rate: v.rate,
            base: v.base,
            amount: v.amount,
        }
    }
}

impl From<c::LineDiscount> for w::LineDiscount {
    fn from(v: c::LineDiscount) -> Self {
        w::LineDiscount {
            promotion: v.promotion,
            amount: v.amount,
        }
    }
}

impl From<c::QuoteLine> for w::QuoteLine {
    fn from(v: c::QuoteLine) -> Self {
        w::QuoteLine {
            sku: v.sku,
            quantity: v.quantity,
            unit_price: v.unit_price,
            subtotal: v.subtotal,
            discounts: v.discounts.into_iter().map(Into::into).collect(),
            discount_total: v.discount_total,
            net: v.net,
            taxes: v.taxes.into_iter().map(Into::into).collect(),
            tax_total: v.tax_total,
            gross: v.gross,
            price_list: v.price_list,
            added_by: v.added_by,
        }
    }
}

impl From<c::ShippingQuote> for w::ShippingQuote {
    fn from(v: c::ShippingQuote) -> Self {
        w::ShippingQuote {
            method: v.method,
            price: v.price,
            discount_total: v.discount_total,
            net: v.net,
            taxes: v.taxes.into_iter().map(Into::into).collect(),
            tax_total: v.tax_total,
            gross: v.gross,
        }
    }
}

impl From<c::PromotionOutcome> for w::PromotionOutcome {
    fn from(v: c::PromotionOutcome) -> Self {
        w::PromotionOutcome {
            id: v.id,
            coupon: v.coupon,
            status: v.status.into(),
            amount: v.amount,
            reason: v.reason.map(Into::into),
        }
    }
}

impl From<c::TraceStep> for w::TraceStep {
    fn from(v: c::TraceStep) -> Self {
        w::TraceStep {
            kind: v.kind,
            path: v.path,
            message: v.message,
            params: v.params.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<c::Quote> for w::Quote {
    fn from(v: c::Quote) -> Self {
        w::Quote {
            currency: v.currency,
            lines: v.lines.into_iter().map(Into::into).collect(),
            subtotal: v.subtotal,
            discount_total: v.discount_total,
            shipping: v.shipping.map(Into::into),
            net_total: v.net_total,
            taxes: v.taxes.into_iter().map(Into::into).collect(),
            tax_total: v.tax_total,
            grand_total: v.grand_total,
            payable: v.payable,
            cash_rounding_adjustment: v.cash_rounding_adjustment,
            prices_include_tax: v.prices_include_tax,
            promotions: v.promotions.into_iter().map(Into::into).collect(),
            warnings: v.warnings.into_iter().map(Into::into).collect(),
            trace: v.trace.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<c::ValidationReport> for w::ValidationReport {
    fn from(v: c::ValidationReport) -> Self {
        w::ValidationReport {
            valid: v.valid,
            problems: v.problems.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<c::EngineInfo> for w::EngineInfo {
    fn from(v: c::EngineInfo) -> Self {
        w::EngineInfo {
            rulebook_id: v.rulebook_id,
            rulebook_version: v.rulebook_version,
            rulebook_hash: v.rulebook_hash,
            engine_version: v.engine_version,
            contract_version: v.contract_version,
            data: v.data.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<c::FieldResult> for w::FieldResult {
    fn from(v: c::FieldResult) -> Self {
        w::FieldResult {
            valid: v.valid,
            normalized: v.normalized,
            problems: v.problems.into_iter().map(Into::into).collect(),
            details: v.details.into_iter().map(Into::into).collect(),
        }
    }
}
