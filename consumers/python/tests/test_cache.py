"""The compilation cache across processes (src/kassa/_cache.py): each test starts fresh Python processes that
use the installed package with KASSA_CACHE_DIR pointing at a temporary directory, as a user's program would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import wasmtime

from kassa import _cache

# 2.5 rounded half-even to 0 places is 2 (ties go to the even neighbour).
CHILD = "import kassa, kassa._cache as c; print(kassa.round('2.5', 0, 'half-even'), c.outcome)"


def run(cache: str | Path, extra_env: dict[str, str] | None = None) -> str:
    env = {**os.environ, _cache.ENV: str(cache), **(extra_env or {})}
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    value, outcome = out.stdout.split()
    assert value == "2"
    return outcome


def entries(d: Path) -> list[Path]:
    return sorted(p for p in d.rglob("*") if p.is_file())


def test_second_process_reads_the_cache(tmp_path: Path) -> None:
    assert run(tmp_path) == "compiled"
    [entry] = entries(tmp_path)
    assert entry.suffix == ".bin" and entry.parent.name == "wasmtime"
    before = entry.stat().st_ino
    assert run(tmp_path) == "hit"
    assert entries(tmp_path) == [entry] and entry.stat().st_ino == before  # read, not rewritten


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage"])
def test_a_damaged_entry_is_ignored_and_rewritten(tmp_path: Path, damage: str) -> None:
    run(tmp_path)
    [entry] = entries(tmp_path)
    good = entry.read_bytes()
    bad = {
        "flip": good[:-100] + bytes(b ^ 0xFF for b in good[-100:]),
        "truncate": good[: len(good) // 2],
        "empty": b"",
        "garbage": b"\0asm" * 1000,
    }[damage]
    entry.write_bytes(bad)
    assert run(tmp_path) == "compiled"
    assert entry.read_bytes() == good  # compiling is deterministic: the same bytes again
    assert run(tmp_path) == "hit"


def test_code_for_another_configuration_is_refused_by_wasmtime(tmp_path: Path) -> None:
    """An entry whose checksum is right but whose code was compiled for another engine configuration (here
    without fuel) is refused by wasmtime's own check, compiled afresh and overwritten."""
    run(tmp_path)
    [entry] = entries(tmp_path)
    wasm = (Path(_cache.__file__).parent / "_wasm" / "kassa.core.wasm").read_bytes()
    other = bytes(wasmtime.Module(wasmtime.Engine(wasmtime.Config()), wasm).serialize())
    _cache._write(entry, other)
    assert run(tmp_path) == "compiled"
    assert run(tmp_path) == "hit"


def test_concurrent_first_starts(tmp_path: Path) -> None:
    env = {**os.environ, _cache.ENV: str(tmp_path)}
    procs = [
        subprocess.Popen([sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.split()[0] == "2"
    [entry] = entries(tmp_path)  # one complete entry, no temporary file left behind
    assert entry.suffix == ".bin"
    assert run(tmp_path) == "hit"


def test_off_and_the_default_directory(tmp_path: Path) -> None:
    assert run("off") == "off"
    xdg = tmp_path / "xdg"
    env = {k: v for k, v in os.environ.items() if k != _cache.ENV}
    env["XDG_CACHE_HOME"] = str(xdg)
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2", "compiled"]
    assert [p.parent.parent for p in entries(xdg)] == [xdg / "kassa"]


def test_set_compile_cache_overrides_the_environment(tmp_path: Path) -> None:
    head, call = CHILD.split("; ", 1)
    code = f"{head}; kassa.set_compile_cache({str(tmp_path / 'mine')!r}); {call}"
    out = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, _cache.ENV: "off"}, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2", "compiled"]
    assert len(entries(tmp_path / "mine")) == 1
    with pytest.raises(TypeError):
        _cache.set_compile_cache(3)  # type: ignore[arg-type]


def test_an_unwritable_cache_directory_does_not_fail(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert run(blocker / "sub") == "compiled"  # could not write: ran without the cache
