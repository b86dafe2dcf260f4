"""A thread's texts as TF-IDF rows for comparing them: content-word lemmas (simplemma),
Snowball stems and character 3–5-grams, fitted on the given texts alone
(``comments.text.vectors`` weights the rows).

Texts come as (text, language) pairs, ``de`` or ``en``; the analyses pass one thread's
comments and its article. Every view of a text is the sum of the views of its
whitespace-separated chunks (lower-cased): a chunk's character n-grams stay inside it
(``char_wb``), its words are its own. So each text is read once, as the numbers of its
chunks (``Fitted``: an (entry, chunk) table per thread and language), each DISTINCT chunk
is split, lemmatised and hashed once per thread, and a view's counts are one sparse
product, documents × chunks times chunks × features — no (feature, document) pair is
hashed, sorted or searched per occurrence.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from comments.text.tokens import Stems


@lru_cache(maxsize=1 << 17)
def _lemma(word: str, language: str) -> tuple[str, ...]:
    """simplemma's lemma of a word, lower-cased and split into whitespace-free tokens
    (bounded cache: vocabularies repeat across threads)."""
    import simplemma

    return tuple(simplemma.lemmatize(word, lang=language).lower().split())


class Texts:
    """(text, language) pairs — any sequence, read one document at a time, so a huge
    thread's texts need not be copied — and the stems cache of the run."""

    def __init__(self, texts, stems: Stems) -> None:
        self.texts, self.stems = texts, stems

    def __len__(self) -> int:
        return len(self.texts)


class _Entries(dict):
    """A lower-cased whitespace-separated chunk → its entry number in one thread, for
    one language (entries of both languages numbered together, in order of first sight)."""

    def __init__(self, found: list[str], languages: list[str], language: str) -> None:
        super().__init__()
        self.found, self.languages, self.language = found, languages, language

    def __missing__(self, chunk: str) -> int:
        number = self[chunk] = len(self.found)
        self.found.append(chunk)
        self.languages.append(self.language)
        return number


class _Words(dict):
    """word → its number among one thread's content words in one language (−1 for a stop
    word, a one-letter word or a number, as ``content_words(numbers=False)`` leaves out),
    numbered on first sight; ``words[number]``: (word, language)."""

    def __init__(self, language: str, words: list[tuple[str, str]]) -> None:
        from comments.text.tokens import stop_words

        super().__init__()
        self.language, self.words, self.stops = language, words, stop_words(language)

    def __missing__(self, word: str) -> int:
        number = -1
        if word not in self.stops and len(word) > 1 and not word.isdigit():
            number = len(self.words)
            self.words.append((word, self.language))
        self[word] = number
        return number


def _flat(lists: list) -> tuple[np.ndarray, np.ndarray]:
    """(row, value) of every value of a list of lists of numbers."""
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter((k for row in lists for k in row), dtype=np.int64, count=int(lengths.sum()))
    return np.repeat(np.arange(len(lists), dtype=np.int64), lengths), flat


def _csr(lists: list, n_columns: int):
    """Rows of column numbers (a list of lists) as a CSR matrix of ones (repeats kept:
    a sparse product adds them up)."""
    from scipy.sparse import csr_matrix

    rows, flat = _flat(lists)
    indptr = np.searchsorted(rows, np.arange(len(lists) + 1))
    return csr_matrix((np.ones(len(flat)), flat, indptr), shape=(len(lists), n_columns))


def _numbered(groups: list[tuple[str, ...]]) -> tuple[list[list[int]], int]:
    """Each group's tokens as numbers, tokens numbered in order of first sight."""
    vocabulary: dict[str, int] = {}
    number = vocabulary.setdefault
    return [[number(t, len(vocabulary)) for t in group] for group in groups], len(vocabulary)


