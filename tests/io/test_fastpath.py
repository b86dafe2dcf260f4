"""The columnar fast path gives exactly the records of the general path."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.io import fastpath
from comments.io.pipeline import read_inputs
from comments.io.writers import write_parquet
from conftest import HOSTILE, read, run

#: A script that runs ``comments parse -q ARGV1 -o ARGV2`` in its own process (what it then prints is added).
CLI_PARSE = """
import sys
from comments.cli import main
sys.argv = ["comments", "parse", "-q", sys.argv[1], "-o", sys.argv[2]]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
"""

ids = st.one_of(st.none(), st.sampled_from(["1", "2", "3", "4", "5", "0", "c1", " 7 "]), st.integers(0, 6))
texts = st.sampled_from([
    "Sanktionen treffen Kunden.", "  Leerzeichen am Rand  ", "Zwei\nZeilen", "Absatz\n\n\n\nAbsatz",
    "<p>Markup &amp; Entität</p>", "=SUM(A1)", "", "Grüße „Zitat“ 😉", "\u00a0geschützt\u00a0",
    'Steuer\x01zeichen "Zitat" Back\\slash\tTab\x1f', "U+2028 \u2028 und DEL \x7f",
    "a<b und b>c\nstd::vector<int> <3", "Erste<br>zweite Zeile",  # plain text kept; markup stripped
    '<p>Siehe <a href="https://x.example/g.pdf">das</a> <a href="#c1">oben</a></p>',  # links into meta
])
when = st.sampled_from([None, "2021-09-16T10:12:00Z", "2021-09-16 10:12:00", "2021-09-16T10:12:00+0200",
                        "16. September 2021 um 10:12", "2021-09", "kaputt", "2021-09-16T10:12:00+00:00",
                        "Sep 16, 2021 10:12 PM", "Thu Sep 16 2021 22:12:00 GMT+0200 (MESZ)", "1631823120123",
                        "Sep 16, 2021 10:12 PM IST"])

extras = st.one_of(st.none(), st.integers(-5, 5), st.sampled_from(["Sentiment", "1", "", "x\ny", "ü"]), st.booleans(),
                   st.lists(st.integers(0, 3), max_size=2), st.floats(allow_nan=False, allow_infinity=False))


@st.composite
def dumps(draw):
    rows = []
    for t in range(draw(st.integers(1, 4))):
        thread = (draw(st.sampled_from(["artikel-1", "artikel-2", None, "https://www.heise.de/news/xiaomi-1.html",
                                        "http://localhost/x"])) if t == 0
                  else draw(st.sampled_from([f"artikel-x{t}", f"https://golem.de/news/{t}.html"])))
        for _ in range(draw(st.integers(1, 12))):
            row = {"id": draw(ids), "parent_id": draw(ids), "thread_id": thread, "text": draw(texts),
                   "author": draw(st.sampled_from([None, "anna", " bernd ", "bernd", ""])), "created_at": draw(when)}
            if isinstance(row["id"], int) != isinstance(row["parent_id"], int):
                row["parent_id"] = None if row["parent_id"] is None else str(row["parent_id"])
                row["id"] = None if row["id"] is None else str(row["id"])
            for extra in draw(st.lists(st.sampled_from(["score", "votes", "label", "links", "text_links"]), unique=True, max_size=2)):
                row[extra] = draw(extras)  # fields no column takes: kept in meta
            rows.append(row)
            if draw(st.booleans()) and draw(st.booleans()):
                again = dict(row)  # a repeated row, perhaps with another label (One Million Posts)
                if draw(st.booleans()):
                    again["label"] = draw(extras)
                rows.append(again)
    if draw(st.booleans()):  # threads interleaved, as in dumps in time order
        rows = draw(st.permutations(rows))
    return rows


def _both(tmp_path, rows, block):
    dump = tmp_path / "site.example__dump.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    fast_out = tmp_path / "fast.parquet"
    fastpath.parse_to_parquet(dump, fast_out, None, "site.example__dump", {}, str(dump), block=block)
    result = read_inputs([str(dump)])
    slow_out = tmp_path / "slow.parquet"
    write_parquet(result.threads, slow_out)
    return [(pq.read_table(p).to_pylist(), pq.read_table(p.with_name(p.stem + ".threads.parquet")).to_pylist())
            for p in (fast_out, slow_out)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=dumps(), block=st.sampled_from([64, 300, 1 << 20]))
def test_fast_path_equals_general_path(tmp_path_factory, rows, block):
    tmp = tmp_path_factory.mktemp("fp")
    try:
        fast, slow = _both(tmp, rows, block)
    except fastpath.NotEligible:
        return  # e.g. ids that are numbers in some rows and text in others
    assert fast == slow


def test_cycles_orphans_duplicates_and_a_deep_chain(tmp_path):
    rows = [{"id": str(i), "parent_id": str(i - 1) if i else None, "thread_id": "t", "text": "x"} for i in range(5000)]
    rows += [{"id": "a", "parent_id": "c", "thread_id": "u", "text": "x"},
             {"id": "b", "parent_id": "a", "thread_id": "u", "text": "y"},
             {"id": "c", "parent_id": "b", "thread_id": "u", "text": "z"},
             {"id": "s", "parent_id": "s", "thread_id": "u", "text": "self"},
             {"id": "a", "parent_id": None, "thread_id": "u", "text": "dup"},
             {"id": "o", "parent_id": "nowhere", "thread_id": "u", "text": "orphan"}]
    fast, slow = _both(tmp_path, rows, 4096)
    assert fast == slow
    flags = {r["id"]: r["flags"] for r in fast[0] if r["thread_id"] == "u"}
    assert flags == {"a": ["cycle"], "b": [], "c": [], "s": ["cycle"], "a~2": ["duplicate_id"], "o": ["orphan"]}
    assert max(r["depth"] for r in fast[0]) == 4999


def test_parents_are_looked_up_among_renamed_and_made_ids(tmp_path):
    """A parent named like a renamed duplicate (``a~2``) or a made id (``c1``), ids shared
    by two threads, and a row whose id is missing: the fast path's one hash pass over ids
    and parents gives the general path's tree."""
    rows = [{"id": "a", "thread_id": "u", "text": "first"}, {"id": "a", "thread_id": "u", "text": "again"},
            {"id": "r", "parent_id": "a~2", "thread_id": "u", "text": "to the renamed"},
            {"id": None, "parent_id": "a", "thread_id": "u", "text": "no id"},
            {"id": "q", "parent_id": "c1", "thread_id": "u", "text": "to the made id"},
            {"id": "a", "parent_id": "r", "thread_id": "v", "text": "other thread"},
            {"id": "r", "parent_id": "a", "thread_id": "v", "text": "other thread"}]
    fast, slow = _both(tmp_path, rows, 1 << 20)
    assert fast == slow
    tree = {(r["thread_id"], r["id"]): (r["parent_id"], r["flags"]) for r in fast[0]}
    assert tree[("u", "r")] == ("a~2", []) and tree[("u", "q")] == ("c1", []) and tree[("u", "c1")] == ("a", [])
    assert tree[("v", "a")] == (None, ["cycle"]) and tree[("v", "r")] == ("a", [])


