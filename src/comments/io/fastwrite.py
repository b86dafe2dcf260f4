"""Outputs of the columnar fast path (:mod:`comments.io.fastpath`): each batch of repaired
threads arrives as an Arrow table of comment records (threads contiguous, in input
order) with the batch's thread records, and is written as Parquet, JSON Lines or CSV —
the same records, and for JSONL and CSV the same bytes, as :mod:`comments.io.writers`
writes for the general path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from comments.io import writers
from comments.io.atomic import create
from comments.model.records import COMMENT_FIELDS, THREAD_FIELDS, meta_from_json

SCHEMA = pa.schema([
    ("record", pa.string()), ("site", pa.string()), ("thread_id", pa.string()), ("id", pa.string()),
    ("parent_id", pa.string()), ("depth", pa.int32()), ("position", pa.int32()), ("author", pa.string()),
    ("created_at", pa.string()), ("kind", pa.string()), ("status", pa.string()), ("text", pa.string()),
    ("flags", pa.list_(pa.string())), ("missing_parent_id", pa.string()), ("meta", pa.string()),
])
assert tuple(SCHEMA.names) == COMMENT_FIELDS  # the records' field order
#: Comments turned into text lines at a time (memory: a slice, not a whole huge thread).
SLICE = 20_000


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


class JsonlSink:
    """Each thread record followed by its comments, as :func:`comments.io.writers.write_jsonl`
    writes them: lines are put together column by column (JSON escaping as ``json.dumps``
    does it); the rare row with flags, ``meta`` or unusual control characters is made in
    Python by the general path's own function."""

    schema = SCHEMA

    def __init__(self, out: Path) -> None:
        self.handle = create(out)

    def write(self, comments: pa.Table, threads: list[dict[str, Any]]) -> None:
        heads, at = [], 0  # (row, thread line): each thread record goes before its first comment
        for thread in threads:
            heads.append((at, writers._json_line(thread)))
            at += thread["comment_count"]
        heads.reverse()
        for start in range(0, comments.num_rows, SLICE):  # a huge thread is written a slice at a time
            parts = []
            for row, line in enumerate(_comment_lines(comments.slice(start, SLICE)), start):
                while heads and heads[-1][0] == row:
                    parts.append(heads.pop()[1])
                parts.append(line)
            self.handle.write("".join(parts))
        self.handle.write("".join(line for _, line in reversed(heads)))

    def close(self) -> None:
        self.handle.close()


#: What ``json.dumps(ensure_ascii=False)`` escapes with a short form (backslash first).
_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"), ("\b", "\\b"),
            ("\f", "\\f"))
#: Characters it writes as ``\u00XX``: such values go through Python.
_OTHER_CONTROL = r"[\x00-\x07\x0b\x0e-\x1f]"


def json_values(column) -> tuple[pa.Array, np.ndarray]:
    """A string column as JSON texts (null → ``null``), and which rows need Python."""
    import pyarrow.compute as pc

    text = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    escaped = text
    for plain, escape in _ESCAPES:
        escaped = pc.replace_substring(escaped, plain, escape)
    quoted = pc.fill_null(pc.binary_join_element_wise('"', escaped, '"', ""), "null")
    odd = pc.fill_null(pc.match_substring_regex(text, _OTHER_CONTROL), False).to_numpy(zero_copy_only=False)
    return quoted, odd


def _meta_values(column) -> tuple[pa.Array, np.ndarray]:
    """Each row's ``meta`` as ``json.dumps`` writes it inside the record, made once per
    distinct value (a dump's rows often share it: Reddit's subreddit), and which rows
    need Python (values ``json.dumps`` refuses or that need cleaning)."""
    import json

    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column)
    texts, bad = [], []
    for value in encoded.dictionary.to_pylist():
        try:
            text = json.dumps(meta_from_json(value), ensure_ascii=False, allow_nan=False)
        except ValueError:
            text = None
        bad.append(text is None or writers._SURROGATE.search(text) is not None)
        texts.append(text or "{}")
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    return pc.take(pa.array(texts, pa.string()), encoded.indices), np.array(bad, bool)[indices]


