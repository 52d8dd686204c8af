"""core/src/fields/phone_data.rs: calling codes, national number lengths, trunk prefixes and leading digits
of every region in libphonenumber's metadata (PyPI `phonenumbers`, its Python port, read from the package's
`data/region_*.py` files without importing them).

Rules, applied mechanically:
- Every geographic region (`region_XX.py`; the non-geographic `001` entities are left out).
- Lengths: the general description's `possible_length` (local-only lengths are not national numbers).
- Trunk prefix: `national_prefix`; for BY and LT every string of `national_prefix_for_parsing` instead
  (BY dials 80, 8 or 0; LT 8 or 0), longest first.
- Leading digits (for regions sharing a calling code): the `leading_digits` expression expanded to plain
  prefixes, shortest first.
"""

from __future__ import annotations

import ast

from common import GENERATED, data_source, package_file, rs, version
from regex_expand import strings

PATH = "core/src/fields/phone_data.rs"
ALL_PARSING_PREFIXES = {"BY", "LT"}


def regions() -> list[dict]:
    out = []
    data = package_file("phonenumbers", "data")
    for path in sorted(data.glob("region_*.py")):
        region = path.stem.removeprefix("region_")
        if not region.isalpha():
            continue
        call = next(
            node.value
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
            and getattr(node.value.func, "id", "") == "PhoneMetadata"
        )
        kw = {k.arg: k.value for k in call.keywords}
        general = {k.arg: ast.literal_eval(k.value) for k in kw["general_desc"].keywords}
        value = lambda name: ast.literal_eval(kw[name]) if name in kw else None  # noqa: E731
        if region in ALL_PARSING_PREFIXES:
            trunk = strings(value("national_prefix_for_parsing"))
        else:
            trunk = [value("national_prefix")] if value("national_prefix") else []
        leading = strings(value("leading_digits")) if value("leading_digits") else []
        out.append({
            "region": region,
            "code": str(value("country_code")),
            "lengths": sorted(general["possible_length"]),
            "trunk": sorted(trunk, key=lambda t: (-len(t), t)),
            "leading": sorted(leading, key=lambda t: (len(t), t)),
        })
    return out


def build() -> dict[str, str]:
    ver = version("phonenumbers")
    rows = regions()
    head = f"""{GENERATED}
//! Country calling codes (ITU-T E.164) with each region's national significant number lengths and
//! trunk prefixes. Source: libphonenumber metadata as shipped in PyPI phonenumbers {ver}: the
//! country code, the general "possible lengths" (the exact set, not a range: CA allows 7 and 10 but not
//! 8 or 9) without local-only lengths, the national prefix (for BY and LT all prefixes of "national
//! prefix for parsing"; carrier-selection and local dialling rules are not used), and the leading
//! digits that pick a region within a shared code (expanded from libphonenumber's expressions to plain
//! prefixes). Non-geographic codes (+800, +808, +870, ...) are not included. AC (Ascension) and TA
//! (Tristan da Cunha) are libphonenumber regions without an ISO 3166-1 code; they are reported as SH.
//! Rules: tools/refdata/phone.py.

{data_source("phone-calling-codes",
             f"ITU-T E.164 calling codes, national number lengths and trunk prefixes from libphonenumber metadata via PyPI phonenumbers {ver}",
             f"libphonenumber {ver}")}
/// One region of a calling code (decoded from [`PHONE_TABLE`] by phone.rs).
pub(super) struct PhoneRegion {{
    pub region: &'static str,
    pub calling_code: &'static str,
    /// Every possible length of a national significant number, ascending. A set, not a range: many
    /// regions have gaps (GB 7, 9, 10; RU 10, 14).
    pub lengths: Vec<usize>,
    /// The national (trunk) prefixes dialled before the national number inside the country, longest
    /// first (usually one; BY also uses "80" and "0", LT "8" besides "0").
    pub trunk: Vec<&'static str>,
    /// National numbers starting with one of these belong to this region (for shared calling codes).
    pub leading: Vec<&'static str>,
}}

/// The table as text, one line per region, sorted by region code (binary search): region, calling code,
/// lengths, trunk prefixes and leading digits, separated by `|`, the lists by `,` ("AG|1|10|1|268"). phone.rs
/// decodes it once; a table of string and slice references costs the wasm ~2 KB gzip more than this text.
pub(super) const PHONE_TABLE: &str = concat!(
"""
    for r in rows:
        for part in [r["region"], r["code"], *r["trunk"], *r["leading"]]:
            assert part and part.isalnum(), (r["region"], part)
    body = "".join(
        "    " + rs("|".join([r["region"], r["code"], ",".join(map(str, r["lengths"])), ",".join(r["trunk"]),
                          ",".join(r["leading"])]))[:-1] + '\\n",\n'
        for r in rows
    )
    return {PATH: head + body + ");\n"}
