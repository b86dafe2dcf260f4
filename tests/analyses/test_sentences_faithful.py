"""Report sentences checked against their tables on the shared corpora (session 19
review, reports19): each test fails on the sentences main wrote before."""

from __future__ import annotations

import json

import pytest

from comments.analyses.drift import ThreadDrift, poisson_binomial, stickiness_test
from conftest import corpus, csv_rows, made_once, run


def _report(tmp_path_factory, name: str, *inputs: str, command: tuple[str, ...] = ("report", "all")):
    paths = [str(corpus(i)) for i in inputs]

    def make(out):
        result = run(*command, *paths, "--out", str(out), "-q", "-j", "1")
        assert result.exit_code == 0, result.output
    return made_once(tmp_path_factory, name, make)


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    """Four lemire.me posts: 98 % of comments have no topic, 5 replies answer one that has."""
    return _report(tmp_path_factory, "fix19_blog", "html_wordpress")


@pytest.fixture(scope="module")
def reddit(tmp_path_factory):
    """Three Reddit threads; fo7p5b's "more" stubs list 3,749 comments, more than its stated 3,982 − 492."""
    return _report(tmp_path_factory, "fix19_reddit", "reddit")


def text(folder, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8").replace("\\", "")


def _summary(chances: dict[float, int]) -> ThreadDrift:
    values = [c for c, m in chances.items() for _ in range(m)]
    return ThreadDrift("s", "t", len(values), None, None, None, None, None, None, None,
                       expected_kept=sum(values), expected_kept_var=sum(c * (1 - c) for c in values),
                       keep_chances=chances)


def test_stickiness_is_tested_exactly_where_the_normal_approximation_fails(blog):
    """The blog: 3 of 5 replies keep their parent's topic against an expected 0.14; the normal
    approximation said p = 1.15e-10. The exact Poisson-binomial p, re-derived by enumerating
    every outcome of the 5 replies from keep_chances, is about 1.5e-4."""
    from itertools import product

    edges = [e for e in csv_rows(blog / "drift_edges.csv") if e["kept_topic"]]
    kept = sum(e["kept_topic"] == "True" for e in edges)
    chances = [float(c) for r in csv_rows(blog / "drift_by_thread.csv")
               for c, m in json.loads(r["keep_chances"] or "{}").items() for _ in range(m)]
    assert (len(edges), kept, len(chances)) == (5, 3, 5)
    probability = {}
    for outcome in product((0, 1), repeat=5):
        weight = 1.0
        for hit, c in zip(outcome, chances):
            weight *= c if hit else 1 - c
        probability[sum(outcome)] = probability.get(sum(outcome), 0.0) + weight
    p = sum(w for w in probability.values() if w <= probability[kept] * (1 + 1e-7))
    summary = text(blog, "drift.md")
    assert f"significantly more often than that (p = {p:.3g}, exact Poisson-binomial test)" in summary
    assert 1e-4 < p < 3e-4 and "1.15e-10" not in summary


def test_exact_stickiness_test_agrees_with_the_binomial_test():
    """Equal chances make the Poisson-binomial a binomial: the p is scipy's binomtest's."""
    from scipy.stats import binomtest

    for n, chance, kept in ((5, 0.0279, 3), (40, 0.5, 29), (200, 0.85, 160), (12, 0.3, 0)):
        share, p, method = stickiness_test([_summary({chance: n})], n, kept)
        assert method == "exact" and share == pytest.approx(chance)
        assert p == pytest.approx(binomtest(kept, n, chance).pvalue, rel=1e-9)
    assert poisson_binomial({0.2: 3, 0.7: 2}).sum() == pytest.approx(1.0)


def test_no_stickiness_claim_from_fewer_than_five_replies():
    """3 of 4 replies keeping a topic that chance gives 10 % is no finding from 4 replies."""
    from comments.analyses.sentences import baseline_sentence

    said = baseline_sentence([_summary({0.1: 4})], 4, 3)
    assert "4 replies are too few to test against it (fewer than 5)" in said and "significantly" not in said


def test_stub_counts_above_the_stated_count_are_said(reddit):
    """fo7p5b states 3,982 comments; the input holds 492 and its "more" stubs list 3,749 more.
    The reports said "492 of the 3,982 comments its source states (3,749 not loaded)", which
    adds up to 4,241, not 3,982."""
    row = next(r for r in csv_rows(reddit / "depth_by_thread.csv") if r["thread_id"] == "fo7p5b")
    read, stated, missing = int(row["comments"]), int(row["stated_count"]), int(row["not_loaded"])
    assert read + missing > stated
    said = (f"{read:,} of the {read + missing:,} comments its source lists ({missing:,} not loaded), "
            f"more than the {stated:,} it states")
    for name in ("depth.md", "compare.md", "index.html"):
        assert said in text(reddit, name), name
        assert f"{read:,} of the {stated:,} comments its source states" not in text(reddit, name)
