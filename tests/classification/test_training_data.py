"""Reading ``train --data``: a labelled CSV read the way ``parse`` reads a CSV."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from comments.classification.training_data import TrainingDataError, read_training_csv

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_excel_sep_line_names_the_delimiter_of_training_data():
    """German Excel's "CSV (Trennzeichen-getrennt)" with its ``sep=;`` first line (Windows-1252,
    CRLF): the line names the delimiter, as in parse. It was read as the header (TypeError)."""
    texts, labels = read_training_csv(str(FIXTURES / "train_excel_sep.csv"), "text", [])
    assert len(texts) == 12 and texts[0] == "Du Idiot, halt einfach die Klappe."
    assert texts[5] == "Ich sehe das ähnlich; das Tempolimit wäre überfällig."
    assert labels["hostile"].tolist() == [1, 0] * 6


def test_rows_that_do_not_fit_the_header_are_named_by_line(tmp_path):
    """An unquoted comma in a text (line 4) and a file cut inside its last row (line 14):
    one error naming the file and both lines, never a Python exception or a blamed label column."""
    for spec in ([], ["hostile"], ["hostile=rude"]):
        with pytest.raises(TrainingDataError) as caught:
            read_training_csv(str(FIXTURES / "train_ragged.csv"), "text", spec)
        assert str(caught.value) == (f"{FIXTURES / 'train_ragged.csv'}: 2 rows do not have the header's 2 cells "
                                     "(lines 4, 14): an unquoted delimiter in a text, or a file cut short? "
                                     "Quote such cells or fix those rows")
    # a misspelt --text-column on such a file: still the row problem, not a TypeError building the message
    with pytest.raises(TrainingDataError, match="lines 4, 14"):
        read_training_csv(str(FIXTURES / "train_ragged.csv"), "comment", [])
    fixed = tmp_path / "fixed.csv"
    fixed.write_text("\n".join(FIXTURES.joinpath("train_ragged.csv").read_text(encoding="utf-8").splitlines()[:-1])
                     .replace("Was für ein Schwachsinn, typisch Lügenpresse!", '"Was für ein Schwachsinn, typisch '
                              'Lügenpresse!"') + "\n", encoding="utf-8")
    assert len(read_training_csv(str(fixed), "text", [])[0]) == 12


def test_a_quote_never_closed_is_an_error_naming_the_line(tmp_path):
    data = tmp_path / "train.csv"
    shutil.copy(FIXTURES / "train_excel_sep.csv", data)
    raw = data.read_bytes().replace(b"Gibt es dazu", b'"Gibt es dazu', 1)
    data.write_bytes(raw)
    with pytest.raises(TrainingDataError, match=r"train\.csv: line 10: a quote is never closed"):
        read_training_csv(str(data), "text", [])


def test_a_table_without_a_header_row_is_read_by_position_as_parse_reads_it():
    """GermEval 2018's layout (tweet, coarse label, 0/1; tab-separated, no header line): the
    first tweet was taken as the header, listed as a column name, and ``--text-column 1`` was
    refused. Now, as ``parse --column text=1``: columns named by position are "1", "2", …, every
    row read; a column name on such a table says the table has no header line and what to give."""
    data = str(FIXTURES / "train_headerless.tsv")
    texts, labels = read_training_csv(data, "1", ["3=hostile"])
    assert len(texts) == 12 and texts[0].startswith("@tagesschau Danke") and labels["hostile"].tolist() == [0, 1] * 6
    with pytest.raises(TrainingDataError, match="column '2' is not 0/1"):
        read_training_csv(data, "1", ["2"])
    with pytest.raises(TrainingDataError) as caught:
        read_training_csv(data, "text", [])
    assert str(caught.value).startswith(f"{data}: no text column 'text' (the table has no header line: its first line "
                                        "is a row of data, so its 3 columns have no names; name them by position")
    assert "--text-column 1 --label 2=NAME" in str(caught.value) and "@tagesschau" not in str(caught.value)
    # a table with a header: a position is no column name there (as in parse)
    with pytest.raises(TrainingDataError, match=r"no text column '1' \(columns: text, hostile\)"):
        read_training_csv(str(FIXTURES / "train_excel_sep.csv"), "1", [])


def test_germeval_2018_is_read_whole_by_position_as_read_reads_it():
    """The real file: 5,009 tweets, as many as ``comments.read(columns={"text": 1})`` gives (its
    texts with HTML entities decoded; training reads a third-party table's cells as written)."""
    from conftest import corpus

    import comments
    from comments.classification.training_data import labelled_table

    path = corpus("labeled_de/germeval2018/germeval2018.training.txt")
    text = path.read_text(encoding="utf-8")
    header, rows = labelled_table(text, str(path), TrainingDataError, {"text": "1", "label 0": "2"})
    assert header == ["1", "2", "3"] and len(rows) == 5009
    assert {r["2"] for r in rows} == {"OTHER", "OFFENSE"}
    read = comments.read(path, columns={"text": 1})
    assert len(read.comments) == 5009 and rows[0]["1"] == read.comments[0].text
    with pytest.raises(TrainingDataError, match="column .2. is not 0/1.*--positive VALUE"):  # the labels are words
        read_training_csv(str(path), "1", ["2=hostile"])
    with pytest.raises(TrainingDataError, match="the table has no header line"):
        read_training_csv(str(path), "tweet", [])


def test_a_label_column_with_blank_cells_is_named_with_its_first_blank_row(tmp_path):
    """A label cell left blank (row 3 of our Excel fixture): "no 0/1 label columns" or "is not 0/1", and the user
    searched the column. Now the column and its first blank data row are named; an all-empty column is "empty"."""
    lines = (FIXTURES / "train_excel_sep.csv").read_bytes().split(b"\r\n")
    lines[4] = lines[4].rsplit(b";", 1)[0] + b";"  # the third data row's hostile cell
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\r\n".join(lines))
    for spec, message in (([], "no 0/1 label columns; column 'hostile' has an empty cell in data row 3 (name them "
                               "with --label COLUMN[=NAME])"),
                          (["hostile"], "column 'hostile' is not 0/1: it has an empty cell in data row 3")):
        with pytest.raises(TrainingDataError) as caught:
            read_training_csv(str(blank), "text", spec)
        assert str(caught.value) == f"{blank}: {message}"
    lines[2:] = [line.rsplit(b";", 1)[0] + b";" for line in lines[2:] if line]
    blank.write_bytes(b"\r\n".join(lines))
    with pytest.raises(TrainingDataError, match="column 'hostile' is not 0/1: it is empty$"):
        read_training_csv(str(blank), "text", ["hostile"])


def _with_lines(tmp_path, fixture: str, before: str = "", name: str = "data.tsv") -> Path:
    """A copy of ``fixture`` with ``before`` put over its first line."""
    path = tmp_path / name
    path.write_text(before + (FIXTURES / fixture).read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.mark.parametrize("hint", ["sep=\t\n", '"sep=\t"\r\n'])
def test_excel_sep_line_over_a_table_without_header_row_is_no_row(tmp_path, hint):
    """Excel's ``sep=`` line over a headerless table (review23a F8): ``--text-column 1`` failed, "no text
    column '1' (columns: @tagesschau …)": the positions were counted on the sep line. Now as without it."""
    data = str(_with_lines(tmp_path, "train_headerless.tsv", hint))
    notes: list[str] = []
    texts, labels = read_training_csv(data, "1", ["3=hostile"], notes=notes)
    assert (texts, labels["hostile"].tolist()) == (
        read_training_csv(str(FIXTURES / "train_headerless.tsv"), "1", ["3=hostile"])[0], [0, 1] * 6)
    assert len(notes) == 1 and "Excel's delimiter hint: the table read with the delimiter '\\t'" in notes[0]
    with pytest.raises(TrainingDataError, match="the table has no header line"):  # and named: the same advice
        read_training_csv(data, "text", [])


def test_a_column_number_that_is_no_position_is_said_so():
    """``--text-column 0 --label 3=hostile`` on a headerless table: "0" matched the first row's cell "0"
    and the error blamed "no label column '3'", which exists (review23b #4). Now: positions count from 1."""
    data = str(FIXTURES / "train_headerless.tsv")
    for text, spec, wrong in (("0", "3=hostile", "'0'"), ("1", "4=hostile", "'4'")):
        with pytest.raises(TrainingDataError) as caught:
            read_training_csv(data, text, [spec])
        assert str(caught.value) == (f"{data}: no column {wrong}: the table has no header line (its first line is a "
                                     "row of data), so its columns are named by position, counted from 1: 1 to 3")


def test_a_header_with_numbers_as_names_is_read_by_name_and_never_trained_on(tmp_path):
    """Header ``text,1,2`` with ``--text-column 1 --label 2=hostile``: the header line was read as data and
    "text" trained as a hostile comment, no note (review23b #4). The numbers given are the header's names, so
    it is the header (a note says so), and a text column of numbers is an error naming the columns."""
    rows = [("die zahlen stammen vom amt", 0, 1), ("lügner und betrüger alle", 1, 0)] * 6
    path = tmp_path / "h2.csv"
    path.write_text("text,1,2\n" + "".join(f"{t},{a},{b}\n" for t, a, b in rows), encoding="utf-8")
    with pytest.raises(TrainingDataError) as caught:
        read_training_csv(str(path), "1", ["2=hostile"])
    assert str(caught.value) == (f"{path}: text column '1' holds only numbers (0, 1, 0, …), no comment text (the first "
                                 "line names the columns given, so the table was read by its names: give the text "
                                 "column's name); columns: text, 1, 2")
    notes: list[str] = []
    texts, labels = read_training_csv(str(path), "text", ["1=hostile"], notes=notes)
    assert len(texts) == 12 and "text" not in texts and labels["hostile"].tolist() == [0, 1] * 6 and not notes


def test_a_label_column_of_two_words_takes_the_positive_value_given():
    """GermEval 2018's layout (OFFENSE/OTHER in column 2): "column '2' is not 0/1", no hint (review23b #4).
    Now the error names the column's values and ``--positive``; with it, that value is 1, the rest 0."""
    data = str(FIXTURES / "train_headerless.tsv")
    with pytest.raises(TrainingDataError) as caught:
        read_training_csv(data, "1", ["2=hostile"])
    assert str(caught.value) == (f"{data}: column '2' is not 0/1: it has 'OTHER' in data row 1; its 2 values are "
                                 "'OTHER' (6 rows), 'OFFENSE' (6 rows): name the positive one with --positive VALUE")
    texts, labels = read_training_csv(data, "1", ["2=hostile"], positive=["OFFENSE"])
    assert labels["hostile"].tolist() == read_training_csv(data, "1", ["3=hostile"])[1]["hostile"].tolist()
    with pytest.raises(TrainingDataError) as caught:  # a misspelt value: no positive row, said with the values
        read_training_csv(data, "1", ["2=hostile"], positive=["OFFENCE"])
    assert str(caught.value) == (f"{data}: column '2' holds none of the --positive values ('OFFENCE'): its 2 values "
                                 "are 'OTHER' (6 rows), 'OFFENSE' (6 rows)")
    assert read_training_csv(data, "1", ["3=hostile"], positive=["OFFENSE"])[1]["hostile"].tolist() == [0, 1] * 6


def test_germeval_2018_trains_with_its_positive_value():
    from conftest import corpus

    path = str(corpus("labeled_de/germeval2018/germeval2018.training.txt"))
    texts, labels = read_training_csv(path, "1", ["2=hostile"], positive=["OFFENSE"])
    assert len(texts) == 5009 and int(labels["hostile"].sum()) == 1688
    with pytest.raises(TrainingDataError, match="its 2 values are 'OTHER' \\(3,321 rows\\), 'OFFENSE' \\(1,688 rows\\): "
                                                "name the positive one with --positive VALUE$"):
        read_training_csv(path, "1", ["2=hostile"])
