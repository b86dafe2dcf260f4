"""Outputs of the columnar fast path (:mod:`comments.io.fastpath`): each batch of repaired
threads arrives as an Arrow table of comment records (threads contiguous, in input
order) with the batch's thread records, and is written as Parquet, JSON Lines or CSV —
the same records, and for JSONL and CSV the same bytes, as :mod:`comments.io.writers`
writes for the general path."""

from __future__ import annotations

import re
from pathlib import Path
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pyarrow as pa

from comments.io import writers
from comments.io.atomic import create
from comments.io.parquet_schema import comment_schema, thread_schema
from comments.io.fastpath_bytes import offsets_and_data, patched, picked, rows_holding, rows_starting, whole
from comments.model.records import COMMENT_FIELDS, THREAD_FIELDS, meta_from_json

#: The parse columns, as :mod:`comments.io.parquet_schema` types them.
SCHEMA = comment_schema()
#: Comments turned into text lines at a time, at most (memory: a slice, not a whole huge thread).
SLICE = 50_000
#: Bytes of lines made at a time, about: small enough that the memory freed by one slice's
#: lines (and the pieces they are joined from) is reused by the next slice's, where larger
#: allocations are handed back and the next ones fault in fresh pages. 1M comments,
#: in-process, median of 3 (CPU s, page faults): generic → JSONL 3.55 → 3.24 (111k → 73k),
#: Reddit → JSONL 4.15 → 3.42 (122k → 90k), Reddit → CSV 4.00 → 3.63 (228k → 98k).
SLICE_BYTES = 2 << 20
#: Slices whose columns are made into pieces of lines at a time: the columns' work is done
#: per call, so fewer, larger calls cost less, while the lines are still joined and written a
#: slice (about :data:`SLICE_BYTES`) at a time. At 1M generic comments → JSONL (median of 3):
#: lines made from 4 MB slices instead of 2 MB cut user CPU 2.73 → 2.50 s but raised system
#: CPU 0.39 → 0.75 s; columns made 4, 8 or 16 slices at a time, lines 2 MB at a time: user
#: 2.70, 2.60 and 2.56 s, system the same.
PREPARED = 8
#: A line's bytes besides its text, about (keys, ids, author, date: the estimate for SLICE_BYTES).
_LINE_OVERHEAD = 400


def slices(comments: pa.Table, times: int = 1) -> list[tuple[int, int]]:
    """``(start, rows)`` of consecutive slices of ``comments``: at most ``times`` ×
    :data:`SLICE` rows and, unless one row alone is larger, about ``times`` ×
    :data:`SLICE_BYTES` bytes of lines each."""
    n = comments.num_rows
    if not n:
        return []
    text = comments.column("text")
    sizes = np.concatenate([np.diff(offsets_and_data(chunk)[0]) for chunk in text.chunks]) + _LINE_OVERHEAD
    ends = np.cumsum(sizes, dtype=np.int64)
    out, start = [], 0
    while start < n:
        before = int(ends[start - 1]) if start else 0
        fits = int(np.searchsorted(ends, before + times * SLICE_BYTES, side="right")) - start
        rows = min(max(fits, 1), times * SLICE, n - start)
        out.append((start, rows))
        start += rows
    return out


class ParquetSink:
    """Comments written block by block; threads (few) written at the end."""

    schema = SCHEMA

    def __init__(self, out: Path, threads_out: Path) -> None:
        import pyarrow.parquet as pq  # here: JSONL and CSV runs need not load it (nor the ssl it pulls in)

        self.comments = pq.ParquetWriter(out, SCHEMA, use_dictionary=["record", "site", "thread_id", "author",
                                                                     "kind", "status", "flags"])
        self.thread_rows: list[dict] = []
        self.sibling = threads_out

    def write(self, comments: pa.Table, threads: list[dict[str, Any]]) -> None:
        self.comments.write_table(comments)
        self.thread_rows.extend(threads)

    def close(self) -> None:
        import pyarrow.parquet as pq

        self.comments.close()
        pq.write_table(pa.Table.from_pylist(self.thread_rows, schema=thread_schema()), self.sibling)


