#!/usr/bin/env python3
"""The conformance driver: runs every case through every host's runner and diffs the answers.

Each runner speaks the JSON-lines protocol of conformance/README.md. The driver checks each response against
the case's (partial) expectation and against every other host byte for byte (canonical JSON: sorted keys, no
whitespace), prints a matrix of groups x hosts, and fails on any mismatch, on a missing case for an op, error
code or field kind (coverage), and on an expected-failure entry whose case now passes (no stale entries).
Standard library only, so it runs before any venv exists.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "conformance" / "cases"
SCHEMA = ROOT / "conformance" / "case.schema.json"
XFAIL = ROOT / "conformance" / "xfail.json"
# The browser build (world `kassa-js`), the only build that may leave operations out (conformance/README.md,
# "Operations a build leaves out").
BROWSER_COMPONENT = ROOT / "dist" / "browser" / "kassa.wasm"
ERRORS_DOC = ROOT / "docs" / "errors.md"

sys.path.insert(0, str(Path(__file__).resolve().parent))
import schema_check  # noqa: E402  (a tiny JSON-Schema subset validator, stdlib only)


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# ---- cases ---------------------------------------------------------------------------------------------

def load_cases(case_dir: Path) -> list[dict]:
    schema = json.loads(SCHEMA.read_text())
    cases, problems = [], []
    for path in sorted(case_dir.glob("*.json")):
        doc = json.loads(path.read_text())
        for err in schema_check.validate(doc, schema):
            problems.append(f"{path.name}: {err}")
        if problems:
            continue
        shared = doc.get("rulebooks", {})
        for case in doc["cases"]:
            cid = f"{doc['group']}/{case['name']}"
            inputs = case["input"]
            try:
                text = resolve_rulebook(case.get("rulebook"), shared)
                if case["op"] == "replay":  # the new rulebook travels in the input, as text like the old one
                    inputs = {**inputs, "new": resolve_rulebook(inputs.get("new"), shared)}
                if case["op"] == "refund":
                    inputs = refund_input(inputs, text)
            except (OSError, KeyError) as e:
                problems.append(f"{cid}: rulebook: {e}")
                continue
            cases.append({"id": cid, "group": doc["group"], "op": case["op"], "rulebook": text,
                          "input": inputs, "expect": case["expect"]})
    ids = [c["id"] for c in cases]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    problems += [f"duplicate case id {d}" for d in dupes]
    if problems:
        raise SystemExit("case files do not conform to conformance/case.schema.json:\n  " + "\n  ".join(problems))
    return cases


def refund_input(inputs: dict, rulebook: str) -> dict:
    """A refund case's input as sent: the original quote, written as an object, becomes the JSON text the
    request carries, and `"rulebook-hash": "#rulebook"` in it and in the earlier credit notes stands for the
    sha256 of the case's rulebook text (what engine-info gives)."""
    digest = hashlib.sha256(rulebook.encode()).hexdigest()

    def hashed(doc: dict) -> dict:
        return {**doc, "rulebook-hash": digest} if doc.get("rulebook-hash") == "#rulebook" else doc

    out = {**inputs, "previous": [hashed(n) for n in inputs.get("previous", [])]}
    if isinstance(inputs.get("quote"), dict):
        out["quote"] = json.dumps(hashed(inputs["quote"]), separators=(",", ":"))
    return out


def resolve_rulebook(ref, shared: dict):
    if ref is None:
        return None
    if isinstance(ref, dict):
        if set(ref) == {"text"}:
            return ref["text"]
        return canonical(ref)
    if ref.startswith("#"):
        return canonical(shared[ref[1:]])
    return (ROOT / ref).read_text()


# ---- runners -------------------------------------------------------------------------------------------

class Runner:
    """One host's runner process; requests are written from a thread so big batches never deadlock."""

    def __init__(self, name: str, argv: list[str]):
        self.name = name
        self.proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read()
            raise SystemExit(f"runner {name} ({' '.join(argv)}) did not start:\n{err}")
        self.hello = json.loads(line)["hello"]

    def run(self, requests: list[dict]) -> dict[str, dict]:
        def feed():
            try:
                for r in requests:
                    self.proc.stdin.write(canonical(r) + "\n")
                self.proc.stdin.close()
            except BrokenPipeError:
                pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        answers = {}
        for line in self.proc.stdout:
            if line.strip():
                msg = json.loads(line)
                answers[msg.get("id")] = msg
        writer.join()
        self.proc.wait()
        if self.proc.returncode != 0:
            sys.stderr.write(f"runner {self.name} exited {self.proc.returncode}:\n{self.proc.stderr.read()}\n")
        return answers


