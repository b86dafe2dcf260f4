"""CSV tables: the delimiter is what csv.Sniffer finds used alike on the first lines,
quoted headers included; JSON/XML and single-column text are not tables."""

from __future__ import annotations

import csv
import json
import io

import pytest

from comments.io.readers.tabular import _dialect, sniff_csv
from conftest import FIXTURES, ROOT, broken_jsonl, corpus, jsonl_records, read, run


@pytest.mark.parametrize("head, delimiter", [
    ("id,text\n1,a\n", ","), ("id;text\n1;a\n", ";"), ("id\ttext\n1\ta\n", "\t"), ("id|text\n1|a\n", "|"),
    ('"id";"text, more"\n"1";"a, b"\n', ";"),  # a comma inside quotes is not the delimiter
    ("id;text, note\n1;a\n2;b\n3;c\n", ";"),  # the one used on every line, not the header's tie
])
def test_delimiter(head, delimiter):
    dialect = _dialect(head)
    assert dialect is not None and dialect.delimiter == delimiter and dialect.doublequote


@pytest.mark.parametrize("head", ['{"id": 1}\n', "[1, 2]\n", "<xml/>\n", "", "just one column\n"])
def test_not_a_table(head):
    assert _dialect(head) is None or not sniff_csv(head)


def test_quoted_semicolon_table_is_read_with_its_cells(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('"id";"parent_id";"author";"text"\n"1";"";"Anna";"Erstens, zweitens"\n'
                    '"2";"1";"Ben";"Ja, ""genau"" so"\n', encoding="utf-8")
    comments = read(path).comments
    assert [(c.id, c.parent_id, c.text) for c in comments] == [("1", None, "Erstens, zweitens"),
                                                              ("2", "1", 'Ja, "genau" so')]


def test_generic_csv_with_named_columns_and_formula_cell():
    result = read(FIXTURES / "generic_semicolon.csv",
                  columns={"id": "Kommentar-ID", "parent_id": "Antwort auf", "text": "Beitrag"})
    c = {c.id: c for c in result.comments}
    assert c["2"].parent_id == "1" and c["3"].parent_id == "1"
    assert c["2"].text == '=HYPERLINK("http://evil")'
    assert (c["1"].author, c["1"].created_at) == ("anna", "2021-09-16T10:00:00")


# --- lines that cannot be read: left out, counted, named (fixes10a) ---------------

def test_jsonl_with_broken_lines_keeps_the_rest_and_names_every_lost_line(tmp_path):
    from comments.io.pipeline import read_inputs

    path = broken_jsonl(tmp_path / "export.jsonl")
    result = read_inputs([str(path)])
    assert [c.id for c in result.comments] == ["1", "2", "4", "5"]
    assert result.errors == [f"{path}: 2 unreadable lines were left out (line 3: invalid JSON (truncated: the line "
                             "ends inside a value); line 4: invalid JSON (no digit after sign at character 2))"]
    assert result.lost_lines == 2 and "2 unreadable lines left out" in result.summary()


def test_many_lost_lines_are_counted_and_the_first_five_named(tmp_path):
    from comments.io.pipeline import read_inputs

    path = broken_jsonl(tmp_path / "export.jsonl", extra_bad=7)
    result = read_inputs([str(path)])
    assert len(result.comments) == 4 and result.lost_lines == 9
    (error,) = result.errors
    assert error.startswith(f"{path}: 9 unreadable lines were left out (line 3: ")
    assert "line 7: a JSON array, not an object; line 8: a JSON array" in error and error.endswith("; and 4 more)")


def test_csv_record_the_csv_module_cannot_read_is_left_out_and_named(tmp_path, monkeypatch):
    from comments.io.pipeline import read_inputs
    from comments.io.readers import tabular

    monkeypatch.setattr(tabular, "RECORD_LIMIT", 200)  # a 64 MiB cell, made small
    path = tmp_path / "export.csv"
    path.write_text("id;parent_id;author;text\n1;;Anna;Die Sperre trifft die Kunden, nicht die Regierungen.\n"
                    f'2;1;Bernd;"{"Viel zu lang. " * 40}"\n3;1;Clara;Stimmt, leider.\n', encoding="utf-8")
    limit = csv.field_size_limit()
    try:
        result = read_inputs([str(path)])
    finally:
        csv.field_size_limit(limit)  # the csv module's limit is global: not left small for other tests
    assert [c.id for c in result.comments] == ["1", "3"]
    assert result.errors == [f"{path}: 1 unreadable line was left out (line 3: invalid CSV (field larger than field "
                             "limit (200)))"]


# --- German and English column names; the missing column named (fixes10a) ---------

@pytest.mark.parametrize("header", [
    "Kommentar-ID;Eltern-ID;Autor;Datum;Kommentar;Artikel",
    "kommentar_id;antwort_auf;verfasser;erstellt_am;beitrag;thread",
    "Nr;Antwort auf;Verfasserin;Veröffentlicht;Text;Artikel-ID",
    "Comment ID,Reply To,Author Name,Published,Comment Body,Article",
])
def test_common_german_and_english_headers_are_recognised_without_column(tmp_path, header):
    sep = ";" if ";" in header else ","
    lines = io.StringIO()
    rows = [["1", "", "Anna", "2021-09-20", "Die Sperre trifft die Kunden, nicht die Regierungen.", "xiaomi"],
            ["2", "1", "Bernd", "2021-09-21", "Sehe ich auch so. Wer das Gerät kauft, dem gehört es.", "xiaomi"]]
    path = tmp_path / "export.csv"
    csv.writer(lines, delimiter=sep, lineterminator="\n").writerows(rows)
    path.write_text(header + "\n" + lines.getvalue(), encoding="utf-8")
    result = read(path)
    assert [(c.id, c.parent_id, c.author, c.created_at, c.text, c.thread_id) for c in result.comments] == [
        (r[0], r[1] or None, r[2], r[3], r[4], r[5]) for r in rows]
    assert all(c.meta == {} for c in result.comments)  # every column taken


def test_a_missing_text_column_is_named_with_the_header_and_the_fix(tmp_path):
    from comments.io.pipeline import read_inputs

    path = tmp_path / "export.csv"
    path.write_text("Kennung;Antwort auf;Verfasser;Zuschrift\n1;;Anna;Die Sperre trifft die Kunden.\n"
                    "2;1;Bernd;Sehe ich auch so, wirklich.\n3;1;Clara;Nein, das ist Gesetz.\n", encoding="utf-8")
    detected = read_inputs([str(path)])
    assert detected.errors == [
        f"{path}: unknown format: a table lacking a column a comment table needs: no id column (each comment's own "
        "id) and no text column (the comment text) among the columns: 'Kennung', 'Antwort auf', 'Verfasser', "
        "'Zuschrift'; name them with --column id=NAME --column text=NAME (or --format plaintext to read it as "
        "plain text)"]
    for options in ({"columns": {"id": "Kennung"}}, {"columns": {"id": "Kennung"}, "fmt": "csv"}):
        assert read_inputs([str(path)], **options).errors == [
            f"{path}: header: no text column (the comment text) among the columns: 'Kennung', 'Antwort auf', "
            "'Verfasser', 'Zuschrift'; name it with --column text=NAME"]
    fixed = read(path, columns={"id": "Kennung", "text": "Zuschrift"})
    assert [(c.id, c.parent_id, c.author) for c in fixed.comments] == [("1", None, "Anna"), ("2", "1", "Bernd"),
                                                                      ("3", "1", "Clara")]


def test_a_table_without_parent_column_is_read_flat_and_says_so(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Kommentar-ID;Autor;Kommentar\n1;Anna;Die Sperre trifft die Kunden.\n"
                    "2;Bernd;Sehe ich auch so, wirklich.\n", encoding="utf-8")
    result = read(path)
    assert [c.parent_id for c in result.comments] == [None, None]
    assert result.notes == [f"{path}: no parent column among the columns: 'Kommentar-ID', 'Autor', 'Kommentar': "
                            "every comment is read as top-level (name it with --column parent_id=NAME)"]


def test_a_stray_banner_line_before_the_jsonl_rows_is_named_not_the_whole_file_taken_for_text(tmp_path):
    """A banner line opening the export made the file plain text: one article, every
    comment dropped with exit 0. Now the rows are read and the banner line is the loss."""
    from comments.io.pipeline import read_inputs

    rows = broken_jsonl(tmp_path / "rows.jsonl").read_text(encoding="utf-8").split("\n")
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(["-- Export vom 20.09.2021 --", *rows[:2], *rows[4:]]), encoding="utf-8")
    result = read_inputs([str(path)])
    assert [c.id for c in result.comments] == ["1", "2", "4", "5"]
    assert result.errors == [f"{path}: 1 unreadable line was left out (line 1: invalid JSON (no digit after sign "
                             "at character 2))"]


