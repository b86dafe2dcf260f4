"""The topic pass over many threads at once (:func:`transform_many`): what
:meth:`TopicClassifier.transform_each <comments.classification.topics.TopicClassifier.transform_each>`
sets comment by comment, float for float, with the scores held as one (comments × topics)
array instead of a dictionary per comment and step.

Thread by thread only the walk and the reply structure are read; the comments' words
(``words_many``, or ``words_of`` each), own term scores as rows (each distinct evidence
value's score computed once, the few comments whose handles hold a seed term read apart),
bare reactions and model word columns are read for the whole call. Then the term rule in thread context runs
level by level over the reply trees (a reply's row reads its parent's final row: the same
float operations as the per-comment rule), the learned model scores every comment of the
call in one product, labels are read from boolean rows (each distinct pattern's label list
made once) and each comment's score dictionary is built once, at the end.
"""

from __future__ import annotations

from collections import deque
from itertools import chain, compress, repeat
from operator import and_, attrgetter, contains, is_, is_not, itemgetter, or_

import numpy as np

from comments.classification.tone import shared_rows
from comments.model.placeholders import placeholder_flags
from comments.model.tree import walk_order
from comments.text.tokens import tokenize


class _Scores(dict):
    """evidence → ``topics.evidence_score(evidence)`` (few distinct values: weights repeat)."""

    def __init__(self, score) -> None:
        super().__init__()
        self.score = score

    def __missing__(self, evidence: float) -> float:
        value = self.score(evidence)
        if len(self) < 100_000:
            self[evidence] = value
        return value


class _Labels(dict):
    """A bit pattern of topics → their ids in taxonomy order (one tuple per pattern)."""

    def __init__(self, ids: list[str]) -> None:
        super().__init__()
        self.ids = ids

    def __missing__(self, bits: int) -> tuple[str, ...]:
        value = self[bits] = tuple(t for j, t in enumerate(self.ids) if bits >> j & 1)
        return value


def own_row(classifier, text: str, language: str, tokens, found, evidence=None) -> list[float]:
    """A comment's own term scores in taxonomy order (``classifier.own_scores`` as a row;
    ``evidence``: ``_evidence(classifier)`` when the caller has it)."""
    if found is None or ("@" in text and _handles_hit(classifier, text, language)):
        scores = classifier.own_scores(text, language, tokens, found)  # (read without its handles)
        return [scores[t] for t in classifier.taxonomy.ids]
    evidence = _evidence(classifier) if evidence is None else evidence
    return list(map(evidence.__getitem__, map(found.get, classifier.taxonomy.ids, repeat(0.0))))


def _handles_hit(classifier, text: str, language: str) -> bool:
    """Whether the handles in ``text`` hold a seed term (``own_scores`` then reads the text
    without them)."""
    from comments.classification.topics import MENTION

    handles = MENTION.findall(text)
    return bool(handles) and classifier._handles_hit(" ".join(handles), language)


def _evidence_rows(found: list[dict[str, float]], ids: list[str], evidence_of) -> np.ndarray:
    """``[[evidence_of(f.get(t, 0.0)) for t in ids] for f in found]`` as an array, from the items
    the dictionaries hold (a few each, most of them cue names) and each distinct value's score
    computed once."""
    out = np.full((len(found), len(ids)), evidence_of(0.0), dtype=np.float64)
    names = list(chain.from_iterable(found))
    if names and ids:
        column = {t: j for j, t in enumerate(ids)}
        columns = np.fromiter(map(column.get, names, repeat(-1)), dtype=np.intp, count=len(names))
        values = np.fromiter(chain.from_iterable(map(dict.values, found)), dtype=np.float64, count=len(names))
        rows = np.repeat(np.arange(len(found)), np.fromiter(map(len, found), dtype=np.intp, count=len(found)))
        kept = columns >= 0
        distinct, at = np.unique(values[kept], return_inverse=True)
        scores = np.fromiter(map(evidence_of, distinct.tolist()), dtype=np.float64, count=len(distinct))
        out[rows[kept], columns[kept]] = scores[at]
    return out


