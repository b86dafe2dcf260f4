"""Where the wall time of `comments report all` goes, per phase and per process.

Usage: python benchmarks/trace_report.py DUMP.jsonl OUT_DIR [-j N]

Runs the report in this process with timers around its phases (each range a worker reads
and analyses, the parent taking its results, combining, each section, each chart or table
written and by which process, index.html) and prints them in start order with their wall
clock (seconds from the start) and CPU seconds, then each process's CPU seconds and how
long the run had fewer phases at work than jobs (an idle core on a machine of N cores; the
time before the first phase, imports and start-up, counts as idle).
The timers cost a few milliseconds per range and per file; nothing else changes.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import time
from collections import defaultdict


def _wrap(log: int, t0: float, owner, name: str, label: str) -> None:
    """Replace ``owner.name`` by a function that logs each call: pid, label, wall start/end, CPU
    (nothing when the code has no such function: phases of other versions are listed too)."""
    f = getattr(owner, name, None)
    if f is None:
        return

    @functools.wraps(f)
    def timed(*args, **kwargs):
        start, cpu = time.time(), time.process_time()
        try:
            return f(*args, **kwargs)
        finally:
            os.write(log, f"{os.getpid()}\t{label}\t{start - t0:.3f}\t{time.time() - t0:.3f}\t"
                          f"{time.process_time() - cpu:.3f}\n".encode())

    setattr(owner, name, timed)


def _instrument(log: int, t0: float) -> None:
    import comments.analyses.analysis as an
    import comments.analyses.parallel as par
    import comments.reporting.charts_workers as cw
    import comments.reporting.html_report as hr
    import comments.reporting.report as rep

    for owner, name, label in [(par, "_read_range", "range (worker)"), (par.Partials, "_warm", "warm-up sample"),
                               (par.Partials, "_take_range", "take range"), (an.Accumulator, "finish", "combine"),
                               (an.Analysis, "settle", "comparison taken in"), (rep, "write_report", "write_report"),
                               (rep.Report, "topics_report", "section topics"),
                               (rep.Report, "depth_report", "section depth"),
                               (rep.Report, "drift_report", "section drift"),
                               (rep.Report, "compare_report", "section compare"), (hr, "prepare", "index prepare"),
                               (hr, "write_index", "index.html")]:
        _wrap(log, t0, owner, name, label)
    add = cw.Writers.add

    def logged_add(self, work, paths, *rest):
        name = os.path.basename(str(paths[0])) if paths else "?"

        def job() -> None:
            start, cpu = time.time(), time.process_time()
            try:
                work()
            finally:
                os.write(log, f"{os.getpid()}\tjob {name}\t{start - t0:.3f}\t{time.time() - t0:.3f}\t"
                              f"{time.process_time() - cpu:.3f}\n".encode())
        return add(self, job, paths, *rest)

    cw.Writers.add = logged_add


def _busy(spans: list[tuple[float, float]], jobs: int, end: float) -> float:
    """Seconds of [0, end] during which fewer than ``jobs`` of the spans overlap."""
    edges = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    short, level, last = 0.0, 0, 0.0
    for at, step in edges:
        if level < jobs:
            short += at - last
        level, last = level + step, at
    return short + max(0.0, end - last)


def main(argv: list[str]) -> None:
    dump, out = argv[0], argv[1]
    jobs = int(argv[argv.index("-j") + 1]) if "-j" in argv else 2
    fd, path = tempfile.mkstemp(suffix=".log")
    t0 = time.time()
    _instrument(fd, t0)
    from comments.cli import main as cli

    sys.argv = ["comments", "report", "all", dump, "--out", out, "-q", "-j", str(jobs)]
    try:
        cli()
    except SystemExit as done:
        if done.code:
            raise
    end = time.time() - t0
    os.close(fd)
    rows = [line.split("\t") for line in open(path, encoding="utf-8").read().splitlines()]
    os.unlink(path)
    rows.sort(key=lambda r: float(r[2]))
    parent = os.getpid()
    cpu: dict[str, float] = defaultdict(float)
    spans: list[tuple[float, float]] = []
    print(f"{'process':>8} {'phase':<34} {'from':>8} {'to':>8} {'CPU':>7}")
    for pid, label, start, stop, used in rows:
        who = "parent" if int(pid) == parent else pid
        print(f"{who:>8} {label:<34} {float(start):8.2f} {float(stop):8.2f} {float(used):7.2f}")
        if label in ("write_report", "comparison taken in"):  # (they hold other phases)
            continue
        spans.append((float(start), float(stop)))
        kind = "ranges" if label.startswith("range") else "files" if label.startswith("job") else "other"
        cpu[f"{kind} ({'parent' if who == 'parent' else 'children'})"] += float(used)
    print(f"wall {end:.1f} s; CPU seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(cpu.items())))
    print(f"seconds with fewer than {jobs} phases at work (an idle core on {jobs} cores): {_busy(spans, jobs, end):.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