def test_a_quote_never_closed_is_undone_or_a_problem_naming_the_lines_it_swallowed(tmp_path):
    """The csv module reads everything after an unclosed quote into one cell, silently:
    three comments became the text of one. Where each swallowed line has the header's cells
    on its own, the rows are read back (with a note); where not, it is an input problem naming the lines."""
    from comments.io.pipeline import read_inputs

    path = tmp_path / "export.csv"
    path.write_text('id;parent_id;author;text\n1;;Anna;"Die Sperre trifft die Kunden, nicht die Regierungen.\n'
                    "2;1;Bernd;Sehe ich auch so, wirklich.\n3;1;Clara;Nein, das ist geltendes Recht.\n"
                    "4;;Dieter;Custom ROM drauf und fertig.\n", encoding="utf-8")
    result = read_inputs([str(path)])
    assert [c.id for c in result.comments] == ["1", "2", "3", "4"] and result.errors == []
    assert result.comments[0].text == "Die Sperre trifft die Kunden, nicht die Regierungen."
    assert any("line 2" in n and "stray quote mark" in n for n in result.notes)
    path.write_text('id;parent_id;author;text\n1;;Anna;"Die Sperre trifft die Kunden, nicht die Regierungen.\n'
                    "Sehe ich auch so; wirklich; ganz und gar.\n3;1;Clara;Nein, das ist geltendes Recht.\n",
                    encoding="utf-8")  # a swallowed line without the header's cells: nothing to read back
    result = read_inputs([str(path)])
    assert len(result.comments) == 1
    assert result.errors == [f"{path}: line 2: a quote is never closed: lines 2–4 were read into one cell of one "
                             "record (rows among them are no comments of their own)"]


# --- counts over 999 are grouped on stderr, as everywhere else (outputs11) ----------------

def test_a_thousand_lost_lines_are_counted_with_a_thousands_separator(tmp_path):
    """The problem line and the summary printed "1202 unreadable lines" and "and 1197 more"."""
    from comments.io.pipeline import read_inputs

    path = broken_jsonl(tmp_path / "export.jsonl", extra_bad=1200)
    result = read_inputs([str(path)])
    assert result.lost_lines == 1202
    (error,) = result.errors
    assert error.startswith(f"{path}: 1,202 unreadable lines were left out (line 3: ") and error.endswith(
        "; and 1,197 more)")
    assert "; 1,202 unreadable lines left out" in result.summary()


def test_ragged_repeated_and_miscounted_rows_over_999_are_grouped_in_the_notes(tmp_path):
    """A comment export of 1,200 rows, 1,000 of them cut short, every row exported twice, and
    our own JSONL whose thread record says 2,500 comments where 1,200 are present."""
    from comments.io.pipeline import read_inputs

    rows = ["thread_id,id,parent_id,author,text"]
    for i in range(1200):
        text = f"Kommentar {i}: Die Bahn war heute wieder {i % 50} Minuten zu spät, der Anschluss in Fulda war weg."
        rows.append(f"bahn,{i},,leser{i % 97},\"{text}\"" if i >= 1000 else f"bahn,{i},,leser{i % 97}")
    table = tmp_path / "export.csv"
    table.write_text("\n".join(rows + rows[1:]) + "\n", encoding="utf-8")
    notes = "\n".join(read_inputs([str(table)]).notes)
    assert "2,000 rows have fewer cells than the header's 5 (lines " in notes
    assert "1,200 repeated rows (same id and content as an earlier row) read once" in notes

    ours = tmp_path / "ours.jsonl"
    lines = [json.dumps({"record": "thread", "site": "zeit.de", "thread_id": "bahn", "comment_count": 2500})]
    lines += [json.dumps({"record": "comment", "site": "zeit.de", "thread_id": "bahn", "id": str(i),
                          "text": f"Der Zug nach Kassel fiel zum {i}. Mal aus."}) for i in range(1200)]
    ours.write_text("\n".join(lines) + "\n", encoding="utf-8")
    notes = "\n".join(read_inputs([str(ours)]).notes)
    assert "thread bahn says 2,500 comments, 1,200 present" in notes


def test_a_url_thread_column_names_the_site_and_the_address(tmp_path):
    """A ``url``/``article_url`` column gave the thread but not the site: every site fell under the
    file name and ``compare`` by site saw one site. The source's own address wins (SPEC)."""
    from comments.io.pipeline import read_inputs

    rows = [("https://www.heise.de/news/xiaomi-123.html", "1", "", "Das ist Vertragsbruch, ganz klar."),
            ("https://www.heise.de/news/xiaomi-123.html", "2", "1", "Nein, das sind Sanktionen."),
            ("https://golem.de/news/xiaomi-9.html", "1", "", "Open Source hilft hier."),
            ("artikel-7", "1", "", "Ohne Adresse bleibt die Seite der Dateiname.")]
    for column in ("url", "article_url"):
        path = tmp_path / f"export_{column}.csv"
        path.write_text(f"{column},comment_id,reply_to,comment\n" + "".join(",".join(r) + "\n" for r in rows), "utf-8")
        for site in (None, ["mysite"]):
            threads = {pt.thread.thread_id: pt.thread for pt in read_inputs([str(path)], site=site).threads}
            assert {k: (t.site, t.url) for k, t in threads.items()} == {
                rows[0][0]: ("heise.de", rows[0][0]), rows[2][0]: ("golem.de", rows[2][0]),
                "artikel-7": (site[0] if site else path.stem, None)}


_HEAD = "id;parent_id;author;text\n1;;Anna;Die Sperre trifft die Kunden, nicht die Regierungen.\n"
_LONG = "".join(f"{i};1;Leser{i};Kommentar {i}: die Sperre trifft die Kunden.\n" for i in range(10, 6000))


@pytest.mark.parametrize("crlf", [False, True])
@pytest.mark.parametrize("final_newline", [False, True])
@pytest.mark.parametrize("long", [False, True])  # read whole, or line by line (past the first block)
def test_a_closed_multi_line_last_cell_is_no_unclosed_quote(tmp_path, crlf, final_newline, long):
    """Its cell ends in a line break like a swallowed row does: that was taken for a quote
    never closed (a false problem, exit 1)."""
    from comments.io.pipeline import read_inputs

    text = _HEAD + (_LONG if long else "") + '2;1;Bernd;"Sehe ich auch so.\n\nZweiter Absatz, mit Komma.\n"' + (
        "\n" if final_newline else "")
    path = tmp_path / "export.csv"
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))
    result = read_inputs([str(path)])
    assert result.errors == [] and not any("quote" in n for n in result.notes)
    last = result.comments[-1]
    assert last.id == "2" and last.text == "Sehe ich auch so.\n\nZweiter Absatz, mit Komma."


