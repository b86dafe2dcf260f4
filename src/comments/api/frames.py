"""Records as typed pandas DataFrames: one row per comment or thread, SPEC columns in
SPEC order, timezone-aware datetimes, nullable integers, lists and maps as Python objects."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from comments.io.readers.tabular import our_row
from comments.io.records import leave_out_deep
from comments.model.errors import InputError
from comments.model.records import CLASSIFICATION_FIELDS, COMMENT_FIELDS, LIST_SEPARATOR, THREAD_FIELDS, ParsedThread
from comments.text.plural import plural

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


def threads_from_frames(comments: pd.DataFrame, threads: pd.DataFrame | None = None
                        ) -> tuple[list[ParsedThread], list[str]]:
    """Threads rebuilt from frames shaped like :func:`comments_frame` / :func:`threads_frame`
    (a filtered or edited one, a CSV read with pandas), and notes on what was repaired.
    Datetime cells become UTC ISO 8601 text, missing cells None; a column that is no record
    field goes into ``meta`` under its name; comments keep their thread's order (by
    ``position`` where given). Threads without a row in ``threads`` are made from their
    comments' ``site`` and ``thread_id``. Each tree is repaired as ``read`` repairs it:
    depths from the parents present, a reply whose parent is not in the frame is an orphan."""
    from comments.model import tree
    from comments.model.records import Comment, Thread

    if "text" not in comments.columns or "thread_id" not in comments.columns:
        raise ValueError("the comments frame needs the columns thread_id and text (as comments_df() has them)")
    known = set(COMMENT_FIELDS) | set(CLASSIFICATION_FIELDS)
    made: dict[tuple[str, str], ParsedThread] = {}
    ours = _our_csv(comments)
    if threads is not None:
        for row in _rows(threads, ours and list(threads.columns) == list(THREAD_FIELDS)):
            thread = Thread.from_dict({k: v for k, v in row.items() if k in THREAD_FIELDS})
            made.setdefault((thread.site or "", thread.thread_id or ""), ParsedThread(thread))
    given = len(made)
    orphans_before = no_text = unplaced = 0
    for row in _rows(comments, ours):
        if row.get("text") is None:  # a missing cell: pandas reads "NA", "null", "" as missing
            row["text"] = ""
            no_text += 1
        unplaced += row.get("position") is None
        extra = {k: v for k, v in row.items() if k not in known and v is not None}
        fields = {k: v for k, v in row.items() if k in known}
        if extra:
            fields["meta"] = {**(fields.get("meta") or {}), **extra}
        comment = Comment.from_dict(fields)
        orphans_before += "orphan" in comment.flags
        key = (comment.site or "", comment.thread_id or "")
        if key not in made:
            made[key] = ParsedThread(Thread(thread_id=comment.thread_id, site=comment.site))
        made[key].comments.append(comment)
    notes = []
    if threads is not None and len(made) > given:
        notes.append(f"{plural(len(made) - given, 'thread')} not in the threads frame: made from "
                     "their comments' site and thread_id")
    if no_text:
        notes.append(f"{plural(no_text, 'comment')} with no text (a missing cell; pandas.read_csv reads the texts "
                     '"NA", "null", "N/A" and empty cells as missing unless keep_default_na=False): empty text')
    if unplaced:
        notes.append(f"{plural(unplaced, 'comment')} with no position: placed after their thread's other comments, "
                     "in frame order")
    leave_out_deep(list(made.values()), notes.append)  # as the readers do: the writers could not encode them
    orphans = 0
    for pt in made.values():
        pt.comments.sort(key=_placed)  # stable: frame order where positions tie or are missing
        tree.rebuild(pt.comments)
        orphans += sum("orphan" in c.flags for c in pt.comments)
        pt.thread.comment_count = len(pt.comments)
    if orphans > orphans_before:
        notes.append(f"{plural(orphans - orphans_before, 'reply', 'replies')} whose parent is not in the frame: "
                     "top-level now, flag orphan (the parent's id in missing_parent_id)")
    return list(made.values()), notes


def _placed(comment: Any) -> tuple[bool, int]:
    """Sort key: a comment's position, those without one after the others (``rebuild`` renumbers)."""
    return comment.position is None, comment.position or 0


