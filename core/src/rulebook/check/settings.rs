//! The `settings` and `validation` sections: sold currencies, the default country, and the order rules.

use super::checker::{at, at_index, Checker};
use crate::json::ShapeError;
use crate::money;
use crate::rulebook::model::{Settings, TotalLimits, Validation};
use crate::rulebook::schema as raw;
use crate::rulebook::RulebookError as E;

pub(super) fn settings(checker: &mut Checker, s: &raw::Settings) -> Settings {
    if s.currencies.is_empty() {
        checker.push(
            "/settings/currencies",
            ShapeError::OutOfRange {
                value: "[]".into(),
                expected: "at least one currency",
            },
        );
    }
    for (i, code) in s.currencies.iter().enumerate() {
        let path = at_index("/settings/currencies", i);
        match money::lookup_currency(code) {
            None => checker.push(
                &path,
                money::MoneyError::UnknownCurrency { code: code.clone() },
            ),
            Some(entry) => {
                if checker
                    .currencies
                    .insert(code.clone(), entry.minor_units as usize)
                    .is_some()
                {
                    checker.push(
                        &path,
                        E::DuplicateId {
                            kind: "currency",
                            id: code.clone(),
                        },
                    );
                }
            }
        }
    }
    if let Some(country) = &s.default_country {
        checker.country(country, "/settings/default-country");
    }
    Settings {
        currencies: s.currencies.clone(),
        rounding_mode: s.rounding_mode,
        tax_rounding: s.tax_rounding,
        tax_extraction: s.tax_extraction,
        unit_price_rounding: s.unit_price_rounding,
        default_country: s.default_country.clone(),
        open_prices_include_tax: s.open_prices_include_tax,
        allow_negative_totals: s.allow_negative_totals,
        promotion_stacking: s.promotion_stacking,
        discount_base: s.discount_base,
        percent_rounding: s.percent_rounding,
    }
}

pub(super) fn validation(checker: &mut Checker, v: &raw::ValidationRules) -> Validation {
    checker.countries(&v.countries, "/validation/countries");
    let max_quantity = v
        .max_quantity
        .as_ref()
        .and_then(|d| checker.positive(d, "/validation/max-quantity"));
    let mut total_limits = TotalLimits::default();
    for (i, l) in v.total_limits.iter().enumerate() {
        let path = at_index("/validation/total-limits", i);
        let currency = if checker.currency_ref(&l.currency, &at(&path, "currency")) {
            l.currency.as_str()
        } else {
            ""
        };
        let min = l
            .min
            .as_ref()
            .and_then(|d| checker.amount(d, &at(&path, "min"), currency));
        let max = l
            .max
            .as_ref()
            .and_then(|d| checker.amount(d, &at(&path, "max"), currency));
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                checker.push(
                    &path,
                    ShapeError::OutOfRange {
                        value: format!(
                            "{}..{}",
                            money::display_decimal(lo),
                            money::display_decimal(hi)
                        ),
                        expected: "min not above max",
                    },
                );
            }
        }
        if total_limits.insert(l.currency.clone(), (min, max)) {
            checker.push(
                &at(&path, "currency"),
                E::DuplicateId {
                    kind: "total-limit",
                    id: l.currency.clone(),
                },
            );
        }
    }
    Validation {
        countries: v.countries.clone(),
        max_lines: v.max_lines,
        max_quantity,
        total_limits,
        require_email: v.require_email,
        require_phone: v.require_phone,
        require_shipping_address: v.require_shipping_address,
        require_vat_id_for_reverse_charge: v.require_vat_id_for_reverse_charge,
    }
}
