"""The ninth and tenth held-out sets (``data/labelled/holdout9/``, ``holdout10/``) as
``benchmarks/labelled_corpus.py`` draws them from ../shared/corpora: each draw is deterministic (it
re-creates the committed keys) and shares no comment with the corpus's splits or any earlier held-out
set, and every reply carries its parent's text. Reads keys and ids only; skipped when the shared
corpora are absent."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from conftest import corpus

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "data" / "labelled"
sys.path.insert(0, str(ROOT / "benchmarks"))

import labelled_corpus  # noqa: E402

#: the held-out sets drawn from One Million Posts with their parents, and the size each must have
WITH_PARENTS = {"holdout9": (800, 1200), "holdout10": (800, 1000)}


def _stored(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _drawn(name: str) -> list[dict]:
    corpus(labelled_corpus.OMP)
    corpus(labelled_corpus.GERMEVAL21)
    return labelled_corpus.HOLDOUTS[name]()


@pytest.mark.parametrize("name", sorted(WITH_PARENTS))
def test_draw_is_deterministic_and_matches_the_committed_sample(name):
    first, second = _drawn(name), labelled_corpus.HOLDOUTS[name]()
    fields = labelled_corpus.FIELDS
    assert [[str(r[f]) for f in fields] for r in first] == [[str(r[f]) for f in fields] for r in second]
    stored = _stored(LABELLED / name / "sample.csv")
    assert [[str(r[f]) for f in fields] for r in first] == [[r[f] for f in fields] for r in stored]
    low, high = WITH_PARENTS[name]
    assert low <= len(stored) <= high and {r["split"] for r in stored} == {name}


@pytest.mark.parametrize("name", sorted(WITH_PARENTS))
def test_shares_no_comment_with_any_earlier_set_and_carries_its_parents(name):
    rows = _drawn(name)
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys))
    number = int(name.removeprefix("holdout"))
    earlier = [LABELLED / "sample.csv"] + [LABELLED / f"holdout{n}" / "sample.csv" for n in range(2, number)]
    for path in earlier:
        assert not set(keys) & {r["key"] for r in _stored(path)}, path
    assert all(r["text"].strip() and r["lang"] == "de" for r in rows)
    replies = [r for r in rows if r["parent_id"]]
    assert replies and all(r["parent_text"] and not r["parent_id"].endswith(".0") for r in replies)
    assert all(not r["parent_text"] for r in rows if not r["parent_id"])


def test_the_tenth_set_spreads_over_the_articles_left_in_time_order():
    rows = _drawn("holdout10")
    per_article: dict[str, list[dict]] = {}
    for r in rows:
        per_article.setdefault(r["thread_id"], []).append(r)
    assert len(per_article) >= 10
    assert max(len(v) for v in per_article.values()) <= labelled_corpus.HOLDOUT10_PER_ARTICLE
    posts = labelled_corpus._omp_posts()
    for members in per_article.values():
        times = [(posts[r["id"]]["CreatedAt"], int(r["id"])) for r in members]
        assert times == sorted(times)


# --- the scorer reads each comment as the annotators did: with its parent and the title -------------

def _rows() -> list[dict]:
    """One thread: a top-level row, a reply to it, two replies to a parent that is not a row (its text
    known) and a reply to a parent whose text is not known (an older set's row)."""
    def row(i, parent="", parent_text=""):
        return {"key": f"omp:7:{i}", "source": "omp", "thread_id": "7", "id": i, "parent_id": parent,
                "parent_text": parent_text, "title": "Die Wahl", "text": f"Kommentar {i}", "split": "holdout10"}
    return [row("1"), row("2", "1", "Kommentar 1"), row("4", "3", "Der Elternkommentar"),
            row("5", "3", "Der Elternkommentar"), row("6", "896039.0")]


def test_threads_of_carries_the_title_and_unsampled_parents_as_context():
    import evaluate_labels

    (pt,) = evaluate_labels.threads_of(_rows(), context=True)
    assert pt.thread.title == "Die Wahl" and pt.thread.thread_id == "omp:7"
    assert [c.id for c in pt.comments] == ["1", "2", "3", "4", "5", "6"]
    parents = {c.id: c.parent_id for c in pt.comments}
    assert parents == {"1": None, "2": "1", "3": None, "4": "3", "5": "3", "6": None}
    context = [c for c in pt.comments if c.meta.get(evaluate_labels.CONTEXT)]
    assert [(c.id, c.text) for c in context] == [("3", "Der Elternkommentar")]
    assert [c for c, depth in pt.walk() if depth == 1] == [pt.comments[1], pt.comments[3], pt.comments[4]]
    # without context (the training data's threads), as before: the rows only, unknown parents dropped
    (plain,) = evaluate_labels.threads_of(_rows())
    assert [(c.id, c.parent_id) for c in plain.comments] == [("1", None), ("2", "1"), ("4", None), ("5", None),
                                                              ("6", None)]


def test_context_comments_are_classified_with_the_thread_but_never_scored(tmp_path, monkeypatch):
    import evaluate_labels

    rows = _rows()
    gold = tmp_path / "gold.csv"
    gold.write_text("key,topics,tone\n" + "".join(f"{r['key']},geopolitics,\n" for r in rows), encoding="utf-8")
    seen, scored = [], []

    def classify(threads):  # a reply under a known parent is on topic: shows which parent it was read under
        seen.extend(c.id for pt in threads for c in pt.comments)
        for pt in threads:
            for c in pt.comments:
                c.topics, c.tone = (["geopolitics"] if c.parent_id else []), []
        return threads

    monkeypatch.setattr(evaluate_labels, "classify", classify)
    monkeypatch.setattr(evaluate_labels, "table", lambda name, pred, gold, groups: scored.append((name, pred)))
    evaluate_labels.corpus_split(rows, "holdout10", gold)
    assert seen == ["1", "2", "3", "4", "5", "6"]
    ((name, pred),) = scored
    assert "5 comments" in name
    assert pred == [set(), {"geopolitics"}, {"geopolitics"}, {"geopolitics"}, set()]


def test_eleventh_set_is_drawn_again_and_shares_nothing_with_the_eighth():
    """holdout11 (GermEval 2021, session 20): the draw re-creates the committed keys, and no comment is
    in the eighth set (the same file) or any other earlier set."""
    rows = _drawn("holdout11")
    stored = _stored(LABELLED / "holdout11" / "sample.csv")
    fields = labelled_corpus.FIELDS
    assert [[str(r[f]) for f in fields] for r in rows] == [[r[f] for f in fields] for r in stored]
    assert len(stored) == labelled_corpus.HOLDOUT11_SIZE and {r["split"] for r in stored} == {"holdout11"}
    keys = {r["key"] for r in rows}
    earlier = [LABELLED / "sample.csv"] + [LABELLED / f"holdout{n}" / "sample.csv" for n in range(2, 11)]
    for path in earlier:
        assert not keys & {r["key"] for r in _stored(path)}, path
    assert all(r["text"].strip() for r in rows)