def test_interleaved_threads_are_sorted_into_the_general_paths_order(tmp_path):
    rows = [{"id": "1", "thread_id": "a", "text": "x"}, {"id": "2", "thread_id": "b", "text": "y"},
            {"id": "3", "parent_id": "1", "thread_id": "a", "text": "z"}, {"id": "1", "thread_id": "b", "text": "w"}]
    fast, slow = _both(tmp_path, rows, 1 << 20)
    assert fast == slow
    assert [(r["thread_id"], r["id"], r["depth"]) for r in fast[0]] == [("a", "1", 0), ("a", "3", 1), ("b", "2", 0),
                                                                        ("b", "1", 0)]


def test_cli_uses_fast_path_for_a_generic_dump(tmp_path, monkeypatch):
    dump = tmp_path / "d.jsonl"
    dump.write_text("".join(json.dumps({"id": str(i), "parent_id": None, "text": "x"}) + "\n" for i in range(10)))
    calls = []
    real = fastpath.parse_to_parquet
    monkeypatch.setattr(fastpath, "parse_to_parquet", lambda *a, **k: calls.append(a) or real(*a, **k))
    result = run("parse", str(dump), "-o", str(tmp_path / "o.parquet"))
    assert result.exit_code == 0 and calls and "1 thread; 10 comments" in result.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=dumps(), block=st.sampled_from([64, 1 << 20]), suffix=st.sampled_from([".jsonl", ".csv"]),
       lines=st.sampled_from([3, 20_000]))
