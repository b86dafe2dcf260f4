"""Hacker News: Algolia ``items`` JSON (nested ``children``) and official API items
(``kids``/``parent``; one JSON object, a list, or NDJSON)."""

from __future__ import annotations

import re
from typing import Any

from comments.text.plural import plural
from comments.text.html_text import html_to_text, html_to_text_and_links, put_links
from comments.model.records import Comment, ParsedThread, Stub, Thread
from comments.io.readers.base import (Context, Reader, dated, iter_json_lines, leftover, load_json, published, str_or_none,
                                      text_head)

NAME = "hackernews"
#: Item fields that record columns take (``children``/``kids`` are the tree itself).
_TAKEN = ("id", "parent_id", "parent", "story_id", "author", "by", "created_at", "time", "text", "deleted", "dead",
          "children", "kids", "objectID", "comment_text")
HN_URL = "https://news.ycombinator.com/item?id="


def sniff(head: str) -> bool:
    algolia = '"story_id"' in head and ('"children"' in head or ('"hits"' in head and '"objectID"' in head))
    official = ('"by"' in head or '"kids"' in head) and '"type"' in head and '"time"' in head
    # a deleted comment alone (one file per item) has neither ``by`` nor ``kids``
    deleted = '"parent"' in head and '"time"' in head and _DELETED.search(head) is not None
    return algolia or official or deleted


#: An official item's ``"deleted": true`` and ``"type": "comment"`` (in either order).
_DELETED = re.compile(r'"deleted"\s*:\s*true[^{}]*"type"\s*:\s*"comment"|"type"\s*:\s*"comment"[^{}]*"deleted"\s*:\s*true')


def _lines(head: str) -> bool:
    """NDJSON of API items (read line by line)."""
    stripped = head.strip()
    return stripped.startswith("{") and "\n{" in stripped


def read(text: str, ctx: Context) -> list[ParsedThread]:
    if _lines(text_head(text)):
        items = (obj for _, obj in iter_json_lines(text, ctx))
    else:
        doc = load_json(text, ctx)
        items = _hits(doc) if isinstance(doc, dict) and isinstance(doc.get("hits"), list) else (
            list(doc.values()) if _by_id(doc) else doc if isinstance(doc, list) else [doc])
    flat: list[dict[str, Any]] = []
    missing = 0
    for item in items:
        if item is None:  # the API's answer for an id it has no item for
            missing += 1
            continue
        flat.extend(_flatten(item))
    if missing:
        ctx.note(f"{plural(missing, 'null item')} (what the API gives for an id without an item) left out: "
                 "no comment in them")
    threads: dict[str, ParsedThread] = {}
    posters: dict[str, str] = {}  # story id → its author's username
    options: dict[str, list[dict[str, Any]]] = {}  # poll id → its options (``pollopt`` items)
    for item in flat:
        kind = item.get("type")
        if kind == "pollopt" and str_or_none(item.get("poll")):
            options.setdefault(str_or_none(item.get("poll")) or "", []).append(item)
        elif kind in ("story", "job", "poll", "ask", "show"):
            key = str_or_none(item.get("id")) or ""
            pt = threads.setdefault(key, ParsedThread(Thread(thread_id=key, format=NAME)))
            t = pt.thread
            t.title = item.get("title")
            t.url = item.get("url") or HN_URL + key
            t.site = "news.ycombinator.com"
            t.published_at = published(ctx, key, _when(item)[0])
            t.article_text = html_to_text(item.get("text") or "") or None
            if poster := item.get("author") or item.get("by"):
                posters[key] = poster
            if isinstance(item.get("descendants"), int):
                t.declared_count = item["descendants"]
            elif isinstance(item.get("num_comments"), int):
                t.declared_count = item["num_comments"]
        else:
            key = str_or_none(item.get("story_id")) or ""
            pt = threads.setdefault(key, ParsedThread(Thread(
                thread_id=key or None, site="news.ycombinator.com",
                url=HN_URL + key if key else None, format=NAME)))
            if pt.thread.title is None and isinstance(item.get("story_title"), str):  # a search hit names its story
                pt.thread.title = item["story_title"]
            pt.comments.append(_comment(item))
    _official_story_links(threads)
    _unloaded_kids(threads, flat)
    _poll_options(threads, options, ctx)
    for key, poster in posters.items():  # one account name space: the story's author commenting
        for c in threads[key].comments:
            if c.author == poster:
                c.meta["post_author"] = True
    return list(threads.values())


def _by_id(doc: Any) -> bool:
    """An object keyed by item id (``{"1001": {...}, "1002": null}``), as Firebase answers a
    range query (``/v0/item.json?orderBy="$key"&startAt=…``), not one item. Why: read as one
    item without author or text, its items became one invented deleted comment."""
    return (isinstance(doc, dict) and bool(doc) and all(isinstance(k, str) and k.isdigit() for k in doc)
            and all(v is None or isinstance(v, dict) for v in doc.values()))


