"""Lexicon scores of a chunk of comments at once (:func:`scores_many`): what
:meth:`Lexicon.scores <comments.classification.lexicon.Lexicon.scores>` gives one comment
at a time, from the chunk's token ids (:mod:`comments.text.token_table`).

Whether a token matches a term, starts a phrase or holds a hyphen is a column over the
token ids, computed once per distinct token; most tokens match nothing, so only the
chunk's (comment, token) pairs that hit a term are visited in Python, each distinct pair
once (as ``scores`` counts each distinct word once), and only comments holding a phrase
start or a hyphenated word are searched for phrases.
"""

from __future__ import annotations

import numpy as np

from comments.classification.lexicon import LANGUAGES, Lexicon, begins_with_any
from comments.text.token_table import TokenTable, distinct, holding, where_holding


class _HitRows:
    """A lexicon's token → row of its distinct hit tuples (-1: no hit), the rows shared by
    the tokens that hit alike (few distinct tuples: the rows stay few)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.rows: list[tuple[tuple[str, float], ...]] = []
        self._row_of: dict[tuple, int] = {}

    def __call__(self, token: str) -> int:
        return self._row(self.lexicon._token_hits(token))

    def many(self, tokens: list[str]) -> list[int]:
        """``list(map(self, tokens))``, the tokens' hits found together (``Lexicon.token_hits_many``)."""
        return list(map(self._row, self.lexicon.token_hits_many(tokens)))

    def _row(self, hits: tuple) -> int:
        if not hits:
            return -1
        row = self._row_of.get(hits)
        if row is None:
            row = self._row_of[hits] = len(self.rows)
            self.rows.append(hits)
        return row


def _rows(lexicon: Lexicon) -> tuple[_HitRows, object, object]:
    """The hit rows of ``lexicon`` and the keys of its two token table columns (fresh
    objects, held by the lexicon: a key is never reused by another lexicon)."""
    found = getattr(lexicon, "_batch_rows", None)
    if found is None:
        found = lexicon._batch_rows = (_HitRows(lexicon), object(), object())
    return found


def _parts(token: str) -> list[str]:
    """A token's hyphen parts (the token itself when it has no hyphen), as ``Tokens.flat`` splits it."""
    return list(filter(None, token.split("-"))) if "-" in token else [token]


def _edge_tests(lexicon: Lexicon):
    """Three token tests over a token's hyphen parts (:func:`_parts`), which tell where a phrase
    may begin in a comment's words split at hyphens (``Tokens.flat``): whether its last part is a
    phrase start, whether its first part begins with any phrase's second part, and whether two of
    its own neighbouring parts are a start and a word beginning with one of that start's second
    parts (or it has no part: searched). Each takes a list of tokens (a :meth:`TokenTable.column`
    of ``many``): a token without a hyphen is its own one part, tested in compiled code; the few
    with one part by part."""
    starts, follows, seconds = lexicon._phrase_starts, lexicon.phrase_seconds, lexicon._phrase_seconds
    begins_any = begins_with_any(follows)

    def ends_start(tokens: list[str]) -> list[bool]:
        out = list(map(starts.__contains__, tokens))
        for k in where_holding(tokens, "-"):
            found = _parts(tokens[k])
            out[k] = bool(found) and found[-1] in starts
        return out

    def begins_follower(tokens: list[str]) -> list[bool]:
        out = begins_any(tokens)
        for k in where_holding(tokens, "-"):
            found = _parts(tokens[k])
            out[k] = bool(found) and found[0].startswith(follows)
        return out

    def inside(tokens: list[str]) -> list[bool]:
        out = [False] * len(tokens)  # (one part: no two neighbouring ones)
        for k in where_holding(tokens, "-"):
            found = _parts(tokens[k])
            out[k] = not found or any(a in starts and b.startswith(seconds[a]) for a, b in zip(found, found[1:]))
        return out
    return (("ends start", ends_start), ("begins follower", begins_follower), ("inside fits", inside))


