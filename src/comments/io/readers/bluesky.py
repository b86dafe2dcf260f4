"""Bluesky's thread answer (``app.bsky.feed.getPostThread``): a ``thread`` of
``#threadViewPost`` nodes, each a ``post`` (``uri``, ``author``, ``record`` with ``text`` and
``createdAt``) with its ``replies`` nested, and the posts above it in ``parent``.

One answer is one thread. Its root post (the topmost ``parent``, or the post itself) is the
article: its AT-URI the thread id, its text the article text, its time the publication time;
replies to it are top-level comments. Ids are the posts' AT-URIs as given; author the
``handle`` (the ``author`` object, with ``displayName``, in ``meta``). A ``#notFoundPost`` (a
deleted post) is a comment with status ``deleted``, a ``#blockedPost`` (hidden from the
account that fetched it) one with status ``blocked``: both in their place, without words.
Replies a post's ``replyCount`` counts but the answer lacks (its ``depth`` limit) are unloaded.
Why: the answer was "unknown format"."""

from __future__ import annotations

from typing import Any

from comments.io.readers.base import (Context, Reader, dated, given_fields, leftover, load_json, published, str_or_none,
                                      unkept_note)
from comments.model.records import Comment, ParsedThread, Stub, Thread
from comments.text.html_text import put_links
from comments.text.plural import plural
from comments.text.textsafe import term

NAME = "bluesky"
#: The web app every Bluesky post has an address on (the lexicon ``app.bsky`` names it).
SITE = "bsky.app"
_POST = "app.bsky.feed.defs#threadViewPost"
#: Placeholder node types → the status of the comment they stand for.
_PLACEHOLDERS = {"app.bsky.feed.defs#notFoundPost": "deleted", "app.bsky.feed.defs#blockedPost": "blocked"}
#: Post fields that record columns take (``record`` read apart).
_TAKEN = ("uri", "record")
#: Root post fields the thread record takes, and the ones named in the note.
_ROOT_NAMED = {"likeCount": "likes", "repostCount": "reposts", "replyCount": "replies", "quoteCount": "quotes"}


def sniff(head: str) -> bool:
    stripped = head.lstrip()
    return stripped.startswith("{") and '"thread"' in head and (
        _POST in head or ('"at://' in head and '"record"' in head and '"post"' in head))


def read(text: str, ctx: Context) -> list[ParsedThread]:
    doc = load_json(text, ctx)
    focus = doc.get("thread") if isinstance(doc, dict) else None
    if not isinstance(focus, dict):
        return []
    chain = [focus]  # the focused post, then the posts above it
    while isinstance(chain[-1].get("parent"), dict):
        chain.append(chain[-1]["parent"])
    nodes = _nodes(chain)
    top = chain[-1]
    root_uri = next((uri for node, _ in nodes if (uri := _reply_uri(node, "root"))), None) or _uri(top)
    article = top if _uri(top) == root_uri and _is_post(top) else None
    thread = Thread(thread_id=root_uri, site=SITE, format=NAME)
    pt = ParsedThread(thread)
    if article is not None:
        post = article["post"]
        record = _record(post)
        thread.url = _web_address(root_uri)
        thread.article_text = str_or_none(record.get("text"))
        thread.published_at = published(ctx, root_uri, record.get("createdAt"))
        _note_root(post, ctx)
    elif _uri(top) == root_uri:  # the root itself a placeholder: its words are not in the answer
        ctx.note(f"the root post {term(root_uri)} (the article) is not in the answer ({term(top.get('$type'))}): "
                 "the thread has no article text")
    for node, parent in nodes:
        if node is article or (node is top and _uri(top) == root_uri):
            continue
        if node is top:  # the topmost post given answers one the answer does not give (an orphan)
            parent = _reply_uri(node, "parent")
        pt.comments.append(_comment(node, None if parent == root_uri else parent))
    _unloaded(pt, nodes[len(chain) - 1:], ctx)
    return [pt]


def _nodes(chain: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str | None]]:
    """(node, the uri of the node it answers) in document order: the posts above the focused one from
    the top down, then the focused post and its replies, pre-order (iteratively: no depth limit)."""
    out = [(node, _uri(above) if above is not None else None)
           for node, above in zip(reversed(chain[1:]), [None, *reversed(chain[2:])])]
    stack: list[tuple[dict[str, Any], str | None]] = [(chain[0], _uri(chain[1]) if len(chain) > 1 else None)]
    while stack:
        node, parent = stack.pop()
        out.append((node, parent))
        replies = [r for r in node.get("replies") or [] if isinstance(r, dict)]
        stack.extend((r, _uri(node)) for r in reversed(replies))
    return out


