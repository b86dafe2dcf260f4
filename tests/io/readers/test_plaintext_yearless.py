"""Header dates without a year in plain-text copies ("Laura MitchellMar 5": Substack prints the
year only for other years): read in the year of the page's first full date, the next year where
they fall before it, flagged ``inferred_date``; with no full date on the page, left empty and
flagged ``invalid_date`` — the comments are found either way, never 0 silently."""

from __future__ import annotations

import pytest

from conftest import FIXTURES

from comments.io.readers import plaintext
from comments.io.readers.base import Context


def _read(path, text: str | None = None):
    ctx = Context(stem=path.stem)
    (parsed,) = plaintext.read(text if text is not None else path.read_text(encoding="utf-8"), ctx)
    return parsed, ctx


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
def test_substack_dates_take_the_posts_year(browser):
    parsed, ctx = _read(FIXTURES / "textdumps" / f"substack.{browser}.txt")
    comments = parsed.comments
    assert len(comments) == 12 and parsed.thread.declared_count == 12
    live = [c for c in comments if c.status != "deleted"]
    assert [c.created_at for c in live] == ["2024-03-05"] * 8 + ["2024-03-06"] * 3
    assert all("inferred_date" in c.flags for c in live)
    assert live[0].meta["date_text"] == "Mar 5"
    assert any("11 comment dates shown without a year (first 'Mar 5')" in note for note in ctx.notes)
    dave = next(c for c in comments if c.author == "Dave Kerr")  # "Dave KerrMar 6edited Mar 6"
    assert dave.created_at == "2024-03-06" and dave.text.startswith("Correction to my earlier note")


def test_a_date_before_the_posts_falls_in_the_next_year():
    parsed, _ = _read(FIXTURES / "dates" / "yearless-rollover.txt")
    assert [(c.author, c.created_at) for c in parsed.comments] == [
        ("Martin", "2023-12-30"), ("Priya", "2024-01-02"), ("Ruth Evans", "2024-01-03"), ("Dave Kerr", "2024-01-04")]
    assert "March 5" in parsed.comments[0].text  # a date alone under a sentence is the comment's text


def test_without_a_year_on_the_page_the_dates_stay_empty_and_flagged():
    path = FIXTURES / "textdumps" / "substack.w3m.txt"
    text = "\n".join(line for line in path.read_text(encoding="utf-8").split("\n") if line.strip() != "Mar 4, 2024")
    parsed, ctx = _read(path, text)
    live = [c for c in parsed.comments if c.status != "deleted"]
    assert len(parsed.comments) == 12
    assert all(c.created_at is None and "invalid_date" in c.flags and c.meta["date_text"] for c in live)
    assert any("no full date above them" in note for note in ctx.notes)
