"""Stated reply counts (Ghost ``count.replies``, YouTube ``totalReplyCount`` …) whose replies
another input of the same run gives: no longer unloaded (:func:`comments.io.pipeline.resolve_stubs`).
Fixtures written by us from the platforms' API docs (Ghost's "load more" answer for c1, a YouTube
``comments.list`` answer for the first thread's replies)."""

from __future__ import annotations

import json

import pytest

from comments.io.pipeline import resolve_stubs
from comments.model.records import Comment, ParsedThread, Stub, Thread
from conftest import FIXTURES, run

JSON = FIXTURES / "json"


def _threads(stdout: str) -> list[dict]:
    return [r for r in map(json.loads, stdout.splitlines()) if r["record"] == "thread"]


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_ghost_load_more_answer_resolves_the_replies_count_replies_stated(engine):
    """Ghost's first page gives 3 of c1's 5 replies (count.replies: 5); the "load more" answer
    saved beside it gives the other 2. They counted as loaded and unloaded (7 comments, 2 unloaded)."""
    page, more = JSON / "ghost_members_comments_post.json", JSON / "ghost_replies_c1.json"
    alone = run("parse", "--site", "blog.example", str(page), "--engine", engine)
    assert [(t["comment_count"], t["unloaded_count"]) for t in _threads(alone.stdout)] == [(5, 2)]
    both = run("parse", "--site", "blog.example", str(page), str(more), "--engine", engine)
    assert both.exit_code == 0, both.stderr
    assert [(t["comment_count"], t["unloaded_count"]) for t in _threads(both.stdout)] == [(7, 0)]
    assert (f"note: {page}: 2 replies that a comment's stated reply count had counted as not loaded were "
            "found in other inputs: no longer counted in unloaded_count") in both.stderr


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_youtube_comments_list_answer_joins_its_video_and_resolves_total_reply_count(engine):
    """A comments.list answer (replies of one thread, no videoId) beside the commentThreads answer:
    its replies made a thread of their own (3 orphans) and the third reply stayed unloaded."""
    threads, replies = JSON / "youtube_commentThreads.json", JSON / "youtube_comments_list.json"
    both = run("parse", str(threads), str(replies), "--engine", engine)
    assert both.exit_code == 0, both.stderr
    (thread,) = _threads(both.stdout)
    assert (thread["thread_id"], thread["comment_count"], thread["unloaded_count"]) == ("dQw4w9WgXcQ", 5, 0)
    comments = [r for r in map(json.loads, both.stdout.splitlines()) if r["record"] == "comment"]
    assert ("UgzAbc123.9zX3", "UgzAbc123") in {(c["id"], c["parent_id"]) for c in comments}
    assert "1 reply that a comment's stated reply count had counted as not loaded was found" in both.stderr


def test_a_count_of_direct_replies_is_resolved_by_direct_replies_only():
    """Mastodon ``replies_count`` / a Graph page's ``summary.total_count`` count direct replies: a
    reply's own replies found elsewhere do not load the parent's missing ones; a count stated
    beyond what any input gives stays unloaded in part."""
    comments = [Comment(id="s1", text="root"), Comment(id="s2", parent_id="s1", text="a"),
                Comment(id="s3", parent_id="s2", text="b"), Comment(id="s4", parent_id="s2", text="c"),
                Comment(id="s5", parent_id="s1", text="d")]
    pt = ParsedThread(Thread(thread_id="t", unloaded_count=3), comments,
                      [Stub(3, parent="s1", stated=4)])  # its input gave s2 only; s5 came from another
    assert resolve_stubs(pt) == 1 and pt.thread.unloaded_count == 2
    deep = ParsedThread(Thread(thread_id="t", unloaded_count=3), list(comments),
                        [Stub(3, parent="s1", stated=4, deep=True)])  # every reply under s1: s2…s5
    assert resolve_stubs(deep) == 3 and deep.thread.unloaded_count == 0
