"""Format detection: structured data that no reader knows is an unknown format (each
reader's own tests are in test_<reader>.py)."""

from __future__ import annotations

import pytest

from comments.model.errors import InputError
from comments.io.readers import _table_header, detect
from conftest import FIXTURES, corpus, run


@pytest.mark.parametrize("head", ['{"foo": 1}', "<?xml version='1.0'?><note/>", "[1, 2, 3]"])
def test_structured_data_no_reader_knows_is_unknown_format(head):
    with pytest.raises(InputError, match="unknown format"):
        detect(head)


def _table_variants() -> dict[str, str]:
    """tests/fixtures/generic_semicolon.csv (unknown column names) with each common delimiter."""
    import csv
    import io

    from conftest import FIXTURES

    rows = list(csv.reader(io.StringIO((FIXTURES / "generic_semicolon.csv").read_text(encoding="utf-8")), delimiter=";"))
    rows[0] = ["Kennung", "Bezogen auf", "Zuschrift", "Nutzer", "Zeit"]  # names no reader knows (the file's are known)
    variants = {}
    for name, delimiter in (("semicolon", ";"), ("comma", ","), ("tab", "\t"), ("pipe", "|")):
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
        variants[name] = out.getvalue()
    return variants


@pytest.mark.parametrize("delimiter", ["semicolon", "comma", "tab", "pipe"])
def test_delimited_table_with_unknown_columns_is_an_error_not_an_article(tmp_path, delimiter):
    """A table whose columns no reader recognises was read as plain text: one article titled
    with the header row and every comment dropped. Now it is one error naming the columns."""
    from comments.io.pipeline import read_inputs
    from conftest import run

    path = tmp_path / "export.csv"
    path.write_text(_table_variants()[delimiter], encoding="utf-8")
    result = read_inputs([str(path)])
    assert result.threads == [] and len(result.errors) == 1
    assert str(path) in result.errors[0] and "'Kennung'" in result.errors[0] and "--column" in result.errors[0]
    cli = run("parse", str(path))
    assert cli.exit_code == 1 and "error: " in cli.output and "Traceback" not in cli.output
    assert run("parse", "--format", "plaintext", str(path)).exit_code == 0  # explicit plain text still reads it


def test_plain_text_is_not_taken_for_a_table():
    from conftest import FIXTURES, corpus

    paths = [FIXTURES / "email_quotes.txt", FIXTURES / "flat_mentions.txt"]
    for folder in ("plaintext_de", "plaintext_en"):
        paths += sorted(corpus(folder).iterdir())
    for path in paths:
        head = path.read_text(encoding="utf-8", errors="replace")[:65536]
        assert detect(head).name == "plaintext", path


PROSE_WITH_DELIMITERS = [
    "Anna Schmidt, Berlin says:\nMarch 3, 2024 at 10:15 am\nGreat point, agreed.\n\nTom, Hamburg says:\n"
    "March 3, 2024 at 11:02 am\n@Anna no, not really.\n",
    "Roses are red, violets are blue\nSugar is sweet, and so are you\nThe night is dark, the stars are few\n",
    "Anna, Berlin\nMarch 3, 2024\nGreat article, thank you.\n",
    "Ingredients: flour; sugar; eggs\nOven: 180 degrees; 20 minutes; middle rack\nServe: warm; with cream; immediately\n",
    "Wir waren in Wien, Graz, Linz.\nDann in Salzburg, Innsbruck, Bregenz.\nZuletzt in Villach, Klagenfurt, Lienz.\n",
]


@pytest.mark.parametrize("text", PROSE_WITH_DELIMITERS)
def test_prose_with_commas_or_semicolons_stays_plain_text(text):
    """Lines that split into as many cells at a comma or semicolon are still prose (a
    review found such texts refused as tables): a table needs 3+ column names and a
    column of single-token values."""
    assert _table_header(text) is None
    assert detect(text).name == "plaintext"


def test_prose_with_headline_colon_and_times_is_text_not_yaml():
    """A pasted comment section opening with a headline "Topic: …" and date lines with
    clock times ("um 09:12 Uhr") was refused as YAML-like structured data."""
    from comments.io.readers import plaintext
    from conftest import FIXTURES

    head = (FIXTURES / "pasted" / "headline_colon_de.txt").read_text(encoding="utf-8")
    assert detect(head) is plaintext.READER


@pytest.mark.parametrize("text", [
    "- Anna: Endlich kommt das Tempolimit, das wurde Zeit.\n- Bernd: Nie im Leben, das bringt nichts.\n"
    "- Carla: Doch, weniger Unfälle.\n- Dieter: Quelle?\n",
    "---\ntitle: Tempolimit\ndate: 2024-03-12\nslug: tempolimit\nauthor: Redaktion\n---\n"
    "Anna: Endlich kommt das Tempolimit.\nBernd: Nie im Leben.\n",
])
def test_bulleted_name_lines_and_front_matter_pages_stay_plain_text(text):
    """A "- Name: text" list and a page whose front matter is followed by "Name: text" lines
    (both read as text before the YAML sniff was made stricter) are not refused as YAML."""
    assert detect(text).name == "plaintext"


@pytest.mark.parametrize("head", [
    "title: A post\nauthor: me\ndate: 2024-01-01\ntags:\n  - a\n  - b\nlayout: post\n",
    "---\nname: x\nvalue: 1\nother: 2\nlast: 3\n",
    "- id: 1\n  text: Gut.\n  parent: null\n- id: 2\n  text: Schlecht.\n  parent: 1\n",
])
def test_real_yaml_no_reader_knows_is_refused_naming_the_formats(head):
    with pytest.raises(InputError, match=r"unknown format.*--format \(.*plaintext"):
        detect(head)


