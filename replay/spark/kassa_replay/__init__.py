"""kassa replay on Spark: the same replay as the `kassa replay` CLI, one partition of carts at a time, on the
Python package (docs/replay.md). `job.py` is the driver and the partition function, `summary.py` the sums."""
