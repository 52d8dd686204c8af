"""kassa.Code lists exactly the codes of docs/errors.md (plus the hosts' own host-error), and compares equal to
the plain strings a KassaError carries."""

import re

import pytest

import kassa

from conftest import REPO


def documented_codes() -> set[str]:
    text = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.M))


def test_the_enum_is_the_documented_table():
    assert {c.value for c in kassa.Code} == documented_codes() | {"host-error"}


def test_a_code_compares_equal_to_the_error_code(engine):
    with pytest.raises(kassa.KassaError) as e:
        engine.quote_json('{"currency": "EUR", "at": "2026-11-24T09:30:00Z", "lines": [], "colour": 1}')
    assert e.value.code == kassa.Code.CART_INVALID
    assert e.value.problems[0].code == kassa.Code.UNKNOWN_FIELD
