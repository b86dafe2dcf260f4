"""A comment's own words: its text without the passages it quotes.

A reply often quotes what it answers ("> " lines, a passage in quotation marks, or the parent's
words without any mark: a blog's <em> line, a pasted sentence); the tone model and drift read
what the commenter wrote, and the language is decided on it too (a German reply quoting an
English press statement is German). :func:`own_words` is the one rule: the language module
calls it on a text alone, drift and ``taxonomy suggest`` with the parent as well."""

from __future__ import annotations

import re
from itertools import chain

from comments.text.tokens import WORD, straight_apostrophes

#: a quoted line: a "> " line as readers write a quoted passage (``>>`` nested; e-mail and Markdown quotes alike)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)

LONG_QUOTE = 60  # characters between double quotation marks that make an inline passage a quote, not a word in marks
#: a long passage in double quotation marks on one line (the opening mark after no letter), as a comment quotes
#: a statement inline ('lautet: "Xiaomi has always complied …"'); a span stops at the next opening mark (linear)
_INLINE_QUOTE = re.compile(f'(?:„(?<!\\w„)[^„“”\\n]{{{LONG_QUOTE},}}[“”]|“(?<!\\w“)[^“”\\n]{{{LONG_QUOTE},}}”'
                           f'|"(?<!\\w")[^"\\n]{{{LONG_QUOTE},}}"|»(?<!\\w»)[^»«\\n]{{{LONG_QUOTE},}}«'
                           f'|«(?<!\\w«)[^«»\\n]{{{LONG_QUOTE},}}»)')  # (each mark first: the engine skips to one)
_INLINE_MARKS = ('"', "„", "“", "»", "«")
_LINE_START = re.compile(r"^[ \t]*>", re.MULTILINE)


def own_lines(text: str) -> str:
    """``text`` without its quoted lines (each emptied, the line breaks kept): what the commenter
    wrote, not the passage answered (``text`` itself when no line is quoted)."""
    return text if ">" not in text else _QUOTED_LINE.sub("", text)


def quotes(text: str) -> bool:
    """Whether ``text`` holds a quoted line or a long inline quotation (:func:`own_words` leaves
    something out; a quick test: most comments hold neither)."""
    return (">" in text and _LINE_START.search(text) is not None
            # (an inline quotation opens with one of ``_INLINE_MARKS``: five substring tests are
            # half the cost of the pattern's search over a text holding none, as most do)
            or ('"' in text or "„" in text or "“" in text or "»" in text or "«" in text)
            and _INLINE_QUOTE.search(text) is not None)


def own_words(text: str, parent: str | ParentWords | None = None) -> str:
    """``text`` without its "> " lines and its long passages in double quotation marks
    (``LONG_QUOTE`` characters or more; each left as a space) and, given the ``parent``
    comment it answers (its text or :func:`quote_grams`), without every run of
    ``QUOTE_WORDS`` words the parent has too (:func:`unquoted_parts`; each part on its own
    line): what the commenter wrote in their own words. ``text`` itself when it quotes nothing."""
    if quotes(text):
        text = own_lines(text)
        if any(map(text.__contains__, _INLINE_MARKS)):
            text = _INLINE_QUOTE.sub(" ", text)
    if not parent:
        return text
    parts = unquoted_parts(text, parent)
    return parts[0] if len(parts) == 1 else "\n".join(parts)


#: a reply's run of this many words that its parent comment has too is quoted (in <em>, indented, or plain), not its
#: own: a blog reader pastes the line answered without a "> " (Lemire's blog: 39 of 318 replies)
QUOTE_WORDS = 6
#: a word as the tokenizer reads it (``tokens.WORD``), in a text whose apostrophes are made straight first
#: (:func:`_key_words`): a contraction ("don't", "it's", "geht`s") or a hyphenated compound is one word, so
#: "I don't think it's" is four words, not six, and a common opening is no quote
WORD_AT = WORD


