"""Shared by the engine tests: a LocalCluster of two worker processes (``--scheduler``),
a few thousand comments spread over three files, and generic tables large enough to be
read in blocks."""

from __future__ import annotations

import csv
import gzip
import io
import json
import random

import zstandard

import pytest


@pytest.fixture(scope="session")
def scheduler():
    """The address of a LocalCluster of two single-threaded worker processes. Dask is in
    the test extra, so these tests never skip in CI. Every port is a free one the system
    picks (the dashboard's too, as comments.engine.cluster does: its default is 8787), so
    the clusters of several test workers, or of other programs, never meet."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as cluster:
        yield cluster.scheduler_address


def _rows(n: int, seed: int = 7) -> list[dict]:
    """Threads of realistic sizes, German text, some markup, some plain text with "<", some repairs to make."""
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
                         "text": f"<p>{text} &amp; mehr</p>" if i % 17 == 0 else
                         f"{text} a<b und b>c <3" if i % 13 == 0 else text})
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


TABLE_WORDS = "Sanktionen Kuba Krim Kunde Hersteller Software Politik Handy leider genau nicht Quelle bitte".split()


def _table_rows(rng: random.Random, threads: range, prefix: str) -> list[dict]:
    """Comments of ``threads``, replies to earlier ones, interleaved across threads; the
    first rows name no ``title`` (so a later row's title is not a column), some roots give
    "0" as parent, some rows repeat an earlier one (one row per label, as One Million
    Posts gives them), some text runs over several lines, every fourth thread is a page
    address without a site."""
    rows: list[dict] = []
    for t in threads:
        ids: list[str] = []
        for i in range(rng.randint(20, 90)):
            cid = f"{prefix}{t}-{i}"
            parent = rng.choice(ids) if ids and rng.random() < 0.6 else ("0" if i % 5 == 0 else None)
            ids.append(cid)
            body = " ".join(rng.choice(TABLE_WORDS) for _ in range(rng.randint(8, 40)))
            linked = t % 4 == 0  # a page address as the thread, no site: the address names the site
            rows.append({"id": cid, "parent_id": parent, "site": None if linked else f"site{t % 3}.example",
                         "thread_id": f"https://www.site{t % 3}.example/artikel-{t}.html" if linked else f"artikel-{t}",
                         "author": f"nutzer{rng.randrange(40)}", "created_at": f"2021-09-{1 + t % 28:02d}T10:00:00Z",
                         "text": body if i % 7 else f"{body}\nzweite Zeile, \"zitiert\"", "label": "none"})
    rng.shuffle(rows)
    for k in range(0, len(rows) - 1, 97):  # the same comment again further down, with another label
        rows.append({**rows[k], "label": "argument"})
    rows[-1]["title"] = "Ein Titel, der spät kommt"
    return rows


@pytest.fixture(scope="session")
def tables(tmp_path_factory):
    """Two months of a generic export as JSONL (zstd, plain) and as CSV (gzip, plain),
    threads 30–39 in both months; each file well above the head read to sniff it."""
    rng = random.Random(5)
    folder = tmp_path_factory.mktemp("tables")
    months = [_table_rows(rng, range(0, 40), "a"), _table_rows(rng, range(30, 70), "b")]
    jsonl, csvs = folder / "jsonl", folder / "csv"
    jsonl.mkdir(), csvs.mkdir()
    for k, rows in enumerate(months):
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
        assert len(data) > 2 << 18
        (jsonl / f"export-{k}.jsonl{'.zst' if k == 0 else ''}").write_bytes(
            zstandard.ZstdCompressor().compress(data) if k == 0 else data)
        text = io.StringIO(newline="")
        columns = ["id", "parent_id", "thread_id", "site", "author", "created_at", "text", "label"]
        writer = csv.writer(text)
        writer.writerow(columns)
        for i, r in enumerate(rows):
            cells = ["" if r.get(c) is None else r[c] for c in columns]
            writer.writerow(cells + ["extra"] if i % 211 == 3 else cells)  # a ragged row now and then
        data = text.getvalue().encode()
        (csvs / f"export-{k}.csv{'.gz' if k == 0 else ''}").write_bytes(gzip.compress(data) if k == 0 else data)
    return folder
