"""A thread's text views fitted a chunk at a time: a subset's rows are the whole thread's rows."""

from __future__ import annotations

import numpy as np
import pytest

from comments.text.similarity import Fitted, Texts, matrix
from comments.text.tokens import Stems

TEXTS = [("Die Sanktionen der USA treffen Kuba hart.", "de"), ("", "de"), ("Kuba, Kuba und die USA!", "de"),
         ("The phones are locked remotely again.", "en"), ("   ", "de"), ("Санкции США 😀", "de"),
         ("Die Hersteller sperren Geräte aus der Ferne.", "de"), ("Remotely locked phones, again and again", "en")]


@pytest.mark.parametrize("views", [("lemmas", "chars"), ("stems",), ("chars",), ("stems", "chars")])
@pytest.mark.parametrize("chunk", [1, 30, 1 << 19])
@pytest.mark.parametrize("keep", [0, None])
def test_rows_of_a_subset_are_the_rows_of_the_whole_thread(views, chunk, keep):
    """With the pairs kept (``whole``) or computed again from the texts (``keep`` 0)."""
    whole = matrix(Texts(TEXTS, Stems()), views).toarray()
    fitted = Fitted(Texts(TEXTS, Stems()), views, chunk, keep)
    assert (fitted.whole is None) == (keep == 0)
    some = np.array([7, 2, 3])
    part = np.hstack([m.toarray() for m in fitted.rows(some)])
    assert np.abs(part - whole[some]).max() < 1e-15
    again = Fitted(Texts(TEXTS, Stems()), views, chunk, 0 if keep is None else None).rows(some)
    assert all(np.array_equal(a.toarray(), b.toarray()) for a, b in zip(fitted.rows(some), again))
    assert fitted.empty.tolist() == [False, True, False, False, True, False, False, False]
    assert np.allclose((whole * whole).sum(axis=1)[~fitted.empty], 1.0)


def test_terms_count_distinct_content_words_and_numbers_persist_across_subsets():
    docs = Texts(TEXTS, Stems())
    fitted = Fitted(docs, ("lemmas",), 1)
    assert fitted.terms.tolist()[:3] == [5, 0, 2]  # sanktionen usa treffen kuba hart; none; kuba usa
    first = docs.keys("lemmas", [2])[1].tolist()
    again = docs.keys("lemmas", [0, 2])
    assert again[1][again[0] == 1].tolist() == first


def test_no_feature_anywhere_gives_no_matrix():
    assert matrix(Texts([("", "de"), (" ", "en")], Stems()), ("lemmas", "chars")) is None


def test_words_found_chunk_by_chunk_are_the_words_of_the_text(monkeypatch):
    """``ChunkWords`` (each distinct whitespace chunk split once) numbers the content words
    of a text as numbering ``words(text)`` one by one does, in the same order."""
    from comments.text import similarity
    from comments.text.similarity import ChunkWords, WordNumbers
    from comments.text.tokens import words

    texts = ["„Die Sanktionen“ (der USA) treffen Kuba—hart!", "E-Mail-Adresse, 3,5 % mehr; ’n Abend", "ΟΔΟΣ Σ σοφός",
             "x-y -- 'quoted' don't «so» …und… 2021-09-01 a1b2", "", "  \t ", "Kuba Kuba kuba KUBA", "日本語 😀 Санкции"]
    for language, held in (("de", 200_000), ("en", 200_000), ("de", 2)):  # 2: the cache starts afresh often
        monkeypatch.setattr(similarity, "CHUNKS_HELD", held)
        lemmas: list = []
        chunked, one_by_one = ChunkWords(WordNumbers(language, lemmas)), WordNumbers(language, [])
        for text in texts:
            found = [n for chunk in text.lower().split() for n in chunked[chunk]]
            assert found == [n for n in map(one_by_one.__getitem__, words(text)) if n >= 0]
        assert len(lemmas) == len(one_by_one.lemmas) > 5


def _lemma_keys_by_hand(texts, lemma) -> list[list[int]]:
    """Each text's lemma token numbers, numbered by first sight among these texts alone
    (content words as ``content_words(numbers=False, function_only=True)`` keeps them)."""
    from comments.text.tokens import function_words, words

    numbers: dict[str, int] = {}
    out = []
    for text, lang in texts:
        kept = [w for w in words(text) if w not in function_words(lang) and len(w) > 1 and not w.isdigit()]
        out.append([numbers.setdefault(t, len(numbers)) for w in kept for t in lemma(w, lang)])
    return out


