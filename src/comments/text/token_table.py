"""Token ids for chunk-wise classification: every distinct token of a run gets one
integer id, and what the classifiers need to know about a token (its length, whether
it is a number, whether it addresses the reader, its stem's column in a learned model)
is a column over those ids, computed once per distinct token. A chunk's tokens are then
looked up once (one dict look-up each, in C) and every per-token value is a numpy
``take`` instead of another pass of Python calls over the chunk's words.

The table is per thread (threads classifying at once never share one: ids are handed
out on first sight) and starts afresh when it holds ``LIMIT`` tokens, between chunks.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Hashable, Iterable
from itertools import chain, compress, repeat
from operator import contains, eq

import numpy as np

from comments.text.tokens import Tokens, chunk_words, tokenize

LIMIT = 1_000_000  # distinct tokens held before the table starts afresh
#: texts a table tokenises one by one before :meth:`TokenTable.tokenize_many` splits with pyarrow:
#: importing it (0.04 s of CPU, session 16) pays from some 13,000 comments (it saves about 3 µs a comment)
ARROW_AFTER = 15_000
PIECES = 250_000  # whitespace pieces :meth:`TokenTable.tokenize_many` remembers before it forgets them (~22 MB)


class _Index(dict):
    """token → id, a new token getting the next id."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def __missing__(self, word: str) -> int:
        found = self[word] = len(self.words)
        self.words.append(word)
        return found