class JsonlSink:
    """Each thread record followed by its comments, as :func:`comments.io.writers.write_jsonl`
    writes them: lines are put together column by column in Arrow and their bytes written
    as they lie in memory (no Python string per line); the rare row with flags or a
    ``meta`` only Python writes is made by the general path's own function."""

    schema = SCHEMA

    def __init__(self, out: Path) -> None:
        self.handle = _TextOutput(out)

    def write(self, comments: pa.Table, threads: list[dict[str, Any]]) -> None:
        starts = np.cumsum([0] + [t["comment_count"] for t in threads], dtype=np.int64)[:-1]
        heads = [writers._json_line(thread) for thread in threads]  # each goes before its first comment
        for start, rows in slices(comments, PREPARED):  # a huge thread is written a slice at a time
            part = comments.slice(start, rows)
            first = np.searchsorted(starts, start)
            here = starts[first:np.searchsorted(starts, start + part.num_rows)] - start
            for lines in _comment_lines(part, here, heads[first:first + len(here)]):
                _write_bytes(self.handle, lines)

    def close(self) -> None:
        self.handle.close()


#: Bytes of a JSONL or CSV output the page cache keeps behind the write position, about: the
#: pages before that are handed to the disk and then dropped (:class:`_TextOutput`, where the
#: file system takes no direct writes).
KEEP_CACHED = 32 << 20
#: Direct writes (``O_DIRECT``, past the page cache) where the file system takes them.
DIRECT = True
#: Bytes gathered for one direct write (a multiple of :data:`DIRECT_ALIGN`).
DIRECT_BUFFER = 4 << 20
#: What direct writes must be aligned to (memory, file offset and length): the page size,
#: a multiple of every disk's logical block.
DIRECT_ALIGN = 4096


class _TextOutput:
    """A new output file for hundreds of MB of lines, written past the page cache where the
    file system allows it (``O_DIRECT``): the lines are gathered in one page-aligned buffer
    and written :data:`DIRECT_BUFFER` bytes at a time, the last partial block through the
    page cache at the end. Buffered writes copy every byte into fresh page-cache pages, the
    kernel's largest cost of a JSONL output (1M Reddit comments → JSONL: 9 % of the samples
    of a profile; 500 MB written in 2 MB pieces: 0.22–0.25 s of system CPU, direct 0.02–0.04 s
    with the copy into the buffer, docs/performance.md, session 15). Elsewhere (no
    ``O_DIRECT``, a file system that refuses it, or a direct write refused part-way) the
    bytes go through the page cache, and every :data:`KEEP_CACHED` bytes the pages written
    before the last :data:`KEEP_CACHED` are advised away (``posix_fadvise(DONTNEED)``), so
    the kernel reuses the same few pages instead of taking up fresh memory for the whole
    file (session 13). Nothing is lost or reordered either way: the bytes are written in
    order, the file is whole when closed."""

    def __init__(self, path: Path) -> None:
        import os

        self.handle = create(path, "wb")
        self.written = self.advised = 0
        self.advise = getattr(os, "posix_fadvise", None)
        self.dontneed = getattr(os, "POSIX_FADV_DONTNEED", 0)
        self.buffer = _direct_buffer(self.handle.fileno()) if DIRECT else None
        self.filled = 0  # bytes of ``buffer`` not yet written

    def write(self, data: bytes | memoryview) -> None:
        if self.buffer is None:
            self._cached(data)
            return
        with memoryview(data) as view:
            at = 0
            while at < len(view):
                take = min(len(view) - at, len(self.buffer) - self.filled)
                self.buffer[self.filled:self.filled + take] = view[at:at + take]
                self.filled += take
                at += take
                if self.filled == len(self.buffer):
                    self._flush()
                    if self.buffer is None:  # refused part-way: the rest through the page cache
                        self._cached(view[at:])
                        return

    def _flush(self) -> None:
        """The buffer's whole aligned blocks written directly, the rest moved to its start;
        refused (EINVAL: the device wants other alignment), the buffer's bytes are written
        through the page cache from now on."""
        import errno
        import os

        whole_blocks = self.filled - self.filled % DIRECT_ALIGN
        done, refused = 0, False
        with memoryview(self.buffer) as view:
            try:
                while done < whole_blocks:
                    done += os.write(self.handle.fileno(), view[done:whole_blocks])
            except OSError as exc:
                if exc.errno != errno.EINVAL:
                    raise
                refused = True
                _buffered(self.handle.fileno())
                self._cached(view[done:self.filled])
            else:
                view[:self.filled - done] = view[done:self.filled]
        if refused:
            self._release()
        else:
            self.filled -= done

    def _cached(self, data: bytes | memoryview) -> None:
        """``data`` written through the page cache, written pages advised away as it grows."""
        self.handle.write(data)
        self.written += len(data)
        if self.advise is not None and self.written - self.advised >= 2 * KEEP_CACHED:
            self.advised = self.written - KEEP_CACHED
            try:
                self.advise(self.handle.fileno(), 0, self.advised, self.dontneed)
            except OSError:  # a file system without the advice: the pages stay cached, as before
                self.advise = None

    def _release(self) -> None:
        """The direct buffer given up (its bytes written)."""
        buffer, self.buffer, self.filled = self.buffer, None, 0
        buffer.close()

    def close(self) -> None:
        try:
            if self.buffer is not None:
                self._flush()
            if self.buffer is not None:  # the last partial block: a direct write must be whole blocks
                _buffered(self.handle.fileno())
                with memoryview(self.buffer) as view:
                    self._cached(view[:self.filled])
                self._release()
        finally:
            self.handle.close()