def runner_commands() -> dict[str, list[str]]:
    """Host name -> argv, from KASSA_RUNNERS ("name=cmd arg;name2=cmd") as the Makefile sets it."""
    spec = os.environ.get("KASSA_RUNNERS", "rust=target/debug/kassa-conformance-rust")
    out = {}
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        name, _, cmd = part.partition("=")
        out[name.strip()] = cmd.split()
    return out


# The JSON entry points (docs/wire.md): every quote/validate/refund case is also sent as its JSON text to
# quote-json/validate-json/refund-json under this id suffix; the runner answers {"wire": "<the text the engine
# wrote>"}.
WIRE = "#wire"
WIRE_OPS = ("quote", "validate", "refund")


def json_text(value) -> str:
    """A case input as the JSON text a client sends (ASCII, so every runner's pipe carries it unchanged)."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def normalise(answer: dict | None) -> dict:
    """What is compared: result or error; a host-error keeps only its code (its message is host-specific).
    A JSON entry point's answer (`wire`) is compared as the value its text parses to (the bytes separately)."""
    if answer is None:
        return {"missing": True}
    if "wire" in answer:
        try:
            return {"result": json.loads(answer["wire"])}
        except (TypeError, ValueError):
            return {"wire-not-json": str(answer["wire"])[:200]}
    if "error" in answer:
        err = answer["error"]
        if isinstance(err, dict) and err.get("code") == "host-error":
            return {"error": {"code": "host-error"}}
        return {"error": err}
    return {"result": answer.get("result")}


# ---- operations a build leaves out -----------------------------------------------------------------------

def declared_lacks(name: str, hello: dict, ops: list[str], browser_sha256: str | None) -> tuple[set, list[str]]:
    """The ops a runner's hello says its build leaves out (`"lacks": [...]`), and what is wrong with the
    declaration: only a runner of the browser build may declare any (the server build and the native runner
    run everything), each must be an op of the protocol, and an op and its JSON entry point go together."""
    lacks = hello.get("lacks", [])
    if not lacks:
        return set(), []
    problems = []
    if not isinstance(lacks, list) or not all(isinstance(o, str) for o in lacks):
        return set(), [f"{name}: hello's lacks is not a list of op names"]
    if browser_sha256 is None or hello.get("component-sha256") != browser_sha256:
        problems.append(f"{name}: declares it lacks {lacks} but does not run the browser build ({BROWSER_COMPONENT.name})")
    known = set(ops) | {o + "-json" for o in WIRE_OPS}
    problems += [f"{name}: lacks unknown op {o}" for o in lacks if o not in known]
    for o in WIRE_OPS:
        if (o in lacks) != (o + "-json" in lacks):
            problems.append(f"{name}: lacks one of {o} and {o}-json but not the other")
    return set(lacks), problems


def browser_component_sha256() -> str | None:
    return hashlib.sha256(BROWSER_COMPONENT.read_bytes()).hexdigest() if BROWSER_COMPONENT.exists() else None


def lacks_case(lacks: set, c: dict) -> bool:
    return c["op"] in lacks


def lack_problem(c: dict, h: str, results: dict) -> str | None:
    """A host that declares it lacks a case's op must still answer it, with a host-error (what its public API
    throws: the JS package's `not-in-this-build`), for the typed call and for the JSON entry point."""
    ids = [c["id"]] + ([c["id"] + WIRE] if c["op"] in WIRE_OPS else [])
    for rid in ids:
        got = normalise(results[h].get(rid))
        if got != {"error": {"code": "host-error"}}:
            return f"{rid}: declared as left out of this build, but answered {canonical(got)[:200]} (not host-error)"
    return None


def cell(ok: int, failed: int, left_out: int) -> str:
    """A matrix cell: failures first; a group whose op the host's build leaves out (each case refused as
    declared) reads `left out`."""
    if failed:
        return f"FAIL {failed}"
    return "left out" if left_out and left_out == ok else f"ok {ok}"


# ---- comparison ----------------------------------------------------------------------------------------

def first_mismatch(expected, actual, path="") -> str | None:
    """The JSON pointer of the first place where `actual` does not match the partial `expected`."""
    if isinstance(expected, dict) and is_param_list(actual):
        # `params` may be written as {name: value} in an expectation: compared as a subset of the list.
        actual = {p["name"]: p["value"] for p in actual}
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return path or "/"
        for key in expected:
            if key not in actual:
                return f"{path}/{key}"
            where = first_mismatch(expected[key], actual[key], f"{path}/{key}")
            if where:
                return where
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return path or "/"
        for i, (e, a) in enumerate(zip(expected, actual)):
            where = first_mismatch(e, a, f"{path}/{i}")
            if where:
                return where
        return None
    return None if expected == actual and type(expected) is type(actual) else (path or "/")


