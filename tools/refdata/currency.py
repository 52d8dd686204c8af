"""core/src/money/currency_data.rs: the ISO 4217 table (PyPI `iso4217`, which ships SIX's List One XML with
its publication date) and cash-rounding increments (CLDR supplemental currencyData via PyPI `babel`).

Rules, applied mechanically:
- One row per alphabetic code of List One; rows whose minor units are "N.A." (precious metals, bond-market
  units, XDR, XSU, XUA, XTS, XXX) are left out: no amount is priced in them and any minor unit would be
  invented. Names exactly as published (the same code under several countries must have one name).
- Cash increment: CLDR's `cashDigits`/`cashRounding` where they differ from its `digits`/`rounding`
  (increment = cashRounding x 10^-cashDigits, or 10^-cashDigits when cashRounding is 0), written with
  cashDigits decimals ("0.05", "0.50", "1", "5"). CLDR has none for AUD and NZD, whose smallest coins are
  5 and 10 cents: SUPPLEMENT adds them, each with its reason, and only where CLDR says nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from common import GENERATED, data_source, package_file, rs, version

PATH = "core/src/money/currency_data.rs"

# Cash increments CLDR does not have (code -> (increment, why)). Checked against CLDR on every run: an entry
# CLDR starts to cover fails the build, so the supplement never overrides the source.
SUPPLEMENT = {
    "AUD": ("0.05", "1 and 2 cent coins withdrawn in 1992 (Reserve Bank of Australia); cash totals round to 5 cents"),
    "NZD": ("0.10", "the 5 cent coin was withdrawn in 2006 (Reserve Bank of New Zealand); cash totals round to 10 cents"),
}


def iso_table() -> tuple[str, list[tuple[str, str, int, str, bool]]]:
    root = ET.parse(package_file("iso4217", "table.xml")).getroot()
    published = root.attrib["Pblshd"]
    rows: dict[str, tuple[str, str, int, str, bool]] = {}
    for entry in root.iter("CcyNtry"):
        code = entry.findtext("Ccy")
        if code is None:
            continue  # a country without a universal currency (ANTARCTICA)
        minor = entry.findtext("CcyMnrUnts").strip()
        if minor == "N.A.":
            continue
        name_node = entry.find("CcyNm")
        row = (code, entry.findtext("CcyNbr").strip(), int(minor), name_node.text.strip(),
               name_node.attrib.get("IsFund") == "true")
        if rows.setdefault(code, row) != row:
            raise SystemExit(f"refdata: ISO 4217 {code} has two different entries: {rows[code]} and {row}")
    return published, sorted(rows.values())


def cash_increments(codes: set[str]) -> dict[str, str]:
    from babel.core import get_global  # babel's data is a pickle read through its own API

    fractions = get_global("currency_fractions")
    out = {}
    for code in sorted(codes):
        if code not in fractions:
            continue
        digits, rounding, cash_digits, cash_rounding = fractions[code]
        if (cash_digits, cash_rounding) == (digits, rounding):
            continue
        step = Decimal(cash_rounding or 1).scaleb(-cash_digits)
        out[code] = f"{step:.{cash_digits}f}"
    for code, (increment, _) in SUPPLEMENT.items():
        if code in out:
            raise SystemExit(f"refdata: CLDR now has a cash increment for {code} ({out[code]}): drop it from SUPPLEMENT")
        out[code] = increment
    return out


def build() -> dict[str, str]:
    from babel.core import get_global

    published, rows = iso_table()
    cash = cash_increments({r[0] for r in rows})
    for code, increment in cash.items():
        minor = next(r[2] for r in rows if r[0] == code)
        step = Decimal(increment)
        if step <= 0 or step % Decimal(1).scaleb(-minor) != 0:
            raise SystemExit(f"refdata: {code} cash increment {increment} is not a multiple of its minor unit")
    cldr = get_global("cldr")["version"]
    lines = [
        GENERATED,
        "//! The ISO 4217 currency table and cash-rounding increments (data only; lookups in currency.rs).",
        "//!",
        f"//! ISO 4217 List One as published by SIX (the maintenance agency) on {published}, shipped in PyPI",
        f"//! iso4217 {version('iso4217')}; rows whose minor units are \"N.A.\" are left out. Cash increments: Unicode",
        f"//! CLDR {cldr} (cashDigits/cashRounding, via PyPI babel {version('babel')}), plus where CLDR has none:",
    ]
    lines += [f"//! {code} {inc}: {why}." for code, (inc, why) in SUPPLEMENT.items()]
    lines += [
        "",
        "/// An ISO 4217 entry.",
        "#[derive(Debug, Clone, Copy, PartialEq, Eq)]",
        "pub struct CurrencyEntry {",
        "    pub code: &'static str,",
        "    pub numeric: &'static str,",
        "    pub minor_units: u32,",
        "    pub name: &'static str,",
        "    /// Cash rounding increment as text (\"0.05\"), if the currency has one.",
        "    pub cash_increment: Option<&'static str>,",
        "}",
        "",
        data_source(
            "iso-4217",
            f"ISO 4217 List One (SIX) via PyPI iso4217 {version('iso4217')}, minor units N.A. excluded",
            published,
        ),
        data_source_suffix("CASH", "cash-increments",
                           f"Unicode CLDR {cldr} currencyData cashDigits/cashRounding via PyPI babel {version('babel')}; "
                           + ", ".join(f"{c} {i}" for c, (i, _) in SUPPLEMENT.items()) + " added (not in CLDR)",
                           f"CLDR {cldr}"),
        "/// The table as text, one line per currency, sorted by code (a test checks it): the alphabetic code, the",
        "/// numeric code and the minor units (one digit), then the cash increment if there is one, `|`, the name",
        "/// (\"AUD0362\" \"0.05\" \"|Australian Dollar\"). currency.rs decodes it once into [`CurrencyEntry`]s whose",
        "/// strings point into it: a table of string references costs the wasm ~1.5 KB gzip more than this text.",
        "pub(super) const TABLE: &str = concat!(",
    ]
    for code, numeric, minor, name, fund in rows:
        assert len(code) == 3 and len(numeric) == 3 and 0 <= int(minor) <= 9, code
        assert "|" not in name and "\n" not in name, code
        line = rs(f"{code}{numeric}{minor}{cash.get(code, '')}|{name}")[:-1] + '\\n"'
        lines.append(f"    {line},{' // fund' if fund else ''}")
    lines.append(");")
    return {PATH: "\n".join(lines) + "\n"}


def data_source_suffix(prefix: str, name: str, source: str, date: str) -> str:
    """A second set of `versions()` constants in one module (DATA_* renamed to <prefix>_DATA_*)."""
    return data_source(name, source, date).replace("DATA_", f"{prefix}_DATA_")
