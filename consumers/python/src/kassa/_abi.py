"""Canonical ABI lifting and lowering for the WIT types Kassa's contract uses (design/mvp/CanonicalABI.md).

Each WIT type is a codec object that knows its size, alignment and flat arity, how to *store* a wire value into
a local buffer (lowering: strings and lists are allocated in guest memory through `cabi_realloc`) and how to
*lift* a value out of a memoryview of guest memory. Lifting builds the public dataclasses directly, so a result
is read once, in bulk, with `struct.unpack_from` on one memoryview — no per-field ctypes calls.

Lowering works on *wire values* prepared by `_inputs.py`: strings are already UTF-8 `bytes`, records are
tuples in WIT field order, enums are case indices. Preparing them first means a bad argument raises before
anything is allocated in the guest.
"""

from __future__ import annotations

import struct
from decimal import Decimal
from typing import Any, Callable, Optional, Protocol, Sequence

_U32 = struct.Struct("<I")
_PTR_LEN = struct.Struct("<II")

#: Canonical ABI limit: functions with more flat parameters take them through memory.
MAX_FLAT_PARAMS = 16


class AbiError(Exception):
    """The guest returned something that is not a valid canonical ABI value (a guest bug)."""


class Allocator(Protocol):
    """What lowering needs from an instance: allocate guest memory; writes are queued and done at once."""

    def alloc(self, size: int, align: int) -> int: ...

    def queue_write(self, ptr: int, data: bytes | bytearray) -> None: ...


def align_to(offset: int, align: int) -> int:
    return (offset + align - 1) & ~(align - 1)


class Ty:
    size: int
    align: int
    flat: int

    def store(self, low: Allocator, buf: bytearray, off: int, value: Any) -> None:
        raise NotImplementedError

    def lower_flat(self, low: Allocator, value: Any, out: list[int]) -> None:
        raise NotImplementedError

    def lift(self, mv: memoryview, off: int) -> Any:
        raise NotImplementedError


class StrTy(Ty):
    """`string` (UTF-8). Lowers from bytes; lifts to str."""

    size, align, flat = 8, 4, 2

    def _put(self, low: Allocator, value: bytes) -> tuple[int, int]:
        n = len(value)
        if n == 0:
            return 1, 0  # any non-null pointer: the guest frees nothing for an empty string
        ptr = low.alloc(n, 1)
        low.queue_write(ptr, value)
        return ptr, n

    def store(self, low: Allocator, buf: bytearray, off: int, value: bytes) -> None:
        _PTR_LEN.pack_into(buf, off, *self._put(low, value))

    def lower_flat(self, low: Allocator, value: bytes, out: list[int]) -> None:
        out.extend(self._put(low, value))

    def lift(self, mv: memoryview, off: int) -> Any:
        p, n = _PTR_LEN.unpack_from(mv, off)
        if p + n > len(mv):
            raise AbiError(f"string out of bounds: {p}+{n}")
        return str(mv[p : p + n], "utf-8")


class DecTy(StrTy):
    """A decimal carried as a canonical decimal string; lifts to Decimal."""

    def lift(self, mv: memoryview, off: int) -> Any:
        p, n = _PTR_LEN.unpack_from(mv, off)
        if p + n > len(mv):
            raise AbiError(f"string out of bounds: {p}+{n}")
        return Decimal(str(mv[p : p + n], "ascii"))


class U32Ty(Ty):
    size, align, flat = 4, 4, 1

    def store(self, low: Allocator, buf: bytearray, off: int, value: int) -> None:
        _U32.pack_into(buf, off, value)

    def lower_flat(self, low: Allocator, value: int, out: list[int]) -> None:
        out.append(value)

    def lift(self, mv: memoryview, off: int) -> Any:
        return _U32.unpack_from(mv, off)[0]


class BoolTy(Ty):
    size, align, flat = 1, 1, 1

    def store(self, low: Allocator, buf: bytearray, off: int, value: bool) -> None:
        buf[off] = 1 if value else 0

    def lower_flat(self, low: Allocator, value: bool, out: list[int]) -> None:
        out.append(1 if value else 0)

    def lift(self, mv: memoryview, off: int) -> Any:
        return mv[off] != 0


