"""The learned tone model's word and word-pair counts (``learn._word_counts``, built from
id arrays) equal scikit-learn's CountVectorizer over the same stems, entry for entry."""

from __future__ import annotations

import random

import pytest
from conftest import corpus
from sklearn.feature_extraction.text import CountVectorizer

from comments.classification.classify import DEFAULT_TONE
from comments.classification.learn import TextModel, _word_counts
from comments.classification.tone import stem_list, stem_words, word_counts
from comments.text.tokens import tokenize


def _reference(docs: list[str], vocab: dict[str, int]):
    vectorizer = CountVectorizer(vocabulary=vocab, ngram_range=(1, 2), token_pattern=r"\S+", lowercase=False)
    counts = vectorizer.transform(docs)
    counts.sort_indices()
    return counts


def _same(docs: list[str], vocab: dict[str, int]) -> None:
    expected = _reference(docs, vocab)
    for given in (docs, [d.split() for d in docs]):
        got = _word_counts(given, vocab)
        assert got.shape == expected.shape
        assert got.indptr.tolist() == expected.indptr.tolist()
        assert got.indices.tolist() == expected.indices.tolist()
        assert got.data.tolist() == expected.data.tolist()


def _germeval(n: int) -> list[str]:
    path = corpus("labeled_de/germeval2018/germeval2018.training.txt")
    return [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()[:n]]


def test_counts_equal_countvectorizer_on_real_comments_with_the_shipped_vocabulary():
    vocab = TextModel.load(DEFAULT_TONE).word_vocab
    texts = _germeval(2000) + ["The users were running and running the same test, running the same test again."]
    docs = [stem_words(tokenize(t), "en" if i == 2000 else "de") for i, t in enumerate(texts)]
    assert sum(" " in k for k in vocab) > 0  # pairs are exercised
    _same(docs, vocab)
    assert _word_counts(docs, vocab).nnz > 5000


@pytest.mark.parametrize("docs", [[], [""], ["a"], ["a a a"], ["", "b a", ""], ["x y z", "y z y z"]],
                         ids=["none", "empty", "one", "repeated", "empties-around", "pairs"])
def test_counts_on_edge_documents(docs):
    _same(docs, {"a": 2, "b": 0, "b a": 1, "y z": 3, "z": 4, "x": 5, "a a": 6})


def test_unspellable_vocabulary_keys_never_count():
    vocab = {"a": 0, "a  b": 1, "a\tb": 2, "": 3, "a b c": 4, "b": 5}
    _same(["a b c", "a  b", "a\tb", "b"], vocab)


def test_random_documents_and_vocabulary():
    rng = random.Random(3)
    words = [f"w{i}" for i in range(30)] + ["ß", "straß", "İ", "ǅ"]
    vocab: dict[str, int] = {}
    for w in rng.sample(words, 20) + [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(200)]:
        vocab.setdefault(w, len(vocab))
    docs = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 40))) for _ in range(500)]
    _same(docs, vocab)


def test_stem_list_is_stem_words_split():
    for text in ("Die Nutzer liefen und liefen", "The users were running", "", "a b c"):
        for language in ("de", "en"):
            assert stem_list(tokenize(text), language) == stem_words(tokenize(text), language).split()


HOSTILE = ["", " ", "Staatsanwält*innen und Richter*innen", "d*ck gef****t", "US-Sanktionen --no-preserve-root",
           "İstanbul ǅ ẞ ﬁ Ⅻ ΑΣ", "die die die the the", "a", "Jaaaa sooo!!! 😉", "x" * 5000,
           "The users were running and running the same test", "Die Nutzer liefen und liefen"]


@pytest.mark.parametrize("chunk", ["real", "hostile", "one", "one-empty", "none"])
def test_chunk_word_counts_equal_the_stem_lists(chunk):
    model = TextModel.load(DEFAULT_TONE)
    texts = {"real": lambda: _germeval(1500) + HOSTILE, "hostile": lambda: HOSTILE * 3,
             "one": lambda: ["Die Nutzer liefen und liefen"], "one-empty": lambda: [""], "none": list}[chunk]()
    tokens = [tokenize(t) for t in texts]
    languages = [("en", "de", "other", None)[i % 4] for i in range(len(texts))]  # mixed, unknown ones read as German
    expected = _word_counts([stem_list(k, "en" if lang == "en" else "de") for k, lang in zip(tokens, languages)],
                            model.word_vocab)
    got = word_counts(model, tokens, languages)
    assert got.shape == expected.shape
    assert (got.indptr.tolist(), got.indices.tolist(), got.data.tolist()) == \
        (expected.indptr.tolist(), expected.indices.tolist(), expected.data.tolist())
