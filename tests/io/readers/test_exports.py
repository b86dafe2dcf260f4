"""Generic CSV/JSON/JSONL exports as tools and spreadsheets write them, read faithfully
(fix18d; fixtures under tests/fixtures/exports are team-written, MIT)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, read, run

EXPORTS = FIXTURES / "exports"


@pytest.mark.parametrize("fmt", [None, "csv"])
def test_excel_sep_hint_names_the_delimiter_and_is_no_row(fmt):
    """Excel's "sep=;" first line: read as plain text titled "sep=;", 0 comments, exit 0."""
    result = read(EXPORTS / "excel_sep_hint.csv", fmt=fmt)
    c = {c.id: c for c in result.comments}
    assert list(c) == ["1", "2"] and c["2"].parent_id == "1"
    assert c["1"].text == "Erster „Kommentar“" and c["2"].text == "Zeile eins\nZeile zwei; mit Semikolon"
    assert c["2"].created_at == "2021-09-24T15:10"
    assert result.threads[0].thread.title is None
    assert any("'sep=;' is Excel's delimiter hint" in n for n in result.notes)
