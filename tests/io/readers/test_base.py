"""io/readers/base.py: what every reader shares — the reading context, sites from URLs,
ids as text, JSON of any depth with exact integers, NDJSON line by line, ``meta``."""

from __future__ import annotations

import re

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.io.readers.base import (Context, common_site, first_json_line, iter_json_lines, leftover, load_json,
                                      merge_repeated, reddit_site, site_from_url, str_or_none, text_head)
from comments.model.errors import InputError
from conftest import FIXTURES, json_values, read


def test_context_keeps_notes_and_problems_apart():
    ctx = Context(source="a.json", stem="a")
    ctx.note("repaired 2 dates")
    ctx.problem("line 3: no text")
    assert ctx.notes == ["repaired 2 dates"] and ctx.problems == ["line 3: no text"]
    assert Context().notes == [] and Context().notes is not ctx.notes  # no list shared between inputs


class _Stream:
    head = "x" * 100_000


def test_text_head_of_text_and_of_a_stream():
    assert text_head("abc", 2) == "ab"
    assert len(text_head(_Stream())) == 65536 and text_head(_Stream(), 5) == "xxxxx"


@pytest.mark.parametrize("url, site", [
    ("https://www.heise.de/news/artikel-123.html#comments", "heise.de"),
    ("http://blog.fefe.de/?ts=a", "blog.fefe.de"),
    ("www.example.org/x", "example.org"),
    ("example.org", "example.org"),
    ("https://WWW.Spiegel.DE/", "spiegel.de"),
    ("https://localhost:8080/x", None),
    ("http://[::1", None),  # an unclosed IPv6 bracket: urlparse raises
    ("", None),
    (None, None),
])
def test_site_from_url(url, site):
    assert site_from_url(url) == site


@pytest.mark.parametrize("name, site", [
    ("de", "reddit.com/r/de"), ("r/europe", "reddit.com/r/europe"), (" R/AskHistorians ", "reddit.com/r/AskHistorians"),
    ("", "reddit.com"), (None, "reddit.com"), ("../../etc", "reddit.com"), ("a", "reddit.com"),
    ("x" * 22, "reddit.com"),
])
def test_reddit_site(name, site):
    assert reddit_site(name) == site


def test_common_site_takes_the_most_named_host_then_the_shortest_then_the_first():
    urls = ["https://a.example.org/1", "https://b.org/2", "https://a.example.org/3", None]
    assert common_site(urls) == "a.example.org"
    assert common_site(["https://long.example.org/1", "https://b.org/2"]) == "b.org"
    assert common_site(["https://d.org/1", "https://c.org/2"]) == "c.org"
    assert common_site([None, "", "nohost"]) is None


@pytest.mark.parametrize("value, text", [
    (None, None), ("", None), ("  ", None), (" 42 ", "42"), (42, "42"), (12.0, "12"), (1.5, "1.5"), (0, "0"),
    (False, "False"), (123456789012345678901, "123456789012345678901"),
])
def test_str_or_none(value, text):
    assert str_or_none(value) == text


def test_load_json_reads_nesting_deeper_than_orjson_and_the_recursion_limit():
    depth = 50_000
    doc = load_json('{"a":' * depth + "1" + "}" * depth)
    for _ in range(depth):
        doc = doc["a"]
    assert doc == 1


@pytest.mark.parametrize("big", [2**64, 10**29 + 1, -(2**70) - 3])
def test_load_json_keeps_integers_beyond_64_bits_exactly(big):
    """orjson reads them as floats: a 20-digit comment id would silently change."""
    assert load_json(json.dumps({"id": big, "n": [big, 1]})) == {"id": big, "n": [big, 1]}


def test_a_json_list_with_20_digit_ids_keeps_every_id_and_parent(tmp_path):
    ids = [123456789012345678901 + k for k in range(3)]
    rows = [{"id": ids[0], "parent": None, "text": "Erster Kommentar zum Artikel."},
            {"id": ids[1], "parent": ids[0], "text": "Antwort auf den ersten."},
            {"id": ids[2], "parent": ids[1], "text": "Und eine Antwort darauf."}]
    path = tmp_path / "comments.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    comments = read(path).comments
    assert [c.id for c in comments] == [str(i) for i in ids]
    assert [c.parent_id for c in comments] == [None, str(ids[0]), str(ids[1])]


@pytest.mark.parametrize("text, message, where", [
    ('{"a": 1,\n "b": }', "invalid JSON", "line 2, column 7"),
    ('{"a": [1, 2', "truncated JSON (unexpected end of data)", "line 1, column"),
    ('{"a":' * 5000 + "x" + "}" * 5000, "invalid JSON", "line 1, column 25001"),  # deep and broken
    ('{"id": 123456789012345678901, ', "truncated JSON (unexpected end of data)", "line 1, column"),
])
def test_load_json_errors_are_one_input_error_with_a_position(text, message, where):
    with pytest.raises(InputError) as caught:
        load_json(text)
    assert caught.value.message.startswith(message) and caught.value.where.startswith(where)


@settings(max_examples=100, deadline=None)
@given(json_values(20))
def test_load_json_gives_back_what_json_dumps_wrote(value):
    assert load_json(json.dumps(value)) == value


