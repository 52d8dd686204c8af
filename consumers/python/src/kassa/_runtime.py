"""The wasmtime side: one compiled core module per process, instances with their own store, and pools.

Kassa runs `kassa.core.wasm` (the core module before `component new`) through wasmtime's *core* API and does
the canonical ABI itself (`_abi.py`): wasmtime-py's dynamic component API reads type information through
ctypes on every call and costs ~20x more per call (README: "Crossing the boundary"). Calls go through
`wasmtime_func_call_unchecked` with a preallocated argument buffer; that is safe because every export's
signature is checked against `_schema.py` once, when the module is loaded.

Each instance has its own store with a fuel budget (set before every call) and a memory limit, by default the
`fuel` and `memory` limits of docs/limits.md (`_limits.py`, generated from kassa-core's table), under which
every input within the engine's input limits is answered as in the other hosts. A trap — out of fuel, out of
memory, or a bug — marks the instance broken; pools never hand out a broken instance, so the next call gets a
fresh one. Running out of memory is told apart from a bug by the guest's own record of the allocation its cap
refused (bindings/src/alloc.rs). An instance is used by one thread at a time (pools hand it out).
"""

from __future__ import annotations

import ctypes
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from decimal import InvalidOperation
from struct import error as struct_error
from types import TracebackType
from typing import Any, Callable, Optional, Sequence, TypeVar

import wasmtime
from wasmtime import _ffi as ffi  # the raw C API, for calls without per-call type introspection

from . import _limits, _otel
from . import _schema as S
from ._abi import AbiError, Func
from ._cache import load_module
from ._errors import KassaError, LimitExceeded, TrapError

WASM_FILE = "kassa.core.wasm"

# Raw prototypes with plain integer arguments: no ctypes pointer objects are built per call.
_vp, _sz, _u64 = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint64
_call_unchecked = ctypes.CFUNCTYPE(_vp, _vp, _vp, _vp, _sz, _vp)(("wasmtime_func_call_unchecked", ffi.dll))
_mem_size = ctypes.CFUNCTYPE(_sz, _vp, _vp)(("wasmtime_memory_data_size", ffi.dll))
_mem_data = ctypes.CFUNCTYPE(_vp, _vp, _vp)(("wasmtime_memory_data", ffi.dll))
_set_fuel = ctypes.CFUNCTYPE(_vp, _vp, _u64)(("wasmtime_context_set_fuel", ffi.dll))

_MAX_ARGS = 16
_U32_MASK = 0xFFFFFFFF
_PAGE = 65536
# The guest's record of an allocation its memory cap refused: a global holding the address of a u32.
_ALLOC_FAILED = "kassa_alloc_failed"


@dataclass(frozen=True)
class Limits:
    """Bounds on every call. `fuel`: WebAssembly instructions (roughly) a single call may execute;
    `memory_bytes`: the most linear memory one instance may grow to (the wasm module declares the default as
    its maximum, so a larger value has no effect). Exceeding either raises LimitExceeded (`params["limit"]`
    `"fuel"` or `"memory"`) and replaces the instance; the engine stays usable. The defaults are the `fuel` and
    `memory` limits of docs/limits.md: every input within the engine's input limits fits them; lower values
    may refuse some."""

    fuel: int = _limits.FUEL
    memory_bytes: int = _limits.MEMORY_BYTES

    def __post_init__(self) -> None:
        for name in ("fuel", "memory_bytes"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int):
                raise TypeError(f"Limits.{name} must be an int, got {type(v).__name__}")
            if v <= 0:
                raise ValueError(f"Limits.{name} must be positive, got {v}")


