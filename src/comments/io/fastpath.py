"""Columnar fast path for big JSONL dumps → Parquet, JSONL or CSV.

``comments parse dump.jsonl -o out.parquet`` on millions of comments cannot afford a
Python object per comment. Here the dump is read in blocks with pyarrow's JSON reader
(:mod:`comments.io.fastpath_read`: generic JSONL, and Pushshift / Arctic Shift Reddit
comment NDJSON), threads are repaired with array operations
(:mod:`comments.io.fastpath_repair`, SPEC rules as in :mod:`comments.model.tree`) and
written batch by batch (:mod:`comments.io.fastwrite`). Rows the vectorised rules do not
cover go through the same Python functions the general path uses, so both paths give
identical records — tests hold them to that.

Threads may be contiguous (a news-site export: streamed, memory grows with the block and
the largest thread) or interleaved (Reddit dumps are in time order): then the canonical
columns of the whole dump are held (text, not Python objects), rows are put in thread
order by a stable sort on each thread's first appearance — the general path's order —
and repaired and written a batch of threads at a time. Inputs the fast path does not
take (other formats, submissions, mixed column types, non-UTF-8) raise NotEligible and
the caller falls back to the general path.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from comments.io.atomic import replacing
from comments.io.fastpath_bytes import whole
from comments.io.sites import site_from_stem
from comments.io.fastpath_read import BLOCK, Dialect, NotEligible, blocks, generic, open_dump, reddit
from comments.io.fastpath_repair import Summary, repair_and_write
from comments.io.rulescan import general_rule
from comments.io.sources import decode
from comments.io.writers import sibling

__all__ = ["BLOCK", "NotEligible", "Summary", "convert", "takes"]
#: Rows repaired and written at a time when threads interleave.
BATCH = 100_000


class _Interleaved(Exception):
    """A thread continues after another began: read the dump whole and sort."""


def reader_name(path: Path, fmt: str | None, overrides: dict[str, str]) -> str | None:
    """``jsonl`` or ``reddit`` when the general path would read ``path`` line by line
    with that reader, else None (also when ``--format`` names another reader than the
    one detected: the CLI's call to :func:`convert` does not pass the format on)."""
    from comments.io import readers
    from comments.io.readers import reddit as reddit_reader
    from comments.io.sources import decode

    if fmt not in (None, "jsonl", "reddit") or not path.is_file():
        return None
    try:
        with open_dump(path) as handle:
            head = handle.read(1 << 16)
        text = decode(head[: head.rfind(b"\n") + 1] or head)
        reader = (readers.detect_table(text, overrides) if overrides else None) or readers.detect(text)
    except Exception:  # anything unusual: let the general path report it
        return None
    if fmt and readers.BY_NAME.get(fmt) is not reader:
        return None
    header = readers.tabular.header_columns(text) if overrides else None
    if header is not None and readers.tabular.absent_columns(overrides, header):
        return None  # a --column name the file lacks: the general path says so
    if reader is readers.BY_NAME["jsonl"]:  # replies nested in an object or named by dotted ids: the general path's
        objects = [obj for obj in _head_objects(text) if isinstance(obj, dict)]
        mapping = readers.tabular.column_map(readers.tabular.row_keys(objects), overrides)
        dotted = "parent_id" not in mapping and "id" in mapping and any(
            readers.tabular.dotted_id(obj.get(mapping["id"])) for obj in objects)
        nested = any(readers.tabular.reply_list(k, v) for obj in objects for k, v in obj.items())  # (empty ones too)
        return None if dotted or nested else "jsonl"
    if reader is readers.BY_NAME["reddit"] and not overrides and reddit_reader.READER.streams(text):
        return "reddit"
    return None


def _head_objects(text: str) -> Iterator[Any]:
    """The JSON objects of the whole lines of ``text`` (a dump's head)."""
    from comments.io.readers.base import std_loads

    for line in text.split("\n")[:-1]:
        try:
            yield std_loads(line)
        except (ValueError, RecursionError):  # a line nested too deep: the reader leaves it out, named
            continue


def takes(path: Path, fmt: str | None, overrides: dict[str, str]) -> bool:
    """Would the general path read this file with a reader the fast path stands in for?"""
    return reader_name(path, fmt, overrides) is not None


def convert(path: Path, out: Path, site: str | None, stem: str, overrides: dict[str, str],
            source: str, block: int = BLOCK, fmt: str | None = None, restore_pandas: bool = True) -> Summary:
    """Read a dump and write our output (Parquet, JSONL or CSV by the suffix of ``out``);
    NotEligible when the general path must do it. pandas is kept out while converting
    (:func:`_without_pandas`); ``restore_pandas=False`` when the process ends after a
    successful conversion (the CLI) and pyarrow's pandas support need not come back."""
    with _without_pandas(restore_pandas):
        return _convert(path, out, site, stem, overrides, source, block, fmt)


def _convert(path: Path, out: Path, site: str | None, stem: str, overrides: dict[str, str],
             source: str, block: int, fmt: str | None) -> Summary:
    from comments.io import fastwrite

    name = reader_name(path, fmt, overrides)
    if name is None:
        raise NotEligible("not a generic JSONL or Reddit NDJSON dump")
    if name == "reddit":
        dialect = reddit(path, stem, named=site)
    else:
        with open_dump(path) as handle:
            head = handle.read(1 << 16)
        if rule := general_rule(path, decode(head[: head.rfind(b"\n") + 1] or head), overrides):
            raise NotEligible(f"{rule}: the general path's")  # anywhere in the file, not only its head
        dialect = generic(path, overrides, site or site_from_stem(stem), stem, named=bool(site))
    finals = [out] if out.suffix == ".jsonl" else [out, sibling(out)]
    with _compact_memory(), replacing(*finals) as temps:  # whole or untouched

        def sink() -> Any:
            if out.suffix == ".jsonl":
                return _Behind(fastwrite.JsonlSink(temps[0]))
            return _Behind((fastwrite.CsvSink if out.suffix == ".csv" else fastwrite.ParquetSink)(*temps))

        if dialect.tabular:
            try:
                return _lost(_streamed(path, sink(), dialect, source, block), dialect)
            except _Interleaved:
                for tmp in temps:
                    tmp.unlink(missing_ok=True)
                dialect = generic(path, overrides, site or site_from_stem(stem), stem, named=bool(site))  # its lines counted afresh
        return _lost(_sorted(path, sink(), dialect, source, block, out), dialect)


def _lost(summary: Summary, dialect: Dialect) -> Summary:
    """``summary`` with the lines the dialect left out (as the general path leaves them
    out) and the general path's notes in its order: the input's columns, repeated rows,
    then what was noted while reading (``--site`` not used)."""
    from comments.io.pipeline import same_input_repeats
    from comments.io.readers.tabular import aside_note, repeated_note

    if dialect.bad is not None and dialect.bad.lost.count:
        summary.lost = dialect.bad.lost
    summary.damaged = dialect.damage[0] if dialect.damage else None
    repeated = [repeated_note(summary.repeated, summary.varying)] if summary.repeated else []
    repeated += [same_input_repeats(summary.same_records)] if summary.same_records else []
    aside = [aside_note(summary.aside)] if summary.aside else []
    retitled = [summary.retitled.note()] if summary.retitled.count else []
    summary.notes = list(dialect.notes) + aside + retitled + repeated + dialect.found
    return summary


#: How long jemalloc keeps freed pages before it hands them back to the system. Each batch's
#: columns, lines and encoder buffers are freed and made again: handed back sooner (Arrow's
#: own setting), the next batch faults the same memory in afresh. At 1M comments (generic
#: → JSONL, Reddit → JSONL): 270–300k → 154k and 321k → 203k page faults, 0.15–0.4 s less
#: system CPU, for 20–60 MB more peak RSS.
DECAY_MS = 5000


@contextmanager
def _compact_memory() -> Iterator[None]:
    """Arrow's jemalloc pool while converting, where the build has it: it hands freed
    blocks back to the system sooner than the default mimalloc pool (peak RSS at 1M Reddit
    comments 736 MB instead of 919 MB, same speed), after :data:`DECAY_MS` (a setting of
    the process's jemalloc arenas made from now on, which only this pool uses)."""
    before = pa.default_memory_pool()
    try:
        pa.jemalloc_set_decay_ms(DECAY_MS)
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except (NotImplementedError, AttributeError):  # a build without jemalloc
        yield
        return
    try:
        yield
    finally:
        pa.set_memory_pool(before)


class _NoPandas(importlib.abc.MetaPathFinder):
    """``import pandas`` fails (while converting)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas":
            raise ImportError("pandas is kept out of the fast path")


@contextmanager
def _without_pandas(restore: bool) -> Iterator[None]:
    """pyarrow imports pandas the first time it converts Python values (``pa.array``,
    scalars), only to ask whether they are pandas objects: none are here, and the import
    costs more CPU than the repair of 200k comments (0.3 s of 1.6 s). Unless pandas is
    loaded already, its import is refused meanwhile, and pyarrow takes pandas as absent.
    Afterwards (``restore``, or after a failure: the general path may go on) pyarrow's
    pandas support is restored: it imports pandas now."""
    blocker = _NoPandas()
    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, blocker)
    done = False
    try:
        yield
        done = True
    finally:
        if blocker in sys.meta_path:
            sys.meta_path.remove(blocker)
        if restore or not done:
            _restore_pandas()


def _restore_pandas() -> None:
    """pyarrow's pandas support, if it took pandas as absent (an import pandas passes)."""
    shim = pa.lib._pandas_api
    if not shim.have_pandas:
        try:
            shim.compat  # the property that makes pyarrow import pandas for a caller that needs it
        except ImportError:
            pass  # pandas is not installed


#: The names the CLI calls today.
is_generic_jsonl = takes
parse_to_parquet = convert


def _ahead(items: Iterator[pa.Table]) -> Iterator[pa.Table]:
    """The items of ``items``, the next one made in a thread while the caller works on
    this one: pyarrow's JSON parse and compute functions release the GIL, so on two cores
    reading the next block overlaps repairing and writing this one (one block more in
    memory)."""
    from concurrent.futures import ThreadPoolExecutor

    end = object()
    with ThreadPoolExecutor(1) as pool:
        coming = pool.submit(next, items, end)
        while (item := coming.result()) is not end:
            coming = pool.submit(next, items, end)
            yield item


class _Behind:
    """A sink whose ``write`` runs in a thread while the caller repairs the next batch
    (Arrow's joins, Parquet's encoder and file writes release the GIL: on two cores the
    writing of one batch overlaps the repair of the next). One batch at a time is in
    flight; ``close`` waits for it, and a failure in the thread is raised there or at the
    next ``write``."""

    def __init__(self, sink: Any) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.sink, self.schema = sink, sink.schema
        self.pool = ThreadPoolExecutor(1)
        self.pending: Any = None

    def write(self, comments: pa.Table, threads: list[dict[str, Any]]) -> None:
        self._wait()
        self.pending = self.pool.submit(self.sink.write, comments, threads)

    def _wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def close(self) -> None:
        try:
            self._wait()
        finally:
            self.pool.shutdown()
            self.sink.close()


def _streamed(path: Path, writer: Any, dialect: Dialect, source: str, block: int) -> Summary:
    """Contiguous threads, block by block: each block's complete threads are written, the
    last one is carried into the next block."""
    summary = Summary()
    finished: set[str] = set()
    carry: pa.Table | None = None
    try:
        for cols in _ahead(dialect.columns(data) for data in blocks(path, block, True, dialect.damage)):
            if carry is not None:
                cols = pa.concat_tables([carry, cols])
            carry = _complete_threads(cols, writer, summary, finished, source, dialect)
        if carry is not None and carry.num_rows:
            codes = pc.dictionary_encode(whole(carry.column("key"))).indices.to_numpy(zero_copy_only=False)
            repair_and_write(carry, codes, writer, summary, source, dialect)
    finally:
        writer.close()
    return summary


def _complete_threads(table: pa.Table, writer: Any, summary: Summary, finished: set[str], source: str,
                      dialect: Dialect) -> pa.Table:
    """Repair and write every complete thread of ``table``; return the rows of the last
    thread, which the next block may continue."""
    encoded = pc.dictionary_encode(whole(table.column("key")))
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    keys = encoded.dictionary.to_pylist()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    run_codes = codes[starts]
    # codes number keys by first appearance: no key runs twice when the runs count 0, 1, 2 … (no sort)
    if not np.array_equal(run_codes, np.arange(len(run_codes))) or any(keys[c] in finished for c in run_codes):
        raise _Interleaved
    keep_from = int(starts[-1])
    if keep_from:
        repair_and_write(table.slice(0, keep_from), codes[:keep_from], writer, summary, source, dialect)
        finished.update(keys[c] for c in run_codes[:-1])
    return table.slice(keep_from)


def _sorted(path: Path, writer: Any, dialect: Dialect, source: str, block: int, near: Path) -> Summary:
    """Interleaved threads: the whole dump's columns, rows stably sorted by their thread's
    first appearance (the order in which the general path lists threads), repaired and
    written about :data:`BATCH` rows at a time (a thread is never split)."""
    return _held_batches((dialect.columns(data) for data in blocks(path, block, True, dialect.damage)), writer, near,
                         lambda rows, codes, summary: repair_and_write(rows, codes, writer, summary, source, dialect))


def _held_batches(tables: Iterator[pa.Table], writer: Any, near: Path,
                  write: Callable[[pa.Table, np.ndarray, Summary], None]) -> Summary:
    """Every table's rows held (each with a ``key`` column naming its thread), then stably
    sorted by their thread's first appearance and handed to ``write`` about :data:`BATCH`
    rows of whole threads at a time. Past :data:`comments.io.fastpath_spill.HOLD` bytes of
    columns the rows are spilled beside ``near`` and read back a bucket of threads at a
    time (the same batches)."""
    from comments.io.fastpath_spill import Held, batch_ends, run_lengths

    summary = Summary()
    held = Held(near)
    try:
        for cols in _ahead(tables):
            held.add(cols)
        if held.spilled:
            for rows, codes in held.batches(BATCH):
                write(rows, codes, summary)
            return summary
        table = held_rows = held.whole()
        if table is None:
            return summary
        codes = pc.dictionary_encode(whole(table.column("key"))).indices.to_numpy(zero_copy_only=False)
        grouped = bool(np.all(codes[1:] >= codes[:-1]))  # threads already contiguous: no reordering copy
        order = None if grouped else np.argsort(codes, kind="stable")  # codes number keys by first appearance
        codes = codes if order is None else codes[order]
        parts = None if order is None else _Parts(table)
        del table  # (the parts hold it)
        for at, end in batch_ends(run_lengths(codes), BATCH):
            rows = held_rows.slice(at, end - at) if order is None else parts.take(order[at:end])
            write(rows, codes[at:end], summary)
    finally:
        try:
            writer.close()
        finally:
            held.close()
    return summary


class _Parts:
    """A held table's rows taken in any order, a batch at a time, from its record batches
    (the dump's blocks): Arrow's ``take`` on a table of many chunks joins every chunk of
    every column on each call — 100,000 rows taken at a time from 200,000 held Reddit
    comments cost 0.24 s of CPU, from single chunks 0.04 s."""

    def __init__(self, table: pa.Table) -> None:
        self.parts = table.to_batches()  # (slices of the chunks: no copy)
        self.starts = np.cumsum([0] + [len(part) for part in self.parts])

    def take(self, rows: np.ndarray) -> pa.Table:
        """The rows numbered ``rows`` in that order, one chunk per column (as ``take``
        gives them)."""
        part = np.searchsorted(self.starts, rows, side="right") - 1
        by_part = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[by_part], np.arange(len(self.parts) + 1))
        pieces = [self.parts[k].take(pa.array(rows[by_part[bounds[k]:bounds[k + 1]]] - self.starts[k]))
                  for k in np.flatnonzero(np.diff(bounds))]
        gathered = pa.Table.from_batches(pieces, schema=self.parts[0].schema).combine_chunks()
        back = np.empty_like(by_part)
        back[by_part] = np.arange(len(by_part))
        return gathered.take(pa.array(back))