def _key_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as quotes are matched: ``WORD_AT`` over the text with every apostrophe straight
    (``tokens.straight_apostrophes``: "don’t", "don´t", "don`t", "donʼt" are "don't", one word: a reply typed with '
    quotes a parent the site shows with ’, or written with a keyboard's accent), each lower-cased; only for
    matching, the texts keep theirs."""
    return tuple(map(str.lower, WORD_AT.findall(straight_apostrophes(text))))


#: Distinct chunks a :class:`_ChunkKeys` holds before it starts afresh, and the longest chunk it holds
#: (together they bound its memory: 2**17 chunks of at most 64 characters, ~25 MB; words are shorter).
CHUNKS_HELD = 1 << 17
CHUNK_LENGTH_HELD = 64


class _ChunkKeys(dict):
    """A whitespace-separated chunk of text → its :func:`_key_words`, each distinct
    chunk read once: no word spans whitespace, so a text's words are its chunks' words in order, and a
    repeated chunk costs one C-level dict lookup instead of the pattern's scan (the costliest step of
    drift's quote test); bounded by ``CHUNKS_HELD``."""

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        if len(chunk) > CHUNK_LENGTH_HELD:  # a URL, base64, a CJK sentence: rarely repeated, held it would
            return _key_words(chunk)        # take the table's bound times its length (review24b F5)
        if len(self) >= CHUNKS_HELD:
            self.clear()
        found = self[chunk] = _key_words(chunk)
        return found


_CHUNK_KEYS = _ChunkKeys()


def _keys(text: str) -> list[str]:
    """:func:`_key_words` of ``text``, in order, found chunk by chunk."""
    return list(chain.from_iterable(map(_CHUNK_KEYS.__getitem__, text.split())))


#: ``QUOTE_WORDS`` words in a row that the parent has too, as :func:`unquoted_parts` marks its words
_RUN = b"\x01" * QUOTE_WORDS


class ParentWords:
    """A parent comment's words as a reply's quote of them is looked up: lower-cased, their
    set (``known``) and, built on first need, the runs of ``QUOTE_WORDS`` of them (``runs``):
    most replies hold no run of six of their parent's words, so most parents never build them."""

    __slots__ = ("words", "known", "_runs")

    def __init__(self, text: str) -> None:
        self.words = _keys(text)
        self.known = frozenset(self.words)
        self._runs: frozenset | None = None

    def __bool__(self) -> bool:
        return len(self.words) >= QUOTE_WORDS

    def runs(self) -> frozenset[tuple[str, ...]]:
        if self._runs is None:
            w = self.words
            self._runs = frozenset(zip(*(w[k:] for k in range(QUOTE_WORDS))))  # each window, as tuples
        return self._runs


def quote_grams(parent: str) -> ParentWords:
    """A parent comment's words for :func:`unquoted_parts` (built once per parent: its replies share them)."""
    return ParentWords(parent)


def unquoted_parts(text: str, parent: str | ParentWords) -> list[str]:
    """``text`` around every run of ``QUOTE_WORDS`` words the ``parent`` (its text or
    :func:`quote_grams`) has too, in parts, so no phrase is read across a left-out quote
    (``[text]`` when none; ``[""]`` when all of it is quoted). Linear in both texts: only
    the runs of the parent's words are looked up."""
    grams = quote_grams(parent) if isinstance(parent, str) else parent
    if not grams:
        return [text]
    words = _keys(text)  # (by word: as many as finditer finds)
    known = grams.known
    hits = bytes(map(known.__contains__, words))  # 1 where the parent has the word
    first = hits.find(_RUN)
    if first < 0:  # no QUOTE_WORDS of the parent's words in a row (most replies): no quote
        return [text]
    quoted = [False] * len(words)
    runs = grams.runs()
    while first >= 0:  # each i ending QUOTE_WORDS known words in a row: is that run the parent's?
        i = first + QUOTE_WORDS - 1
        while i < len(words) and hits[i]:
            if tuple(words[i - QUOTE_WORDS + 1:i + 1]) in runs:
                quoted[i - QUOTE_WORDS + 1:i + 1] = [True] * QUOTE_WORDS
            i += 1
        first = hits.find(_RUN, i + 1)
    return _parts(text, quoted)


def _parts(text: str, quoted: list[bool]) -> list[str]:
    """``text`` around its words marked ``quoted`` (one mark per word of :func:`_key_words`), as :func:`unquoted_parts`
    gives it."""
    if not any(quoted):
        return [text]
    found = list(WORD_AT.finditer(straight_apostrophes(text)))  # (one character for one: the text's positions)
    parts, start = [], 0
    for i, m in enumerate(found):
        if quoted[i] and (i == 0 or not quoted[i - 1]):
            parts.append(text[start:m.start()])
        if quoted[i] and (i == len(found) - 1 or not quoted[i + 1]):
            start = m.end()
    parts.append(text[start:])
    return [p for p in parts if p.strip()] or [""]
