"""Discourse's topic answer (``GET /t/ID.json``): ``post_stream.posts`` with HTML ``cooked``,
``username``, ``created_at``, and the topic's ``title`` at the top level.

A post answers another by its number in the topic (``reply_to_post_number`` names a
``post_number``, not an ``id``). Post 1 opens the topic: it is the article (its text the
article text, its time the publication time), and replies to it are top-level comments.
Small-action posts (``post_type`` 3, or an ``action_code``: "closed", "pinned" notices the
forum writes) are the site's own notes, status ``note``. Posts the ``stream`` lists but the
answer does not give (a long topic's later pages) are unloaded, kept as a stub. Why: read as a
generic JSON list, the topic came out flat, or re-wired where post numbers equal other posts'
ids (a young forum), without a note."""

from __future__ import annotations

from typing import Any

from comments.io.readers.base import (Context, Reader, dated, given_fields, leftover, load_json, published, str_or_none,
                                      unkept_note)
from comments.model.placeholders import NOTE_STATUS
from comments.model.records import Comment, ParsedThread, Stub, Thread
from comments.text.html_text import html_to_text, html_to_text_and_links, put_links
from comments.text.plural import plural
from comments.text.textsafe import term

NAME = "discourse"
#: Post fields that record columns take.
_TAKEN = ("id", "username", "cooked", "created_at")
#: Discourse's ``post_type`` of a small action (a notice the forum writes: closed, pinned, moved).
_SMALL_ACTION = 3


def sniff(head: str) -> bool:
    stripped = head.lstrip()
    return (stripped.startswith("{") and '"post_stream"' in head and '"post_number"' in head
            and '"cooked"' in head)


def read(text: str, ctx: Context) -> list[ParsedThread]:
    doc = load_json(text, ctx)
    stream = doc.get("post_stream") if isinstance(doc, dict) else None
    if not isinstance(stream, dict):
        return []
    posts = [p for p in stream.get("posts") or [] if isinstance(p, dict)]
    thread_id = str_or_none(doc.get("id")) or next((str_or_none(p.get("topic_id")) for p in posts), None)
    thread = Thread(thread_id=thread_id, format=NAME, title=str_or_none(doc.get("title")))
    pt = ParsedThread(thread)
    opening = next((p for p in posts if p.get("post_number") == 1), None)
    if opening is not None:
        thread.article_text = html_to_text(str(opening.get("cooked") or "")) or None
        _note_opening(opening, ctx)
    thread.published_at = published(ctx, thread_id, (opening or doc).get("created_at"))
    ids = {number: str_or_none(p.get("id")) for p in posts if (number := p.get("post_number")) is not None}
    lost_parents = 0
    for post in posts:
        if post is opening:
            continue
        comment, lost = _comment(post, ids)
        lost_parents += lost
        pt.comments.append(comment)
    _unloaded(pt, stream, doc, posts, opening, ctx)
    if lost_parents:
        ctx.note(f"{plural(lost_parents, 'post')} of topic {term(thread_id)} "
                 f"{'answers' if lost_parents == 1 else 'answer'} a post this answer does not give "
                 "(reply_to_post_number, kept in meta): flagged orphan")
    return [pt]


def _comment(post: dict[str, Any], ids: dict[Any, str | None]) -> tuple[Comment, int]:
    """A post as a comment, and 1 when the post it answers is not in the answer (flagged orphan)."""
    comment = Comment(id=str_or_none(post.get("id")), author=str_or_none(post.get("username")),
                      meta=leftover(post, _TAKEN))
    comment.text, links = html_to_text_and_links(str(post.get("cooked") or ""))
    put_links(comment.meta, links)
    number = post.get("reply_to_post_number")
    lost = 0
    if number is not None and number != 1:  # (post 1 is the article: an answer to it is top-level)
        if number in ids:
            comment.parent_id = ids[number]
        else:
            comment.flag("orphan")
            lost = 1
    if post.get("post_type") == _SMALL_ACTION or str_or_none(post.get("action_code")):
        comment.status = NOTE_STATUS
    elif post.get("user_deleted") is True or str_or_none(post.get("deleted_at")):
        comment.status = "deleted"
    return dated(comment, post.get("created_at"), "created_at"), lost


def _unloaded(pt: ParsedThread, stream: dict[str, Any], doc: dict[str, Any], posts: list[dict[str, Any]],
              opening: dict[str, Any] | None, ctx: Context) -> None:
    """The posts the topic has but this answer does not give: the ``stream``'s ids not among the
    posts (the first id is post 1, the article, when that is not given either), else ``posts_count``
    less the posts given. Counted in ``unloaded_count``, kept as a stub another input can resolve."""
    given = {str_or_none(p.get("id")) for p in posts}
    listed = [str_or_none(i) for i in stream.get("stream") or [] if isinstance(i, (int, str))]
    if listed:
        missing = [i for i in listed[0 if opening is not None else 1:] if i is not None and i not in given]
        count = len(missing)
    else:
        missing = []
        total = doc.get("posts_count")
        count = max(0, total - len(posts) - (opening is None)) if isinstance(total, int) else 0
    if count:
        pt.thread.unloaded_count += count
        pt.stubs.append(Stub(count, tuple(missing)))
        ctx.note(f"topic {term(pt.thread.thread_id)}: {plural(count, 'post')} the topic lists "
                 f"{'is' if count == 1 else 'are'} not in this answer (a later page of the topic): counted as unloaded")


#: Opening post fields the thread record takes, and the ones named in the note.
_OPENING_TAKEN = (*_TAKEN, "post_number", "reply_to_post_number", "topic_id", "topic_slug")
_OPENING_NAMED = {"like_count": "likes", "reads": "reads", "reply_count": "replies"}


def _note_opening(post: dict[str, Any], ctx: Context) -> None:
    """One note on what the opening post (the article) holds that no thread field takes: its
    author first (SPEC's thread record has no author, nor ``meta``), then its counts."""
    given = given_fields(post, _OPENING_TAKEN)
    author = str_or_none(post.get("username"))
    parts = ([f"its author ({term(author)})"] if author else []) + [
        what if what == key else f"{what} ({key})" for key, what in _OPENING_NAMED.items() if key in given]
    rest = len([key for key in given if key not in _OPENING_NAMED])
    if parts or rest:
        ctx.note(unkept_note(f"the opening post {term(post.get('id'))} (the article)", parts, rest))


READER = Reader(NAME, sniff, read)
