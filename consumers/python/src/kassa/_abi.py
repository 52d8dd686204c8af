"""Canonical ABI lifting and lowering for the WIT's types (design/mvp/CanonicalABI.md): the runtime of the glue
that kassa-witgen generates (_schema.py, _lift.py, _lower.py), and a readable reference implementation.

Each WIT type is a codec object that knows its size, alignment and flat arity, how to *store* a wire value into
a local buffer (lowering: strings and lists are allocated in guest memory through `cabi_realloc`) and how to
*lift* a value out of a memoryview of guest memory. The calls themselves use the generated straight-line
lifters and lowerers, which know every offset; tests check them against these codecs, which compute their
layouts on their own.

Lowering works on *wire values* prepared by `_inputs.py`: strings are already UTF-8 `bytes`, records are
tuples in WIT field order, enums are case indices, flags are tuples of bools, variants are (case index,
payload). Preparing them first means a bad argument raises before anything is allocated in the guest.
"""

from __future__ import annotations

import keyword
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


def put_str(low: Allocator, value: bytes) -> tuple[int, int]:
    """Copies a string into the guest; its (ptr, len)."""
    n = len(value)
    if n == 0:
        return 1, 0  # any non-null pointer: the guest frees nothing for an empty string
    ptr = low.alloc(n, 1)
    low.queue_write(ptr, value)
    return ptr, n


def put_list(
    low: Allocator, values: Sequence[Any], stride: int, align: int, store: Callable[[Allocator, bytearray, int, Any], None]
) -> tuple[int, int]:
    """Copies a list into the guest, each element stored by `store(low, buf, offset, value)`; its (ptr, len)."""
    n = len(values)
    if n == 0:
        return align, 0  # aligned and never freed by the guest
    ptr = low.alloc(n * stride, align)
    buf = bytearray(n * stride)
    for i, v in enumerate(values):
        store(low, buf, i * stride, v)
    low.queue_write(ptr, buf)
    return ptr, n


class StrTy(Ty):
    """`string` (UTF-8). Lowers from bytes; lifts to str."""

    size, align, flat = 8, 4, 2

    def _put(self, low: Allocator, value: bytes) -> tuple[int, int]:
        return put_str(low, value)

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


class IntTy(Ty):
    """A WIT integer other than u32 (u8, u16, u64, s8, s16, s32, s64)."""

    def __init__(self, code: str) -> None:
        self.st = struct.Struct("<" + code)
        self.size = self.align = self.st.size
        self.flat = 1
        self.signed = code.islower()

    def store(self, low: Allocator, buf: bytearray, off: int, value: int) -> None:
        self.st.pack_into(buf, off, value)

    def lower_flat(self, low: Allocator, value: int, out: list[int]) -> None:
        out.append(value & 0xFFFFFFFF if self.size < 8 else value & 0xFFFFFFFFFFFFFFFF)

    def lift(self, mv: memoryview, off: int) -> Any:
        return self.st.unpack_from(mv, off)[0]


class BoolTy(Ty):
    size, align, flat = 1, 1, 1

    def store(self, low: Allocator, buf: bytearray, off: int, value: bool) -> None:
        buf[off] = 1 if value else 0

    def lower_flat(self, low: Allocator, value: bool, out: list[int]) -> None:
        out.append(1 if value else 0)

    def lift(self, mv: memoryview, off: int) -> Any:
        return mv[off] != 0


def _disc(n: int) -> struct.Struct:
    """The discriminant of a type with n cases: u8, then u16, then u32 (the spec's discriminant_type)."""
    return struct.Struct("<B" if n <= 1 << 8 else "<H" if n <= 1 << 16 else "<I")


class EnumTy(Ty):
    """A WIT enum. Lowers from the case index; lifts to the Python enum."""

    flat = 1

    def __init__(self, cls: Any) -> None:
        self.cases = tuple(cls)
        self.disc = _disc(len(self.cases))
        self.size = self.align = self.disc.size

    def store(self, low: Allocator, buf: bytearray, off: int, value: int) -> None:
        self.disc.pack_into(buf, off, value)

    def lower_flat(self, low: Allocator, value: int, out: list[int]) -> None:
        out.append(value)

    def lift(self, mv: memoryview, off: int) -> Any:
        i = self.disc.unpack_from(mv, off)[0]
        if i >= len(self.cases):
            raise AbiError(f"enum discriminant {i} out of range")
        return self.cases[i]