@pytest.mark.parametrize("crlf", [False, True])
@pytest.mark.parametrize("final_newline", [False, True])
@pytest.mark.parametrize("long", [False, True])
def test_an_unclosed_quote_is_undone_with_or_without_a_final_newline(tmp_path, crlf, final_newline, long):
    """Without a final newline the swallowing cell does not end in a line break: the
    unclosed quote went unreported and three comments silently became one's text. Each
    swallowed line has the header's cells on its own: the three rows are read back, said in a note."""
    from comments.io.pipeline import read_inputs

    first = _LONG.count("\n") if long else 0
    cut = ('2;1;Bernd;"Sehe ich auch so.\n3;1;Clara;Nein, das ist geltendes Recht.\n'
           "4;;Dieter;Custom ROM drauf und fertig.")
    text = _HEAD + (_LONG if long else "") + cut + ("\n" if final_newline else "")
    path = tmp_path / "export.csv"
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))
    result = read_inputs([str(path)])
    assert [c.id for c in result.comments[-3:]] == ["2", "3", "4"] and len(result.comments) == 4 + first
    assert result.comments[-3].text == "Sehe ich auch so." and result.errors == []
    assert any(f"(line {3 + first})" in n and "stray quote mark" in n for n in result.notes)


def test_an_unclosed_quote_on_the_last_line_alone_is_noted(tmp_path):
    """Nothing is swallowed (the cell runs to the end of its line), but the quote is said."""
    from comments.io.pipeline import read_inputs

    path = tmp_path / "export.csv"
    path.write_text(_HEAD + '2;1;Bernd;"Sehe ich auch so.', encoding="utf-8")
    result = read_inputs([str(path)])
    assert [c.text for c in result.comments][-1] == "Sehe ich auch so." and result.errors == []
    assert f"{path}: line 3: a quote is never closed (the last record, read to the end of its line)" in result.notes


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("columns", [("Autor", "Datum", "Kommentar"), ("author", "text"),
                                     ("thread_id", "author", "body")])
def test_a_table_with_a_text_column_but_no_id_column_is_read_as_comments(tmp_path, delimiter, columns):
    """A comment list exported without ids was read as an article without comments (every
    row dropped, exit 0) or refused. It is a table of comments: ids c1, c2… in row order
    within each thread (SPEC's ids for comments a source does not number), top-level, and
    a note says so and how to name the columns."""
    from comments.io.pipeline import read_inputs

    texts = ["Die Sperre trifft die Kunden, nicht die Regierungen.", "Sehe ich auch so.",
             "Nein, das ist geltendes Recht.", "Custom ROM drauf und fertig."]
    cells = {"Autor": ["Anna", "Bernd", "Clara", "Dieter"], "author": ["Anna", "Bernd", "Clara", "Dieter"],
             "Datum": ["2021-09-20", "2021-09-21", "2021-09-21", "2021-09-22"], "thread_id": ["a", "b", "a", "b"],
             "Kommentar": texts, "text": texts, "body": texts}
    lines = [delimiter.join(columns)] + [delimiter.join(f'"{cells[c][i]}"' if delimiter in cells[c][i] else cells[c][i]
                                                       for c in columns) for i in range(4)]
    path = tmp_path / ("export.tsv" if delimiter == "\t" else "export.csv")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_inputs([str(path)])
    assert result.errors == []
    assert sorted(c.text for c in result.comments) == sorted(texts)
    assert all(c.parent_id is None and c.depth == 0 for c in result.comments)
    assert {pt.thread.format for pt in result.threads} == {"csv"}
    by_thread = {pt.thread.thread_id: [c.id for c in pt.comments] for pt in result.threads}
    numbered = {"a": ["c1", "c2"], "b": ["c1", "c2"]} if "thread_id" in columns else {
        "export": ["c1", "c2", "c3", "c4"]}
    assert by_thread == numbered
    assert any(n.startswith(f"{path}: no id or parent column among the columns: ") and "c1, c2" in n
               and "--column id=NAME" in n for n in result.notes)


def test_a_table_naming_parents_without_an_id_column_is_one_error_saying_so(tmp_path):
    """Parents that point at nothing cannot be linked: one clear error, not an article."""
    from conftest import run

    path = tmp_path / "export.csv"
    path.write_text("parent,text\n,Die Sperre trifft die Kunden.\n1,Sehe ich auch so.\n", encoding="utf-8")
    result = run("parse", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"error: {path}: header: no id column (each comment's own id) among the "
                                             "columns: 'parent', 'text'; name it with --column id=NAME")


def test_json_lines_with_a_text_key_but_no_id_are_read_as_comments_too(tmp_path):
    """As a CSV without an id column (refused before: "no plausible id and text keys",
    though it had one); one JSON document with such a key is still no comment list."""
    from comments.io.pipeline import read_inputs

    path = tmp_path / "export.jsonl"
    path.write_text('{"author": "Anna", "text": "Die Sperre trifft die Kunden."}\n'
                    '{"author": "Bernd", "text": "Sehe ich auch so."}\n', encoding="utf-8")
    result = read_inputs([str(path)])
    assert result.errors == [] and [(c.id, c.author) for c in result.comments] == [("c1", "Anna"), ("c2", "Bernd")]
    assert any("no id or parent column among the columns: 'author', 'text'" in n for n in result.notes)
    single = tmp_path / "response.json"
    single.write_text('{"message": "Not found"}\n', encoding="utf-8")
    assert "unknown format" in read_inputs([str(single)]).errors[0]



@pytest.mark.parametrize("out", [None, "out.jsonl", "out.csv"])
def test_a_one_line_jsonl_is_read_as_the_text_field_named_with_column(tmp_path, out):
    """One comment exported as one JSON line whose only key the user named: it was refused
    with "no plausible id and text keys" (the key was named); now one comment, on every
    output route. A one-line document holding a list is still no comment line."""
    path = tmp_path / "one.jsonl"
    path.write_text('{"body": "Die Sperre trifft die Kunden, nicht die Betreiber."}\n', encoding="utf-8")
    args = ["parse", str(path), "--column", "text=body"] + (["-o", str(tmp_path / out)] if out else [])
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    if out is None:
        records = jsonl_records(result.stdout)
    elif out.endswith(".jsonl"):
        records = jsonl_records((tmp_path / out).read_text(encoding="utf-8"))
    else:
        records = list(csv.DictReader(io.StringIO((tmp_path / out).read_text(encoding="utf-8"))))
    texts = [r["text"] for r in records if r.get("record") in ("comment", None) and r.get("text")]
    assert texts == ["Die Sperre trifft die Kunden, nicht die Betreiber."]
    assert result.stderr.strip().endswith("1 thread; 1 comment; no repairs")
    holder = tmp_path / "page.jsonl"
    holder.write_text('{"body": "Artikel", "comments": [{"id": 1, "body": "Ein Kommentar"}]}\n', encoding="utf-8")
    from comments.io.readers.tabular import sniff_jsonl
    assert not sniff_jsonl(holder.read_text(encoding="utf-8"), {"text": "body"})


_CR_SPLIT = ("id,parent_id,author,created_at,text\n"
             "1,,Anna,2024-05-01 12:00,Die Sperre trifft die Kunden.\rNicht die Betreiber.\n"
             "2,1,Bernd,2024-05-01 12:10,Sehe ich auch so.\n"
             "3,1,Carla,2024-05-01 12:20,Erster Absatz.\rZweiter Absatz.\rDritter Absatz.\n"
             "4,,Dora,2024-05-01 12:30,\"Zitat\rim Feld\"\n")


@pytest.mark.parametrize("crlf", [False, True])
def test_a_lone_cr_in_an_unquoted_cell_is_a_line_break_not_a_phantom_row(tmp_path, crlf):
    """A lone CR in an unquoted text cell (a form that kept the user's Enter) ended the record there,
    as the csv module and Excel read it: "Nicht die Betreiber." became a comment of its own, with the
    sentence as its id, said only as a ragged row. The lines that complete the header's cells are one row."""
    from comments.io.pipeline import read_inputs

    path = tmp_path / "export.csv"
    path.write_bytes((_CR_SPLIT.replace("\n", "\r\n") if crlf else _CR_SPLIT).encode())
    result = read_inputs([str(path)])
    texts = {c.id: c.text for c in result.threads[0].comments}
    assert result.errors == [] and texts == {
        "1": "Die Sperre trifft die Kunden.\nNicht die Betreiber.", "2": "Sehe ich auch so.",
        "3": "Erster Absatz.\nZweiter Absatz.\nDritter Absatz.", "4": "Zitat\nim Feld"}
    assert [c.parent_id for c in result.threads[0].comments] == [None, "1", "1", None]
    (note,) = [n for n in result.notes if "carriage return" in n]
    assert "lines 2, 5)" in note and "read as one row" in note
    assert not any("cells than the header" in n for n in result.notes)