class TokenTable:
    """Token ids and per-token columns (see the module docstring)."""

    def __init__(self) -> None:
        self._index = _Index()
        self._columns: dict[Hashable, np.ndarray] = {}
        self._memos: dict[Hashable, dict] = {}
        self._read = 0  # texts tokenised by :meth:`tokenize_many` (see ``ARROW_AFTER``)
        self._fresh()

    def _fresh(self) -> None:
        """Forget the whitespace-piece caches of :meth:`tokenize_many` (their ids are void
        once the index starts afresh) and the object array of the words."""
        # piece → the id of its one token, or for a piece of none or two and more tokens -2 - k, its
        # token ids being ``_other[k]`` (so that one probe per distinct piece tells every known piece)
        self._single: dict[str, int] = {}
        self._other: list[tuple[int, ...]] = []
        self._objects = np.empty(0, dtype=object)  # the words by id (the first ``_synced`` of them)
        self._synced = 0

    @property
    def words(self) -> list[str]:
        return self._index.words

    @property
    def full(self) -> bool:
        """Whether the next :meth:`ids` starts afresh (ids handed out before then are void)."""
        return len(self._index.words) >= LIMIT

    def ids(self, tokens: list[list[str]]) -> np.ndarray:
        """The ids of a chunk's tokens, comment after comment (flat, as ``chain(*tokens)``)."""
        self._start_afresh_if_full()
        flat = list(map(self._index.__getitem__, chain.from_iterable(tokens)))
        return np.array(flat, dtype=np.intp)

    def _start_afresh_if_full(self) -> None:
        if self.full:
            self._index = _Index()
            self._columns.clear()
            self._memos.clear()
            self._fresh()

    def tokenize_many(self, texts: list[str]) -> tuple[list[Tokens], np.ndarray, np.ndarray]:
        """``[tokenize(t) for t in texts]``, their ids (as :meth:`ids` gives them, handed out
        in the same reading order) and each text's number of tokens, without a Python step
        per word: a piece between whitespace has tokens that depend on the piece alone
        (``chunk_words`` of the lower-cased piece), so the texts are split and their pieces told
        apart in compiled code (:func:`_distinct_pieces`), each distinct piece of the chunk is
        looked up once (a piece seen before, as written: one dict probe), and only a piece never
        seen, or one that is not exactly one token ("3,5", "a/b", "--"), is lower-cased and
        tokenised in Python. The pieces are split as written, not lower-cased first: the lower
        case of a text is that of its whitespace-separated pieces (no character lower-cases to
        or from whitespace, and the one context rule, the final sigma, reads cased and
        case-ignorable characters only, which whitespace is not), so only the distinct pieces
        never seen pay ``str.lower`` (some 6 ms per 8,000 texts otherwise; a tenth more distinct
        pieces, "Die" beside "die", cost under 1 ms). The token strings are the table's own
        (read from an object array by id).

        Until the table has read ``ARROW_AFTER`` texts (and unless pyarrow is imported
        already), texts are tokenised one by one (``tokenize`` + :meth:`ids`, the same result):
        importing pyarrow costs more than it saves on a small run."""
        if not self._use_arrow():
            self._read += len(texts)
            tokens = [tokenize(t) for t in texts]
            return tokens, self.ids(tokens), np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        self._start_afresh_if_full()
        single, other, index = self._single, self._other, self._index
        if len(single) >= PIECES:  # (about 90 bytes a piece: bounded apart, ids stay valid)
            single.clear()
            other.clear()
        # the pieces as written: only a piece never seen is lower-cased (``str.lower`` of a text is
        # that of its pieces, see the docstring), not every text of every chunk
        distinct, codes, counts = _distinct_pieces(texts)
        first = np.fromiter(map(single.get, distinct, repeat(-1)), dtype=np.intp, count=len(distinct))
        for d in np.flatnonzero(first == -1).tolist():  # (in reading order: new ids are handed out as before)
            piece = distinct[d]
            found = tuple(map(index.__getitem__, chunk_words(piece.lower())))
            if len(found) == 1:
                first[d] = single[piece] = found[0]
            else:
                first[d] = single[piece] = -2 - len(other)
                other.append(found)
        unusual = np.flatnonzero(first < -1)  # distinct pieces of other than one token, and their ids
        unusual_ids = list(map(other.__getitem__, (-2 - first[unusual]).tolist()))
        if unusual.size:
            sizes = np.ones(len(distinct), dtype=np.int64)  # each distinct piece's tokens
            sizes[unusual] = np.fromiter(map(len, unusual_ids), dtype=np.int64, count=len(unusual))
            flat = np.repeat(first, sizes)  # (-1 where a piece is unusual, filled in next)
            starts = np.cumsum(sizes) - sizes
            within = _gather(np.arange(len(flat), dtype=np.int64), starts[unusual], sizes[unusual])
            flat[within] = np.fromiter(chain.from_iterable(unusual_ids), dtype=np.intp, count=len(within))
            per_piece = sizes[codes]
            ids = _gather(flat, starts[codes], per_piece)
            ends = np.concatenate(([0], np.cumsum(per_piece)))[np.cumsum(counts)]
            lengths = np.diff(ends, prepend=0)
        else:
            ids, lengths = first[codes], counts
        words = self._word_objects()[ids].tolist()
        ends = np.cumsum(lengths)
        # (each comment's words made a ``Tokens`` in C: no Python step per comment; a hyphen-free one's
        # ``flat`` is worked out when asked, which term matching does only for comments with a hyphen)
        tokens = list(map(Tokens, map(words.__getitem__, map(slice, (ends - lengths).tolist(), ends.tolist()))))
        return tokens, ids, lengths

    def _use_arrow(self) -> bool:
        """Whether :meth:`tokenize_many` splits with pyarrow (see there)."""
        return self._read >= ARROW_AFTER or "pyarrow.compute" in sys.modules

    def _word_objects(self) -> np.ndarray:
        """The words by id as an object array (grown as the table grows)."""
        words = self._index.words
        if self._synced < len(words):
            if len(self._objects) < len(words):
                grown = np.empty(max(len(words), 2 * len(self._objects)), dtype=object)
                grown[:self._synced] = self._objects[:self._synced]
                self._objects = grown
            self._objects[self._synced:len(words)] = words[self._synced:]
            self._synced = len(words)
        return self._objects

    def column(self, key: Hashable, of: Callable, dtype, many: bool = False) -> np.ndarray:
        """``of(token)`` for every id so far (an array; the tokens added since the last call
        are computed now); ``key`` names the column. ``many``: ``of`` takes the list of the new
        tokens and gives their values in order (its work done in compiled code, as
        :func:`holding`, rather than by a Python call per token)."""
        words = self._index.words
        found = self._columns.get(key)
        if found is None or len(found) < len(words):
            done = 0 if found is None else len(found)
            new = words[done:]
            more = np.fromiter(of(new) if many else map(of, new), dtype=dtype, count=len(new))
            found = self._columns[key] = more if found is None else np.concatenate([found, more])
        return found


    def memo(self, key: Hashable) -> dict:
        """A dictionary for what a caller learns about ids or pairs of ids (``key`` names it),
        emptied when the table starts afresh (its ids are then void)."""
        found = self._memos.get(key)
        if found is None:
            found = self._memos[key] = {}
        return found

    def values(self, key: Hashable, of: Callable, ids: np.ndarray, many: bool = False) -> np.ndarray:
        """``of(token)`` (an integer, never ``UNSET``) for the tokens ``ids``, each distinct
        token computed once, and only when asked for (``of`` may be costly: a stem); ``many``:
        ``of`` takes the list of those tokens (in id order) and gives their values in order."""
        words = self._index.words
        found = self._columns.get(key)
        if found is None or len(found) < len(words):
            size = max(len(words), 2 * (0 if found is None else len(found)))
            grown = np.full(size, UNSET, dtype=np.int64)
            if found is not None:
                grown[:len(found)] = found
            found = self._columns[key] = grown
        out = found[ids]
        unset = out == UNSET
        if unset.any():
            todo = distinct(ids[unset])
            asked = list(map(words.__getitem__, todo.tolist()))
            found[todo] = of(asked) if many else list(map(of, asked))
            out = found[ids]
        return out

    def by_language(self, key: Hashable, of: Callable[[str], Callable[[str], int]], ids: np.ndarray,
                    languages: list[str | None], lengths: np.ndarray) -> np.ndarray:
        """:meth:`values` of a chunk's token ``ids`` with ``of(language)``, each comment's
        tokens in its own language (``languages``: one per comment, ``lengths``: its tokens;
        English for "en", German otherwise); the column of each language is ``(key, language)``."""
        english = np.repeat(np.fromiter(map(eq, languages, repeat("en")), dtype=bool, count=len(languages)), lengths)
        out = np.empty(len(ids), dtype=np.int64)
        for language, mask in (("en", english), ("de", ~english)):
            if mask.any():
                out[mask] = self.values((key, language), of(language), ids[mask])
        return out