def test_fast_jsonl_and_csv_are_the_general_paths_bytes(tmp_path_factory, rows, block, suffix, lines):
    from comments.io import fastwrite

    fastwrite.SLICE, slice_before = lines, fastwrite.SLICE  # small slices: threads cut between them
    try:
        _same_bytes(tmp_path_factory, rows, block, suffix)
    finally:
        fastwrite.SLICE = slice_before


def _same_bytes(tmp_path_factory, rows, block, suffix):
    from comments.io import writers

    tmp = tmp_path_factory.mktemp("fpt")
    dump = tmp / "site.example__dump.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    fast, slow = tmp / f"fast{suffix}", tmp / f"slow{suffix}"
    try:
        fastpath.parse_to_parquet(dump, fast, None, "site.example__dump", {}, str(dump), block=block)
    except fastpath.NotEligible:
        return
    writers.write(read_inputs([str(dump)]).threads, str(slow), None)
    assert fast.read_bytes() == slow.read_bytes()
    if suffix == ".csv":
        assert writers.sibling(fast).read_bytes() == writers.sibling(slow).read_bytes()


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
@pytest.mark.parametrize("author", ["anna", "=cmd", 'say "hi", then\nleave', None])
def test_columns_with_one_value_in_every_row_are_the_general_paths_bytes(tmp_path_factory, suffix, author):
    """A column holding the same value in every row of a slice is written as a constant
    (one value made once): the same bytes as the general path, also where that one value
    needs quotes or escapes, or CSV neutralising (then every row is made in Python)."""
    rows = [{"id": str(i), "parent_id": None, "thread_id": "t", "text": f"Kommentar {i}", "author": author,
             "created_at": "2021-09-16T10:12:00Z", "label": 'x "y"\nz'} for i in range(50)]
    _same_bytes(tmp_path_factory, rows, 1 << 20, suffix)
    rows[7]["label"] = "other"  # meta with two values; the rest still one each
    _same_bytes(tmp_path_factory, rows, 1 << 20, suffix)




@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
@pytest.mark.parametrize("ascii_only", [True, False])
def test_hostile_texts_through_a_small_reused_block_are_the_general_paths_output(tmp_path_factory, suffix,
                                                                                  ascii_only):
    """Quotes, line breaks, control characters, formulas, a surrogate pair (escaped in the
    dump, or raw) and texts far longer than the read block (the reused buffer grows): the
    general path's bytes for JSONL and CSV, its records for Parquet. Repairs are flagged
    as the general path flags them (an orphan, a duplicate). A lone surrogate escaped in
    the dump makes its line unreadable: left out and named, as the general path does."""
    rows = [{"id": str(i), "parent_id": str(i - 1) if i % 4 else None, "thread_id": f"t{i // 6}", "text": text,
             "author": text[:40] if i % 3 == 0 else "anna", "label": text[:20]} for i, text in enumerate(HOSTILE)]
    rows.append({"id": "2", "parent_id": "fehlt", "thread_id": "t0", "text": "dup and orphan"})
    tmp = tmp_path_factory.mktemp("hostile")
    dump = tmp / "site.example__dump.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in rows), encoding="utf-8")
    fast, slow = tmp / f"fast{suffix}", tmp / f"slow{suffix}"
    try:
        fastpath.convert(dump, fast, None, "site.example__dump", {}, str(dump), block=4096)
    except fastpath.NotEligible:
        pytest.fail("a generic dump the fast path should take")
    from comments.io import writers

    writers.write(read_inputs([str(dump)]).threads, str(slow), None)
    if suffix == ".parquet":
        for a, b in ((fast, slow), (writers.sibling(fast), writers.sibling(slow))):
            assert pq.read_table(a).to_pylist() == pq.read_table(b).to_pylist()
        flags = [f for row in pq.read_table(fast).column("flags").to_pylist() for f in row]
        assert {"duplicate_id", "orphan"} <= set(flags)
    else:
        assert fast.read_bytes() == slow.read_bytes()
        assert "orphan" in fast.read_text(encoding="utf-8") and "duplicate_id" in fast.read_text(encoding="utf-8")
    if suffix == ".csv":
        assert writers.sibling(fast).read_bytes() == writers.sibling(slow).read_bytes()
    if ascii_only:
        rows.append({"id": "s", "parent_id": None, "thread_id": "t9", "text": "lone \ud800 surrogate"})
        dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        summary = fastpath.convert(dump, fast, None, "site.example__dump", {}, str(dump), block=4096)
        assert summary.problems() == [f"1 unreadable line was left out (line {len(rows)}: invalid JSON (no low "
                                      "surrogate in string at character 65))"]
        result = run("parse", "-q", str(dump), "-o", str(tmp / f"cli{suffix}"))
        assert result.exit_code == 1 and result.stderr == f"error: {dump}: {summary.problems()[0]}\n"