def _direct_buffer(fd: int) -> Any:
    """A page-aligned buffer of :data:`DIRECT_BUFFER` bytes once ``fd`` is set to direct
    writes; None where there are none (no ``O_DIRECT`` on the platform, or a file system
    that refuses it)."""
    import mmap
    import os

    flag = getattr(os, "O_DIRECT", 0)
    if not flag:
        return None
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | flag)
    except (ImportError, OSError):
        return None
    return mmap.mmap(-1, DIRECT_BUFFER)  # anonymous: page-aligned


def _buffered(fd: int) -> None:
    """``fd`` back to writes through the page cache."""
    import fcntl
    import os

    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_DIRECT)


def _write_bytes(handle: Any, lines: pa.Array) -> None:
    """The text of a string array's values, one after another, straight from its buffer."""
    offsets, data = offsets_and_data(lines)
    if len(offsets) > 1:
        handle.write(memoryview(data)[int(offsets[0]):int(offsets[-1])])


#: Bytes ``json.dumps`` escapes: C0 controls (below 32), quote and backslash.
_JSON_SPECIAL = b'"\\'


def json_values(column: pa.Array | pa.ChunkedArray, prefix: str = "") -> pa.Array:
    """``prefix`` + each value of a string column as ``json.dumps(ensure_ascii=False)``
    writes it (null → ``null``): plain values are quoted column-wise, the few that need
    escapes get them from json's own encoder."""
    from json.encoder import encode_basestring
    import pyarrow.compute as pc

    text = whole(column)
    special = rows_holding(text, _JSON_SPECIAL, below=32)
    quoted = pc.binary_join_element_wise(prefix + '"', text, '"', "")
    quoted = patched(quoted, special, [prefix + encode_basestring(v) for v in picked(text, special)])
    return pc.fill_null(quoted, prefix + "null")


def json_contents(text: pa.Array) -> pa.Array:
    """Each value of a string column without nulls as ``json.dumps(ensure_ascii=False)``
    writes it, less the quotes around it: plain values as they are, the few that need
    escapes escaped by json's own encoder."""
    from json.encoder import encode_basestring

    special = rows_holding(text, _JSON_SPECIAL, below=32)
    return patched(text, special, [encode_basestring(v)[1:-1] for v in picked(text, special)])


def per_value(column: pa.Array, make: Callable[[pa.Array], tuple[pa.Array, np.ndarray]],
              null: str | None = None) -> tuple[_Taken, np.ndarray]:
    """``make`` (values → texts, and which need Python) computed once per distinct value
    of a column with few of them (sites, authors, dates, ``meta``), each row's text taken
    from those when its lines are joined; null rows get ``null`` (None: they stay null)."""
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column)
    texts, odd = make(encoded.dictionary)
    indices = encoded.indices
    python = odd[pc.fill_null(indices, 0).to_numpy(zero_copy_only=False)] & pc.is_valid(indices).to_numpy(
        zero_copy_only=False) if odd.any() else np.zeros(len(column), bool)
    if null is not None and indices.null_count:
        texts = pa.concat_arrays([texts, pa.array([null], pa.string())])
        indices = pc.fill_null(indices, len(texts) - 1)
    return _Taken(texts, indices), python


