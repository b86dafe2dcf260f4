"""A comment's own words: its text without the passages it quotes.

A reply often quotes what it answers ("> " lines, or a passage in quotation marks); the
tone model and drift read what the commenter wrote, and the language is decided on it too
(a German reply quoting an English press statement is German)."""

from __future__ import annotations

import re

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


def own_words(text: str) -> str:
    """``text`` without its "> " lines and its long passages in double quotation marks
    (``LONG_QUOTE`` characters or more; each left as a space): what the commenter wrote in
    their own words. ``text`` itself when it quotes nothing."""
    if not quotes(text):
        return text
    out = own_lines(text)
    return _INLINE_QUOTE.sub(" ", out) if any(map(out.__contains__, _INLINE_MARKS)) else out
