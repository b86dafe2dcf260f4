"""`comments parse` speed and peak memory against peers measured in the same run.

Usage: python benchmarks/bench_parse.py DUMP.jsonl [--no-peers] [--repeat N] [--kinds jsonl,reddit,reddit-zst,split] [--files N]
[--base SRC]
(a dump from make_dump.py; the issue's figures are for ``make_dump.py 1000000``)

For each case (generic JSONL and Reddit comment NDJSON made from the same rows, each →
Parquet, JSONL, CSV) it prints comments/s and peak RSS, and the ratios to the peers, run
on the same rows in the same run (these machines are noisy: the ratios are the figures
that count; ``--no-peers`` measures our cases only, e.g. peak RSS at 1M comments):
- ConvoKit (``pip install --no-deps convokit``, as the README's test command): a Corpus
  built from the same rows (the generic ones, or the Reddit ones as Reddit's fields name
  them) and dumped. It is slow (minutes and ~3 GB at 1M comments), so it runs once per
  input kind, whatever ``--repeat`` says, and that one measurement is the peer of the
  kind's three cases;
- polars (``pip install polars``, benchmark only): reading the same file (the generic
  or the Reddit one) and writing Parquet, the ceiling.

``--files N`` adds a third kind, ``split``: the Reddit rows cut into N consecutive files
(``RC_2021-01`` …, as monthly dumps: threads go on from one file to the next), parsed in
one command (ConvoKit reads the rows of all N; polars reads the N files and writes one
Parquet file).

Each command runs ``--repeat`` times (default 1), a polars run alternating with one run
of each of our three cases of that input kind, and the medians are kept (each run writes
new files: the previous run's outputs are removed before it, outside the measurement);
besides wall time it prints CPU time (user + system, all threads): on a machine shared with other
work the CPU ratio is the steadier one. Our command runs with Python's bytecode cache
on (in a temporary folder, warmed by one run first), as an installed package has it,
also where the environment sets ``PYTHONDONTWRITEBYTECODE`` — the peers' installed
modules have theirs. ``--kinds`` limits the input kinds (``jsonl``, ``reddit``, ``reddit-zst``, ``split``).
``--base SRC`` also runs each of our cases with another source tree of the package (e.g. a
checkout of main's ``src``, on ``PYTHONPATH``) right after ours, and prints our × that ratio.

The Reddit rows are as Pushshift's 2019 comment dumps write them: about 20 fields a row
(score, ups/downs, flair, gilded, permalink, retrieved_on …), not only the 7 a comment
record needs, so the reader pays for parsing what it keeps in ``meta``. ``reddit-zst`` is
the same file zstd-compressed as the dumps are (a 2 GB window, long-distance matching);
the peers read it through ``zstandard`` too.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - start, used.ru_utime + used.ru_stime, used.ru_maxrss)
"""

CONVOKIT = """
import io, json, sys
from convokit import Corpus, Speaker, Utterance
reddit = sys.argv[3] == "reddit"
speakers, utterances = {}, []
if sys.argv[1].endswith(".zst"):
    import zstandard
    raw = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(open(sys.argv[1], "rb"))
    source = io.TextIOWrapper(raw, encoding="utf-8")
else:
    source = open(sys.argv[1], encoding="utf-8")
with source as handle:
    for line in handle:
        r = json.loads(line)
        if reddit:  # Reddit's names, prefixes taken off as our reader does
            parent = r["parent_id"]
            r = {"id": r["id"], "thread_id": r["link_id"][3:], "author": r["author"], "text": r["body"],
                 "parent_id": None if parent.startswith("t3_") else parent[3:], "site": r["subreddit"],
                 "created_at": r["created_utc"]}
        name = r["author"] or "[unknown]"
        speaker = speakers.get(name) or speakers.setdefault(name, Speaker(id=name))
        utterances.append(Utterance(id=r["id"], speaker=speaker, conversation_id=r["thread_id"],
                                    reply_to=r["parent_id"], text=r["text"], timestamp=0,
                                    meta={"site": r["site"], "created_at": r["created_at"]}))
Corpus(utterances=utterances).dump("corpus", base_path=sys.argv[2])
"""

