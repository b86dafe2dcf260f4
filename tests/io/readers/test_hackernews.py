"""Hacker News items (official API)."""

from __future__ import annotations

import json

from conftest import FIXTURES, read


def by_id(result):
    return {c.id: c for c in result.comments}


def test_hackernews_official_items():
    result = read(FIXTURES / "hn_official.json")
    (pt,) = result.threads
    assert pt.thread.title == "Xiaomi phones disabled in sanctioned countries"
    c = by_id(result)
    assert c["28500001"].parent_id is None
    assert c["28500001"].text == "Remote kill switches should be illegal.\n\nOwnership means control."
    assert (c["28500002"].parent_id, c["28500002"].text) == ("28500001", "Agreed / see GrapheneOS.")
    assert c["28500003"].status == "deleted"


def test_poll_options_go_below_the_poll_text_not_into_the_comments(tmp_path):
    """Official-API items of a poll: its ``pollopt`` items are the poll's answers with their
    points, put into the poll's article text (noted), not top-level comments of a thread
    named after the file; the poll's one real comment stays its only comment."""
    items = [
        {"by": "pollster", "descendants": 1, "id": 126809, "kids": [126822], "parts": [126810, 126811], "score": 46,
         "text": "Which do you prefer?", "time": 1204403652, "title": "Poll: explicit polls?", "type": "poll"},
        {"by": "pollster", "id": 126810, "poll": 126809, "score": 335, "text": "Yes, ban them", "time": 1204403652,
         "type": "pollopt"},
        {"by": "pollster", "id": 126811, "poll": 126809, "score": 1, "text": "No &amp; never", "time": 1204403652,
         "type": "pollopt"},
        {"by": "c1", "id": 126822, "parent": 126809, "text": "Neither", "time": 1204403700, "type": "comment"}]
    path = tmp_path / "hn_items.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    result = read(path)
    (pt,) = result.threads
    assert pt.thread.article_text == "Which do you prefer?\n\nYes, ban them (335 points)\nNo & never (1 point)"
    assert [c.id for c in pt.comments] == ["126822"] and pt.thread.declared_count == 1
    assert any("2 poll options of 1 poll put below their poll's text" in n for n in result.notes)


def test_official_kids_missing_from_the_file_count_as_unloaded(tmp_path):
    """An item's ``kids`` that the file does not hold are comments the source says exist:
    the thread's ``unloaded_count`` (as Reddit's ``more`` stubs), not silently complete."""
    items = json.loads((FIXTURES / "hn_official.json").read_text(encoding="utf-8"))
    complete = read(FIXTURES / "hn_official.json").threads[0].thread.unloaded_count
    listed = [i for i in items if isinstance(i.get("kids"), list)]
    listed[-1]["kids"] += [99999991, 99999992]
    path = tmp_path / "hn_partial.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    assert complete == 0
    assert read(path).threads[0].thread.unloaded_count == 2