def test_cr_line_ends_and_cr_split_rows_that_do_not_fit_are_read_as_before(tmp_path):
    """A file with CR line ends (classic Mac) is rows, not one joined row; a CR-ended record whose next
    line would overfill the header stays as it was (a ragged row, noted)."""
    from comments.io.pipeline import read_inputs

    mac = tmp_path / "mac.csv"
    mac.write_bytes(b"id,author,text\r1,Anna,Erster.\r2,Bernd,Zweiter.\r")
    result = read_inputs([str(mac)])
    assert [(c.id, c.text) for c in result.comments] == [("1", "Erster."), ("2", "Zweiter.")]
    assert not any("carriage return" in n or "cells than the header" in n for n in result.notes)
    mac5 = tmp_path / "mac5.csv"  # short rows in a CR-only file: each CR is a line end, never a cell's line break
    mac5.write_bytes(b"id,text,parent\r1,Great post\r2,Me too\r3,Thanks!,1\r")
    result = read_inputs([str(mac5)])
    assert [(c.id, c.text, c.parent_id) for c in result.comments] == [
        ("1", "Great post", None), ("2", "Me too", None), ("3", "Thanks!", "1")]
    assert any("fewer cells" in n and "lines 2, 3)" in n for n in result.notes)
    assert not any("carriage return" in n for n in result.notes)
    short = tmp_path / "short.csv"
    short.write_bytes(b"id,author,text\n1,Anna\r2,Bernd,Zweiter.\n")
    result = read_inputs([str(short)])
    assert [(c.id, c.text) for c in result.comments] == [("1", ""), ("2", "Zweiter.")]
    assert any("fewer cells" in n and "lines 2)" in n for n in result.notes)


_SWALLOWED = ("id,parent_id,author,created_at,text\n"
              "5,,Dave,2024-05-01 12:00,This is why I will never buy a phone that can be remotely locked.\n"
              '6,5,Eve,2024-05-01 12:10,"Agreed. If I paid for it, I own it.\n'
              '7,6,Frank,2024-05-01 12:30,"Good luck with that, every vendor does it now. Apple, Samsung, all of them."\n'
              "8,5,Gina,2024-05-01 13:00,Just unlock the bootloader and flash LineageOS.\n")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_quote_left_open_mid_file_does_not_swallow_the_next_row(tmp_path, newline):
    """Row 6 opens a quote it never closes; row 7's own quote closed it, so the csv module read
    rows 6 and 7 as one ragged record: comment 7 vanished into 6's text, with only a note about
    cell counts. Each line has the header's cells on its own: both are read, and it is said."""
    from comments.io.pipeline import read_inputs

    path = tmp_path / "export.csv"
    path.write_bytes(_SWALLOWED.replace("\n", newline).encode())
    result = read_inputs([str(path)])
    texts = {c.id: c.text for c in result.threads[0].comments}
    assert list(texts) == ["5", "6", "7", "8"] and result.errors == []
    assert texts["6"] == "Agreed. If I paid for it, I own it."
    assert texts["7"].startswith("Good luck with that, every vendor") and [c.parent_id for c in
                                                                          result.threads[0].comments] == [None, "5", "6", "5"]
    (note,) = [n for n in result.notes if "quote" in n]
    assert "line 3" in note and "stray quote mark left out" in note


def test_a_closed_multi_line_cell_and_a_ragged_record_that_does_not_split_are_unchanged(tmp_path):
    from comments.io.pipeline import read_inputs

    closed = tmp_path / "closed.csv"  # a real multi-line cell: one comment, line break kept
    closed.write_text('id,parent_id,text\n1,,"Erste Zeile,\nzweite Zeile."\n2,1,Antwort.\n', encoding="utf-8")
    result = read_inputs([str(closed)])
    assert [c.text for c in result.threads[0].comments] == ["Erste Zeile,\nzweite Zeile.", "Antwort."]
    assert not [n for n in result.notes if "quote" in n]
    ragged = tmp_path / "ragged.csv"  # lines that on their own do not have the header's cells: not split
    ragged.write_text('id,parent_id,text\n1,,"Erste Zeile\nzweite, dritte, vierte Zeile" und mehr,x\n2,1,Antwort.\n',
                      encoding="utf-8")
    result = read_inputs([str(ragged)])
    assert [c.id for c in result.threads[0].comments] == ["1", "2"]
    first = result.threads[0].comments[0]
    assert (first.text, first.meta["extra_cells"], first.flags) == (
        "Erste Zeile\nzweite, dritte, vierte Zeile und mehr", ["x"], ["extra_cells"])
    assert any("1 row has more cells than the header's 3 (lines 3)" in n and "kept in meta extra_cells" in n
               for n in result.notes), result.notes


def test_the_quote_parity_tells_a_swallowing_quote_from_a_closed_multi_line_cell(tmp_path):
    """A closed multi-line cell in a ragged row (its lines, read alone, happen to have the
    header's cells) was split into an invented comment; a swallowing quote whose record has the
    header's cells was never undone. The closing quote makes the cell's last line odd."""
    from comments.io.pipeline import read_inputs

    closed = tmp_path / "closed.csv"
    closed.write_text('id,author,text\n1,ann,fine\n2,bob,"Ich stimme zu.\nAber Preise, Löhne steigen.",x\n3,carl,ok\n',
                      encoding="utf-8")
    result = read_inputs([str(closed)])
    assert [(c.id, c.text) for c in result.comments] == [
        ("1", "fine"), ("2", "Ich stimme zu.\nAber Preise, Löhne steigen."), ("3", "ok")]
    assert not any("stray quote" in n for n in result.notes)
    swallowed = tmp_path / "swallowed.csv"
    swallowed.write_text('id,author,text\n5,eve,fine\n6,anna,"I said hi\n7,bob,normal reply\n'
                         '8,carl,she said "ok" today\n9,dan,last one\n', encoding="utf-8")
    result = read_inputs([str(swallowed)])
    assert [(c.id, c.author) for c in result.comments] == [
        ("5", "eve"), ("6", "anna"), ("7", "bob"), ("8", "carl"), ("9", "dan")]
    assert result.comments[1].text == "I said hi" and any("line 3" in n for n in result.notes)


@pytest.mark.parametrize("how", [["--column", "text=Kommentar"], ["-f", "csv"]])
def test_a_table_of_one_column_named_or_forced_is_read_as_comments(tmp_path, how):
    """A bare export of comment texts (one column, no delimiter to sniff) was one article with
    every comment in its text, even when the user named the column; ``-f csv`` said "not a CSV
    table with a header row". A comma in a text does not split it."""
    path = tmp_path / "texte.csv"
    path.write_text("Kommentar\nDie Sperre ist ein Skandal.\nNein, das ist Exportrecht, leider.\n", encoding="utf-8")
    result = run("parse", str(path), *how)
    assert result.exit_code == 0, result.stderr
    comments = [r for r in jsonl_records(result.stdout) if r["record"] == "comment"]
    assert [(c["id"], c["text"]) for c in comments] == [
        ("c1", "Die Sperre ist ein Skandal."), ("c2", "Nein, das ist Exportrecht, leider.")]
    assert "cells than the header" not in result.stderr
    plain = run("parse", str(path))  # unnamed, undetected: plain text as before, and said
    assert "no comment section recognised" in plain.stderr


