"""A dump whose threads interleave, spilled by ranges of threads once its columns pass
the hold budget, gives the same bytes as when it is held in memory — and leaves no
spill files behind."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from comments.io import fastpath, fastpath_spill, writers
from comments.io.fastpath_spill import HOLD, batch_ends
from conftest import reddit_rows


def _generic_rows(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [{"id": str(i), "parent_id": str(rng.randrange(i)) if i and rng.random() < 0.5 else None,
             "thread_id": f"artikel-{rng.randrange(1 + i // 7)}", "author": rng.choice(["a", "b", None]),
             "created_at": "2021-09-16T10:00:00Z", "text": rng.choice(["Text, mit Komma", "<b>fett</b>", "x"])}
            for i in range(n)]


def _convert(tmp_path, name, rows, suffix, hold, monkeypatch):
    dump = tmp_path / name
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr(fastpath_spill, "HOLD", hold)
    out = tmp_path / f"out-{hold}{suffix}"
    fastpath.convert(dump, out, None, dump.stem, {}, str(dump), block=4096)
    files = [out] if suffix == ".jsonl" else [out, writers.sibling(out)]
    return [f.read_bytes() for f in files]


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".csv"])
@pytest.mark.parametrize("kind", ["reddit", "generic"])
def test_spilled_rows_give_the_bytes_of_rows_held_in_memory(tmp_path, monkeypatch, suffix, kind):
    rows = reddit_rows(3000, 1) if kind == "reddit" else _generic_rows(3000, 2)
    name = "RC_2021-09.jsonl" if kind == "reddit" else "site.example__dump.jsonl"
    spills = []
    real = fastpath_spill.Held._start_spilling
    monkeypatch.setattr(fastpath_spill.Held, "_start_spilling", lambda self: spills.append(1) or real(self))
    monkeypatch.setattr(fastpath_spill, "BUCKET_ROWS", 97)  # many buckets, a batch spanning several
    monkeypatch.setattr(fastpath, "BATCH", 500)
    held = _convert(tmp_path, name, rows, suffix, 1 << 40, monkeypatch)
    assert not spills
    spilled = _convert(tmp_path, name, rows, suffix, 10_000, monkeypatch)
    assert spills  # the second run did spill
    assert spilled == held
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # the spill folder is gone


def test_the_spill_folder_is_removed_when_the_write_fails(tmp_path, monkeypatch):
    dump = tmp_path / "RC_2021-09.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in reddit_rows(2000, 3)), encoding="utf-8")
    monkeypatch.setattr(fastpath_spill, "HOLD", 1000)

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(fastpath, "repair_and_write", fail)
    with pytest.raises(Exception, match="disk full"):
        fastpath.convert(dump, tmp_path / "out.parquet", None, dump.stem, {}, str(dump), block=4096)
    assert [p.name for p in tmp_path.iterdir()] == ["RC_2021-09.jsonl"]


def test_batches_are_whole_threads_up_to_the_batch_size():
    sizes = np.array([3, 4, 10, 1, 1, 2])
    assert list(batch_ends(sizes, 7)) == [(0, 7), (7, 17), (17, 21)]
    assert list(batch_ends(np.zeros(0, np.int64), 7)) == []


def test_out_of_memory_on_the_fast_path_is_one_clean_line_and_no_second_try(tmp_path, monkeypatch):
    """The general path would hold more than the fast path: a MemoryError there is the
    input's one error line, the output is not written, and nothing reads the file again."""
    from comments.io import pipeline
    from conftest import run

    dump = tmp_path / "RC_2021-09.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in reddit_rows(500, 4)), encoding="utf-8")

    def fail(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(fastpath, "repair_and_write", fail)
    monkeypatch.setattr(pipeline, "read_inputs", lambda *a, **k: pytest.fail("read again the general way"))
    result = run("parse", str(dump), "-o", str(tmp_path / "out.parquet"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {dump}: out of memory while converting (it holds up to {HOLD >> 20} MB "
                                          "of columns, then one range of threads at a time: more free memory is "
                                          "needed)"], result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [dump.name]
