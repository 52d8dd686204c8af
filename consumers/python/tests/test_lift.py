"""The generated lifters (_lift.py) and lowerers (_lower.py) agree with the generic canonical ABI codecs (_abi.py),
which compute their layouts on their own: random values are stored into a fake linear memory with the codecs and
lifted both ways, and random arguments are lowered both ways into two fake memories that must end up identical.
A few layouts are also checked against sizes worked out by hand."""

from __future__ import annotations

import random
import zlib

import pytest

from kassa import _lift as L, _schema as S
from kassa._abi import (
    AbiError, BoolTy, DecTy, EnumTy, FlagsTy, Func, IntTy, ListTy, OptionTy, ParamsTy, RecordTy, ResultTy, StrTy,
    TupleTy, Ty, U32Ty, VariantTy, align_to,
)  # fmt: skip


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
    if isinstance(t, IntTy):
        bits = 8 * t.size
        return rng.randint(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if t.signed else rng.randint(0, 2**bits - 1)
    if isinstance(t, BoolTy):
        return rng.random() < 0.5
    if isinstance(t, EnumTy):
        return rng.randrange(len(t.cases))
    if isinstance(t, FlagsTy):
        return tuple(rng.random() < 0.5 for _ in range(t.n))
    if isinstance(t, VariantTy):
        i = rng.randrange(len(t.cases))
        payload = t.cases[i][1]
        return i, (None if payload is None else random_wire(payload, rng, depth))
    if isinstance(t, OptionTy):
        return None if rng.random() < 0.4 else random_wire(t.inner, rng, depth)
    if isinstance(t, ParamsTy):
        return [(f"name{i}".encode(), random_wire(StrTy(), rng)) for i in range(rng.randint(0, 3))]
    if isinstance(t, ListTy):
        return [random_wire(t.elem, rng, depth + 1) for _ in range(rng.randint(0, 3 if depth < 2 else 1))]
    if isinstance(t, TupleTy):
        return tuple(random_wire(f, rng, depth) for f in t.rec.types)
    if isinstance(t, RecordTy):
        return tuple(random_wire(f, rng, depth) for f in t.types)
    raise TypeError(t)


def same(a: object, b: object) -> bool:
    """Equality that also works for exceptions (the error record lifts to a KassaError)."""
    if isinstance(a, Exception):
        return type(a) is type(b) and vars(a) == vars(b)
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        return all(same(x, y) for x, y in zip(a, b))
    return a == b


def codecs(kind: type) -> dict[str, Ty]:
    return {name: ty for name, ty in vars(S).items() if name.isupper() and isinstance(ty, kind)}


RESULT_RECORDS = {name: ty for name, ty in codecs(RecordTy).items() if ty.ctor is not None}
FUNCS = [f for f in S.ALL_FUNCS if isinstance(f, Func)]


def test_every_result_record_has_a_lifter():
    assert {"QUOTE", "PROBLEM", "ERROR", "FIELD_RESULT", "ENGINE_INFO"} <= set(RESULT_RECORDS)


@pytest.mark.parametrize("name", sorted(RESULT_RECORDS))
def test_generated_lifter_matches_the_codec(name):
    ty = RESULT_RECORDS[name]
    fast = getattr(L, "_lift_" + name.lower())
    rng = random.Random(zlib.crc32(name.encode()))
    for _ in range(40):
        mem = FakeMemory()
        wire = random_wire(ty, rng)
        base = mem.alloc(ty.size, ty.align)
        buf = bytearray(ty.size)
        ty.store(mem, buf, 0, wire)
        mem.queue_write(base, buf)
        mv = memoryview(mem.mem)
        assert same(fast(mv, base), ty.lift(mv, base))


@pytest.mark.parametrize("func", [f for f in FUNCS if f.result is not None], ids=lambda f: f.export)
def test_result_lifters_match_the_codecs(func):
    ty = func.result
    rng = random.Random(zlib.crc32(func.export.encode()))
    for _ in range(20):
        mem = FakeMemory()
        base = mem.alloc(ty.size, ty.align)
        buf = bytearray(ty.size)
        if isinstance(ty, ResultTy):
            tag = rng.randrange(2)
            buf[0] = tag
            payload = ty.ok if tag == 0 else ty.err
            if payload is not None:
                payload.store(mem, buf, ty.payload, random_wire(payload, rng))
        else:
            ty.store(mem, buf, 0, random_wire(ty, rng))
        mem.queue_write(base, buf)
        mv = memoryview(mem.mem)
        assert same(func.lift(mv, base), ty.lift(mv, base))


@pytest.mark.parametrize("func", FUNCS, ids=lambda f: f.export)
def test_generated_lowerer_matches_the_codecs(func):
    rng = random.Random(zlib.crc32(func.export.encode()))
    for _ in range(20):
        args = [random_wire(p, rng) for p in func.params]
        a, b = FakeMemory(), FakeMemory()
        assert func.lower(a, args) == func.lower_generic(b, args)
        assert a.mem == b.mem and a.top == b.top


@pytest.mark.parametrize("func", FUNCS, ids=lambda f: f.export)
def test_generated_core_signature_matches_the_codecs(func):
    assert (len(func.core_params), len(func.core_results)) == func.implied_core()


def test_layouts_computed_by_hand():
    # string/list 8 (align 4), option<string> 12 (u8 tag, payload at 4), bool 1, u32 4.
    # cart-line: sku 0, quantity 8, unit-price 16, taxes option<list<external-tax>> 28 (payload 32),
    # attributes (a list) 40 → 48. cart: ... exchange-rates 164, attributes 172 → 180. order: cart 180, three
    # option<string> 12 each → 216, two option<address> (4 + 64) → 352.
    assert (S.CART_LINE.size, S.CART.size, S.ADDRESS.size, S.ORDER.size) == (48, 180, 64, 352)
    # cart: region option<string> at 28, postal-code 40, previous-orders option<u32> at 88 (payload 92),
    # tax-exempt 96, reverse-charge 97, lines 100, shipping-method 116, shipping-taxes option<list> 128,
    # cash-rounding 140, tenders (a list) 144, usage 152, explain 160, hints 161, exchange-rates (a list, aligned
    # to 4) 164, attributes 172 → 180.
    offsets = [S.CART.offsets[i] for i in (3, 4, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21)]
    assert offsets == [28, 40, 88, 96, 97, 100, 116, 128, 140, 144, 152, 160, 161, 164, 172]
    assert S.CART_LINE.offsets == [0, 8, 16, 28, 40]
    # order: cart 0..180, email/phone/vat-id 180/192/204, option<address> (68 bytes) at 216 and 284.
    assert S.ORDER.offsets == [0, 180, 192, 204, 216, 284]
    # promotion-outcome: id 0, coupon 8..20, status 20, amount 24, option<problem> (36 + 4) at 32 → 72.
    assert (S.PROMOTION_OUTCOME.offsets, S.PROMOTION_OUTCOME.size) == ([0, 8, 20, 24, 32], 72)
    # quote: main's 184 (trace at 168, hints at 176) with rulebook-hash (a string), tenders (a list) and
    # tender-total (a string) before them: 184 + 3 x 8 = 208, hints at 200; hint: four 8-byte strings/lists → 32.
    assert (S.QUOTE.size, S.QUOTE.offsets[-1], S.HINT.size) == (208, 200, 32)


def test_bad_discriminants_and_pointers_are_abi_errors():
    fast = L._lift_currency
    mem = bytearray(64)
    mem[28] = 7  # cash-increment's option tag
    with pytest.raises(AbiError):
        fast(memoryview(mem), 0)
    mem[28] = 0
    mem[0:8] = (1000).to_bytes(4, "little") + (5).to_bytes(4, "little")  # code points past the end
    with pytest.raises(AbiError):
        fast(memoryview(mem), 0)
