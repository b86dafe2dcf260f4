"""``index.html``: every report on one self-contained page — the sections' summaries
(Markdown rendered by markdown-it-py), their charts embedded as images, and the reply
trees of the largest threads, collapsible, each comment with its topics and tone.

The page is a Jinja2 template with autoescape on: comment text, names and titles are
untrusted and always escaped, their hidden characters (controls, bidi overrides, zero-width
characters) shown as escapes by :func:`comments.text.textsafe.shown` on the way out; the
summaries are rendered with raw HTML disabled (their data parts are Markdown-escaped
already); and the page's Content Security Policy allows no script at all, so injected
markup can never run.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from comments.analyses.sentences import corpus_line, not_loaded_sentence
from comments.text.plural import plural
from comments.text.textsafe import shown
from comments.model.records import Comment, ParsedThread
from comments.model.tree import children_index, walk

MAX_DEPTH_SHOWN = 30
MAX_COMMENTS_SHOWN = 3000  # per thread
PAGE_TREE_CHARS = 2_500_000  # HTML of all the page's trees: the page stays under 5 MB whatever the corpus size
MAX_TEXT_SHOWN = 2000  # characters of one comment's text in the page (the tables and inputs keep it whole)
EMBEDDED_TREES = 5  # icicle pictures embedded; the others are linked
#: Where the comments the page leaves out are: a report writes no parse output.
WHOLE = "the tables count every comment; comments parse INPUT -o FILE lists them all"
ITEM_HTML = 420  # characters of markup around one comment's fields (for the page budget)

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:0 auto;padding:1rem 1.5rem;
color:#222;line-height:1.5;overflow-wrap:anywhere}
nav ul{list-style:none;margin:0;padding:0}nav li{display:inline;margin-right:1rem}
h1{margin-top:.3rem}h2{border-bottom:2px solid #eee;padding-bottom:.2rem;margin-top:2.2rem}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}figcaption{font-size:.9rem;color:#555}
details{margin:.15rem 0 .15rem 1rem;border-left:2px solid #e3e3e3;padding-left:.5rem}
summary{cursor:pointer}.meta{color:#666;font-size:.85rem}.text{white-space:pre-wrap;margin:.2rem 0 .4rem 0}
.badge{display:inline-block;font-size:.75rem;padding:0 .4rem;margin-right:.2rem;border-radius:.6rem;color:#fff}
.tree,.tree ul{list-style:none;margin:0;padding:0}.sep{font-size:0}
.tone{background:#555}.flag{background:#b00}.status{background:#000}.files{font-size:.85rem;color:#555}
"""

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Comment discourse report</title><style>{{ style }}</style></head><body>
{%- macro figure(f) %}
<figure><div><a href="{{ f.name | urlencode }}.svg"><img src="data:image/png;base64,{{ f.data }}" alt="{{ f.title }}"></a></div><figcaption><div>{{ f.title }} — <a href="{{ f.name | urlencode }}.png"><code>{{ f.name }}.png</code></a>, <a href="{{ f.name | urlencode }}.svg"><code>{{ f.name }}.svg</code></a> (full size)</div></figcaption></figure>
{%- endmacro %}
<h1>Comment discourse report</h1>{{ totals }}
<nav><ul>{% for s in sections %}<li><a href="#{{ s.name }}">{{ s.title }}</a></li>{% endfor %}<li><a href="#trees">Reply trees</a></li></ul></nav>
{%- for s in sections %}
<h2 id="{{ s.name }}">{{ s.title }}</h2>
{{ s.summary }}
{%- for f in s.figures %}{{ figure(f) }}{% endfor %}
<p class="files">Tables: {% for t in s.tables %}<a href="{{ t | urlencode }}">{{ t }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</p>
{%- endfor %}
<h2 id="trees">Reply trees of the largest threads</h2>
{%- for t in trees %}
<h3>{{ t.title }} <span class="meta">{{ t.site }} · {{ t.size }}</span></h3>
{%- if t.figure %}{{ figure(t.figure) }}
{%- elif t.link %}
<p class="files">Reply tree picture: <a href="{{ t.link }}.svg">{{ t.link }}.svg</a>, <a href="{{ t.link }}.png">{{ t.link }}.png</a></p>
{%- endif %}
{%- if t.listing is none %}
<p class="meta">Comments not listed here: the page lists the largest threads' comments up to about {{ budget_mb }} MB ({{ whole }}).</p>
{%- else %}
<ul class="tree">{% for kind, c in t.listing %}
{%- if kind == "open" %}
<li><details{% if c.open %} open{% endif %}><summary>{% for b in c.badges %}<span class="badge{{ b.kind }}"{% if b.colour %} style="background:{{ b.colour }}"{% endif %}>{{ b.text }}</span>{% if not loop.last %}<span class="sep"> </span>{% endif %}{% endfor %} <strong>{{ c.who }}</strong> <span class="meta">{{ c.when }} · {{ c.replies }}</span> — {{ c.first }}</summary><div class="text">{{ c.body }}{% if c.more %} <span class="meta">({{ "{:,}".format(c.more) }}+ more characters not shown)</span>{% endif %}</div><div class="meta">id {{ c.id }} · polarity {{ c.polarity }}</div><ul>
{%- elif kind == "close" %}
</ul></details></li>
{%- else %}
<li><p class="meta">{{ c }}</p></li>
{%- endif %}{% endfor %}</ul>{% endif %}
{%- endfor %}
</body></html>
"""


def _cut(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters, cut at a word boundary with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[:limit]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:") + " …"


def summary_html(markdown: str) -> str:
    """A section's Markdown summary as HTML, its own ``# heading`` left out (the page has
    one); raw HTML in the text stays text."""
    from markdown_it import MarkdownIt

    body = markdown.strip()
    if body.startswith("# "):
        body = body.split("\n", 1)[1] if "\n" in body else ""
    return MarkdownIt("commonmark", {"html": False}).render(body).strip()


#: the badge of a comment readers never saw or whose words are gone (status, or a placeholder text), first in its row
STATUS_BADGES = {"spam": "spam: not shown to readers", "pending": "pending: awaiting moderation, not shown to readers",
                 "deleted": "deleted", "note": "editorial note: not a reader's comment"}


def _status_badge(c: Comment) -> list[dict]:
    """The status badge of a spam, pending, deleted or removed comment or an editorial note (none for the rest), so
    the tree never shows it as a comment readers saw."""
    from comments.model.placeholders import NOTE_STATUS, is_gone, unshown

    key = c.status if unshown(c) else "deleted" if is_gone(c) else "note" if c.status == NOTE_STATUS else None
    return [{"kind": " status", "colour": None, "text": STATUS_BADGES[key]}] if key else []


def _badges(c: Comment, topic_colours: dict[str, str]) -> list[dict]:
    return (_status_badge(c) + [{"kind": "", "colour": topic_colours.get(t, "#777"), "text": t} for t in c.topics or []]
            + [{"kind": " tone", "colour": None, "text": t} for t in c.tone or []]
            + [{"kind": " flag", "colour": None, "text": f} for f in c.flags])


def tree_items(pt: ParsedThread, topic_colours: dict[str, str], budget: int = PAGE_TREE_CHARS
               ) -> tuple[list[tuple[str, object]], int]:
    """The thread as ("open", comment fields) / ("close", None) / ("note", text) items in
    pre-order for nested <details>, and about how many characters of HTML they make:
    very deep trees collapse with a note, at most MAX_COMMENTS_SHOWN comments and about
    ``budget`` characters, the rest counted."""
    kids = children_index(pt.comments)
    items: list[tuple[str, object]] = []
    size = shown = open_ = 0
    for c, depth in walk(pt.comments, kids):  # the index built once, for the walk and the reply counts
        if depth >= MAX_DEPTH_SHOWN:
            continue
        while open_ > depth:
            items.append(("close", None))
            open_ -= 1
        shown += 1
        if shown > MAX_COMMENTS_SHOWN or size > budget:
            items.append(("note", f"… {plural(len(pt.comments) - shown + 1, 'more comment')} not shown ({WHOLE})"))
            break
        replies = kids.get(c.id, [])
        fields = {"open": c.depth < 1, "badges": _badges(c, topic_colours), "who": (c.author or "anonymous") + (" (the post's author)" if c.by_post_author else ""),
                  "when": c.created_at or "", "replies": plural(len(replies), "reply", "replies"),
                  "first": _cut(c.text, 90),
                  "body": c.text if len(c.text) <= MAX_TEXT_SHOWN else _cut(c.text, MAX_TEXT_SHOWN),
                  "more": len(c.text) - MAX_TEXT_SHOWN if len(c.text) > MAX_TEXT_SHOWN else 0,
                  "id": c.id, "polarity": c.polarity if c.polarity is not None else "–"}
        items.append(("open", fields))
        size += ITEM_HTML + len(fields["body"]) + len(fields["first"]) + len(fields["who"]) + 60 * len(fields["badges"])
        open_ += 1
        if replies and depth + 1 >= MAX_DEPTH_SHOWN:
            items.append(("note", f"… replies deeper than {MAX_DEPTH_SHOWN} levels not shown"))
    items.extend(("close", None) for _ in range(open_))
    return items, size


class _Embedded:
    """A chart's PNG as base64, read when the page is rendered (once every chart is written)."""

    def __init__(self, path) -> None:
        self.path = path

    def __html__(self) -> str:
        return base64.b64encode(self.path.read_bytes()).decode("ascii")


