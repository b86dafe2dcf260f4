"""The one rule for comments without a reader's words (model/placeholders.py), on placeholders as Reddit,
Disqus and German forums leave them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from comments.analyses import drift
from comments.model.placeholders import is_gone, is_placeholder, placeholder_flags
from comments.model.records import Comment


@pytest.mark.parametrize("comment", [
    Comment(id="r1", text="[deleted]", status="deleted", author="[deleted]"),  # Reddit: the author deleted it
    Comment(id="r2", text="[removed]"),  # Reddit: a moderator removed it (a dump that kept status visible)
    Comment(id="r3", text=" [Removed] \n"),
    Comment(id="d1", text="", status="deleted"),  # Disqus isDeleted: the message is gone
    Comment(id="f1", text="[gelöscht]"),  # German forum placeholders
    Comment(id="f2", text="[entfernt]"),
    Comment(id="m1", text="Die Sanktionen sind Unsinn, du Idiot.", status="removed"),  # removed, its words kept
])
def test_deleted_and_removed_comments_have_no_readers_words(comment):
    assert is_gone(comment) and is_placeholder(comment)


@pytest.mark.parametrize("comment", [
    Comment(id="1", text="Why was my answer [removed]? It cited three sources on the Hanseatic League."),
    Comment(id="2", text="Der Beitrag über die Krim wurde [gelöscht], warum eigentlich?"),
    Comment(id="3", text="deleted"),
    Comment(id="4", text="Schöner Artikel.", status="spam"),
])
def test_a_comment_that_only_mentions_a_placeholder_is_a_readers_comment(comment):
    assert not is_gone(comment) and not is_placeholder(comment)


def test_a_pingback_is_no_readers_words_but_not_deleted():
    pingback = Comment(id="p", kind="pingback", text="Pingback: Wochenrückblick KW 38 | Techblog")
    assert is_placeholder(pingback) and not is_gone(pingback)


def test_drift_uses_the_same_rule():
    """One definition: drift's names are the model's, not a copy."""
    from comments.model import placeholders

    assert drift.is_placeholder is placeholders.is_placeholder
    assert drift.PLACEHOLDER_TEXTS is placeholders.PLACEHOLDER_TEXTS


TEXTS = ("[deleted]", " [Removed] ", "[gelöscht]\n", "[ENTFERNT]", "[deleted] no", "Hallo", "", "   ", "x" * 15,
         "[deleted]" + " " * 6, "[deleted]" + " " * 7, "ok [removed]")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TEXTS + (None,)), st.sampled_from(("comment", "pingback", "trackback")),
                          st.sampled_from((None, "deleted", "removed", "approved", "spam"))), max_size=30))
def test_placeholder_flags_equal_is_placeholder(rows):
    """The chunk-wide test says what ``is_placeholder`` says of each comment: texts near 16
    characters, placeholders with blanks and case, kinds, statuses, missing texts."""
    comments = [Comment(id=str(i), text=text, kind=kind, status=status) for i, (text, kind, status) in enumerate(rows)]
    assert placeholder_flags(comments) == list(map(is_placeholder, comments))
