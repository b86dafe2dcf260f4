"""The fast path's JSONL and CSV sinks write the general writers' bytes, whatever the text."""

from __future__ import annotations

import pyarrow as pa
import pytest

from comments.io import fastwrite, writers
from comments.model.records import COMMENT_FIELDS, Comment, ParsedThread, Thread, meta_json

#: Cells csv.writer quotes, JSON escapes or ``neutralize`` changes, and their neighbours.
HOSTILE = ['quote " and ""two"", comma', "line\nbreak\r\nand\rreturn", "nul \x00 bell \x07 esc \x1b del \x7f",
           "=1+1", "@x", "+", "-", "+1", "-1 minus", "=HYPERLINK(\"x\")", "\tTab first", "\rCR first",
           "'quoted first", "Grüße „Zitat“ 😉", "\u2028\u2029 separators", "back\\slash", "", " ", None, "plain"]


def _threads(values: list[str | None], same: bool) -> list[ParsedThread]:
    """Two threads whose comments carry the hostile values in every text column (or,
    ``same``, one of them in every row: the sinks' one-value shortcut)."""
    out = []
    for t in range(2):
        comments = []
        for i, value in enumerate(values):
            v = values[0] if same else value
            comments.append(Comment(
                id=f"c{i}" if v is None else f"{v}{i}", parent_id=None if i % 3 == 0 or v is None else f"{v}{i - 1}",
                text=v or "", author=v, created_at=v, kind=v or "comment", status=v or "visible",
                site=values[0] if same else f"site{t}", thread_id=f"t{t}", depth=int(i % 3 != 0), position=i,
                missing_parent_id=v, meta={} if v is None else {"label": v, "n": i}))
        out.append(ParsedThread(Thread(thread_id=f"t{t}", site=comments[0].site, comment_count=len(comments),
                                       format="jsonl", source=values[0] or "s"), comments))
    return out


def _table(threads: list[ParsedThread]) -> pa.Table:
    rows = [dict(c.to_dict(), meta=meta_json(c.meta)) for pt in threads for c in pt.comments]
    return pa.Table.from_pylist([{k: r[k] for k in COMMENT_FIELDS} for r in rows], schema=fastwrite.SCHEMA)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
@pytest.mark.parametrize("same", [None, *HOSTILE])
@pytest.mark.parametrize("slice_bytes", [fastwrite.SLICE_BYTES, 1_000])
def test_fast_sinks_write_the_general_writers_bytes_on_hostile_text(tmp_path, monkeypatch, suffix, same,
                                                                    slice_bytes):
    """Quotes, line breaks, control characters, spreadsheet formulas (``=1+1``, ``@x``,
    ``+``, ``-``), Unicode, empty and null values in every column, each value in a row of
    its own or one value in every row: byte for byte the general writer's output (also
    when the lines are made a few rows at a time, a thread cut between slices)."""
    monkeypatch.setattr(fastwrite, "SLICE_BYTES", slice_bytes)
    threads = _threads(HOSTILE if same is None else [same], same is not None)
    slow, fast = tmp_path / f"slow{suffix}", tmp_path / f"fast{suffix}"
    writers.write(threads, str(slow), None)
    sink = (fastwrite.JsonlSink(fast) if suffix == ".jsonl"
            else fastwrite.CsvSink(fast, writers.sibling(fast)))
    table = _table(threads)
    half = len(threads[0].comments)
    for pt, part in zip(threads, (table.slice(0, half), table.slice(half))):  # a batch per thread
        sink.write(part, [pt.thread.to_dict()])
    sink.close()
    assert fast.read_bytes() == slow.read_bytes()
    if suffix == ".csv":
        assert writers.sibling(fast).read_bytes() == writers.sibling(slow).read_bytes()


def test_slices_hold_every_row_once_within_the_row_and_byte_bounds(monkeypatch):
    """Consecutive slices cover every row once; each has at most SLICE rows and about
    SLICE_BYTES of lines, except a row larger than that alone, which is a slice of its own."""
    monkeypatch.setattr(fastwrite, "SLICE", 4)
    monkeypatch.setattr(fastwrite, "SLICE_BYTES", 1_000)
    texts = ["a"] * 5 + ["x" * 5_000] + ["b" * 100] * 3 + [""]
    table = pa.chunked_array([texts[:4], texts[4:]], pa.string())  # text in two chunks
    parts = fastwrite.slices(pa.table({"text": table}))
    assert [start for start, _ in parts] == [0, 2, 4, 5, 6, 8]
    assert parts[2:4] == [(4, 1), (5, 1)]  # the large row alone
    assert sum(rows for _, rows in parts) == len(texts) and all(rows <= 4 for _, rows in parts)
    assert fastwrite.slices(pa.table({"text": pa.array([], pa.string())})) == []


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
@pytest.mark.parametrize("refused", [False, True])
def test_big_text_outputs_advise_written_pages_away_and_lose_nothing(tmp_path, monkeypatch, suffix, refused):
    """Past twice KEEP_CACHED bytes, the pages written before the last KEEP_CACHED are
    advised away (POSIX_FADV_DONTNEED, from the file's start, growing with the file); the
    file is still the general writer's bytes, also where the advice fails (a file system
    without it: asked no more)."""
    import os

    if not hasattr(os, "posix_fadvise"):
        pytest.skip("no posix_fadvise on this platform")
    advised: list[tuple[int, int, int]] = []

    def advise(fd: int, offset: int, length: int, how: int) -> None:
        advised.append((offset, length, how))
        if refused:
            raise OSError("not supported")

    monkeypatch.setattr(fastwrite, "KEEP_CACHED", 2_000)
    monkeypatch.setattr(fastwrite, "SLICE_BYTES", 1_000)
    monkeypatch.setattr(os, "posix_fadvise", advise)
    threads = _threads(HOSTILE * 20, False)
    slow, fast = tmp_path / f"slow{suffix}", tmp_path / f"fast{suffix}"
    writers.write(threads, str(slow), None)
    sink = (fastwrite.JsonlSink(fast) if suffix == ".jsonl" else fastwrite.CsvSink(fast, writers.sibling(fast)))
    table = _table(threads)
    half = len(threads[0].comments)
    for pt, part in zip(threads, (table.slice(0, half), table.slice(half))):
        sink.write(part, [pt.thread.to_dict()])
    sink.close()
    assert fast.read_bytes() == slow.read_bytes()
    size = fast.stat().st_size
    assert size > 10 * 2_000
    if refused:
        assert len(advised) == 1  # refused once: not asked again
    else:
        assert len(advised) >= 3 and all(offset == 0 and how == os.POSIX_FADV_DONTNEED for offset, _, how in advised)
        lengths = [length for _, length, _ in advised]
        assert lengths == sorted(lengths) and lengths[-1] <= size - 2_000  # the last KEEP_CACHED bytes stay
