"""What ``lynx -dump`` adds to a page unless told ``-nolist``: a number before every link's
text ("[12]Jens says:") and, at the end, the list of those links' addresses ("References",
"  12. https://…"). Both are rendering, not text: the list would read as a numbered comment
list and a number glued to a name as part of the author. A text's own brackets ("[1]" a
footnote, "c[0]" a subscript, "[3] Bewerten") are kept: lynx numbers its links once each,
in document order, so only the one occurrence of each listed number that keeps that order
is its.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The list's heading and sub-headings as lynx writes them (column 0, then three spaces).
_HEADING = "References"
_PART = re.compile(r"^\s+(Visible|Hidden) links:$")
#: One entry: the number right-aligned in four columns, a period, the absolute address (never
#: wrapped, spaces in a share link's query left as the page wrote them; a bibliography's
#: "1. Smith, J. (2020) …" or "1. Note: …" is none).
_ENTRY = re.compile(r"^\s{0,4}(\d{1,6})\.\s((?:[a-z][a-z0-9+.-]{1,20}://|(?:mailto|javascript|tel|sms|data|about|news|urn|"
                    r"whatsapp|magnet|callto|skype):)\S.*)$", re.I)
_NUMBER = re.compile(r"\[(\d{1,6})\]")


@dataclass(frozen=True)
class Links:
    """A lynx dump's link list: where it starts and each shown link's number → address."""

    start: int
    shown: dict[int, str]
    hidden: int  # links without text (no number in the page): listed only


def references(lines: list[str]) -> Links | None:
    """The link list closing ``lines``, if they end with one as lynx writes it: the last
    "References" line, then nothing but entries (numbers rising) and sub-headings."""
    start = next((i for i in range(len(lines) - 1, -1, -1) if lines[i] == _HEADING), None)
    if start is None:
        return None
    shown: dict[int, str] = {}
    hidden, part, last = 0, "Visible", 0
    for line in lines[start + 1:]:
        if not line.strip():
            continue
        if m := _PART.match(line):
            part, last = m.group(1), 0
            continue
        m = _ENTRY.match(line)
        if m is None or int(m.group(1)) <= last:
            return None
        last = int(m.group(1))
        if part == "Visible":
            shown[last] = m.group(2)
        else:
            hidden += 1
    return Links(start, shown, hidden) if shown or hidden else None


def _numbers(lines: list[str], listed: dict[int, str]) -> list[tuple[int, int, int]]:
    """(line, column, number) of every bracketed number that is lynx's: for each listed number
    in turn, an occurrence after the previous one's and before the next number's (one glued to
    the link text it opens preferred: "[12]Jens" over "[12] Bewerten"), none when it never
    occurs there."""
    seen: dict[int, list[tuple[int, int, bool]]] = {}
    for i, line in enumerate(lines):
        for m in _NUMBER.finditer(line):
            n = int(m.group(1))
            if n in listed:
                glued = m.end() < len(line) and not line[m.end()].isspace()
                seen.setdefault(n, []).append((i, m.start(), glued))
    chosen: list[tuple[int, int, int]] = []
    last = (-1, -1)
    numbers = sorted(seen)
    for k, n in enumerate(numbers):
        later = [o for o in seen[n] if o[:2] > last]
        if not later:
            continue
        nxt = [o[:2] for o in seen[numbers[k + 1]] if o[:2] > last][:1] if k + 1 < len(numbers) else []
        window = [o for o in later if not nxt or o[:2] < nxt[0]] or later
        i, col, _ = next((o for o in window if o[2]), window[0])
        chosen.append((i, col, n))
        last = (i, col)
    return chosen


def strip(lines: list[str]) -> tuple[list[str], Links | None]:
    """``lines`` without lynx's link numbers and link list (and the links found), or
    ``lines`` unchanged when they do not end with such a list."""
    links = references(lines)
    if links is None:
        return lines, None
    body = list(lines[:links.start])
    while body and not body[-1].strip():
        body.pop()
    for i, col, n in sorted(_numbers(body, links.shown), reverse=True):
        body[i] = body[i][:col] + body[i][col + len(str(n)) + 2:]
    return body, links


_PERMALINK = re.compile(r"^(https?://[^#\s]+)#(?:li-)?comment-\d+$")


def page_address(links: Links) -> tuple[str, int] | None:
    """The address the listed comment permalinks ("https://…/post/#comment-12") share, and how
    many share it: the page's own, which a saved copy of the page names its thread by. None
    unless more than half of the permalinks share one (a sidebar's links to other posts' comments)."""
    bases = [m.group(1) for url in links.shown.values() if (m := _PERMALINK.match(url))]
    if not bases:
        return None
    best = max(sorted(set(bases)), key=bases.count)
    return (best, bases.count(best)) if 2 * bases.count(best) > len(bases) else None
