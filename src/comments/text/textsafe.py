"""Untrusted text shown to people: on a terminal, in Markdown, HTML, SVG and JSON.

One rule, applied at every output edge by one function per medium: what a reader cannot
see, or what would change how the text around it shows, is shown as an escape —
``\\x1b``, ``\\u202e``, ``\\u200b`` … (:data:`HIDDEN`): C0 and C1 controls (so every ANSI
and OSC escape sequence), DEL, line and paragraph separators, bidi marks, embeddings,
overrides and isolates, zero-width spaces and joiners, word joiner and invisible
operators, the byte order mark, the soft hyphen and lone surrogates. A zero-width joiner
inside an emoji sequence ("👨‍👩‍👧") and a joiner or non-joiner between two letters of a
script whose spelling needs them (Arabic, Persian, the Indic scripts) are text and stay.

:func:`term` makes one line safe for a terminal (line breaks escaped too), so nothing can
colour, retitle, clear or reorder the screen or start a new line. :func:`shown` does the
same for HTML and chart (SVG/PNG) text, keeping line breaks and tabs: every SVG stays
well-formed XML and no glyph is missing. :func:`json_safe` escapes them in JSON text as
``\\u`` escapes (the same data once parsed).

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

#: The characters every output shows escaped (a character class body): C0 controls and the rest.
_OTHERS = ("\x7f-\x9f\u00ad\u034f\u061c\u17b4\u17b5\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
          "\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb\ud800-\udfff")
HIDDEN = "\x00-\x1f" + _OTHERS
_EMOJI = "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2bff\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
_JOINED = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u0900-\u0dff\ufb50-\ufdff\ufe70-\ufefe"
#: Joiners that are part of the text: ZWJ inside an emoji sequence; ZWJ/ZWNJ between two letters
#: (or marks) of Arabic-script and Indic text, whose spelling needs them.
_KEPT = re.compile(f"(?<=[{_EMOJI}\ufe0f])\u200d(?=[{_EMOJI}])|(?<=[{_JOINED}])[\u200c\u200d](?=[{_JOINED}])")
_UNSAFE = re.compile(f"[{HIDDEN}]")
#: The same without line feed and tab (HTML and charts keep lines); the CR of a CRLF goes.
_UNSHOWN = re.compile(f"(\r(?=\n))|[\x00-\x08\x0b-\x1f{_OTHERS}]")
#: JSON text's: its white space (tab, line feed, CR) is never inside a string, so never data.
_JSON_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_OTHERS}]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    if char in "\u200c\u200d" and _KEPT.match(match.string, match.start()):
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def term(text: object) -> str:
    """``text`` as one line a terminal shows literally."""
    return _UNSAFE.sub(_escape, str(text))


def shown(text: object) -> str:
    """``text`` for HTML and charts: hidden characters escaped as :func:`term` does, line
    feeds and tabs kept (a CR before a line feed dropped)."""
    return _UNSHOWN.sub(lambda m: "" if m.group(1) else _escape(m), str(text))


def json_safe(encoded: str) -> str:
    """JSON text (from ``json.dumps(…, ensure_ascii=False)``) with the hidden characters
    of its strings as ``\\u`` escapes: still valid JSON, the same data once parsed."""
    return _JSON_UNSAFE.sub(_json_escape, encoded)


def _json_escape(match: re.Match[str]) -> str:
    kept = _escape(match)
    return kept if len(kept) == 1 else f"\\u{ord(match.group()):04x}"


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
    flat = _MD_INDENT.sub("   ", term(_MD_BREAK.sub(" ", str(text))), count=1)
    return _MD_SPECIAL.sub(_md_escape, flat)


def _md_escape(match: re.Match[str]) -> str:
    if match.group(1):  # "12." or "12)" opening the text: the digits kept, the mark escaped
        return match.group(1) + "\\" + match.group()[-1]
    if match.group(2) is not None:  # "- ", "+ ", "===" opening the text
        return match.group(2) + "\\" + match.group()[-1]
    return _ENTITIES.get(match.group(), "\\" + match.group())


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
