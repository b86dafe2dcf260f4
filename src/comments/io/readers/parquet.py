"""Our own Parquet output (comments, with threads in the sibling ``NAME.threads.parquet``)."""

from __future__ import annotations

import io
from pathlib import Path

from comments.model.errors import InputError
from comments.model.records import ParsedThread
from comments.io.readers.base import Context, Reader

NAME = "parquet"
MAGIC = b"PAR1"


def read_bytes(data: bytes, ctx: Context) -> list[ParsedThread]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from comments.io.readers.tabular import _assemble

    try:
        rows = pq.read_table(io.BytesIO(data)).to_pylist()
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"unreadable Parquet ({exc})") from None
    rows = [_plain(r) for r in rows]
    path = ctx.path
    if isinstance(path, Path) and path.name.endswith(".parquet") and not path.name.endswith(".threads.parquet"):
        sibling = path.with_name(path.name[: -len(".parquet")] + ".threads.parquet")
        folder = path.parent
        if folder.name.endswith(".parquet") and (folder / ".comments-dataset").is_file():
            # a part of a Dask engine dataset: its threads are in the same part of the threads folder
            sibling = folder.with_name(folder.name[: -len(".parquet")] + ".threads.parquet") / path.name
        if sibling.is_file():
            rows = [_plain(r) for r in pq.read_table(sibling).to_pylist()] + rows
    if rows and "record" not in rows[0]:
        raise InputError("Parquet file is not `comments` output (no 'record' column)")
    return _assemble(rows, ctx, NAME, ours=True)


def _plain(row: dict) -> dict:
    """Map columns come back as lists of pairs; make them dicts again."""
    for key in ("topic_scores", "tone_scores"):
        if isinstance(row.get(key), list):
            row[key] = dict(row[key])
    return row


READER = Reader(NAME, lambda head: False, read_bytes, binary=True)
