"""Reddit NDJSON (Pushshift / Arctic Shift ``RC_`` rows, threads interleaved), and real
comments as a generic dump, through the columnar fast path give exactly the general
path's records and bytes."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.io import fastpath, fastpath_read, writers
from comments.io.pipeline import read_inputs
from comments.io.readers import reddit
from comments.io.readers.base import load_json
from conftest import assert_same_outputs, corpus, run

bodies = st.sampled_from([
    "Sanctions hit customers.", "  edge space  ", "two\nlines", "para\n\n\n\npara", "a &amp; b &gt; c", "",
    "[deleted]", "[removed]", "Grüße „Zitat“ 😉", 'quote "x" back\\slash\ttab\x01', "\u00a0nbsp\u00a0", "&#x27;ok&#x27;",
    "windows\r\nline",
])
names = st.sampled_from(["abc", "def", "g1", "h2", ""])


@st.composite
def pushshift(draw):
    """Comment rows of a few threads in time order (interleaved), with the odd cases of
    real dumps: deleted authors and bodies, prefix-less and missing ids, extra fields."""
    rows = []
    links = draw(st.lists(st.sampled_from(["t3_aa", "t3_bb", "t3_cc", "dd", None]), min_size=1, max_size=3, unique=True))
    for i in range(draw(st.integers(1, 25))):
        link = draw(st.sampled_from(links))
        row = {"id": draw(names) or f"x{i}", "link_id": link,
               "parent_id": draw(st.one_of(st.sampled_from([f"t1_{draw(names)}", "t1_", "t3_aa", ""]),
                                           st.just(link), st.none())),
               "author": draw(st.sampled_from(["anna", "[deleted]", "bernd", None])), "body": draw(bodies),
               "created_utc": draw(st.sampled_from([1631786400, 1631786401, 0, 4102444800]))}
        if draw(st.booleans()):
            row["subreddit"] = draw(st.sampled_from(["de", "r/de", "Finanzen", "no such name!", ""]))
        if draw(st.booleans()):
            row["score"] = draw(st.one_of(st.integers(-3, 3), st.none(), st.lists(st.integers(), max_size=2)))
        if not draw(st.integers(0, 5)):
            row["name"], row["id"] = f"t1_{row['id']}", draw(st.sampled_from(["", None]))
        rows.append(row)
    return rows


def _write(path, rows, zstd=False):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    path.write_bytes(zstandard.ZstdCompressor().compress(data) if zstd else data)


def _same(tmp, dump, suffix, block=256):
    """Fast and general path outputs of ``dump`` are the same: records (Parquet) or bytes.
    Returns the fast path's summary."""
    from comments.io.sources import Source

    fast, slow = tmp / f"fast{suffix}", tmp / f"slow{suffix}"
    summary = fastpath.convert(dump, fast, None, Source(str(dump), b"", dump).stem, {}, str(dump), block=block)
    writers.write(read_inputs([str(dump)]).threads, str(slow), None)
    assert_same_outputs(fast, slow, suffix)
    return summary


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=pushshift(), suffix=st.sampled_from([".parquet", ".jsonl", ".csv"]), zstd=st.booleans())
def test_reddit_rows_give_the_general_paths_output(tmp_path_factory, rows, suffix, zstd):
    tmp = tmp_path_factory.mktemp("rc")
    dump = tmp / ("RC_2021-09.zst" if zstd else "RC_2021-09.jsonl")
    _write(dump, rows, zstd)
    assert fastpath.takes(dump, None, {})
    _same(tmp, dump, suffix)


def _real_rows() -> list[dict]:
    """The t1 comments of the shared Reddit API responses as Pushshift rows (no ``replies``,
    ``link_id`` given), in time order: three real threads interleaved."""
    rows = []
    for name in ("reddit_fo7p5b_announcements_polls.json", "reddit_6otocc_comment_chain_depth10.json",
                 "reddit_3hahrw_api_morechildren_flat.json"):
        doc = load_json(corpus(f"reddit/{name}").read_text(encoding="utf-8"))
        rows += [{k: v for k, v in data.items() if k != "replies"}
                 for kind, data in reddit._walk(doc) if kind == "t1" and data.get("link_id")]
    return sorted(rows, key=lambda r: r.get("created_utc") or 0)


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".csv"])
def test_real_reddit_comments_as_a_dump(tmp_path, suffix):
    rows = _real_rows()
    assert len({r["link_id"] for r in rows}) == 3 and len(rows) > 400
    dump = tmp_path / "RC_2020-03.jsonl"
    _write(dump, rows)
    _same(tmp_path, dump, suffix)


