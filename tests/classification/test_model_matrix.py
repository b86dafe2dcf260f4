"""The learned models' input matrix built from arrays (``learn._tfidf``'s in-place rows,
``learn._with_dense``) equals what scikit-learn's ``normalize`` and scipy's ``hstack`` give,
entry for entry and in the same order, so the models' products add the same floats."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix, hstack
from sklearn.preprocessing import normalize

from comments.classification import learn


def _reference_tfidf(counts, idf):
    counts = counts.astype(np.float64)
    counts.data = 1.0 + np.log(counts.data)
    return normalize(counts.multiply(idf).tocsr())


def _same(a, b) -> None:
    a, b = a.tocsr(), b.tocsr()
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data, equal_nan=True)  # bit for bit: no tolerance
    assert np.array_equal(np.signbit(a.data), np.signbit(b.data))


_VALUES = st.sampled_from([0.0, -0.0, 1.0, -2.5, 0.1, 1e-300, 3.0, float("nan"), 7.25, 0.3333333333333333])


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_model_input_matrix_is_hstacks(data):
    rows = data.draw(st.integers(1, 12))
    width = data.draw(st.integers(1, 30))
    counts = np.array(data.draw(st.lists(st.integers(0, 9), min_size=rows * width, max_size=rows * width)),
                      dtype=np.int64).reshape(rows, width)
    idf = np.array(data.draw(st.lists(st.floats(0.5, 9.0), min_size=width, max_size=width)))
    hand_width = data.draw(st.integers(1, 8))
    hand = np.array(data.draw(st.lists(_VALUES, min_size=rows * hand_width, max_size=rows * hand_width)),
                    dtype=np.float64).reshape(rows, hand_width)
    scale = np.array(data.draw(st.lists(st.sampled_from([1.0, 3.0, 0.7]), min_size=hand_width, max_size=hand_width)))
    words = csr_matrix(counts)
    _same(learn._tfidf(words, idf), _reference_tfidf(words, idf))
    built = learn._matrix(None, [""] * rows, hand, {}, idf, {}, None, scale, words)
    _same(built, hstack([_reference_tfidf(words, idf), csr_matrix(hand / scale)]).tocsr())


def test_unsorted_count_matrix_takes_the_reference_path():
    """A count matrix with unsorted columns or repeated entries is weighted as before (``multiply``
    sums repeats after weighting), not by the array step."""
    repeated = csr_matrix((np.array([2, 3, 1]), np.array([1, 1, 0]), np.array([0, 2, 3])), shape=(2, 3))
    idf = np.array([1.5, 2.0, 3.0])
    _same(learn._tfidf(repeated, idf), _reference_tfidf(repeated, idf))
    unsorted = csr_matrix((np.array([2, 3, 1]), np.array([2, 0, 1]), np.array([0, 2, 3])), shape=(2, 3))
    _same(learn._tfidf(unsorted, idf), _reference_tfidf(unsorted, idf))
