"""Rebuild and repair reply trees, iteratively and in O(n).

SPEC rules: comments without an id get ``c1``, ``c2``… in document order; a
duplicate id keeps the first and renames later ones ``ID~2``, ``ID~3``… (flag
``duplicate_id``); a parent not in the thread makes an orphan (``parent_id`` null,
flag ``orphan``, original kept in ``missing_parent_id``); a cycle or self-reply is
broken at one edge (flag ``cycle``, original parent in ``missing_parent_id``).
Depth is 0 for top-level comments; positions are 0-based document order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from operator import attrgetter

from comments.model.records import Comment, numbered


def assign_ids(comments: list[Comment]) -> None:
    """Give id-less comments ``c1``, ``c2``… in document order (idempotent)."""
    n = 0
    for c in comments:
        if c.id is None or c.id == "":
            n += 1
            c.id = f"c{n}"


def dedupe_ids(comments: list[Comment]) -> None:
    """Keep the first of each id; rename later ones ``ID~2``, ``ID~3``… (``records.numbered``: an id taken by
    another comment is skipped)."""
    seen: dict[str, int] = {}
    taken = {c.id for c in comments}
    for c in comments:
        assert c.id is not None
        if c.id not in seen:
            seen[c.id] = 1
            continue
        new, seen[c.id] = numbered(c.id, taken, seen[c.id] + 1)
        taken.add(new)
        c.id = new
        c.flag("duplicate_id")


#: A whole number written as a decimal ("896039.0"): how pandas writes an integer id column
#: that has empty cells, so a parent column exported that way names ids as "N.0".
DECIMAL_ID = re.compile(r"(-?[0-9]+)\.0+")


def break_orphans_and_cycles(comments: list[Comment]) -> None:
    """Parents must exist and the parent graph must be a forest. A parent id written as a
    decimal ("896039.0") whose whole number is an id of the thread ("896039") names that
    comment: linked to it, flagged ``decimal_parent_id``."""
    by_id = {c.id: c for c in comments}
    for c in comments:
        if c.parent_id is not None and c.parent_id not in by_id:
            whole = DECIMAL_ID.fullmatch(c.parent_id)
            if whole is not None and whole.group(1) in by_id and whole.group(1) != c.id:
                c.parent_id = whole.group(1)
                c.flag("decimal_parent_id")
                continue
            c.missing_parent_id = c.parent_id
            c.parent_id = None
            c.flag("orphan")
        elif c.parent_id is not None and c.parent_id == c.id:
            c.missing_parent_id = c.parent_id
            c.parent_id = None
            c.flag("cycle")
    # Walk up from every comment; each comment is entered once (state 1 = on the
    # current path, 2 = known to reach a root).
    state: dict[str, int] = {}
    for c in comments:
        path: list[Comment] = []
        node: Comment | None = c
        while node is not None and state.get(node.id, 0) == 0:
            state[node.id] = 1
            path.append(node)
            node = by_id[node.parent_id] if node.parent_id is not None else None
        if node is not None and state.get(node.id) == 1:
            # ``node`` is on the current path: a cycle. Break it at its earliest comment.
            cycle = path[path.index(node):]
            first = min(cycle, key=lambda x: x.position)
            first.missing_parent_id = first.parent_id
            first.parent_id = None
            first.flag("cycle")
        for p in path:
            state[p.id] = 2


def set_depths(comments: list[Comment]) -> None:
    """Depth from parent links, top-down over children lists (no recursion)."""
    children: dict[str | None, list[Comment]] = {}
    for c in comments:
        children.setdefault(c.parent_id, []).append(c)
    stack = [(c, 0) for c in reversed(children.get(None, []))]
    while stack:
        c, depth = stack.pop()
        c.depth = depth
        stack.extend((k, depth + 1) for k in reversed(children.get(c.id, [])))


def rebuild(comments: list[Comment], link: Callable[[list[Comment]], None] | None = None) -> list[Comment]:
    """Repair one thread's comments in place and return them in document order."""
    if link is not None:
        link(comments)
    assign_ids(comments)
    for i, c in enumerate(comments):
        c.position = i
    dedupe_ids(comments)
    break_orphans_and_cycles(comments)
    set_depths(comments)
    return comments


