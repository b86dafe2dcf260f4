"""Byte-level checks on Arrow string columns for the columnar fast path
(:mod:`comments.io.fastpath`): which rows hold or start or end with certain bytes, found
with one numpy pass over a column's UTF-8 buffer instead of a regex per row, and the
column with a few rows replaced by values Python made.

The checks over-approximate where they must (non-ASCII white space is recognised by its
UTF-8 lead and last bytes); callers confirm the rows found with the general path's own
Python rule, so the few extra rows cost a little time and never change a result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

#: Python's ``str.strip`` white space, as a regex class body.
PY_SPACE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE = re.compile(f"[{PY_SPACE}]")
_SPACES = [chr(c) for c in range(0x3001) if _SPACE.match(chr(c))]
#: First and last UTF-8 bytes of the characters ``str.strip`` removes.
_SPACE_FIRST = np.zeros(256, bool)
_SPACE_LAST = np.zeros(256, bool)
for _c in _SPACES:
    _SPACE_FIRST[_c.encode()[0]] = _SPACE_LAST[_c.encode()[-1]] = True


def whole(col: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A column as one array, copied only when it has several chunks
    (``combine_chunks`` copies even a single chunk: 0.1 s of CPU per 250 MB of text)."""
    if isinstance(col, pa.ChunkedArray):
        return col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()
    return col