@pytest.mark.parametrize("hashed_first", [0, 1 << 14])
@pytest.mark.parametrize("held", [1, 1 << 19])
@pytest.mark.parametrize("chunk", [1, 1 << 19])
def test_lemma_keys_are_a_thread_alone_whatever_the_process_saw_before(hashed_first, held, chunk, monkeypatch):
    """The process-wide lexicon numbers words once per run; a thread's lemma tokens are
    still numbered by first sight among its own texts, after other threads were read,
    with lemmas of two tokens or none, a chunk at a time, and with a lexicon started
    afresh (``WORDS_HELD``)."""
    from comments.text import similarity

    def lemma(word, language):  # lemmas of two tokens (k…) and of none (hart)
        return () if word == "hart" else (word, "kk") if word.startswith("k") else (word[:4],)

    monkeypatch.setattr(similarity, "_lemma", lemma)
    monkeypatch.setattr(similarity, "HASHED_FIRST", hashed_first)
    monkeypatch.setattr(similarity, "WORDS_HELD", held)
    monkeypatch.setattr(similarity, "_LOCAL", type(similarity._LOCAL)())
    other = [("Kubas Häfen, harte Sanktionen und Geräte", "de"), ("phones kept locked by makers", "en")]
    for texts in (other, TEXTS, other[::-1], TEXTS):
        docs = Texts(texts, Stems())
        fitted = Fitted(docs, ("lemmas",), chunk)
        assert fitted.terms.tolist() == [len(set(k)) if k else 0 for k in
                                         _distinct_words(texts)]
        doc, keys = docs.keys("lemmas", range(len(texts)))
        found = [keys[doc == i].tolist() for i in range(len(texts))]
        assert found == _lemma_keys_by_hand(texts, lemma)


def _distinct_words(texts) -> list[set[str]]:
    from comments.text.tokens import function_words, words

    return [{w for w in words(t) if w not in function_words(lang) and len(w) > 1 and not w.isdigit()} for t, lang in texts]


def test_the_lexicon_cap_counts_numbers_and_stop_words_too(monkeypatch):
    """The lexicon's words table also keeps every number and stop word (as −1); the cap counted
    only content words, so threads of numbers grew it without bound (a million entries, the
    cap never reached). Now the table's whole size is capped: a new lexicon starts."""
    import random

    from comments.text import similarity

    monkeypatch.setattr(similarity, "WORDS_HELD", 2_000)
    monkeypatch.setattr(similarity, "_LOCAL", type(similarity._LOCAL)())
    rng = random.Random(0)
    biggest = 0
    for _ in range(20):
        texts = [(" ".join(str(rng.randrange(10 ** 12)) for _ in range(50)) + " the phones locked", "en")
                 for _ in range(10)]
        docs = Texts(texts, Stems())
        doc, keys = docs.keys("lemmas", range(len(texts)))
        assert sorted(set(keys.tolist())) == [0, 1]  # phones, locked: the numbers and "the" are no content words
        biggest = max(biggest, similarity.lexicon().held())
    assert len(similarity.lexicon().lemmas) <= 2 and biggest < 2_000 + 500 + 3  # one thread's words over the cap at most


@pytest.mark.parametrize("held", [200_000, 3])
def test_chunk_grams_count_the_grams_of_every_text(held, monkeypatch):
    """``ChunkGrams.counts``: each text's gram counts (a gram's number → its key) are those
    of hashing the whole text, also when the table starts afresh between calls."""
    from collections import Counter

    from comments.text import similarity
    from comments.text.similarity import ChunkGrams
    from comments.text.vectors import char_wb_keys

    monkeypatch.setattr(similarity, "CHUNKS_HELD", held)
    monkeypatch.setattr(similarity, "GRAMS_HELD", held * 10)
    grams = ChunkGrams()
    texts = [t.lower() for t, _ in TEXTS] + ["kuba kuba kuba", "ΟΔΟΣ Σ σοφός \udc80", ""]
    for batch in (texts, texts[::-1], texts[2:5]):
        counts = grams.counts(batch)
        assert counts.shape[0] == len(batch)
        doc, keys = char_wb_keys(batch)
        for i in range(len(batch)):
            row = counts.getrow(i)
            assert Counter(dict(zip(grams.keys[row.indices].tolist(), row.data.tolist()))) == Counter(
                keys[doc == i].tolist())
    if held == 3:
        assert len(grams) < len({c for t in texts for c in t.split()})  # started afresh


@pytest.mark.parametrize("views", [("lemmas", "chars"), ("chars",), ("stems", "chars")])
@pytest.mark.parametrize("chunk", [1, 30, 1 << 19])
@pytest.mark.parametrize("keep", [0, None])
def test_chars_counted_per_chunk_of_text_are_the_rows_of_every_occurrence(views, chunk, keep, monkeypatch):
    """``Fitted`` counting the ``chars`` view from each chunk of text's grams (``COUNTED``
    documents or more in a chunk) gives the same rows, to the last bit, as hashing every
    occurrence (the same ``empty`` and ``whole`` too)."""
    from comments.text import similarity

    found = []
    for counted in (0, 1 << 40):
        monkeypatch.setattr(similarity, "COUNTED", counted)
        fitted = Fitted(Texts(TEXTS * 4, Stems()), views, chunk, keep)
        found.append((fitted.empty.tolist(), fitted.whole is None, fitted.rows(np.array([7, 2, 3, 30, 0]))))
    (empty, none, rows), (empty_0, none_0, rows_0) = found
    assert empty == empty_0 and none == none_0
    for a, b in zip(rows, rows_0, strict=True):
        assert all(np.array_equal(getattr(a, name), getattr(b, name)) for name in ("data", "indices", "indptr"))
