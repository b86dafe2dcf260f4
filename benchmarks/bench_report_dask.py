"""`report all` with the local engine and with ``--engine dask`` on a LocalCluster of 1
and of 2 workers, on the same dump in the same run (these machines are noisy: compare
the rows with each other, not with another day's).

Usage: python benchmarks/bench_report_dask.py DUMP   (a JSONL file, or a folder of them)

Printed per engine: wall seconds, comments/s and the peak RSS of the largest process of
the run (the driver or one worker: with Dask the driver holds the per-thread partials
and the largest threads, a worker one bucket at a time). Give classified input (the
output of ``comments classify``) to time the reports without classification.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_report import measure  # noqa: E402

ENGINES = (("local engine", ("-j", "1")), ("dask, 1 worker", ("--engine", "dask", "-j", "1")),
           ("dask, 2 workers", ("--engine", "dask", "-j", "2")))


def comments_in(dump: str) -> int:
    """Comment lines of a JSONL dump or folder of dumps (every line not a thread record)."""
    n = 0
    for path in sorted(Path(dump).rglob("*.jsonl")) if Path(dump).is_dir() else [Path(dump)]:
        with path.open("rb") as rows:
            n += sum(1 for line in rows if line.strip() and b'"record": "thread"' not in line)
    return n


def main(dump: str) -> None:
    n = comments_in(dump)
    for label, extra in ENGINES:
        seconds, mb = measure(dump, None, extra)
        print(f"{label:<18}{seconds:>8.0f} s {n / seconds:>10,.0f} comments/s {mb:>8,.0f} MB peak (largest process)",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