_TEXT, _LANGUAGE, _ID, _PARENT_ID = attrgetter("text"), attrgetter("language"), attrgetter("id"), attrgetter("parent_id")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_NONE: dict[str, float] = {}  # (a row's lexicon scores when its term scores are read otherwise: never changed)


def _evidence(classifier) -> _Scores:
    from comments.classification.topics import evidence_score

    found = getattr(classifier, "_evidence_scores", None)
    if found is None:
        found = classifier._evidence_scores = _Scores(evidence_score)
    return found


def in_context(own: np.ndarray, reactions: np.ndarray, parents: list[int], levels: list[int],
               threshold: float, boost: float, inherit: float) -> np.ndarray:
    """``TopicClassifier._in_context`` of every row: a bare reaction's scores capped (and
    rounded, as there), a reply's read with its parent's final row (``parents[i]``: the row,
    or -1), level by level (``levels[i]``: 0 without a parent, else its parent's level + 1)."""
    final = own.copy()
    cap = threshold * 0.9
    for i in np.flatnonzero(reactions).tolist():
        final[i] = [round(min(s, cap), 4) for s in own[i].tolist()]
    if not len(own):
        return final
    level = np.asarray(levels, dtype=np.int64)
    parent = np.asarray(parents, dtype=np.int64)
    replies = ~reactions & (parent >= 0)
    if not replies.any():
        return final
    order = np.flatnonzero(replies)
    order = order[np.argsort(level[order], kind="stable")]
    bounds = np.flatnonzero(np.diff(level[order])) + 1
    for rows in np.split(order, bounds):
        s = own[rows]
        p = final[parent[rows]]
        has_own = (s >= threshold).any(axis=1)[:, None]
        final[rows] = np.where(s > 0, 1.0 - (1.0 - s) * (1.0 - boost * p),
                               np.where(has_own, 0.0, inherit * p))
    return final


