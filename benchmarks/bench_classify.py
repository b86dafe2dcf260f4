"""Classification speed (topics + tone) on a dump: comments/s with 1 and with all
cores. Usage: python benchmarks/bench_classify.py DUMP.jsonl [N]"""

from __future__ import annotations

import os
import sys
import time
from itertools import islice

from comments.classify import classify
from comments.pipeline import read_inputs


def main(dump: str, n: int) -> None:
    head = dump + f".head{n}.jsonl"
    with open(dump, encoding="utf-8") as src, open(head, "w", encoding="utf-8") as dst:
        dst.writelines(islice(src, n))
    try:
        for jobs in (1, os.cpu_count() or 1):
            result = read_inputs([head])
            start = time.perf_counter()
            classify(result.threads, jobs=jobs)
            seconds = time.perf_counter() - start
            count = len(result.comments)
            print(f"jobs={jobs}: {count} comments in {seconds:.1f} s = {count / seconds:,.0f} comments/s")
    finally:
        os.remove(head)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200_000)
