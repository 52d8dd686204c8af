"""The entry point for spark-submit: `spark-submit replay/spark/submit.py --old ... --new ... --carts ... --output
...` (docs/replay.md). The job itself is the kassa_replay package beside this file."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

from kassa_replay.job import main  # noqa: E402

sys.exit(main())
