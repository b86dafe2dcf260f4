"""Shared by the engine tests: a LocalCluster of two worker processes (``--scheduler``)
and a few thousand comments spread over three files."""

from __future__ import annotations

import gzip
import json
import random

import pytest


@pytest.fixture(scope="session")
def scheduler():
    """The address of a LocalCluster of two single-threaded worker processes. Dask is in
    the test extra, so these tests never skip in CI."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _rows(n: int, seed: int = 7) -> list[dict]:
    """Threads of realistic sizes, German text, some markup, some repairs to make."""
    rng = random.Random(seed)
    words = "Sanktionen Bootloader Kuba Krim Kunde Hersteller Software Politik Handy leider genau nicht".split()
    rows, thread = [], 0
    while len(rows) < n:
        thread += 1
        ids: list[str] = []
        for i in range(min(n - len(rows), int(rng.paretovariate(1.3) * 15))):
            parent = ids[-1 - min(int(rng.expovariate(0.5)), len(ids) - 1)] if ids and rng.random() < 0.6 else None
            cid = f"{thread}-{i}"
            ids.append(cid)
            text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 30)))
            rows.append({"id": cid, "parent_id": parent, "thread_id": f"artikel-{thread}",
                         "site": f"site{thread % 3}.example", "author": f"nutzer{rng.randrange(300)}",
                         "created_at": f"2021-09-{1 + thread % 28:02d}T10:{i % 60:02d}:00Z",
                         "text": text if i % 17 else f"<p>{text} &amp; mehr</p>"})
    rows.append({"id": "x1", "parent_id": "gone", "thread_id": "artikel-1", "site": "site1.example", "text": "orphan"})
    return rows


@pytest.fixture(scope="session")
def inputs(tmp_path_factory):
    """3,000 comments in three files (one gzip-compressed): threads cut across files in
    blocks of 40 lines, one comment given twice in two files."""
    folder = tmp_path_factory.mktemp("dump") / "in"
    folder.mkdir()
    rows = _rows(3000)
    parts: list[list[dict]] = [[], [], []]
    for i, row in enumerate(rows):
        parts[(i // 40) % 3].append(row)
    parts[2].append(parts[0][5])  # the same comment again, from another input
    for k, part in enumerate(parts):
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part).encode()
        (folder / f"dump{k}.jsonl{'.gz' if k == 1 else ''}").write_bytes(gzip.compress(data) if k == 1 else data)
    split = {r["thread_id"] for r in parts[0]} & {r["thread_id"] for r in parts[1]}
    assert split, "some thread must be spread over several files"
    return folder
