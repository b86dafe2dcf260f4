"""The drift edges of a corpus (one per reply) held as columns, not objects: the one
edge table of the drift analysis.

:func:`comments.analyses.drift.thread_drift` builds a thread's edges directly as one
:class:`EdgeBlock` (numpy arrays, pyarrow strings, label sets coded once per thread), so
a partial holds arrays; :class:`Edges` is the blocks of every thread in table order.
Iterating gives :class:`Edge` records one at a time (nothing per reply is kept as a
Python object), ``rows()`` the drift_edges table rows, and the counts the report needs
are computed on the arrays.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np


@dataclass(slots=True)
class Edge:
    """One reply edge as a record (made on demand from an :class:`EdgeBlock`)."""

    site: str
    thread_id: str
    id: str
    parent_id: str
    depth: int
    parent_topics: list[str]
    topics: list[str]
    kept_topic: bool | None  # None: the parent has no topic to keep
    changed_subject: bool | None  # None: parent or reply has no topic; True: keeps none of the parent's
    sim_parent: float | None
    sim_article: float | None
    sim_root: float | None
    not_compared: str | None = None  # why sim_parent is None (drift.NOT_COMPARED); None: compared


def slope_similarity(sim_article, sim_root):
    """A thread's replies' similarity the drift slope is fitted on and drift_slope draws:
    to the article, or to the root comment where no reply has an article similarity (no
    article text). Top-level comments (depth 0) are in neither: the slope is over replies."""
    return sim_root if np.isnan(sim_article).all() else sim_article


COLUMNS = ["site", "thread_id", "id", "parent_id", "depth", "parent_topics", "topics", "kept_topic",
           "changed_subject", "sim_parent", "sim_article", "sim_root", "not_compared"]
_UNBOOL = {-1: None, 0: False, 1: True}
#: ``not_compared`` codes as written (``comments.analyses.drift.NOT_COMPARED``, which imports this module)
REASONS = (None, "placeholder", "quote_only", "no_words", "other_language", "reaction", "unpublished")
STEP = 1 << 16  # edges converted to records at a time


def _unfloat(values: np.ndarray) -> list[float | None]:
    return [None if v != v else v for v in values.tolist()]


@dataclass(eq=False)
class EdgeBlock:
    """One thread's edges as columns (``kept``, ``changed``: −1 None, 0 False, 1 True;
    similarities: NaN for None)."""

    site: str
    thread_id: str
    ids: object  # pyarrow string arrays
    parents: object
    depth: np.ndarray
    labelsets: list[tuple[str, ...]]  # the distinct topic lists, coded by parent_topics/topics
    parent_topics: np.ndarray
    topics: np.ndarray
    kept: np.ndarray  # int8: -1 None, 0 False, 1 True
    changed: np.ndarray
    sim_parent: np.ndarray  # float64, NaN for None
    sim_article: np.ndarray
    sim_root: np.ndarray
    #: int8 codes of ``drift.NOT_COMPARED``: why a reply has no sim_parent (0: compared)
    not_compared: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.not_compared is None:
            self.not_compared = np.zeros(len(self.depth), dtype=np.int8)

    def __len__(self) -> int:
        return len(self.depth)

    def __iter__(self) -> Iterator[Edge]:
        """The edges as records, converted a slice of ``STEP`` at a time."""
        sets = self.labelsets
        for a in range(0, len(self), STEP):
            b = a + STEP
            columns = zip(self.ids[a:b].to_pylist(), self.parents[a:b].to_pylist(), self.depth[a:b].tolist(),
                          self.parent_topics[a:b].tolist(), self.topics[a:b].tolist(), self.kept[a:b].tolist(),
                          self.changed[a:b].tolist(), _unfloat(self.sim_parent[a:b]),
                          _unfloat(self.sim_article[a:b]), _unfloat(self.sim_root[a:b]),
                          self.not_compared[a:b].tolist())
            for i, p, d, pt, t, k, c, sp, sa, sr, why in columns:
                yield Edge(self.site, self.thread_id, i, p, d, list(sets[pt]), list(sets[t]), _UNBOOL[k],
                           _UNBOOL[c], sp, sa, sr, REASONS[why])


class Edges:
    """Every thread's :class:`EdgeBlock`, in table order: a sequence of edges."""

    def __init__(self, blocks: list[EdgeBlock]) -> None:
        self.blocks = [b for b in blocks if len(b)]

    def __len__(self) -> int:
        return sum(len(b) for b in self.blocks)

    def __bool__(self) -> bool:
        return bool(self.blocks)

    def __iter__(self) -> Iterator[Edge]:
        for b in self.blocks:
            yield from b

    def rows(self) -> Iterator[dict]:
        """The drift_edges table, one dict per reply as it is written (made one at a time)."""
        for e in self:
            yield {name: getattr(e, name) for name in COLUMNS}

    def judged(self) -> tuple[int, int]:
        """(replies whose parent has a topic, those keeping one of its topics)."""
        return (sum(int((b.kept >= 0).sum()) for b in self.blocks),
                sum(int((b.kept == 1).sum()) for b in self.blocks))

    def unjudged(self) -> Counter:
        """``not_compared`` reason → replies whose parent has a topic that are not judged (a bare reaction, a
        placeholder, no content word: kept_topic empty although the parent has a topic to keep)."""
        out: Counter = Counter()
        for b in self.blocks:
            empty = [k for k, labels in enumerate(b.labelsets) if not labels]
            left = (b.kept < 0) & ~np.isin(b.parent_topics, empty)
            out.update(REASONS[code] for code in b.not_compared[left].tolist())
        return out

    def changed(self) -> tuple[int, int]:
        """(replies changing the subject, replies where parent and reply both have a topic)."""
        return (sum(int((b.changed == 1).sum()) for b in self.blocks),
                sum(int((b.changed >= 0).sum()) for b in self.blocks))

    def by_site_depth(self) -> tuple[Counter, Counter]:
        """(site, depth) → judged replies, and → drifting ones (parent has a topic, none kept)."""
        judged: Counter = Counter()
        drifting: Counter = Counter()
        for b in self.blocks:
            seen = b.kept >= 0
            for d, n in zip(*np.unique(b.depth[seen], return_counts=True)):
                judged[(b.site, int(d))] += int(n)
            for d, n in zip(*np.unique(b.depth[b.kept == 0], return_counts=True)):
                drifting[(b.site, int(d))] += int(n)
        return judged, drifting

    def similarity_points(self) -> list[tuple[int, float, str]]:
        """(depth, similarity to the article, else to the root comment, site) of every
        reply that has one (:func:`slope_similarity`: the slope's points), in table order."""
        out: list[tuple[int, float, str]] = []
        for b in self.blocks:
            sims = slope_similarity(b.sim_article, b.sim_root)
            keep = ~np.isnan(sims)
            out.extend((d, s, b.site) for d, s in zip(b.depth[keep].tolist(), sims[keep].tolist()))
        return out