class Fitted:
    """The views of one thread's texts: each view's IDF, each document's count of
    distinct content words (``terms``) and whether it has any feature at all
    (``empty``). ``rows(which)`` gives the views' rows of any subset of the documents,
    weighted 1/sqrt(number of views with a feature) so that summing their cosines gives
    the cosine of the rows side by side. Each text is read once, into the numbers of its
    chunks (4 bytes a word); the counts are computed a chunk of documents (``chunk``
    characters) at a time. While they fit in ``keep_bytes`` (``vectors.KEEP``) they are
    kept and become every document's rows (``whole``); a larger thread lets them go and
    computes the rows asked for again from the chunk numbers, so memory holds the chunk
    numbers, the distinct chunks' features and one chunk of documents, not the thread's rows."""

    def __init__(self, docs: Texts, views: tuple[str, ...], chunk: int | None = None,
                 keep_bytes: int | None = None) -> None:
        from comments.text.vectors import CHUNK, KEEP, chunks

        budget = KEEP if keep_bytes is None else keep_bytes
        self.docs = docs
        texts, n = docs.texts, len(docs)
        found: list[str] = []
        languages: list[str] = []
        tables = {lang: _Entries(found, languages, lang) for lang in ("de", "en")}
        parts, piece, lengths, sizes = [], [], [], []
        for text, lang in texts:
            before = len(piece)
            piece += map(tables[lang].__getitem__, text.lower().split())
            lengths.append(len(piece) - before)
            sizes.append(len(text))
            if len(piece) >= 1 << 16:  # a list of numbers costs some 36 bytes each: held as int32
                parts.append(np.array(piece, dtype=np.int32))
                piece = []
        parts.append(np.array(piece, dtype=np.int32))
        self._stream = np.concatenate(parts)
        self._starts = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.array(lengths, dtype=np.int64), out=self._starts[1:])
        #: each document's length in characters (what a chunk of documents is measured by)
        self.sizes = np.array(sizes, dtype=np.int64)
        self._entries = len(found)
        self._words, columns = self._entry_columns(found, languages, views, n)
        with_features = [v for v in views if columns[v][2]]
        #: the first column of each view with a feature in the rows, and the end of the last
        self.bounds = np.cumsum([0] + [columns[v][2] for v in with_features])
        self._columns = _side_by_side([columns[v] for v in with_features], self.bounds, len(found))
        df = np.zeros(int(self.bounds[-1]), dtype=np.int64)
        self.terms = np.zeros(n, dtype=np.int64)
        features = np.zeros(n, dtype=np.int64)
        kept: list | None = []
        held = 0
        for first, stop in chunks(self.sizes.tolist(), chunk or CHUNK):
            c = self._documents(range(first, stop))
            self.terms[first:stop] = np.diff((c @ self._words).indptr)  # distinct content words: no order needed
            if self._columns is None:
                continue
            counts = c @ self._columns
            counts.sort_indices()
            df += np.bincount(counts.indices, minlength=len(df))
            features[first:stop] = np.diff(counts.indptr)
            held += counts.data.nbytes + counts.indices.nbytes + counts.indptr.nbytes
            if kept is not None:
                kept.append(counts)
                if held > budget:
                    kept = None
        #: each view's IDF (``ln((1 + n) / (1 + df)) + 1``), views with a feature only
        self.vocabularies = {v: np.log((1 + n) / (1 + df[a:b])) + 1.0
                             for v, a, b in zip(with_features, self.bounds[:-1], self.bounds[1:])}
        self._idf = np.concatenate([np.zeros(0), *self.vocabularies.values()])
        self.empty = features == 0
        self.weight = 1 / math.sqrt(len(self.vocabularies)) if len(self.vocabularies) > 1 else 1.0
        #: every document's rows (one CSR matrix, the views side by side), when the counts were kept; else None
        self.whole: list | None = None
        if kept is not None and self.vocabularies:
            self.whole = [self._weighted(_stacked(kept))]

    def _entry_columns(self, found: list[str], languages: list[str], views: tuple[str, ...], n: int) -> tuple:
        """Entries × content words (for ``terms``), and entries × features of each view:
        lemma and stem numbers in order of first sight, character n-gram hashes folded to
        the bits beside the document number (``vectors.Vocabulary``) and numbered in
        ascending order — the columns the rows have always had."""
        from comments.text.tokens import chunk_words, stem
        from comments.text.vectors import char_wb_keys

        words: list[tuple[str, str]] = []
        tables = {lang: _Words(lang, words) for lang in ("de", "en")}
        entry_words = [[k for k in map(tables[lang].__getitem__, chunk_words(chunk)) if k >= 0]
                       for chunk, lang in zip(found, languages)]
        columns = {}
        for view in views:
            if view == "chars":
                columns[view] = _gram_columns(found, n)
                continue
            of_word = ([_lemma(w, lang) for w, lang in words] if view == "lemmas" else
                       [(stem(w, lang),) for w, lang in words])
            numbers, size = _numbered(of_word)
            entry, column = _flat([[t for k in row for t in numbers[k]] for row in entry_words])
            columns[view] = (entry, column, size, np.ones(len(column)))
        return _csr(entry_words, len(words)), columns

    def _documents(self, which):
        """Documents × entries: how often each document has each chunk."""
        from scipy.sparse import csr_matrix

        if isinstance(which, range):
            indptr = self._starts[which.start:which.stop + 1] - self._starts[which.start]
            found = self._stream[self._starts[which.start]:self._starts[which.stop]]
        else:
            which = np.asarray(which, dtype=np.int64)
            starts, lengths = self._starts[which], self._starts[which + 1] - self._starts[which]
            indptr = np.zeros(len(which) + 1, dtype=np.int64)
            np.cumsum(lengths, out=indptr[1:])
            found = self._stream[np.repeat(starts - indptr[:-1], lengths) + np.arange(indptr[-1])]
        return csr_matrix((np.ones(len(found)), found, indptr), shape=(len(indptr) - 1, self._entries))

    def _weighted(self, counts):
        """Counts as each view's L2-normalised sublinear TF-IDF rows, scaled for the views side by side."""
        from comments.text.vectors import weigh

        return weigh(counts, self._idf, self.bounds, self.weight)

    def rows(self, which) -> list:
        """The rows of the documents ``which`` (row k: document ``which[k]``), the views
        side by side (columns ``bounds``), as a list of one CSR matrix; empty without any feature."""
        if self.whole is not None:  # the kept rows of every document: select those asked for
            return [m[np.asarray(which, dtype=np.int64)] for m in self.whole]
        if not self.vocabularies:
            return []
        counts = self._documents(which) @ self._columns
        counts.sort_indices()
        return [self._weighted(counts)]


