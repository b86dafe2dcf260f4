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
    """A ConvoKit corpus folder that ConvoKit loads and whose conversations pass its
    ``check_integrity()``: one root utterance per thread (the article; its id is the
    conversation id), top-level comments reply to it. Utterance ids are made unique across
    the corpus (``CONVERSATION/ID``: our ids are unique only within a thread); every record
    field, the original ``id`` and ``parent_id`` included, is kept in the utterance meta so
    that our reader restores the records exactly. ConvoKit sorts replies by timestamp, so
    every utterance gets one: a comment without a date takes the one before it in the thread
    (its ``created_at`` stays null in the meta)."""
    folder.mkdir(parents=True, exist_ok=True)
    speakers: dict[str, dict[str, Any]] = {ARTICLE_SPEAKER: {"vectors": [], "meta": {}}}
    index: dict[str, dict[str, list[str]]] = {"utterances-index": {}, "conversations-index": {}}
    with (folder / "utterances.jsonl").open("w", encoding="utf-8") as handle:
        for pt in threads:
            conv = _conv_id(pt)
            root = {"record": "article", "title": pt.thread.title, "url": pt.thread.url}
            _index(index["utterances-index"], root)
            handle.write(json.dumps({"id": conv, "conversation_id": conv, "text": pt.thread.article_text or "",
                                     "speaker": ARTICLE_SPEAKER, "meta": root, "reply-to": None,
                                     "timestamp": _epoch(pt.thread.published_at) or 0, "vectors": []},
                                    ensure_ascii=False) + "\n")
            last = _epoch(pt.thread.published_at) or 0
            for c in sorted(pt.comments, key=lambda x: x.position):
                last = _epoch(c.created_at) or last  # ConvoKit orders replies by timestamp: never null
                speaker = c.author or "[unknown]"
                speakers.setdefault(speaker, {"vectors": [], "meta": {}})
                meta = {k: v for k, v in c.to_dict().items() if k != "text"}
                _index(index["utterances-index"], meta)
                utt = {"id": f"{conv}/{c.id}", "conversation_id": conv, "text": c.text, "speaker": speaker,
                       "meta": meta, "reply-to": f"{conv}/{c.parent_id}" if c.parent_id is not None else conv,
                       "timestamp": last, "vectors": []}
                handle.write(json.dumps(utt, ensure_ascii=False) + "\n")
    conversations = {_conv_id(pt): {"vectors": [], "meta": pt.thread.to_dict()} for pt in threads}
    for value in conversations.values():
        _index(index["conversations-index"], value["meta"])
    (folder / "conversations.json").write_text(json.dumps(conversations, ensure_ascii=False), encoding="utf-8")
    (folder / "speakers.json").write_text(json.dumps(speakers, ensure_ascii=False), encoding="utf-8")
    (folder / "corpus.json").write_text(json.dumps({}), encoding="utf-8")
    (folder / "index.json").write_text(json.dumps({
        **index, "speakers-index": {}, "overall-index": {}, "version": 1, "vectors": []}), encoding="utf-8")


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
