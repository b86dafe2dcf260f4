"""Surface cues of tone: links, quotes, masked vulgarity, winks, angry emoji, self-
corrections, punctuation runs, numbers, stretched words and shouting, counted per comment.

Most comments hold most cues not at all, so a cue's regex runs only when the comment
contains one of the pattern's literal anchors (:func:`comments.text.anchors.anchors`,
derived from the pattern itself): one character-class scan finds which anchors' first
characters occur, a substring test confirms the longer anchors. Cues whose patterns
have no literal anchor keep a test of their own: numbers run only when the text has
an ASCII digit (as released), shouting needs four capitals, stretched words a token
with a letter three times in a row. Patterns that would begin with an assertion
(``\\b``, a look-behind) begin with the character they need instead, the assertion
after it (``\\b\\d`` is ``\\d(?<!\\w\\d)``), so the regex engine skips to candidates.
"""

from __future__ import annotations

import re
from itertools import compress

import numpy as np

from comments.text.anchors import anchors
from comments.text.tokens import Tokens

_EMOJI_WINKS = "😉😜🙃🙄😏😂🤣😆"
PATTERNS = (
    ("urls", r"https?://\S+|www\.\S+"),
    ("quoted", r"[„“”\"»«‚‘’'][^„“”\"»«\n]{2,}?[“”\"«»‘’']"),
    # masked vulgarity (d*ck, gef****t), not the gender star (Richter*innen, Kolleg*in, jede*r)
    ("masked", r"\b[a-zäöüßA-ZÄÖÜ]+\*+(?!(?:innen|in|e|r|n)\b)[a-zäöüßA-ZÄÖÜ]*\b|\b[a-zäöüßA-ZÄÖÜ]\*{2,}"),
    ("winks", r"[😉😜🙃🙄😏😂🤣😆]|;-?\)|\*g+\*|\*lol\*|\*hust\*|\*ironie|\*sarkasmus|/(?<!\w/)s\b"),  # …|(?<!\w)/s\b
    ("angry_emoji", "[\U0001F4A9\U0001F92C\U0001F92E\U0001F621\U0001F595\U0001F44E\U0001F926\u26a0\U0001F53B]"),
    ("self_correct", r"(?:…(?<=\w…)|\.\.\.(?<=\w\.\.\.))\s?(?=\w)"),  # (?<=\w)(?:…|\.\.\.)\s?(?=\w)
    ("punct_runs", r"[!?]{2,}|\.{4,}"),
    ("numbers", r"\d(?<!\w\d)\d*(?:[.,]\d+)?"),  # \b\d+(?:[.,]\d+)?
    ("stretched", r"([a-zäöü])\1\1"),
    ("shout", r"[A-ZÄÖÜ](?<!\w[A-ZÄÖÜ])[A-ZÄÖÜ]{3,}\b"),  # \b[A-ZÄÖÜ]{4,}\b
)
#: (name, anchors or None, compiled pattern), in the order the cues are counted
SURFACE = [(name, anchors(pattern), re.compile(pattern)) for name, pattern in PATTERNS]
FIELDS = ("urls", "quotes", "scare_quotes", "masked", "winks", "angry_emoji", "self_correct", "punct_runs", "numbers",
          "stretched", "shout")

#: every cue's anchors, flat, and the cue each belongs to (tested with one substring search each)
_ANCHORS = tuple(a for _, found, _ in SURFACE for a in sorted(found or ()))
_OWNERS = tuple(name for name, found, _ in SURFACE for _ in sorted(found or ()))
_ASCII_ANCHORS = sum(1 for a in _ANCHORS if a.isascii())  # ASCII anchors first: an ASCII text needs no other
_ORDER = sorted(range(len(_ANCHORS)), key=lambda i: not _ANCHORS[i].isascii())
_ANCHORS = tuple(_ANCHORS[i] for i in _ORDER)
_OWNERS = tuple(_OWNERS[i] for i in _ORDER)
_URL_TEXT = re.compile(r"https?://\S+|www\.\S+")


def possible(text: str) -> set[str]:
    """The cues whose anchors ``text`` contains (the others cannot match it)."""
    if text.isascii():
        return set(compress(_OWNERS, map(text.__contains__, _ANCHORS[:_ASCII_ANCHORS])))
    return set(compress(_OWNERS, map(text.__contains__, _ANCHORS)))


