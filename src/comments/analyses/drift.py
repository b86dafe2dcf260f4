"""Topic drift: how far, and where, a discussion wanders from the article and from the
comment each reply answers.

Similarity is the cosine between TF-IDF vectors fitted on one thread at a time (its
article and comments), so a thread's figures never depend on the other threads in a
run; ``SIMILARITY`` names the vectors, chosen by ``benchmarks/drift_similarity.py``
(ROC AUC of reply–parent against reply–random-non-ancestor pairs). Where the article
text is missing, a reply is compared with its thread's top-level (root) comment.

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
from functools import lru_cache

from comments.text.tokens import Stems
from comments.model.records import Comment, ParsedThread
from comments.model.tree import walk

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


@lru_cache(maxsize=1 << 17)
def _lemma(word: str, language: str) -> tuple[str, ...]:
    """simplemma's lemma of a word, lower-cased and split into whitespace-free tokens
    (bounded cache: vocabularies repeat across threads)."""
    import simplemma

    return tuple(simplemma.lemmatize(word, lang=language).lower().split())


class _Words(dict):
    """word → its number among one thread's content words in one language (−1 for a
    stop word, a one-letter word or a number, as ``content_words(numbers=False)``
    leaves out), numbered on first sight; ``lemmas[number]``: the word's lemma tokens."""

    def __init__(self, language: str, lemmas: list[tuple[str, ...]]) -> None:
        from comments.text.tokens import stop_words

        super().__init__()
        self.language, self.lemmas, self.stops = language, lemmas, stop_words(language)

    def __missing__(self, word: str) -> int:
        number = -1
        if word not in self.stops and len(word) > 1 and not word.isdigit():
            number = len(self.lemmas)
            self.lemmas.append(_lemma(word, self.language))
        self[word] = number
        return number


class _Docs:
    """One thread's texts (its comments, then the article if any), each view computed
    once per text: languages, content words (numbered), lemmas, stems, lower-cased text."""

    def __init__(self, pt: ParsedThread, stems: Stems) -> None:
        self.pt, self.stems = pt, stems
        self.texts = [(c.text, _stemming_language(c.text, c.language)) for c in pt.comments]
        if pt.thread.article_text:
            self.texts.append((pt.thread.article_text, _stemming_language(pt.thread.article_text)))
        self._numbered = None

    def numbered(self):
        """(document, word number) of every content word, each number's lemma tokens,
        and each text's count of distinct content words."""
        if self._numbered is None:
            import numpy as np

            from comments.text.tokens import words

            lemmas: list[tuple[str, ...]] = []
            tables = {"de": _Words("de", lemmas), "en": _Words("en", lemmas)}
            flat: list[int] = []
            lengths, terms = [], []
            for text, lang in self.texts:
                found = list(map(tables[lang].__getitem__, words(text)))
                flat += found
                lengths.append(len(found))
                distinct = set(found)
                terms.append(len(distinct) - (-1 in distinct))
            number = np.asarray(flat, dtype=np.int64)
            doc = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
            kept = number >= 0
            self._numbered = doc[kept], number[kept], lemmas, terms
        return self._numbered

    def terms(self) -> list[int]:
        """Distinct content words of each text."""
        return self.numbered()[3]

    def lemma_keys(self):
        """(document, lemma token number) of every lemma token of every content word."""
        import numpy as np

        doc, number, lemmas, _ = self.numbered()
        vocabulary: dict[str, int] = {}
        tokens = [[vocabulary.setdefault(t, len(vocabulary)) for t in found] for found in lemmas]
        if all(len(t) == 1 for t in tokens):  # the usual case: one lemma token per word
            flat = np.fromiter((t[0] for t in tokens), dtype=np.uint64, count=len(tokens))
            return doc.astype(np.uint64), flat[number]
        counts = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        starts = np.cumsum(counts) - counts
        flat = np.fromiter((t for found in tokens for t in found), dtype=np.uint64, count=int(counts.sum()))
        per = counts[number]
        occurrence = np.repeat(np.arange(len(number)), per)
        within = np.arange(int(per.sum())) - np.repeat(np.cumsum(per) - per, per)
        return doc[occurrence].astype(np.uint64), flat[starts[number][occurrence] + within]

    def stem_tokens(self) -> list[list[str]]:
        return [self.stems.of_text(text, lang) for text, lang in self.texts]

    def lowered(self) -> list[str]:
        return [text.lower() for text, _ in self.texts]


