"""Time `comments report all DUMP --out DIR` and report wall time and peak RSS.
Usage: python benchmarks/bench_report.py DUMP.jsonl"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time


def main(dump: str) -> None:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "comments", "report", "all", dump, "--out", out, "-q"], check=True)
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"report all: {seconds:.0f} s, peak RSS {peak:,.0f} MB (largest process)")


if __name__ == "__main__":
    main(sys.argv[1])
