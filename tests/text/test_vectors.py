"""Sparse TF-IDF rows from numpy-hashed char n-grams and numbered tokens, checked against
a direct dense computation of scikit-learn's formulas written out here by hand."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tfidf_reference import char_wb, dense_tfidf

from comments.text.vectors import char_wb_keys, tfidf_rows, token_keys

TEXTS = ["Die Sanktionen der USA treffen  Kuba hart.", "", "a", "ab", "abc  d\u00a0ef\tg\n", "   ",
         "Ümläute, ß und 😀 Emoji; 日本語のテキスト", "Санкции США против Кубы", "x y z", "aaaaaa aaaaaa"]


def test_char_grams_match_the_dense_computation_exactly():
    docs = [t.lower() for t in TEXTS]
    matrix = tfidf_rows(*char_wb_keys(docs), len(docs))
    dense = dense_tfidf([char_wb(d) for d in docs])
    assert matrix.shape == dense.shape  # as many columns as distinct grams: no collision here
    assert np.diff(matrix.indptr).tolist() == [(row > 0).sum() for row in dense]
    assert np.abs((matrix @ matrix.T).toarray() - dense @ dense.T).max() < 1e-12


def test_char_grams_agree_with_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [t.lower() for t in TEXTS]
    ref = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5)).fit_transform(docs)
    mine = tfidf_rows(*char_wb_keys(docs), len(docs))
    assert np.abs((ref @ ref.T).toarray() - (mine @ mine.T).toarray()).max() < 1e-12


def test_tokens_are_numbered_exactly():
    docs = [["haus", "gehen", "haus"], [], ["gehen"], ["neu"]]
    doc, keys = token_keys(docs)
    assert doc.tolist() == [0, 0, 0, 2, 3] and keys.tolist() == [0, 1, 0, 1, 2]
    matrix, dense = tfidf_rows(doc, keys, len(docs)), dense_tfidf(docs)
    assert matrix.shape == dense.shape
    assert np.abs(np.sort(matrix.toarray(), axis=1) - np.sort(dense, axis=1)).max() < 1e-12
    assert np.abs((matrix @ matrix.T).toarray() - dense @ dense.T).max() < 1e-12


def test_nothing_to_count_gives_no_matrix():
    assert tfidf_rows(*char_wb_keys(["", "  \n", "\t"]), 3) is None
    assert tfidf_rows(*char_wb_keys([]), 0) is None
    assert tfidf_rows(*token_keys([[], []]), 2) is None


def test_lone_surrogates_and_astral_characters_are_grams_like_any_other():
    docs = ["ab\ud800c", "😀😀 x", "ab\ud800c"]
    matrix = tfidf_rows(*char_wb_keys(docs), len(docs))
    assert np.abs((matrix @ matrix.T).toarray() - dense_tfidf([char_wb(d) for d in docs]) @
                  dense_tfidf([char_wb(d) for d in docs]).T).max() < 1e-12


def test_the_same_bytes_in_every_process_whatever_the_hash_seed():
    code = ("import hashlib; from comments.text.vectors import char_wb_keys, tfidf_rows\n"
            f"docs = {[t.lower() for t in TEXTS]!r}\n"
            "m = tfidf_rows(*char_wb_keys(docs), len(docs))\n"
            "print(hashlib.sha256(m.data.tobytes() + m.indices.tobytes() + m.indptr.tobytes()).hexdigest())\n")
    found = {subprocess.run([sys.executable, "-c", code], env={"PYTHONHASHSEED": seed, "PATH": ""},
                            capture_output=True, text=True, check=True).stdout for seed in ("0", "1", "4242")}
    assert len(found) == 1


@pytest.mark.parametrize("low,high", [(0, 5), (3, 6), (4, 3)])
def test_unsupported_gram_lengths_are_refused(low, high):
    with pytest.raises(ValueError):
        char_wb_keys(["abc"], low, high)


@pytest.mark.parametrize("chunk", [1, 7, 40, 1 << 19])
def test_chunked_char_rows_are_the_rows_of_one_pass(chunk):
    from comments.text.vectors import char_wb_rows

    docs = [t.lower() for t in TEXTS] * 3
    whole, chunked = tfidf_rows(*char_wb_keys(docs), len(docs)), char_wb_rows(docs, chunk=chunk)
    assert chunked.shape == whole.shape and (chunked.indptr == whole.indptr).all()
    assert (chunked.indices == whole.indices).all() and np.abs(chunked.data - whole.data).max() < 1e-15
    assert char_wb_rows(["", " "], chunk=chunk) is None
