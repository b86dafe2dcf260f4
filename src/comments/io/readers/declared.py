"""The comment count a page states ("25 Kommentare", "70 thoughts on …")."""

from __future__ import annotations

import re

_COUNT = re.compile(
    r"(?:^|[\[\s(])(\d{1,6})\s+(?:Kommentare?|Kommentar\(e\)|Antworten|Reaktionen|Leserkommentare|"
    r"comments?|responses?|replies|thoughts?\s+on|Gedanken\s+zu)\b",
    re.I | re.M,
)


#: How a reader's note says that the page is one of several pages of its comment section.
PAGED = "the comment section is split over pages"


def declared_count(text: str | None) -> int | None:
    """The last stated count in ``text`` (the one nearest the comments), else None."""
    if not text:
        return None
    found = _COUNT.findall(text)
    return int(found[-1]) if found else None
