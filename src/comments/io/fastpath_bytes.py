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
