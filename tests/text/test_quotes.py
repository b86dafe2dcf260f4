"""``quotes`` (whether a text quotes a line or a long inline passage): its substring pre-test
says the same as the patterns alone, on any text built from quotation marks, letters and breaks."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from comments.text import quotes as quotes_mod
from comments.text.quotes import own_words, quotes

MARKS = ('"', "„", "“", "”", "»", "«", ">", "\n", " ", "\t", "a", "Ü", "1", "‚", "‘", "'")


def _by_patterns(text: str) -> bool:
    return quotes_mod._LINE_START.search(text) is not None or quotes_mod._INLINE_QUOTE.search(text) is not None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MARKS), st.sampled_from(["x" * 30, "Wort " * 13])), max_size=40),
       st.text(max_size=20))
def test_quotes_equals_the_patterns(parts, noise):
    text = "".join(parts) + noise
    assert quotes(text) == _by_patterns(text)


def test_quotes_finds_each_opening_mark():
    passage = "x" * 70
    for opening, closing in (('"', '"'), ("„", "“"), ("„", "”"), ("“", "”"), ("»", "«"), ("«", "»")):
        text = f"Er sagt: {opening}{passage}{closing} und mehr."
        assert quotes(text) and own_words(text) == "Er sagt:   und mehr."
    assert not quotes("Er sagt: 'x' " + passage) and not quotes("a > b")
    assert quotes("> zitiert\nAntwort")


def test_a_run_counts_words_as_the_tokenizer_reads_them():
    """review20b #3: a contraction is one word, so a reply opening as its parent did ("I don't think it's …",
    four words) keeps its words; six words the parent has too are still a quote, contractions and all."""
    parent = "I don't think it's a good idea to rewrite the garbage collector in Rust."
    reply = "I don't think it's fair to blame the compiler for the pauses."
    assert own_words(reply, parent) == reply
    pasted = "I don't think it's a good idea to rewrite it? It is the only way to get rid of the pauses."
    assert "don't" not in own_words(pasted, parent) and "only way" in own_words(pasted, parent)


def test_a_straight_apostrophe_quotes_a_typographic_one():
    """review21b #8: a blog shows the parent with ’ (WordPress's wptexturize), the reader types the line answered with
    ': "don't" and "don’t" are one word for matching, so the pasted run is a quote (every six words of it hold a
    contraction: it was read as the reply's own); the texts keep their apostrophes."""
    parent = "Honestly, I don’t think it’s fair, and I won’t say it’s wrong either. The benchmark is what it is."
    pasted = "I don't think it's fair, and I won't say it's wrong\nThen why publish a benchmark that’s this misleading?"
    own = own_words(pasted, parent)
    assert "fair" not in own and own.strip() == "Then why publish a benchmark that’s this misleading?"
    mine = "I don't think it's fair to blame the compiler."
    assert own_words(mine, parent) == mine