def _our_csv(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` is our CSV output read with pandas: exactly our comment header (as
    our CSV reader requires), ``flags`` written as our CSV writer writes them (names joined
    by ``;``, or an empty cell), not as lists or ``df.to_csv``'s Python literals, and every
    cell what ``pandas.read_csv`` gives (text, a number, NaN): a hand-built frame with None,
    a list or a map in a cell is not CSV text (review19)."""
    if list(frame.columns) not in (list(COMMENT_FIELDS), list(COMMENT_FIELDS) + list(CLASSIFICATION_FIELDS)):
        return False
    if not all(isinstance(v, str) and not v.startswith("[") or _missing(v) for v in frame["flags"]):
        return False
    return all(_read_csv_cell(v) for column in frame.columns if frame[column].dtype == object for v in frame[column])


def _read_csv_cell(value: Any) -> bool:
    """A cell of an object column as ``pandas.read_csv`` gives it: text or a float NaN (never None)."""
    return isinstance(value, str) or isinstance(value, float) and value != value


def _rows(frame: pd.DataFrame, ours: bool = False) -> list[dict[str, Any]]:
    """A frame's rows as record values: datetimes as UTC ISO 8601 text, missing cells None,
    numpy numbers as Python numbers, whole numbers checked, list and map columns written as
    text (a CSV read with pandas) read back. ``ours``: our CSV output read with pandas, whose
    cells are read as our CSV reader reads them (formula guards removed, ``;``-joined lists)."""
    rows = [{k: _cell(v) for k, v in row.items()} for row in frame.to_dict("records")]
    for number, row in enumerate(rows, 1):
        for key in INTEGERS & row.keys():  # pandas reads a column of whole numbers with gaps as float64
            row[key] = _whole(row[key], key, number)
        if ours:
            _from_our_csv(row, number)
        for key in OBJECTS & row.keys():
            if isinstance(row[key], str):
                row[key] = _object_text(row[key], key, number)
            elif key in _SCORE_MAPS and _pairs(row[key]):  # a Parquet map read by pandas: (name, score) pairs
                row[key] = dict(row[key])
            _check_shape(row[key], key, number)
        for key in _IDS & row.keys():  # numeric ids pandas read from a CSV (12.0 where a column has gaps)
            value = row[key]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                row[key] = str(int(value)) if float(value).is_integer() else str(value)
    return rows


def _whole(value: Any, column: str, row: int) -> Any:
    """A whole-number cell as an int (80.0 or "80" → 80; "" → None); ValueError naming the
    cell for 80.5 or other text."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*|\s*", value):  # read as text (dtype=str)
        return int(value) if value.strip() else None
    raise ValueError(f"row {row}, column {column}: {str(value)[:40]!r} is no whole number")


def _from_our_csv(row: dict[str, Any], number: int) -> None:
    """In place: a row of our CSV read as our CSV reader reads it; a list or map cell is taken as
    it is, and a cell the reader refuses (a meta or score cell that is no JSON, say) is a
    ValueError naming its row and column."""
    cells = {k: v for k, v in row.items() if not isinstance(v, (list, dict))}
    try:
        row.update(our_row({k: _text(v) for k, v in cells.items()}))
    except (InputError, ValueError) as exc:
        for key, value in cells.items():  # (only on an error: which cell)
            try:
                our_row({key: _text(value)})
            except (InputError, ValueError):
                raise ValueError(f"row {number}, column {key}: {exc}") from None
        raise ValueError(f"row {number}: {exc}") from None


def _text(value: Any) -> str:
    """A cell as the text our CSV writer wrote (the reader's input): missing → empty."""
    if value is None:
        return ""
    if isinstance(value, float):  # 12.0: an id or a number in a column with gaps
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, (str, list, dict)) and pd.api.types.is_scalar(value)
                             and bool(pd.isna(value)))


#: Record fields holding ids and names: text, whatever type a CSV reader gave them.
_IDS = {"id", "parent_id", "missing_parent_id", "thread_id", "site", "author"}


def _object_text(text: str, column: str, row: int) -> Any:
    """A list or map cell written as text: JSON, the Python literal pandas' ``to_csv``
    writes (``['orphan']``), read without evaluating code, or for ``flags``, ``topics`` and
    ``tone`` our CSV writer's names joined by ``;`` (``informative;critical``); ValueError
    naming the cell else."""
    import ast
    import json

    value: Any = None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # "[" * 100_000 nests too deep for the json module
        if len(text) <= 100_000:  # a literal of a few labels or scores, never a long text
            try:
                value = ast.literal_eval(text)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                value = None
    if column in _NAME_LISTS and not isinstance(value, list) and _JOINED.fullmatch(text):
        return text.split(LIST_SEPARATOR)
    if not isinstance(value, (list, dict)):
        raise ValueError(f"row {row}, column {column}: {text[:40]!r} is no list or map")
    return value


#: Our CSV writer's list cell: names (labels and flags are ids) joined by ``;``.
_JOINED = re.compile(r"[^;'\"()\[\]{}\s][^;'\"()\[\]{}]*(?:;[^;'\"()\[\]{}\s][^;'\"()\[\]{}]*)*")


#: The list columns (of label or flag names) and map columns (name → score for the scores).
_NAME_LISTS = {"flags", "topics", "tone"}
_SCORE_MAPS = {"topic_scores", "tone_scores"}


def _pairs(value: Any) -> bool:
    """A list of (name, value) pairs: how pandas gives a Parquet map column's cell."""
    return isinstance(value, list) and all(isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str)
                                           for p in value)


def _check_shape(value: Any, column: str, row: int) -> None:
    """ValueError naming the cell when a list or map cell (text read back, or a Python
    object) is not what its record field holds: a list of names for ``flags``, ``topics``,
    ``tone``; a map for ``meta``; a map of names to numbers for the scores. None is a
    missing cell."""
    if value is None:
        return
    if column in _NAME_LISTS:
        fits = isinstance(value, list) and all(isinstance(v, str) for v in value)
        want = "list of names"
    elif column in _SCORE_MAPS:
        fits = isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, (int, float))
                                               and not isinstance(v, bool) for k, v in value.items())
        want = "map of names to scores"
    else:
        fits, want = isinstance(value, dict), "map"
    if not fits:
        raise ValueError(f"row {row}, column {column}: {str(value)[:40]!r} is no {want}")


def _cell(value: Any) -> Any:
    import pandas as pd

    if isinstance(value, (list, dict)):
        return _copy(value)
    if hasattr(value, "tolist") and getattr(value, "ndim", 0) == 1:  # a Parquet list column read by pandas
        return [_cell(v) for v in value.tolist()]
    if isinstance(value, datetime):  # pandas' Timestamp too
        if pd.isna(value):
            return None
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if _missing(value):
        return None
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value
