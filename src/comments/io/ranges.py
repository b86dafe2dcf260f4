"""Our JSONL read a byte range at a time, in several processes at once (``report -j N``).

A file is cut at nominal offsets; each range begins at the first change of thread key
(site, thread id) after the first line starting at or after its offset, and ends where
the next range begins, so every line belongs to exactly one range and a thread is never
cut (the two sides find the same boundary by reading the same lines). Within a range the
threads are read, checked, placed and repaired as :func:`comments.io.streaming.stream_inputs`
does. Whatever is out of the ordinary — a line that is not JSON or not UTF-8, a bad record,
a carriage return, a thread in two pieces, an over-long line — raises :class:`Unusual`:
the caller then reads that input the ordinary way, one thread at a time, so that every
error, note and line number is exactly the one that reading gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from types import SimpleNamespace
from typing import BinaryIO

from comments.io.readers import Context, Reader
from comments.io.readers.base import _loads_line
from comments.io.readers.tabular import JSONL_READER
from comments.io.sources import Source
from comments.io.streaming import StreamResult, _rebuilt, placed, threads_of_rows
from comments.io.streams import RECORD_LIMIT, utf8_or_cp1252
from comments.model.records import MAX_VALUE_NESTING, NESTED_TOO_DEEP, ParsedThread, may_nest_deeper, nested_deeper

#: Bytes read at a time.
CHUNK = 1 << 20

BOM = b"\xef\xbb\xbf"


class Unusual(Exception):
    """Something in the range that only the ordinary reading reports exactly."""


def offsets(size: int, step: int, begin: int = 0) -> list[tuple[int, int]]:
    """Nominal (start, stop) byte offsets of ranges of about ``step`` bytes covering
    ``begin`` to ``size``."""
    cuts = list(range(begin, size, max(1, step))) + [size]
    return list(zip(cuts, cuts[1:])) or [(0, 0)]


def range_threads(path: Path, name: str, ctx: Context, start: int, stop: int, result: StreamResult,
                  counted: list[SimpleNamespace], lean: bool = True) -> Iterator[ParsedThread]:
    """The repaired threads of one range (module doc), counted into ``result``; threads whose
    record states another count go to ``counted``; :class:`Unusual` on anything else."""
    source = Source(name, path=path)
    reader: Reader = JSONL_READER
    pending: dict[tuple[str, str], ParsedThread] = {}
    links: dict[tuple[str, str], Reader] = {}
    finished: set[tuple[str, str]] = set()
    origin: dict = {}
    try:
        with path.open("rb") as handle:
            for raw in threads_of_rows(_range_rows(handle, start, stop), lean, counted):  # each record checked there
                yield from placed(raw, ctx, source, reader, pending, links, result, finished, origin)
            for key in list(pending):
                yield from _rebuilt(key, pending.pop(key), links, result, finished)
    except Unusual:
        raise
    except Exception as exc:  # noqa: BLE001 - the ordinary reading reports it, with its line
        raise Unusual(str(exc)) from None
    if ctx.notes or ctx.problems or source.notes:
        raise Unusual("notes")


def _range_rows(handle: BinaryIO, start: int, stop: int) -> Iterator[tuple[int, object]]:
    """(byte offset, object) of the non-empty lines of the range [start, stop) (module doc)."""
    rows = ((pos, _row(raw, plain)) for pos, raw, plain in _lines(handle, start) if raw.strip())
    if start > 0:  # skip to the first change of key after the first line (none before ``stop``: empty)
        first = next(rows, None)
        if first is None or first[0] >= stop:
            return
        before = _key(first[1])
        for pos, row in rows:
            if _key(row) != before:
                rows = chain([(pos, row)], rows)
                break
            if pos >= stop:
                return
        else:
            return
    for pos, row in rows:
        yield pos, row
        if pos >= stop:  # the first line at the next range's offset: read on to the next change of key
            before = _key(row)
            for pos, row in rows:
                if _key(row) != before:
                    return
                yield pos, row
            return


#: Every ASCII digit made "0": a run of 19 digits is then one ``in`` away (a regular expression
#: run over each line cost more than parsing it).
_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_LONG_RUN = b"0" * 19


def _plain(block: bytes | bytearray) -> bool:
    """Whether none of the whole lines in ``block`` needs a look of its own: no carriage
    return, no run of 19 digits (an integer orjson may not read exactly)."""
    return b"\r" not in block and _LONG_RUN not in block.translate(_DIGITS)


#: A shorter line cannot nest past the limit (each level opens and closes): the usual line costs one length.
_DEEP_BYTES = 2 * MAX_VALUE_NESTING + 1


def _row(raw: bytes, plain: bool = False) -> object:
    """One line's object; ``plain`` (see :func:`_plain`): parsed from its bytes at once
    (orjson refuses what is not UTF-8, and the caller makes that :class:`Unusual`). A line
    nested deeper than the writers encode is :class:`Unusual`: the ordinary reading leaves it
    out with its error line (it was read here, so ``report -j 2`` counted what ``-j 1`` left out)."""
    if plain:
        import orjson

        row = orjson.loads(raw)
    else:
        text, bad = utf8_or_cp1252(raw)
        if bad is not None or "\r" in text:
            raise Unusual("a line not in UTF-8, or with a carriage return")
        row = _loads_line(text)
    if len(raw) > _DEEP_BYTES and may_nest_deeper(raw) and nested_deeper(row):
        raise Unusual(NESTED_TOO_DEEP)
    return row


def _key(row: object) -> tuple:
    if not isinstance(row, dict):
        raise Unusual("not a JSON object")
    return (row.get("site") or "", row.get("thread_id") or "")


def _lines(handle: BinaryIO, start: int) -> Iterator[tuple[int, bytes, bool]]:
    """(offset, line with its ``\\n``, plain) of every line starting at or after ``start`` (a
    byte order mark at the file's start skipped, as :class:`LineStream` does); ``plain``:
    the block of whole lines it was read in passed :func:`_plain`."""
    handle.seek(0)
    origin = len(BOM) if handle.read(len(BOM)) == BOM else 0
    if start <= origin:  # the first line, after a byte order mark
        base, skip = origin, False
    else:  # from the byte before: a line starting at ``start`` is seen whole
        base, skip = start - 1, True  # skip the end of the line begun before (or that byte's own "\n")
    handle.seek(base)
    carry = bytearray()  # the line begun in the blocks read so far
    while True:
        data = handle.read(CHUNK)
        if data and b"\n" not in data:  # within one long line
            carry += data
            if len(carry) > RECORD_LIMIT:
                raise Unusual("a line longer than the per-record limit")
            continue
        buf = bytes(carry) + data if carry else data
        carry.clear()
        pos = 0
        plain = _plain(buf)  # the unfinished last line too: stricter, never wrong
        cut = buf.find(b"\n")
        while cut >= 0:
            if not skip:
                yield base + pos, buf[pos:cut + 1], plain
            skip = False
            pos = cut + 1
            cut = buf.find(b"\n", pos)
        base += pos
        if not data:
            if pos < len(buf) and not skip:
                yield base, buf[pos:], False
            return
        carry += memoryview(buf)[pos:]
        if len(carry) > RECORD_LIMIT:
            raise Unusual("a line longer than the per-record limit")
