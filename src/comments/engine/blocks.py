"""One input read on a worker in blocks, spilled to disk by hash bucket, so that a
worker holds one block of a file (not the file) and one bucket (not the corpus).

Line formats — Reddit / Pushshift NDJSON (the monthly ``RC_``/``RS_`` dumps), generic
JSONL/NDJSON and CSV tables (plain or compressed) — are read through ONE
:class:`~comments.io.streams.LineStream` per file (line numbers, encoding notes and the
first bad line stop the file exactly as the local engine's reading does) and handed to
the reader ``block_bytes`` of lines at a time; tables through :mod:`comments.engine.tables`
(what the local reader judges over the whole file is kept so), our Parquet output by
record batches. Every other format (JSON and XML documents, HTML, plain text) is read
whole, as the local engine reads it, and so is a file smaller than the sniffed head.
Each block's threads are pickled per bucket into the input's spill file; the read task
returns only where each bucket's pieces are (:class:`Segment`).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from comments.io import readers
from comments.io.pipeline import HEAD, Result, failure, problem_line, read_item
from comments.io.readers import Context, Reader
from comments.io.records import check_records, leave_out_deep
from comments.io.sites import Sites
from comments.engine import tables
from comments.engine.tables import Tags
from comments.io.sources import Source, open_source, undecoded_note
from comments.io.streams import LineStream, line_limit
from comments.model.errors import InputError
from comments.model.records import ParsedThread

#: Decompressed bytes of lines handed to the reader at a time (a block's threads are
#: spilled before the next block is read).
BLOCK_BYTES = 32 << 20

#: Readers of line formats read in blocks (Reddit's lines are read independently of each
#: other; a table's whole-file judgements are kept by :mod:`comments.engine.tables`).
SPLITTABLE = ("reddit", "jsonl", "csv")


@dataclass(frozen=True)
class Segment:
    """Where one block's pieces of one bucket lie: a byte range of a spill file (of the
    input numbered ``input``)."""

    path: str
    offset: int
    length: int
    input: int = 0
    #: its pieces are comments whose input did not name their thread (``ParsedThread.homeless``)
    homeless: bool = False
    #: the sites of its pieces' threads (which segments may hold a thread :mod:`homeless` looks for)
    sites: tuple[str, ...] = ()
    #: it holds :mod:`homeless`'s entries for the bucket (threads joined across inputs), not pieces
    joined: bool = False


class Block:
    """Up to ``budget`` characters of lines from a file's one LineStream: what a reader
    reads as if it were the file (``head`` and ``line`` are the stream's)."""

    def __init__(self, rows: Iterator[str], stream: LineStream, budget: int) -> None:
        self.rows, self.stream, self.budget = rows, stream, budget
        self.head = stream.head
        self.ended = False

    @property
    def line(self) -> int:
        return self.stream.line

    def __iter__(self) -> Iterator[str]:
        size = 0
        for row in self.rows:
            yield row
            size += len(row)
            if size >= self.budget:
                return
        self.ended = True


def line_reader(source: Source, fmt: str | None, columns: dict[str, str],
                max_input_size: int = 2 << 30) -> Reader | None:
    """The reader of ``source`` when it is read in blocks (a large input of a line format
    or our Parquet output), else None: read whole (which also reports what is wrong)."""
    start = source.start or source.data
    if (fmt is None and start[:4] == b"PAR1") or fmt == "parquet":
        return readers.BY_NAME["parquet"] if _plain_parquet(source, max_input_size) else None
    if source.at_end or not source.streamable:
        return None
    try:
        head = source.head()[:HEAD]
        reader = readers.BY_NAME.get(fmt) if fmt else None
        found = readers.detected(head, columns) if reader is not None else None
        if found is not None and found.name != reader.name:
            return None  # --format and detection disagree: the whole-file path says so
        if reader is None and columns:  # as the local engine: a table whose columns the user named
            header = readers.tabular.header_columns(head, columns)
            if header is not None and readers.tabular.absent_columns(columns, header):
                return None
            reader = readers.detect_table(head, columns)
        reader = reader or readers.detect(head)
    except InputError:
        return None  # the whole-file path reports it
    if reader is None or reader.name not in SPLITTABLE or reader.streams is None or not reader.streams(head):
        return None
    if reader.name == "jsonl" and _general_rule(source, head, columns):
        return None  # nested replies, PARENT.REPLY ids, permalinks, seed rows: the whole-file reader's rules
    source.head_text = head
    return reader


def _general_rule(source: Source, head: str, columns: dict[str, str]) -> str | None:
    """A rule of the general JSONL reader the block reader lacks that some line of ``source``
    may need (:func:`comments.io.rulescan.general_rule`: the file scanned; stdin: its head)."""
    from comments.io import rulescan

    if source.path is not None and source.path.is_file():
        return rulescan.general_rule(source.path, head, columns)
    found = rulescan.patterns(*rulescan.head_rule(head, columns))
    return "a column the scan cannot find by its name" if found is None else rulescan.scan(iter([head.encode()]), found)


def _plain_parquet(source: Source, max_input_size: int) -> bool:
    """A Parquet file on disk, not compressed, no larger than the local engine reads."""
    path = source.path
    try:
        if path is None or not path.is_file() or path.stat().st_size > max_input_size:
            return False
        with path.open("rb") as handle:
            return handle.read(4) == b"PAR1"
    except OSError:
        return False


Emit = Callable[[Source, Context, Reader, list[ParsedThread], int, Tags], None]


def _blocks(reader: Reader, source: Source, ctx: Context, budget: int) -> Iterator[tables.Block]:
    """The threads of each block of ``source`` (and what the bucket must still settle)."""
    if reader.name == "parquet":
        yield from tables.parquet_blocks(source.path, ctx, budget)
        return
    stream = source.lines()
    if reader.name != "reddit":
        yield from tables.table_blocks(stream, ctx, reader.name, budget)
        return
    rows = iter(stream)
    while True:
        block = Block(rows, stream, budget)
        yield reader.read(block, ctx), Tags()  # type: ignore[arg-type]
        if block.ended:
            return


def read_blocks(item: str, options, result: Result, emit: Emit, block_bytes: int = BLOCK_BYTES,
                whole: bool = False) -> bool:
    """Read ``item`` and give ``emit`` its threads block by block (source, context,
    reader, threads, block number, tags); its notes and problems go to ``result``. False,
    with one error in ``result``, when the input cannot be read (emitted blocks are void).
    ``whole``: read it whole, as the local engine does; without it, a table with a row
    only the whole-file reader reads right raises :class:`tables.General` (emitted blocks
    are void: the caller reads it again with ``whole``)."""
    source = None if whole else open_probe(item)
    reader = line_reader(source, options.fmt, options.columns, options.max_input_size) if source is not None else None
    if reader is None:
        if source is not None:
            source.close()
        got = read_item(item, options.fmt, options.site, options.columns, options.max_input_size, result,
                        options.stems.get(item))
        if got is None:
            return False
        emit(*got, 0, Tags())
        return True
    ctx = Context(source=source.name, stem=options.stems.get(item) or source.stem,
                  site=Sites.parse(options.site).for_path(source.path, item), columns=dict(options.columns),
                  path=source.path, forced=options.fmt is not None)
    if (note := undecoded_note(source.name)) is not None:
        ctx.note(note)
    checking = False
    source.line_limit = line_limit(options.max_input_size)
    try:
        for number, (threads, tags) in enumerate(_blocks(reader, source, ctx, block_bytes)):
            checking = True
            check_records(threads)
            leave_out_deep(threads, ctx.problem)
            checking = False
            emit(source, ctx, reader, threads, number, tags)
    except tables.General:
        raise
    except Exception as exc:  # noqa: BLE001 - as read_item: one input's failure must not cost the others
        result.errors.append(failure(item, exc, None if checking else source))
        return False
    finally:
        source.close()
    if source.reading is not None and source.reading.damaged is not None:  # its complete lines were read, as locally
        ctx.problem(source.reading.damaged)  # type: ignore[arg-type] - said as FILE:LINE
    result.notes.extend(f"{item}: {n}" for n in source.notes + ctx.notes)
    result.errors.extend(problem_line(item, p) for p in ctx.problems)
    result.lost_lines += ctx.lost.count
    result.undated_threads += ctx.undated.count
    return True


def open_probe(item: str) -> Source | None:
    """The input opened to look at its start (None when it cannot be: read_item says why)."""
    try:
        return open_source(item)
    except Exception:  # noqa: BLE001 - reported by the whole-file path
        return None


class Spill:
    """One input's spill file: blocks of pieces pickled per bucket (or, on the columnar
    path, Arrow IPC streams: :meth:`add_bytes`), appended."""

    def __init__(self, path: Path, buckets: int, index: int = 0) -> None:
        self.path, self.index = path, index
        self.handle = path.open("wb")
        self.offset = 0
        self.segments: list[list[Segment]] = [[] for _ in range(buckets)]

    def add(self, bucket: int, pieces: Any, **kind: Any) -> None:
        """``pieces`` pickled for ``bucket``; ``kind``: the segment's other fields (:class:`Segment`)."""
        self.add_bytes(bucket, pickle.dumps(pieces, protocol=pickle.HIGHEST_PROTOCOL), **kind)

    def add_bytes(self, bucket: int, data: bytes | memoryview, **kind: Any) -> None:
        self.handle.write(data)
        self.segments[bucket].append(Segment(str(self.path), self.offset, len(data), self.index, **kind))
        self.offset += len(data)

    def close(self, keep: bool) -> list[list[Segment]]:
        """The segments per bucket (none, and the file removed, unless ``keep``)."""
        self.handle.close()
        if not keep:
            self.path.unlink(missing_ok=True)
            return [[] for _ in self.segments]
        return self.segments


def load(segments: list[Segment]) -> Iterator[list]:
    """The pieces of each segment, in order."""
    for data in load_bytes(segments):
        yield pickle.loads(data)  # our own spill files


def load_bytes(segments: list[Segment]) -> Iterator[bytes]:
    """The bytes of each segment, in order (each spill file opened once)."""
    handles: dict[str, object] = {}
    try:
        for seg in segments:
            handle = handles.get(seg.path)
            if handle is None:
                handle = handles[seg.path] = open(seg.path, "rb")
            handle.seek(seg.offset)  # type: ignore[attr-defined]
            yield handle.read(seg.length)  # type: ignore[attr-defined]
    finally:
        for handle in handles.values():
            handle.close()  # type: ignore[attr-defined]
