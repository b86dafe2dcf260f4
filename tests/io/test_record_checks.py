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


def _tampered(tmp_path, line: int, field: str, value) -> tuple[str, int]:
    """The seed thread as ``parse`` writes it, one record's ``field`` set to ``value`` at
    ``line`` (1-based; 0: the first comment, -1: the last)."""
    import json

    from conftest import SEED, run

    lines = run("parse", str(SEED)).stdout.splitlines()
    at = {0: 2, -1: len(lines)}.get(line, line)
    record = json.loads(lines[at - 1])
    record[field] = value
    lines[at - 1] = json.dumps(record)
    path = tmp_path / "ours.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return str(path), at


@pytest.mark.parametrize("line", [0, 12, -1])
@pytest.mark.parametrize("field, value, expected", [
    ("depth", "2", "field depth is text, expected a whole number"), ("topics", "geopolitics", "expected a list of text"),
    ("polarity", "0.5", "expected a number")])
@pytest.mark.parametrize("out", [None, "out.jsonl"])
def test_our_records_name_their_own_line(tmp_path, line, field, value, expected, out):
    """A record of our own JSONL with a field of the wrong type, on the first, a middle or
    the last comment line: the error names that line (it named none), on the general path
    and with ``-o`` (where the fast path hands such input over)."""
    from conftest import run

    path, at = _tampered(tmp_path, line, field, value)
    result = run("parse", path, *(["-o", str(tmp_path / out)] if out else []))
    assert result.exit_code == 1
    [error] = [e for e in result.stderr.splitlines() if e.startswith("error:")]
    assert error.startswith(f"error: {path}:{at}: comment ") and error.endswith(expected)


def test_our_thread_record_names_its_line(tmp_path):
    from conftest import run

    path, _ = _tampered(tmp_path, 1, "comment_count", "25")
    result = run("parse", path)
    assert f"error: {path}:1: thread " in result.stderr and "field comment_count is text" in result.stderr
