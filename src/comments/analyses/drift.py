"""Topic drift: how far, and where, a discussion wanders from the article and from the
comment each reply answers.

Similarity is the cosine between TF-IDF vectors fitted on one thread at a time (its
article and comments), so a thread's figures never depend on the other threads in a
run; ``SIMILARITY`` names the vectors, chosen by ``benchmarks/drift_similarity.py``
(ROC AUC of reply–parent against reply–random-non-ancestor pairs). Where the article
text is missing, a reply is compared with its thread's top-level (root) comment. The
rows are built by ``comments.text.similarity`` (each text's views once) and
``comments.text.vectors`` (numpy, one sort per thread), the same weighting as
scikit-learn's ``TfidfVectorizer``; a thread's pair cosines are one sparse operation
per view. Edges are kept as columns (``Edges``), not one object per reply.

A reply *changes subject* only when its parent has a topic, it has a topic itself, and
it keeps none of its parent's (``Edge.changed_subject``).

Every table is a reduction over per-thread partial results: ``thread_drift`` computes
one thread's edges, summary and chains alone; ``transitions_table``,
``subject_changes``, ``significant_slopes`` and ``top_chains`` combine the per-thread
partials (associatively, except the final Benjamini–Hochberg step and ranking, which
need every thread's value), so a distributed engine can map ``thread_drift`` over
threads and call them on the gathered partials.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from comments.model.records import ParsedThread
from comments.model.tree import walk
from comments.text import similarity as views
from comments.text.tokens import Stems

NONE = "none"


@dataclass(slots=True)
class Edge:
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
    slope_p: float | None  # two-sided p of the slope (scipy.stats.linregress)
    drift_rate_by_depth: dict[int, float] = field(default_factory=dict)
    transitions: Counter = field(default_factory=Counter)  # (parent topic, child topic) → count
    changes: Counter = field(default_factory=Counter)  # (parent topic, reply topic) of replies changing subject
    slope_p_adjusted: float | None = None  # Benjamini–Hochberg across threads (significant_slopes)


def _stemming_language(text: str, known: str | None = None) -> str:
    """``de`` or ``en`` for stemming and lemmas: the comment's language when known,
    else detected (``other`` is treated as German, like the rest of the pipeline)."""
    from comments.text.language import detect

    if known in ("de", "en"):
        return known
    return "en" if detect(text) == "en" else "de"


def _texts(pt: ParsedThread) -> list[tuple[str, str]]:
    """Each comment's text with its language, then the article's (if any)."""
    texts = [(c.text, _stemming_language(c.text, c.language)) for c in pt.comments]
    if pt.thread.article_text:
        texts.append((pt.thread.article_text, _stemming_language(pt.thread.article_text)))
    return texts


#: Candidate similarities (benchmarks/drift_similarity.py scores them by ROC AUC).
SIMILARITIES = {
    "stems": views.stems_matrix,
    "lemmas": views.lemmas_matrix,
    "chars": views.chars_matrix,
    "stems+chars": lambda docs: views.views(views.stems_matrix(docs), views.chars_matrix(docs)),
    "lemmas+chars": lambda docs: views.views(views.lemmas_matrix(docs), views.chars_matrix(docs)),
}
#: Chosen on the dev half of the real threads: the highest ROC AUC among similarities that
#: give at most 10 % of replies a parent similarity of exactly 0 (see the README's Drift).
SIMILARITY = "lemmas+chars"


def _matrices(docs: views.Texts, method: str) -> list:
    """The views of ``method`` that have any feature in these texts, weighted so that
    the sum of their cosines is the cosine of their rows side by side."""
    found = SIMILARITIES[method](docs)
    return found if isinstance(found, list) else [found] if found is not None else []


def thread_matrix(pt: ParsedThread, method: str = SIMILARITY, stems: Stems | None = None):
    """One L2-normalised row per comment (then the article, if any), fitted on this
    thread alone, the views side by side; None when the thread has no words at all."""
    from scipy.sparse import hstack

    found = _matrices(views.Texts(_texts(pt), stems or Stems()), method)
    return None if not found else found[0] if len(found) == 1 else hstack(found, format="csr")


class _Similarity:
    """The thread's rows and cosine similarities between many pairs at once."""

    def __init__(self, pt: ParsedThread, stems: Stems) -> None:
        import numpy as np

        docs = views.Texts(_texts(pt), stems)
        self.article = len(pt.comments) if pt.thread.article_text and pt.thread.article_text.strip() else None
        self.views = _matrices(docs, SIMILARITY)  # summed cosines: no joined copy of the rows
        # a row without any feature (no character at all) is compared with nothing
        self.empty = sum(np.diff(m.indptr) for m in self.views) == 0 if self.views else None
        # distinct content words per comment: whether a chain's end carries text enough to compare
        self.terms = docs.terms()[:len(pt.comments)]

    def pairs(self, left, right):
        """cos(row a, row b) for each pair of row numbers (numpy float array); NaN where a
        row is missing (−1) or has no feature."""
        import numpy as np

        from comments.text.vectors import pair_cosines

        left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
        out = np.full(len(left), np.nan)
        if not self.views or not len(left):
            return out
        ok = (left >= 0) & (right >= 0)
        ok[ok] = ~(self.empty[left[ok]] | self.empty[right[ok]])
        a, b = left[ok], right[ok]
        out[ok] = sum(pair_cosines(m, a, b) for m in self.views)
        return out


