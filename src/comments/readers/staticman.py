"""Staticman YAML: one file per comment; ``_parent`` names the page; ``replying_to``
is the 1-based index of a top-level comment in date order (resolved once all files of
a page are read)."""

from __future__ import annotations

import re

import yaml

from comments import dates
from comments.errors import InputError
from comments.html_text import normalize_paragraphs
from comments.model import Comment, ParsedThread, Thread
from comments.readers.base import Context, Reader, str_or_none

NAME = "staticman"
_KEYS = re.compile(r"^(_parent|replying_to|message|name|date|email)\s*:", re.M)


def sniff(head: str) -> bool:
    keys = set(m.group(1) for m in _KEYS.finditer(head[:8192]))
    return "message" in keys and ("_parent" in keys or "replying_to" in keys)


def read(text: str, ctx: Context) -> list[ParsedThread]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise InputError(f"invalid YAML ({getattr(exc, 'problem', exc)})", where) from None
    if not isinstance(data, dict):
        raise InputError("YAML is not a Staticman comment (expected a mapping)")
    if ctx.path is not None and re.fullmatch(r"comment-\d+", ctx.stem):
        ctx.stem = ctx.path.parent.name  # the page's folder names the page, not each file
    page = str_or_none(data.get("_parent")) or ctx.stem
    raw_date = data.get("date")
    created = dates.normalize(raw_date.isoformat() if hasattr(raw_date, "isoformat") else raw_date)
    comment = Comment(
        id=str_or_none(data.get("_id") or data.get("id")),
        author=str_or_none(data.get("name")),
        created_at=created,
        status="hidden" if data.get("hidden") in (True, "true") else "visible",
        text=normalize_paragraphs(str(data.get("message") or "")),
        link=(str_or_none(data.get("replying_to")), created or "", ctx.stem if ctx.path is None else ctx.path.name),
    )
    return [ParsedThread(Thread(thread_id=page, url=page if "/" in page else None, format=NAME), [comment])]


def link(comments: list[Comment]) -> None:
    """Order a page's comments by date (then file) and turn ``replying_to`` indexes
    into parent ids; an index with no such top-level comment stays a dangling
    reference (an orphan)."""
    from comments.tree import assign_ids

    comments.sort(key=lambda c: (c.link[1], c.link[2]) if c.link else ("", ""))
    assign_ids(comments)
    top = [c for c in comments if not (c.link and c.link[0])]
    for c in comments:
        index = c.link[0] if c.link else None
        if not index:
            continue
        if index.isdigit() and 1 <= int(index) <= len(top):
            c.parent_id = top[int(index) - 1].id
        else:
            c.parent_id = f"replying_to:{index}"


READER = Reader(NAME, sniff, read, link=link)
