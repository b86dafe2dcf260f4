"""Time `comments report all DUMP --out DIR` and report wall time and peak RSS.

Usage: python benchmarks/bench_report.py DUMP.jsonl [BASELINE_SRC]

With BASELINE_SRC (the ``src`` folder of another checkout, e.g. from
``git archive main src | tar -x -C /tmp/main``), the same dump is reported by that
code too, in the same run, so the two figures are comparable on a noisy machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile


def measure(dump: str, src: str | None = None, extra: tuple[str, ...] = ("-j", "1")) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `report all` in a fresh process (``extra``: more
    options; with ``--engine dask``, the peak of the largest process, driver or worker)."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    code = ("import resource, subprocess, sys, time\n"
            "start = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True)\n"
            "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "comments", "report", "all", dump,
                               "--out", out, "-q", *extra], env=env, check=True, capture_output=True, text=True)
    seconds, peak = done.stdout.split()
    return float(seconds), int(peak) / 1024


def main(dump: str, baseline: str | None = None) -> None:
    runs = [("this checkout", None)] + ([("baseline " + baseline, baseline)] if baseline else [])
    for name, src in runs:
        seconds, peak = measure(dump, src)
        print(f"report all ({name}): {seconds:.0f} s, peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main(*sys.argv[1:3])
