"""Shapes the reports draw: icicle layout, position deciles, drift rate by depth, subthread sizes."""

from __future__ import annotations

import random
from collections import Counter
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from comments.analyses.structure import decile_counts, decile_shares, drift_rate_by_site_depth, icicle, subthread_sizes
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild, subtree_sizes


def thread(parents: list[int | None], topics=None) -> ParsedThread:
    comments = [Comment(id=str(i), parent_id=None if p is None else str(p), text="x",
                        topics=(topics[i] if topics else None)) for i, p in enumerate(parents)]
    return ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments))


trees = st.integers(0, 60).flatmap(lambda n: st.lists(st.floats(0, 1), min_size=n, max_size=n)).map(
    lambda xs: [None if i == 0 or x < 0.3 else int(x * i) % i for i, x in enumerate(xs)])


@settings(max_examples=60, deadline=None)
@given(trees)
def test_icicle_nests_every_reply_under_its_parent(parents):
    pt = thread(parents)
    rects, max_depth = icicle(pt)
    assert len(rects) == len(pt.comments)
    sizes = subtree_sizes(pt.comments)
    assert sorted(r.width for r in rects) == sorted(float(s) for s in sizes.values())
    assert max_depth == max((c.depth for c in pt.comments), default=0)
    # top-level comments tile the x axis without gaps
    tops = sorted((r for r in rects if r.depth == 0), key=lambda r: r.left)
    assert sum(r.width for r in tops) == len(pt.comments)
    assert all(a.left + a.width == b.left for a, b in zip(tops, tops[1:]))


def test_icicle_by_hand():
    # 0 ─ 1 ─ 3 ; 0 ─ 2 ; 4 alone
    rects, depth = icicle(thread([None, 0, 0, 1, None], [["a"], ["b"], None, ["c"], ["d"]]))
    got = {(r.depth, r.left, r.width, r.topic) for r in rects}
    assert got == {(0, 0.0, 4.0, "a"), (1, 1.0, 2.0, "b"), (2, 2.0, 1.0, "c"), (1, 3.0, 1.0, "none"),
                   (0, 4.0, 1.0, "d")}
    assert depth == 2
    assert rects[0] == max(rects, key=lambda r: (r.depth == 0, r.left))  # later top-level comments drawn first


def test_deciles_sum_to_one_and_split_multi_topic_comments():
    pt = thread([None] * 10, [["a", "b"]] + [["a"]] * 4 + [None] * 5)
    rows = decile_shares(decile_counts(pt), ["a", "b", "none"])
    first = {r["label"]: r["share"] for r in rows if r["decile"] == 0}
    assert first == {"a": 0.5, "b": 0.5, "none": 0.0}
    for d in range(10):
        assert abs(sum(r["share"] for r in rows if r["decile"] == d) - 1) < 1e-12
    # partials of several threads add up
    other = thread([None] * 5, [None] * 5)
    total = decile_counts(pt) + decile_counts(other)
    rows = decile_shares(total, ["a", "b", "none"])
    assert {r["decile"]: r["comments"] for r in rows if r["label"] == "a"} == {d: 1 + (d % 2 == 0) for d in range(10)}


def test_drift_rate_by_site_and_depth():
    edge = lambda site, depth, kept: SimpleNamespace(site=site, depth=depth, kept_topic=kept)  # noqa: E731
    rows = drift_rate_by_site_depth([edge("x", 1, True), edge("x", 1, False), edge("x", 2, None), edge("y", 1, False)])
    assert rows == [{"site": "x", "depth": 1, "judged": 2, "drifting": 1, "drift_rate": 0.5},
                    {"site": "y", "depth": 1, "judged": 1, "drifting": 1, "drift_rate": 1.0}]


def test_subthread_sizes_cover_the_thread():
    rng = random.Random(5)
    parents = [None if i == 0 or rng.random() < 0.3 else rng.randrange(i) for i in range(200)]
    pt = thread(parents)
    sizes = subthread_sizes(pt)
    assert sum(sizes) == 200 and len(sizes) == Counter(c.depth for c in pt.comments)[0]


@settings(max_examples=30, deadline=None)
@given(trees.filter(lambda ps: len(ps) > 3), st.integers(3, 40))
def test_a_large_tree_is_a_raster_sampled_from_its_icicle(parents, columns):
    from comments.analyses.structure import Raster, raster

    pt = thread(parents, [[("a", "b", "c")[i % 3]] if i % 4 else None for i in range(len(parents))])
    rects, max_depth = icicle(pt)
    picture = raster(pt, columns)
    assert picture.width == len(pt.comments) and len(picture.cells) == max_depth + 1
    width = len(pt.comments)
    for depth, row in enumerate(picture.cells):
        assert len(row) == columns
        for col, got in enumerate(row):
            x = (col + 0.5) * width / columns
            under = [r.topic for r in rects if r.depth == depth and r.left <= x < r.left + r.width]
            assert got == (under[0] if under else None)
    # above the limit, icicle() gives the raster, and the picture says it is sampled
    big, depth = icicle(pt, max_rects=len(pt.comments) - 1)
    assert isinstance(big, Raster) and depth == max_depth
    assert f"{len(pt.comments):,} comments drawn as 2,000 columns" in big.note


def test_the_icicle_picture_of_a_large_tree_is_bounded(tmp_path):
    from comments.reporting.charts import Charts, colours

    rng = random.Random(2)
    parents = [None if i == 0 or rng.random() < 0.3 else i - 1 - min(int(rng.expovariate(0.2)), i - 1)
               for i in range(30_000)]
    pt = thread(parents, [[("a", "b")[i % 2]] for i in range(len(parents))])
    picture, depth = icicle(pt)
    charts = Charts(tmp_path, colours(["a", "b", "none"]), {})
    charts.icicle("tree", "Reply tree", picture, depth)
    svg = (tmp_path / "tree.svg").read_text(encoding="utf-8")
    assert "30,000 comments drawn as 2,000 columns" in svg
    assert (tmp_path / "tree.png").stat().st_size < 400_000 and len(svg) < 1_000_000


def test_a_deep_rasters_rows_sample_its_depths():
    """A 6,000-deep chain (fix17g): the raster has RASTER_ROWS rows, each the depth at its
    centre (10,000 × 2,000 cells for a 10,000-deep chain), and its note says so."""
    from comments.analyses.structure import RASTER_ROWS, raster

    deep = 6_000
    pt = thread([None, *range(deep - 1)], [[("a", "b")[i % 2]] for i in range(deep)])
    picture, depth = icicle(pt)
    assert depth == deep - 1 and len(picture.cells) == RASTER_ROWS and picture.sampled_depth == deep - 1
    for i, row in enumerate(picture.cells):
        d = int((i + 0.5) * deep / RASTER_ROWS)  # the chain's comment at depth d spans columns d … end
        assert row[-1] == ("a", "b")[d % 2] and row[0] == (("a", "b")[0] if d == 0 else None), i
    assert f"depths 0–{deep - 1:,} as {RASTER_ROWS:,} rows" in picture.note
    shallow = raster(pt, 40, rows=deep)  # rows enough: one per depth, no sampling said
    assert len(shallow.cells) == deep and shallow.sampled_depth is None and "rows" not in shallow.note