class EnumTy(Ty):
    """A WIT enum (fewer than 256 cases: one byte). Lowers from the case index; lifts to the Python enum."""

    size, align, flat = 1, 1, 1

    def __init__(self, cls: Any) -> None:
        self.cases = tuple(cls)

    def store(self, low: Allocator, buf: bytearray, off: int, value: int) -> None:
        buf[off] = value

    def lower_flat(self, low: Allocator, value: int, out: list[int]) -> None:
        out.append(value)

    def lift(self, mv: memoryview, off: int) -> Any:
        i = mv[off]
        if i >= len(self.cases):
            raise AbiError(f"enum discriminant {i} out of range")
        return self.cases[i]


class OptionTy(Ty):
    def __init__(self, inner: Ty) -> None:
        self.inner = inner
        self.align = max(1, inner.align)
        self.payload = align_to(1, inner.align)
        self.size = align_to(self.payload + inner.size, self.align)
        self.flat = 1 + inner.flat

    def store(self, low: Allocator, buf: bytearray, off: int, value: Any) -> None:
        if value is not None:
            buf[off] = 1
            self.inner.store(low, buf, off + self.payload, value)
        # None: the buffer is zeroed already

    def lower_flat(self, low: Allocator, value: Any, out: list[int]) -> None:
        if value is None:
            out.extend([0] * self.flat)
        else:
            out.append(1)
            self.inner.lower_flat(low, value, out)

    def lift(self, mv: memoryview, off: int) -> Any:
        tag = mv[off]
        if tag == 0:
            return None
        if tag != 1:
            raise AbiError(f"option discriminant {tag}")
        return self.inner.lift(mv, off + self.payload)


class ListTy(Ty):
    """`list<T>`; lifts to a tuple (or to `container` if given)."""

    size, align, flat = 8, 4, 2

    def __init__(self, elem: Ty, container: Callable[[Any], Any] = tuple) -> None:
        self.elem = elem
        self.stride = align_to(elem.size, elem.align)
        self.container = container

    def _put(self, low: Allocator, values: Sequence[Any]) -> tuple[int, int]:
        n = len(values)
        if n == 0:
            return self.elem.align, 0  # aligned and never freed by the guest
        stride = self.stride
        ptr = low.alloc(n * stride, self.elem.align)
        buf = bytearray(n * stride)
        store = self.elem.store
        for i, v in enumerate(values):
            store(low, buf, i * stride, v)
        low.queue_write(ptr, buf)
        return ptr, n

    def store(self, low: Allocator, buf: bytearray, off: int, value: Sequence[Any]) -> None:
        _PTR_LEN.pack_into(buf, off, *self._put(low, value))

    def lower_flat(self, low: Allocator, value: Sequence[Any], out: list[int]) -> None:
        out.extend(self._put(low, value))

    def lift(self, mv: memoryview, off: int) -> Any:
        p, n = _PTR_LEN.unpack_from(mv, off)
        stride = self.stride
        if p + n * stride > len(mv):
            raise AbiError(f"list out of bounds: {p}+{n}x{stride}")
        lift = self.elem.lift
        return self.container([lift(mv, p + i * stride) for i in range(n)])


class ParamsTy(ListTy):
    """`list<param>` (param = record {name, value}); lifts to a dict in the engine's order."""

    def __init__(self) -> None:
        super().__init__(RecordTy(None, [("name", StrTy()), ("value", StrTy())]))

    def lift(self, mv: memoryview, off: int) -> Any:
        p, n = _PTR_LEN.unpack_from(mv, off)
        if p + n * 16 > len(mv):
            raise AbiError(f"list out of bounds: {p}+{n}x16")
        out = {}
        for i in range(n):
            a, b, c, d = struct.unpack_from("<IIII", mv, p + 16 * i)
            if a + b > len(mv) or c + d > len(mv):
                raise AbiError("param string out of bounds")
            out[str(mv[a : a + b], "utf-8")] = str(mv[c : c + d], "utf-8")
        return out