POLARS = """
import io, sys
import polars as pl
def rows(name):
    if not name.endswith(".zst"):
        return pl.read_ndjson(name)
    import zstandard
    with open(name, "rb") as f, zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(f) as raw:
        return pl.read_ndjson(io.BytesIO(raw.read()))
pl.concat([rows(f) for f in sys.argv[1].split(",")]).write_parquet(sys.argv[2])
"""


def measure(*command: str, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one command in its own process."""
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True, capture_output=True, text=True,
                          env=env)
    seconds, cpu, kb = done.stdout.split()
    return float(seconds), float(cpu), int(kb) / 1024


def fresh(*paths: str) -> list[str]:
    """``paths`` with the files a previous run left there (and their ``.threads`` siblings)
    removed first: each run writes new files, as the first one did, and does not pay for
    freeing the last run's (an atomic rename over a 500 MB JSONL file frees its pages in
    the process that renames: 0.42 s of a profiled run at 1M comments)."""
    for path in paths:
        root, ext = os.path.splitext(path)
        for old in (path, f"{root}.threads{ext}"):
            if os.path.exists(old):
                os.unlink(old)
    return list(paths)


def median_of(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Median wall, median CPU and the largest peak RSS of repeated runs."""
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), max(r[2] for r in runs))


def reddit_row(r: dict, n: int) -> dict:
    """Row ``r`` of the dump as a Pushshift 2019 comment writes it (its ~20 fields)."""
    created = 1546300800 + n
    return {"author": r["author"], "author_flair_css_class": None, "author_flair_text": None, "body": r["text"],
            "controversiality": int(n % 50 == 0), "created_utc": created, "distinguished": None,
            "edited": False, "gilded": 0, "id": r["id"], "is_submitter": n % 9 == 0,
            "link_id": "t3_" + r["thread_id"],
            "parent_id": ("t1_" + r["parent_id"]) if r["parent_id"] else "t3_" + r["thread_id"],
            "permalink": f"/r/{r['site']}/comments/{r['thread_id']}/x/{r['id']}/", "retrieved_on": created + 86400,
            "score": n % 97 - 5, "ups": n % 97 - 5, "downs": 0, "stickied": False, "subreddit": r["site"],
            "subreddit_id": "t5_2qh1i"}


def reddit_dump(dump: str, out: str, zst: str | None = None) -> None:
    """The same rows as Pushshift comment NDJSON (RC_ files); with ``zst``, also that file
    compressed as the dumps are (zstd, a 2 GB window, long-distance matching)."""
    with open(dump, encoding="utf-8") as rows, open(out, "w", encoding="utf-8") as handle:
        for n, line in enumerate(rows):
            handle.write(json.dumps(reddit_row(json.loads(line), n), ensure_ascii=False) + "\n")
    if zst:
        import zstandard

        params = zstandard.ZstdCompressionParameters.from_level(3, window_log=31, enable_ldm=True)
        with open(out, "rb") as plain, open(zst, "wb") as packed:
            zstandard.ZstdCompressor(compression_params=params).copy_stream(plain, packed)


