"""io/readers/textbrowser.py: the pieces of a lynx/w3m rendering of a comment list —
headers, date lines, bylines, avatar text, buttons, capped numbering, wpDiscuz blocks.
(tests/io/readers/test_text_browsers.py checks whole renderings against the HTML tree.)"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from comments.io.readers import textbrowser as tb
from comments.io.readers.plaintext_outline import SAYS, _marker
from conftest import CORPORA, corpus, read

PLAIN = sorted(p.name for p in (CORPORA / "plaintext_en").glob("*.txt")) or ["(absent)"]


@pytest.mark.parametrize("name", PLAIN)
def test_header_lines_of_a_stored_rendering_are_the_comments_of_the_html_page(name):
    """Each "N. Name says:" item is one comment of the same thread's HTML, in order, and
    the line under it is that comment's date (to the minute)."""
    lines = corpus(f"plaintext_en/{name}").read_text(encoding="utf-8").splitlines()
    html = read(CORPORA / "html_wordpress" / (name.rsplit(".", 2)[0] + ".md")).comments
    headers, strict = tb.header_lines(lines, _marker, SAYS)
    assert strict and len(headers) == len(html)
    names = [tb.clean_author(SAYS.match(_marker(lines[i], True)[3]).group("name")) for i in headers]
    assert names == [c.author for c in html]
    assert [tb.date_line(lines[tb.following(lines, i)]) for i in headers] == [c.created_at[:16] for c in html]


@pytest.mark.parametrize("line, iso", [
    ("January 16, 2017 at 8:05 pm", "2017-01-16T20:05"),
    ("   March 28, 2019 at 10:19 pm   ", "2019-03-28T22:19"),
    ("13 Dezember, 2015", "2015-12-13"),
    ("14/04/2020", "2020-04-14"),  # day first
    ("12/31/2011 10:00", "2011-12-31T10:00"),  # month first
    ("8. April 2019 @ 11:38", "2019-04-08T11:38"),
    ("November 24, 2026 at 11:05 pm EST", "2026-11-24T23:05-05:00"),  # the zone printed after the clock
    ("24.11.2026 um 23:05 Uhr MEZ", "2026-11-24T23:05+01:00"),
    ("24. Juli 2026 um 23:05 Uhr MESZ", "2026-07-24T23:05+02:00"),
    ("November 24, 2026 at 11:05 pm IST", "2026-11-24T23:05"),  # three zones: the time as shown, no zone guessed
    ("16. September 2021 um 10:00 Uhr [Antworten]", "2021-09-16T10:00"),
    ("Daniel Lemire says:", None),
    ("I estimate that it is actually quite small, since January 2017.", None),
    ("", None),
    ("January 16, 2017 at 8:05 pm " + "x" * 60, None),  # a date inside a long text line is no date line
])
def test_date_line(line, iso):
    assert tb.date_line(line) == iso


@pytest.mark.parametrize("line, iso", [
    ("Tue, 03/05/2024 - 09:14", "2024-03-05T09:14"),  # Drupal's m/d/Y: 5 March 2024 was a Tuesday
    ("Fri, 03/05/2024 - 09:14", "2024-05-03T09:14"),  # 3 May 2024 was a Friday
    ("Di, 05/03/2024", "2024-03-05"),
    ("Dienstag, 05/03/2024 [Antworten]", "2024-03-05"),
    ("Wed, 03/05/2024 - 09:14", None),  # a weekday that fits neither reading decides nothing
    ("03/05/2024 - 09:14", None),  # nothing on the line decides
    ("05/05/2024", "2024-05-05"),  # either order reads the same
])
def test_an_ambiguous_slashed_date_is_read_by_its_weekday_or_not_at_all(line, iso):
    assert tb.date_line(line) == iso
    assert tb.is_date_line(line)  # still a date line: it ends a comment's header


def test_an_ambiguous_slashed_date_takes_the_order_of_the_pages_certain_ones():
    assert tb.slashed_order(["Tue, 03/05/2024", "03/13/2024 - 10:33"]) == (2, 1)
    assert tb.slashed_order(["14/04/2020", "03/05/2024"]) == (1, 2)
    assert tb.slashed_order(["14/04/2020", "03/13/2024"]) is None  # pages that disagree decide nothing
    assert tb.slashed_order(["03/05/2024"]) is None
    assert tb.date_line("03/05/2024 - 09:14", (2, 1)) == "2024-03-05T09:14"
    assert tb.date_line("03/05/2024 - 09:14", (1, 2)) == "2024-05-03T09:14"
    assert tb.date_line("Wed, 03/05/2024 - 09:14", (2, 1)) is None  # the printed weekday says otherwise


