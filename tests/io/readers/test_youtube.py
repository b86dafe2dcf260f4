"""YouTube Data API v3 comment answers (``commentThreads.list``, ``comments.list``), read by
the json reader (fixture written by us from Google's API reference)."""

from __future__ import annotations

import json

from comments.io.pipeline import read_inputs
from conftest import FIXTURES, read, run

THREADS = FIXTURES / "json" / "youtube_commentThreads.json"


def _snippets(doc):
    """(comment, parent id) of a commentThreads answer: each thread's comment, then its replies."""
    for item in doc["items"]:
        yield item["snippet"]["topLevelComment"], None
        for reply in item.get("replies", {}).get("comments", []):
            yield reply, reply["snippet"]["parentId"]


def test_comment_threads_give_texts_authors_dates_and_replies():
    """Texts, authors and dates were empty (they sit in ``snippet``) and the replies no comments."""
    doc = json.loads(THREADS.read_text())
    result = read(THREADS)
    assert [(c.id, c.parent_id, c.author, c.created_at, c.text) for c in result.comments] == [
        (c["id"], parent, c["snippet"]["authorDisplayName"], c["snippet"]["publishedAt"], c["snippet"]["textOriginal"])
        for c, parent in _snippets(doc)]
    assert len(result.comments) == 4 and not any(c.flags for c in result.comments)
    (pt,) = result.threads
    video = doc["items"][0]["snippet"]["videoId"]
    assert (pt.thread.thread_id, pt.thread.url, pt.thread.site) == (
        video, f"https://www.youtube.com/watch?v={video}", "youtube.com")
    first = result.comments[0]
    assert first.meta["likeCount"] == 12 and first.meta["thread"]["totalReplyCount"] == 3
    assert first.meta["textDisplay"].startswith("130 reicht")


def test_replies_a_thread_states_beyond_those_given_are_unloaded_and_a_next_page_is_noted():
    result = read(THREADS)
    assert result.threads[0].thread.unloaded_count == 1  # totalReplyCount 3, 2 replies given
    assert any("1 reply that their comments state (totalReplyCount) is not in the file" in n for n in result.notes)
    assert any("next page (nextPageToken)" in n for n in result.notes)


def test_the_html_text_is_read_when_the_original_is_not_given(tmp_path):
    doc = json.loads(THREADS.read_text())
    del doc["items"][0]["snippet"]["topLevelComment"]["snippet"]["textOriginal"]
    path = tmp_path / "threads.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert read(path).comments[0].text == "130 reicht völlig & spart CO2.\nEcht."


def test_a_comments_list_answer_and_an_unreadable_item(tmp_path):
    """``comments.list`` (replies by ``parentId``); an item without a snippet is that item's
    one error, the others are read."""
    doc = json.loads(THREADS.read_text())
    replies = doc["items"][0]["replies"]["comments"]
    path = tmp_path / "replies.json"
    path.write_text(json.dumps({"kind": "youtube#commentListResponse", "items": [*replies, {"kind": "youtube#comment",
                                                                                         "id": "x"}]}),
                    encoding="utf-8")
    out = run("parse", str(path))
    assert out.exit_code == 1
    assert [line for line in out.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {path}: 1 unreadable item was left out (item 3: a comment without a snippet object)"]
    result = read_inputs([str(path)])
    assert [(c.id, c.parent_id, c.missing_parent_id, c.flags) for c in result.comments] == [
        (r["id"], None, r["snippet"]["parentId"], ["orphan"]) for r in replies]
