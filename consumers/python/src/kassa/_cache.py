"""The compilation cache: wasmtime's machine code for the engine, kept on disk between processes.

Compiling `kassa.core.wasm` takes about half a second to two seconds; reading it back from the cache takes a few
milliseconds. On by default, in the user's cache directory (`$XDG_CACHE_HOME/kassa` or `~/.cache/kassa` on
Linux, `~/Library/Caches/kassa` on macOS, `%LOCALAPPDATA%\\kassa` on Windows); `KASSA_CACHE_DIR` moves it
(`off` turns it off), and `kassa.set_compile_cache(...)` overrides both before the first call.

wasmtime's serialized code is only valid for the same wasmtime build, engine configuration and CPU features,
so the file name is a hash of all of them and of the wasm's sha256. wasmtime trusts what it deserializes, so
every file carries the sha256 of its payload and a file that does not match (truncated, corrupted, written by
something else) is ignored and rewritten. Files are written to a temporary name and renamed into place, so
processes that start together never read half a file: the last writer wins with identical bytes.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Optional, Union

import wasmtime
from wasmtime import _ffi as ffi

ENV = "KASSA_CACHE_DIR"
_MAGIC = b"kassa-wasmtime-cache 1\n"
# The engine configuration the code is compiled for (Runtime sets consume_fuel); part of the key.
CONFIG = "consume_fuel=1"

_override: Optional[Path] = None
_overridden = False
# What the last load_module did: "off", "hit", "compiled" (no valid entry; written unless the disk refused).
# For tests and diagnostics.
outcome = ""


def set_compile_cache(directory: Union[str, os.PathLike[str], None]) -> None:
    """Where the compiled engine is cached (a directory, created if needed), or None for no cache.

    Overrides `KASSA_CACHE_DIR` and the default; takes effect when the engine is first compiled, i.e. call it
    before any other kassa function."""
    global _override, _overridden
    if directory is not None and not isinstance(directory, (str, os.PathLike)):
        raise TypeError(f"expected a path or None, got {type(directory).__name__}")
    _override, _overridden = (Path(directory) if directory is not None else None), True


def cache_dir() -> Optional[Path]:
    """The directory in use: set_compile_cache's, else $KASSA_CACHE_DIR's, else the user's cache directory."""
    if _overridden:
        return _override
    env = os.environ.get(ENV)
    if env is not None:
        return None if env in ("", "off") else Path(env)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".cache"  # the XDG spec ignores relative paths
    return base / "kassa"


def _wasmtime_build() -> str:
    """wasmtime-py's version (from its dist-info folder: importlib.metadata would cost ~40 ms at start-up) and
    the size of the native library it loaded."""
    lib = Path(ffi.dll._name)
    site = Path(wasmtime.__file__).resolve().parent.parent
    versions = sorted(p.name for p in site.glob("wasmtime-*.dist-info"))
    return f"{','.join(versions) or 'unknown'} {lib.name} {lib.stat().st_size if lib.exists() else 0}"


def _machine() -> str:
    """The architecture and the CPU's feature flags (Linux: the first flags line of /proc/cpuinfo)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith(("flags", "Features")):
                    return f"{os.uname().machine} {line.split(':', 1)[1].strip()}"
    except OSError:
        pass
    import platform  # not at import time: only where /proc/cpuinfo is missing (macOS, Windows)

    return f"{platform.machine()} {platform.processor()}"


def cache_file(directory: Path, wasm_sha256: str) -> Path:
    key = "\n".join([wasm_sha256, _wasmtime_build(), CONFIG, _machine()])
    return directory / "wasmtime" / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.bin"


def _read(path: Path) -> Optional[bytes]:
    """The payload of a cache file whose checksum matches, else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 32
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(_MAGIC) : head]:
        return None
    return payload


def _write(path: Path, payload: bytes) -> None:
    """Temp file in the same directory, then an atomic rename; failures leave no file behind."""
    import tempfile  # only when writing: most starts only read

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load_module(engine: wasmtime.Engine, wasm: bytes, wasm_sha256: str) -> wasmtime.Module:
    """The compiled module: from the cache when a valid entry exists, else compiled (and cached)."""
    global outcome
    directory = cache_dir()
    outcome = "off"
    if directory is None:
        return wasmtime.Module(engine, wasm)
    try:
        path = cache_file(directory, wasm_sha256)
    except OSError:
        return wasmtime.Module(engine, wasm)
    payload = _read(path)
    if payload is not None:
        try:
            module = wasmtime.Module.deserialize(engine, payload)
            outcome = "hit"
            return module
        except wasmtime.WasmtimeError:
            pass  # another wasmtime build or configuration: compile and overwrite
    outcome = "compiled"
    module = wasmtime.Module(engine, wasm)
    try:
        _write(path, bytes(module.serialize()))
    except (OSError, wasmtime.WasmtimeError):
        pass  # a read-only or full disk: run without the cache
    return module
