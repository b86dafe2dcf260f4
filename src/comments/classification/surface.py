"""Surface cues of tone: links, quotes, masked vulgarity, winks, angry emoji, self-
corrections, punctuation runs, numbers, stretched words and shouting, counted per comment.

Most comments hold most cues not at all, so in :func:`counts` (one comment) a cue's regex
runs only when the comment contains one of the pattern's literal anchors
(:func:`comments.text.anchors.anchors`, derived from the pattern itself). A chunk of
comments (:func:`counts_many`) is read once as code points (:class:`Scan`) and each
pattern is tried only at the places where a match can begin. Cues whose patterns
have no literal anchor keep a test of their own: numbers run only when the text has
an ASCII digit (as released), shouting needs four capitals, stretched words a token
with a letter three times in a row. Patterns that would begin with an assertion
(``\\b``, a look-behind) begin with the character they need instead, the assertion
after it (``\\b\\d`` is ``\\d(?<!\\w\\d)``), so the regex engine skips to candidates.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from collections.abc import Iterable
from itertools import compress, repeat
from operator import is_not

import numpy as np

from comments.text.anchors import anchors
from comments.text.token_table import distinct
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


_QUOTE_OPENS, _QUOTE_STOPS, _QUOTE_CLOSES = "„“”\"»«‚‘’'", "„“”\"»«\n", "“”\"«»‘’'"  # (stops: what a quote's inside cannot hold)
_QUOTE_OPEN, _QUOTE_STOP, _QUOTE_CLOSE = (re.compile(f"[{chars}]") for chars in (_QUOTE_OPENS, _QUOTE_STOPS, _QUOTE_CLOSES))


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


def code_points(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The chunk's texts as one array of code points (UTF-32) and each text's length."""
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32), sizes


#: the ASCII characters the cues and the tone features read (each kept as its own code point by
#: ``_ASCII``; every other ASCII character becomes 0) and 128 for any non-ASCII one
_READ = "".join(map(chr, range(65, 91))) + "0123456789" + "!\"'*./:;?@\n"
_ASCII = np.zeros(129, dtype=np.uint8)
for _ch in _READ:
    _ASCII[ord(_ch)] = ord(_ch)
_ASCII[128] = 128
_ANGRY = dict(PATTERNS)["angry_emoji"][1:-1]  # (the pattern is one class of these characters)
#: non-ASCII code point → bits of what it is to the cues (one table look-up of the chunk's non-ASCII points)
_OPEN, _STOP, _CLOSE, _WINK, _ANGRY_BIT, _ELLIPSIS, _CAPITAL = 1, 2, 4, 8, 16, 32, 64
_WIDE = np.zeros(0x110000, dtype=np.uint8)
for _chars, _bit in ((_QUOTE_OPENS, _OPEN), (_QUOTE_STOPS, _STOP), (_QUOTE_CLOSES, _CLOSE), (_EMOJI_WINKS, _WINK),
                     (_ANGRY, _ANGRY_BIT), ("…", _ELLIPSIS), ("ÄÖÜ", _CAPITAL)):
    for _ch in _chars:
        if ord(_ch) > 127:
            _WIDE[ord(_ch)] |= _bit
#: code point → whether it is a decimal digit (``\d``): 2 yes, 1 no, 0 not asked yet (filled as points are met;
#: 1.1 MB, as ``_WIDE``)
_DECIMAL = np.zeros(0x110000, dtype=np.int8)


