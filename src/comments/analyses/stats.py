"""Statistics that respect how comments are grouped: comments of one thread are not
independent, so intervals resample whole threads (cluster bootstrap) and label-mix
tests shuffle whole threads between sites (permutation test); several tests at once
are corrected with Benjamini–Hochberg; effects are named by Cohen's thresholds.

Every function takes per-cluster partial results (sums and counts per thread), so the
same figures can be combined from partitions computed elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

ROUNDS = 2000  # bootstrap resamples
PERMUTATIONS = 4999
SEED = 7
#: Below these a site gets no interval and takes part in no test ("too few …").
MIN_CLUSTERS = 5
MIN_ITEMS = 20


@dataclass(frozen=True)
class Interval:
    """A mean with its 95 % cluster-bootstrap interval, or the reason there is none."""

    mean: float | None
    low: float | None = None
    high: float | None = None
    note: str = ""


def cluster_mean(sums: Sequence[float], counts: Sequence[int], rounds: int = ROUNDS, seed: int = SEED,
                 min_clusters: int = MIN_CLUSTERS, min_items: int = MIN_ITEMS, items: str = "comments") -> Interval:
    """Pooled mean Σsums/Σcounts with a 95 % percentile interval from resampling whole
    clusters (threads) with replacement. Fewer than ``min_clusters`` clusters or
    ``min_items`` values (``items``: what they are, as the reason names them): the mean
    alone, and the reason."""
    s = np.asarray(sums, dtype=np.float64)
    n = np.asarray(counts, dtype=np.float64)
    keep = n > 0
    s, n = s[keep], n[keep]
    if not n.sum():
        return Interval(None, note="no values")
    mean = float(s.sum() / n.sum())
    if len(n) < min_clusters:
        return Interval(mean, note=f"too few threads for an interval: {len(n)} < {min_clusters}")
    if n.sum() < min_items:
        return Interval(mean, note=f"too few {items} for an interval: {int(n.sum())} < {min_items}")
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(n), size=(rounds, len(n)))
    means = s[picks].sum(axis=1) / n[picks].sum(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return Interval(mean, float(low), float(high))


@dataclass(frozen=True)
class LabelTest:
    """Does the share of comments carrying one label differ between groups?"""

    label: str
    groups: int
    statistic: float | None  # Pearson χ² of the groups × (label, not label) table
    p_value: float | None  # permutation p-value (whole clusters shuffled)
    cohens_w: float | None
    p_adjusted: float | None = None  # Benjamini–Hochberg across the labels tested together
    note: str = ""
    comments: int | None = None  # comments carrying the label in the groups taking part (compare.label_tests)

    @property
    def effect(self) -> str:
        return effect_name(self.cohens_w)


def effect_name(w: float | None) -> str:
    """Cohen's (1988) names for an effect size w: < 0.1 negligible, 0.1 small, 0.3 medium, 0.5 large."""
    if w is None:
        return ""
    return "negligible" if w < 0.1 else "small" if w < 0.3 else "medium" if w < 0.5 else "large"


CHUNK = 256  # permutations summed at once: bounds the index array to CHUNK × clusters


def _group_sums(values: np.ndarray, groups: np.ndarray, k: int) -> np.ndarray:
    """Per row of ``groups``, the sums of ``values`` by group (rows × k): bincount over
    flat indices, each bin summed in the clusters' order, a chunk of rows at a time."""
    out = np.empty((groups.shape[0], k))
    n = groups.shape[1]
    for start in range(0, groups.shape[0], CHUNK):
        block = groups[start:start + CHUNK]
        index = (np.arange(block.shape[0])[:, None] * k + block).ravel()
        out[start:start + CHUNK] = np.bincount(index, np.broadcast_to(values, block.shape).ravel(),
                                               minlength=block.shape[0] * k).reshape(-1, k)
    return out if n else np.zeros((groups.shape[0], k))


#: Largest whole-number sum a float64 holds exactly (every smaller whole number too).
EXACT = float(1 << 53)
#: Most groups for which one membership product per group beats a bincount per label
#: (the products grow with the groups: 150 groups took 4.5 s of CPU against 0.8 s).
PRODUCT_GROUPS = 8