def test_a_quoted_column_under_a_text_header_is_a_table_without_being_named(tmp_path):
    """A spreadsheet's column of comments (header ``text``, cells quoted: they hold commas) was
    "no comment section recognised" unless the user named the column. Prose under a heading
    "Text" (no quoted records) stays plain text."""
    path = tmp_path / "handles.csv"
    path.write_text('text\n"@krippmarie @feldenfrizz Das ist doch alles Unsinn, wirklich"\n'
                    '"Er sagte ""nein"", und\nging."\nohne Komma\n', encoding="utf-8")
    result = run("parse", str(path))
    assert result.exit_code == 0, result.stderr
    comments = [r for r in jsonl_records(result.stdout) if r["record"] == "comment"]
    assert [c["text"] for c in comments] == ["@krippmarie @feldenfrizz Das ist doch alles Unsinn, wirklich",
                                             'Er sagte "nein", und\nging.', "ohne Komma"]
    assert "no id or parent column" in result.stderr
    for prose in ('Text\nDas ist ein Absatz, mit Komma.\n"Zitat", sagte sie.\nNoch ein Satz.\n',
                  'Inhalt\nErstens, zweitens.\nDrittens.\n'):
        assert not sniff_csv(prose)


#: A user's own export: plain text that holds what looks like tags (math, code, a quote), and
#: a CMS export row that is HTML. Plain text is kept as given; HTML is still stripped.
PLAIN_AND_HTML = [
    ("1", "Die Formel a<b und b>c gilt, also a<c."),
    ("2", "std::vector<int> and std::map<std::string, int>"),
    ("3", "Wrap it in <b> tags or write <script> blocks; x < y and y > z."),
    ("4", "x<y>z"),
    ("5", "I <3 this -> mehr <<Zitat>> „so“\nzweite Zeile"),
    ("6", "<p>Das ist <b>gut</b> &amp; richtig.</p><p>Zweiter&nbsp;Absatz</p>"),
]
KEPT = [text for _, text in PLAIN_AND_HTML[:5]] + ["Das ist gut & richtig.\n\nZweiter Absatz"]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_plain_text_is_kept_and_html_is_stripped_per_text(tmp_path, suffix):
    """Tables and JSON lines carry plain text or HTML: each text is read as HTML only when it
    is markup, on the general path and the columnar fast path alike (same bytes out)."""
    path = tmp_path / f"export{suffix}"
    if suffix == ".csv":
        handle = io.StringIO()
        csv.writer(handle).writerows([("id", "parent_id", "text"), *((i, "", t) for i, t in PLAIN_AND_HTML)])
        path.write_text(handle.getvalue(), encoding="utf-8")
    else:
        path.write_text("".join(json.dumps({"id": i, "parent_id": None, "text": t}) + "\n"
                                for i, t in PLAIN_AND_HTML), encoding="utf-8")
    assert [c.text for c in read(path).comments] == KEPT
    general = run("parse", "-q", str(path))
    assert general.exit_code == 0 and general.stderr == ""
    assert [r["text"] for r in jsonl_records(general.stdout) if r["record"] == "comment"] == KEPT
    ours = tmp_path / "ours.jsonl"
    ours.write_text(general.stdout, encoding="utf-8")  # our own output reads back unchanged
    assert [c.text for c in read(ours).comments] == KEPT
    if suffix == ".jsonl":  # the columnar fast path reads the dump to the same bytes
        from comments.io import fastpath

        fastpath.convert(path, tmp_path / "fast.jsonl", None, "export", {}, str(path))
        assert (tmp_path / "fast.jsonl").read_text(encoding="utf-8") == general.stdout


#: Tweets with labels, tab-separated, no header row (as GermEval 2018 ships them).
HEADERLESS = ("@anna Liebe Anna, wir würden dich gerne als Moderatorin gewinnen! Wärst du dabei?\tOTHER\tOTHER\n"
              "@bernd Sie haben ja auch Recht. Unser Tweet war missverständlich.\tOTHER\tOTHER\n"
              "@carla So ein Unsinn, typisch für diese Partei.\tOFFENSE\tINSULT\n")


def test_a_table_without_header_row_is_said_so_and_read_by_position(tmp_path):
    """The advice "name them with --column FIELD=NAME" cannot work without a header: the
    error says to add one, and --column text=1 (counted from 1) reads every row, the first too."""
    path = tmp_path / "tweets.txt"
    path.write_text(HEADERLESS, encoding="utf-8")
    refused = run("parse", str(path))
    assert refused.exit_code == 1 and refused.stderr.splitlines()[0] == (
        f"error: {path}: unknown format: a table without a header line (its first line is a row of data, so its "
        "columns have no names --column could give): add a first line naming the columns, e.g. text, then "
        "--column text=NAME, or name them by position: --column text=1 (counted from 1)")
    comments = read(path, columns={"text": "1"}).comments
    assert [c.text for c in comments] == [line.split("\t")[0] for line in HEADERLESS.splitlines()]
    assert [c.meta for c in comments][2] == {"2": "OFFENSE", "3": "INSULT"}
    beyond = run("parse", str(path), "--column", "text=4")
    assert beyond.exit_code == 1 and "no column '4' (for text) among the columns: '1', '2', '3'" in beyond.stderr
    named = tmp_path / "named.tsv"  # a header row: positions are no names of it
    named.write_text("text\tlabel\tfine\n" + HEADERLESS, encoding="utf-8")
    assert [c.text for c in read(named).comments] == [c.text for c in comments]
    assert run("parse", str(named), "--column", "text=1").exit_code == 1


@pytest.mark.parametrize("hint", ["sep=\t", '"sep=\t"'])
def test_excel_sep_line_over_a_table_without_header_row_is_skipped_before_positions(tmp_path, hint):
    """Excel's ``sep=`` first line over a headerless table (review23a F8): ``--column text=1`` failed
    ("no column '1'", the first tweet listed as a column name) because the positions were counted on
    the sep line. Now the rows are read as without it, the first too, by parse, report and Dask's
    header (``header_columns``); the note shows the tab the line names."""
    from comments.io.readers.tabular import header_columns

    path = tmp_path / "tweets.tsv"
    path.write_text(f"{hint}\n{HEADERLESS}", encoding="utf-8")
    plain = tmp_path / "plain.tsv"
    plain.write_text(HEADERLESS, encoding="utf-8")
    corpus = read(path, columns={"text": "1"})
    assert [(c.text, c.meta) for c in corpus.comments] == [(c.text, c.meta) for c in read(plain, columns={"text": "1"}).comments]
    assert len(corpus.comments) == 3 and corpus.comments[0].text.startswith("@anna Liebe Anna")
    assert any("Excel's delimiter hint: the table read with the delimiter '\\t'" in n and "sep=\\t" in n
               for n in corpus.notes), corpus.notes
    assert header_columns(path.read_text(encoding="utf-8"), {"text": "1"}) == ["1", "2", "3"]
    refused = run("parse", str(path))  # without positions: the headerless hint, not "no id column among …@anna"
    assert refused.exit_code == 1 and "a table without a header line" in refused.stderr
    report = run("report", "depth", str(path), "--column", "text=1", "--out", str(tmp_path / "rep"))
    assert report.exit_code == 0 and report.stderr.splitlines()[-1] == "1 thread; 3 comments; no repairs", report.stderr


