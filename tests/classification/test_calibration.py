"""Thresholds chosen together for micro-F1, and stacked calibration (calibration.py; session 16 candidates)."""

from __future__ import annotations

import numpy as np

from comments.classification.calibration import best_threshold, logit, micro_thresholds, stacked


def _micro(y: np.ndarray, p: np.ndarray, cuts: np.ndarray) -> float:
    pred = p >= cuts
    tp, fp, fn = (pred & y).sum(), (pred & ~y).sum(), (~pred & y).sum()
    return 2 * tp / (2 * tp + fp + fn)


def test_micro_thresholds_never_lower_the_micro_f1_and_raise_a_weak_labels_cut():
    """A common, well-ranked label and a rare, poorly ranked one: each label's own F1 puts the rare label's cut low
    (recall bought with false positives); chosen together, its cut rises and the micro-F1 over both rises."""
    rng = np.random.default_rng(16)
    n = 3000
    common = rng.random(n) < 0.6
    rare = rng.random(n) < 0.08
    p = np.column_stack([np.clip(0.6 * common + rng.normal(0.2, 0.2, n), 0, 1),
                         np.clip(0.15 * rare + rng.normal(0.2, 0.15, n), 0, 1)])
    y = np.column_stack([common, rare])
    own = np.array([best_threshold(y[:, j].astype(int), p[:, j], "positive") for j in range(2)])
    joint = micro_thresholds(y, p, own)
    assert joint[1] > own[1]
    assert _micro(y, p, joint) > _micro(y, p, own)
    assert micro_thresholds(y, p, own).tolist() == joint.tolist()  # deterministic
    weighted = micro_thresholds(y, p, own, np.where(rare, 5.0, 1.0))  # rows weighted: the rare label counts more
    assert weighted[1] <= joint[1]


def test_stacked_calibration_learns_that_two_labels_exclude_each_other():
    """Two labels that rarely come together (supportive, critical): the stacked calibration of one gives the other's
    logit a negative weight, and its own a positive one."""
    rng = np.random.default_rng(7)
    n = 2000
    supportive = rng.random(n) < 0.4
    critical = ~supportive & (rng.random(n) < 0.8) | supportive & (rng.random(n) < 0.1)
    z = np.column_stack([2.0 * supportive - 1 + rng.normal(0, 1, n), 1.0 * critical - 0.5 + rng.normal(0, 1.5, n)])
    coef = stacked(z, critical.astype(int))
    assert coef.shape == (3,) and coef[0] < 0 < coef[1]
    assert np.allclose(logit(np.array([0.5, 1.0, 0.0])), [0.0, np.log(1e12), -np.log(1e12)])