@pytest.mark.parametrize("name, forced, found", [
    ("wxr_small.xml", "disqus", "wxr"), ("disqus_small.xml", "wxr", "disqus"),
    ("hn_official.json", "reddit", "hackernews"), ("reddit_thread.json", "jsonl", "reddit"),
])
def test_a_forced_format_that_does_not_fit_is_an_error_naming_both(tmp_path, name, forced, found):
    """A wrong --format gave "0 threads; 0 comments" (or a reader's puzzling complaint), exit 0."""
    out = tmp_path / "out.jsonl"
    out.write_text("a previous output\n")
    result = run("parse", str(FIXTURES / name), "--format", forced, "-o", str(out))
    assert result.exit_code == 1 and out.read_text() == "a previous output\n"  # nothing written
    error = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error) == 1 and error[0].startswith(
        f"error: {FIXTURES / name}: --format {forced} does not fit this input, which reads as {found}: "), error
    assert run("parse", str(FIXTURES / name), "-o", str(out)).exit_code == 0  # detection reads it


def test_a_forced_format_that_finds_comments_in_another_format_is_noted():
    """Reddit lines read as generic JSON lines: comments with text, and a note naming both
    formats. The 492-comment Reddit thread read as Hacker News finds 2 comments without text
    (was "1 thread; 2 comments", exit 0): an error, as the WXR and Disqus files read as each other."""
    path = FIXTURES / "pushshift.ndjson"
    result = run("parse", str(path), "--format", "jsonl")
    assert result.exit_code == 0
    assert f"note: {path}: read as jsonl (--format), though it reads as reddit without --format" \
        in result.stderr.splitlines()
    for name, forced in (("reddit/reddit_fo7p5b_announcements_polls.json", "hackernews"),
                         ("wordpress/isso__wordpress.xml", "disqus"), ("disqus/isso__disqus.xml", "wxr")):
        wrong = run("parse", str(corpus(name)), "--format", forced)
        assert wrong.exit_code == 1 and "does not fit this input" in wrong.stderr


def test_a_forced_format_detection_agrees_with_says_nothing_more(tmp_path):
    result = run("parse", str(FIXTURES / "wxr_small.xml"), "--format", "wxr")
    assert result.exit_code == 0 and "note:" not in result.stderr


@pytest.mark.parametrize("data, where", [
    (b"garbage{", "line 1, column 1: invalid JSON"),
    (b'{"id": 1,\n "text": "abc",}', "line 2, column 15: invalid JSON"),
    (b'[{"id": 1, "text": "ab', "line 1, column 23: truncated JSON"),
])
def test_a_json_file_that_is_not_json_is_an_error_not_an_article(tmp_path, data, where):
    """``garbage{`` in a .json file was read as a plain-text article without comments (exit 0),
    and ``report all bad.json --out r`` replaced a good report with that empty one."""
    bad = tmp_path / "bad.json"
    bad.write_bytes(data)
    result = run("parse", str(bad))
    assert result.exit_code == 1 and result.stderr.splitlines()[0].startswith(f"error: {bad}: {where}")
    report = tmp_path / "r"
    assert run("report", "all", "-q", str(FIXTURES / "wxr_small.xml"), "--out", str(report)).exit_code == 0
    before = (report / "index.html").read_bytes()
    assert run("report", "all", "-q", str(bad), "--out", str(report)).exit_code == 1
    assert (report / "index.html").read_bytes() == before


@pytest.mark.parametrize("name, content", [
    ("num.csv", "x,y\n1,2\n3,4\n5,6\n"),
    ("one_row.csv", "x,y\n1,2\n"),
    ("cfg.yaml", "key: value\nother: thing\nlist:\n  - a\n  - b\n"),
])
def test_a_table_or_mapping_no_reader_knows_is_unknown_format_exit_1(tmp_path, name, content):
    """SPEC: a numeric or two-column CSV and a YAML mapping holding a list match no reader:
    unknown format, exit 1 — not an article with no comment section, exit 0."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("parse", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: unknown format: ")
    if name.endswith(".csv"):
        assert "among the columns: 'x', 'y'" in result.stderr


@pytest.mark.parametrize("content", [
    "Anna, 12. März\nToller Artikel, danke!\n",
    "Fazit: lohnt sich\nPro:\n- schnell\n- leise\nSonst noch was? Nein, alles gut.\n",
])
def test_prose_with_commas_or_a_list_is_still_plain_text(tmp_path, content):
    path = tmp_path / "post.txt"
    path.write_text(content, encoding="utf-8")
    result = run("parse", str(path))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("name, content, fmt, which", [
    ("page.txt", "Titel\n\nEin Artikel mit Text.\n", "parquet", "which reads as plaintext"),
    ("t.jsonl", '{"id": "1", "text": "hallo"}\n', "parquet", "which reads as jsonl"),
])
def test_a_wrong_format_names_both(tmp_path, name, content, fmt, which):
    """README: a --format other than the one detected that fails on the input is an error
    naming both (--format parquet named only Parquet's error)."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("parse", str(path), "--format", fmt)
    assert result.exit_code == 1
    assert f"--format {fmt} does not fit this input, {which}: " in result.stderr
