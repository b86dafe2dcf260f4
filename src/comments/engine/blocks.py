"""One input read on a worker in blocks, spilled to disk by hash bucket, so that a
worker holds one block of a file (not the file) and one bucket (not the corpus).

Line formats whose lines are read independently of each other — Reddit / Pushshift
NDJSON, the monthly ``RC_``/``RS_`` dumps this engine is for — are read through ONE
:class:`~comments.io.streams.LineStream` per file (line numbers, encoding notes and the
first bad line stop the file exactly as the local engine's reading does) and handed to
the reader ``block_bytes`` of lines at a time. Every other format is read whole, as the
local engine reads it (a table's columns and repeated rows are judged over the whole
file). Each block's threads are pickled per bucket into the input's spill file; the
read task returns only where each bucket's pieces are (:class:`Segment`).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from comments.io import readers
from comments.io.pipeline import HEAD, Result, failure, read_item
from comments.io.readers import Context, Reader
from comments.io.records import check_records
from comments.io.sites import Sites
from comments.io.sources import Source, open_source
from comments.io.streams import LineStream
from comments.model.errors import InputError
from comments.model.records import ParsedThread

#: Decompressed bytes of lines handed to the reader at a time (a block's threads are
#: spilled before the next block is read).
BLOCK_BYTES = 32 << 20

#: Readers whose lines are records read independently of each other.
SPLITTABLE = ("reddit",)


@dataclass(frozen=True)
class Segment:
    """Where one block's pieces of one bucket lie: a byte range of a spill file."""

    path: str
    offset: int
    length: int


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


def line_reader(source: Source, fmt: str | None, columns: dict[str, str]) -> Reader | None:
    """The reader of ``source`` when it is read in blocks (a large input of a splittable
    line format), else None (read whole)."""
    start = source.start or source.data
    if source.at_end or columns or start[:4] == b"PAR1" or not source.streamable:
        return None
    try:
        head = source.head()[:HEAD]
        reader = readers.BY_NAME.get(fmt) if fmt else readers.detect(head)
    except InputError:
        return None  # the whole-file path reports it
    if reader is None or reader.name not in SPLITTABLE or reader.streams is None or not reader.streams(head):
        return None
    source.head_text = head
    return reader


Emit = Callable[[Source, Context, Reader, list[ParsedThread], int], None]


def read_blocks(item: str, options, result: Result, emit: Emit, block_bytes: int = BLOCK_BYTES) -> bool:
    """Read ``item`` and give ``emit`` its threads block by block (source, context,
    reader, threads, block number); its notes and problems go to ``result``. False, with
    one error in ``result``, when the input cannot be read (emitted blocks are void)."""
    source = open_probe(item)
    reader = line_reader(source, options.fmt, options.columns) if source is not None else None
    if reader is None:
        if source is not None:
            source.close()
        got = read_item(item, options.fmt, options.site, options.columns, options.max_input_size, result)
        if got is None:
            return False
        emit(*got, 0)
        return True
    ctx = Context(source=source.name, stem=source.stem, site=Sites.parse(options.site).for_path(source.path, item),
                  columns=dict(options.columns), path=source.path)
    checking = False
    try:
        stream = source.lines()
        rows = iter(stream)
        number = 0
        while True:
            block = Block(rows, stream, block_bytes)
            threads = reader.read(block, ctx)  # type: ignore[arg-type]
            checking = True
            check_records(threads)
            checking = False
            emit(source, ctx, reader, threads, number)
            number += 1
            if block.ended:
                break
    except Exception as exc:  # noqa: BLE001 - as read_item: one input's failure must not cost the others
        result.errors.append(failure(item, exc, None if checking else source))
        return False
    finally:
        source.close()
    result.notes.extend(f"{item}: {n}" for n in source.notes + ctx.notes)
    result.errors.extend(f"{item}: {p}" for p in ctx.problems)
    return True


def open_probe(item: str) -> Source | None:
    """The input opened to look at its start (None when it cannot be: read_item says why)."""
    try:
        return open_source(item)
    except Exception:  # noqa: BLE001 - reported by the whole-file path
        return None


class Spill:
    """One input's spill file: blocks of pieces pickled per bucket, appended."""

    def __init__(self, path: Path, buckets: int) -> None:
        self.path = path
        self.handle = path.open("wb")
        self.offset = 0
        self.segments: list[list[Segment]] = [[] for _ in range(buckets)]

    def add(self, bucket: int, pieces: list) -> None:
        data = pickle.dumps(pieces, protocol=pickle.HIGHEST_PROTOCOL)
        self.handle.write(data)
        self.segments[bucket].append(Segment(str(self.path), self.offset, len(data)))
        self.offset += len(data)

    def close(self, keep: bool) -> list[list[Segment]]:
        """The segments per bucket (none, and the file removed, unless ``keep``)."""
        self.handle.close()
        if not keep:
            self.path.unlink(missing_ok=True)
            return [[] for _ in self.segments]
        return self.segments


def load(segments: list[Segment]) -> Iterator[list]:
    """The pieces of each segment, in order (each spill file opened once)."""
    handles: dict[str, object] = {}
    try:
        for seg in segments:
            handle = handles.get(seg.path)
            if handle is None:
                handle = handles[seg.path] = open(seg.path, "rb")
            handle.seek(seg.offset)  # type: ignore[attr-defined]
            yield pickle.loads(handle.read(seg.length))  # type: ignore[attr-defined]  # our own spill files
    finally:
        for handle in handles.values():
            handle.close()  # type: ignore[attr-defined]
