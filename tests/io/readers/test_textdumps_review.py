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
