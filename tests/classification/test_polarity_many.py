"""``polarity_many`` (a chunk, its token places from the token table) equals ``polarity``
comment by comment, on real comments, hostile text and the negation/intensifier cases."""

from __future__ import annotations

import random

import pytest
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
