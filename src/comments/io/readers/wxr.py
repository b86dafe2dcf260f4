"""WordPress WXR export (``<rss>`` with ``wp:`` elements): posts and their comments."""

from __future__ import annotations

import re
from collections import Counter

from comments.model import dates
from comments.text.html_text import cell_text, html_to_text, html_to_text_and_links, put_links
from comments.model.records import Comment, ParsedThread, Thread, meta_key
from comments.text.plural import plural
from comments.io.readers import xmlsafe
from comments.io.readers.base import Context, Reader, dated, published, site_from_url, str_or_none

NAME = "wxr"
_STATUS = {"1": "visible", "0": "pending", "spam": "spam", "trash": "deleted", "post-trashed": "deleted"}
_THREAD_TYPES = {"post", "page", ""}
#: ``comment_type`` values a record column says: the default and the two kinds SPEC names.
_PLAIN_TYPES = ("", "comment", "pingback", "trackback")
#: WordPress 6.9's block notes: editors' remarks on the draft, seen only in the editor, stored as
#: comments of this type (core leaves them out of comment counts); their status is this name.
NOTE = "note"
#: Comment types that hold the site's own notes, not readers' comments (status ``note``), and what
#: the reading note calls them: 6.9's block notes; WooCommerce's order notes on a ``shop_order``
#: (status changes, payments, staff remarks; its queries leave them out of every comment list), and
#: the logs older WooCommerce and Action Scheduler kept as comments.
STAFF_TYPES = {
    NOTE: ("editorial note", "WordPress comment type 'note': remarks editors leave on the draft, seen only in "
                             "the editor"),
    "order_note": ("order note", "WooCommerce comment type 'order_note': the shop's record of an order, "
                                 "written by its staff or its software"),
    "action_log": ("scheduled-action log entry", "comment type 'action_log': Action Scheduler's log"),
    "webhook_delivery": ("webhook delivery log entry", "comment type 'webhook_delivery': WooCommerce's log"),
}


def wordpress_type(comment: Comment, given: str | None, key: str, state: tuple[str, str | None]) -> None:
    """``comment``'s ``kind`` and ``status`` from WordPress's comment type ``given`` (the
    ``comment_type``/``type`` field ``key``): pingback and trackback are kinds; any other type
    a plugin or core writes (WooCommerce ``review``, ``webmention``, 6.9's ``note`` …) is kept in
    ``meta[key]`` (it was dropped); a type of :data:`STAFF_TYPES` (``note``, ``order_note`` …) is no
    reader's comment: status ``note``, the source's approval field (``state``: its key and value; a
    note's open or resolved) kept in meta."""
    kind = (given or "").strip().lower()
    comment.kind = kind if kind in ("pingback", "trackback") else "comment"
    if kind not in _PLAIN_TYPES:
        comment.meta[key] = given
    if kind in STAFF_TYPES:
        comment.meta[state[0]] = state[1]
        comment.status = NOTE


def note_editorial(comments: list[Comment], ctx: Context, key: str) -> None:
    """One note per :data:`STAFF_TYPES` type naming how many of ``comments`` (their type in
    ``meta[key]``) have it, if any: kept, as every record of the source is, but not reader comments."""
    counts = Counter(str(c.meta.get(key, "")).strip().lower() for c in comments if c.status == NOTE)
    for kind, (name, what) in STAFF_TYPES.items():
        if count := counts.get(kind):
            ctx.note(f"{plural(count, name)} ({what}) kept with status 'note', not 'visible': no reader wrote "
                     f"{'it' if count == 1 else 'them'}")


def sniff(head: str) -> bool:
    return xmlsafe.starts_as_xml(head) and "<rss" in head and ("wordpress.org/export" in head or "<wp:" in head)


def read(text: str, ctx: Context) -> list[ParsedThread]:
    root = xmlsafe.parse(text)
    channel = root.find("channel")
    if channel is None:
        channel = root
    site_url = xmlsafe.text_of(channel, "link") or xmlsafe.text_of(channel, "base_site_url")
    authors = _authors(channel)
    out: list[ParsedThread] = []
    repeated: list[tuple[str | None, str, str]] = []  # (comment id, element, the meta key a later one went under)
    for item in channel.findall("item"):
        comment_els = item.findall("comment")
        post_type = xmlsafe.text_of(item, "post_type") or ""
        if not comment_els and post_type not in _THREAD_TYPES:
            continue  # attachments, menu items … with no comments are not discussions
        url = xmlsafe.text_of(item, "link")
        thread_id = xmlsafe.text_of(item, "post_id") or xmlsafe.text_of(item, "post_name") or url
        thread = Thread(
            thread_id=thread_id,
            site=site_from_url(site_url) or site_from_url(url),  # the channel is the site
            title=_plain(xmlsafe.text_of(item, "title")),
            url=url,
            published_at=_published(item, thread_id, ctx),
            article_text=html_to_text(xmlsafe.text_of(item, "encoded") or "", raw_newlines=True) or None,
            format=NAME,
        )
        comments = [_comment(el, url, repeated) for el in comment_els]
        _mark_post_author(comments, authors.get(xmlsafe.text_of(item, "creator") or ""))
        out.append(ParsedThread(thread, comments))
    note_editorial([c for pt in out for c in pt.comments], ctx, "comment_type")
    if repeated:
        cid, tag, name = repeated[0]
        ctx.note(f"{plural(len(repeated), 'element')} of a comment given again (first: comment {cid}, {tag!r}): "
                 f"the first is read, later ones are kept in meta as {name!r} …")
    return out


