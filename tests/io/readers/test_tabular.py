"""CSV tables: the delimiter is what csv.Sniffer finds used alike on the first lines,
quoted headers included; JSON/XML and single-column text are not tables."""

from __future__ import annotations

import pytest

from comments.io.readers.tabular import _dialect, sniff_csv
from conftest import FIXTURES, read


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
