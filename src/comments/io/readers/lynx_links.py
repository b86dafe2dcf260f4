"""What ``lynx -dump`` adds to a page unless told ``-nolist``: a number before every link's
text ("[12]Jens says:") and, at the end, the list of those links' addresses ("References",
"  12. https://…"). Both are rendering, not text: the list would read as a numbered comment
list and a number glued to a name as part of the author. A text's own brackets ("[1]" a
footnote, "c[0]" a subscript, "[3] Bewerten") are kept: lynx numbers its links once each,
in document order, so only the one occurrence of each listed number that keeps that order
is its. Dumps pasted into one file each end with their own list: each page's numbers are its
own list's (:func:`dumps`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

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
    end: int = 0  # the line after its last entry: where a dump pasted below it begins
    page: int = 0  # the line its page starts at in the lines :func:`strip` gives


def references(lines: list[str]) -> Links | None:
    """The link list closing ``lines``, if they end with one as lynx writes it: the last
    "References" line, then nothing but entries (numbers rising) and sub-headings."""
    start = next((i for i in range(len(lines) - 1, -1, -1) if lines[i] == _HEADING), None)
    return None if start is None else _list(lines, start, last=True)


def _list(lines: list[str], start: int, last: bool) -> Links | None:
    """The list under the "References" line ``start``: entries (numbers rising) and sub-headings up to the
    end of ``lines`` (``last``), else up to the first other line, its numbers then counted from 1."""
    shown: dict[int, str] = {}
    hidden, part, number, end = 0, "Visible", 0, start + 1
    for k in range(start + 1, len(lines)):
        line = lines[k]
        if not line.strip():
            continue
        if m := _PART.match(line):
            part, number, end = m.group(1), 0, k + 1
            continue
        m = _ENTRY.match(line)
        if m is None or int(m.group(1)) <= number:
            if last:
                return None
            break
        if not last and not shown and not hidden and int(m.group(1)) != 1:
            return None  # lynx numbers a page's links from 1
        number, end = int(m.group(1)), k + 1
        if part == "Visible":
            shown[number] = m.group(2)
        else:
            hidden += 1
    return Links(start, shown, hidden, len(lines) if last else end) if shown or hidden else None


def dumps(lines: list[str]) -> list[Links]:
    """The link lists of the lynx dumps ``lines`` hold, in order: none unless ``lines`` end with one
    (:func:`references`); above it, each earlier "References" list (numbered from 1, ending where a line
    that is no entry opens the dump pasted below) whose page above it shows its first and its last shown
    number before a link text ("[1]", "[N]"). Why: two default dumps pasted into one file were read with
    the last page's list only: the first page kept its link numbers ("[111]Bebs") and its list, and took
    the other's address."""
    last = references(lines)
    if last is None:
        return []
    seen: dict[int, list[int]] = {}  # number → the lines it stands on in brackets, rising
    for i, line in enumerate(lines[:last.start]):
        for m in _NUMBER.finditer(line):
            seen.setdefault(int(m.group(1)), []).append(i)
    shows = lambda n, a, b: bisect_left(seen.get(n, []), a) < bisect_left(seen.get(n, []), b)  # noqa: E731 - in [a, b)
    found: list[Links] = []
    for i in range(last.start):
        if lines[i] != _HEADING or (found and i < found[-1].end):
            continue
        links = _list(lines, i, last=False)
        above = found[-1].end if found else 0
        if links is not None and links.shown and links.end <= last.start \
                and shows(1, above, i) and shows(max(links.shown), above, i):
            found.append(links)
    return found + [last]


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


def strip(lines: list[str]) -> tuple[list[str], list[Links]]:
    """``lines`` without lynx's link numbers and link lists (and the lists found, each with the
    line its page starts at), or ``lines`` unchanged when they do not end with such a list. Each
    pasted dump's numbers are taken off with its own list."""
    found = dumps(lines)
    body: list[str] = []
    pages: list[Links] = []
    begin = 0
    for links in found:
        part = list(lines[begin:links.start])
        while part and not part[-1].strip():
            part.pop()
        for i, col, n in sorted(_numbers(part, links.shown), reverse=True):
            part[i] = part[i][:col] + part[i][col + len(str(n)) + 2:]
        if body:
            body.append("")  # the pages stay apart
        pages.append(replace(links, page=len(body)))
        body += part
        begin = links.end
    return (body, pages) if found else (lines, [])


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
