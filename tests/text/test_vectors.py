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
def test_vocabulary_counted_a_chunk_at_a_time_gives_the_rows_of_one_pass(chunk):
    from comments.text.vectors import Vocabulary, chunks

    docs = [t.lower() for t in TEXTS] * 3
    whole = tfidf_rows(*char_wb_keys(docs), len(docs))
    vocabulary = Vocabulary(len(docs), fold=True)
    bounds = chunks(map(len, docs), chunk)
    assert [d for a, b in bounds for d in docs[a:b]] == docs
    for first, stop in bounds:
        doc, keys = char_wb_keys(docs[first:stop])
        vocabulary.add(doc + np.uint64(first), keys)
        if chunk == 7:
            vocabulary._merge()  # merging after every chunk changes nothing
    vocabulary.finish()
    assert len(vocabulary.keys) == whole.shape[1]
    some = [9, 0, 6, 29]
    doc, keys = char_wb_keys([docs[i] for i in some])
    part = vocabulary.rows(doc, keys, len(some))
    assert np.abs(part.toarray() - whole[some].toarray()).max() < 1e-15


@pytest.mark.parametrize("chunk", [1, 7, 40, 1 << 19])
def test_kept_chunks_give_every_row_of_one_pass_bit_for_bit(chunk):
    """Pairs kept while counting (no second pass over the texts) give the same rows, to
    the last bit, as weighting the texts again; a chunk without any gram keeps its rows."""
    from comments.text.vectors import Vocabulary, chunks

    docs = ([t.lower() for t in TEXTS] + ["", "  "]) * 3
    again = Vocabulary(len(docs), fold=True)
    kept = Vocabulary(len(docs), fold=True)
    for first, stop in chunks(map(len, docs), chunk):
        doc, keys = char_wb_keys(docs[first:stop])
        again.add(doc + np.uint64(first), keys)
        kept.add(doc, keys, stop - first, keep=True)
    assert kept.kept_bytes() > 0
    rows = kept.finish().kept_rows()
    whole = again.finish().rows(*char_wb_keys(docs), len(docs))
    assert rows.shape == whole.shape and rows.has_sorted_indices
    for name in ("data", "indices", "indptr"):
        assert np.array_equal(getattr(rows, name), getattr(whole, name))
    assert kept.kept_rows() is None and kept.kept_bytes() == 0  # the pairs were let go


def test_token_numbers_too_large_to_sit_beside_the_document_are_refused():
    from comments.text.vectors import Vocabulary

    with pytest.raises(ValueError):
        Vocabulary(1000, fold=False).add(np.zeros(1, np.uint64), np.array([1 << 60], dtype=np.uint64))


@pytest.mark.parametrize("chunk", [7, 1 << 19])
def test_rows_ordered_by_numpy_or_by_scipy_are_the_same_bits(chunk, monkeypatch):
    """A chunk's rows put in row order by a stable numpy sort (small chunks, or up to
    ``RADIX`` rows) or by scipy's COO → CSR (large ones) are the same arrays."""
    from comments.text import vectors
    from comments.text.vectors import Vocabulary, chunks

    docs = ([t.lower() for t in TEXTS] + ["", "  "]) * 5
    out = []
    for limit in (0, 1 << 40):
        monkeypatch.setattr(vectors, "SORTED", limit)
        monkeypatch.setattr(vectors, "RADIX", limit)
        kept = Vocabulary(len(docs), fold=True)
        for first, stop in chunks(map(len, docs), chunk):
            kept.add(*char_wb_keys(docs[first:stop]), stop - first, keep=True)
        out.append(kept.finish().kept_rows())
        out.append(kept.rows(*char_wb_keys(docs), len(docs)))
    for a, b in ((out[0], out[2]), (out[1], out[3]), (out[0], out[1])):
        assert all(np.array_equal(getattr(a, name), getattr(b, name)) for name in ("data", "indices", "indptr"))


@pytest.mark.parametrize("step", [1, 3, 1 << 12])
def test_pair_cosines_in_numpy_are_scipys_bits(step, monkeypatch):
    """Few entries are multiplied in numpy, many with scipy: the same bits either way,
    rows without a shared column (or without any entry) giving 0."""
    from comments.text import vectors
    from comments.text.vectors import pair_cosines

    docs = [t.lower() for t in TEXTS] * 4
    matrix = tfidf_rows(*char_wb_keys(docs), len(docs))
    rng = np.random.default_rng(7)
    left, right = rng.integers(0, len(docs), 300), rng.integers(0, len(docs), 300)
    monkeypatch.setattr(vectors, "SMALL", -1)
    scipy_bits = pair_cosines(matrix, left, right, step)
    monkeypatch.setattr(vectors, "SMALL", 1 << 40)
    numpy_bits = pair_cosines(matrix, left, right, step)
    assert np.array_equal(scipy_bits, numpy_bits)
    assert (numpy_bits == 0).any() and (numpy_bits > 0.99).any()  # empty and identical rows among the pairs
    by_hand = np.array([matrix[i].multiply(matrix[j]).sum() for i, j in zip(left, right)])
    assert np.abs(numpy_bits - by_hand).max() < 1e-15


