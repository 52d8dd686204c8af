"""kassa replay as a PySpark job: historical carts re-priced under an old and a new rulebook, partition by
partition, on the kassa Python package. Every record is decided by the engine (core's replay module through
`kassa.Replay`), so the records are the ones `kassa replay` (the Rust CLI) writes, byte for byte, in the same
order: carts keep their input order through every step, and the output's part files in order are the input's
order.

    spark-submit replay/spark/submit.py --old OLD.json --new NEW.json --carts CARTS.jsonl --output OUT/

Input: JSONL (one cart per line, as the CLI reads it; blank lines are skipped and keep their number), or Parquet
with a `line` (long) and a `cart` (string, the cart's canonical JSON) column. Output: JSONL (one record per
line) or Parquet (`line`, `status`, `currency`, the grand totals and the `record` as JSON text), and a summary
JSON like `kassa replay --summary`. docs/replay.md says how to run it on a cluster.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from . import summary as summaries

# One kassa.Replay per executor process (Python workers are reused between tasks), keyed by the rulebooks'
# sha256: loading both rulebooks costs far more than a cart, so it happens once, not per task or partition.
_REPLAYS: dict[str, Any] = {}


def replay_for(old: str, new: str) -> Any:
    import kassa

    key = hashlib.sha256(old.encode() + b"\0" + new.encode()).hexdigest()
    r = _REPLAYS.get(key)
    if r is None:
        r = _REPLAYS[key] = kassa.Replay.load(old, new)
    return r


def not_a_cart(line: int, error: Exception) -> Any:
    """The record of a line that is not a cart: failing under both with invalid-json, as the CLI writes it
    (the message names this parser's complaint, which is worded differently from the CLI's)."""
    import kassa

    failure = kassa.ReplayFailure("invalid-json", "", f"not a cart in canonical JSON: {error}", ())
    return kassa.ReplayRecord(line=line, status=kassa.ReplayStatus.FAILING, currency="", grand_total_old=None,
                              grand_total_new=None, grand_total_delta=None, taxes=(), promotions=(),
                              error_old=failure, error_new=failure)


def replay_partition(rulebooks: tuple[str, str], rows: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(line, cart JSON text) -> (line, record JSON text), in the partition's order; blank lines give none."""
    import kassa

    replay = replay_for(*rulebooks)
    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    for line, text in rows:
        if not text.strip():
            continue
        try:
            record = replay.replay(json.loads(text), line)
        except (ValueError, TypeError) as e:  # not JSON, or not a cart (json.JSONDecodeError is a ValueError)
            record = not_a_cart(line, e)
        yield line, dumps(kassa.to_wire(record))


def summarize_partition(rows: Iterable[tuple[int, str]]) -> Iterator[summaries.Summary]:
    yield summaries.of(json.loads(text) for _, text in rows)


def _ship_own_code(sc: Any) -> None:
    """Sends this package to the executors (a zip through addPyFile), so that they import it, and keep its
    module-level cache between tasks, instead of getting pickled copies of the functions."""
    package = Path(__file__).resolve().parent
    target = Path(tempfile.mkdtemp(prefix="kassa-replay-")) / "kassa_replay.zip"
    with zipfile.ZipFile(target, "w") as z:
        for f in sorted(package.glob("*.py")):
            z.write(f, f"kassa_replay/{f.name}")
    sc.addPyFile(str(target))


def read_carts(spark: Any, path: str, fmt: str, partitions: Optional[int]) -> Any:
    """The input as an RDD of (line, cart JSON text) in input order."""
    if fmt == "parquet":
        df = spark.read.parquet(path).select("line", "cart")
        rdd = df.rdd.map(lambda row: (int(row[0]), row[1]))
        return rdd.repartition(partitions) if partitions else rdd
    text = spark.sparkContext.textFile(path, minPartitions=partitions or 2)
    # zipWithIndex numbers the lines in partition order, which is the file's order (0-based).
    return text.zipWithIndex().map(lambda ti: (ti[1] + 1, ti[0]))