def test_cli_takes_reddit_dumps_the_fast_way_and_leaves_submissions(tmp_path, monkeypatch):
    comments = [{"id": "c1", "link_id": "t3_s", "parent_id": "t3_s", "body": "hi", "subreddit": "de",
                 "author": "a", "created_utc": 1631786400}]
    dump = tmp_path / "RC_2021-09.jsonl"
    _write(dump, comments)
    calls = []
    real = fastpath.convert
    monkeypatch.setattr(fastpath, "parse_to_parquet", lambda *a, **k: calls.append(a) or real(*a, **k))
    out = tmp_path / "o.parquet"
    assert run("parse", str(dump), "-o", str(out)).exit_code == 0 and calls
    assert pq.read_table(out).column("site").to_pylist() == ["reddit.com/r/de"]
    submissions = tmp_path / "RS_2021-09.jsonl"
    _write(submissions, [{"id": "s", "subreddit": "de", "title": "Artikel", "selftext": "", "created_utc": 1}]
           + comments)
    with pytest.raises(fastpath.NotEligible):
        fastpath.convert(submissions, tmp_path / "s.parquet", None, "RS_2021-09", {}, str(submissions))
    result = run("parse", str(submissions), "-o", str(tmp_path / "s.parquet"))
    assert result.exit_code == 0
    assert pq.read_table(tmp_path / "s.threads.parquet").column("title").to_pylist() == ["Artikel"]


def test_a_format_given_that_differs_from_the_detected_one_leaves_the_fast_path(tmp_path):
    dump = tmp_path / "RC_2021-09.jsonl"
    _write(dump, [{"id": "c1", "link_id": "t3_s", "parent_id": "t3_s", "body": "hi", "created_utc": 1}])
    assert fastpath.takes(dump, "reddit", {}) and fastpath.takes(dump, None, {})
    assert not fastpath.takes(dump, "jsonl", {})
    result = run("parse", str(dump), "--format", "jsonl", "-o", str(tmp_path / "o.parquet"))
    assert result.exit_code == 0
    assert pq.read_table(tmp_path / "o.threads.parquet").column("format").to_pylist() == ["jsonl"]


def _one_million_posts_dump(tmp_path):
    """The One Million Posts rows (real German comments: line breaks, quotes, headlines,
    one row per label) as a generic JSONL dump."""
    import csv
    import io
    import lzma

    path = corpus("labeled_de/one_million_posts/posts_labeled_dev.csv.xz")
    rows = list(csv.DictReader(io.StringIO(lzma.decompress(path.read_bytes()).decode("utf-8"), newline="")))
    dump = tmp_path / "derstandard.at__posts.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return dump, rows


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_real_comments_as_a_generic_dump(tmp_path, suffix):
    dump, rows = _one_million_posts_dump(tmp_path)
    assert any("\n" in r["Body"] and '"' in r["Body"] for r in rows)  # values that need escapes and quotes
    summary = _same(tmp_path, dump, suffix, block=1 << 20)
    assert summary.repeated > 0 and summary.comments == len({r["ID_Post"] for r in rows})


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), max_size=30),
       size=st.integers(1, 90), last_newline=st.booleans(), reuse=st.booleans(), gzipped=st.booleans())
def test_blocks_end_at_line_ends_and_hold_every_byte(tmp_path, lines, size, last_newline, reuse, gzipped):
    """Also read into one reused buffer (each block copied before the next is asked for,
    as a caller that is done with it), and through a decompressor."""
    import gzip

    from comments.io.fastpath_read import blocks

    data = b"\n".join(lines) + (b"\n" if last_newline and lines else b"")
    path = tmp_path / "dump.jsonl"
    whole = b"{}\n" + data  # a first line: no byte order mark by chance
    path.write_bytes(gzip.compress(whole) if gzipped else whole)
    got = [bytes(block) for block in blocks(path, size, reuse=reuse)]
    assert all(block.endswith(b"\n") for block in got)
    cut = whole.rfind(b"\n") + 1
    rest = whole[cut:]  # an unterminated last line gets its line end; one of white space only is left out
    assert b"".join(got) == whole[:cut] + (rest + b"\n" if rest.strip() else b"")


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.sampled_from(["[deleted]", "[removed]", "[deleted] ", "[Deleted]", "",
                                                             "[deletéd", "ü" * 4 + "x", "x" * 9]), st.text(max_size=10))),
       skip=st.integers(0, 3), value=st.sampled_from(["[deleted]", "[removed]", "", "üüüüx"]))