@lru_cache(maxsize=16)
def _ascii_set(chars: str) -> np.ndarray:
    """A table over ``Scan.char``: whether it is one of ``chars``."""
    table = np.zeros(129, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


class Scan:
    """A chunk's code points read once for the surface cues and the tone features: the places
    of the characters they read (``_READ``, and every non-ASCII one) with the character and
    the text each belongs to, found with one table look-up and one ``flatnonzero`` over the
    chunk; every later step works on those few places instead of on every code point."""

    def __init__(self, texts: list[str], points: np.ndarray | None = None, sizes: np.ndarray | None = None) -> None:
        if points is None or sizes is None:
            points, sizes = code_points(texts)
        self.n, self.points, self.sizes = len(texts), points, sizes
        self.ends = np.cumsum(sizes)
        self.starts = self.ends - sizes
        kinds = _ASCII.take(points, mode="clip")  # (a non-ASCII point clipped to 128: no temporary array)
        # places of the characters read, in order (from a bool mask: ``nonzero`` of the bytes themselves
        # takes twice as long, some 0.6 ms more per 2,000 comments)
        self.at = np.flatnonzero(kinds != 0)
        self.char = kinds[self.at]  # their code point (128: non-ASCII)
        self.owner = np.searchsorted(self.ends, self.at, side="right")  # the text each is in
        wide = self._wide = self.char == 128
        self.wide, self.wide_owner = self.at[wide], self.owner[wide]
        self.wide_points = points[self.wide]
        self.wide_bits = _WIDE[self.wide_points]

    def of(self, chars: str) -> tuple[np.ndarray, np.ndarray]:
        """The places of some ASCII characters of ``_READ`` (in order) and the text each is in."""
        if len(chars) == 1:
            kept = self.char == ord(chars)
        else:
            kept = _ascii_set(chars)[self.char]
        return self.at[kept], self.owner[kept]

    def of_either(self, chars: str, bit: int) -> tuple[np.ndarray, np.ndarray]:
        """``_merged(self.of(chars), self.of_wide(bit))``: both kinds of places picked from the places
        read, so they come in order without a sort."""
        kept = _ascii_set(chars)[self.char]  # (False at 128: the non-ASCII places are set next)
        kept[self._wide] = (self.wide_bits & bit) > 0
        return self.at[kept], self.owner[kept]

    def of_wide(self, bit: int) -> tuple[np.ndarray, np.ndarray]:
        """The places of the non-ASCII characters ``_WIDE`` gives ``bit`` and the text each is in."""
        kept = (self.wide_bits & bit) > 0
        return self.wide[kept], self.wide_owner[kept]

    def per_text(self, owners) -> np.ndarray:
        """How many of some places (given by the texts they are in) each text holds."""
        return np.bincount(np.asarray(owners, dtype=np.intp), minlength=self.n)

    def next_is(self, places: np.ndarray, owner: np.ndarray, k: int, chars: str) -> np.ndarray:
        """Whether the character ``k`` places after each of ``places`` (in the texts ``owner``)
        is in the same text and one of ``chars``."""
        later = places + k
        inside = (later >= self.starts[owner]) & (later < self.ends[owner])
        found = np.zeros(len(places), dtype=bool)
        points = self.points[later[inside]]
        found[inside] = points == ord(chars[0])
        for c in chars[1:]:
            found[inside] |= points == ord(c)
        return found

    @cached_property
    def capitals(self) -> tuple[np.ndarray, np.ndarray]:
        """The places of the capitals ``[A-ZÄÖÜ]`` (in order) and the text each is in."""
        kept = (self.char >= 65) & (self.char <= 90)
        kept[self._wide] = (self.wide_bits & _CAPITAL) > 0  # (Ä, Ö, Ü among the places: in order, no sort)
        return self.at[kept], self.owner[kept]

    @cached_property
    def decimals(self) -> tuple[np.ndarray, np.ndarray]:
        r"""The places of the non-ASCII digits ``\d`` reads (``str.isdecimal``: Unicode category
        Nd) and the text each is in: read from a table over the code points (``_DECIMAL``), each
        code point asked once a process (a gather: no sort of the chunk's non-ASCII points)."""
        if not self.wide.size:
            return self.wide, self.wide_owner
        known = _DECIMAL[self.wide_points]
        if not known.all():  # code points not asked before (after the first chunks: none)
            new = np.unique(self.wide_points[known == 0]).tolist()
            _DECIMAL[new] = [2 if chr(p).isdecimal() else 1 for p in new]
            known = _DECIMAL[self.wide_points]
        kept = known == 2
        return self.wide[kept], self.wide_owner[kept]


def _merged(*parts: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Sets of (places, texts) as one, in order of place."""
    parts = tuple(p for p in parts if len(p[0]))
    if len(parts) <= 1:
        return parts[0] if parts else (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))
    places = np.concatenate([p for p, _ in parts])
    order = np.argsort(places, kind="stable")
    return places[order], np.concatenate([o for _, o in parts])[order]


def _count_at(pattern: re.Pattern[str], texts: list[str], owners: list[int], offsets: list[int],
              hits: list[int]) -> None:
    """``pattern.findall`` of each text, counted from the places where a match may begin
    (``owners``/``offsets``: in reading order; every place a match can begin at must be
    among them): the pattern is tried at each place not inside the text's last match, as
    ``findall`` scans; ``hits`` receives the text of every match."""
    last_text, last_end = -1, 0
    match = pattern.match
    for i, at in zip(owners, offsets):
        if i == last_text and at < last_end:
            continue
        found = match(texts[i], at)
        if found is not None:
            hits.append(i)
            last_text, last_end = i, found.end()


def _quote_counts(texts: list[str], scan: Scan, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(quotes, scare quotes) per text (:func:`quote_spans` of each, a span of one or two
    words a scare quote) for the texts ``keep`` marks, from the chunk's quotation marks: an
    opening mark's quote ends at the first closing mark at least three places on, if no
    stop comes before it (nor the text's end); the quotes of a text are then taken left to
    right, each search going on after the last quote, as :func:`quote_spans` does."""
    opens, owner = scan.of_either("\"'", _OPEN)
    chosen = keep[owner]
    opens, owner = opens[chosen], owner[chosen]
    quotes = scare = np.zeros(scan.n, dtype=np.int64)
    if not opens.size:
        return quotes, scare
    stops = scan.of_either('"\n', _STOP)[0]
    closes = scan.of_either("\"'", _CLOSE)[0]
    total = len(scan.points)
    stop = np.append(stops, total)[np.searchsorted(stops, opens, side="right")]
    close = np.append(closes, total)[np.searchsorted(closes, opens + 3)]
    ok = (close < scan.ends[owner]) & (close <= stop)
    found_quotes: list[int] = []
    found_scare: list[int] = []
    last = -1
    starts = scan.starts
    for at, end, i in zip(opens[ok].tolist(), (close[ok] + 1).tolist(), owner[ok].tolist()):
        if at >= last:  # (a quote inside the last one is never reached: the search goes on after it)
            start = int(starts[i])
            (found_scare if len(texts[i][at - start:end - start].split()) <= 2 else found_quotes).append(i)
            last = end
    return scan.per_text(np.array(found_quotes, dtype=np.intp)), scan.per_text(np.array(found_scare, dtype=np.intp))


def may_stretch_token(token: str) -> bool:
    """Whether one (lower-case) token holds a letter three times in a row (a token table
    column: see :func:`counts_many`'s ``stretchy``)."""
    return _STRETCHED.search(token) is not None


def may_stretch_tokens(tokens: list[str]) -> Iterable[bool]:
    """:func:`may_stretch_token` of each token, in compiled code (a token table column of ``many``)."""
    return map(is_not, map(_STRETCHED.search, tokens), repeat(None))


def counts_many(texts: list[str], tokens: list[list[str]], capitals: list[int],
                ascii_digits: list[bool], stretchy: np.ndarray | None = None,
                scan: Scan | None = None) -> dict[str, np.ndarray]:
    """:func:`counts` for a chunk of comments (equal text by text), from one :class:`Scan`
    of its code points (``points``, ``sizes``: :func:`code_points` of ``texts``, or ``scan``
    itself, when the caller has them): where a cue's match can begin is read from the
    places of its first characters (a wink's ";", "*", "/s" or emoji, "..." or "…", two of
    "!?", a digit after no letter or digit, four capitals in a row), and the pattern is tried
    there only (:func:`_count_at`), not run over whole texts; quotes come from the places of
    the quotation marks (:func:`_quote_counts`); masked words and stretched letters, which
    few texts can hold, by the pattern over those texts. A text holding "://" or "www." is
    read as :func:`counts` reads it (the other cues after its links read it without them).
    ``capitals``, ``ascii_digits``: as there, one per text; ``stretchy``: per text, whether
    one of its tokens holds a letter three times in a row (from a token table column, when
    the caller has the chunk's token ids; else found here per comment)."""
    n = len(texts)
    out = {name: np.zeros(n, dtype=np.int64) for name in FIELDS}
    if not n:
        return out
    scan = Scan(texts) if scan is None else scan
    if stretchy is None:
        stretchy = np.array([not isinstance(t, Tokens) or _may_stretch(t) for t in tokens], dtype=bool)
    ascii_digits = np.asarray(ascii_digits, dtype=bool)
    keep = np.ones(n, dtype=bool)  # the texts read here (not as linked ones)
    colons, dots = scan.of(":"), scan.of(".")
    linked = np.concatenate([colons[1][scan.next_is(*colons, 1, "/") & scan.next_is(*colons, 2, "/")],
                             dots[1][scan.next_is(*dots, -1, "w") & scan.next_is(*dots, -2, "w")
                                     & scan.next_is(*dots, -3, "w")]])
    if linked.size:
        _linked(texts, tokens, capitals, ascii_digits, stretchy, distinct(linked), keep, out)
    patterns = {name: pattern for name, _, pattern in SURFACE}

    def count(name: str, places: tuple[np.ndarray, np.ndarray]) -> None:
        at, owner = places
        kept = keep[owner]
        at, owner = at[kept], owner[kept]
        if at.size:
            hits: list[int] = []
            _count_at(patterns[name], texts, owner.tolist(), (at - scan.starts[owner]).tolist(), hits)
            out[name] += scan.per_text(hits)

    def where(places: tuple[np.ndarray, np.ndarray], kept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return places[0][kept], places[1][kept]

    semicolons, stars, slashes = scan.of(";"), scan.of("*"), scan.of("/")
    count("winks", _merged(where(semicolons, scan.next_is(*semicolons, 1, ")-")), stars,
                           where(slashes, scan.next_is(*slashes, 1, "s")), scan.of_wide(_WINK)))
    count("angry_emoji", scan.of_wide(_ANGRY_BIT))
    three = where(dots, scan.next_is(*dots, 1, ".") & scan.next_is(*dots, 2, "."))
    # "..." or "…" right after a letter or digit (a dot before "..." is none; nor an ASCII non-word character)
    count("self_correct", _merged(*(where(places, _after_word(scan, *places)) for places in (three, scan.of_wide(_ELLIPSIS)))))
    for (at, owner), least in ((scan.of("!?"), 2), (dots, 4)):  # "[!?]{2,}|\.{4,}": each run that long, once
        runs = _runs(at, owner)
        long_runs = owner[runs[:-1]][np.diff(runs) >= least]
        out["punct_runs"] += scan.per_text(long_runs[keep[long_runs]])
    out["numbers"] += _numbers(scan, ascii_digits & keep)
    capital, capital_owner = scan.capitals
    runs = _runs(capital, capital_owner)
    starts, sizes = runs[:-1], np.diff(runs)
    starts = starts[sizes >= 4]  # "[A-ZÄÖÜ](?<!\w[A-ZÄÖÜ])[A-ZÄÖÜ]{3,}\b" can only begin a run of four capitals
    count("shout", (capital[starts], capital_owner[starts]))
    starred = np.zeros(n, dtype=bool)
    starred[stars[1]] = True
    for name, gate in (("masked", starred), ("stretched", stretchy)):
        column, findall = out[name], patterns[name].findall
        for i in np.flatnonzero(gate & keep).tolist():
            column[i] = len(findall(texts[i]))
    quoted, scare = _quote_counts(texts, scan, keep)
    out["quotes"] += quoted
    out["scare_quotes"] += scare
    return out


def _runs(at: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Where runs of adjacent places (within one text) begin, as indices into ``at``, and ``len(at)`` last."""
    new = np.ones(at.size, dtype=bool)
    new[1:] = (at[1:] - 1 != at[:-1]) | (owner[1:] != owner[:-1])
    return np.append(np.flatnonzero(new), at.size)


_WORDS: dict[int, bool] = {}  # non-ASCII code point → whether ``\w`` matches it (``str.isalnum``)


def _is_word(points: np.ndarray) -> np.ndarray:
    r"""Whether ``\w`` matches each code point (ASCII by table, the others each asked once a run)."""
    found = np.zeros(points.size, dtype=bool)
    small = points < 128
    found[small] = _ASCII_WORD[points[small]]
    for k in np.flatnonzero(~small).tolist():
        p = int(points[k])
        known = _WORDS.get(p)
        if known is None:
            known = chr(p).isalnum()
            if len(_WORDS) < 100_000:
                _WORDS[p] = known
        found[k] = known
    return found


def _after_word(scan: Scan, at: np.ndarray, owner: np.ndarray) -> np.ndarray:
    r"""Whether the character before each place is in its text and may be ``\w`` (not ASCII, or an ASCII word character)."""
    inside = at > scan.starts[owner]
    found = np.zeros(at.size, dtype=bool)
    before = scan.points[at[inside] - 1]
    found[inside] = (before >= 128) | _ASCII_WORD[np.minimum(before, 127)]
    return found


def _numbers(scan: Scan, read: np.ndarray) -> np.ndarray:
    r"""The matches of ``\d(?<!\w\d)\d*(?:[.,]\d+)?`` per text (for the texts ``read``
    marks), from the places of the chunk's digits: a match takes a whole run of digits
    that follows no ``\w``, and with it a "." or "," and the whole run after; a run so
    taken begins no match of its own, so along a chain of runs joined by single "." or ","
    the runs that begin one alternate from the first."""
    digits = _merged(scan.of("0123456789"), scan.decimals)
    at, owner = digits
    found = np.zeros(scan.n, dtype=np.int64)
    if not at.size:
        return found
    runs = _runs(at, owner)
    first, last = at[runs[:-1]], at[runs[1:] - 1]
    whose = owner[runs[:-1]]
    inside = first > scan.starts[whose]
    after_word = np.zeros(first.size, dtype=bool)
    after_word[inside] = _is_word(scan.points[first[inside] - 1])
    joined = np.zeros(first.size, dtype=bool)  # a run right after the last one's end and one "." or ","
    joined[1:] = (whose[1:] == whose[:-1]) & (first[1:] == last[:-1] + 2)
    joined[1:] &= np.isin(scan.points[first[1:] - 1], (44, 46))
    chain = np.cumsum(~joined) - 1
    heads = np.flatnonzero(~joined)
    begins = ~after_word[heads][chain] ^ ((np.arange(first.size) - heads[chain]) % 2 == 1)
    begins &= read[whose]
    return scan.per_text(whose[begins])


_ASCII_WORD = np.array([chr(c).isalnum() or chr(c) == "_" for c in range(128)], dtype=bool)


def _linked(texts: list[str], tokens: list[list[str]], capitals: list[int], ascii_digits: np.ndarray,
            stretchy: np.ndarray, rows: np.ndarray, keep: np.ndarray, out: dict[str, np.ndarray]) -> None:
    """The texts ``rows`` that may hold a link: those that do are counted as :func:`counts`
    counts them (their links, then the other cues in the text without its links: a chunk of
    its own, with each text's own gates) and left out of ``keep``."""
    rows = [i for i in rows.tolist() if _URL_TEXT.search(texts[i])]  # (most "://" and "www." are links)
    if not rows:
        return
    plain = [_URL_TEXT.sub(" ", texts[i]) for i in rows]
    inner = counts_many(plain, [tokens[i] for i in rows], [capitals[i] for i in rows], ascii_digits[rows],
                        stretchy[rows])
    for name in FIELDS:
        out[name][rows] = inner[name]
    out["urls"][rows] = [len(_URL_TEXT.findall(texts[i])) for i in rows]
    keep[rows] = False
