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
_JUNK = re.compile(r"^(?:\S*@\S*|\[[^\]]*\])\s+")  # an avatar's alt text ("me@x.org'me@x.org'", "[IMG]")


class _Open(Protocol):
    start: int
    number: int | None
    parent: object
    children: int


def header_lines(lines: list[str], marker, says) -> list[int]:
    """Lines that are list items opening with a "Name says:" header."""
    out = []
    for i, line in enumerate(lines):
        mk = marker(line, True)
        if mk and says.match(mk[3]):
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
    return name.strip()
