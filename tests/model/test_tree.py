"""Tree rebuild and repair (SPEC): ids, duplicates, orphans, cycles, depth; iterative."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.model.records import Comment
from comments.model.tree import break_orphans_and_cycles, dedupe_ids, rebuild, walk, walk_order


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


def test_a_parent_id_written_as_a_decimal_names_the_comment_of_that_whole_number():
    comments = rebuild(make([("190", None), ("191", "190.0"), ("192", "191.00"), ("193", "999.0"), ("194", "190.5")]))
    by = {c.id: c for c in comments}
    assert (by["191"].parent_id, by["191"].depth, by["191"].flags) == ("190", 1, ["decimal_parent_id"])
    assert by["191"].missing_parent_id is None
    assert (by["192"].parent_id, by["192"].depth) == ("191", 2)
    assert (by["193"].parent_id, by["193"].flags, by["193"].missing_parent_id) == (None, ["orphan"], "999.0")
    assert (by["194"].parent_id, by["194"].flags) == (None, ["orphan"])  # not a whole number


def test_an_id_that_is_itself_written_as_a_decimal_is_matched_as_written():
    comments = rebuild(make([("190.0", None), ("191", "190.0"), ("5", "5.0")]))
    assert comments[1].parent_id == "190.0" and comments[1].flags == []
    assert (comments[2].parent_id, comments[2].flags) == (None, ["orphan"])  # never its own parent


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


def test_walk_is_preorder_with_depth_and_subtree_sizes_add_up():
    from comments.model import Comment, ParsedThread, Thread
    from comments.model.tree import rebuild

    cs = [Comment(id=i, parent_id=p, text=i) for i, p in
          [("a", None), ("b", "a"), ("c", None), ("d", "b"), ("e", "a"), ("f", "zz")]]
    t = ParsedThread(Thread(thread_id="t"), rebuild(cs))
    assert [(c.id, d) for c, d in t.walk()] == [("a", 0), ("b", 1), ("d", 2), ("e", 1), ("c", 0), ("f", 0)]
    assert all(c.depth == d for c, d in t.walk())
    sizes = t.subtree_sizes()
    assert sizes == {"a": 4, "b": 2, "c": 1, "d": 1, "e": 1, "f": 1}
    assert sum(sizes[c.id] for c in t.children()[None]) == len(cs)


def test_walk_handles_a_very_deep_chain():
    from comments.model import Comment
    from comments.model.tree import rebuild, subtree_sizes, walk

    cs = rebuild([Comment(id=str(i), parent_id=str(i - 1) if i else None, text="x") for i in range(50_000)])
    assert [d for _, d in walk(cs)][-1] == 49_999
    assert subtree_sizes(cs)["0"] == 50_000


def test_root_rows_by_pointer_doubling_match_a_walk():
    import random

    import numpy as np

    from comments.model.tree import root_rows, walk

    rng = random.Random(4)
    pairs = [(f"n{i}", None if i == 0 or rng.random() < 0.1 else f"n{rng.randrange(i)}") for i in range(500)]
    pairs += [(f"d{i}", f"d{i - 1}" if i else None) for i in range(3000)]  # one 3,000-level chain
    comments = rebuild(make(pairs))
    row = {c.id: i for i, c in enumerate(comments)}
    parent = np.array([-1 if c.parent_id is None else row[c.parent_id] for c in comments])
    expected: dict = {}
    for c, _ in walk(comments):
        expected[c.id] = c.id if c.parent_id is None else expected[c.parent_id]
    assert [comments[r].id for r in root_rows(parent)] == [expected[c.id] for c in comments]
    with pytest.raises(ValueError):
        root_rows(np.array([1, 0]))


def test_ancestry_rows_give_the_walks_depths_and_roots_and_find_cycles():
    """The columnar fast path's depths and drift's roots come from one pointer doubling."""
    import random

    import numpy as np

    from comments.model.tree import ancestry_rows, walk

    rng = random.Random(9)
    pairs = [(f"n{i}", None if i == 0 or rng.random() < 0.1 else f"n{rng.randrange(i)}") for i in range(500)]
    pairs += [(f"d{i}", f"d{i - 1}" if i else None) for i in range(3000)]
    comments = rebuild(make(pairs))
    row = {c.id: i for i, c in enumerate(comments)}
    parent = np.array([-1 if c.parent_id is None else row[c.parent_id] for c in comments])
    depth, root, cyclic = ancestry_rows(parent)
    walked = dict((c.id, d) for c, d in walk(comments))
    assert list(depth) == [walked[c.id] for c in comments] and not cyclic.any()
    assert all(parent[r] < 0 for r in root)
    assert ancestry_rows(parent, depths=False)[0] is None
    looped = np.array([-1, 0, 3, 2, 3, 1])  # rows 2 and 3 reply to each other, row 4 hangs under them
    depth, root, cyclic = ancestry_rows(looped)
    assert list(cyclic) == [False, False, True, True, True, False]
    assert list(depth[~cyclic]) == [0, 1, 2] and list(root[~cyclic]) == [0, 0, 0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d", "e"]),
                          st.one_of(st.none(), st.sampled_from(["a", "b", "c", "x"])),
                          st.integers(min_value=0, max_value=3)), max_size=12),
       st.booleans())
def test_walk_order_is_the_walks_order(rows, flat):
    """walk_order (a thread without replies sorted by position, in C) gives the comments in the
    walk's order, repeated ids, orphans and equal positions among them; it fails when the flat path
    loses the stable order or takes a thread with a reply for flat."""
    comments = [Comment(id=i, parent_id=None if flat else p, text=f"t{n}", position=pos)
                for n, (i, p, pos) in enumerate(rows)]
    if not flat:  # as every thread is before it is walked: a reply cycle ("a" answering "a") would be walked forever
        dedupe_ids(comments)
        break_orphans_and_cycles(comments)
    assert [id(c) for c in walk_order(comments)] == [id(c) for c, _ in walk(comments)]
