"""CPU seconds and peak RSS of `comments compare --by thread` on threads of many words: T
threads of 10 comments of 30 words each from a vocabulary of 20,736 made-up words (the
distinguishing words used to cost threads × vocabulary: linear21 measured 8.4 s and 550 MB
for 50 threads, 45.6 s and 1.6 GB for 200). Each size (T and 4T, default 50 and 200) runs
as a fresh process; with BASELINE_SRC (another checkout's ``src``) the same files are
compared by that code too, in the same run, so the ratios are comparable on a noisy machine.
A CSV of real comments can be given instead of generated threads (``--file F``, several times).

``--differing 2000,4000,…``: threads that really differ (review21b #2: each 200 words of a
2,000-word common vocabulary and 5 words of its own used 40 times, so every thread has words
that pass and many p-values are near rejection), timed in the distinguishing-words step alone
(CPU seconds of the log-odds tests, of ``words_testable`` and of the passing words, each size
in a fresh process per checkout) with the ratio per doubling of the groups: the step must be
linear in the groups (``words_testable`` was ×4 per doubling: 24 s at 16,000 threads).

Usage: python benchmarks/bench_compare.py [T] [BASELINE_SRC] [--file CSV …]
       python benchmarks/bench_compare.py --differing 2000,4000,8000,16000 [BASELINE_SRC]
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path


def make_threads(path: Path, threads: int, per: int = 10, words: int = 30, seed: int = 1) -> None:
    """``threads`` threads of ``per`` top-level comments of ``words`` made-up words (12 syllables⁴)."""
    rng = random.Random(seed)
    syllables = "ka lo mi ne ru sa ti ve bo de fu ga".split()
    with path.open("w", encoding="utf-8") as out:
        for t in range(threads):
            for i in range(per):
                text = " ".join("".join(rng.choice(syllables) for _ in range(4)) for _ in range(words))
                out.write(json.dumps({"thread_id": f"t{t}", "id": f"{t}_{i}", "parent_id": None,
                                      "author": f"U{rng.randrange(40)}", "text": text}) + "\n")


def run(src: str, path: Path, out: Path) -> tuple[float, int]:
    """(CPU seconds, peak RSS in MB) of one `compare --by thread` of ``path`` with ``src``'s code."""
    env = {**os.environ, "PYTHONPATH": src}
    child = subprocess.Popen([sys.executable, "-m", "comments", "compare", str(path), "--by", "thread", "-o", str(out)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)  # this child's own usage (RUSAGE_CHILDREN keeps the largest so far)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"compare of {path} failed with {child.returncode}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


#: run in a fresh process with a checkout's ``src`` first on the path: prints the three steps' CPU seconds
WORDS_STEP = """
import random, sys, time
from collections import Counter
from comments.analyses import compare
rng = random.Random(1)
common = [f"c{i}" for i in range(2000)]
bags = []
for t in range(int(sys.argv[1])):
    bag = Counter(rng.choices(common, k=200))
    for j in range(5):
        bag[f"p{t}_{j}"] += 40
    bags.append((f"s{t}", f"s{t}/t", bag))
start = time.process_time()
groups, total = compare._weighted(bags, "thread")
tests = compare._log_odds_tests(groups, total)
scored = time.process_time()
testable = compare._testable(groups, total, tests)
checked = time.process_time()
passing = tests.passing()
done = time.process_time()
assert all(testable.values()) and sum(map(len, passing.values())) >= 5 * len(groups)
print(scored - start, checked - scored, done - checked)
"""


def words_step(sizes: list[int], sources: list[tuple[str, str]]) -> None:
    """The distinguishing-words step on ``--differing`` threads, per size and checkout, with
    each step's CPU ratio to the size before (a doubling of the groups: 2 is linear)."""
    before: dict[str, list[float]] = {}
    print("threads\tcode\ttests s\twords_testable s\tpassing s\t(ratio to the size before)")
    for size in sizes:
        for name, src in sources:
            env = {**os.environ, "PYTHONPATH": src}
            got = subprocess.run([sys.executable, "-c", WORDS_STEP, str(size)], env=env, check=True,
                                 capture_output=True, text=True).stdout.split()
            cpu = [float(x) for x in got]
            ratios = "/".join(f"{a / b:.2f}" for a, b in zip(cpu, before[name])) if name in before else "–"
            before[name] = cpu
            print(f"{size}\t{name}\t" + "\t".join(f"{x:.2f}" for x in cpu) + f"\t({ratios})", flush=True)


def main(argv: list[str]) -> None:
    if "--differing" in argv:
        at = argv.index("--differing")
        rest = argv[:at] + argv[at + 2:]
        here = str(Path(__file__).resolve().parent.parent / "src")
        words_step([int(x) for x in argv[at + 1].split(",")],
                   [("this", here)] + ([("baseline", rest[0])] if rest else []))
        return
    files = [Path(argv[i + 1]) for i, a in enumerate(argv) if a == "--file"]
    rest = [a for i, a in enumerate(argv) if a != "--file" and (i == 0 or argv[i - 1] != "--file")]
    threads = int(rest[0]) if rest else 50
    baseline = rest[1] if len(rest) > 1 else None
    here = str(Path(__file__).resolve().parent.parent / "src")
    with tempfile.TemporaryDirectory() as tmp:
        if not files:
            for t in (threads, 4 * threads):
                make_threads(Path(tmp) / f"threads{t}.jsonl", t)
                files.append(Path(tmp) / f"threads{t}.jsonl")
        for path in files:
            for name, src in (("this", here), ("baseline", baseline)):
                if src:
                    cpu, rss = run(src, path, Path(tmp) / f"out-{name}")
                    print(f"{path.name}\t{name}\t{cpu:.2f} s CPU\tpeak RSS ≤ {rss} MB", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
