"""YouTube Data API v3 answers, read by the ``json`` reader: ``commentThreads.list``
(``part=snippet,replies``: each item a thread whose ``snippet.topLevelComment`` is the
comment and ``replies.comments`` its first replies) and ``comments.list`` (replies by
``snippet.parentId``); one answer, a list of them, or NDJSON of them.

A comment's fields sit in its ``snippet``: ``textOriginal`` (the raw text; else the HTML
``textDisplay`` as plain text), ``authorDisplayName``, ``publishedAt``, ``parentId``,
``moderationStatus``. The thread is the video (``videoId``: its watch page, as yt-dlp's
``webpage_url`` names it). A thread's ``totalReplyCount`` beyond the replies given counts into
``unloaded_count``; a ``nextPageToken`` is said in a note. Why: read as a generic list, the
texts, authors and dates were empty and the replies were no comments at all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from comments.io.readers.base import (Context, LostLines, dated, leftover, site_from_url, str_or_none,
                                      unloaded_note)
from comments.model.records import Comment, ParsedThread, Stub, Thread
from comments.text.html_text import cell_text_and_links, put_links
from comments.text.plural import plural

#: The ``kind`` of an answer and of its items.
_ANSWERS = ("youtube#commentThreadListResponse", "youtube#commentListResponse")
_THREAD, _COMMENT = "youtube#commentThread", "youtube#comment"
#: Snippet fields the record columns take.
_TAKEN = ("textOriginal", "authorDisplayName", "publishedAt", "parentId", "moderationStatus")
#: ``moderationStatus`` (given to the channel's owner only) as SPEC statuses.
_STATUS = {"published": "visible", "heldForReview": "pending", "likelySpam": "spam", "rejected": "rejected"}
WATCH = "https://www.youtube.com/watch?v="
SITE = site_from_url(WATCH)


def sniff(head: str) -> bool:
    """A head naming a YouTube comment answer or item kind."""
    return any(f'"{kind}"' in head for kind in (*_ANSWERS, _THREAD, _COMMENT))


def answer(root: Any) -> bool:
    """Whether ``root`` (a parsed JSON document) is one or more YouTube comment answers or items."""
    docs = root if isinstance(root, list) else [root]
    return bool(docs) and all(isinstance(d, dict) and d.get("kind") in (*_ANSWERS, _THREAD, _COMMENT) for d in docs)


def read(root: Any, ctx: Context) -> list[ParsedThread]:
    threads: dict[str, ParsedThread] = {}
    lost = LostLines(unit="item")
    pages = 0
    for number, item, top in _items(root):
        if item is None:
            if not lost.count:
                ctx.problems.append(lost)  # type: ignore[arg-type] - said as str(): its text grows
            lost.add(number, "its topLevelComment has no snippet" if top else "a comment without a snippet object")
            continue
        snippet = item["snippet"]
        video = str_or_none(snippet.get("videoId")) or (top or {}).get("videoId")
        key = str(video or ctx.stem)
        pt = threads.get(key)
        if pt is None:
            url = WATCH + key if video else None
            # no video named (a comments.list answer of replies): their thread is the one their parent is in
            # in another input (the pipeline joins them), else this file's
            pt = threads[key] = ParsedThread(Thread(thread_id=key, url=url, site=SITE, format="json"),
                                             homeless=not video)
        pt.comments.append(_comment(item, top))
        stated = (top or {}).get("totalReplyCount")
        given = len(_replies(top))
        if top is not None and isinstance(stated, int) and not isinstance(stated, bool) and stated > given:
            pt.stubs.append(Stub(stated - given, parent=pt.comments[-1].id, stated=stated, deep=True))
            pt.thread.unloaded_count += stated - given
    for doc in root if isinstance(root, list) else [root]:
        pages += isinstance(doc, dict) and bool(doc.get("nextPageToken"))
    unloaded = sum(pt.thread.unloaded_count for pt in threads.values())
    if unloaded:
        ctx.note(unloaded_note(unloaded, ["totalReplyCount"]))
    if pages:
        ctx.note(f"{plural(pages, 'answer')} in the file name{'s' if pages == 1 else ''} a next page (nextPageToken): "
                 "the comments on it are not in the file")
    return list(threads.values())


def _items(root: Any) -> Iterator[tuple[int, dict[str, Any] | None, dict[str, Any] | None]]:
    """(the item's number in the file, the comment, the thread item's snippet for the top-level
    comment of a ``commentThread``, else None) in answer order: each thread's comment, then its
    replies; None for the comment of an item without a comment snippet (that item's error)."""
    number = 0
    for doc in root if isinstance(root, list) else [root]:
        items = doc.get("items") if doc.get("kind") in _ANSWERS else [doc]
        for item in items if isinstance(items, list) else []:
            number += 1
            if isinstance(item, dict) and item.get("kind") == _THREAD:
                snippet = item.get("snippet") if isinstance(item.get("snippet"), dict) else {}
                first = snippet.get("topLevelComment")
                yield number, (first if _readable(first) else None), {**snippet, "\x00thread": item}
                for reply in _replies(item):
                    yield number, (reply if _readable(reply) else None), None
            else:
                yield number, (item if _readable(item) else None), None


def _readable(comment: Any) -> bool:
    return isinstance(comment, dict) and isinstance(comment.get("snippet"), dict)


def _replies(item: dict[str, Any] | None) -> list[Any]:
    """The replies a ``commentThread`` item (or its snippet, as :func:`_items` hands it on) gives."""
    thread = (item or {}).get("\x00thread", item) or {}
    replies = thread.get("replies") if isinstance(thread.get("replies"), dict) else {}
    comments = replies.get("comments")
    return comments if isinstance(comments, list) else []


def _comment(item: dict[str, Any], top: dict[str, Any] | None) -> Comment:
    snippet = item["snippet"]
    original = snippet.get("textOriginal")
    raw = original if isinstance(original, str) else snippet.get("textDisplay")
    status = snippet.get("moderationStatus")
    meta = {**leftover(item, ("id", "snippet")), **leftover(snippet, _TAKEN)}
    if top is not None:  # the thread item's own fields (totalReplyCount, canReply, isPublic …)
        thread = top["\x00thread"]
        meta["thread"] = {**leftover(thread, ("id", "snippet", "replies")),
                          **leftover(top, ("topLevelComment", "videoId", "channelId"))}
    comment = Comment(id=str_or_none(item.get("id")), parent_id=str_or_none(snippet.get("parentId")),
                      author=str_or_none(snippet.get("authorDisplayName")),
                      status=_STATUS.get(status, status) if isinstance(status, str) else "visible", meta=meta)
    if isinstance(raw, str):  # textOriginal is plain text (cell_text keeps it), textDisplay HTML
        comment.text, links = cell_text_and_links(raw)
        put_links(comment.meta, links)
    return dated(comment, snippet.get("publishedAt"), "publishedAt")
