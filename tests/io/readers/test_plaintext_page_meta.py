"""Plain-text pages: the title is not a footer copied first, and a date the page states
on its first line ("date 2021-09 …") is its published_at (data/raw, ../shared/seeds and
pages of our own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from comments.io.readers.base import Context
from comments.io.readers.plaintext import read as read_text
from conftest import CORPORA, RAW, read

SEEDS = CORPORA.parent / "seeds"


def _thread(path: Path):
    (pt,) = read(path).threads
    return pt.thread


@pytest.mark.parametrize("name, title, date", [
    ("euromaidanpress.com__xiaomi-crimea.txt", "Xiaomi reportedly temporarily blocked its smartphones in "
     "Russian-occupied Crimea and other sanctioned areas", None),
    ("winfuture.de__xiaomi-sperre.txt", None, "2021-09"),
    ("voonze.com__xiaomi-unlocks-cuba.txt", None, "2022-04-01"),
    ("stadt-bremerhaven.de__xiaomi-kuba-syrien.txt",
     "Xiaomi macht seine Smartphones in Ländern wie Kuba und Syrien unbrauchbar", None),
])
def test_raw_pages(name, title, date):
    thread = _thread(RAW / name)
    assert (thread.title, thread.published_at) == (title, date)
    assert not (thread.article_text or "").lstrip().startswith("date ")  # the stamp is no article text


def test_seed_pages_get_the_dates_their_readme_gives():
    """../shared/seeds/README.md's table: each page stating a date gets it; no title is a footer."""
    if not (SEEDS / "README.md").is_file():
        pytest.skip(f"seed pages not available: {SEEDS}")
    rows = [line.split("|") for line in (SEEDS / "README.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| 0")]
    dated = 0
    for row in rows:
        name, date = row[1].strip(), row[5].split("(")[0].strip()
        thread = _thread(SEEDS / name)
        text = (SEEDS / name).read_text(encoding="utf-8")
        if text.lstrip().startswith("date "):
            assert thread.published_at == date, name
            dated += 1
        assert not (thread.title or "").startswith("Copyright"), name
    assert dated == 2  # winfuture.de and voonze.com


def test_own_pages(tmp_path):
    ctx = Context(source="page.txt", stem="page")
    (pt,) = read_text(" Datum: 16.09.2021 Der Stadtrat hat am Dienstag die neue Linie beschlossen, "
                      + "nach langer Debatte. " * 10 + "\n", ctx)
    assert pt.thread.published_at == "2021-09-16" and pt.thread.article_text.startswith("Der Stadtrat")
    (pt,) = read_text("The date 2021-09 was chosen.\n\nMore text.\n", ctx)  # not at the start: no date
    assert pt.thread.published_at is None and pt.thread.title == "The date 2021-09 was chosen."
    (pt,) = read_text("Headline of a page\n\nCopyright © 2024 at the end as usual.\n", ctx)
    assert pt.thread.title == "Headline of a page"  # a footer where footers are is not skipped over


@pytest.mark.parametrize("page, title, footer", [
    ("Copyright © 2024 Example News\n\nThis site is supported by a foundation\n\nPrivacy and Cookie Policies.\n\n"
     "City council approves the new tram line\n\nThe council voted on Tuesday to extend the tram line.\n",
     "City council approves the new tram line", "3 lines: Copyright © 2024 Example News"),
    # the article below the title names a privacy policy: the footer still ends above the title
    ("Copyright © 2021 Beispiel-Nachrichten\n\nXiaomi sperrt Telefone in Kuba und Syrien\n\n"
     "Laut der Privacy Policy des Herstellers darf Xiaomi Geräte aus der Ferne sperren.\n\n"
     "Kunden in Kuba staunten nicht schlecht, als ihr Gerät nur noch einen Sperrbildschirm zeigte.\n",
     "Xiaomi sperrt Telefone in Kuba und Syrien", "1 line: Copyright © 2021 Beispiel-Nachrichten"),
    # a title with "Datenschutz" in it is no footer
    ("Datenschutz: Xiaomi liest mit\n\nDer Hersteller sammelt mehr Daten als gedacht. Das zeigt eine Studie.\n",
     "Datenschutz: Xiaomi liest mit", None),
])
def test_the_title_follows_a_footer_copied_first_and_only_that(page, title, footer):
    """The footer a page was copied with first is the run of footer lines at its top, not
    everything up to the last footer-like hit among the first ten lines; skipping it is noted."""
    ctx = Context(source="page.txt", stem="page")
    (pt,) = read_text(page, ctx)
    assert pt.thread.title == title
    skipped = [n for n in ctx.notes if n.startswith("the page opens with its footer")]
    assert skipped == ([f"the page opens with its footer ({footer} …): the title is taken from the line after it"]
                       if footer else [])


def test_a_date_taken_off_the_first_line_is_noted():
    ctx = Context(source="page.txt", stem="page")
    (pt,) = read_text(" date 2021-09 Xiaomi sorgte in der letzten Woche für Aufsehen, als der Hersteller begann, "
                      "Geräte zu sperren.\n\nJetzt hat das Unternehmen eingelenkt.\n", ctx)
    assert pt.thread.published_at == "2021-09" and pt.thread.article_text.startswith("Xiaomi sorgte")
    assert ctx.notes[0] == ("the first line's date 'date 2021-09' is the page's published_at (taken off the "
                            "article text)")
