"""What people talk about, and how: topic and tone shares, topic × tone, topic
co-occurrence, the words that characterise each topic, topics over time, and whether
the taxonomy fits the corpus at all.

Every table is a sum over threads of per-thread counts (``shares``, ``topic_by_tone``,
``cooccurrence``, ``over_time``, ``coverage``), so a distributed engine can count each
thread alone and add the partials; ``characteristic_terms`` sums per-thread word counts
before its final log-odds step.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from comments.model.records import Comment, ParsedThread
from comments.text.tokens import Stems
from comments.model.records import TONES

NONE = "none"


def _comments(threads: list[ParsedThread]) -> list[Comment]:
    return [c for pt in threads for c in pt.comments]


@dataclass
class Share:
    group: str  # site, or site/thread
    label: str
    count: int
    total: int

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


def shares(threads: list[ParsedThread], field: str, labels: list[str], by: str) -> list[Share]:
    """Share of comments carrying each label (and ``none``) per site or per thread."""
    groups: dict[str, list[Comment]] = {}
    for pt in threads:
        key = pt.thread.site if by == "site" else f"{pt.thread.site}/{pt.thread.thread_id}"
        groups.setdefault(key or "", []).extend(pt.comments)
    out = []
    for group, comments in sorted(groups.items()):
        counts = Counter(label for c in comments for label in (getattr(c, field) or [NONE]))
        for label in [*labels, NONE]:
            out.append(Share(group, label, counts.get(label, 0), len(comments)))
    return out


def topic_by_tone(threads: list[ParsedThread], topics: list[str]) -> dict[tuple[str, str], int]:
    """Comments per (topic, tone) pair, ``none`` for comments without either."""
    table: Counter = Counter()
    for c in _comments(threads):
        for t in c.topics or [NONE]:
            for tone in c.tone or [NONE]:
                table[(t, tone)] += 1
    return {(t, tone): table.get((t, tone), 0) for t in [*topics, NONE] for tone in [*TONES, NONE]}


def cooccurrence(threads: list[ParsedThread], topics: list[str]) -> dict[tuple[str, str], int]:
    """Comments carrying both topics (the diagonal: each topic's comments)."""
    table: Counter = Counter()
    for c in _comments(threads):
        present = sorted(set(c.topics or []))
        for a in present:
            for b in present:
                table[(a, b)] += 1
    return {(a, b): table.get((a, b), 0) for a in topics for b in topics}


def characteristic_terms(threads: list[ParsedThread], topics: list[str], k: int = 12,
                         stems: Stems | None = None) -> dict[str, list[tuple[str, float]]]:
    """Per topic, the words most over-represented in its comments relative to all other
    comments of the corpus (log-odds ratio with an informative Dirichlet prior, Monroe
    et al. 2008: z-scores), learned from the data rather than the seed terms."""
    stems = stems or Stems()
    everything: Counter = Counter()
    inside_of: dict[str, Counter] = {t: Counter() for t in topics}
    for c in _comments(threads):
        ws = stems.of(c)
        everything.update(ws)
        for t in c.topics or []:
            if t in inside_of:
                inside_of[t].update(ws)
    out = {}
    for topic in topics:
        inside = inside_of[topic]
        outside = everything - inside
        out[topic] = [(stems.surface(w), z) for w, z in log_odds(inside, outside)[:k] if z > 0]
    return out


def log_odds(a: Counter, b: Counter, prior_scale: float = 0.01) -> list[tuple[str, float]]:
    """Words of ``a`` vs ``b`` by the z-score of the log-odds ratio with an informative
    Dirichlet prior from the pooled counts (Monroe, Colaresi & Quinn 2008), highest first."""
    pooled = a + b
    total = sum(pooled.values())
    if not total or not a:
        return []
    alpha0 = prior_scale * total
    n_a, n_b = sum(a.values()), sum(b.values())
    scores = []
    for word, count in pooled.items():
        alpha = alpha0 * count / total
        ya, yb = a.get(word, 0), b.get(word, 0)
        delta = (math.log((ya + alpha) / (n_a + alpha0 - ya - alpha))
                 - math.log((yb + alpha) / (n_b + alpha0 - yb - alpha)))
        variance = 1.0 / (ya + alpha) + 1.0 / (yb + alpha)
        scores.append((word, delta / math.sqrt(variance)))
    scores.sort(key=lambda x: (-x[1], x[0]))
    return scores


def over_time(threads: list[ParsedThread], topics: list[str]) -> list[tuple[str, str, int, int]]:
    """(period, topic, comments with topic, comments in period) by month, or by day when
    everything falls in one month; comments without a timestamp are left out."""
    dated = [c for c in _comments(threads) if c.created_at and len(c.created_at) >= 7]
    if not dated:
        return []
    months = {c.created_at[:7] for c in dated}
    width = 10 if len(months) == 1 and all(len(c.created_at) >= 10 for c in dated) else 7
    periods: dict[str, list[Comment]] = {}
    for c in dated:
        periods.setdefault(c.created_at[:width], []).append(c)
    return [(p, t, sum(t in (c.topics or []) for c in cs), len(cs)) for p, cs in sorted(periods.items())
            for t in topics]


#: Above this share of substantive comments without a topic, the taxonomy does not fit.
MISFIT = 0.60


@dataclass
class Coverage:
    """One thread's substantive comments (suggest.is_substantive) and how many have no topic."""

    site: str
    thread_id: str
    substantive: int
    without_topic: int


def coverage(threads: list[ParsedThread]) -> list[Coverage]:
    """Per-thread partials of the taxonomy fit."""
    from comments.classification.suggest import is_substantive

    out = []
    for pt in threads:
        found = [c for c in pt.comments if is_substantive(c)]
        out.append(Coverage(pt.thread.site or "", str(pt.thread.thread_id), len(found),
                            sum(not c.topics for c in found)))
    return out


def misfit(rows: list[Coverage]) -> tuple[float, int] | None:
    """(share without a topic, substantive comments) when more than ``MISFIT`` of the
    substantive comments get no topic, else None: the reduction of ``coverage`` rows."""
    total = sum(r.substantive for r in rows)
    without = sum(r.without_topic for r in rows)
    return (without / total, total) if total and without / total > MISFIT else None