def _fitting_pairs(lexicon: Lexicon, table: TokenTable, first: np.ndarray, second: np.ndarray, key) -> np.ndarray:
    """Whether each pair of neighbouring token ids may begin a phrase where they meet: the first
    one's last hyphen part (:func:`_parts`; the token itself without a hyphen) is a phrase start
    and the next one's first part begins with one of that start's second parts (as
    ``Lexicon._phrases_at`` tests first); each distinct pair is decided once while the ids hold."""
    known = table.memo(key)
    if len(known) >= 1_000_000:
        known.clear()
    codes = ((first << 32) | second).tolist()
    out = list(map(known.get, codes))
    if None in out:
        words, seconds = table.words, lexicon._phrase_seconds
        for k, code in enumerate(codes):
            if out[k] is None:
                out[k] = known[code] = _parts(words[code & 0xFFFFFFFF])[0].startswith(
                    seconds[_parts(words[code >> 32])[-1]])
    return np.array(out, dtype=bool)


def effective(lexicon: Lexicon, language: str | None) -> Lexicon:
    """The lexicon ``lexicon.scores(text, tokens, language)`` reads with (its own terms for
    ``language``, when it has language-bound or lemma terms)."""
    if language in LANGUAGES and (lexicon._tagged or lexicon._lemmas):
        return lexicon.for_language(language)
    return lexicon


def scores_many(lexicon: Lexicon, texts: list[str], tokens: list[list[str]], ids: np.ndarray,
                lengths: np.ndarray, table: TokenTable) -> list[dict[str, float]]:
    """``lexicon.scores(text, tokens)`` of every comment of a chunk (``ids``: the chunk's
    token ids in ``table``, comment after comment; ``lengths``: each comment's tokens)."""
    n = len(texts)
    out: list[dict[str, float]] = [{} for _ in range(n)]
    if not n:
        return out
    rows, hit_key, phrase_key = _rows(lexicon)
    owners = np.repeat(np.arange(n, dtype=np.int64), lengths)
    hit = table.values(hit_key, rows.many, ids, many=True)
    at = np.flatnonzero(hit >= 0)
    if at.size:
        width = int(ids.max()) + 1
        pairs = distinct(owners[at] * width + ids[at])  # each comment's distinct hitting tokens
        row_of = dict(zip(ids[at].tolist(), hit[at].tolist()))
        hit_rows = rows.rows
        for owner, token in zip((pairs // width).tolist(), (pairs % width).tolist()):
            scores = out[owner]
            for category, weight in hit_rows[row_of[token]]:
                scores[category] = scores.get(category, 0.0) + weight
    # phrases: a comment with a hyphenated word is searched as ``scores`` searches it (its words
    # split at hyphens), and only when two of its neighbouring words (hyphen parts included) are a
    # phrase start and a word beginning with a second part; in the others a phrase can begin only
    # where a phrase start is followed, in the same comment, by such a word (found over the chunk)
    hyphenated = np.zeros(n, dtype=bool)
    hyphenated[owners[table.column("hyphen", holding("-"), bool, many=True)[ids]]] = True
    found: dict[int, set] = {}
    if lexicon._phrase_starts and len(ids):
        ends_start, begins_follower, inside = (table.column((phrase_key, kind), test, bool, many=True)[ids]
                                               for kind, test in _edge_tests(lexicon))
        places = np.flatnonzero(ends_start[:-1] & begins_follower[1:] & (owners[:-1] == owners[1:]))
        if places.size:  # (the start's own second parts: most common starts, "die", "the", fit no follower)
            places = places[_fitting_pairs(lexicon, table, ids[places], ids[places + 1], (phrase_key, "pairs"))]
        searched = np.zeros(n, dtype=bool)
        searched[owners[places]] = True
        searched[owners[inside]] = True
        for i in np.flatnonzero(hyphenated & searched).tolist():
            found[i] = lexicon._phrase_hits(tokens[i])
        places = places[~hyphenated[owners[places]]]
        if places.size:
            begins = (np.cumsum(lengths) - lengths)[owners[places]]
            mine, local = owners[places].tolist(), (places - begins).tolist()
            cuts = [0] + [k + 1 for k in range(len(mine) - 1) if mine[k] != mine[k + 1]] + [len(mine)]
            for a, b in zip(cuts, cuts[1:]):
                found[mine[a]] = lexicon._phrases_at(tokens[mine[a]], local[a:b])
    for i, terms in found.items():
        scores = out[i]
        for term in terms:
            scores[term.category] = scores.get(term.category, 0.0) + term.weight
    if lexicon._lemmas:
        for text, scores in zip(texts, out):
            for category, weight in lexicon._lemma_hits(text).items():
                scores[category] = scores.get(category, 0.0) + weight
    return out
