"""Disqus XML export: ``<thread>`` and ``<post>`` elements linked by ``dsq:id``.

Ill-formed exports are repaired (stray bytes, unquoted attributes; flagged on stderr)
and, failing that, read element by element so that one broken post costs only itself.
"""

from __future__ import annotations

from comments.model.errors import InputError
from comments.text.html_text import html_to_text, html_to_text_and_links, put_links, unescape_complete
from comments.model.records import Comment, ParsedThread, Thread
from comments.io.readers import xmlsafe
from comments.io.readers.base import Context, Reader, common_site, dated, published, site_from_url

NAME = "disqus"
_NS = 'xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"'


def _title(raw: str | None) -> str | None:
    """A thread's title: Disqus writes it HTML-escaped inside CDATA ("Xiaomi &amp; co"),
    so its character references are decoded once (as the page shows it)."""
    return unescape_complete(raw) if raw else raw


def sniff(head: str) -> bool:
    return xmlsafe.starts_as_xml(head) and "<disqus" in head


def read(text: str, ctx: Context) -> list[ParsedThread]:
    try:
        root = xmlsafe.parse(text)
        elements = list(root)
    except InputError as exc:
        if "entities" in exc.message:
            raise
        repaired, done = xmlsafe.repair(text)
        how = "repaired: " + "; ".join(done)
        try:
            elements = list(xmlsafe.parse(repaired))
        except InputError:
            elements, bad = xmlsafe.recover_chunks(repaired, ("category", "thread", "post"), _NS)
            if not elements:
                raise exc from None
            for problem in bad:  # an element unreadable or cut short: a loss, never called "repaired"
                ctx.problem(problem)
            how = "read element by element" + (f"; {how}" if done else "")
        ctx.note(f"ill-formed XML ({exc}); {how}")
    threads: dict[str, ParsedThread] = {}
    posters: dict[str, dict[str, str]] = {}  # thread key → its author's elements
    posts = []
    for el in elements:
        if el.tag == "thread":
            key = el.get("id") or xmlsafe.text_of(el, "id") or ""
            url = xmlsafe.text_of(el, "link")
            threads[key] = ParsedThread(Thread(
                thread_id=key,
                site=site_from_url(url),
                title=_title(xmlsafe.text_of(el, "title")),
                url=url,
                published_at=published(ctx, key, xmlsafe.text_of(el, "createdAt")),
                article_text=html_to_text(xmlsafe.text_of(el, "message") or "") or None,
                format=NAME,
            ))
            if (author := el.find("author")) is not None:
                posters[key] = _elements(author)
        elif el.tag == "post":
            posts.append(el)
    for el in posts:
        ref = el.find("thread")
        key = (ref.get("id") if ref is not None else None) or ""
        if key not in threads:
            ctx.note(f"post {el.get('id') or '?'} names thread {key or '(none)'} that the export does not define")
            threads[key] = ParsedThread(Thread(thread_id=key or None, format=NAME))
        threads[key].comments.append(_comment(el, threads[key].thread.url))
        if _same_person(posters.get(key), threads[key].comments[-1].meta.get("author")):
            threads[key].comments[-1].meta["post_author"] = True
    _one_site_per_forum(elements, threads)
    return list(threads.values())


def _one_site_per_forum(elements, threads: dict[str, ParsedThread]) -> None:
    """A forum is one site, however many hosts its thread links name (a blog that moved);
    a thread whose forum's links name no host (none, ``localhost``), a thread with no
    forum and one that only posts name take the site of the whole export (the host most
    of its links name). Why: one file gave ``example.org`` to one thread and the file
    stem to three others. With no host in any link, ``--site`` or the stem names them all."""
    forums: dict[str, list[str]] = {}
    for el in elements:
        if el.tag == "thread":
            key = el.get("id") or xmlsafe.text_of(el, "id") or ""
            forums.setdefault(xmlsafe.text_of(el, "forum") or "", []).append(key)
    whole = common_site([pt.thread.url for pt in threads.values()])
    for keys in forums.values():
        site = common_site([threads[k].thread.url for k in keys if k in threads]) or whole
        for k in keys:
            if k in threads:
                threads[k].thread.site = site
    for pt in threads.values():
        pt.thread.site = pt.thread.site or whole


def _comment(el, page: str | None) -> Comment:
    """One ``<post>``; its links resolved against its thread's address ``page``."""
    parent = el.find("parent")
    raw_date = xmlsafe.text_of(el, "createdAt")
    deleted = _bool(el, "isDeleted")
    spam = _bool(el, "isSpam")
    comment = Comment(
        id=el.get("id") or xmlsafe.text_of(el, "id"),
        parent_id=parent.get("id") if parent is not None else None,
        author=xmlsafe.text_of(el, "author/name") or xmlsafe.text_of(el, "author/username"),
        status="deleted" if deleted else "spam" if spam else "visible",
        meta=_meta(el),
    )
    comment.text, links = html_to_text_and_links(xmlsafe.text_of(el, "message") or "", base=page)
    put_links(comment.meta, links)
    dated(comment, raw_date, "createdAt")
    for tag in ("isDeleted", "isSpam"):
        if (given := xmlsafe.text_of(el, tag)) not in (None, "true", "false"):
            comment.flag("invalid_value")
            comment.meta[tag] = given  # kept as given, as an unreadable createdAt is
    if el.get("id") and (own := xmlsafe.text_of(el, "id")) and own != comment.id:
        comment.meta["id"] = own  # the post's own ``<id>`` next to its ``dsq:id``
    return comment


_TAKEN = {"id", "parent", "thread", "createdAt", "message", "isDeleted", "isSpam"}


def _meta(el) -> dict[str, object]:
    """The post's other elements as text (``ipAddress``, ``isClosed`` …); ``author`` as a
    map of its elements (e-mail, ``isAnonymous``; ``name`` or ``username`` is the author).
    Values are trimmed: the white space around them is the export's indentation."""
    meta: dict[str, object] = {}
    for child in el:
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if not tag or tag in _TAKEN:
            continue
        if len(child):
            meta[tag] = _elements(child)
        else:
            meta[tag] = (child.text or "").strip()
    return meta


def _elements(el) -> dict[str, str]:
    """An element's children as local name → trimmed text."""
    return {g.tag.rsplit("}", 1)[-1]: (g.text or "").strip() for g in el if isinstance(g.tag, str)}


def _same_person(poster: dict[str, str] | None, author: object) -> bool:
    """Whether a post's ``author`` is the thread's author ``poster``: the same Disqus username
    where both give one, else the same e-mail address, for a post not made as a guest
    (``isAnonymous``: a guest types any address)."""
    if not poster or not isinstance(author, dict):
        return False
    if poster.get("username") and author.get("username"):
        return poster["username"] == author["username"]
    email = poster.get("email", "").lower()
    return bool(email) and author.get("isAnonymous", "").lower() != "true" and author.get("email", "").lower() == email


def _bool(el, tag: str) -> bool:
    return (xmlsafe.text_of(el, tag) or "").lower() == "true"


READER = Reader(NAME, sniff, read)
