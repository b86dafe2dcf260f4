"""One bad line of a JSON-lines input costs that line, never the file: a number too long
for Python's int conversion, a first line nested 100,000 deep, a line over the 64 MiB
per-record limit (also compressed, read in bounded memory)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from test_inputs_limits import _peak

GOOD = [{"id": "1", "thread_id": "t", "text": "erster"}, {"id": "3", "thread_id": "t", "text": "dritter"}]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "comments", *args], capture_output=True, text=True, timeout=300)


def _kept(path) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [r["text"] for r in rows if r["record"] == "comment"]


def _write(path, bad: str, first: bool = False) -> None:
    lines = [json.dumps(GOOD[0]), bad, json.dumps(GOOD[1])]
    if first:
        lines = [bad, json.dumps(GOOD[0]), json.dumps(GOOD[1])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("first", [False, True])
@pytest.mark.parametrize("bad", [
    '{"id": "2", "thread_id": "t", "text": "x", "score": ' + "7" * 5001 + "}",
    '{"id": "2", "thread_id": "t", "text": "x", "score": 1' + "0" * 30 + ', "big": ' + "9" * 4301 + "}",
    '{"id": "2", "thread_id": "t", "text": "x", "x": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}",
])
def test_a_bad_jsonl_line_is_left_out_and_counted(tmp_path, bad, first):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(src, bad, first)
    done = _cli("parse", str(src), "-o", str(out))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    number = 1 if first else 2
    deep = bad.count("{") > 1000  # a line nested deeper than 500 levels is said so (as the README words it)
    said = "nested deeper than 500 levels" if deep else "invalid JSON ("
    assert f"error: {src}: 1 unreadable line was left out (line {number}: {said}" in done.stderr
    assert "more than 4,300 digits" in done.stderr or deep
    assert _kept(out) == ["erster", "dritter"]


def test_a_json_document_with_a_too_long_number_is_one_error_line(tmp_path):
    src = tmp_path / "doc.json"
    src.write_text('[{"id": "1", "text": "a", "n": ' + "1" * 5001 + "}]", encoding="utf-8")
    done = _cli("parse", str(src), "-o", str(tmp_path / "out.jsonl"))
    assert "Traceback" not in done.stderr and "KeyError" not in done.stderr
    assert f"error: {src}: line 1, column 32: invalid JSON: a number of more than 4,300 digits" in done.stderr


def test_std_loads_places_the_too_long_number():
    from comments.io.readers.base import std_loads

    with pytest.raises(json.JSONDecodeError) as caught:
        std_loads(b'{"a": 1, "b": ' + b"5" * 4400 + b"}")
    assert caught.value.pos == 14 and "4,300 digits" in caught.value.msg


def _bomb(path, size: int) -> None:
    """A small .zst file: line 1 good, line 2 ``size`` bytes of one character, line 3 good."""
    zstandard = pytest.importorskip("zstandard")
    with path.open("wb") as raw, zstandard.ZstdCompressor(level=3).stream_writer(raw) as writer:
        writer.write((json.dumps(GOOD[0]) + '\n{"id": "2", "thread_id": "t", "text": "').encode())
        block = b"a" * (1 << 24)
        for _ in range(size >> 24):
            writer.write(block)
        writer.write(('"}\n' + json.dumps(GOOD[1]) + "\n").encode())


@pytest.mark.slow
def test_a_zstd_bomb_line_is_left_out_in_bounded_memory(tmp_path):
    """768 MiB in one line from a file of a few KB: the line is skipped a chunk at a time
    (main held it whole: 1.3 GB for a 200 MB line) and the lines around it are kept."""
    src, out = tmp_path / "bomb.jsonl.zst", tmp_path / "out.jsonl"
    _bomb(src, 768 << 20)
    assert src.stat().st_size < 1 << 20
    done, peak = _peak(["parse", str(src), "-o", str(out)])  # VmHWM: ru_maxrss would count the test process
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "1 unreadable line was left out (line 2: longer than 64 MiB, the per-record limit" in done.stderr
    assert _kept(out) == ["erster", "dritter"]
    assert peak < 400, f"peak RSS {peak} MB"


def _rows(path) -> list[dict]:
    return [r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r["record"] == "comment"]


@pytest.mark.parametrize("kind", ["csv", "jsonl", "jsonl-3000"])
def test_one_nul_byte_costs_nothing_but_the_nul(tmp_path, kind):
    """A text file with one NUL byte is text (main refused all 2,000 rows as "binary data"): the
    NUL is removed, its comment flagged nul_removed and counted (the columnar fast path, which
    takes a bigger dump, leaves it to the general path)."""
    src, out = tmp_path / f"in.{kind[:5].rstrip('-')}", tmp_path / "out.jsonl"
    texts = [f"Kommentar {i} mit etwas Text" for i in range(3000 if kind == "jsonl-3000" else 2000)]
    if kind == "csv":
        body = "id,thread_id,text\n" + "".join(f"{i},t,{t}\n" for i, t in enumerate(texts))
        src.write_bytes(body.replace("Kommentar 700 ", "Kommentar 700\x00 ").encode())
    else:
        lines = [json.dumps({"id": str(i), "thread_id": "t", "text": t}) for i, t in enumerate(texts)]
        src.write_bytes(("\n".join(lines) + "\n").replace("Kommentar 700 ", "Kommentar 700\x00 ").encode())
    done = _cli("parse", str(src), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert f"note: {src}: 1 comment held NUL bytes: removed, flagged nul_removed" in done.stderr
    assert "repairs: 1 nul_removed" in done.stderr
    rows = _rows(out)
    assert [r["text"] for r in rows] == texts
    assert [r["id"] for r in rows if r["flags"]] == ["700"] and rows[700]["flags"] == ["nul_removed"]


def test_an_escaped_nul_is_a_character_kept_on_both_paths(tmp_path):
    """``\\u0000`` in a JSON string is a character the source wrote, kept as main kept it (the
    outputs escape it), by the fast path and the general path alike."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "thread_id": "t", "text": "a\x00b" if i == 5 else "x"}) + "\n"
                           for i in range(3000)), encoding="utf-8")
    fast, slow = tmp_path / "fast.jsonl", tmp_path / "slow.jsonl"
    assert _cli("parse", str(src), "-o", str(fast)).returncode == 0
    done = _cli("parse", str(src))
    slow.write_text(done.stdout, encoding="utf-8")
    assert fast.read_bytes() == slow.read_bytes() and _rows(fast)[5]["text"] == "a\x00b"


