"""Multi-label topics from a taxonomy's seed terms, read in thread context.

A comment's evidence for a topic is the summed weight of the distinct seed terms it
uses (strong terms count double); ``1 − exp(−k·evidence)`` makes that a score in 0..1
that reaches the 0.5 threshold at two terms' worth of evidence. Replies are read
with the comment they answer: a topic the reply touches is strengthened by its
parent's score for it, and a substantive reply with no topic of its own inherits its
parent's topics at reduced strength. A reply that is only a reaction ("Quelle?",
"+1") carries no topic. With the default taxonomy, the shipped learned model
(:mod:`comments.classification.topic_model`) turns the same term evidence, read with
the parent and the thread, into calibrated probabilities for the topics it was trained
on. By default nothing depends on other threads in the run;
``TopicClassifier(adapt=True).fit(threads)`` additionally learns from the corpus
(seed terms as weak labels, TF-IDF over Snowball stems, logistic regression), as
ConvoKit transformers do.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from comments.classification.reactions import is_reaction
from comments.classification.taxonomy import Taxonomy
from comments.classification.tone import shared
from comments.classification.topic_model import TopicModel, unit_features
from comments.classification.topics_batch import batch_model, shown_scores, transform_many
from comments.model.placeholders import is_placeholder
from comments.model.records import Comment, ParsedThread
from comments.model.tree import walk
from comments.text.tokens import tokenize

#: a handle: "@" not after a word character or a dot, then word characters (``(?<![\w.])@\w+``,
#: written to begin with the "@" it needs, so the regex engine skips to candidates)
MENTION = re.compile(r"@(?<![\w.]@)\w+")
K = math.log(2) / 2  # two weight units of evidence → 0.5
THRESHOLD = 0.5
CONTEXT_BOOST = 0.5  # how much a parent's score strengthens a topic the reply touches
INHERIT = 0.65  # share of a parent's score a topic-less substantive reply inherits


def evidence_score(evidence: float) -> float:
    return 1.0 - math.exp(-K * evidence)


@dataclass
class TopicClassifier:
    """Seed-term topic scorer with thread context (fit/transform conventions)."""

    taxonomy: Taxonomy
    adapt: bool = False
    threshold: float = THRESHOLD
    models: dict[str, object] = field(default_factory=dict)
    vectorizer: object | None = None
    keep_scores: bool = True
    default_tone: bool = True  # classify's tone: the shipped learned model (else the cue weights)
    learned: bool = True  # the shipped topic model, when the taxonomy is the one it was trained with
    _handle_hits: dict[tuple[str, str], bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    def own_scores(self, text: str, language: str = "de", tokens: list[str] | None = None,
                   found: dict[str, float] | None = None) -> dict[str, float]:
        """Seed-term scores of one text (``found``: lexicon scores already computed)."""
        if "@" in text:  # a handle (@troll_putin, @IsraelinGermany) names an account: read without it
            handles = MENTION.findall(text)  # (re-scored only when a handle holds a term: tweets have many)
            if handles and self._handles_hit(" ".join(handles), language):
                text = MENTION.sub(" ", text)
                found = tokens = None
        if found is None:
            found = self.taxonomy.lexicon.scores(text, tokenize(text) if tokens is None else tokens, language)
        scores = {t: evidence_score(found[t]) if t in found else 0.0 for t in self.taxonomy.ids}  # (no evidence: 0.0)
        if self.models and self.vectorizer is not None and language != "other":  # (German or English stems)
            from comments.classification.learn import stem_text

            row = self.vectorizer.transform([stem_text(text, language)])
            for topic, model in self.models.items():
                learned = float(model.predict_proba(row)[0, 1])
                scores[topic] = 1.0 - (1.0 - scores[topic]) * (1.0 - learned)
        return scores

    def _handles_hit(self, handles: str, language: str) -> bool:
        """Whether a comment's handles (joined by spaces) hold a seed term; remembered per
        handles and language (accounts recur: a tweet thread names the same few)."""
        key = (handles, language)
        known = self._handle_hits.get(key)
        if known is None:
            known = bool(self.taxonomy.lexicon.scores(handles, language=language))
            if len(self._handle_hits) < 100_000:
                self._handle_hits[key] = known
        return known

    def fit(self, threads: list[ParsedThread]) -> TopicClassifier:
        """With ``adapt``: learn each topic from the corpus, seed-term hits as weak labels."""
        if not self.adapt:
            return self
        from comments.classification.learn import fit_weak_topics

        # comments in another language are left out: their words, stemmed as German, would
        # enter the vocabulary as German stems (their topics come from the terms alone)
        comments = [c for pt in threads for c in pt.comments if c.language != "other"]
        self.vectorizer, self.models = fit_weak_topics(
            [c.text for c in comments], [c.language or "de" for c in comments],
            [self.own_scores(c.text, c.language or "de") for c in comments], self.threshold)
        return self

    def transform(self, threads: list[ParsedThread], words_of=None, on_scored=None,
                  model: TopicModel | None | bool = True, words_many=None) -> list[ParsedThread]:
        """Set ``topics`` and ``topic_scores`` on every comment, thread by thread.

        ``words_of(comment)`` returns (tokens, lexicon scores) when the caller computes
        them (once per comment, shared with tone; ``words_many(comments)``: the same for a list
        of comments at once, when the caller has it); ``on_scored(comments, tokens, found)``
        is called right after the words are used (the comments in walk order, thread after
        thread, each one's tokens and lexicon scores: once per call on the array path, once per
        thread comment by comment), so a caller can use and drop them without holding more than
        a call's words in memory. With the taxonomy's
        learned model (:mod:`topic_model`; the default taxonomy ships one), the topics it
        knows come from its calibrated probabilities over the whole unit's term evidence;
        the others from the term rule (parents before replies). ``model``: the result of
        :meth:`learned_model` when the caller has it (the taxonomy's fingerprint is a hash of
        all its terms: a caller sending thread after thread looks it up once)."""
        if model is True:
            model = self.learned_model()
        if not (self.models and self.vectorizer is not None) and (model is None or batch_model(model, self.taxonomy.ids)):
            transform_many(self, threads, words_of, on_scored, model, words_many)
            return threads
        return self.transform_each(threads, words_of, on_scored, model)

    def transform_each(self, threads: list[ParsedThread], words_of=None, on_scored=None,
                       model: TopicModel | None | bool = True) -> list[ParsedThread]:
        """:meth:`transform` comment by comment, with a dictionary of scores per comment and
        step (the reference :func:`topics_batch.transform_many` equals; the path for a
        classifier adapted to the corpus and for models whose features it does not lay out)."""
        if model is True:
            model = self.learned_model()
        for pt in threads:
            order = [c for c, _ in walk(pt.comments)]
            row = {c.id: i for i, c in enumerate(order)}
            own_rows: list[dict[str, float]] = []
            reactions: list[bool] = []
            columns: list[list[int]] = []  # each comment's words in the model's vocabulary
            extra: list[tuple[float, ...]] = []  # each comment's columns of the model's feature kinds
            final: dict[str, dict[str, float]] = {}
            read_words: list[list[str]] = []
            read_found: list[dict | None] = []
            for c in order:
                tokens, found, own, reaction = self._read(c, words_of)
                parent = final.get(c.parent_id) if c.parent_id is not None else None
                scores = self._in_context(own, reaction, parent)
                final[c.id] = scores
                labels = [] if reaction else [t for t in self.taxonomy.ids if scores[t] >= self.threshold]
                if model is None:
                    self._set(c, scores, labels)
                else:  # the model's pass below sets the scores (rounded once)
                    c.topics = labels
                if model is not None:
                    own_rows.append(own)
                    reactions.append(reaction)
                    columns.append(model.word_columns(tokens, c.language))
                    extra.append(model.comment_features(c.text, tokens, c.language))
                read_words.append(tokens)
                read_found.append(found)
            if on_scored:
                on_scored(order, read_words, read_found)
            if model is not None and order:
                parents = [row.get(c.parent_id) if c.parent_id is not None else None for c in order]
                x = unit_features(model.inputs, own_rows, parents, reactions, extra,
                                  [not is_placeholder(c) for c in order])  # (a pingback's zeros count in no share)
                probabilities = model.predict_proba(x, columns)
                chosen = (probabilities >= model.thresholds).tolist()
                for c, reaction, picks, row_p in zip(order, reactions, chosen, probabilities.tolist()):
                    if reaction:
                        labels = set()
                    else:  # the model's topics, and the term rule's (in grouped CV the union lost nothing)
                        labels = set(c.topics) | {t for t, yes in zip(model.labels, picks) if yes}
                    scores = dict(final[c.id])
                    shown = shown_scores(np.array([row_p]), np.array([[scores[t] for t in model.labels]]),
                                         np.array([[t in c.topics for t in model.labels]]), np.array([reaction]),
                                         model.thresholds)
                    scores.update(zip(model.labels, shown[0].tolist()))
                    self._set(c, scores, [t for t in self.taxonomy.ids if t in labels])
        return threads

    def _read(self, c: Comment, words_of=None) -> tuple[list[str], dict | None, dict[str, float], bool]:
        """A comment's tokens, lexicon scores, own term scores and whether it is a bare reaction. A pingback or
        trackback (another page's title and excerpt) or a deleted comment ("[deleted]") has no term evidence: it
        gives neither itself nor, through thread context, its replies a topic."""
        tokens, found = words_of(c) if words_of else (None, None)
        tokens = tokenize(c.text) if tokens is None else tokens
        language = c.language or "de"
        own = (self.own_scores(c.text, language, tokens, found) if not is_placeholder(c)
               else dict.fromkeys(self.taxonomy.ids, 0.0))
        return tokens, found, own, is_reaction(tokens, language)

    def features(self, pt: ParsedThread, inputs: list[str]) -> tuple[list[Comment], object]:
        """The comments of ``pt`` in walk order and their topic-model feature rows (what
        :meth:`transform` computes; training uses it)."""
        order = [c for c, _ in walk(pt.comments)]
        row = {c.id: i for i, c in enumerate(order)}
        read = [self._read(c) for c in order]
        parents = [row.get(c.parent_id) if c.parent_id is not None else None for c in order]
        return order, unit_features(inputs, [r[2] for r in read], parents, [r[3] for r in read],
                                    counted=[not is_placeholder(c) for c in order])

    def learned_model(self) -> TopicModel | None:
        """The shipped topic model when this classifier's taxonomy is the one it was
        trained with (``learned``); None keeps term matching."""
        if not self.learned:
            return None
        model = _default_model()
        return model if model is not None and model.fingerprint == self.taxonomy.fingerprint else None

    def _set(self, c: Comment, scores: dict[str, float], labels: list[str]) -> None:
        c.topics = list(labels)  # every comment owns its list (a shared one changed others' labels)
        c.topic_scores = {t: shared(round(s, 4)) for t, s in scores.items()} if self.keep_scores else None

    def _in_context(self, own: dict[str, float], reaction: bool,
                    parent: dict[str, float] | None) -> dict[str, float]:
        """The term rule: a topic the reply touches is strengthened by its parent's score
        for it; a substantive reply with no topic of its own inherits its parent's."""
        if reaction:
            return {t: round(min(s, self.threshold * 0.9), 4) for t, s in own.items()}
        if parent is None:
            return own
        out = {}
        has_own_topic = any(s >= self.threshold for s in own.values())
        for t, s in own.items():
            if s > 0:
                out[t] = 1.0 - (1.0 - s) * (1.0 - CONTEXT_BOOST * parent.get(t, 0.0))
            elif not has_own_topic:
                out[t] = INHERIT * parent.get(t, 0.0)
            else:
                out[t] = 0.0
        return out


#: The shipped topic model (benchmarks/train_defaults.py --topics rebuilds it from data/labelled/).
DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "data" / "models" / "topics"


@lru_cache(maxsize=1)
def _default_model() -> TopicModel | None:
    if not (DEFAULT_MODEL / "model.json").is_file():
        return None
    return TopicModel.load(DEFAULT_MODEL)
