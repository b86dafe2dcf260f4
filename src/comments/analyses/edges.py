"""The drift edges of a corpus (one per reply) held as columns, not objects.

A thread's edges become one :class:`EdgeBlock` (numpy arrays, pyarrow strings, label
sets coded once per thread) right after :func:`comments.analyses.drift.thread_drift`
made them, so a partial holds arrays; :class:`Edges` is the blocks of every thread in
table order. Iterating gives :class:`comments.analyses.drift.Edge` records one at a time
(nothing per reply is kept as a Python object), ``rows()`` the drift_edges table rows,
and the counts the report needs are computed on the arrays.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from comments.analyses.drift import Edge

COLUMNS = ["site", "thread_id", "id", "parent_id", "depth", "parent_topics", "topics", "kept_topic",
           "changed_subject", "sim_parent", "sim_article", "sim_root"]
_BOOL = {None: -1, False: 0, True: 1}
_UNBOOL = {-1: None, 0: False, 1: True}


def _floats(values) -> np.ndarray:
    """float64, None as NaN (similarities are cosines of finite vectors: never NaN themselves)."""
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _unfloat(values: np.ndarray) -> list[float | None]:
    return [None if v != v else v for v in values.tolist()]


@dataclass
class EdgeBlock:
    """One thread's edges as columns."""

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

    @classmethod
    def of(cls, site: str, thread_id: str, edges: list[Edge]) -> EdgeBlock:
        import pyarrow as pa

        code: dict[tuple[str, ...], int] = {}

        def coded(lists) -> np.ndarray:
            return np.array([code.setdefault(tuple(x), len(code)) for x in lists], dtype=np.int32)

        parent_topics = coded(e.parent_topics for e in edges)
        topics = coded(e.topics for e in edges)
        return cls(site, thread_id, pa.array([e.id for e in edges], pa.string()),
                   pa.array([e.parent_id for e in edges], pa.string()),
                   np.array([e.depth for e in edges], dtype=np.int64), list(code), parent_topics, topics,
                   np.array([_BOOL[e.kept_topic] for e in edges], dtype=np.int8),
                   np.array([_BOOL[e.changed_subject] for e in edges], dtype=np.int8),
                   _floats(e.sim_parent for e in edges), _floats(e.sim_article for e in edges),
                   _floats(e.sim_root for e in edges))

    def __len__(self) -> int:
        return len(self.depth)

    def __iter__(self) -> Iterator[Edge]:
        sets = self.labelsets
        columns = zip(self.ids.to_pylist(), self.parents.to_pylist(), self.depth.tolist(),
                      self.parent_topics.tolist(), self.topics.tolist(), self.kept.tolist(), self.changed.tolist(),
                      _unfloat(self.sim_parent), _unfloat(self.sim_article), _unfloat(self.sim_root))
        for i, p, d, pt, t, k, c, sp, sa, sr in columns:
            yield Edge(self.site, self.thread_id, i, p, d, list(sets[pt]), list(sets[t]), _UNBOOL[k], _UNBOOL[c],
                       sp, sa, sr)


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
        reply that has one, in table order."""
        out: list[tuple[int, float, str]] = []
        for b in self.blocks:
            sims = np.where(np.isnan(b.sim_article), b.sim_root, b.sim_article)
            keep = ~np.isnan(sims)
            out.extend((d, s, b.site) for d, s in zip(b.depth[keep].tolist(), sims[keep].tolist()))
        return out
