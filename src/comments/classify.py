"""classify: language, topics and tone of every comment, in thread context."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from comments import language as language_mod
from comments import tone as tone_mod
from comments.model import ParsedThread
from comments.taxonomy import Taxonomy
from comments.taxonomy import load as load_taxonomy
from comments.tokens import words
from comments.topics import TopicClassifier


def set_languages(threads: list[ParsedThread]) -> None:
    """Per comment; a comment too short to tell takes its thread's majority language."""
    for pt in threads:
        detected = [language_mod.detect(c.text) for c in pt.comments]
        counts = Counter(lang for lang in detected if lang != "other")
        majority = counts.most_common(1)[0][0] if counts else "other"
        for c, lang in zip(pt.comments, detected):
            c.language = majority if lang == "other" and any(ch.isalpha() for ch in c.text) else lang


def set_tone(threads: list[ParsedThread]) -> None:
    for pt in threads:
        for c in pt.comments:
            result = tone_mod.classify(c.text, words(c.text))
            c.tone, c.tone_scores, c.polarity = result.tone, result.tone_scores, result.polarity


def apply_model(threads: list[ParsedThread], folder: str | Path) -> None:
    """A ``comments train`` model replaces the scores of the labels it knows."""
    from comments.learn import TextModel

    model = TextModel.load(folder)
    comments = [c for pt in threads for c in pt.comments]
    if not comments:
        return
    probabilities = model.predict_proba([c.text for c in comments])
    for c, row in zip(comments, probabilities):
        scores = c.topic_scores if model.kind == "topics" else c.tone_scores
        labels = c.topics if model.kind == "topics" else c.tone
        for label, p, threshold in zip(model.labels, row, model.thresholds):
            scores[label] = round(float(p), 4)
            if p >= threshold and label not in labels:
                labels.append(label)
            elif p < threshold and label in labels:
                labels.remove(label)


def classify(threads: list[ParsedThread], taxonomy: Taxonomy | None = None, adapt: bool = False,
             model: str | Path | None = None) -> list[ParsedThread]:
    """Set language, topics, topic_scores, tone, tone_scores and polarity in place."""
    taxonomy = taxonomy or load_taxonomy()
    set_languages(threads)
    TopicClassifier(taxonomy, adapt=adapt).fit(threads).transform(threads)
    set_tone(threads)
    if model is not None:
        apply_model(threads, model)
    return threads
