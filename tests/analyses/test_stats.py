"""Thread-level statistics: cluster bootstrap, permutation test per label, BH, Cohen."""

from __future__ import annotations

import numpy as np
import pytest

from comments.analyses import stats


def test_cluster_mean_is_the_pooled_mean_and_wider_than_a_comment_bootstrap():
    rng = np.random.default_rng(1)
    # ten threads whose comments agree within a thread but differ between threads
    levels = rng.normal(0, 1, 10)
    groups = [list(level + rng.normal(0, 0.05, 30)) for level in levels]
    sums, counts = [sum(g) for g in groups], [len(g) for g in groups]
    got = stats.cluster_mean(sums, counts)
    flat = np.concatenate(groups)
    assert got.mean == pytest.approx(flat.mean())
    naive_half = 1.96 * flat.std(ddof=1) / len(flat) ** 0.5
    assert got.low < got.mean < got.high
    assert (got.high - got.low) / 2 > 2 * naive_half  # clustering makes it much wider


def test_cluster_mean_refuses_too_few_threads_or_comments():
    assert stats.cluster_mean([1, 2, 3], [1, 1, 1]).low is None
    assert "too few threads" in stats.cluster_mean([1, 2, 3], [1, 1, 1]).note
    few = stats.cluster_mean([1.0] * 6, [1] * 6)
    assert few.mean == 1.0 and few.low is None and "too few comments" in few.note
    assert stats.cluster_mean([], []).mean is None


def test_label_test_finds_a_real_difference_and_not_a_clustered_fake():
    # real: site a's threads carry the label at 60 %, site b's at 10 %
    hits = [18, 19, 17, 18, 3, 2, 4, 3]
    totals = [30] * 8
    groups = ["a"] * 4 + ["b"] * 4
    real = stats.label_test("x", hits, totals, groups)
    assert real.p_value < 0.05 and real.effect in ("medium", "large")
    # fake: one huge thread per site decides everything; whole-thread shuffling cannot tell
    fake = stats.label_test("x", [300, 1, 1, 1, 1, 1], [400, 10, 10, 10, 10, 10], ["a", "b", "b", "a", "b", "a"])
    chi2_naive = fake.statistic
    assert chi2_naive > 10  # a comment-level χ² test would call this highly significant
    assert fake.p_value > 0.05


def test_label_test_with_one_group_or_constant_label():
    assert stats.label_test("x", [1, 2], [3, 3], ["a", "a"]).note.startswith("fewer than two")
    assert stats.label_test("x", [0, 0], [3, 3], ["a", "b"]).p_value is None


def test_benjamini_hochberg_matches_the_textbook_example():
    p = [0.01, 0.04, 0.03, None, 0.5]
    q = stats.benjamini_hochberg(p)
    assert q[3] is None
    # sorted p 0.01, 0.03, 0.04, 0.5 with m = 4: 0.04, 0.0533, 0.0533, 0.5
    assert q[0] == pytest.approx(0.04) and q[2] == pytest.approx(0.16 / 3) and q[1] == pytest.approx(0.16 / 3)
    assert q[4] == pytest.approx(0.5)


def test_effect_names_follow_cohen():
    assert [stats.effect_name(w) for w in (0.05, 0.11, 0.3, 0.7)] == ["negligible", "small", "medium", "large"]


def _reference_label_test(hits, totals, groups, permutations, seed):
    """The permutation test written plainly (np.add.at, one shuffle per row)."""
    names = sorted(set(groups))
    h, t = np.asarray(hits, float), np.asarray(totals, float)
    g = np.asarray([names.index(x) for x in groups])
    rng = np.random.default_rng(seed)
    shuffled = np.stack([g] + [rng.permutation(g) for _ in range(permutations)])
    k = len(names)
    g_hits, g_totals = np.zeros((len(shuffled), k)), np.zeros((len(shuffled), k))
    rows = np.arange(len(shuffled))[:, None]
    np.add.at(g_hits, (rows, shuffled), h)
    np.add.at(g_totals, (rows, shuffled), t)
    p = h.sum() / t.sum()
    expected = g_totals * p
    with np.errstate(divide="ignore", invalid="ignore"):
        chi = np.nansum(np.where(g_totals > 0, (g_hits - expected) ** 2 / (expected * (1 - p)), 0.0), axis=1)
    return float(chi[0]), float((1 + np.sum(chi[1:] >= chi[0] - 1e-12)) / (1 + permutations))


@pytest.mark.parametrize("seed", range(6))
def test_label_test_equals_the_plain_permutation_test(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 400))
    totals = rng.integers(1, 60, n)
    hits = rng.binomial(totals, 0.3)
    groups = [f"site{x}" for x in rng.integers(0, int(rng.integers(2, 9)), n)]
    got = stats.label_test("x", hits.tolist(), totals.tolist(), groups, permutations=700, seed=seed)
    statistic, p = _reference_label_test(hits, totals, groups, 700, seed)
    assert (got.statistic, got.p_value) == (statistic, p)


@pytest.mark.parametrize("seed", range(4))
def test_group_sums_of_every_label_are_the_bits_of_one_label_at_a_time(seed):
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(1, 300)), int(rng.integers(2, 9))
    values = rng.integers(0, 10_000, (n, 5)).astype(np.float64)
    groups = np.stack([rng.permutation(rng.integers(0, k, n)) for _ in range(300)]).astype(np.int8)
    together = stats._group_sums_of(values, groups, k)
    for j in range(values.shape[1]):
        assert together[j].tobytes() == stats._group_sums(values[:, j].copy(), groups, k).tobytes()
    assert stats._group_sums_of(values + 0.5, groups, k) is None  # not whole numbers: one label at a time
    assert stats._group_sums_of(values - 20_000, groups, k) is None


def test_label_tests_over_several_labels_are_each_labels_own_test():
    rng = np.random.default_rng(5)
    totals = rng.integers(1, 60, 80)
    hits = [rng.binomial(totals, p).tolist() for p in (0.1, 0.4, 0.0)] + [totals.tolist()]  # none, all
    groups = [f"site{x}" for x in rng.integers(0, 4, 80)]
    together = stats.label_tests_over(["a", "b", "c", "d"], hits, totals.tolist(), groups, permutations=500)
    alone = [stats.label_test(x, h, totals.tolist(), groups, permutations=500) for x, h in zip("abcd", hits)]
    assert together == alone
    for test, h in zip(together[:2], hits):  # the plain test's very bits
        assert (test.statistic, test.p_value) == _reference_label_test(np.asarray(h), totals, groups, 500, 7)
    assert together[2].p_value is None and together[3].p_value is None and together[0].p_value is not None
    assert stats.label_tests_over(["a", "b"], hits[:2], totals.tolist(), ["s"] * 80)[1].note.startswith("fewer")


def test_many_groups_sum_one_label_at_a_time():
    """(review) The membership products grow with the groups (150 groups: 4.5 s of CPU against
    0.8 s per label's bincount), so past ``PRODUCT_GROUPS`` the label tests sum one label at a
    time — the same results either way."""
    rng = np.random.default_rng(3)
    values = rng.integers(0, 50, (200, 3)).astype(np.float64)
    k = stats.PRODUCT_GROUPS + 1
    groups = np.stack([rng.permutation(rng.integers(0, k, 200)) for _ in range(20)]).astype(np.int8)
    assert stats._group_sums_of(values, groups, k) is None
    assert stats._group_sums_of(values, groups % stats.PRODUCT_GROUPS, stats.PRODUCT_GROUPS) is not None
