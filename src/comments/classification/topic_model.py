"""The learned default topic model: calibrated topic probabilities from the taxonomy's
term evidence read in thread context.

Term matching alone labels a comment by the words it uses; annotators label it by what
it is about, read with its parent and its thread. The model keeps the terms as its
inputs and learns how much each kind of evidence counts: a comment's own evidence for
every topic, its parent's, the share of its thread (the reply trees classified with
it) that touches each topic, and whether it is a bare reaction. One logistic regression per topic; the probability is
Platt-calibrated and each topic has its own threshold, both from cross-validation
grouped by thread (``benchmarks/train_defaults.py --topics``).

A model belongs to one taxonomy: it stores the taxonomy's fingerprint (a hash of its
topics and terms) and is used only with that taxonomy; any other taxonomy keeps term
matching. Saved as ``model.json`` + ``weights.npz`` (float arrays read with
``allow_pickle=False``, shapes checked first), never pickle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from comments.io.modelfile import ModelFileError, check_finite, check_npz

FORMAT = "comments-topic-model"
FORMAT_VERSION = 1
#: features shared by every topic (being top-level and length were tried and left out: in grouped
#: cross-validation they learnt the sources — tweets are all top-level — not the topics)
CONTEXT = ("reaction",)
MINIMUM = 20  # positives a topic needs to be learnt (fewer: it keeps the term rule)
SEED = 13


def feature_names(topics: list[str]) -> list[str]:
    """Column names: own, parent and thread evidence per topic, then the shared ones."""
    return ([f"own:{t}" for t in topics] + [f"parent:{t}" for t in topics] + [f"thread:{t}" for t in topics]
            + list(CONTEXT))


def unit_features(topics: list[str], own: list[dict[str, float]], parents: list[int | None],
                  reactions: list[bool]) -> np.ndarray:
    """Feature rows for the comments of one unit (a thread, or a group of its reply trees).

    ``own[i]``: comment i's term scores (0..1) per topic; ``parents[i]``: the row of its
    parent in this unit (None for a top-level comment or a parent outside the unit)."""
    n, k = len(own), len(topics)
    x = np.zeros((n, 3 * k + len(CONTEXT)))
    if not n:
        return x
    mine = np.array([[scores.get(t, 0.0) for t in topics] for scores in own], dtype=np.float64).reshape(n, k)
    x[:, :k] = mine
    for i, p in enumerate(parents):
        if p is not None:
            x[i, k:2 * k] = mine[p]
    x[:, 2 * k:3 * k] = (mine >= 0.5).mean(axis=0)  # the unit's share of comments touching each topic
    x[:, 3 * k] = np.array(reactions, dtype=np.float64)
    return x


@dataclass
class TopicModel:
    """Per-topic logistic regression over :func:`unit_features`, Platt-calibrated."""

    inputs: list[str]  # the taxonomy's topic ids, in feature order
    labels: list[str]  # the topics the model decides (others keep term matching)
    fingerprint: str  # of the taxonomy it was trained with
    coef: np.ndarray  # labels × features
    intercept: np.ndarray
    platt: np.ndarray  # labels × 2
    thresholds: np.ndarray  # per label, on the calibrated probability
    attribution: str = ""

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, rows × labels."""
        z = x @ self.coef.T + self.intercept
        z = z * self.platt[:, 0] + self.platt[:, 1]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def save(self, folder: Path) -> None:
        """model.json + weights.npz, atomically; the same model gives the same bytes."""
        from comments.classification.learn import write_npz
        from comments.io.atomic import OutputFolder, create

        meta = {"format": FORMAT, "version": FORMAT_VERSION, "inputs": self.inputs, "labels": self.labels,
                "fingerprint": self.fingerprint, "features": feature_names(self.inputs)}
        if self.attribution:
            meta["attribution"] = self.attribution
        arrays = self._arrays()
        check_finite(folder / "weights.npz", arrays)
        with OutputFolder(folder) as out:
            with create(out.path("model.json")) as handle:
                handle.write(json.dumps(meta, ensure_ascii=False, allow_nan=False, indent=1))
            with create(out.path("weights.npz"), "wb") as handle:
                write_npz(handle, arrays)

    def _arrays(self) -> dict[str, np.ndarray]:
        return {"coef": self.coef, "intercept": self.intercept, "platt": self.platt, "thresholds": self.thresholds}

    @classmethod
    def load(cls, folder: str | Path) -> TopicModel:
        """Read a saved model; ModelFileError naming the file and the reason otherwise."""
        folder = Path(folder)
        meta_path = folder / "model.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelFileError(f"{meta_path}: not a topic model ({getattr(exc, 'strerror', None) or exc})") from None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("version") != FORMAT_VERSION:
            raise ModelFileError(f"{meta_path}: not a {FORMAT} v{FORMAT_VERSION} file")
        inputs, labels = meta.get("inputs"), meta.get("labels")
        for name, value in (("inputs", inputs), ("labels", labels)):
            if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
                raise ModelFileError(f"{meta_path}: `{name}` must be a non-empty list of strings")
        if not set(labels) <= set(inputs) or meta.get("features") != feature_names(inputs):
            raise ModelFileError(f"{meta_path}: labels or features do not match the inputs")
        n, f = len(labels), len(feature_names(inputs))
        expected = {"coef": (n, f), "intercept": (n,), "platt": (n, 2), "thresholds": (n,)}
        weights = folder / "weights.npz"
        check_npz(weights, expected)
        with np.load(weights, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in expected}
        check_finite(weights, arrays)
        return cls(list(inputs), list(labels), str(meta.get("fingerprint", "")), arrays["coef"], arrays["intercept"],
                   arrays["platt"], arrays["thresholds"], str(meta.get("attribution", "")))


def fit(x: np.ndarray, y: dict[str, np.ndarray], groups: list[str], inputs: list[str], fingerprint: str,
        folds: int = 5, c: float = 1.0, minimum: int = MINIMUM) -> tuple[TopicModel, dict[str, np.ndarray]]:
    """One logistic regression per topic with at least ``minimum`` positives; thresholds
    (for positive-class F1) and Platt scaling from ``folds``-fold cross-validation grouped
    by ``groups``. Returns the model and each label's out-of-fold probabilities."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold

    from comments.classification.calibration import best_threshold, platt

    labels = [t for t in inputs if t in y and int(np.sum(y[t])) >= minimum]
    if not labels:
        raise ValueError(f"no topic has {minimum} positive examples to learn from")
    coefs, intercepts, platts, thresholds, oof_all = [], [], [], [], {}
    for label in labels:
        target = np.asarray(y[label]).astype(int)
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED)
        oof = np.zeros(len(target))
        for tr, te in splitter.split(x, target, groups):
            if target[tr].min() == target[tr].max():  # a fold without positives (all in the held-out group)
                oof[te] = -10.0
                continue
            model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(x[tr], target[tr])
            oof[te] = model.decision_function(x[te])
        a, b = platt(oof, target)
        calibrated = 1.0 / (1.0 + np.exp(-np.clip(a * oof + b, -30, 30)))
        thresholds.append(best_threshold(target, calibrated, "positive"))
        platts.append((a, b))
        oof_all[label] = calibrated
        final = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(x, target)
        coefs.append(final.coef_[0])
        intercepts.append(final.intercept_[0])
    model = TopicModel(list(inputs), labels, fingerprint, np.array(coefs), np.array(intercepts), np.array(platts),
                       np.array(thresholds))
    return model, oof_all