def children_index(comments: list[Comment]) -> dict[str | None, list[Comment]]:
    """parent id (None = the article) → replies in position order."""
    out: dict[str | None, list[Comment]] = {}
    for c in sorted(comments, key=lambda x: x.position):
        out.setdefault(c.parent_id, []).append(c)
    return out


# --- The one tree-walking API -------------------------------------------------------
# Every stage that follows reply links uses these (never its own stack walk), so
# traversal order, depth and subtree sizes mean the same everywhere.


def walk(comments: list[Comment], kids: dict[str | None, list[Comment]] | None = None
         ) -> Iterator[tuple[Comment, int]]:
    """Pre-order walk (a reply right after its parent, siblings by position), with depth.

    Iterative, so a 100,000-level chain is no problem; a comment whose parent is not in
    ``comments`` is treated as a root. ``kids``: the thread's ``children_index`` when the
    caller has it already (a huge thread's index is then built once, not per call).
    """
    kids = children_index(comments) if kids is None else kids
    known = {c.id for c in comments}
    tops = [found for p, found in kids.items() if p is None or p not in known]
    del known
    roots = tops[0] if len(tops) == 1 else sorted((c for found in tops for c in found), key=lambda x: x.position)
    stack = [(c, 0) for c in reversed(roots)]
    while stack:
        c, depth = stack.pop()
        yield c, depth
        replies = kids.get(c.id)
        if replies:  # (most comments have none: no generator made for them)
            stack.extend((k, depth + 1) for k in reversed(replies))


def walk_order(comments: list[Comment]) -> list[Comment]:
    """``[c for c, _ in walk(comments)]``: the comments in pre-order. A thread without a reply
    (no ``parent_id`` set: a flat comment section) is its comments by position (the walk's
    order), sorted in C instead of walked a comment at a time."""
    parents = list(map(_PARENT, comments))
    if parents.count(None) == len(parents):
        return sorted(comments, key=_POSITION)
    return [c for c, _ in walk(comments)]


_PARENT, _POSITION = attrgetter("parent_id"), attrgetter("position")


def subtree_sizes(comments: list[Comment], kids: dict[str | None, list[Comment]] | None = None
                  ) -> dict[str | None, int]:
    """Comment id → number of comments in its subtree (itself included); ``kids`` as for
    ``walk``."""
    order = [c for c, _ in walk(comments, kids)]
    size = {c.id: 1 for c in comments}
    for c in reversed(order):
        if c.parent_id is not None and c.parent_id in size:
            size[c.parent_id] += size[c.id]
    return size


def ancestry_rows(parent, depths: bool = True):
    """Each row's depth (None unless ``depths``) and top-level comment as row numbers, from
    ``parent`` (numpy: the row of each comment's parent, −1 for a top-level comment), and
    which rows sit in or under a cycle (their depth and root mean nothing). By pointer
    doubling: O(n log depth) array steps, no per-comment Python work, for a 100,000-level
    chain as well. The columnar fast path (depths, cycle check) and drift (roots) use it
    on whole batches of rows; without depths it is a gather and a compare a round."""
    import numpy as np

    linked = parent >= 0
    up = np.where(linked, parent, np.arange(len(parent)))  # an ancestor; a top-level comment points at itself
    depth = linked.astype(np.int64) if depths else None  # how far up ``up`` is
    for _ in range(max(1, len(up).bit_length()) + 1):
        further = up[up]
        if depth is not None:
            depth += depth[up]
        if (further == up).all():
            break
        up = further
    return depth, up, linked[up]


def root_rows(parent):
    """Each comment's top-level comment as a row number (:func:`ancestry_rows`);
    ``parent`` must be a forest (``rebuild`` breaks cycles)."""
    _, root, cyclic = ancestry_rows(parent, depths=False)
    if cyclic.any():
        raise ValueError("the parent rows contain a cycle")
    return root
