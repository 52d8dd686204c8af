#!/usr/bin/env python3
"""Where a wasm module's code goes: bytes per module path, the largest functions, and the functions compiled more
than once (one copy per generic instantiation: the usual reason the browser build grows). Reads the function
names of a build with symbols (`make size-report` makes one); no dependencies.

    python3 tools/size_report.py MODULE.wasm [--depth N] [--top N]
"""

from __future__ import annotations

import argparse
import collections
import re


def leb(b: bytes, i: int) -> tuple[int, int]:
    """An unsigned LEB128 number at i, and the offset after it."""
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def functions(b: bytes) -> tuple[list[tuple[int, str]], dict[int, int]]:
    """(size, name) of every defined function, and the size of each section by id."""
    imported = 0
    sizes: list[int] = []
    names: dict[int, str] = {}
    sections: dict[int, int] = collections.Counter()
    i = 8
    while i < len(b):
        sid = b[i]
        n, i = leb(b, i + 1)
        body = b[i : i + n]
        sections[sid] += n
        if sid == 2:  # imports: only functions shift the function index space
            count, j = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    length, j = leb(body, j)
                    j += length
                kind = body[j]
                j += 1
                if kind == 0:
                    _, j = leb(body, j)
                    imported += 1
                elif kind == 1:
                    j += 1
                    flags = body[j]
                    _, j = leb(body, j + 1)
                    if flags & 1:
                        _, j = leb(body, j)
                elif kind == 2:
                    flags = body[j]
                    _, j = leb(body, j + 1)
                    if flags & 1:
                        _, j = leb(body, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:  # code
            count, j = leb(body, 0)
            for _ in range(count):
                length, k = leb(body, j)
                sizes.append(length + (k - j))
                j = k + length
        elif sid == 0:  # custom: the `name` section's function names
            length, j = leb(body, 0)
            if body[j : j + length] == b"name":
                j += length
                while j < len(body):
                    sub = body[j]
                    length, j = leb(body, j + 1)
                    end = j + length
                    if sub == 1:
                        count, j = leb(body, j)
                        for _ in range(count):
                            idx, j = leb(body, j)
                            length, j = leb(body, j)
                            names[idx] = body[j : j + length].decode("utf8", "replace")
                            j += length
                    j = end
        i += n
    return [(size, demangle(names.get(k + imported, "?"))) for k, size in enumerate(sizes)], sections


def demangle(name: str) -> str:
    """Rust's legacy mangling (`_ZN...E`) as a path without the hash; other names as they are."""
    m = re.match(r"_ZN(.*)E$", name)
    if not m:
        return name
    rest, parts, k = m.group(1), [], 0
    while k < len(rest):
        d = re.match(r"\d+", rest[k:])
        if not d:
            break
        k += len(d.group(0))
        parts.append(rest[k : k + int(d.group(0))])
        k += int(d.group(0))
    if parts and re.match(r"h[0-9a-f]{16}$", parts[-1]):
        parts.pop()
    path = "::".join(parts)
    escapes = {"$LT$": "<", "$GT$": ">", "$u20$": " ", "$C$": ",", "$RF$": "&", "$u7b$": "{", "$u7d$": "}", "..": "::"}
    for code, text in escapes.items():
        path = path.replace(code, text)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wasm")
    ap.add_argument("--depth", type=int, default=2, help="path segments to group by (default 2)")
    ap.add_argument("--top", type=int, default=30, help="how many rows per table (default 30)")
    args = ap.parse_args()
    funcs, sections = functions(open(args.wasm, "rb").read())
    total = sum(s for s, _ in funcs)
    print(f"code {total} bytes in {len(funcs)} functions; data {sections.get(11, 0)} bytes")
    groups: collections.Counter[str] = collections.Counter()
    copies: collections.Counter[str] = collections.Counter()
    copy_bytes: collections.Counter[str] = collections.Counter()
    for size, name in funcs:
        groups["::".join(name.split("::")[: args.depth])] += size
        copies[name] += 1
        copy_bytes[name] += size
    print(f"\n-- code by path (first {args.depth} segments)")
    for name, size in groups.most_common(args.top):
        print(f"{size:8} {name[:140]}")
    print("\n-- largest functions")
    for size, name in sorted(funcs, reverse=True)[: args.top]:
        print(f"{size:8} {name[:140]}")
    print("\n-- compiled more than once (bytes, copies): generic code instantiated per type")
    repeated = [(b, copies[n], n) for n, b in copy_bytes.items() if copies[n] > 1]
    for size, count, name in sorted(repeated, reverse=True)[: args.top]:
        print(f"{size:8} {count:4}x {name[:130]}")


if __name__ == "__main__":
    main()