class Runtime:
    """The compiled module (compiled once per process) and the wasmtime engine it belongs to."""

    def __init__(self, wasm: bytes) -> None:
        cfg = wasmtime.Config()
        cfg.consume_fuel = True
        self.engine = wasmtime.Engine(cfg)
        self.sha256 = hashlib.sha256(wasm).hexdigest()
        # Compiled once per machine, not per process: the compilation cache (_cache.py).
        self.module = load_module(self.engine, wasm, self.sha256)
        self._check_signatures()
        memory = next(e.type for e in self.module.exports if e.name == "memory")
        assert isinstance(memory, wasmtime.MemoryType)
        declared = memory.limits.max
        # The module's own cap: a store limit above it has no effect.
        self.memory_max = declared * _PAGE if declared is not None else None

    def memory_cap(self, limits: Limits) -> int:
        """The memory an instance with `limits` may use, in bytes."""
        return limits.memory_bytes if self.memory_max is None else min(limits.memory_bytes, self.memory_max)

    def _check_signatures(self) -> None:
        found = {e.name: e.type for e in self.module.exports}
        letter = {"i32": "i", "i64": "I"}

        def expect(name: str, params: str, results: str) -> None:
            ty = found.get(name)
            if not isinstance(ty, wasmtime.FuncType):
                raise RuntimeError(f"{WASM_FILE} does not export function {name!r}: rebuild or update kassa")
            got = tuple("".join(letter.get(str(v), "?") for v in vs) for vs in (ty.params, ty.results))
            if got != (params, results):
                raise RuntimeError(
                    f"{WASM_FILE}: {name} has signature {got}, kassa expects {(params, results)} (i: i32, I: i64)"
                )

        for f in S.ALL_FUNCS:
            expect(f.export, f.core_params, f.core_results)
            if f.post:
                expect(f.post, "i", "")
        expect("cabi_realloc", "iiii", "i")
        if not isinstance(found.get("memory"), wasmtime.MemoryType):
            raise RuntimeError(f"{WASM_FILE} does not export its memory")
        imports = {(i.module, i.name) for i in self.module.imports}
        known = {(S.RESOURCE_MODULE, S.RESOURCE_NEW), (S.RESOURCE_MODULE, S.RESOURCE_DROP)}
        if not imports <= known:
            raise RuntimeError(f"{WASM_FILE} imports {sorted(imports - known)}, which kassa does not provide")


_runtime: Optional[Runtime] = None
_runtime_lock = threading.Lock()


def _packaged_wasm() -> bytes:
    """The wasm inside the package: next to this file, or through importlib.resources when the package is not a
    plain directory (a zip); importlib.resources costs ~10 ms at start-up, so only then."""
    try:
        return (Path(__file__).parent / "_wasm" / WASM_FILE).read_bytes()
    except OSError:
        from importlib import resources

        return resources.files("kassa").joinpath("_wasm", WASM_FILE).read_bytes()


def runtime() -> Runtime:
    """The process-wide runtime, made on first use from the wasm inside the package: a few ms from the compilation
    cache, about a second when it must compile (_cache.py)."""
    global _runtime
    if _runtime is None:
        with _runtime_lock:
            if _runtime is None:
                _runtime = Runtime(_packaged_wasm())
    return _runtime


class _HandleTable:
    """The `engine` resource's handle table, which `component new` would otherwise provide.

    The guest calls `[resource-new]engine(rep)` when it returns a new engine; the host takes the handle back
    out of the table when it lifts the `own<engine>` result and from then on passes the rep (a borrow of a
    resource the callee itself implements is passed as its rep)."""

    def __init__(self) -> None:
        self.reps: dict[int, int] = {}
        self.next = 1

    def new(self, rep: int) -> int:
        handle, self.next = self.next, self.next + 1
        self.reps[handle] = rep
        return handle

    def drop(self, caller: wasmtime.Caller, handle: int) -> None:
        rep = self.reps.pop(handle)
        dtor = caller[S.ENGINE_DTOR.export]
        assert isinstance(dtor, wasmtime.Func)
        dtor(caller, rep)

    def take(self, handle: int) -> int:
        try:
            return self.reps.pop(handle)
        except KeyError:
            raise AbiError(f"unknown resource handle {handle}") from None


