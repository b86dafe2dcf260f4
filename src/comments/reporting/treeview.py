"""The reply tree as terminal text, collapsing what does not fit with counts."""

from __future__ import annotations

from comments.model.records import Comment, ParsedThread
from comments.text.plural import plural
from comments.text.textsafe import cells, fit, term
from comments.model.tree import children_index, subtree_sizes, walk


def _label(c: Comment, width: int) -> str:
    """One line; every field from the data escaped (no control, escape sequence or
    bidi override reaches the terminal, no line break)."""
    who = term(c.author or "anonymous")
    when = f" {term(c.created_at[:16])}" if c.created_at else ""
    marks = "".join(f" [{term(f)}]" for f in c.flags)
    state = "" if c.status == "visible" and c.kind == "comment" else f" ({term(c.kind)}, {term(c.status)})"
    snippet = term(" ".join(c.text.split()))
    head = f"{term(c.id)} {who}{when}{state}{marks}: "
    return fit(head + snippet, width)


#: Levels of indentation drawn; a deeper line shows the last MAX_INDENT of them after a
#: "[depth N]" marker, so a 10,000-deep chain prints lines of bounded width, in linear time.
MAX_INDENT = 16
_SEGMENT = 3  # columns per level: "│  " or "   "


def _indent(prefix: str, depth: int) -> str:
    """``prefix`` (the last MAX_INDENT levels) shown at ``depth``: behind a "[depth N] "
    marker when levels were cut off, so the reader knows how deep the line is."""
    return f"[depth {depth:,}] {prefix}" if depth > MAX_INDENT else prefix


def render(pt: ParsedThread, max_depth: int = 12, max_children: int = 20, width: int = 100) -> list[str]:
    """Lines for one thread: a header, then the tree drawn with ``├─``/``└─``; every line
    fits ``width`` terminal columns (wide characters count twice; what is cut ends in ``…``);
    at most MAX_INDENT levels of indentation, deeper lines marked "[depth N]"."""
    lines = _header(pt, width)
    index = children_index(pt.comments)  # built once, shared by the size count and the walk
    sizes = subtree_sizes(pt.comments, index)
    inner: dict[str | None, str] = {None: ""}  # shown, expanded comments (None: the article) → their replies' prefix
    seen: dict[str | None, int] = {}  # shown, expanded comment → its replies visited so far
    for c, depth in walk(pt.comments, index):
        if c.parent_id not in inner:
            continue  # under a collapsed or hidden comment
        siblings, prefix = index[c.parent_id], inner[c.parent_id]
        rank = seen[c.parent_id] = seen.get(c.parent_id, -1) + 1  # the walk visits siblings in order
        if rank >= max_children:
            if rank == max_children:  # the first hidden reply: the shown ones' subtrees are done
                hidden = siblings[max_children:]
                n = sum(sizes[k.id] for k in hidden)
                lines.append(f"{_indent(prefix, depth)}└─ … {plural(len(hidden), 'more reply', 'more replies')} "
                             f"({plural(n, 'comment')})")
            continue
        last = rank == len(siblings) - 1
        shown = _indent(prefix, depth)
        lines.append(shown + ("└─ " if last else "├─ ") + _label(c, width - cells(shown) - 3))
        child_prefix = (prefix + ("   " if last else "│  "))[-MAX_INDENT * _SEGMENT:]
        if c.id in index and depth >= max_depth:  # its replies (depth + 1) are deeper than max_depth
            deeper = sizes[c.id] - 1
            lines.append(f"{_indent(child_prefix, depth + 1)}└─ … {plural(deeper, 'deeper comment')} "
                         f"(replies deeper than depth {max_depth})")
        elif c.id in index:
            inner[c.id] = child_prefix
    return [fit(line, width) for line in lines]


def _header(pt: ParsedThread, width: int) -> list[str]:
    """``site · title — N comments…`` when it fits ``width`` columns; else the title line
    (cut to fit) and the counts on a line of their own, so that they stay in view."""
    t = pt.thread
    declared = f", page says {t.declared_count:,}" if t.declared_count is not None else ""
    unloaded = f", {t.unloaded_count:,} not loaded" if t.unloaded_count else ""
    listed = len(pt.comments) + (t.unloaded_count or 0)
    if t.unloaded_count and t.declared_count is not None and listed != t.declared_count:  # Reddit "more" stubs
        unloaded += f" ({listed:,} listed, {'more' if listed > t.declared_count else 'fewer'} than the page says)"
    title = f"{term(t.site)} · {term(t.title or t.thread_id)}"
    counts = f"{plural(len(pt.comments), 'comment')}{declared}{unloaded}"
    if cells(title) + cells(counts) + 3 <= width:
        return [f"{title} — {counts}"]
    return [fit(title, width), fit(counts, width)]
