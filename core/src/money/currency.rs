//! Currency lookups over the ISO 4217 table with its cash-rounding increments. The table itself is generated
//! from pinned registry packages into currency_data.rs (tools/refdata, `make refdata`); docs/money.md says
//! where each part comes from.

pub use super::currency_data::CurrencyEntry;
use super::currency_data::TABLE;

/// Look a currency up by its alphabetic code (exact: upper-case, three letters).
pub fn lookup_currency(code: &str) -> Option<&'static CurrencyEntry> {
    TABLE
        .binary_search_by(|entry| entry.code.cmp(code))
        .ok()
        .and_then(|i| TABLE.get(i))
}

/// The whole table, sorted by code.
pub fn currency_table() -> &'static [CurrencyEntry] {
    TABLE
}