def opening(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


_BOOL = {-1: None, 0: False, 1: True}


class Edges:
    """Reply edges as columns, one block per thread (numpy arrays for the numbers and
    flags, lists of the comments' own id strings and topic lists), so a corpus keeps no
    object per reply; iterating (or indexing) yields :class:`Edge` records one at a time.
    ``concat`` joins threads' edges without copying; ``columns`` gives each field over
    all of them, concatenated once."""

    FIELDS = ("site", "thread_id", "id", "parent_id", "depth", "parent_topics", "topics", "kept_topic",
              "changed_subject", "sim_parent", "sim_article", "sim_root")

    def __init__(self, blocks: list[dict] | None = None) -> None:
        self.blocks = [b for b in blocks or [] if len(b["id"])]

    @classmethod
    def concat(cls, parts) -> Edges:
        return cls([b for part in parts for b in part.blocks])

    def __len__(self) -> int:
        return sum(len(b["id"]) for b in self.blocks)

    def __iter__(self):
        for b in self.blocks:
            site, tid = b["site"], b["thread_id"]
            flags = zip(b["kept_topic"].tolist(), b["changed_subject"].tolist())
            sims = zip(*(b[name].tolist() for name in ("sim_parent", "sim_article", "sim_root")))
            for i, p, d, pt, t, (k, c), ss in zip(b["id"], b["parent_id"], b["depth"].tolist(),
                                                  b["parent_topics"], b["topics"], flags, sims):
                yield Edge(site, tid, i, p, d, pt, t, _BOOL[k], _BOOL[c],
                           *(None if v != v else v for v in ss))  # NaN: no similarity

    def __getitem__(self, k: int) -> Edge:
        for n, edge in enumerate(self):
            if n == (k if k >= 0 else len(self) + k):
                return edge
        raise IndexError(k)

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    def columns(self) -> dict:
        """Field → one numpy array (numbers: float with NaN for None; flags: −1/0/1) or
        list (strings, topic lists) over all edges."""
        import numpy as np

        out: dict = {}
        for name in self.FIELDS:
            if name in ("site", "thread_id"):
                out[name] = [b[name] for b in self.blocks for _ in range(len(b["id"]))]
            elif isinstance(self.blocks[0][name] if self.blocks else [], list):
                out[name] = [v for b in self.blocks for v in b[name]]
            else:
                out[name] = np.concatenate([b[name] for b in self.blocks])
        return out


def thread_drift(pt: ParsedThread, chains: int = 5,
                 stems: Stems | None = None) -> tuple[Edges, ThreadDrift, list[Chain]]:
    """Reply edges (columns), the thread's drift figures and its furthest-drifting chains."""
    import numpy as np

    sim = _Similarity(pt, stems or Stems())
    comments = pt.comments
    index = {c.id: i for i, c in enumerate(comments)}
    root = [0] * len(comments)  # row of each comment's top-level comment
    for c, _ in walk(comments):  # pre-order: a parent's root is known before its replies
        i = index[c.id]
        root[i] = i if c.parent_id is None else root[index[c.parent_id]]
    replies = [i for i, c in enumerate(comments) if c.parent_id is not None]
    parents = [index[comments[i].parent_id] for i in replies]
    article = -1 if sim.article is None else sim.article
    to_parent = sim.pairs(replies, parents)
    to_article = sim.pairs(replies, [article] * len(replies))
    to_root = sim.pairs(replies, [root[i] for i in replies])
    parent_topics = [comments[p].topics or [] for p in parents]
    topics = [comments[i].topics or [] for i in replies]
    kept = [(1 if set(pt_) & set(t) else 0) if pt_ else -1 for pt_, t in zip(parent_topics, topics)]
    changed = [1 - k if k >= 0 and t else -1 for k, t in zip(kept, topics)]
    site, tid = pt.thread.site or "", str(pt.thread.thread_id)
    depths = np.fromiter((comments[i].depth for i in replies), dtype=np.int64, count=len(replies))
    edges = Edges([{"site": site, "thread_id": tid, "id": [comments[i].id for i in replies],
                    "parent_id": [comments[p].id for p in parents], "depth": depths,
                    "parent_topics": parent_topics, "topics": topics, "kept_topic": np.array(kept, dtype=np.int8),
                    "changed_subject": np.array(changed, dtype=np.int8), "sim_parent": to_parent,
                    "sim_article": to_article, "sim_root": to_root}])
    transitions: Counter = Counter()
    changes: Counter = Counter()
    by_depth: dict[int, list[bool]] = {}
    for pt_, t, k, c, d in zip(parent_topics, topics, kept, changed, depths.tolist()):
        for p in pt_ or [NONE]:
            for x in t or [NONE]:
                transitions[(p, x)] += 1
        if c == 1:
            for p in pt_:
                for x in t:
                    changes[(p, x)] += 1
        if k >= 0:
            by_depth.setdefault(d, []).append(not k)
    judged = [k for k in kept if k >= 0]
    # similarity to the article (or, without one, the root comment) against depth
    if sim.article is not None:
        everyone = sim.pairs(range(len(comments)), [sim.article] * len(comments))
        points = [(c.depth, v) for c, v in zip(comments, everyone.tolist()) if v == v]
    else:
        points = [(d, v) for d, v in zip(depths.tolist(), to_root.tolist()) if v == v]
    slope, low, high, p_value = _slope(points)
    summary = ThreadDrift(
        site, tid, len(replies), sum(judged) / len(judged) if judged else None,
        _mean(to_parent), _mean(to_article), slope, low, high, p_value,
        {d: sum(v) / len(v) for d, v in sorted(by_depth.items())}, transitions, changes)
    return edges, summary, _chains(pt, sim, chains, root, index, to_root) if chains else []


def _mean(values) -> float | None:
    """Mean of the values that are not NaN (summed in order, as before); None without any."""
    found = [v for v in values.tolist() if v == v]
    return sum(found) / len(found) if found else None


MIN_WORDS = 5  # both ends of a chain need this many distinct content words to be compared


def _chains(pt: ParsedThread, sim: _Similarity, limit: int, root: list[int], index: dict[str, int],
            to_root) -> list[Chain]:
    """Root-to-leaf reply chains whose last comment is least like the first: longer
    chains first, then by drift; only chains whose first and last comments carry
    ``MIN_WORDS`` terms are ranked (a bare reaction like "Quelle?" cannot drift).
    Linear in the thread: only the chosen chains are walked back to their roots."""
    comments = pt.comments
    has_replies = {c.parent_id for c in comments if c.parent_id is not None}
    to_root_of = dict(zip((i for i, c in enumerate(comments) if c.parent_id is not None), to_root.tolist()))
    found = []
    for i, c in enumerate(comments):
        if c.parent_id is None or c.id in has_replies or sim.terms[i] < MIN_WORDS or sim.terms[root[i]] < MIN_WORDS:
            continue
        s = to_root_of[i]
        if s == s:
            found.append((1.0 - s, c.depth + 1, comments[root[i]].position, c))
    found.sort(key=lambda x: (-min(x[1], 3), -x[0], x[2], x[3].position))
    site, tid = pt.thread.site or "", str(pt.thread.thread_id)
    out = []
    for drift, _, _, leaf in found[:limit]:
        path = [leaf]
        while path[-1].parent_id is not None:
            path.append(comments[index[path[-1].parent_id]])
        path.reverse()
        shown = path if len(path) <= 12 else path[:5] + path[-5:]
        openings = [opening(c.text) for c in shown]
        if len(path) > 12:
            openings.insert(5, f"… {len(path) - 10} more replies …")
        out.append(Chain(site, tid, [c.id for c in path], openings, round(drift, 4), list(path[0].topics or []),
                         list(path[-1].topics or [])))
    return out


def _slope(points: list[tuple[int, float]]) -> tuple[float | None, float | None, float | None, float | None]:
    """OLS slope of similarity on depth, its 95 % confidence interval (t distribution)
    and two-sided p-value, from scipy.stats.linregress; Nones below 3 points or one depth."""
    if len(points) < 3 or len({x for x, _ in points}) < 2:
        return None, None, None, None
    from scipy.stats import linregress, t

    fit = linregress([float(x) for x, _ in points], [float(y) for _, y in points])
    half = float(t.ppf(0.975, len(points) - 2)) * float(fit.stderr)
    p = float(fit.pvalue) if math.isfinite(fit.pvalue) else 1.0
    return float(fit.slope), float(fit.slope) - half, float(fit.slope) + half, p


def drift_tables(threads: list[ParsedThread], chains: int = 5, stems: Stems | None = None):
    """All edges, one summary per thread, and the top chains per thread."""
    stems = stems or Stems()
    parts, summaries, tops = [], [], []
    for pt in sorted(threads, key=lambda p: (p.thread.site or "", str(p.thread.thread_id))):
        e, s, c = thread_drift(pt, chains, stems)
        parts.append(e)
        summaries.append(s)
        tops += c
    return Edges.concat(parts), summaries, tops


# --- reductions over per-thread partials (each table of the drift report) ---------------------


def transitions_table(summaries: list[ThreadDrift]) -> Counter:
    """Parent topic → reply topic counts of all threads: the sum of the per-thread counters."""
    total: Counter = Counter()
    for s in summaries:
        total.update(s.transitions)
    return total


def subject_changes(summaries: list[ThreadDrift]) -> Counter:
    """(parent topic, reply topic) of replies that change subject, summed over threads."""
    total: Counter = Counter()
    for s in summaries:
        total.update(s.changes)
    return total


def significant_slopes(summaries: list[ThreadDrift], alpha: float = 0.05) -> list[ThreadDrift]:
    """Sets each thread's Benjamini–Hochberg-adjusted slope p (across all threads with a
    slope) and returns the threads whose slope is significant, smallest p first."""
    from comments.analyses.stats import benjamini_hochberg

    fitted = [s for s in summaries if s.slope_p is not None]
    for s, q in zip(fitted, benjamini_hochberg([s.slope_p for s in fitted])):
        s.slope_p_adjusted = q
    return sorted((s for s in fitted if s.slope_p_adjusted is not None and s.slope_p_adjusted < alpha),
                  key=lambda s: (s.slope_p_adjusted, s.site, s.thread_id))


def top_chains(chains: list[Chain], limit: int) -> list[Chain]:
    """The chains drifting furthest over all threads (ties: site, thread, ids)."""
    return sorted(chains, key=lambda ch: (-ch.drift, ch.site, ch.thread_id, ch.ids))[:limit]
