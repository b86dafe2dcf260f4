"""Bounded memory for the columnar fast path (:mod:`comments.io.fastpath`) when a dump's
threads interleave (Reddit dumps are in time order): its rows must be put in thread
order before they are repaired, so they are held until the dump ends.

Up to :data:`HOLD` bytes of Arrow columns they are held in memory, as before. Past that,
every row gets its thread's number by first appearance in the dump (the number the
in-memory path's ``dictionary_encode`` gives it) and the rows go to one spill file of
Arrow IPC streams, bucketed by ranges of thread numbers. At the end the buckets are read
back one after another, each sorted stably by thread number, and cut into the same
batches of whole threads as in memory: the same rows in the same order, so the same
output, with memory bounded by a bucket and a batch instead of the dump. A bucket's
range of threads is fixed when spilling starts, from the rows per thread seen so far: in
a time-ordered dump those threads keep growing, so a bucket can hold several times
:data:`BUCKET_ROWS` (still a share of the dump, not all of it).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from comments.io.atomic import temp_name

#: Bytes of Arrow columns (``Table.nbytes``) held in memory before the rows are spilled
#: (about 320 bytes per 7-field Reddit comment, 620 with Pushshift's 22 fields: some 500,000
#: or 260,000 comments are held before spilling). At 1M 22-field comments 512 MB held
#: (and 250,000-row buckets) peaked at 1,374 MB (plain NDJSON → Parquet), 160 MB at 1,024 MB
#: for the same CPU; a zstd dump adds its window (all of the file's text up to 2 GB).
HOLD = 160 << 20
#: Rows a spill bucket is meant to hold (by the rows per thread seen when spilling starts;
#: threads that grow later make it larger). A bucket read back is held three times over
#: while it is sorted (its IPC parts, a column joined, the rows taken in order).
BUCKET_ROWS = 100_000
#: LZ4 on the spill file (half the disk, more CPU)
COMPRESS = True
_CODE, _BLOCK = "__thread_number", "__block"


def ipc_bytes(table: pa.Table, compress: bool = True) -> pa.Buffer:
    """``table`` as one Arrow IPC stream (LZ4-compressed where the build has it, if ``compress``)."""
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="lz4" if compress and pa.Codec.is_available("lz4") else None)
    with pa.ipc.new_stream(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return sink.getvalue()


def run_lengths(codes: np.ndarray) -> np.ndarray:
    """Lengths of the runs of equal values in ``codes`` (rows per thread, threads contiguous)."""
    return np.diff(np.r_[np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]), len(codes)]) if len(codes) else codes[:0]


def batch_ends(sizes: np.ndarray, batch: int) -> Iterator[tuple[int, int]]:
    """Row ranges of whole threads (``sizes``: rows per thread, in order), each up to
    ``batch`` rows, or one thread alone when it is larger."""
    bounds = np.r_[0, np.cumsum(sizes, dtype=np.int64)]
    total, at = int(bounds[-1]), 0
    while at < total:
        end = int(bounds[np.searchsorted(bounds, at + batch, side="right") - 1])
        end = end if end > at else int(bounds[np.searchsorted(bounds, at, side="right")])
        yield at, end
        at = end


class Held:
    """A dump's column blocks (each with a ``key`` column naming its thread), in memory
    up to ``hold`` bytes (default :data:`HOLD`), then in a spill folder beside ``near`` (removed by :meth:`close`)."""

    def __init__(self, near: Path, hold: int | None = None) -> None:
        self.near, self.hold = near, HOLD if hold is None else hold
        self.parts: list[pa.Table] = []
        self.nbytes = 0
        self.folder: Path | None = None
        self.handle = None
        self.offset = 0
        self.numbers: dict[str, int] = {}
        self.sizes = np.zeros(0, np.int64)
        self.span = 1
        self.segments: dict[int, list[tuple[int, int]]] = {}
        self.blocks = 0
        #: threads contiguous so far (rows never go back to an earlier thread)
        self.grouped, self.last = True, -1

    @property
    def spilled(self) -> bool:
        return self.folder is not None

    def add(self, table: pa.Table) -> None:
        """One block's columns."""
        if self.spilled:
            self._spill(table)
            return
        self.parts.append(table)
        self.nbytes += table.nbytes
        if self.nbytes > self.hold:
            self._start_spilling()

    def _start_spilling(self) -> None:
        parts, self.parts = self.parts, []
        rows = sum(p.num_rows for p in parts)
        threads = len(pc.unique(pa.chunked_array([p.column("key") for p in parts]).combine_chunks()))
        self.span = max(1, threads * BUCKET_ROWS // max(rows, 1))
        self.folder = temp_name(self.near)
        self.folder.mkdir()
        self.handle = (self.folder / "rows.arrow").open("wb")
        while parts:
            self._spill(parts.pop(0))

    def _thread_numbers(self, table: pa.Table) -> np.ndarray:
        """Each row's thread number by first appearance in the dump so far."""
        encoded = pc.dictionary_encode(table.column("key").combine_chunks())
        known = self.numbers
        mapping = np.fromiter((known.setdefault(k, len(known)) for k in encoded.dictionary.to_pylist()),
                              np.int64, len(encoded.dictionary))
        return mapping[encoded.indices.to_numpy(zero_copy_only=False)]

    def _spill(self, table: pa.Table) -> None:
        numbers = self._thread_numbers(table)
        counts = np.bincount(numbers, minlength=len(self.numbers))
        counts[: len(self.sizes)] += self.sizes
        self.sizes = counts
        if self.grouped and len(numbers):
            self.grouped = bool(numbers[0] >= self.last and np.all(numbers[1:] >= numbers[:-1]))
            self.last = int(numbers[-1])
        buckets = numbers // self.span
        order = np.argsort(buckets, kind="stable")
        table = table.append_column(_CODE, pa.array(numbers))
        table = table.append_column(_BLOCK, pa.repeat(pa.scalar(self.blocks, pa.int64()), table.num_rows))
        if np.any(order[1:] < order[:-1]):  # rows of several buckets interleave: group them
            table = table.take(pa.array(order))
        self.blocks += 1
        found, starts = np.unique(buckets[order], return_index=True)
        for bucket, start, end in zip(found, starts, np.r_[starts[1:], len(order)]):
            data = ipc_bytes(table.slice(int(start), int(end - start)), COMPRESS)
            self.handle.write(data)
            self.segments.setdefault(int(bucket), []).append((self.offset, data.size))
            self.offset += data.size

    def whole(self) -> pa.Table | None:
        """The blocks held in memory as one table (None once spilled, or when empty)."""
        if self.spilled or not self.parts:
            return None
        table = pa.concat_tables(self.parts)
        self.parts = []
        return table

    def batches(self, batch: int) -> Iterator[tuple[pa.Table, np.ndarray]]:
        """The spilled rows in thread order, cut into whole threads of up to ``batch`` rows
        (as the in-memory path cuts them): each batch's table and thread numbers."""
        self.handle.close()
        pending: pa.Table | None = None  # sorted rows read but not yet handed out
        next_bucket = 0
        last = (len(self.sizes) - 1) // self.span
        with (self.folder / "rows.arrow").open("rb") as source:
            for at, end in batch_ends(self.sizes, batch):
                while (0 if pending is None else pending.num_rows) < end - at and next_bucket <= last:
                    loaded = self._bucket(source, next_bucket)
                    next_bucket += 1
                    if loaded is not None:
                        pending = loaded if pending is None else pa.concat_tables([pending, loaded])
                rows, pending = pending.slice(0, end - at), pending.slice(end - at)
                yield self._as_in_memory(rows), rows.column(_CODE).to_numpy()

    def _as_in_memory(self, rows: pa.Table) -> pa.Table:
        """The batch in the chunks the in-memory path gives it (Parquet's pages follow
        them): the blocks' own chunks where the dump's threads are contiguous (it slices
        the blocks), else one chunk (it takes the rows)."""
        blocks = rows.column(_BLOCK).to_numpy()
        rows = rows.drop_columns([_CODE, _BLOCK]).combine_chunks()
        if not self.grouped or not len(blocks):
            return rows
        cuts = np.r_[0, np.flatnonzero(blocks[1:] != blocks[:-1]) + 1, len(blocks)]
        return pa.concat_tables([rows.slice(int(a), int(b - a)) for a, b in zip(cuts[:-1], cuts[1:])])

    def _bucket(self, source, bucket: int) -> pa.Table | None:
        """One bucket's rows, sorted stably by thread number."""
        parts = []
        for offset, length in self.segments.get(bucket, []):
            source.seek(offset)
            parts.append(pa.ipc.open_stream(source.read(length)).read_all())
        if not parts:
            return None
        table = pa.concat_tables(parts)
        order = np.argsort(table.column(_CODE).to_numpy(), kind="stable")
        return table.take(pa.array(order))

    def close(self) -> None:
        """Remove the spill folder."""
        self.parts = []
        if self.handle is not None:
            self.handle.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
