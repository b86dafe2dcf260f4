"""ConvoKit corpora: a folder with ``utterances.jsonl`` (plus ``conversations.json``),
or an ``utterances.jsonl`` file. Conversations are threads; ``reply_to`` links replies.
Our writer (:mod:`comments.writers`) keeps every record field in ``meta``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from comments import dates
from comments.errors import InputError
from comments.html_text import normalize_paragraphs
from comments.model import Comment, ParsedThread, Thread
from comments.readers.base import Context, Reader, first_json_line, iter_json_lines, str_or_none

NAME = "convokit"


def sniff(head: str) -> bool:
    first = first_json_line(head)
    return isinstance(first, dict) and {"conversation_id", "reply_to"} <= set(first) and "text" in first


def read_folder(folder: Path, ctx: Context) -> list[ParsedThread]:
    """Read a corpus folder (called for directories holding ``utterances.jsonl``)."""
    text = (folder / "utterances.jsonl").read_text(encoding="utf-8")
    conversations: dict[str, Any] = {}
    conv_path = folder / "conversations.json"
    if conv_path.is_file():
        try:
            conversations = json.loads(conv_path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise InputError(f"conversations.json: invalid JSON ({exc})") from None
    return _assemble(text, ctx, conversations)


def read(text: str, ctx: Context) -> list[ParsedThread]:
    conversations: dict[str, Any] = {}
    if isinstance(ctx.path, Path) and (ctx.path.parent / "conversations.json").is_file():
        conversations = json.loads((ctx.path.parent / "conversations.json").read_text(encoding="utf-8"))
    return _assemble(text, ctx, conversations)


def _assemble(text: str, ctx: Context, conversations: dict[str, Any]) -> list[ParsedThread]:
    threads: dict[str, ParsedThread] = {}
    for conv, value in conversations.items():  # conversations without utterances are threads too
        cmeta = (value or {}).get("meta") or {}
        if "record" in cmeta:
            threads[conv] = ParsedThread(Thread.from_dict(cmeta))
    for number, utt in iter_json_lines(text):
        if not isinstance(utt, dict):
            raise InputError("expected one JSON object per line", f"line {number}")
        meta = utt.get("meta") or {}
        conv = str_or_none(utt.get("conversation_id")) or ""
        if conv not in threads:
            cmeta = (conversations.get(conv) or {}).get("meta") or {}
            thread = Thread.from_dict({**cmeta, "thread_id": cmeta.get("thread_id", conv)})
            thread.format = cmeta.get("format", NAME)
            threads[conv] = ParsedThread(thread)
        pt = threads[conv]
        speaker = utt.get("speaker") if not isinstance(utt.get("speaker"), dict) else utt["speaker"].get("id")
        timestamp = meta.get("created_at", utt.get("timestamp"))
        comment = Comment(
            id=str_or_none(utt.get("id")),
            parent_id=str_or_none(utt.get("reply_to")),
            text=utt.get("text") if "record" in meta else normalize_paragraphs(utt.get("text") or ""),
            author=None if speaker in (None, "[unknown]") and "author" not in meta else meta.get("author", speaker),
            created_at=timestamp if isinstance(timestamp, str) and "record" in meta else dates.normalize(timestamp),
        )
        for key in ("site", "thread_id", "kind", "status", "flags", "missing_parent_id", "language", "topics",
                    "topic_scores", "tone", "tone_scores", "polarity", "meta"):
            if key in meta:
                setattr(comment, key, meta[key])
        pt.comments.append(comment)
    return list(threads.values())


READER = Reader(NAME, sniff, read)
