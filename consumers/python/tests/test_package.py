"""The package carries the wasm it runs, and that copy is the one `make build` just produced."""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path

import pytest

import kassa


def test_wasm_is_package_data_and_typed_marker_ships():
    root = resources.files("kassa")
    wasm = root.joinpath("_wasm", "kassa.core.wasm").read_bytes()
    assert wasm[:4] == b"\0asm"
    assert kassa.wasm_sha256() == hashlib.sha256(wasm).hexdigest()
    assert root.joinpath("py.typed").is_file()


def test_committed_wasm_matches_the_build():
    dist = os.environ.get("KASSA_DIST_DIR")
    if not dist:
        pytest.skip("KASSA_DIST_DIR not set (make test-python sets it)")
    built = (Path(dist) / "kassa.core.wasm").read_bytes()
    shipped = resources.files("kassa").joinpath("_wasm", "kassa.core.wasm").read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == hashlib.sha256(built).hexdigest(), (
        "consumers/python/src/kassa/_wasm/kassa.core.wasm is stale: run `make embed-python` and commit it"
    )


def test_runtime_version_names_wasmtime():
    assert kassa.runtime_version() == "wasmtime-py 50.0.1"
