"""Bluesky ``app.bsky.feed.getPostThread`` answers (fields as in the AT Protocol lexicon
``app.bsky.feed.defs``; team-written fixture): nested replies a tree, the root post the article."""

from __future__ import annotations

import copy
import json

from conftest import FIXTURES, read

from comments.io.readers import detect

THREAD = FIXTURES / "exports" / "bsky.app__getPostThread.json"
ROOT = "at://did:plc:aaaa1111/app.bsky.feed.post/3kroot0000a2x"


def uri(did: str, key: str) -> str:
    return f"at://did:plc:{did}/app.bsky.feed.post/{key}"


B1, C2, D3, B4 = uri("bbbb2222", "3kreply001a2x"), uri("cccc3333", "3kreply002a2x"), uri(
    "dddd4444", "3kreply003a2x"), uri("bbbb2222", "3kreply004a2x")
GONE, BLOCKED = uri("eeee5555", "3kgone00000x"), uri("ffff6666", "3kblock0000x")


def test_nested_replies_are_a_tree_under_the_root_post():
    """``thread.replies[]`` nest: three deep under bob's reply; the root post is the article (text, time, its
    web address); a ``#notFoundPost`` and a ``#blockedPost`` stay in their place as placeholders without
    words. It was "unknown format"."""
    assert detect(THREAD.read_text(encoding="utf-8")).name == "bluesky"
    result = read(THREAD)
    (pt,) = result.threads
    t = pt.thread
    assert (t.format, t.site, t.thread_id, t.url) == (
        "bluesky", "bsky.app", ROOT, "https://bsky.app/profile/did:plc:aaaa1111/post/3kroot0000a2x")
    assert (t.article_text, t.published_at) == ("Neuer Artikel: Das Tempolimit kommt nicht. Was meint ihr?",
                                                "2024-03-05T09:14:22.123Z")
    assert [(c.id, c.parent_id, c.depth, c.author, c.status) for c in result.comments] == [
        (B1, None, 0, "bob.bsky.social", "visible"), (C2, B1, 1, "cara.bsky.social", "visible"),
        (D3, C2, 2, "dan.bsky.social", "visible"), (B4, None, 0, "bob.bsky.social", "visible"),
        (GONE, None, 0, None, "deleted"), (BLOCKED, None, 0, None, "blocked")]
    assert (result.comments[0].text, result.comments[0].created_at) == ("130 wäre vernünftig, finde ich.",
                                                                        "2024-03-05T09:20:00.000Z")
    assert result.comments[0].meta["author"]["displayName"] == "Bob"
    assert any(f"the root post {ROOT} (the article): its author (alice.bsky.social)" in n for n in result.notes)


def test_a_thread_fetched_for_a_reply_climbs_its_parents_to_the_root(tmp_path):
    """Fetched for cara's reply, the answer holds the root and bob's reply in ``parent``: the root is still
    the article, bob's reply a comment above cara's, and the replies the depth limit cut are unloaded."""
    doc = json.loads(THREAD.read_text(encoding="utf-8"))
    root = copy.deepcopy(doc["thread"])
    bob = root["replies"][0]
    cara = bob.pop("replies")[0]
    root.pop("replies")
    bob["parent"] = root
    cara["parent"] = bob
    cara["post"]["replyCount"] = 3  # dan's reply given, two others beyond the depth limit
    doc["thread"] = cara
    path = tmp_path / "bsky.app__mid.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = read(path)
    (pt,) = result.threads
    assert (pt.thread.thread_id, pt.thread.unloaded_count) == (ROOT, 2)
    assert [(c.id, c.parent_id, c.depth) for c in result.comments] == [(B1, None, 0), (C2, B1, 1), (D3, C2, 2)]
    assert any("2 replies the posts' replyCount counts are not in this answer" in n for n in result.notes)
    assert not any(c.flags for c in result.comments)


def test_a_parent_chain_cut_short_leaves_an_orphan_said(tmp_path):
    """``parentHeight`` cut the chain below the root: the topmost post given answers one not in the answer
    (flagged orphan, its parent's uri kept); the thread is still the root's, from the posts' ``reply.root``."""
    doc = json.loads(THREAD.read_text(encoding="utf-8"))
    cara = doc["thread"]["replies"][0]["replies"][0]
    doc["thread"] = cara
    path = tmp_path / "bsky.app__cut.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = read(path)
    (pt,) = result.threads
    assert (pt.thread.thread_id, pt.thread.article_text) == (ROOT, None)
    c2 = result.comments[0]
    assert (c2.id, c2.flags, c2.missing_parent_id) == (C2, ["orphan"], B1)


def test_a_blocked_post_is_no_reader_comment_with_empty_text():
    """A #blockedPost (and the Guardian's moderator placeholder, status ``blocked``) holds no reader's words:
    set apart like a deleted comment, not counted as a comment with empty text (fix24d's report, session 24)."""
    from comments.model.placeholders import is_gone
    from comments.model.records import Comment

    assert is_gone(Comment(id="x", text="", status="blocked"))
