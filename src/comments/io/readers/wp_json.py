"""WordPress REST API comments JSON (``/wp-json/wp/v2/comments``): a list of objects."""

from __future__ import annotations

import re
from typing import Any

from comments.text.html_text import cell_text, html_to_text_and_links, put_links
from comments.model.records import Comment, ParsedThread, Thread
from comments.model import dates
from comments.io.readers.base import Context, Reader, dated, leftover, load_json, site_from_url, str_or_none
from comments.io.readers.wxr import note_editorial, wordpress_type

NAME = "wordpress-json"
#: Fields record columns take (``date``, the local time, is the fallback for ``date_gmt``).
_TAKEN = ("id", "post", "parent", "author_name", "date_gmt", "date", "type", "status", "content")
_STATUS = {"approved": "visible", "approve": "visible", "hold": "pending", "unapproved": "pending",
           "trash": "deleted"}


#: A comment's ``content`` as the REST API renders it: ``"content": {"rendered": …}``.
_RENDERED = re.compile(r'"content"\s*:\s*\{\s*"(?:rendered|raw)"\s*:')


def sniff(head: str) -> bool:
    """A REST comments answer: ``author_name`` with rendered HTML, also when fetched with ``_fields``
    that leave out ``post`` (``_fields=id,parent,author_name,date,content`` was read as generic JSON,
    every text empty, the HTML left in ``meta``), or with only ``_fields=id,date,content``. A posts or
    pages answer has rendered content too, but a ``title`` and no ``author_name``; so rendered content
    without a ``title`` is a comments answer."""
    if '"author_name"' in head and '"rendered"' in head and '"post"' in head:
        return True
    return bool(_RENDERED.search(head)) and ('"author_name"' in head or '"title"' not in head)


def _rendered(value: Any, page: str | None) -> tuple[str, list[str]]:
    """The text of a ``content`` field and its links (resolved against ``page``)."""
    if isinstance(value, dict):
        value = value.get("rendered") or value.get("raw") or ""
    return html_to_text_and_links(str(value or ""), base=page)


def _plain(value: Any) -> str | None:
    """A name or title as plain text: WordPress's REST API gives them HTML-escaped
    ("O&#039;Brien", "Ünal &amp; Co"), decoded once as the WXR reader decodes them."""
    return (cell_text(value) or None) if isinstance(value, str) and value else None


def _post_title(item: dict[str, Any]) -> str | None:
    """The post's title from ``?_embed``'s ``_embedded.up[0].title`` (rendered HTML), else None."""
    up = (item.get("_embedded") or {}).get("up") if isinstance(item.get("_embedded"), dict) else None
    post = up[0] if isinstance(up, list) and up and isinstance(up[0], dict) else {}
    title = post.get("title")
    return _plain(title.get("rendered") if isinstance(title, dict) else title)


def read(text: str, ctx: Context) -> list[ParsedThread]:
    doc = load_json(text, ctx)
    items = doc if isinstance(doc, list) else [doc]
    threads: dict[str, ParsedThread] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        key = str_or_none(item.get("post")) or ""
        link = item.get("link") or ""
        pt = threads.get(key)
        if pt is None:
            url = link.split("#comment-")[0] or None
            pt = threads[key] = ParsedThread(Thread(thread_id=key or None, site=site_from_url(link), url=url,
                                                    title=_post_title(item), format=NAME))
        parent = str_or_none(item.get("parent"))
        gmt = item.get("date_gmt")
        status = str(item.get("status") or "approved")
        comment = Comment(
            id=str_or_none(item.get("id")),
            parent_id=None if parent in (None, "0") else parent,
            author=_plain(item.get("author_name")),
            status=_STATUS.get(status, status),
            meta=leftover(item, _TAKEN),
        )
        wordpress_type(comment, str_or_none(item.get("type")), "type", ("status", item.get("status")))
        comment.text, links = _rendered(item.get("content"), str(link) or None)
        put_links(comment.meta, links)
        comment.created_at = dates.normalize(gmt + "Z" if gmt and not gmt.endswith("Z") else gmt)
        if comment.created_at is None:  # the site's local date; one unreadable is flagged
            dated(comment, *((item["date"], "date") if item.get("date") else (gmt, "date_gmt")))
        pt.comments.append(comment)
    note_editorial([c for pt in threads.values() for c in pt.comments], ctx, "type")
    return list(threads.values())


READER = Reader(NAME, sniff, read)
