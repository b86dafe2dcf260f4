"""Outputs of the columnar fast path (:mod:`comments.fastpath`): each batch of repaired
threads arrives as an Arrow table of comment records (threads contiguous, in input
order) with the batch's thread records, and is written as Parquet, JSON Lines or CSV —
the same records, and for JSONL and CSV the same bytes, as :mod:`comments.writers`
writes for the general path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from comments import writers
from comments.atomic import create
from comments.model import COMMENT_FIELDS, THREAD_FIELDS, meta_from_json

SCHEMA = pa.schema([
    ("record", pa.string()), ("site", pa.string()), ("thread_id", pa.string()), ("id", pa.string()),
    ("parent_id", pa.string()), ("depth", pa.int32()), ("position", pa.int32()), ("author", pa.string()),
    ("created_at", pa.string()), ("kind", pa.string()), ("status", pa.string()), ("text", pa.string()),
    ("flags", pa.list_(pa.string())), ("missing_parent_id", pa.string()), ("meta", pa.string()),
])
assert tuple(SCHEMA.names) == COMMENT_FIELDS  # the records' field order


class ParquetSink:
    """Comments written block by block; threads (few) written at the end."""

    schema = SCHEMA

    def __init__(self, out: Path, threads_out: Path) -> None:
        self.comments = pq.ParquetWriter(out, SCHEMA, use_dictionary=["record", "site", "thread_id", "author",
                                                                     "kind", "status", "flags"])
        self.thread_rows: list[dict] = []
        self.sibling = threads_out

    def write(self, comments: pa.Table, threads: list[dict[str, Any]]) -> None:
        self.comments.write_table(comments)
        self.thread_rows.extend(threads)

    def close(self) -> None:
        self.comments.close()
        tschema = pa.schema([(c, pa.int64() if c.endswith("_count") else pa.string()) for c in THREAD_FIELDS])
        pq.write_table(pa.Table.from_pylist(self.thread_rows, schema=tschema), self.sibling)


def _rows(comments: pa.Table) -> list[list[Any]]:
    """The comment records' values, row by row, in field order (a column at a time)."""
    return list(zip(*(comments.column(name).to_pylist() for name in COMMENT_FIELDS)))


class JsonlSink:
    """Each thread record followed by its comments, as :func:`comments.writers.write_jsonl`."""

    schema = SCHEMA

    def __init__(self, out: Path) -> None:
        self.handle = create(out)

    def write(self, comments: pa.Table, threads: list[dict[str, Any]]) -> None:
        rows = iter(_rows(comments))
        line = writers._json_line
        parts = []
        for thread in threads:
            parts.append(line(thread))
            for _ in range(thread["comment_count"]):
                record = dict(zip(COMMENT_FIELDS, next(rows)))
                meta = record["meta"]
                record["meta"] = {} if meta == "{}" else meta_from_json(meta)
                parts.append(line(record))
        self.handle.write("".join(parts))

    def close(self) -> None:
        self.handle.close()


class CsvSink:
    """Comments in the CSV file as they come, threads in its sibling at the end, as
    :func:`comments.writers.write_csv`."""

    schema = SCHEMA

    def __init__(self, out: Path, threads_out: Path) -> None:
        import csv

        self.handle = create(out)
        csv.writer(self.handle).writerow(COMMENT_FIELDS)
        self.threads_out = threads_out
        self.thread_rows: list[dict] = []

    def write(self, comments: pa.Table, threads: list[dict[str, Any]]) -> None:
        writers.write_rows(self.handle, list(COMMENT_FIELDS),
                           (dict(zip(COMMENT_FIELDS, row)) for row in _rows(comments)))
        self.thread_rows.extend(threads)

    def close(self) -> None:
        self.handle.close()
        writers.write_table(self.threads_out, list(THREAD_FIELDS), self.thread_rows)
