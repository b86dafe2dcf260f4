"""Write threads and comments: JSON Lines (threads interleaved), CSV and Parquet
(comments in NAME.EXT, threads in NAME.threads.EXT) and ConvoKit corpus folders.

Every output is written atomically (:mod:`comments.io.atomic`): whole or untouched, the
comments and threads files of a table output replaced together. Records pass
:func:`clean` on the way out: no NaN/Inf (written as null, flagged ``non_finite``) and
no lone surrogates (U+FFFD, flagged ``replaced_surrogate``), so every file reads back.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from comments.io.atomic import OutputError, OutputFolder, create, replacing
from comments.io.csvsafe import neutralize
from comments.io.parquet_schema import comment_schema, maps_to_pairs, thread_schema
from comments.model.records import CLASSIFICATION_FIELDS, COMMENT_FIELDS, LIST_SEPARATOR, THREAD_FIELDS, ParsedThread, meta_json

FORMATS = (".jsonl", ".csv", ".parquet")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean_value(value: Any, repairs: set[str]) -> Any:
    if isinstance(value, str):
        if _SURROGATE.search(value):
            repairs.add("replaced_surrogate")
            return _SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, float) and not math.isfinite(value):
        repairs.add("non_finite")
        return None
    if isinstance(value, list):
        return [_clean_value(v, repairs) for v in value]
    if isinstance(value, dict):
        return {_clean_value(k, repairs): _clean_value(v, repairs) for k, v in value.items()}
    return value


def _dirty(value: Any) -> bool:
    """Does ``value`` hold a lone surrogate or a non-finite float? (the fast check)"""
    kind = type(value)
    if kind is str:
        return _SURROGATE.search(value) is not None
    if kind is float:
        return not math.isfinite(value)
    if kind is list:
        return any(map(_dirty, value))
    if kind is dict:
        return any(map(_dirty, value)) or any(map(_dirty, value.values()))
    return False


def clean(record: dict[str, Any]) -> dict[str, Any]:
    """The record as every format can hold it: lone surrogates → U+FFFD, NaN/Inf → null;
    a comment names each such repair in its flags. Clean records are returned as they are."""
    if not any(map(_dirty, record.values())):
        return record
    repairs: set[str] = set()
    out = {k: _clean_value(v, repairs) for k, v in record.items()}
    if repairs and out.get("record") == "comment":
        out["flags"] = list(out.get("flags") or []) + sorted(repairs - set(out.get("flags") or []))
    return out


def _comment_rows(threads: Iterable[ParsedThread]) -> Iterable[dict[str, Any]]:
    for pt in threads:
        for c in sorted(pt.comments, key=lambda x: x.position):
            yield clean(c.to_dict())


def records(threads: Iterable[ParsedThread]) -> Iterable[dict[str, Any]]:
    """Each thread record followed by its comments, in position order."""
    for pt in threads:
        yield clean(pt.thread.to_dict())
        yield from _comment_rows([pt])


def write_jsonl(threads: Iterable[ParsedThread], out: IO[str]) -> None:
    for pt in threads:
        out.write(_json_line(pt.thread.to_dict()))
        for c in sorted(pt.comments, key=lambda x: x.position):
            out.write(_json_line(c.to_dict()))


#: ``json.dumps(…, ensure_ascii=False, allow_nan=False)`` without an encoder made per call
#: (a fifth of the time of a thread record's line).
_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def _json_line(record: dict[str, Any]) -> str:
    """One JSON line; :func:`clean` only for the rare record that needs it (fast path)."""
    try:
        line = _ENCODE(record)
    except ValueError:
        line = None
    if line is None or _SURROGATE.search(line):
        line = _ENCODE(clean(record))
    return line + "\n"


def comment_columns(threads: list[ParsedThread], classified: bool | None = None) -> list[str]:
    """The comment columns; classification ones when any comment (or, given, ``classified``) says so."""
    if classified is None:
        classified = any(c.classified for pt in threads for c in pt.comments)
    return list(COMMENT_FIELDS) + (list(CLASSIFICATION_FIELDS) if classified else [])


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralize(LIST_SEPARATOR.join(str(v) for v in value))
    if isinstance(value, dict):
        return neutralize(json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value + 0.0) if isinstance(value, float) else str(value)  # + 0.0: no negative zero
    return neutralize(str(value))


def csv_cell(value: Any) -> str:
    """One CSV cell of an untrusted value: lone surrogates → U+FFFD, non-finite numbers empty,
    lists ``;``-joined, spreadsheet formulas and control characters neutralised."""
    if type(value) is str:  # the common case, without the general dispatch
        return neutralize(_SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value)
    return _csv_cell(_clean_value(value, set()))


def write_table(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    """A new CSV table (``path`` must not exist: a temporary or a fresh report file) with
    spreadsheet formulas neutralised (lists ``;``-joined, dicts as JSON)."""
    with create(Path(path)) as handle:
        csv.writer(handle).writerow(columns)
        write_rows(handle, columns, rows)


def write_rows(handle: IO[str], columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    """CSV rows (no header) as :func:`write_table` writes them."""
    writer = csv.writer(handle)
    for row in rows:
        row = clean(row)
        writer.writerow([_csv_cell(row.get(col)) for col in columns])


def sibling(path: Path) -> Path:
    """``out.csv`` → ``out.threads.csv``."""
    return path.with_name(f"{path.stem}.threads{path.suffix}")


def table_rows(threads: list[ParsedThread]) -> Iterable[dict[str, Any]]:
    """Comment records for a table: ``meta`` as one JSON text."""
    for row in _comment_rows(threads):
        row["meta"] = meta_json(row["meta"])
        yield row


def write_csv(threads: list[ParsedThread], path: Path) -> None:
    """Comments in ``path``, threads in its sibling, replaced together."""
    with replacing(path, sibling(path)) as (comments_tmp, threads_tmp):
        write_table(comments_tmp, comment_columns(threads), table_rows(threads))
        write_table(threads_tmp, list(THREAD_FIELDS), (pt.thread.to_dict() for pt in threads))


def write_parquet(threads: list[ParsedThread], path: Path) -> None:
    """Comments in ``path``, threads in its sibling, replaced together; every integer is
    checked against its column's range first, so nothing is written when one does not fit."""
    import pyarrow.parquet as pq

    comments, thread_table = parquet_tables(threads, path, sibling(path))
    with replacing(path, sibling(path)) as (comments_tmp, threads_tmp):
        pq.write_table(comments, comments_tmp)
        pq.write_table(thread_table, threads_tmp)


