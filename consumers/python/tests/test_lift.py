"""The generated lifters (_lift.py) agree with the generic canonical ABI codecs (_abi.py) on every type of the
contract: random values are lowered into a fake linear memory with the codecs' `store`, then lifted both ways."""

from __future__ import annotations

import random
import zlib

import pytest

from kassa import _schema as S
from kassa._abi import (
    BoolTy, DecTy, EnumTy, ListTy, OptionTy, ParamsTy, RecordTy, ResultTy, StrTy, Ty, U32Ty, align_to,
)  # fmt: skip
from kassa._lift import compile_lifter


class FakeMemory:
    """A bump allocator over a bytearray, standing in for the guest's cabi_realloc."""

    def __init__(self) -> None:
        self.mem = bytearray(1 << 20)
        self.top = 8

    def alloc(self, size: int, align: int) -> int:
        ptr = align_to(self.top, align)
        self.top = ptr + size
        return ptr

    def queue_write(self, ptr: int, data: bytes | bytearray) -> None:
        self.mem[ptr : ptr + len(data)] = data


def random_wire(t: Ty, rng: random.Random, depth: int = 0) -> object:
    if isinstance(t, DecTy):
        return f"{rng.randint(-10**6, 10**6)}.{rng.randint(0, 99):02d}".encode()
    if isinstance(t, StrTy):
        return "".join(rng.choice("abcé€-/ 0") for _ in range(rng.randint(0, 8))).encode()
    if isinstance(t, U32Ty):
        return rng.randint(0, 2**32 - 1)
    if isinstance(t, BoolTy):
        return rng.random() < 0.5
    if isinstance(t, EnumTy):
        return rng.randrange(len(t.cases))
    if isinstance(t, OptionTy):
        return None if rng.random() < 0.4 else random_wire(t.inner, rng, depth)
    if isinstance(t, ParamsTy):
        return [(f"name{i}".encode(), random_wire(StrTy(), rng)) for i in range(rng.randint(0, 3))]
    if isinstance(t, ListTy):
        return [random_wire(t.elem, rng, depth + 1) for _ in range(rng.randint(0, 3 if depth < 2 else 1))]
    if isinstance(t, RecordTy):
        return tuple(random_wire(f, rng, depth) for f in t.types)
    raise TypeError(t)


RESULT_RECORDS = [
    S.PROBLEM, S.ERROR, S.CURRENCY, S.ABOUT, S.TAX_AMOUNT, S.LINE_DISCOUNT, S.QUOTE_LINE, S.SHIPPING_QUOTE,
    S.PROMOTION_OUTCOME, S.TRACE_STEP, S.QUOTE, S.VALIDATION_REPORT, S.ENGINE_INFO, S.FIELD_RESULT,
]  # fmt: skip


def same(a: object, b: object) -> bool:
    """Equality that also works for exceptions (the error record lifts to a KassaError)."""
    if isinstance(a, Exception):
        return type(a) is type(b) and vars(a) == vars(b)
    return a == b


@pytest.mark.parametrize("ty", RESULT_RECORDS, ids=lambda t: getattr(t.ctor, "__name__", "error"))
def test_generated_lifter_matches_the_generic_one(ty):
    fast = compile_lifter(ty)
    rng = random.Random(zlib.crc32(repr(ty.names).encode()))
    for _ in range(40):
        mem = FakeMemory()
        wire = random_wire(ty, rng)
        base = mem.alloc(ty.size, ty.align)
        buf = bytearray(ty.size)
        ty.store(mem, buf, 0, wire)
        mem.queue_write(base, buf)
        mv = memoryview(mem.mem)
        assert same(fast(mv, base), ty.lift(mv, base))


@pytest.mark.parametrize("tag", [0, 1])
def test_result_lifter_matches(tag):
    ty = ResultTy(S.CURRENCY, S.ERROR)
    fast = compile_lifter(ty)
    rng = random.Random(tag)
    mem = FakeMemory()
    base = mem.alloc(ty.size, ty.align)
    payload = random_wire(S.CURRENCY if tag == 0 else S.ERROR, rng)
    buf = bytearray(ty.size)
    buf[0] = tag
    (S.CURRENCY if tag == 0 else S.ERROR).store(mem, buf, ty.payload, payload)
    mem.queue_write(base, buf)
    mv = memoryview(mem.mem)
    a, b = fast(mv, base), ty.lift(mv, base)
    assert a[0] == b[0] == (tag == 0) and same(a[1], b[1])


def test_bad_discriminants_and_pointers_are_abi_errors():
    from kassa._abi import AbiError

    ty = S.CURRENCY
    fast = compile_lifter(ty)
    mem = bytearray(64)
    mem[28] = 7  # cash-increment's option tag
    with pytest.raises(AbiError):
        fast(memoryview(mem), 0)
    mem[28] = 0
    mem[0:8] = (1000).to_bytes(4, "little") + (5).to_bytes(4, "little")  # code points past the end
    with pytest.raises(AbiError):
        fast(memoryview(mem), 0)
