"""Lemmy's comment list (``GET /api/v3/comment/list``, Lemmy 0.18 and 0.19): ``comments`` of comment
views, each wrapping the ``comment`` with its ``creator``, ``post``, ``community`` and ``counts``.

A post is a thread (its ``id``; ``name`` the title, ``body`` the article text, ``ap_id`` its
address and site; the page it links, ``url``, named in a note as the thread record has no field
for it). A comment's ``path`` (``0.12.45``) is its ancestry: the id before its own is its parent,
``0`` the post. Text the Markdown ``content`` as written (entity references decoded). Author the creator's ``name`` (``name@host`` for a user of another instance, as
Lemmy shows them); ``deleted`` → status ``deleted``, ``removed`` (by a moderator) → ``removed``.
A comment's ``counts.child_count`` counts all its replies: those not in the answer are unloaded.
Why: the answer was "unknown format", each comment being nested one level down."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from comments.io.readers.base import (Context, Reader, dated, given_fields, load_json, published, site_from_url,
                                      str_or_none, unkept_note)
from comments.model.records import Comment, ParsedThread, Stub, Thread
from comments.text.html_text import markdown_entities, markdown_paragraphs
from comments.text.plural import plural
from comments.text.textsafe import term

NAME = "lemmy"
#: Comment fields that record columns take.
_TAKEN = ("id", "content", "published", "path", "deleted", "removed")
#: View fields the records take (the post is the thread's).
_VIEW_TAKEN = ("comment", "post")


def sniff(head: str) -> bool:
    stripped = head.lstrip()
    return (stripped.startswith("{") and '"comments"' in head and '"comment"' in head and '"creator"' in head
            and '"path"' in head and '"post"' in head)


def read(text: str, ctx: Context) -> list[ParsedThread]:
    doc = load_json(text, ctx)
    views = [v for v in (doc.get("comments") if isinstance(doc, dict) else None) or []
             if isinstance(v, dict) and isinstance(v.get("comment"), dict)]
    threads: dict[str | None, ParsedThread] = {}
    for view in views:
        post = view.get("post") if isinstance(view.get("post"), dict) else {}
        key = str_or_none(post.get("id")) or str_or_none(view["comment"].get("post_id"))
        if key not in threads:
            threads[key] = _thread(key, post, ctx)
        comment = _comment(view)
        if post.get("creator_id") is not None and view["comment"].get("creator_id") == post.get("creator_id"):
            comment.meta["post_author"] = True  # the post's author answering in its thread
        threads[key].comments.append(comment)
    for pt in threads.values():
        _unloaded(pt, views, ctx)
    if isinstance(doc, dict) and str_or_none(doc.get("next_page")):
        ctx.note(f"next_page {term(doc['next_page'])}: the list goes on on another page (fetch it with page_cursor), "
                 "whose comments are not in this input")
    return list(threads.values())


def _thread(key: str | None, post: dict[str, Any], ctx: Context) -> ParsedThread:
    """The post a comment view names, as the thread record (and a note on what that has no field for)."""
    url = str_or_none(post.get("ap_id"))
    thread = Thread(thread_id=key, format=NAME, title=str_or_none(post.get("name")), url=url,
                    article_text=_markdown(post.get("body")) or None, site=site_from_url(url))
    thread.published_at = published(ctx, key, post.get("published"))
    given = given_fields(post, ("id", "name", "ap_id", "body", "published"))
    parts = ([f"the page it links (url: {term(post['url'])})"] if "url" in given else [])
    rest = len([k for k in given if k != "url"])
    if parts or rest:
        ctx.note(unkept_note(f"the post {term(key)} (the article)", parts, rest))
    return ParsedThread(thread)


def _markdown(text: Any) -> str:
    """Lemmy's Markdown as written (paragraphs kept), the entity references it holds (``&amp;``, which
    Lemmy 0.18 wrote for ``&``) decoded once outside code."""
    return markdown_paragraphs(markdown_entities(text)) if isinstance(text, str) else ""


def _author(creator: Any) -> str | None:
    """The creator's ``name``, with its instance (``name@host``) when not local to the answering server."""
    if not isinstance(creator, dict):
        return None
    name = str_or_none(creator.get("name"))
    host = urlsplit(str(creator.get("actor_id") or "")).hostname
    return f"{name}@{host}" if name and host and creator.get("local") is False else name


def _ancestry(comment: dict[str, Any]) -> list[str]:
    """The ids ``path`` names before the comment's own (its ancestors, the post's ``0`` left out)."""
    steps = [s for s in str(comment.get("path") or "").split(".") if s.strip()]
    return steps[1:-1] if steps[:1] == ["0"] else steps[:-1]


def _comment(view: dict[str, Any]) -> Comment:
    raw = view["comment"]
    ancestry = _ancestry(raw)
    meta = {k: v for k, v in raw.items() if k not in _TAKEN or k == "path"}
    meta.update((k, v) for k, v in view.items() if k not in _VIEW_TAKEN)
    comment = Comment(id=str_or_none(raw.get("id")), parent_id=ancestry[-1] if ancestry else None,
                      author=_author(view.get("creator")), text=_markdown(raw.get("content")), meta=meta)
    if raw.get("removed") is True:
        comment.status = "removed"
    elif raw.get("deleted") is True:
        comment.status = "deleted"
    return dated(comment, raw.get("published"), "published")


def _unloaded(pt: ParsedThread, views: list[dict[str, Any]], ctx: Context) -> None:
    """Replies the answer's ``child_count`` says exist but it does not give: for each comment none of
    whose ancestors is given, its ``child_count`` less its descendants given (a reply nested under
    several given comments is counted once). Counted in ``unloaded_count``, a stub per comment."""
    given = {c.id for c in pt.comments}
    below: dict[str, int] = {}
    for c in pt.comments:
        for ancestor in _ancestry({"path": c.meta.get("path")}):
            below[ancestor] = below.get(ancestor, 0) + 1
    counts = {str_or_none(v["comment"].get("id")): (v.get("counts") or {}).get("child_count") for v in views
              if isinstance(v.get("counts"), dict)}
    total = 0
    for c in pt.comments:
        declared = counts.get(c.id)
        if not isinstance(declared, int) or any(a in given for a in _ancestry({"path": c.meta.get("path")})):
            continue
        missing = declared - below.get(c.id, 0)
        if missing > 0:
            pt.stubs.append(Stub(missing, parent=c.id))
            total += missing
    if total:
        pt.thread.unloaded_count += total
        ctx.note(f"post {term(pt.thread.thread_id)}: {plural(total, 'reply', 'replies')} the comments' child_count "
                 f"counts {'is' if total == 1 else 'are'} not in this answer (max_depth or a later page): "
                 "counted as unloaded")


READER = Reader(NAME, sniff, read)