class Instance:
    """One instance of the core module in its own store. Not thread-safe: pools hand it to one thread."""

    def __init__(self, rt: Runtime, limits: Limits) -> None:
        self.limits = limits
        self.memory_cap = rt.memory_cap(limits)
        self.broken = False
        self.reused = False  # taken warm from a pool's idle list (docs/observability.md, kassa.instance.reused)
        self.rep = 0  # the engine rep, for instances that hold a loaded rulebook
        self.reps: tuple[int, ...] = ()  # the engine reps of an instance that holds several (kassa.Replay)
        store = wasmtime.Store(rt.engine)
        store.set_limits(memory_size=limits.memory_bytes)
        store.set_fuel(limits.fuel)
        self._table = table = _HandleTable()
        i32 = wasmtime.ValType.i32()
        imports: list[wasmtime.Func] = []
        for imp in rt.module.imports:
            if imp.name == S.RESOURCE_NEW:
                imports.append(wasmtime.Func(store, wasmtime.FuncType([i32], [i32]), table.new))
            else:
                imports.append(wasmtime.Func(store, wasmtime.FuncType([i32], []), table.drop, access_caller=True))
        try:
            inst = wasmtime.Instance(store, rt.module, imports)
        except (wasmtime.WasmtimeError, wasmtime.Trap) as e:
            # The module's initial memory does not fit the limit.
            raise LimitExceeded(*_memory_fields(self.memory_cap)) from e
        ex = inst.exports(store)
        self._store = store
        self._keep: list[Any] = [inst]  # keeps the wasmtime_func_t structs we point at alive
        self._addr: dict[str, int] = {}
        for f in S.ALL_FUNCS:
            for name in (f.export, f.post):
                if name:
                    func = ex[name]
                    self._keep.append(func)
                    self._addr[name] = ctypes.addressof(func._func)  # type: ignore[union-attr]
        realloc = ex["cabi_realloc"]
        memory = ex["memory"]
        self._keep += [realloc, memory]
        self._realloc = ctypes.addressof(realloc._func)  # type: ignore[union-attr]
        self._memory = ctypes.addressof(memory._memory)  # type: ignore[union-attr]
        record = ex.get(_ALLOC_FAILED)
        self._alloc_failed = record.value(store) if isinstance(record, wasmtime.Global) else None
        self._ctx = ctypes.cast(store._context(), ctypes.c_void_p).value
        self._args = (ctypes.c_uint64 * (2 * _MAX_ARGS))()  # wasmtime_val_raw_t is 16 bytes
        self._args_addr = ctypes.addressof(self._args)
        self._trap = ctypes.c_void_p()
        self._trap_addr = ctypes.addressof(self._trap)
        self._view: memoryview = memoryview(b"")
        self._view_len = -1
        self._writes: list[tuple[int, Any]] = []

    # ---- memory ----------------------------------------------------------------------------------------

    def view(self) -> memoryview:
        """All of linear memory as one memoryview. Memory only moves when it grows, so the view is rebuilt
        only when the size changed."""
        n = _mem_size(self._ctx, self._memory)
        if n != self._view_len:
            addr = _mem_data(self._ctx, self._memory)
            self._view = memoryview((ctypes.c_ubyte * n).from_address(addr)).cast("B")
            self._view_len = n
        return self._view

    def alloc(self, size: int, align: int) -> int:
        # The hot path of lowering (one call per string): inlined rather than going through _raw_call.
        buf = self._args
        buf[0] = 0
        buf[2] = 0
        buf[4] = align
        buf[6] = size
        err = _call_unchecked(self._ctx, self._realloc, self._args_addr, 4, self._trap_addr)
        if err or self._trap.value:
            raise self._failure(err, "cabi_realloc")
        ptr = buf[0] & _U32_MASK
        if ptr == 0:
            raise self._broken(AbiError("cabi_realloc returned null"), "cabi_realloc")
        return ptr

    def queue_write(self, ptr: int, data: Any) -> None:
        self._writes.append((ptr, data))

    # ---- calls -----------------------------------------------------------------------------------------

    def invoke(self, func: Func, args: Sequence[Any]) -> Any:
        """Call an export with wire arguments (see _abi.py) and return its lifted result."""
        if self.broken:
            raise RuntimeError("kassa internal error: a broken instance was used")
        try:
            return self._invoke(func, args)
        except BaseException:
            # Whatever went wrong (a trap, a KeyboardInterrupt between the call and its post-return, a value
            # that cannot be lifted), this instance's state is no longer known: never reuse it.
            self.broken = True
            raise

    def _invoke(self, func: Func, args: Sequence[Any]) -> Any:
        err = _set_fuel(self._ctx, self.limits.fuel)
        if err:
            raise self._broken(
                wasmtime.WasmtimeError._from_ptr(ctypes.cast(err, ctypes.POINTER(ffi.wasmtime_error_t))), func.export
            )
        self._writes = []
        flat = func.lower(self, args)
        if self._writes:
            mv = self.view()
            for ptr, data in self._writes:
                mv[ptr : ptr + len(data)] = data
            self._writes = []
        ret = self._raw_call(self._addr[func.export], flat, len(func.core_results), during=func.export)
        lift = func.lift
        if lift is None:
            return None
        try:
            value = lift(self.view(), ret)
        except (AbiError, UnicodeDecodeError, InvalidOperation, IndexError, KeyError, ValueError, struct_error) as e:
            raise self._broken(e, func.export) from e
        if func.post:
            self._raw_call(self._addr[func.post], [ret], 0, during=func.export)
        return value

    def take_handle(self, handle: int) -> int:
        return self._table.take(handle)

    def _raw_call(self, faddr: int, args: Sequence[int], nresults: int, during: str) -> int:
        buf = self._args
        for i, a in enumerate(args):
            buf[2 * i] = a & _U32_MASK
        err = _call_unchecked(self._ctx, faddr, self._args_addr, max(len(args), nresults), self._trap_addr)
        if err or self._trap.value:
            raise self._failure(err, during)
        return buf[0] & _U32_MASK

    def _failure(self, err: Any, during: str) -> KassaError:
        """Turn a trap or a wasmtime error in the export `during` into the exception the user sees, with
        wasmtime's report as its cause; the instance is now broken."""
        self.broken = True
        cause: BaseException
        if self._trap.value:
            trap = wasmtime.Trap._from_ptr(ctypes.cast(self._trap.value, ctypes.POINTER(ffi.wasm_trap_t)))
            self._trap.value = None
            cause, code = trap, trap.trap_code
        else:
            cause = wasmtime.WasmtimeError._from_ptr(ctypes.cast(err, ctypes.POINTER(ffi.wasmtime_error_t)))
            code = None
        exc: KassaError
        if code == wasmtime.TrapCode.OUT_OF_FUEL:
            exc = LimitExceeded(*_fields(_limits.fuel_exhausted(self.limits.fuel)))
        elif self._out_of_memory():
            exc = LimitExceeded(*_memory_fields(self.memory_cap))
        else:
            exc = _trap_error(
                f"the engine trapped in {_operation(during)}; its instance was replaced, so the next call works"
            )
        exc.__cause__ = cause
        return exc

    def _out_of_memory(self) -> bool:
        """Whether the guest recorded an allocation its memory cap refused (it traps right after)."""
        if self._alloc_failed is None:
            return False
        try:
            mv = self.view()
            return bool(int.from_bytes(mv[self._alloc_failed : self._alloc_failed + 4], "little"))
        except Exception:  # pragma: no cover - the store is alive and the address is the module's own
            return False

    def _broken(self, e: BaseException, during: str) -> TrapError:
        self.broken = True
        exc = _trap_error(
            f"the engine returned a result the host cannot read in {_operation(during)}; its instance was replaced, "
            "so the next call works"
        )
        exc.__cause__ = e
        return exc

    def close(self) -> None:
        self.broken = True
        self._view = memoryview(b"")
        self._keep.clear()
        self._store = None  # type: ignore[assignment]



