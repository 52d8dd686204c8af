"""The Go module as `go get` fetches it: a file-based GOPROXY holds github.com/kassa-engine/kassa/consumers/go at
a semantic-version tag (the .info, .mod and .zip files of the GOPROXY protocol, the zip laid out as Go lays out a
module of a repository subfolder tagged consumers/go/vX.Y.Z), and a fresh module outside the repository runs
`go get`, `go build`, `go vet` and the README quickstarts. wazero comes from the machine's module cache (itself
a valid GOPROXY) or the real proxy; nothing needs a git tag in this repository.

Also measures how much the engine adds to a binary (a hello-quote program against a hello-world one)."""

from __future__ import annotations

import json
import os
import subprocess
import unittest
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from common import ROOT, copy_examples, quickstarts, record, remove, run, temp_project

MODULE = "github.com/kassa-engine/kassa/consumers/go"
SRC = ROOT / "consumers" / "go"
VERSION = "v" + json.loads((ROOT / "consumers" / "js" / "package.json").read_text())["version"]


def module_files() -> list[str]:
    """What a tagged commit holds in consumers/go: the files git tracks or would track (not the ignored ones),
    without nested modules (a folder with its own go.mod is another module)."""
    out = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "--", "."], cwd=SRC, capture_output=True, text=True, check=True
    ).stdout.split()
    nested = {str(Path(f).parent) + "/" for f in out if f.endswith("/go.mod") and f != "go.mod"}
    return sorted(f for f in out if (SRC / f).is_file() and not any(f.startswith(n) for n in nested))


def write_proxy(proxy: Path) -> Path:
    """The GOPROXY protocol's files for MODULE@VERSION (go.dev/ref/mod#goproxy-protocol)."""
    d = proxy / MODULE / "@v"  # the path has no upper-case letters, so no case-encoding is needed
    d.mkdir(parents=True)
    (d / "list").write_text(VERSION + "\n")
    (d / f"{VERSION}.info").write_text(json.dumps({"Version": VERSION, "Time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}))
    (d / f"{VERSION}.mod").write_bytes((SRC / "go.mod").read_bytes())
    z = d / f"{VERSION}.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as out:
        for f in module_files():
            out.write(SRC / f, f"{MODULE}@{VERSION}/{f}")
    return z


class GoArtifact(unittest.TestCase):
    tmp: Path
    app: Path
    env: dict[str, str]
    zip: Path

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = temp_project("go")
        cls.zip = write_proxy(cls.tmp / "proxy")
        modcache = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout.strip()
        cls.env = {
            "GOPROXY": f"file://{cls.tmp / 'proxy'},file://{modcache}/cache/download,https://proxy.golang.org",
            "GONOSUMDB": MODULE,  # a module of our own proxy is not in the public checksum database
            "GOMODCACHE": str(cls.tmp / "modcache"),  # fresh: the module must come from the proxy
            "GOFLAGS": "-modcacherw",
            "GOTOOLCHAIN": "local",
            "GOWORK": "off",
        }
        cls.app = cls.tmp / "hello"
        cls.app.mkdir()
        run(["go", "mod", "init", "example.com/hello"], cls.app, env=cls.env)
        # wazero's and x/sys's checksums as the module's own go.sum records them, so that go does not need the
        # checksum database for them either.
        (cls.app / "go.sum").write_text((SRC / "go.sum").read_text())
        for i, q in enumerate(quickstarts({"go"})):
            d = cls.app / f"quickstart{i}"
            d.mkdir()
            (d / "main.go").write_text(q.code)
        (cls.app / "hello").mkdir()
        (cls.app / "hello" / "main.go").write_text((Path(__file__).parent / "go" / "hello.go.txt").read_text())
        run(["go", "get", f"{MODULE}@{VERSION}"], cls.app, env=cls.env)
        copy_examples(cls.app)

    @classmethod
    def tearDownClass(cls) -> None:
        remove(cls.tmp)

    def test_module_zip_carries_the_license_and_the_wasm(self) -> None:
        with zipfile.ZipFile(self.zip) as z:
            names = z.namelist()
            self.assertEqual(z.read(f"{MODULE}@{VERSION}/LICENSE"), (ROOT / "LICENSE").read_bytes())
        self.assertIn(f"{MODULE}@{VERSION}/internal/wasm/kassa.core.wasm", names)
        record("go", {"module_zip_bytes": self.zip.stat().st_size})

    def test_go_get_resolved_the_tag_from_the_proxy(self) -> None:
        gomod = (self.app / "go.mod").read_text()
        self.assertIn(f"{MODULE} {VERSION}", gomod)
        listed = run(["go", "list", "-m", "-json", MODULE], self.app, env=self.env).stdout
        self.assertTrue(json.loads(listed)["Dir"].startswith(str(self.tmp / "modcache")))

    def test_build_vet_and_the_readme_quickstarts(self) -> None:
        run(["go", "vet", "./..."], self.app, env=self.env)
        blocks = quickstarts({"go"})
        self.assertGreaterEqual(len(blocks), 2)
        for i, q in enumerate(blocks):
            with self.subTest(f"{q.readme}:{q.line}"):
                binary = self.tmp / f"quickstart{i}"
                run(["go", "build", "-o", str(binary), f"./quickstart{i}"], self.app, env=self.env)
                out = run([str(binary)], self.app, env={"KASSA_CACHE_DIR": str(self.tmp / "cache")}).stdout
                self.assertIsNotNone(q.output, "a quickstart needs its ```text output block")
                self.assertEqual(out, q.output)

    def test_binary_growth(self) -> None:
        sizes = {}
        for name, pkg in (("hello", "./hello"), ("hello-quote", "./quickstart1")):
            binary = self.tmp / f"size-{name}"
            run(["go", "build", "-o", str(binary), pkg], self.app, env=self.env)
            sizes[name] = binary.stat().st_size
        self.assertIn("kassa.Load", (self.app / "quickstart1" / "main.go").read_text())
        growth = sizes["hello-quote"] - sizes["hello"]
        wasm = (SRC / "internal" / "wasm" / "kassa.core.wasm").stat().st_size
        self.assertGreater(growth, wasm)  # the embedded engine is in the binary
        record("go", {"hello_bytes": sizes["hello"], "hello_quote_bytes": sizes["hello-quote"], "growth_bytes": growth,
                      "go": subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True).stdout.strip()})


if __name__ == "__main__":
    unittest.main()