def test_a_header_row_naming_the_positions_given_is_the_header(tmp_path):
    """A header with numbers as column names (``text,1,2``) looks like data, and with positions given
    (``--column text=1``) it was read as a row: "text" became a comment, no note (review23b #4). The
    user's own numbers are its names, so it is the header, read by name, and a note says which reading
    was taken; a headerless table whose first row lacks a number given is still read by position."""
    path = tmp_path / "labels.csv"
    path.write_text("text,1,2\ndie zahlen stammen vom amt,0,1\nlügner und betrüger alle,1,0\n"
                    "danke für den hinweis,0,1\n", encoding="utf-8")
    corpus = read(path, columns={"text": "text", "author": "2"})  # a name given: by name, as before
    assert [c.text for c in corpus.comments] == ["die zahlen stammen vom amt", "lügner und betrüger alle",
                                                 "danke für den hinweis"]
    by_number = read(path, columns={"text": "1", "author": "2"})
    assert [(c.text, c.author, c.meta) for c in by_number.comments] == [
        ("0", "1", {"text": "die zahlen stammen vom amt"}), ("1", "0", {"text": "lügner und betrüger alle"}),
        ("0", "1", {"text": "danke für den hinweis"})]
    assert ("the first line ('text', '1', '2') holds the column names given (1, 2): read as the header, its columns "
            "by name (positions count a table's columns only where its first line is a row of data)") in " ".join(
                by_number.notes)
    other = tmp_path / "data.csv"  # the first row holds 1 but not 3: data, read by position
    other.write_text("die zahlen stammen vom amt,1,0\nlügner und betrüger alle,0,1\n", encoding="utf-8")
    assert [c.text for c in read(other, columns={"text": "1", "author": "3"}).comments] == [
        "die zahlen stammen vom amt", "lügner und betrüger alle"]


def test_germeval_2018_reads_by_position():
    path = corpus("labeled_de/germeval2018/germeval2018.training.txt")
    result = run("parse", str(path), "--column", "text=1")
    assert result.exit_code == 0 and result.stderr.splitlines()[-1] == "1 thread; 5,009 comments; no repairs"
    first = jsonl_records(result.stdout)[1]
    assert first["text"].startswith("@corinnamilborn Liebe Corinna") and first["meta"] == {"2": "OTHER", "3": "OTHER"}


@pytest.mark.parametrize("out", [None, "out.jsonl"])
def test_raw_control_characters_inside_json_strings_are_read_not_lost(tmp_path, out):
    """An exporter that wrote the user's Enter (a lone CR) or a tab unescaped inside a JSON string:
    the CR split the line in two and both halves were left out as invalid JSON (and the tab's line
    too), the comment lost and its reply made an orphan. Now read with those characters, noted; a
    file with classic Mac line ends (CR between objects) is still one object per piece."""
    path = tmp_path / "export.jsonl"
    path.write_bytes(b'{"id": "1", "author": "Anna", "text": "Erste Zeile\rzweite Zeile"}\n'
                     b'{"id": "2", "parent_id": "1", "author": "Bernd", "text": "Spalte\teins"}\n'
                     b'{"id": "3", "parent_id": "1", "author": "Carla", "text": "Sehe ich auch so."}\n')
    result = run("parse", str(path), *(["-o", str(tmp_path / out)] if out else []))
    assert result.exit_code == 0, result.stderr
    records = jsonl_records(result.stdout if out is None else (tmp_path / out).read_text(encoding="utf-8"))
    comments = [(r["id"], r["parent_id"], r["text"]) for r in records if r["record"] == "comment"]
    assert comments == [("1", None, "Erste Zeile\nzweite Zeile"), ("2", "1", "Spalte\teins"), ("3", "1", "Sehe ich auch so.")]
    assert "note: " + str(path) + ": 2 lines with control characters (tab, carriage return, …) written raw inside a JSON " \
           "string, which JSON does not allow (first line 1): read with those characters" in result.stderr
    mac = tmp_path / "mac.jsonl"
    mac.write_bytes(b'{"id": "1", "text": "Erster."}\r{"id": "2", "parent_id": "1", "text": "Zweiter."}\r')
    from comments.io.pipeline import read_inputs
    got = read_inputs([str(mac)])
    assert got.errors == [] and [(c.id, c.parent_id, c.text) for c in got.comments] == [
        ("1", None, "Erster."), ("2", "1", "Zweiter.")]


@pytest.mark.parametrize("out", [None, "out.parquet"])
def test_raw_control_characters_are_the_only_thing_the_lenient_json_read_allows(tmp_path, out):
    """The retry for a line with raw control characters read it with stdlib json (strict=False),
    which also accepts NaN, Infinity and lone surrogates: whether such a line survived depended on
    an unrelated tab. Now the controls are escaped and the line re-read by the same strict parser:
    a line with NaN or a lone surrogate is left out with a tab or without; whitespace tabs between
    tokens stay whitespace. The error is the strict parser's, placed in the line as given."""
    from comments.io.readers.base import line_problem

    path = tmp_path / "nan.jsonl"
    path.write_bytes(b'{"id": "1", "text": "a\tb", "score": NaN}\n{"id": "2", "text": "ab", "score": NaN}\n'
                     b'{"id": "3", "text": "tab\there \\ud800 x"}\n{"id": "4", "text": "Infinity"}\n'
                     b'{"id": "5",\t"text": "x\ty\rz", "score": 1}\n{"id": "6", "score": Infinity, "text": "c\td"}\n')
    result = run("parse", str(path), *(["-q", "-o", str(tmp_path / out)] if out else []))
    assert result.exit_code == 1
    assert "4 unreadable lines were left out (line 1: invalid JSON (unexpected character, expected a JSON value " \
           "at character 37)" in result.stderr  # what is wrong (NaN, not the tab), placed in the line as given
    if out is None:
        comments = [(r["id"], r["text"]) for r in jsonl_records(result.stdout) if r["record"] == "comment"]
        assert comments == [("4", "Infinity"), ("5", "x\ty\nz")]
    else:
        import pyarrow.parquet as pq
        assert pq.read_table(tmp_path / out).column("id").to_pylist() == ["4", "5"]
    assert line_problem('{"id": "1", "text": "a\tb", "score": NaN}') is not None
    assert line_problem('{"id": "1", "text": "a\tb \\"q\\" \t", "n": [1,\t2]}') is None


@pytest.mark.parametrize("shift", range(0, 60, 7))
def test_a_quoted_column_is_a_table_wherever_the_sniffed_head_ends(tmp_path, shift):
    """The format is told from the first 64 KiB: where that head ends inside a quoted cell of
    several lines, the cell still counts as a quoted record (it read as 0 comments or 400,
    depending on where the cut fell)."""
    cells = [f'"Kommentar {i}{"x" * shift}, mit Komma.\nUnd eine zweite Zeile dazu, etwas länger als die erste."'
             for i in range(1, 1401)]
    path = tmp_path / "spalte.csv"
    path.write_text("text\n" + "\n".join(cells) + "\n", encoding="utf-8")
    result = run("parse", str(path))
    assert result.exit_code == 0, result.stderr
    assert len([r for r in jsonl_records(result.stdout) if r["record"] == "comment"]) == 1400


def _forum_texts() -> list[str]:
    """200 real-looking comments (the team-written forum13 set, in file order), some of them
    given a second paragraph: 140 that a csv writer leaves unquoted and 60 it must quote
    (commas, quote marks, line breaks) — a section of short comments."""
    rows = [json.loads(line) for line in (ROOT / "data/labelled/forum13/texts.jsonl").read_text("utf-8").splitlines()]
    plain = [r["text"] for r in rows if not any(ch in r["text"] for ch in ',"\n;')][:140]
    quoted = [r["text"] for r in rows if any(ch in r["text"] for ch in ',"')][:60]
    quoted = [t + "\n\nEdit: danke für die Antworten!" if i % 6 == 0 else t for i, t in enumerate(quoted)]
    return [t for pair in zip(plain[:60], quoted) for t in pair] + plain[60:]


@pytest.mark.parametrize("delimiter,header,bom", [(",", "text", False), (";", "Kommentar", True), ("\t", "comment", False)],
                         ids=["python-csv", "excel-de-csv-utf8", "tab"])
