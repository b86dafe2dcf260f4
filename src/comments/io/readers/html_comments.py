"""Comment sections of rendered HTML pages, found by structure, whatever the theme.

A comment is an element whose id names a comment number — ``comment-N``,
``li-comment-N``, ``div-comment-N``, ``article-comment-N``, wpDiscuz's
``wc-comm-N_PARENT``/``wpd-comm-N_PARENT`` — on the list item or on an inner element
(both carrying the same N make one comment), or a ``li.comment``/``li.pingback`` without id;
outside WordPress, an element with a comment class or schema.org Comment whose id ends in
a number or hex key (Disqus, Isso, Commento, Blogger, Typepad, phpBB, Discourse; a ``post``
class only inside a discussion or as a phpBB post), or the
element after an empty ``<a id="comment-N">`` (Drupal). Its parent is the nearest enclosing
comment (child lists), the comment a reply box (Drupal's ``div.indented``) follows, or the
parent the markup names (wpDiscuz's ``_PARENT``, a class that is the parent's number,
``data-parent-id``), or, for flat lists, the ``depth-N`` classes. Its text is everything inside it that is neither a nested
comment nor furniture (author, date, avatar, reply/like/vote buttons, ratings,
"says:"), wherever the theme puts it, its quotes as "> " lines and list items as
"- "/"1. " (:class:`comments.text.html_text.Layout`). The like/dislike/vote counters and
star ratings beside it go to ``meta``, a pingback's link to ``meta.url``, the page's mark of a
comment by the post's author (``bypostauthor``, wpDiscuz's ``…-blog-post_author``) to ``meta.post_author``, the targets of
the links in its text to ``meta.links`` (:meth:`Section.links`). Widgets and
sidebars ("recent comments") are not part of the thread.

One iterative walk over the lexbor DOM (selectolax): no nesting depth limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from selectolax.lexbor import LexborNode

from comments.model import dates
from comments.text.html_text import (BLOCK, CELLS, Layout, Links, collapse, emoji_alt, finish, header_like,
                                     is_attribution, protect_pre, put_links, quote_box)
from comments.text.mojibake import has_mojibake
from comments.model.records import Comment, meta_key
from comments.io.readers.base import dated
from comments.io.readers import moderation
from comments.io.readers.textbrowser import EDIT_NOTE, SLASHED as _SLASHED, ambiguous_date, date_line, in_order, slashed_order

_ID = re.compile(r"^(?:li-|div-|article-)?comment-(\d+)$")
_WPDISCUZ = re.compile(r"^(?:wc|wpd)-comm-(\d+)_(\d+)$")  # wpDiscuz: wc-comm-N_P (≤ 5), wpd-comm-N_P (7)
#: Comment markup the WordPress-style ids above do not cover: a comment is an element with a
#: comment/post class (or schema.org Comment) whose id ends in its number or hex key
#: (Disqus ``li.post#post-N``, Isso ``.isso-comment#isso-N``, Blogger ``li.comment#cN``, phpBB
#: ``div.post#pN``, Discourse ``#post_N[itemprop=comment]``, Typepad ``comment-HEX``), or an item
#: whose id says so (JComments ``comment-item-N``, Commento ``commento-comment-card-HEX``).
_ITEM_ID = re.compile(r"^(?:[a-z]+-)?comments?-(?:item|card)-([0-9a-f]*\d[0-9a-f]*)$")
_TAIL = re.compile(r"^[a-z][a-z_-]*?[-_]?(\d+)$|^[a-z][a-z_-]*[-_]([0-9a-f]*\d[0-9a-f]*)$", re.I)
#: The class tokens by which the systems mark a comment element (Blogger's and Typepad's
#: ``comment``, Isso's ``isso-comment``), whole tokens only: ``no-comment``/``leave-comment``
#: boxes are no comments.
_ITEM_CLASSES = frozenset({"comment", "isso-comment"})
#: A ``post`` element is a comment only where the page names a discussion around it: Disqus's
#: ``#disqus_thread``/``#posts``/``ul#post-list``, a comment section, phpBB's topic page
#: (``body.section-viewtopic``) — or where it holds phpBB's ``postbody`` (see :func:`_forum_posts`).
#: A ``div.post`` of a blog index, a news front page, a Tumblr page or a list of topics is none.
_DISCUSSION_IDS = frozenset({"disqus_thread", "posts", "post-list", "comments", "conversation"})
_DISCUSSION_CLASSES = frozenset({"post-list", "comments", "comment-list", "commentlist", "section-viewtopic"})
_ENTRY_CLASS = re.compile(r"^(?:h-?entry|type-[\w-]+|status-[\w-]+|format-[\w-]+|product)$", re.I)
_SCHEMA_COMMENT = re.compile(r"schema\.org/(?:Comment|UserComments)\s*$")
_ITEM_TAGS = frozenset({"li", "div", "article", "section", "dd"})
#: Attributes that name a comment's parent (a flat list that keeps the tree in data attributes).
_PARENT_ATTRS = ("data-parent-id", "data-parent", "data-parent-comment-id", "data-reply-to")
#: Classes of a box of replies that follows its parent comment as a sibling (Drupal's ``indented``).
_REPLY_BOX = frozenset({"indented", "replies", "comment-replies", "children"})
_XF_POST = re.compile(r"post-(\d+)")
_DEPTH = re.compile(r"^depth-(\d+)$")
_PARTS = re.compile(r"[-_]+")
#: Class/id parts that mark furniture inside a comment.
_FURNITURE = frozenset({
    "author", "avatar", "meta", "metadata", "commentmetadata", "date", "time", "reply", "like", "likes",
    "dislike", "rating", "ratings", "stars", "vcard", "fn", "says", "permalink", "edit", "awaiting", "vote",
    "votes", "byline", "share", "sharing", "actions", "toolbar", "badge", "label", "toggle", "screen", "report",
    "flag", "footer", "timeago", "score", "edited", "links", "buttons", "reactions", "recommendations", "spacer",
    "bullet", "postprofile", "back2top", "signature", "usertitle", "userextras", "attribution",
})  # (XenForo: the member box's title and extras "Registriert … Beiträge 77", the post's attribution line)
_FURNITURE_TAGS = frozenset({"img", "time", "header", "footer", "button", "form", "input", "textarea", "select",
                             "nav", "iframe", "object", "video", "audio", "canvas", "picture"})
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "svg", "math"})
_WIDGET = frozenset({"widget", "sidebar", "widget-area", "sidebar-widget"})
_RECENT = re.compile(r"recent[-_]?comments", re.I)
_SUBJECT_REPLY = re.compile(r"^\s*(?:AW|Re|Antw(?:ort)?|WG)\s*:", re.I)
#: Placeholders a page shows for a deleted comment (SPEC: a comment with status ``deleted``).
_DELETED = re.compile(r"\s*\[?(?:comment deleted|deleted|removed|gelöscht|entfernt|"
                      r"this (?:comment|post) (?:is|was|has been) (?:deleted|removed)"
                      r"(?: by (?:the )?(?:author|a moderator))?|"
                      r"diese[rs] (?:kommentar|beitrag) wurde (?:vom autor |von der redaktion )?(?:gelöscht|entfernt))"
                      r"[.!]?\]?\s*", re.I)  # (NodeBB: "This post is deleted!")
_DELETED_WORDS = frozenset({"deleted", "removed"})
#: A moderators' note in place of a comment ("Entfernt. Bitte …"), read as one only in a box the
#: markup marks as moderation (a comment's own words may begin "Removed. …").
_REMOVED = re.compile(r"(?:entfernt|gelöscht|removed|deleted)(?: by (?:the )?moderators?)?\.\s", re.I)
_REPLY_TO = re.compile(r"\s*(?:(?:als )?Antwort auf|in reply to|reply to|replying to)\b", re.I)
_SAYS = re.compile(r"\s*(?:says|said|writes|wrote|sagt|schreibt|schrieb|meint)\s*:?\s*$", re.I)
_BY = re.compile(r"\b(?:von|by):?\s+(\S.{0,60}?)\s+(?:am|on|um|at|\|)\s+\S", re.I)
#: Class words of a box that names the commenter (``comment-author``, Commento's ``commento-name``,
#: Substack's ``commenter-name``, phpBB's ``username``, Blogger's ``cite.user``).
_AUTHOR = frozenset({"author", "name", "username", "commenter", "user"})
_PAGE = re.compile(r"comment-page-(\d+)|[?&]cpage=(\d+)")
_PERMALINK = re.compile(r"#(?:comment|div-comment|li-comment)-\d+\s*$")
_COUNT_CLASS = re.compile(r"comment[\w-]*?[-_]count|^wpd-cc-value$", re.I)  # Drupal: comments__count
_COMMENT_CLASSES = frozenset({"comment", "pingback", "trackback"})
#: Classes by which the page marks a comment by the post's author: WordPress's ``bypostauthor``
#: (``comment_class()``: the commenter's user id is the post's author's), wpDiscuz's role classes.
_POST_AUTHOR = frozenset({"bypostauthor", "wc-blog-post_author", "wpd-blog-post_author"})


@dataclass
class _Open:
    comment: Comment
    number: str | None
    parts: list[str] = field(default_factory=list)
    furniture: int = 0
    pre: int = 0
    structural: str | None = None  # number of the enclosing comment
    explicit: str | None = None  # parent number the markup names
    depth_class: int | None = None
    fn_nodes: list[LexborNode] = field(default_factory=list)  # hCard `fn`: the name itself
    author_nodes: list[LexborNode] = field(default_factory=list)  # `…author…` boxes
    datetime: str | None = None
    titles: list[str] = field(default_factory=list)  # title attributes in its furniture (a date behind "2 years ago")
    stamp: str | None = None  # Unix seconds the markup gives (Drupal's data-comment-timestamp)
    meta_nodes: list[LexborNode] = field(default_factory=list)
    layout: Layout = field(default_factory=Layout)  # quotes and lists in the text
    votes: dict[str, LexborNode] = field(default_factory=dict)  # likes/dislikes/votes counters, rating images
    link: LexborNode | None = None  # a pingback's link to the page that links here
    hrefs: Links = field(default_factory=Links)  # the text's link targets as written (resolved by ``links``)
    words: int = 0  # text nodes with words taken into the text so far
    quotes: list[int] = field(default_factory=list)  # open quote boxes (:func:`comments.text.html_text.quote_box`):
    # the words before each
    quoted: LexborNode | None = None  # the first quote's attribution ("Martina K. hat geschrieben:")
    box: list[int] = field(default_factory=list)  # where the marked text boxes start and end in ``parts``
    posted: str | None = None  # Unix milliseconds the comment element gives as its time (NodeBB's data-timestamp)
    published: str | None = None  # schema.org's datePublished/dateCreated as given (a dateModified equal to it: no edit)


@dataclass
class Section:
    """What one walk of a page found."""

    comments: list[Comment]
    before: str  # page text before the first comment (outside widgets)
    title: str | None = None
    canonical: str | None = None
    og_url: str | None = None
    og_title: str | None = None
    stated: int | None = None  # a count the section's header gives as a bare number (wpDiscuz)
    duplicates: int = 0
    pages: set[int] = field(default_factory=set)  # comment-page numbers linked (-1: a "load more" control or a link to another page)
    permalinks: list[str] = field(default_factory=list)  # comment permalinks' addresses without "#comment-N"
    hrefs: list[tuple[Comment, list[str]]] = field(default_factory=list)  # each comment's link targets as written
    opener: LexborNode | None = None  # a forum topic's first post, taken as the thread's article (phpBB)
    notices: int = 0  # elements marked as comments that are a theme's notice (see :func:`_is_notice`)
    notice: str = ""  # the first one's text, for the note
    elements: set[int] = field(default_factory=set)  # the comments' elements (``mem_id``): no part of the article

    def links(self, page: str | None, archived: bool = False) -> None:
        """Each comment's link targets, resolved against the page's address ``page`` (known
        only once the whole page is read), into its ``meta`` as ``links`` (``archived``: the
        page is a web archive's copy, its links lead to the original addresses)."""
        for comment, hrefs in self.hrefs:
            resolved = Links(page, archived)
            for href in hrefs:
                resolved.add(href)
            put_links(comment.meta, resolved.targets())

    @property
    def paged(self) -> bool:
        """The page links to other pages of its comment section."""
        return len(self.pages) > 1 or -1 in self.pages


def _parts(classes: list[str], ident: str) -> set[str]:
    """The words of an element's class names and id, for furniture and author boxes: not a BEM
    modifier's (``field--label-hidden`` is a field, no label) nor a role class's naming the
    commenter (wpDiscuz's ``wpd-blog-post_author`` is on the box around the whole comment)."""
    out: set[str] = set()
    for token in classes + ([ident] if ident else []):
        if token not in _POST_AUTHOR:
            out.update(p.lower() for p in _PARTS.split(token.split("--", 1)[0]) if p)
    return out


def _number(ident: str, classes: list[str], tag: str, attrs: dict, post: bool) -> tuple[str | None, str | None, bool]:
    """(comment number, parent number the markup names, is a comment element); ``post``: a
    ``post`` class may mark a comment here (see :func:`_is_item`)."""
    m = _WPDISCUZ.match(ident)
    if m:
        return m.group(1), (m.group(2) if m.group(2) != "0" else None), True
    m = _ID.match(ident) or _ITEM_ID.match(ident)
    if m:
        digits = next((c for c in classes if c.isdigit() and c != m.group(1)), None)
        return m.group(1), digits or _named_parent(attrs), True
    if tag == "li" and not ident and _COMMENT_CLASSES & set(classes):
        return None, None, True
    if tag in _ITEM_TAGS and "message" in classes and (m := _XF_POST.fullmatch(attrs.get("data-content") or "")):
        return m.group(1), None, True  # XenForo: .message[data-content=post-N] (its soft-deleted placeholder has no id)
    pid = (attrs.get("data-pid") or "").strip()  # NodeBB: li[component=post][data-pid], schema.org Comment, no id
    if pid.isdigit() and tag in _ITEM_TAGS and (attrs.get("component") == "post" or _schema(attrs)):
        return pid, _named_parent(attrs), True
    if tag in _ITEM_TAGS and (m := _TAIL.match(ident)) and _is_item(classes, attrs, post):
        return m.group(1) or m.group(2), _named_parent(attrs), True
    return None, None, False


def _is_item(classes: list[str], attrs: dict, post: bool) -> bool:
    """A comment by its class (one of ``_ITEM_CLASSES``, or ``post`` when ``post``: inside a
    discussion or a phpBB post, holding no h1/h2 — a blog post has its title) or by schema.org (``itemprop="comment"``,
    ``itemtype`` Comment/UserComments) — not a blog post or a card of an index page (``hentry``,
    ``type-post``, ``status-publish`` …)."""
    if not _schema(attrs) and not any(c.lower() in _ITEM_CLASSES or c.lower() == "post" and post for c in classes):
        return False
    return not any(_ENTRY_CLASS.match(c) for c in classes)


def _schema(attrs: dict) -> bool:
    """Marked as a comment by schema.org: ``itemprop="comment"`` or ``itemtype`` Comment/UserComments."""
    return (attrs.get("itemprop") or "").strip().lower() == "comment" or bool(
        _SCHEMA_COMMENT.search(attrs.get("itemtype") or ""))


def _text_box(attrs: dict, classes: list[str]) -> bool:
    """The box the markup marks as a comment's text (schema.org ``itemprop="text"``, NodeBB's
    ``component="post/content"``, Flarum's ``Post-body``): where it has one, the comment's text is
    what that box holds (NodeBB's reply pill, reply counter and hidden buttons around it are none)."""
    return ((attrs.get("itemprop") or "").strip().lower() == "text" or attrs.get("component") == "post/content"
            or "Post-body" in classes)


def _boxed(item: _Open) -> list[str]:
    """The parts of a comment's text: those inside its marked text boxes where it has any."""
    marks = item.box
    if not marks:
        return item.parts
    return [part for start, end in zip(marks[::2], marks[1::2]) for part in item.parts[start:end]]


#: A page's comment section (WordPress): an element holding one is a post, not a comment.
_SECTION = "#comments, #respond, .comments-area, .comment-respond, .comment-list, .commentlist"


def _headed(root: LexborNode) -> tuple[set[int], set[str]]:
    """The elements that hold an h1/h2 (a post's title, a page's heading) or a comment section
    (a post whose title is outside it holds the comments under it) — each element is
    climbed once, so the whole costs one pass over the page at most — and the first headings'
    texts (a forum topic's title)."""
    marked: set[int] = set()
    titles: set[str] = set()
    for heading in root.css(f"h1, h2, {_SECTION}"):
        if heading.tag in ("h1", "h2") and len(titles) < 20 and \
                len(text := " ".join((heading.text() or "")[:300].split())) < 300:
            titles.add(text)
        up = heading.parent
        while up is not None and up.mem_id not in marked:
            marked.add(up.mem_id)
            up = up.parent
    return marked, titles


def _forum_posts(root: LexborNode) -> set[int]:
    """The elements that hold phpBB's ``div.postbody`` as a child or grandchild (prosilver's
    ``div.post > div.inner > div.postbody``): a forum post even without its topic page around it."""
    marked: set[int] = set()
    for body in root.css("div.postbody"):
        up = body.parent
        for _ in range(2):
            if up is None:
                break
            marked.add(up.mem_id)
            up = up.parent
    return marked


def _opener(node: LexborNode, titles: set[str]) -> bool:
    """A forum topic's first post (phpBB): its subject, the first heading in it, is the topic's
    title that heads the page (replies' are "Re: …"); NodeBB's post number 0 (``data-index``). It is
    the thread's article, not a comment."""
    if node.attributes.get("component") == "post":
        return (node.attributes.get("data-index") or "").strip() == "0"
    heading = node.css_first("h1, h2, h3, h4")
    return heading is not None and " ".join((heading.text() or "")[:300].split()) in titles


#: Ids that name a comment whatever the element holds (WordPress's, wpDiscuz's, JComments'/Commento's).
_STRONG_ID = re.compile(f"{_ID.pattern}|{_WPDISCUZ.pattern}|{_ITEM_ID.pattern}")
#: Class/id words and ``itemprop`` values of the parts a comment has: who wrote it, when, its text box.
_COMMENT_PARTS = _AUTHOR | {"fn", "vcard", "avatar", "date", "time", "timeago", "meta", "metadata",
                            "commentmetadata", "content", "body", "text", "message", "says", "permalink", "reply"}
_PART_PROPS = frozenset({"author", "name", "text", "datecreated", "datepublished", "commenttime"})
_LOOK = 400  # elements looked at below a comment by class: linear in the page


#: A theme's words in an element with a comment's class that are no comment: comments closed,
#: none yet, comment navigation, "load more" (English and German).
_NOTICE = re.compile(
    r"^\W*(?:(?:the\s+)?comments?\s+(?:are\s+|is\s+)?(?:now\s+)?(?:closed|disabled|turned\s+off)"
    r"|comments?\s+(?:section\s+)?(?:has\s+been\s+|is\s+)?closed|commenting\s+(?:is\s+)?(?:closed|disabled)"
    r"|no\s+comments?(?:\s+yet)?|be\s+the\s+first\s+to\s+comment|(?:you\s+must\s+be\s+)?log(?:ged)?\s*in\s+to\s+(?:post\s+a\s+)?comment"
    r"|(?:load|show|view|see)\s+(?:\d+\s+)?(?:more|all|older|newer|previous)(?:\s+\w+)?\s+(?:comments?|replies)"
    r"|(?:older|newer|previous|next)\s+comments?|comment\s+navigation"
    r"|kommentare?\s+(?:sind\s+|ist\s+)?(?:geschlossen|deaktiviert)|(?:die\s+)?kommentarfunktion\s+(?:ist\s+|wurde\s+)?\w*\s*(?:geschlossen|deaktiviert|abgeschaltet)"
    r"|(?:noch\s+)?keine\s+kommentare?(?:\s+vorhanden)?|(?:weitere|mehr|ältere|neuere|alle)\s+kommentare?(?:\s+(?:laden|anzeigen))?"
    r"|(?:vorherige|nächste)\s+kommentare?)\W*$", re.IGNORECASE)
#: Class words of a theme's notice boxes (``p.nocomments``, ``div.comment-navigation``, a "load more" button).
_NOTICE_CLASS = re.compile(r"no-?comments|comments?-closed|navigation|pagination|load-?more", re.IGNORECASE)


def _is_notice(node: LexborNode) -> bool:
    """Whether an element that is a comment only by its class (``div.comment#nav-2``, an ``li.comment``
    without id) is a theme's notice: it holds none of a comment's parts (:func:`_has_parts`) and says
    so by its words ("Comments are closed.", "Kommentare sind geschlossen.", "Load more comments"),
    by a notice's class, or holds words only in links (comment navigation). Lacking an author or
    date box alone makes no notice: ``<div class="comment"><b>Anna</b><p>Great post</p></div>`` is a comment."""
    if _has_parts(node):
        return False
    texts: list[str] = []
    links = []
    for seen, child in enumerate(node.traverse(include_text=True)):
        if seen > _LOOK or sum(map(len, texts)) > 300:
            return False  # a long text: a comment
        if child.tag == "-text":
            texts.append(child.text_content or "")
        elif child is not node and _NOTICE_CLASS.search(child.attributes.get("class") or ""):
            return True
        elif child.tag == "a":
            links.append(child)
    # (the links' words read once the whole element is known to be short: each at most its 300 characters)
    linked = sum(len("".join((a.text() or "")[:300].split())) for a in links)  # characters of text in links
    words = " ".join(" ".join(texts).split())
    return not words or bool(_NOTICE.match(words)) or linked >= len("".join(words.split()))


def _has_parts(node: LexborNode) -> bool:
    """Whether an element that is a comment only by its class holds a comment's parts — an author
    or date box, a ``<time>``, a text box, an anchor with a comment's id — in its first :data:`_LOOK`
    elements (more: taken as a comment)."""
    seen = 0
    for child in node.traverse(include_text=False):
        if child is node or child.tag is None or child.tag.startswith(("-", "_", "!")):
            continue
        seen += 1
        if seen > _LOOK or child.tag in ("time", "cite"):
            return True
        attrs = child.attributes
        if attrs.get("datetime") or attrs.get("data-comment-timestamp") or attrs.get("data-timestamp") \
                or (attrs.get("itemprop") or "").strip().lower() in _PART_PROPS:
            return True
        ident = (attrs.get("id") or "").strip()
        if _STRONG_ID.match(ident) or _COMMENT_PARTS & _parts((attrs.get("class") or "").split(), ident):
            return True
    return False


#: The id Flarum gives the ``<noscript>`` that holds its discussion for crawlers (see ``wp_html``).
FLARUM = "flarum-content"
_PAGE_PARAM = re.compile(r"[?&]page=(\d{1,6})\b")


def _content_noscript(node: LexborNode) -> bool:
    """Flarum's ``<noscript id="flarum-content">``: the whole discussion, served for crawlers and
    browsers without JavaScript, read; other noscripts (tracking pixels, "enable JavaScript") are not."""
    return node.tag == "noscript" and (node.attributes.get("id") or "").strip() == FLARUM


def _noscript_pages(node: LexborNode) -> set[int]:
    """The page numbers a noscript's pagination links to (NodeBB's ``div[component=pagination]``)."""
    box = next((child for child in node.iter() if child.attributes.get("component") == "pagination"), None)
    return _linked_pages(box) if box is not None else set()


def _flarum_post(node: LexborNode) -> bool:
    """Flarum's post for crawlers: a bare ``div`` holding the poster's ``h3`` and a ``div.Post-body``."""
    child, heading = node.child, False
    while child is not None:
        if child.tag == "h3":
            heading = True
        elif heading and child.tag == "div" and "Post-body" in (child.attributes.get("class") or "").split():
            return True
        child = child.next
    return False


def _linked_pages(node: LexborNode) -> set[int]:
    """The page numbers the links under ``node`` name (``?page=2``): a page linking to page 2 only is page 1."""
    return {int(m.group(1)) for a in node.css("a[href]") if (m := _PAGE_PARAM.search(a.attributes.get("href") or ""))}


def _named_parent(attrs: dict) -> str | None:
    """The parent's number an attribute names (``data-parent-id="123"``; 0 or empty: none)."""
    for name in _PARENT_ATTRS:
        value = (attrs.get(name) or "").strip()
        if value and value.strip("0") and _TAIL.match(f"c-{value}"):
            return value
    return None


def _excluded(tag: str, classes: list[str], ident: str, attrs: dict) -> bool:
    """Widgets and sidebars (a "recent comments" list repeats comment markup)."""
    if tag in ("html", "body"):
        return False  # page-level classes describe the layout ("right-sidebar"), not a widget
    if any(c.lower() in _WIDGET or _RECENT.search(c) for c in classes):
        return True
    return (ident.lower().startswith("sidebar") or bool(_RECENT.search(ident))
            or (tag == "aside" and attrs.get("role") == "complementary"))


def walk(root: LexborNode) -> Section:
    """Find the comments under ``root`` in one iterative depth-first walk."""
    comments: list[Comment] = []
    opened: list[_Open] = []
    found: list[_Open] = []
    seen: set[str] = set()
    before: list[str] = []
    section = Section(comments, "")
    stack: list[tuple[LexborNode, object]] = [(root, None)]
    headed, titles = _headed(root)
    forum = _forum_posts(root)
    discussions = 0  # discussion containers (``_DISCUSSION_IDS``/``_CLASSES``) open around the element
    asked = False  # whether the first forum post was looked at as the topic's opener
    flarum_pages: set[int] = set()  # the pages of a Flarum discussion its page links to
    anchored: dict[int, str] = {}  # element → the comment number an empty anchor before it names
    by_node: dict[int, _Open] = {}  # comment element → its comment
    adopters: list[tuple[int, _Open]] = []  # reply boxes entered: (comments open then, the comment they answer)
    while stack:
        node, undo = stack.pop()
        if undo is not None:
            if undo == ("adopt",):
                adopters.pop()
            elif undo == ("discussion",):
                discussions -= 1
            else:
                _leave(undo, opened)
            continue
        tag = node.tag
        if tag == "-text":
            _text(node.text_content or "", opened, before if not found else None)
            continue
        if tag is None or tag.startswith(("-", "_", "!")) or tag in _SKIP_TAGS and not _content_noscript(node):
            if tag == "#document" or tag is None:
                _push_children(node, stack)
            elif tag == "noscript" and (pages := _noscript_pages(node)):
                section.pages |= pages | {-1}  # NodeBB's page links, in a noscript
            continue
        attrs = node.attributes
        classes = (attrs.get("class") or "").split()
        ident = (attrs.get("id") or "").strip()
        if _excluded(tag, classes, ident, attrs):
            continue
        if tag in ("title", "link", "meta", "a") or "wpdiscuz-loadmore" in classes or "wc-load-more" in classes:
            _page_meta(tag, node, attrs, classes, section)
        if ident in _DISCUSSION_IDS or _DISCUSSION_CLASSES.intersection(classes):
            discussions += 1
            stack.append((node, ("discussion",)))
        post = node.mem_id not in headed and (discussions > 0 or node.mem_id in forum)
        number, explicit, is_comment = _number(ident, classes, tag, attrs, post)
        if ident == FLARUM and not flarum_pages:  # Flarum's discussion for crawlers: the pages it links to (``?page=N``)
            flarum_pages = _linked_pages(node)
            section.pages |= flarum_pages | ({-1} if flarum_pages else set())
        flarum = not is_comment and tag == "div" and _flarum_post(node)
        is_comment = is_comment or flarum
        cur = opened[-1] if opened else None
        if is_comment and tag == "a" and number is not None:
            if cur is not None and cur.number == number:  # the comment's own permalink anchor ("#1")
                stack.append((node, _enter_furniture(cur)))
                continue
            if node.child is None and (box := _sibling(node, "next")) is not None:
                anchored[box.mem_id] = number  # an empty <a id="comment-N"></a>: N is the next element's
                continue
        if is_comment and not _STRONG_ID.match(ident) and _is_notice(node):
            is_comment = False  # "Comments are closed." in a div.comment: no comment (said in a note)
            if not section.notices:
                section.notice = " ".join((node.text() or "")[:200].split())[:80]
            section.notices += 1
        if not is_comment and node.mem_id in anchored:
            number, explicit, is_comment = anchored.pop(node.mem_id), _named_parent(attrs), True
        if tag == "a" and cur is not None and len(section.permalinks) < 1000:
            href = (attrs.get("href") or "").strip()
            if cur.number and href.endswith(f"#comment-{cur.number}"):
                section.permalinks.append(href[:href.rfind("#")])
        if is_comment and not found and not asked and ("post" in classes or attrs.get("component") == "post" or flarum):
            asked = True  # the first post only: one look at one subtree
            is_comment = not (flarum_pages <= {2} if flarum else _opener(node, titles))  # Flarum: on page 1
            section.opener = None if is_comment else node
        if is_comment and not (cur is not None and number is not None and cur.number == number):
            if number is not None and number in seen:
                section.duplicates += 1
                continue
            kind = "pingback" if "pingback" in classes else "trackback" if "trackback" in classes else "comment"
            enclosing = adopters[-1][1] if adopters and adopters[-1][0] == len(opened) else cur
            item = _Open(Comment(id=number, kind=kind), number, structural=enclosing.number if enclosing else None,
                         explicit=explicit)
            by_node[node.mem_id] = item
            section.elements.add(node.mem_id)
            item.depth_class = next((int(m.group(1)) for c in classes if (m := _DEPTH.match(c))), None)
            if attrs.get("data-pid") and (ms := (attrs.get("data-timestamp") or "").strip()).isdigit() and len(ms) == 13:
                item.posted = ms  # NodeBB: the post's time in milliseconds, for a post that shows no other
            if _DELETED_WORDS & _parts(classes, "") or "message--deleted" in classes:  # Isso's, XenForo's mark
                item.comment.status = "deleted"
            if any(c == "unpublished" or c.endswith("--unpublished") for c in classes):
                item.comment.status = "pending"  # Drupal: an unpublished comment, shown to its author or an admin
            if _POST_AUTHOR.intersection(classes):  # the page says so: SPEC has no column, so ``meta``
                item.comment.meta["post_author"] = True
            if number is not None:
                seen.add(number)
            opened.append(item)
            found.append(item)
            stack.append((node, ("comment",)))
            _push_children(node, stack)
            continue
        if cur is None and not found:
            if any(_COUNT_CLASS.search(c) for c in classes):
                number_text = (node.text() or "").strip()
                section.stated = int(number_text) if number_text.isdigit() else section.stated
            elif (number_text := (attrs.get("data-comments-count") or "").strip()).isdigit():  # wpDiscuz 7
                section.stated = int(number_text)
            if tag in BLOCK:  # "12 Kommentare" in a heading: not run together with the next block's words
                before.append("\n")
        if _REPLY_BOX.intersection(classes) and (prev := _sibling(node, "prev")) is not None \
                and prev.mem_id in by_node:  # Drupal: replies in a <div class="indented"> after their parent
            adopters.append((len(opened), by_node[prev.mem_id]))
            stack.append((node, ("adopt",)))
        boxed = cur is not None and not cur.furniture and len(cur.box) % 2 == 0 and _text_box(attrs, classes)
        if boxed:
            cur.box.append(len(cur.parts))
        undo = _enter(tag, node, attrs, classes, ident, cur)
        if boxed:
            undo = ("box", cur, undo)
        if undo is not None:
            stack.append((node, undo))
        _push_children(node, stack)
    section.before = finish("".join(before))
    _link(found)
    shown = [[" ".join((node.text() or "").split()) for node in item.meta_nodes] for item in found]
    order = slashed_order(text for texts in shown for text in texts)
    for item, texts in zip(found, shown):
        _finish_comment(item, texts, order)
        comments.append(item.comment)
        if hrefs := item.hrefs.targets():
            section.hrefs.append((item.comment, hrefs))
    return section


def _sibling(node: LexborNode, side: str) -> LexborNode | None:
    """The element after (``side`` "next") or before ("prev") ``node`` among its siblings,
    whitespace and HTML comments skipped; None when text stands between."""
    up = getattr(node, side)
    while up is not None and (up.tag is None or up.tag.startswith(("-", "_", "!"))):
        if up.tag == "-text" and (up.text_content or "").strip():
            return None
        up = getattr(up, side)
    return up


def _enter_furniture(cur: _Open) -> tuple:
    cur.furniture += 1
    return ("furniture", cur)


def _push_children(node: LexborNode, stack: list) -> None:
    children = []
    child = node.child
    while child is not None:
        children.append(child)
        child = child.next
    stack.extend((c, None) for c in reversed(children))


def _text(data: str, opened: list[_Open], before: list[str] | None) -> None:
    if opened:
        cur = opened[-1]
        if not cur.furniture:
            cur.parts.append(protect_pre(data) if cur.pre else collapse(data))
            cur.words += bool(data.strip())
    elif before is not None:
        before.append(collapse(data))


def _enter(tag, node, attrs, classes, ident, cur: _Open | None):
    """Enter an element; returns what leaving it must undo (None: nothing)."""
    if cur is None:
        return None
    parts = _parts(classes, ident)
    prop = (attrs.get("itemprop") or "").lower()
    if ("fn" in parts or prop == "name") and len(cur.fn_nodes) < 4:
        cur.fn_nodes.append(node)
    elif ((parts & _AUTHOR or prop == "author") and "avatar" not in parts and tag != "img"
          and len(cur.author_nodes) < 4):
        cur.author_nodes.append(node)
    if tag == "time" and attrs.get("datetime") and cur.datetime is None:
        cur.datetime = attrs["datetime"]
    if prop in ("datepublished", "datecreated") and (when := (attrs.get("datetime") or "").strip()):
        cur.published = cur.published or when  # Discourse's <time itemprop="datePublished">
    if tag == "meta" and (content := (attrs.get("content") or "").strip()):  # schema.org's dates (NodeBB)
        if prop in ("datepublished", "datecreated"):
            cur.published = cur.published or content
            cur.datetime = cur.datetime or content
        elif prop == "datemodified" and "edited_at" not in cur.comment.meta:
            cur.comment.meta["edited_at"] = content
    if tag == "h3" and (body := _sibling(node, "next")) is not None \
            and "Post-body" in (body.attributes.get("class") or "").split():  # Flarum: the poster's name over the post
        cur.author_nodes.insert(0, node)
        return _enter_furniture(cur)
    if "message-lastEdit" in classes or "messageNotice--deleted" in classes:  # XenForo: "Zuletzt bearbeitet: …",
        meta = cur.comment.meta  # "Gelöscht von Moderator_Tim, …, Grund: Werbung" — meta, no text
        if "message-lastEdit" in classes and "edited_at" not in meta:
            when = next((child.attributes["datetime"] for child in node.iter()
                         if child.tag == "time" and child.attributes.get("datetime")), None)
            meta.update({"edited_at": when} if when else {})
        elif "messageNotice--deleted" in classes and "deletion_note" not in meta:
            cur.comment.status = "deleted"
            meta["deletion_note"] = _short_text(node)
        return _enter_furniture(cur)
    if tag == "a" and attrs.get("component") == "post/parent" and (to := (attrs.get("data-topid") or "").strip()):
        cur.explicit = cur.explicit or (to if to.isdigit() else None)  # NodeBB's "@Name" pill to the parent post
        return _enter_furniture(cur)
    if (title := attrs.get("title")) and len(cur.titles) < 4 and (cur.furniture or parts & _FURNITURE):
        cur.titles.append(title)
    if cur.stamp is None and (stamp := attrs.get("data-comment-timestamp") or attrs.get("data-timestamp")):
        cur.stamp = stamp.strip()
    if parts & {"meta", "metadata", "commentmetadata", "date", "time", "footer"} or tag == "time":
        cur.meta_nodes.append(node)
    if "awaiting" in parts or "moderation" in parts:
        cur.comment.status = "pending"
    elif parts & _DELETED_WORDS:  # Blogger's span.deleted-comment
        cur.comment.status = "deleted"
    if (key := _vote_key(tag, parts)) and key not in cur.votes:
        cur.votes[key] = node
    if tag == "a" and cur.link is None and cur.comment.kind != "comment" and attrs.get("href"):
        cur.link = node
    if cur.furniture:
        return None
    if cur.quotes and is_attribution(tag, classes, cur.words == cur.quotes[-1]) \
            and (tag != "cite" or header_like(node.text() or "")):  # the quoted poster's name: meta, not the quote's words
        cur.quoted = cur.quoted or node
        return _enter_furniture(cur)
    if box := quote_box(tag, classes):
        cur.quotes.append(cur.words)
        cur.parts.append(cur.layout.open(box, attrs))
        return ("quote", cur, box)
    if tag == "img" and (alt := emoji_alt(attrs.get("class"), attrs.get("alt"))):
        cur.parts.append(alt)  # an emoji/smiley image: what the writer typed
        cur.words += 1
        return None
    furniture = tag in _FURNITURE_TAGS or bool(parts & _FURNITURE) or (tag == "cite" and bool(parts))
    if not furniture and tag == "a" and (attrs.get("href") or "").startswith("#"):
        furniture = bool(_REPLY_TO.match(node.text() or ""))  # "Antwort auf #1 von X": a link to the parent
    if not furniture and tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        furniture = bool(_SUBJECT_REPLY.match(node.text() or ""))  # "AW: …": a generated reply subject
    if furniture:
        return _enter_furniture(cur)
    if tag == "br" or tag in CELLS:
        cur.parts.append("\n" if tag == "br" else " ")
        return None
    if tag in BLOCK:
        cur.parts.append(cur.layout.open(tag, attrs))
        if tag == "pre":
            cur.pre += 1
        return ("block", cur, tag == "pre", tag)
    if tag == "a" and node is not cur.link:  # (a pingback's own link is its meta.url)
        return ("link", cur, attrs.get("href"), cur.words)
    return None


def _vote_key(tag: str, parts: set[str]) -> str | None:
    """The ``meta`` key of a vote counter or a star rating inside a comment (like/dislike
    plugins, wpDiscuz's vote result, WP Recipe Maker's rating image), else None."""
    if tag == "img":
        return "rating" if "rating" in parts else None
    if not parts & {"count", "counter", "result", "score", "total"}:
        return None
    if parts & {"dislike", "dislikes", "down", "downvote", "downvotes"}:
        return "dislikes"
    if parts & {"like", "likes", "up", "upvote", "upvotes"}:
        return "likes"
    return "votes" if parts & {"vote", "votes"} else None


_NUMBER = re.compile(r"[+-]?\d{1,9}")
_STARS = re.compile(r"(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:stars?|Sterne?|/\s*5)\b", re.I)


def _votes(item: _Open) -> None:
    """Counts and ratings the page shows beside the comment, into ``meta`` as it states them
    (a counter the page leaves blank states nothing)."""
    for key, node in item.votes.items():
        if key == "rating":
            m = _STARS.search(node.attributes.get("alt") or node.attributes.get("title") or "")
            if m:
                value = float(m.group(1).replace(",", "."))
                item.comment.meta[key] = int(value) if value.is_integer() else value
        elif _NUMBER.fullmatch(text := (node.text() or "").strip()):
            item.comment.meta[key] = int(text)


def _short_text(node: LexborNode, limit: int = 500) -> str:
    """The first ``limit`` characters of the text under ``node``, whitespace collapsed, read no
    further (a note's words, bounded whatever the element holds)."""
    parts, size = [], 0
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
            size += len(parts[-1])
            if size > 4 * limit:
                break
    return " ".join("".join(parts).split())[:limit]


def _leave(undo: tuple, opened: list[_Open]) -> None:
    kind = undo[0]
    if kind == "box":  # the end of a comment's text box
        if undo[2] is not None:
            _leave(undo[2], opened)
        undo[1].box.append(len(undo[1].parts))
    elif kind == "comment":
        opened.pop()
    elif kind == "furniture":
        undo[1].furniture -= 1
    elif kind == "quote":
        cur = undo[1]
        cur.quotes.pop()
        cur.parts.append(cur.layout.close(undo[2]))
    elif kind == "link":  # a link in the text: one that shows none (an avatar's, an icon's) is furniture
        if undo[1].words > undo[3]:
            undo[1].hrefs.add(undo[2])
    else:
        cur = undo[1]
        cur.parts.append(cur.layout.close(undo[3]))
        cur.pre -= undo[2]


def _page_meta(tag: str, node: LexborNode, attrs: dict, classes: list[str], section: Section) -> None:
    if tag != "a" and tag not in ("title", "link", "meta"):
        section.pages.add(-1)  # a "load more comments" control
    elif tag == "title" and section.title is None:
        section.title = " ".join((node.text() or "").split()) or None
    elif tag == "link" and "canonical" in (attrs.get("rel") or "").lower().split() and section.canonical is None:
        section.canonical = attrs.get("href")
    elif tag == "meta" and attrs.get("property") == "og:url" and section.og_url is None:
        section.og_url = attrs.get("content")
    elif tag == "meta" and attrs.get("property") == "og:title" and section.og_title is None:
        section.og_title = attrs.get("content")
    elif tag == "a" and (m := _PAGE.search(href := attrs.get("href") or "")):
        section.pages.add(int(m.group(1) or m.group(2)))
        if not _PERMALINK.search(href):  # "Older Comments": a way to another page, not one comment's address
            section.pages.add(-1)


def _link(found: list[_Open]) -> None:
    """Parents: the markup's own parent ids, else the enclosing comment, else depth classes."""
    numbers = {item.number for item in found if item.number is not None}
    by_position: dict[int, str | None] = {}
    nested = any(item.structural or item.explicit for item in found)
    for item in found:
        c = item.comment
        if item.explicit and (item.explicit in numbers or not item.structural):
            c.parent_id = item.explicit
        elif item.structural:
            c.parent_id = item.structural
        elif not nested and item.depth_class and item.depth_class > 1:
            c.parent_id = by_position.get(item.depth_class - 1)
        if item.depth_class:
            by_position[item.depth_class] = item.number


def _finish_comment(item: _Open, texts: list[str], order: tuple[int, int] | None) -> None:
    c = item.comment
    for node in item.fn_nodes + item.author_nodes:  # the first that names someone (an avatar box may come first)
        c.author = _author_text(node)
        if c.author:
            break
    _display_name(item, c)
    if item.datetime:
        c.created_at = dates.normalize(item.datetime)
    if c.author and "»" in c.author:  # phpBB without <time>: "Jens » Mo 4. Mär 2024, 11:00" is name and date
        name, _, shown = c.author.partition("»")
        if name.strip() and (when := date_line(shown.strip()) or dates.human(shown.strip())):
            c.author, c.created_at = name.strip(), c.created_at or when
    unsure = None  # a date shown with day and month in either order ("03/05/2024")
    for text in texts:
        if c.created_at is None and text:
            shown, m = ambiguous_date(text)
            if m:  # the weekday printed beside it, else the page's order (as in plain text), else the markup's stamp
                c.created_at = date_line(text, order) or (None if order else _order_by_stamp(shown, m, item.stamp))
                unsure = unsure or (text if c.created_at is None else None)
            else:
                c.created_at = date_line(text) or dates.human(text)
        if c.author is None and (m := _BY.search(text)):
            c.author = m.group(1).strip()
    for title in item.titles:  # a date only in a tooltip: "2 years ago" on screen
        c.created_at = c.created_at or _title_date(title)
    shown = finish("".join(_boxed(item)))
    c.text = _strip_header(shown, c)
    if not c.text and shown and c.author and _DELETED.fullmatch(c.author):
        c.text = c.author  # Commento's "[deleted]" as name and text: the placeholder as shown, not emptied
    if c.author and _DELETED.fullmatch(c.author) and (not c.text or _DELETED.fullmatch(c.text)):
        c.author, c.status = None, "deleted"  # Substack's "Comment deleted", Commento's "[deleted]" in the name box
    # (a deleted account's words, Flarum's "[gelöscht]" over a post, stay a visible comment, as on Reddit)
    c.text = _awaiting(c)
    text, _, last = c.text.rpartition("\n\n")
    if text and len(last) < 300 and EDIT_NOTE.match(last):  # phpBB's "Zuletzt geändert von Olaf am …" under the post
        c.text, c.meta[meta_key(c.meta, "edit_note")] = text, last
        c.flag("edit_note_removed")
    if c.status in ("visible", "pending") and _DELETED.fullmatch(c.text) or \
            c.status == "pending" and len(c.text) < 200 and _REMOVED.match(c.text):
        c.status = "deleted"  # the placeholder (the whole text) or the moderators' note the page shows, kept as shown
    _votes(item)
    if item.quoted is not None and (who := _quoted_name(item.quoted)):
        c.meta[meta_key(c.meta, "quoted_author")] = who
    if has_mojibake(c.text):  # the source's own garbling, kept as given (see text/mojibake.py)
        c.flag("mojibake")
    if item.link is not None:  # a pingback: the linking page's title (as WordPress shows it) and address
        c.meta["url"] = item.link.attributes["href"].strip()
        c.author = c.author or " ".join((item.link.text() or "").split()) or None
    if item.published is not None and c.meta.get("edited_at") == item.published:
        del c.meta["edited_at"]  # Discourse's dateModified on every post, the same as its datePublished: no edit
    if c.created_at is None and item.posted:
        c.created_at = datetime.fromtimestamp(int(item.posted) / 1000, tz=timezone.utc).isoformat().replace("+00:00", "Z")
    if c.created_at is None and item.datetime:  # a machine date no date line stands in for: flagged
        dated(c, item.datetime, "datetime")
    elif c.created_at is None and unsure:  # not guessed: flagged, kept as shown
        dated(c, unsure, "date")


#: What a quote's header says around the name ("Quote from: X on …", "X hat geschrieben:", "X wrote:").
_QUOTE_WHO = re.compile(r"^(?:(?:quote from|zitat von|originally posted by|posted by)\s*:?\s*)?(.+?)"
                        r"(?:\s+(?:hat geschrieben|schrieb|wrote|writes|said|sagte)\b.*|\s+on\s+\S.*|\s*:)?$", re.I | re.S)
_QUOTED_ATTRS = ("data-username", "data-quote", "data-ipsquote-username", "data-author")


def _quoted_name(node: LexborNode) -> str | None:
    """The quoted poster a quote's header names: the box's ``data-username``/``data-quote``
    (Discourse, XenForo), else the header's first bold or link text, else its words without
    "wrote:"/"hat geschrieben:"."""
    up = node.parent
    for box in (up, up.parent if up is not None else None):
        for name in _QUOTED_ATTRS if box is not None else ():
            if value := " ".join((box.attributes.get(name) or "").split()):
                return value[:_MAX_NAME]
    lead = node.css_first("strong, b, a")
    for text in ((lead.text() or "") if lead is not None else "", node.text() or ""):
        m = _QUOTE_WHO.match(" ".join(text[:4 * _MAX_NAME].split()))
        if m and 0 < len(who := m.group(1).strip(" :")) <= _MAX_NAME:
            return who
    return None


def _display_name(item: _Open, c: Comment) -> None:
    """The full name where Discourse's author box shows it after the handle ("laura (Laura
    Mitchell)": the box ``itemprop="author"`` or ``span.creator``, the handle a link to ``/u/laura``):
    the name is the author, the handle goes to ``meta.handle``. Any other "(…)" after a name
    ("Peter (Gast)", "Jens (nicht überprüft)") is no name."""
    if not c.author:
        return
    for node in item.author_nodes:
        if not _discourse_creator(node, c.author):
            continue
        shown = _author_text(node) or ""
        if shown.startswith(c.author) and (m := _AFTER_HANDLE.fullmatch(shown, len(c.author))):
            c.meta[meta_key(c.meta, "handle")] = c.author
            c.author = m.group(1).strip()
            return


_AFTER_HANDLE = re.compile(r"\s*\(([^()]{1,80})\)")


def _discourse_creator(node: LexborNode, handle: str) -> bool:
    """Discourse's author box: ``itemprop="author"`` or ``span.creator`` holding a link to the
    poster's profile, ``/u/HANDLE``."""
    if (node.attributes.get("itemprop") or "").strip().lower() != "author" \
            and "creator" not in (node.attributes.get("class") or "").split():
        return False
    tail = f"/u/{handle}".lower()
    return any((a.attributes.get("href") or "").strip().rstrip("/").lower().endswith(tail) for a in node.css("a[href]"))
_GMT = re.compile(r"\bGMT([+-]\d{2}):?(\d{2})\b")


def _order_by_stamp(text: str, m: re.Match, stamp: str | None) -> str | None:
    """The reading of an ambiguous ``03/05/2024`` (5 March in the USA, 3 May in Europe) that
    falls on the day of the Unix time the markup gives beside it (Drupal's
    ``data-comment-timestamp``, within a day for the time zone); None when none or both do."""
    if not stamp or not stamp.isdigit() or len(stamp) > 11:
        return None
    day = datetime.fromtimestamp(int(stamp), tz=timezone.utc).date()
    fits = []
    for order in ((2, 1), (1, 2)):  # (day group, month group): US order first
        reading = in_order(text, m, order)
        if reading and abs((date.fromisoformat(reading[:10]) - day).days) <= 1:
            fits.append(reading)
    return fits[0] if len(fits) == 1 else None


def _title_date(title: str) -> str | None:
    """A full date in a tooltip (Disqus, Substack, wpDiscuz, Commento's JavaScript date
    "Tue Mar 05 2024 08:14:00 GMT+0000 (…)"), with the offset it states; relative
    ("vor 1 Jahr") and ambiguous slashed ones are not read."""
    if len(title) > 120 or _SLASHED.search(title):
        return None
    found = date_line(title) or dates.human(title)
    if found and "T" in found and (m := _GMT.search(title)):
        found += "Z" if m.group(1) in ("+00", "-00") and m.group(2) == "00" else f"{m.group(1)}:{m.group(2)}"
    return found


_BYLINE = re.compile(r"^(?:posted by|eingestellt von|geschrieben von|von|by)\s*:?\s+", re.I)  # "von NAME »" (phpBB)
_NOT_NAME = frozenset({"meta", "metadata", "commentmetadata", "date", "time", "reply", "edit", "permalink",
                       "awaiting", "badge", "label"})
_MAX_NAME = 80  # characters: a longer "author" box holds more than a name (the comment's text, a bio)


def _author_text(node: LexborNode) -> str | None:
    """The name in an author box, without the date, reply link or badge some themes put in the
    same box (OceanWP's ``comment-author`` holds all three); None for a box too long to be a name."""
    parts: list[str] = []
    size = 0
    stack = [node]
    while stack:
        cur = stack.pop()
        if cur.tag == "-text":
            parts.append(cur.text_content or "")
            size += len(parts[-1].strip())
            if size > 4 * _MAX_NAME:  # no name: stop, whatever the box holds (linear in the page)
                return None
            continue
        if cur is not node and (cur.tag in ("time", "button", "img", "script", "style") or
                                _NOT_NAME & _parts((cur.attributes.get("class") or "").split(), "")):
            continue
        child, children = cur.child, []
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend(reversed(children))
    name = _BYLINE.sub("", _SAYS.sub("", " ".join("".join(parts).split()))).rstrip(" »|·•:–—-")
    return name if 0 < len(name) <= _MAX_NAME else None


#: The note a theme prints in a comment held for moderation, shown to its author (WordPress core and
#: its translations, Genesis's ``p.alert``, GeneratePress), when no class marks it.
_AWAITING = moderation.NOTE  # the same notes as the plain-text readers


def _awaiting(c: Comment) -> str:
    """The comment's text without a moderation note as its first or last paragraph (a theme that
    marks it by no class: Genesis's ``p.alert``); the comment is then ``pending``."""
    first, _, rest = c.text.partition("\n\n")
    if rest and _AWAITING.fullmatch(first.strip()):
        c.status = "pending" if c.status == "visible" else c.status
        return rest.strip()
    rest, _, last = c.text.rpartition("\n\n")
    if rest and _AWAITING.fullmatch(last.strip()):
        c.status = "pending" if c.status == "visible" else c.status
        return rest.strip()
    return c.text


def _strip_header(text: str, c: Comment) -> str:
    """Leading lines that are the author, a bare date or "says:" (themes that print
    them as loose text) are furniture too; a bare date fills ``created_at``."""
    lines = text.split("\n")
    start = 0  # the first line kept: one slice at the end, linear in a run of any length
    while start < len(lines):
        line = lines[start].strip()
        if not line or c.author and line == c.author or _SAYS.fullmatch(line):
            start += 1
        elif len(line) < 60 and dates.looks_like_date_line(line) and dates.human(line):
            c.created_at = c.created_at or dates.human(line)
            start += 1
        else:
            break
    return "\n".join(lines[start:]).strip()
