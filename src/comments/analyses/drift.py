"""Topic drift: how far, and where, a discussion wanders from the article and from the
comment each reply answers.

Similarity is the cosine between TF-IDF vectors fitted on one thread at a time (its
article and comments), so a thread's figures never depend on the other threads in a
run; ``SIMILARITY`` names the vectors, chosen by ``benchmarks/drift_similarity.py``
(ROC AUC of reply–parent against reply–random-non-ancestor pairs). Where the article
text is missing, a reply is compared with its thread's top-level (root) comment. The
rows are built by ``comments.text.similarity`` and ``comments.text.vectors`` (numpy),
the same weighting as scikit-learn's ``TfidfVectorizer``, in bounded memory: document
frequencies are counted a chunk of texts at a time, then the cosines of (reply, parent),
(reply, root) and (comment, article) a chunk of comments at a time, so a million-comment
thread never holds its whole TF-IDF matrix. A thread whose hashed texts fit in
``comments.text.vectors.KEEP`` bytes keeps them while counting and compares from its
whole matrix, built once (the same bits, each text read once). A thread's edges are one
column block (``comments.analyses.edges.EdgeBlock``), not one object per reply.

A reply *changes subject* only when its parent has a topic, it has a topic itself, and
it keeps none of its parent's (``changed_subject`` of an edge).

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

from comments.analyses.edges import REASONS, EdgeBlock, Edges, slope_similarity
from comments.model.placeholders import PLACEHOLDER_TEXTS, is_placeholder  # noqa: F401 (re-exported)
from comments.model.placeholders import out_of_discussion, unshown
from comments.model.records import ParsedThread
from comments.model.tree import root_rows
from comments.text import similarity as views
from comments.text.quotes import ParentWords
from comments.text.tokens import Stems

NONE = "none"


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
    #: replies the slope is fitted on (those with a similarity): below SLOPE_MIN_POINTS a
    #: slope has no interval or p; at or above it, a missing p means an exact fit
    slope_points: int = 0
    drift_rate_by_depth: dict[int, float] = field(default_factory=dict)
    transitions: Counter = field(default_factory=Counter)  # (parent topic, child topic) → count
    changes: Counter = field(default_factory=Counter)  # (parent topic, reply topic) of replies changing subject
    slope_p_adjusted: float | None = None  # Benjamini–Hochberg across threads (significant_slopes)
    #: replies without a similarity to their parent, by reason (``NOT_COMPARED``)
    not_compared_placeholder: int = 0
    not_compared_quote_only: int = 0
    not_compared_no_words: int = 0
    not_compared_other_language: int = 0
    not_compared_reaction: int = 0
    not_compared_unpublished: int = 0

    #: the stickiness chance gives: the mean, over the replies whose parent has a topic, of the
    #: share of the thread's other comments that carry one of the parent's topics (a random
    #: comment of the thread put in the reply's place); expected_kept and expected_kept_var
    #: are the sum of those shares and of their p(1 − p), the replies expected to keep a topic
    #: and its variance, summed over threads for the test against the baseline
    stickiness_baseline: float | None = None
    expected_kept: float = 0.0
    expected_kept_var: float = 0.0
    #: those chances, each with the replies that have it (chance → replies; CSV: JSON), the
    #: Poisson-binomial the exact stickiness test (:func:`stickiness_test`) convolves
    keep_chances: dict[float, int] = field(default_factory=dict)

def _language(text: str, known: str | None = None) -> str | None:
    """``de``, ``en``, ``other`` or None (too short to tell): classify's language when
    known, else identified from the text."""
    from comments.text.language import identify

    return known if known in _KNOWN else identify(text)


def _stemming_language(text: str, known: str | None = None) -> str:
    """``de`` or ``en`` for stemming and lemmas: the comment's language when known,
    else detected (``other`` is treated as German, like the rest of the pipeline)."""
    return "en" if _language(text, known) == "en" else "de"


def own_text(text: str, parent: str | ParentWords | None = None) -> str:
    """What a comment says itself, as drift compares it: its own words as the language
    module reads them (``text.quotes.own_words``: no "> " lines, no long passage in
    quotation marks) and, given the ``parent`` it answers (text or ``quote_grams``), no run
    of words the parent has too (a quote without a mark: a blog's <em> line, a pasted
    sentence); then no web addresses, @-handles or placeholders such as "|LBR|" (no content
    words: "https", "www", a domain)."""
    from comments.text.quotes import own_words

    text = own_words(text, parent)
    if "://" in text or "www." in text or "@" in text or "|" in text:
        from comments.classification.suggest import NOT_WORDS

        text = NOT_WORDS.sub(" ", text)
    return text


#: a comment's language as drift keeps it (one byte): 0 not yet read, then these
_LANGUAGE_CODES = {"de": 1, "en": 2, "other": 3, None: 4}
_KNOWN = frozenset({"de", "en", "other"})


class _ThreadTexts:
    """Each comment's own text (:func:`own_text`; a placeholder's is empty) and language,
    then the article's (if any), read on demand: nothing is copied per comment; the
    language (classify's, else identified; ``unknown`` when too short to tell) is kept as
    one byte, and stemming reads ``other`` and unknown as German, like the rest of the
    pipeline."""

    def __init__(self, pt: ParsedThread) -> None:
        import numpy as np

        self.comments = comments = pt.comments
        self.article = pt.thread.article_text or None
        self._languages = bytearray(len(self))  # _LANGUAGE_CODES
        index = {c.id: i for i, c in enumerate(comments)}
        #: each comment's parent row (−1: top level), whose words a reply's quote of them is told by
        self.parent = np.fromiter((-1 if c.parent_id is None else index[c.parent_id] for c in comments), np.int64,
                                  count=len(comments))
        self._grams: dict[int, ParentWords] = {}  # parent row → its quote_grams (bounded: replies answer recent ones)
        self._repeats = bytearray(len(comments))  # 0 not read yet, 1 repeats none of its parent's words, 2 does

    def __len__(self) -> int:
        return len(self.comments) + (self.article is not None)

    def lengths(self) -> list[int]:
        """Each text's length (the comments', then the article's), no language read."""
        return [len(c.text) for c in self.comments] + ([len(self.article)] if self.article is not None else [])

    def own(self, i: int) -> str:
        """Text ``i`` as compared: the comment's own words (a placeholder's: none; a reply's
        without what it quotes of its parent), or the article's."""
        if i < len(self.comments):
            c = self.comments[i]
            if out_of_discussion(c):  # (spam and pending comments too: no reader saw them)
                return ""
            if self._repeats[i] == 1:  # read before (texts are read more than once): no parent run to look for
                return own_text(c.text)
            text = own_text(c.text, grams := self.parent_grams(i))
            self._repeats[i] = 2 if grams and text != own_text(c.text) else 1
            return text
        return own_text(self.article)

    def parent_grams(self, i: int) -> ParentWords | None:
        """The ``quote_grams`` of comment ``i``'s parent (None for a top-level comment or a
        placeholder parent), each parent's built once while its replies are near."""
        p = int(self.parent[i])
        if p < 0 or out_of_discussion(self.comments[p]):
            return None
        found = self._grams.get(p)
        if found is None:
            from comments.text.quotes import quote_grams

            if len(self._grams) >= 4096:
                self._grams.clear()
            found = self._grams[p] = quote_grams(self.comments[p].text)
        return found

    def quoted(self, i: int) -> bool:
        """Whether comment ``i`` leaves out something it quotes: a "> " line, a long passage in
        quotation marks, or words of its parent (a text without content word of its own that
        does is ``quote_only``)."""
        from comments.text.quotes import quotes, unquoted_parts

        text, grams = self.comments[i].text, self.parent_grams(i)
        return quotes(text) or bool(grams) and unquoted_parts(text, grams) != [text]

    def __getitem__(self, i: int) -> tuple[str, str]:
        text, known = self.own(i), (self.comments[i].language if i < len(self.comments) else None)
        code = self._languages[i]
        if not code:
            code = self._languages[i] = _LANGUAGE_CODES[known if known in _KNOWN else _language(text)]
        return text, "en" if code == 2 else "de"

    def languages(self):
        """Each text's language code (numpy uint8, ``_LANGUAGE_CODES``; 0 for a text not read yet)."""
        import numpy as np

        return np.frombuffer(bytes(self._languages), dtype=np.uint8)


def compared_texts(pt: ParsedThread) -> list[tuple[str, str]]:
    """Each comment's (own text, stemming language) as drift compares it, then the
    article's: the input of a reference computation (tests, benchmarks)."""
    texts = _ThreadTexts(pt)
    return [texts[i] for i in range(len(texts))]


#: Candidate similarities (benchmarks/drift_similarity.py scores them by ROC AUC): the
#: views (``comments.text.similarity``) whose rows are compared side by side.
SIMILARITIES = {"stems": ("stems",), "lemmas": ("lemmas",), "chars": ("chars",), "stems+chars": ("stems", "chars"),
                "lemmas+chars": ("lemmas", "chars")}
#: Chosen on the dev half of the real threads: the highest ROC AUC among similarities that
#: give at most 10 % of replies a parent similarity of exactly 0 (see docs/methods.md, "Drift similarity").
SIMILARITY = "lemmas+chars"


def thread_matrix(pt: ParsedThread, method: str = SIMILARITY, stems: Stems | None = None):
    """One L2-normalised row per comment (then the article, if any), fitted on this
    thread alone, the views side by side; None when the thread has no words at all."""
    return views.matrix(views.Texts(_ThreadTexts(pt), stems or Stems()), SIMILARITIES[method])


class _Similarity:
    """A thread's views fitted a chunk of texts at a time, and cosines between the rows
    of many pairs, computed a chunk of comments at a time (``chunk`` characters: the
    chunk's comments with the rows they are paired with), so memory holds the
    vocabularies and one chunk, never the thread's rows."""

    def __init__(self, pt: ParsedThread, stems: Stems, chunk: int | None = None, keep: int | None = None) -> None:
        from comments.text.vectors import CHUNK

        self.chunk = chunk or CHUNK
        self.n = len(pt.comments)
        self.article = self.n if pt.thread.article_text and pt.thread.article_text.strip() else None
        self.texts = _ThreadTexts(pt)
        self._identified: dict[int, str | None] = {}  # text → its identified language (other_language)
        self.fitted = views.Fitted(views.Texts(self.texts, stems), SIMILARITIES[SIMILARITY], self.chunk, keep)
        # a text without a content word ("+1", "😂", "12345", a bare address, only a quote, a
        # placeholder: empty) is compared with nothing: its similarity is unknown, not 0
        self.empty = self.fitted.empty | (self.fitted.terms == 0)
        # distinct content words per comment: whether a chain's end carries text enough to compare
        self.terms = self.fitted.terms[:self.n]

    def other_language(self, mine, others):
        """Whether each pair (row ``mine[k]``, row ``others[k]``; −1: none) is in two
        languages, both known (de, en or another) and different: such a pair shares
        neither words nor much spelling, so its cosine would read as drift. The languages
        are classify's (or identified) first; a pair whose two differ is decided by the
        identifier on the texts as compared (``text.language.identify``: classify gives a
        comment too short to tell its thread's language; drift compares texts without links), so
        only pairs that both name a language, and different ones, count."""
        import numpy as np

        from comments.text.language import identify

        codes = self.texts.languages()
        other = np.maximum(others, 0)
        a, b = codes[mine], codes[other]
        out = (others >= 0) & (a >= 1) & (a <= 3) & (b >= 1) & (b <= 3) & (a != b)
        for k in np.flatnonzero(out).tolist():
            x, y = (self._identified.setdefault(i, identify(self.texts.own(i))) for i in (int(mine[k]), int(other[k])))
            out[k] = x is not None and y is not None and x != y
        return out

    def each(self, others: list):
        """cos(row i, row others[k][i]) for every comment i and each array of rows in
        ``others`` (numpy float arrays); NaN where the other row is −1 or either row has
        no feature."""
        import numpy as np

        from comments.text.vectors import chunks, summed_cosines

        out = [np.full(self.n, np.nan) for _ in others]
        if not self.fitted.vocabularies:
            return out
        if self.fitted.whole is not None:  # every row at hand: all pairs at once
            self._fill(out, np.arange(self.n), others, lambda a, b: summed_cosines(self.fitted.whole, a, b))
            return out
        before, before_rows = np.zeros(0, np.int64), None  # the last chunk's documents (sorted) and rows
        for first, stop in chunks(self.fitted.docs.lengths()[:self.n], self.chunk):
            mine = np.arange(first, stop)
            paired = [o[first:stop] for o in others]
            need = np.unique(np.concatenate([mine, *(p[p >= 0] for p in paired)]))
            rows = self._rows(need, before, before_rows)
            self._fill([o[first:stop] for o in out], mine, paired, lambda a, b: summed_cosines(
                rows, np.searchsorted(need, a), np.searchsorted(need, b)))
            before, before_rows = need, rows
        return out

    def _fill(self, out: list, mine, others: list, cosines) -> None:
        """``out[k][j] = cos(mine[j], others[k][j])`` where both rows have a feature
        (``cosines(left, right)`` of the documents' rows), every array's pairs in one call
        (the cosines are row by row: batching them changes no bit)."""
        oks, left, right = self.wanted(mine, others)
        self.put(out, oks, cosines(left, right))

    def wanted(self, mine, others: list) -> tuple[list, object, object]:
        """Which pairs (``mine[j]``, ``others[k][j]``) have a feature on both sides (one
        mask per array) and their rows (left, right: every array's pairs in turn)."""
        import numpy as np

        oks, lefts, rights = [], [], []
        for p in others:
            ok = p >= 0
            ok[ok] = ~(self.empty[mine[ok]] | self.empty[p[ok]])
            oks.append(ok)
            lefts.append(mine[ok])
            rights.append(p[ok])
        return oks, np.concatenate(lefts), np.concatenate(rights)

    @staticmethod
    def put(out: list, oks: list, found) -> None:
        """The cosines of :meth:`wanted`'s pairs into their arrays."""
        at = 0
        for target, ok in zip(out, oks):
            size = int(ok.sum())
            target[ok] = found[at:at + size]
            at += size

    def _rows(self, need, before, before_rows) -> list:
        """The views' rows of the documents ``need`` (sorted), in that order: those the
        last chunk had are copied from its rows (replies mostly answer recent comments),
        only the others are computed."""
        import numpy as np
        from scipy.sparse import vstack

        had = np.isin(need, before, assume_unique=True)
        if not had.any():
            return self.fitted.rows(need)
        fresh = self.fitted.rows(need[~had]) if not had.all() else None
        order = np.argsort(np.concatenate([np.flatnonzero(had), np.flatnonzero(~had)]), kind="stable")
        kept = np.searchsorted(before, need[had])
        return [(vstack([old[kept], new], format="csr") if new is not None else old[kept])[order]
                for old, new in zip(before_rows, fresh or [None] * len(before_rows))]


def opening(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def thread_drift(pt: ParsedThread, chains: int = 5, stems: Stems | None = None,
                 chunk: int | None = None, keep: int | None = None) -> tuple[EdgeBlock, ThreadDrift, list[Chain]]:
    """Reply edges (one column block), the thread's drift figures and its
    furthest-drifting chains; ``chunk``: characters of text compared at a time, ``keep``:
    bytes of hashed text kept between counting and comparing (``comments.text.vectors.KEEP``)."""
    return threads_drift([pt], chains, stems, chunk, keep)[0]


#: comments whose threads :func:`threads_drift` compares together at most (their rows held
#: at once; a thread alone may hold up to ``vectors.KEEP`` bytes of pairs)
TOGETHER = 1 << 10


def threads_drift(pts: list[ParsedThread], chains: int = 5, stems: Stems | None = None, chunk: int | None = None,
                  keep: int | None = None) -> list[tuple[EdgeBlock, ThreadDrift, list[Chain]]]:
    """:func:`thread_drift` of each thread, the threads whose texts fit in ``keep`` weighted
    and compared together (``similarity.together``: one matrix per view for a group of threads,
    the pairs' cosines in one call), so a range of small threads pays those fixed costs once;
    each thread's figures are the bits it has alone (its own vocabulary, IDF and column order)."""
    import numpy as np

    from comments.text.vectors import summed_cosines

    stems = stems or Stems()
    out, group, size = [], [], 0
    for k, pt in enumerate(pts, 1):
        group.append(_Pairs(pt, _Similarity(pt, stems, chunk, keep)))
        size += len(pt.comments)
        if size >= TOGETHER or k == len(pts):
            waiting = [g for g in group if g.found is None]
            if waiting:
                matrices, starts = views.together([g.sim.fitted for g in waiting], SIMILARITIES[SIMILARITY])
                wanted = [g.sim.wanted(np.arange(g.sim.n), g.others) for g in waiting]
                found = summed_cosines(matrices, np.concatenate([w[1] + at for w, at in zip(wanted, starts)]),
                                       np.concatenate([w[2] + at for w, at in zip(wanted, starts)]))
                at = 0
                for g, (oks, left, _) in zip(waiting, wanted):
                    g.found = [np.full(g.sim.n, np.nan) for _ in g.others]
                    g.sim.put(g.found, oks, found[at:at + len(left)])
                    at += len(left)
            out += [_thread_drift(g, chains) for g in group]
            group, size = [], 0
    return out


class _Pairs:
    """A thread's rows as compared (parent, root, article) and, once computed, their cosines."""

    def __init__(self, pt: ParsedThread, sim: _Similarity) -> None:
        import numpy as np

        self.pt, self.sim = pt, sim
        n = len(pt.comments)
        self.parent = sim.texts.parent
        self.root = root_rows(self.parent)
        self.article = np.full(n, -1 if sim.article is None else sim.article, dtype=np.int64)
        self.to_root_rows = np.where(self.parent >= 0, self.root, -1)
        # a reply to a top-level comment has that comment as parent and root: one pair, compared once
        # (each pair's cosine is computed alone, so the copy has the bits a second computation gives)
        self.same = (self.to_root_rows >= 0) & (self.to_root_rows == self.parent)
        self.others = [self.parent, np.where(self.same, -1, self.to_root_rows), self.article]
        # a thread with every row at hand is compared with its group (``threads_drift``)
        self.found = None if sim.fitted.whole is not None else sim.each(self.others)


def _thread_drift(pairs: _Pairs, chains: int) -> tuple[EdgeBlock, ThreadDrift, list[Chain]]:
    """One thread's edges, figures and chains from its compared pairs."""
    import numpy as np
    import pyarrow as pa

    pt, sim = pairs.pt, pairs.sim
    comments = pt.comments
    n = len(comments)
    parent, root, article, to_root_rows, same = pairs.parent, pairs.root, pairs.article, pairs.to_root_rows, pairs.same
    to_parent, to_root, everyone = pairs.found
    to_root[same] = to_parent[same]
    code: dict[tuple[str, ...], int] = {}
    # a comment no reader saw (spam, pending) is no part of the discussion's topic flow, whatever classify found:
    # no topic here (as the topic tables count it apart), so a reply to it has no parent topic to keep
    coded = np.fromiter((code.setdefault(() if _unseen(c) else tuple(c.topics or ()), len(code)) for c in comments),
                        np.int32, count=n)
    labelsets = list(code)
    side, reaction = _sides(comments, sim.empty[:n], sim.texts)
    rows = np.arange(n)
    for found, other in ((to_parent, parent), (to_root, to_root_rows), (everyone, article)):
        found[sim.other_language(rows, other)] = np.nan
        # a reply that is a bare reaction ("Agreed!!", "Many thanks Daniel") stays on no subject and leaves none: it
        # is out of the means and the slope, as stickiness leaves it out (a reply to one is compared: it has words)
        found[reaction] = np.nan
    replies = np.flatnonzero(parent >= 0)
    parents = parent[replies]
    reason = _not_compared(side[replies], side[parents], sim.other_language(replies, parents))
    # kept and changed per distinct (parent topics, topics) pair, then spread over the replies
    pairs, which, counts = np.unique(coded[parents].astype(np.int64) * max(1, len(code)) + coded[replies],
                                     return_inverse=True, return_counts=True)
    kept_of, changed_of = np.empty(len(pairs), np.int8), np.empty(len(pairs), np.int8)
    transitions: Counter = Counter()
    changes: Counter = Counter()
    for k, (pair, times) in enumerate(zip(pairs.tolist(), counts.tolist())):
        before, after = labelsets[pair // max(1, len(code))], labelsets[pair % max(1, len(code))]
        kept_of[k] = (1 if set(before) & set(after) else 0) if before else -1
        changed_of[k] = 1 - kept_of[k] if kept_of[k] >= 0 and after else -1
        for p in before or [NONE]:
            for x in after or [NONE]:
                transitions[(p, x)] += times
        if changed_of[k] == 1:
            for p in before:
                for x in after:
                    changes[(p, x)] += times
    kept, changed = kept_of[which.ravel()], changed_of[which.ravel()]
    # a placeholder, a text without a content word or a bare reaction (classify gives it no topic) cannot keep
    # a topic, nor can a reply to a placeholder: not judged (and not in the chance baseline's pool either)
    pool = (side != 1) & (side != 3) & (side != 6) & ~reaction
    unjudged = ~pool[replies] | (side[parents] == 1) | (side[parents] == 6)
    kept[unjudged], changed[unjudged] = -1, -1
    apart = (side == 1) | (side == 6)
    for k in np.flatnonzero(apart[replies] | apart[parents]).tolist():  # no topic flow either
        for p in labelsets[coded[parents[k]]] or [NONE]:
            for x in labelsets[coded[replies[k]]] or [NONE]:
                transitions[(p, x)] -= 1
    transitions = +transitions  # pairs counted only for placeholders are gone
    depth = np.fromiter((c.depth for c in comments), np.int64, count=n)
    site, tid = pt.thread.site or "", str(pt.thread.thread_id)
    edges = EdgeBlock(site, tid, pa.array([comments[i].id for i in replies.tolist()], pa.string()),
                      pa.array([comments[p].id for p in parents.tolist()], pa.string()), depth[replies], labelsets,
                      coded[parents], coded[replies], kept, changed, to_parent[replies], everyone[replies],
                      to_root[replies], reason)
    judged = kept >= 0
    chance = _chance(coded[parents[judged]], coded, labelsets, pool, parents[judged])
    per_depth = np.unique(edges.depth[judged], return_counts=True)
    drifting = np.unique(edges.depth[kept == 0], return_counts=True)
    drifted = dict(zip(drifting[0].tolist(), drifting[1].tolist()))
    # the replies' similarity to the article (or, without one, the root comment) against their depth
    x, y = edges.depth, slope_similarity(edges.sim_article, edges.sim_root)
    points = ~np.isnan(y)
    slope, low, high, p_value = _slope(x[points], y[points])
    n_judged = int(judged.sum())
    summary = ThreadDrift(
        site, tid, len(replies), int((kept == 1).sum()) / n_judged if n_judged else None,
        _mean(edges.sim_parent), _mean(edges.sim_article), slope, low, high, p_value, int(points.sum()),
        {d: drifted.get(d, 0) / k for d, k in zip(*(v.tolist() for v in per_depth))}, transitions, changes,
        stickiness_baseline=float(chance.mean()) if n_judged else None, expected_kept=float(chance.sum()),
        expected_kept_var=float((chance * (1 - chance)).sum()), keep_chances=_chance_counts(chance),
        **{f"not_compared_{name}": int((reason == code).sum()) for code, name in enumerate(NOT_COMPARED) if code})
    return edges, summary, _chains(pt, sim, chains, parent, root, to_root) if chains else []


#: why a reply has no similarity to its parent (drift_edges' ``not_compared``; code 0: compared),
#: the first that applies: a placeholder or pingback on either side, a comment no reader saw (spam or
#: pending, code 6) on either side, only quoted lines, no content word on either side, a reply that is a
#: bare reaction (code 5), parent and reply in different languages
NOT_COMPARED = REASONS


def _sides(comments, empty, texts: _ThreadTexts):
    """Each comment's side of a pair (numpy int8, ``NOT_COMPARED`` codes): 1 a placeholder
    or pingback, 6 a comment no reader saw (spam, pending), 2 a text that only quotes (no content word of its own: ``texts.quoted``),
    3 no content word, 5 a bare reaction; and which comments are bare reactions (numpy
    bool; ``suggest.says_something``, the rule stickiness and its baseline leave them out
    by; a topic classify let one inherit from its parent does not make it say something)."""
    import numpy as np

    from comments.classification.suggest import says_something, thread_names

    side = np.where(empty, 3, 0).astype(np.int8)
    for i in np.flatnonzero(empty).tolist():
        if out_of_discussion(comments[i]):
            side[i] = 6 if _unseen(comments[i]) else 1
        elif texts.quoted(i):
            side[i] = 2
    reaction = np.zeros(len(comments), dtype=bool)
    names = thread_names(comments)
    for i in np.flatnonzero((side == 0) | (side == 2)).tolist():
        reaction[i] = not says_something(comments[i], names=names)
    side[reaction & (side == 0)] = 5
    return side, reaction


def _unseen(c) -> bool:
    """A comment no reader saw (spam, pending), counted apart as the topic tables count it (``unpublished``; a
    pingback marked spam stays a pingback there and here)."""
    return unshown(c) and c.kind == "comment"


def _not_compared(reply, parent, languages):
    """Each edge's ``NOT_COMPARED`` code from its two sides' codes and whether they are in
    different languages."""
    import numpy as np

    out = np.where(languages, 4, 0).astype(np.int8)
    out[reply == 5] = 5  # a bare reaction: the reply's side only (a reply to one says something)
    for code in (3, 2, 6, 1):  # the first reason wins: set last
        out[(reply == code) | (parent == code)] = code
    return out


def _chance(parent_codes, coded, labelsets: list[tuple[str, ...]], pool=None, parent_rows=None):
    """For each reply's parent (its labelset code; the parent has a topic), the share of
    the thread's other comments in ``pool`` (default all; numpy bool per comment) carrying
    one of its topics: the chance that a comment drawn at random from the pool keeps a
    topic of that parent (numpy array; ``parent_rows``: the parents' rows, to leave each
    parent itself out of its pool)."""
    import numpy as np

    pool = np.ones(len(coded), dtype=bool) if pool is None else pool
    sizes = np.bincount(coded[pool], minlength=len(labelsets))
    sharing = np.zeros(len(labelsets))
    for code in np.unique(parent_codes).tolist():
        mine = set(labelsets[code])
        sharing[code] = sum(int(sizes[k]) for k, ls in enumerate(labelsets) if mine & set(ls))
    itself = (pool[parent_rows] if parent_rows is not None else np.ones(len(parent_codes), dtype=bool)).astype(float)
    others = pool.sum() - itself
    return np.divide(sharing[parent_codes] - itself, others, out=np.zeros(len(parent_codes)), where=others > 0)


def _chance_counts(chance) -> dict[float, int]:
    """The distinct chances of a thread's judged replies with how many replies have each
    (few: one per distinct parent labelset), smallest first."""
    import numpy as np

    values, counts = np.unique(chance, return_counts=True)
    return dict(zip(values.tolist(), counts.tolist()))


def _mean(values) -> float | None:
    """Mean of the values that are not NaN (summed in order, as before); None without any."""
    found = [v for v in values.tolist() if v == v]
    return sum(found) / len(found) if found else None


#: a chain comment's opening where it has no text: a deleted comment, or an empty one (never an empty quote "“”")
NO_TEXT = {"deleted": "(deleted)", "empty": "(no text)"}


def _no_text(c) -> str:
    """The opening of a chain comment without text: "(deleted)" for a deleted or removed one, else "(no text)"."""
    from comments.model.placeholders import is_gone

    return NO_TEXT["deleted"] if is_gone(c) else NO_TEXT["empty"]


def _shown_text(text: str, parent: ParentWords | None = None) -> str:
    """A chain comment's words as its opening shows them: without what it quotes (of its
    ``parent``'s ``quote_grams`` too; what the similarity compares), or the whole text when
    it only quotes."""
    from comments.text.quotes import own_words

    own = own_words(text, parent)
    return own if own.strip() else text


MIN_WORDS = 5  # both ends of a chain need this many distinct content words to be compared


def _chains(pt: ParsedThread, sim: _Similarity, limit: int, parent, root, to_root) -> list[Chain]:
    """Root-to-leaf reply chains whose last comment is least like the first: longer
    chains first, then by drift; only chains whose first and last comments carry
    ``MIN_WORDS`` terms are ranked (a bare reaction like "Quelle?" cannot drift).
    Linear in the thread: only the chosen chains are walked back to their roots."""
    import numpy as np

    comments = pt.comments
    n = len(comments)
    has_replies = np.bincount(parent[parent >= 0], minlength=n) > 0
    leaf = np.flatnonzero((parent >= 0) & ~has_replies & (sim.terms >= MIN_WORDS) & (sim.terms[root] >= MIN_WORDS)
                          & ~np.isnan(to_root))
    drift = 1.0 - to_root[leaf]
    length = np.minimum(np.fromiter((comments[i].depth for i in leaf.tolist()), np.int64, count=len(leaf)) + 1, 3)
    position = np.fromiter((c.position for c in comments), np.int64, count=n)
    order = np.lexsort((position[leaf], position[root[leaf]], -drift, -length))[:limit]
    site, tid = pt.thread.site or "", str(pt.thread.thread_id)
    out = []
    for k in order.tolist():
        path = [int(leaf[k])]
        while parent[path[-1]] >= 0:
            path.append(int(parent[path[-1]]))
        rows = path[::-1]
        chain = [comments[i] for i in rows]
        shown = rows if len(rows) <= 12 else rows[:5] + rows[-5:]
        openings = [opening(_shown_text(comments[i].text, sim.texts.parent_grams(i))) or _no_text(comments[i])
                    for i in shown]
        if len(chain) > 12:
            openings.insert(5, f"… {len(chain) - 10} more replies …")
        out.append(Chain(site, tid, [c.id for c in chain], openings, round(float(drift[k]), 4),
                         list(chain[0].topics or []), list(chain[-1].topics or [])))
    return out


#: points a slope needs before its interval and p-value are computed (3 residual degrees
#: of freedom): with one or two, a p-value rests on one or two residuals and a thread of
#: three replies becomes a "highly significant" finding
SLOPE_MIN_POINTS = 4
#: 1 − r² below this is an exact fit (rounding only): no residual variance to test against
EXACT_FIT = 1e-10


def _slope(depths, sims) -> tuple[float | None, float | None, float | None, float | None]:
    """OLS slope of similarity on depth (numpy arrays), its 95 % confidence interval (t
    distribution) and two-sided p-value, from scipy.stats.linregress; Nones below 3
    points or one depth; the slope alone (interval and p None) below SLOPE_MIN_POINTS
    points or when the similarities are flat or lie exactly on a line, where a t-test has
    no residual variance to rest on."""
    import numpy as np

    if len(depths) < 3 or len(np.unique(depths)) < 2:
        return None, None, None, None
    degenerate = len(depths) < SLOPE_MIN_POINTS
    from scipy.special import stdtrit
    from scipy.stats import linregress

    # the undecorated function (the arrays are one-dimensional and NaN-free: the nan-policy
    # wrapper costs a millisecond a thread) and the t quantile ``t.ppf`` computes, the same bits
    fit = getattr(linregress, "__wrapped__", linregress)(depths.astype(np.float64), sims.astype(np.float64))
    if degenerate or not math.isfinite(fit.rvalue) or 1.0 - fit.rvalue ** 2 < EXACT_FIT:
        return float(fit.slope), None, None, None
    half = float(stdtrit(len(depths) - 2, 0.975)) * float(fit.stderr)
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
    return Edges(parts), summaries, tops


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


#: up to this many judged replies the stickiness test is exact (a convolution over the replies,
#: quadratic in them: about 0.1 s at the bound); above it, the normal approximation
EXACT_MAX = 10_000
#: above :data:`EXACT_MAX`, the normal approximation is used only where the expected count's
#: variance reaches this (a standard deviation of 5); below it no p is given
NORMAL_MIN_VAR = 25.0


def poisson_binomial(chances: dict[float, int]):
    """The distribution of the number of successes of independent trials (chance → trials):
    the exact Poisson-binomial pmf (numpy, index k = k successes), convolving one binomial
    per distinct chance (scipy.stats.binom) — the sum of all ``n`` trials in O(n²) at worst."""
    import numpy as np
    from scipy.stats import binom

    pmf = np.ones(1)
    for p, m in sorted(chances.items()):
        pmf = np.convolve(pmf, binom.pmf(np.arange(m + 1), m, min(max(p, 0.0), 1.0)))
    return pmf


def stickiness_test(summaries: list[ThreadDrift], judged: int, kept: int) -> tuple[float, float | None, str | None]:
    """(the baseline share of the ``judged`` replies whose parent has a topic expected to
    keep one, two-sided p of ``kept`` such replies against it, the method) over all threads.
    The count kept by chance is Poisson-binomial (one Bernoulli chance per judged reply,
    ``keep_chances``): up to :data:`EXACT_MAX` replies its exact distribution, p the mass of
    the counts no likelier than the observed one (as ``scipy.stats.binomtest`` for equal
    chances); above it the normal approximation with continuity correction where the
    variance reaches :data:`NORMAL_MIN_VAR`. p None without variance (every chance 0 or 1)
    or with too little of it above the bound; method None then."""
    expected = sum(s.expected_kept for s in summaries)
    variance = sum(s.expected_kept_var for s in summaries)
    share = expected / judged if judged else 0.0
    if variance <= 0:
        return share, None, None
    if judged <= EXACT_MAX:
        chances: Counter = Counter()
        for s in summaries:
            chances.update(s.keep_chances)
        pmf = poisson_binomial(chances)
        return share, float(min(1.0, pmf[pmf <= pmf[kept] * (1 + 1e-7)].sum())), "exact"
    if variance < NORMAL_MIN_VAR:
        return share, None, None
    from scipy.stats import norm

    z = max(0.0, abs(kept - expected) - 0.5) / math.sqrt(variance)
    return share, float(2 * norm.sf(z)), "normal approximation"


def top_chains(chains: list[Chain], limit: int) -> list[Chain]:
    """The chains drifting furthest over all threads, chains of three or more comments first
    (as each thread's own chains are chosen: a parent and one reply are a weaker finding
    than a drift over several replies; ties: site, thread, ids)."""
    return sorted(chains, key=lambda ch: (-min(len(ch.ids), 3), -ch.drift, ch.site, ch.thread_id, ch.ids))[:limit]
