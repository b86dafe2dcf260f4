"""Records as typed pandas DataFrames: one row per comment or thread, SPEC columns in
SPEC order, timezone-aware datetimes, nullable integers, lists and maps as Python objects."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from comments.model.records import THREAD_FIELDS, ParsedThread

if TYPE_CHECKING:
    import pandas as pd

#: Columns of whole numbers (nullable: ``declared_count`` is often unknown).
INTEGERS = {"depth", "position", "declared_count", "comment_count", "unloaded_count"}
#: Columns of timestamps (ISO 8601 text in the records).
DATES = {"created_at", "published_at"}
#: Columns holding lists or maps, kept as Python objects (one fresh object per row).
OBJECTS = {"flags", "meta", "topics", "topic_scores", "tone", "tone_scores"}
FLOATS = {"polarity"}


def comments_frame(threads: list[ParsedThread], dates: str = "datetime") -> pd.DataFrame:
    """Comments in thread order, each thread's by position; the classification columns
    when any comment is classified (as every output writes them). ``dates="datetime"``:
    ``created_at`` as UTC datetimes (a time without offset is taken as UTC, a partial date
    ``2021-09`` as its first day); ``dates="text"``: the exact ISO 8601 text of the record."""
    from comments.io.writers import comment_columns

    columns = comment_columns(threads)
    rows = [c.to_dict() for pt in threads for c in sorted(pt.comments, key=lambda x: x.position)]
    return _frame(columns, rows, dates)


def threads_frame(threads: list[ParsedThread], dates: str = "datetime") -> pd.DataFrame:
    """Threads in input order; ``published_at`` as :func:`comments_frame` treats ``created_at``."""
    return _frame(list(THREAD_FIELDS), [pt.thread.to_dict() for pt in threads], dates)


def _frame(columns: list[str], rows: list[dict[str, Any]], dates: str) -> pd.DataFrame:
    if dates not in ("datetime", "text"):
        raise ValueError(f"dates must be 'datetime' or 'text', not {dates!r}")
    import pandas as pd

    data = {}
    for col in columns:
        values = [row.get(col) for row in rows]
        if col in INTEGERS:
            data[col] = pd.array(values, dtype="Int64")
        elif col in FLOATS:
            data[col] = pd.array(values, dtype="Float64")
        elif col in DATES and dates == "datetime":
            data[col] = pd.Series([parse_date(v) for v in values], dtype="datetime64[us, UTC]")
        elif col in OBJECTS:
            data[col] = pd.Series([_copy(v) for v in values], dtype=object)
        else:
            data[col] = pd.array(values, dtype="string")
    return pd.DataFrame(data, columns=columns)


def _copy(value: Any) -> Any:
    """A row's own list or map: editing one cell never changes another or the records."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def parse_date(value: str | None) -> datetime | None:
    """An ISO 8601 record value as an aware UTC datetime (None stays None). Partial dates
    (``2021``, ``2021-09``) mean their first day; a time without offset is taken as UTC.
    ValueError for text that is no ISO 8601 date (records never hold such)."""
    if value is None:
        return None
    text = value.strip()
    if len(text) == 4 and text.isdigit():
        text += "-01-01"
    elif len(text) == 7 and text[4] == "-":
        text += "-01"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not an ISO 8601 date: {value!r} (use dates='text' for the record's text)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)
