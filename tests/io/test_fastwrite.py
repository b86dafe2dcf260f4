"""The fast path's JSONL and CSV sinks write the general writers' bytes, whatever the text."""

from __future__ import annotations

import numpy as np
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


def _write_hostile(tmp_path, suffix: str) -> tuple:
    """The hostile threads (20 times over) written by the general writer and by the sink."""
    threads = _threads(HOSTILE * 20, False)
    slow, fast = tmp_path / f"slow{suffix}", tmp_path / f"fast{suffix}"
    writers.write(threads, str(slow), None)
    sink = (fastwrite.JsonlSink(fast) if suffix == ".jsonl" else fastwrite.CsvSink(fast, writers.sibling(fast)))
    table = _table(threads)
    half = len(threads[0].comments)
    for pt, part in zip(threads, (table.slice(0, half), table.slice(half))):
        sink.write(part, [pt.thread.to_dict()])
    sink.close()
    return slow, fast


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
@pytest.mark.parametrize("refused", [False, True])
def test_big_text_outputs_advise_written_pages_away_and_lose_nothing(tmp_path, monkeypatch, suffix, refused):
    """Written through the page cache (no direct writes), past twice KEEP_CACHED bytes,
    the pages written before the last KEEP_CACHED are advised away (POSIX_FADV_DONTNEED, from the file's start, growing with the file); the
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

    monkeypatch.setattr(fastwrite, "DIRECT", False)  # through the page cache
    monkeypatch.setattr(fastwrite, "KEEP_CACHED", 2_000)
    monkeypatch.setattr(fastwrite, "SLICE_BYTES", 1_000)
    monkeypatch.setattr(os, "posix_fadvise", advise)
    slow, fast = _write_hostile(tmp_path, suffix)
    assert fast.read_bytes() == slow.read_bytes()
    size = fast.stat().st_size
    assert size > 10 * 2_000
    if refused:
        assert len(advised) == 1  # refused once: not asked again
    else:
        assert len(advised) >= 3 and all(offset == 0 and how == os.POSIX_FADV_DONTNEED for offset, _, how in advised)
        lengths = [length for _, length, _ in advised]
        assert lengths == sorted(lengths) and lengths[-1] <= size - 2_000  # the last KEEP_CACHED bytes stay


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_direct_writes_are_whole_aligned_blocks_and_lose_nothing(tmp_path, monkeypatch, suffix):
    """Where the file system takes O_DIRECT, the lines go out in whole aligned blocks of
    the direct buffer (a line cut between two blocks, the rest of a block kept for the next)
    and the last partial block through the page cache: the general writer's bytes."""
    import os

    if not getattr(os, "O_DIRECT", 0):
        pytest.skip("no O_DIRECT on this platform")
    import fcntl

    writes: list[tuple[int, bool]] = []
    real = os.write

    def write(fd: int, data) -> int:
        writes.append((len(data), bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT)))
        return real(fd, data)

    monkeypatch.setattr(fastwrite, "DIRECT_BUFFER", 2 * fastwrite.DIRECT_ALIGN)
    monkeypatch.setattr(fastwrite, "SLICE_BYTES", 1_000)
    monkeypatch.setattr(os, "write", write)
    slow, fast = _write_hostile(tmp_path, suffix)
    assert fast.read_bytes() == slow.read_bytes()
    direct = [length for length, flagged in writes if flagged]
    if not direct:
        pytest.skip("this file system refuses O_DIRECT")
    assert len(direct) >= 3 and all(length % fastwrite.DIRECT_ALIGN == 0 for length in direct)
    assert sum(direct) < fast.stat().st_size  # the last partial block went through the page cache


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
@pytest.mark.parametrize("where", ["open", "write"])
def test_refused_direct_writes_fall_back_to_the_page_cache(tmp_path, monkeypatch, suffix, where):
    """A file system that refuses O_DIRECT when the file is set to it, or a device that
    refuses a direct write part-way (EINVAL: other alignment), gets the rest through the
    page cache: still the general writer's bytes."""
    import errno
    import os

    if not getattr(os, "O_DIRECT", 0):
        pytest.skip("no O_DIRECT on this platform")
    import fcntl

    real_fcntl, real_write = fcntl.fcntl, os.write
    refused: list[int] = []

    def set_flags(fd: int, cmd: int, arg: int = 0) -> int:
        if where == "open" and cmd == fcntl.F_SETFL and arg & os.O_DIRECT:
            refused.append(fd)
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_fcntl(fd, cmd, arg)

    def write(fd: int, data) -> int:
        if where == "write" and real_fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT and len(refused) < 2:
            refused.append(fd)
            if len(refused) == 2:  # the second direct write: after some bytes went out directly
                raise OSError(errno.EINVAL, "Invalid argument")
        return real_write(fd, data)

    monkeypatch.setattr(fastwrite, "DIRECT_BUFFER", 2 * fastwrite.DIRECT_ALIGN)
    monkeypatch.setattr(fastwrite, "SLICE_BYTES", 1_000)
    monkeypatch.setattr(fcntl, "fcntl", set_flags)
    monkeypatch.setattr(os, "write", write)
    slow, fast = _write_hostile(tmp_path, suffix)
    assert fast.read_bytes() == slow.read_bytes()
    if where == "write" and len(refused) < 2:
        pytest.skip("this file system refuses O_DIRECT")
    assert refused


