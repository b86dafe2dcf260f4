"""An ambiguous slashed date in a rendered page ("Tue, 03/05/2024 - 09:14", Drupal's m/d/Y)
is read in the order its printed weekday fits, as the plain-text reader reads it
(textbrowser.date_line, one rule for both); without a weekday, the page's order or the
markup's Unix time decides, else it stays null, flagged (fixtures/dates, team-written, MIT)."""

from __future__ import annotations

from conftest import FIXTURES, read


def test_the_weekday_beside_an_ambiguous_date_decides_its_order():
    martin, priya, ruth = read(FIXTURES / "dates" / "drupal-us-weekday.html").comments
    assert (martin.created_at, priya.created_at) == ("2024-03-05T09:14", "2024-03-06T18:40")
    assert "invalid_date" not in martin.flags + priya.flags
    assert ruth.created_at is None and "invalid_date" in ruth.flags  # no weekday: not guessed
    assert ruth.meta["date"] == "03/07/2024 - 07:55"


def test_a_weekday_that_fits_neither_reading_is_not_guessed(tmp_path):
    """"Sun, 03/05/2024" is neither 5 March (a Tuesday) nor 3 May (a Friday)."""
    page = tmp_path / "page.html"
    page.write_text("""<html><body><section class="comments">
<div class="comment" id="c-1"><span class="author">Ina</span><span class="date">Sun, 03/05/2024</span><p>Hello.</p></div>
</section></body></html>""", encoding="utf-8")
    (ina,) = read(page).comments
    assert ina.created_at is None and "invalid_date" in ina.flags
