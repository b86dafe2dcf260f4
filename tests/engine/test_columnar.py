"""The Dask engine's columnar shuffle (Reddit comment dumps → Parquet): the same rows,
summary and notes as the local engine; what it cannot take goes the general way."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from comments.engine.blocks import load_bytes
from comments.engine.tasks import ReadOptions, bucket_of, fits_columnar, read_file
from conftest import run

WORDS = "Sanktionen Bootloader Kuba Krim Kunde Hersteller Software Politik Handy leider genau nicht".split()


def _comments(n: int, seed: int = 11) -> list[dict]:
    """Pushshift comment rows in time order (threads interleave): entities, line breaks,
    deleted and removed comments, id-less rows named only by ``name``, an orphan, a
    duplicate id within one thread, extra fields for ``meta``."""
    rng = random.Random(seed)
    open_threads: list[tuple[str, list[str]]] = []
    rows, made = [], 0
    while len(rows) < n:
        if not open_threads or rng.random() < 0.08:
            made += 1
            open_threads.append((f"t{made:0{3 + made % 2}d}", []))
        link, ids = rng.choice(open_threads[-12:])
        cid = f"c{len(rows):05d}"
        parent = f"t1_{rng.choice(ids[-6:])}" if ids and rng.random() < 0.6 else f"t3_{link}"
        ids.append(cid)
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 25)))
        k = len(rows)
        row = {"id": cid, "link_id": f"t3_{link}", "parent_id": parent, "subreddit": ["de", "Austria"][len(link) % 2],
               "author": "[deleted]" if k % 53 == 0 else f"u{rng.randrange(200)}", "created_utc": 1631786400 + k,
               "body": "[removed]" if k % 71 == 0 else (f"{body} &amp; mehr\n\nzweiter Absatz" if k % 13 == 0 else body),
               "score": rng.randrange(-5, 50)}
        if k % 97 == 0:
            row["id"], row["name"] = "", f"t1_{cid}"
        rows.append(row)
    rows.append({**rows[5], "body": "derselbe Kommentar, eine andere Fassung"})  # a duplicate id in one input
    rows.append({"id": "lost", "link_id": rows[10]["link_id"], "parent_id": "t1_gone", "subreddit": rows[10]["subreddit"],
                 "author": "x", "created_utc": 1631786400, "body": "verwaist"})
    rows.append({**rows[20], "id": "blank", "body": " "})  # a loss the summary names
    return rows


def _zst(path: Path, rows: list[dict]) -> None:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    path.write_bytes(zstandard.ZstdCompressor(level=3).compress(data))


def _months(folder: Path, rows: list[dict], files: int = 3) -> Path:
    """``rows`` round robin in blocks of 50 lines over monthly RC_ files (threads spread
    over files), one comment given again by another file."""
    folder.mkdir()
    parts: list[list[dict]] = [[] for _ in range(files)]
    for i, row in enumerate(rows):
        parts[(i // 50) % files].append(row)
    parts[-1].append(parts[0][7])  # the same comment from another input: kept once, noted
    for k, part in enumerate(parts):
        _zst(folder / f"RC_2021-{k + 1:02d}.zst", part)
    return folder


@pytest.fixture(scope="module")
def dumps(tmp_path_factory) -> Path:
    return _months(tmp_path_factory.mktemp("columnar") / "in", _comments(3000))


def _rows(path: Path) -> list[dict]:
    return sorted(pq.read_table(path).to_pylist(), key=lambda r: (r["site"], r["thread_id"], r.get("position") or 0))


def _notes(stderr: str) -> list[str]:
    return sorted(line for line in stderr.splitlines() if line.startswith("note:"))


def _same_as_local(inputs: Path, tmp_path: Path, scheduler: str) -> str:
    local, dask = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    want = run("parse", str(inputs), "-o", str(local), "-j", "1")
    got = run("parse", str(inputs), "-o", str(dask), "--engine", "dask", "--scheduler", scheduler)
    assert want.exit_code == 0 and got.exit_code == 0, (want.stderr, got.stderr)
    assert got.stderr.splitlines()[-1] == want.stderr.splitlines()[-1]  # the summary line
    assert _notes(got.stderr) == _notes(want.stderr)
    for name in ("{}.parquet", "{}.threads.parquet"):
        assert _rows(tmp_path / name.format("dask")) == _rows(tmp_path / name.format("local"))
    return got.stderr


def test_reddit_comment_dumps_give_the_local_engines_rows(dumps, scheduler, tmp_path):
    spill = tmp_path / "spill"
    spill.mkdir()
    options = ReadOptions(None, None, {}, 2 << 30, 1 << 16, columnar=True)
    assert all(read_file(i, str(p), options, 4, str(spill))[0].columnar for i, p in enumerate(sorted(dumps.iterdir())))
    stderr = _same_as_local(dumps, tmp_path, scheduler)
    assert "repeats earlier ones (same site, thread and id): kept the first" in stderr  # the comment two inputs gave
    assert "1 comment with empty text" in stderr
    threads = pq.read_table(tmp_path / "dask.threads.parquet").to_pylist()
    assert {t["source"] for t in threads} == {str(p) for p in sorted(dumps.iterdir())}  # each thread's first input


def test_a_file_the_columnar_reader_cannot_take_sends_the_run_the_general_way(tmp_path, scheduler):
    rows = _comments(2400, seed=3)
    folder = _months(tmp_path / "in", rows, files=2)
    late = _comments(1500, seed=4)  # a submission after the lines the sniffer reads
    late.insert(1200, {"id": "sub", "name": "t3_sub", "subreddit": "de", "title": "Spät", "selftext": "Text",
                       "permalink": "/r/de/comments/sub/spaet/", "created_utc": 1631786400})
    _zst(folder / "RC_2021-09.zst", late)
    spill = tmp_path / "spill"
    spill.mkdir()
    options = ReadOptions(None, None, {}, 2 << 30, 1 << 16, columnar=True)
    assert fits_columnar(str(folder / "RC_2021-09.zst"), None)  # its first lines are comments
    meta, _ = read_file(2, str(folder / "RC_2021-09.zst"), options, 4, str(spill))
    assert not meta.columnar and meta.comments == len(late) - 1  # read the general way
    _same_as_local(folder, tmp_path, scheduler)


def test_read_tasks_spill_each_row_into_its_threads_bucket(dumps, tmp_path):
    spill = tmp_path / "spill"
    spill.mkdir()
    item = str(sorted(dumps.iterdir())[0])
    meta, segments = read_file(0, item, ReadOptions(None, None, {}, 2 << 30, 1 << 14, columnar=True), 5, str(spill))
    assert meta.columnar and meta.comments == sum(1 for _ in zstandard.ZstdDecompressor().stream_reader(
        open(item, "rb")).read().splitlines())
    seen = 0
    for bucket, per_bucket in enumerate(segments):
        for data in load_bytes(per_bucket):
            table = pa.ipc.open_stream(data).read_all()
            seen += table.num_rows
            for site, thread in zip(table.column("site").to_pylist(), table.column("thread_id").to_pylist()):
                assert bucket_of(site, thread, 5) == bucket
    assert seen == meta.comments
    assert sum(len(s) for s in segments) > 5  # several blocks


@pytest.mark.parametrize("options", [["-o", "{}.jsonl"], ["--site", "x", "-o", "{}.parquet"]])
def test_runs_it_does_not_cover_stay_on_the_general_path(dumps, tmp_path, options):
    from comments.engine.run import Request, _columnar

    out = options[-1].format(tmp_path / "out")
    kind = Path(out).suffix.lstrip(".")
    site = "x" if "--site" in options else None
    assert not _columnar(Request([str(dumps)], out, site=site), [str(p) for p in dumps.iterdir()], kind)
    assert _columnar(Request([str(dumps)], str(tmp_path / "o.parquet")), [str(p) for p in dumps.iterdir()],
                     "parquet")
