"""The tone cue features of a chunk of comments at once (:func:`feature_matrix`): what
:func:`comments.classification.tone.feature_row` gives one comment at a time, float for
float, with the per-comment Python left to what needs it."""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import chain, repeat
from operator import itemgetter

import numpy as np

from comments.classification.polarity import polarity_many
from comments.classification.surface import Scan, counts_many as surface_counts_many, may_stretch_tokens
from comments.text import token_table
from comments.classification.tone import _ALL_COLUMNS, _CUE_FEATURES, _SECOND_PERSON, _questions

#: math.log1p(n) of the word counts most comments have (``math``'s floats: numpy's log1p need not
#: round alike), made once at import and read by index (read-only: threads share it safely)
_LOG1P = np.array([math.log1p(n) for n in range(4096)], dtype=np.float64)


def _start_with_digit(tokens: list[str]) -> Iterable[bool]:
    """Whether each token's first character is a digit (``token[0].isdigit()``, in compiled code)."""
    return map(str.isdigit, map(itemgetter(0), tokens))


#: a cue feature's column in :func:`_cue_columns` (other names in a comment's lexicon scores: -1)
_CUE_COLUMN: dict[str, int] = {name: j for j, name in enumerate(_CUE_FEATURES)}


def _cue_columns(found: list[dict[str, float]]) -> np.ndarray:
    """``[[f.get(name, 0.0) for name in _CUE_FEATURES] for f in found]`` as an array, from the
    items the dictionaries hold (a few each: most of the names are not among them)."""
    x = np.zeros((len(found), len(_CUE_FEATURES)))
    sizes = np.fromiter(map(len, found), dtype=np.intp, count=len(found))
    names = list(chain.from_iterable(found))
    if names:
        columns = np.fromiter(map(_CUE_COLUMN.get, names, repeat(-1)), dtype=np.intp, count=len(names))
        values = np.fromiter(chain.from_iterable(map(dict.values, found)), dtype=np.float64, count=len(names))
        rows = np.repeat(np.arange(len(found)), sizes)
        kept = columns >= 0
        x[rows[kept], columns[kept]] = values[kept]
    return x


def feature_matrix(texts: list[str], tokens: list[list[str]], found: list[dict[str, float]],
                   languages: list[str], ids: np.ndarray | None = None):
    """``feature_row`` for a chunk of comments at once, as a comments × ``_ALL_COLUMNS``
    matrix (equal to the rows, float for float: the same operations in the same order):
    character counts come from one :class:`surface.Scan` of the chunk's code points (the
    places of the characters read), the surface cues from :func:`surface.counts_many` (the
    same scan), word
    columns from the chunk's tokens with ``np.bincount``; per-comment Python is left to
    what needs it (questions, polarity). ``found``: each comment's cue lexicon scores;
    ``languages``: each comment's cue language (``tone.cue_language``); ``ids``: the chunk's
    token ids in this thread's :mod:`token_table` when the caller has them."""
    n = len(texts)
    x = np.zeros((n, len(_ALL_COLUMNS)))
    if not n:
        return x
    col = _ALL_COLUMNS.index
    scan = Scan(texts)  # the places of the characters read, shared with the surface cues
    sizes, owner = scan.sizes, scan.owner
    capitals = scan.per_text(scan.capitals[1])
    ascii_digit = scan.per_text(owner[(scan.char >= 48) & (scan.char <= 57)]) > 0
    exclaims = scan.per_text(owner[scan.char == 33])
    asked = scan.per_text(owner[scan.char == 63])
    mentions = scan.per_text(owner[scan.char == 64])
    non_ascii = scan.per_text(scan.wide_owner) > 0
    wide = scan.wide_points
    emoji = scan.per_text(scan.wide_owner[((wide >= 0x1F300) & (wide <= 0x1FAFF)) | ((wide >= 0x2600) & (wide <= 0x27BF))])
    words = np.fromiter(map(len, tokens), dtype=np.int64, count=n)
    tokens_of = token_table.table()  # every token of the chunk by its id, ``mine`` telling whose
    ids = tokens_of.ids(tokens) if ids is None else ids
    mine = np.repeat(np.arange(n), words)
    stretchy = np.bincount(mine[tokens_of.column("stretchy", may_stretch_tokens, bool, many=True)[ids]],
                           minlength=n) > 0
    surface = surface_counts_many(texts, tokens, capitals.tolist(), ascii_digit, stretchy, scan)
    x[:, col("words")] = _LOG1P[np.minimum(words, len(_LOG1P) - 1)]
    for i in np.flatnonzero(words >= len(_LOG1P)).tolist():  # (beyond the table: computed)
        x[i, col("words")] = math.log1p(int(words[i]))
    x[:, col("short")] = words <= 4
    for name, cap in (("urls", None), ("numbers", 5), ("quotes", 3), ("scare_quotes", 2), ("masked", None),
                      ("winks", None), ("stretched", None), ("self_correct", None), ("shout", 3),
                      ("angry_emoji", 3), ("punct_runs", 3)):
        x[:, col(name)] = surface[name] if cap is None else np.minimum(surface[name], cap)
    at = np.flatnonzero(asked).tolist()
    if at:
        x[at, col("questions"):col("opens_with_question") + 1] = [_questions(texts[i], languages[i]) for i in at]
    x[:, col("exclaims")] = np.minimum(exclaims, 3)
    x[:, col("exclaim_rate")] = np.minimum(exclaims / np.maximum(1, sizes) * 100, 10.0)
    x[:, col("question_rate")] = np.minimum(asked / np.maximum(1, sizes) * 100, 10.0)
    # shouting: capitals over the letters of the words (number tokens left out when the text has digits)
    lengths = tokens_of.column("length", len, np.int64)[ids]
    letters = np.bincount(mine, weights=lengths, minlength=n).astype(np.int64)
    digits = ascii_digit | (scan.per_text(scan.decimals[1]) > 0)  # (tone._has_digit of each text)
    if digits.any():
        numeric = tokens_of.column("numeric", _start_with_digit, bool, many=True)[ids] & digits[mine]
        letters -= np.bincount(mine[numeric], weights=lengths[numeric], minlength=n).astype(np.int64)
    x[:, col("caps_share")] = np.where(letters > 0, np.minimum(1.0, capitals / np.maximum(letters, 1)), 0.0)
    x[:, col("emoji")] = np.where(non_ascii, np.minimum(emoji, 5), 0)
    x[:, col("mentions")] = np.minimum(mentions, 3)
    at = np.flatnonzero(mentions).tolist()
    if at:
        x[at, col("opens_with_mention")] = [1.0 if texts[i].lstrip().startswith("@") else 0.0 for i in at]
    x[:, col("length")] = np.minimum(sizes / 500, 4.0)
    # (whole counts: the same floats as summing 1.0 per word, without a weight per word)
    second = np.bincount(mine[tokens_of.column("second person", _SECOND_PERSON.__contains__, bool)[ids]], minlength=n)
    x[:, col("second_person")] = second / np.maximum(1, words) * 10
    x[:, col("polarity")] = polarity_many(texts, tokens, languages, ids)
    cues_at = col(_CUE_FEATURES[0])
    cues = _cue_columns(found)
    x[:, cues_at:] = np.where(cues < 4.0, cues, 4.0)  # as feature_row's `v if v < 4.0 else 4.0`, NaN too
    return x
