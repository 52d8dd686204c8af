"""Builds Kassa's reference-data modules (Rust source in core/) from pinned registry packages.

    python tools/refdata/refdata.py --write        rewrite the modules in the repository (`make refdata`)
    python tools/refdata/refdata.py --check        build into a temporary folder and fail on any difference
                                                   with the committed modules (`make test-refdata`)

Each table has its own module here (currency, phone, postal, iban, unicode_tables); each returns
{relative path: Rust source}. The sources are the packages pinned in requirements.txt, read from their
installed data files; every generated file says which package and version it came from and is rustfmt-ed
with the repository's pinned toolchain, so `cargo fmt --check` holds for it too.
"""

from __future__ import annotations

import argparse
import difflib
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import currency  # noqa: E402
import iban  # noqa: E402
import phone  # noqa: E402
import postal  # noqa: E402
import unicode_tables  # noqa: E402

REPO = HERE.parent.parent
BUILDERS = (currency, phone, postal, iban, unicode_tables)


def build(out: Path) -> list[str]:
    """Writes every module under `out` (same relative paths as in the repository); returns the paths."""
    written = []
    for builder in BUILDERS:
        for rel, text in builder.build().items():
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(rel)
    # rustfmt from the repository, so rust-toolchain.toml picks the pinned version and rustfmt.toml applies.
    subprocess.run(["rustfmt", "--edition", "2021", *[str(out / rel) for rel in written]], cwd=REPO, check=True)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="rewrite the modules in the repository")
    mode.add_argument("--check", action="store_true", help="fail when the committed modules differ")
    args = parser.parse_args()
    if args.write:
        for rel in build(REPO):
            print(f"refdata: wrote {rel}")
        return 0
    with tempfile.TemporaryDirectory(prefix="kassa-refdata-") as tmp:
        failed = False
        for rel in build(Path(tmp)):
            fresh = (Path(tmp) / rel).read_text(encoding="utf-8")
            committed_path = REPO / rel
            committed = committed_path.read_text(encoding="utf-8") if committed_path.exists() else ""
            if fresh != committed:
                failed = True
                diff = difflib.unified_diff(
                    committed.splitlines(keepends=True), fresh.splitlines(keepends=True), rel, f"{rel} (regenerated)"
                )
                sys.stdout.writelines(list(diff)[:200])
                print(f"refdata: {rel} differs from what the pinned packages give (run `make refdata`)")
        if failed:
            return 1
    print(f"refdata: all {sum(len(b.build()) for b in BUILDERS)} modules match their pinned sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
