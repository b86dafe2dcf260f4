"""Several inputs merged on the columnar fast path, as :func:`comments.io.pipeline.place`
merges them on the general path: a comment id of a thread that another input gave first
is dropped (one note each), a thread's URL is the first input's that has one, and its
``source`` the first input that gave it. Used by the local fast path for several Reddit
dumps (:func:`comments.io.fastpath.convert_many`) and by the Dask engine's columnar
shuffle (:mod:`comments.engine.columnar`), on tables of whole threads in input order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from comments.io.pipeline import _repeated, repeat_note

if TYPE_CHECKING:
    from comments.io.fastpath_repair import Summary


def text_column(col: pa.ChunkedArray | pa.Array) -> pa.Array:
    """A column as plain strings (dictionary-encoded ones decoded), one chunk."""
    col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    return pc.cast(col, pa.string()) if pa.types.is_dictionary(col.type) else col


def first_rows(codes: np.ndarray) -> np.ndarray:
    """For each code (numbered by first appearance), the row where it first appears."""
    _, first = np.unique(codes, return_index=True)
    return first


def cross_input(table: pa.Table, pairs: pa.Array, codes: np.ndarray, inputs: np.ndarray,
                names: dict[int, str], lines: np.ndarray | None = None, refuse_differing: bool = False
                ) -> tuple[np.ndarray, list[tuple[tuple[int, int, int], str]]]:
    """Rows repeating a comment id of their thread that another input gave first (by
    name, as :func:`comments.io.pipeline.place` compares them): a mask of rows to drop,
    and one note each with its place in the general path's order (input, the thread's
    first line in that input, the row's line; ``lines``: each row's line number across
    all inputs, default its row). ``pairs``: each row's (site, thread) key. ``refuse_differing``:
    NotEligible when another input gives an id with other author or words (the general path
    keeps those, :func:`comments.io.pipeline.place`)."""
    lines = np.arange(len(codes), dtype=np.int64) if lines is None else lines
    ids = text_column(table.column("id"))
    drop = np.zeros(len(codes), bool)
    if not len(codes):
        return drop, []
    id_codes = pc.dictionary_encode(pc.binary_join_element_wise(pairs, ids, "\x1f")).indices
    valid = pc.is_valid(id_codes).to_numpy(zero_copy_only=False)
    if not valid.any():
        return drop, []
    id_codes = pc.fill_null(id_codes, 0).to_numpy(zero_copy_only=False)
    name_of = {name: k for k, name in enumerate(dict.fromkeys(names.values()))}
    lookup = np.full(max(names) + 1, -1, np.int64)
    for index, name in names.items():
        lookup[index] = name_of[name]
    name_ids = lookup[inputs]
    rows = np.flatnonzero(valid)
    first = first_rows(id_codes[rows])
    first_row_of = np.full(int(id_codes[rows].max()) + 1, -1, np.int64)
    first_row_of[np.unique(id_codes[rows])] = rows[first]
    drop[rows] = name_ids[first_row_of[id_codes[rows]]] != name_ids[rows]
    if refuse_differing and _other_words(table, rows, first_row_of[id_codes[rows]], drop.copy()):
        from comments.io.fastpath_read import NotEligible

        raise NotEligible("a comment id two inputs give with other words: the general path keeps both (ID~2)")
    _same_records(table, rows, first_row_of[id_codes[rows]], drop)
    if not drop.any():
        return drop, []
    per_input = inputs * (int(codes.max()) + 1) + codes
    found, starts = np.unique(per_input, return_index=True)
    thread_first = starts[np.searchsorted(found, per_input)]  # each row's thread's first row in its input
    thread_ids = text_column(table.column("thread_id"))
    notes = []
    for r in np.flatnonzero(drop):
        r = int(r)
        note = repeat_note(names[int(inputs[r])], ids[r].as_py(), thread_ids[r].as_py(),
                           names[int(inputs[first_row_of[id_codes[r]]])])
        notes.append(((int(inputs[r]), int(lines[thread_first[r]]), int(lines[r])), note))
    notes.sort(key=lambda item: item[0])
    return drop, notes


def _other_words(table: pa.Table, rows: np.ndarray, firsts: np.ndarray, drop: np.ndarray) -> list[tuple[int, int]]:
    """Take out of ``drop`` the ``rows`` another input gave first whose author or text (ends'
    white space aside) differs from every record of their id read so far, as
    :func:`comments.io.pipeline.place` keeps them (``ID~2``, flag ``duplicate_id``); those
    (row, first row) pairs, in row order. Only the rows differing from their first record are
    compared in Python."""
    cross = rows[drop[rows]]
    if not len(cross):
        return []
    first_of = dict(zip(rows.tolist(), firsts.tolist()))
    mine = pa.array(cross)
    theirs = pa.array([first_of[r] for r in cross.tolist()], pa.int64())
    same = None
    for name in ("author", "text"):
        column = table.column(name)
        if name == "text":
            column = pc.utf8_trim_whitespace(column)
        a, b = column.take(mine), column.take(theirs)
        equal = pc.fill_null(pc.equal(a, b), False)
        both_null = pc.and_(pc.is_null(a), pc.is_null(b))
        equal = pc.or_(equal, both_null)
        same = equal if same is None else pc.and_(same, equal)
    differ = cross[~same.to_numpy(zero_copy_only=False)]
    if not len(differ):
        return []
    versions: dict[int, list[tuple]] = {}
    kept = []
    authors, texts = table.column("author"), table.column("text")
    for r in differ.tolist():
        first = first_of[r]
        known = versions.setdefault(first, [(authors[first].as_py(), (texts[first].as_py() or "").strip())])
        words = (authors[r].as_py(), (texts[r].as_py() or "").strip())
        if words in known:
            continue
        known.append(words)
        drop[r] = False
        kept.append((r, first))
    return kept


def _same_records(table: pa.Table, rows: np.ndarray, firsts: np.ndarray, drop: np.ndarray) -> None:
    """Mark in ``drop`` the ``rows`` that repeat their ``firsts`` row (an earlier row of the
    same thread and id, the same input) field for field: one record given twice in one input
    is kept once, as :func:`comments.io.pipeline.place` keeps it; other content keeps the
    ``ID~2`` rule. Only the few rows with a repeated id are compared, in Python."""
    again = rows[(firsts != rows) & ~drop[rows]]
    if not len(again):
        return
    first_of = dict(zip(rows.tolist(), firsts.tolist()))
    versions: dict[int, list] = {}  # first row → the distinct records of its id so far
    for r in again.tolist():
        known = versions.setdefault(first_of[r], table.slice(first_of[r], 1).to_pylist())
        mine = table.slice(r, 1).to_pylist()[0]
        if mine in known:
            drop[r] = True
        else:
            known.append(mine)


def repeats_within(notes: list[tuple[tuple[int, int, int], str]]) -> int:
    """How many of :func:`cross_input`'s notes are on records repeated within one input
    (not duplicates across inputs, which the summary counts)."""
    return sum(1 for _, note in notes if (m := _repeated(note)) and m[0] == m[1])


def thread_urls(table: pa.Table, codes: np.ndarray, inputs: np.ndarray) -> pa.Table:
    """Each thread's URL as the general path merges it: per input its first comment's,
    the first of those (input order) that has one."""
    url = text_column(table.column("url"))
    if not url.null_count or not len(codes):
        return table
    heads = first_rows(inputs * (int(codes.max()) + 1) + codes)  # first row of each (input, thread)
    heads = heads[pc.is_valid(pc.take(url, pa.array(heads))).to_numpy(zero_copy_only=False)]
    chosen = np.full(int(codes.max()) + 1, -1, np.int64)
    for row in sorted(heads, key=lambda r: (int(inputs[r]), int(r)), reverse=True):
        chosen[codes[row]] = row  # the earliest input wins (written last)
    resolved = pc.take(url, pa.array(chosen[codes], mask=chosen[codes] < 0))
    return table.set_column(table.column_names.index("url"), "url", resolved)


class Sourced:
    """A sink whose thread records get their own input's name (the first input that gave
    the thread), in thread order, instead of one name for the whole batch."""

    def __init__(self, sink: Any, sources: Iterator[str] | None = None) -> None:
        self.sink, self.schema, self.sources = sink, sink.schema, sources

    def write(self, comments: pa.Table, threads: list[dict[str, Any]]) -> None:
        for row in threads:
            row["source"] = next(self.sources)
        self.sink.write(comments, threads)

    def close(self) -> None:
        self.sink.close()


#: Bytes read and parsed at a time from each input.
BLOCK = 16 << 20
#: Columns added to each block while several inputs are held: the input's number and the
#: row's line number across all inputs (the order of the notes).
_INPUT, _LINE = "__input", "__line"


def convert_many(items: list[tuple[Path, str, str]], out: Path, restore_pandas: bool = True
                 ) -> tuple[Summary, list[str]]:
    """Several Reddit comment dumps (``items``: each file's path, name as given, stem) into
    one output (Parquet, JSONL or CSV by the suffix of ``out``), merged as the general path
    merges them — threads in order of first appearance over the inputs in order, a thread
    spread over several dumps (Reddit's monthly files) whole, a comment two inputs give
    kept once — with the same records and bytes. The rows of all inputs are held as for one
    interleaved dump (spilled past :data:`comments.io.fastpath_spill.HOLD`: memory bounded
    by the hold, a bucket and a batch). The summary and the notes (duplicates across
    inputs); NotEligible when the general path must do it (an input that is not such a
    dump, a thread under two subreddits)."""
    from comments.io.fastpath import _without_pandas

    with _without_pandas(restore_pandas):
        return _convert_many(items, out)


def _convert_many(items: list[tuple[Path, str, str]], out: Path) -> tuple[Summary, list[str]]:
    from comments.io import fastwrite
    from comments.io.atomic import replacing
    from comments.io.fastpath import _Behind, _compact_memory, _held_batches, reader_name
    from comments.io.fastpath_read import NotEligible, blocks, reddit
    from comments.io.fastpath_repair import repair_and_write
    from comments.io.writers import sibling

    if any(reader_name(path, None, {}) != "reddit" for path, _, _ in items):
        raise NotEligible("not Reddit comment dumps")
    dialects = [reddit(path, stem) for path, _, stem in items]
    names = {index: name for index, (_, name, _) in enumerate(items)}
    keyed: list[tuple[tuple[int, int, int], str]] = []
    finals = [out] if out.suffix == ".jsonl" else [out, sibling(out)]

    def tables() -> Iterator[pa.Table]:
        line, sites = 0, {}
        for index, ((path, _, _), dialect) in enumerate(zip(items, dialects)):
            for data in blocks(path, BLOCK, reuse=True):
                cols = dialect.columns(data)
                _one_site(cols, sites)
                n = cols.num_rows
                cols = cols.append_column(_INPUT, pa.repeat(pa.scalar(index, pa.int64()), n))
                yield cols.append_column(_LINE, pa.array(np.arange(line, line + n, dtype=np.int64)))
                line += n

    with _compact_memory(), replacing(*finals) as temps:
        if out.suffix == ".jsonl":
            sink = Sourced(_Behind(fastwrite.JsonlSink(temps[0])))
        else:
            sink = Sourced(_Behind((fastwrite.CsvSink if out.suffix == ".csv" else fastwrite.ParquetSink)(*temps)))

        def write(rows: pa.Table, codes: np.ndarray, summary: Summary) -> None:
            inputs = rows.column(_INPUT).to_numpy()
            lines = rows.column(_LINE).to_numpy()
            rows = rows.drop_columns([_INPUT, _LINE])
            drop, found = cross_input(rows, text_column(rows.column("key")), codes, inputs, names, lines,
                                      refuse_differing=True)
            if drop.any():
                keep = ~drop
                rows, codes, inputs = rows.filter(pa.array(keep)), codes[keep], inputs[keep]
                summary.duplicates += int(drop.sum()) - repeats_within(found)
                keyed.extend(found)
            rows = thread_urls(rows, codes, inputs)
            sink.sources = iter([names[int(inputs[row])] for row in first_rows(codes)])
            repair_and_write(rows, codes, sink, summary, names[0], dialects[0])

        summary = _held_batches(tables(), sink, out, write)
    keyed.sort(key=lambda item: item[0])
    return summary, [note for _, note in keyed]


def _one_site(cols: pa.Table, sites: dict[str, str]) -> None:
    """Each thread under one subreddit in every input (``sites``: thread → site so far):
    the general path keys threads by (site, thread), the merge here by thread."""
    from comments.io.fastpath_read import NotEligible

    threads = text_column(cols.column("thread_id"))
    pairs = pc.unique(pc.binary_join_element_wise(text_column(cols.column("site")), threads, "\x1f"))
    if len(pairs) != len(pc.unique(threads)):
        raise NotEligible("a thread under two subreddits")
    for pair in pairs.to_pylist():
        site, _, thread = pair.partition("\x1f")
        if sites.setdefault(thread, site) != site:
            raise NotEligible("a thread under two subreddits")
