"""The Dask engine against the local engine on a synthetic dump in several .zst files.

Usage: python benchmarks/bench_dask.py N [FILES] [--partition MB] [--block MB] [--report]
       [--workers 1,2] [--no-local] [--local-limit GB] [--max-thread K] [--generic] [--dir DIR]
       [--results FILE]

The rows of ``make_dump.py N`` (one to five sentences each) become Pushshift comment
NDJSON (``RC_`` files, as Reddit's monthly dumps; ``--generic``: the generic JSONL rows
themselves) in FILES zstd files (default: one per 250,000 comments, at least 2) in blocks
of 1,000 lines, round robin, so threads are spread over files. Timed, each in its own
process, on the same files in the same run:

- ``comments parse DIR -o out.parquet`` with the local engine (peak RSS of its largest
  process; ``--local-limit GB`` caps its address space with ``prlimit --as``, so at a size
  whose peak would exhaust the machine it fails cleanly and is recorded as failed);
- the same through the Python API on Dask, ``comments.read(DIR, engine="dask",
  partition_size=…, block_size=…).write("out.parquet")``, on a LocalCluster of 1 and of
  2 single-threaded workers: the driver's peak RSS and each worker's (read from the
  workers after the run), so memory per worker is seen directly, and their CPU seconds;
  the Dask runs go first (the local engine is the one most likely to fail at 10M);
- with ``--report``, ``comments report all`` (local) against ``comments.analyse`` on Dask.

Run it at two sizes with the same ``--partition`` and ``--block``: a worker holds one
block of a file and one bucket, so its peak stays put while the corpus grows.

Unattended runs (the 10M one takes hours): ``--dir DIR`` keeps the dump in ``DIR`` (each
step — rows, then the .zst files — is written under a temporary name and renamed when
complete, so an interrupted run starts again at the step it was in, and a finished dump
is reused), and ``--results FILE`` appends one JSON line per timed run (with the load
average around it; a run that fails, e.g. killed when out of memory, is recorded as failed
and the next one goes on); runs already in FILE are skipped, so the same command resumes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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
    usage = client.run(lambda: tuple(resource.getrusage(resource.RUSAGE_SELF)[:3]))
    assert not corpus.problems, corpus.problems
own = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "driver": own.ru_maxrss / 1024, "driver_cpu": own.ru_utime + own.ru_stime,
                  "workers": sorted(u[2] / 1024 for u in usage.values()),
                  "workers_cpu": sorted(u[0] + u[1] for u in usage.values()), "summary": corpus.summary()}))
"""


