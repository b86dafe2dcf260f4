"""Per-input isolation: whatever goes wrong in one input is one ``error: FILE[:LINE]: …``
line; every other input is still read, with the same records as when read alone."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from conftest import SEED, run


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _hostile(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name → (file, text its error line must contain)."""
    files: dict[str, tuple[Path, str]] = {}

    def put(name: str, data: bytes, expect: str) -> None:
        path = tmp / name
        path.write_bytes(data)
        files[name] = (path, expect)

    ours = {"record": "comment", "site": "x", "thread_id": "t", "id": ["a", "b"], "parent_id": None, "text": "hi"}
    put("id_list.jsonl", (json.dumps(ours) + "\n").encode(), "field id is a list")
    put("depth_text.jsonl", (json.dumps({**ours, "id": "a", "depth": "deep"}) + "\n").encode(), "field depth")
    # a timestamp no calendar has (1e308) is an unreadable date, flagged: no longer a failure; a value nested
    # deeper than the writers can encode loses its line
    put("deep_value.jsonl", b'{"id": "2", "text": "b", "extra": ' + b"[" * 600 + b"]" * 600 + b"}\n",
        "line 1: nested deeper than 500 levels")
    put("reddit_body_list.jsonl", b'{"id": "c1", "link_id": "t3_x", "parent_id": "t3_x", "body": "ok"}\n'
        b'{"id": "c2", "link_id": "t3_x", "parent_id": "t3_x", "body": ["not", "text"]}\n', "reddit_body_list.jsonl:2:")
    put("bad_bytes.csv", b"id,parent_id,text\n1,,ok\n2,1,\x81\xff\x81\n", "not Windows-1252")
    # cut inside its first block: no complete line to keep (a longer cut keeps its complete lines: test_streams)
    put("truncated.jsonl.gz", gzip.compress(b'{"id": "1", "text": "a"}\n' * 5000)[:30], "truncated gzip")
    # a broken line is left out, the file's other lines read: here there is no other line
    put("bad_json_line.jsonl", b'{"id": "2", "text": \n', "line 1: invalid JSON")
    put("empty.jsonl", b"", "empty file")
    zero = tmp / "zero"
    if os.path.exists("/dev/zero"):
        zero.symlink_to("/dev/zero")
        files["zero"] = (zero, "binary data")
    return files


@pytest.fixture()
def hostile(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    return _hostile(tmp_path)


def test_each_hostile_input_beside_a_good_file(hostile):
    alone = run("parse", str(SEED))
    assert alone.exit_code == 0, alone.stderr
    expected = _records(alone.stdout)
    assert any(r["record"] == "comment" for r in expected)
    for name, (path, expect) in hostile.items():
        both = run("parse", str(path), str(SEED))
        assert both.exit_code == 1, (name, both.stderr)
        assert _records(both.stdout) == expected, name
        errors = [line for line in both.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, (name, both.stderr)
        assert errors[0].startswith(f"error: {path}"), (name, errors)
        assert expect in errors[0], (name, errors)
        assert "Traceback" not in both.stderr


def test_all_hostile_inputs_in_one_run(hostile):
    paths = [str(p) for p, _ in hostile.values()]
    result = run("parse", *paths, str(SEED))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(paths), result.stderr
    assert _records(result.stdout) == _records(run("parse", str(SEED)).stdout)


def test_a_failure_after_many_good_lines_names_the_line(tmp_path):
    """A line left out after 2,500 good ones is named by its number (a timestamp no calendar has
    is no failure: that comment is flagged ``invalid_date``)."""
    lines = [json.dumps({"id": str(i), "parent_id": None, "text": f"t{i}", "created_at": 1600000000 + i})
             for i in range(3000)]
    lines.insert(2500, '{"id": "x", "text": "y", "created_at": 1, "extra": ' + "[" * 600 + "]" * 600 + "}")
    lines.insert(10, json.dumps({"id": "far", "text": "y", "created_at": -1e308}))
    path = tmp_path / "late.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = run("parse", str(path))
    assert result.exit_code == 1
    assert f"error: {path}: 1 unreadable line was left out (line 2502: nested deeper than 500 levels)" in result.stderr
    assert "repairs: 1 invalid_date" in result.stderr


def test_the_parquet_fast_path_flags_a_far_timestamp_too(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text('{"id": "1", "text": "a", "created_at": 1600000000}\n'
                    '{"id": "2", "text": "b", "created_at": 1e308}\n')
    result = run("parse", str(path), "-o", str(tmp_path / "out.parquet"))
    assert result.exit_code == 0 and "repairs: 1 invalid_date" in result.stderr
    assert "Traceback" not in result.stderr and "OverflowError" not in result.stderr


def test_a_record_check_names_the_records_own_line(tmp_path):
    rows = [{"record": "comment", "site": "x", "thread_id": "t", "id": ["a"], "parent_id": None, "text": "hi"}]
    rows += [{"record": "comment", "site": "x", "thread_id": "t", "id": str(i), "parent_id": None, "text": "ok"}
             for i in range(5)]
    path = tmp_path / "ours.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = run("parse", str(path))
    assert result.exit_code == 1
    assert f"error: {path}:1: comment 1 of thread t: field id is a list" in result.stderr  # its own line, not the last (6)
