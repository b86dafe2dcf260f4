"""Several Reddit comment dumps through the columnar fast path (merged as the general path
merges inputs: threads across files whole, a comment two files give kept once) give the
general path's records, bytes, notes and summary line — held in memory or spilled."""

from __future__ import annotations

import json

import pytest
import zstandard
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from comments.io import fastpath_merge, fastpath_spill, writers
from comments.io.fastpath_read import NotEligible
from comments.io.pipeline import read_inputs
from comments.io.sources import Source
from comments.model.placeholders import is_gone
from conftest import HOSTILE, assert_same_outputs, reddit_rows, run

bodies = st.sampled_from([
    "Sanctions hit customers.", "  edge space  ", "two\nlines", "a &amp; b", "", "   ", "[deleted]", "[removed]",
    "Grüße „Zitat“ 😉", 'quote "x", back\\slash\ttab\x01', "=SUM(A1)", "windows\r\nline",
])
#: each thread's subreddit (the general path keys threads by site and id: one per thread here)
SUBREDDITS = {"t3_aa": "de", "t3_bb": "Finanzen", "t3_cc": None, None: "de"}


@st.composite
def monthly_dumps(draw):
    """Two or three dumps of interleaved comment rows whose threads continue from file to
    file, with ids repeated within a file and across files, deleted and removed bodies."""
    files = []
    for f in range(draw(st.integers(2, 3))):
        rows = []
        for i in range(draw(st.integers(0, 12))):
            link = draw(st.sampled_from(list(SUBREDDITS)))
            row = {"id": draw(st.sampled_from(["a", "b", "c", f"f{f}r{i}"])), "link_id": link,
                   "parent_id": draw(st.sampled_from(["t1_a", "t1_b", "t1_zz", link or "", None])),
                   "author": draw(st.sampled_from(["anna", "[deleted]", None])), "body": draw(bodies),
                   "created_utc": draw(st.sampled_from([1631786400, 0]))}
            if SUBREDDITS[link] is not None:
                row["subreddit"] = SUBREDDITS[link]
            if draw(st.booleans()):
                row["score"] = draw(st.integers(-3, 3))
            rows.append(row)
        files.append(rows)
    return files


def _write(path, rows, zstd=False):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    path.write_bytes(zstandard.ZstdCompressor().compress(data) if zstd else data)


def _dumps(tmp, files, zstd=False):
    paths = []
    for month, rows in enumerate(files, 1):
        path = tmp / f"RC_2021-{month:02d}.{'zst' if zstd else 'jsonl'}"
        _write(path, rows, zstd)
        paths.append(path)
    return paths


def _same(tmp, paths, suffix):
    """convert_many's output, notes and summary are the general path's."""
    fast, slow = tmp / f"fast{suffix}", tmp / f"slow{suffix}"
    items = [(p, str(p), Source(str(p), b"", p).stem) for p in paths]
    result = read_inputs([str(p) for p in paths])
    try:
        summary, notes = fastpath_merge.convert_many(items, fast)
    except NotEligible as exc:  # an id another dump gives with other words: the general path keeps both, or,
        # where one copy was deleted since (session 21), keeps it once with the words a copy still holds
        assert "other words" in str(exc)
        assert any("other words or author" in n for n in result.notes) or any(
            is_gone(c) for p in paths for c in read_inputs([str(p)]).comments)
        return None
    writers.write(result.threads, str(slow), None)
    assert_same_outputs(fast, slow, suffix)
    assert notes == result.notes
    assert summary.line() == result.summary()
    return summary


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(files=[[{'id': 'a', 'link_id': 't3_aa', 'parent_id': 't1_a', 'author': 'anna', 'body': 'Sanctions hit customers.', 'created_utc': 1_631_786_400, 'subreddit': 'de'}], [{'id': 'a', 'link_id': 't3_aa', 'parent_id': 't1_a', 'author': 'anna', 'body': '[deleted]', 'created_utc': 1_631_786_400, 'subreddit': 'de'}]], suffix='.parquet', zstd=False)
@given(files=monthly_dumps(), suffix=st.sampled_from([".parquet", ".jsonl", ".csv"]), zstd=st.booleans())
def test_several_dumps_give_the_general_paths_output(tmp_path_factory, files, suffix, zstd):
    tmp = tmp_path_factory.mktemp("rcs")
    paths = _dumps(tmp, files, zstd)
    if any(not rows for rows in files):
        with pytest.raises(NotEligible):  # an empty file: the general path says so
            fastpath_merge.convert_many([(p, str(p), p.stem) for p in paths], tmp / f"x{suffix}")
        return
    _same(tmp, paths, suffix)


