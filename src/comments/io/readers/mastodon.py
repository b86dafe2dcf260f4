"""Mastodon's thread context (``GET /api/v1/statuses/:id/context``): ``ancestors`` and
``descendants``, statuses linked by ``in_reply_to_id``, HTML ``content``.

One file is one thread. Its root (the first ancestor, or, when the context was fetched for the
root itself and so holds no ancestors, the status the first descendant answers) is the thread's
article: its id the thread id, its text the article text, its time the publication time, its
link the thread's address; replies to it are top-level comments. Why: read as a generic list,
the file became two threads with a false orphan, and the root's post was lost."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from comments.io.readers.base import (Context, Reader, dated, given_fields, leftover, load_json, published, str_or_none,
                                      unkept_note)
from comments.model.records import Comment, ParsedThread, Thread
from comments.text.html_text import html_to_text, html_to_text_and_links, put_links
from comments.text.plural import plural
from comments.text.textsafe import term

NAME = "mastodon"
#: Status fields that record columns take.
_TAKEN = ("id", "in_reply_to_id", "content", "created_at")


def sniff(head: str) -> bool:
    stripped = head.lstrip()
    return stripped.startswith("{") and '"ancestors"' in head and '"descendants"' in head and '"in_reply_to_id"' in head


def read(text: str, ctx: Context) -> list[ParsedThread]:
    doc = load_json(text, ctx)
    if not isinstance(doc, dict):
        return []
    ancestors = [s for s in doc.get("ancestors") or [] if isinstance(s, dict)]
    descendants = [s for s in doc.get("descendants") or [] if isinstance(s, dict)]
    root = ancestors[0] if ancestors else None
    root_id = str_or_none(root.get("id")) if root else (
        str_or_none(descendants[0].get("in_reply_to_id")) if descendants else None)
    thread = Thread(thread_id=root_id, format=NAME)
    pt = ParsedThread(thread)
    poster = None
    if root is not None:
        thread.url = str_or_none(root.get("url")) or str_or_none(root.get("uri"))
        thread.article_text = html_to_text(str(root.get("content") or "")) or None
        thread.published_at = published(ctx, root_id, root.get("created_at"))
        poster = _acct(root)
        _note_root(root, poster, ctx)
    thread.site = urlsplit(thread.url or "").hostname or _host(descendants)
    for status in ancestors[1:] + descendants:
        comment = _comment(status, root_id)
        if poster is not None and comment.author == poster:  # the root's author answering in their thread
            comment.meta["post_author"] = True
        pt.comments.append(comment)
    if ancestors:
        _note_context_status(ancestors + descendants, root_id, ctx)
    return [pt]


def _note_context_status(statuses: list[dict[str, Any]], root_id: str | None, ctx: Context) -> None:
    """A context fetched for a status inside the thread holds its ancestors and descendants but never the
    status itself: its replies answer a status the file lacks (flagged orphan). One note says which status
    that is and why, when exactly one status is answered but missing. Why: the orphans came unexplained."""
    given = {str_or_none(s.get("id")) for s in statuses}
    answered = [str_or_none(s.get("in_reply_to_id")) for s in statuses]
    missing = list(dict.fromkeys(a for a in answered if a is not None and a not in given and a != root_id))
    if len(missing) == 1:
        n = answered.count(missing[0])
        ctx.note(f"status {term(missing[0])} is the one this context was fetched for, which a /context answer never "
                 f"holds: the {plural(n, 'reply', 'replies')} to it {'is' if n == 1 else 'are'} flagged orphan")


#: Root status fields the thread record takes; the ones a reader misses most, named in the note.
_ROOT_TAKEN = (*_TAKEN, "url", "uri")
_ROOT_NAMED = {"favourites_count": "favourites", "reblogs_count": "boosts", "replies_count": "replies",
               "spoiler_text": "content warning"}


def _note_root(root: dict[str, Any], poster: str | None, ctx: Context) -> None:
    """One note on what the root status (the article) holds that no thread field takes: its
    author first (SPEC's thread record has no author, nor ``meta``), then its counts. Why: the
    root's author was dropped without a word (its own replies are marked ``post_author``)."""
    given = given_fields(root, _ROOT_TAKEN)
    named = {**({"account": f"its author (account: {term(poster)})"} if poster else {}),
             **{key: what if what == key else f"{what} ({key})" for key, what in _ROOT_NAMED.items()}}
    parts = [text for key, text in named.items() if key in given]
    rest = len([key for key in given if key not in named])
    if parts or rest:
        ctx.note(unkept_note(f"the root status {term(root.get('id'))} (the article)", parts, rest))


def _acct(status: dict[str, Any]) -> str | None:
    """The author's account name (``acct``: ``user`` on the status's server, ``user@host`` else)."""
    account = status.get("account") if isinstance(status.get("account"), dict) else {}
    return str_or_none(account.get("acct")) or str_or_none(account.get("username"))


def _host(statuses: list[dict[str, Any]]) -> str | None:
    """The server of the first status that has an address."""
    return next((host for s in statuses if (host := urlsplit(str(s.get("url") or s.get("uri") or "")).hostname)), None)


def _comment(status: dict[str, Any], root_id: str | None) -> Comment:
    parent = str_or_none(status.get("in_reply_to_id"))
    comment = Comment(
        id=str_or_none(status.get("id")),
        parent_id=None if parent == root_id else parent,
        author=_acct(status),
        meta=leftover(status, _TAKEN),
    )
    comment.text, links = html_to_text_and_links(str(status.get("content") or ""))
    put_links(comment.meta, links)
    return dated(comment, status.get("created_at"), "created_at")


READER = Reader(NAME, sniff, read)
