"""The comment count a page states ("25 Kommentare", "70 thoughts on …")."""

from __future__ import annotations

import re

_COUNT = re.compile(
    r"(?:^|[\[\s(])(\d{1,6})\s+(?:Kommentare?|Kommentar\(e\)|Antworten|Reaktionen|Leserkommentare|"
    r"comments?|responses?|replies|thoughts?\s+on|Gedanken\s+zu)\b(?!\s+(?:Themen|threads?)\b)",
    re.I | re.M,
)

#: wpDiscuz's statistics under its form: "63 Kommentar Themen" (top-level threads) over "49 Themen
#: Antworten" (replies in them; English "Comment Threads" / "Thread Replies"): the comments are their
#: sum (112, as the page's own count bubble says). Why: a copy stated 63, the page 112.
_THREAD_STATS = re.compile(r"(\d{1,6})[ \t]+(?:Kommentar[ \t]+Themen|Comment[ \t]+Threads?)[ \t]*\n[ \t]*(\d{1,6})[ \t]+"
                           r"(?:Themen[ \t]+Antworten|Thread[ \t]+Replies)\b", re.I)

#: Number words a comment heading spells its count in (WordPress core themes: "One thought on “…”", German
#: "Ein Gedanke zu „…“", "Zwei Kommentare"), one to twelve, as ``{word: n}`` (not "einen": "Einen Kommentar
#: schreiben" is a form's heading).
NUMBER_WORDS = {w: n for n, words in enumerate((
    ("one", "ein", "eine"), ("two", "zwei"), ("three", "drei"), ("four", "vier"), ("five", "fünf", "fuenf"),
    ("six", "sechs"), ("seven", "sieben"), ("eight", "acht"), ("nine", "neun"), ("ten", "zehn"), ("eleven", "elf"),
    ("twelve", "zwölf", "zwoelf")), 1) for w in words}

#: A count in number words opening a line (a heading, or a heading's Markdown link): "One thought on …",
#: "## Ein Kommentar", "[Zwei Gedanken zu …](…)"; in the middle of a sentence ("only one reply") it is prose, and
#: so is a reply form's heading ("Eine Antwort hinterlassen").
_WORD_COUNT = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+)?\[?(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\s+"
    r"(?:Kommentare?|Antworten|Antwort|Reaktionen|Reaktion|Leserkommentare?|comments?|responses?|repl(?:y|ies)|"
    r"thoughts?\s+on|Gedanken?\s+zu)\b(?!\s+(?:hinterlassen|schreiben|verfassen|abgeben)\b)",
    re.I | re.M,
)

#: The count after the word, in brackets: "Kommentare (12)" (JComments), "Comments (12)".
_COUNT_AFTER = re.compile(r"\b(?:Kommentare?|comments?)\s*\((\d{1,6})\)", re.I)

#: A Markdown link on one line to a page, by path or full address: "[70 thoughts on “…”](/blog/2017/01-16-slug)"
#: (not "[25 Kommentare](#comments)": an anchor names no page).
_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\(((?:https?://|/)[^()\s]{1,500})\)", re.I)

#: How a reader's note says that the page is one of several pages of its comment section.
PAGED = "the comment section is split over pages"


def declared_count(text: str | None, one_line: bool = False) -> int | None:
    """The last stated count in ``text`` (the one nearest the comments), else None;
    ``one_line``: number and word on one line (a text browser prints a comment's vote
    count over its "Antworten" button: "0" over "Antworten" is no count)."""
    if not text:
        return None
    found = [m for pattern in (_COUNT, _COUNT_AFTER, _WORD_COUNT, _THREAD_STATS) for m in pattern.finditer(text)
             if not (one_line and "\n" in m.group(0).lstrip()) or m.re is _THREAD_STATS]
    if not found:
        return None
    last = max(found, key=lambda m: m.start())
    if last.re is _THREAD_STATS:
        return int(last.group(1)) + int(last.group(2))
    n = last.group(1)
    return int(n) if n.isdigit() else NUMBER_WORDS[n.lower()]


def count_link(text: str | None) -> str | None:
    """The target of the first link whose label states the comment count ("[70 thoughts on
    …](/lemire/blog/2017/01-16-slug)"): the post's own address, which the page writes on
    that line and which its copies (the Markdown source, lynx, w3m) keep. Why: without it
    one post read from three copies was three threads named after three file names."""
    for m in _LINK.finditer(text or ""):
        if _COUNT.search(m.group(1)) or _WORD_COUNT.search(m.group(1)):
            return m.group(2)
    return None
