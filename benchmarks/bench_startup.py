"""What every ``comments`` command pays to start: median CPU time (user + system of the
child process) of ``comments --help`` and of ``comments parse`` of a 10-comment dump to
Parquet, and its ratio to ``python -c pass`` (the peer: the interpreter's own start)
measured in the same run, the runs interleaved so that load from other work falls on all
alike. ``--baseline SRC`` also times another checkout's ``src`` folder (PYTHONPATH=SRC,
same interpreter and libraries), e.g. main's code: ``git archive COMMIT src | tar -x -C DIR``.

Usage: python benchmarks/bench_startup.py [--repeat 10] [--baseline DIR/src]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_dump import main as make_dump  # noqa: E402


def cpu_seconds(argv: list[str], env: dict[str, str], cwd: str) -> float:
    """CPU seconds (user + system) of one run of ``argv``; it must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"error: {' '.join(argv)}: exit {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=10, help="runs of each case (medians)")
    ap.add_argument("--baseline", metavar="SRC", help="another checkout's src folder, timed alongside")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_startup_") as tmp:
        make_dump(10, str(Path(tmp) / "small.jsonl"))
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
        codes = {"this checkout": env}
        if args.baseline:
            codes["baseline"] = {**env, "PYTHONPATH": str(Path(args.baseline).resolve())}
        py = sys.executable
        cases = {"--help": [py, "-m", "comments", "--help"],
                 "parse small.jsonl -o out.parquet -q": [py, "-m", "comments", "parse", "small.jsonl", "-o", "out.parquet", "-q"]}
        peer = [py, "-c", "pass"]
        runs = [("python -c pass", None, peer, env)] + [
            (case, code, argv, code_env) for code, code_env in codes.items() for case, argv in cases.items()]
        for _label, _code, argv, run_env in runs:  # warm-up: bytecode caches written, files in the page cache
            cpu_seconds(argv, run_env, tmp)
        times: dict[tuple[str, str | None], list[float]] = {(label, code): [] for label, code, _, _ in runs}
        for _ in range(args.repeat):
            for label, code, argv, run_env in runs:
                times[(label, code)].append(cpu_seconds(argv, run_env, tmp))

    medians = {key: statistics.median(values) for key, values in times.items()}
    base = medians[("python -c pass", None)]
    print(f"{args.repeat} runs of each, interleaved; median CPU (user + system); load {os.getloadavg()[0]:.1f}")
    print()
    print("| command | code | CPU | × `python -c pass` |" + (" × baseline |" if args.baseline else ""))
    print("|---|---|---:|---:|" + ("---:|" if args.baseline else ""))
    print(f"| `python -c pass` | | {base:.3f} s | 1 |" + (" |" if args.baseline else ""))
    for label, code, _, _ in runs[1:]:
        cpu = medians[(label, code)]
        row = f"| `comments {label}` | {code} | {cpu:.3f} s | {cpu / base:.1f} |"
        if args.baseline:
            row += f" {cpu / medians[(label, 'baseline')]:.2f} |"
        print(row)


if __name__ == "__main__":
    main()
