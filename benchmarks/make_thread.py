"""Write one synthetic thread of N comments as a JSONL dump: the worst case for
reply-tree code (tree walks, pictures, per-thread tables). Depth is realistic: most
comments are top-level or shallow replies to recent comments, a few back-and-forth
chains grow deep (at most 120 levels). Usage: python benchmarks/make_thread.py N OUT.jsonl [SEED]"""

from __future__ import annotations

import json
import random

from make_dump import _sentences, cli  # the same comment texts as the many-thread dumps (benchmarks/ is on the path)


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
                "created_at": f"2021-09-{1 + cid * 28 // n:02d}T10:00:00Z", "text": _sentences(rng),
            }, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    cli(main, __doc__, 7)
