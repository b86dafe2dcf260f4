"""The Dask engine against the local engine on a synthetic Reddit dump in several .zst files.

Usage: python benchmarks/bench_dask.py N [FILES] [--partition MB] [--block MB] [--report]

The rows of ``make_dump.py N`` (one to five sentences each) become Pushshift comment
NDJSON (``RC_`` files, as Reddit's monthly dumps) in FILES zstd files (default: one per
250,000 comments, at least 2) in blocks of 1,000 lines, round robin, so threads are
spread over files. Timed, each in its own process, on the same files in the same run:

- ``comments parse DIR -o out.parquet`` with the local engine (peak RSS of its largest
  process);
- the same through the Python API on Dask, ``comments.read(DIR, engine="dask",
  partition_size=…, block_size=…).write("out.parquet")``, on a LocalCluster of 1 and of
  2 single-threaded workers: the driver's peak RSS and each worker's (read from the
  workers after the run), so memory per worker is seen directly;
- with ``--report``, ``comments report all`` (local) against ``comments.analyse`` on Dask.

Run it at two sizes with the same ``--partition`` and ``--block``: a worker holds one
block of a file and one bucket, so its peak stays put while the corpus grows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import zstandard

sys.path.insert(0, str(Path(__file__).parent))
from bench_parse import measure, reddit_dump  # noqa: E402
from make_dump import main as make_dump  # noqa: E402

DASK = """
import json, resource, sys, time
from distributed import Client, LocalCluster
import comments

folder, out, workers, partition, block, what = sys.argv[1:7]
with LocalCluster(n_workers=int(workers), threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \\
        Client(cluster) as client:
    start = time.perf_counter()
    corpus = comments.read(folder, engine="dask", scheduler=cluster.scheduler_address,
                           partition_size=int(partition), block_size=int(block))
    if what == "parse":
        corpus.write(out)
    else:
        comments.write_report(comments.analyse(corpus), out)
    seconds = time.perf_counter() - start
    peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    assert not corpus.problems, corpus.problems
print(json.dumps({"seconds": seconds, "driver": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "workers": sorted(v / 1024 for v in peaks.values()), "summary": corpus.summary()}))
"""


def split_dump(rows: str, folder: str, files: int, cap: int = 0) -> int:
    """``rows`` (NDJSON) round robin into ``files`` zstd files, 1,000 lines at a time;
    the largest thread's comments (a thread is held whole by one worker: with a heavy
    tail of thread sizes it, not the partition, can set a worker's peak). ``cap``: threads
    cut into threads of at most this many comments (replies across a cut become orphans)."""
    outs = [zstandard.ZstdCompressor(level=3).stream_writer(open(f"{folder}/RC_2021-{k + 1:02d}.zst", "wb"))
            for k in range(files)]
    sizes: Counter = Counter()
    with open(rows, "rb") as lines:
        for i, line in enumerate(lines):
            if cap:
                row = json.loads(line)
                part = f"{row['link_id']}-{sizes[row['link_id']] // cap}"
                sizes[row["link_id"]] += 1
                row["link_id"] = part
                line = (json.dumps(row, ensure_ascii=False) + "\n").encode()
            else:
                sizes[json.loads(line)["link_id"]] += 1
            outs[(i // 1000) % files].write(line)
    for out in outs:
        out.close()
    biggest = max(sizes.values(), default=0)
    return min(biggest, cap) if cap else biggest


def on_dask(folder: str, out: str, workers: int, partition: int, block: int, what: str) -> dict:
    done = subprocess.run([sys.executable, "-c", DASK, folder, out, str(workers), str(partition), str(block), what],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("files", type=int, nargs="?", default=0)
    parser.add_argument("--partition", type=float, default=64, help="MB of (compressed) input per bucket")
    parser.add_argument("--block", type=float, default=32, help="MB of decompressed lines read at a time")
    parser.add_argument("--report", action="store_true", help="also time report all / analyse")
    parser.add_argument("--workers", default="1,2", help="Dask runs: local clusters of these many workers")
    parser.add_argument("--max-thread", type=int, default=0, help="cut threads into threads of at most this many")
    parser.add_argument("--no-local", action="store_true", help="skip the local engine (memory runs)")
    args = parser.parse_args()
    n, files = args.n, args.files or max(2, args.n // 250_000)
    partition, block = int(args.partition * (1 << 20)), int(args.block * (1 << 20))
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        dump, rows, folder = (os.path.join(tmp, name) for name in ("dump.jsonl", "reddit.jsonl", "in"))
        os.mkdir(folder)
        make_dump(n, dump)
        reddit_dump(dump, rows)
        os.remove(dump)
        biggest = split_dump(rows, folder, files, args.max_thread)
        os.remove(rows)
        size = sum(p.stat().st_size for p in Path(folder).iterdir()) / (1 << 20)
        print(f"{n:,} comments in {files} .zst files ({size:,.0f} MB; largest thread {biggest:,} comments, a "
              f"partition about {n * args.partition / size:,.0f}); partition {args.partition:g} MB, "
              f"block {args.block:g} MB", flush=True)
        for what in ("parse", "report") if args.report else ("parse",):
            if what == "parse":
                local = [sys.executable, "-m", "comments", "parse", folder, "-q", "-o", f"{tmp}/local.parquet"]
            else:
                local = [sys.executable, "-m", "comments", "report", "all", folder, "-q", "-j", "1",
                         "--out", f"{tmp}/local-report"]
            if not args.no_local:
                seconds, mb = measure(*local)
                print(f"{what:<7}local engine     {seconds:>8.1f} s {n / seconds:>9,.0f} comments/s "
                      f"{mb:>7,.0f} MB peak (largest process)", flush=True)
            for workers in (int(w) for w in args.workers.split(",")):
                out = f"{tmp}/dask{workers}." + ("parquet" if what == "parse" else "report")
                got = on_dask(folder, out, workers, partition, block, what)
                per = ", ".join(f"{w:,.0f}" for w in got["workers"])
                print(f"{what:<7}dask, {workers} worker{'s' if workers > 1 else ' '}  {got['seconds']:>8.1f} s "
                      f"{n / got['seconds']:>9,.0f} comments/s {got['driver']:>7,.0f} MB driver, "
                      f"workers {per} MB peak", flush=True)
            time.sleep(1)


if __name__ == "__main__":
    main()
