"""scikit-learn's char_wb n-grams and sublinear TF-IDF written out naively and densely:
the reference the vectorised drift similarity is tested against (tests/text/test_vectors.py,
tests/analyses/test_drift.py)."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np


def char_wb(text: str) -> list[str]:
    """scikit-learn's char_wb 3–5-grams of one text, written out naively."""
    grams = []
    for word in text.split():
        padded = f" {word} "
        for n in range(3, 6):
            if len(padded) < n:
                break
            grams += [padded[i:i + n] for i in range(len(padded) - n + 1)]
            if len(padded) == n:
                break
    return grams


def dense_tfidf(docs: list[list[str]]) -> np.ndarray:
    """Sublinear TF-IDF with smooth IDF, rows L2-normalised, as a dense matrix."""
    vocabulary = sorted({t for d in docs for t in d})
    column = {t: i for i, t in enumerate(vocabulary)}
    counts = np.zeros((len(docs), len(vocabulary)))
    for r, d in enumerate(docs):
        for t, k in Counter(d).items():
            counts[r, column[t]] = 1 + math.log(k)
    df = (counts > 0).sum(axis=0)
    weights = counts * (np.log((1 + len(docs)) / (1 + df)) + 1)
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    return np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)
