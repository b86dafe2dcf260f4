"""A thread's texts as TF-IDF rows for comparing them: content-word lemmas (simplemma),
Snowball stems and character 3–5-grams, each view computed once per text and fitted on
the given texts alone (``comments.text.vectors`` does the counting and weighting).

Texts come as (text, language) pairs, ``de`` or ``en``; the analyses pass one thread's
comments and its article.
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache

import numpy as np

from comments.text.tokens import Stems


@lru_cache(maxsize=1 << 17)
def _lemma(word: str, language: str) -> tuple[str, ...]:
    """simplemma's lemma of a word, lower-cased and split into whitespace-free tokens
    (bounded cache: vocabularies repeat across threads)."""
    import simplemma

    return tuple(simplemma.lemmatize(word, lang=language).lower().split())


class WordNumbers(dict):
    """word → its number among a :class:`Lexicon`'s content words in one language (−1
    for a function word (``tokens.function_words``), a one-letter word or a number),
    numbered on first sight; ``lemmas[number]``: the word's lemma tokens."""

    def __init__(self, language: str, lemmas: list[tuple[str, ...]]) -> None:
        from comments.text.tokens import function_words

        super().__init__()
        self.language, self.lemmas, self.stops = language, lemmas, function_words(language)

    def __missing__(self, word: str) -> int:
        number = -1
        if word not in self.stops and len(word) > 1 and not word.isdigit():
            number = len(self.lemmas)
            self.lemmas.append(_lemma(word, self.language))
        self[word] = number
        return number


#: Distinct chunks a :class:`ChunkWords` holds before it starts afresh.
CHUNKS_HELD = 200_000


class ChunkWords(dict):
    """A lower-cased whitespace-separated chunk of text → the numbers (``WordNumbers``) of
    its content words, in order: ``words`` of a text is the words of its chunks
    (``comments.text.tokens.words`` finds them chunk by chunk), so a thread's repeated
    chunks are split and looked up once, and words are still numbered on first sight."""

    def __init__(self, numbers: WordNumbers) -> None:
        super().__init__()
        self.numbers = numbers

    def __missing__(self, chunk: str) -> tuple[int, ...]:
        from comments.text.tokens import chunk_words

        if len(self) >= CHUNKS_HELD:  # a cache only (the numbers live in WordNumbers): bounded for huge threads
            self.clear()
        kept = self[chunk] = tuple(n for n in map(self.numbers.__getitem__, chunk_words(chunk)) if n >= 0)
        return kept


#: Distinct grams a :class:`ChunkGrams` numbers before it starts afresh (bounds its memory).
GRAMS_HELD = 1 << 19


