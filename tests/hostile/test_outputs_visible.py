"""Controls, bidi overrides and zero-width characters in a site, author, thread title or
comment text reach no output raw (audit 16, findings 6–10): every chart SVG is
well-formed XML and draws no missing glyph, index.html and the Markdown show them escaped,
``evaluate``/``train`` print label names escaped, JSON on stdout carries them as ``\\u``
escapes (the same data), and the API's repr() and summary() escape them."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from comments.text.textsafe import HIDDEN
from conftest import run, write_rows

EVIL = "\x1b]0;owned\x07\x1b[31m\u202e\u200b\u2060\ufeff\u00ad\x85"
LABEL = "ev\x1b[31m\u202e\u200b\x85il"  # a label name (no ";": a gold cell's separator)
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
RAW = re.compile(f"[{HIDDEN}]")


def _raw(text: str) -> list[str]:
    """The hidden characters in ``text``: the family emoji's joiners are text, and line
    feeds and tabs the output's own."""
    return RAW.findall(text.replace(FAMILY, "").replace("\n", "").replace("\t", ""))


def _corpus(path):
    """Two sites, three threads each, four comments a thread: the hostile characters in
    every name and text a report shows."""
    rows = []
    for s in range(2):
        site = f"s{s}{EVIL}.org"
        for t in range(3):
            thread = f"t{t}\u202egnp.exe"
            rows.append({"record": "thread", "site": site, "thread_id": thread, "title": f"Title {t}{EVIL}",
                         "comment_count": 4})
            rows += [{"record": "comment", "site": site, "thread_id": thread, "id": str(c),
                      "parent_id": None if c == 0 else str(c - 1), "author": f"au{c}{EVIL}",
                      "created_at": f"2024-01-{10 + c}T10:00:00", "flags": [],
                      "text": f"Handy Bootloader Kuba Sanktionen {EVIL} \u202egnp.exe {FAMILY} line\nnext"}
                     for c in range(4)]
    return write_rows(path, rows)


class _Page(HTMLParser):
    """Every text and attribute value of a page, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.parts += [value or "" for _, value in attrs]

    def handle_data(self, data) -> None:
        self.parts.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("visible")
    result = run("report", "all", str(_corpus(folder / "evil.jsonl")), "--out", str(folder / "rep"), "-j", "2")
    assert result.exit_code == 0, result.output
    return folder / "rep", result


def test_every_chart_is_well_formed_xml_and_misses_no_glyph(report):
    folder, result = report
    svgs = sorted(folder.glob("*.svg"))
    assert len(svgs) >= 10
    for svg in svgs:
        ET.parse(svg)  # raises on a raw control character
        assert not _raw(svg.read_text(encoding="utf-8")), svg.name
    assert "Glyph" not in result.stderr and "warning" not in result.stderr, result.stderr
    tree = next(folder.glob("tree_*.svg")).read_text(encoding="utf-8")
    assert "\\u202e" in tree and "\\x1b]0;owned\\x07" in tree  # drawn, visibly escaped


def test_index_html_and_markdown_show_them_escaped(report):
    folder, _ = report
    page = (folder / "index.html").read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(page)
    found = [part for part in parser.parts if _raw(part)]
    assert not found, found[:3]
    assert not _raw(page)
    assert "\\u202egnp.exe" in page and "\\u200b" in page and "au1\\x1b]0;owned" in page
    assert FAMILY in page  # the emoji stays one emoji
    assert 'alt="' in page and "\\u202e" in re.search(r'<h3>(.*?)</h3>', page, re.S).group(1)
    for md in folder.glob("*.md"):
        assert not _raw(md.read_text(encoding="utf-8")), md.name


def test_evaluate_prints_label_names_escaped_and_json_without_raw_characters(tmp_path):
    data = _corpus(tmp_path / "evil.jsonl")
    gold = tmp_path / "gold.csv"
    with gold.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["site", "thread_id", "id", "topics", "tone"])
        writer.writerow([f"s0{EVIL}.org", "t0\u202egnp.exe", "0", f"geopolitics;{LABEL}", "critical"])
    table = run("evaluate", str(data), "--gold", str(gold))
    assert table.exit_code == 0, table.output
    assert not _raw(table.stdout) and not _raw(table.stderr)
    assert "  ev\\x1b[31m\\u202e\\u200b\\x85il" in table.stdout
    as_json = run("evaluate", str(data), "--gold", str(gold), "--json")
    assert as_json.exit_code == 0, as_json.output
    assert not _raw(as_json.stdout)
    labels = json.loads(as_json.stdout)["topics"]["labels"]
    assert LABEL in labels  # the same label once parsed: escaped as JSON, not altered


def test_train_prints_label_names_escaped(tmp_path):
    data = tmp_path / "train.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", f"tox{EVIL}"])
        for i in range(60):
            writer.writerow([f"{'Idiot Müll dumm' if i % 3 == 0 else 'Danke sehr gut'} Beitrag {i}", int(i % 3 == 0)])
    result = run("train", "--data", str(data), "--kind", "topics", "--out", str(tmp_path / "m"), "--folds", "2")
    # a topic model's labels are topic ids (session 19): the label is refused, and named escaped
    assert result.exit_code == 1, result.output
    assert not _raw(result.stdout) and not _raw(result.stderr)
    assert "tox\\x1b]0;owned\\x07\\x1b[31m\\u202e" in result.stderr
    assert not (tmp_path / "m").exists()


def test_parse_to_stdout_escapes_them_as_json_and_files_keep_them(tmp_path):
    data = _corpus(tmp_path / "evil.jsonl")
    out = run("parse", str(data))
    assert out.exit_code == 0, out.output
    assert not _raw(out.stdout)
    lines = out.stdout.split("\n")
    assert lines[-1] == "" and len(lines) == 31
    written = run("parse", str(data), "-o", str(tmp_path / "out.jsonl"))
    assert written.exit_code == 0, written.output
    text = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert "\u202e" in text  # a file keeps the text exactly as data
    assert [json.loads(line) for line in lines[:-1]] == [json.loads(line) for line in text.split("\n")[:-1]]


def test_api_repr_and_summary_escape_them(tmp_path):
    import comments

    corpus = comments.read(str(_corpus(tmp_path / "evil.jsonl")))
    assert not _raw(repr(corpus)) and "s0\\x1b]0;owned" in repr(corpus)
    assert not _raw(corpus.summary())
    comment = corpus.threads[0].comments[0]
    assert not _raw(repr(comment)) and not _raw(repr(corpus.threads[0]))  # Python's repr escapes str
