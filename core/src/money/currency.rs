//! Currency lookups over the ISO 4217 table with its cash-rounding increments. The table itself is generated
//! from pinned registry packages into currency_data.rs (tools/refdata, `make refdata`) as one text; it is decoded
//! once per process (or wasm instance) into entries whose strings point into that text. docs/money.md says where
//! each part comes from.

pub use super::currency_data::CurrencyEntry;
use super::currency_data::TABLE;
use std::sync::OnceLock;

/// Look a currency up by its alphabetic code (exact: upper-case, three letters).
pub fn lookup_currency(code: &str) -> Option<&'static CurrencyEntry> {
    let table = currency_table();
    table
        .binary_search_by(|entry| entry.code.cmp(code))
        .ok()
        .and_then(|i| table.get(i))
}

/// The whole table, sorted by code.
pub fn currency_table() -> &'static [CurrencyEntry] {
    static ENTRIES: OnceLock<Vec<CurrencyEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| TABLE.lines().filter_map(decode).collect())
}

/// One line of the table: "AUD0362" (code, numeric code, minor units), the cash increment if any ("0.05"),
/// then "|" and the name. `None` only for a malformed line, which the generator never writes (a test decodes
/// every line).
fn decode(line: &'static str) -> Option<CurrencyEntry> {
    let (head, name) = line.split_once('|')?;
    let code = head.get(0..3)?;
    let numeric = head.get(3..6)?;
    let minor_units = u32::from(head.as_bytes().get(6)?.checked_sub(b'0')?);
    let increment = head.get(7..)?;
    Some(CurrencyEntry {
        code,
        numeric,
        minor_units,
        name,
        cash_increment: (!increment.is_empty()).then_some(increment),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_decodes() {
        assert_eq!(currency_table().len(), TABLE.lines().count());
        assert!(TABLE.lines().all(|l| decode(l).is_some()));
    }

    #[test]
    fn decodes_the_fields_of_a_line() {
        // "AUD0362" + "0.05" + "|Australian Dollar": the increment is the RBA's 5 cents (currency.py).
        let aud = decode("AUD03620.05|Australian Dollar").unwrap();
        assert_eq!(
            (
                aud.code,
                aud.numeric,
                aud.minor_units,
                aud.name,
                aud.cash_increment
            ),
            ("AUD", "036", 2, "Australian Dollar", Some("0.05"))
        );
        let jpy = decode("JPY3920|Yen").unwrap();
        assert_eq!((jpy.minor_units, jpy.cash_increment), (0, None));
        assert!(decode("JPY3920 Yen").is_none());
        assert!(decode("JP|Yen").is_none());
    }
}