@pytest.mark.parametrize("raw, name", [
    ("[f3e232] nobody", "nobody"),  # w3m prints the avatar's label
    ("Avatar-Foto Franzi", "Franzi"),
    ("Franzi Franzi", "Franzi"),  # the avatar's alt text is the name
    ("Anna Maria Anna Maria", "Anna Maria"),
    ("● Jan", "Jan"),  # w3m's mark for an image without alt text
    ("[email protected] Max Muster", "Max Muster"),
    ("Profilbild Avatar Lena", "Lena"),
    ("Daniel Lemire", "Daniel Lemire"),
    ("Avatar", "Avatar"),  # a name that happens to be the word stays
])
def test_clean_author(raw, name):
    assert tb.clean_author(raw) == name


def test_byline_author():
    assert tb.byline_author("geschrieben von Max Mustermann am 3. Mai 2020") == "Max Mustermann"
    assert tb.byline_author("Posted by jdoe on May 3, 2020") == "jdoe"
    assert tb.byline_author("Bye, see you on Monday") is None


def test_following_looks_a_few_lines_ahead():
    lines = ["a", "", "  ", "b", "", "", "", "", "c"]
    assert tb.following(lines, 0) == 3 and tb.following(lines, 3) is None and tb.following(lines, 3, 5) == 8
    assert tb.following(lines, 8) is None


def test_trim_buttons_keeps_the_words_and_drops_the_button_row():
    body = [(0, "Danke für den Artikel."), (1, "Antworten"), (2, ""), (3, "[ Reply ]"), (4, "Gefällt mir")]
    assert tb.trim_buttons(body) == [(0, "Danke für den Artikel.")]
    assert tb.trim_buttons([(0, "Reply to the point: no.")]) == [(0, "Reply to the point: no.")]
    assert tb.trim_buttons([(0, "Antworten")]) == []


def test_is_header_and_name_over_date():
    lines = ["Franzi", "13 Dezember, 2015", "Tolles Rezept!"]
    assert tb.is_header("Daniel Lemire says:", SAYS) and tb.is_header("Pingback: Links der Woche", SAYS)
    assert not tb.is_header("Franzi", SAYS) and tb.is_header("Franzi", SAYS, lines, 0)
    assert not tb.name_over_date("Das ist ein ganzer Satz.", ["Das ist ein ganzer Satz.", "13 Dezember, 2015"], 0)
    assert not tb.name_over_date("Franzi", ["Franzi", "kein Datum"], 0)
    title = "Eine lange Überschrift des Kommentars, über sechzig Zeichen hinaus, aber noch ein Titel"
    assert tb.name_over_date(title, [title, "geschrieben von Max am 3. Mai 2020"], 0)  # a title over a byline
    assert not tb.name_over_date(title, [title, "3. Mai 2020"], 0)  # too long for a name over a bare date


def test_header_lines_joins_a_bare_marker_with_the_header_below():
    lines = ["Kommentare", "  1.", "     Nele says:", "     16. September 2021 um 10:00 Uhr", "     Erster.",
             "  2. Olaf says:", "     16. September 2021 um 11:00 Uhr", "     Zweiter."]
    headers, strict = tb.header_lines(lines, _marker, SAYS)
    assert strict and headers == [1, 5]
    assert lines[1] == "  1. Nele says:" and lines[2] == ""


def test_header_lines_without_says_take_a_name_over_a_date():
    lines = ["  * Nele", "    16. September 2021 um 10:00 Uhr", "    Erster Kommentar.",
             "  * Olaf", "    16. September 2021 um 11:00 Uhr", "    Zweiter Kommentar."]
    headers, strict = tb.header_lines(lines, _marker, SAYS)
    assert headers == [0, 3] and not strict


def test_a_header_that_is_a_list_of_its_own_is_rewritten_as_name_over_date():
    lines = ["  1.", "       + Antworten", "       + Nele", "       + 16. September 2021 um 10:00 Uhr",
             "     Erster Kommentar.", "  2.", "       + Antworten", "       + Olaf",
             "       + 16. September 2021 um 11:00 Uhr", "     Zweiter."]
    headers, _ = tb.header_lines(lines, _marker, SAYS)
    assert headers == [0, 5]
    assert lines[0].split() == ["1.", "Nele"] and lines[3].strip() == "16. September 2021 um 10:00 Uhr"
    assert lines[1] == lines[2] == ""


@dataclass
class _Item:
    start: int
    number: int | None
    parent: object = None
    children: int = 0


