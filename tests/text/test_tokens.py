"""``words`` splits on whitespace and strips edge punctuation for speed: it must give
exactly the matches of ``WORD`` in the lower-cased text without its invisible format
characters (``INVISIBLE``: soft hyphen, zero-width space, …), whatever the text."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from comments.text.tokens import EDGES, INVISIBLE, WORD, tokenize, words

#: characters that decide tokenising: joiners, digits, edge punctuation, spaces, letters whose
#: lower case is longer (İ), title case (ǅ), numeric letters (Ⅻ, ², ½), other digits (٣)
PALETTE = "ab ÄöüßẞİǅⅫ²½٣ﬁ-'’.,;:!?\"„“()*_/@#\t\n\u00a0\u0307\u00ad\u200b\u2060\u2028🙂0123"


def _expected(text: str) -> list[str]:
    return WORD.findall(INVISIBLE.sub("", text).lower())


def test_edges_hold_no_letter_or_digit():
    assert not any(c.isalnum() for c in EDGES)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=PALETTE, max_size=40))
def test_words_are_the_regex_matches_of_the_lower_cased_text(text):
    assert words(text) == _expected(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_words_agree_with_the_regex_on_any_unicode(text):
    assert words(text) == _expected(text)


def test_typical_comment_words():
    text = "„Das ist US-Politik“, sagt er (3,5 % mehr)... don't! Staatsanwält*innen—und 1.000 Leute?"
    assert words(text) == _expected(text)
    assert words(text)[:4] == ["das", "ist", "us-politik", "sagt"]
    assert "3,5" in words(text) and "don't" in words(text) and "1.000" in words(text)
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice(PALETTE) for _ in range(rng.randint(0, 30)))
        assert tokenize(text) == _expected(text)


def test_invisible_characters_join_the_word_they_split():
    """A soft hyphen (``&shy;`` on German news sites) or a zero-width space inside a word does not
    split it: "Boot\u00adloader" is "bootloader" (for topics, tone and drift alike)."""
    from comments.text.token_table import table

    text = "Der Boot\u00adloader ist gesperrt, der Handels\u00adkrieg geht wei\u200bter \u2060\u00ad (\u00adja)"
    expected = ["der", "bootloader", "ist", "gesperrt", "der", "handelskrieg", "geht", "weiter", "ja"]
    assert words(text) == expected
    assert table().tokenize_many([text, text])[0] == [expected, expected]


def test_first_word_is_the_first_token():
    import random

    from comments.text.tokens import first_word

    rng = random.Random(5)
    palette = ["a", "Ä", "1", "3,5", " ", "\n", "-", "'", "’", "(", "„", "_", "²", "ǅ", "...", "?", "z.B.", "x-y", "\u00ad"]
    texts = ["".join(rng.choice(palette) for _ in range(rng.randint(0, 8))) for _ in range(20000)]
    for text in texts + ["", "  ", "(((", "„Warum?“", "_a", "'s gut"]:
        assert first_word(text) == (words(text)[:1] or [None])[0], text


def test_flat_splits_every_compound_as_token_by_token():
    """``Tokens.flat`` (one join and split over the comment) equals splitting each token at its
    hyphens, empty parts left out, on hostile hyphen chains and real compounds."""
    from comments.text.tokens import Tokens, tokenize

    texts = ["US-Sanktionen gegen die EU-Kommission", "--no-preserve-root a-b-c -x- x--y", "Nord-Korea und Süd-Korea",
             "ohne Bindestrich", "", "-", "a-", "Bootloader-Entsperrung 3-4 ẞ-Straße İ-x"]
    for text in texts:
        tokens = tokenize(text)
        assert tokens.flat == [p for t in tokens for p in t.split("-") if p]
    odd = Tokens(["a-", "-b", "--", "c", "d--e", ""])  # tokens the tokenizer never makes
    assert odd.flat == ["a", "b", "c", "d", "e"]


#: what the German Snowball algorithm reads specially: vowels (u and y between them), umlauts, ß, the
#: suffix letters, apostrophes, hyphens, digits, letters whose lower case is longer or differs (İ, ẞ)
STEM_PALETTE = "aeiouyäöüßẞİÄÖÜnstmrdhkgl'’-0é"


@settings(max_examples=5000, deadline=None)
@given(st.text(alphabet=STEM_PALETTE, max_size=16))
def test_german_stems_are_nltks(word):
    """PyStemmer's German stems (the compiled Snowball 2.2) are NLTK's, which the shipped models
    were trained with (benchmarks/stem_check.py: also on every corpus's words and 1.2 million
    dictionary forms)."""
    from nltk.stem.snowball import SnowballStemmer

    from comments.text.tokens import stem

    assert stem(word, "de") == SnowballStemmer("german").stem(word)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=16))
def test_german_stems_are_nltks_on_any_unicode(word):
    from nltk.stem.snowball import SnowballStemmer

    from comments.text.tokens import stem

    assert stem(word, "de") == SnowballStemmer("german").stem(word)


def test_english_stems_stay_nltks():
    """English keeps NLTK's stemmer: its stems differ from compiled Snowball's on some words."""
    from comments.text.tokens import stem

    assert stem("realization", "en") == "realize"
    assert stem("don’t", "en") == "don't"
    assert stem("added", "en") == "ad"
    assert stem("Häuser", "de") == "haus"


def test_forms_of_words_gives_each_word_its_stem_pair_made_once():
    """``forms_of_words`` is ``of_words`` as (form, stem) pairs: the same pairs, the same
    written-form counts, in both languages; a repeated word's pair is one tuple per run."""
    from comments.text.tokens import Stems

    text = "Die Häuser und das Haus, die Häuser! 2024 x the houses and the house of Häuser"
    for language in ("de", "en"):
        pairs, stems = Stems(), Stems()
        tokens = words(text)
        got = pairs.forms_of_words(tokens, language)
        want = stems.of_words(tokens, language)
        assert [s for _, s in got] == want
        assert [w for w, _ in got] == [w for w in tokens if stems._words[language][w] is not None]
        assert pairs._counts == stems._counts and pairs._stem_of == stems._stem_of
        again = pairs.forms_of_words(["häuser"], language)[0]
        assert again is got[[w for w, _ in got].index("häuser")]


