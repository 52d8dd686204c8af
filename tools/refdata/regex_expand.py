"""Expands a finite regular expression (no `*`, `+` or unbounded repeats) into the strings it matches.

libphonenumber's leading digits (`8001|8[024]9`, `74576|(?:16|7[56])24`) and libaddressinput's postal-code
expressions are written in a small subset: literals, `\\d`, classes `[...]` with ranges, groups `(...)` and
`(?:...)`, alternation, `?` and `{m}` / `{m,n}`. Each atom becomes a list of alternatives, each alternative a
list of "units" (a unit is a character class, written as a string of its members); the caller decides how to
spell units (a postal pattern keeps `\\d` as one unit, a phone prefix enumerates digits).
"""

from __future__ import annotations

from typing import NamedTuple

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"



class Unit(NamedTuple):
    """One position: the characters it accepts (in order) and how the expression spelled it."""

    members: str
    text: str


Seq = tuple[Unit, ...]


class Parser:
    def __init__(self, text: str):
        self.text = text
        self.i = 0

    def peek(self) -> str | None:
        return self.text[self.i] if self.i < len(self.text) else None

    def take(self) -> str:
        c = self.text[self.i]
        self.i += 1
        return c

    def parse(self) -> list[Seq]:
        out = self.alternation()
        if self.i != len(self.text):
            raise ValueError(f"unexpected {self.peek()!r} at {self.i} in {self.text!r}")
        return out

    def alternation(self) -> list[Seq]:
        branches = [self.concatenation()]
        while self.peek() == "|":
            self.take()
            branches.append(self.concatenation())
        return [s for b in branches for s in b]

    def concatenation(self) -> list[Seq]:
        seqs: list[Seq] = [()]
        while self.peek() not in (None, "|", ")"):
            atom = self.repeat(self.atom())
            seqs = [a + b for a in seqs for b in atom]
        return seqs

    def atom(self) -> list[Seq]:
        c = self.take()
        if c == "(":
            if self.text.startswith("?:", self.i):
                self.i += 2
            inner = self.alternation()
            if self.take() != ")":
                raise ValueError(f"unclosed group in {self.text!r}")
            return inner
        if c == "[":
            start = self.i - 1
            members = self.char_class()
            return [(Unit(members, self.text[start:self.i]),)]
        if c == "\\":
            e = self.take()
            if e == "d":
                return [(Unit(DIGITS, "\\d"),)]
            return [(Unit(e, e),)]
        if c in "*+.^$":
            raise ValueError(f"{c!r} is outside the finite subset ({self.text!r})")
        return [(Unit(c, c),)]

    def char_class(self) -> str:
        members: list[str] = []
        negate = self.peek() == "^"
        if negate:
            raise ValueError(f"negated class in {self.text!r}")
        while (c := self.take()) != "]":
            if c == "\\":
                e = self.take()
                members.extend(DIGITS if e == "d" else e)
                continue
            if self.peek() == "-" and self.text[self.i + 1] != "]":
                self.take()
                end = self.take()
                members.extend(chr(x) for x in range(ord(c), ord(end) + 1))
            else:
                members.append(c)
        return "".join(sorted(set(members), key=members.index))

    def repeat(self, atom: list[Seq]) -> list[Seq]:
        c = self.peek()
        if c == "?":
            self.take()
            return atom + [()]
        if c == "{":
            self.take()
            spec = ""
            while (d := self.take()) != "}":
                spec += d
            lo, _, hi = spec.partition(",")
            counts = range(int(lo), int(hi if _ else lo) + 1)
            out: list[Seq] = []
            for n in counts:
                seqs: list[Seq] = [()]
                for _i in range(n):
                    seqs = [a + b for a in seqs for b in atom]
                out.extend(seqs)
            return out
        return atom


def sequences(regex: str) -> list[Seq]:
    """Every alternative of `regex` as a sequence of units, in the expression's order (duplicates kept)."""
    return Parser(regex).parse()


def strings(regex: str) -> list[str]:
    """Every string `regex` matches (each unit enumerated), without duplicates, in the expression's order."""
    out: list[str] = []
    for seq in sequences(regex):
        words = [""]
        for unit in seq:
            words = [w + c for w in words for c in unit.members]
        out.extend(w for w in words if w not in out)
    return out