class _Taken:
    """A column of few distinct texts: ``texts``, and each row's index into them (taken
    a slice at a time when lines are joined). Constant texts beside it in a line are
    folded into ``texts`` (:class:`_Pieces`): a take costs a third of a piece of Arrow's
    row-wise join, and each piece folded away saves one."""

    def __init__(self, texts: pa.Array, indices: pa.Array) -> None:
        self.texts, self.indices = texts, indices

    def framed(self, prefix: str, suffix: str) -> _Taken:
        """The same rows with ``prefix`` before and ``suffix`` after each text."""
        import pyarrow.compute as pc

        if not prefix and not suffix:
            return self
        return _Taken(pc.binary_join_element_wise(prefix, self.texts, suffix, ""), self.indices)

    def slice(self, start: int, rows: int) -> pa.Array:
        return self.texts.take(self.indices.slice(start, rows))


def _numbers(column: pa.Array) -> _Taken | pa.Array:
    """An integer column (depths, positions: small, never negative) as text: each number
    written once and taken per row (a take costs half a cast per row); the cast where a
    value is null or negative."""
    import pyarrow.compute as pc

    values = column.to_numpy(zero_copy_only=False) if not column.null_count else None
    if values is None or not len(values) or values.min() < 0:
        return pc.cast(column, pa.string())
    return _Taken(pc.cast(pa.array(np.arange(int(values.max()) + 1, dtype=np.int64)), pa.string()), column)


#: Columns whose values are mostly distinct: made row by row, not per distinct value.
_DISTINCT = ("id", "parent_id", "text")


