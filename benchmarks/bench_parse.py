"""Time `comments parse DUMP -o out.parquet` and report comments/s and peak RSS.
Usage: python benchmarks/bench_parse.py DUMP.jsonl"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time


def main(dump: str) -> None:
    lines = sum(1 for _ in open(dump, encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.parquet")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "comments", "parse", dump, "-o", out, "-q"], check=True)
        seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{lines} comments in {seconds:.1f} s = {lines / seconds:,.0f} comments/s; peak RSS {peak_kb / 1024:,.0f} MB")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "comments", "--help"], check=True, stdout=subprocess.DEVNULL)
    print(f"comments --help: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1])
