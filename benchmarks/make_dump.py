"""Write a synthetic JSONL comment dump: N comments in threads of realistic size and
depth, German text of one to five sentences per comment. Usage: python benchmarks/make_dump.py N OUT.jsonl [SEED]"""

from __future__ import annotations

import argparse
import json
import random

WORDS = ("Xiaomi Sanktionen Bootloader entsperren Kuba Krim Sperre Kunde Hersteller Geräte Software Quelltext "
         "Open Source Custom ROM Fernabschaltung Export USA China Politik Handy Smartphone wieder einfach "
         "leider total genau nicht immer schon auch aber doch Quelle bitte warum denn wohl eigentlich").split()


def _sentences(rng: random.Random) -> str:
    """One to five sentences of 4–14 words, as a short reader comment."""
    out = []
    for _ in range(rng.randint(1, 5)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 14))]
        out.append(words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice(".....?!"))
    return " ".join(out)


def main(n: int, out: str, seed: int = 42) -> None:
    rng = random.Random(seed)
    written = 0
    thread = 0
    with open(out, "w", encoding="utf-8") as handle:
        while written < n:
            thread += 1
            size = min(n - written, int(rng.paretovariate(1.2) * 20))
            ids: list[int] = []
            for i in range(size):
                # replies prefer recent comments: realistic depth (mostly 0-3, some long chains)
                parent = None
                if ids and rng.random() < 0.6:
                    parent = ids[-1 - min(int(rng.expovariate(0.5)), len(ids) - 1)]
                cid = written + i
                ids.append(cid)
                text = _sentences(rng)
                handle.write(json.dumps({
                    "id": str(cid), "parent_id": None if parent is None else str(parent),
                    "thread_id": f"artikel-{thread}", "site": f"site{thread % 7}.example",
                    "author": f"nutzer{rng.randrange(5000)}", "created_at": f"2021-09-{1 + thread % 28:02d}T10:00:00Z",
                    "text": text,
                }, ensure_ascii=False) + "\n")
            written += size


def count(text: str) -> int:
    """``N``: a whole number of comments, at least 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {n}")
    return n


def cli(write, doc: str, seed: int, argv: list[str] | None = None) -> None:
    """The command line ``N OUT.jsonl [SEED]`` of this script and make_thread.py: ``--help``
    says so; a bad ``N`` is a usage error (exit 2), not a traceback. ``write(n, out, seed)``."""
    ap = argparse.ArgumentParser(description=doc.split("Usage:")[0].strip())
    ap.add_argument("n", type=count, metavar="N", help="how many comments to write")
    ap.add_argument("out", metavar="OUT.jsonl", help="the JSONL file to write (replaced if it exists)")
    ap.add_argument("seed", type=int, nargs="?", default=seed, metavar="SEED",
                    help=f"the random seed (default {seed}): the same N and SEED write the same bytes")
    args = ap.parse_args(argv)
    write(args.n, args.out, args.seed)


if __name__ == "__main__":
    cli(main, __doc__, 42)
