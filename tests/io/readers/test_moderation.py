"""One list of moderation notes for the HTML and the plain-text readers: a form only one of the
two paths knew ("awaiting approval", "wartet auf Freigabe") makes the comment pending on both,
on Genesis's page (fixtures/comment_systems/genesis.html, team-written, MIT) and its lynx copy."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, read

from comments.io.readers import plaintext
from comments.io.readers.base import Context
from comments.io.readers.moderation import NOTE

SHOWN = "Your comment is awaiting moderation."
QUESTION = "Gibt es Erfahrungen mit Modulen an der Hauswand statt am Geländer?"
FORMS = ["Your comment is awaiting approval.", "Dein Kommentar wartet auf Freigabe.",
         "Ihr Kommentar wartet auf Moderation.", "Dein Kommentar muss noch freigegeben werden."]


@pytest.mark.parametrize("note", FORMS)
def test_the_html_and_the_text_reader_know_the_same_notes(note, tmp_path):
    page = tmp_path / "genesis.html"
    page.write_text((FIXTURES / "comment_systems" / "genesis.html").read_text(encoding="utf-8").replace(SHOWN, note),
                    encoding="utf-8")
    petra = read(page).comments[-1]
    assert (petra.status, petra.text) == ("pending", QUESTION)
    dump = (FIXTURES / "textdumps" / "real" / "genesis.lynx.txt").read_text(encoding="utf-8").replace(SHOWN, note)
    (parsed,) = plaintext.read(dump, Context(stem="genesis"))
    petra = parsed.comments[-1]
    assert (petra.status, petra.text) == ("pending", QUESTION) and "moderation_note_removed" in petra.flags


def test_a_sentence_that_quotes_the_note_is_none():
    assert not NOTE.fullmatch("Bei mir kam nach dem Absenden nur: Your comment is awaiting moderation.")
    assert NOTE.fullmatch("Your comment is awaiting moderation. This is a preview; your comment will be visible "
                          "after it has been approved.")