def _comment_lines(comments: pa.Table) -> list[str]:
    """Each comment's JSON line, exactly as :func:`comments.io.writers._json_line` makes it."""
    import pyarrow.compute as pc

    pieces: list[Any] = []
    python = np.zeros(comments.num_rows, bool)
    for name in COMMENT_FIELDS:
        pieces.append(("{" if name == "record" else ", ") + f'"{name}": ')
        column = comments.column(name)
        if name in ("depth", "position"):
            pieces.append(pc.cast(column, pa.string()))
        elif name == "flags":
            python |= pc.list_value_length(column).to_numpy(zero_copy_only=False) > 0
            pieces.append("[]")
        elif name == "meta":
            values, odd = _meta_values(column)
            python |= odd
            pieces.append(values)
        else:
            values, odd = json_values(column)
            python |= odd
            pieces.append(values)
    pieces.append("}\n")
    lines = pc.binary_join_element_wise(*pieces, "").to_pylist()
    if python.any():
        rows = comments.take(pa.array(np.flatnonzero(python)))
        for i, values in zip(np.flatnonzero(python), zip(*(rows.column(n).to_pylist() for n in COMMENT_FIELDS))):
            record = dict(zip(COMMENT_FIELDS, values))
            record["meta"] = meta_from_json(record["meta"])
            lines[i] = writers._json_line(record)
    return lines


class CsvSink:
    """Comments in the CSV file as they come, threads in its sibling at the end, as
    :func:`comments.io.writers.write_csv`."""

    schema = SCHEMA

    def __init__(self, out: Path, threads_out: Path) -> None:
        import csv

        self.handle = create(out)
        csv.writer(self.handle).writerow(COMMENT_FIELDS)
        self.threads_out = threads_out
        self.thread_rows: list[dict] = []

    def write(self, comments: pa.Table, threads: list[dict[str, Any]]) -> None:
        for start in range(0, comments.num_rows, SLICE):
            self.handle.write("".join(_csv_lines(comments.slice(start, SLICE))))
        self.thread_rows.extend(threads)

    def close(self) -> None:
        self.handle.close()
        writers.write_table(self.threads_out, list(THREAD_FIELDS), self.thread_rows)


#: Cells :func:`comments.io.csvsafe.neutralize` changes: such rows go through Python.
_CSV_RISKY = r"^['=+\-@\t\r]|[\x00-\x08\x0b-\x1f\x7f]"


def _csv_lines(comments: pa.Table) -> list[str]:
    """Each comment's CSV row as :func:`comments.io.writers.write_rows` writes it (minimal
    quoting, ``\\r\\n``), made column by column; rows with flags or cells that need
    neutralising are made by that function itself."""
    import io

    import pyarrow.compute as pc

    cells: list[Any] = []
    python = pc.list_value_length(comments.column("flags")).to_numpy(zero_copy_only=False) > 0
    for name in COMMENT_FIELDS:
        column = comments.column(name)
        if name == "flags":
            cells.append("")
            continue
        text = pc.cast(column, pa.string()) if name in ("depth", "position") else column
        python |= pc.fill_null(pc.match_substring_regex(text, _CSV_RISKY), False).to_numpy(zero_copy_only=False)
        quote = pc.fill_null(pc.match_substring_regex(text, '[,"\r\n]'), False)
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
        cells.append(pc.fill_null(pc.if_else(quote, quoted, text), ""))
    lines = pc.binary_join_element_wise(*cells, ",").to_pylist()
    rows = np.flatnonzero(python)
    if len(rows):
        taken = comments.take(pa.array(rows))
        for i, values in zip(rows, zip(*(taken.column(n).to_pylist() for n in COMMENT_FIELDS))):
            buffer = io.StringIO(newline="")
            writers.write_rows(buffer, list(COMMENT_FIELDS), [dict(zip(COMMENT_FIELDS, values))])
            lines[i] = buffer.getvalue()[:-2]
    return [line + "\r\n" for line in lines]