def test_capped_sibling_finds_the_open_item_an_n_continues():
    """lynx stops indenting after a few levels: "2." in the capped column continues the
    deepest open list there whose last item is "1." and that has one item so far."""
    root = _Item(4, 1, None, 1)
    deep1 = _Item(24, 1, root, 0)
    root.children = 1
    deeper1 = _Item(24, 1, deep1, 0)
    deep1.children = 1
    stack = [root, deep1, deeper1]
    assert tb.capped_sibling(stack, 24, 2, top_count=1) is deeper1
    assert tb.capped_sibling(stack, 5, 2, top_count=1) is root  # a column off by one still counts
    assert tb.capped_sibling(stack, 24, 3, top_count=1) is None
    assert tb.capped_sibling(stack, 40, 2, top_count=1) is None
    root.children = 2  # the root's list already has two items: "2." cannot continue at "1."
    assert tb.capped_sibling([root], 4, 2, top_count=2) is None


def test_closed_by_date_reads_a_flat_wpdiscuz_rendering():
    lines = ["Rezept drucken", "", "Franzi Franzi", "Franzi", "Tolles Rezept, gleich nachgebacken!",
             "Daumen hoch 3 Antworten", "13 Dezember, 2015", "Max Max", "Max", "Bei mir zu trocken.",
             "Zweite Zeile.", "Daumen hoch Antworten", "14/04/2020"]
    comments = tb.closed_by_date(lines)
    assert comments == [(2, "Franzi", "13 Dezember, 2015", ["Tolles Rezept, gleich nachgebacken!"]),
                        (7, "Max", "14/04/2020", ["Bei mir zu trocken.", "Zweite Zeile."])]
    assert tb.closed_by_date(lines[:7]) is None  # one comment is not a pattern
    assert tb.closed_by_date(["Text", "Antworten", "13 Dezember, 2015", "mehr", "Antworten", "14/04/2020"]) is None


@pytest.mark.parametrize("line", ["0 points", "+7Antworten | Antworten mit Zitat", "AntwortenLöschen",
                                  "AntwortenMelden0 Empfehlungen", "Beiträge: 220", "Registriert: Mi 12. Okt 2022, 18:03",
                                  "[x]", "[x.png]", "L", "(BUTTON) (BUTTON) (BUTTON)", "* Zitieren", "Permanenter Link"])
def test_header_furniture_names_nobody(line):
    assert tb.is_furniture(line)
    assert not tb.name_over_date(line, [line, "5. März 2024"], 0)


@pytest.mark.parametrize("line", ["Tom B.", "Laura Mitchell", "[deleted]", "Gast", "}", "Danke, das macht Mut."])
def test_names_and_text_are_no_furniture(line):
    assert not tb.is_furniture(line)


@pytest.mark.parametrize("line,name", [
    ("Jens #2Jens05.03.2024 10:02", "Jens"), ("Martina K.#1Martina K.05.03.2024 09:14", "Martina K."),
    ("Beitragvon Jens » Di 5. Mär 2024, 10:02", "Jens"), ("Martina K. 5. März 2024Antworten", "Martina K."),
    ("Dr. Heinz Obermeier5. März 2024 um 13:27", "Dr. Heinz Obermeier"),
    ("Tue, 05.03.2024 - 09:14", None), ("Veröffentlicht: 04. März 2024", None), ("5. März 2024", None),
    ("Registriert: Mi 12. Okt 2022, 18:03", None), ("Gespeichert von Sabine Roth am Mo, 04.03.2024 - 08:00", None),
    ("Walther von der Vogelweide 5. März 2024", "Walther von der Vogelweide"),
    # prose with a date: an image caption, a label's colon, words ending in a preposition
    ("Beitragsbild: Titelseite der FAZ vom 2.4.2019, Ausriss.", None), ("Foto: Jens 5. März 2024", None),
    ("Stand vom 5. März 2024", None), ("Updated on March 5, 2024", None)])
def test_the_author_a_date_line_names(line, name):
    assert tb.name_before_date(line) == name


def test_a_name_may_end_in_an_initial():
    """Divi's "Tom B." over "Tom B.on March 5, 2024": the period closes no sentence."""
    lines = ["Tom B.", "Tom B.on March 5, 2024 at 10:02 am"]
    assert tb.name_over_date("Tom B.", lines, 0)
    assert not tb.name_over_date("It dropped.", ["It dropped.", "March 5, 2024"], 0)


def test_furniture_checks_stay_linear_on_long_runs():
    """Glued button words and digit runs: one way to read each, no backtracking over them. A hang
    guard (backtracking would take minutes), timed in CPU seconds: wall time failed it at load 36."""
    for line in ("1" * 100_000 + "x", "Antworten" * 20_000 + "x", "(BUTTON) " * 20_000 + "[", "[" * 100_000):
        started = time.process_time()
        tb.is_furniture(line)
        tb.name_before_date(line)
        assert time.process_time() - started < 5.0
