"""Reply-depth structure of threads: how far and how wide discussions branch.

All measures are computed without recursion in O(n) per thread. The article is the
root of every reply tree: top-level comments hang under it.

* ``h_index`` — Gómez, Kaltenbrunner & López (2008): the largest h such that at least
  h comments sit at nesting level h, a top-level comment being level 1 (level = depth + 1).
* ``structural_virality`` — Goel, Anderson, Hofman & Watts (2016): the mean shortest-path
  distance over all pairs of nodes of the tree (article included), from subtree sizes:
  the Wiener index is Σ over edges of s·(N − s), s the size below the edge.

Tables as reductions: ``thread_stats`` is one thread's partial (its row of
depth_by_thread.csv, histogram included); ``site_stats`` combines a site's per-thread
rows into its row of depth_by_site.csv (sums, pooled histogram, means of the per-thread
h-index and virality), so a distributed engine can compute the partials anywhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields

from comments.model.records import ParsedThread
from comments.model.tree import children_index, subtree_sizes


@dataclass
class DepthStats:
    site: str
    thread_id: str | None
    threads: int
    comments: int
    top_level: int
    replies: int
    #: comments whose parent is not in the input (flag ``orphan``): replies repaired to top
    #: level, so they count in ``top_level`` and depth is understated by them
    orphans: int
    #: comments by the post's author, as the source marks them (``Comment.by_post_author``),
    #: and the replies among them: the host answering is no discussion among readers
    by_post_author: int
    post_author_replies: int
    #: pingbacks and trackbacks (another page linking here, not readers): counted in every figure
    #: here, as the comments they are in the source, and named in the summary
    pingbacks: int
    reply_share: float
    max_depth: int
    mean_depth: float
    max_width: int
    mean_branching: float
    largest_subthread: int
    leaf_share: float
    h_index: float
    structural_virality: float
    histogram: dict[int, int] = field(default_factory=dict)

    def row(self, deepest: int = 0) -> dict:
        """A flat table row: the histogram becomes depth_0 … depth_``deepest`` columns (the
        table's deepest depth), 0 where the thread has no comment at that depth — a count,
        never a blank cell that reads as missing data."""
        out = {k: getattr(self, k) for k in _ROW_FIELDS}  # every one a number, text or None: no copy needed
        out["h_index"] = shown_h(self.h_index)
        if not self.comments:  # 0 of 0 is no share, mean or index: empty cells, not zeros that read as data
            out.update(dict.fromkeys(RATIOS))
        out.update({f"depth_{d}": self.histogram.get(d, 0)
                    for d in range(max(deepest, max(self.histogram, default=0)) + 1)})
        return out

    def site_row(self, deepest: int = 0) -> dict:
        """The row of a site (threads pooled): no thread_id column, which would always be empty."""
        out = self.row(deepest)
        del out["thread_id"]
        return out


#: The fields a depth row takes as they are, in order (all but the histogram, which becomes
#: the depth_N columns; ``asdict`` deep-copied that histogram per row only to drop it).
_ROW_FIELDS = tuple(f.name for f in fields(DepthStats) if f.name != "histogram")

#: The columns of a depth row that are shares, means or indices of its comments: empty
#: (not 0.0) in the row of a thread or site without comments.
RATIOS = ("reply_share", "mean_depth", "mean_branching", "leaf_share", "h_index", "structural_virality")


def shown_h(x: float) -> int | float:
    """An h-index as its table holds it and its sentence shows it: a thread's is whole (3,
    not 3.0), a site's mean of them has 2 decimals (4.25, never 4.2 beside a 4.25)."""
    return int(x) if float(x).is_integer() else round(float(x), 2)


def deepest(rows: list[DepthStats]) -> int:
    """The deepest depth any of ``rows`` reaches: the last depth_N column of their table."""
    return max((d for r in rows for d in r.histogram), default=0)


def h_index(levels: Counter) -> int:
    """Largest h with at least h comments at nesting level h (level 1 = top-level)."""
    best = 0
    for h in range(1, max(levels, default=0) + 1):
        if levels.get(h, 0) >= h:
            best = h
    return best


