"""Counts and ratings a browser copy printed as lines of a comment's text: a like/dislike
plug-in's counters ("57" over "1" above "Antworten", exxpress.at) and WP Recipe Maker's
star image, whose alt text "5 stars" a text browser prints as the text's first line. The
HTML reader puts them in ``meta`` (``likes``/``dislikes``, ``rating``); from a copy they go
to ``meta`` as shown (``counts``, ``rating``), flag ``buttons_removed``, as buttons are."""

from __future__ import annotations

import re

from comments.model.records import Comment, meta_key

#: A star rating's alt text alone on a line ("5 stars", "4.5 Sterne").
_STARS = re.compile(r"^(\d(?:[.,]\d{1,2})?)\s*(?:stars?|Sterne?)$", re.I)
#: A counter alone on a line.
_COUNT = re.compile(r"^[+-]?\d{1,7}$")
#: At most this many counters end a comment (like and dislike).
_MOST_COUNTS = 2


def star_ratings(comments: list[Comment]) -> None:
    """A first line that is only a star rating ("5 stars") into ``meta.rating``."""
    for c in comments:
        first, _, rest = (c.text or "").partition("\n")
        m = _STARS.match(first.strip())
        if m:
            value = float(m.group(1).replace(",", "."))
            c.meta[meta_key(c.meta, "rating")] = int(value) if value.is_integer() else value
            c.text = rest.lstrip("\n")
            c.flag("buttons_removed")


def _counts(text: str) -> tuple[str, list[int]] | None:
    """(text without them, counters) when ``text`` ends in one or two counter lines under a paragraph
    of words (right above, or a blank line above as w3m prints them), whose last line is no counter.
    Why a paragraph: w3m wraps a text's closing "…" onto a line of its own, and the counter under it
    stayed in the text."""
    lines = text.split("\n")
    n = 0
    while n < min(_MOST_COUNTS, len(lines) - 1) and _COUNT.match(lines[-1 - n].strip()):
        n += 1
    above = "\n".join(lines[:-n]).rstrip()
    if not n or _COUNT.match(above.rpartition("\n")[2].strip()) or not re.search(r"[^\W\d_]", above.rpartition("\n\n")[2]):
        return None  # the paragraph above them holds words ("…" alone on the last line w3m wrapped) and is no counter
    return "\n".join(lines[:-n]).rstrip(), [int(s) for s in lines[-n:]]


def vote_counts(comments: list[Comment]) -> None:
    """Counter lines ending the texts, into ``meta.counts`` (in the page's order; a copy does
    not say which is the likes), when at least two comments and half of the page's end so.
    Why page-wide: one comment may end in a number of its own ("… die Antwort ist\\n42");
    a page whose comments mostly do shows a counter under each (a blank one shows nothing)."""
    found = [(c, r) for c in comments if c.text and (r := _counts(c.text))]
    if len(found) < 2 or 2 * len(found) < len(comments):
        return
    for c, (text, counts) in found:
        c.text = text
        c.meta[meta_key(c.meta, "counts")] = counts
        c.flag("buttons_removed")
