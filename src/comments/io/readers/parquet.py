"""Our own Parquet output (comments, with threads in the sibling ``NAME.threads.parquet``)."""

from __future__ import annotations

import io
from pathlib import Path

from comments.model.errors import InputError
from comments.model.records import ParsedThread
from comments.io.parquet_schema import pairs_to_maps, threads_path
from comments.io.readers.base import Context, Reader
from comments.text.plural import plural

NAME = "parquet"
MAGIC = b"PAR1"


def read_bytes(data: bytes, ctx: Context) -> list[ParsedThread]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from comments.io.readers.tabular import _assemble

    try:
        names = pq.read_schema(io.BytesIO(data)).names
        repeated = [n for n in dict.fromkeys(names) if names.count(n) > 1]
        if repeated:  # pyarrow's dataset reader refused it with its internal field listing
            raise InputError(f"unreadable Parquet: {plural(len(repeated), 'column name')} given more than once "
                             f"({', '.join(map(repr, repeated[:5]))}); our output's columns are distinct")
        rows = pq.read_table(io.BytesIO(data)).to_pylist()
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"unreadable Parquet ({exc})") from None
    rows = [pairs_to_maps(r) for r in rows]
    path = ctx.path
    if isinstance(path, Path) and path.name.endswith(".parquet") and not path.name.endswith(".threads.parquet"):
        sibling = threads_path(path)
        folder = path.parent
        if folder.name.endswith(".parquet") and (folder / ".comments-dataset").is_file():
            # a part of a Dask engine dataset: its threads are in the same part of the threads folder
            sibling = threads_path(folder) / path.name
        if sibling.is_file():
            rows = [pairs_to_maps(r) for r in pq.read_table(sibling).to_pylist()] + rows
    if rows and "record" not in rows[0]:
        raise InputError("Parquet file is not `comments` output (no 'record' column)")
    return _assemble(rows, ctx, NAME, ours=True)


READER = Reader(NAME, lambda head: False, read_bytes, binary=True)