def transform_many(classifier, threads, words_of=None, on_scored=None, model=None, words_many=None) -> None:
    """Set ``topics`` and ``topic_scores`` of every comment of ``threads`` (each thread a unit
    of its own, as ``transform_each`` reads it); ``model``: the learned topic model or None;
    ``words_many(comments)``: ``list(map(words_of, comments))`` when the caller has it. Only the
    walk and the reply structure are read thread by thread; the comments' words, handles and
    reactions are read for the whole call at once (C-level maps, no Python step per thread),
    and ``on_scored`` is called once with every comment of the call in walk order."""
    from comments.classification.reactions import REACTION_TOKENS, is_reaction
    from comments.classification.topics import CONTEXT_BOOST, INHERIT, MENTION

    ids = classifier.taxonomy.ids
    k = len(ids)
    evidence = _evidence(classifier)
    evidence_of, zeros = evidence.__getitem__, [0.0] * k
    mentions, handles_hit = MENTION.findall, classifier._handles_hit  # (as _handles_hit reads a comment's handles)
    known_hits = classifier._handle_hits  # (handles_hit's memory: (handles, language) → hit)
    words = model is not None and bool(model.vocab)  # (a model without a word block reads no words)
    order, rows, context, levels, model_parents, columns, units, lasts = [], [], [], [], [], [], [], []
    rows_at: list[int] = []  # the rows whose term scores are ``rows`` (the others' are read from ``found_all``)
    reactions: list[int] = []  # the rows of bare reactions
    for pt in threads:  # the walk and the reply structure, thread by thread
        start = len(order)
        walked = walk_order(pt.comments)
        cids = list(map(_ID, walked))
        pids = list(map(_PARENT_ID, walked))
        seen = dict(zip(cids, range(start, start + len(walked))))
        if pids.count(None) == len(pids):  # (no reply)
            context.extend(repeat(-1, len(walked)))
            levels.extend(repeat(0, len(walked)))
        else:
            if len(seen) == len(walked):  # (ids unique: a parent is walked before its replies, so its row is known)
                context.extend([seen.get(pid, -1) if pid is not None else -1 for pid in pids])
            else:  # as each comment is reached: a reply reads the last comment of its parent's id walked so far
                seen = {}
                for i, (cid, pid) in enumerate(zip(cids, pids), start):
                    context.append(seen.get(pid, -1) if pid is not None else -1)
                    seen[cid] = i
            for p in context[start:]:
                levels.append(levels[p] + 1 if p >= 0 else 0)
        order.extend(walked)
        if model is not None:
            if None in seen:  # (a comment without an id: a top-level comment still has no parent row)
                model_parents.extend(seen.get(pid, -1) if pid is not None else -1 for pid in pids)
            else:
                model_parents.extend(map(seen.get, pids, repeat(-1)))
            if len(seen) < len(cids):  # ids repeated: as transform_each, each takes the last one's term scores
                lasts.extend(map(seen.__getitem__, cids))
            else:
                lasts.extend(range(start, len(order)))
        units.append((start, len(order)))
    # every comment of the call at once
    read = words_many(order) if words_many else list(map(words_of, order)) if words_of else [(None, None)] * len(order)
    tokens_of = list(map(_FIRST, read))
    found_of = list(map(_SECOND, read))
    if None in tokens_of:
        tokens_of = [tokenize(c.text) if t is None else t for c, t in zip(order, tokens_of)]
    gone = placeholder_flags(order)  # pingbacks and deleted comments (in no thread share)
    found_all = list(found_of)  # each comment's lexicon scores ({} where ``rows`` has its row)
    # own_row's common case is read from ``found_all`` for all rows at once (no handle, or none holding a
    # seed term); a pingback's or deleted comment's words are no evidence for it or its replies
    texts = list(map(_TEXT, order))
    held_at = map(contains, texts, repeat("@"))  # (a handle may hold a seed term)
    read_at = list(compress(range(len(order)), map(or_, map(or_, held_at, gone), map(is_, found_of, repeat(None)))))
    # the handles of the comments holding "@" read by C-level maps; each distinct set of them once
    languages = [order[i].language or "de" for i in read_at]
    joined = list(map(" ".join, map(mentions, map(texts.__getitem__, read_at))))
    hits = list(map(known_hits.get, zip(joined, languages)))
    # only those the loop below does not pass over at once: a pingback or deleted comment, one without
    # scores, one whose handles hold a seed term or are not known yet (most comments holding "@" have
    # handles known to hold none: no Python step for them)
    visit = map(or_, map(or_, map(gone.__getitem__, read_at), map(is_, map(found_of.__getitem__, read_at), repeat(None))),
                map(and_, map(bool, joined), map(is_not, hits, repeat(False))))
    for i, handles, language, hit in compress(zip(read_at, joined, languages, hits), visit):
        found = found_of[i]
        if gone[i]:
            row = zeros
        elif found is not None and (not handles or not (handles_hit(handles, language) if hit is None else hit)):
            continue
        else:
            row = own_row(classifier, texts[i], language, tokens_of[i], found, evidence)
        rows.append(row)
        rows_at.append(i)
        found_all[i] = _NONE
    for i in compress(range(len(order)), map(REACTION_TOKENS.__ge__, map(len, tokens_of))):  # (most are longer)
        if is_reaction(tokens_of[i], order[i].language or "de"):
            reactions.append(i)
    if words:
        columns = list(map(model.word_columns, tokens_of, map(_LANGUAGE, order)))
    if on_scored:
        on_scored(order, tokens_of, found_of)
    n = len(order)
    if not n:
        return
    own = _evidence_rows(found_all, ids, evidence_of)
    if rows:
        own[rows_at] = np.array(rows, dtype=np.float64).reshape(len(rows), k)
    counted = ~np.array(gone, dtype=bool)
    react = np.zeros(n, dtype=bool)
    react[reactions] = True
    final = in_context(own, react, context, levels, classifier.threshold, CONTEXT_BOOST, INHERIT)
    chosen = (final >= classifier.threshold) & ~react[:, None]
    if model is not None:
        x = _unit_features(model.inputs, ids, own, model_parents, react, units, counted)
        probabilities = model.predict_proba(x, columns if words else None)
        at = [ids.index(label) for label in model.labels]
        by_terms = chosen[:, at]
        chosen[:, at] |= (probabilities >= model.thresholds) & ~react[:, None]
        if lasts != list(range(n)):
            final = final[lasts]
        final[:, at] = shown_scores(probabilities, final[:, at], by_terms, react, model.thresholds)
    labels_of = _Labels(ids)
    bits = (chosen.astype(np.int64) << np.arange(k, dtype=np.int64)).sum(axis=1).tolist() if k else [0] * n
    scores = shared_rows(ids, final) if classifier.keep_scores else repeat(None)
    # (set by C-level maps: no Python step per comment; every comment owns its list)
    deque(map(setattr, order, repeat("topics"), map(list, map(labels_of.__getitem__, bits))), 0)
    deque(map(setattr, order, repeat("topic_scores"), scores), 0)


