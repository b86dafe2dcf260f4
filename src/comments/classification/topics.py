"""Multi-label topics from a taxonomy's seed terms, read in thread context.

A comment's evidence for a topic is the summed weight of the distinct seed terms it
uses (strong terms count double); ``1 − exp(−k·evidence)`` makes that a score in 0..1
that reaches the 0.5 threshold at two terms' worth of evidence. Replies are read
with the comment they answer: a topic the reply touches is strengthened by its
parent's score for it, and a substantive reply with no topic of its own inherits its
parent's topics at reduced strength. A reply that is only a reaction ("Quelle?",
"+1") carries no topic. By default nothing depends on other threads in the run;
``TopicClassifier(adapt=True).fit(threads)`` additionally learns from the corpus
(seed terms as weak labels, TF-IDF over Snowball stems, logistic regression), as
ConvoKit transformers do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from comments.model.records import Comment, ParsedThread
from comments.classification.taxonomy import Taxonomy
from comments.text.tokens import stop_words, tokenize
from comments.model.tree import children_index

K = math.log(2) / 2  # two weight units of evidence → 0.5
THRESHOLD = 0.5
CONTEXT_BOOST = 0.5  # how much a parent's score strengthens a topic the reply touches
INHERIT = 0.65  # share of a parent's score a topic-less substantive reply inherits
REACTION_WORDS = 3  # a reply with this many content words or fewer is a reaction


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

    def own_scores(self, text: str, language: str = "de", tokens: list[str] | None = None,
                   found: dict[str, float] | None = None) -> dict[str, float]:
        """Seed-term scores of one text (``found``: lexicon scores already computed)."""
        if found is None:
            found = self.taxonomy.lexicon.scores(text, tokenize(text) if tokens is None else tokens)
        scores = {t: evidence_score(found.get(t, 0.0)) for t in self.taxonomy.ids}
        if self.models and self.vectorizer is not None:
            from comments.classification.learn import stem_text

            row = self.vectorizer.transform([stem_text(text, language)])
            for topic, model in self.models.items():
                learned = float(model.predict_proba(row)[0, 1])
                scores[topic] = 1.0 - (1.0 - scores[topic]) * (1.0 - learned)
        return scores

    def fit(self, threads: list[ParsedThread]) -> TopicClassifier:
        """With ``adapt``: learn each topic from the corpus, seed-term hits as weak labels."""
        if not self.adapt:
            return self
        from comments.classification.learn import fit_weak_topics

        comments = [c for pt in threads for c in pt.comments]
        self.vectorizer, self.models = fit_weak_topics(
            [c.text for c in comments], [c.language or "de" for c in comments],
            [self.own_scores(c.text, c.language or "de") for c in comments], self.threshold)
        return self

    def transform(self, threads: list[ParsedThread], words_of=None, on_scored=None) -> list[ParsedThread]:
        """Set ``topics`` and ``topic_scores`` on every comment, parents before replies.

        ``words_of(comment)`` returns (tokens, lexicon scores) when the caller computes
        them (once per comment, shared with tone); ``on_scored(comment, tokens, found)``
        is called right after each comment, so a caller can use and drop its words
        without holding a whole thread's words in memory."""
        for pt in threads:
            index = children_index(pt.comments)
            stack = list(reversed(index.get(None, [])))
            final: dict[str, dict[str, float]] = {}
            while stack:
                c = stack.pop()
                tokens, found = words_of(c) if words_of else (None, None)
                parent = final.get(c.parent_id) if c.parent_id is not None else None
                scores = self._in_context(c, parent, tokens, found)
                if c.id in index:  # only parents' scores are needed later
                    final[c.id] = scores
                c.topic_scores = {t: round(s, 4) for t, s in scores.items()}
                c.topics = [t for t in self.taxonomy.ids if scores[t] >= self.threshold]
                if on_scored:
                    on_scored(c, tokens, found)
                stack.extend(reversed(index.get(c.id, [])))
        return threads

    def _in_context(self, c: Comment, parent: dict[str, float] | None, tokens: list[str] | None = None,
                    found: dict[str, float] | None = None) -> dict[str, float]:
        tokens = tokenize(c.text) if tokens is None else tokens
        own = self.own_scores(c.text, c.language or "de", tokens, found)
        if is_reaction(tokens, c.language or "de"):
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


def is_reaction(tokens: list[str], language: str = "de") -> bool:
    """Only a reaction ("Quelle?", "Danke!", "+1", an emoji): no topic of its own."""
    if len(tokens) > 6:
        return False
    stops = stop_words(language)
    return sum(1 for w in tokens if w not in stops and len(w) > 1) <= REACTION_WORDS
