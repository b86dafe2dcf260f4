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


def measure(dump: str, src: str | None = None, extra: tuple[str, ...] = ("-j", "1"),
            cpu: bool = False) -> tuple[float, ...]:
    """(seconds, peak RSS in MB) of one `report all` in a fresh process (``extra``: more
    options; with ``--engine dask``, the peak of the largest process, driver or worker);
    ``cpu``: and its CPU seconds (user + system: on a loaded machine, the steadier figure)."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    code = ("import resource, subprocess, sys, time\n"
            "start = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True)\n"
            "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(time.perf_counter() - start, use.ru_maxrss, use.ru_utime + use.ru_stime)\n")
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "comments", "report", "all", dump,
                               "--out", out, "-q", *extra], env=env, check=True, capture_output=True, text=True)
    seconds, peak, used = done.stdout.split()
    return (float(seconds), int(peak) / 1024) + ((float(used),) if cpu else ())


def main(dump: str, baseline: str | None = None) -> None:
    runs = [("this checkout", None)] + ([("baseline " + baseline, baseline)] if baseline else [])
    for name, src in runs:
        seconds, peak, used = measure(dump, src, cpu=True)
        print(f"report all ({name}): {seconds:.0f} s ({used:.0f} s CPU), peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main(*sys.argv[1:3])
