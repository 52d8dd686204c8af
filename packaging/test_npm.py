"""@kassa/engine from its packed tarball, in projects outside the repository, as a new user builds with it:
Vite (the current major) and esbuild production builds loaded in headless Chromium, Node ESM and CommonJS,
`tsc --strict`, a Worker in workerd, and the README's JavaScript quickstarts.

One consumer project is installed (`npm ci` from packaging/npm/consumer/package-lock.json: Vite, esbuild,
TypeScript, @types/node and workerd pinned exactly, from npm's cache when it has them), then the tarball; each
app is a folder of that project. Needs `make js-package` (the Makefile target test-packaging-npm does it)."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import tarfile
import unittest
import urllib.request
from pathlib import Path

from common import ROOT, copy_examples, log, quickstarts, record, remove, run, temp_project

PKG = ROOT / "consumers" / "js"
HERE = Path(__file__).resolve().parent / "npm"
NPM = ["npm", "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline"]
# examples/cart.json's lines as the JS API takes them (apps/shared-cart.json): 82.80 EUR, worked out by hand in
# core/tests/quote.rs (TEE 30.00 + BOOK 24.00 + PEN 11.40 + CAPSULE 10.50 + shipping 6.90).
TOTAL = "82.80"


class NpmArtifact(unittest.TestCase):
    tmp: Path
    app: Path
    tarball: Path
    files: list[str]

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = temp_project("npm")
        info = json.loads(run([*NPM, "pack", "--json", "--pack-destination", str(cls.tmp)], PKG).stdout)[0]
        cls.tarball = cls.tmp / info["filename"]
        cls.files = [f["path"] for f in info["files"]]
        record("npm", {"tarball": info["filename"], "tarball_bytes": info["size"], "unpacked_bytes": info["unpackedSize"]})
        cls.app = cls.tmp / "app"
        cls.app.mkdir()
        for f in ("package.json", "package-lock.json"):
            shutil.copy(HERE / "consumer" / f, cls.app / f)
        log("installing the consumer tools (npm ci) and the tarball")
        run([*NPM, "ci"], cls.app)
        run([*NPM, "install", "--no-save", str(cls.tarball)], cls.app)
        shutil.copytree(HERE / "apps", cls.app, dirs_exist_ok=True)
        copy_examples(cls.app)

    @classmethod
    def tearDownClass(cls) -> None:
        remove(cls.tmp)

    def bin(self, name: str) -> str:
        return str(self.app / "node_modules" / ".bin" / name)

    def test_tarball_contents(self) -> None:
        for f in ["LICENSE", "README.md", "package.json", "dist/node.js", "dist/browser.js", "dist/workerd.js",
                  "dist/index.d.ts", "dist/otel.js", "dist/otel.d.ts", "gen/kassa.core.wasm", "gen/kassa.server.core.wasm", "gen/wasm-modules.js"]:
            self.assertIn(f, self.files)
        self.assertEqual([f for f in self.files if f.split("/")[0] in {"src", "test", "test-browser", "scripts", "bench", "examples"}], [])
        self.assertEqual((ROOT / "LICENSE").read_bytes(), tarfile.open(self.tarball).extractfile("package/LICENSE").read())  # type: ignore[union-attr]
        manifest = json.loads((self.app / "node_modules/@kassa/engine/package.json").read_text())
        self.assertEqual(manifest["license"], "Apache-2.0")
        # The entry files register where the wasm comes from when imported: bundlers must keep them.
        self.assertTrue(all(e in manifest["sideEffects"] for e in ["./dist/browser.js", "./dist/inline.js", "./dist/workerd.js",
                                                                  "./dist/otel.js"]))  # fmt: skip

    def browser(self, built: Path) -> dict:
        return json.loads(run(["node", str(HERE / "browser.mjs"), str(built)], ROOT).stdout)

    def assert_page(self, page: dict) -> None:
        self.assertEqual(page["total"], f"{TOTAL} EUR", page)
        self.assertEqual(page["error"], "cart-invalid", page)  # a cart without lines (docs/errors.md)
        self.assertEqual((page["errors"], page["failed"]), ([], []))

    def test_vite_production_build_in_chromium(self) -> None:
        out = self.tmp / "vite-dist"
        run([self.bin("vite"), "build", "vite", "--outDir", str(out), "--logLevel", "warn"], self.app)
        self.assertEqual(len(list(out.glob("assets/*.wasm"))), 1, "Vite copies the wasm as an asset")
        self.assert_page(self.browser(out))

    def test_esbuild_production_build_in_chromium(self) -> None:
        out = self.tmp / "esbuild-dist"
        run([self.bin("esbuild"), "esbuild/main.js", "--bundle", "--format=esm", "--minify", "--loader:.wasm=file",
             f"--outdir={out}", "--log-level=warning"], self.app)
        shutil.copy(self.app / "esbuild" / "index.html", out / "index.html")
        self.assert_page(self.browser(out))

    def test_node_esm_and_commonjs(self) -> None:
        # 2.5 rounded half-even to 0 places is 2; a cart without lines is cart-invalid.
        for app in ("node-esm", "node-cjs"):
            with self.subTest(app):
                out = run(["node", f"{app}/main.js"], self.app).stdout
                self.assertEqual(json.loads(out), [TOTAL, "2", "cart-invalid"])

    def test_typescript_strict(self) -> None:
        for i, q in enumerate(quickstarts({"ts"})):
            (self.app / "ts" / f"quickstart-{i}.ts").write_text(q.code)
        run([self.bin("tsc"), "-p", "ts"], self.app)

    def test_readme_quickstarts_run_in_node(self) -> None:
        blocks = quickstarts({"ts", "js"})
        self.assertGreaterEqual(len(blocks), 2)
        for i, q in enumerate(blocks):
            with self.subTest(f"{q.readme}:{q.line}"):
                (self.app / f"quickstart-{i}.mjs").write_text(q.code)
                out = run(["node", f"quickstart-{i}.mjs"], self.app).stdout
                self.assertIsNotNone(q.output, "a quickstart needs its ```text output block")
                self.assertEqual(out, q.output)

    def test_cloudflare_worker_in_workerd(self) -> None:
        out = self.tmp / "worker-dist"
        modules = json.loads(run(["node", "worker/bundle.mjs", str(out)], self.app).stdout)
        self.assertIn("kassa.server.core.wasm", modules)  # the workerd entry runs the server build
        read, write = os.pipe()
        proc = subprocess.Popen(
            [self.bin("workerd"), "serve", "config.capnp", f"--control-fd={write}"],
            cwd=out, pass_fds=(write,), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        os.close(write)
        try:
            port = None
            with os.fdopen(read) as control:
                if select.select([control], [], [], 60)[0]:
                    event = json.loads(control.readline())  # {"event":"listen","socket":"http","port":N}
                    port = event.get("port")
            self.assertIsNotNone(port, "workerd did not start")
            cart = (self.app / "shared-cart.json").read_bytes()
            req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=cart, headers={"content-type": "application/json"})
            with urllib.request.urlopen(req, timeout=60) as res:
                answer = json.loads(res.read())
            # Tax included in the gross prices, per line: 4.79 + 1.57 + 1.82 + 1.68 + shipping 0.73 + 0.15 = 10.74
            # (shipping follows the goods: 6.90 split by the nets 43.61 : 22.43 -> 4.56 at 19 %, 2.34 at 7 %). The
            # refund of the whole first line (TEE 2 x 15.00 on sale) gives back its gross 30.00 and its own tax 4.79
            # (core/tests/quote.rs); the shipping is not given back.
            self.assertEqual(answer, {"grandTotal": TOTAL, "taxTotal": "10.74", "currency": "EUR",
                                      "refund": ["30.00", "4.79"]})
        finally:
            proc.terminate()
            logs = proc.communicate(timeout=30)[0]
            if proc.returncode not in (0, -15):
                log(f"workerd output:\n{logs}")


if __name__ == "__main__":
    unittest.main()
