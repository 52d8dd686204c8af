#!/usr/bin/env python3
"""Prints the sizes the artifact tests recorded (target/packaging/report.json) after `make test-packaging`."""

from __future__ import annotations

import json
import sys

from common import REPORT


def kb(n: object) -> str:
    return f"{int(n) / 1024:,.0f} KB" if isinstance(n, int) else "?"


def main() -> int:
    if not REPORT.exists():
        print("packaging: no report (the artifact tests did not run)")
        return 1
    r = json.loads(REPORT.read_text())
    npm, py, go = r.get("npm", {}), r.get("python", {}), r.get("go", {})
    print("packaging: artifact sizes")
    print(f"  npm tarball {npm.get('tarball')}: {kb(npm.get('tarball_bytes'))} ({kb(npm.get('unpacked_bytes'))} unpacked)")
    print(f"  wheel {py.get('wheel')}: {kb(py.get('wheel_bytes'))}; sdist {kb(py.get('sdist_bytes'))};"
          f" installed and run on Python {', '.join(py.get('tested_on', []))}")
    print(f"  Go module zip {kb(go.get('module_zip_bytes'))}; a hello-quote binary is {kb(go.get('growth_bytes'))} larger"
          f" than hello world ({kb(go.get('hello_bytes'))} -> {kb(go.get('hello_quote_bytes'))}, {go.get('go')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
