"""Time `comments report all DUMP --out DIR`: wall time, CPU seconds of every process,
peak RSS of the largest process and peak summed PSS of the whole process tree.

Usage: python benchmarks/bench_report.py DUMP.jsonl [BASELINE_SRC] [--jobs N[,M…]]

Each run is a fresh process (``-j N`` for each N given; default 1 and 2). With
BASELINE_SRC (the ``src`` folder of another checkout, e.g. from
``git archive main src | tar -x -C /tmp/main``), the same dump is reported by that
code too, in the same run, so the figures are comparable on a noisy machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time


def _tree_rss(pid: int) -> int:
    """Bytes resident in ``pid`` and all its descendants now (0 once it is gone): their
    proportional set sizes where the system gives them (forked workers share pages with
    their parent, which plain RSS would count once per process), else their RSS."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += getattr(p.memory_full_info(), "pss", 0) or p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(dump: str, src: str | None = None, extra: tuple[str, ...] = ("-j", "1"),
            cpu: bool = False) -> tuple[float, ...]:
    """(seconds, peak RSS of the largest process in MB) of one `report all` in a fresh
    process (``extra``: more options; with ``--engine dask``, the peak of the largest
    process, driver or worker); ``cpu``: and its CPU seconds over all its processes
    (user + system: on a loaded machine, the steadier figure) and the peak of the summed
    PSS of its process tree (sampled every 0.2 s, in MB)."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    code = ("import resource, subprocess, sys, time\n"
            "start = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True)\n"
            "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(time.perf_counter() - start, use.ru_maxrss, use.ru_utime + use.ru_stime)\n")
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.Popen([sys.executable, "-c", code, sys.executable, "-m", "comments", "report", "all", dump,
                                 "--out", out, "-q", *extra], env=env, stdout=subprocess.PIPE, text=True)
        peak_sum = [0]

        def sample() -> None:
            while proc.poll() is None:
                peak_sum[0] = max(peak_sum[0], _tree_rss(proc.pid))
                time.sleep(0.2)

        watcher = threading.Thread(target=sample, daemon=True)
        watcher.start()
        stdout, _ = proc.communicate()
        watcher.join()
        if proc.returncode:
            raise SystemExit(f"report all failed (exit {proc.returncode})")
    seconds, peak, used = stdout.split()
    return (float(seconds), int(peak) / 1024) + ((float(used), peak_sum[0] / 2**20) if cpu else ())


def main(argv: list[str]) -> None:
    jobs = ["1", "2"]
    if "--jobs" in argv:
        at = argv.index("--jobs")
        jobs = argv[at + 1].split(",")
        argv = argv[:at] + argv[at + 2:]
    dump, baseline = argv[0], (argv[1] if len(argv) > 1 else None)
    runs = [("this checkout", None)] + ([("baseline " + baseline, baseline)] if baseline else [])
    for n in jobs:
        for name, src in runs:
            seconds, peak, used, total = measure(dump, src, ("-j", n), cpu=True)
            print(f"report all -j {n} ({name}): {seconds:.0f} s ({used:.0f} s CPU), peak RSS {peak:,.0f} MB "
                  f"(largest process), {total:,.0f} MB (process tree)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
