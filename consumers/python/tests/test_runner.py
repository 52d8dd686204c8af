"""The conformance runner (conformance/runners/python/runner.py) speaks the protocol of conformance/README.md."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import kassa
from conftest import MINIMAL_RULEBOOK, REPO

RUNNER = REPO / "conformance" / "runners" / "python" / "runner.py"
pytestmark = pytest.mark.skipif(not RUNNER.is_file(), reason="conformance runner not in this checkout")


def run(lines: list[str]) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, str(RUNNER)], input="".join(line + "\n" for line in lines),
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_protocol():
    rb = json.dumps(MINIMAL_RULEBOOK)
    out = run(
        [
            json.dumps({"id": "a", "op": "round", "rulebook": None, "input": {"value": "2.5", "scale": 0, "mode": "half-even"}}),
            json.dumps({"id": "b", "op": "to-minor-units", "rulebook": None, "input": {"amount": "12.34", "currency": "EUR"}}),
            json.dumps({"id": "c", "op": "canonical-decimal", "rulebook": None, "input": {"value": "01"}}),
            json.dumps({"id": "d", "op": "info", "rulebook": rb, "input": {}}),
            json.dumps({"id": "e", "op": "round", "rulebook": None, "input": {"value": 2.5, "scale": 0, "mode": "half-even"}}),
            json.dumps({"id": "f", "op": "no-such-op", "rulebook": None, "input": {}}),
            "{not json",
            json.dumps({"id": "g", "op": "load", "rulebook": "{", "input": {}}),
        ]
    )  # fmt: skip
    hello = out[0]["hello"]
    assert hello["host"] == "python" and hello["component-sha256"] == kassa.wasm_sha256()
    by_id = {m["id"]: m for m in out[1:]}
    assert by_id["a"] == {"id": "a", "result": "2"}
    assert by_id["b"] == {"id": "b", "result": "1234"}  # the contract's string, not the API's int
    assert by_id["c"]["error"]["code"] == "invalid-decimal"
    assert set(by_id["c"]["error"]) == {"code", "path", "message", "params", "problems", "text"}
    assert by_id["d"]["result"]["rulebook-id"] == "shop"
    assert by_id["e"]["error"]["code"] == "host-error"  # a float is refused by the Python API
    assert by_id["f"]["error"]["code"] == "host-error"
    assert by_id[None]["error"]["code"] == "host-error"
    assert by_id["g"]["error"]["code"] == "invalid-json"
    assert len(out) == 9