def write_records(spark: Any, records: Any, path: str, fmt: str) -> None:
    if fmt == "parquet":
        from pyspark.sql.types import LongType, StringType, StructField, StructType

        def row(lr: tuple[int, str]) -> tuple:
            r = json.loads(lr[1])
            return (lr[0], r["status"], r["currency"], r["grand-total-old"], r["grand-total-new"],
                    r["grand-total-delta"], lr[1])

        schema = StructType([StructField("line", LongType(), False), StructField("status", StringType(), False),
                             StructField("currency", StringType(), False),
                             StructField("grand_total_old", StringType(), True),
                             StructField("grand_total_new", StringType(), True),
                             StructField("grand_total_delta", StringType(), True),
                             StructField("record", StringType(), False)])
        spark.createDataFrame(records.map(row), schema).write.mode("overwrite").parquet(path)
    else:
        # Part files in partition order: concatenated, they are the records in input order.
        records.values().saveAsTextFile(path)


def run(spark: Any, args: argparse.Namespace) -> dict:
    """Replays, writes the records, returns the summary (and writes it when asked)."""
    from pyspark import StorageLevel

    sc = spark.sparkContext
    _ship_own_code(sc)
    rulebooks = sc.broadcast((Path(args.old).read_text(encoding="utf-8"), Path(args.new).read_text(encoding="utf-8")))
    # Fail early, on the driver, when a rulebook does not load (the executors would fail every task).
    replay_for(*rulebooks.value)
    carts = read_carts(spark, args.carts, args.input_format, args.partitions)
    records = carts.mapPartitions(lambda rows: replay_partition(rulebooks.value, rows), preservesPartitioning=True)
    records.persist(StorageLevel.MEMORY_AND_DISK)
    write_records(spark, records, args.output, args.output_format)
    total = records.mapPartitions(summarize_partition).fold(summaries.Summary(), lambda a, b: a.merge(b))
    records.unpersist()
    result = total.to_json()
    if args.summary:
        Path(args.summary).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def parse_args(argv: Optional[list[str]] = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="kassa-replay-spark", description="kassa replay as a Spark job")
    ap.add_argument("--old", required=True, help="the old rulebook (JSON), read on the driver")
    ap.add_argument("--new", required=True, help="the new rulebook (JSON), read on the driver")
    ap.add_argument("--carts", required=True, help="the carts: JSONL, or Parquet with line and cart columns")
    ap.add_argument("--input-format", choices=["jsonl", "parquet"], default="jsonl")
    ap.add_argument("--output", required=True, help="a directory for the records")
    ap.add_argument("--output-format", choices=["jsonl", "parquet"], default="jsonl")
    ap.add_argument("--summary", help="also write the summary JSON to this file (on the driver)")
    ap.add_argument("--partitions", type=int, help="input partitions (default: Spark's for the input)")
    ap.add_argument("--master", help="e.g. local[2]; by default what spark-submit says")
    return ap.parse_args(argv)


def session(master: Optional[str], progress: bool = True) -> Any:
    """A SparkSession; in local mode bound to the loopback interface only, without the web UI."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("kassa-replay").config("spark.ui.showConsoleProgress", str(progress).lower())
    if master:
        builder = builder.master(master)
    if (master or "").startswith("local"):
        builder = (builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.ui.enabled", "false"))
    return builder.getOrCreate()


def main(argv: Optional[list[str]] = None) -> int:
    args = parse_args(argv)
    spark = session(args.master)
    try:
        start = time.monotonic()
        result = run(spark, args)
        seconds = time.monotonic() - start
        print(f"kassa replay (spark): {result['carts']} carts in {seconds:.1f} s "
              f"({result['carts'] / seconds:.0f} carts/s)", file=sys.stderr)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    sys.exit(main())