def _months(n: int, files: int, seed: int) -> list[list[dict]]:
    """``n`` comments in time order over ``files`` monthly dumps: threads that go on for
    months, replies to comments of earlier months, empty bodies, and the last comments of
    a month given again at the start of the next."""
    rows = reddit_rows(n, seed, subreddit="de")
    for row in rows[::7]:
        row["body"] = ""
    per = -(-n // files)
    months = [rows[k * per:(k + 1) * per] for k in range(files)]
    for k in range(1, files):
        months[k] = months[k - 1][-3:] + months[k]
    return months


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".csv"])
def test_several_dumps_spilled_give_the_bytes_held_in_memory_and_the_general_paths(tmp_path, monkeypatch, suffix):
    paths = _dumps(tmp_path, _months(4000, 4, 3))
    items = [(p, str(p), p.stem) for p in paths]
    held = tmp_path / f"held{suffix}"
    summary, notes = fastpath_merge.convert_many(items, held)
    assert summary.duplicates == 9 and len(notes) == 9
    spills = []
    real = fastpath_spill.Held._start_spilling
    monkeypatch.setattr(fastpath_spill.Held, "_start_spilling", lambda self: spills.append(1) or real(self))
    monkeypatch.setattr(fastpath_spill, "HOLD", 64 << 10)
    monkeypatch.setattr(fastpath_merge, "BLOCK", 16 << 10)
    spilled = tmp_path / f"spilled{suffix}"
    assert fastpath_merge.convert_many(items, spilled) == (summary, notes)
    assert spills
    files = [(held, spilled)] + ([] if suffix == ".jsonl" else [(writers.sibling(held), writers.sibling(spilled))])
    for a, b in files:
        assert a.read_bytes() == b.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no spill folder left
    monkeypatch.undo()
    _same(tmp_path, paths, suffix)


def test_the_cli_merges_several_dumps_the_fast_way_with_the_general_paths_lines(tmp_path, monkeypatch):
    paths = _dumps(tmp_path, _months(300, 3, 5))
    calls = []
    real = fastpath_merge.convert_many
    monkeypatch.setattr(fastpath_merge, "convert_many", lambda *a, **k: calls.append(a) or real(*a, **k))
    fast = run("parse", *map(str, paths), "-o", str(tmp_path / "fast.jsonl"))
    assert fast.exit_code == 0 and calls
    calls.clear()
    slow = run("parse", *map(str, paths), "--format", "reddit", "--site", "x", "-o", str(tmp_path / "slow.jsonl"))
    assert slow.exit_code == 0 and not calls  # --site: the general path
    assert (tmp_path / "fast.jsonl").read_bytes() == (tmp_path / "slow.jsonl").read_bytes()
    overruled = [line for line in slow.stderr.splitlines() if "--site x not used" in line]  # one per input
    assert len(overruled) == len(paths)
    assert fast.stderr.splitlines() == [line for line in slow.stderr.splitlines() if line not in overruled]
    assert "duplicates across inputs kept once" in fast.stderr and "repeat earlier ones" in fast.stderr  # one line per input


