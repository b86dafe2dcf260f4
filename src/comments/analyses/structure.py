"""Reply-tree shapes the reports draw: subthread sizes, topic shares along a thread
(position deciles), drift rate by site and depth, and the icicle layout of a tree.

Each is a per-thread partial plus a reduction (sums of counts), so a distributed
engine can compute the partials on any worker and add them up anywhere. Trees are
walked only with :mod:`comments.model.tree`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from comments.model.records import ParsedThread
from comments.model.tree import children_index, subtree_sizes, walk

NONE = "none"


def subthread_sizes(pt: ParsedThread) -> list[int]:
    """Sizes of the thread's top-level subtrees (a top-level comment and all its replies), in position order."""
    sizes = subtree_sizes(pt.comments)
    return [sizes[c.id] for c in pt.comments if c.parent_id is None]


def decile_counts(pt: ParsedThread) -> Counter:
    """The partial of :func:`decile_shares`: ``(decile, topic, k)`` → comments in that
    tenth of the thread carrying ``topic`` among ``k`` topics (``none`` with k = 1), and
    ``(decile, None, 0)`` → comments in that tenth."""
    out: Counter = Counter()
    n = len(pt.comments)
    for c in pt.comments:
        labels = c.topics or [NONE]
        decile = int(10 * c.position / n)
        out[(decile, None, 0)] += 1
        for t in labels:
            out[(decile, t, len(labels))] += 1
    return out


def decile_shares(counts: Counter, labels: list[str]) -> list[dict]:
    """Rows (decile, position %, label, weight, comments, share) from summed
    :func:`decile_counts`: a comment with k topics gives 1/k to each, so each decile's
    shares sum to 1."""
    weight: Counter = Counter()
    for (decile, t, k), n in counts.items():
        if t is not None:
            weight[(decile, t)] += n / k
    rows = []
    for decile in range(10):
        total = counts.get((decile, None, 0), 0)
        for t in labels:
            w = weight[(decile, t)]
            rows.append({"decile": decile, "position": decile * 10 + 5, "label": t, "weight": w,
                         "comments": total, "share": w / total if total else 0.0})
    return rows


def drift_rate_by_site_depth(edges) -> list[dict]:
    """Rows (site, depth, judged, drifting, drift_rate) over reply edges whose parent has
    a topic: the share of replies keeping none of their parent's topics."""
    judged: Counter = Counter()
    drifting: Counter = Counter()
    for e in edges:
        if e.kept_topic is not None:
            judged[(e.site, e.depth)] += 1
            drifting[(e.site, e.depth)] += not e.kept_topic
    return [{"site": s, "depth": d, "judged": n, "drifting": drifting[(s, d)], "drift_rate": drifting[(s, d)] / n}
            for (s, d), n in sorted(judged.items())]


@dataclass(frozen=True)
class Rect:
    """One comment of an icicle plot: its row (depth), left edge and width (subtree size)."""

    depth: int
    left: float
    width: float
    topic: str  # first topic, or ``none``


def icicle(pt: ParsedThread) -> tuple[list[Rect], int]:
    """The icicle layout of a thread: each comment as wide as its subtree, its replies
    side by side under it after one unit for itself; and the deepest depth. Rects come
    in drawing order: each comment before its replies, later siblings first (reversed
    post-order), so the pictures stay as they were."""
    index = children_index(pt.comments)
    sizes = subtree_sizes(pt.comments)
    left: dict[str | None, float] = {}
    start = 0.0
    for top in index.get(None, []):
        left[top.id] = start
        start += sizes[top.id]
    post: list[Rect] = []
    open_: list[tuple[int, Rect]] = []  # the current path: closed (emitted) once the walk leaves it
    max_depth = 0
    for c, depth in walk(pt.comments):
        offset = left[c.id] + 1.0  # the comment itself takes one unit under its own bar
        for kid in index.get(c.id, []):
            left[kid.id] = offset
            offset += sizes[kid.id]
        while open_ and open_[-1][0] >= depth:
            post.append(open_.pop()[1])
        open_.append((depth, Rect(c.depth, left[c.id], float(sizes[c.id]), (c.topics or [NONE])[0])))
        max_depth = max(max_depth, c.depth)
    post.extend(rect for _, rect in reversed(open_))
    return post[::-1], max_depth