def _plain(value: str | None) -> str | None:
    """A title or author name as plain text: WordPress stores them HTML-escaped, with
    markup ("Ping 1 &laquo; What&#8217;s a tellyworth?", "Title <em>With</em> Markup");
    decoded and stripped as comment text is (text without markup kept as given)."""
    return cell_text(value) or None if value else value


def _date(el, gmt_tag: str, local_tag: str) -> str | None:
    """The UTC date, else the local one (WordPress writes ``0000-00-00 00:00:00`` for none)."""
    gmt = xmlsafe.text_of(el, gmt_tag)
    if gmt and not gmt.startswith("0000") and (found := dates.normalize(gmt.replace(" ", "T") + "Z")):
        return found
    local = xmlsafe.text_of(el, local_tag)
    if local and not local.startswith("0000"):
        return dates.normalize(local)
    return None


def _published(item, thread_id: str | None, ctx: Context) -> str | None:
    """The post's date: ``post_date_gmt``, else ``post_date``, else ``pubDate``. When none can
    be read, the first one given is said lost (:func:`published`); WordPress's placeholders
    for no date (``0000-00-00 00:00:00``, a ``pubDate`` in the year ``-0001``) are no date."""
    if found := _date(item, "post_date_gmt", "post_date"):
        return found
    given = [v for v in (xmlsafe.text_of(item, tag) for tag in ("post_date_gmt", "post_date", "pubDate"))
             if v and not v.startswith("0000") and " -0001 " not in v]
    pub = xmlsafe.text_of(item, "pubDate")
    if pub in given and (found := dates.normalize(pub)):
        return found
    return published(ctx, thread_id, given[0] if given else None)


def _comment(el, page: str | None, repeated: list[tuple[str | None, str, str]]) -> Comment:
    """One ``wp:comment``; its links resolved against the post's address ``page``."""
    approved = xmlsafe.text_of(el, "comment_approved") or "1"
    parent = str_or_none(xmlsafe.text_of(el, "comment_parent"))
    comment = Comment(
        id=str_or_none(xmlsafe.text_of(el, "comment_id")),
        parent_id=None if parent in (None, "0") else parent,
        author=_plain(xmlsafe.text_of(el, "comment_author")),
        created_at=_date(el, "comment_date_gmt", "comment_date"),
        status=_STATUS.get(approved, re.sub(r"\W+", "_", approved.lower())),
        meta=_meta(el, repeated, xmlsafe.text_of(el, "comment_id")),
    )
    wordpress_type(comment, xmlsafe.text_of(el, "comment_type"), "comment_type", ("comment_approved", approved))
    content = xmlsafe.text_of(el, "comment_content") or ""
    comment.text, links = html_to_text_and_links(content, raw_newlines=True, base=page)
    put_links(comment.meta, links)
    if comment.created_at is None:  # a date given but unreadable: flagged, kept in meta
        given = [(tag, raw) for tag in ("comment_date_gmt", "comment_date")
                 if (raw := xmlsafe.text_of(el, tag)) and not raw.startswith("0000")]
        if given:
            dated(comment, given[-1][1], given[-1][0])
    return comment


_TAKEN = {"comment_id", "comment_parent", "comment_author", "comment_date_gmt", "comment_date", "comment_type",
          "comment_approved", "comment_content"}


def _meta(el, repeated: list[tuple[str | None, str, str]], cid: str | None) -> dict[str, str | None]:
    """The comment's other elements (e-mail, URL, IP, karma, user id) and its
    ``wp:commentmeta`` key/value pairs, as text, trimmed (the white space around a value
    is the export's indentation: ``test@example.org`` followed by a line break). An element
    given again (a second ``comment_author``) keeps its first value where it goes; a later one
    goes to meta as ``TAG~2`` … (added to ``repeated``), as JSON and CSV readers keep a repeated key."""
    meta: dict[str, str | None] = {}
    seen: set[str] = set()
    for child in el:
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag in seen and tag != "commentmeta" and len(child) == 0:  # the reader takes the first (find)
            name = meta_key({**meta, tag: None}, tag)  # KEY~2 … also where the first went to a record field
            meta[name] = (child.text or "").strip()
            repeated.append((cid, tag, name))
            continue
        seen.add(tag)
        if tag == "commentmeta":
            key = xmlsafe.text_of(child, "meta_key")
            if key:
                meta[key] = xmlsafe.text_of(child, "meta_value")
        elif tag and tag not in _TAKEN and len(child) == 0:
            meta[tag] = (child.text or "").strip()
    return meta


def _authors(channel) -> dict[str, tuple[str | None, str | None]]:
    """The export's ``wp:author`` list: login → (user id, e-mail), as far as given."""
    out = {}
    for el in channel.findall("author"):
        login = xmlsafe.text_of(el, "author_login")
        if login:
            out[login.strip()] = (str_or_none((xmlsafe.text_of(el, "author_id") or "").strip()),
                                  (xmlsafe.text_of(el, "author_email") or "").strip().lower() or None)
    return out


def _mark_post_author(comments: list[Comment], author: tuple[str | None, str | None] | None) -> None:
    """``meta.post_author`` on the comments the post's author wrote (``dc:creator``, looked up
    in the ``wp:author`` list): the commenter's user id is the author's (WordPress's own rule
    for ``bypostauthor``), or, where either user id is not given (a guest's is 0), the same e-mail address."""
    user, email = author or (None, None)
    for c in comments:
        uid = (c.meta.get("comment_user_id") or "").strip()
        if user and uid not in ("", "0"):
            mine = uid == user
        else:
            mine = bool(email) and (c.meta.get("comment_author_email") or "").strip().lower() == email
        if mine:
            c.meta["post_author"] = True


READER = Reader(NAME, sniff, read)
