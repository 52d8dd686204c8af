"""Engine.load / info / quote / validate, the error mapping, and closing."""

from __future__ import annotations

import hashlib
import json
import pickle

import pytest

import kassa
from conftest import MINIMAL_RULEBOOK

CART = {"currency": "EUR", "at": "2026-11-24T09:30:00Z", "lines": [{"sku": "A", "quantity": "1"}]}


def test_load_from_str_bytes_and_dict_reports_the_hash_of_the_bytes(rulebook_text):
    # rulebook-hash is the sha256 of the bytes as loaded (wit/kassa.wit), so hashlib is the oracle.
    compact = json.dumps(MINIMAL_RULEBOOK, separators=(",", ":"), ensure_ascii=False)
    for given, text in [(rulebook_text, rulebook_text), (rulebook_text.encode(), rulebook_text), (MINIMAL_RULEBOOK, compact)]:
        with kassa.Engine.load(given) as engine:
            info = engine.info()
            assert info.rulebook_hash == hashlib.sha256(text.encode()).hexdigest()
            assert (info.rulebook_id, info.rulebook_version) == ("shop", "7")
            assert info.engine_version == kassa.versions().engine_version
            assert info.contract_version == "0.1.0"  # package kassa:engine@0.1.0


def test_versions_lists_the_currency_table():
    about = kassa.versions()
    assert about.contract_version == "0.1.0"
    assert "iso-4217" in [d.name for d in about.data]


def test_malformed_json_is_invalid_json():
    with pytest.raises(kassa.KassaError) as e:
        kassa.Engine.load('{"kassa": "1", ')
    assert e.value.code == "invalid-json"
    assert type(e.value) is kassa.KassaError


def test_a_bad_rulebook_reports_every_problem():
    bad = dict(MINIMAL_RULEBOOK, kassa="2")
    del bad["tax"]
    with pytest.raises(kassa.KassaError) as e:
        kassa.Engine.load(bad)
    err = e.value
    assert err.code == "rulebook-invalid"
    assert err.problems, "the findings are listed"
    assert all(isinstance(p, kassa.Problem) and p.severity is kassa.Severity.ERROR for p in err.problems)
    assert err.params["count"] == str(len(err.problems))


def test_quote_errors_are_kassa_errors_and_leave_the_engine_usable(engine):
    # The minimal rulebook sells nothing, so any line is an unknown sku.
    with pytest.raises(kassa.KassaError) as e:
        engine.quote(CART)
    assert e.value.code == "cart-invalid"
    assert "sku-unknown" in [p.code for p in e.value.problems]
    assert engine.info().rulebook_id == "shop"


def test_validate_returns_a_report(engine):
    report = engine.validate({"cart": CART, "email": "a@b.de"})
    assert isinstance(report, kassa.ValidationReport)
    assert isinstance(report.valid, bool)
    assert report.valid == (not any(p.severity is kassa.Severity.ERROR for p in report.problems))


def test_context_manager_closes(rulebook_text):
    with kassa.Engine.load(rulebook_text) as engine:
        assert not engine.closed
    assert engine.closed
    with pytest.raises(ValueError, match="closed"):
        engine.info()
    engine.close()  # idempotent


def test_engine_cannot_be_constructed_directly():
    with pytest.raises(TypeError, match="Engine.load"):
        kassa.Engine()


def test_results_are_frozen(engine):
    info = engine.info()
    with pytest.raises(AttributeError):
        info.rulebook_id = "x"  # type: ignore[misc]


def test_kassa_error_shape_and_pickling():
    with pytest.raises(kassa.KassaError) as e:
        kassa.to_minor_units("1.234", "EUR")
    err = e.value
    assert isinstance(err, Exception)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err)
    assert (again.code, again.path, again.message, again.params) == (err.code, err.path, err.message, err.params)
    # The text: code, path and message (docs/errors.md, "The text of an error"); str() shows it.
    text = "precision-loss: /amount: 1.234 has more decimals than the currency's 2 minor units"
    assert str(err) == str(again) == err.text == text
    assert kassa.to_wire(err) == {
        "code": "precision-loss",
        "path": "/amount",
        "message": err.message,
        "params": [{"name": k, "value": v} for k, v in err.params.items()],
        "problems": [],
        "text": text,
    }