def shown_scores(probabilities: np.ndarray, term_scores: np.ndarray, by_terms: np.ndarray, react: np.ndarray,
                 thresholds: np.ndarray) -> np.ndarray:
    """The scores shown for the model's topics: the score that decided each label. The model's
    probability, but the term rule's score where the term rule set a topic the model would not
    (a comment gets both's topics), and a bare reaction's (no topic) below the topic's threshold."""
    out = np.where(by_terms, np.maximum(probabilities, term_scores), probabilities)
    out[react] = np.minimum(out[react], REACTION_SHARE * np.asarray(thresholds))
    return out


REACTION_SHARE = 0.9  # a reaction's score is shown at most at this share of the threshold (as the term rule does)


def _unit_features(inputs: list[str], ids: list[str], own: np.ndarray, parents: list[int], react: np.ndarray,
                   units: list[tuple[int, int]], counted: np.ndarray) -> np.ndarray:
    """``topic_model.unit_features`` of every unit of the call, stacked (``parents``: each
    row's parent row in its unit, or -1; ``counted``: the rows in the thread shares)."""
    from comments.classification.topic_model import thread_share

    n, k = len(own), len(inputs)
    mine = np.zeros((n, k))
    for j, t in enumerate(inputs):
        if t in ids:
            mine[:, j] = own[:, ids.index(t)]
    x = np.zeros((n, 3 * k + 1))
    x[:, :k] = mine
    parent = np.asarray(parents, dtype=np.int64)
    has = parent >= 0
    x[has, k:2 * k] = mine[parent[has]]
    for start, end in units:  # the unit's share of comments touching each topic (as unit_features')
        if end > start:
            x[start:end, 2 * k:3 * k] = thread_share(mine[start:end], counted[start:end])
    x[:, 3 * k] = react
    return x


def batch_model(model, ids: list[str]) -> bool:
    """Whether :func:`transform_many` lays out ``model``'s features as ``unit_features`` does
    (own, parent and thread evidence per input topic, then whether the comment is a bare
    reaction — no further feature kinds) and every topic it decides is one of the taxonomy's ``ids``."""
    from comments.classification.topic_model import feature_names

    inputs = list(model.inputs)
    layout = [f"{kind}:{t}" for kind in ("own", "parent", "thread") for t in inputs] + ["reaction"]
    kinds = list(getattr(model, "kinds", ()) or ())
    return not kinds and feature_names(inputs, kinds) == layout and set(model.labels) <= set(ids)
