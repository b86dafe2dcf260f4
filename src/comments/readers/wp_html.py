"""Rendered WordPress comment lists (``ol.comment-list`` / ``ol.children``), as whole
pages or inside Markdown files with front matter.

A streaming parse (stdlib ``html.parser``) follows the ``<li class="comment">``
nesting itself, so any depth works and nothing is fetched.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from comments import dates
from comments.html_text import html_to_text, unescape
from comments.model import Comment, ParsedThread, Thread
from comments.readers.base import Context, Reader, site_from_url
from comments.readers.declared import declared_count

NAME = "wordpress-html"
_FRONT = re.compile(r"\A(?:---\n(.*?)\n---|\+\+\+\n(.*?)\n\+\+\+)\n", re.S)


def sniff(head: str) -> bool:
    return bool(re.search(r"class=[\"'][^\"']*\bcomment-list\b", head)) or (
        bool(re.search(r"<li[^>]+id=[\"']comment-\d+", head))
    )


class _CommentList(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.comments: list[Comment] = []
        self.open: list[tuple[int, Comment]] = []  # (li depth, comment)
        self.li_depth = 0
        self.div_depth = 0
        self.content: tuple[int, int, Comment] | None = None  # (div depth, start offset, comment)
        self.capture: list[str] | None = None  # author name being read
        self.capture_tag: str | None = None
        self.meta: str | None = None
        self.first_offset: int | None = None
        self.canonical: str | None = None
        self.title: list[str] | None = None
        self.title_text = ""

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs_list) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        classes = set(attrs.get("class", "").split())
        if tag == "link" and "canonical" in attrs.get("rel", ""):
            self.canonical = attrs.get("href")
        elif tag == "meta" and attrs.get("property") == "og:url" and not self.canonical:
            self.canonical = attrs.get("content")
        elif tag == "title" and not self.title_text:
            self.title = []
        if tag == "li":
            self.li_depth += 1
            ident = attrs.get("id", "")
            if ident.startswith(("comment-", "li-comment-")) or classes & {"comment", "pingback", "trackback"}:
                if self.first_offset is None:
                    self.first_offset = self._pos()
                kind = "pingback" if "pingback" in classes else "trackback" if "trackback" in classes else "comment"
                parent = self.open[-1][1].id if self.open else None
                number = re.sub(r"^(li-)?comment-", "", ident) or None
                c = Comment(id=number, parent_id=parent, kind=kind)
                self.comments.append(c)
                self.open.append((self.li_depth, c))
        elif tag == "div":
            self.div_depth += 1
            is_ping = self.open and self.open[-1][1].kind != "comment" and "comment-body" in classes
            if self.open and self.content is None and (classes & {"comment-content", "comment-body-content"} or is_ping):
                self.content = (self.div_depth, self._pos() + len(self.get_starttag_text() or ""), self.open[-1][1])
            elif self.open and classes & {"comment-metadata", "commentmetadata", "comment-meta"}:
                self.meta = ""
        elif tag == "time" and self.open and attrs.get("datetime") and not self.open[-1][1].created_at:
            self.open[-1][1].created_at = dates.normalize(attrs["datetime"])
        elif tag == "em" and self.open and "comment-awaiting-moderation" in classes:
            self.open[-1][1].status = "pending"
        if self.open and self.capture is None and "fn" in classes and self.open[-1][1].author is None:
            self.capture, self.capture_tag = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title is not None:
            self.title_text = "".join(self.title).strip()
            self.title = None
        if self.capture is not None and tag == self.capture_tag:
            self.open[-1][1].author = " ".join("".join(self.capture).split()) or None
            self.capture = None
        if tag == "div":
            if self.content and self.content[0] == self.div_depth:
                _, start, c = self.content
                c.text = html_to_text(self.text[start:self._pos()])
                self.content = None
            if self.meta is not None and self.open and not self.open[-1][1].created_at:
                self.open[-1][1].created_at = dates.human(self.meta)
            self.meta = None
            self.div_depth -= 1
        elif tag == "li":
            if self.open and self.open[-1][0] == self.li_depth:
                self.open.pop()
            self.li_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.capture is not None:
            self.capture.append(data)
        if self.meta is not None:
            self.meta += data
        if self.title is not None:
            self.title.append(data)


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


def read(text: str, ctx: Context) -> list[ParsedThread]:
    meta, body = front_matter(text)
    parser = _CommentList(body)
    parser.feed(body)
    parser.close()
    before = body[: parser.first_offset] if parser.first_offset is not None else body
    url = parser.canonical or meta.get("url") or meta.get("permalink")
    thread = Thread(
        thread_id=meta.get("slug") or meta.get("id") or url or ctx.stem,
        site=site_from_url(url),
        title=unescape(meta.get("title") or parser.title_text) or None,
        url=url,
        published_at=dates.normalize(meta.get("date")),
        article_text=html_to_text(re.sub(r"<ol[^>]*comment-list.*", "", before, flags=re.S)) or None,
        declared_count=declared_count(html_to_text(before)),
        format=NAME,
    )
    return [ParsedThread(thread, parser.comments)]


READER = Reader(NAME, sniff, read)