def test_a_mostly_unquoted_column_of_comments_is_a_table(tmp_path, delimiter, header, bom):
    """A column of comments saved with the default quoting of Python's csv and Excel (only cells
    that hold the delimiter, a quote mark or a line break are quoted) was "no comment section
    recognised" when most cells are unquoted; every cell is now one comment, as written."""
    texts = _forum_texts()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([header])
    writer.writerows([t] for t in texts)
    unquoted = sum(not line.startswith('"') for line in buffer.getvalue().split("\r\n")[1:] if line)
    assert unquoted > len(texts) / 2
    path = tmp_path / "kommentare.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))
    result = run("parse", str(path))
    assert result.exit_code == 0, result.stderr
    records = jsonl_records(result.stdout)
    assert records[0]["format"] == "csv" and [r["text"] for r in records[1:]] == texts
    assert "no comment section recognised" not in result.stderr


def test_plain_text_under_a_text_heading_with_quoted_lines_stays_plain_text():
    """A page that opens with a "Text" heading and quotes readers line by line (each line one
    quotation) read as a one-column table of 14 rows: its comment section was lost. Quoted lines
    with nothing a csv writer must quote are no table's cells."""
    result = read(FIXTURES / "leserstimmen_text.txt")
    assert [pt.thread.format for pt in result.threads] == ["plaintext"]
    assert [c.text for c in result.comments] == [
        "Die Brücke ist überfällig. Wer morgens mit dem Rad zum Hafen fährt, weiß warum.",
        "Quelle für die Kosten? Im Artikel steht keine Zahl.", "Hoffentlich wird sie breit genug für Lastenräder."]
    assert '"Endlich tut sich was für Radfahrer in Bremerhaven."' in result.threads[0].thread.article_text
    head = (FIXTURES / "leserstimmen_text.txt").read_text(encoding="utf-8")
    assert not sniff_csv(head)
    # the same quotations as a csv writer's column (quoted only where a cell holds a comma) are a table
    column = 'Text\n"Schön wäre es, wenn die Brücke nachts beleuchtet wird."\nFür die Kinder ein Segen.\n'
    assert sniff_csv(column)
    for prose in ('Text\n"Ein ganzer Satz als Zitat."\nDas ist ein Absatz, mit Komma.\n',  # a quote with no need
                  'Text\n"Er sagte, es gehe."\nDann sagte er "nein" und ging.\n'):  # a quote mark in a line
        assert not sniff_csv(prose)


def test_latin1_export_keeps_line_breaks_of_a_cell_with_entities(tmp_path):
    """An old CMS's semicolon CSV in Latin-1: a cell holding a numeric entity (a character the form could not
    store) keeps its line break like every other cell."""
    path = tmp_path / "wattenblatt.csv"
    path.write_bytes(
        "Nr;Artikel;Antwort auf;Verfasser;Datum;Kommentar\r\n"
        '1;https://www.wattenblatt.de/a;;Anna;10.11.2026 08:37;"Erste Zeile &#8222;zitiert&#8220;\r\nZweite Zeile"\r\n'
        '2;https://www.wattenblatt.de/a;1;Björn;10.11.2026 08:40;"Erste Zeile\r\nZweite Zeile"\r\n'.encode("latin-1"))
    result = run("parse", str(path), "-o", str(tmp_path / "out.jsonl"), "-q")
    assert result.exit_code == 0, result.output
    texts = [r["text"] for r in jsonl_records((tmp_path / "out.jsonl").read_text()) if r["record"] == "comment"]
    assert texts == ["Erste Zeile „zitiert“\nZweite Zeile", "Erste Zeile\nZweite Zeile"]


def test_cells_beyond_the_header_are_joined_back_or_kept_never_dropped(tmp_path):
    """An old CMS writes ';' tables without quoting: a text holding '&#8211;' (or any ';') splits into more
    cells than the header. Those cells are the rest of the last one, joined back and flagged; a row with
    quoted cells and a cell too many keeps the extra cell in meta. Before, both were cut off with only a note."""
    from comments.io.pipeline import read_inputs

    unquoted = tmp_path / "cms.csv"
    unquoted.write_text(
        "Nr;Verfasser;Kommentar\n"
        "1;Jürgen;12 % mehr &#8211; bei zwei Kindern sind das fast 90 € im Monat; wie soll das gehen?\n"
        "2;Heike;Stimmt genau.\n", encoding="utf-8")
    result = read_inputs([str(unquoted)])
    first, second = result.comments
    assert first.text == "12 % mehr – bei zwei Kindern sind das fast 90 € im Monat; wie soll das gehen?"
    assert first.flags == ["joined_cells"] and second.flags == [] and first.meta == {}
    assert any("1 row has more cells than the header's 3 (lines 2): in a row without quote marks whose last "
               "column, 'Kommentar', is the text they are the rest of it (split at an unquoted ';') and joined back"
               in n for n in result.notes), result.notes
    assert not any("\\x00" in n or "\x00" in n for n in result.notes), result.notes
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('id,author,text\n1,ann,"Ich stimme zu, aber nicht ganz.",x,y\n2,bob,ok\n', encoding="utf-8")
    result = read_inputs([str(quoted)])
    assert [(c.text, c.meta, c.flags) for c in result.comments] == [
        ("Ich stimme zu, aber nicht ganz.", {"extra_cells": ["x", "y"]}, ["extra_cells"]), ("ok", {}, [])]


def test_cells_beyond_the_header_join_only_a_last_text_column(tmp_path):
    """Joining is right only when the text is the last column; otherwise the cells beyond the header are kept
    (the shifted cells are flagged, not guessed). An empty cell beyond the header is the rest of the text too:
    an entity's ';' ending an unquoted text ("Danke! &#128077;")."""
    from comments.io.pipeline import read_inputs

    middle = tmp_path / "middle.csv"
    middle.write_text("id;text;author\n1;Das ist gut &#8211; sehr gut;ann\n2;Zweiter;bob\n", encoding="utf-8")
    first, second = read_inputs([str(middle)]).comments
    assert (first.meta, first.flags) == ({"extra_cells": ["ann"]}, ["extra_cells"])
    assert second.flags == [] and second.text == "Zweiter"
    last = tmp_path / "last.csv"
    last.write_text("id;author;text\n1;ann;Danke! &#128077;\n2;bob;ok\n", encoding="utf-8")
    assert [(c.text, c.flags) for c in read_inputs([str(last)]).comments] == [
        ("Danke! 👍", ["joined_cells"]), ("ok", [])]


def test_a_source_column_named_extra_cells_keeps_its_value(tmp_path):
    """Cells beyond the header go to meta ``extra_cells``; a column of the source's with that
    name keeps its cells, ours go to ``extra_cells~2`` (said in a note)."""
    from comments.io.pipeline import read_inputs

    path = tmp_path / "export.csv"
    path.write_text('id;text;extra_cells;author\n1;"Stimmt, aber";"Moderation: ok";ann;x\n2;"Gut";"";bob\n',
                    encoding="utf-8")
    result = read_inputs([str(path)])
    assert [(c.meta, c.flags) for c in result.comments] == [
        ({"extra_cells": "Moderation: ok", "extra_cells~2": ["x"]}, ["extra_cells"]), ({"extra_cells": ""}, [])]
    assert f"{path}: the source's own field 'extra_cells' kept in meta as given: cells beyond the header are in " \
           "meta 'extra_cells~2'" in result.notes


# --- repeated column names and keys ------------------------------------------------------

#: A CMS export that wrote the original and the moderated text, and the display and login name,
#: under the same column names.
_TWICE_CSV = ("id,parent_id,text,text,author,author\n"
              "1,,Das Tempolimit kommt endlich,Das Tempolimit kommt endlich [moderiert],Jana K.,jana_k\n"
              "2,1,Quelle?,Quelle? [moderiert],Tom,tom1983\n")
