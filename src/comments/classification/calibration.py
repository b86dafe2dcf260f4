"""Scores and calibration shared by the learned models: F1 (sklearn.metrics), the
decision threshold that maximises it, and Platt scaling of a model's margin."""

from __future__ import annotations

import numpy as np


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    """Mean F1 of the positive and the negative class (sklearn)."""
    return float(f1_columns(y, pred[:, None], "macro")[0])


def f1(y: np.ndarray, pred: np.ndarray) -> float:
    """F1 of the positive class (sklearn)."""
    return float(f1_columns(y, pred[:, None], "positive")[0])


def f1_columns(y: np.ndarray, preds: np.ndarray, objective: str, weight: np.ndarray | None = None) -> np.ndarray:
    """sklearn's F1 of each column of 0/1 predictions ``preds`` against ``y``: of the
    positive class, or (``macro``) the mean over both classes. One call scores every
    column (a threshold search scores ~100); a lone column is doubled, as sklearn would
    read one column as a two-class problem. ``weight``: each row's weight (None: 1)."""
    from sklearn.metrics import f1_score

    cols = preds.shape[1]
    preds = np.repeat(preds, 2, axis=1) if cols == 1 else preds
    truth = np.repeat(np.asarray(y).reshape(-1, 1), preds.shape[1], axis=1)
    positive = f1_score(truth, preds, average=None, zero_division=0, sample_weight=weight)
    if objective != "macro":
        return positive[:cols]
    negative = f1_score(1 - truth, 1 - preds, average=None, zero_division=0, sample_weight=weight)
    return ((positive + negative) / 2)[:cols]


def best_threshold(y: np.ndarray, p: np.ndarray, objective: str = "macro", weight: np.ndarray | None = None) -> float:
    """The probability cut that maximises F1 (``objective``), rows weighted by ``weight``."""
    candidates = np.unique(np.round(np.quantile(p, np.linspace(0.02, 0.98, 97)), 4))
    scores = f1_columns(y, (p[:, None] >= candidates[None, :]).astype(int), objective, weight)
    return float(max(zip(candidates, scores), key=lambda ts: (ts[1], -abs(ts[0] - 0.5)))[0])


def micro_thresholds(y: np.ndarray, p: np.ndarray, start: np.ndarray, weight: np.ndarray | None = None,
                     passes: int = 3) -> np.ndarray:
    """Per-label cuts that together maximise the micro-F1 over all labels (``y``, ``p``: rows × labels; rows weighted
    by ``weight``), by coordinate ascent from ``start`` (e.g. each label's own best cut): each label in turn takes the
    cut of :func:`best_threshold`'s grid that maximises the pooled micro-F1 with the others' cuts fixed, for
    ``passes`` rounds or until none moves. Why: each label's own F1 buys a rare label's recall with false positives
    that a micro-F1 over all labels pays for (issue #11's target is the micro-F1). Ties: the cut nearer 0.5."""
    y = np.asarray(y, dtype=bool)
    w = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=np.float64)
    cuts = np.array(start, dtype=np.float64)
    grids = [np.unique(np.round(np.quantile(p[:, j], np.linspace(0.02, 0.98, 97)), 4)) for j in range(y.shape[1])]

    def counts(j: int, grid: np.ndarray) -> np.ndarray:
        """(tp, fp, fn) × cuts of label ``j`` at each cut of ``grid``, weighted."""
        chosen = p[:, j][:, None] >= grid[None, :]
        yes, no = y[:, j] * w, ~y[:, j] * w
        return np.stack([yes @ chosen, no @ chosen, yes @ ~chosen])

    current = np.hstack([counts(j, cuts[j:j + 1]) for j in range(y.shape[1])])  # 3 × labels at today's cuts
    for _ in range(passes):
        moved = False
        for j, grid in enumerate(grids):
            tp, fp, fn = current.sum(axis=1) - current[:, j]
            tpj, fpj, fnj = counts(j, grid)
            score = 2 * (tp + tpj) / np.maximum(2 * (tp + tpj) + fp + fpj + fn + fnj, 1e-12)
            best = float(max(zip(grid, score), key=lambda ts: (ts[1], -abs(ts[0] - 0.5)))[0])
            moved |= best != cuts[j]
            cuts[j] = best
            current[:, j] = counts(j, cuts[j:j + 1])[:, 0]
        if not moved:
            break
    return cuts



def platt(oof: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None) -> tuple[float, float]:
    """Platt scaling of the model's margin, fitted on out-of-fold decision values (rows
    weighted as in the model's own fit)."""
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=1e6, max_iter=1000).fit(oof.reshape(-1, 1), y, sample_weight=weight)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def stacked(z: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """A label's calibration on every label's out-of-fold logit ``z`` (rows × labels): the coefficients of a
    logistic regression (one per column, then the intercept), fitted like :func:`platt` — so that the labels'
    relations (a supportive comment is seldom critical) shape each probability."""
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=1e6, max_iter=1000).fit(z, y, sample_weight=weight)
    return np.append(fit.coef_[0], fit.intercept_[0]).astype(np.float64)


def logit(p: np.ndarray) -> np.ndarray:
    """The logit of probabilities, clipped to [1e-12, 1 - 1e-12] (what a stacked calibration reads)."""
    return np.log(np.clip(p, 1e-12, 1.0) / np.clip(1.0 - p, 1e-12, 1.0))
