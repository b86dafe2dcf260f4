"""`comments parse` on many small inputs: time must grow linearly with the number of files.

Usage: python benchmarks/bench_many_files.py [N ...] [--peer SRC]   (default N = 5000 10000 20000)

Writes N one-comment Staticman YAML files into one page folder (as Staticman stores a page's
comments) and times ``comments parse FOLDER -o OUT.jsonl`` (CPU seconds of the child, user +
system: steadier than wall time on a shared machine). ``--peer SRC`` times the same command
with ``PYTHONPATH=SRC`` too (e.g. main's ``src`` from ``git archive``), in the same run, and
prints our time as a ratio to it. Per-file work quadratic in N (a list of every earlier file
scanned per file) shows as a time per file that grows with N.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path


def make(folder: Path, n: int) -> Path:
    """``n`` Staticman comment files of one page under ``folder``."""
    page = folder / f"st{n}" / "page"
    page.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (page / f"comment-{i}.yml").write_text(
            f"_id: c{i}\n_parent: page\nname: u{i % 50}\nmessage: Kommentar Nummer {i} zum Thema\n"
            f"date: 2021-01-01T10:{i % 60:02d}:00Z\n", encoding="utf-8")
    return page.parent


def cpu(folder: Path, out: Path, src: str | None) -> float:
    """CPU seconds of one ``comments parse`` child (user + system)."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "comments", "parse", str(folder), "-o", str(out)], env=env, check=True,
                   stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str]) -> None:
    peer = None
    if "--peer" in argv:
        at = argv.index("--peer")
        peer = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    sizes = [int(a) for a in argv] or [5000, 10000, 20000]
    print(f"load: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = make(Path(tmp), n)
            ours = cpu(folder, Path(tmp) / "ours.jsonl", None)
            line = f"{n:>7,} files: ours {ours:7.2f} s CPU ({1000 * ours / n:.2f} ms/file)"
            if peer:
                theirs = cpu(folder, Path(tmp) / "peer.jsonl", peer)
                same = (Path(tmp) / "ours.jsonl").read_bytes() == (Path(tmp) / "peer.jsonl").read_bytes()
                line += f"; peer {theirs:7.2f} s ({1000 * theirs / n:.2f} ms/file); ratio {ours / theirs:.2f}; " \
                        f"{'same output' if same else 'OUTPUT DIFFERS'}"
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
