"""``index.html``: every report on one self-contained page — summaries, charts
embedded as images, and the reply trees of the largest threads, collapsible, each
comment with its topics and tone.

Comment text is untrusted: everything is HTML-escaped, and the page's Content
Security Policy allows no script at all, so injected markup can never run.
"""

from __future__ import annotations

import base64
import html
import re

from comments.model.records import Comment, ParsedThread
from comments.analyses.sentences import plural as _plural
from comments.model.tree import children_index

MAX_DEPTH_SHOWN = 30
MAX_COMMENTS_SHOWN = 3000  # per thread
PAGE_TREE_CHARS = 2_500_000  # HTML of all the page's trees: the page stays under 5 MB whatever the corpus size
MAX_TEXT_SHOWN = 2000  # characters of one comment's text in the page (the tables and inputs keep it whole)
EMBEDDED_TREES = 5  # icicle pictures embedded; the others are linked


def _cut(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters, cut at a word boundary with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[:limit]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:") + " …"

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:0 auto;padding:1rem 1.5rem;
color:#222;line-height:1.5}
nav a{margin-right:1rem}h1{margin-top:.3rem}h2{border-bottom:2px solid #eee;padding-bottom:.2rem;margin-top:2.2rem}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}figcaption{font-size:.9rem;color:#555}
details{margin:.15rem 0 .15rem 1rem;border-left:2px solid #e3e3e3;padding-left:.5rem}
summary{cursor:pointer}.meta{color:#666;font-size:.85rem}.text{white-space:pre-wrap;margin:.2rem 0 .4rem 0}
.badge{display:inline-block;font-size:.75rem;padding:0 .4rem;margin-right:.2rem;border-radius:.6rem;color:#fff}
.tone{background:#555}.flag{background:#b00}.files{font-size:.85rem;color:#555}
"""


def _md(text: str) -> str:
    """The little Markdown our summaries use, as safe HTML."""
    out, items = [], []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        elif block.startswith("# "):
            continue  # the section heading is ours
        else:
            out.append(f"<p>{_inline(block)}</p>")
    return "\n".join(out)


_TOKEN = re.compile(r"\\([!-/:-@\[-`{-~])|(\*\*)|(`)|&(lt|gt|amp|quot);")


def _inline(text: str) -> str:
    """Our summaries' Markdown (``**bold**``, ```code```, backslash escapes and the
    entities of :func:`comments.text.textsafe.md`) as HTML; data stays text."""
    out, pos, open_tags = [], 0, {"**": False, "`": False}
    for m in _TOKEN.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        pos = m.end()
        if m.group(1) is not None:
            out.append(html.escape(m.group(1)))
        elif m.group(4) is not None:
            out.append(f"&{m.group(4)};")
        else:
            mark = m.group(2) or m.group(3)
            tag = "strong" if mark == "**" else "code"
            out.append(f"</{tag}>" if open_tags[mark] else f"<{tag}>")
            open_tags[mark] = not open_tags[mark]
    out.append(html.escape(text[pos:]))
    out += [f"</{'strong' if mark == '**' else 'code'}>" for mark, is_open in open_tags.items() if is_open]
    return "".join(out)


def _image(report, name: str, title: str) -> str:
    data = base64.b64encode((report.out / f"{name}.png").read_bytes()).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(title)}">'
            f"<figcaption>{html.escape(title)} — <code>{name}.png</code>, <code>{name}.svg</code></figcaption></figure>")


def _badges(c: Comment, topic_colours: dict[str, str]) -> str:
    parts = [f'<span class="badge" style="background:{topic_colours.get(t, "#777")}">{html.escape(t)}</span>'
             for t in c.topics or []]
    parts += [f'<span class="badge tone">{html.escape(t)}</span>' for t in c.tone or []]
    parts += [f'<span class="badge flag">{html.escape(f)}</span>' for f in c.flags]
    return "".join(parts)


def tree_html(pt: ParsedThread, topic_colours: dict[str, str], budget: int = PAGE_TREE_CHARS) -> str:
    """Nested <details>, built without recursion; very deep or large trees collapse with
    counts; at most MAX_COMMENTS_SHOWN comments and about ``budget`` characters of HTML."""
    limit = MAX_COMMENTS_SHOWN
    size = 0
    index = children_index(pt.comments)
    out: list[str] = []
    shown = 0
    stack: list[tuple[str, Comment | str]] = [("open", c) for c in reversed(index.get(None, []))]
    while stack:
        kind, item = stack.pop()
        if kind == "close":
            out.append("</details>")
            continue
        if kind == "note":
            out.append(f'<p class="meta">{html.escape(item)}</p>')
            continue
        c = item
        shown += 1
        if shown > limit or size > budget:
            out.append(f'<p class="meta">… {_plural(len(pt.comments) - shown + 1, "more comment")} not shown '
                       "(all are in the parse output and the tables)</p>")
            break
        kids = index.get(c.id, [])
        who = html.escape(c.author or "anonymous")
        when = html.escape(c.created_at or "")
        first = html.escape(_cut(c.text, 90))
        body = html.escape(c.text if len(c.text) <= MAX_TEXT_SHOWN else _cut(c.text, MAX_TEXT_SHOWN))
        more = (f' <span class="meta">({len(c.text) - MAX_TEXT_SHOWN:,}+ more characters not shown)</span>'
                if len(c.text) > MAX_TEXT_SHOWN else "")
        out.append(f'<details{" open" if c.depth < 1 else ""}><summary>{_badges(c, topic_colours)} <strong>{who}</strong> '
                   f'<span class="meta">{when} · {_plural(len(kids), "reply", "replies")}</span> — {first}</summary>'
                   f'<div class="text">{body}{more}</div>'
                   f'<div class="meta">id {html.escape(c.id)} · polarity {c.polarity if c.polarity is not None else "–"}'
                   f"</div>")
        size += len(out[-1])
        stack.append(("close", ""))
        if kids and c.depth + 1 >= MAX_DEPTH_SHOWN:
            stack.append(("note", f"… replies deeper than {MAX_DEPTH_SHOWN} levels not shown"))
        else:
            stack.extend(("open", k) for k in reversed(kids))
    while out.count("<details") > out.count("</details>"):
        out.append("</details>")
    return "\n".join(out)


def write_index(report) -> None:
    sections = [("topics", "Topics"), ("depth", "Reply depth"), ("drift", "Topic drift"), ("compare", "Comparison")]
    prefixes = {"topics": ("topic", "tone_shares"), "depth": ("depth", "subthread", "tree_"),
                "drift": ("drift",), "compare": ("compare",)}
    body = [f"<h1>Comment discourse report</h1><p>{_plural(len(report.comments), 'comment')} in "
            f"{_plural(len(report.threads), 'thread')} · "
            f"{_plural(len({pt.thread.site for pt in report.threads}), 'site')}</p>",
            "<nav>" + "".join(f'<a href="#{k}">{t}</a>' for k, t in sections) + '<a href="#trees">Reply trees</a></nav>']
    for key, title in sections:
        body.append(f'<h2 id="{key}">{title}</h2>')
        body.append(_md(report.sections.get(key, "")))
        for name, chart_title in report.charts.made:
            if name.startswith(prefixes[key]) and not name.startswith("tree_"):
                body.append(_image(report, name, chart_title))
        files = [t for t in report.tables if t.startswith(prefixes[key])]
        body.append(f'<p class="files">Tables: {", ".join(html.escape(f) for f in files)}</p>')
    body.append('<h2 id="trees">Reply trees of the largest threads</h2>')
    trees = {name: title for name, title in report.charts.made if name.startswith("tree_")}
    budget = PAGE_TREE_CHARS
    for i, pt in enumerate(report.largest(), 1):
        body.append(f"<h3>{html.escape(pt.thread.title or str(pt.thread.thread_id))} "
                    f'<span class="meta">{html.escape(pt.thread.site or "")} · '
                    f'{_plural(len(pt.comments), "comment")}</span></h3>')
        name = f"tree_{i:02d}"
        if name in trees and i <= EMBEDDED_TREES:
            body.append(_image(report, name, trees[name]))
        elif name in trees:
            body.append(f'<p class="files">Reply tree picture: <a href="{name}.svg">{name}.svg</a>, '
                        f'<a href="{name}.png">{name}.png</a></p>')
        if budget > 0:
            body.append(tree_html(pt, report.charts.topics, budget))
            budget -= len(body[-1])
        else:
            body.append('<p class="meta">Comments not listed here: the page lists the largest threads\' comments '
                        f"up to about {PAGE_TREE_CHARS / 1e6:.1f} MB (all are in the parse output and the tables).</p>")
    page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
            "style-src 'unsafe-inline'\">"
            f"<title>Comment discourse report</title><style>{STYLE}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
    from comments.io.atomic import create

    with create(report.out / "index.html") as handle:
        handle.write(page)