def split_dump(dump: str, parts: int, folder: str) -> list[str]:
    """``dump``'s lines in ``parts`` consecutive files of (nearly) equal length."""
    lines = sum(1 for _ in open(dump, encoding="utf-8"))
    names = [os.path.join(folder, f"RC_2021-{k + 1:02d}.jsonl") for k in range(parts)]
    per = -(-lines // parts)
    with open(dump, encoding="utf-8") as rows:
        for name in names:
            with open(name, "w", encoding="utf-8") as handle:
                for _, line in zip(range(per), rows):
                    handle.write(line)
    return names


def _line(label: str, lines: int, run: tuple[float, float, float], ratios: str = "") -> str:
    seconds, cpu, mb = run
    return f"{label:<28}{lines / seconds:>12,.0f} comments/s {mb:>8,.0f} MB peak {cpu:>7.2f} s CPU   {ratios}"


def main(dump: str, peers_too: bool = True, repeat: int = 1, kinds: tuple[str, ...] = ("jsonl", "reddit"),
         files: int = 4, base: str | None = None) -> None:
    lines = sum(1 for _ in open(dump, encoding="utf-8"))
    comments = [sys.executable, "-m", "comments", "parse", "-q"]
    with tempfile.TemporaryDirectory() as tmp:
        ours = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        ours["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
        theirs = dict(ours, PYTHONPATH=base, PYTHONPYCACHEPREFIX=os.path.join(tmp, "pycache-base")) if base else None
        reddit = os.path.join(tmp, "RC_2021-09.jsonl")
        packed = os.path.join(tmp, "RC_2019-01.zst")
        if {"reddit", "reddit-zst", "split"} & set(kinds):
            reddit_dump(dump, reddit, packed if "reddit-zst" in kinds else None)
        split = []
        if "split" in kinds:
            os.mkdir(os.path.join(tmp, "split"))
            split = split_dump(reddit, files, os.path.join(tmp, "split"))
        subprocess.run([*comments, dump, "-o", os.path.join(tmp, "warm.parquet")], check=True, env=ours)
        if theirs:
            subprocess.run([*comments, dump, "-o", os.path.join(tmp, "warm-base.parquet")], check=True, env=theirs)
        for kind in kinds:
            source = {"jsonl": dump, "reddit-zst": packed}.get(kind, reddit)
            sources = split if kind == "split" else [source]
            peers: dict[str, tuple[float, float, float]] = {}
            if peers_too:  # once per kind: minutes at 1M
                try:
                    peers["convokit"] = measure(sys.executable, "-c", CONVOKIT, source, tmp,
                                                "jsonl" if kind == "jsonl" else "reddit")
                except subprocess.CalledProcessError as exc:
                    print(f"convokit: not measured ({exc.stderr.strip().splitlines()[-1:]})")
            runs: dict[str, list[tuple[float, float, float]]] = {}
            for _ in range(repeat):  # alternately: a polars run, then each of our cases
                if peers_too:
                    runs.setdefault("polars", []).append(
                        measure(sys.executable, "-c", POLARS, ",".join(sources), *fresh(f"{tmp}/pl.parquet")))
                for suffix in ("parquet", "jsonl", "csv"):
                    runs.setdefault(suffix, []).append(
                        measure(*comments, *sources, "-o", *fresh(os.path.join(tmp, f"out.{suffix}")), env=ours))
                    if theirs:
                        runs.setdefault(f"base {suffix}", []).append(
                            measure(*comments, *sources, "-o", *fresh(os.path.join(tmp, f"out.{suffix}")), env=theirs))
            if "polars" in runs:
                peers["polars"] = median_of(runs["polars"])
            name = {"jsonl": "generic JSONL", "reddit": "Reddit NDJSON", "reddit-zst": "Reddit .zst",
                    "split": f"Reddit, {files} files"}[kind]
            for peer, run in peers.items():
                print(_line(f"{peer}, {name}", lines, run), flush=True)
            for suffix in ("parquet", "jsonl", "csv"):
                run = median_of(runs[suffix])
                ratios = "  ".join(f"{peers[p][0] / run[0]:.2f}× {p} (CPU {peers[p][1] / run[1]:.2f}×)"
                                   for p in ("convokit", "polars") if p in peers)
                if theirs:
                    was = median_of(runs[f"base {suffix}"])
                    ratios += f"  {was[0] / run[0]:.2f}× base (CPU {was[1] / run[1]:.2f}×)"
                print(_line(f"{name} → {suffix}", lines, run, ratios), flush=True)
                if theirs:
                    print(_line(f"  base: {name} → {suffix}", lines, was), flush=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "comments", "--help"], check=True, stdout=subprocess.DEVNULL)
    print(f"comments --help: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    args = sys.argv[1:]
    times = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 1
    chosen = tuple(args[args.index("--kinds") + 1].split(",")) if "--kinds" in args else ("jsonl", "reddit")
    parts = int(args[args.index("--files") + 1]) if "--files" in args else 4
    if "--files" in args and "--kinds" not in args:
        chosen += ("split",)
    main(args[0], "--no-peers" not in args, times, chosen, parts,
         args[args.index("--base") + 1] if "--base" in args else None)