class ChunkGrams(dict):
    """A lower-cased whitespace-separated chunk of text → its number, with the ``char_wb``
    3–5-grams of every chunk numbered (each gram's 64-bit key in ``keys``): a chunk's
    grams are those of the chunk alone (``char_wb`` pads each word by itself), so a
    document's gram counts are the sum of its chunks' (``counts``: one sparse product),
    and a chunk repeated in a thread or across threads is hashed once."""

    def __init__(self) -> None:
        super().__init__()
        self._new: list[str] = []
        self._numbers: dict[int, int] = {}  # gram key → gram number
        self.keys = np.zeros(0, dtype=np.uint64)  # gram number → key (a view of ``_keys``)
        self._keys = np.zeros(0, dtype=np.uint64)
        self._starts = np.zeros(1, dtype=np.int64)  # chunk × gram occurrences (CSR): row starts …
        self._grams = np.zeros(0, dtype=np.int64)  # … gram numbers …
        self._ones = np.zeros(0, dtype=np.int32)  # … and counts (each occurrence one)
        self._matrix = None  # the same as a matrix of ones, made again once chunks were added

    def __missing__(self, chunk: str) -> int:
        number = self[chunk] = len(self)
        self._new.append(chunk)
        return number

    def counts(self, texts: list[str]):
        """Each lower-cased text's gram counts: CSR, a row per text, a column per gram
        number (``keys``), columns in no particular order."""
        from scipy.sparse import csr_matrix

        if len(self) >= CHUNKS_HELD or len(self._numbers) >= GRAMS_HELD:  # bounded: start afresh between calls
            self.clear()
            self.__init__()
        look = self.__getitem__
        flat: list[int] = []
        lengths = []
        for text in texts:
            found = list(map(look, text.split()))
            flat += found
            lengths.append(len(found))
        if self._new:
            self._add(self._new)
            self._new = []
        if self._matrix is None:
            self._matrix = csr_matrix((0, 0), dtype=np.int32)
        starts = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        chunks = csr_matrix((np.ones(len(flat), dtype=np.int32), np.asarray(flat, dtype=np.int64), starts),
                            shape=(len(texts), len(self)))
        return chunks @ self._matrix

    def _add(self, chunks: list[str]) -> None:
        """Number the grams of chunks met for the first time and add their rows (the
        arrays grow by doubling, so adding costs what is added, not the table's size)."""
        from scipy.sparse import csr_matrix

        from comments.text.vectors import char_wb_keys

        which, keys = char_wb_keys(chunks, 3, 5)
        keys = keys[np.argsort(which, kind="stable")]
        numbers, known = self._numbers, len(self._numbers)
        gram = np.fromiter((numbers.setdefault(k, len(numbers)) for k in keys.tolist()), dtype=np.int64,
                           count=len(keys))
        fresh = gram >= known
        self._keys = _grown(self._keys, known, len(numbers) - known)
        self._keys[gram[fresh]] = keys[fresh]
        self.keys = self._keys[:len(numbers)]
        rows, entries = len(self) - len(chunks), int(self._starts[len(self) - len(chunks)])
        self._starts = _grown(self._starts, rows + 1, len(chunks))
        np.cumsum(np.bincount(which.astype(np.int64), minlength=len(chunks)), out=self._starts[rows + 1:len(self) + 1])
        self._starts[rows + 1:len(self) + 1] += entries
        self._grams = _grown(self._grams, entries, len(gram))
        self._grams[entries:entries + len(gram)] = gram
        if len(self._ones) < entries + len(gram):
            self._ones = np.ones(len(self._grams), dtype=np.int32)
        every = entries + len(gram)
        self._matrix = csr_matrix((self._ones[:every], self._grams[:every], self._starts[:len(self) + 1]),
                                  shape=(len(self), len(numbers)), copy=False)


def _grown(buffer: np.ndarray, used: int, more: int) -> np.ndarray:
    """``buffer`` (its first ``used`` items kept) with room for ``more`` after them: the
    same array while it has room, else one twice as large."""
    if used + more <= len(buffer):
        return buffer
    bigger = np.zeros(max(2 * len(buffer), used + more, 1024), dtype=buffer.dtype)
    bigger[:used] = buffer[:used]
    return bigger


#: Words a :class:`Lexicon` holds (content words, and the stop words and numbers it also
#: keeps, as −1) before the next thread starts a new one (bounds memory).
WORDS_HELD = 1 << 19


