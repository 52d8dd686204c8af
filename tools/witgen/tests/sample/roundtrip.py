"""The generated Python glue of tests/sample/sample.wit (a package in argv[1]/samplepkg): the generated lifters
and lowerers agree with the codecs of _abi.py on random values of every type, the core signatures agree, and
the input converters turn dataclasses and dicts into the same wire values."""

from __future__ import annotations

import random
import sys

sys.path.insert(0, sys.argv[1])

from samplepkg import _inputs as I, _lift as L, _schema as S, _types as t  # noqa: E402
from samplepkg._abi import (  # noqa: E402
    BoolTy, DecTy, EnumTy, FlagsTy, Func, IntTy, ListTy, OptionTy, ParamsTy, RecordTy, ResultTy, StrTy, TupleTy,
    U32Ty, VariantTy, align_to,
)


class FakeMemory:
    def __init__(self) -> None:
        self.mem = bytearray(1 << 16)
        self.top = 8

    def alloc(self, size: int, align: int) -> int:
        ptr = align_to(self.top, align)
        self.top = ptr + size
        return ptr

    def queue_write(self, ptr: int, data: bytes) -> None:
        self.mem[ptr : ptr + len(data)] = data


def wire(ty, rng, depth=0):
    if isinstance(ty, DecTy):
        return f"{rng.randint(-999, 999)}.{rng.randint(0, 9)}".encode()
    if isinstance(ty, StrTy):
        return "".join(rng.choice("ab€ ") for _ in range(rng.randint(0, 5))).encode()
    if isinstance(ty, U32Ty):
        return rng.randint(0, 2**32 - 1)
    if isinstance(ty, IntTy):
        bits = 8 * ty.size
        return rng.randint(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if ty.signed else rng.randint(0, 2**bits - 1)
    if isinstance(ty, BoolTy):
        return rng.random() < 0.5
    if isinstance(ty, EnumTy):
        return rng.randrange(len(ty.cases))
    if isinstance(ty, FlagsTy):
        return tuple(rng.random() < 0.5 for _ in range(ty.n))
    if isinstance(ty, VariantTy):
        i = rng.randrange(len(ty.cases))
        p = ty.cases[i][1]
        return i, None if p is None else wire(p, rng, depth)
    if isinstance(ty, OptionTy):
        return None if rng.random() < 0.4 else wire(ty.inner, rng, depth)
    if isinstance(ty, ParamsTy):
        return [(b"n%d" % i, b"v") for i in range(rng.randint(0, 2))]
    if isinstance(ty, ListTy):
        return [wire(ty.elem, rng, depth + 1) for _ in range(rng.randint(0, 2 if depth < 2 else 0))]
    if isinstance(ty, TupleTy):
        return tuple(wire(x, rng, depth) for x in ty.rec.types)
    if isinstance(ty, RecordTy):
        return tuple(wire(x, rng, depth) for x in ty.types)
    raise TypeError(ty)


rng = random.Random(7)
checked = 0
for name in ["ITEM", "SHAPE", "PERMS"]:
    ty = getattr(S, name)
    fast = getattr(L, "_lift_" + name.lower())
    for _ in range(50):
        mem = FakeMemory()
        base = mem.alloc(ty.size, ty.align)
        buf = bytearray(ty.size)
        ty.store(mem, buf, 0, wire(ty, rng))
        mem.queue_write(base, buf)
        mv = memoryview(mem.mem)
        a, b = fast(mv, base), ty.lift(mv, base)
        assert a == b, (name, a, b)
        checked += 1
assert (S.ITEM.size, S.ITEM.align, S.SHAPE.size, S.PERMS.size) == (96, 8, 16, 2)

for f in S.ALL_FUNCS:
    assert (len(f.core_params), len(f.core_results)) == f.implied_core(), f.export
    for _ in range(30):
        args = [wire(p, rng) for p in f.params]
        a, b = FakeMemory(), FakeMemory()
        assert f.lower(a, args) == f.lower_generic(b, args), f.export
        assert a.mem == b.mem, f.export
        checked += 1

item = t.Item(
    id="x", price="1.5", shape=t.Shape("pair", (7, "2.5")), perms=t.Perms(read=True, f=True), point=(9, 1, "p"),
    at="2026-11-24T09:30:00Z", big=2**60, small=-3, color=t.Color.GREEN,
)
as_dict = {
    "id": "x", "price": "1.5", "shape": {"tag": "pair", "value": (7, "2.5")}, "perms": {"read": True, "f": True},
    "point": (9, 1, "p"), "at": "2026-11-24T09:30:00Z", "big": 2**60, "small": -3, "color": "green",
}
w = I.item(item, "item")
assert w == I.item(as_dict, "item"), (w, I.item(as_dict, "item"))
assert w[2] == (3, (7, b"2.5")) and w[3][0] and w[3][8] and w[8] == -3, w
mem = FakeMemory()
S.ECHO.lower(mem, [w])
for bad, exc in [({**as_dict, "color": "blue"}, ValueError), ({**as_dict, "small": 2**15}, ValueError),
                 ({**as_dict, "shape": {"tag": "square"}}, ValueError), ({**as_dict, "perms": {"x": True}}, ValueError)]:
    try:
        I.item(bad, "item")
    except exc:
        pass
    else:
        raise AssertionError(f"accepted {bad}")
print(f"ok: {checked} round trips")
