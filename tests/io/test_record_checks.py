"""records: a reader's output with a value of the wrong type is one input error that
names the record and the field; well-typed records pass."""

from __future__ import annotations

import pytest

from comments.io.records import check_records
from comments.model.errors import InputError
from comments.model.records import Comment, ParsedThread, Thread


def _one(**fields) -> list[ParsedThread]:
    return [ParsedThread(Thread(thread_id="t"), [Comment(**{"id": "c1", **fields})])]


def test_well_typed_records_pass():
    check_records(_one(topics=["a"], topic_scores={"a": 0.5, "b": None}, polarity=-0.5, depth=2))


@pytest.mark.parametrize("field, value, expected", [
    ("id", ["x"], "field id is a list, expected text"), ("text", None, "field text is null, expected text"),
    ("depth", "2", "field depth is text, expected a whole number"), ("position", True, "true/false"),
    ("flags", "x", "expected a list of text"), ("tone", [1], "expected a list of text"),
    ("tone_scores", {"a": "high"}, "expected a map of numbers"), ("polarity", "0.5", "expected a number"),
])
def test_wrong_type_names_record_and_field(field, value, expected):
    with pytest.raises(InputError, match="comment 1 of thread t") as info:
        check_records(_one(**{field: value}))
    assert expected in str(info.value)


@pytest.mark.parametrize("field, value", [("title", 3), ("declared_count", "3"), ("comment_count", 1.5)])
def test_wrong_thread_field(field, value):
    with pytest.raises(InputError, match=f"thread t: field {field}"):
        check_records([ParsedThread(Thread(thread_id="t", **{field: value}), [])])
