"""The reply tree as terminal text, collapsing what does not fit with counts."""

from __future__ import annotations

from comments.model.records import Comment, ParsedThread
from comments.analyses.depth import subtree_sizes
from comments.text.textsafe import term
from comments.model.tree import children_index


def _label(c: Comment, width: int) -> str:
    """One line; every field from the data escaped (no control, escape sequence or
    bidi override reaches the terminal, no line break)."""
    who = term(c.author or "anonymous")
    when = f" {term(c.created_at[:16])}" if c.created_at else ""
    marks = "".join(f" [{term(f)}]" for f in c.flags)
    state = "" if c.status == "visible" and c.kind == "comment" else f" ({term(c.kind)}, {term(c.status)})"
    snippet = term(" ".join(c.text.split()))
    head = f"{term(c.id)} {who}{when}{state}{marks}: "
    room = max(10, width - len(head))
    if len(snippet) > room:
        snippet = snippet[: room - 1] + "…"
    return head + snippet


def render(pt: ParsedThread, max_depth: int = 12, max_children: int = 20, width: int = 100) -> list[str]:
    """Lines for one thread: a header, then the tree drawn with ``├─``/``└─``."""
    t = pt.thread
    declared = f", page says {t.declared_count}" if t.declared_count is not None else ""
    unloaded = f", {t.unloaded_count} not loaded" if t.unloaded_count else ""
    lines = [f"{term(t.site)} · {term(t.title or t.thread_id)} — {len(pt.comments)} comments{declared}{unloaded}"]
    index = children_index(pt.comments)
    roots = index.get(None, [])
    sizes = subtree_sizes(pt)
    # stack of (comment, prefix, is_last, depth) or ("more", text) entries
    stack: list[tuple] = []

    def push_children(kids: list[Comment], prefix: str, depth: int) -> None:
        shown = kids[:max_children]
        hidden = kids[max_children:]
        entries: list[tuple] = []
        for i, k in enumerate(shown):
            entries.append(("comment", k, prefix, i == len(shown) - 1 and not hidden, depth))
        if hidden:
            n = sum(sizes[k.id] for k in hidden)
            entries.append(("more", f"{prefix}└─ … {len(hidden)} more replies ({n} comments)"))
        stack.extend(reversed(entries))

    push_children(roots, "", 0)
    while stack:
        entry = stack.pop()
        if entry[0] == "more":
            lines.append(entry[1])
            continue
        _, c, prefix, last, depth = entry
        connector = "└─ " if last else "├─ "
        lines.append(prefix + connector + _label(c, width - len(prefix) - 3))
        kids = index.get(c.id, [])
        child_prefix = prefix + ("   " if last else "│  ")
        if kids and depth + 1 >= max_depth:
            n = sizes[c.id] - 1
            lines.append(f"{child_prefix}└─ … {n} deeper comments (collapsed at depth {max_depth})")
        elif kids:
            push_children(kids, child_prefix, depth + 1)
    return lines