class FlagsTy(Ty):
    """WIT flags: one bit per flag in 1, 2 or 4 bytes (4 more per 32 flags). Lowers from a tuple of bools;
    lifts to `ctor(*bools)`."""

    def __init__(self, ctor: Callable[..., Any], n: int) -> None:
        self.ctor, self.n = ctor, n
        self.words = max(1, (n + 31) // 32)
        self.size = 1 if n <= 8 else 2 if n <= 16 else 4 * self.words
        self.align = min(self.size, 4)
        self.flat = self.words if n > 16 else 1

    def _bits(self, value: Sequence[bool]) -> int:
        return sum(1 << i for i, b in enumerate(value) if b)

    def store(self, low: Allocator, buf: bytearray, off: int, value: Sequence[bool]) -> None:
        buf[off : off + self.size] = self._bits(value).to_bytes(self.size, "little")

    def lower_flat(self, low: Allocator, value: Sequence[bool], out: list[int]) -> None:
        bits = self._bits(value)
        out.extend((bits >> (32 * w)) & 0xFFFFFFFF for w in range(self.flat))

    def lift(self, mv: memoryview, off: int) -> Any:
        bits = int.from_bytes(mv[off : off + self.size], "little")
        return self.ctor(*(bool(bits >> i & 1) for i in range(self.n)))


class TupleTy(Ty):
    """A WIT tuple: a record with positional fields. Lowers from and lifts to a tuple."""

    def __init__(self, types: Sequence[Ty]) -> None:
        self.rec = RecordTy(None, [(str(i), t) for i, t in enumerate(types)])
        self.size, self.align, self.flat = self.rec.size, self.rec.align, self.rec.flat

    def store(self, low: Allocator, buf: bytearray, off: int, value: Any) -> None:
        self.rec.store(low, buf, off, value)

    def lower_flat(self, low: Allocator, value: Any, out: list[int]) -> None:
        self.rec.lower_flat(low, value, out)

    def lift(self, mv: memoryview, off: int) -> Any:
        return self.rec.lift(mv, off)


class VariantTy(Ty):
    """A WIT variant. Lowers from (case index, payload); lifts to `ctor(case name, payload or None)`."""

    def __init__(self, ctor: Callable[[str, Any], Any], cases: Sequence[tuple[str, Optional[Ty]]]) -> None:
        self.ctor = ctor
        self.cases = list(cases)
        self.disc = _disc(len(self.cases))
        payloads = [t for _, t in self.cases if t is not None]
        self.align = max([self.disc.size] + [t.align for t in payloads])
        self.payload = align_to(self.disc.size, max([1] + [t.align for t in payloads]))
        self.size = align_to(self.payload + max([0] + [t.size for t in payloads]), self.align)
        self.flat = 1 + max([0] + [t.flat for t in payloads])

    def store(self, low: Allocator, buf: bytearray, off: int, value: tuple[int, Any]) -> None:
        i, v = value
        self.disc.pack_into(buf, off, i)
        t = self.cases[i][1]
        if t is not None:
            t.store(low, buf, off + self.payload, v)

    def lower_flat(self, low: Allocator, value: tuple[int, Any], out: list[int]) -> None:
        i, v = value
        t = self.cases[i][1]
        flat: list[int] = []
        if t is not None:
            t.lower_flat(low, v, flat)
        out.append(i)
        out.extend(flat + [0] * (self.flat - 1 - len(flat)))

    def lift(self, mv: memoryview, off: int) -> Any:
        i = self.disc.unpack_from(mv, off)[0]
        if i >= len(self.cases):
            raise AbiError(f"variant discriminant {i} out of range")
        name, t = self.cases[i]
        return self.ctor(name, None if t is None else t.lift(mv, off + self.payload))


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
        return put_list(low, values, self.stride, self.elem.align, self.elem.store)

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


def _py_name(wit: str) -> str:
    """A WIT field name as the generated dataclasses spell it (snake_case, `_` after a keyword)."""
    n = wit.replace("-", "_")
    return n + "_" if keyword.iskeyword(n) else n


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
        if self.ctor is None:
            return tuple(vals)
        if isinstance(self.ctor, type):
            # A dataclass, by keyword: an input record's dataclass puts its required fields first.
            return self.ctor(**{_py_name(n): v for n, v in zip(self.names, vals)})
        return self.ctor(*vals)


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


Lowerer = Callable[[Allocator, Sequence[Any]], list[int]]
Lifter = Callable[[memoryview, int], Any]


class Func:
    """One exported function: its core export names and signature, parameter codecs and result codec, and the
    generated lowerer and lifter the calls use.

    `indirect` is true when the flattened parameters exceed MAX_FLAT_PARAMS: the caller then stores them as a
    tuple in guest memory (allocated with cabi_realloc; the guest frees it) and passes one pointer. Results
    with more than one flat value come back through a return pointer.
    """

    def __init__(
        self,
        export: str,
        params: Sequence[Ty],
        result: Optional[Ty],
        *,
        core: tuple[str, str],
        post: bool,
        lower: Lowerer,
        lift: Optional[Lifter],
    ) -> None:
        self.export = export
        self.post = ("cabi_post_" + export) if post else None
        self.params = list(params)
        self.result = result
        flat = sum(p.flat for p in self.params)
        self.indirect = flat > MAX_FLAT_PARAMS
        self.tuple = RecordTy(None, [(str(i), p) for i, p in enumerate(self.params)]) if self.indirect else None
        #: The core signature (number of i32 params, number of i32 results), as the generator computed it;
        #: tests compare it with what the codecs imply (`implied_core`).
        self.core_params, self.core_results = core
        #: (allocator, wire arguments) -> flat core arguments, and (memoryview, return value) -> value.
        self.lower = lower
        self.lift = lift

    def implied_core(self) -> tuple[int, int]:
        """The core signature the codecs imply (every result of this contract that has one is returned through
        a return pointer or as one flat value)."""
        return (1 if self.indirect else sum(p.flat for p in self.params)), (0 if self.result is None else 1)

    def lower_generic(self, low: Allocator, args: Sequence[Any]) -> list[int]:
        """What the generated lowerer does, with the codecs (the reference for tests)."""
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