def test_drift_function_words_keep_ordinary_english_content_words():
    """Drift's word list is function words only, of the German list's kind and size: the
    stop_words package's English list (1,333 words) holds problem, work, name, new, good,
    need, know, look, changes, so real Reddit replies had no content word at all."""
    from comments.text.tokens import content_words, function_words, stop_words

    english = {w for w in function_words("en") if "'" not in w and "\u2019" not in w}
    assert 150 <= len(english) <= 1.2 * len(stop_words("de")) and function_words("de") == stop_words("de")
    assert not {"problem", "work", "name", "new", "old", "good", "need", "know", "look", "changes"} & english
    assert {"the", "we", "would", "into", "anything", "don't", "don\u2019t", "we'll"} <= function_words("en")
    assert content_words("Thanks. We'll look into it! Let us know if anything changes.", "en") == []  # the stop list
    assert content_words("Thanks. We'll look into it! Let us know if anything changes.", "en", function_only=True) == [
        "thanks", "look", "let", "know", "changes"]
    assert content_words("Why isn't your name orange anymore?", "en", function_only=True) == ["name", "orange", "anymore"]


def test_straight_apostrophes_makes_each_a_straight_one_and_keeps_positions_and_words():
    """One character for one (a matcher's word positions are the text's), and ``WORD`` itself is not changed by it:
    classify still reads "geht`s" as "geht" and "s" (review23b #2 is a rule for matching only)."""
    from comments.text.tokens import APOSTROPHES, straight_apostrophes

    text = "Man kann`s, tut´s, don’t, ‘so’, donʼt und ``code``: ok's"
    straight = straight_apostrophes(text)
    assert straight == "Man kann's, tut's, don't, 'so', don't und ''code'': ok's" and len(straight) == len(text)
    assert not any(mark in straight for mark in APOSTROPHES) and straight_apostrophes("plain") == "plain"
    assert [m.span() for m in WORD.finditer(straight)][:3] == [(0, 3), (4, 10), (12, 17)]
    assert WORD.findall("kann`s tut´s") == ["kann", "s", "tut", "s"]