def test_pieces_fold_constants_into_columns_of_few_values():
    """Constants beside a column of few distinct values are folded into its texts, with the
    separator they stand for; a constant between two other columns stays a piece; the end
    goes after the last piece without a separator, spelt out after a plain column."""
    taken = fastwrite._Taken(pa.array(["x", "y"]), pa.array([0, 1, 1]))
    plain = pa.array(["a", "b", "c"])
    for pieces, end, count, lines in [
        (["k", taken, "m", plain, "n", "o", taken], "!", 3, ["k,x,m,a,n,o,x!", "k,y,m,b,n,o,y!", "k,y,m,c,n,o,y!"]),
        ([plain, "", "", taken, plain], "\r\n", 6, ["a,,,x,a\r\n", "b,,,y,b\r\n", "c,,,y,c\r\n"]),
        (["first", plain], "", 2, ["first,a", "first,b", "first,c"]),
    ]:
        joined = fastwrite._Pieces(",", end)
        for piece in pieces:
            joined.add(piece)
        assert len(joined.folded()[0]) == count
        table = pa.table({"text": plain})
        assert [x for part in joined.lines(table, np.zeros(3, bool), []) for x in part.to_pylist()] == lines


def test_meta_texts_respaced_column_wise_are_jsons_and_odd_rows_left_to_python():
    """:func:`spaced_json` gives ``json.dumps``'s default separators for every row it does
    (separators inside strings untouched) and leaves rows with a backslash, ``NaN`` or
    ``Infinity`` to Python, which ``_meta_texts`` then writes as before."""
    import json

    from comments.io.fastwrite import _meta_texts, spaced_json
    from comments.model.records import meta_json

    metas = [meta_json(m) for m in ({}, {"a": 1, "b": [1, 2.5, None], "c": {"d": "x,y:z"}}, {"q": 'a"b'},
                                    {"n": float("nan")}, {"s": "NaN, Infinity"}, {"e": 1e-05, "t": True})]
    column = pa.array(metas + [None], pa.string())
    spaced, done = spaced_json(column)
    assert done.tolist() == [True, True, False, False, True, True, False]
    assert [s for s, d in zip(spaced.to_pylist(), done) if d] == [json.dumps(json.loads(m), ensure_ascii=False)
                                                                   for m, d in zip(metas, done) if d]
    texts, odd = _meta_texts("<", ">")(pa.array(metas, pa.string()))
    assert odd.tolist() == [False, False, False, True, False, False]
    assert [t for t, o in zip(texts.to_pylist(), odd) if not o] == [
        "<" + json.dumps(json.loads(m), ensure_ascii=False) + ">" for m, o in zip(metas, odd) if not o]


def test_csv_cells_column_wise_are_csv_writers_cells():
    import csv
    import io

    from comments.io.fastwrite import _csv_cells

    values = ["plain", "a,b", 'q"uote', "two\nlines", "cr\r", "tab\tonly", "=1+1", "ctl\x01", "", "del\x7f", None]
    cells, python = _csv_cells(pa.array(values, pa.string()))
    for value, cell, py in zip(values, cells.to_pylist(), python):
        if value is None:
            assert cell is None
            continue
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerow([value, ""])
        assert cell + ",\r\n" == buffer.getvalue() or py, value
    assert python.tolist() == [False, False, False, False, True, False, True, True, False, True, False]  # (CR: csvsafe)


def test_meta_texts_that_are_no_json_object_go_to_python_as_before():
    """Review (session 18): ``spaced_json`` respaced any row without a backslash, so an empty
    text gave ``"meta": }`` (invalid JSON) and a list was written as a meta; such rows are
    left to Python, which writes ``{}`` and marks the list odd, as main did."""
    from comments.io.fastwrite import _meta_texts, spaced_json

    column = pa.array(["", "[1,2]", '{"a":1}', "1"], pa.string())
    assert spaced_json(column)[1].tolist() == [False, False, True, False]
    texts, odd = _meta_texts('"meta": ', "}")(column)
    assert texts.to_pylist()[0] == '"meta": {}}' and odd.tolist()[1]
    assert texts.to_pylist()[2] == '"meta": {"a": 1}}'
