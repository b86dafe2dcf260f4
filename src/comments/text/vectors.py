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

``Vocabulary`` counts document frequencies a chunk of documents at a time and then
weights the rows of any subset of them, so a very large thread is compared with memory
for its vocabulary and one chunk; chunks added with ``keep`` hold their (key, document)
pairs, so that ``kept_rows`` weights every row without hashing the texts again. No
Python ``hash()`` is involved, so rows are the same in every process whatever
``PYTHONHASHSEED`` is.
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


#: pairs above which ``Vocabulary`` orders a chunk's rows with scipy's counting sort (below it,
#: a numpy sort costs less than building the COO and CSR matrices) …
SORTED = 1 << 15
#: … when it has more rows than this: up to it numpy sorts the row numbers as 16-bit integers
#: by radix (``stable_order``), about twice as fast as COO → CSR at any size
RADIX = 1 << 16


class Vocabulary:
    """The distinct keys of ``n_docs`` documents with their document frequencies and
    sklearn's smooth IDF, counted a chunk of documents at a time (``add``), so that memory
    holds the vocabulary and one chunk, never every (key, document) pair of a thread;
    ``rows`` then weights any subset of the documents. ``fold``: keep a key's bits beside
    the document number only (64-bit gram hashes); token numbers are kept exactly."""

    def __init__(self, n_docs: int, fold: bool) -> None:
        self.n_docs, self.fold = n_docs, fold
        self.shift = np.uint64(max(1, int(n_docs).bit_length()))
        self.keys = np.zeros(0, dtype=np.uint64)  # sorted distinct (folded) keys: the columns
        self.df = np.zeros(0, dtype=np.int64)
        self.idf = np.zeros(0)
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []
        self._waiting = 0
        self._kept: list[tuple[np.ndarray, np.ndarray, int]] = []  # pairs, counts, documents of kept chunks

    def folded(self, keys: np.ndarray) -> np.ndarray:
        return keys >> self.shift if self.fold else keys

    def _pairs(self, doc: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (key, document) pairs, sorted by key then document, with their counts."""
        keys = self.folded(keys)
        if not self.fold and len(keys) and int(keys.max()) >> (64 - int(self.shift)):
            raise ValueError("token numbers too large to sit beside the document number")
        return np.unique((keys << self.shift) | doc.astype(np.uint64), return_counts=True)

    def add(self, doc: np.ndarray, keys: np.ndarray, n_rows: int = 0, keep: bool = False) -> None:
        """Count the documents of one chunk (each document in one chunk only, chunks in
        document order); ``keep``: also hold its ``n_rows`` documents' (key, document)
        pairs for ``kept_rows``, so their rows need no second pass over the texts."""
        if not len(keys):
            if keep:
                self._kept.append((keys, keys, n_rows))
            return
        pairs, tf = self._pairs(doc, keys)
        if keep:
            self._kept.append((pairs, tf.astype(np.uint32) if int(tf.max()) >> 32 == 0 else tf, n_rows))
        keys = pairs >> self.shift  # sorted: each distinct key's run is its document frequency here
        first = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        found, n = keys[first], np.diff(np.append(first, len(keys)))
        self._pending.append((found, n))
        self._waiting += len(found)
        if self._waiting > max(len(self.keys), 1 << 20):  # merge when the pending half outgrows the rest
            self._merge()

    def add_counted(self, counts, gram_keys: np.ndarray, keep: bool = False) -> bool:
        """Count one chunk given as its documents' gram counts (``counts``: CSR, a row per
        document, a column per gram number, column order free; ``gram_keys``: each gram
        number's 64-bit key), as ``add`` counts the same documents' (document, key)
        occurrences: the same vocabulary and kept rows, with no sort of the occurrences.
        False (nothing counted) when two of the chunk's grams share a folded key: ``add``
        merges those per document, so the caller counts that chunk with ``add``."""
        used = np.bincount(counts.indices, minlength=counts.shape[1])  # documents per gram number
        grams = np.flatnonzero(used)
        folded = self.folded(gram_keys[grams])
        order = np.argsort(folded)
        found = folded[order]
        if len(found) > 1 and not (found[1:] != found[:-1]).all():
            return False
        if keep:
            self._kept.append((counts, (grams, folded), counts.shape[0]))
        if len(found):
            self._pending.append((found, used[grams][order]))
            self._waiting += len(found)
            if self._waiting > max(len(self.keys), 1 << 20):
                self._merge()
        return True

    def _merge(self) -> None:
        if len(self._pending) == 1 and not len(self.keys):  # one chunk's keys: sorted and distinct already
            (self.keys, self.df), self._pending, self._waiting = self._pending[0], [], 0
        elif self._pending:
            every = np.concatenate([self.keys, *(k for k, _ in self._pending)])
            counts = np.concatenate([self.df, *(n for _, n in self._pending)])
            self.keys, inverse = np.unique(every, return_inverse=True)
            self.df = np.bincount(inverse.ravel(), weights=counts, minlength=len(self.keys)).astype(np.int64)
            self._pending, self._waiting = [], 0

    def finish(self) -> Vocabulary:
        """Merge what is pending and compute the IDF: ``ln((1 + n) / (1 + df)) + 1``."""
        self._merge()
        self.idf = np.log((1 + self.n_docs) / (1 + self.df)) + 1.0
        return self

    def rows(self, doc: np.ndarray, keys: np.ndarray, n_rows: int):
        """L2-normalised sublinear TF-IDF rows (scipy CSR, ``n_rows`` × vocabulary,
        sorted column indices) of the documents numbered ``doc`` (0 … n_rows − 1) here;
        every key must have been counted by ``add``."""
        return self._matrix(*self._weighted(*self._pairs(doc, keys), n_rows), n_rows)

    def _matrix(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, n_rows: int):
        """A CSR matrix of the vocabulary's width from its arrays (column indices sorted)."""
        from scipy.sparse import csr_matrix

        matrix = csr_matrix((data, indices, indptr), shape=(n_rows, len(self.keys)))
        matrix.has_sorted_indices = True
        return matrix

    def kept_bytes(self) -> int:
        """Memory held by the kept chunks' pairs (or counts)."""
        return sum(_nbytes(p) + _nbytes(t) for p, t, _ in self._kept)

    def drop_kept(self) -> None:
        """Let the kept pairs go (the thread outgrew the budget): rows come from ``rows``."""
        self._kept = []

    def kept_rows(self):
        """The rows (as ``rows``) of every document of the chunks added with ``keep``, in
        order, built a chunk at a time into one CSR matrix while the pairs are let go;
        None when no chunk was kept."""
        if not self._kept:
            return None
        kept, self._kept = self._kept, []
        if len(kept) == 1 and not isinstance(kept[0][0], np.ndarray):  # one chunk's counts: its rows as they come
            counts, (grams, folded), n_rows = kept.pop()
            data, indices, indptr = self._weighted_counts(counts, grams, folded)
            return self._matrix(data, indices.astype(np.int64 if len(self.keys) >> 31 else np.int32, copy=False),
                                indptr.astype(np.int64 if len(data) >> 31 else np.int32), n_rows)
        n_rows = sum(n for _, _, n in kept)
        nnz = sum(len(p) if isinstance(p, np.ndarray) else p.nnz for p, _, _ in kept)
        data, indices = np.empty(nnz), np.empty(nnz, dtype=np.int64 if len(self.keys) >> 31 else np.int32)
        indptr = np.zeros(n_rows + 1, dtype=np.int64 if nnz >> 31 else np.int32)
        row = at = 0
        while kept:
            pairs, tf, n = kept.pop(0)
            part, columns, starts = self._weighted(pairs, tf, n) if isinstance(pairs, np.ndarray) \
                else self._weighted_counts(pairs, *tf)
            del pairs, tf
            data[at:at + len(part)], indices[at:at + len(part)] = part, columns
            indptr[row + 1:row + n + 1] = starts[1:] + at
            row, at = row + n, at + len(part)
        return self._matrix(data, indices, indptr, n_rows)

    def _weighted(self, pairs: np.ndarray, tf: np.ndarray, n_rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The CSR rows (data, column indices, row starts) of distinct (key, document)
        pairs and their counts."""
        rows = (pairs & ((np.uint64(1) << self.shift) - np.uint64(1))).astype(np.int64)
        # the pairs are sorted by key: look each distinct key's column up once, then spread it
        keys = pairs >> self.shift
        first = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else np.zeros(0, np.int64)
        column = np.repeat(np.searchsorted(self.keys, keys[first]), np.diff(np.append(first, len(keys))))
        del keys
        weight = (1.0 + np.log(tf)) * self.idf[column]
        counts = np.bincount(rows, minlength=n_rows)
        norm = np.sqrt(np.bincount(rows, weights=weight * weight, minlength=n_rows))
        weight /= norm[rows]
        starts = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        if len(rows) > SORTED and n_rows > RADIX:  # scipy's counting sort by row (COO → CSR), in C
            from scipy.sparse import coo_matrix

            m = coo_matrix((weight, (rows, column)), shape=(n_rows, len(self.keys))).tocsr()
            return m.data, m.indices, starts
        # a stable sort by row keeps each row's columns in ascending order (the pairs' key order), as COO → CSR does
        order = stable_order(rows, n_rows)
        return weight[order], column[order], starts


    def _weighted_counts(self, counts, grams: np.ndarray, folded: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                                        np.ndarray]:
        """``_weighted`` of a chunk kept by ``add_counted``: its gram numbers become the
        vocabulary's columns, each row's entries are put in column order by two counting
        sorts (CSR → CSC → CSR, linear), and each row is weighted and normalised summing
        in that order, as ``_weighted`` sums a row in key order: the same bits."""
        from scipy.sparse import csr_matrix

        n_rows = counts.shape[0]
        column = np.empty(counts.shape[1], dtype=np.int64)
        column[grams] = np.searchsorted(self.keys, folded)
        m = csr_matrix((counts.data, column[counts.indices], counts.indptr),
                       shape=(n_rows, max(1, len(self.keys)))).tocsc().tocsr()
        rows = np.repeat(np.arange(n_rows), np.diff(m.indptr))
        weight = _sublinear(m.data) * self.idf[m.indices]
        norm = np.sqrt(np.bincount(rows, weights=weight * weight, minlength=n_rows))
        weight /= norm[rows]
        return weight, m.indices, m.indptr.astype(np.int64)


def stable_order(values: np.ndarray, bound: int) -> np.ndarray:
    """``np.argsort(values, kind="stable")`` of non-negative integers below ``bound``, sorted
    as 8- or 16-bit integers when they fit: numpy sorts those by radix (linear, where 64-bit
    integers take a merge sort), and a stable sort has one result, so the same permutation."""
    if bound <= 1 << 8:
        values = values.astype(np.uint8)
    elif bound <= 1 << 16:
        values = values.astype(np.uint16)
    return np.argsort(values, kind="stable")


def _sublinear(tf: np.ndarray) -> np.ndarray:
    """``1 + ln tf`` of positive counts, looked up in a table of the counts up to the
    largest (numpy's log gives a value the same bits wherever it sits in an array)."""
    top = int(tf.max()) if len(tf) else 0
    if top > 1 << 16:
        return 1.0 + np.log(tf)
    return (1.0 + np.log(np.arange(1, top + 1, dtype=np.float64)))[tf - 1]


def _nbytes(part) -> int:
    """Bytes of an array, a tuple of arrays or a CSR matrix (a kept chunk's parts)."""
    if isinstance(part, np.ndarray):
        return part.nbytes
    if isinstance(part, tuple):
        return sum(a.nbytes for a in part)
    return part.data.nbytes + part.indices.nbytes + part.indptr.nbytes


def tfidf_rows(doc: np.ndarray, keys: np.ndarray, n_docs: int):
    """L2-normalised sublinear TF-IDF rows (scipy CSR, sorted column indices) of
    ``n_docs`` documents from their (document, key) occurrences; None without any.
    Columns are the distinct keys (folded to the bits beside the document number when
    they do not fit there) in ascending order."""
    if len(keys) == 0:
        return None
    vocabulary = Vocabulary(n_docs, fold=bool(int(keys.max()) >> (64 - max(1, int(n_docs).bit_length()))))
    vocabulary.add(doc, keys, n_docs, keep=True)
    return vocabulary.finish().kept_rows()


#: characters of text hashed at a time: bounds the temporary arrays (some 250 bytes a character)
CHUNK = 1 << 19
#: bytes of (key, document) pairs a thread's chunks may keep between counting and weighting
#: (about 12 a pair, 20 to 30 a character of text for ``lemmas+chars``): a thread within it
#: is tokenised and hashed once; a larger one again, a chunk at a time, when its rows are needed
KEEP = 1 << 27


def chunks(lengths: Iterable[int], chunk: int = CHUNK) -> list[tuple[int, int]]:
    """(first, stop) ranges of consecutive documents of about ``chunk`` characters each."""
    bounds, size, start, i = [], 0, 0, 0
    for i, n in enumerate(lengths, 1):
        size += n
        if size >= chunk:
            bounds.append((start, i))
            start, size = i, 0
    if start < i:
        bounds.append((start, i))
    return bounds


#: stored entries of the left rows below which :func:`pair_cosines` multiplies in numpy (fewer
#: calls: a small thread's pairs) rather than with scipy (faster per entry, slower per call)
SMALL = 1 << 14


def pair_cosines(matrix, left: np.ndarray, right: np.ndarray, step: int = 1 << 12) -> np.ndarray:
    """Row-by-row dot products ``matrix[left[k]] · matrix[right[k]]`` (cosines of
    L2-normalised rows; CSR with sorted column indices), ``step`` pairs at a time
    (bounding the copied rows): ``(a.multiply(b)).sum(axis=1)`` with scipy, or, for few
    entries, the same arithmetic in numpy (the products of the columns both rows have, in
    column order, explicit zeros dropped, summed per pair by ``np.add.reduceat`` as scipy
    sums a CSR row), so the same bits without scipy's per-call overhead."""
    out = np.zeros(len(left))
    indptr = matrix.indptr.astype(np.int64)
    indices = None
    for k in range(0, len(left), step):
        lk, rk = left[k:k + step], right[k:k + step]
        if int((indptr[lk + 1] - indptr[lk]).sum()) > SMALL:
            a, b = matrix[lk], matrix[rk]
            out[k:k + step] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
            continue
        if indices is None:
            indices, width = matrix.indices.astype(np.int64), np.int64(max(1, matrix.shape[1]))
        a, b = _entries(indptr, lk), _entries(indptr, rk)
        key_a, key_b = a[0] * width + indices[a[1]], b[0] * width + indices[b[1]]  # sorted: pair, then column
        at = np.searchsorted(key_b, key_a)
        both = at < len(key_b)
        both[both] = key_b[at[both]] == key_a[both]
        products = matrix.data[a[1][both]] * matrix.data[b[1][at[both]]]
        pair = a[0][both]
        nonzero = products != 0
        products, pair = products[nonzero], pair[nonzero]
        if len(products):
            starts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
            out[k + pair[starts]] = np.add.reduceat(products, starts)
    return out


#: stored entries of all views' rows up to which :func:`summed_cosines` stacks the views and
#: pairs them in one :func:`pair_cosines` call (a small thread: half the calls)
STACKED = 1 << 16


def summed_cosines(matrices: list, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``sum(pair_cosines(m, left, right) for m in matrices)``: the views' cosines of each
    pair, summed. Views with few entries in all are stacked (one view's rows under the
    other's) and paired in one call, each view's pairs its own rows: every pair's cosine
    is computed alone, so the same bits with fewer calls."""
    if len(matrices) < 2 or sum(m.nnz for m in matrices) > STACKED:
        return sum(pair_cosines(m, left, right) for m in matrices)
    from scipy.sparse import csr_matrix

    at = np.cumsum([0] + [m.shape[0] for m in matrices])
    nnz = np.cumsum([0] + [m.nnz for m in matrices])
    indptr = np.concatenate([matrices[0].indptr[:1].astype(np.int64)]
                            + [m.indptr[1:].astype(np.int64) + nnz[k] for k, m in enumerate(matrices)])
    stacked = csr_matrix((np.concatenate([m.data for m in matrices]),
                          np.concatenate([m.indices.astype(np.int64) for m in matrices]), indptr),
                         shape=(int(at[-1]), max(m.shape[1] for m in matrices)))
    stacked.has_sorted_indices = True
    found = pair_cosines(stacked, np.concatenate([left + at[k] for k in range(len(matrices))]),
                         np.concatenate([right + at[k] for k in range(len(matrices))]))
    return sum(found[k * len(left):(k + 1) * len(left)] for k in range(len(matrices)))


def _entries(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(position in ``rows``, entry index) of every stored entry of those CSR rows, in order."""
    begin, size = indptr[rows], indptr[rows + 1] - indptr[rows]
    owner = np.repeat(np.arange(len(rows), dtype=np.int64), size)
    return owner, np.arange(int(size.sum()), dtype=np.int64) - np.repeat(np.cumsum(size) - size, size) + begin[owner]
