"""Chunk-wise term matching (``lexicon_batch.scores_many``) and language detection
(``language.identify_many``) equal the per-comment ones (``Lexicon.scores``,
``language.detect``) on real comments and hostile text."""

from __future__ import annotations

import random

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
