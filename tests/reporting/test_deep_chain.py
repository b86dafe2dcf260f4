"""A reply chain deeper than the depth chart draws (fix17g): depths ≥ DEPTH_BARS share one
bar, the chart's title, axis and depth.md say so, and depth_by_site.csv keeps every depth,
so `report` time is linear in depth (a 5,000-deep chain drew 5,001 bar groups)."""

from __future__ import annotations

import csv
import json

import pytest

import comments.reporting.charts as charts_module
from comments.reporting.sections import DEPTH_BARS, depth_shares
from conftest import run

DEEP = 400  # a chain of 400 comments: depths 0 … 399


def test_depth_shares_pool_only_past_the_cap():
    """Two sites: one a chain 45 deep, one 3 deep. Each site's shares still sum to 1; the
    shallow site has 0 in the pooled bar; a corpus no deeper than the cap keeps one bar per depth."""
    from types import SimpleNamespace as Row

    chain = Row(site="a", comments=45, histogram=dict.fromkeys(range(45), 1))
    short = Row(site="b", comments=4, histogram={0: 1, 1: 2, 2: 1})
    groups, values = depth_shares([chain, short])
    assert groups == [*(f"depth {d}" for d in range(DEPTH_BARS)), f"depth ≥ {DEPTH_BARS}"]
    assert values[(groups[-1], "a")] == pytest.approx((45 - DEPTH_BARS) / 45) and values[(groups[-1], "b")] == 0
    for site in "ab":
        assert sum(values[(g, site)] for g in groups) == pytest.approx(1)
    groups, values = depth_shares([Row(site="a", comments=DEPTH_BARS + 1,
                                       histogram=dict.fromkeys(range(DEPTH_BARS + 1), 1))])
    assert groups == [f"depth {d}" for d in range(DEPTH_BARS + 1)]  # depth 30 is the deepest: no pooling


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """`report depth` on a 400-deep chain: its folder and the figures it drew, by name."""
    folder = tmp_path_factory.mktemp("deep")
    path = folder / "site.example__chain.jsonl"
    path.write_text("".join(json.dumps({"id": f"c{i}", "parent_id": f"c{i - 1}" if i else None,
                                        "thread_id": "chain", "site": "site.example",
                                        "text": f"Antwort {i}: nein, das stimmt so nicht."}) + "\n"
                            for i in range(DEEP)), encoding="utf-8")
    out = folder / "report"
    figures: dict = {}
    real = charts_module.draw
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(charts_module, "draw", lambda fig, where, name: (real(fig, where, name),
                                                                     figures.__setitem__(name, fig)))
        result = run("report", "depth", str(path), "--out", str(out), "-q", "-j", "1")
    assert result.exit_code == 0, result.stderr
    return out, figures


@pytest.mark.slow  # a report drawn in the test process: ~8 s
def test_depth_chart_pools_the_deep_replies_into_one_bar(drawn):
    _, figures = drawn
    ax = figures["depth_by_site"].axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels() if t.get_text().startswith("depth")]
    assert labels == [*(f"depth {d}" for d in range(DEPTH_BARS)), f"depth ≥ {DEPTH_BARS}"]
    across = any(t.get_text().startswith("depth") for t in ax.get_xticklabels())  # else horizontal bars
    bars = [p.get_height() if across else p.get_width() for c in ax.containers for p in c.patches]
    assert len(bars) == DEPTH_BARS + 1
    assert bars[-1] == pytest.approx((DEEP - DEPTH_BARS) / DEEP) and bars[0] == pytest.approx(1 / DEEP)
    assert f"≥ {DEPTH_BARS} in one bar" in ax.get_title()


@pytest.mark.slow
def test_depth_md_says_so_and_the_csv_keeps_every_depth(drawn):
    out, _ = drawn
    text = (out / "depth.md").read_text(encoding="utf-8")
    assert (f"one bar per depth up to {DEPTH_BARS - 1} and the {DEEP - DEPTH_BARS:,} replies at depth "
            f"{DEPTH_BARS} or deeper as one bar") in text
    with open(out / "depth_by_site.csv", encoding="utf-8", newline="") as fh:
        (row,) = csv.DictReader(fh)
    assert [int(row[f"depth_{d}"]) for d in range(DEEP)] == [1] * DEEP