def _figure(report, name: str, title: str) -> dict:
    return {"name": name, "title": title, "data": _Embedded(report.out / f"{name}.png")}


def prepare(report) -> Callable[[], str]:
    """The page for a report whose sections are made, as a function that renders it once
    its charts are written: the tree listings and summaries are made while they are drawn."""
    from jinja2 import Environment
    from markupsafe import Markup

    a = report.analysis
    sections = [{"name": s.name, "title": s.title, "summary": Markup(summary_html(s.markdown)),
                 "figures": [_figure(report, n, t) for n, t in s.charts], "tables": s.tables}
                for s in report.sections]
    pictures = [tree for s in report.sections for tree in s.trees]
    trees, budget = [], PAGE_TREE_CHARS
    for i, pt in enumerate(report.largest, 1):
        tree = {"title": pt.thread.title or str(pt.thread.thread_id), "site": pt.thread.site or "",
                "size": plural(len(pt.comments), "comment"), "figure": None, "link": None, "listing": None}
        if i <= len(pictures):
            name, title = pictures[i - 1]
            if i <= EMBEDDED_TREES:
                tree["figure"] = _figure(report, name, title)
            else:
                tree["link"] = name
        if budget > 0:
            tree["listing"], used = tree_items(pt, report.charts.topics, budget)
            budget -= used
        trees.append(tree)
    loaded = a.results.get("loaded")
    held = not_loaded_sentence(loaded, "depth_by_thread.csv")
    totals = Markup(summary_html(corpus_line(a.counts, loaded) + "." + (f"\n\n{held}" if held else "")))
    page = Environment(autoescape=True, finalize=_visible).from_string(PAGE)
    return lambda: page.render(style=Markup(STYLE), totals=totals, sections=sections, trees=trees,
                               budget_mb=f"{PAGE_TREE_CHARS / 1e6:.1f}", whole=WHOLE) + "\n"


def _visible(value: object) -> object:
    """Every text the page shows as :func:`shown` has it (before autoescape; in our own
    markup too, where escapes add no markup); embedded images as they are."""
    if not isinstance(value, str):
        return value
    return type(value)(shown(value)) if hasattr(value, "__html__") else shown(value)


def render(report) -> str:
    """The page for a written report (its sections, charts and largest threads)."""
    return prepare(report)()


def write_index(report, page: Callable[[], str] | None = None) -> None:
    """index.html into the report's folder (``page``: from :func:`prepare`, made earlier)."""
    from comments.io.atomic import create

    text = (page or prepare(report))()
    with create(report.out / "index.html") as handle:
        handle.write(text)
