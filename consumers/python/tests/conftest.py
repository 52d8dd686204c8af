"""Shared fixtures: a minimal valid rulebook, the repository root, and a guard that proves no wasm was entered."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import kassa
from kassa import _runtime

REPO = Path(os.environ.get("KASSA_REPO") or Path(__file__).resolve().parents[3])

#: The smallest rulebook the engine accepts (docs/rulebook.schema.json: kassa, id, version, settings, tax).
MINIMAL_RULEBOOK = {
    "kassa": "1",
    "id": "shop",
    "version": "7",
    "settings": {"currencies": ["EUR"], "rounding-mode": "half-even", "tax-rounding": "per-line"},
    "tax": {"categories": []},
}


@pytest.fixture
def rulebook_text() -> str:
    return json.dumps(MINIMAL_RULEBOOK)


@pytest.fixture
def engine(rulebook_text: str):
    with kassa.Engine.load(rulebook_text) as e:
        yield e


@pytest.fixture
def no_wasm(monkeypatch):
    """Fails the test if anything enters WebAssembly (for checks that must happen before the call)."""

    def refuse(self, func, args):
        raise AssertionError(f"entered wasm ({func.export}) although the input was invalid")

    monkeypatch.setattr(_runtime.Instance, "invoke", refuse)


@pytest.fixture(autouse=True)
def _default_limits():
    """Tests that tighten the module-level limits get the defaults back afterwards."""
    yield
    if kassa.default_limits() != kassa.Limits():
        kassa.set_default_limits(kassa.Limits())
