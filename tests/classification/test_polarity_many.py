"""``polarity_many`` (a chunk, its token places from the token table) equals ``polarity``
comment by comment, on real comments, hostile text and the negation/intensifier cases."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st
from conftest import corpus

from comments.classification import polarity as polarity_mod
from comments.classification.polarity import polarity, polarity_many
from comments.text.token_table import table
from comments.text.tokens import tokenize

CASES = ["nicht gut", "sehr schlecht", "super", "Das ist super", "Das ist super gut", "gar nicht so schlecht",
         "geht gar nicht", "zum kotzen", "not bad at all", "really really great", "extremely", "so much love",
         "Na super, wieder kein Update", "", "   ", "Quatsch! Idioten!!!", "dummer verlogener Mist", "kein Wunder",
         "It is not a critical issue", "should be illegal", "very very", "total toll", "Staatsanwält*innen", "gef****t"]
PIECES = CASES + ["und", "die", "the", "a", "Krieg", "great", "stupid", "nie", "never", "😉", "42", "-", "İ", "ẞ"]


def _hostile(n: int) -> list[str]:
    rng = random.Random(17)
    return [" ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12))) for _ in range(n)]


def _same(texts: list[str], languages: list[str]) -> None:
    tokens = [tokenize(t) for t in texts]
    expected = [polarity(t, k, lang) for t, k, lang in zip(texts, tokens, languages)]
    got = polarity_many(texts, tokens, languages, table().ids(tokens))
    assert [repr(v) for v in got] == [repr(v) for v in expected]  # float for float, -0.0 included


@pytest.mark.parametrize("languages", ["de", "en", "mixed"])
def test_polarity_many_equals_polarity_on_hostile_text(languages):
    texts = _hostile(2000) + CASES
    _same(texts, [languages if languages != "mixed" else ("de", "en", "other")[i % 3] for i in range(len(texts))])


def test_polarity_many_equals_polarity_on_real_comments():
    path = corpus("labeled_de/germeval2018/germeval2018.training.txt")
    texts = [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()[:3000]]
    _same(texts, ["de"] * len(texts))


def test_polarity_many_with_cold_caches_and_tiny_chunks(monkeypatch):
    from comments.text import token_table

    monkeypatch.setattr(polarity_mod, "_ZERO", {"de": set(), "en": set()})
    monkeypatch.setattr(token_table._LOCAL, "table", None)  # polarity_many's own column starts cold too
    for chunk in (CASES[:1], [""], [], CASES):
        _same(chunk, ["de"] * len(chunk))


ROLE_WORDS = ("nicht", "kein", "not", "never", "sehr", "so", "super", "etwas", "kaum", "really", "too", "gut", "schlecht",
              "Quatsch", "toll", "great", "bad", "stupid", "love", "und", "die", "the", "Haus", "x", "geht gar nicht",
              "zum kotzen", "!", "-", "dummer", "verlogener")


@pytest.mark.parametrize("language", ["de", "en"])
def test_polarity_many_on_negation_and_intensifier_chains(language):
    """Dense runs of negations, intensifiers (at the end too), downtoners, opinion and neutral
    words: the walk's state (boost in force, a negation's reach) as array steps."""
    rng = random.Random(23)
    texts = [" ".join(rng.choice(ROLE_WORDS) for _ in range(rng.randint(0, 9))) for _ in range(4000)]
    texts += ["sehr nicht gut", "nicht sehr gut", "nicht und und und gut", "nicht und und gut", "sehr sehr",
              "gut sehr", "so", "etwas", "nicht", "sehr super", "kein kein gut", "nicht gut schlecht", "super super"]
    _same(texts, [language] * len(texts))


LETTERLESS = ("1", "10", "42!", "👍", "+1", "...", "😉😉", "—", "٣", "²", "_", "", "  ", "İ", "ẞ", "ß", "a", "x1", "ـ", "ǅ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LETTERLESS), st.text(max_size=6)), max_size=40),
       st.sets(st.integers(0, 39), max_size=5))
def test_scored_polarities_from_token_ids_equal_the_text_search(texts, reactions):
    """The letter test read from the token table's column (``ids`` given) keeps and drops the same
    comments' values as the search of each comment's joined tokens: digits, emoji, signs, joiners,
    letters of every script and case mapping, reactions kept either way."""
    tokens = [tokenize(t) for t in texts]
    values = [float(i) - 0.5 for i in range(len(texts))]
    reactions = {i for i in reactions if i < len(texts)}
    expected = polarity_mod.scored_polarities(values, tokens, reactions)
    got = polarity_mod.scored_polarities(values, tokens, reactions, table().ids(tokens))
    assert got == expected


def test_scored_polarities_from_token_ids_drop_letterless_comments():
    texts = ["42", "👍", "gut", "+1", "10 Punkte", "..."]
    tokens = [tokenize(t) for t in texts]
    got = polarity_mod.scored_polarities([0.5] * 6, tokens, {1}, table().ids(tokens))
    assert got == [None, 0.5, 0.5, None, 0.5, None]