def counts(text: str, tokens: list[str], capitals: int, ascii_digit: bool) -> dict[str, int]:
    """Each surface cue's number of matches (``FIELDS``); ``capitals``: the text's
    upper-case letters, ``ascii_digit``: whether it holds one of 0-9. Numbers inside
    links are not counted (the other cues after the links read the text without them)."""
    surface = dict.fromkeys(FIELDS, 0)
    can = possible(text)
    plain = text
    for name, anchored, pattern in SURFACE:
        if anchored is not None:
            if name not in can:
                continue
        elif name == "numbers":
            if not ascii_digit:
                continue
        elif name == "shout":
            if capitals < 4:
                continue
        elif name == "stretched" and isinstance(tokens, Tokens) and not _may_stretch(tokens):
            continue
        matches = quotes(plain) if name == "quoted" else pattern.findall(plain)
        if not matches:
            continue
        if name == "urls":
            plain = _URL_TEXT.sub(" ", text)
            can = possible(plain)
            surface["urls"] = len(matches)
        elif name == "quoted":
            scare = sum(1 for q in matches if len(q.split()) <= 2)
            surface["scare_quotes"], surface["quotes"] = scare, len(matches) - scare
        else:
            surface[name] = len(matches)
    return surface


_STRETCHED = re.compile(r"([a-zäöü])\1\1")
_UNSTRETCHED: set[str] = set()  # tokens known to hold no stretched letter


def _may_stretch(tokens: Tokens) -> bool:
    """Whether a comment's words hold a letter three times in a row (the "stretched" cue):
    every such run of lower-case letters lies inside one of its tokens, and tokens repeat
    across comments, so each distinct token is searched once."""
    for token in tokens.distinct.difference(_UNSTRETCHED):
        if _STRETCHED.search(token):
            return True
        if len(_UNSTRETCHED) < 1_000_000:
            _UNSTRETCHED.add(token)
    return False


_QUOTE_OPEN = re.compile("[„“”\"»«‚‘’']")
_QUOTE_CLOSE = re.compile("[“”\"«»‘’']")
_QUOTE_STOP = re.compile("[„“”\"»«\n]")  # what a quote's inside cannot hold


def quotes(text: str) -> list[str]:
    r"""The matches of ``[„“”"»«‚‘’'][^„“”"»«\n]{2,}?[“”"«»‘’']`` (tone's "quoted"
    cue), left to right, in time linear in the text: the regex rescans the rest of a
    line from every opening mark that finds no closing one (100,000 ‚ took minutes)."""
    return [text[i:j] for i, j in quote_spans(text)]


def quote_spans(text: str) -> list[tuple[int, int]]:
    """:func:`quotes` as (start, end) positions in ``text``."""
    out: list[tuple[int, int]] = []
    size = len(text)
    stop = close = (-1, -1)  # (from, first position >= from) of the last searches

    def following(pattern: re.Pattern[str], start: int, last: tuple[int, int]) -> tuple[int, int]:
        if last[0] <= start <= last[1]:  # starts only grow: reuse the last answer while it holds
            return last
        m = pattern.search(text, start)
        return (start, m.start() if m else size)

    m = _QUOTE_OPEN.search(text)
    while m is not None:
        i = m.start()
        stop = following(_QUOTE_STOP, i + 1, stop)
        close = following(_QUOTE_CLOSE, i + 3, close)
        if close[1] < size and close[1] <= stop[1]:
            out.append((i, close[1] + 1))
            m = _QUOTE_OPEN.search(text, close[1] + 1)
        else:
            m = _QUOTE_OPEN.search(text, i + 1)
    return out


#: the cues that have anchors, each with a bit, and a table: code point → bits of the cues
#: one of whose anchors is that one character (a text holding it holds the anchor: exact)
_GATED = tuple(dict.fromkeys(_OWNERS))
assert len(_GATED) <= 8, "more anchored cues than the bit table holds"
_SINGLE = np.zeros(0x110000, dtype=np.uint8)
for _anchor, _owner in zip(_ANCHORS, _OWNERS):
    if len(_anchor) == 1:
        _SINGLE[ord(_anchor)] |= 1 << _GATED.index(_owner)
_ASCII_SINGLE = tuple((point, int(_SINGLE[point])) for point in range(128) if _SINGLE[point])
#: the longer anchors, by first character: (code point, [(anchor's code points, cue's bit)])
_LONGER: dict[int, list[tuple[np.ndarray, int]]] = {}
for _anchor, _owner in zip(_ANCHORS, _OWNERS):
    if len(_anchor) > 1:
        _LONGER.setdefault(ord(_anchor[0]), []).append((np.array([ord(ch) for ch in _anchor], dtype=np.uint32),
                                                         1 << _GATED.index(_owner)))


