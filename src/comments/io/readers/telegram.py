"""Telegram Desktop's chat export (``result.json``, "Export chat history" as JSON): one chat
with its ``messages``, or a full export's ``chats.list`` of them.

A chat is a thread (its ``id`` and ``name``); a message is a comment, its ``from`` the author
and ``reply_to_message_id`` its parent. A formatted message's ``text`` is a list of strings
and entities (``{"type": "link", "text": …}``): their texts joined are the message, and the
addresses of links (``text_link``'s ``href``) its links. Service messages (``type:
service``: joins, pins, title changes) are no comments: left out and counted in a note.
The time is ``date_unixtime`` (UTC) when given, as ``date`` is the exporting machine's local
time. Why: read as a generic list, a formatted message was lost as unreadable."""

from __future__ import annotations

from typing import Any

from comments.io.readers.base import Context, Reader, dated, leftover, load_json, str_or_none
from comments.model.records import Comment, ParsedThread, Thread
from comments.text.html_text import put_links
from comments.text.plural import plural

NAME = "telegram"
#: Message fields that record columns take (``text_entities`` repeats ``text``'s parts).
_TAKEN = ("id", "type", "from", "reply_to_message_id", "text", "text_entities", "date_unixtime")
#: Entity types whose text is an address.
_LINK_TYPES = frozenset({"link", "url"})


def sniff(head: str) -> bool:
    stripped = head.lstrip()
    return stripped.startswith("{") and '"messages"' in head and ('"date_unixtime"' in head or (
        '"from_id"' in head and '"type"' in head))


def read(text: str, ctx: Context) -> list[ParsedThread]:
    doc = load_json(text, ctx)
    if not isinstance(doc, dict):
        return []
    chats = doc.get("chats", {}).get("list") if isinstance(doc.get("chats"), dict) else None
    threads = []
    service = 0
    for chat in chats if isinstance(chats, list) else [doc]:
        if not isinstance(chat, dict):
            continue
        chat_id = str_or_none(chat.get("id"))
        pt = ParsedThread(Thread(thread_id=chat_id, title=str_or_none(chat.get("name")), format=NAME))
        for message in chat.get("messages") or []:
            if not isinstance(message, dict):
                continue
            if message.get("type") == "service":
                service += 1
                continue
            pt.comments.append(_comment(message))
        threads.append(pt)
    if service:
        ctx.note(f"{plural(service, 'service message')} (joins, pins, title changes) left out: not comments")
    return threads


def message_text(value: Any) -> tuple[str, list[str]]:
    """A message's ``text`` (a string, or a list of strings and entities) as one string, and the
    addresses its links name."""
    if not isinstance(value, list):
        return ("" if value is None else str(value)), []
    parts: list[str] = []
    links: list[str] = []
    for part in value:
        if isinstance(part, dict):
            shown = str(part.get("text") or "")
            parts.append(shown)
            if href := str_or_none(part.get("href")):
                links.append(href)
            elif part.get("type") in _LINK_TYPES and shown:
                links.append(shown)
        elif part is not None:
            parts.append(str(part))
    return "".join(parts), links


def _comment(message: dict[str, Any]) -> Comment:
    comment = Comment(
        id=str_or_none(message.get("id")),
        parent_id=str_or_none(message.get("reply_to_message_id")),
        author=str_or_none(message.get("from")),
        meta=leftover(message, _TAKEN),
    )
    comment.text, links = message_text(message.get("text"))
    put_links(comment.meta, links)
    if str_or_none(message.get("date_unixtime")) and str(message["date_unixtime"]).strip().isdigit():
        return dated(comment, int(message["date_unixtime"]), "date_unixtime")
    return dated(comment, message.get("date"), "date")


READER = Reader(NAME, sniff, read)
