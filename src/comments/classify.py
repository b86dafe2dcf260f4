"""classify: language, topics and tone of every comment, in thread context."""

from __future__ import annotations

import multiprocessing
import pickle
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
from comments.tokens import tokenize
from comments.topics import TopicClassifier


def set_languages(threads: list[ParsedThread]) -> None:
    """Per comment; a comment too short to tell takes its thread's majority language."""
    for pt in threads:
        detected = [language_mod.detect(c.text) for c in pt.comments]
        counts = Counter(lang for lang in detected if lang != "other")
        majority = counts.most_common(1)[0][0] if counts else "other"
        for c, lang in zip(pt.comments, detected):
            c.language = majority if lang == "other" and any(ch.isalpha() for ch in c.text) else lang


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

    ``jobs`` > 1 classifies threads in that many worker processes (results are the
    same as with one: every thread is handled whole by one worker).
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


BATCH = 5_000  # comments per chunk sent to a worker
TONE_BATCH = 2_000  # comments whose words wait together for tone scoring


def _classify_threads(threads: list[ParsedThread], topics: TopicClassifier) -> None:
    """Each comment is tokenised and looked up in one lexicon (seed terms and tone cues
    together) once for topics and tone; words are dropped as soon as a small batch of
    comments is scored, so memory does not grow with the size of a thread."""
    lexicon = _combined(topics.taxonomy)
    set_languages(threads)
    pending: list[tuple] = []

    def words_of(c):
        tokens = tokenize(c.text)
        return tokens, (lexicon.scores("", tokens) if lexicon else None)

    def flush() -> None:
        results = tone_mod.classify_many([c.text for c, _, _ in pending], [t for _, t, _ in pending],
                                         [f for _, _, f in pending])
        for (c, _, _), result in zip(pending, results):
            c.tone, c.tone_scores, c.polarity = result.tone, result.tone_scores, result.polarity
            if not topics.keep_scores:
                c.topic_scores = c.tone_scores = None
                c.topics, c.tone = _shared(c.topics), _shared(c.tone)
        pending.clear()

    def on_scored(c, tokens, found) -> None:
        pending.append((c, tokens, found))
        if len(pending) >= TONE_BATCH:
            flush()

    topics.transform(threads, words_of, on_scored)
    flush()


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


_WORK: tuple[list[bytes], TopicClassifier] | None = None  # what forked workers read


def _work(index: int) -> tuple[list[str], list[str], list[tuple]]:
    """Classify one chunk of threads, read from its pickled payload — a bytes object
    the worker only reads, so the parent's comment objects are never touched (and never
    copied on write); results travel back as tuples (cheaper to pickle than objects)."""
    from comments.model import Comment, Thread

    blobs, topics = _WORK
    chunk = pickle.loads(blobs[index])
    threads = [ParsedThread(Thread(thread_id=key), [Comment(id=i, parent_id=p, text=t) for i, p, t in rows])
               for key, rows in chunk]
    _classify_threads(threads, topics)
    comments = [c for pt in threads for c in pt.comments]
    topic_keys = list(comments[0].topic_scores or ()) if comments else []
    tone_keys = list(comments[0].tone_scores or ()) if comments else []
    return topic_keys, tone_keys, [(c.language, c.topics, tuple((c.topic_scores or {}).values()), c.tone,
                                    tuple((c.tone_scores or {}).values()), c.polarity) for c in comments]


def _parallel(threads: list[ParsedThread], topics: TopicClassifier, jobs: int) -> None:
    """Classify in ``jobs`` forked workers. Each chunk's texts and reply links are
    pickled into one bytes object before forking; a worker reads only its chunk, never
    the parent's comment objects, so memory does not double (touching Python objects
    would copy their pages) and nothing is re-imported (no ``__main__`` pitfalls)."""
    global _WORK
    chunks: list[list[ParsedThread]] = []
    size = 0
    for pt in threads:  # chunks of about 5,000 comments, whole threads each
        if not chunks or size >= BATCH:
            chunks.append([])
            size = 0
        chunks[-1].append(pt)
        size += len(pt.comments)
    _classify_threads(chunks.pop(0), topics)  # here first: the workers inherit warm word caches
    blobs = [pickle.dumps([(str(pt.thread.thread_id), [(c.id, c.parent_id, c.text) for c in pt.comments])
                           for pt in chunk], protocol=pickle.HIGHEST_PROTOCOL) for chunk in chunks]
    _WORK = (blobs, topics)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            for chunk, (topic_keys, tone_keys, results) in zip(chunks, pool.map(_work, range(len(chunks)))):
                comments = [c for pt in chunk for c in pt.comments]
                for c, (lang, topic_list, topic_values, tone_list, tone_values, pol) in zip(comments, results):
                    c.language, c.polarity = lang, pol
                    if topics.keep_scores:
                        c.topics, c.tone = topic_list, tone_list
                        c.topic_scores = dict(zip(topic_keys, topic_values)) if topic_keys else None
                        c.tone_scores = dict(zip(tone_keys, tone_values)) if tone_keys else None
                    else:
                        c.topics, c.tone = _shared(topic_list), _shared(tone_list)
    finally:
        _WORK = None
