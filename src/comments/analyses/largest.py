"""The largest threads of a corpus (for their reply-tree pictures and pages), kept as
they come with only what the report shows of them."""

from __future__ import annotations

import heapq

from comments.model.records import ParsedThread


class Largest:
    """The ``limit`` threads with most comments (ties: site, then thread id), as
    :func:`comments.analyses.analysis.largest` picks them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.heap: list[tuple] = []  # the smallest kept first: (n, reversed order key, count, thread)
        self.count = 0

    def offer(self, pt: ParsedThread) -> None:
        if not pt.comments:
            return
        self.count += 1
        order = (pt.thread.site or "", str(pt.thread.thread_id))
        item = (len(pt.comments), _Reversed(order), self.count, pt)
        if len(self.heap) < self.limit:
            heapq.heappush(self.heap, item)
            slim(pt)
        elif item[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, item)
            slim(pt)

    def floor(self) -> int:
        """The fewest comments a thread offered now may have and still be kept."""
        return self.heap[0][0] if len(self.heap) >= self.limit else 0

    def threads(self) -> list[ParsedThread]:
        return [item[3] for item in sorted(self.heap, key=lambda item: (-item[0], item[1].key))]


#: The comments of a thread index.html can list: the first LISTED in reply order above
#: depth LISTED_DEPTH (reporting.html_report's MAX_COMMENTS_SHOWN + 1 and MAX_DEPTH_SHOWN).
LISTED = 3001
LISTED_DEPTH = 30


def slim(pt: ParsedThread) -> None:
    """What a kept large thread needs, and no more: its tree, labels and the texts the page
    can list (other texts emptied, per-label scores and source fields dropped, but for the mark
    of the post's author's comments)."""
    listed = 0
    for c, depth in pt.walk():
        c.topic_scores = c.tone_scores = None
        c.meta = {"post_author": True} if c.by_post_author else {}  # the page marks the host's comments
        if depth < LISTED_DEPTH:
            listed += 1
        if listed > LISTED or depth >= LISTED_DEPTH:
            c.text = ""


class _Reversed:
    """An order key compared backwards (so the heap drops the later thread of a tie)."""

    __slots__ = ("key",)

    def __init__(self, key: tuple) -> None:
        self.key = key

    def __lt__(self, other: _Reversed) -> bool:
        return self.key > other.key

    def __gt__(self, other: _Reversed) -> bool:
        return self.key < other.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and self.key == other.key