def _fields(f: tuple[str, str, dict[str, str], str]) -> tuple[str, str, str, dict[str, str], tuple[()], str]:
    """A generated (code, message, params, text) as KassaError's positional arguments."""
    code, message, params, text = f
    return code, message, "", params, (), text


def _memory_fields(cap: int) -> tuple[str, str, str, dict[str, str], tuple[()], str]:
    return _fields(_limits.memory_exhausted(cap))


def _operation(export: str) -> str:
    """The contract's name of an export ("engine.quote", "round-money"), for messages: the export name itself
    ("kassa:engine/engine-api@0.1.0#[method]engine.quote") is an internal of the ABI."""
    if export == "cabi_realloc":
        return "allocating the arguments"
    name = export.rpartition("#")[2]
    return name.partition("]")[2] if name.startswith("[") else name


def _trap_error(message: str) -> TrapError:
    return TrapError("host-error", message, params={"reason": "trap"})


class Pool:
    """Instances handed to one thread at a time; grows to the number of concurrent callers.

    `make` builds a fresh instance (for an engine: instantiate and load the rulebook). Broken instances are
    dropped on release, so a trap costs one re-instantiation on the next call."""

    def __init__(self, make: Callable[[], Instance]) -> None:
        self._make = make
        self._idle: list[Instance] = []
        self._lock = threading.Lock()
        self.closed = False

    def acquire(self) -> Instance:
        with self._lock:
            if self._idle:
                inst = self._idle.pop()
                inst.reused = True
                return inst
        return self._make()

    def release(self, inst: Instance) -> None:
        if inst.broken or self.closed:
            inst.close()
            return
        with self._lock:
            self._idle.append(inst)

    def put(self, inst: Instance) -> None:
        """Add an instance created outside the pool (the one `Engine.load` loaded first)."""
        self.release(inst)

    def call(self, func: Func, args: Sequence[Any]) -> Any:
        inst = self.acquire()
        try:
            return inst.invoke(func, args)
        finally:
            if _otel.tracing:
                _otel.ran_on(inst)
            self.release(inst)

    def close(self) -> None:
        self.closed = True
        with self._lock:
            idle, self._idle = self._idle, []
        for inst in idle:
            inst.close()

    def __len__(self) -> int:
        return len(self._idle)


