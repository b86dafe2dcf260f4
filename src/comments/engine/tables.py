"""Generic tables read in blocks on a worker: JSONL/NDJSON and CSV by rows (through ONE
line stream and, for CSV, one ``csv.reader`` per file, so quoted newlines, line numbers
and notes are the local engine's), Parquet by record batches of its row groups.

What the local reader (:mod:`comments.io.readers.tabular`) judges over the whole file is
kept so: a third-party table's column mapping comes from the file's first
``SCHEMA_ROWS`` rows, as there; what needs a thread whole — repeated rows (the same id and
content again, read once) and ``"0"``/``"-1"`` parents meaning "none" — is settled when
the bucket merges the input's blocks (:mod:`comments.engine.tasks`), from a digest of
each row's identity (:attr:`Tags.marks`); our own tables' thread records (which may come
in another block than their comments) and the comment-count check likewise. The notes
those steps make are composed by the driver per input, where the local engine puts them.
A CSV table (which the local engine reads whole) with a row that needs a rule only the
whole-file reader applies (a Facepager seed row, ``PARENT.REPLY`` ids without a parent
column, a thread column of permalinks, rows that are Reddit comments as PRAW exports them)
raises :class:`General` when the row is met: the read task then reads the input whole, as
the local engine does (a JSONL file was scanned for them first, as the local fast path scans it).
One difference is left: a row repeating an earlier row's id, parent, thread, author, text
and date but naming another ``site`` lands in that site's thread (another bucket) and stays
a comment there, where the local reader folds it into the first row.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from comments.io.readers import Context
from comments.io.readers import reddit, tabular
from comments.io.readers.base import str_or_none
from comments.io.streams import RECORD_LIMIT
from comments.model.errors import InputError
from comments.model.records import ParsedThread, Thread

#: What a bucket must still do with an input's threads once its blocks are merged.
GENERIC = "generic"  # a third-party table: repeated rows, "no parent" ids
OURS = "ours"  # our own records: thread records, the comment-count check


@dataclass
class Tags:
    """What one block says besides its threads: its ``kind`` (None: nothing to settle);
    ``marks`` (id of a comment → digest of its row's identity, for repeated rows);
    ``recorded`` (ids of the Thread objects read from a thread record)."""

    kind: str | None = None
    marks: dict[int, bytes] = field(default_factory=dict)
    recorded: set[int] = field(default_factory=set)


class Counted:
    """A file's line stream, counting the characters handed out (the block budget);
    ``line`` and ``head`` are the stream's, for the readers' messages and sniffing."""

    def __init__(self, stream) -> None:
        self.stream, self.size = stream, 0
        self.rows = iter(stream)
        self.head = stream.head

    @property
    def line(self) -> int:
        return self.stream.line

    def __iter__(self) -> Iterator[str]:
        for row in self.rows:
            self.size += len(row)
            yield row


Block = tuple[list[ParsedThread], Tags]


def _canon(value: Any) -> str:
    """A value as text that is equal where the local reader's comparison is (1 == 1.0)."""
    if isinstance(value, str):
        return "s" + value
    if isinstance(value, (bool, int, float)):
        return "n" + repr(float(value)) if float(value) == value else "n" + repr(value)
    return "j" + json.dumps(value, ensure_ascii=False, default=str)


def digest(fingerprint: tuple) -> bytes:
    """16 bytes standing for a row's identity (id, parent, thread, author, text, date)."""
    return hashlib.blake2b("\x1f".join(map(_canon, fingerprint)).encode("utf-8", "surrogatepass"),
                           digest_size=16).digest()


class General(Exception):
    """A table read in blocks holds a row that needs a rule of the whole-file reader
    (:func:`tabular._assemble`) the block reader lacks (the message says which): the input
    is read whole instead. Why: CSV files were not scanned for these rules as JSONL files
    are (:mod:`comments.io.rulescan`), and a seed row, a ``PARENT.REPLY`` id or a permalink
    after the sniffed head gave other records than the local engine's."""


class Generic:
    """A third-party table's rows → comments, as :func:`tabular._assemble` makes them,
    block by block with the file's column mapping (:class:`General` where they cannot be)."""

    def __init__(self, head: list[dict[str, Any]], ctx: Context, fmt: str, numbers: tabular.LineNumbers | None = None) -> None:
        #: a CSV table: the local engine reads it whole, so the rows only that reader reads
        #: right are looked for (a JSONL file was scanned for them, as the local fast path scans it)
        self.whole = fmt != tabular.NAME_JSONL
        if self.whole and not (ctx.columns or ctx.forced) and reddit.exported(head):
            raise General("Reddit comments as PRAW exports them")
        self.mapping = tabular.table_mapping(tabular.row_keys(head), ctx)
        self.dotted = self.whole and "parent_id" not in self.mapping and "id" in self.mapping
        self.ctx, self.fmt, self.numbers = ctx, fmt, numbers
        self.taken = set(self.mapping.values())
        self.aside: dict[str, str] = {}  # our meta fields put under another name (noted once each)

    def block(self, rows) -> Block:
        mapping, ctx = self.mapping, self.ctx
        threads: dict[tuple[str, str], ParsedThread] = {}
        tags = Tags(GENERIC)
        aside: dict[str, str] = {}
        for row in rows:
            get = lambda f, row=row: row.get(mapping[f]) if f in mapping else None  # noqa: E731
            if tabular.unreadable_row(get, mapping, ctx, self.numbers):
                continue
            if self.whole and row.get("object_type") == "seed" and "level" in row:
                raise General("a Facepager seed row")
            if self.dotted and tabular.dotted_id(str_or_none(get("id"))):
                raise General("ids PARENT.REPLY")
            site, thread_id, url = tabular.row_thread(get, ctx.stem)
            if self.whole and url is not None and str_or_none(get("thread_id")) != thread_id:
                raise General("a thread column of permalinks")
            key = (site or "", thread_id)
            if key not in threads:
                threads[key] = ParsedThread(Thread(thread_id=thread_id, site=site, title=str_or_none(get("title")),
                                                   url=url, format=self.fmt))
            comment = tabular.row_comment(get, row, self.taken, thread_id, mapping.get("created_at"), mapping.get("text"),
                                          aside)
            title = str_or_none(get("title"))
            if title is not None:  # compared with its thread's once the thread's blocks are merged
                comment.meta[tabular.ROW_TITLE] = (mapping["title"], title)
            threads[key].comments.append(comment)
            if get("id") is not None:  # as the local reader: a row with an id (even an empty one) may repeat
                tags.marks[id(comment)] = digest(tuple(str_or_none(get(f)) for f in (
                    "id", "parent_id", "thread_id", "author")) + (get("text"), get("created_at")))
        new = {name: key for name, key in aside.items() if name not in self.aside}
        if new:
            self.aside.update(new)
            ctx.note(tabular.aside_note(new))
        return list(threads.values()), tags


def ours(rows: list[dict[str, Any]], fmt: str) -> Block:
    """Our own records (thread and comment rows) of one block; the count check waits
    for the whole input (a thread's record and its comments may lie in two blocks)."""
    ctx = Context()  # its notes are void: the bucket checks the counts per input
    threads = tabular._assemble(rows, ctx, fmt, ours=True)
    keys = set()
    for row in rows:
        if row.get("record") == "thread":
            thread = Thread.from_dict(row)
            keys.add((thread.site or "", thread.thread_id or ""))
    return threads, Tags(OURS, recorded={id(pt.thread) for pt in threads
                                         if (pt.thread.site or "", pt.thread.thread_id or "") in keys})


def _take(rows: Iterator[dict[str, Any]], counted: Counted, budget: int, at_least: int = 0) -> list[dict[str, Any]]:
    """The next rows up to ``budget`` characters (at least ``at_least`` rows)."""
    counted.size = 0
    out = list(itertools.islice(rows, at_least))
    for row in rows:
        out.append(row)
        if counted.size >= budget:
            break
    return out


def table_blocks(stream, ctx: Context, fmt: str, budget: int) -> Iterator[Block]:
    """The blocks of a JSONL or CSV table read through ``stream`` (a LineStream)."""
    counted = Counted(stream)
    numbers: tabular.LineNumbers | None = None
    if fmt == tabular.NAME_JSONL:
        lines = tabular.LineNumbers()
        rows: Iterator[dict[str, Any]] = tabular._objects(tabular.iter_json_lines(counted, ctx, keys=True),  # type: ignore[arg-type]
                                                          lines)
        first = next(rows, None)
        if first is None:
            return
        rows = itertools.chain([first], rows)
        is_ours, drain, thread_rows = "record" in first, None, None
        numbers = lines.used(not is_ours)
    else:
        dialect = tabular.table_dialect(stream.head, ctx)
        if (note := tabular.named_header_note(stream.head, ctx.columns)) is not None:
            ctx.note(note)
        rows, thread_rows = _csv_rows(counted, dialect, ctx, tabular.positions(stream.head, ctx.columns))
        is_ours, drain = thread_rows is not None, rows
    if is_ours:
        pending = thread_rows or []
        while True:
            block = pending + _take(rows, counted, budget)
            pending = []
            if not block:
                return
            yield ours(block, fmt)
    head = list(itertools.islice(rows, tabular.SCHEMA_ROWS))
    if not head:
        return
    try:
        generic = Generic(head, ctx, fmt, numbers)
    except InputError:
        if drain is not None:  # the local reader reads every CSV row (and its errors) before the header check
            for _ in drain:
                pass
        raise
    rows = itertools.chain(head, rows)
    while True:
        block = _take(rows, counted, budget, tabular.SCHEMA_ROWS if head else 0)
        head = []
        if not block:
            return
        yield generic.block(block)


def _csv_rows(counted: Counted, dialect, ctx: Context, header: list[str] | None = None
              ) -> tuple[Iterator[dict[str, Any]], list[dict] | None]:
    """A CSV table's rows one at a time (as the local reader's ``_csv_rows`` gives them,
    ragged rows noted once at the end) and, when the table is ours, the thread rows of
    its sibling ``NAME.threads.csv`` (read whole: one row per thread), else None.
    ``header``: the column names of a table without a header row (its first row is data)."""
    csv.field_size_limit(RECORD_LIMIT)
    reader, watched = tabular.csv_reader(counted, dialect)
    header = tabular.csv_header(reader, header, ctx)
    thread_rows = tabular._our_threads(header, ctx)
    mine = thread_rows is not None

    def rows() -> Iterator[dict[str, Any]]:
        for cells in tabular.csv_cells(reader, header, ctx, watched):
            yield tabular.our_row(cells) if mine else cells

    return rows(), thread_rows


def parquet_blocks(path: Path, ctx: Context, budget: int) -> Iterator[Block]:
    """Our Parquet output by record batches (a row group at a time is decompressed), the
    threads of its sibling first, as the local reader puts them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from comments.io.parquet_schema import pairs_to_maps, threads_path

    try:
        handle = pq.ParquetFile(path)
        meta = handle.metadata
        size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        per_row = max(1, size // max(1, meta.num_rows))
        sibling = threads_path(path)
        if path.parent.name.endswith(".parquet") and (path.parent / ".comments-dataset").is_file():
            sibling = threads_path(path.parent) / path.name  # a part of a Dask engine dataset
        pending = [pairs_to_maps(r) for r in pq.read_table(sibling).to_pylist()] if sibling.is_file() else []
        batches = handle.iter_batches(batch_size=max(1000, budget // per_row))
        first = True
        for batch in itertools.chain(batches, [None]):  # None: a file of no comments still gives its threads
            rows = pending + ([pairs_to_maps(r) for r in batch.to_pylist()] if batch is not None else [])
            pending = []
            if first and rows and "record" not in rows[0]:
                raise InputError("Parquet file is not `comments` output (no 'record' column)")
            first = False
            if rows:
                yield ours(rows, "parquet")
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"unreadable Parquet ({exc})") from None



def input_notes(stats) -> list[str]:
    """The notes of one input that need all its threads (a :class:`tasks.InputStats`
    summed over the buckets), worded as the local reader words them."""
    notes: list[str] = []
    if stats.retitled.count:
        notes.append(stats.retitled.note())
    if stats.repeated:
        notes.append(tabular.repeated_note(stats.repeated, stats.varying))
    if stats.off:
        ctx = Context()
        tabular._check_counts([SimpleNamespace(thread=SimpleNamespace(thread_id=tid, comment_count=said),
                                               comments=range(found))
                               for _, tid, said, found in sorted(stats.off)], ctx)  # type: ignore[misc]
        notes.extend(ctx.notes)
    return notes
