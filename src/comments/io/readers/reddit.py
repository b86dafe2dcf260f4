"""Reddit: thread JSON (``/comments/<id>`` and permalink views), flat ``parent_id``
lists (``/api/morechildren``, listings of ``t1`` things) and Pushshift NDJSON.

``more`` stubs are not comments: their counts go to ``unloaded_count`` (see :func:`_unloaded`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from comments.model.errors import InputError
from comments.text.plural import plural
from comments.text.textsafe import term
from comments.text.html_text import reddit_markdown, unescape
from comments.model.records import Comment, ParsedThread, Stub, Thread
from comments.io.readers.base import (Context, Reader, article_repeat, dated, first_json_line, given_fields,
                                      iter_json_lines, leftover, load_json, placeholder_status, published, reddit_site,
                                      text_head, unkept_note)

NAME = "reddit"
#: Comment fields that record columns take (``replies`` is the tree itself).
_TAKEN = ("id", "name", "parent_id", "link_id", "author", "created_utc", "body", "replies")
#: What Reddit shows in place of a removed or deleted post's text.
_PLACEHOLDERS = ("[removed]", "[deleted]")
_THING = re.compile(r'"kind"\s*:\s*"(t1|t3|Listing|more)"')


def sniff(head: str) -> bool:
    if _THING.search(head):
        return True
    one_line = "\n" not in head.strip()  # a dump of one record, or one JSON document: only the former has these keys
    first = None
    if head.lstrip().startswith("{") and (not one_line or '"link_id"' in head or '"subreddit"' in head):
        try:
            first = first_json_line(head)
        except RecursionError:  # a deeply nested document, not a dump line
            first = None
    return isinstance(first, dict) and _is_pushshift(first)


def _is_pushshift(obj: dict[str, Any]) -> bool:
    return ("body" in obj and "link_id" in obj) or ("subreddit" in obj and ("selftext" in obj or "title" in obj))


def exported(rows: list[dict[str, Any]]) -> bool:
    """Rows a generic export (CSV, a JSON list) holds that are Reddit comments as PRAW and
    Pushshift give them (``body`` and ``link_id`` in every one): read by :func:`read_rows`."""
    return bool(rows) and all("body" in r and "link_id" in r for r in rows)


def read_rows(rows: Iterable[dict[str, Any]], ctx: Context) -> list[ParsedThread]:
    """Reddit comments from a generic export's rows, as the NDJSON dump reads them (``t1_``/
    ``t3_`` parents, ``link_id`` thread, site, ``[deleted]``). Why: a CSV or JSON list of the
    same comments was one flat list of orphans under the file's name."""
    ctx.note("Reddit comments (body, link_id): read as a Reddit dump (t1_/t3_ ids, link_id threads)")
    return _assemble((("t1", row) for row in rows), ctx)


def _lines(head: str) -> bool:
    """Pushshift NDJSON (read line by line), not a thread document."""
    return head.lstrip().startswith("{") and not _THING.search(head)


def read(text: str, ctx: Context) -> list[ParsedThread]:
    if _lines(text_head(text)):  # dumps hold no ``more`` stubs: a thread's comments span files
        things = (("t1" if "body" in obj else "t3", obj) for _, obj in iter_json_lines(text, ctx))
        return _assemble(things, ctx)
    stubs: dict[str, list[dict[str, Any]]] = {}
    found: list[bool] = []
    threads = _assemble(_walk(load_json(text, ctx), found), ctx, stubs)
    if not found:
        raise InputError("a JSON document holding no Reddit thing where Reddit and Arctic Shift put them (a Listing, "
                         "`t1`/`t3`/`more` things, a list of them or {\"data\": [...]}, a /api/morechildren answer)")
    for pt in threads:
        _unloaded(pt, stubs.get(pt.thread.thread_id or "", []), ctx)
    return threads


def _walk(doc: Any, found: list[bool] | None = None):
    """Yield (kind, data) for every thing in document order, iteratively (no depth limit);
    ``found`` gets an entry once a thing or a container of things is met (an empty Listing
    is a thread without comments, a document without any is no Reddit data)."""
    found = [] if found is None else found
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            kind = node.get("kind")
            data = node.get("data")
            if not found and (kind in ("Listing", "t1", "t3", "more") or "json" in node or "things" in node
                              or (kind is None and isinstance(data, list))):
                found.append(True)
            if kind == "Listing" and isinstance(data, dict):
                stack.append(data.get("children") or [])
            elif kind in ("t1", "t3", "more") and isinstance(data, dict):
                replies = data.get("replies")
                if isinstance(replies, dict):
                    stack.append(replies)
                yield kind, data
            elif "json" in node:  # /api/morechildren
                stack.append(((node.get("json") or {}).get("data") or {}).get("things") or [])
            elif "things" in node:
                stack.append(node["things"])
            elif kind is None and isinstance(data, list):  # Arctic Shift's answers: {"data": [things]}
                stack.append(data)