_default_limits = Limits()
_stateless: Optional[Pool] = None
_stateless_lock = threading.Lock()


def stateless_pool() -> Pool:
    """The pool behind the module-level functions (money, fields, versions)."""
    global _stateless
    pool = _stateless
    if pool is None:
        with _stateless_lock:
            if _stateless is None:
                rt, limits = runtime(), _default_limits
                _stateless = Pool(lambda: Instance(rt, limits))
            pool = _stateless
    return pool


def set_default_limits(limits: Limits) -> None:
    """Limits for the module-level functions (engines take theirs in `Engine.load`)."""
    global _default_limits, _stateless
    if not isinstance(limits, Limits):
        raise TypeError(f"expected kassa.Limits, got {type(limits).__name__}")
    with _stateless_lock:
        _default_limits = limits
        old, _stateless = _stateless, None
    if old is not None:
        old.close()


def default_limits() -> Limits:
    return _default_limits


_P = TypeVar("_P", bound="Pooled")


class Pooled:
    """What an Engine and a Replay share: a pool of instances with their rulebooks loaded, freed by close() or
    at the end of a `with` block (or with the object)."""

    __slots__ = ("_pool", "__weakref__")
    _pool: Pool

    @staticmethod
    def _limits_or_default(limits: Optional[Limits]) -> Limits:
        if limits is None:
            return Limits()
        if not isinstance(limits, Limits):
            raise TypeError(f"limits: expected kassa.Limits, got {type(limits).__name__}")
        return limits

    def close(self) -> None:
        """Free the instances now (they are freed with the object anyway). Later calls raise ValueError."""
        self._pool.close()

    @property
    def closed(self) -> bool:
        return self._pool.closed

    def __enter__(self: _P) -> _P:
        return self

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._pool.closed else f"{len(self._pool)} idle instance(s)"
        return f"<kassa.{type(self).__name__} {state}>"