_TWICE_JSONL = ('{"id": "1", "parent_id": null, "text": "Das Tempolimit kommt endlich", "author": "Jana K."}\n'
                '{"id": "2", "parent_id": "1", "text": "Quelle?", "author": "Tom", "text": "Quelle? [moderiert]", '
                '"meta": {"votes": 3, "votes": 4}}\n')


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_a_repeated_column_name_keeps_every_column(tmp_path, suffix):
    """A header naming ``text`` and ``author`` twice: the first column of each name is read
    (as pandas does), the later ones are kept in meta as ``text~2``/``author~2`` and noted;
    csv.DictReader would keep the last and drop the first without a word."""
    source, result, got = _parsed(tmp_path / "forum.example__export.csv", _TWICE_CSV, suffix)
    assert [(c["text"], c["author"]) for c in got] == [("Das Tempolimit kommt endlich", "Jana K."), ("Quelle?", "Tom")]
    assert [_meta(c) for c in got] == [{"text~2": "Das Tempolimit kommt endlich [moderiert]", "author~2": "jana_k"},
                                       {"text~2": "Quelle? [moderiert]", "author~2": "tom1983"}]
    assert (f"note: {source}: the header repeats 2 column names (first 'text'): the first column "
            "of a name is read, later ones are kept in meta as 'text~2', 'author~2'") in result.stderr


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_a_key_repeated_within_a_json_line_keeps_every_value(tmp_path, suffix):
    """``"text"`` twice in one NDJSON object (the json modules keep the last): the first value is
    the text, the later one is in meta as ``text~2``; nested maps likewise; on the general path
    and the columnar one (``.parquet``), with one note naming the first line."""
    source, result, got = _parsed(tmp_path / "forum.example__export.jsonl", _TWICE_JSONL, suffix)
    assert [c["text"] for c in got] == ["Das Tempolimit kommt endlich", "Quelle?"]
    assert _meta(got[1]) == {"text~2": "Quelle? [moderiert]", "meta": {"votes": 3, "votes~2": 4}}
    assert (f"note: {source}: 1 line repeats a key within one object (first: line 2, 'votes'): "
            "the first value is read, later ones are kept under 'votes~2', 'text~2' (in meta)") in result.stderr


def test_a_string_holding_a_quoted_colon_is_read_once(tmp_path):
    """A text quoting JSON (``\\"a\\": 1``) has more key-like ends than keys: parsed again,
    nothing renamed, no note."""
    source = tmp_path / "t.jsonl"
    source.write_text('{"id": "1", "parent_id": null, "text": "Er schrieb {\\"a\\": 1} und {\\"a\\" : 2}"}\n',
                      encoding="utf-8")
    result = run("parse", str(source))
    comment = jsonl_records(result.stdout)[1]
    assert comment["text"] == 'Er schrieb {"a": 1} und {"a" : 2}' and comment["meta"] == {}
    assert "repeat" not in result.stderr


def _parsed(source, text: str, suffix: str):
    """``text`` written to ``source`` and parsed to ``out{suffix}``: (source, the CLI result, the comment records)."""
    source.write_text(text, encoding="utf-8")
    out = source.with_name(f"out{suffix}")
    result = run("parse", str(source), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return source, result, [r for r in _records(out) if r["record"] == "comment"]


def _records(path) -> list[dict]:
    if path.suffix == ".jsonl":
        return jsonl_records(path.read_text(encoding="utf-8"))
    import pyarrow.parquet as pq

    threads = pq.read_table(path.with_name(path.stem + ".threads.parquet")).to_pylist()
    return [{"record": "thread", **t} for t in threads] + [{"record": "comment", **c} for c in pq.read_table(path).to_pylist()]


def _meta(record: dict) -> dict:
    return json.loads(record["meta"]) if isinstance(record["meta"], str) else record["meta"]


#: A CMS export: the article was retitled while its comments came in; each row carries the title of its day.
_RETITLED = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [
    {"thread_id": "tempolimit-2024", "title": "Tempolimit: Bundestag stimmt heute ab", "id": "1", "parent_id": None,
     "created_at": "2024-05-02T09:00:00Z", "text": "Endlich wird abgestimmt."},
    {"thread_id": "tempolimit-2024", "title": "Tempolimit: Bundestag stimmt heute ab", "id": "2", "parent_id": "1",
     "created_at": "2024-05-02T09:05:00Z", "text": "Mal sehen."},
    {"thread_id": "tempolimit-2024", "title": "Tempolimit abgelehnt (aktualisiert)", "id": "3", "parent_id": None,
     "created_at": "2024-05-02T15:00:00Z", "text": "Schade."},
    {"thread_id": "tempolimit-2024", "title": None, "id": "4", "parent_id": "3", "created_at": "2024-05-02T15:10:00Z",
     "text": "Wie erwartet."},
])


@pytest.mark.parametrize("suffix", [None, ".jsonl", ".parquet"])
def test_a_row_naming_another_thread_title_keeps_it_in_meta(tmp_path, suffix):
    """Rows of one thread naming two titles: the thread keeps the first row's, the other title
    is in that comment's meta under the source's column, one note names the count and the
    first such row (it was dropped without a word); stdout, the fast path's JSONL and Parquet alike."""
    source = tmp_path / "zeitung.example__export.jsonl"
    source.write_text(_RETITLED, encoding="utf-8")
    out = tmp_path / f"out{suffix}" if suffix else None
    result = run("parse", str(source), *(["-o", str(out)] if out else []))
    assert result.exit_code == 0, result.stderr
    records = jsonl_records(result.stdout) if out is None else _records(out)
    assert [r["title"] for r in records if r["record"] == "thread"] == ["Tempolimit: Bundestag stimmt heute ab"]
    metas = {r["id"]: _meta(r) for r in records if r["record"] == "comment"}
    assert metas == {"1": {}, "2": {}, "3": {"title": "Tempolimit abgelehnt (aktualisiert)"}, "4": {}}
    assert (f"note: {source}: 1 comment names another title for its thread than the thread's first row (first: "
            "thread 'tempolimit-2024', comment '3': 'Tempolimit abgelehnt (aktualisiert)'): the thread keeps the first "
            "row's title, the other is kept in the comment's meta 'title'") in result.stderr


def test_review_a_deep_line_a_spaced_repeat_and_many_repeats_keep_every_value(tmp_path):
    """(review) A line nested 480 objects deep is read (counting its keys was a RecursionError
    that refused the file); a key repeated after another written with a space before its colon
    is still found; a key repeated 20,000 times is read in linear time (each repeat's name is
    numbered on from the last, not from ~2)."""
    import time

    deep = '{"id": "2", "text": "tief", "m": ' + '{"a": ' * 480 + "1" + "}" * 481  # under the 500-level limit
    spaced = '{"id": "3", "text": "first", "author": "a", "thread_id" : "t", "text": "second"}'
    many = '{"id": "4", "text": "viele", ' + ", ".join(['"x": 1'] * 20_000) + "}"
    source = tmp_path / "t.jsonl"
    source.write_text("\n".join(['{"id": "1", "text": "ok"}', deep, spaced, many]) + "\n", encoding="utf-8")
    start = time.process_time()
    result = run("parse", str(source))
    assert time.process_time() - start < 20 and result.exit_code == 0, result.stderr
    got = {c["id"]: c for c in jsonl_records(result.stdout) if c["record"] == "comment"}
    assert sorted(got) == ["1", "2", "3", "4"]
    assert got["3"]["text"] == "first" and got["3"]["meta"]["text~2"] == "second"
    assert got["4"]["meta"]["x~20000"] == 1 and len(got["4"]["meta"]) == 20_000


def test_review_a_retitled_comment_given_twice_keeps_its_title_once(tmp_path):
    """(review) A comment naming another thread title, repeated as one row per label: its
    ``meta`` keeps that title as one value (not ["Title B", null]) and only the label varies."""
    source = tmp_path / "labels.csv"
    source.write_text("thread_id,id,parent_id,author,text,title,label\nt1,1,,ann,hello,Title A,x\n"
                      "t1,2,1,bob,reply,Title B,y\nt1,2,1,bob,reply,Title B,z\n", encoding="utf-8")
    result = run("parse", str(source))
    reply = [c for c in jsonl_records(result.stdout) if c.get("id") == "2"][0]
    assert reply["meta"] == {"label": ["y", "z"], "title": "Title B"}
    assert "kept as lists in meta: label\n" in result.stderr
