"""Chunk-wise term matching (``lexicon_batch.scores_many``) and language detection
(``language.identify_many``) equal the per-comment ones (``Lexicon.scores``,
``language.detect``) on real comments and hostile text."""

from __future__ import annotations

import random
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import corpus

from comments.classification import tone
from comments.classification.classify import _combined
from comments.classification.lexicon import Lexicon, Term, build
from comments.classification.lexicon_batch import effective, scores_many
from comments.classification.taxonomy import load
from comments.text import language
from comments.text.token_table import table
from comments.text.tokens import tokenize

FRAGMENTS = ("Staatsanwält*innen", "US-Sanktionen", "EU-Kommission", "--no-preserve-root", "Anti-Root", "Root-Rechte",
             "iPhone-Kriege", "Kriege", "kriegen", "custom rom", "Custom-ROMs", "mi unlock", "Let us know.", "use",
             "die", "the", "a", "Ukraine", "Krieg", "Sanktionen", "Verbraucher", "die EU", "der Krieg", "the war",
             "not good", "nicht gut", "Quatsch", "Idiot", "great", "İstanbul", "ǅ", "ß", "ẞ", "ΑΣ", "-", "'", "\t",
             "\n", "", "und", "ist", "is", "it", "Jaaaa", "42", "3,5", "ÄÖÜ", "für", "you", "du", "Tschüß", "in",
             "zero-day", "open source", "der", "the sanctions")


def _hostile(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    glue = (" ", "", "-", ", ", ". ", "! ", "\n", " - ")
    return ["".join(rng.choice(FRAGMENTS) + rng.choice(glue) for _ in range(rng.randint(0, 14))) for _ in range(n)]


def _germeval(n: int) -> list[str]:
    path = corpus("labeled_de/germeval2018/germeval2018.training.txt")
    return [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()[:n]]


def _chunk(texts: list[str]):
    tokens = [tokenize(t) for t in texts]
    ids = table().ids(tokens)
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    return tokens, ids, lengths


def _lexicons() -> list[Lexicon]:
    taxonomy = load()
    tagged = Lexicon([Term("krieg", "war", 1.0, "de"), Term("war", "war", 0.5, "en"), Term("~krieg", "lemma", 2.0),
                      Term("us-", "geo", 1.5), Term("=root", "tech", 1.0), Term("open source", "tech", 0.75),
                      Term("*sanktion", "geo", 1.0), Term("the war on", "war", 1.0)])
    return [_combined(taxonomy, "de"), _combined(taxonomy, "en"), taxonomy.lexicon, tone.cues("de"), tone.cues("en"),
            tagged, build({"empty": []})]


@pytest.mark.parametrize("kind", ["hostile", "germeval", "one", "empty-texts", "none"])
def test_scores_many_equals_scores(kind):
    texts = {"hostile": _hostile(1500), "germeval": _germeval(1500) if kind == "germeval" else [],
             "one": ["Die US-Sanktionen gegen die EU-Kommission: der Krieg, the war on drugs."],
             "empty-texts": ["", " ", "\n", "-"], "none": []}[kind]
    tokens, ids, lengths = _chunk(texts)
    for lexicon in _lexicons():
        for lang in ("de", "en", "other", None):
            used = effective(lexicon, lang)
            many = scores_many(used, texts, tokens, ids, lengths, table())
            assert len(many) == len(texts)
            for text, words, got in zip(texts, tokens, many):
                assert got == lexicon.scores(text, words, lang), text
    if kind in ("hostile", "germeval"):
        assert any(scores_many(_lexicons()[0], texts, tokens, ids, lengths, table()))  # terms were found


def test_scores_many_phrases_in_and_across_comments():
    """A phrase start at the end of one comment and its second part at the start of the next
    is no phrase; hyphenated comments are searched with their words split."""
    lexicon = Lexicon([Term("open source", "tech", 1.0), Term("die eu", "geo", 2.0), Term("the war on", "war", 1.0)])
    texts = ["we love open", "source code", "open source-code", "Die EU-Kommission", "die-eu", "the war on drugs",
             "the war", "on", "open sources open source", ""]
    tokens, ids, lengths = _chunk(texts)
    many = scores_many(lexicon, texts, tokens, ids, lengths, table())
    assert many == [lexicon.scores(t, k) for t, k in zip(texts, tokens)]
    assert many[0] == many[1] == {} and many[2] == {"tech": 1.0} and many[5] == {"war": 1.0}


@pytest.mark.parametrize("kind", ["hostile", "germeval"])
def test_identify_many_equals_identify(kind):
    texts = (_hostile(2000, seed=9) if kind == "hostile" else _germeval(2000)) + [
        "", "ä", "the cat", "Ünd", "x", "Bedankt voor het recept, het is heerlijk geworden en makkelijk te maken.",
        "the die", "> We apologize for any inconvenience this may have caused to our customers.\n\nDas ist doch ein Witz.",
        'Die Stellungnahme lautet: "We apologize for any inconvenience this may have caused to all of our customers." '
        "Lächerlich, einfach nur lächerlich."]
    tokens, ids, lengths = _chunk(texts)
    many = language.identify_many(texts, tokens, ids, lengths, table())
    assert many == [language.identify(t, k) for t, k in zip(texts, tokens)]
    assert many[-9:] == [None, "de", "en", "de", None, "other", None, "de", "de"]
    assert language.identify_many([], [], ids[:0], lengths[:0], table()) == []


#: pieces of short and long comments near :func:`language._decide_plain`'s edges: German and English function
#: words, content words, handles and links whole or glued, stop words of other languages, letters neither
#: language has, other scripts, emoji, control characters
_LANGUAGE_PIECES = ("der", "die", "und", "ist", "nicht", "the", "and", "is", "not", "you", "es", "in", "a", "so",
                    "Regierung", "Klimapolitik", "Quatsch", "government", "policy", "nonsense", "Hund", "dog", "Tür",
                    "@magna_est", "(@magna_est)", "@user:", "https://x.de/a", "ab-www.x.de", "www.x.com", "http", "@x",
                    "het", "voor", "zijn", "pero", "también", "jest", "że", "łódź", "café", "niño", "Þetta",
                    "привет", "мир", "日本", "😀", "\x07", "\u200b", "|LBR|", "Jaaaa", "42", "-", "...")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(_LANGUAGE_PIECES), st.sampled_from((" ", ", ", ". ", "", "\n"))),
                         min_size=1, max_size=16).map(lambda parts: "".join(a + b for a, b in parts)),
                min_size=1, max_size=12))
