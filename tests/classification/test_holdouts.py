"""The ninth held-out set (``data/labelled/holdout9/``) as ``benchmarks/labelled_corpus.py`` draws
it from ../shared/corpora: the draw is deterministic (it re-creates the committed keys) and shares
no comment with the corpus's splits or any earlier held-out set. Reads keys and ids only; skipped
when the shared corpora are absent."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from conftest import corpus

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "data" / "labelled"
sys.path.insert(0, str(ROOT / "benchmarks"))

import labelled_corpus  # noqa: E402


def _stored(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _drawn() -> list[dict]:
    corpus(labelled_corpus.OMP)
    corpus(labelled_corpus.GERMEVAL21)
    return labelled_corpus.holdout9_rows()


def test_holdout9_draw_is_deterministic_and_matches_the_committed_sample():
    first, second = _drawn(), labelled_corpus.holdout9_rows()
    fields = labelled_corpus.FIELDS
    assert [[str(r[f]) for f in fields] for r in first] == [[str(r[f]) for f in fields] for r in second]
    stored = _stored(LABELLED / "holdout9" / "sample.csv")
    assert [[str(r[f]) for f in fields] for r in first] == [[r[f] for f in fields] for r in stored]
    assert 800 <= len(stored) <= 1200 and {r["split"] for r in stored} == {"holdout9"}


def test_holdout9_shares_no_comment_with_any_earlier_set_and_carries_its_parents():
    rows = _drawn()
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys))
    earlier = [LABELLED / "sample.csv"] + [LABELLED / f"holdout{n}" / "sample.csv" for n in range(2, 9)]
    for path in earlier:
        assert not set(keys) & {r["key"] for r in _stored(path)}, path
    assert "holdout9" in labelled_corpus.HOLDOUTS
    assert all(r["text"].strip() and r["lang"] == "de" for r in rows)
    replies = [r for r in rows if r["parent_id"]]
    assert replies and all(r["parent_text"] and not r["parent_id"].endswith(".0") for r in replies)
    assert all(not r["parent_text"] for r in rows if not r["parent_id"])