def test_binary_files_are_still_refused(tmp_path):
    import random

    rng = random.Random(5)
    png = tmp_path / "image.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(20000))
    zeros = tmp_path / "sparse.jsonl"
    zeros.write_bytes(b'{"id": "1", "text": "a"}\n' + b"\x00" * 4096)
    done = _cli("parse", str(png), str(zeros))
    assert done.returncode == 1
    for path in (png, zeros):
        assert f"error: {path}: binary data, not text in a supported encoding (unknown format)" in done.stderr


def test_a_noncharacter_in_the_source_is_kept_not_taken_for_a_nul(tmp_path):
    """(found by the round-trip property test) U+FDD0 written in a comment, with no NUL byte
    in the file, is the reader's text: kept, no ``nul_removed`` flag, no note."""
    src, out = tmp_path / "t.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "a\ufdd0b"}, ensure_ascii=False) + "\n"
                   + json.dumps({"id": "2", "text": "\ufdd0\ufdd1"}) + "\n", encoding="utf-8")
    done = _cli("parse", str(src), "-o", str(out))
    assert done.returncode == 0 and "NUL" not in done.stderr, done.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    comments = [r for r in rows if r["record"] == "comment"]
    assert [c["text"] for c in comments] == ["a\ufdd0b", "\ufdd0\ufdd1"] and not any(c["flags"] for c in comments)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".json"])
def test_the_nul_marker_written_in_a_source_is_kept(tmp_path, suffix):
    """(found by the round-trip property test: an author U+FDD0 U+FDD1 U+FDD2 came back as "" flagged
    nul_removed) the marker's three characters are removed only from an input that held a raw NUL."""
    mark = "\ufdd0\ufdd1\ufdd2"
    src, out = tmp_path / f"t{suffix}", tmp_path / "out.jsonl"
    rows = [{"id": "1", "thread_id": "t", "author": mark, "text": f"a{mark}b"}, {"id": "2", "thread_id": "t", "text": "x"}]
    if suffix == ".csv":
        src.write_text("id,thread_id,author,text\n" + "".join(f"{r['id']},t,{r.get('author', '')},{r['text']}\n"
                                                            for r in rows), encoding="utf-8")
    elif suffix == ".jsonl":
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    else:
        src.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    done = _cli("parse", str(src), "-o", str(out))
    assert done.returncode == 0 and "NUL" not in done.stderr, done.stderr
    comments = _rows(out)
    assert [(c["author"], c["text"]) for c in comments] == [(mark, f"a{mark}b"), (None, "x")]
    assert not any(c["flags"] for c in comments)
