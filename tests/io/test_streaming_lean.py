"""stream_inputs(lean=True): the same threads as a full read, each comment made small
(equal values shared, per-label scores not kept), which is what lets ``report`` hold a
million-comment thread."""

from __future__ import annotations

import tracemalloc

import pytest

from comments.classification.classify import classify
from comments.io import writers
from comments.io.streaming import InputDone, Shared, StreamResult, stream_inputs
from comments.model.records import Comment
from conftest import RAW, corpus, read


@pytest.fixture(scope="module")
def classified(tmp_path_factory) -> str:
    """Our classified JSONL of real threads (data/raw and the Reddit corpus)."""
    whole = read(RAW, corpus("reddit"))
    classify(whole.threads)
    path = tmp_path_factory.mktemp("lean") / "classified.jsonl"
    writers.write(whole.threads, str(path), None)
    return str(path)


def _threads(path: str, lean: bool):
    result = StreamResult()
    threads = [e for e in stream_inputs([path], result, lean=lean) if not isinstance(e, InputDone)]
    return threads, result


#: Every field a lean comment keeps as the full read gives it.
KEPT = ("record", "site", "thread_id", "id", "parent_id", "depth", "position", "author", "created_at", "kind",
        "status", "text", "flags", "missing_parent_id", "meta", "language", "topics", "tone", "polarity")


def test_lean_threads_equal_the_full_read_but_for_the_scores(classified):
    full, full_result = _threads(classified, False)
    lean, lean_result = _threads(classified, True)
    assert full_result.summary() == lean_result.summary() and full_result.notes == lean_result.notes
    assert [pt.thread for pt in lean] == [pt.thread for pt in full]
    pairs = [(a, b) for x, y in zip(full, lean) for a, b in zip(x.comments, y.comments)]
    assert len(pairs) == sum(len(pt.comments) for pt in full) > 300
    for a, b in pairs:
        assert [getattr(b, f) for f in KEPT] == [getattr(a, f) for f in KEPT]
        assert type(b.topics) is type(a.topics) and type(b.polarity) is type(a.polarity)
        assert b.topic_scores is None and b.tone_scores is None
    assert any(a.topic_scores for a, _ in pairs)  # the full read has them


def test_equal_values_are_one_object_per_thread(classified):
    lean, _ = _threads(classified, True)
    big = max(lean, key=lambda pt: len(pt.comments))
    for name in ("kind", "status", "language", "topics", "tone", "meta"):
        values = [getattr(c, name) for c in big.comments if getattr(c, name) is not None]
        assert len({id(v) for v in values}) <= len({repr(v) for v in values}), name
    full, _ = _threads(classified, False)
    same = next(pt for pt in full if pt.key == big.key)
    distinct_full = len({id(c.topics) for c in same.comments})
    assert distinct_full == len(same.comments) and len({id(c.topics) for c in big.comments}) < distinct_full / 5


def test_shared_keeps_what_equality_would_merge_wrongly():
    shared = Shared(limit=3)
    zero, minus = 0.0, -0.0
    assert shared.get(zero) is zero and shared.get(minus) is minus  # equal, but not the same number
    assert shared.get(True) is True and shared.get(1) == 1 and type(shared.get(1)) is int
    labels = ["a", "b"]
    assert shared.get(labels) is labels and shared.get(["a", "b"]) is labels and shared.get(("a", "b")) != labels
    ones, trues = [1], [True]
    assert Shared().get(ones) is ones and Shared().get(trues) is trues
    both = Shared()
    assert both.get(ones) is ones and both.get(trues) is trues  # equal lists of other items are not the same
    odd = [{"x": 1}]  # unhashable items: kept as they are
    assert shared.get(odd) is odd and shared.get(None) is None
    fresh = "x" * 3
    assert shared.get(fresh) is fresh  # the table was full: it starts again
    assert len(shared.values) <= 3


def _classified_thread(path, n: int) -> str:
    """One thread of ``n`` classified comment records as ``classify`` writes them (labels
    and scores from a few label sets, dates of a few days), written directly."""
    import json
    import random

    rng = random.Random(3)
    sets = [["politics"], ["politics", "economy"], [], ["sports"]]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            topics = rng.choice(sets)
            out.write(json.dumps({
                "record": "comment", "site": "forum.example", "thread_id": "t", "id": str(i),
                "parent_id": str(rng.randrange(i)) if i and rng.random() < 0.7 else None, "depth": 0,
                "position": i, "author": f"user{rng.randrange(50)}", "created_at": f"2021-09-{1 + i % 9:02d}T10:00:00Z",
                "kind": "comment", "status": "visible", "text": f"comment number {i} says something", "flags": [],
                "missing_parent_id": None, "meta": {}, "language": "en", "topics": topics,
                "topic_scores": {t: round(rng.random(), 4) for t in ("politics", "economy", "sports")},
                "tone": ["critical"], "tone_scores": {t: round(rng.random(), 4) for t in
                                                      ("informative", "critical", "hostile", "supportive")},
                "polarity": rng.choice([0.0, 0.5, -0.5])}) + "\n")
    return str(path)


def test_a_lean_comment_takes_less_than_half_the_memory(tmp_path):
    path = _classified_thread(tmp_path / "thread.jsonl", 5000)
    _threads(path, True)  # imports and caches first

    def held(lean: bool) -> int:
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            threads, _ = _threads(path, lean)
            size = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        assert len(threads[0].comments) == 5000
        return size

    full, lean = held(False), held(True)
    assert lean < full / 2, (full, lean)


def test_unclassified_comments_stay_unclassified(tmp_path):
    path = tmp_path / "raw.jsonl"
    writers.write(read(RAW).threads, str(path), None)
    lean, _ = _threads(str(path), True)
    comments = [c for pt in lean for c in pt.comments]
    assert comments and not any(c.classified for c in comments)
    assert all(isinstance(c, Comment) and c.topic_scores is None for c in comments)