def holding(part: str) -> Callable[[list[str]], Iterable[bool]]:
    """tokens → whether each holds ``part`` (``part in token``, in compiled code: a
    :meth:`TokenTable.column` of ``many``)."""
    return lambda tokens: map(contains, tokens, repeat(part))


def where_holding(tokens: list[str], part: str) -> list[int]:
    """The places of the tokens holding ``part`` (found in compiled code: few tokens hold a hyphen)."""
    return list(compress(range(len(tokens)), map(contains, tokens, repeat(part))))


def distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of an integer array (its values sorted, each once) by one sort:
    numpy 2's ``unique`` hashes the values first, which on a chunk's token ids or (comment,
    token) codes costs 10–40 times as much as sorting them (numpy 2.4, session 19)."""
    ordered = np.sort(values, axis=None)
    if ordered.size < 2:
        return ordered
    first = np.empty(ordered.size, dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


def _gather(values: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """``values[starts[k]:starts[k] + sizes[k]]`` for every k, concatenated."""
    total = int(sizes.sum())
    inside = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return values[np.repeat(starts, sizes) + inside]


#: what ``str.split()`` cuts at besides ASCII whitespace (as literal characters: pyarrow's RE2 reads them too)
_SPACE = re.compile("[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def _distinct_pieces(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The texts' whitespace-separated pieces (as ``str.split()`` cuts them) as (the distinct
    pieces in order of first sight, each piece's index among them, each text's number of
    pieces; a text's pieces may include empty ones, which hold no token). pyarrow splits
    at ASCII whitespace and encodes the pieces in C++; the other characters Python counts
    as whitespace (``_SPACE``, see ``test_token_table``) become a space first, in the few
    texts holding one. A text pyarrow cannot take (a lone surrogate) sends the chunk
    through ``str.split``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        array = pa.array(texts, type=pa.large_string())
    except (pa.ArrowException, UnicodeError):
        pieces = list(chain.from_iterable(map(str.split, texts)))
        order = {piece: k for k, piece in enumerate(dict.fromkeys(pieces))}
        return (list(order), np.fromiter(map(order.__getitem__, pieces), dtype=np.int64, count=len(pieces)),
                np.fromiter(map(len, map(str.split, texts)), dtype=np.int64, count=len(texts)))
    spaced = pc.match_substring_regex(array, _SPACE.pattern)
    if pc.any(spaced).as_py():
        texts = list(texts)
        for i in np.flatnonzero(spaced.to_numpy(zero_copy_only=False)).tolist():
            texts[i] = _SPACE.sub(" ", texts[i])
        array = pa.array(texts, type=pa.large_string())
    split = pc.ascii_split_whitespace(array)
    encoded = split.flatten().dictionary_encode()
    return (encoded.dictionary.to_pylist(), encoded.indices.to_numpy().astype(np.int64),
            np.diff(split.offsets.to_numpy()))


UNSET = np.iinfo(np.int64).min  # a value :meth:`TokenTable.values` has not computed yet

_LOCAL = threading.local()


def table() -> TokenTable:
    """This thread's :class:`TokenTable`."""
    found = getattr(_LOCAL, "table", None)
    if found is None:
        found = _LOCAL.table = TokenTable()
    return found
