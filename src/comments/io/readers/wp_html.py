"""Rendered comment sections: whole HTML pages of any theme or comment plugin, and
WordPress comment lists inside Markdown files with front matter.

The page is parsed with lexbor (selectolax), an HTML5 parser without a nesting
limit; :mod:`comments.io.readers.html_comments` finds the comments by structure.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from comments.model import dates
from comments.text.html_text import html_to_text, unescape
from comments.text.plural import plural
from comments.model.records import ParsedThread, Thread
from comments.io.readers.base import Context, Reader, site_from_url
from comments.io.readers.declared import PAGED, declared_count
from comments.io.readers.html_comments import walk

NAME = "wordpress-html"
_FRONT = re.compile(r"\A(?:---\n(.*?)\n---|\+\+\+\n(.*?)\n\+\+\+)\n", re.S)
_COMMENT_ID = re.compile(r"""\bid=["']?(?:(?:li-|div-|article-)?comment-\d+|(?:wc|wpd)-comm-\d+_\d+)\b""")
_PAGE = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.I | re.S)
_HOLDS_COMMENTS = '[id^="comment-"], [id^="li-comment-"], [id^="wc-comm-"], [id^="wpd-comm-"]'
_MIN_ARTICLE = 300  # characters: shorter "articles" are teasers and cards
_ARTICLE = ('[itemprop="articleBody"]', ".entry-content", ".post-content", ".article-content", ".article-body",
            ".post-body", "article .content", "article", ".post", ".entry")


def sniff(head: str) -> bool:
    """An HTML page, or markup with a comment list (Markdown files embed one)."""
    return bool(_PAGE.match(head) or re.search(r"class=[\"'][^\"']*\bcomment-?list\b", head)
                or _COMMENT_ID.search(head))


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` / ``key = value`` front matter of Markdown files, and the body."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    values = {}
    for line in (m.group(1) or m.group(2)).splitlines():
        kv = re.match(r"\s*([\w-]+)\s*[:=]\s*(.*)", line)
        if kv:
            values[kv.group(1).lower()] = kv.group(2).strip().strip("\"'")
    return values, text[m.end():]


def absolute_url(candidates: list[str | None], page: str) -> str | None:
    """The first of ``candidates`` (canonical link, og:url, front matter), with a scheme:
    a protocol-relative one ("//host/path") takes the scheme of another candidate or, failing
    that, of the page's first absolute link to the same host (the path stays the canonical's)."""
    given = [c.strip() for c in candidates if c and c.strip()]
    if not given or not given[0].startswith("//"):
        return given[0] if given else None
    url = given[0]
    host = url[2:].split("/", 1)[0].lower()
    for other in given[1:]:
        m = re.match(r"(https?):", other, re.I)
        if m:
            return f"{m.group(1).lower()}:{url}"
    m = re.search(rf"\b(https?)://{re.escape(host)}[/\"'\s>]", page, re.I)
    return f"{m.group(1).lower()}:{url}" if m else url


def read(text: str, ctx: Context) -> list[ParsedThread]:
    meta, body = front_matter(text)
    tree = LexborHTMLParser(body)
    section = walk(tree.root)
    url = absolute_url([section.canonical, section.og_url, meta.get("url"), meta.get("permalink")], body)
    found = len(section.comments)
    thread = Thread(
        thread_id=meta.get("slug") or meta.get("id") or url or ctx.stem,
        site=site_from_url(url),
        title=unescape(meta.get("title") or "") or section.og_title or section.title or None,
        url=url,
        published_at=dates.normalize(meta.get("date")),
        article_text=(_article(tree) if _PAGE.match(body) else section.before) or None,
        declared_count=section.stated if section.stated is not None else declared_count(section.before),
        format=NAME,
    )
    if not found:
        ctx.note("no comment section recognised: read as a page without comments")
    if section.duplicates:
        ctx.note(f"{plural(section.duplicates, 'comment')} shown twice on the page (same id): read once")
    if section.paged:
        stated = f"page says {thread.declared_count:,}, " if thread.declared_count is not None else ""
        ctx.note(f"{PAGED} ({stated}found {found:,} on this one); "
                 "read the other pages too for the whole thread")
    return [ParsedThread(thread, section.comments)]


def _article(tree: LexborHTMLParser) -> str | None:
    """The post's text where the theme marks it (a cheap look, no boilerplate removal):
    the longest element of the first kind that has one holding no comments and not
    inside one (a teaser card or a comment's own ``<article>`` is not the post)."""
    for selector in _ARTICLE:
        sized = [(len((node.text() or "").strip()), node) for node in tree.css(selector) if _outside_comments(node)]
        size, best = max(sized, key=lambda pair: pair[0], default=(0, None))
        if best is not None and size >= _MIN_ARTICLE:
            return html_to_text(best.html or "") or None
    return None


def _outside_comments(node) -> bool:
    if node.css_first(_HOLDS_COMMENTS) is not None:
        return False
    up = node
    while up is not None and up.tag != "html":
        if up.tag and not up.tag.startswith(("-", "#")) and _COMMENT_ID.search(f'id="{up.attributes.get("id") or ""}"'):
            return False
        up = up.parent
    return True


READER = Reader(NAME, sniff, read)
