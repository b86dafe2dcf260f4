"""Whole JSON documents (a generic array, a Reddit listing, HN Algolia and API items, the
WordPress REST API, Commento/Isso/remark42 exports) whose strings hold control characters
written raw (an exporter that did not escape the user's tab, Enter or a stray C0 byte):
read as the NDJSON reader reads such lines, with one note naming the file and the count;
anything else JSON forbids is still an error at its line and column; linear time."""

from __future__ import annotations

import json
import re
import time

import pytest

from comments.io.readers.base import Context, load_json
from comments.model.errors import InputError
from conftest import CORPORA, FIXTURES, jsonl_records, run

DOCUMENTS = [FIXTURES / name for name in ("reddit_thread.json", "hn_official.json", "wp_rest.json",
                                          "json/commento_export.json", "json/isso_thread.json",
                                          "json/remark42_find.json", "json/hnpwa_item.json")] + [
    CORPORA / "hackernews" / "algolia_item_17.json", CORPORA / "reddit" / "reddit_6otocc_comment_chain_depth10.json"]

#: A control character's JSON escape, not itself escaped (an even run of backslashes before it).
_ESCAPE = re.compile(r'(?<!\\)((?:\\\\)*)\\(t|r|n|u000b|u0001)')
_RAW = {"t": "\t", "r": "\r", "n": "\n", "u000b": "\x0b", "u0001": "\x01"}


def _with_controls(value):
    """``value`` with control characters in its longer strings, as users type them: a tab
    for the first space, a line break after a full stop, a vertical tab or a 0x01 byte now and then."""
    if isinstance(value, dict):
        return {k: _with_controls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_controls(v) for v in value]
    if isinstance(value, str) and len(value) > 12 and " " in value and "://" not in value:
        value = value.replace(" ", "\t", 1).replace(". ", ".\r\n", 1)
        if len(value) % 5 == 0:
            value += "\x0b" if len(value) % 2 else "\x01"
    return value


def _controls(value) -> int:
    """The control characters in ``value``'s strings as a text file holds them (CR-LF one line end)."""
    if isinstance(value, dict):
        return sum(_controls(k) + _controls(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(_controls(v) for v in value)
    return len(re.findall(r"[\x00-\x1f]", value.replace("\r\n", "\n"))) if isinstance(value, str) else 0


def _raw(text: str) -> str:
    """The JSON text with its control characters' escapes written as the characters."""
    return _ESCAPE.sub(lambda m: m.group(1) + _RAW[m.group(2)], text)


def _line_ends(value):
    """``value`` with its CR-LF and lone CR as line breaks (as they read in a text file)."""
    if isinstance(value, dict):
        return {k: _line_ends(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_line_ends(v) for v in value]
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_raw_control_characters_in_a_document_read_as_their_escapes(path, tmp_path):
    """The same document with the controls escaped (valid JSON) and written raw: the same
    records (a raw CR is a line break, as in NDJSON), one note with the file and the count,
    the same summary, exit 0."""
    if not path.exists():
        pytest.skip(f"shared corpus not available: {path}")
    value = _with_controls(json.loads(path.read_text(encoding="utf-8")))
    escaped, raw = tmp_path / "escaped" / path.name, tmp_path / "raw" / path.name
    escaped.parent.mkdir(), raw.parent.mkdir()
    text = json.dumps(value, ensure_ascii=False, indent=1)
    escaped.write_text(text, encoding="utf-8", newline="")
    raw.write_text(_raw(text), encoding="utf-8", newline="")
    want, got = run("parse", str(escaped)), run("parse", str(raw))
    assert want.exit_code == 0 and got.exit_code == 0, got.stderr
    assert jsonl_records(got.stdout) == _line_ends(jsonl_records(want.stdout.replace(str(escaped), str(raw))))
    notes = [line for line in got.stderr.splitlines() if "written raw" in line]
    assert len(notes) == 1 and notes[0].startswith(f"note: {raw}: {_controls(value):,} control characters (")
    assert got.stderr.splitlines()[-1] == want.stderr.splitlines()[-1]  # the same summary


@pytest.mark.parametrize("text, message", [
    ('[{"id": 1, "text": "a\tb"},\n {"id": 2, "text": "c", "score": NaN}]', "invalid JSON"),
    ('[{"id": 1, "text": "a\tb"},\n {"id": 2, "text": "c\rd",}]', "invalid JSON"),
    ('{"comments": [{"id": 1, "text": "Die\tSperre trifft die Kun', "truncated JSON"),
    ('[{"id": 1, "text": "a\\\tb"}]', "invalid JSON"),  # a backslash before the tab: no escape JSON knows
    ('[{"id": 1, "text": "a\tb\ud800"}]', "invalid JSON"),  # a lone surrogate
])
def test_anything_else_json_forbids_is_still_an_error_at_its_place(text, message):
    """The error and its place are the strict parser's on the same document with a space
    for each raw control character (the same length): the controls are not what is wrong."""
    with pytest.raises(InputError) as caught:
        load_json(text, Context())
    with pytest.raises(InputError) as strict:
        load_json(re.sub(r"[\t\r]", " ", text))
    assert caught.value.message.startswith(message)
    assert (caught.value.message, caught.value.where) == (strict.value.message, strict.value.where)


def test_a_backslash_before_a_raw_tab_is_an_error_in_ndjson_too(tmp_path):
    """The lenient retry escaped the tab of ``\\<TAB>`` too, which read as a backslash and
    "u0009": a line JSON cannot read came out with other text. Now it is left out, named."""
    path = tmp_path / "export.jsonl"
    path.write_bytes(b'{"id": "1", "text": "C:\\\tUser"}\n{"id": "2", "text": "Spalte\teins"}\n')
    result = run("parse", str(path))
    assert result.exit_code == 1 and "1 unreadable line was left out (line 1: invalid JSON" in result.stderr
    assert [r["text"] for r in jsonl_records(result.stdout) if r["record"] == "comment"] == ["Spalte\teins"]


def test_without_a_context_a_raw_control_character_is_refused():
    with pytest.raises(InputError, match="control character"):
        load_json('[{"id": 1, "text": "a\tb"}]')
    ctx = Context()
    assert load_json('[{"id": 1,\t"text": "a\tb\n"}]', ctx) == [{"id": 1, "text": "a\tb\n"}]
    assert ctx.notes == ["2 control characters (tab, carriage return, line break, …) written raw inside JSON strings, "
                         "which JSON does not allow (first at line 1, column 22): read with those characters"]


def test_many_raw_control_characters_are_read_in_linear_time():
    """A 30 MB export of 200,000 comments, each with a raw tab, CR and line break: read
    within a few times the strict parse of the same document escaped (quadratic work on
    600,000 controls takes minutes)."""
    rows = [{"id": i, "parent_id": i - 1 if i % 3 else None, "thread_id": f"artikel-{i // 500}",
             "text": f"Kommentar {i}\tSpalte\r\nzweite Zeile, die Sperre trifft die Kunden"} for i in range(200_000)]
    escaped = json.dumps(rows, ensure_ascii=False)
    raw = _raw(escaped)
    start = time.process_time()
    assert load_json(escaped) == rows
    strict = time.process_time() - start
    start = time.process_time()
    ctx = Context()
    assert load_json(raw, ctx) == rows
    lenient = time.process_time() - start
    assert ctx.notes[0].startswith("600,000 control characters")
    assert lenient < 30 * strict + 2.0, (lenient, strict)