def test_identify_many_fast_answers_equal_identify(texts):
    """The comments ``identify_many`` answers without :func:`language._decide` (short ones with enough function
    words, weak long ones; handles, links, foreign stop words and letters on either side of its tests) get
    what ``identify`` gives each."""
    tokens, ids, lengths = _chunk(texts)
    assert language.identify_many(texts, tokens, ids, lengths, table()) == [
        language.identify(t, k) for t, k in zip(texts, tokens)]
    _fast_answers_ask_nothing(texts, tokens, lengths)


def _fast_answers_ask_nothing(texts, tokens, lengths) -> int:
    """Every comment :func:`language._decide_plain` marks is one ``_decide`` answers by its counts alone: the
    identifier never asked (here it fails), the larger count's language. How many were marked."""
    counts = np.array([language._counts(k) for k in tokens], dtype=np.int64).reshape(len(texts), 3)
    foreign = np.array([not language._other_words().isdisjoint(k) for k in tokens], dtype=bool)
    plain = np.zeros(len(texts), dtype=bool)
    language._decide_plain(texts, plain, np.array(lengths), counts[:, 0], counts[:, 1], counts[:, 2], foreign)

    def asked(text):
        raise AssertionError(f"the identifier was asked: {text!r}")
    with patch.object(language, "_identified", asked):
        for i in np.flatnonzero(plain).tolist():
            de, en, shared = counts[i].tolist()
            assert language._decide(texts[i], tokens[i], de, en, shared) == ("de" if de > en else "en"), texts[i]
    return int(plain.sum())


def test_identify_many_fast_answers_on_tweets(monkeypatch):
    """Short tweets opening with handles are answered without ``_decide`` when they can be, and alike."""
    texts = ["@user1 Das ist doch nicht wahr.", "@a @b The vote is not over.", "(@magna_est) das ist so",
             "@x Het is de vraag.", "@x Das ist ja café", "Das ist nicht привет мир Москва", "@x www.a.de und die",
             "Die Regierung und Klimapolitik Quatsch Quatsch Unsinn Blödsinn Gerede Geschwätz Murks Kram",
             "Die Regierung und Klimapolitik Quatsch Quatsch Unsinn Blödsinn Gerede Geschwätz Murks привет",
             "@x Das ist nicht hetwww.x.com", "Der Staat Klimapolitik Quatsch Unsinn Blödsinn Gerede Geschwätz Kram łódź"]
    tokens, ids, lengths = _chunk(texts)
    asked = []
    decide = language._decide
    monkeypatch.setattr(language, "_decide", lambda text, *rest: asked.append(text) or decide(text, *rest))
    many = language.identify_many(texts, tokens, ids, lengths, table())
    monkeypatch.undo()
    assert many == [language.identify(t, k) for t, k in zip(texts, tokens)]
    assert many[:2] == ["de", "en"] and many[6:8] == ["de", "de"]
    assert sorted(asked) == sorted(texts[2:6] + texts[8:])  # (glued handle, foreign word, letter, script)
    assert _fast_answers_ask_nothing(texts, tokens, lengths) == 4


_PHRASES = Lexicon([Term("open source", "tech", 1.0), Term("die eu", "geo", 2.0), Term("the war on", "war", 1.0),
                    Term("=mi unlock", "tech", 0.5), Term("us-", "geo", 1.5)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(("open", "source", "sources", "die", "eu", "EU", "the", "war",
                                                    "on", "mi", "unlock", "us", "x", "")),
                                   st.sampled_from((" ", "-", "--", " -", "- ", ", "))),
                         max_size=8), max_size=6))
def test_scores_many_phrases_with_hyphens(comments):
    """Hyphenated comments are searched only where two neighbouring words (hyphen parts
    included) may begin a phrase: the scores equal ``Lexicon.scores`` however the parts are glued."""
    texts = ["".join(word + glue for word, glue in comment) for comment in comments]
    tokens, ids, lengths = _chunk(texts)
    assert scores_many(_PHRASES, texts, tokens, ids, lengths, table()) == [
        _PHRASES.scores(t, k) for t, k in zip(texts, tokens)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abäß-'1 ", max_size=4), max_size=12),
       st.lists(st.text(alphabet="abäß-'1", max_size=6), max_size=30))
def test_begins_with_any_is_startswith(prefixes, tokens):
    """The first-character dispatch of the phrase edge column (``begins_with_any``) gives what
    ``str.startswith`` of the whole tuple gives, the empty prefix and the empty token included;
    and on the default lexicons' second parts."""
    from comments.classification.lexicon import begins_with_any

    assert begins_with_any(tuple(prefixes))(tokens) == [t.startswith(tuple(prefixes)) for t in tokens]
    follows = effective(_combined(load(), "de"), "de").phrase_seconds
    words = tokens + ["absolut", "account", "a", "b", "zz", "über", "die", "the", "7", "20er"]
    assert begins_with_any(follows)(words) == [w.startswith(follows) for w in words]
