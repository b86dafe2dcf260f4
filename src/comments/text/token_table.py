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

import threading
from collections.abc import Callable, Hashable
from itertools import chain

import numpy as np

LIMIT = 1_000_000  # distinct tokens held before the table starts afresh


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

    @property
    def words(self) -> list[str]:
        return self._index.words

    @property
    def full(self) -> bool:
        """Whether the next :meth:`ids` starts afresh (ids handed out before then are void)."""
        return len(self._index.words) >= LIMIT

    def ids(self, tokens: list[list[str]]) -> np.ndarray:
        """The ids of a chunk's tokens, comment after comment (flat, as ``chain(*tokens)``)."""
        if self.full:
            self._index = _Index()
            self._columns.clear()
        flat = list(map(self._index.__getitem__, chain.from_iterable(tokens)))
        return np.array(flat, dtype=np.intp)

    def column(self, key: Hashable, of: Callable[[str], object], dtype) -> np.ndarray:
        """``of(token)`` for every id so far (an array; the tokens added since the last call
        are computed now); ``key`` names the column."""
        words = self._index.words
        found = self._columns.get(key)
        if found is None or len(found) < len(words):
            done = 0 if found is None else len(found)
            more = np.array([of(w) for w in words[done:]], dtype=dtype)
            found = self._columns[key] = more if found is None else np.concatenate([found, more])
        return found


    def values(self, key: Hashable, of: Callable[[str], int], ids: np.ndarray) -> np.ndarray:
        """``of(token)`` (an integer, never ``UNSET``) for the tokens ``ids``, each distinct
        token computed once, and only when asked for (``of`` may be costly: a stem)."""
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
            todo = np.unique(ids[unset])
            found[todo] = [of(words[i]) for i in todo.tolist()]
            out = found[ids]
        return out

    def by_language(self, key: Hashable, of: Callable[[str], Callable[[str], int]], ids: np.ndarray,
                    languages: list[str | None], lengths: np.ndarray) -> np.ndarray:
        """:meth:`values` of a chunk's token ``ids`` with ``of(language)``, each comment's
        tokens in its own language (``languages``: one per comment, ``lengths``: its tokens;
        English for "en", German otherwise); the column of each language is ``(key, language)``."""
        english = np.repeat(np.fromiter((lang == "en" for lang in languages), dtype=bool, count=len(languages)),
                            lengths)
        out = np.empty(len(ids), dtype=np.int64)
        for language, mask in (("en", english), ("de", ~english)):
            if mask.any():
                out[mask] = self.values((key, language), of(language), ids[mask])
        return out


UNSET = np.iinfo(np.int64).min  # a value :meth:`TokenTable.values` has not computed yet

_LOCAL = threading.local()


def table() -> TokenTable:
    """This thread's :class:`TokenTable`."""
    found = getattr(_LOCAL, "table", None)
    if found is None:
        found = _LOCAL.table = TokenTable()
    return found
