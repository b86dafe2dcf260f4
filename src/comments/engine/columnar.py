"""The Dask engine's columnar shuffle: Reddit comment NDJSON (Pushshift / Arctic Shift
``RC_`` dumps) to Parquet without a Python object per comment.

A read task parses its file in blocks with the local engine's columnar reader
(:mod:`comments.io.fastpath_read`), buckets each block's rows by the hash of (site,
thread_id) — the same bucket :func:`comments.engine.tasks.bucket_of` gives — and spills
each bucket's rows as an Arrow IPC stream. A merge task reads its bucket's streams in
input order, keeps a comment given by two inputs once (as the general path's
:func:`~comments.io.pipeline.place` does, with its note), orders the rows by their
thread's first appearance and runs the local engine's columnar repair and Parquet sink
(:mod:`comments.io.fastpath_repair`, :mod:`comments.io.fastwrite`) on them.

It runs only where that gives the general path's records: Parquet output, nothing to
classify, no ``--site``/``--column``/other ``--format``, and every input a Reddit comment
dump the local fast path takes. A file that turns out otherwise while it is read (a
submission, a bad line, a thread under two subreddits in one block) is read the general
way, and if any input with comments was, the driver reads the others the general way too
(:func:`comments.engine.run.read_split`): one bucket never mixes the two.
"""

from __future__ import annotations

import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from comments.engine.blocks import Segment, Spill, load_bytes
from comments.engine.tasks import fits_columnar, stem_of
from comments.io.fastpath_merge import Sourced, cross_input, first_rows, repeats_within, text_column as _text, thread_urls
from comments.io.fastpath_spill import batch_ends, ipc_bytes, run_lengths

#: Rows repaired and written at a time (whole threads; one thread larger than this alone).
BATCH = 100_000
#: The spilled rows' row number in their input: a merge puts its notes in the local engine's order.
LINE = "__line"


def read_columns(index: int, item: str, fmt: str | None, block_bytes: int, buckets: int,
                 spill: str) -> tuple[int, list[list[Segment]]] | None:
    """Read ``item`` in blocks and spill each block's rows by bucket as Arrow IPC: the
    number of comments and, per bucket, where its rows lie; None (nothing kept) when the
    file is not for the columnar path after all: the caller reads it the general way."""
    from comments.io.fastpath_read import blocks, reddit

    out = Spill(Path(spill) / f"input-{index:06d}.arrow", buckets, index)
    ok, comments = False, 0
    try:
        if not fits_columnar(item, fmt):
            return None
        dialect = reddit(Path(item), stem_of(item))
        for data in blocks(Path(item), block_bytes, reuse=True):
            table = dialect.columns(data)
            table = table.append_column(LINE, pa.array(np.arange(comments, comments + table.num_rows, dtype=np.int64)))
            comments += table.num_rows
            _spill_block(table, buckets, out)
        ok = True
    except Exception:  # noqa: BLE001 - a submission, a bad line …: the general path reads and reports it
        return None
    finally:
        segments = out.close(keep=ok)
    return comments, segments


def _spill_block(table: pa.Table, buckets: int, out: Spill) -> None:
    """One block's rows into ``out``, one IPC stream per bucket it has rows for."""
    site, thread = _text(table.column("site")), _text(table.column("thread_id"))
    if site.null_count:
        raise ValueError("a comment without a subreddit: the general path names its site")
    pairs = pc.dictionary_encode(pc.binary_join_element_wise(site, thread, "\x1f"))
    if len(pc.unique(thread)) != len(pairs.dictionary):
        raise ValueError("a thread under two subreddits: the general path names it by its first comment")
    per_key = np.array([zlib.crc32(key.encode("utf-8", "surrogatepass")) % buckets
                        for key in pairs.dictionary.to_pylist()], np.int64)
    rows = per_key[pairs.indices.to_numpy(zero_copy_only=False)]
    order = np.argsort(rows, kind="stable")
    table = table.take(pa.array(order))
    found, starts = np.unique(rows[order], return_index=True)
    for bucket, start, end in zip(found, starts, np.r_[starts[1:], len(rows)]):
        out.add_bytes(int(bucket), ipc_bytes(table.slice(int(start), int(end - start))))


def _bucket_table(segments: list[Segment]) -> tuple[pa.Table, np.ndarray]:
    """The bucket's rows in input order, and each row's input number."""
    parts, inputs = [], []
    for seg, data in zip(segments, load_bytes(segments)):
        part = pa.ipc.open_stream(data).read_all()
        parts.append(part)
        inputs.append(np.full(part.num_rows, seg.input, np.int64))
    if not parts:
        return pa.table({}), np.zeros(0, np.int64)
    return pa.concat_tables(parts, promote_options="permissive"), np.concatenate(inputs)


def merge_columns(segments: list[Segment], names: dict[int, str], out: Path, threads_out: Path) -> dict[str, Any]:
    """Merge, repair and write one bucket (``names``: each input's name): its totals
    (threads, comments, duplicates, flags, notes: each with its place in the local
    engine's order, (input, the thread's first row in it, the row))."""
    from comments.io.fastpath_read import Dialect
    from comments.io.fastpath_repair import Summary
    from comments.io.fastwrite import ParquetSink

    table, inputs = _bucket_table(segments)
    summary, notes, duplicates = Summary(), [], 0
    sources = None
    if table.num_rows:
        pairs = pc.binary_join_element_wise(_text(table.column("site")), _text(table.column("thread_id")), "\x1f")
        codes = pc.dictionary_encode(pairs).indices.to_numpy(zero_copy_only=False)
        lines = table.column(LINE).to_numpy()
        table = table.drop_columns([LINE])
        drop, keyed = cross_input(table, pairs, codes, inputs, names, lines)
        notes = keyed
        if drop.any():
            keep = ~drop
            table, codes, inputs = table.filter(pa.array(keep)), codes[keep], inputs[keep]
            duplicates = int(drop.sum()) - repeats_within(keyed)
        table = thread_urls(table, codes, inputs)
        sources = (names[int(inputs[row])] for row in first_rows(codes))
    sink = ParquetSink(out, threads_out)  # opened only once the bucket is ready, and always closed
    if sources is not None:
        sink = Sourced(sink, sources)
    try:
        if table.num_rows:
            _write_sorted(table, codes, sink, summary, Dialect("reddit", lambda data: pa.table({}), tabular=False))
    finally:
        sink.close()
    return {"threads": summary.threads, "comments": summary.comments, "duplicates": duplicates,
            "empty": summary.empty, "flags": Counter(summary.flags), "notes": notes}


def _write_sorted(table: pa.Table, codes: np.ndarray, sink: Any, summary: Any, dialect: Any) -> None:
    """Rows stably sorted by their thread's first appearance (codes number threads so),
    repaired and written about :data:`BATCH` rows at a time, a thread never split."""
    from comments.io.fastpath_repair import repair_and_write

    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    for at, end in batch_ends(run_lengths(codes), BATCH):
        repair_and_write(table.take(pa.array(order[at:end])), codes[at:end], sink, summary, "", dialect)