def is_param_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(p, dict) and set(p) == {"name", "value"} for p in value)


def first_difference(a, b, path="") -> str:
    """The JSON pointer of the first difference between two full answers."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}/{key}"
            if canonical(a[key]) != canonical(b[key]):
                return first_difference(a[key], b[key], f"{path}/{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if canonical(x) != canonical(y):
                return first_difference(x, y, f"{path}/{i}")
    return path or "/"


def value_at(doc, pointer: str):
    for part in filter(None, pointer.split("/")):
        if isinstance(doc, dict):
            doc = doc.get(part)
        elif isinstance(doc, list) and part.isdigit() and int(part) < len(doc):
            doc = doc[int(part)]
        else:
            return None
    return doc


# ---- coverage ------------------------------------------------------------------------------------------

def documented_codes() -> list[str]:
    """Codes from the table in docs/errors.md (rows like `| \`code\` | layer | meaning |`)."""
    if not ERRORS_DOC.exists():
        return []
    codes = []
    for line in ERRORS_DOC.read_text().splitlines():
        if line.startswith("| `"):
            codes.append(line.split("`")[1])
    return codes


def duplicate_param_names(value, path: str = "") -> str | None:
    """The path of a `params` list that repeats a name (hosts map params to a dictionary), if any."""
    if isinstance(value, dict):
        for key, v in value.items():
            if key == "params" and is_param_list(v):
                names = [p["name"] for p in v]
                if len(names) != len(set(names)):
                    return f"{path}/params"
            found = duplicate_param_names(v, f"{path}/{key}")
            if found:
                return found
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found = duplicate_param_names(v, f"{path}/{i}")
            if found:
                return found
    return None


def codes_in(value, acc: set):
    if isinstance(value, dict):
        if isinstance(value.get("code"), str):
            acc.add(value["code"])
        for v in value.values():
            codes_in(v, acc)
    elif isinstance(value, list):
        for v in value:
            codes_in(v, acc)


def coverage(cases: list[dict]) -> list[str]:
    schema = json.loads(SCHEMA.read_text())
    ops = schema["$defs"]["case"]["properties"]["op"]["enum"]
    kinds = ["email", "phone", "postal-code", "iban", "bic", "vat-id", "card-number", "country-code", "currency-code"]
    seen_ops = {c["op"] for c in cases}
    seen_kinds = {c["input"].get("kind") for c in cases if c["op"] == "validate-field"}
    seen_kinds |= {r.get("kind") for c in cases if c["op"] == "validate-fields" for r in c["input"].get("requests", [])}
    seen_codes: set = set()
    for c in cases:
        codes_in(c["expect"], seen_codes)
    missing = [f"op {o}" for o in ops if o not in seen_ops]
    missing += [f"field kind {k}" for k in kinds if k not in seen_kinds]
    # Cannot be provoked through the contract by a correct engine: host-error is the hosts' own code, the
    # invariant and unimplemented codes mean a bug, and every wire function checks its divisors before dividing.
    # field-requests-invalid is the raw validate-fields-json's: the hosts check each request before a batch
    # crosses as JSON (as the typed call does), so no public call reaches it; core/tests/wire.rs covers it.
    exempt = {"host-error", "invariant-violated", "unimplemented", "division-by-zero", "field-requests-invalid"}
    missing += [f"error code {c}" for c in documented_codes() if c not in seen_codes and c not in exempt]
    return missing


def wire_problem(c: dict, h: str, first: str, results: dict) -> str | None:
    """The JSON entry points' own checks: the text the engine wrote is the same bytes in every host, and the
    JSON path of a quote/validate/refund case answers what the typed path answers (the same result, or the same
    error code and path: a host that refuses a typed argument itself, host-error, is not compared)."""
    for rid in (c["id"], c["id"] + WIRE):
        own = results[h].get(rid, {})
        if "wire" in own and own["wire"] != results[first].get(rid, {}).get("wire"):
            return f"{rid}: canonical JSON text differs from {first}'s (bytes)"
        if "wire" in own and not isinstance(own["wire"], str):
            return f"{rid}: wire is not text"
    if c["op"] not in WIRE_OPS:
        return None
    typed = normalise(results[h].get(c["id"]))
    wire = normalise(results[h].get(c["id"] + WIRE))
    if "result" in typed:
        if canonical(wire) != canonical(typed):
            return f"{c['op']}-json differs from {c['op']} at {first_difference(typed, wire)}"
    elif typed.get("error", {}).get("code") != "host-error":
        t, w = typed.get("error", {}), wire.get("error", {})
        if (t.get("code"), t.get("path")) != (w.get("code"), w.get("path")):
            return f"{c['op']}-json fails with {w.get('code')} at {w.get('path')!r}, {c['op']} with {t.get('code')}"
    return None


# ---- main ----------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("--no-coverage", action="store_true", help="skip the coverage check (for partial runs)")
    ap.add_argument("--min-cases", type=int, default=0, help="fail when fewer cases exist")
    args = ap.parse_args()

    cases = load_cases(args.cases)
    xfail = json.loads(XFAIL.read_text()) if XFAIL.exists() else {}
    commands = runner_commands()
    runners = [Runner(name, argv) for name, argv in commands.items()]
    requests = [{"id": c["id"], "op": c["op"], "rulebook": c["rulebook"], "input": c["input"]} for c in cases]
    requests += [{"id": c["id"] + WIRE, "op": c["op"] + "-json", "rulebook": c["rulebook"],
                  "input": {"text": json_text(c["input"])}} for c in cases if c["op"] in WIRE_OPS]

    results: dict[str, dict[str, dict]] = {}
    threads = []
    for r in runners:
        t = threading.Thread(target=lambda r=r: results.__setitem__(r.name, r.run(requests)))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()

    failures, stale, matrix = [], [], {}
    schema_ops = json.loads(SCHEMA.read_text())["$defs"]["case"]["properties"]["op"]["enum"]
    browser_sha256 = browser_component_sha256()
    lacks = {}
    print("hosts:")
    for r in runners:
        lacks[r.name], problems = declared_lacks(r.name, r.hello, schema_ops, browser_sha256)
        failures += problems
        left_out = f"  (build leaves out: {', '.join(sorted(lacks[r.name]))})" if lacks[r.name] else ""
        print(f"  {r.name:8} {r.hello.get('runtime', '?')}  component {str(r.hello.get('component-sha256'))[:16]}{left_out}")

    hosts = [r.name for r in runners]
    for c in cases:
        answers = {h: normalise(results[h].get(c["id"])) for h in hosts}
        row = matrix.setdefault(c["group"], {h: [0, 0, 0] for h in hosts})  # ok, failed, left out (refused)
        # Compared with the first host whose build has the op; hosts that lack it are checked to refuse it.
        running = [h for h in hosts if not lacks_case(lacks[h], c)]
        if hosts and not running:
            failures.append(f"{c['id']}: every host's build leaves out {c['op']}")
        first = running[0] if running else None
        reference = canonical(answers[first]) if first else ""
        for h in hosts:
            problem = None
            if lacks_case(lacks[h], c):
                problem = lack_problem(c, h, results)
            elif (where := first_mismatch(c["expect"], answers[h])) is not None:
                got = value_at(answers[h], where)
                problem = f"expectation differs at {where}: got {canonical(got)[:200]}"
            elif canonical(answers[h]) != reference:
                where = first_difference(answers[first], answers[h])
                problem = f"differs from {first} at {where}"
            elif duplicate_param_names(answers[h]):
                problem = f"params repeat a name at {duplicate_param_names(answers[h])}"
            else:
                problem = wire_problem(c, h, first, results)
            reason = xfail.get(h, {}).get(c["id"])
            if problem and reason:
                row[h][0] += 1
                continue
            if not problem and reason:
                stale.append(f"{h} {c['id']}: listed as expected failure ({reason}) but passes")
            if problem:
                failures.append(f"{h:8} {c['id']}: {problem}")
            else:
                row[h][0] += 1
                row[h][2] += 1 if lacks_case(lacks[h], c) else 0
            row[h][1] += 1 if problem else 0

    width = max([len(g) for g in matrix] + [5])
    print("\n" + "group".ljust(width) + "".join(f"  {h:>9}" for h in hosts))
    for group, row in sorted(matrix.items()):
        cells = "".join(f"  {cell(*row[h]):>9}" for h in hosts)
        print(group.ljust(width) + cells)
    print(f"\n{len(cases)} cases x {len(hosts)} hosts")

    missing = [] if args.no_coverage else coverage(cases)
    for m in missing:
        print(f"coverage: no case for {m}")
    for s in stale:
        print(f"stale: {s}")
    for f in failures:
        print(f"FAIL {f}")
    too_few = args.min_cases and len(cases) < args.min_cases
    if too_few:
        print(f"only {len(cases)} cases; at least {args.min_cases} required")
    bad = len(failures) + len(stale) + len(missing) + (1 if too_few else 0)
    checks = len(cases) * len(hosts)
    print(f"conformance: {checks - len(failures)} passed, {len(failures)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
