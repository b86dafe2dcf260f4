"""The Dask engine against the local engine on a synthetic dump in several .zst files.

Usage: python benchmarks/bench_dask.py [N] [FILES]   (default 200,000 comments; FILES
default: one per 62,500 comments, at least 2, so a file — a read task — stays the same size
as N grows)

The rows of ``make_dump.py N`` (one to five sentences each) go to FILES zstd files in
blocks of 1,000 lines, round robin, so threads are spread over files (as a thread is over Reddit's monthly dumps).
``comments parse DIR -o out.parquet`` runs with the local engine and with ``--engine
dask`` on a LocalCluster of 1 and of 2 workers; printed: comments/s and the peak RSS of
the largest process of the run (driver or worker: with Dask, a worker holds one bucket
of about 64 MB of input at a time, so this follows the bucket size, not the corpus).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import zstandard

sys.path.insert(0, str(Path(__file__).parent))
from bench_parse import measure  # noqa: E402
from make_dump import main as make_dump  # noqa: E402


def split_dump(dump: str, folder: str, files: int) -> None:
    outs = [zstandard.ZstdCompressor(level=3).stream_writer(open(f"{folder}/RC_2021-{k + 1:02d}.jsonl.zst", "wb"))
            for k in range(files)]
    with open(dump, "rb") as rows:
        for i, line in enumerate(rows):
            outs[(i // 1000) % files].write(line)
    for out in outs:
        out.close()


def main(n: int = 200_000, files: int = 0) -> None:
    files = files or max(2, n // 62_500)
    print(f"{n:,} comments in {files} .zst files")
    with tempfile.TemporaryDirectory() as tmp:
        dump, folder = os.path.join(tmp, "dump.jsonl"), os.path.join(tmp, "in")
        os.mkdir(folder)
        make_dump(n, dump)
        split_dump(dump, folder, files)
        parse = [sys.executable, "-m", "comments", "parse", folder, "-q", "-o"]
        for i, (label, extra) in enumerate((("local engine", []), ("dask, 1 worker", ["--engine", "dask", "-j", "1"]),
                                            ("dask, 2 workers", ["--engine", "dask", "-j", "2"]))):
            seconds, mb = measure(*parse, os.path.join(tmp, f"out-{i}.parquet"), *extra)
            print(f"{label:<18}{n / seconds:>10,.0f} comments/s {mb:>8,.0f} MB peak (largest process)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