def split_dump(rows: str, folder: str, files: int, cap: int = 0, generic: bool = False) -> int:
    """``rows`` (NDJSON) round robin into ``files`` zstd files, 1,000 lines at a time;
    the largest thread's comments (a thread is held whole by one worker: with a heavy
    tail of thread sizes it, not the partition, can set a worker's peak). ``cap``: threads
    cut into threads of at most this many comments (replies across a cut become orphans)."""
    thread = "thread_id" if generic else "link_id"
    prefix = "dump" if generic else "RC"
    outs = [zstandard.ZstdCompressor(level=3).stream_writer(open(f"{folder}/{prefix}_2021-{k + 1:02d}.zst", "wb"))
            for k in range(files)]
    sizes: Counter = Counter()
    with open(rows, "rb") as lines:
        for i, line in enumerate(lines):
            if cap:
                row = json.loads(line)
                part = f"{row[thread]}-{sizes[row[thread]] // cap}"
                sizes[row[thread]] += 1
                row[thread] = part
                line = (json.dumps(row, ensure_ascii=False) + "\n").encode()
            else:
                sizes[json.loads(line)[thread]] += 1
            outs[(i // 1000) % files].write(line)
    for out in outs:
        out.close()
    biggest = max(sizes.values(), default=0)
    return min(biggest, cap) if cap else biggest


def prepare(base: Path, n: int, files: int, cap: int, generic: bool) -> tuple[Path, int]:
    """The dump's folder of .zst files under ``base`` (made unless a finished one is
    there) and its largest thread. Each step writes under a temporary name and renames."""
    name = f"{'generic' if generic else 'reddit'}-{n}-{files}-cap{cap}"
    folder, done = base / name, base / f"{name}.json"
    if done.is_file() and folder.is_dir():
        return folder, json.loads(done.read_text())["largest_thread"]
    rows = base / f"rows-{'generic' if generic else 'reddit'}-{n}.jsonl"
    if not rows.is_file():
        partial = base / f"{rows.name}.partial"
        make_dump(n, str(partial))
        if not generic:
            reddit = base / f"{rows.name}.reddit.partial"
            reddit_dump(str(partial), str(reddit))
            os.replace(reddit, partial)
        os.replace(partial, rows)
    partial_folder = base / f"{name}.partial"
    shutil.rmtree(partial_folder, ignore_errors=True)
    partial_folder.mkdir()
    biggest = split_dump(str(rows), str(partial_folder), files, cap, generic)
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(partial_folder, folder)
    done.write_text(json.dumps({"largest_thread": biggest}))
    return folder, biggest


def on_dask(folder: str, out: str, workers: int, partition: int, block: int, what: str) -> dict:
    done = subprocess.run(["nice", sys.executable, "-c", DASK, folder, out, str(workers), str(partition), str(block),
                           what], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


class Results:
    """The figures of each run, appended to a JSON Lines file (when given); a run whose
    key is already there is not run again."""

    def __init__(self, path: str | None, setup: dict) -> None:
        self.path, self.setup = path, setup
        self.done: dict[str, dict] = {}
        if path and Path(path).is_file():
            for line in Path(path).read_text().splitlines():
                row = json.loads(line)
                self.done[self.key(row)] = row

    def key(self, row: dict) -> str:
        return json.dumps([row.get(k) for k in (*self.setup, "what", "engine", "workers")])

    def get(self, what: str, engine: str, workers: int) -> dict | None:
        return self.done.get(self.key({**self.setup, "what": what, "engine": engine, "workers": workers}))

    def add(self, row: dict) -> dict:
        row = {**self.setup, **row, "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        if self.path:
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(row) + "\n")
        return row


def timed(results: Results, what: str, engine: str, workers: int, run) -> tuple[dict, bool]:
    """The figures of one run (from ``results`` when it was run before: True)."""
    known = results.get(what, engine, workers)
    if known is not None:
        return known, True
    load = os.getloadavg()[0]
    try:
        figures = run()
    except subprocess.CalledProcessError as exc:  # e.g. killed when out of memory: noted, and the next run goes on
        lines = (exc.stderr or "").strip().splitlines()
        figures = {"failed": f"exit code {exc.returncode}" + (f": {lines[-1]}" if lines else "")}
    return results.add({"what": what, "engine": engine, "workers": workers, **figures,
                        "load": [round(load, 1), round(os.getloadavg()[0], 1)]}), False


def show(row: dict, again: bool, n: int) -> None:
    if "failed" in row:
        print(f"{row['what']:<7}{row['engine']}, {row['workers']} worker(s): failed ({row['failed']})", flush=True)
        return
    rate = n / row["seconds"]
    cores = row["workers"] or 1
    head = f"{row['what']:<7}" + ("local engine     " if row["engine"] == "local" else
                                  f"dask, {cores} worker{'s' if cores > 1 else ' '}  ")
    if row["engine"] == "local":
        memory = f"{row['peak_mb']:>7,.0f} MB peak (largest process)"
        cpu = row.get("cpu_s")
    else:
        memory = f"{row['driver_mb']:>7,.0f} MB driver, workers {', '.join(f'{w:,.0f}' for w in row['workers_mb'])} MB peak"
        cpu = sum(row["workers_cpu_s"]) + row["driver_cpu_s"] if "workers_cpu_s" in row else None
    cpu_text = f", {cpu:,.0f} CPU s" if cpu is not None else ""
    print(f"{head}{row['seconds']:>8.1f} s{cpu_text} {rate:>9,.0f} comments/s ({rate / cores:,.0f} per core) {memory}; "
          f"load {row['load'][0]:g}→{row['load'][1]:g}{' (from the results file)' if again else ''}", flush=True)


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
    parser.add_argument("--local-limit", type=float, default=0,
                        help="GB of address space for the local engine (prlimit --as): fails cleanly past it")
    parser.add_argument("--generic", action="store_true", help="generic JSONL .zst files, not Reddit NDJSON")
    parser.add_argument("--dir", help="keep (and reuse) the dump in this folder; outputs go to a temporary one")
    parser.add_argument("--results", help="append each run's figures (JSON lines) here; runs already there are skipped")
    args = parser.parse_args()
    n, files = args.n, args.files or max(2, args.n // 250_000)
    partition, block = int(args.partition * (1 << 20)), int(args.block * (1 << 20))
    if args.local_limit and not shutil.which("prlimit"):
        parser.error("--local-limit needs prlimit (util-linux)")
    if args.dir:
        Path(args.dir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP") or args.dir) as tmp:
        base = Path(args.dir) if args.dir else Path(tmp)
        folder, biggest = prepare(base, n, files, args.max_thread, args.generic)
        size = sum(p.stat().st_size for p in folder.iterdir()) / (1 << 20)
        results = Results(args.results, {"n": n, "files": files, "kind": "generic" if args.generic else "reddit",
                                         "partition_mb": args.partition, "block_mb": args.block,
                                         "max_thread": args.max_thread})
        print(f"{n:,} comments in {files} .zst files ({size:,.0f} MB; largest thread {biggest:,} comments, a "
              f"partition about {n * args.partition / size:,.0f}); partition {args.partition:g} MB, "
              f"block {args.block:g} MB", flush=True)
        for what in ("parse", "report") if args.report else ("parse",):
            if what == "parse":
                local = ["nice", sys.executable, "-m", "comments", "parse", str(folder), "-q", "-o",
                         f"{tmp}/local.parquet"]
            else:
                local = ["nice", sys.executable, "-m", "comments", "report", "all", str(folder), "-q", "-j", "1",
                         "--out", f"{tmp}/local-report"]

            if args.local_limit:
                local = ["prlimit", f"--as={int(args.local_limit * (1 << 30))}", *local]

            def run_local(command=local) -> dict:
                seconds, cpu, mb = measure(*command)
                return {"seconds": seconds, "cpu_s": cpu, "peak_mb": mb}

            for workers in (int(w) for w in args.workers.split(",")):
                out = f"{tmp}/dask{workers}." + ("parquet" if what == "parse" else "report")

                def run_dask(workers=workers, out=out) -> dict:
                    got = on_dask(str(folder), out, workers, partition, block, what)
                    return {"seconds": got["seconds"], "driver_mb": got["driver"], "workers_mb": got["workers"],
                            "driver_cpu_s": got["driver_cpu"], "workers_cpu_s": got["workers_cpu"]}

                show(*timed(results, what, "dask", workers, run_dask), n=n)
                shutil.rmtree(out, ignore_errors=True)
            if not args.no_local:
                show(*timed(results, what, "local", 0, run_local), n=n)
            time.sleep(1)


if __name__ == "__main__":
    main()