def _hits(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The items of an Algolia *search* answer (``hits``): ``objectID`` is the id, a comment's
    text is ``comment_text``, a story hit (tag ``story``) is a story. Why: read as a generic
    list, top-level comments (parent = ``story_id``) were orphans on a site named after the file."""
    items = []
    for hit in doc["hits"]:
        if not isinstance(hit, dict):
            continue
        story = "story" in (hit.get("_tags") or [])
        item = {**hit, "id": hit.get("objectID"), "text": hit.get("story_text" if story else "comment_text")}
        items.append({**item, "type": "story"} if story else item)
    return items


def _flatten(item: dict[str, Any]) -> list[dict[str, Any]]:
    """Pre-order list of an Algolia item and its nested children, iteratively."""
    out: list[dict[str, Any]] = []
    stack = [(item, item.get("story_id"))]
    while stack:
        node, story = stack.pop()
        if not isinstance(node, dict):
            continue
        if node.get("story_id") is None and story is not None:
            node = {**node, "story_id": story}
        out.append(node)
        kids = node.get("children") or []
        stack.extend((kid, node.get("story_id")) for kid in reversed(kids))
    return out


def _official_story_links(threads: dict[str, ParsedThread]) -> None:
    """Official API comments know only their parent: attach them to the story they
    descend from when that story is in the input."""
    unplaced = threads.get("")
    if unplaced is None:
        return
    stories = {key for key in threads if key}
    parent_of = {c.id: c.parent_id for pt in threads.values() for c in pt.comments}
    keep = []
    for c in unplaced.comments:
        node, seen = c.id, set()
        while node in parent_of and node not in seen:
            seen.add(node)
            node = parent_of[node]
        if node in stories:
            if c.parent_id == node:
                c.parent_id = None
            threads[node].comments.append(c)
        else:
            keep.append(c)
    unplaced.comments = keep
    unplaced.homeless = True  # the pipeline looks for their story in the other inputs
    if not keep:
        del threads[""]
    for key in stories:
        for c in threads[key].comments:
            if c.parent_id == key:
                c.parent_id = None


def _unloaded_kids(threads: dict[str, ParsedThread], flat: list[dict[str, Any]]) -> None:
    """Official API items list their replies' ids in ``kids``; those not in the file count into
    their thread's ``unloaded_count`` (SPEC: comments the source says exist but are not in the
    file, as Reddit's ``more`` stubs). Why: a partial fetch looked complete. Each item's
    missing kids are kept as a :class:`Stub`: another input holding them resolves it."""
    present = {key for item in flat if (key := str_or_none(item.get("id")))}
    home = {c.id: key for key, pt in threads.items() for c in pt.comments if c.id}
    home.update({key: key for key in threads if key})
    for item in flat:
        kids = item.get("kids")
        if not isinstance(kids, list) or (key := home.get(str_or_none(item.get("id")) or "")) is None:
            continue
        absent = tuple(kid for k in kids if (kid := str_or_none(k)) is not None and kid not in present)
        if absent:
            threads[key].thread.unloaded_count += len(absent)
            item_id = str_or_none(item.get("id"))
            threads[key].stubs.append(Stub(len(absent), absent, None if item_id == key else item_id))


def _poll_options(threads: dict[str, ParsedThread], options: dict[str, list[dict[str, Any]]], ctx: Context) -> None:
    """A poll's options (``pollopt`` items: an answer and its votes) are the poll's content,
    not comments (HN counts them in no ``descendants``): their lines go below the poll's text
    in its article text ("Yes (335 points)"), and a note says so. Why: read as comments they
    became top-level comments of a thread named after the file, counted and classified."""
    for poll, items in options.items():
        pt = threads.setdefault(poll, ParsedThread(Thread(thread_id=poll, site="news.ycombinator.com",
                                                          url=HN_URL + poll, format=NAME)))
        lines = []
        for item in items:
            score = item.get("score")
            votes = f" ({plural(score, 'point')})" if isinstance(score, int) else ""
            lines.append(html_to_text(item.get("text") or "") + votes)
        t = pt.thread
        t.article_text = "\n\n".join(part for part in (t.article_text, "\n".join(lines)) if part)
    if options:
        count = sum(len(items) for items in options.values())
        ctx.note(f"{plural(count, 'poll option')} of {plural(len(options), 'poll')} put below their poll's text in its "
                 "article text (each with its points), not read as comments")


def _when(item: dict[str, Any]) -> tuple[Any, str]:
    """The item's date as given, and its key (Algolia ``created_at``, the official API ``time``)."""
    return (item["created_at"], "created_at") if item.get("created_at") else (item.get("time"), "time")


def _comment(item: dict[str, Any]) -> Comment:
    parent = str_or_none(item.get("parent_id", item.get("parent")))
    story = str_or_none(item.get("story_id"))
    deleted = bool(item.get("deleted")) or (item.get("author") is None and item.get("by") is None and not item.get("text"))
    comment = Comment(
        id=str_or_none(item.get("id")),
        parent_id=None if parent is None or parent == story else parent,
        author=item.get("author") or item.get("by"),
        status="deleted" if deleted else "dead" if item.get("dead") else "visible",
        meta=leftover(item, _TAKEN),
    )
    comment.text, links = html_to_text_and_links(item.get("text") or "", base=HN_URL)  # HN links are absolute
    put_links(comment.meta, links)
    return dated(comment, *_when(item))


READER = Reader(NAME, sniff, read, streams=_lines)