def _strip(fullname: Any) -> str | None:
    if not fullname:
        return None
    text = str(fullname)
    return text.split("_", 1)[1] if re.match(r"t\d_", text) else text


def _assemble(things: Iterable[tuple[str, dict[str, Any]]], ctx: Context,
              stubs: dict[str, list[dict[str, Any]]] | None = None) -> list[ParsedThread]:
    """Threads of ``things``; ``more`` stubs counted into ``unloaded_count`` and, with
    ``stubs``, kept per thread key for :func:`_unloaded`."""
    threads: dict[str, ParsedThread] = {}
    gone: list[str] = []  # removed or deleted submissions: no article text

    def thread_for(link: str | None, subreddit: str | None) -> ParsedThread:
        key = link or ""
        if key not in threads:
            url = f"https://www.reddit.com/r/{subreddit}/comments/{key}/" if subreddit and key else None
            threads[key] = ParsedThread(Thread(thread_id=link, site=reddit_site(subreddit), url=url, format=NAME))
        return threads[key]

    submitted: dict[str, dict[str, Any]] = {}  # thread → its submission as first read
    unkept = _Unkept()
    for kind, data in things:
        if kind == "t3":
            pt = thread_for(data.get("id") or _strip(data.get("name")), data.get("subreddit"))
            first = submitted.setdefault(str(pt.thread.thread_id), data)
            if first is not data:  # the same submission again (a re-crawl appended): the first kept, noted
                differ = [name for key, name in _SUBMISSION_FIELDS if data.get(key) != first.get(key)]
                ctx.note(article_repeat(pt.thread.thread_id, ctx.source, differ))
                continue
            url = data.get("url") or ""
            permalink = data.get("permalink")
            t = pt.thread
            title = data.get("title")  # entity-escaped as bodies are (``&amp;``): decoded once, as they are
            t.title = unescape(title) if isinstance(title, str) else title
            t.url = "https://www.reddit.com" + permalink if permalink else (url or t.url)
            t.site = reddit_site(data.get("subreddit")) if data.get("subreddit") else t.site
            t.published_at = published(ctx, t.thread_id, data.get("created_utc"))
            t.article_text = reddit_markdown(data.get("selftext") or "") or None
            if t.article_text in _PLACEHOLDERS:  # the text is gone, not the post: drift must not measure against it
                t.article_text = None
                gone.append(str(t.thread_id))
            if isinstance(data.get("num_comments"), int):
                t.declared_count = data["num_comments"]
            unkept.add(t.thread_id, data, t.url)
        elif kind == "more":
            key = _link_of(data, threads)
            pt, count = thread_for(key, None), _stub_count(data)
            pt.thread.unloaded_count += count
            children = tuple(str(c) for c in data.get("children") or () if c)
            parent = data.get("parent_id")
            pt.stubs.append(Stub(count, children, None if not parent or str(parent).startswith("t3_") else _strip(parent),
                                 ordered=True, after=pt.comments[-1].id if pt.comments else None))
            if stubs is not None:
                stubs.setdefault(key or "", []).append(data)
        else:
            pt = thread_for(_strip(data.get("link_id")), data.get("subreddit"))
            pt.comments.append(_comment(data))
    if unkept.count:
        ctx.note(unkept.note())
    if gone:
        shown = ", ".join(gone[:3]) + (f" and {len(gone) - 3:,} more" if len(gone) > 3 else "")
        ctx.note(f"{plural(len(gone), 'submission')} removed or deleted ([removed]/[deleted] in place of their text: "
                 f"{shown}): read as threads without article text")
    return list(threads.values())


#: A submission's fields and the thread fields they give (two copies are compared on these).
_SUBMISSION_FIELDS = (("title", "title"), ("permalink", "url"), ("created_utc", "published_at"),
                      ("selftext", "article_text"), ("num_comments", "declared_count"))