def offsets_and_data(col: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A string array's value offsets (one more than rows) and its bytes, without copies."""
    buffers = col.buffers()
    width = np.int64 if pa.types.is_large_string(col.type) else np.int32
    offsets = np.frombuffer(buffers[1], width, count=len(col) + 1, offset=col.offset * np.dtype(width).itemsize)
    data = np.frombuffer(buffers[2], np.uint8) if buffers[2] is not None and buffers[2].size else np.zeros(0, np.uint8)
    return offsets, data


#: Bytes scanned at a time: the masks stay in the CPU cache and are reused, where masks
#: of a whole column (tens of MB) cost a fresh allocation and its page faults per test.
CHUNK = 1 << 18


def rows_holding(col: pa.Array, chars: bytes = b"", below: int = 0, chunk: int = CHUNK) -> np.ndarray:
    """Which rows of a string array hold one of the ASCII bytes ``chars`` or a byte below
    ``below``, in one pass over its bytes (UTF-8 continuation bytes are never ASCII, so
    the marks are exact)."""
    offsets, data = offsets_and_data(col)
    out = np.zeros(len(col), bool)
    if not len(col):
        return out
    start, end = int(offsets[0]), int(offsets[-1])
    mask, test = np.empty(min(chunk, end - start), bool), np.empty(min(chunk, end - start), bool)
    for at in range(start, end, chunk):
        part = data[at:min(at + chunk, end)]
        marks, scratch = mask[:len(part)], test[:len(part)]
        if below:
            np.less(part, below, out=marks)
        else:
            marks.fill(False)
        for byte in chars:
            marks |= np.equal(part, byte, out=scratch)
        hits = np.flatnonzero(marks)
        if len(hits):
            out[np.searchsorted(offsets, hits + at, side="right") - 1] = True
    return out


def count_byte(data: bytes | memoryview, byte: int, chunk: int = CHUNK) -> int:
    """How many times ``byte`` occurs in ``data``, counted in place :data:`CHUNK` bytes at a
    time with one reused mask (``bytes.count`` of one byte goes a byte at a time: 7 ms per
    16 MB block against 1.3 ms)."""
    values = np.frombuffer(data, np.uint8)
    mask = np.empty(min(chunk, len(values)), bool)
    total = 0
    for at in range(0, len(values), chunk):
        part = values[at:at + chunk]
        total += int(np.count_nonzero(np.equal(part, byte, out=mask[:len(part)])))
    return total


def rows_starting(col: pa.Array, chars: bytes) -> np.ndarray:
    """Which rows of a string array start with one of the ASCII ``chars``."""
    table = np.zeros(256, bool)
    table[np.frombuffer(chars, np.uint8)] = True
    return _edge(col, table, table)[0]


def _edge(col: pa.Array, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose first byte ``first`` marks, and rows whose last byte ``last`` marks
    (256-entry tables); empty and null rows are in neither."""
    offsets, data = offsets_and_data(col)
    filled = offsets[1:] > offsets[:-1]
    # np.take, not fancy indexing: about half the time per column (its byte index has no fast path)
    if filled.all():  # no empty or null row (most columns): no masked copies of the offsets
        return np.take(first, np.take(data, offsets[:-1])), np.take(last, np.take(data, offsets[1:] - 1))
    starts, ends = np.zeros(len(col), bool), np.zeros(len(col), bool)
    starts[filled] = np.take(first, np.take(data, offsets[:-1][filled]))
    ends[filled] = np.take(last, np.take(data, offsets[1:][filled] - 1))
    return starts, ends


def edge_space(col: pa.Array) -> np.ndarray:
    """Rows that may start or end with white space ``str.strip`` removes (a superset)."""
    starts, ends = _edge(col, _SPACE_FIRST, _SPACE_LAST)
    return starts | ends


def patched(col: pa.Array, rows: np.ndarray, values: list[Any]) -> pa.Array:
    """``col`` with the values of ``rows`` (a mask) replaced by ``values``, in row order
    (one copy of the column: a concatenation and a take cost two)."""
    import pyarrow.compute as pc

    if not rows.any():
        return col
    return pc.replace_with_mask(col, pa.array(rows), pa.array(values, col.type))


def picked(col: pa.Array, rows: np.ndarray) -> list[Any]:
    """The Python values of ``rows`` (a mask) of ``col``."""
    return col.filter(pa.array(rows)).to_pylist() if rows.any() else []


_ZEROS, _SEVENS, _HIGH = (np.uint64(int(b * 8, 16)) for b in ("30", "76", "80"))
#: A digit run at least this long: an integer orjson may not read exactly (as
#: :data:`comments.io.readers.base._LONG_NUMBER`).
LONG_RUN = 19


@dataclass
class BlockScan:
    """What one pass over a block of JSON lines finds (:func:`scan_block`): its line ends,
    the positions of ``{`` and ``[``, how many NUL bytes it holds, whether it may hold a
    run of :data:`LONG_RUN` digits (checked again exactly where it may) and whether it
    holds the text ``\\u0000``."""

    ends: np.ndarray
    opens: np.ndarray
    nul: int
    long_run: bool
    escaped_nul: bool


def scan_block(data: bytes | memoryview, chunk: int = CHUNK) -> BlockScan:
    """One pass over ``data`` a :data:`CHUNK` at a time with reused masks (each check over
    the whole 16 MB block, in fresh arrays, cost five times as much): line ends, ``{``/``[``,
    NUL bytes, backslashes (``\\u0000`` looked for after each) and the 8-byte words that
    are all digits (a run of 19 digits holds one: the few where one could is checked by
    the caller's exact test)."""
    a = np.frombuffer(data, np.uint8)
    if not len(a):
        return BlockScan(np.zeros(0, np.int64), np.zeros(0, np.int64), 0, False, False)
    chunk = max(8, chunk - chunk % 8)  # whole 8-byte words per chunk
    mask, scratch = np.empty(min(chunk, len(a)), bool), np.empty(min(chunk, len(a)), bool)
    ends, opens, slashes, digital, nul = [], [], [], [], 0
    whole_words = len(a) // 8
    words = a[:whole_words * 8].view(np.uint64)
    for at in range(0, len(a), chunk):
        part = a[at:at + chunk]
        marks, test = mask[:len(part)], scratch[:len(part)]
        ends.append(np.flatnonzero(np.equal(part, ord("\n"), out=marks)) + at)
        nul += int(np.count_nonzero(np.equal(part, 0, out=marks)))
        np.equal(part, ord("{"), out=marks)
        marks |= np.equal(part, ord("["), out=test)
        opens.append(np.flatnonzero(marks) + at)
        slashes.append(np.flatnonzero(np.equal(part, ord("\\"), out=marks)) + at)
        here = words[at // 8:(at + len(part)) // 8]
        shifted = here ^ _ZEROS  # a digit byte becomes 0-9; its word is all digits when no byte is above 9
        digital.append(np.flatnonzero((((shifted + _SEVENS) | shifted) & _HIGH) == 0) + at // 8)
    found = np.concatenate(slashes)
    found = found[found + 6 <= len(a)]
    escaped_nul = bool(len(found)) and bool(
        (a[found[:, None] + np.arange(1, 6)] == np.frombuffer(b"u0000", np.uint8)).all(axis=1).any())
    return BlockScan(np.concatenate(ends), np.concatenate(opens), nul, _long_run(a, np.concatenate(digital)),
                     escaped_nul)


def _long_run(a: np.ndarray, digital: np.ndarray) -> bool:
    """Whether a run of :data:`LONG_RUN` digits may lie around the all-digit 8-byte words
    ``digital`` (word numbers): the digits that end the word before and start the word
    after, added (a neighbour all digits, or past the whole words: may)."""
    if not len(digital):
        return False
    words = len(a) // 8
    before, after = digital - 1, digital + 1
    lone = (np.isin(before, digital, invert=True) | (before < 0)) & np.isin(after, digital, invert=True)
    lone &= after < words
    if not lone.all():
        return True
    left = a[np.maximum(before, 0)[:, None] * 8 + np.arange(8)]
    right = a[after[:, None] * 8 + np.arange(8)]
    left_digit = (left >= ord("0")) & (left <= ord("9"))
    right_digit = (right >= ord("0")) & (right <= ord("9"))
    left_digit[before < 0] = False
    trailing = np.where(left_digit.all(axis=1), 8, np.argmax(~left_digit[:, ::-1], axis=1))
    leading = np.where(right_digit.all(axis=1), 8, np.argmax(~right_digit, axis=1))
    return bool((trailing + 8 + leading >= LONG_RUN).any())
