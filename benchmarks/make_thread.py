"""Write one synthetic thread of N comments as a JSONL dump: the worst case for
reply-tree code (tree walks, pictures, per-thread tables). Depth is realistic: most
comments are top-level or shallow replies to recent comments, a few long back-and-forth
chains reach depth ~100. Usage: python benchmarks/make_thread.py N OUT.jsonl [SEED]"""

from __future__ import annotations

import json
import random
import sys

WORDS = ("Xiaomi Sanktionen Bootloader entsperren Kuba Krim Sperre Kunde Hersteller Geräte Software Quelltext "
         "Open Source Custom ROM Fernabschaltung Export USA China Politik Handy Smartphone wieder einfach "
         "leider total genau nicht immer schon auch aber doch Quelle bitte warum denn wohl eigentlich").split()


def _text(rng: random.Random) -> str:
    """One to four sentences of 4–14 words."""
    out = []
    for _ in range(rng.randint(1, 4)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 14))]
        out.append(words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice(".....?!"))
    return " ".join(out)


def main(n: int, out: str, seed: int = 7) -> None:
    rng = random.Random(seed)
    depth: list[int] = []
    with open(out, "w", encoding="utf-8") as handle:
        for cid in range(n):
            parent = None
            if cid and rng.random() < 0.7:
                # mostly a recent comment; now and then the last one (a chain grows deeper)
                back = 0 if rng.random() < 0.3 else min(int(rng.expovariate(0.05)), cid - 1)
                candidate = cid - 1 - back
                if depth[candidate] < 120:
                    parent = candidate
            depth.append(0 if parent is None else depth[parent] + 1)
            handle.write(json.dumps({
                "id": str(cid), "parent_id": None if parent is None else str(parent), "thread_id": "megathread",
                "site": "forum.example", "author": f"nutzer{rng.randrange(20000)}",
                "created_at": f"2021-09-{1 + cid * 28 // n:02d}T10:00:00Z", "text": _text(rng),
            }, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 7)
