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
from comments.analyses.topic_stats import topic_labels

NONE = "none"


def subthread_sizes(pt: ParsedThread) -> list[int]:
    """Sizes of the thread's top-level subtrees (a top-level comment and all its replies), in position order."""
    sizes = subtree_sizes(pt.comments)
    return [sizes[c.id] for c in pt.comments if c.parent_id is None]


def decile_counts(pt: ParsedThread) -> Counter:
    """The partial of :func:`decile_shares`: ``(decile, topic, k)`` → comments in that
    tenth of the thread carrying ``topic`` among ``k`` topics (``none`` with k = 1), and
    ``(decile, None, 0)`` → comments in that tenth (a pingback under ``pingback``: its topic is not read)."""
    from comments.analyses.topic_stats import topic_labels

    out: Counter = Counter()
    n = len(pt.comments)
    for c in pt.comments:
        labels = topic_labels(c) or (NONE,)
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
    if hasattr(edges, "by_site_depth"):  # analyses.edges.Edges: counted on its arrays
        judged, drifting = edges.by_site_depth()
    else:
        judged, drifting = Counter(), Counter()
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
    topic: str  # first label (:func:`first_label`), or ``none``


#: Above this many comments a tree is drawn as a raster of ``RASTER_COLUMNS`` columns.
MAX_RECTS = 5_000
RASTER_COLUMNS = 2_000
#: At most this many rows: a deeper tree's raster samples its depths (a 10,000-deep chain
#: made 10,000 × 2,000 cells, 2 GB and quadratic time, for a picture 12 inches tall).
RASTER_ROWS = 1_000


@dataclass(frozen=True)
class Raster:
    """The icicle of a very large tree, sampled: ``cells[depth][column]`` is the first
    topic of the comment at the centre of that column on that row (``None``: no comment
    there), over ``width`` comments; drawn as a picture with ``note`` saying so."""

    cells: list[list[str | None]]
    width: int
    comments: int
    #: the depth of the deepest comment when the rows sample the depths (more than RASTER_ROWS
    #: of them: row i shows the depth at its centre); None: one row per depth
    sampled_depth: int | None = None

    @property
    def note(self) -> str:
        rows = (f"; depths 0–{self.sampled_depth:,} as {len(self.cells):,} rows, each the depth at its centre"
                if self.sampled_depth is not None else "")
        return (f"{self.comments:,} comments drawn as {len(self.cells[0]) if self.cells else 0:,} columns: each "
                "shows the comment at its centre" + rows)


def first_label(c) -> str:
    """A tree box's label: the comment's first label in the topic tables (``topic_stats.topic_labels``: a spam or
    pending comment is ``unpublished``, a pingback, deleted comment or editorial note its own label, whatever classify
    found), else ``none``."""
    return (topic_labels(c) or (NONE,))[0]


def icicle(pt: ParsedThread, max_rects: int = MAX_RECTS) -> tuple[list[Rect] | Raster, int]:
    """The icicle layout of a thread: each comment as wide as its subtree, its replies
    side by side under it after one unit for itself; and the deepest depth. Rects come
    in drawing order: each comment before its replies, later siblings first (reversed
    post-order), so the pictures stay as they were. A thread of more than ``max_rects``
    comments gives a :class:`Raster` instead (a bounded picture, its note says so)."""
    if len(pt.comments) > max_rects:
        return raster(pt), max((c.depth for c in pt.comments), default=0)
    index = children_index(pt.comments)
    sizes = subtree_sizes(pt.comments, index)
    left: dict[str | None, float] = {}
    start = 0.0
    for top in index.get(None, []):
        left[top.id] = start
        start += sizes[top.id]
    post: list[Rect] = []
    open_: list[tuple[int, Rect]] = []  # the current path: closed (emitted) once the walk leaves it
    max_depth = 0
    for c, depth in walk(pt.comments, index):
        offset = left[c.id] + 1.0  # the comment itself takes one unit under its own bar
        for kid in index.get(c.id, []):
            left[kid.id] = offset
            offset += sizes[kid.id]
        while open_ and open_[-1][0] >= depth:
            post.append(open_.pop()[1])
        open_.append((depth, Rect(c.depth, left[c.id], float(sizes[c.id]), first_label(c))))
        max_depth = max(max_depth, c.depth)
    post.extend(rect for _, rect in reversed(open_))
    return post[::-1], max_depth


def raster(pt: ParsedThread, columns: int = RASTER_COLUMNS, rows: int = RASTER_ROWS) -> Raster:
    """The icicle sampled at ``columns`` column centres per depth (at ``rows`` depths,
    evenly spaced, when deeper): its size bounded by rows × columns whatever the thread's
    size or depth. A comment's left edge is its pre-order rank (its subtree follows it in
    pre-order)."""
    import numpy as np

    index = children_index(pt.comments)  # once for both walks
    sizes = subtree_sizes(pt.comments, index)
    order = [c for c, _ in walk(pt.comments, index)]
    del index
    depth = np.fromiter((c.depth for c in order), dtype=np.int64, count=len(order))
    width = np.fromiter((sizes[c.id] for c in order), dtype=np.float64, count=len(order))
    firsts = [first_label(c) for c in order]
    names = sorted(set(firsts))
    code = {t: i for i, t in enumerate(names)}
    topic = np.fromiter((code[t] for t in firsts), dtype=np.int64, count=len(order))
    del firsts
    total = max(len(order), 1)
    centres = (np.arange(columns) + 0.5) * total / columns
    deepest = int(depth.max(initial=0))
    shown = (range(deepest + 1) if deepest < rows
             else [int((i + 0.5) * (deepest + 1) / rows) for i in range(rows)])
    by_depth = np.argsort(depth, kind="stable")  # within a depth, ascending pre-order ranks
    starts = np.concatenate(([0], np.cumsum(np.bincount(depth, minlength=deepest + 1))))
    cells: list[list[str | None]] = []
    for d in shown:
        ranks = by_depth[starts[d]:starts[d + 1]]  # ascending left edges: the pre-order ranks
        at = np.searchsorted(ranks, centres, side="right") - 1
        safe = np.maximum(at, 0)
        inside = (at >= 0) & (centres < ranks[safe] + width[ranks[safe]]) if len(ranks) else np.zeros(columns, bool)
        picked = topic[ranks[safe]] if len(ranks) else np.zeros(columns, np.int64)
        cells.append([names[k] if ok else None for k, ok in zip(picked.tolist(), inside.tolist())])
    return Raster(cells, total, len(pt.comments), None if deepest < len(cells) else deepest)
