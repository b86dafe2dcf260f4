"""Precision, recall and F1 per label against hand labels (gold CSV)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from comments.io.csvsafe import restore
from comments.model.records import Comment


class GoldError(ValueError):
    """A gold file that cannot be used; the message says why."""


@dataclass
class LabelScore:
    label: str
    kind: str
    support: int
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


def read_gold(path: str | Path) -> list[dict[str, str]]:
    """Rows with ``id`` (or ``position``) and ``;``-separated ``topics`` and ``tone``."""
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            rows = [{k: restore(v or "") for k, v in row.items() if k} for row in csv.DictReader(handle)]
    except OSError as exc:
        raise GoldError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not rows:
        raise GoldError(f"{path}: no rows")
    if "id" not in rows[0] and "position" not in rows[0]:
        raise GoldError(f"{path}: needs an `id` or `position` column")
    if "topics" not in rows[0] and "tone" not in rows[0]:
        raise GoldError(f"{path}: needs a `topics` and/or `tone` column")
    return rows


def _labels(cell: str | None) -> set[str]:
    return {x.strip() for x in (cell or "").split(";") if x.strip()}


def evaluate(comments: list[Comment], gold: list[dict[str, str]]) -> tuple[list[LabelScore], list[str]]:
    """Scores per label (topics, then tone) and gold rows that matched no comment."""
    by_id = {c.id: c for c in comments}
    by_position = {str(c.position): c for c in comments}
    scores: dict[tuple[str, str], LabelScore] = {}
    unmatched = []
    for row in gold:
        c = by_id.get(row.get("id", "")) if row.get("id") else by_position.get(row.get("position", ""))
        if c is None:
            unmatched.append(row.get("id") or row.get("position", "?"))
            continue
        for kind, predicted in (("topics", c.topics or []), ("tone", c.tone or [])):
            if kind not in row:
                continue
            truth = _labels(row[kind])
            for label in truth | set(predicted):
                s = scores.setdefault((kind, label), LabelScore(label, kind, 0, 0, 0, 0))
                s.support += label in truth
                s.tp += label in truth and label in predicted
                s.fp += label not in truth and label in predicted
                s.fn += label in truth and label not in predicted
    return sorted(scores.values(), key=lambda s: (s.kind != "topics", s.label)), unmatched


def averages(scores: list[LabelScore]) -> dict[str, float]:
    """Micro and macro F1 (over labels with gold support)."""
    tp, fp, fn = (sum(getattr(s, k) for s in scores) for k in ("tp", "fp", "fn"))
    supported = [s for s in scores if s.support]
    return {"micro_f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
            "macro_f1": sum(s.f1 for s in supported) / len(supported) if supported else 0.0}
