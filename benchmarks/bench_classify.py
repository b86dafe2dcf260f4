"""Classification speed (topics, tone and polarity) in comments/s.

    python benchmarks/bench_classify.py DUMP.jsonl [N]                 # a dump, 1 and all cores
    python benchmarks/bench_classify.py --real [N] [--baseline SRC]    # real comments, 1 core
    python benchmarks/bench_classify.py --check SRC                    # same output as SRC's?
    python benchmarks/bench_classify.py --jobs DUMP [N] [--baseline SRC]  # end to end, -j 1 and all cores

``--real`` classifies N comments made of our labelled corpus's real texts (a few
sentences each, re-created by benchmarks/labelled_corpus.py from ../shared/corpora/),
in threads of 40; ``--baseline SRC`` first times another checkout's package (e.g.
``../main/src``) on the same comments in a subprocess, so both figures come from the
same run. ``--jobs DUMP`` times ``comments classify`` end to end (read, classify, write
JSON Lines) on the first N comments of a dump (default 200,000), with ``-j 1`` and with
the default (all cores), for ``--baseline SRC``'s package and then this checkout's, in
one run: wall time and the CPU time of the command and its workers. ``--check SRC`` runs benchmarks/check_classify.py: the same inputs through
SRC's classify and this checkout's, every output field compared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bench_dump(dump: str, n: int) -> None:
    from comments.classification.classify import classify
    from comments.io.pipeline import read_inputs

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


def _classify_api():
    """``classify`` and the record classes of whichever layout is importable: this
    package's rooms, or the flat layout of releases before the restructuring (so a
    baseline checkout such as commit 6aad5e3 can be timed by the same code)."""
    try:
        from comments.classification.classify import classify
        from comments.model.records import Comment, ParsedThread, Thread
    except ImportError:
        from comments.classify import classify  # type: ignore[no-redef]
        from comments.model import Comment, ParsedThread, Thread  # type: ignore[no-redef]
    return classify, Comment, ParsedThread, Thread


def time_texts(path: str) -> tuple[float, float]:
    """comments/s of classify on the texts in ``path`` (one JSON string per line): by CPU
    time of this process and by wall time."""
    classify, Comment, ParsedThread, Thread = _classify_api()

    texts = [json.loads(line) for line in open(path, encoding="utf-8")]
    threads = [ParsedThread(Thread(thread_id=f"t{i}"), [Comment(id=str(j), text=t) for j, t in
                                                       enumerate(texts[i:i + 40])]) for i in range(0, len(texts), 40)]
    warm = [ParsedThread(Thread(thread_id="w"), [Comment(id=str(j), text=t) for j, t in enumerate(texts[:200])])]
    classify(warm)  # imports and model loading (each language's lexicons) are not timed
    start, cpu = time.perf_counter(), time.process_time()
    classify(threads)
    return len(texts) / (time.process_time() - cpu), len(texts) / (time.perf_counter() - start)


def bench_real(n: int, baseline: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "labelled_corpus.py"), "texts", str(corpus)],
                       check=True, stdout=subprocess.DEVNULL)
        real = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
        real = [t for t in real if t.strip()]
        texts = Path(tmp) / "texts.jsonl"
        texts.write_text("".join(json.dumps(real[i % len(real)]) + "\n" for i in range(n)), encoding="utf-8")
        mean = sum(len(real[i % len(real)]) for i in range(n)) / n
        print(f"{n} real comments (mean {mean:.0f} characters), one process")
        if baseline:
            env = dict(os.environ, PYTHONPATH=str(Path(baseline).resolve()))
            out = subprocess.run([sys.executable, __file__, "--time", str(texts)], env=env, check=True,
                                 capture_output=True, text=True).stdout.split()
            base_cpu, base_wall = float(out[0]), float(out[1])
            print(f"  baseline ({baseline}): {base_cpu:,.0f} comments/s CPU, {base_wall:,.0f} wall")
        cpu, wall = time_texts(str(texts))
        print(f"  this checkout: {cpu:,.0f} comments/s CPU, {wall:,.0f} wall")
        if baseline:
            print(f"  ratio: {cpu / base_cpu:.2f}x CPU, {wall / base_wall:.2f}x wall")


def _cli_seconds(src: Path, head: str, out: str, jobs: int) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``comments classify`` run of ``src``'s package (CPU: the
    command's and its worker processes', as the operating system counts them)."""
    import resource

    env = dict(os.environ, PYTHONPATH=str(src.resolve()))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "comments", "classify", head, "-o", out, "-q", "-j", str(jobs)],
                   env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_jobs(dump: str, n: int, baseline: str | None) -> None:
    """The ``--jobs`` table (see the module docstring)."""
    cores = os.cpu_count() or 1
    sides = ([("baseline " + baseline, Path(baseline))] if baseline else []) + [("this checkout", ROOT / "src")]
    with tempfile.TemporaryDirectory() as tmp:
        head, out = str(Path(tmp) / "head.jsonl"), str(Path(tmp) / "out.jsonl")
        with open(dump, encoding="utf-8") as src, open(head, "w", encoding="utf-8") as dst:
            dst.writelines(islice(src, n))
        print(f"comments classify on {n:,} lines of {dump} ({cores} cores), read + classify + write")
        print("| code | -j | wall s | CPU s | comments/s (wall) |")
        print("|---|---|---|---|---|")
        for name, src_dir in sides:
            for jobs in dict.fromkeys((1, cores)):
                wall, cpu = _cli_seconds(src_dir, head, out, jobs)
                print(f"| {name} | {jobs} | {wall:.1f} | {cpu:.1f} | {n / wall:,.0f} |", flush=True)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--check"]:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from check_classify import main as check_main

        sys.exit(check_main(argv[1:]))
    if argv[:1] == ["--time"]:
        print(*time_texts(argv[1]))
    elif argv[:1] in (["--jobs"], ["--real"]):
        rest = argv[1:]
        baseline = None
        if "--baseline" in rest:
            i = rest.index("--baseline")
            baseline = rest[i + 1]
            del rest[i:i + 2]
        if argv[0] == "--jobs":
            bench_jobs(rest[0], int(rest[1]) if len(rest) > 1 else 200_000, baseline)
        else:
            bench_real(int(rest[0]) if rest else 20_000, baseline)
    else:
        bench_dump(argv[0], int(argv[1]) if len(argv) > 1 else 200_000)


if __name__ == "__main__":
    main(sys.argv[1:])
