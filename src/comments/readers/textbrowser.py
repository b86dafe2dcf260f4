"""What text browsers (lynx, w3m) do to a comment list, for the plain-text reader.

A rendered comment list is a nested list whose items open with "Name says:". lynx
marks nested ``ul`` levels with ``*  +  o  #  @  -``, w3m with ``•  □  ◦  ▪``;
both stop indenting at some depth (lynx after ~6 levels), so that deeper replies
share one column and only the list numbering still tells the nesting: a "1." in
the column of the open comment starts its replies, an "N." continues the deepest
open list whose last item is N-1.
"""

from __future__ import annotations

import re
from typing import Protocol

#: List bullets of both browsers (any level); only "Name says:" items count as comments.
BULLET = re.compile(r"^(\s*)([•◦▪‣□■*+o#@-])\s+(.*\S)\s*$")
_JUNK = re.compile(r"^(?:\S*@\S*|\[[^\]]*\]|Avatar(?:-Foto)?|Profilbild)\s+", re.I)  # an avatar's alt text
_BARE = re.compile(r"^\s*(?:\d{1,4}\.|[•◦▪‣□■*+o#@-])\s*$")
PING = re.compile(r"^(?:Pingback|Trackback)\s*:\s*\S", re.I)


class _Open(Protocol):
    start: int
    number: int | None
    parent: object
    children: int


def is_header(rest: str, says: re.Pattern) -> bool:
    """Does a list item open with a comment header ("Name says:", "Pingback: …")?"""
    return bool(says.match(rest) or PING.match(rest))


def header_lines(lines: list[str], marker, says: re.Pattern) -> list[int]:
    """Lines that are list items opening with a comment header. A marker alone on its
    line (lynx puts a block after its bullet) takes the header on the next line:
    ``lines`` is joined up in place."""
    out = []
    for i, line in enumerate(lines):
        bare = _BARE.match(line)
        if bare:
            nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].strip()), None)
            if nxt is not None and is_header(lines[nxt].strip(), says):
                lines[i] = f"{line.rstrip()} {lines[nxt].strip()}"
                lines[nxt] = ""
        mk = marker(lines[i], True)
        if mk and is_header(mk[3], says):
            out.append(i)
    return out


def capped_sibling(stack: list, col: int, number: int, top_count: int):
    """The open item an "N." in column ``col`` continues: the deepest one in that
    column numbered N-1 whose list has N-1 items so far (None if there is none)."""
    for item in reversed(stack):
        if abs(item.start - col) <= 1 and item.number == number - 1:
            siblings = item.parent.children if item.parent is not None else top_count
            if siblings == number - 1:
                return item
    return None


def clean_author(name: str) -> str:
    """The name without the avatar alt text a browser printed before it."""
    while _JUNK.match(name) and len(name.split()) > 1:
        name = _JUNK.sub("", name, count=1)
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        words = words[:half]  # the avatar's alt text is the name itself
    return " ".join(words)
