"""Fast lifting: one generated Python function per record type, equivalent to the codecs' generic `lift`.

The generic `Ty.lift` methods in `_abi.py` are the readable reference; walking them costs a method call per
field and a frozen-dataclass `__init__` per record (one `object.__setattr__` per field). Quote results have a
few hundred fields, so this module generates, for each record, a function that reads all of the record's
fixed-size part with ONE `struct.unpack_from` (option payloads included — unpacking an absent payload's bytes
is harmless), decodes strings inline and builds the dataclass by setting its `__dict__` directly.
`tests/test_lift.py` checks that the generated lifters and the generic ones agree on real engine results.
"""

from __future__ import annotations

import dataclasses
import struct
from decimal import Decimal
from typing import Any, Callable

from ._abi import (
    AbiError,
    BoolTy,
    DecTy,
    EnumTy,
    HandleTy,
    ListTy,
    OptionTy,
    ParamsTy,
    RecordTy,
    ResultTy,
    StrTy,
    Ty,
    U32Ty,
)

Lifter = Callable[[memoryview, int], Any]


class _Gen:
    def __init__(self) -> None:
        self.env: dict[str, Any] = {
            "_Decimal": Decimal,
            "_AbiError": AbiError,
            "_onew": object.__new__,
            "_oset": object.__setattr__,
            "_ls": _lift_str,
            "_ld": _lift_dec,
            "_bad": _bad_tag,
            "_oob": _out_of_bounds,
        }
        self.funcs: dict[int, str] = {}  # id(ty) -> generated function name
        self.src: list[str] = []
        self.n = 0

    def name(self, prefix: str, obj: Any) -> str:
        self.n += 1
        key = f"_{prefix}{self.n}"
        self.env[key] = obj
        return key

    # ---- records ------------------------------------------------------------------------------------------

    def record(self, ty: RecordTy) -> str:
        if id(ty) in self.funcs:
            return self.funcs[id(ty)]
        fname = f"_rec{len(self.funcs)}"
        self.funcs[id(ty)] = fname
        fmt, names, exprs = ["<"], [], []
        pos = 0

        def take(at: int, code: str, var: str) -> None:
            nonlocal pos
            if at > pos:
                fmt.append(f"{at - pos}x")
            fmt.append(code)
            pos = at + struct.calcsize("<" + code)
            names.append(var)

        for i, (o, t) in enumerate(zip(ty.offsets, ty.types)):
            exprs.append(self.field(t, o, f"v{i}", take))
        st = self.name("S", struct.Struct("".join(fmt)))
        lines = [f"def {fname}(mv, off):"]
        lines.append("    L = len(mv)")
        if names:
            lines.append(f"    {', '.join(names)}{',' if len(names) == 1 else ''} = {st}.unpack_from(mv, off)")
        ctor = ty.ctor
        if ctor is None:
            lines.append(f"    return ({', '.join(exprs)}{',' if len(exprs) == 1 else ''})")
        elif isinstance(ctor, type) and dataclasses.is_dataclass(ctor):
            fields = [f.name for f in dataclasses.fields(ctor)]
            if len(fields) != len(exprs):
                raise RuntimeError(f"{ctor.__name__} has {len(fields)} fields, the WIT record {len(exprs)}")
            cls = self.name("C", ctor)
            body = ", ".join(f"{f!r}: {e}" for f, e in zip(fields, exprs))
            lines += [f"    o = _onew({cls})", f"    _oset(o, '__dict__', {{{body}}})", "    return o"]
        else:
            fn = self.name("F", ctor)
            lines.append(f"    return {fn}({', '.join(exprs)})")
        self.src.append("\n".join(lines))
        return fname

    def field(self, t: Ty, o: int, v: str, take: Callable[[int, str, str], None]) -> str:
        """Unpack what `t` needs at record offset `o` into variables named from `v`; return the expression."""
        if isinstance(t, (StrTy, ListTy)):  # (ptr, len); DecTy and ParamsTy are subclasses
            take(o, "I", v + "p")
            take(o + 4, "I", v + "n")
            return self.pointer_expr(t, f"{v}p", f"{v}n")
        if isinstance(t, (U32Ty, HandleTy)):
            take(o, "I", v)
            return v
        if isinstance(t, BoolTy):
            take(o, "B", v)
            return f"({v} != 0)"
        if isinstance(t, EnumTy):
            take(o, "B", v)
            return f"{self.name('E', t.cases)}[{v}]"
        if isinstance(t, OptionTy):
            take(o, "B", v + "t")
            inner = t.inner
            if isinstance(inner, RecordTy):
                payload = f"{self.record(inner)}(mv, off + {o + t.payload})"
            else:
                payload = self.field(inner, o + t.payload, v + "v", take)
            return f"(None if {v}t == 0 else {payload} if {v}t == 1 else _bad({v}t))"
        if isinstance(t, RecordTy):
            return f"{self.record(t)}(mv, off + {o})"
        raise TypeError(f"cannot generate a lifter for {type(t).__name__}")

    def pointer_expr(self, t: Ty, p: str, n: str) -> str:
        # Strings are decoded inline (a function call per string costs as much as the decoding); slicing past
        # the end of memory would silently truncate, hence the explicit bound.
        if isinstance(t, DecTy):
            return f"(_Decimal(mv[{p}:{p} + {n}].tobytes().decode()) if {p} + {n} <= L else _oob({p}, {n}))"
        if isinstance(t, StrTy):
            return f"(mv[{p}:{p} + {n}].tobytes().decode() if {p} + {n} <= L else _oob({p}, {n}))"
        assert isinstance(t, ListTy)
        return f"{self.list_fn(t)}(mv, {p}, {n})"

    def list_fn(self, t: ListTy) -> str:
        if id(t) in self.funcs:
            return self.funcs[id(t)]
        fname = f"_list{len(self.funcs)}"
        self.funcs[id(t)] = fname
        e, stride = t.elem, t.stride
        lines = [f"def {fname}(mv, p, n):", f"    if p + n * {stride} > len(mv):", "        raise _AbiError('list out of bounds')"]
        if isinstance(t, ParamsTy):
            st = self.name("S", struct.Struct("<IIII"))
            lines += [
                "    out = {}",
                "    L = len(mv)",
                "    for i in range(n):",
                f"        a, b, c, d = {st}.unpack_from(mv, p + 16 * i)",
                "        if a + b > L or c + d > L:",
                "            _oob(a, b)",
                "        out[mv[a:a + b].tobytes().decode()] = mv[c:c + d].tobytes().decode()",
                "    return out",
            ]
        else:
            if isinstance(e, DecTy):
                item = f"_ld(mv, *{self.name('S', struct.Struct('<II'))}.unpack_from(mv, p + {stride} * i))"
            elif isinstance(e, StrTy):
                item = f"_ls(mv, *{self.name('S', struct.Struct('<II'))}.unpack_from(mv, p + {stride} * i))"
            elif isinstance(e, RecordTy):
                item = f"{self.record(e)}(mv, p + {stride} * i)"
            else:
                raise TypeError(f"cannot generate a list lifter for {type(e).__name__}")
            container = self.name("K", t.container)
            lines.append(f"    return {container}([{item} for i in range(n)])")
        self.src.append("\n".join(lines))
        return fname

    def result(self, t: ResultTy) -> str:
        fname = f"_result{len(self.funcs)}"
        self.funcs[id(t)] = fname
        ok = "None"
        if t.ok is not None:
            ok = self.value_at(t.ok, f"off + {t.payload}")
        err = self.value_at(t.err, f"off + {t.payload}")
        self.src.append(
            "\n".join(
                [
                    f"def {fname}(mv, off):",
                    "    tag = mv[off]",
                    f"    if tag == 0: return True, {ok}",
                    f"    if tag == 1: return False, {err}",
                    "    _bad(tag)",
                ]
            )
        )
        return fname

    def value_at(self, t: Ty, at: str) -> str:
        """An expression lifting `t` at address expression `at` (for result payloads)."""
        if isinstance(t, RecordTy):
            return f"{self.record(t)}(mv, {at})"
        return f"{self.name('L', t.lift)}(mv, {at})"  # strings, lists, handles: the generic lift is one call

    def build(self, root: Ty) -> Lifter:
        if isinstance(root, ResultTy):
            fname = self.result(root)
        elif isinstance(root, RecordTy):
            fname = self.record(root)
        else:
            return root.lift
        exec(compile("\n\n".join(self.src), f"<kassa lifters for {fname}>", "exec"), self.env)  # noqa: S102
        return self.env[fname]  # type: ignore[no-any-return]


def _lift_str(mv: memoryview, p: int, n: int) -> str:
    if p + n > len(mv):
        raise AbiError(f"string out of bounds: {p}+{n}")
    return str(mv[p : p + n], "utf-8")


def _lift_dec(mv: memoryview, p: int, n: int) -> Decimal:
    if p + n > len(mv):
        raise AbiError(f"string out of bounds: {p}+{n}")
    return Decimal(str(mv[p : p + n], "ascii"))


def _out_of_bounds(p: int, n: int) -> Any:
    raise AbiError(f"string out of bounds: {p}+{n}")


def _bad_tag(tag: int) -> Any:
    raise AbiError(f"invalid discriminant {tag}")


def compile_lifter(ty: Ty) -> Lifter:
    """A function (mv, offset) -> value equivalent to `ty.lift`."""
    return _Gen().build(ty)
