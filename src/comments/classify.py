"""classify: language, topics and tone of every comment, in thread context."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from comments import gcpause
from comments import language as language_mod
from comments import tone as tone_mod
from comments.lexicon import Lexicon
from comments.model import ParsedThread
from comments.taxonomy import Taxonomy
from comments.taxonomy import load as load_taxonomy
from comments.tokens import Tokens, tokenize
from comments.topics import TopicClassifier


def set_languages(threads: list[ParsedThread], tokens: dict[int, Tokens] | None = None) -> None:
    """Per comment; a comment too short to tell takes its thread's majority language."""
    for pt in threads:
        detected = [language_mod.detect(c.text, tokens.get(id(c)) if tokens else None) for c in pt.comments]
        counts = Counter(lang for lang in detected if lang != "other")
        majority = counts.most_common(1)[0][0] if counts else "other"
        for c, lang in zip(pt.comments, detected):
            c.language = majority if lang == "other" and any(ch.isalpha() for ch in c.text) else lang


def set_tone(threads: list[ParsedThread], tokens: dict[int, Tokens] | None = None,
             found: dict[int, dict[str, float]] | None = None) -> None:
    comments = [c for pt in threads for c in pt.comments]
    results = tone_mod.classify_many([c.text for c in comments],
                                     [tokens.get(id(c)) for c in comments] if tokens else None,
                                     [found.get(id(c)) for c in comments] if found else None)
    for c, result in zip(comments, results):
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
             model: str | Path | None = None, jobs: int = 1, keep_scores: bool = True) -> list[ParsedThread]:
    """Set language, topics, topic_scores, tone, tone_scores and polarity in place.

    ``jobs`` > 1 classifies threads in that many forked worker processes (results are
    the same as with one: every thread is handled whole by one worker).
    ``keep_scores=False`` (reports, which use only the labels) drops the per-label
    scores as soon as the labels are set, saving about 0.6 KB per comment."""
    taxonomy = taxonomy or load_taxonomy()
    topics = TopicClassifier(taxonomy, adapt=adapt)
    topics.keep_scores = keep_scores or model is not None
    with gcpause.paused():
        if adapt:
            set_languages(threads)
            topics.fit(threads)
        total = sum(len(pt.comments) for pt in threads)
        if jobs > 1 and total >= PARALLEL_MIN and "fork" in multiprocessing.get_all_start_methods():
            _parallel(threads, topics, jobs)
        else:
            _classify_threads(threads, topics)
        if model is not None:
            apply_model(threads, model)
    return threads


PARALLEL_MIN = 20_000
_WORK: tuple[list[list[ParsedThread]], TopicClassifier] | None = None


BATCH = 5_000  # comments whose words are held in memory at once


def _classify_threads(threads: list[ParsedThread], topics: TopicClassifier) -> None:
    """Each comment is tokenised once and looked up once in one lexicon holding both
    the taxonomy's seed terms and the tone cues; threads go in batches so that memory
    grows with the batch, not the corpus."""
    lexicon = _combined(topics.taxonomy)
    batch: list[ParsedThread] = []
    size = 0
    for pt in [*threads, None]:
        if pt is not None:
            batch.append(pt)
            size += len(pt.comments)
        if batch and (pt is None or size >= BATCH):
            tokens = {id(c): tokenize(c.text) for p in batch for c in p.comments}
            found = {key: lexicon.scores("", toks) for key, toks in tokens.items()} if lexicon else None
            set_languages(batch, tokens)
            topics.transform(batch, tokens, found)
            set_tone(batch, tokens, found)
            if not getattr(topics, "keep_scores", True):
                for p in batch:
                    for c in p.comments:
                        c.topic_scores = c.tone_scores = None
                        c.topics, c.tone = _shared(c.topics), _shared(c.tone)
            batch, size = [], 0


_LABEL_LISTS: dict[tuple[str, ...], list[str]] = {}


def _shared(labels: list[str]) -> list[str]:
    """One list object per distinct label set (a million comments carry a few dozen
    combinations); used only where nothing mutates the lists afterwards (reports)."""
    key = tuple(labels)
    found = _LABEL_LISTS.get(key)
    if found is None:
        found = _LABEL_LISTS[key] = list(key)
    return found


def _combined(taxonomy: Taxonomy) -> Lexicon | None:
    """Seed terms and tone cues in one lexicon (None if a topic id is also a cue name)."""
    cue_lexicon = tone_mod.cues()
    if set(taxonomy.ids) & set(cue_lexicon.categories):
        return None
    key = id(taxonomy)
    if key not in _COMBINED:
        _COMBINED.clear()
        _COMBINED[key] = Lexicon(taxonomy.lexicon.terms + cue_lexicon.terms)
    return _COMBINED[key]


_COMBINED: dict[int, Lexicon] = {}


def _work(index: int) -> tuple[list[str], list[str], list[tuple]]:
    """Classify one chunk in a worker; scores travel back as tuples (cheaper to pickle)."""
    chunks, topics = _WORK
    _classify_threads(chunks[index], topics)
    comments = [c for pt in chunks[index] for c in pt.comments]
    topic_keys = list(comments[0].topic_scores or ()) if comments else []
    tone_keys = list(comments[0].tone_scores or ()) if comments else []
    return topic_keys, tone_keys, [(c.language, c.topics, tuple((c.topic_scores or {}).values()), c.tone,
                                    tuple((c.tone_scores or {}).values()), c.polarity) for c in comments]


def _parallel(threads: list[ParsedThread], topics: TopicClassifier, jobs: int) -> None:
    """Fork ``jobs`` workers that inherit the threads; only results travel back."""
    global _WORK
    chunks: list[list[ParsedThread]] = [[] for _ in range(jobs * 4)]
    sizes = [0] * len(chunks)
    for pt in sorted(threads, key=lambda t: -len(t.comments)):
        k = sizes.index(min(sizes))
        chunks[k].append(pt)
        sizes[k] += len(pt.comments)
    _WORK = (chunks, topics)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            for chunk, (topic_keys, tone_keys, results) in zip(chunks, pool.map(_work, range(len(chunks)))):
                comments = [c for pt in chunk for c in pt.comments]
                for c, (lang, topic_list, topic_values, tone_list, tone_values, pol) in zip(comments, results):
                    c.language, c.topics, c.tone, c.polarity = lang, topic_list, tone_list, pol
                    c.topic_scores = dict(zip(topic_keys, topic_values)) if topic_keys else None
                    c.tone_scores = dict(zip(tone_keys, tone_values)) if tone_keys else None
    finally:
        _WORK = None