def _is_post(node: dict[str, Any]) -> bool:
    return isinstance(node.get("post"), dict) and node.get("$type", _POST) == _POST


def _uri(node: dict[str, Any]) -> str | None:
    post = node.get("post")
    return str_or_none(post.get("uri") if isinstance(post, dict) else node.get("uri"))


def _record(post: dict[str, Any]) -> dict[str, Any]:
    return post.get("record") if isinstance(post.get("record"), dict) else {}


def _reply_uri(node: dict[str, Any], which: str) -> str | None:
    """The uri of the post a post's record says it answers (``parent``) or whose thread it is in (``root``)."""
    if not _is_post(node):
        return None
    reply = _record(node["post"]).get("reply")
    ref = reply.get(which) if isinstance(reply, dict) else None
    return str_or_none(ref.get("uri")) if isinstance(ref, dict) else None


def _web_address(uri: str | None) -> str | None:
    """``at://DID/app.bsky.feed.post/KEY`` → ``https://bsky.app/profile/DID/post/KEY`` (the web app's address)."""
    parts = (uri or "").removeprefix("at://").split("/")
    if not (uri or "").startswith("at://") or len(parts) != 3 or parts[1] != "app.bsky.feed.post":
        return None
    return f"https://{SITE}/profile/{parts[0]}/post/{parts[2]}"


def _comment(node: dict[str, Any], parent: str | None) -> Comment:
    if not _is_post(node):  # a placeholder: in its place, without words
        status = _PLACEHOLDERS.get(str(node.get("$type")), "deleted" if node.get("notFound") else "blocked")
        return Comment(id=_uri(node), parent_id=parent, status=status, meta=leftover(node, ("uri",)))
    post = node["post"]
    record = _record(post)
    author = post.get("author") if isinstance(post.get("author"), dict) else {}
    meta = leftover(post, _TAKEN)
    rest = leftover(record, ("text", "createdAt"))
    if rest:
        meta["record"] = rest
    comment = Comment(id=_uri(node), parent_id=parent, author=str_or_none(author.get("handle")) or str_or_none(
        author.get("did")), text=str(record.get("text") or ""), meta=meta)
    put_links(comment.meta, _links(record))
    return dated(comment, record.get("createdAt"), "createdAt")


def _links(record: dict[str, Any]) -> list[str]:
    """The addresses a post's rich-text ``facets`` link (its text shows them shortened)."""
    return [str(f["uri"]) for facet in record.get("facets") or [] if isinstance(facet, dict)
            for f in facet.get("features") or [] if isinstance(f, dict) and isinstance(f.get("uri"), str)]


def _unloaded(pt: ParsedThread, nodes: list[tuple[dict[str, Any], str | None]], ctx: Context) -> None:
    """Replies a post's ``replyCount`` counts but the answer does not give (its ``depth`` limit): counted in
    ``unloaded_count``, a stub per post. ``nodes``: the focused post and its replies (the posts above it come
    without their replies, so their counts say nothing)."""
    total = 0
    for node, _ in nodes:
        if not _is_post(node):
            continue
        count = node["post"].get("replyCount")
        given = len([r for r in node.get("replies") or [] if isinstance(r, dict)])
        if isinstance(count, int) and not isinstance(count, bool) and count > given:
            pt.stubs.append(Stub(count - given, parent=None if _uri(node) == pt.thread.thread_id else _uri(node)))
            total += count - given
    if total:
        pt.thread.unloaded_count += total
        ctx.note(f"{plural(total, 'reply', 'replies')} the posts' replyCount counts "
                 f"{'is' if total == 1 else 'are'} not in this answer (its depth limit): counted as unloaded")


def _note_root(post: dict[str, Any], ctx: Context) -> None:
    """One note on what the root post (the article) holds that no thread field takes: its author first
    (SPEC's thread record has no author, nor ``meta``), then its counts."""
    given = given_fields(post, _TAKEN)
    author = post.get("author") if isinstance(post.get("author"), dict) else {}
    handle = str_or_none(author.get("handle"))
    parts = ([f"its author ({term(handle)})"] if handle else []) + [
        f"{what} ({key})" for key, what in _ROOT_NAMED.items() if key in given]
    rest = len([key for key in given if key not in _ROOT_NAMED and key != "author"])
    if parts or rest:
        ctx.note(unkept_note(f"the root post {term(post.get('uri'))} (the article)", parts, rest))


READER = Reader(NAME, sniff, read)
