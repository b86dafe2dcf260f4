"""lynx dumps a reviewer built to break the plain-text readers (review18a; fixtures team-written,
MIT): a reader quoting the moderation note in their own words, Substack dates without a year
under comments that show one, name badges that are surnames."""

from __future__ import annotations

from conftest import FIXTURES

from comments.io.readers import plaintext
from comments.io.readers.base import Context

DUMPS = FIXTURES / "textdumps" / "review"


def _read(name: str):
    ctx = Context(stem=name)
    (parsed,) = plaintext.read((DUMPS / f"{name}.txt").read_text(encoding="utf-8"), ctx)
    return parsed, ctx


def _by(comments, author: str):
    return next(c for c in comments if c.author == author)


def test_a_moderation_note_inside_a_comments_text_is_the_readers_own_words():
    """Olaf quotes "Your comment is awaiting moderation." mid-comment: kept, still visible;
    Petra's note as her first line is the theme's: taken off, pending."""
    parsed, _ = _read("adv1.lynx")
    olaf = _by(parsed.comments, "Olaf")
    assert olaf.status == "visible" and "moderation_note_removed" not in olaf.flags
    assert "nur:\nYour comment is awaiting moderation.\nund dann nichts mehr" in olaf.text
    petra = _by(parsed.comments, "Petra Lindner")
    assert petra.status == "pending" and "moderation_note_removed" in petra.flags
    assert petra.text == "Gibt es Erfahrungen mit Modulen an der Hauswand statt am Geländer?"


def test_yearless_dates_fall_after_every_year_a_comment_date_shows():
    """Post Dec 10, 2022; a comment shown "Jan 5, 2023": the page was seen after 2023, so "Mar 5"
    (the year left out as the current one's) is 2024-03-05, never 2023-03-05."""
    parsed, ctx = _read("sub2.lynx")
    live = [c for c in parsed.comments if c.status != "deleted"]
    assert live[0].created_at == "2023-01-05" and "inferred_date" not in live[0].flags
    assert [c.created_at for c in live[1:]] == ["2024-03-05"] * 7 + ["2024-03-06"] * 3
    assert all("inferred_date" in c.flags and c.meta["date_text"] in ("Mar 5", "Mar 6") for c in live[1:])
    assert any(n.startswith("10 comment dates shown without a year (first 'Mar 5'): read in 2024, the year after")
               for n in ctx.notes)


def test_a_date_shown_with_its_year_is_not_taken_for_an_inferred_one():
    """Laura's "Mar 5, 2023" is as shown: no inferred_date, no date_text; the note counts the 10
    year-less dates only."""
    parsed, ctx = _read("sub3.lynx")
    laura = parsed.comments[0]
    assert laura.created_at == "2023-03-05" and "inferred_date" not in laura.flags and "date_text" not in laura.meta
    assert sum("inferred_date" in c.flags for c in parsed.comments) == 10
    assert any(n.startswith("10 comment dates shown without a year") for n in ctx.notes)


def test_a_surname_that_reads_like_a_badge_stays_the_authors():
    """"Greg Autor sagt:", "Kathrin Sagt sagt:": only "sagt:" comes off, once; a badge is cut only
    as the templates write it ("Post author", "Beitragsautor", lower-case "says"/"sagt")."""
    parsed, _ = _read("adv2.lynx")
    assert [c.author for c in parsed.comments][4:6] == ["Greg Autor", "Kathrin Sagt"]


def test_the_badges_the_templates_print_still_come_off():
    from comments.io.readers.textbrowser import clean_author
    assert [clean_author(n) for n in ("Sabine Roth Post author", "Sabine Roth Beitragsautor", "Jens says",
                                      "Jenssays:", "Martina K.says:")] == ["Sabine Roth"] * 2 + ["Jens"] * 2 + ["Martina K."]
