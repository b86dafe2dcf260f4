"""The Parquet layout of our output in one place: column types, the map columns and
where a comments file keeps its threads (``NAME.threads.parquet`` beside it).

Writers build their tables from these types and the reader turns the map columns back
into dicts with them, so writing and reading cannot drift apart. pyarrow is imported
only when a schema is asked for (reading JSON Lines never needs it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from comments.model.records import COMMENT_FIELDS, SCORE_FIELDS, THREAD_FIELDS

#: Columns that are maps (label → score); Parquet gives them back as lists of pairs.
MAP_COLUMNS = tuple(SCORE_FIELDS.values())
#: Integer columns of the comments table (32-bit) and of the threads table (64-bit).
COMMENT_INTS = ("depth", "position")
THREAD_INTS = tuple(name for name in THREAD_FIELDS if name.endswith("_count"))


def comment_types() -> dict[str, Any]:
    """Column → Arrow type for every comment column that is not a string."""
    import pyarrow as pa

    labels = pa.list_(pa.string())
    scores = pa.map_(pa.string(), pa.float64())
    return {**{name: pa.int32() for name in COMMENT_INTS}, "flags": labels, "topics": labels, "tone": labels,
            **{name: scores for name in MAP_COLUMNS}, "polarity": pa.float64()}


def comment_schema(columns: tuple[str, ...] | list[str] = COMMENT_FIELDS):
    """The comments table's schema for ``columns`` (default: the parse columns)."""
    import pyarrow as pa

    types = comment_types()
    return pa.schema([(name, types.get(name, pa.string())) for name in columns])


def thread_schema():
    """The threads table's schema: counts as 64-bit integers, the rest strings."""
    import pyarrow as pa

    return pa.schema([(name, pa.int64() if name in THREAD_INTS else pa.string()) for name in THREAD_FIELDS])


def threads_path(path: Path) -> Path:
    """``out.parquet`` → ``out.threads.parquet`` (also for CSV: ``out.threads.csv``)."""
    return path.with_name(f"{path.stem}.threads{path.suffix}")


def maps_to_pairs(row: dict[str, Any]) -> dict[str, Any]:
    """Map columns as lists of pairs, as pyarrow takes them (in place)."""
    for key in MAP_COLUMNS:
        if isinstance(row.get(key), dict):
            row[key] = list(row[key].items())
    return row


def pairs_to_maps(row: dict[str, Any]) -> dict[str, Any]:
    """Map columns come back from Parquet as lists of pairs; make them dicts (in place)."""
    for key in MAP_COLUMNS:
        if isinstance(row.get(key), list):
            row[key] = dict(row[key])
    return row