def _tokens_matrix(docs: list[list[str]]):
    """L2-normalised sublinear TF-IDF rows over whole tokens; None without any token."""
    from comments.text.vectors import tfidf_rows, token_keys

    return tfidf_rows(*token_keys(docs), len(docs))


def _stems_matrix(docs: _Docs):
    return _tokens_matrix(docs.stem_tokens())


def _lemmas_matrix(docs: _Docs):
    from comments.text.vectors import tfidf_rows

    return tfidf_rows(*docs.lemma_keys(), len(docs.texts))


def _chars_matrix(docs: _Docs):
    """char_wb 3–5-grams of the lower-cased texts; None when no text has a character."""
    from comments.text.vectors import char_wb_keys, tfidf_rows

    texts = docs.lowered()
    return tfidf_rows(*char_wb_keys(texts, 3, 5), len(texts))


def _joined(*parts):
    """Rows of several normalised matrices side by side, so a cosine is their mean."""
    from scipy.sparse import hstack

    found = [m for m in parts if m is not None]
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    return hstack([m * (1 / math.sqrt(len(found))) for m in found], format="csr")


#: Candidate similarities (benchmarks/drift_similarity.py scores them by ROC AUC).
SIMILARITIES = {
    "stems": _stems_matrix,
    "lemmas": _lemmas_matrix,
    "chars": _chars_matrix,
    "stems+chars": lambda docs: _joined(_stems_matrix(docs), _chars_matrix(docs)),
    "lemmas+chars": lambda docs: _joined(_lemmas_matrix(docs), _chars_matrix(docs)),
}
#: Chosen on the dev half of the real threads: the highest ROC AUC among similarities that
#: give at most 10 % of replies a parent similarity of exactly 0 (see the README's Drift).
SIMILARITY = "lemmas+chars"


def thread_matrix(pt: ParsedThread, method: str = SIMILARITY, stems: Stems | None = None):
    """One L2-normalised row per comment (then the article, if any), fitted on this
    thread alone; None when the thread has no words at all."""
    return SIMILARITIES[method](_Docs(pt, stems or Stems()))


class _Similarity:
    """The thread's rows and cosine similarities between many pairs at once."""

    def __init__(self, pt: ParsedThread, stems: Stems) -> None:
        import numpy as np

        docs = _Docs(pt, stems)
        self.index = {c.id: i for i, c in enumerate(pt.comments)}
        self.article = len(pt.comments) if pt.thread.article_text and pt.thread.article_text.strip() else None
        self.matrix = SIMILARITIES[SIMILARITY](docs)
        rows = len(docs.texts)
        self.words = np.diff(self.matrix.indptr) if self.matrix is not None else np.zeros(rows, dtype=int)
        if self.article is not None and self.matrix is not None and self.matrix.shape[0] <= self.article:
            self.article = None
        # distinct content words per comment: whether a chain's end carries text enough to compare
        self.terms = docs.terms()[:len(pt.comments)]

    def pairs(self, left: list[int | None], right: list[int | None]) -> list[float | None]:
        """cos(row a, row b) for each pair; None where a row is missing or has no words."""
        import numpy as np

        from comments.text.vectors import pair_cosines

        out: list[float | None] = [None] * len(left)
        if self.matrix is None:
            return out
        words = self.words
        ok = [k for k, (a, b) in enumerate(zip(left, right))
              if a is not None and b is not None and words[a] and words[b]]
        if ok:
            values = pair_cosines(self.matrix, np.array([left[k] for k in ok]), np.array([right[k] for k in ok]))
            for k, v in zip(ok, values.tolist()):
                out[k] = v
        return out


