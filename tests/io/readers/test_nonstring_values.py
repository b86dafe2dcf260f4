"""JSON values of the wrong kind: a number or true/false text is its JSON text (flagged
``number_as_text``); an object or list in a field is that record's error — left out,
counted, named by line (JSONL) or record (JSON array) — and the other records are read."""

from __future__ import annotations

import json

import pytest

from conftest import jsonl_records, run


def _comments(stdout: str) -> dict[str, dict]:
    return {r["id"]: r for r in jsonl_records(stdout) if r["record"] == "comment"}


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_number_text_in_a_json_array_is_its_json_text_flagged(tmp_path, engine):
    path = tmp_path / "x.json"
    path.write_text('[{"id":1,"text":5},{"id":2,"parent_id":1,"text":"ok"},{"id":3,"text":true}]')
    result = run("parse", str(path), "--engine", engine)
    assert result.exit_code == 0, result.stderr
    got = _comments(result.stdout)
    assert [(got[i]["text"], got[i]["flags"], got[i]["meta"]) for i in "123"] == [
        ("5", ["number_as_text"], {}), ("ok", [], {}), ("true", ["number_as_text"], {})]
    assert got["2"]["parent_id"] == "1"


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_an_object_text_in_jsonl_costs_only_its_line(tmp_path, engine):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id":1,"text":{"x":1}}\n{"id":2,"text":"ok"}\n{"id":3,"text":2.5}\n')
    result = run("parse", str(path), "--engine", engine)
    assert result.exit_code == 1
    assert f"error: {path}: 1 unreadable line was left out (line 1: text is an object)" in result.stderr
    assert "TypeError" not in result.stderr
    got = _comments(result.stdout)
    assert sorted(got) == ["2", "3"] and got["3"]["text"] == "2.5" and got["3"]["flags"] == ["number_as_text"]
    assert "1 unreadable line left out" in result.stderr


@pytest.mark.parametrize("field", ["id", "parent_id", "author", "created_at"])
@pytest.mark.parametrize("value", [["a"], {"x": 1}])
def test_an_object_or_list_in_any_field_is_that_records_error(tmp_path, field, value):
    rows = [{"id": "1", "parent_id": None, "text": "first words", "author": "Anna", "created_at": "2021-01-01"},
            {"id": "2", "parent_id": "1", "text": "second words", "author": "Ben", "created_at": "2021-01-02"}]
    rows[0][field] = value
    what = "an object" if isinstance(value, dict) else "a list"
    jsonl = tmp_path / "x.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    array = tmp_path / "y.json"
    array.write_text(json.dumps(rows))
    result = run("parse", str(jsonl), str(array))
    assert result.exit_code == 1
    assert f"error: {jsonl}: 1 unreadable line was left out (line 1: {field} is {what})" in result.stderr
    got = [r for r in jsonl_records(result.stdout) if r["record"] == "comment"]
    if field == "author" and isinstance(value, dict):  # the JSON reader's nested author (remark42's user): kept in meta
        assert f"error: {array}" not in result.stderr
        assert [r["meta"] for r in got if r["thread_id"] == "y" and r["id"] == "1"] == [{"author": value}]
        got = [r for r in got if r["thread_id"] == "x"] * 2
    else:
        assert f"error: {array}: 1 unreadable record was left out (record 1: {field} is {what})" in result.stderr
    assert [(r["id"], r["text"]) for r in got] == [("2", "second words")] * 2
    assert all("[" not in (r["id"] + str(r["missing_parent_id"]) + str(r["author"])) for r in got)


def test_the_readme_example_a_list_id_is_an_error_and_exit_1(tmp_path):
    """README Safety: a record whose ``id`` is a list is one ``error: FILE[:LINE]`` line, exit 1."""
    path = tmp_path / "l.jsonl"
    path.write_text('{"id":["a"],"text":"x"}\n{"id":"b","parent_id":["1"],"text":"y"}\n{"id":"c","text":"z"}\n')
    result = run("parse", str(path))
    assert result.exit_code == 1
    assert "line 1: id is a list; line 2: parent_id is a list" in result.stderr
    assert list(_comments(result.stdout)) == ["c"]


def test_number_texts_written_to_parquet_are_flagged_as_on_the_general_path(tmp_path):
    """Every text a number: the columnar fast path leaves it to the general path, which flags each."""
    import pandas as pd

    path = tmp_path / "n.jsonl"
    path.write_text('{"id": 1, "text": 5}\n{"id": 2, "parent_id": 1, "text": 6}\n')
    result = run("parse", str(path), "-o", str(tmp_path / "n.parquet"))
    assert result.exit_code == 0, result.stderr
    frame = pd.read_parquet(tmp_path / "n.parquet")
    assert frame["text"].tolist() == ["5", "6"] and [list(f) for f in frame["flags"]] == [["number_as_text"]] * 2