def test_a_comments_own_headline_opens_its_text_in_both_paths(tmp_path):
    """One Million Posts posts have a Headline and a Body; a post may be all headline."""
    rows = [{"id": "1", "parent_id": None, "headline": "Titel", "text": "Body <b>fett</b>"},
            {"id": "2", "parent_id": "1", "headline": "Nur ein Titel", "text": ""},
            {"id": "3", "parent_id": "1", "headline": None, "text": "ohne Titel"}]
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    expected = ["Titel\n\nBody fett", "Nur ein Titel", "ohne Titel"]
    assert [c.text for c in read(path).comments] == expected
    out = tmp_path / "out.parquet"
    assert run("parse", str(path), "-o", str(out)).exit_code == 0
    assert pq.read_table(out).column("text").to_pylist() == expected
    assert all("headline" not in c.meta for c in read(path).comments)


def test_the_cli_fast_path_never_imports_pandas_and_convert_restores_pyarrows_support(tmp_path):
    """pyarrow would import pandas only to ask whether values are pandas objects (a large
    part of a parse's CPU time); a process that goes on gets pyarrow's pandas support back."""
    import subprocess
    import sys

    dump = tmp_path / "d.jsonl"
    dump.write_text("".join(json.dumps({"id": str(i), "parent_id": str(i - 1) if i % 3 else None,
                                        "text": f"Text {i}"}) + "\n" for i in range(50)), encoding="utf-8")
    script = CLI_PARSE + 'print("pandas" in sys.modules)\n'
    for suffix in (".parquet", ".jsonl", ".csv"):
        done = subprocess.run([sys.executable, "-c", script, str(dump), str(tmp_path / f"o{suffix}")],
                              capture_output=True, text=True, check=True)
        assert done.stdout.strip() == "False", (suffix, done.stderr)
    script = """
import sys
from pathlib import Path
import pyarrow as pa
from comments.io import fastpath
fastpath.convert(Path(sys.argv[1]), Path(sys.argv[2]), None, "d", {}, sys.argv[1])
import pandas as pd
print(pa.array(pd.Series([1.0, float("nan")])).null_count)  # NaN is null only when pyarrow knows pandas
"""
    done = subprocess.run([sys.executable, "-c", script, str(dump), str(tmp_path / "p.parquet")],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "1"


def test_a_write_that_fails_in_the_writing_thread_is_raised_and_the_sink_closed():
    from comments.io.fastpath import _Behind

    class Failing:
        schema = None
        closed = False
        written = 0

        def write(self, comments, threads):
            self.written += 1
            if self.written == 2:
                raise OSError("disk full")

        def close(self):
            self.closed = True

    sink = Failing()
    behind = _Behind(sink)
    behind.write(None, [])
    behind.write(None, [])  # fails in the thread: raised at the next write or at close
    with pytest.raises(OSError, match="disk full"):
        behind.write(None, [])
        behind.close()
    behind.close()
    assert sink.closed and sink.written == 2


def _export(threads: int = 3, per_thread: int = 14, interleaved: bool = False) -> list[str]:
    """A news-site export's lines: threads of replies with German texts and a vote count."""
    texts = ["Die Sperre trifft die Kunden, nicht die Regierungen.", "Quelle?", "Custom ROM drauf und fertig.",
             "Das ist geltendes US-Exportrecht, da kann Xiaomi nicht viel machen.", "Sehe ich auch so."]
    rows = [{"id": f"{t}-{i}", "parent_id": f"{t}-{i // 2}" if i else None, "thread_id": f"artikel-{t}",
             "author": f"leser{i % 5}", "created_at": f"2021-09-{10 + i % 20}T10:12:00Z", "text": texts[i % 5],
             "votes": i % 3} for t in range(threads) for i in range(per_thread)]
    if interleaved:
        rows.sort(key=lambda r: (int(r["id"].split("-")[1]), r["thread_id"]))
    return [json.dumps(r, ensure_ascii=False) for r in rows]


_CUT = '{"id": "9-9", "parent_id": "9-1", "thread_id": "artikel-9", "text": "Die Sanktionen sind halt Gesetz, da'
_BAD_DUMPS = {
    "one bad line": lambda lines: lines[:20] + ["-- export interrupted --"] + lines[20:],
    "the first line cut short": lambda lines: [_CUT] + lines,
    "several, an array and blank lines": lambda lines: lines[:5] + ["[1, 2]", "", "nonsense", "   "] + lines[5:30]
    + ['{"id": 1,, }'] + lines[30:] + ["null"],
    "the last line cut short, no final newline": lambda lines: lines + [_CUT + "\\"],
    "a null line (pyarrow: a row of nulls) beside an empty object": lambda lines: lines[:9] + ["null", "{}"]
    + lines[9:],
}


@pytest.mark.parametrize("case", sorted(_BAD_DUMPS))
@pytest.mark.parametrize("block", [700, 1 << 20])  # bad lines in one of many blocks, or in the only one
@pytest.mark.parametrize("interleaved", [False, True])  # threads streamed, or held and sorted
@pytest.mark.parametrize("crlf", [False, True])
def test_bad_lines_are_left_out_by_the_fast_path_as_by_the_general_path(tmp_path, monkeypatch, case, block,
                                                                         interleaved, crlf):
    """One unreadable line sent a whole dump to the general path (200k comments: 1.4 → 13.4 s
    of CPU). The fast path now leaves out the very lines the general path leaves out: the
    same output bytes, the same error line naming them, summary and exit code."""
    lines = _BAD_DUMPS[case](_export(interleaved=interleaved))
    end = "\r\n" if crlf else "\n"
    text = end.join(lines) + ("" if "no final newline" in case else end)
    dump = tmp_path / "site.example__dump.jsonl"
    dump.write_bytes(text.encode("utf-8"))
    done = []
    real = fastpath.parse_to_parquet
    monkeypatch.setattr(fastpath, "parse_to_parquet",
                        lambda *a, **k: done.append(real(*a, **{**k, "block": block})) or done[-1])
    fast = run("parse", str(dump), "-o", str(tmp_path / "fast.jsonl"))
    assert done, "the fast path took it"
    monkeypatch.setattr(fastpath, "is_generic_jsonl", lambda *a: False)
    slow = run("parse", str(dump), "-o", str(tmp_path / "slow.jsonl"))
    assert slow.exit_code == fast.exit_code == 1
    assert fast.stderr == slow.stderr and f"error: {dump}: " in fast.stderr and "unreadable line" in fast.stderr
    assert (tmp_path / "fast.jsonl").read_bytes() == (tmp_path / "slow.jsonl").read_bytes()


def test_a_bad_line_the_fast_path_cannot_word_as_the_general_path_leaves_the_dump_to_it(tmp_path):
    """A line not UTF-8 (the general path reads it as Windows-1252) is not a bad line to leave out."""
    dump = tmp_path / "site.example__dump.jsonl"
    dump.write_bytes(("\n".join(_export()[:10]) + "\n").encode() + b'{"id": "x", "text": "Gr\xfc\xdfe"}\n')
    with pytest.raises(fastpath.NotEligible):
        fastpath.convert(dump, tmp_path / "o.jsonl", None, "site.example__dump", {}, str(dump), block=700)


@pytest.mark.parametrize("name, given", [(None, None), ("OPENBLAS_NUM_THREADS", "2"), ("OMP_NUM_THREADS", "2")])
def test_cli_parse_loads_numpy_with_one_blas_thread_and_leaves_the_environment(tmp_path, name, given):
    """``comments parse`` loads numpy with one OpenBLAS thread (its pool's start costs CPU,
    parsing multiplies no matrices) and takes the setting back; a user's own setting wins,
    OMP_NUM_THREADS (which OpenBLAS also reads) too."""
    import os
    import subprocess
    import sys

    pytest.importorskip("threadpoolctl")  # the script reads the pool with it
    dump = tmp_path / "d.jsonl"
    dump.write_text("".join(json.dumps({"id": str(i), "parent_id": None, "text": "x"}) + "\n" for i in range(10)))
    script = CLI_PARSE + """import os
from threadpoolctl import threadpool_info
print(os.environ.get("OPENBLAS_NUM_THREADS"), [p["num_threads"] for p in threadpool_info() if p["internal_api"] == "openblas"])
"""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    if name:
        env[name] = given
    done = subprocess.run([sys.executable, "-c", script, str(dump), str(tmp_path / "o.parquet")],
                          capture_output=True, text=True, check=True, env=env)
    setting, threads = done.stdout.split(" ", 1)
    assert setting == str(given if name == "OPENBLAS_NUM_THREADS" else None)
    assert threads.strip() == f"[{given or 1}]", done.stdout


def test_a_parent_id_written_as_a_decimal_names_the_comment_of_its_whole_number_as_on_the_general_path(tmp_path):
    """pandas writes an integer id column with empty cells as "190.0": both paths link such a
    parent to comment 190 of the thread (flag decimal_parent_id); not a comment's own id."""
    rows = [{"id": str(t * 10 + k), "thread_id": f"t{t}", "parent_id": f"{t * 10 + k - 1}.0" if k else None,
             "text": "Eine Antwort darauf, mit etwas mehr Text. Stimmt nicht ganz."} for t in range(40) for k in range(4)]
    rows += [{"id": "9", "thread_id": "u", "parent_id": "9.0", "text": "x"},
             {"id": "8", "thread_id": "u", "parent_id": "77.0", "text": "y"}]
    fast, slow = _both(tmp_path, rows, 1 << 20)
    assert fast == slow
    comments = [r for r in fast[0]]
    linked = [r for r in comments if r["flags"] == ["decimal_parent_id"]]
    assert len(linked) == 120 and all(r["parent_id"] == str(int(r["id"]) - 1) for r in linked)
    assert max(r["depth"] for r in comments) == 3
    assert {(r["id"], r["parent_id"], tuple(r["flags"]), r["missing_parent_id"]) for r in comments
            if r["thread_id"] == "u"} == {("9", None, ("orphan",), "9.0"), ("8", None, ("orphan",), "77.0")}


def _both_routes(tmp_path, monkeypatch, dump, out_name, *options):
    """``comments parse DUMP -o OUT`` on the fast path (asserted taken) and on the general
    path: the two CLI results and output paths."""
    done = []
    real = fastpath.parse_to_parquet
    monkeypatch.setattr(fastpath, "parse_to_parquet", lambda *a, **k: done.append(real(*a, **k)) or done[-1])
    fast_out, slow_out = tmp_path / f"fast-{out_name}", tmp_path / f"slow-{out_name}"
    fast = run("parse", str(dump), "-o", str(fast_out), *options)
    assert done, "the fast path took it"
    monkeypatch.setattr(fastpath, "is_generic_jsonl", lambda *a: False)
    slow = run("parse", str(dump), "-o", str(slow_out), *options)
    monkeypatch.undo()
    return fast, slow, fast_out, slow_out


def _same_outputs(fast, slow, fast_out, slow_out):
    """The same exit code, stdout, stderr and output bytes (Parquet: the same tables; the
    fast path writes a row group per batch)."""
    from comments.io.writers import sibling

    assert (fast.exit_code, fast.stdout, fast.stderr) == (slow.exit_code, slow.stdout, slow.stderr)
    pairs = [(fast_out, slow_out)] + ([] if fast_out.suffix == ".jsonl" else [(sibling(fast_out), sibling(slow_out))])
    for mine, theirs in pairs:
        if mine.suffix == ".parquet":
            assert pq.read_table(mine).equals(pq.read_table(theirs))  # row groups differ: batches
        else:
            assert mine.read_bytes() == theirs.read_bytes()


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_one_unreadable_date_in_50k_lines_stays_on_the_fast_path_with_the_general_paths_output(
        tmp_path, monkeypatch, suffix):
    """One date that cannot be read sent a whole dump to the general path. The fast path
    now flags it ``invalid_date`` (counted in the summary) and keeps the value given in
    ``meta`` under the source's column, as the general path does: the same bytes."""
    lines = _export(threads=50, per_thread=1000)
    row = json.loads(lines[31_337])
    row["created_at"] = "gestern kaputt"
    lines[31_337] = json.dumps(row, ensure_ascii=False)
    dump = tmp_path / "site.example__dump.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fast, slow, fast_out, slow_out = _both_routes(tmp_path, monkeypatch, dump, f"o{suffix}")
    _same_outputs(fast, slow, fast_out, slow_out)
    assert fast.exit_code == 0 and "50 threads; 50,000 comments; repairs: 1 invalid_date" in fast.stderr
    if suffix == ".jsonl":
        flagged = [r for r in map(json.loads, fast_out.read_text(encoding="utf-8").splitlines())
                   if r.get("flags")]
        assert [(r["id"], r["created_at"], r["flags"], r["meta"]) for r in flagged] == [
            (row["id"], None, ["invalid_date"], {"votes": row["votes"], "created_at": "gestern kaputt"})]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_unreadable_dates_interleaved_repeated_and_reddit_are_the_general_paths_output(tmp_path, monkeypatch,
                                                                                       suffix):
    """Unreadable dates in held and sorted threads, on a repeated row (read once, its meta
    merged), beside an orphan (flag order), and in Reddit's ``created_utc`` given as text."""
    lines = _export(threads=3, per_thread=30, interleaved=True)
    rows = [json.loads(line) for line in lines]
    rows[4]["created_at"] = "kaputt"
    rows[7]["created_at"], rows[7]["parent_id"] = "9/1/2011", "weg"
    rows.insert(9, dict(rows[4], votes=99))  # the same record again, another vote count
    dump = tmp_path / "site.example__dump.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    _same_outputs(*_both_routes(tmp_path, monkeypatch, dump, f"g{suffix}"))
    reddit_rows = [{"id": f"c{i}", "link_id": f"t3_t{i % 3}", "parent_id": f"t3_t{i % 3}", "subreddit": "de",
                    "author": "anna", "created_utc": "1631786400" if i != 5 else "vorgestern", "body": "Text",
                    "score": i} for i in range(12)]
    reddit = tmp_path / "RC_2021-09.jsonl"
    reddit.write_text("".join(json.dumps(r) + "\n" for r in reddit_rows), encoding="utf-8")
    fast, slow, fast_out, slow_out = _both_routes(tmp_path, monkeypatch, reddit, f"r{suffix}")
    _same_outputs(fast, slow, fast_out, slow_out)
    assert "repairs: 1 invalid_date" in fast.stderr and "vorgestern" in fast_out.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_a_date_that_no_calendar_has_stays_on_the_fast_path_flagged(tmp_path, monkeypatch, suffix):
    """A timestamp beyond the year 9999 is an unreadable date (flag ``invalid_date``) on both
    paths, with the same records and bytes (it refused the whole file on the general path)."""
    dump = tmp_path / "RC_2021-09.jsonl"
    dump.write_text("".join(json.dumps({"id": f"c{i}", "link_id": "t3_a", "parent_id": "t3_a", "body": "x",
                                        "created_utc": 99999999999999 if i == 1 else 1631786400 + i}) + "\n"
                            for i in range(3)))
    fast, slow, fast_out, slow_out = _both_routes(tmp_path, monkeypatch, dump, f"r{suffix}")
    _same_outputs(fast, slow, fast_out, slow_out)
    assert fast.exit_code == 0 and "repairs: 1 invalid_date" in fast.stderr


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
@pytest.mark.parametrize("named", ["--site=forum.example", "--site=golem.de", "--site=heise.de"])
def test_site_option_on_a_source_naming_its_own_site_stays_on_the_fast_path(tmp_path, monkeypatch, suffix, named):
    """``--site`` on a dump whose rows name their own site (a page address as thread, a site
    column) sent the whole dump to the general path. The fast path keeps the source's site,
    names the user's site where no row names one, and notes the first thread whose own
    site was kept instead — the general path's records, bytes and note."""
    lines = _export(threads=4, per_thread=400)
    rows = [json.loads(line) for line in lines]
    for r in rows[1200:]:  # the later threads are articles of a site the address names
        r["thread_id"] = "https://www.heise.de/news/" + r["thread_id"] + ".html"
    for r in rows[400:800]:
        r["site"] = "golem.de"
    rows.insert(900, dict(rows[899]))  # a repeated row: its note and the site's in the general path's order
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    fast, slow, fast_out, slow_out = _both_routes(tmp_path, monkeypatch, dump, f"s{suffix}", named)
    _same_outputs(fast, slow, fast_out, slow_out)
    kept = {"forum.example": "golem.de", "golem.de": "heise.de", "heise.de": "golem.de"}[named.partition("=")[2]]
    assert f"not used: the source names its own site ({kept})" in fast.stderr


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_site_option_on_a_reddit_dump_is_noted_as_on_the_general_path(tmp_path, monkeypatch, suffix):
    """A subreddit is the thread's site whatever ``--site`` says: the fast path said nothing
    of the name given; now it notes it was not used, as the general path does."""
    rows = [{"id": f"c{i}", "link_id": f"t3_t{i % 3}", "parent_id": f"t3_t{i % 3}", "author": "anna",
             "subreddit": "de" if i % 3 else "", "created_utc": 1631786400, "body": "Text"} for i in range(12)]
    dump = tmp_path / "RC_2021-09.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    fast, slow, fast_out, slow_out = _both_routes(tmp_path, monkeypatch, dump, f"o{suffix}", "--site", "reddit.com")
    _same_outputs(fast, slow, fast_out, slow_out)
    assert "--site reddit.com not used: the source names its own site (reddit.com/r/de)" in fast.stderr


#: A source's own fields with the names of ours (links of texts: ``links``, ``text_links``, ``text_links~2``…).
OWN_FIELDS = {"links": "eigene Spalte", "text_links": "auch eigene", "text_links~2": "noch eine"}


def test_the_fast_path_keeps_a_source_field_named_as_ours_and_says_so(tmp_path, monkeypatch):
    """JSONL → JSONL/CSV on the fast path: the general path's bytes, stderr and note."""
    rows = [{"id": str(i), "parent_id": None, "thread_id": "t", "author": "A", **OWN_FIELDS,
             "text": f'<p>Nr. {i}: <a href="https://b.example/{i}">b</a> &amp; mehr</p>'} for i in range(3)]
    dump = tmp_path / "site.example__dump.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for suffix in (".jsonl", ".csv"):
        fast, slow, fast_out, slow_out = _both_routes(tmp_path, monkeypatch, dump, f"o{suffix}")
        _same_outputs(fast, slow, fast_out, slow_out)
        assert "the link targets of comment texts are in meta 'text_links~3'" in fast.stderr
    metas = [json.loads(line)["meta"] for line in (tmp_path / "fast-o.jsonl").read_text().splitlines()[1:]]
    assert metas == [{**OWN_FIELDS, "text_links~3": [f"https://b.example/{i}"]} for i in range(3)]


def test_the_fast_path_reads_a_text_holding_href_once(tmp_path, monkeypatch):
    """A text holding "href" was parsed twice (for its links, then for its text): now once,
    with the general path's bytes (a mention of "href" that is no link included)."""
    from comments.io import fastpath_repair

    texts = [f'<p>Siehe <a href="https://b.example/{i}">b</a>,\nZeile &amp; mehr</p>' for i in range(4)]
    texts += ["Wer href sagt, meint <b>kein</b> Link", "ohne Markup", "Zwei\nZeilen & <i>kursiv</i>"]
    rows = [{"id": str(i), "parent_id": None, "thread_id": "t", "author": "A", "text": t} for i, t in enumerate(texts)]
    dump = tmp_path / "site.example__dump.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    read_texts: list[str] = []
    for name in ("cell_text", "cell_text_and_links"):
        real = getattr(fastpath_repair, name)
        monkeypatch.setattr(fastpath_repair, name, lambda value, _real=real: read_texts.append(value) or _real(value))
    out = tmp_path / "fast.jsonl"
    assert fastpath.parse_to_parquet(dump, out, None, "site.example__dump", {}, str(dump)) is not None
    assert sorted(read_texts) == sorted(texts[:5] + texts[6:])  # each text with markup once; plain text no parse
    monkeypatch.undo()
    fast, slow, fast_out, slow_out = _both_routes(tmp_path, monkeypatch, dump, "o.jsonl")
    _same_outputs(fast, slow, fast_out, slow_out)
