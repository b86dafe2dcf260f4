"""Sparse TF-IDF rows of a handful of documents, computed with numpy instead of one
Python call per character n-gram.

The weighting is scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``: term weight
``(1 + ln tf) · (ln((1 + n) / (1 + df)) + 1)`` over the ``n`` documents given, rows
L2-normalised. Two kinds of features:

* ``char_wb_keys``: the character 3–5-grams of ``analyzer="char_wb"`` (each
  whitespace-separated word padded with one space on either side; a word shorter than
  ``n`` yields itself once). A gram's codepoints are hashed to one 64-bit integer
  (3-grams packed exactly, 4- and 5-grams mixed, then multiply-shift hashing);
  ``tfidf_rows`` keeps its high bits, as many as are left beside the document number,
  ``64 − bits(n)`` (≥ 40 up to 16 million documents), so two different grams of one
  call share a column with probability about ``m² / 2^(65 − bits(n))`` for ``m``
  distinct grams — for a 1,000-comment thread (54 bits, some 10⁵ grams) below 10⁻⁶.
* ``token_keys``: whole tokens, numbered exactly (no hashing) in order of appearance.

``char_wb_rows`` hashes a chunk of documents at a time, so a very large thread's
temporaries stay bounded. No Python ``hash()`` is involved, so rows are the same in
every process whatever ``PYTHONHASHSEED`` is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

#: odd 64-bit multipliers: 4- and 5-grams are packed as ``previous · K ^ codepoint``, and
#: every key is ``packed · K_n`` (multiply-shift hashing: its high bits depend on every
#: bit of the packed gram, and ``tfidf_rows`` keeps the high bits)
_K = {3: np.uint64(0x9E3779B97F4A7C15), 4: np.uint64(0xBF58476D1CE4E5B9), 5: np.uint64(0x94D049BB133111EB)}


def padded_words(docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Codepoints of every document's words, each padded with a space on either side
    (``" w1  w2 "``), all documents in one array, and each document's length in it."""
    parts = [f" {'  '.join(words)} " if (words := d.split()) else "" for d in docs]
    codes = np.frombuffer("".join(parts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes.astype(np.uint64), np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))


def char_wb_keys(docs: Sequence[str], low: int = 3, high: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """(document index, 64-bit gram key) of every ``char_wb`` ``low``–``high``-gram of
    the documents as given (lower-case them first, as the vectorizer would)."""
    if not 3 <= low <= high <= 5:
        raise ValueError("char_wb_keys supports n-grams of 3 to 5 characters")
    codes, lengths = padded_words(docs)
    size = len(codes)
    if size == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint64)
    doc_of = np.repeat(np.arange(len(docs), dtype=np.uint64), lengths)
    space = codes == 32
    starts = np.zeros(size, dtype=np.int32)  # a padded word starts at a space followed by a non-space
    np.logical_and(space[:-1], ~space[1:], out=starts[:-1], casting="unsafe")
    word = np.cumsum(starts, dtype=np.int32)
    # three codepoints of at most 21 bits each fit in 63 bits exactly
    packed = (codes[:-2] << np.uint64(42)) | (codes[1:-1] << np.uint64(21)) | codes[2:]
    doc_parts, key_parts = [], []
    for n in range(3, high + 1):
        if n > 3:
            packed = (packed[:-1] * _K[n]) ^ codes[n - 1:]
        if n < low or len(packed) == 0:
            continue
        inside = word[:size - n + 1] == word[n - 1:]  # windows within one padded word
        doc_parts.append(doc_of[:size - n + 1][inside])
        key_parts.append(packed[inside] * _K[n])
    return np.concatenate(doc_parts), np.concatenate(key_parts)