def _group_sums_of(values: np.ndarray, groups: np.ndarray, k: int) -> np.ndarray | None:
    """:func:`_group_sums` of every column of ``values`` (clusters × labels) at once
    (labels × rows × k): per group and block of rows, one matrix product of the block's
    0/1 membership with all the columns. None unless the values are whole numbers, ≥ 0,
    summing below 2^53 (comment counts): then every partial sum is exact, so the sums are
    the same bits in any order — those of ``_group_sums``, one label at a time. None too for
    more than :data:`PRODUCT_GROUPS` groups, where a bincount per label is cheaper."""
    if k > PRODUCT_GROUPS or not len(values) or not np.all(values >= 0) or not np.all(values == np.floor(values)) \
            or float(values.sum(axis=0).max()) >= EXACT:
        return None
    from threadpoolctl import threadpool_limits  # (scikit-learn's dependency)

    out = np.empty((values.shape[1], groups.shape[0], k))
    step = max(1, min(CHUNK, (1 << 22) // groups.shape[1]))  # a block's membership: at most 32 MB
    with threadpool_limits(1, "blas"):  # products this small: BLAS threads spinning cost 3× the CPU
        for start in range(0, groups.shape[0], step):
            block = groups[start:start + step]
            for j in range(k):
                out[:, start:start + step, j] = ((block == j).astype(np.float64) @ values).T
    return out


def _chi2(hits: np.ndarray, totals: np.ndarray, groups: np.ndarray, k: int,
          g_totals: np.ndarray | None = None, g_hits: np.ndarray | None = None) -> np.ndarray:
    """χ² of the k × 2 table per row of ``groups`` (one permutation per row); ``g_totals``,
    ``g_hits``: the totals' (the same for every label) and the hits' group sums when known."""
    if g_hits is None:
        g_hits = _group_sums(hits, groups, k)
    if g_totals is None:
        g_totals = _group_sums(totals, groups, k)
    n, p = totals.sum(), hits.sum() / totals.sum()
    expected = g_totals * p
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (g_hits - expected) ** 2 / (expected * (1 - p))
    return np.nansum(np.where(g_totals > 0, terms, 0.0), axis=1) if 0 < p < 1 else np.zeros(groups.shape[0]) * n


def label_test(label: str, hits: Sequence[int], totals: Sequence[int], groups: Sequence[str],
               permutations: int = PERMUTATIONS, seed: int = SEED) -> LabelTest:
    """Permutation test of one label's share across groups: ``hits[i]`` of ``totals[i]``
    comments of cluster ``i`` (a thread) carry the label, the cluster belongs to
    ``groups[i]``; the groups' labels are shuffled over whole clusters. Each comment
    counts once (it has the label or not), never once per label."""
    return label_tests_over([label], [hits], totals, groups, permutations, seed)[0]


def label_tests_over(labels: Sequence[str], hits: Sequence[Sequence[int]], totals: Sequence[int],
                     groups: Sequence[str], permutations: int = PERMUTATIONS, seed: int = SEED) -> list[LabelTest]:
    """:func:`label_test` of each label over the same clusters (``hits[i]``: label i's hits
    per cluster), the same results; every label's shuffled group sums are made in one pass
    (:func:`_group_sums_of`), not one pass per label."""
    names = sorted(set(groups))
    if len(names) < 2:
        return [LabelTest(label, len(names), None, None, None, note="fewer than two groups to compare")
                for label in labels]
    t = np.asarray(totals, dtype=np.float64)
    h = np.asarray(hits, dtype=np.float64).reshape(len(labels), len(t))
    code = {name: i for i, name in enumerate(names)}
    g = np.asarray([code[x] for x in groups], dtype=np.int8 if len(names) < 128 else np.int64)
    k, key = len(names), (g.tobytes(), g.dtype.str, permutations, seed)
    tested = [i for i in range(len(labels)) if 0 < h[i].sum() < t.sum()]
    shuffled = _shuffled(*key) if tested else None
    null_hits = _group_sums_of(h[tested].T, shuffled, k) if tested else None
    out = []
    for i, label in enumerate(labels):
        if i not in tested:
            out.append(LabelTest(label, k, None, None, None, note="the label occurs in all comments or none"))
            continue
        observed = float(_chi2(h[i], t, g[None, :], k)[0])
        null = _chi2(h[i], t, shuffled, k, _null_totals(t.tobytes(), *key, k),
                     None if null_hits is None else null_hits[tested.index(i)])
        p = float((1 + np.sum(null >= observed - 1e-12)) / (1 + permutations))
        out.append(LabelTest(label, k, observed, p, float(np.sqrt(observed / t.sum()))))
    return out


@lru_cache(maxsize=2)
def _shuffled(groups: bytes, dtype: str, permutations: int, seed: int) -> np.ndarray:
    """``permutations`` shuffles of the clusters' groups, one per row: the same for every
    label tested over the same clusters, so made once (small integers: rows × clusters bytes)."""
    g = np.frombuffer(groups, dtype=dtype)
    rng = np.random.default_rng(seed)
    out = np.empty((permutations, len(g)), dtype=g.dtype)
    for i in range(permutations):
        out[i] = rng.permutation(g)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=2)
def _null_totals(totals: bytes, groups: bytes, dtype: str, permutations: int, seed: int, k: int) -> np.ndarray:
    """The clusters' comment totals summed by group under every shuffle: the same for
    every label (and both fields) tested over the same clusters, so made once."""
    out = _group_sums(np.frombuffer(totals, dtype=np.float64), _shuffled(groups, dtype, permutations, seed), k)
    out.flags.writeable = False
    return out


def adjust(tests: list[LabelTest]) -> list[LabelTest]:
    """Benjamini–Hochberg adjusted p-values across ``tests`` (those with a p-value)."""
    from dataclasses import replace

    from scipy.stats import false_discovery_control

    done = [i for i, x in enumerate(tests) if x.p_value is not None]
    if not done:
        return list(tests)
    adjusted = false_discovery_control([tests[i].p_value for i in done], method="bh")
    out = list(tests)
    for i, q in zip(done, adjusted):
        out[i] = replace(tests[i], p_adjusted=float(q))
    return out


def benjamini_hochberg(p_values: Sequence[float | None]) -> list[float | None]:
    """BH-adjusted p-values, None kept in place."""
    from scipy.stats import false_discovery_control

    done = [i for i, p in enumerate(p_values) if p is not None]
    out: list[float | None] = [None] * len(p_values)
    if done:
        for i, q in zip(done, false_discovery_control([p_values[i] for i in done], method="bh")):
            out[i] = float(q)
    return out