def test_a_thread_under_two_subreddits_or_a_submission_leaves_it_to_the_general_path(tmp_path):
    row = {"id": "c1", "link_id": "t3_s", "parent_id": "t3_s", "body": "hi", "author": "a", "created_utc": 1}
    one, two = tmp_path / "RC_1.jsonl", tmp_path / "RC_2.jsonl"
    _write(one, [dict(row, subreddit="de")])
    _write(two, [dict(row, id="c2", subreddit="Finanzen")])
    with pytest.raises(NotEligible):
        fastpath_merge.convert_many([(one, str(one), "RC_1"), (two, str(two), "RC_2")], tmp_path / "o.jsonl")
    assert not (tmp_path / "o.jsonl").exists()
    result = run("parse", str(one), str(two), "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 0 and result.stderr.startswith("2 threads; 2 comments")
    _write(two, [{"id": "s", "subreddit": "de", "title": "Artikel", "selftext": "", "created_utc": 1}])
    with pytest.raises(NotEligible):
        fastpath_merge.convert_many([(one, str(one), "RC_1"), (two, str(two), "RC_2")], tmp_path / "o.jsonl")


def test_one_dump_names_its_comments_with_empty_text_as_the_general_path_does(tmp_path):
    dump = tmp_path / "RC_2021-09.jsonl"
    _write(dump, [{"id": "a", "link_id": "t3_x", "parent_id": "t3_x", "body": "", "subreddit": "de"},
                  {"id": "b", "link_id": "t3_x", "parent_id": "t1_a", "body": " \n ", "subreddit": "de"},
                  {"id": "c", "link_id": "t3_x", "parent_id": "t1_a", "body": "text", "subreddit": "de"}])
    fast = run("parse", str(dump), "-o", str(tmp_path / "fast.csv"))
    slow = run("parse", str(dump))  # to stdout: the general path
    assert fast.stderr == slow.stderr == "1 thread; 3 comments; no repairs; 2 comments with empty text\n"


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
@pytest.mark.parametrize("ascii_only", [True, False])
def test_hostile_bodies_over_several_dumps_through_a_small_block(tmp_path, monkeypatch, suffix, ascii_only):
    """Quotes, CR/LF, controls, formulas, a surrogate pair, a 300 KB body (the reused read
    buffer grows past the block), as bodies and authors, over three files whose threads go
    on from file to file, one comment given twice: the general path's output; a lone
    surrogate escaped in a dump is left to the general path, which names its line."""
    rows = [{"id": f"h{i}", "link_id": f"t3_t{i % 3}", "parent_id": f"t1_h{i - 3}" if i >= 3 else f"t3_t{i % 3}",
             "body": text, "author": text[:40] if i % 4 == 0 else "anna", "subreddit": "de",
             "created_utc": 1631786400 + i, "score": text[:20]} for i, text in enumerate(HOSTILE)]
    files = [rows[0:5], rows[5:10] + [rows[2]], rows[10:]]
    paths = []
    for k, part in enumerate(files, 1):
        path = tmp_path / f"RC_2021-0{k}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in part), encoding="utf-8")
        paths.append(path)
    monkeypatch.setattr(fastpath_merge, "BLOCK", 4096)
    summary = _same(tmp_path, paths, suffix)
    assert summary.duplicates == 1
    if ascii_only:
        with paths[1].open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(dict(rows[0], id="s", body="lone \ud800 surrogate")) + "\n")
        with pytest.raises(NotEligible):
            fastpath_merge.convert_many([(p, str(p), p.stem) for p in paths], tmp_path / f"x{suffix}")
        result = run("parse", "-q", *map(str, paths), "-o", str(tmp_path / f"cli{suffix}"))
        assert result.exit_code == 1 and "surrogate" in result.stderr
        assert f"{paths[1]}: 1 unreadable line was left out (line 7: invalid JSON" in result.stderr


def test_a_hard_linked_copy_is_read_once_as_on_the_general_path(tmp_path, monkeypatch):
    """The same file under a second name (a hard link) is one input, as `sources` reads it:
    the general path, never the fast merge counting its comments as duplicates."""
    import os

    (path,) = _dumps(tmp_path, _months(60, 1, 3))
    link = tmp_path / "RC_copy.jsonl"
    os.link(path, link)
    calls = []
    real = fastpath_merge.convert_many
    monkeypatch.setattr(fastpath_merge, "convert_many", lambda *a, **k: calls.append(a) or real(*a, **k))
    done = run("parse", str(path), str(link), "-o", str(tmp_path / "out.parquet"))
    assert done.exit_code == 0 and not calls
    assert "the same file as" in done.stderr and "duplicates across inputs" not in done.stderr