def token_keys(docs: Iterable[Iterable[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(document index, token number) of every token, tokens numbered exactly in order
    of first appearance."""
    vocabulary: dict[str, int] = {}
    number = vocabulary.setdefault
    keys: list[int] = []
    lengths: list[int] = []
    for tokens in docs:
        before = len(keys)
        keys.extend([number(t, len(vocabulary)) for t in tokens])
        lengths.append(len(keys) - before)
    doc = np.repeat(np.arange(len(lengths), dtype=np.uint64), lengths)
    return doc, np.asarray(keys, dtype=np.uint64)


def tfidf_rows(doc: np.ndarray, keys: np.ndarray, n_docs: int):
    """L2-normalised sublinear TF-IDF rows (scipy CSR, sorted column indices) of
    ``n_docs`` documents from their (document, key) occurrences; None without any.
    Columns are the distinct keys (folded to the bits beside the document number) in
    ascending order. One sort of (key, document) pairs does it all: term frequencies
    are runs of equal pairs, document frequencies runs of equal keys."""
    from scipy.sparse import coo_matrix

    if len(keys) == 0:
        return None
    shift = max(1, int(n_docs).bit_length())
    width = 64 - shift
    if int(keys.max()) >> width:
        keys = keys >> np.uint64(shift)
    pairs, tf = np.unique((keys << np.uint64(shift)) | doc, return_counts=True)
    rows = (pairs & np.uint64((1 << shift) - 1)).astype(np.int64)
    key = pairs >> np.uint64(shift)
    new = np.empty(len(key), dtype=bool)
    new[0] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    column = np.cumsum(new) - 1
    df = np.diff(np.append(np.flatnonzero(new), len(key)))
    idf = np.log((1 + n_docs) / (1 + df)) + 1.0
    weight = (1.0 + np.log(tf)) * idf[column]
    norm = np.sqrt(np.bincount(rows, weights=weight * weight, minlength=n_docs))
    weight /= norm[rows]
    # COO → CSR is a counting sort by row that keeps each row's columns in ascending order
    matrix = coo_matrix((weight, (rows, column)), shape=(n_docs, len(df))).tocsr()
    matrix.has_sorted_indices = True
    return matrix


#: characters of text hashed at a time: bounds the temporary arrays (some 250 bytes a character)
CHUNK = 1 << 19


def char_wb_rows(docs: Sequence[str], low: int = 3, high: int = 5, chunk: int = CHUNK):
    """``tfidf_rows`` of the ``char_wb`` grams of the documents, hashed a chunk of
    documents (about ``chunk`` characters) at a time so that memory holds the distinct
    (gram, document) pairs, not every gram with its temporaries: a first pass counts each
    chunk's pairs and the grams' document frequencies, a second weights them into one
    preallocated CSR matrix. Same rows as ``tfidf_rows(*char_wb_keys(docs), len(docs))``."""
    from scipy.sparse import csr_matrix

    n_docs = len(docs)
    shift = np.uint64(max(1, int(n_docs).bit_length()))
    bounds, size, start = [], 0, 0
    for i, d in enumerate(docs):
        size += len(d)
        if size >= chunk:
            bounds.append((start, i + 1))
            start, size = i + 1, 0
    if start < n_docs:
        bounds.append((start, n_docs))
    counted = []
    for first, stop in bounds:
        doc, keys = char_wb_keys(docs[first:stop], low, high)
        pairs, tf = np.unique(((keys >> shift) << shift) | (doc + np.uint64(first)), return_counts=True)
        del doc, keys
        counted.append((pairs, tf.astype(np.uint32)))
    total = sum(len(p) for p, _ in counted)
    if total == 0:
        return None
    distinct, df = np.unique(np.concatenate([p >> shift for p, _ in counted]), return_counts=True)
    idf = np.log((1 + n_docs) / (1 + df)) + 1.0
    data = np.empty(total)
    indices = np.empty(total, dtype=np.int64 if len(distinct) >= 1 << 31 else np.int32)
    counts = np.zeros(n_docs, dtype=np.int64)
    at = 0
    for pairs, tf in counted:  # pairs are sorted by gram, then document: columns ascend within each row
        rows = (pairs & ((np.uint64(1) << shift) - np.uint64(1))).astype(np.int64)
        column = np.searchsorted(distinct, pairs >> shift)
        weight = (1.0 + np.log(tf, dtype=np.float64)) * idf[column]
        weight /= np.sqrt(np.bincount(rows, weights=weight * weight, minlength=n_docs))[rows]
        order = np.argsort(rows, kind="stable")
        data[at:at + len(order)] = weight[order]
        indices[at:at + len(order)] = column[order]
        counts += np.bincount(rows, minlength=n_docs)
        at += len(order)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    matrix = csr_matrix((data, indices, indptr), shape=(n_docs, len(distinct)))
    matrix.has_sorted_indices = True
    return matrix


def pair_cosines(matrix, left: np.ndarray, right: np.ndarray, step: int = 1 << 12) -> np.ndarray:
    """Row-by-row dot products ``matrix[left[k]] · matrix[right[k]]`` (cosines of
    L2-normalised rows), one sparse operation per ``step`` pairs (bounding the copied rows)."""
    out = np.zeros(len(left))
    for k in range(0, len(left), step):
        a, b = matrix[left[k:k + step]], matrix[right[k:k + step]]
        out[k:k + step] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out
