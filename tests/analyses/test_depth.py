"""Depth statistics on small trees, computed by hand and cross-checked with networkx."""

from __future__ import annotations

import random

import pytest

from comments.analyses.depth import depth_tables, structural_virality, thread_stats
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild
from conftest import SEED, read


def make(parents: list[str | None], site="s", tid="t") -> ParsedThread:
    comments = [Comment(id=str(i), parent_id=p) for i, p in enumerate(parents)]
    return ParsedThread(Thread(thread_id=tid, site=site), rebuild(comments))


def test_hand_computed_tree():
    #   article ─ 0 ─ 1 ─ 3
    #           │   └ 2
    #           └ 4 ─ 5
    pt = make([None, "0", "0", "1", None, "4"])
    s = thread_stats(pt)
    assert (s.comments, s.top_level, s.replies, s.max_depth) == (6, 2, 4, 2)
    assert s.reply_share == pytest.approx(4 / 6)
    assert s.mean_depth == pytest.approx((0 + 1 + 1 + 2 + 0 + 1) / 6)
    assert s.histogram == {0: 2, 1: 3, 2: 1}
    assert s.max_width == 3
    assert s.mean_branching == pytest.approx((2 + 1 + 1) / 3)  # comments 0, 1, 4 have replies
    assert s.largest_subthread == 4
    assert s.leaf_share == pytest.approx(3 / 6)
    # nesting levels: 1 → 2 comments, 2 → 3, 3 → 1: h = 2 (3 ≥ 2 at level 2; level 3 has 1 < 3)
    assert s.h_index == 2
    # 7 nodes; subtree sizes below each edge: 0:4, 1:2, 2:1, 3:1, 4:2, 5:1 → Wiener Σ s(7−s)
    wiener = 4 * 3 + 2 * 5 + 1 * 6 + 1 * 6 + 2 * 5 + 1 * 6
    assert s.structural_virality == pytest.approx(wiener / 21)


def test_empty_and_flat_threads():
    empty = thread_stats(make([]))
    assert (empty.comments, empty.max_depth, empty.structural_virality, empty.h_index) == (0, 0, 0.0, 0)
    flat = thread_stats(make([None] * 5))
    assert (flat.h_index, flat.max_depth, flat.leaf_share) == (1, 0, 1.0)
    assert flat.structural_virality == pytest.approx((5 * 1 + 10 * 2) / 15)  # star: 5 edges of 1, 10 pairs of 2


def test_structural_virality_matches_networkx_on_random_trees():
    nx = pytest.importorskip("networkx")
    rng = random.Random(5)
    for n in (1, 2, 10, 60):
        parents = [None] + [rng.choice([None] + [str(j) for j in range(i)]) for i in range(1, n)]
        pt = make(parents)
        graph = nx.Graph()
        graph.add_node("article")
        for i, p in enumerate(parents):
            graph.add_edge(str(i), p if p is not None else "article")
        assert structural_virality(pt) == pytest.approx(nx.average_shortest_path_length(graph))


def test_site_rows_pool_their_threads():
    threads = [make([None, "0"], site="a", tid="1"), make([None, None, "1", "2"], site="a", tid="2"),
               make([None], site="b", tid="3")]
    per_thread, per_site = depth_tables(threads)
    assert [r.thread_id for r in per_thread] == ["1", "2", "3"]
    a, b = per_site
    assert (a.site, a.threads, a.comments, a.top_level, a.max_depth) == ("a", 2, 6, 3, 2)
    assert a.histogram == {0: 3, 1: 2, 2: 1}
    assert a.mean_depth == pytest.approx(4 / 6)
    assert (b.comments, b.structural_virality) == (1, 1.0)


def test_seed_thread():
    (pt,) = read(SEED).threads
    s = thread_stats(pt)
    assert (s.comments, s.top_level, s.replies, s.max_depth, s.histogram) == (25, 10, 15, 2, {0: 10, 1: 9, 2: 6})
    assert s.h_index == 3  # 10 comments at level 1, 9 at level 2, 6 at level 3
    assert s.largest_subthread == 7
