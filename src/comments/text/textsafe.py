"""Untrusted text shown to people: on a terminal, and in Markdown.

:func:`term` makes one line safe for a terminal: C0 and C1 controls (so every ANSI
and OSC escape sequence), DEL, line and paragraph separators, bidi embeddings,
overrides and isolates and lone surrogates are shown as ``\\x1b``, ``\\u202e`` …, so
nothing can colour, retitle, clear or reorder the screen or start a new line.

:func:`md` makes data safe inside a Markdown sentence or table cell: Markdown
punctuation is backslash-escaped, ``<``, ``>`` and ``&`` become entities, line breaks
become spaces — data never becomes markup, HTML, links or images (an ``_`` between two
letters or digits, which cannot emphasise, stays as it is; ``@``, the ``.`` after
``www`` and the ``:`` before ``//`` are escaped too, so GFM cannot autolink ``www.x.org``,
``a@b.org`` or ``http://…``, as is the ``.`` of a leading "1." that would start a list;
``$`` so that no math is typeset). Other dots and colons stay as they are: a site such as
``reddit.com/r/de`` reads the same in the raw Markdown.
"""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def term(text: object) -> str:
    """``text`` as one line a terminal shows literally."""
    return _UNSAFE.sub(_escape, str(text))


def term_lines(text: str) -> str:
    """Each line of our own multi-line message made safe, the line breaks kept."""
    return "\n".join(term(line) for line in str(text).split("\n"))


#: What could turn a one-line text into Markdown markup. Everywhere: ``\ ` * { } [ ] # | ~ @ $``,
#: ``< > & "`` (as entities), ``_`` at a word's edge, the dot of ``www.``, the colon of ``://``.
#: Only at the text's start, where it may open a line: ``-``, ``+`` and ``=`` (a list item, a
#: thematic break, a setext underline), the ``.``/``)`` of ``12.``/``12)`` (an ordered list), and
#: four spaces or more (an indented code block; kept as three: a paragraph drops them anyway).
#: ``!`` and parentheses never: an image needs ``![`` and a link ``](``; ``[``/``]`` are escaped.
_MD_SPECIAL = re.compile(r"[\\`*{}\[\]#|~@$<>&\"]|(?<![^\W_])_|_(?![^\W_])|(?i:(?<=www)\.)|:(?=/)"
                         r"|^( {0,3}\d{1,9})[.)]|^( {0,3})[-+=]")
_MD_INDENT = re.compile(r"^ {4,}")
_MD_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}


def md(text: object) -> str:
    """``text`` as literal Markdown text (for sentences and table cells alike)."""
    flat = _MD_INDENT.sub("   ", _MD_BREAK.sub(" ", term_free(str(text))), count=1)
    return _MD_SPECIAL.sub(_md_escape, flat)


def _md_escape(match: re.Match[str]) -> str:
    if match.group(1):  # "12." or "12)" opening the text: the digits kept, the mark escaped
        return match.group(1) + "\\" + match.group()[-1]
    if match.group(2) is not None:  # "- ", "+ ", "===" opening the text
        return match.group(2) + "\\" + match.group()[-1]
    return _ENTITIES.get(match.group(), "\\" + match.group())


def term_free(text: str) -> str:
    """Controls other than line breaks shown escaped (they have no place in a report)."""
    return re.sub("[\x00-\x09\x0e-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]",
                  _escape, text)


def _cell_width(char: str) -> int:
    """Terminal columns of one character: 0 for combining marks and zero-width format
    characters, 2 for East Asian wide and full-width ones (CJK, most emoji), else 1."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    """The columns ``text`` takes on a terminal (wide characters count twice)."""
    return sum(map(_cell_width, text))


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` terminal columns, a cut shown by ``…``."""
    if cells(text) <= width:
        return text
    room, used, out = width - 1, 0, []
    for char in text:
        w = _cell_width(char)
        if used + w > room:
            break
        out.append(char)
        used += w
    return "".join(out) + "…" if width > 0 else ""