def code_points(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The chunk's texts as one array of code points (UTF-32) and each text's length."""
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32), sizes


def _holding(texts: list[str], points: np.ndarray | None = None, sizes: np.ndarray | None = None
             ) -> dict[str, np.ndarray]:
    """cue → which texts contain one of its anchors (what :func:`possible` tells one text
    at a time), for the whole chunk in array steps over its code points (``points``,
    ``sizes``: :func:`code_points` of ``texts`` when the caller has them): the places of a
    one-character anchor are found by comparison (ASCII) or a table look-up of the
    non-ASCII points, a longer one is compared at the places of its first
    character (a match must end inside the text it starts in)."""
    n = len(texts)
    if points is None or sizes is None:
        points, sizes = code_points(texts)
    bits = np.zeros(n, dtype=np.uint8)
    ends = np.cumsum(sizes)

    def mark(places: np.ndarray, bit) -> None:
        bits[np.searchsorted(ends, places, side="right")] |= bit

    for point, bit in _ASCII_SINGLE:  # (a table look-up of every point costs more than these few tests)
        mark(np.flatnonzero(points == point), bit)
    wide = np.flatnonzero(points > 127)
    if wide.size:
        found = _SINGLE[points[wide]]
        for value in np.unique(found[found > 0]).tolist():  # (a character may be an anchor of several cues)
            mark(wide[found == value], value)
    for first, longer in _LONGER.items():
        at = np.flatnonzero(points == first)
        if not at.size:
            continue
        limit = ends[np.searchsorted(ends, at, side="right")]  # the end of the text each place is in
        for anchor, bit in longer:
            size = len(anchor)
            places = at[at + size <= limit]
            for k in range(1, size):
                places = places[points[places + k] == anchor[k]]
            bits[np.searchsorted(ends, places, side="right")] |= bit
    return {name: (bits & (1 << bit)) > 0 for bit, name in enumerate(_GATED)}


def may_stretch_token(token: str) -> bool:
    """Whether one (lower-case) token holds a letter three times in a row (a token table
    column: see :func:`counts_many`'s ``stretchy``)."""
    return _STRETCHED.search(token) is not None


def counts_many(texts: list[str], tokens: list[list[str]], capitals: list[int],
                ascii_digits: list[bool], stretchy: np.ndarray | None = None,
                shouty: np.ndarray | None = None, points: np.ndarray | None = None,
                sizes: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """:func:`counts` for a chunk of comments, cue by cue: which texts hold each anchor is
    found with one C-level pass over the chunk per anchor (``map`` of ``str.__contains__``),
    and a cue's regex runs only on the texts that hold one of its anchors (or pass its own
    test: an ASCII digit, four capitals, a stretched token). Equal to :func:`counts` text
    by text; ``capitals``, ``ascii_digits``: as there, one per text; ``stretchy``: per text,
    whether one of its tokens holds a letter three times in a row (from a token table
    column, when the caller has the chunk's token ids; else found here per comment);
    ``shouty``: per text, whether it may hold four capitals in a row (True where unsure;
    else four capitals anywhere are the test)."""
    n = len(texts)
    out = {name: np.zeros(n, dtype=np.int64) for name in FIELDS}
    if not n:
        return out
    holds = _holding(texts, points, sizes)
    plain = texts
    if "urls" in holds and holds["urls"].any():
        plain = list(texts)
        for i in np.flatnonzero(holds["urls"]).tolist():
            matches = _URL_TEXT.findall(texts[i])
            if matches:
                out["urls"][i] = len(matches)
                plain[i] = _URL_TEXT.sub(" ", texts[i])
                for name, found, _ in SURFACE:  # the other cues read the text without its links
                    if found is not None and name != "urls":
                        holds[name][i] = any(map(plain[i].__contains__, found))
    for name, found, pattern in SURFACE:
        if name == "urls":
            continue
        if found is not None:
            candidates = np.flatnonzero(holds[name]) if name in holds else ()
        elif name == "numbers":
            candidates = np.flatnonzero(ascii_digits)
        elif name == "shout":
            candidates = np.flatnonzero((np.asarray(capitals) >= 4) if shouty is None else shouty)
        elif stretchy is not None:  # stretched
            candidates = np.flatnonzero(stretchy)
        else:
            candidates = [i for i, t in enumerate(tokens) if not isinstance(t, Tokens) or _may_stretch(t)]
        column = out[name] if name != "quoted" else None
        for i in np.asarray(candidates, dtype=np.intp).tolist():
            if name == "quoted":
                matches = quotes(plain[i])
                scare = sum(1 for q in matches if len(q.split()) <= 2)
                out["scare_quotes"][i], out["quotes"][i] = scare, len(matches) - scare
            else:
                column[i] = len(pattern.findall(plain[i]))
    return out
