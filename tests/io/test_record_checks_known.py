"""records: what passed once passes again at a few set lookups, and nothing wrong slips
through that shortcut (the same values after well-typed ones are still refused, with the
same message as the field-by-field check gives)."""

from __future__ import annotations

import pytest

from comments.io import records
from comments.io.records import _comment_problem, check_records
from comments.model.errors import InputError
from comments.model.records import Comment, ParsedThread, Thread

GOOD = dict(topics=["a", "b"], tone=["critical"], flags=[], topic_scores={"a": 0.5, "b": None},
            tone_scores={"critical": 1}, polarity=-0.5, depth=2, position=3, language="de")
BAD = [("topics", ["a", 1]), ("topics", ("a",)), ("flags", [None]), ("topic_scores", {"a": True}),
       ("topic_scores", {1: 0.5}), ("tone_scores", {"critical": "1"}), ("depth", True), ("position", 2.0),
       ("polarity", False), ("language", b"de"), ("text", None), ("id", 7), ("tone", "critical"),
       ("topics", ["a", ["b"]]), ("flags", [{}]), ("tone", ["critical", {"x": 1}]),
       ("polarity", 1.5), ("polarity", -7), ("polarity", float("nan")), ("polarity", float("inf"))]


@pytest.mark.parametrize("field, value", BAD)
def test_a_wrong_value_after_right_ones_is_still_refused(field, value):
    good = [Comment(id=f"c{i}", **GOOD) for i in range(3)]
    check_records([ParsedThread(Thread(thread_id="t"), good)])  # the shortcut has seen these shapes
    bad = Comment(**{"id": "c9", **GOOD, field: value})
    assert not records._KNOWN.passes(bad)
    with pytest.raises(InputError) as info:
        check_records([ParsedThread(Thread(thread_id="t"), [*good, bad])])
    who = "comment 4 of thread t" + (" (id c9)" if field != "id" else "")
    assert str(info.value) == f"{who}: {_comment_problem(bad)}"


def test_the_shortcut_agrees_with_the_careful_check_and_stays_bounded(monkeypatch):
    monkeypatch.setattr(records, "_KNOWN_LIMIT", 5)
    known = records._Known()
    for i in range(40):
        c = Comment(id=f"c{i}", **{**GOOD, "topics": [f"t{i}"], "topic_scores": {f"t{i}": 0.1}})
        assert known.passes(c) and _comment_problem(c) is None
    assert len(known.lists) <= 5 and len(known.keys) <= 5


class Text(str):
    """A str subclass: not what JSON gives, so the careful check decides (and lets it pass)."""


def test_unusual_but_valid_types_take_the_careful_path_and_pass():
    c = Comment(id=Text("c1"), **GOOD)
    assert not records._KNOWN.passes(c)
    check_records([ParsedThread(Thread(thread_id="t"), [c])])
