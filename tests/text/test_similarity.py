"""A thread's text views fitted a chunk at a time: a subset's rows are the whole thread's rows."""

from __future__ import annotations

import numpy as np
import pytest

from comments.text.similarity import Fitted, Texts, matrix
from comments.text.tokens import Stems, content_words

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


def test_terms_count_distinct_content_words():
    fitted = Fitted(Texts(TEXTS, Stems()), ("lemmas",), 1)
    assert fitted.terms.tolist()[:3] == [5, 0, 2]  # sanktionen usa treffen kuba hart; none; kuba usa
    assert fitted.terms.tolist() == [len(set(content_words(t, lang, numbers=False))) for t, lang in TEXTS]


@pytest.mark.parametrize("folder", ["html_comments", "reddit", "plaintext_de", "plaintext_en"])
def test_character_rows_from_distinct_chunks_are_the_rows_of_every_occurrence(folder):
    """The sparse product (documents × chunks · chunks × n-grams) gives, bit for bit, the
    rows the per-occurrence route (hash every n-gram, sort the pairs) gives, on real threads."""
    from conftest import corpus, read

    from comments.text.vectors import char_wb_keys, tfidf_rows

    for pt in read(corpus(folder)).threads:
        texts = [(c.text, "de") for c in pt.comments]
        found = Fitted(Texts(texts, Stems()), ("chars",)).rows(range(len(texts)))
        expected = tfidf_rows(*char_wb_keys([t.lower() for t, _ in texts]), len(texts))
        if expected is None:
            assert found == []
            continue
        assert np.array_equal(found[0].indptr, expected.indptr) and np.array_equal(found[0].indices, expected.indices)
        assert np.array_equal(found[0].data, expected.data)  # the same bits


def test_cosines_of_views_side_by_side_are_the_bits_of_one_product_per_view():
    from scipy.sparse import random as sparse_random

    from comments.text.vectors import view_cosines

    rng = np.random.default_rng(3)
    m = sparse_random(300, 500, density=0.05, format="csr", random_state=4)
    bounds = np.array([0, 120, 500])
    left, right = rng.integers(0, 300, 2000), rng.integers(0, 300, 2000)
    views = [m[:, a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    expected = sum(np.asarray(v[left].multiply(v[right]).sum(axis=1)).ravel() for v in views)
    assert np.array_equal(view_cosines(m, bounds, left, right, step=333), expected)


def test_no_feature_anywhere_gives_no_matrix():
    assert matrix(Texts([("", "de"), (" ", "en")], Stems()), ("lemmas", "chars")) is None


def test_content_words_found_chunk_by_chunk_are_the_content_words_of_the_text():
    """Each distinct whitespace chunk is split once (``chunk_words``) and its words looked
    up in the thread's word table: the content words of a text, in order, as
    ``content_words(numbers=False)`` finds them in the whole text."""
    from comments.text.similarity import _Words
    from comments.text.tokens import chunk_words

    texts = ["„Die Sanktionen“ (der USA) treffen Kuba—hart!", "E-Mail-Adresse, 3,5 % mehr; ’n Abend", "ΟΔΟΣ Σ σοφός",
             "x-y -- 'quoted' don't «so» …und… 2021-09-01 a1b2", "", "  \t ", "Kuba Kuba kuba KUBA", "日本語 😀 Санкции"]
    for language in ("de", "en"):
        table = _Words(language, [])
        for text in texts:
            found = [table.words[k][0] for chunk in text.lower().split()
                     for k in map(table.__getitem__, chunk_words(chunk)) if k >= 0]
            assert found == content_words(text, language, numbers=False)
        assert len(table.words) > 5
