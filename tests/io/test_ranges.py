"""Our JSONL read in byte ranges: every thread whole, in exactly one range, as stream_inputs reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from comments.io import writers
from comments.io.ranges import Unusual, offsets, range_threads
from comments.io.readers import Context
from comments.io.streaming import StreamResult, stream_inputs
from comments.model.records import ParsedThread
from conftest import RAW, corpus, read


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory) -> Path:
    """data/raw and a real Reddit thread as our JSONL, with a byte order mark, blank lines
    and a thread whose record comes after its comments."""
    folder = tmp_path_factory.mktemp("ranges")
    plain = folder / "plain.jsonl"
    # data/raw first whatever the two folders' paths (inputs are read in natural path order)
    writers.write(read(RAW).threads + read(corpus("reddit")).threads, str(plain), None)
    lines = plain.read_text(encoding="utf-8").splitlines(keepends=True)
    thread = ['"record":"thread"' in line.replace(" ", "") for line in lines]
    record = next(i for i, line in enumerate(lines) if thread[i] and not any(thread[i + 1:i + 5]))
    moved = lines[:record] + lines[record + 1:record + 4] + [lines[record], "\n"] + lines[record + 4:]
    path = folder / "ours.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "".join(moved[:9] + ["   \n"] + moved[9:]).encode())
    return path


def _signature(threads: list[ParsedThread]) -> list[tuple]:
    return [(pt.thread.site, pt.thread.thread_id, pt.thread.title, pt.thread.comment_count,
             [(c.id, c.parent_id, c.text, c.flags) for c in pt.comments]) for pt in threads]


def _ordinary(path: Path) -> tuple[list[ParsedThread], StreamResult]:
    result = StreamResult()
    threads = [e for e in stream_inputs([str(path)], result, lean=True) if isinstance(e, ParsedThread)]
    return threads, result


def _ranged(path: Path, step: int) -> tuple[list[ParsedThread], StreamResult, list[int]]:
    result, threads, per_range = StreamResult(), [], []
    for start, stop in offsets(path.stat().st_size, step):
        part = StreamResult()
        got = list(range_threads(path, str(path), Context(source=str(path), stem=path.stem, path=path),
                                 start, stop, part, []))
        result.merge(part)
        threads += got
        per_range.append(len(got))
    return threads, result, per_range


@pytest.mark.parametrize("step", [1, 2, 3, 5, 97, 1_000, 4_096, 50_000, 10**9])
def test_ranges_give_every_thread_once_whole(jsonl, step, tmp_path):
    """Ranges of any size, down to one byte (on the file's first 60 KB: a byte order mark,
    a thread of nothing but its record, a record after its comments, blank lines)."""
    if step < 97:
        data = jsonl.read_bytes()[:60_000]
        jsonl = tmp_path / "start.jsonl"
        jsonl.write_bytes(data[:data.rindex(b"\n") + 1])
    want, want_result = _ordinary(jsonl)
    got, got_result, per_range = _ranged(jsonl, step)
    assert len(want) >= 5 and any(not pt.comments for pt in want) and _signature(got) == _signature(want)
    assert got_result.summary() == want_result.summary() and got_result.errors == want_result.errors
    if step <= 4_096:
        assert sum(1 for n in per_range if n) >= len(want) // 2  # the threads were spread over ranges


def test_offsets_cover_the_file():
    assert offsets(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert offsets(0, 4) == [(0, 0)]


@pytest.mark.parametrize("damage", [b"{not json\n", b'{"text": "caf\xe9"}\n', b'{"text": "a"}\r\n', b"[1, 2]\n",
                                    b'{"id": "x", "text": 7}\n', b'{"id": "y", "text": "a", "topics": [1]}\n',
                                    b'{"id": "z", "text": "a", "tone_scores": {"critical": "high"}}\n',
                                    b'{"record": "thread", "thread_id": "t", "title": 5}\n'])
def test_anything_unusual_is_left_to_the_ordinary_reading(jsonl, tmp_path, damage):
    """A line that is not JSON, not UTF-8, ends in CR, is no object or no valid comment:
    the range holding it raises Unusual (the ordinary reading reports it with its line)."""
    data = jsonl.read_bytes()
    middle = data.index(b"\n", len(data) // 2) + 1
    path = tmp_path / "damaged.jsonl"
    path.write_bytes(data[:middle] + damage + data[middle:])
    with pytest.raises(Unusual):
        _ranged(path, 10**9)
    assert list(range_threads(path, str(path), Context(path=path), 0, 4_096, StreamResult(), []))  # far before it


@pytest.mark.parametrize("deep", [b"[" * 600 + b"]" * 600, b'{"n": 12345678901234567890123, "x": '
                                  + b'{"a": ' * 600 + b"1" + b"}" * 601])
def test_a_comment_nested_deeper_than_the_writers_encode_is_left_to_the_ordinary_reading(jsonl, tmp_path, deep):
    """A comment of the thread around it whose meta nests past 500 levels: the ordinary reading
    (``report -j 1``) leaves its line out with an error; a range read it, so ``report -j 2``
    counted a comment ``-j 1`` did not (report20). Now the range is Unusual, read the ordinary way
    (also when a long integer sends the line to the stdlib parser)."""
    lines = jsonl.read_bytes().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if b'"record": "comment"' in line and line.rstrip().endswith(b'"meta": {}}'))
    twin = lines[at].replace(b'"id": "', b'"id": "deep', 1).replace(b'"meta": {}}', b'"meta": {"x": ' + deep + b"}}")
    path = tmp_path / "deep.jsonl"
    path.write_bytes(b"".join(lines[:at + 1] + [twin] + lines[at + 1:]))
    with pytest.raises(Unusual, match="nested deeper than 500 levels"):
        _ranged(path, 10**9)
    threads, result = _ordinary(path)
    assert result.lost_lines == 1 and "deep" not in {c.id[:4] for pt in threads for c in pt.comments}


def test_long_integers_and_blank_cr_lines_read_as_the_ordinary_reading(jsonl, tmp_path):
    """A block of lines is parsed from its bytes at once unless it holds a carriage return
    or a run of 19 digits: then each line is looked at (an integer beyond 64 bits exact,
    a blank line ending in CR skipped, as the ordinary reading does)."""
    data = jsonl.read_bytes()
    lines = data.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if i > len(lines) // 2 and b'"gilded": 0,' in line)
    big = 123456789012345678901234567890
    lines[at] = lines[at].replace(b'"gilded": 0,', b'"gilded": %d,' % big)
    path = tmp_path / "long.jsonl"
    path.write_bytes(b"".join(lines[:at] + [b"  \r\n"] + lines[at:]))
    want, _ = _ordinary(path)
    got, _, _ = _ranged(path, 10**9)
    assert _signature(got) == _signature(want)
    gilded = [c.meta["gilded"] for pt in got for c in pt.comments if c.meta.get("gilded") == big]
    assert len(gilded) == 1 and type(gilded[0]) is int


def test_each_record_of_a_range_is_type_checked_once(jsonl, monkeypatch):
    """A range's comments are checked where they are read, at their line (a bad one raises
    Unusual, above), and not once more per thread: one check per comment."""
    from comments.io import records

    calls = []
    real = records._KNOWN.passes
    monkeypatch.setattr(records._KNOWN, "passes", lambda c: calls.append(c) or real(c))
    got, _, _ = _ranged(jsonl, 10**9)
    assert len(calls) == sum(len(pt.comments) for pt in got) > 100