#: A submission's fields the thread record takes (SPEC's thread record has no ``meta``).
_THREAD_TAKEN = frozenset({"id", "name", "title", "permalink", "subreddit", "created_utc", "selftext", "num_comments"})
#: The submission fields a reader misses most, named first in the note (field → what it is).
_NAMED = {"author": "author", "score": "score", "link_flair_text": "flair", "upvote_ratio": "upvote ratio"}


class _Unkept:
    """What the submissions hold that no thread field takes — a link post's target (``url``
    where it is not the post's own page), its author, score, flair … —, said in one note per
    input. Why: SPEC's thread record has no ``meta``, and the loss was silent."""

    def __init__(self) -> None:
        self.count = 0
        self.fields: dict[str, None] = {}  # (insertion-ordered set)
        self.links: list[tuple[str, str]] = []  # (thread, target) of link posts

    def add(self, thread_id: str | None, data: dict[str, Any], page: str | None) -> None:
        given = given_fields(data, _THREAD_TAKEN)
        target = data.get("url")
        link = isinstance(target, str) and target and target.rstrip("/") != (page or "").rstrip("/")
        if link:
            self.links.append((str(thread_id), target))  # type: ignore[arg-type]
        given = [k for k in given if k != "url" or link]
        if given:
            self.count += 1
            self.fields.update(dict.fromkeys(given))

    def note(self) -> str:
        parts = [what if what == key else f"{what} ({key})" for key, what in _NAMED.items() if key in self.fields]
        if self.links:
            first, target = self.links[0]
            parts.insert(0, f"the linked page of {plural(len(self.links), 'link post')} (url; {first}: "
                            f"{term(target[:200])})")
        return unkept_note(plural(self.count, "submission"), parts,
                           len([k for k in self.fields if k not in _NAMED and k != "url"]))


def _stub_count(data: dict[str, Any]) -> int:
    """The comments one ``more`` stub stands for: its ``count``, at least its listed
    children; a "continue this thread" link (``id`` ``_``, count 0, no children: the
    chain goes on past the depth the page shows) stands for at least one reply."""
    listed = max(int(data.get("count") or 0), len(data.get("children") or []))
    return listed or (1 if _continues(data) else 0)


def _continues(data: dict[str, Any]) -> bool:
    """A "continue this thread" stub (Reddit's link to the rest of a deep chain)."""
    return data.get("id") == "_" or data.get("name") == "t1__"


def _unloaded(pt: ParsedThread, stubs: list[dict[str, Any]], ctx: Context) -> None:
    """``unloaded_count`` of a thread document whose submission states ``num_comments``
    and that has ``more`` stubs: the larger of the stubs' sum and the stated count minus
    the comments present. Why: a "continue this thread" stub says replies exist but not
    how many, so the stubs alone counted 0 of the 22 comments a 32-comment page leaves
    out. Said in a note, as the loss was: the figure is the page's, not the stubs'."""
    t = pt.thread
    if not stubs or t.declared_count is None:
        return
    gap = t.declared_count - len(pt.comments)
    if gap <= t.unloaded_count:
        return
    counted = t.unloaded_count
    continues = sum(1 for s in stubs if _continues(s))
    t.unloaded_count = gap
    links = ", " + plural(continues, '"continue this thread" link') + " without a count" if continues else ""
    ctx.note(f"{t.thread_id}: {gap:,} unloaded comments from the stated count (the submission says "
             f"{t.declared_count:,}, found {len(pt.comments):,}; its `more` stubs count {counted:,}{links})")


def _link_of(data: dict[str, Any], threads: dict[str, ParsedThread]) -> str | None:
    if data.get("link_id"):
        return _strip(data["link_id"])
    parent = data.get("parent_id", "")
    if str(parent).startswith("t3_"):
        return _strip(parent)
    return next(iter(threads), None)


def _comment(data: dict[str, Any]) -> Comment:
    body = data.get("body")
    author = data.get("author")
    status = placeholder_status(author, body)
    parent = data.get("parent_id")
    return dated(Comment(
        id=data.get("id") or _strip(data.get("name")),
        parent_id=None if not parent or str(parent).startswith("t3_") else _strip(parent),
        author=None if author in (None, "[deleted]") else author,
        status=status,
        text=reddit_markdown(body or ""),
        meta=leftover(data, _TAKEN),
    ), data.get("created_utc"), "created_utc")


READER = Reader(NAME, sniff, read, streams=_lines)
