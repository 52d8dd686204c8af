"""core/src/fields/iban_data.rs: IBAN length and BBAN structure per country from the SWIFT IBAN Registry as
compiled in PyPI `schwifty` (its iban_registry/*.json files, merged in file-name order as schwifty does).

Rules, applied mechanically:
- Entries marked `aspirational` (countries that use IBANs but are not in SWIFT's registry) are left out.
- Territories the registry lists under another country (their IBANs start with that country's code, e.g.
  AX under FI, GF under FR, JE under GB) are not separate rows: the validator looks IBANs up by prefix.
- The BBAN spec without its "!" (fixed length) marks: `4!n4!n12!c` -> `4n4n12c`.
"""

from __future__ import annotations

import json

from common import GENERATED, data_source, package_file, rs, version

PATH = "core/src/fields/iban_data.rs"


def merge(left: dict, right: dict) -> dict:
    out = dict(left)
    for key, value in right.items():
        out[key] = merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def countries() -> tuple[list[tuple[str, int, str]], list[str]]:
    registry: dict = {}
    for path in sorted(package_file("schwifty", "iban_registry").glob("*.json")):
        registry = merge(registry, json.loads(path.read_text(encoding="utf-8")))
    rows, territories = [], []
    for code, spec in sorted(registry.items()):
        if spec.get("aspirational"):
            continue
        if not spec["iban_spec"].startswith(code):
            territories.append(f"{code} under {spec['iban_spec'][:2]}")
            continue
        bban = spec["bban_spec"].replace("!", "")
        if 4 + spec["bban_length"] != spec["iban_length"]:
            raise SystemExit(f"refdata: IBAN {code}: length {spec['iban_length']} is not 4 + {spec['bban_length']}")
        rows.append((code, spec["iban_length"], bban))
    return rows, territories


def build() -> dict[str, str]:
    ver = version("schwifty")
    rows, territories = countries()
    wrapped, line = [], "//!"
    for t in "; ".join(territories).split(" "):
        if len(line) + 1 + len(t) > 110:
            wrapped.append(line)
            line = "//!"
        line += " " + t
    wrapped.append(line)
    text = f"""{GENERATED}
//! The SWIFT IBAN Registry: every IBAN country with its IBAN length and BBAN structure.
//!
//! Source: SWIFT IBAN Registry as compiled in PyPI schwifty {ver}, entries marked aspirational left out.
//! BBAN structure in registry notation: `8n` = 8 digits, `4a` = 4 upper-case letters, `12c` = 12 letters
//! or digits. Territories the registry lists under another country use that country's prefix and are not
//! separate rows:
{chr(10).join(wrapped)}.
//! Rules: tools/refdata/iban.py.

{data_source("iban-registry", f"SWIFT IBAN Registry as compiled in PyPI schwifty {ver}", ver)}
/// One IBAN country: ISO code (the IBAN prefix), total IBAN length, BBAN structure.
pub(super) struct IbanCountry {{
    pub code: &'static str,
    pub length: usize,
    pub bban: &'static str,
}}

const fn c(code: &'static str, length: usize, bban: &'static str) -> IbanCountry {{
    IbanCountry {{ code, length, bban }}
}}

/// Sorted by code (binary search).
pub(super) const IBAN_COUNTRIES: &[IbanCountry] = &[
"""
    text += "".join(f"    c({rs(code)}, {length}, {rs(bban)}),\n" for code, length, bban in rows)
    return {PATH: text + "];\n"}
