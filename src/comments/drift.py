"""Topic drift: how far, and where, a discussion wanders from the article and from the
comment each reply answers.

Similarity is the cosine between TF-IDF vectors of Snowball stems (stop words
removed), with the vocabulary and IDF fitted on one thread at a time (its article and
comments), so a thread's figures never depend on the other threads in a run. Where
the article text is missing, a reply is compared with its thread's top-level (root)
comment instead.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from comments.learn import stem_text
from comments.model import Comment, ParsedThread
from comments.tree import children_index

NONE = "none"


@dataclass
class Edge:
    site: str
    thread_id: str
    id: str
    parent_id: str
    depth: int
    parent_topics: list[str]
    topics: list[str]
    kept_topic: bool | None  # None: the parent has no topic to keep
    sim_parent: float | None
    sim_article: float | None
    sim_root: float | None


@dataclass
class Chain:
    site: str
    thread_id: str
    ids: list[str]
    openings: list[str]
    drift: float  # 1 − similarity of the last comment to the chain's first
    topics_first: list[str]
    topics_last: list[str]


@dataclass
class ThreadDrift:
    site: str
    thread_id: str
    replies: int
    stickiness: float | None
    mean_sim_parent: float | None
    mean_sim_article: float | None
    slope: float | None
    slope_low: float | None
    slope_high: float | None
    drift_rate_by_depth: dict[int, float] = field(default_factory=dict)
    transitions: Counter = field(default_factory=Counter)  # (parent topic, child topic) → count


def _vectors(pt: ParsedThread) -> tuple[dict[str, object], object | None]:
    """TF-IDF rows per comment id (and the article's), fitted on this thread alone."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [stem_text(c.text, c.language or "de") for c in pt.comments]
    article = stem_text(pt.thread.article_text or "", "de") if pt.thread.article_text else None
    corpus = docs + ([article] if article else [])
    if not any(d.strip() for d in corpus):
        return {}, None
    vectorizer = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+")
    matrix = vectorizer.fit_transform(corpus)
    rows = {c.id: matrix[i] for i, c in enumerate(pt.comments)}
    return rows, (matrix[len(docs)] if article else None)


def _cosine(a, b) -> float | None:
    if a is None or b is None or a.nnz == 0 or b.nnz == 0:
        return None
    return float((a @ b.T).toarray()[0, 0])  # rows are L2-normalised


def opening(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def thread_drift(pt: ParsedThread, chains: int = 5) -> tuple[list[Edge], ThreadDrift, list[Chain]]:
    """Reply edges, the thread's drift figures and its furthest-drifting chains."""
    rows, article = _vectors(pt)
    by_id = {c.id: c for c in pt.comments}
    root_of: dict[str, Comment] = {}
    for c in sorted(pt.comments, key=lambda x: x.depth):
        root_of[c.id] = c if c.parent_id is None else root_of[c.parent_id]
    edges = []
    site, tid = pt.thread.site or "", str(pt.thread.thread_id)
    for c in pt.comments:
        if c.parent_id is None:
            continue
        parent = by_id[c.parent_id]
        parent_topics, topics = list(parent.topics or []), list(c.topics or [])
        kept = bool(set(parent_topics) & set(topics)) if parent_topics else None
        edges.append(Edge(site, tid, c.id, parent.id, c.depth, parent_topics, topics, kept,
                          _cosine(rows.get(c.id), rows.get(parent.id)), _cosine(rows.get(c.id), article),
                          _cosine(rows.get(c.id), rows.get(root_of[c.id].id))))
    transitions: Counter = Counter()
    for e in edges:
        for p in e.parent_topics or [NONE]:
            for t in e.topics or [NONE]:
                transitions[(p, t)] += 1
    judged = [e for e in edges if e.kept_topic is not None]
    by_depth: dict[int, list[bool]] = {}
    for e in judged:
        by_depth.setdefault(e.depth, []).append(not e.kept_topic)
    # similarity to the article (or the root comment) against depth, over all comments
    points = []
    for c in pt.comments:
        sim = _cosine(rows.get(c.id), article) if article is not None else (
            _cosine(rows.get(c.id), rows.get(root_of[c.id].id)) if c.parent_id is not None else None)
        if sim is not None:
            points.append((c.depth, sim))
    slope, low, high = _slope(points)
    sims_parent = [e.sim_parent for e in edges if e.sim_parent is not None]
    sims_article = [e.sim_article for e in edges if e.sim_article is not None]
    summary = ThreadDrift(
        site, tid, len(edges),
        sum(e.kept_topic for e in judged) / len(judged) if judged else None,
        sum(sims_parent) / len(sims_parent) if sims_parent else None,
        sum(sims_article) / len(sims_article) if sims_article else None,
        slope, low, high, {d: sum(v) / len(v) for d, v in sorted(by_depth.items())}, transitions)
    return edges, summary, _chains(pt, rows, chains)


MIN_WORDS = 5  # a chain must end in a comment with this many content words to show drift


def _chains(pt: ParsedThread, rows: dict, limit: int) -> list[Chain]:
    """Root-to-leaf reply chains whose last comment is least like the first: longer
    chains first, then by drift; chains ending in a bare reaction ("Quelle?") are skipped."""
    index = children_index(pt.comments)
    found = []
    stack = [[c] for c in reversed(index.get(None, []))]
    while stack:
        path = stack.pop()
        kids = index.get(path[-1].id, [])
        if kids:
            stack.extend(path + [k] for k in reversed(kids))
        elif len(path) >= 2 and rows.get(path[-1].id) is not None and rows[path[-1].id].nnz >= MIN_WORDS:
            sim = _cosine(rows.get(path[-1].id), rows.get(path[0].id))
            if sim is not None:
                found.append((1.0 - sim, len(path), path))
    found.sort(key=lambda x: (-min(x[1], 3), -x[0], x[2][0].position, x[2][-1].position))
    site, tid = pt.thread.site or "", str(pt.thread.thread_id)
    return [Chain(site, tid, [c.id for c in path], [opening(c.text) for c in path], round(d, 4),
                  list(path[0].topics or []), list(path[-1].topics or [])) for d, _, path in found[:limit]]


def _slope(points: list[tuple[int, float]]) -> tuple[float | None, float | None, float | None]:
    """OLS slope of similarity on depth with a 95 % confidence interval (t distribution)."""
    n = len(points)
    if n < 3:
        return None, None, None
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None, None, None
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    intercept = my - slope * mx
    residual = sum((y - intercept - slope * x) ** 2 for x, y in points)
    se = math.sqrt(residual / (n - 2) / sxx) if n > 2 else 0.0
    from scipy.stats import t

    half = float(t.ppf(0.975, n - 2)) * se
    return slope, slope - half, slope + half


def drift_tables(threads: list[ParsedThread], chains: int = 5):
    """All edges, one summary per thread with replies, and the top chains per thread."""
    edges, summaries, tops = [], [], []
    for pt in sorted(threads, key=lambda p: (p.thread.site or "", str(p.thread.thread_id))):
        e, s, c = thread_drift(pt, chains)
        edges += e
        summaries.append(s)
        tops += c
    return edges, summaries, tops