def opening(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def thread_drift(pt: ParsedThread, chains: int = 5,
                 stems: Stems | None = None) -> tuple[list[Edge], ThreadDrift, list[Chain]]:
    """Reply edges, the thread's drift figures and its furthest-drifting chains."""
    sim = _Similarity(pt, stems or Stems())
    index = sim.index
    by_id = {c.id: c for c in pt.comments}
    root_of: dict[str, Comment] = {}
    for c, _ in walk(pt.comments):  # pre-order: a parent's root is known before its replies
        root_of[c.id] = c if c.parent_id is None else root_of[c.parent_id]
    replies = [c for c in pt.comments if c.parent_id is not None]
    me = [index[c.id] for c in replies]
    to_parent = sim.pairs(me, [index[c.parent_id] for c in replies])
    to_article = sim.pairs(me, [sim.article] * len(me))
    to_root = sim.pairs(me, [index[root_of[c.id].id] for c in replies])
    edges = []
    site, tid = pt.thread.site or "", str(pt.thread.thread_id)
    for c, s_parent, s_article, s_root in zip(replies, to_parent, to_article, to_root):
        parent = by_id[c.parent_id]
        parent_topics, topics = list(parent.topics or []), list(c.topics or [])
        kept = bool(set(parent_topics) & set(topics)) if parent_topics else None
        changed = (not kept) if parent_topics and topics else None
        edges.append(Edge(site, tid, c.id, parent.id, c.depth, parent_topics, topics, kept, changed, s_parent,
                          s_article, s_root))
    transitions: Counter = Counter()
    for e in edges:
        for p in e.parent_topics or [NONE]:
            for t in e.topics or [NONE]:
                transitions[(p, t)] += 1
    changes: Counter = Counter()
    for e in edges:
        if e.changed_subject:
            for p in e.parent_topics:
                for t in e.topics:
                    changes[(p, t)] += 1
    judged = [e for e in edges if e.kept_topic is not None]
    by_depth: dict[int, list[bool]] = {}
    for e in judged:
        by_depth.setdefault(e.depth, []).append(not e.kept_topic)
    # similarity to the article (or, without one, the root comment) against depth
    if sim.article is not None:
        everyone = sim.pairs([index[c.id] for c in pt.comments], [sim.article] * len(pt.comments))
        points = [(c.depth, v) for c, v in zip(pt.comments, everyone) if v is not None]
    else:
        points = [(e.depth, e.sim_root) for e in edges if e.sim_root is not None]
    slope, low, high, p_value = _slope(points)
    sims_parent = [e.sim_parent for e in edges if e.sim_parent is not None]
    sims_article = [e.sim_article for e in edges if e.sim_article is not None]
    summary = ThreadDrift(
        site, tid, len(edges),
        sum(e.kept_topic for e in judged) / len(judged) if judged else None,
        sum(sims_parent) / len(sims_parent) if sims_parent else None,
        sum(sims_article) / len(sims_article) if sims_article else None,
        slope, low, high, p_value, {d: sum(v) / len(v) for d, v in sorted(by_depth.items())}, transitions, changes)
    return edges, summary, _chains(pt, sim, chains, root_of) if chains else []


MIN_WORDS = 5  # both ends of a chain need this many distinct content words to be compared


def _chains(pt: ParsedThread, sim: _Similarity, limit: int, root_of: dict[str, Comment]) -> list[Chain]:
    """Root-to-leaf reply chains whose last comment is least like the first: longer
    chains first, then by drift; only chains whose first and last comments carry
    ``MIN_WORDS`` terms are ranked (a bare reaction like "Quelle?" cannot drift).
    Linear in the thread: only the chosen chains are walked back to their roots."""
    has_replies = {c.parent_id for c in pt.comments if c.parent_id is not None}
    leaves = [c for c in pt.comments if c.id not in has_replies and c.parent_id is not None
              and sim.terms[sim.index[c.id]] >= MIN_WORDS]
    sims = sim.pairs([sim.index[c.id] for c in leaves], [sim.index[root_of[c.id].id] for c in leaves])
    found = [(1.0 - s, c.depth + 1, root_of[c.id].position, c) for c, s in zip(leaves, sims)
             if s is not None and sim.terms[sim.index[root_of[c.id].id]] >= MIN_WORDS]
    found.sort(key=lambda x: (-min(x[1], 3), -x[0], x[2], x[3].position))
    by_id = {c.id: c for c in pt.comments}
    site, tid = pt.thread.site or "", str(pt.thread.thread_id)
    out = []
    for drift, _, _, leaf in found[:limit]:
        path = [leaf]
        while path[-1].parent_id is not None:
            path.append(by_id[path[-1].parent_id])
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
    edges, summaries, tops = [], [], []
    for pt in sorted(threads, key=lambda p: (p.thread.site or "", str(p.thread.thread_id))):
        e, s, c = thread_drift(pt, chains, stems)
        edges += e
        summaries.append(s)
        tops += c
    return edges, summaries, tops


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