class Lexicon:
    """One process's content words (per thread of execution: see :func:`lexicon`): each
    distinct (language, word) numbered once (``WordNumbers``) with its lemma tokens
    numbered too, and each distinct chunk of text split and looked up once
    (``ChunkWords``), so a word or chunk that recurs in later threads costs one dict
    lookup, not a lemma lookup per thread. A thread renumbers the lemma tokens it uses by
    first sight (``Texts.lemma_keys``), so its keys are those a per-thread table gives."""

    def __init__(self) -> None:
        self.lemmas: list[tuple[str, ...]] = []  # word number → its lemma tokens
        self.tables = {"de": WordNumbers("de", self.lemmas), "en": WordNumbers("en", self.lemmas)}
        self.chunks = {lang: ChunkWords(table) for lang, table in self.tables.items()}
        self.grams = ChunkGrams()
        self._vocabulary: dict[str, int] = {}  # lemma token → its number
        self._counts = np.zeros(0, dtype=np.int64)  # word number → its lemma tokens' count
        self._starts = np.zeros(0, dtype=np.int64)  # … and where they start in _flat
        self._flat = np.zeros(0, dtype=np.uint64)  # lemma token numbers, word after word

    def held(self) -> int:
        """Words held, of every kind (content words, stop words, numbers): the memory bound's measure."""
        return sum(map(len, self.tables.values()))

    def tokens(self, number: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """(occurrence, lemma token number) of every lemma token of the words ``number``
        (occurrence: the index into ``number`` each token comes from; None when every word
        has exactly one token, so the tokens are the words' own)."""
        if len(self._counts) < len(self.lemmas):  # words numbered since: number their lemma tokens
            vocabulary = self._vocabulary
            new = [[vocabulary.setdefault(t, len(vocabulary)) for t in found]
                   for found in self.lemmas[len(self._counts):]]
            counts = np.fromiter(map(len, new), dtype=np.int64, count=len(new))
            self._starts = np.concatenate([self._starts, len(self._flat) + np.cumsum(counts) - counts])
            self._counts = np.concatenate([self._counts, counts])
            self._flat = np.concatenate([self._flat, np.fromiter((t for found in new for t in found), dtype=np.uint64,
                                                                 count=int(counts.sum()))])
        per = self._counts[number]
        if (per == 1).all():  # the usual case: one lemma token per word
            return None, self._flat[self._starts[number]]
        occurrence = np.repeat(np.arange(len(number)), per)
        within = np.arange(int(per.sum())) - np.repeat(np.cumsum(per) - per, per)
        return occurrence, self._flat[self._starts[number][occurrence] + within]


_LOCAL = threading.local()

#: lemma tokens above which ``Texts`` numbers a chunk's tokens with ``pandas.factorize``
#: (a hash table) rather than ``numpy.unique`` (a sort; cheaper per call)
HASHED_FIRST = 1 << 14


def lexicon() -> Lexicon:
    """This thread of execution's :class:`Lexicon` (a new one once it holds ``WORDS_HELD``
    words of any kind, numbers too: a thread of comments keeps the one it started with)."""
    found = getattr(_LOCAL, "lexicon", None)
    if found is None or found.held() >= WORDS_HELD:
        found = _LOCAL.lexicon = Lexicon()
    return found


class Texts:
    """(text, language) pairs — any sequence, read one document at a time, so a huge
    thread's texts need not be copied — and the views computed from a subset of them:
    ``keys(view, which)`` gives (row in ``which``, key) of every feature of those
    documents. Lemma-token and stem numbers persist across calls, so a key means the
    same feature in every subset; they are numbered by first sight among these texts."""

    def __init__(self, texts, stems: Stems) -> None:
        self.texts, self.stems = texts, stems
        self._lexicon = lexicon()
        self._seen = np.zeros(0, dtype=np.uint64)  # the lexicon's lemma token numbers seen here, sorted
        self._mine = np.zeros(0, dtype=np.uint64)  # … and their numbers here
        self._stem_vocabulary: dict[str, int] = {}
        self._last: tuple | None = None  # (range, (lower-cased texts, languages)) of the last chunk read

    def __len__(self) -> int:
        return len(self.texts)

    def lengths(self) -> list[int]:
        """Each text's length in characters, without reading its language (the texts'
        own ``lengths()`` when they have one: a thread's texts detect a language on reading)."""
        own = getattr(self.texts, "lengths", None)
        return own() if own is not None else [len(self.texts[i][0]) for i in range(len(self.texts))]

    def _read(self, which) -> tuple[list[str], list[str]]:
        """The lower-cased texts and the languages of the documents ``which``; the last
        range read is kept, so the views of one chunk read and lower its texts once."""
        if self._last is not None and isinstance(which, range) and self._last[0] == which:
            return self._last[1]
        pairs = [self.texts[i] for i in which]
        found = [t.lower() for t, _ in pairs], [lang for _, lang in pairs]
        self._last = (which, found) if isinstance(which, range) else None
        return found

    def numbered(self, which) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """(row in ``which``, word number in the lexicon) of every content word of those
        documents, and each one's count of distinct content words: each distinct
        whitespace-separated chunk of text is split into words once (``ChunkWords``), a
        repeated chunk costs one dict lookup."""
        from itertools import chain

        flat: list[int] = []
        lengths, terms = [], []
        joined = chain.from_iterable
        chunks = self._lexicon.chunks
        for text, lang in zip(*self._read(which)):
            found = list(joined(map(chunks[lang].__getitem__, text.split())))
            flat += found
            lengths.append(len(found))
            terms.append(len(set(found)))
        return (np.repeat(np.arange(len(lengths), dtype=np.int64), lengths), np.asarray(flat, dtype=np.int64),
                terms)

    def lemma_keys(self, which) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """(row, lemma token number) of every lemma token of every content word, and the
        documents' distinct content words. Lemma tokens are numbered by first sight here
        (the order the words are met in, each word's tokens in order), as numbering them
        with a table of these texts alone would."""
        doc, number, terms = self.numbered(which)
        occurrence, tokens = self._lexicon.tokens(number)
        if occurrence is not None:
            doc = doc[occurrence]
        return doc.astype(np.uint64), self._renumbered(tokens), terms

    def _renumbered(self, tokens: np.ndarray) -> np.ndarray:
        """The lexicon's lemma token numbers ``tokens`` as numbers here: those seen before
        keep theirs, new ones are numbered on from the last in the order they first occur."""
        if not len(tokens):
            return tokens
        if len(tokens) > HASHED_FIRST:  # pandas numbers them by first sight with a hash table: no sort
            import pandas as pd

            inverse, distinct = pd.factorize(tokens)
            first = np.arange(len(distinct))
        else:
            distinct, first, inverse = np.unique(tokens, return_index=True, return_inverse=True)
        at = np.searchsorted(self._seen, distinct)
        known = at < len(self._seen)
        known[known] = self._seen[at[known]] == distinct[known]
        numbers = np.empty(len(distinct), dtype=np.uint64)
        numbers[known] = self._mine[at[known]]
        new = np.flatnonzero(~known)
        if len(new):
            numbers[new[np.argsort(first[new], kind="stable")]] = np.arange(len(self._seen), len(self._seen) + len(new),
                                                                             dtype=np.uint64)
            seen, mine = np.concatenate([self._seen, distinct[new]]), np.concatenate([self._mine, numbers[new]])
            order = np.argsort(seen, kind="stable")
            self._seen, self._mine = seen[order], mine[order]
        return numbers[inverse.ravel()]

    def gram_counts(self, which) -> tuple:
        """The ``chars`` view of the documents ``which`` as counts (``ChunkGrams.counts``:
        a row per document, a column per gram number) and each gram number's key."""
        grams = self._lexicon.grams
        return grams.counts(self._read(which)[0]), grams.keys

    def keys(self, view: str, which) -> tuple[np.ndarray, np.ndarray]:
        """(row in ``which``, key) of the view's features: ``lemmas`` and ``stems`` are
        numbered exactly, ``chars`` are char_wb 3–5-gram hashes of the lower-cased text."""
        from comments.text.vectors import char_wb_keys

        if view == "lemmas":
            return self.lemma_keys(which)[:2]
        if view == "chars":
            return char_wb_keys(self._read(which)[0], 3, 5)
        number, lengths, flat = self._stem_vocabulary.setdefault, [], []
        for i in which:
            found = [number(t, len(self._stem_vocabulary)) for t in self.stems.of_text(*self.texts[i])]
            flat += found
            lengths.append(len(found))
        return np.repeat(np.arange(len(lengths), dtype=np.uint64), lengths), np.asarray(flat, dtype=np.uint64)


#: whether a view's keys are 64-bit hashes (kept to the bits beside the document number)
HASHED = {"lemmas": False, "stems": False, "chars": True}


#: documents in a chunk from which ``Fitted`` counts the ``chars`` view from each distinct
#: chunk of text's grams (``ChunkGrams``) instead of hashing and sorting every occurrence
#: (the same vocabulary and rows; a few documents pay more in fixed costs than they save)
COUNTED = 64


class Fitted:
    """The views of one thread's texts, fitted a chunk of documents at a time: each
    view's vocabulary and IDF, each document's count of distinct content words
    (``terms``) and whether it has any feature at all (``empty``). ``rows(which)`` gives
    the views' rows of any subset of the documents, weighted 1/sqrt(number of views with
    a feature) so that summing their cosines gives the cosine of the rows side by side.
    While the chunks' (key, document) pairs fit in ``keep_bytes`` (``vectors.KEEP``), they
    are kept and become every document's rows (``whole``): each text is tokenised and
    hashed once. A larger thread lets them go and computes the rows asked for again from
    the texts, so memory holds the vocabularies and one chunk, not the thread's rows."""

    def __init__(self, docs: Texts, views: tuple[str, ...], chunk: int | None = None,
                 keep_bytes: int | None = None) -> None:
        from comments.text.vectors import CHUNK, KEEP, Vocabulary, chunks

        budget = KEEP if keep_bytes is None else keep_bytes
        self.docs = docs
        n = len(docs)
        found = {v: Vocabulary(n, HASHED[v]) for v in views}
        self.terms = np.zeros(n, dtype=np.int64)
        features = np.zeros(n, dtype=np.int64)
        keep = True  # while the chunks' pairs fit in the budget: the rows are then built from them
        for first, stop in chunks(docs.lengths(), chunk or CHUNK):
            which = range(first, stop)
            doc, lemma, terms = docs.lemma_keys(which)
            self.terms[first:stop] = terms
            for view, vocabulary in found.items():
                if view == "chars" and stop - first >= COUNTED:
                    counts, gram_keys = docs.gram_counts(which)
                    if vocabulary.add_counted(counts, gram_keys, keep):
                        features[first:stop] += np.diff(counts.indptr)
                        continue
                d, k = (doc, lemma) if view == "lemmas" else docs.keys(view, which)
                vocabulary.add(d, k, stop - first, keep)
                features[first:stop] += np.bincount(d.astype(np.int64), minlength=stop - first)
            if keep and sum(v.kept_bytes() for v in found.values()) > budget:
                keep = False
                for vocabulary in found.values():
                    vocabulary.drop_kept()
        self.vocabularies = {v: voc for v, voc in found.items() if len(voc.finish().keys)}
        self.empty = features == 0
        self.weight = 1 / math.sqrt(len(self.vocabularies)) if len(self.vocabularies) > 1 else 1.0
        #: every document's rows, one CSR matrix per view, when the pairs were kept; else None
        self.whole: list | None = None
        if keep and self.vocabularies:
            self.whole = [self._weighted(v.kept_rows()) for v in self.vocabularies.values()]

    def _weighted(self, m):
        """A view's rows scaled for the views side by side."""
        if self.weight != 1.0:
            m.data *= self.weight  # in place: no second copy of the rows
        return m

    def rows(self, which) -> list:
        """One CSR matrix per view with features: row k is document ``which[k]``."""
        if self.whole is not None:  # the kept rows of every document: select those asked for
            return [m[np.asarray(which, dtype=np.int64)] for m in self.whole]
        out = []
        for view, vocabulary in self.vocabularies.items():
            doc, keys = self.docs.keys(view, which)
            out.append(self._weighted(vocabulary.rows(doc, keys, len(which))))
        return out


def together(fitted: list[Fitted], views: tuple[str, ...]) -> tuple[list, np.ndarray]:
    """The kept rows (``whole``) of many :class:`Fitted` (one thread each) stacked, one
    CSR matrix per view (a thread without the view: rows without entries), and where each
    one's documents start in them: a range of threads' pairs compared in one call. Pairs
    lie within a thread, so each keeps its columns: a row's entries and their order are its
    own, and so is every cosine, to the bit. One :class:`Fitted` gives its own rows."""
    from scipy.sparse import csr_matrix

    starts = np.cumsum([0] + [len(f.docs) for f in fitted])
    if len(fitted) == 1:
        return fitted[0].whole, starts
    out = []
    for view in views:
        parts = [(f.whole[list(f.vocabularies).index(view)] if view in f.vocabularies else None, len(f.docs))
                 for f in fitted]
        kept = [m for m, _ in parts if m is not None]
        nnz = np.cumsum([0] + [0 if m is None else m.nnz for m, _ in parts])
        indptr = np.concatenate([np.zeros(1, np.int64)] + [
            np.full(n, nnz[k], np.int64) if m is None else m.indptr[1:].astype(np.int64) + nnz[k]
            for k, (m, n) in enumerate(parts)])
        matrix = csr_matrix((np.concatenate([np.zeros(0)] + [m.data for m in kept]),
                             np.concatenate([np.zeros(0, np.int64)] + [m.indices.astype(np.int64) for m in kept]),
                             indptr), shape=(int(starts[-1]), max([1] + [m.shape[1] for m in kept])))
        matrix.has_sorted_indices = True
        out.append(matrix)
    return out, starts


def matrix(docs: Texts, views: tuple[str, ...]):
    """Every document's rows of the views side by side (CSR, L2-normalised); None when
    no view has a feature. For a handful of texts (tests, benchmarks): a huge thread is
    compared a chunk at a time (``Fitted``)."""
    from scipy.sparse import hstack

    found = Fitted(docs, views).rows(range(len(docs)))
    return None if not found else found[0] if len(found) == 1 else hstack(found, format="csr")
