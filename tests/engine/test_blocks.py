"""Large inputs are read in blocks and shuffled through spill files: the same records,
notes and errors as the local engine reading each file whole, however small the blocks
and the buckets."""

from __future__ import annotations

import io
import json
import random

import pytest
import zstandard

from comments.engine.blocks import read_blocks
from comments.engine.run import Request, run as run_dask
from comments.engine.tasks import ReadOptions
from comments.io.pipeline import Result, repeat_summaries
from conftest import run

WORDS = "Sanktionen Kuba Krim Kunde Hersteller Software Politik Handy leider genau nicht Quelle bitte".split()


def _month(rng: random.Random, month: int, threads: range, late_submissions: bool) -> list[dict]:
    """Comments of ``threads`` (replies to earlier ones), and each thread's submission:
    in the same file after its comments when ``late_submissions``."""
    rows, submissions = [], []
    for t in threads:
        ids: list[str] = []
        for i in range(rng.randint(5, 60)):
            cid = f"m{month}t{t}c{i}"
            parent = f"t1_{rng.choice(ids)}" if ids and rng.random() < 0.6 else f"t3_t{t}"
            ids.append(cid)
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60)))
            rows.append({"id": cid, "link_id": f"t3_t{t}", "parent_id": parent, "subreddit": f"sub{t % 3}",
                         "author": f"user{rng.randrange(50)}", "created_utc": 1609500000 + month * 1000 + i,
                         "body": body})
        submissions.append({"id": f"t{t}", "name": f"t3_t{t}", "subreddit": f"sub{t % 3}", "title": f"Thread {t}",
                            "selftext": "Artikel", "permalink": f"/r/sub{t % 3}/comments/t{t}/slug/",
                            "created_utc": 1609400000 + t, "num_comments": 7})
    rng.shuffle(rows)  # a thread's comments interleave with others' (a dump is in time order, not thread order)
    return rows + submissions if late_submissions else submissions + rows


