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


def _official_items():
    return json.loads((FIXTURES / "hn_official.json").read_text(encoding="utf-8"))


def _shape(result):
    return [(pt.thread.thread_id, pt.thread.unloaded_count,
             [(c.id, c.parent_id, c.depth, c.status, c.text, c.flags) for c in pt.comments]) for pt in result.threads]


def test_a_range_answer_keyed_by_id_is_its_items(tmp_path):
    """Firebase answers ``/v0/item.json?orderBy="$key"&startAt=…`` with an object keyed by
    item id (a missing id null): its items, as the same items in a list read — not one
    invented deleted comment holding them all in its ``meta``."""
    items = _official_items()
    keyed = {str(i["id"]): i for i in items}
    keyed["28500004"] = None
    path = tmp_path / "range.json"
    path.write_text(json.dumps(keyed), encoding="utf-8")
    result = read(path)
    assert _shape(result) == _shape(read(FIXTURES / "hn_official.json"))
    assert [c.id for c in result.comments] == ["28500001", "28500002", "28500003"]
    assert any("1 null item" in n for n in result.notes)


def test_a_null_in_a_list_of_items_is_left_out_with_a_note(tmp_path):
    """A list of items holding ``null`` (the API's answer for an id it has no item for) is
    read, the null left out and noted — not the whole file refused with a Python exception."""
    items = _official_items()
    path = tmp_path / "with_null.json"
    path.write_text(json.dumps(items[:2] + [None] + items[2:] + [None]), encoding="utf-8")
    result = read(path)
    assert _shape(result) == _shape(read(FIXTURES / "hn_official.json"))
    assert any("2 null items" in n and "left out" in n for n in result.notes)


def test_one_file_per_item_is_joined_into_the_story_thread(tmp_path):
    """Items saved one file per item (``/v0/item/ID.json`` as is), or in batches, know only
    their ``parent``: joined to the story their parent chain reaches in another file, as
    Reddit dumps join by ``link_id`` — the thread the one-file read gives, whatever the
    order of the files; its kids in other files are not unloaded."""
    items = _official_items()
    whole = _shape(read(FIXTURES / "hn_official.json"))
    files = []
    for item in items:
        files.append(tmp_path / f"{item['id']}.json")
        files[-1].write_text(json.dumps(item), encoding="utf-8")
    result = read(tmp_path)
    assert _shape(result) == whole
    assert result.summary().startswith("1 thread; 3 comments; no repairs")
    assert any("3 comments whose input did not hold their thread joined" in n for n in result.notes)
    batch = tmp_path / "batches"
    batch.mkdir()
    (batch / "b.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items[2:]), encoding="utf-8")
    (batch / "a.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items[:2]), encoding="utf-8")
    assert _shape(read(batch / "b.jsonl", batch / "a.jsonl")) == whole


def test_items_whose_story_is_in_no_input_stay_orphans_with_their_unloaded_kids(tmp_path):
    """Without the story in any input, the comments stay in the thread named after their
    file, flagged orphan, and kids no input holds stay unloaded."""
    items = _official_items()
    path = tmp_path / "comments_only.json"
    path.write_text(json.dumps(items[1:2]), encoding="utf-8")
    result = read(path)
    assert _shape(result) == [("comments_only", 1, [("28500001", None, 0, "visible",
                                                     "Remote kill switches should be illegal.\n\nOwnership means control.",
                                                     ["orphan"])])]


def test_report_reads_one_file_per_item_as_the_pipeline_does(tmp_path):
    """``comments report`` streams threads one by one: items whose thread is another file's
    make it read as the pipeline does, so the per-item files are one thread there too."""
    from comments.io.streaming import NotContiguous, StreamResult, stream_inputs
    import pytest

    for item in _official_items():
        (tmp_path / f"{item['id']}.json").write_text(json.dumps(item), encoding="utf-8")
    with pytest.raises(NotContiguous):
        list(stream_inputs([str(tmp_path)], StreamResult()))


def test_items_given_both_in_a_list_and_one_file_each_are_kept_once(tmp_path):
    """The same items in a list and again one file per item: each comment kept once, counted
    among the duplicates across inputs (not renamed ``ID~2`` and flagged ``duplicate_id``)."""
    items = _official_items()
    folder = tmp_path / "items"
    folder.mkdir()
    for item in items:
        (folder / f"{item['id']}.json").write_text(json.dumps(item), encoding="utf-8")
    result = read(FIXTURES / "hn_official.json", folder)
    assert _shape(result) == _shape(read(FIXTURES / "hn_official.json"))
    assert result.cross_input_duplicates == 3


def test_a_deep_chain_of_items_one_file_each_is_joined_in_linear_time(tmp_path):
    """A 3,000-deep reply chain, one file per item after the story's: every chain is walked once."""
    import time

    story = {"by": "op", "id": 1, "kids": [2], "time": 1700000000, "title": "Deep", "type": "story"}
    chain = [{"by": f"u{i}", "id": i, "parent": i - 1, "text": f"reply {i}", "time": 1700000000 + i, "type": "comment"}
             for i in range(2, 3002)]
    (tmp_path / "a_story.json").write_text(json.dumps(story), encoding="utf-8")
    (tmp_path / "b_chain.jsonl").write_text("".join(json.dumps(i) + "\n" for i in reversed(chain[1:])), encoding="utf-8")
    (tmp_path / "c_first.json").write_text(json.dumps(chain[0]), encoding="utf-8")
    started = time.process_time()
    result = read(tmp_path)
    assert time.process_time() - started < 30
    (pt,) = result.threads
    assert max(c.depth for c in pt.comments) == 2999 and not any(c.flags for c in pt.comments)