def structural_virality(pt: ParsedThread, sizes: dict[str, int] | None = None) -> float:
    """Mean pairwise distance in the tree article + comments (0 for an empty thread)."""
    n = len(pt.comments) + 1
    if n < 2:
        return 0.0
    sizes = subtree_sizes(pt.comments) if sizes is None else sizes
    wiener = sum(s * (n - s) for s in sizes.values())  # one edge above every comment
    return wiener / (n * (n - 1) / 2)


def thread_stats(pt: ParsedThread) -> DepthStats:
    comments = pt.comments
    n = len(comments)
    depths = Counter(c.depth for c in comments)
    index = children_index(comments)
    sizes = subtree_sizes(pt.comments)
    with_children = [len(index[c.id]) for c in comments if c.id in index]
    top = depths.get(0, 0)
    return DepthStats(
        site=pt.thread.site or "", thread_id=pt.thread.thread_id, threads=1, comments=n, top_level=top,
        replies=n - top, orphans=sum(1 for c in comments if "orphan" in c.flags),
        by_post_author=sum(1 for c in comments if c.by_post_author),
        post_author_replies=sum(1 for c in comments if c.depth and c.by_post_author),
        pingbacks=sum(1 for c in comments if c.kind != "comment"),
        reply_share=(n - top) / n if n else 0.0,
        max_depth=max(depths) if depths else 0,
        mean_depth=sum(d * k for d, k in depths.items()) / n if n else 0.0,
        max_width=max(depths.values(), default=0),
        mean_branching=sum(with_children) / len(with_children) if with_children else 0.0,
        largest_subthread=max((sizes[c.id] for c in index.get(None, [])), default=0),
        leaf_share=sum(1 for c in comments if c.id not in index) / n if n else 0.0,
        h_index=h_index(Counter({d + 1: k for d, k in depths.items()})),
        structural_virality=structural_virality(pt, sizes),
        histogram=dict(sorted(depths.items())),
    )


def site_stats(site: str, rows: list[DepthStats]) -> DepthStats:
    """A site's comments pooled; h-index and structural virality are means over its
    threads with comments."""
    n = sum(r.comments for r in rows)
    histogram: Counter = Counter()
    for r in rows:
        histogram.update(r.histogram)
    active = [r for r in rows if r.comments]
    branching_weights = [(r.mean_branching, r.comments - round(r.leaf_share * r.comments)) for r in active]
    inner = sum(w for _, w in branching_weights)
    top = sum(r.top_level for r in rows)
    return DepthStats(
        site=site, thread_id=None, threads=len(rows), comments=n, top_level=top, replies=n - top,
        orphans=sum(r.orphans for r in rows), by_post_author=sum(r.by_post_author for r in rows),
        post_author_replies=sum(r.post_author_replies for r in rows), pingbacks=sum(r.pingbacks for r in rows),
        reply_share=(n - top) / n if n else 0.0, max_depth=max((r.max_depth for r in active), default=0),
        mean_depth=sum(d * k for d, k in histogram.items()) / n if n else 0.0,
        max_width=max((r.max_width for r in rows), default=0),
        mean_branching=sum(b * w for b, w in branching_weights) / inner if inner else 0.0,
        largest_subthread=max((r.largest_subthread for r in rows), default=0),
        leaf_share=sum(r.leaf_share * r.comments for r in rows) / n if n else 0.0,
        h_index=sum(r.h_index for r in active) / len(active) if active else 0.0,
        structural_virality=sum(r.structural_virality for r in active) / len(active) if active else 0.0,
        histogram=dict(sorted(histogram.items())),
    )


def combine(per_thread: list[DepthStats]) -> tuple[list[DepthStats], list[DepthStats]]:
    """The reduction: per-thread rows sorted by site then thread, and one row per site."""
    per_thread = sorted(per_thread, key=lambda r: (r.site, str(r.thread_id)))
    by_site: dict[str, list[DepthStats]] = {}
    for r in per_thread:
        by_site.setdefault(r.site, []).append(r)
    return per_thread, [site_stats(site, rows) for site, rows in sorted(by_site.items())]


def depth_tables(threads: list[ParsedThread]) -> tuple[list[DepthStats], list[DepthStats]]:
    """Per-thread and per-site statistics, sorted by site then thread."""
    return combine([thread_stats(pt) for pt in threads])
