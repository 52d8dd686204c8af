"""Shared plumbing of the artifact tests: the repository's paths, commands that say what they run, temporary
folders outside the repository, the README quickstart blocks, and the sizes report.

Every test here works on a built artifact (the npm tarball, the wheel and sdist, a Go module zip served from a
proxy) installed into a project created in a temporary folder outside the repository, the way a user would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "target" / "packaging" / "report.json"
KEEP = os.environ.get("KASSA_PACKAGING_KEEP") == "1"  # keep the temporary projects for a look afterwards


def log(msg: str) -> None:
    print(f"packaging: {msg}", file=sys.stderr, flush=True)


def run(
    argv: list[str], cwd: Path, env: Optional[dict[str, str]] = None, timeout: float = 600, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Runs a command, capturing its output; on failure the error shows the command, its folder and output."""
    started = time.monotonic()
    p = subprocess.run(
        argv, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout
    )
    log(f"{' '.join(map(str, argv))[:110]}  ({time.monotonic() - started:.1f} s)")
    if check and p.returncode != 0:
        raise AssertionError(
            f"`{' '.join(map(str, argv))}` in {cwd} exited {p.returncode}\n--- stdout\n{p.stdout}\n--- stderr\n{p.stderr}"
        )
    return p


def temp_project(name: str) -> Path:
    """A fresh folder outside the repository (the system's temporary directory)."""
    path = Path(tempfile.mkdtemp(prefix=f"kassa-{name}-"))
    assert ROOT not in path.parents, f"{path} is inside the repository"
    return path


def remove(path: Path) -> None:
    if KEEP:
        log(f"kept {path}")
        return
    # Go's module cache has read-only folders; only folders need to be writable for their files to go. Never
    # follow a symbolic link (a venv's python points at the system's interpreter).
    for folder, _, _ in os.walk(path, followlinks=False):
        try:
            os.chmod(folder, 0o755)
        except OSError:
            pass
    shutil.rmtree(path, ignore_errors=True)


def copy_examples(dest: Path) -> None:
    """The README quickstarts read examples/ relative to where they run, as from the repository root."""
    shutil.copytree(ROOT / "examples", dest / "examples")


@dataclass(frozen=True)
class Quickstart:
    readme: str  # path relative to the repository
    line: int
    lang: str  # ts, js, go, python
    code: str
    output: Optional[str]  # the expected stdout, from the ```text output block that follows


READMES = ["README.md", "consumers/js/README.md", "consumers/go/README.md", "consumers/python/README.md"]
_FENCE = re.compile(r"^```([\w-]*)([^\n]*)\n(.*?)^```[ \t]*$", re.M | re.S)


def fenced_blocks(text: str) -> list[tuple[int, str, list[str], str, int]]:
    """Every fenced block: (line, language, info words after it, body, offset after the block)."""
    out = []
    for m in _FENCE.finditer(text):
        out.append((text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2).split(), m.group(3), m.end()))
    return out


def quickstarts(lang: Optional[set[str]] = None) -> list[Quickstart]:
    """The blocks marked `quickstart` in the info string (```go quickstart), each with the ```text output block
    that follows it (blank lines aside)."""
    found = []
    for readme in READMES:
        text = (ROOT / readme).read_text()
        blocks = fenced_blocks(text)
        for i, (line, language, words, body, end) in enumerate(blocks):
            if "quickstart" not in words or (lang and language not in lang):
                continue
            output = None
            if i + 1 < len(blocks):
                nline, nlang, nwords, nbody, _ = blocks[i + 1]
                between = text[end : text.find("```" + nlang, end)]
                if nlang == "text" and "output" in nwords and not between.strip():
                    output = nbody
            found.append(Quickstart(readme, line, language, body, output))
    return found


def record(section: str, values: dict[str, object]) -> None:
    """Adds figures (sizes) to target/packaging/report.json, printed at the end of `make test-packaging`."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    data.setdefault(section, {}).update(values)
    REPORT.write_text(json.dumps(data, indent=2) + "\n")