class RecordTy(Ty):
    """A WIT record. Lowers from a tuple in field order; lifts to `ctor(*fields)` (a tuple if ctor is None)."""

    def __init__(self, ctor: Optional[Callable[..., Any]], fields: Sequence[tuple[str, Ty]]) -> None:
        self.ctor = ctor
        self.names = [n for n, _ in fields]
        self.types = [t for _, t in fields]
        offsets, off, align = [], 0, 1
        for t in self.types:
            off = align_to(off, t.align)
            offsets.append(off)
            off += t.size
            align = max(align, t.align)
        self.offsets = offsets
        self.align = align
        self.size = align_to(off, align)
        self.flat = sum(t.flat for t in self.types)
        self._pairs = list(zip(offsets, self.types))

    def store(self, low: Allocator, buf: bytearray, off: int, value: Sequence[Any]) -> None:
        for (o, t), v in zip(self._pairs, value):
            t.store(low, buf, off + o, v)

    def lower_flat(self, low: Allocator, value: Sequence[Any], out: list[int]) -> None:
        for t, v in zip(self.types, value):
            t.lower_flat(low, v, out)

    def lift(self, mv: memoryview, off: int) -> Any:
        vals = [t.lift(mv, off + o) for o, t in self._pairs]
        return tuple(vals) if self.ctor is None else self.ctor(*vals)


class ResultTy(Ty):
    """`result<ok, err>`; lifts to `(True, ok)` or `(False, err)`. `ok` may be None (no payload)."""

    def __init__(self, ok: Optional[Ty], err: Ty) -> None:
        self.ok, self.err = ok, err
        self.align = max(1, err.align, ok.align if ok else 1)
        self.payload = align_to(1, self.align)
        self.size = align_to(self.payload + max(err.size, ok.size if ok else 0), self.align)
        self.flat = 1 + max(err.flat, ok.flat if ok else 0)

    def lift(self, mv: memoryview, off: int) -> Any:
        tag = mv[off]
        if tag == 0:
            return True, (self.ok.lift(mv, off + self.payload) if self.ok else None)
        if tag == 1:
            return False, self.err.lift(mv, off + self.payload)
        raise AbiError(f"result discriminant {tag}")


class HandleTy(U32Ty):
    """An `own<resource>` handle or a `borrow<resource>` rep: an i32 on the wire."""


class Func:
    """One exported function: its core export names, parameter codecs and result codec.

    `indirect` is true when the flattened parameters exceed MAX_FLAT_PARAMS: the caller then stores them as a
    tuple in guest memory (allocated with cabi_realloc; the guest frees it) and passes one pointer. Results
    with more than one flat value come back through a return pointer, as every result here does.
    """

    def __init__(self, export: str, params: Sequence[Ty], result: Optional[Ty], post: bool = True) -> None:
        self.export = export
        self.post = ("cabi_post_" + export) if (post and result is not None) else None
        self.params = list(params)
        self.result = result
        flat = sum(p.flat for p in self.params)
        self.indirect = flat > MAX_FLAT_PARAMS
        self.tuple = RecordTy(None, [(str(i), p) for i, p in enumerate(self.params)]) if self.indirect else None
        #: The core signature this implies: (number of i32 params, number of i32 results).
        self.core_params = 1 if self.indirect else flat
        self.core_results = 0 if result is None else 1
        #: (memoryview, return pointer) -> value; `_schema.py` replaces it with a generated fast lifter.
        self.lift: Optional[Callable[[memoryview, int], Any]] = result.lift if result is not None else None

    def lower(self, low: Allocator, args: Sequence[Any]) -> list[int]:
        if self.tuple is not None:
            t = self.tuple
            ptr = low.alloc(t.size, t.align)
            buf = bytearray(t.size)
            t.store(low, buf, 0, args)
            low.queue_write(ptr, buf)
            return [ptr]
        out: list[int] = []
        for p, a in zip(self.params, args):
            p.lower_flat(low, a, out)
        return out