def test_equal_text_is_pythons_equality_on_each_row(values, skip, value):
    col = pa.array(["pad"] * skip + values, pa.string()).slice(skip)  # a slice: offsets not from zero
    assert fastpath_read.equal_text(col, value).tolist() == [v == value for v in values]


@settings(max_examples=100, deadline=None)
@given(seconds=st.lists(st.one_of(st.sampled_from([0, 1631786400, 253402300799]), st.integers(0, 253402300799)),
                        max_size=40), repeat=st.integers(1, 4))
def test_epoch_dates_are_the_general_paths_dates(seconds, repeat):
    """Whole Unix seconds, each distinct second formatted once where they repeat (or row by
    row where they do not): the dates ``dates.normalize`` gives, and unread exactly where it
    gives none (12 digits: seconds or milliseconds, not guessed)."""
    from comments.model import dates

    rows = [s for s in seconds for _ in range(repeat)]
    got, unread = fastpath_read._epoch_dates(pa.array(rows, pa.int64()))
    want = [dates.normalize(s) for s in rows]
    assert got.type == pa.string() and got.to_pylist() == want
    assert (unread is None and None not in want) or unread.tolist() == [w is None for w in want]


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=300), chunk=st.integers(1, 64), view=st.booleans())
def test_count_byte_counts_like_bytes_count(data, chunk, view):
    from comments.io.fastpath_bytes import count_byte

    held = bytearray(data + b"tail\n")
    given_data = memoryview(held)[:len(data)] if view else data  # a view of the start of a larger buffer
    assert count_byte(given_data, ord("\n"), chunk) == data.count(b"\n")


#: Bytes the block scan looks for, in runs: digits (runs of 19 or more), line ends, ``{``/``[``, NUL, ``\u0000``.
scanned_bytes = st.lists(st.one_of(
    st.sampled_from([b"0", b"7", b"9", b"\n", b"{", b"[", b"\x00", b"\\", b"u", b"a", b" "]),
    st.sampled_from([b"1" * 18, b"2" * 19, b"3" * 25, b"\\u0000", b"\\\\u0000", b"u0000"]),
    st.binary(max_size=12)), max_size=60).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(data=scanned_bytes, chunk=st.integers(1, 80), view=st.booleans())
def test_scan_block_finds_what_the_checks_it_replaces_find(data, chunk, view):
    """One chunked pass: the line ends and ``{``/``[`` of the numpy passes it replaces, NUL
    bytes counted, ``\\u0000`` found as a substring search finds it, and no run of 19
    digits missed (a possible one is checked again exactly by ``_long_number``)."""
    import re

    import numpy as np

    from comments.io.fastpath_bytes import scan_block

    held = bytearray(data + b"99999999999999999999 tail\n")
    given_data = memoryview(held)[:len(data)] if view else data  # a view of the start of a larger buffer
    scan = scan_block(given_data, chunk)
    a = np.frombuffer(data, np.uint8)
    assert scan.ends.tolist() == np.flatnonzero(a == ord("\n")).tolist()
    assert scan.opens.tolist() == np.flatnonzero((a == ord("{")) | (a == ord("["))).tolist()
    assert scan.nul == data.count(b"\x00") and scan.escaped_nul == (b"\\u0000" in data)
    long = re.search(rb"[0-9]{19}", data) is not None
    assert scan.long_run or not long
    assert (scan.long_run and fastpath_read._long_number(given_data)) == long
    assert [bytes(x) for x in fastpath_read._lines(given_data, scan.ends)] == [
        bytes(x) for x in fastpath_read._lines(data)]


def test_scan_block_does_not_flag_dates_and_ids_of_a_reddit_dump():
    """Ten-digit epoch seconds and shorter numbers, as every Pushshift row holds them, leave
    the exact 19-digit check out (it cost a sixth of the block's reading); 19 digits do not."""
    from comments.io.fastpath_bytes import scan_block

    row = b'{"created_utc":1546300800,"retrieved_on":1546387200,"score":-5,"id":"ed1xk2q"}\n'
    for shift in range(8):
        assert not scan_block(b" " * shift + row * 50).long_run
    assert scan_block(row * 20 + b'{"id":1234567890123456789}\n' + row).long_run