@pytest.mark.parametrize("chunk", [1, 7, 40, 1 << 19])
def test_grams_counted_per_chunk_of_text_give_the_vocabulary_and_rows_of_every_occurrence(chunk):
    """``add_counted`` (each document's gram counts from its chunks of text, ``ChunkGrams``)
    gives the keys, document frequencies and kept rows, to the last bit, that ``add`` gives
    from every (document, gram) occurrence, chunk by chunk and mixed with ``add``."""
    from comments.text.similarity import ChunkGrams
    from comments.text.vectors import Vocabulary, chunks

    docs = ([t.lower() for t in TEXTS] + ["", "  ", "kuba kuba kuba usa"]) * 3
    grams = ChunkGrams()
    by_occurrence, by_counts = Vocabulary(len(docs), fold=True), Vocabulary(len(docs), fold=True)
    for k, (first, stop) in enumerate(chunks(map(len, docs), chunk)):
        doc, keys = char_wb_keys(docs[first:stop])
        by_occurrence.add(doc, keys, stop - first, keep=True)
        if k % 3 == 2:  # now and then a chunk counted the other way: both kinds of kept chunk in one thread
            by_counts.add(doc, keys, stop - first, keep=True)
        else:
            counts = grams.counts(docs[first:stop])
            assert counts.shape[0] == stop - first
            occurrences = np.bincount(doc.astype(np.int64), minlength=stop - first)
            assert np.array_equal(np.diff(counts.indptr) > 0, occurrences > 0)
            assert by_counts.add_counted(counts, grams.keys, keep=True)
    assert by_counts.kept_bytes() > 0
    expected, found = by_occurrence.finish(), by_counts.finish()
    assert np.array_equal(expected.keys, found.keys) and np.array_equal(expected.df, found.df)
    rows, want = found.kept_rows(), expected.kept_rows()
    assert rows.shape == want.shape and rows.has_sorted_indices
    for name in ("data", "indices", "indptr"):
        assert np.array_equal(getattr(rows, name), getattr(want, name)) and getattr(rows, name).dtype == getattr(
            want, name).dtype
    assert found.kept_rows() is None and found.kept_bytes() == 0


def test_grams_sharing_a_folded_key_are_left_to_the_occurrences():
    """Two grams whose keys fold to one column are merged per document by ``add``: counted
    per gram they would not be, so ``add_counted`` refuses the chunk and counts nothing."""
    from scipy.sparse import csr_matrix

    from comments.text.vectors import Vocabulary

    vocabulary = Vocabulary(1, fold=True)  # one bit beside the document: keys 4 and 5 fold to 2
    counts = csr_matrix((np.array([1, 1], np.int32), np.array([0, 1]), np.array([0, 2])), shape=(1, 2))
    assert not vocabulary.add_counted(counts, np.array([4, 5], np.uint64), keep=True)
    assert vocabulary.kept_bytes() == 0 and not len(vocabulary.finish().keys)


@pytest.mark.parametrize("bound", [1, 200, 256, 257, 1 << 16, (1 << 16) + 1, 1 << 40])
def test_stable_order_is_numpys_stable_argsort(bound):
    """Row numbers sorted as 8- or 16-bit integers (radix) where they fit: the permutation
    of numpy's stable argsort of the 64-bit numbers, ties in their order."""
    from comments.text.vectors import stable_order

    rng = np.random.default_rng(bound % 1000)
    for size in (0, 1, 17, 5000):
        values = rng.integers(0, bound, size).astype(np.int64)
        assert np.array_equal(stable_order(values, bound), np.argsort(values, kind="stable"))


@pytest.mark.parametrize("views", [1, 2, 3])
def test_summed_cosines_stacked_are_each_views_cosines_summed_bit_for_bit(views, monkeypatch):
    """The views stacked and paired in one call give, per pair, the bits of each view's
    ``pair_cosines`` summed (views of different widths; pairs with empty rows and a row
    with itself among them)."""
    from comments.text import vectors
    from comments.text.vectors import pair_cosines, summed_cosines

    docs = [t.lower() for t in TEXTS] * 3
    grams = tfidf_rows(*char_wb_keys(docs), len(docs))
    tokens = tfidf_rows(*token_keys(d.split() for d in docs), len(docs))
    matrices = [grams, tokens, grams[:, :7].tocsr()][:views]
    rng = np.random.default_rng(views)
    left, right = rng.integers(0, len(docs), 200), rng.integers(0, len(docs), 200)
    right[:5] = left[:5]
    alone = sum(pair_cosines(m, left, right) for m in matrices)
    stacked = summed_cosines(matrices, left, right)
    monkeypatch.setattr(vectors, "STACKED", -1)
    assert np.array_equal(stacked, alone) and np.array_equal(summed_cosines(matrices, left, right), alone)
    assert (alone == 0).any() and (alone > 0.5).any()
