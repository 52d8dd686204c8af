"""The Spark replay against the Rust CLI's (`make test-replay`): the same generated carts through both, the
records byte for byte and the summaries equal; then Parquet in and out on a slice; and the summary's arithmetic by
hand. Runs in Spark's local mode on the loopback interface.

Environment: KASSA_CLI (the release `kassa` binary), KASSA_REPLAY_CARTS (how many carts, default 100000),
KASSA_REPLAY_DIR (scratch folder, default target/replay/test).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from kassa_replay import job, summary  # noqa: E402

OLD = ROOT / "examples" / "rulebook.json"
NEW = ROOT / "examples" / "rulebook-2027.json"
COUNT = int(os.environ.get("KASSA_REPLAY_CARTS", "100000"))
WORK = Path(os.environ.get("KASSA_REPLAY_DIR", ROOT / "target" / "replay" / "test"))
CLI = Path(os.environ.get("KASSA_CLI", ROOT / "target" / "release" / "kassa"))


def args(**kw) -> object:
    base = {"old": str(OLD), "new": str(NEW), "input_format": "jsonl", "output_format": "jsonl", "summary": None,
            "partitions": None}
    return type("Args", (), {**base, **kw})()


def timed(what: str, f):
    start = time.monotonic()
    result = f()
    print(f"  {what}: {time.monotonic() - start:.1f} s", file=sys.stderr)
    return result


class SparkAgainstCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        WORK.mkdir(parents=True, exist_ok=True)
        cls.carts = WORK / f"carts-{COUNT}.jsonl"
        timed(f"generating {COUNT} carts", lambda: subprocess.run(
            [sys.executable, str(ROOT / "replay" / "generate.py"), "--seed", "1", "--count", str(COUNT),
             "-o", str(cls.carts)], check=True))
        cls.cli_records = WORK / "cli.jsonl"
        cls.cli_summary = WORK / "cli-summary.json"
        timed("kassa replay (CLI)", lambda: subprocess.run(
            [str(CLI), "replay", "-q", "--old", str(OLD), "--new", str(NEW), "-o", str(cls.cli_records),
             "--summary", str(cls.cli_summary), str(cls.carts)], check=True))
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        cls.spark = job.session("local[2]", progress=False)
        cls.spark.sparkContext.setLogLevel("ERROR")

    @classmethod
    def tearDownClass(cls):
        cls.spark.stop()

    def test_records_and_summary_are_the_clis(self):
        out = WORK / "spark-jsonl"
        subprocess.run(["rm", "-rf", str(out)], check=True)
        result = timed(f"spark replay of {COUNT} carts (local[2])",
                       lambda: job.run(self.spark, args(carts=str(self.carts), output=str(out))))
        parts = sorted(out.glob("part-*"))
        self.assertGreaterEqual(len(parts), 2, "the carts were split into partitions")
        spark_bytes = b"".join(p.read_bytes() for p in parts)
        cli_bytes = self.cli_records.read_bytes()
        self.assertEqual(spark_bytes.count(b"\n"), COUNT)
        if spark_bytes != cli_bytes:  # the first differing record, not a 30 MB diff
            for n, (a, b) in enumerate(zip(spark_bytes.splitlines(), cli_bytes.splitlines()), 1):
                self.assertEqual(a.decode(), b.decode(), f"record {n}")
        self.assertEqual(spark_bytes, cli_bytes)
        self.assertEqual(result, json.loads(self.cli_summary.read_text()))
        # Not a vacuous comparison: the generated carts change in every way a record can say.
        for status in summary.STATUSES:
            self.assertGreater(result[status], 0, status)
        self.assertTrue(any(p["newly-rejected"] for p in result["promotions"]))
        self.assertTrue(any(p["newly-applied"] for p in result["promotions"]))

    def test_parquet_in_and_out(self):
        # The first 2,000 carts as Parquet (line, cart), replayed to Parquet; the record column, ordered by
        # line, is the CLI's first 2,000 records.
        n = 2000
        lines = self.carts.read_text().splitlines()[:n]
        src, out = WORK / "carts.parquet", WORK / "spark-parquet"
        subprocess.run(["rm", "-rf", str(src), str(out)], check=True)
        self.spark.createDataFrame([(i + 1, t) for i, t in enumerate(lines)], "line long, cart string") \
            .repartition(3).write.parquet(str(src))
        result = job.run(self.spark, args(carts=str(src), input_format="parquet", output=str(out),
                                          output_format="parquet"))
        rows = self.spark.read.parquet(str(out)).orderBy("line").collect()
        cli = self.cli_records.read_text().splitlines()[:n]
        self.assertEqual([r["record"] for r in rows], cli)
        self.assertEqual([r["line"] for r in rows], list(range(1, n + 1)))
        first = json.loads(cli[0])
        self.assertEqual((rows[0]["status"], rows[0]["grand_total_delta"]),
                         (first["status"], first["grand-total-delta"]))
        self.assertEqual(result["carts"], n)


class SummaryByHand(unittest.TestCase):
    def test_sums(self):
        # 44.70 + 3.60 = 48.30 -> 48.70 + 3.60 = 52.30 (+4.00); de-vat-standard 7.13 + 0.57 = 7.70 -> 7.77 + 0.57 =
        # 8.34; spend-more newly rejected once, 5.00 -> 0; one cart fails under the new rulebook (item-inactive).
        def rec(status, totals, taxes=(), promotions=(), error_new=None):
            return {"status": status, "currency": "EUR", "grand-total-old": totals and totals[0],
                    "grand-total-new": totals and totals[1], "grand-total-delta": totals and totals[2],
                    "taxes": list(taxes), "promotions": list(promotions), "error-old": None, "error-new": error_new}

        a = rec("changed", ("44.70", "48.70", "4.00"), [{"tax": "de-vat-standard", "old": "7.13", "new": "7.77",
                                                         "delta": "0.64"}],
                [{"id": "spend-more", "coupon": "SPEND", "old": "5.00", "new": None, "reason": "condition-not-met"}])
        b = rec("same", ("3.60", "3.60", "0.00"), [{"tax": "de-vat-standard", "old": "0.57", "new": "0.57",
                                                    "delta": "0.00"}])
        c = rec("newly-failing", None, error_new={"code": "cart-invalid", "problems": [{"code": "item-inactive"}]})
        whole = summary.of([a, b, c]).to_json()
        self.assertEqual(whole, {
            "carts": 3, "same": 1, "changed": 1, "newly-failing": 1, "newly-quoting": 0, "failing": 0,
            "totals": [{"currency": "EUR", "carts": 2, "old": "48.30", "new": "52.30", "delta": "4.00"}],
            "taxes": [{"tax": "de-vat-standard", "currency": "EUR", "carts": 2, "old": "7.70", "new": "8.34",
                       "delta": "0.64"}],
            "promotions": [{"id": "spend-more", "currency": "EUR", "newly-applied": 0, "newly-rejected": 1,
                            "amount-changed": 0, "old": "5.00", "new": "0", "delta": "-5.00"}],
            "errors": [{"side": "new", "code": "cart-invalid", "problem": "item-inactive", "carts": 1}]})
        self.assertEqual(summary.of([c]).merge(summary.of([a, b])).to_json(), whole)


if __name__ == "__main__":
    unittest.main()
