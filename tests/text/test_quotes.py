"""``quotes`` (whether a text quotes a line or a long inline passage): its substring pre-test
says the same as the patterns alone, on any text built from quotation marks, letters and breaks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from comments.text import quotes as quotes_mod, tokens
from comments.text.quotes import own_words, quote_grams, quotes, unquoted_parts

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


@pytest.mark.parametrize("mark", tokens.APOSTROPHES)
def test_every_apostrophe_a_writer_types_quotes_the_straight_one(mark):
    """review23b #2: a contraction written with ’ ‘ ʼ ´ or ` ("don´t", "geht`s") is the same word as with ' for
    matching (one word, not "don" and "t"), either way round: the pasted run is a quote; the texts keep theirs."""
    parent = "I don%st think we can%st do it and it won%st work in the way they%sre saying here".replace("%s", mark)
    reply = "I don't think we can't do it and it won't work in the way -- well, I disagree."
    assert unquoted_parts(reply, parent) == [" -- well, I disagree."]
    swapped = reply.replace("'", mark)
    assert unquoted_parts(swapped, parent.replace(mark, "'")) == [" -- well, I disagree."]
    assert unquoted_parts(swapped, quote_grams(parent)) == [" -- well, I disagree."]
    mine = f"I don{mark}t think we can{mark}t blame the compiler for it."
    assert own_words(mine, parent) == mine  # four words of the parent in a row: no quote


def test_a_real_contraction_with_a_backtick_is_quoted_by_a_reply_typed_with_an_apostrophe():
    """A real comment of oekonomenstimme.org ("Man kann`s auch so sagen: …"): a reply pasting its sentence with
    ' leaves all of it out (the backtick split "kann`s" in two, so "Man kann's" stayed as the reply's own)."""
    from conftest import corpus, read

    texts = {c.id: c.text for pt in read(corpus("html_comments/oekonomenstimme.org__keynes.html")).threads
             for c in pt.comments}
    parent = texts["1508"]
    assert "Man kann`s auch so sagen" in parent
    reply = 'Man kann\'s auch so sagen: Sie haben den "optimalen Zustand" erreicht.\nNein, das sehe ich anders.'
    assert own_words(reply, parent).split("\n") == [".", "Nein, das sehe ich anders."]  # (the sentence's end)
    assert own_words(reply.replace("'", "´"), parent).split("\n") == [".", "Nein, das sehe ich anders."]


def _reference_keys(text: str) -> list[str]:
    """The words of ``text`` as quotes are matched, as they were found before the chunk table: the pattern run
    over the whole text, each word keyed by its own call."""
    return list(quotes_mod._key_words(text))


def _reference_unquoted_parts(text: str, parent: str) -> list[str]:
    """``unquoted_parts`` as it was before the run test over the marked words: a run counted word by word."""
    words, mine = _reference_keys(parent), _reference_keys(text)
    if len(words) < quotes_mod.QUOTE_WORDS:
        return [text]
    n = quotes_mod.QUOTE_WORDS
    runs, known = {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}, set(words)
    quoted, run = [False] * len(mine), 0
    for i, w in enumerate(mine):
        run = run + 1 if w in known else 0
        if run >= n and tuple(mine[i - n + 1:i + 1]) in runs:
            quoted[i - n + 1:i + 1] = [True] * n
    return quotes_mod._parts(text, quoted)  # (the parts around the marked words: not changed)


#: pieces of text for the runs: words that repeat (so replies hold runs of six), contractions with every
#: apostrophe, compounds, numbers, a soft hyphen inside a word, edges, and whitespace ``str.split`` cuts at
#: but the pattern has no word in (a no-break space, an em space, the information separators \x1c–\x1f)
PIECES = ("Krieg", "kriegen", "don't", "Don’t", "it's", "geht`s", "tut´s", "donʼt", "‘so", "`", "´", "Open-Source",
          "Boot\u00adloader", "12,5", "1999", "Ölpreis", "ΟΔΟΣ", "„Quelle“", "(Hallo,", "www.x.de/a-b", "@anna_k", "x²",
          "_a_", " ", " ", "\n", "\u00a0", "\u2003", "\x1c", "\x1f", ".", "—", "'", "’")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.lists(st.sampled_from(PIECES), max_size=60),
       st.integers(min_value=0, max_value=50), st.integers(min_value=0, max_value=12))
def test_unquoted_parts_equals_the_word_by_word_reading(parent_pieces, reply_pieces, at, pasted):
    """The chunk table and the run test over the marked words leave out exactly what the word-by-word
    reading left out, for replies pasting part of their parent among words of their own."""
    parent = " ".join(parent_pieces)
    own = " ".join(reply_pieces)
    reply = own[:at] + " " + " ".join(parent.split()[at % 7:at % 7 + pasted]) + " " + own[at:]
    assert quotes_mod._keys(reply) == _reference_keys(reply)
    assert quotes_mod.unquoted_parts(reply, parent) == _reference_unquoted_parts(reply, parent)
    assert quotes_mod.unquoted_parts(reply, quotes_mod.quote_grams(parent)) == _reference_unquoted_parts(reply, parent)


def test_unquoted_parts_equals_the_word_by_word_reading_on_real_replies(monkeypatch):
    """Every reply of the real corpora with its parent: the same parts; also with the chunk table
    started afresh at every chunk (its bound)."""
    from conftest import corpus, read

    pairs = []
    for folder in ("reddit", "html_comments", "html_wordpress", "plaintext_en"):
        for pt in read(corpus(folder)).threads:
            texts = {c.id: c.text for c in pt.comments}
            pairs += [(c.text, texts[c.parent_id]) for c in pt.comments if c.parent_id in texts]
    assert len(pairs) > 900
    quoted = 0
    for bound in (quotes_mod.CHUNKS_HELD, 1):
        monkeypatch.setattr(quotes_mod, "CHUNKS_HELD", bound)
        for reply, parent in pairs:
            expected = _reference_unquoted_parts(reply, parent)
            assert quotes_mod.unquoted_parts(reply, parent) == expected
            quoted += expected != [reply]
    assert quoted > 0  # some replies do paste a run of their parent


def test_the_chunk_table_holds_no_long_chunk():
    """A chunk longer than CHUNK_LENGTH_HELD (a URL, base64, a CJK sentence without spaces) is keyed but not
    held: 20,000 such replies added 123 MB that stayed for the process (review24b F5, session 24)."""
    import random

    rng = random.Random(7)
    before = len(quotes_mod._CHUNK_KEYS)
    parent = "短文" * 10 + " shared words of the parent here now"
    for _ in range(200):
        reply = "".join(chr(0x4E00 + rng.randrange(2000)) for _ in range(1500))
        assert quotes_mod.unquoted_parts(reply, parent) == [reply]
    assert len(quotes_mod._CHUNK_KEYS) <= before + 10
    assert all(len(chunk) <= quotes_mod.CHUNK_LENGTH_HELD for chunk in quotes_mod._CHUNK_KEYS)