def parquet_tables(threads: list[ParsedThread], path: Path, threads_path: Path, classified: bool | None = None):
    """The comments and threads tables of a Parquet output (``classified``: force the
    classification columns on or off, for parts of one dataset); OutputError (naming
    ``path``/``threads_path``) when an integer does not fit its column."""
    import pyarrow as pa

    schema = comment_schema(comment_columns(threads, classified))
    rows = [maps_to_pairs(row) for row in table_rows(threads)]
    tschema = thread_schema()
    thread_rows = [clean(pt.thread.to_dict()) for pt in threads]
    _check_ranges(path, schema, rows)
    _check_ranges(threads_path, tschema, thread_rows)
    return pa.Table.from_pylist(rows, schema=schema), pa.Table.from_pylist(thread_rows, schema=tschema)


def _check_ranges(path: Path, schema, rows: list[dict[str, Any]]) -> None:
    """OutputError naming the record and field whose integer the column cannot hold."""
    import pyarrow as pa

    for field in schema:
        if not pa.types.is_integer(field.type):
            continue
        bits = field.type.bit_width
        low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        for row in rows:
            value = row.get(field.name)
            if isinstance(value, int) and not low <= value <= high:
                what = f"thread {row.get('thread_id')}" + (f" comment {row['id']}" if row.get("id") else "")
                raise OutputError(path, f"{what}: {field.name} = {value} does not fit Parquet's {bits}-bit "
                                        "integers; nothing written (write .jsonl or .csv, which hold any integer)")


