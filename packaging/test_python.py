"""The kassa Python package from its built wheel and sdist, installed outside the repository: built with
`python -m build` (sdist, then the wheel from the sdist) with no warnings; the wheel carries the license and
complete metadata; it installs into a fresh venv of every CPython from the supported floor up that the machine
has, where the README quickstarts print what they promise; and a consumer type-checks with `mypy --strict`.

Needs the development venv with the `build` extra (the Makefile target test-packaging-python makes it)."""

from __future__ import annotations

import email.parser
import glob
import os
import re
import shutil
import subprocess
import sys
import tarfile
import unittest
import zipfile
from pathlib import Path

from common import ROOT, copy_examples, log, quickstarts, record, remove, run, temp_project

PKG = ROOT / "consumers" / "python"
DEV = PKG / ".venv" / "bin" / "python"
CONSTRAINTS = PKG / "constraints.txt"
FLOOR = (3, 10)  # docs/supported-versions.md; test_repo.py checks that the two agree


def interpreters() -> dict[str, str]:
    """Every CPython 3.10+ on the machine that runs: installed by pyenv, or on PATH as python3.X (a pyenv
    shim for a version that is not selected fails to run, hence the check)."""
    found = {}
    for minor in range(FLOOR[1], 20):
        v = f"3.{minor}"
        candidates = sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{v}.*/bin/python{v}")))
        candidates += [p for p in [shutil.which(f"python{v}")] if p]
        for path in candidates:
            if subprocess.run([path, "-c", "import venv"], capture_output=True).returncode == 0:
                found[v] = path
                break
    found.setdefault(f"{sys.version_info.major}.{sys.version_info.minor}", sys.executable)
    return found


class PythonArtifact(unittest.TestCase):
    tmp: Path
    wheel: Path
    sdist: Path
    build_output: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = temp_project("python")
        src = cls.tmp / "src"
        # Built from a copy, so that the build's egg-info and build/ folders never land in the repository.
        shutil.copytree(PKG, src, ignore=shutil.ignore_patterns(".venv", "build", "*.egg-info", "__pycache__", ".*_cache"))
        env = {"PIP_CONSTRAINT": str(CONSTRAINTS), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        # PYTHONDONTWRITEBYTECODE would make setuptools warn that it skips byte-compiling: a warning of the
        # environment, not of the package.
        saved = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        try:
            p = run([str(DEV), "-m", "build", "--outdir", str(cls.tmp / "dist"), str(src)], cls.tmp, env=env)
        finally:
            if saved is not None:
                os.environ["PYTHONDONTWRITEBYTECODE"] = saved
        cls.build_output = p.stdout + p.stderr
        [cls.wheel] = (cls.tmp / "dist").glob("*.whl")
        [cls.sdist] = (cls.tmp / "dist").glob("*.tar.gz")
        record("python", {"wheel": cls.wheel.name, "wheel_bytes": cls.wheel.stat().st_size,
                          "sdist": cls.sdist.name, "sdist_bytes": cls.sdist.stat().st_size})

    @classmethod
    def tearDownClass(cls) -> None:
        remove(cls.tmp)

    def test_build_has_no_warnings(self) -> None:
        warnings = [ln for ln in self.build_output.splitlines() if re.search(r"warn", ln, re.I)]
        self.assertEqual(warnings, [])

    def test_wheel_carries_the_license_and_complete_metadata(self) -> None:
        with zipfile.ZipFile(self.wheel) as z:
            names = z.namelist()
            self.assertEqual(z.read("kassa-0.1.0.dist-info/licenses/LICENSE"), (ROOT / "LICENSE").read_bytes())
            meta = email.parser.Parser().parsestr(z.read("kassa-0.1.0.dist-info/METADATA").decode())
        for f in ["kassa/__init__.py", "kassa/py.typed", "kassa/_wasm/kassa.core.wasm", "kassa/_cache.py"]:
            self.assertIn(f, names)
        self.assertEqual([n for n in names if "/tests/" in n or n.startswith("tests/")], [])
        self.assertEqual(meta["Name"], "kassa")
        self.assertEqual(meta["Version"], "0.1.0")
        self.assertTrue(meta["Summary"])
        self.assertEqual(meta["License-Expression"], "Apache-2.0")
        self.assertEqual(meta["License-File"], "LICENSE")
        self.assertEqual(meta["Requires-Python"], ">=3.10")
        self.assertEqual(meta.get_all("Requires-Dist")[0], "wasmtime==50.0.1")
        self.assertEqual(meta["Description-Content-Type"], "text/markdown")
        self.assertIn("# kassa (Python)", meta.get_payload())
        urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
        self.assertIn("Source", urls)
        classifiers = meta.get_all("Classifier")
        self.assertIn("Typing :: Typed", classifiers)
        self.assertIn("Programming Language :: Python :: 3.10", classifiers)

    def test_sdist_carries_the_license_and_the_wasm(self) -> None:
        with tarfile.open(self.sdist) as t:
            lic = t.extractfile("kassa-0.1.0/LICENSE")
            assert lic is not None
            self.assertEqual(lic.read(), (ROOT / "LICENSE").read_bytes())
            self.assertIn("kassa-0.1.0/src/kassa/_wasm/kassa.core.wasm", t.getnames())

    def venv(self, version: str, python: str) -> Path:
        """A fresh venv with the wheel installed (wasmtime pinned by constraints.txt)."""
        venv = self.tmp / f"venv-{version}"
        # Without its own pip (ensurepip costs ~8 s a venv): the development venv's pip installs into it.
        run([python, "-m", "venv", "--without-pip", str(venv)], self.tmp)
        run([str(DEV), "-m", "pip", "--python", str(venv / "bin/python"), "install", "--quiet",
             "--disable-pip-version-check", "-c", str(CONSTRAINTS), str(self.wheel)], self.tmp)
        return venv

    def test_readme_quickstarts_in_fresh_venvs(self) -> None:
        blocks = quickstarts({"python"})
        self.assertGreaterEqual(len(blocks), 2)
        found = interpreters()
        if f"{FLOOR[0]}.{FLOOR[1]}" not in found:
            log(f"no Python {FLOOR[0]}.{FLOOR[1]} on this machine: the supported floor is not tested")
        record("python", {"tested_on": sorted(found)})
        work = self.tmp / "work"
        work.mkdir()
        copy_examples(work)
        for version, python in sorted(found.items()):
            venv = self.venv(version, python)
            for i, q in enumerate(blocks):
                with self.subTest(python=version, quickstart=f"{q.readme}:{q.line}"):
                    script = work / f"quickstart_{i}.py"
                    script.write_text(q.code)
                    env = {"KASSA_CACHE_DIR": str(self.tmp / "cache")}
                    out = run([str(venv / "bin/python"), "-W", "error", str(script)], work, env=env).stdout
                    self.assertIsNotNone(q.output, "a quickstart needs its ```text output block")
                    self.assertEqual(out, q.output)

    def test_mypy_strict_consumer(self) -> None:
        venv = self.tmp / "venv-mypy"
        if not venv.exists():
            venv = self.venv("mypy", sys.executable)
        work = self.tmp / "typed"
        work.mkdir()
        shutil.copy(Path(__file__).parent / "python" / "consumer.py", work / "consumer.py")
        for i, q in enumerate(quickstarts({"python"})):
            (work / f"quickstart_{i}.py").write_text(q.code)
        run([str(DEV), "-m", "mypy", "--strict", "--warn-unused-ignores", "--no-incremental",
             "--python-executable", str(venv / "bin/python"), "."], work)


if __name__ == "__main__":
    unittest.main()
