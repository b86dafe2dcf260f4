"""Tree rebuild and repair (SPEC): ids, duplicates, orphans, cycles, depth; iterative."""

from __future__ import annotations

import pytest

from comments.model import Comment
from comments.tree import rebuild


def make(pairs):
    return [Comment(id=i, parent_id=p, text=f"t{n}") for n, (i, p) in enumerate(pairs)]


def test_missing_ids_get_c_numbers_in_document_order():
    comments = rebuild(make([(None, None), ("x", None), (None, "x")]))
    assert [c.id for c in comments] == ["c1", "x", "c2"]
    assert [c.position for c in comments] == [0, 1, 2]


def test_duplicate_ids_keep_first_and_rename_later_ones():
    comments = rebuild(make([("a", None), ("a", None), ("a", None), ("b", "a")]))
    assert [c.id for c in comments] == ["a", "a~2", "a~3", "b"]
    assert [c.flags for c in comments] == [[], ["duplicate_id"], ["duplicate_id"], []]
    assert comments[3].parent_id == "a"


def test_orphan_becomes_top_level_and_keeps_missing_parent():
    (c,) = rebuild(make([("a", "zzz")]))
    assert (c.parent_id, c.depth, c.flags, c.missing_parent_id) == (None, 0, ["orphan"], "zzz")


def test_self_reply_and_cycle_are_broken_at_one_edge():
    comments = rebuild(make([("s", "s"), ("a", "c"), ("b", "a"), ("c", "b"), ("d", "c")]))
    by = {c.id: c for c in comments}
    assert by["s"].flags == ["cycle"] and by["s"].parent_id is None
    # cycle a→c→b→a is broken at its earliest comment, a
    assert by["a"].flags == ["cycle"] and by["a"].parent_id is None and by["a"].missing_parent_id == "c"
    assert [by[x].depth for x in "abcd"] == [0, 1, 2, 3]
    assert sum("cycle" in c.flags for c in comments) == 2


def test_depths_of_a_100000_deep_chain_without_recursion():
    n = 100_000
    comments = rebuild(make([(str(i), str(i - 1) if i else None) for i in range(n)]))
    assert comments[-1].depth == n - 1
    assert all(not c.flags for c in comments)


def test_random_forest_depths_match_networkx():
    import random

    nx = pytest.importorskip("networkx")
    rng = random.Random(7)
    pairs = [("0", None)]
    for i in range(1, 500):
        pairs.append((str(i), rng.choice([None, str(rng.randrange(i))])))
    comments = rebuild(make(pairs))
    graph = nx.DiGraph((p, i) for i, p in pairs if p is not None)
    graph.add_nodes_from(i for i, _ in pairs)
    for c in comments:
        roots = [r for r in nx.ancestors(graph, c.id) if graph.in_degree(r) == 0] or [c.id]
        assert c.depth == nx.shortest_path_length(graph, roots[0], c.id)