def test_first_json_line():
    assert first_json_line('\n\n{"id": 1}\n{"id": 2}\n') == {"id": 1}
    assert first_json_line('{"id": 1, "body": "cut in the mid') == {"id": None, "body": None}  # a head cut short
    assert first_json_line("id,text\n1,hallo\n") is None
    assert first_json_line('{"text": "a\u2028b"}\n') == {"text": "a\u2028b"}  # U+2028 is not a line end


def test_iter_json_lines_numbers_lines_and_skips_blank_ones():
    text = '{"id": 1}\n\n  \n{"id": 123456789012345678901}\n{"id": 3}'
    assert list(iter_json_lines(text)) == [(1, {"id": 1}), (4, {"id": 123456789012345678901}), (5, {"id": 3})]


class _Lines:
    """What a LineStream offers: iteration and the number of the last line read."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.line = lines, 0

    def __iter__(self):
        for line in self.lines:
            self.line += 1
            yield line


@pytest.mark.parametrize("make", [lambda lines: "".join(lines), _Lines], ids=["text", "stream"])
def test_iter_json_lines_names_the_bad_line(make):
    lines = ['{"id": 1}\n', '{"id": 2}\n', '{"id": 3, \n', '{"id": 4}\n']
    got = []
    with pytest.raises(InputError) as caught:
        for number, obj in iter_json_lines(make(lines)):
            got.append((number, obj["id"]))
    assert got == [(1, 1), (2, 2)] and caught.value.where == "line 3"
    assert caught.value.message.startswith("invalid JSON line")
    # placed by character within the line: no decoder "line N column M" contradicting "line 3"
    assert caught.value.message == "invalid JSON line (truncated: the line ends inside a value)"
    with pytest.raises(InputError) as caught:  # not at the line's end: placed by character
        list(iter_json_lines(make(['{"id": 1}\n', '{"id": 2,, "text": "zwei"}\n'])))
    assert re.fullmatch(r"invalid JSON line \([^()]+ at character \d+\)", caught.value.message), caught.value.message
    assert " line " not in caught.value.message.replace("invalid JSON line", "")


@pytest.mark.parametrize("make", [lambda lines: "".join(lines), _Lines], ids=["text", "stream"])
def test_iter_json_lines_with_a_context_leaves_bad_lines_out_and_counts_them(make):
    from comments.io.readers.base import Context

    ctx = Context()
    lines = ['{"id": 1}\n', '{"id": 2, \n', '42\n', '{"id": 4}\n']
    assert [(n, obj["id"]) for n, obj in iter_json_lines(make(lines), ctx)] == [(1, 1), (4, 4)]
    assert [str(p) for p in ctx.problems] == [
        "2 unreadable lines were left out (line 2: invalid JSON (truncated: the line ends inside a value); "
        "line 3: a JSON number, not an object)"]


def test_iter_json_lines_reads_the_pushshift_fixture_like_json_does():
    text = (FIXTURES / "pushshift.ndjson").read_text(encoding="utf-8")
    expected = [(n, json.loads(line)) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    assert list(iter_json_lines(text)) == expected and expected


def test_leftover_keeps_the_source_order():
    obj = {"id": 1, "z": 2, "text": "t", "a": [3]}
    assert list(leftover(obj, ["id", "text"]).items()) == [("z", 2), ("a", [3])]


def test_merge_repeated_keeps_equal_values_and_lists_the_ones_that_differ():
    rows = [{"id": 1, "label": "hostile", "vote": 1}, {"id": 1, "label": "critical"}, {"id": 1, "label": "hostile",
                                                                                        "vote": 1}]
    assert merge_repeated(rows) == {"id": 1, "label": ["hostile", "critical", "hostile"], "vote": [1, None, 1]}
    assert merge_repeated([{"a": 1}, {"a": True}]) == {"a": [1, True]}  # 1 == True, but not the same value


_META = st.dictionaries(st.sampled_from("abcd"), st.none() | st.integers(-3, 3) | st.booleans() | st.text(max_size=3),
                        max_size=4)


@settings(max_examples=100, deadline=None)
@given(st.lists(_META, min_size=1, max_size=5))
def test_merge_repeated_loses_no_value(metas):
    """Every row's value of every field can be read back from the merged ``meta``."""
    merged = merge_repeated(metas)
    assert list(merged) == list(dict.fromkeys(k for m in metas for k in m))
    for key, value in merged.items():
        if isinstance(value, list) and len(metas) > 1:
            assert value == [m.get(key) for m in metas]
        else:
            assert all(m[key] == value and type(m[key]) is type(value) for m in metas)


def test_an_ndjson_export_whose_first_line_is_cut_short_is_still_ndjson():
    """A cut first line made the whole export a JSON document to the list reader (another
    format, the site column unread); an object line after it says it is lines. A JSON
    document that opens with an object line and goes on pretty-printed is not."""
    cut = '{"id": "1", "site": "zeit.de", "text": "Die Sperre trifft die Kun\n'
    whole = '{"id": "2", "site": "zeit.de", "parent_id": "1", "text": "Sehe ich auch so."}\n'
    assert first_json_line(cut + whole + whole) == json.loads(whole)
    assert first_json_line('{"comments": [\n  {"id": 1, "text": "a"},\n  {"id": 2, "text": "b"}\n]}\n') is None
    assert first_json_line(cut + "[1, 2]\n" + whole) is None