def write_convokit(threads: list[ParsedThread], folder: Path) -> None:
    """A ConvoKit corpus folder that ConvoKit loads and whose conversations pass its
    ``check_integrity()``: one root utterance per thread (the article; its id is the
    conversation id), top-level comments reply to it. Utterance ids are made unique across
    the corpus (``CONVERSATION/ID``: our ids are unique only within a thread); every record
    field, the original ``id`` and ``parent_id`` included, is kept in the utterance meta so
    that our reader restores the records exactly. ConvoKit sorts replies by timestamp, so
    every utterance gets one: a comment without a date takes the one before it in the thread
    (its ``created_at`` stays null in the meta)."""
    speakers: dict[str, dict[str, Any]] = {ARTICLE_SPEAKER: {"vectors": [], "meta": {}}}
    index: dict[str, dict[str, list[str]]] = {"utterances-index": {}, "conversations-index": {}}

    def line(data: dict[str, Any]) -> str:
        return json.dumps(data, ensure_ascii=False, allow_nan=False) + "\n"

    def dump(name: str, data: Any) -> None:
        with create(out.path(name)) as handle:
            handle.write(json.dumps(data, ensure_ascii=False, allow_nan=False))

    with OutputFolder(folder) as out:
        with create(out.path("utterances.jsonl")) as handle:
            for pt in threads:
                conv = _conv_id(pt)
                thread = clean(pt.thread.to_dict())
                root = {"record": "article", "title": thread["title"], "url": thread["url"]}
                _index(index["utterances-index"], root)
                handle.write(line({"id": conv, "conversation_id": conv, "text": thread["article_text"] or "",
                                   "speaker": ARTICLE_SPEAKER, "meta": root, "reply-to": None,
                                   "timestamp": _epoch(pt.thread.published_at) or 0, "vectors": []}))
                last = _epoch(pt.thread.published_at) or 0
                for c in sorted(pt.comments, key=lambda x: x.position):
                    last = _epoch(c.created_at) or last  # ConvoKit orders replies by timestamp: never null
                    record = clean(c.to_dict())
                    speaker = record["author"] or "[unknown]"
                    speakers.setdefault(speaker, {"vectors": [], "meta": {}})
                    meta = {k: v for k, v in record.items() if k != "text"}
                    _index(index["utterances-index"], meta)
                    handle.write(line({
                        "id": f"{conv}/{record['id']}", "conversation_id": conv, "text": record["text"],
                        "speaker": speaker, "meta": meta,
                        "reply-to": f"{conv}/{record['parent_id']}" if record["parent_id"] is not None else conv,
                        "timestamp": last, "vectors": []}))
        conversations = {_conv_id(pt): {"vectors": [], "meta": clean(pt.thread.to_dict())} for pt in threads}
        for value in conversations.values():
            _index(index["conversations-index"], value["meta"])
        dump("conversations.json", conversations)
        dump("speakers.json", speakers)
        dump("corpus.json", {})
        dump("index.json", {**index, "speakers-index": {}, "overall-index": {}, "version": 1, "vectors": []})


#: The speaker of a thread's root utterance (the article).
ARTICLE_SPEAKER = "[article]"


def _index(index: dict[str, list[str]], meta: dict[str, Any]) -> None:
    """ConvoKit's ``index.json``: the Python types each meta key holds."""
    for key, value in meta.items():
        kinds = index.setdefault(key, [])
        name = str(type(value))
        if name not in kinds:
            kinds.append(name)


def _conv_id(pt: ParsedThread) -> str:
    name = f"{pt.thread.site}/{pt.thread.thread_id}" if pt.thread.site else str(pt.thread.thread_id)
    return _clean_value(name, set())


def _epoch(value: str | None) -> int | None:
    if not value:
        return None
    from datetime import datetime, timezone

    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return int(parsed.timestamp())


def write(threads: list[ParsedThread], out: str | None, stdout: IO[str]) -> None:
    """Write to ``out`` by its suffix (a folder for ConvoKit), or JSONL on ``stdout``."""
    if out is None or out == "-":
        write_jsonl(threads, stdout)
        return
    path = Path(out)
    if path.suffix == ".jsonl":
        with replacing(path) as (tmp,), create(tmp) as handle:
            write_jsonl(threads, handle)
    elif path.suffix == ".csv":
        write_csv(threads, path)
    elif path.suffix == ".parquet":
        write_parquet(threads, path)
    else:
        write_convokit(threads, path)