#: ``meta`` values of every JSON type, and the ones orjson or the respacing could get wrong:
#: small floats (orjson writes ``0.00001``/``1e-7`` where json writes ``1e-05``/``1e-07``), long
#: integers, separators and quotes inside strings, escapes, ``NaN`` as text, nesting.
meta_values = st.one_of(
    st.none(), st.booleans(), st.integers(-2**63, 2**64 - 1), st.integers(10**18, 10**21),
    st.sampled_from([0.0, -0.0, 1.5, 1e-05, 1.5e-07, 0.0001, 1e16, 1.7976931348623157e308, 5e-324, 1546300800.0]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "a,b:c", 'q"uote', "back\\slash", "ctl\x01\x1f", "NaN", "Infinity", "é 😀 \u2028", "{[", "e-5",
                     "0.00001", "\\u0000"]),
    st.lists(st.sampled_from([1, "x", None, 1e-06]), max_size=3),
    st.dictionaries(st.sampled_from(["e", "t", "a,b", "N"]), st.sampled_from([1, "y", None, [], {}]), max_size=3))


@st.composite
def pushshift_full(draw):
    """Rows as Pushshift's 2019 dumps write them (22 fields, most of them kept in ``meta``),
    with odd values: ``edited`` a float or false, ``created_utc`` as text, deleted authors
    and bodies, entities, and any JSON value in the fields beyond the record's."""
    rows = []
    dated = draw(st.sampled_from([int, str, lambda s: "2019-01-01T00:00:00Z"]))  # one type a dump (else: general path)
    for i in range(draw(st.integers(1, 30))):
        link = draw(st.sampled_from(["t3_aa", "t3_bb", "t3_cc"]))
        row = {"author": draw(st.sampled_from(["anna", "[deleted]", "bernd"])), "author_flair_css_class": None,
               "author_flair_text": draw(st.sampled_from([None, "Flair: \"x\", y", "ÄÖÜ"])),
               "body": draw(bodies), "controversiality": i % 2,
               "created_utc": dated(1546300800 + i),
               "distinguished": draw(st.sampled_from([None, "moderator"])),
               "edited": draw(st.sampled_from([False, 1546300900.0, 1546300900.5])), "gilded": 0, "id": f"c{i}",
               "is_submitter": bool(i % 3), "link_id": link,
               "parent_id": draw(st.sampled_from([link, f"t1_c{max(i - 1, 0)}"])),
               "permalink": f"/r/de/comments/{link[3:]}/x/c{i}/", "retrieved_on": 1546387200 + i,
               "score": draw(meta_values), "stickied": False, "subreddit": "de", "subreddit_id": "t5_2qh1i",
               "ups": draw(meta_values), "downs": 0}
        rows.append(row)
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=pushshift_full(), suffix=st.sampled_from([".parquet", ".jsonl", ".csv"]), zstd=st.booleans())
def test_pushshift_rows_with_every_kind_of_meta_value_give_the_general_paths_output(tmp_path_factory, rows, suffix,
                                                                                    zstd):
    tmp = tmp_path_factory.mktemp("rc22")
    dump = tmp / ("RC_2019-01.zst" if zstd else "RC_2019-01.jsonl")
    _write(dump, rows, zstd)
    assert fastpath.takes(dump, None, {})
    _same(tmp, dump, suffix, block=1024)


def test_realistic_rows_make_their_meta_with_orjson_and_json_for_small_floats():
    """22-field rows take the orjson route (no long integer, no NUL key), and a text with a
    float orjson writes otherwise is written by ``meta_json`` — as ``json`` writes it."""
    rows = [{"id": "a", "body": "x", "edited": 1e-05, "score": 3, "gildings": {"gid_1": 0}},
            {"id": "b", "body": "y", "edited": False, "score": 1.5e-07, "awards": [1, None, "e-mail"]},
            {"id": "c", "body": "z", "edited": 1546300900.5, "score": -0.0, "flair": "0.00001"}]
    lines = [memoryview(json.dumps(r).encode()) for r in rows]
    made = fastpath_read._orjson_metas(lines, fastpath_read.REDDIT_TAKEN).to_pylist()
    assert made == [json.dumps({k: v for k, v in r.items() if k not in ("id", "body")}, ensure_ascii=False,
                               separators=(",", ":")) for r in rows]
    block = b"".join(bytes(line) + b"\n" for line in lines)
    assert not fastpath_read._long_number(block) and fastpath_read._long_number(block + b'{"x":1234567890123456789}\n')
    assert [bytes(line) for line in fastpath_read._lines(b'{"a":1}\n  \n\n{"b":2}\n')] == [b'{"a":1}', b'{"b":2}']