def _stacked(parts: list):
    """CSR matrices (sorted indices) one under the other, each let go once copied (the
    list is emptied), so memory holds the result and one part, not twice the rows."""
    from scipy.sparse import csr_matrix

    if len(parts) == 1:
        return parts.pop()
    n_rows, nnz = sum(p.shape[0] for p in parts), sum(p.nnz for p in parts)
    data, indices = np.empty(nnz), np.empty(nnz, dtype=np.int64 if parts[0].shape[1] >> 31 else np.int32)
    indptr = np.zeros(n_rows + 1, dtype=np.int64 if nnz >> 31 else np.int32)
    row = at = 0
    width = parts[0].shape[1]
    while parts:
        m = parts.pop(0)
        data[at:at + m.nnz], indices[at:at + m.nnz] = m.data, m.indices
        indptr[row + 1:row + m.shape[0] + 1] = m.indptr[1:] + at
        row, at = row + m.shape[0], at + m.nnz
    matrix = csr_matrix((data, indices, indptr), shape=(n_rows, width))
    matrix.has_sorted_indices = True
    return matrix


def _gram_columns(found: list[str], n: int) -> tuple:
    """(entry, column, columns, count) of the distinct chunks' character 3–5-grams, hashed
    ``vectors.CHUNK`` characters at a time (bounding the temporary arrays), the hashes
    folded to the bits beside the document number (``n`` documents, as
    ``vectors.Vocabulary``) and numbered in ascending order."""
    from comments.text.vectors import CHUNK, char_wb_keys, chunks

    shift = np.uint64(max(1, int(n).bit_length()))
    entries, folded = [np.zeros(0, np.int64)], [np.zeros(0, np.uint64)]
    for first, stop in chunks(map(len, found), CHUNK):
        entry, keys = char_wb_keys(found[first:stop], 3, 5)
        entries.append(entry.astype(np.int64) + first)
        folded.append(keys >> shift)
    keys = np.concatenate(folded)
    del folded
    distinct = np.unique(keys)  # a sort and a search: cheaper than unique's inverse (an argsort)
    return np.concatenate(entries), np.searchsorted(distinct, keys), len(distinct), np.ones(len(keys))


def _side_by_side(blocks: list, bounds: np.ndarray, n_rows: int):
    """Entries × features of several views, each given as (entry, column, columns, count), as one
    CSR matrix of counts, view k in columns ``bounds[k]:bounds[k + 1]`` (None without any)."""
    from scipy.sparse import csr_matrix

    if not blocks:
        return None
    entries = np.concatenate([e for e, _, _, _ in blocks])
    columns = np.concatenate([c + at for (_, c, _, _), at in zip(blocks, bounds[:-1].tolist())])
    counts = np.concatenate([k for _, _, _, k in blocks])
    return csr_matrix((counts, (entries, columns)), shape=(n_rows, int(bounds[-1])))


def matrix(docs: Texts, views: tuple[str, ...]):
    """Every document's rows of the views side by side (CSR, L2-normalised); None when
    no view has a feature. For a handful of texts (tests, benchmarks): a huge thread is
    compared a chunk at a time (``Fitted``)."""
    found = Fitted(docs, views).rows(range(len(docs)))
    return found[0] if found else None