def _meta_texts(prefix: str, suffix: str) -> Callable[[pa.Array], tuple[pa.Array, np.ndarray]]:
    """Distinct ``meta`` JSON texts → ``prefix`` + each as ``json.dumps`` writes it inside
    the record + ``suffix``, and which need Python (values it refuses or must clean). The
    texts :func:`spaced_json` can respace are made column-wise, the others by ``json``."""
    import json

    import pyarrow.compute as pc

    def make(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
        values = whole(values)
        spaced, done = spaced_json(values)
        texts, bad = [], []
        for value in picked(values, ~done):
            try:
                text = json.dumps(meta_from_json(value), ensure_ascii=False, allow_nan=False)
            except ValueError:
                text = None
            bad.append(text is None or writers._SURROGATE.search(text) is not None)
            texts.append(text or "{}")
        odd = np.zeros(len(values), bool)
        odd[np.flatnonzero(~done)] = bad
        made = patched(spaced, ~done, texts)
        return (pc.binary_join_element_wise(prefix, made, suffix, "") if prefix or suffix else made), odd

    return make


def spaced_json(compact: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """JSON texts as :func:`comments.model.records.meta_json` writes them (``,`` and ``:``
    between items) with the separators ``json.dumps`` writes by default (``, `` and ``: ``),
    column-wise, and which rows were done so: rows without a backslash, whose quotes all
    open or close a string, and without ``NaN`` or ``Infinity`` outside strings (which
    ``json.dumps(allow_nan=False)`` refuses). Other rows (and nulls) are left as they are,
    for Python. Why: 1M Pushshift comments' ``meta`` decoded and encoded again by ``json``
    cost seconds; the texts need only a space after each separator."""
    offsets, data = offsets_and_data(compact)
    done = ~rows_holding(compact, b"\\") & pc_valid(compact)
    if len(compact):  # only JSON objects are respaced: an empty or other text goes to Python, as before
        starts = offsets[:-1]
        filled = offsets[1:] > starts
        done &= filled & (data[np.minimum(starts, max(len(data) - 1, 0))] == ord("{")) if len(data) else False
    if not len(compact) or not done.any():
        return compact, done
    start, end = int(offsets[0]), int(offsets[-1])
    text = data[start:end]
    row_ends = offsets[1:] - start
    quotes = np.flatnonzero(text == ord('"'))
    marks = np.flatnonzero((text == ord(",")) | (text == ord(":")) | (text == ord("N")) | (text == ord("I")))
    rows = np.searchsorted(row_ends, marks, side="right")
    before = np.searchsorted(quotes, offsets[:-1] - start)  # quotes of the rows above (a row's may be odd)
    outside = ((np.searchsorted(quotes, marks) - before[rows]) & 1) == 0  # not in a string
    marks, rows = marks[outside], rows[outside]
    literal = (text[marks] == ord("N")) | (text[marks] == ord("I"))
    if literal.any():  # NaN, Infinity: Python's rows
        done[rows[literal]] = False
    separators = marks[~literal & done[rows]]  # the rows left to Python keep their text
    spaced = np.insert(text, separators + 1, ord(" "))
    moved = np.searchsorted(separators, offsets - start, side="left")
    new_offsets = (offsets - start + moved).astype(np.int64)
    out = pa.Array.from_buffers(pa.large_string(), len(compact), [None, pa.py_buffer(new_offsets),
                                                                   pa.py_buffer(spaced)])
    return out.cast(pa.string()), done


def pc_valid(col: pa.Array) -> np.ndarray:
    """Which rows of ``col`` are not null."""
    import pyarrow.compute as pc

    return pc.is_valid(col).to_numpy(zero_copy_only=False)


class _Pieces:
    """Constant texts and columns, joined row by row into lines, ``separator`` between
    every two pieces added and ``end`` after the last (without a separator). Arrow's join
    costs per piece and row (about 9 ns, a separator about 1 ns: 1M comments' JSONL lines
    from 18 pieces 0.28 s of CPU), so constants are never pieces of their own where they
    can be avoided: adjacent ones are one text, one beside a column of few distinct
    values (:class:`_Taken`) is folded into that column's texts, and a column holding one
    value in every row becomes a constant too."""

    def __init__(self, separator: str = "", end: str = "") -> None:
        self.separator, self.end = separator, end
        self.pieces: list[Any] = []

    def constant(self) -> str:
        """The constant last added, taken away (to be made with the next column: no
        separator), or ""."""
        return self.pieces.pop() if self.pieces and isinstance(self.pieces[-1], str) else ""

    def add(self, piece: Any) -> None:
        if isinstance(piece, str) and self.pieces and isinstance(self.pieces[-1], str):
            self.pieces[-1] += self.separator + piece
        else:
            self.pieces.append(piece)

    def folded(self) -> tuple[list[Any], str]:
        """The pieces with each constant folded into a neighbouring :class:`_Taken` (the
        one after it first; the separator between them is folded in with it) and ``end``
        after the last piece, and the separator to join them with."""
        pieces = list(self.pieces)
        out: list[Any] = []
        for i, piece in enumerate(pieces):
            if isinstance(piece, str) and i + 1 < len(pieces) and isinstance(pieces[i + 1], _Taken):
                pieces[i + 1] = pieces[i + 1].framed(piece + self.separator, "")
            elif isinstance(piece, str) and out and isinstance(out[-1], _Taken):
                out[-1] = out[-1].framed("", self.separator + piece)
            else:
                out.append(piece)
        if not self.end:
            return out, self.separator
        if out and isinstance(out[-1], str):
            return out[:-1] + [out[-1] + self.end], self.separator
        if out and isinstance(out[-1], _Taken):
            return out[:-1] + [out[-1].framed("", self.end)], self.separator
        spelt: list[Any] = []  # after a column: the end a piece of its own, every separator spelt out
        for item in [x for k, piece in enumerate(out) for x in ((self.separator, piece) if k else (piece,))]:
            if isinstance(item, str) and spelt and isinstance(spelt[-1], str):
                spelt[-1] += item
            else:
                spelt.append(item)
        return spelt + [self.end], ""

    def lines(self, table: pa.Table, python: np.ndarray, made: list[str]) -> Iterator[pa.Array]:
        """The joined lines of ``table``'s rows a slice (:func:`slices`) at a time, the rows
        of ``python`` (a mask) replaced by ``made`` (one line each, in row order)."""
        import pyarrow.compute as pc

        pieces, separator = self.folded()
        before = np.cumsum(python) - python  # rows of ``python`` above each row
        for start, rows in slices(table):
            if not any(isinstance(p, (pa.Array, pa.ChunkedArray, _Taken)) for p in pieces):
                joined = pa.repeat(pa.scalar(separator.join(pieces), pa.string()), rows)
            else:
                joined = pc.binary_join_element_wise(
                    *(p if isinstance(p, str) else p.slice(start, rows) for p in pieces), separator)
            mask = python[start:start + rows]
            if mask.any():
                first = int(before[start])
                joined = patched(joined, mask, made[first:first + int(np.count_nonzero(mask))])
            yield joined


def single_value(column: pa.Array) -> tuple[bool, Any]:
    """``(True, value)`` when every row of a string column holds the same value (None:
    every row is null), else ``(False, None)``; no hashing, no sort: the rows' lengths, then
    their bytes against the first row's (a column of ``comment`` × 1M rows: 3 ms, where
    Arrow's ``min_max`` took 10 ms)."""
    if column.null_count == len(column):
        return True, None
    if column.null_count or not pa.types.is_string(column.type):
        return False, None
    offsets, data = offsets_and_data(column)
    start, size = int(offsets[0]), int(offsets[1] - offsets[0])
    first = data[start:start + size]
    if not np.array_equal(first, data[offsets[-2]:offsets[-1]]) or int(offsets[-1]) - start != size * len(column):
        return False, None  # the first and last rows differ, or the lengths do: no pass over the column needed
    if not np.all(np.diff(offsets) == size):
        return False, None
    if size and not np.all(data[start:int(offsets[-1])].reshape(-1, size) == first):
        return False, None
    return True, first.tobytes().decode("utf-8")


def _comment_lines(comments: pa.Table, heads_at: np.ndarray, heads: list[str]) -> Iterator[pa.Array]:
    """Each comment's JSON line, exactly as :func:`comments.io.writers._json_line` makes it,
    preceded by the thread line ``heads[i]`` at row ``heads_at[i]``, a slice of lines at a
    time. The keys and quotes are constants between the value columns, so one join of the
    columns (each value copied once) makes the lines."""
    import json

    import pyarrow.compute as pc

    lines = _Pieces()
    python = pc.list_value_length(comments.column("flags")).to_numpy(zero_copy_only=False) > 0
    for name in COMMENT_FIELDS:
        lines.add(("{" if name == COMMENT_FIELDS[0] else ", ") + f'"{name}": ')
        column = whole(comments.column(name))
        single, value = single_value(column) if name not in _DISTINCT or column.null_count else (False, None)
        if name == "flags":
            lines.add("[]")  # rows with flags are made in Python
        elif name in ("depth", "position"):
            lines.add(_numbers(column))
        elif name == "meta":
            made = _meta_texts("", "")
            text, odd = made(pa.array([value], pa.string())) if single and value is not None else (None, [True])
            if not odd[0]:
                lines.add(text[0].as_py())
            else:
                piece, odd = per_value(column, made)
                python |= odd
                lines.add(piece)
        elif single:
            lines.add(json.dumps(value, ensure_ascii=False))
        elif name in _DISTINCT and not column.null_count:
            lines.add('"')
            lines.add(json_contents(column))
            lines.add('"')
        elif name in _DISTINCT:
            lines.add(json_values(column, lines.constant()))  # the key before it made with the values
        else:
            lines.add(per_value(column, lambda v: (json_values(v), np.zeros(0, bool)), "null")[0])
    lines.add("}\n")
    if len(heads):
        before = np.zeros(comments.num_rows, np.int64)
        before[heads_at] = np.arange(1, len(heads_at) + 1)
        lines.pieces.insert(0, _Taken(pa.array([""] + heads, pa.string()), pa.array(before)))
    made = []
    if python.any():
        at = dict(zip(heads_at.tolist(), heads))
        rows = np.flatnonzero(python)
        for row, values in zip(rows, zip(*(comments.filter(pa.array(python)).column(n).to_pylist()
                                           for n in COMMENT_FIELDS))):
            record = dict(zip(COMMENT_FIELDS, values))
            record["meta"] = meta_from_json(record["meta"])
            made.append(at.get(int(row), "") + writers._json_line(record))
    return lines.lines(comments, python, made)


class CsvSink:
    """Comments in the CSV file as they come, threads in its sibling at the end, as
    :func:`comments.io.writers.write_csv`."""

    schema = SCHEMA

    def __init__(self, out: Path, threads_out: Path) -> None:
        self.handle = _TextOutput(out)
        self.handle.write((",".join(COMMENT_FIELDS) + "\r\n").encode())  # csv.writer's header: no field needs quotes
        self.threads_out = threads_out
        self.thread_rows: list[dict] = []

    def write(self, comments: pa.Table, threads: list[dict[str, Any]]) -> None:
        for start, rows in slices(comments, PREPARED):
            for lines in _csv_lines(comments.slice(start, rows)):
                _write_bytes(self.handle, lines)
        self.thread_rows.extend(threads)

    def close(self) -> None:
        self.handle.close()
        writers.write_table(self.threads_out, list(THREAD_FIELDS), self.thread_rows)


#: First characters of cells :func:`comments.io.csvsafe.neutralize` changes.
_CSV_RISKY_START = b"'=+-@\t\r"
_BINARY_LOOKING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # as csvsafe's: cells it writes as JSON


#: Bytes that make ``csv.writer`` quote a cell (``,"\\r\\n``) or ``neutralize`` change it
#: (controls but tab and newline, DEL): these and every byte below 32.
_CSV_SPECIAL = b'",\x7f'


def _csv_quoted(value: str) -> str:
    """A cell as ``csv.writer`` writes it with minimal quoting (tab alone needs none)."""
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\r\n') else value


#: The bytes of :data:`_BINARY_LOOKING`.
_BINARY_BYTES = bytes([*range(0, 9), *range(11, 32), 127])


def _csv_cells(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """A string column as CSV cells (:func:`_csv_quoted` column-wise: the rows holding
    ``,"\\r\\n`` quoted, their quotes doubled), and which rows ``neutralize`` changes
    (Python makes those)."""
    import pyarrow.compute as pc

    text = whole(text)
    python = rows_starting(text, _CSV_RISKY_START) | rows_holding(text, _BINARY_BYTES)
    quote = rows_holding(text, b',"\r\n')
    if not quote.any():
        return text, python
    rows = pa.array(quote)
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(text.filter(rows), '"', '""'), '"', "")
    return pc.replace_with_mask(text, rows, quoted), python


def _csv_lines(comments: pa.Table) -> Iterator[pa.Array]:
    """Each comment's CSV row as :func:`comments.io.writers.write_rows` writes it (minimal
    quoting, ``\\r\\n``), made column by column, a slice of rows at a time; rows with flags
    or cells that need neutralising are made by that function itself."""
    import io

    import pyarrow.compute as pc

    cells = _Pieces(",", "\r\n")
    python = pc.list_value_length(comments.column("flags")).to_numpy(zero_copy_only=False) > 0
    for name in COMMENT_FIELDS:
        column = whole(comments.column(name))
        single, value = single_value(column) if name not in _DISTINCT or column.null_count else (False, None)
        if single and value is not None:
            text, odd = _csv_cells(pa.array([value], pa.string()))
            single = not odd[0]  # a cell neutralize changes: every row is made in Python
            value = text[0].as_py()
        if name == "flags":
            cells.add("")
        elif name in ("depth", "position"):
            cells.add(_numbers(column))
        elif single:
            cells.add(value or "")
        elif name in _DISTINCT:
            cell, odd = _csv_cells(column)
            python |= odd
            cells.add(pc.fill_null(cell, ""))
        else:
            cell, odd = per_value(column, _csv_cells, "")
            python |= odd
            cells.add(cell)
    made = []
    if python.any():
        for values in zip(*(comments.filter(pa.array(python)).column(n).to_pylist() for n in COMMENT_FIELDS)):
            buffer = io.StringIO(newline="")
            writers.write_rows(buffer, list(COMMENT_FIELDS), [dict(zip(COMMENT_FIELDS, values))])
            made.append(buffer.getvalue())
    return cells.lines(comments, python, made)
