"""core/src/fields/idna_data.rs: the Unicode tables of the e-mail validator, as compact range tables.

- PVALID and CONTEXTO code points of IDNA2008 (RFC 5892 derivation) and the scripts its CONTEXTO rules name
  (Greek, Hebrew, Hiragana, Katakana, Han): PyPI `idna` (idnadata.py), for its stated Unicode version.
- General Category Cf (format characters), M* (combining marks) and the Bidi_Class of every PVALID or
  CONTEXTO code point: PyPI `unicodedata2`, which must state the same Unicode version (checked).

Encoding (decoded by core/src/fields/idna.rs): a range set is a byte string of LEB128 numbers, two per range:
the gap from the end of the previous range (+1) to the start, then the length - 1. The Bidi table has a third
byte per range, the class (BIDI_CLASSES order); code points it does not list are L (or not PVALID).
"""

from __future__ import annotations

from common import GENERATED, data_source, package_file, version

PATH = "core/src/fields/idna_data.rs"
BIDI_CLASSES = ["L", "R", "AL", "AN", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"]  # anything else: 11
SCRIPTS = ["Greek", "Hebrew", "Hiragana", "Katakana", "Han"]


def idnadata() -> dict:
    """idna's idnadata.py, executed on its own (it is a plain data module; the idna package is not imported)."""
    namespace: dict = {}
    source = package_file("idna", "idnadata.py").read_text(encoding="utf-8")
    exec(compile(source, "idnadata.py", "exec"), namespace)
    return namespace


def decode(encoded) -> list[tuple[int, int]]:
    """idna's ranges (start << 32 | end-exclusive) as inclusive (start, end) pairs."""
    return [(x >> 32, (x & 0xFFFFFFFF) - 1) for x in encoded]


def ranges_of(points) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for cp in sorted(points):
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return [tuple(r) for r in out]


def leb128(n: int) -> list[int]:
    out = []
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return out


def encode(ranges, classes=None) -> list[int]:
    out, prev = [], 0
    for i, (start, end) in enumerate(ranges):
        out += leb128(start - prev) + leb128(end - start)
        if classes is not None:
            out.append(classes[i])
        prev = end + 1
    return out


def byte_string(name: str, doc: str, data: list[int]) -> str:
    body = "".join(f"\\x{b:02x}" for b in data)
    return f"/// {doc} ({len(data)} bytes).\npub(super) const {name}: &[u8] = b\"{body}\";\n"


def build() -> dict[str, str]:
    import unicodedata2 as ud

    idna = idnadata()
    unicode_version = idna["__version__"]
    if ud.unidata_version != unicode_version:
        raise SystemExit(f"refdata: idna has Unicode {unicode_version}, unicodedata2 {ud.unidata_version}: pin matching versions")
    pvalid = decode(idna["codepoint_classes"]["PVALID"])
    contexto = decode(idna["codepoint_classes"]["CONTEXTO"])
    allowed = sorted({cp for s, e in pvalid + contexto for cp in range(s, e + 1)})
    cf = ranges_of(cp for cp in range(0x110000) if ud.category(chr(cp)) == "Cf")
    marks = ranges_of(cp for cp in range(0x110000) if ud.category(chr(cp)).startswith("M"))
    runs: list[list[int]] = []
    for cp in allowed:
        name = ud.bidirectional(chr(cp))
        cls = BIDI_CLASSES.index(name) if name in BIDI_CLASSES else len(BIDI_CLASSES)
        if cls == 0:
            continue
        if runs and runs[-1][1] == cp - 1 and runs[-1][2] == cls:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp, cls])
    tables = [
        byte_string("PVALID", "IDNA2008 PVALID code points", encode(pvalid)),
        byte_string("CONTEXTO", "IDNA2008 CONTEXTO code points (valid only where their RFC 5892 rule holds)", encode(contexto)),
        byte_string("FORMAT", "General Category Cf (format characters: U+200B, U+202E, U+FEFF, ...)", encode(cf)),
        byte_string("MARKS", "General Category M (Mn, Mc, Me: combining marks)", encode(marks)),
        byte_string("BIDI", "Bidi_Class of PVALID and CONTEXTO code points other than L, as class-tagged ranges",
                    encode([(s, e) for s, e, _ in runs], [c for _, _, c in runs])),
    ]
    for script in SCRIPTS:
        tables.append(byte_string(script.upper(), f"Script={script} (RFC 5892 CONTEXTO rules)",
                                  encode(decode(idna["scripts"][script]))))
    classes = ", ".join(f"{i} {n}" for i, n in enumerate(BIDI_CLASSES)) + f", {len(BIDI_CLASSES)} any other"
    text = f"""{GENERATED}
//! Unicode {unicode_version} tables of the e-mail validator's domain checks (decoded by idna.rs): IDNA2008
//! PVALID and CONTEXTO code points and the CONTEXTO rules' scripts from PyPI idna {version('idna')}; General
//! Category Cf and M and Bidi_Class from PyPI unicodedata2 {version('unicodedata2')}. Each table is a byte
//! string of LEB128 numbers, two per range (gap from the previous range's end + 1, length - 1); BIDI adds a
//! class byte per range ({classes}). Rules: tools/refdata/unicode_tables.py.

{data_source("idna-tables", f"IDNA2008 code point classes (RFC 5892) via PyPI idna {version('idna')}; General Category and Bidi_Class via PyPI unicodedata2 {version('unicodedata2')}", f"Unicode {unicode_version}")}
{chr(10).join(tables)}"""
    return {PATH: text}
