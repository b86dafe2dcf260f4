"""read → merge → rebuild: progress over the inputs, and the site a file name gives."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from comments.io.pipeline import read_inputs
from comments.io.sites import site_from_stem
from conftest import FIXTURES, run


@pytest.fixture
def bar_text(monkeypatch) -> io.StringIO:
    """What a shown progress bar draws (rich's console redirected to a buffer)."""
    buf = io.StringIO()
    monkeypatch.setattr("rich.console.Console", lambda stderr=True: Console(file=buf, width=120, force_terminal=False))
    return buf


INPUTS = [str(FIXTURES / "wxr_small.xml"), str(FIXTURES / "disqus_small.xml"), str(FIXTURES / "hn_official.json")]


def test_progress_bar_counts_every_input(bar_text):
    result = read_inputs(INPUTS, progress=True)
    assert not result.errors and len(result.threads) >= 3
    assert "reading" in bar_text.getvalue() and "3/3" in bar_text.getvalue()


def test_progress_silent_when_off_or_not_a_terminal(bar_text, capsys):
    read_inputs(INPUTS, progress=False)
    read_inputs(INPUTS)  # stderr is captured here: not a terminal, so no bar
    assert bar_text.getvalue() == "" and capsys.readouterr().err == ""


def test_progress_callable_is_given_each_input(bar_text):
    seen: list[str] = []
    read_inputs(INPUTS, progress=seen.append)
    assert seen == sorted(INPUTS) and bar_text.getvalue() == ""  # read in sorted order, whatever order given


@pytest.mark.parametrize("stem, site", [("heise.de__artikel", "heise.de"), ("blog", "blog"),
                                        ("a__b__c", "a"), ("x__", "x"), ("__x", "__x"), ("__", "__")])
def test_site_from_stem(stem, site):
    assert site_from_stem(stem) == site


def test_file_name_names_the_site(tmp_path):
    path = tmp_path / "example.org__some-article.txt"
    path.write_text("Anna schrieb am 1. März 2024 um 10:00\nEin Kommentar.\n", encoding="utf-8")
    result = read_inputs([str(path)])
    assert [pt.thread.site for pt in result.threads] == ["example.org"]


def test_a_column_name_the_table_lacks_is_one_error_naming_the_columns(tmp_path):
    """--column with a typo used to be ignored when the format was detected (0 comments,
    exit 0): now one error line lists the columns the file has."""
    from comments.io.pipeline import read_inputs

    csv_file = tmp_path / "export.csv"
    csv_file.write_text("Kommentar-ID;Antwort auf;Beitrag\n1;;Erster, mit Komma\n2;1;Antwort\n", encoding="utf-8")
    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text('{"cid": 1, "body": "hi"}\n{"cid": 2, "body": "re", "reply": 1}\n', encoding="utf-8")
    result = read_inputs([str(csv_file), str(jsonl)], columns={"id": "KommentarID", "text": "body"})
    assert result.comments == [] and len(result.errors) == 2
    assert "no column 'KommentarID' (for id), 'body' (for text) among the columns: 'Kommentar-ID'" in result.errors[0]
    assert "no column 'KommentarID' (for id) among the columns: 'cid', 'body', 'reply'" in result.errors[1]
    good = read_inputs([str(jsonl)], columns={"id": "cid", "text": "body", "parent_id": "reply"})
    assert [(c.id, c.parent_id, c.text) for c in good.comments] == [("1", None, "hi"), ("2", "1", "re")]


def test_a_table_without_id_or_text_columns_is_an_error_not_empty_comments(tmp_path):
    from comments.io.pipeline import read_inputs

    path = tmp_path / "export.csv"
    path.write_text("Kennung;Bezogen auf;Zuschrift\n1;;Erster\n2;1;Antwort\n", encoding="utf-8")
    result = read_inputs([str(path)], fmt="csv")
    assert result.comments == []
    assert result.errors == [f"{path}: header: no id column (each comment's own id) and no text column (the comment "
                             "text) among the columns: 'Kennung', 'Bezogen auf', 'Zuschrift'; name them with "
                             "--column id=NAME --column text=NAME"]


def test_column_names_never_turn_prose_into_a_table(tmp_path):
    from comments.io.pipeline import read_inputs

    page = tmp_path / "page.txt"
    page.write_text("Hello, world. This is prose.\nAnother line of prose, here\n", encoding="utf-8")
    assert read_inputs([str(page)], columns={"text": "x"}).errors == []


def test_a_json_document_detection_reads_as_plain_text_is_decoded_once(tmp_path, monkeypatch):
    """A ``.json`` input that detection calls plain text is checked to be JSON (else its JSON
    error is the answer): the check decoded the whole document and the reader decoded it
    again. Now the checked text is what the reader reads: one decode, its note once."""
    from comments.io import pipeline

    path = tmp_path / "article.json"
    path.write_bytes('"Die Sperre trifft die Kunden in Kuba, nicht die Regierung. Das ist das Problem, '
                     'für alle Käufer."\n'.encode("cp1252"))
    from comments.io.sources import Source

    real, calls = Source.decode, []

    def decode(self, data):
        calls.append(len(data))
        return real(self, data)

    monkeypatch.setattr(Source, "decode", decode)
    result = pipeline.read_inputs([str(path)])
    assert calls == [path.stat().st_size]
    assert result.errors == [] and result.threads[0].thread.article_text.endswith("für alle Käufer.\"")
    assert [n for n in result.notes if "Windows-1252" in n] == [f"{path}: not UTF-8 (byte 82): decoded as "
                                                                "Windows-1252"]


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_empty_but_valid_inputs_are_read_and_empty_files_are_errors(tmp_path, engine):
    """README: an empty but valid input (a header line alone, a JSON ``[]``) is read, not a
    failure (``[]`` was unknown format, exit 1); a file of no bytes, compressed or not, is
    one ``empty file`` error."""
    import gzip

    (tmp_path / "list.json").write_text("[ ]\n", encoding="utf-8")
    (tmp_path / "header.csv").write_text("id,parent_id,text\n", encoding="utf-8")
    valid = run("parse", str(tmp_path / "list.json"), str(tmp_path / "header.csv"), "--engine", engine)
    assert valid.exit_code == 0, valid.stderr
    assert f"note: {tmp_path / 'list.json'}: an empty JSON list: no comments" in valid.stderr
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.txt.gz").write_bytes(gzip.compress(b""))
    empty = run("parse", str(tmp_path / "empty.txt"), str(tmp_path / "empty.txt.gz"), "--engine", engine)
    assert empty.exit_code == 1
    assert [line for line in empty.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {tmp_path / 'empty.txt'}: empty file", f"error: {tmp_path / 'empty.txt.gz'}: empty file"]


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_json_null_or_a_bare_scalar_is_nothing_to_read_and_an_empty_object_is_empty(tmp_path, engine):
    """A file holding JSON ``null`` (what the HN/Firebase API answers for a missing item, saved
    as is) was read as an article without comments, exit 0, and an empty thread written; a
    bare number or boolean in a ``.json`` file likewise; ``{}`` (Firebase's empty range answer)
    was "unknown format". Now: each one ``error: FILE:`` line, ``{}`` read as ``[]`` is (empty
    but valid), whatever ``--format`` says. (A JSON string is a text: read as one.)"""
    for name, text in {"item.json": "null\n", "items.jsonl": "null\nnull\n", "nulls.json": "[null, null]",
                       "count.json": "42", "flag.json": "true"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "range.json").write_text("{ }\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("parse", *(str(p) for p in sorted(tmp_path.iterdir())), "-o", str(out), "--engine", engine)
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith(("error:", "note:"))] == [
        f"error: {tmp_path / 'count.json'}: a JSON number, not a list or object of comments: nothing to read",
        f"error: {tmp_path / 'flag.json'}: a JSON boolean, not a list or object of comments: nothing to read",
        f"error: {tmp_path / 'item.json'}: only JSON null: nothing to read (what an API answers for a missing item)",
        f"error: {tmp_path / 'items.jsonl'}: only JSON null: nothing to read (what an API answers for a missing item)",
        f"error: {tmp_path / 'nulls.json'}: only JSON null: nothing to read (what an API answers for a missing item)",
        f"note: {tmp_path / 'range.json'}: an empty JSON object: no comments"]
    assert "0 threads; 0 comments" in result.stderr and out.read_text() == ""  # {} was read: its 0 records
    forced = run("parse", str(tmp_path / "range.json"), "--format", "hackernews", "--engine", engine)
    assert forced.exit_code == 0 and forced.stdout == "", forced.stderr  # no invented "deleted" comment c1


def test_a_zip_or_workbook_says_what_to_do_with_it(tmp_path):
    """A ZIP (an export's usual download form) is unpacked, an Excel workbook saved as CSV:
    it was "binary data, not text in a supported encoding (unknown format)"."""
    import zipfile

    from conftest import SEED, run

    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.write(SEED, "comments/seed.txt")
    workbook = tmp_path / "Kommentare.bin"  # named anyhow: told by its content
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    result = run("parse", str(export), str(workbook))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"error: {export}: a ZIP archive: unpack it and parse the files (or the folder) inside" in lines
    assert (f"error: {workbook}: an Excel workbook (.xlsx), not a table we read: save it as CSV (\"CSV UTF-8\") and "
            "parse that") in lines


def test_an_html_page_saved_under_a_data_name_is_said_to_be_html(tmp_path):
    """A login page saved as ``comments.json`` (an expired session's download): an error saying
    it is HTML, not JSON (it was read, exit 0, as a page titled "Anmelden" and then counted as a
    site). A real comment page under such a name is read, with a note."""
    from conftest import jsonl_records, run

    login = tmp_path / "comments.json"
    login.write_text('<!DOCTYPE html>\n<html lang="de"><head><title>Anmelden – Mein Konto</title></head>\n<body>'
                     '<form action="/login" method="post"><label>E-Mail</label><input name="email"><button>Anmelden'
                     '</button></form>\n<p>Sitzung abgelaufen. Bitte melden Sie sich erneut an.</p></body></html>\n',
                     encoding="utf-8")
    result = run("parse", str(login))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"error: {login}: an HTML page, not JSON (a login or error page saved "
                                             "instead of the data?): no comments in it")
    page = tmp_path / "export.csv"
    page.write_bytes((FIXTURES / "wp_comments.html").read_bytes())
    result = run("parse", str(page))
    assert result.exit_code == 0, result.output
    assert f"note: {page}: named .csv but holds an HTML page: read as HTML" in result.stderr.splitlines()
    assert any(r["record"] == "comment" for r in jsonl_records(result.stdout))
