"""Write threads and comments: JSON Lines (threads interleaved), CSV and Parquet
(comments in NAME.EXT, threads in NAME.threads.EXT) and ConvoKit corpus folders."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from comments.csvsafe import neutralize
from comments.model import CLASSIFICATION_FIELDS, COMMENT_FIELDS, THREAD_FIELDS, ParsedThread, meta_json

FORMATS = (".jsonl", ".csv", ".parquet")


def records(threads: Iterable[ParsedThread]) -> Iterable[dict[str, Any]]:
    """Each thread record followed by its comments, in position order."""
    for pt in threads:
        yield pt.thread.to_dict()
        for c in sorted(pt.comments, key=lambda x: x.position):
            yield c.to_dict()


def write_jsonl(threads: Iterable[ParsedThread], out: IO[str]) -> None:
    for rec in records(threads):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _comment_columns(threads: list[ParsedThread]) -> list[str]:
    classified = any(c.classified for pt in threads for c in pt.comments)
    return list(COMMENT_FIELDS) + (list(CLASSIFICATION_FIELDS) if classified else [])


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralize(";".join(str(v) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(value)
    return neutralize(str(value))


def write_table(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    """A CSV table with spreadsheet formulas neutralised (lists ``;``-joined, dicts as JSON)."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(col)) for col in columns])


def sibling(path: Path) -> Path:
    """``out.csv`` → ``out.threads.csv``."""
    return path.with_name(f"{path.stem}.threads{path.suffix}")


def _table_rows(threads: list[ParsedThread]) -> Iterable[dict[str, Any]]:
    """Comment records for a table: ``meta`` as one JSON text."""
    for pt in threads:
        for c in sorted(pt.comments, key=lambda x: x.position):
            row = c.to_dict()
            row["meta"] = meta_json(row["meta"])
            yield row


def write_csv(threads: list[ParsedThread], path: Path) -> None:
    write_table(path, _comment_columns(threads), _table_rows(threads))
    write_table(sibling(path), list(THREAD_FIELDS), (pt.thread.to_dict() for pt in threads))


def write_parquet(threads: list[ParsedThread], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = _comment_columns(threads)
    types = {
        "depth": pa.int32(), "position": pa.int32(), "flags": pa.list_(pa.string()),
        "topics": pa.list_(pa.string()), "tone": pa.list_(pa.string()),
        "topic_scores": pa.map_(pa.string(), pa.float64()), "tone_scores": pa.map_(pa.string(), pa.float64()),
        "polarity": pa.float64(),
    }
    schema = pa.schema([(col, types.get(col, pa.string())) for col in columns])
    rows = list(_table_rows(threads))
    for row in rows:
        for key in ("topic_scores", "tone_scores"):
            if isinstance(row.get(key), dict):
                row[key] = list(row[key].items())
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    tschema = pa.schema([(col, pa.int64() if col.endswith("_count") else pa.string()) for col in THREAD_FIELDS])
    pq.write_table(pa.Table.from_pylist([pt.thread.to_dict() for pt in threads], schema=tschema), sibling(path))


def write_convokit(threads: list[ParsedThread], folder: Path) -> None:
    """A ConvoKit corpus folder; every record field is kept in ``meta`` so that our
    reader restores the records exactly."""
    folder.mkdir(parents=True, exist_ok=True)
    speakers: dict[str, dict[str, Any]] = {}
    with (folder / "utterances.jsonl").open("w", encoding="utf-8") as handle:
        for pt in threads:
            for c in sorted(pt.comments, key=lambda x: x.position):
                speaker = c.author or "[unknown]"
                speakers.setdefault(speaker, {"vectors": [], "meta": {}})
                meta = {k: v for k, v in c.to_dict().items() if k not in ("id", "parent_id", "text")}
                utt = {"id": c.id, "speaker": speaker, "conversation_id": _conv_id(pt), "reply_to": c.parent_id,
                       "timestamp": _epoch(c.created_at), "text": c.text, "meta": meta, "vectors": []}
                handle.write(json.dumps(utt, ensure_ascii=False) + "\n")
    conversations = {_conv_id(pt): {"vectors": [], "meta": pt.thread.to_dict()} for pt in threads}
    (folder / "conversations.json").write_text(json.dumps(conversations, ensure_ascii=False), encoding="utf-8")
    (folder / "speakers.json").write_text(json.dumps(speakers, ensure_ascii=False), encoding="utf-8")
    (folder / "corpus.json").write_text(json.dumps({"name": "comments"}), encoding="utf-8")
    (folder / "index.json").write_text(json.dumps({
        "utterances-index": {}, "speakers-index": {}, "conversations-index": {}, "overall-index": {},
        "version": 1, "vectors": []}), encoding="utf-8")


def _conv_id(pt: ParsedThread) -> str:
    return f"{pt.thread.site}/{pt.thread.thread_id}" if pt.thread.site else str(pt.thread.thread_id)


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
        with path.open("w", encoding="utf-8") as handle:
            write_jsonl(threads, handle)
    elif path.suffix == ".csv":
        write_csv(threads, path)
    elif path.suffix == ".parquet":
        write_parquet(threads, path)
    else:
        write_convokit(threads, path)