@pytest.fixture(scope="module")
def dumps(tmp_path_factory):
    """Two months of Reddit NDJSON (zstd), each well above the head the readers sniff
    (so read in blocks); threads continue into February; in January the submissions
    come after their comments; one February line is Windows-1252."""
    rng = random.Random(3)
    folder = tmp_path_factory.mktemp("blocks")
    for month, threads, late in ((1, range(0, 60), True), (2, range(40, 100), False)):
        lines = [json.dumps(r, ensure_ascii=False).encode() for r in _month(rng, month, threads, late)]
        if month == 2:
            lines[500] = lines[500].replace(b'"body": "', b'"body": "Gr\xfc\xdfe ')
        data = b"\n".join(lines) + b"\n"
        assert len(data) > 2 << 18  # HEAD_BYTES is 1 << 18
        (folder / f"RC_2021-0{month}.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    return folder


def _dask(scheduler, inputs: list[str], out, **sizes):
    stdout = io.StringIO()
    totals = run_dask(Request(inputs, str(out) if out else None, scheduler=scheduler, **sizes), stdout)
    return totals, stdout.getvalue()


def test_blocks_are_read_through_one_stream(dumps):
    """The reader is given many blocks of at most about the budget each, line numbers run
    on across blocks and the file's notes come once."""
    seen: list[tuple[int, int]] = []
    result = Result()
    path = str(dumps / "RC_2021-02.jsonl.zst")
    ok = read_blocks(path, ReadOptions(None, None, {}, 2 << 30), result,
                     lambda source, ctx, reader, threads, block, tags: seen.append(
                         (block, sum(len(pt.comments) for pt in threads))), block_bytes=1 << 14)
    assert ok and len(seen) > 20 and [b for b, _ in seen] == list(range(len(seen)))
    assert result.notes == [f"{path}: not UTF-8 (1 line, first line 501): decoded as Windows-1252"]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_small_blocks_and_buckets_give_the_local_engines_bytes(dumps, scheduler, tmp_path, suffix):
    local = run("parse", str(dumps), "-o", str(tmp_path / f"local{suffix}"))
    assert local.exit_code == 0, local.stderr
    totals, _ = _dask(scheduler, [str(dumps)], tmp_path / f"dask{suffix}", block_size=1 << 14,
                      partition_size=1 << 15)
    assert (tmp_path / f"dask{suffix}").read_bytes() == (tmp_path / f"local{suffix}").read_bytes()
    assert totals.summary() == local.stderr.splitlines()[-1]
    notes = [line for line in local.stderr.splitlines() if line.startswith("note:")]
    assert [f"note: {n}" for n in repeat_summaries(totals.notes)] == notes  # as the CLI says them
    threads = [json.loads(line) for line in (tmp_path / "local.jsonl").read_text().splitlines()
               if '"record": "thread"' in line] if suffix == ".jsonl" else []
    if threads:  # a submission read after its comments still gives the thread its title and permalink
        t0 = next(t for t in threads if t["thread_id"] == "t0")
        assert t0["title"] == "Thread 0" and t0["url"].endswith("/comments/t0/slug/")


def test_a_bad_line_deep_in_a_block_read_file_is_one_error(dumps, scheduler, tmp_path):
    """The first bad line stops its file with the line number the local engine gives;
    the file's earlier blocks are not written; the other file is."""
    bad = tmp_path / "RC_2021-03.jsonl"
    lines = (zstandard.ZstdDecompressor().decompress(
        (dumps / "RC_2021-01.jsonl.zst").read_bytes(), max_output_size=1 << 26)).splitlines(keepends=True)
    lines[900] = b'{"id": "broken", "body": \n'
    bad.write_bytes(b"".join(lines))
    good = str(dumps / "RC_2021-02.jsonl.zst")
    local = run("parse", good, str(bad), "-o", str(tmp_path / "local.jsonl"))
    assert local.exit_code == 1
    totals, _ = _dask(scheduler, [good, str(bad)], tmp_path / "dask.jsonl", block_size=1 << 14)
    assert [f"error: {e}" for e in totals.errors] == [line for line in local.stderr.splitlines()
                                                      if line.startswith("error:")]
    assert totals.errors[0].startswith(f"{bad}: 1 unreadable line was left out (line 901: invalid JSON")
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_a_table_without_header_read_by_position_and_a_wrong_format_as_the_local_engine(dumps, scheduler, tmp_path):
    """A headerless TSV well above the sniffed head, read in blocks with --column text=1: the
    local engine's bytes. A --format detection disagrees with goes to the whole-file path,
    whose error names both formats, as the local engine's."""
    rng = random.Random(4)
    tsv = tmp_path / "tweets.txt"
    tsv.write_text("".join(f"@nutzer{i} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30)))
                           + f".\t{rng.choice(['OTHER', 'OFFENSE'])}\tOTHER\n" for i in range(6000)), encoding="utf-8")
    assert tsv.stat().st_size > 2 << 18
    local = run("parse", str(tsv), "--column", "text=1", "-o", str(tmp_path / "local.jsonl"))
    assert local.exit_code == 0 and "6,000 comments" in local.stderr
    totals, _ = _dask(scheduler, [str(tsv)], tmp_path / "dask.jsonl", block_size=1 << 14)
    assert totals.summary() == "0 threads; 0 comments; no repairs; 1 input problem"  # no --column: refused
    totals, _ = _dask(scheduler, [str(tsv)], tmp_path / "dask.jsonl", block_size=1 << 14, columns={"text": "1"})
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    dump = str(dumps / "RC_2021-02.jsonl.zst")
    local = run("parse", dump, "--format", "csv", "-o", str(tmp_path / "local.jsonl"))
    totals, _ = _dask(scheduler, [dump], tmp_path / "dask.jsonl", block_size=1 << 14, fmt="csv")
    assert local.exit_code == 1 and [f"error: {e}" for e in totals.errors] == [
        line for line in local.stderr.splitlines() if line.startswith("error:")]
    assert totals.errors[0].startswith(f"{dump}: --format csv does not fit this input, which reads as reddit")
