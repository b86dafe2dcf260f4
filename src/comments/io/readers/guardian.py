"""The Guardian's Discussion API JSON (``discussion.theguardian.com/discussion-api/discussion/KEY``):
one discussion with its top-level ``comments``, each with its ``responses``.

A response names the comment it answers in ``responseTo.commentId`` (a reply to a reply
says so there, not by nesting), and its time in ``isoDateTime`` (``date`` is the page's
local wording, "24 September 2021 1:03pm"). Why a reader: read as a generic list, replies
hung under their container comment and the local date was taken."""

from __future__ import annotations

from typing import Any

from comments.io.readers.base import Context, Reader, dated, leftover, load_json, published, str_or_none
from comments.model.records import Comment, ParsedThread, Thread
from comments.text.html_text import html_to_text_and_links, put_links

NAME = "guardian"
SITE = "theguardian.com"
#: Comment fields that record columns take (``responses`` is the tree itself).
_TAKEN = ("id", "body", "isoDateTime", "userProfile", "responseTo", "responses", "status")


def sniff(head: str) -> bool:
    return head.lstrip().startswith(("{", "[")) and '"discussion"' in head and ('"isoDateTime"' in head or "theguardian.com" in head) and '"comments"' in head


def read(text: str, ctx: Context) -> list[ParsedThread]:
    doc = load_json(text, ctx)
    pages = doc if isinstance(doc, list) else [doc]  # pages of one discussion fetched and saved as a list
    threads: dict[str, ParsedThread] = {}
    for page in pages:
        discussion = page.get("discussion") if isinstance(page, dict) else None
        if not isinstance(discussion, dict):
            continue
        key = str_or_none(discussion.get("key")) or ""
        pt = threads.get(key)
        if pt is None:
            thread = Thread(thread_id=key or None, title=discussion.get("title"), url=discussion.get("webUrl"),
                            site=SITE, format=NAME)
            thread.published_at = published(ctx, key or None, discussion.get("webPublicationDate"))
            if isinstance(discussion.get("commentCount"), int):
                thread.declared_count = discussion["commentCount"]
            pt = threads[key] = ParsedThread(thread)
        for top in discussion.get("comments") or []:
            if not isinstance(top, dict):
                continue
            pt.comments.append(_comment(top, None))
            parent = str_or_none(top.get("id"))
            for reply in top.get("responses") or []:
                if isinstance(reply, dict):
                    pt.comments.append(_comment(reply, parent))
    return list(threads.values())


def _comment(item: dict[str, Any], container: str | None) -> Comment:
    """A comment; a response's parent is the comment it answers (``responseTo``), else its container."""
    answers = item.get("responseTo") if isinstance(item.get("responseTo"), dict) else {}
    profile = item.get("userProfile") if isinstance(item.get("userProfile"), dict) else {}
    comment = Comment(
        id=str_or_none(item.get("id")),
        parent_id=str_or_none(answers.get("commentId")) or container if container is not None else None,
        author=str_or_none(profile.get("displayName")),
        status=str_or_none(item.get("status")) or "visible",
        site=SITE,
        meta=leftover(item, _TAKEN),
    )
    if rest := {k: v for k, v in profile.items() if k != "displayName"}:
        comment.meta["userProfile"] = rest  # (its userId, badges: no column takes them)
    comment.text, links = html_to_text_and_links(str(item.get("body") or ""), base="https://www.theguardian.com/")
    put_links(comment.meta, links)
    if item.get("isoDateTime"):
        return dated(comment, item["isoDateTime"], "isoDateTime")
    return dated(comment, item.get("date"), "date")


READER = Reader(NAME, sniff, read)
