"""Rendered comment sections: whole HTML pages of any theme or comment plugin, and
WordPress comment lists inside Markdown files with front matter.

The page is parsed with lexbor (selectolax), an HTML5 parser; a page nested deeper than
:data:`comments.text.html_text.MAX_NESTING` elements is refused (lexbor's time grows with the square of the depth); :mod:`comments.io.readers.html_comments` finds the comments by structure.
"""

from __future__ import annotations

import re
from os.path import commonprefix

import orjson
from selectolax.lexbor import LexborHTMLParser

from comments.model.errors import InputError
from comments.text.archived import original
from comments.text.html_text import MAX_NESTING, WORK_PER_TAG, html_to_text, nesting_depth, unescape
from comments.text.plural import plural
from comments.model.records import ParsedThread, Thread
from comments.io.readers.base import Context, Reader, keep_repeated, published, site_from_url
from comments.io.readers.declared import PAGED, count_link, declared_count
from comments.io.readers.html_comments import Section, walk
from comments.io.readers import mhtml

NAME = "wordpress-html"
_FRONT = re.compile(r"\A(?:---\n(.*?)\n---|\+\+\+\n(.*?)\n\+\+\+)\n", re.S)
_COMMENT_ID = re.compile(r"""\bid=["']?(?:(?:li-|div-|article-)?comment-\d+|(?:wc|wpd)-comm-\d+_\d+)\b""")
_PAGE = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.I | re.S)
_HOLDS_COMMENTS = '[id^="comment-"], [id^="li-comment-"], [id^="wc-comm-"], [id^="wpd-comm-"]'
_LINK_LINE = re.compile(r"\[[^\]\n]*\]\([^)\n]*\)")  # a Markdown link and nothing else: "[40 thoughts on …](/…)"
_MIN_ARTICLE = 300  # characters: shorter guessed "articles" are teasers and cards
#: Elements a theme marks as the post's body: read at any length (a short post is still the post), unless a teaser.
_MARKED = ('[itemprop="articleBody"]', ".entry-content", ".post-content", ".article-content", ".article-body",
           ".post-body", ".the-content", ".field--name-body", ".field-name-body", ".available-content", "div.entry")
#: Guessed containers after them: a whole post or card, read only from :data:`_MIN_ARTICLE` characters on.
_ARTICLE = (*_MARKED, "article .content", "div.article > .text", "article", ".post", ".entry")
#: (Drupal 8+/7 mark the body ``field--name-body``/``field-name-body``, Substack ``available-content``.)
#: Selectors that mark a whole post (or a teaser card), not the body text: their siblings are other posts.
_WHOLE_POSTS = ("article", ".post", ".entry")
#: Buttons and cards that plugins put inside the post's element: share and like buttons (Jetpack's
#: sharedaddy, Social Pug, Easy Social Share Buttons, Shariff, Sassy Social Share), related-post lists
#: (Jetpack, Related Posts for WP), an author box listing the author's other posts, a recipe card's jump/print/pin links. Their labels ("Teilen mit:", "Liken",
#: "534shares", "Jump to Recipe") are no part of the article.
#: A comment section inside the post's element: the comments, the reply form.
_SECTION = f"#comments, .comments-area, #respond, .comment-respond, {_HOLDS_COMMENTS}"
_WIDGETS = ('[class*="sharedaddy"], #jp-post-flair, .jp-relatedposts, [class*="dpsp-"], [class*="essb_"], '
            '.shariff, [class*="heateor_sss"], [class*="rp4wp-"], .abh_box, .wprm-recipe-link')
_NOT_ARTICLE = f"{_WIDGETS}, {_SECTION}"
#: A whole post's head: its title (the thread's title already) and byline (author, date), no part of its text.
_POST_HEAD = ('h1, .entry-header, .post-header, .article-header, [class*="meta"], .byline, .submitted, .post-date, '
              ".post-title, .entry-title")
#: A teaser of other posts in a block that reuses the body's class: by class, or by its lead words.
_TEASER_CLASS = '[class*="related"], [class*="teaser"], [class*="also-like"], [class*="more-posts"]'
_TEASER_WORDS = re.compile(r"related|teaser|also-like|more-posts", re.I)
_TEASER_LEAD = re.compile(r"\b(?:you (?:may|might) also (?:like|enjoy)|related (?:posts?|articles?|stories|reading)|"
                          r"read (?:next|more)|more (?:posts|articles|stories) (?:from|like)|recommended for you|"
                          r"ähnliche (?:beiträge|artikel)|das könnte (?:dich|sie) auch interessieren|"
                          r"weitere (?:beiträge|artikel)|auch interessant|mehr zum thema|lesen sie auch)\b", re.I)


def sniff(head: str) -> bool:
    """An HTML page (also saved as MHTML), or markup with a comment list (Markdown files embed one)."""
    return bool(_PAGE.match(head) or mhtml.sniff(head) or re.search(r"class=[\"'][^\"']*\bcomment-?list\b", head)
                or _COMMENT_ID.search(head))


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` / ``key = value`` front matter of Markdown files, and the body. A
    key given again (in any case: ``URL:`` after ``url:``) keeps its first value, the later ones
    under ``KEY~2`` … (:func:`keep_repeated`, as JSON, CSV and YAML readers do; the later one won)."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    pairs = []
    for line in (m.group(1) or m.group(2)).splitlines():
        kv = re.match(r"\s*([\w-]+)\s*[:=]\s*(.*)", line)
        if kv:
            pairs.append((kv.group(1).lower(), kv.group(2).strip().strip("\"'")))
    return keep_repeated(pairs, []), text[m.end():]


#: An absolute or protocol-relative address, or a site-relative archive one (see :func:`original`).
_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://|//|/web/\d", re.I)


def absolute_url(candidates: list[str | None], page: str) -> str | None:
    """The first of ``candidates`` (canonical link, og:url, front matter) that is an address (a
    relative path only when none is: ``wget -k`` rewrites the canonical to "../../x/index.html"),
    with a scheme: a protocol-relative one ("//host/path") takes the scheme of another candidate
    or, failing that, of the page's first absolute link to the same host (the path stays the canonical's)."""
    given = [c.strip() for c in candidates if c and c.strip()]
    given.sort(key=lambda c: not _ADDRESS.match(c))  # stable: the order among addresses is kept
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


def read(text: str, ctx: Context, address: str | None = None) -> list[ParsedThread]:
    """The page's thread; ``address``: where the page was captured (a web archive's
    ``WARC-Target-URI``), its url when the page names none (no canonical link, og:url)."""
    location, frames = address, []
    if mhtml.sniff(text[:65536]):  # a saved page: its HTML part, its address as the last fallback url
        text, location, frames = mhtml.page(text, ctx)
        location = location or address
    meta, body = front_matter(text)
    repeated = [key for key in meta if "~" in key]
    if repeated:
        ctx.note(f"the front matter repeats {plural(len(repeated), 'key')} (first {repeated[0].split('~')[0]!r}): "
                 "the first value is read, the later ones are not used")
    depth, rebuilt = nesting_depth(body)
    if depth > MAX_NESTING:  # the tree builder's time grows with the square of the depth
        raise InputError(f"HTML elements nested {depth:,} deep, over the limit of {MAX_NESTING:,}: page not read")
    if rebuilt:  # misnested formatting elements the tree builder would reopen over and over
        raise InputError(f"HTML tags misnested so that the tree builder would reopen elements over {WORK_PER_TAG} "
                         "times per tag (e.g. <b> left open in each <div>): page not read")
    tree = LexborHTMLParser(body)
    section = walk(tree.root)
    if frames:
        ctx.note(mhtml.frames_note(len(frames), *_frame_comments(section, frames)))
    url = absolute_url([section.canonical, section.og_url, meta.get("url"), meta.get("permalink"),
                        _permalinks_base(section.permalinks), location], body)
    url, copy = original(url) if url else (url, None)
    post = post_address(url)
    paged = section.paged or post != url  # a page of the comments' own address (…/comment-page-2/) is one of several
    own_page = post != url
    url = post
    section.links(url, archived=copy is not None)
    found = len(section.comments)
    url = url or count_link(section.before)  # the count line's permalink (a relative one names no site)
    if url and copy is None:
        url, copy = original(url)
    if copy:
        ctx.note(f"{copy}: read with the original page's address ({url}), its links to archived copies as "
                 "their originals")
    site = site_from_url(url)
    thread_id = meta.get("slug") or meta.get("id") or url or ctx.stem
    thread = Thread(
        thread_id=thread_id,
        site=site,
        title=unescape(meta.get("title") or "") or _title(section, tree, site) or None,
        url=url,
        published_at=published(ctx, thread_id, meta.get("date") or _published(tree)),
        article_text=(article := (_article(tree, section.elements) if _PAGE.match(body) else _before(section.before))
                      or _opener(section) or None),
        declared_count=section.stated if section.stated is not None else declared_count(section.before),
        format=NAME,
    )
    short = _short_post(tree, section.elements) if article is None and _PAGE.match(body) else None
    if short:
        ctx.note(f"the page's {short[0]} element holds {plural(short[1], 'character')} of text, too short to tell a "
                 "post from a teaser where the theme does not mark the post's body: not read as the article")
    if section.notices:
        ctx.note(f"{plural(section.notices, 'element')} marked as a comment but holding a notice of the theme "
                 f"(comments closed, navigation, 'load more'; first {section.notice!r}), not read as a comment")
    if not found and (widget := _widget(tree)):
        ctx.note(f"the comments are in a {widget} that the saved page does not hold (its script loads them "
                 "in the browser): read as a page without comments")
    elif not found:
        ctx.note("no comment section recognised: read as a page without comments")
    live = [c for c in section.comments if c.status != "deleted"]
    if live and all(c.author is None and c.created_at is None for c in live):
        ctx.note(f"{plural(len(live), 'comment')}, none with an author or date recognised: the page marks no "
                 "comment headers (a copy without class attributes, such as archive.today's), so names and "
                 "dates may be left in the texts")
    garbled = sum("mojibake" in c.flags for c in section.comments)
    if garbled:
        ctx.note(f"{plural(garbled, 'comment')} with mojibake (UTF-8 text the source stored as read as "
                 "Windows-1252, e.g. \"â€œ\" for \"“\"): kept as given, flagged mojibake")
    if section.duplicates:
        ctx.note(f"{plural(section.duplicates, 'comment')} shown twice on the page (same id): read once")
    if own_page and thread.declared_count is not None and thread.declared_count <= found:
        paged = False  # a …/comment-page-1/ address holding every comment the page states: no other page holds any
    if paged:
        if thread.declared_count is not None:  # the other pages hold the rest (SPEC: unloaded_count)
            thread.unloaded_count = max(0, thread.declared_count - found)
        stated = f"page says {thread.declared_count:,}, " if thread.declared_count is not None else ""
        ctx.note(f"{PAGED} ({stated}found {found:,} on this one); "
                 "read the other pages too for the whole thread")
    return [ParsedThread(thread, section.comments, paged=paged and thread.declared_count is not None)]


def _frame_comments(section: Section, frames: list[tuple[str, str | None]]) -> tuple[int | None, str | None]:
    """A saved page without comments whose frame part holds them (MHTML: the Disqus iframe saved
    with the page): the first such frame's comments become the page's (their links resolved against
    the frame's address). Returns that frame's number among the frames and its address, or None."""
    if section.comments:
        return None, None
    for number, (html, where) in enumerate(frames):
        depth, rebuilt = nesting_depth(html)
        if depth > MAX_NESTING or rebuilt:
            continue  # too deep for the tree builder: left unread (said in the note)
        framed = walk(LexborHTMLParser(html).root)
        if framed.comments:
            framed.links(where)
            section.comments, section.duplicates = framed.comments, section.duplicates + framed.duplicates
            section.notices, section.notice = section.notices + framed.notices, section.notice or framed.notice
            section.pages |= framed.pages
            section.stated = section.stated if section.stated is not None else framed.stated
            return number, where
    return None, None


#: Schema.org types of a post whose ``datePublished`` is the thread's (not a Recipe's or a WebPage's).
_POST_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle", "Report", "ScholarlyArticle", "TechArticle",
                         "OpinionNewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "LiveBlogPosting"})
_MAX_JSON_LD = 1_000_000  # characters: a bigger JSON-LD block is not read (size-bounded parsing)
_POST_TIME = ("article header time[datetime], header.entry-header time[datetime], .entry-meta time[datetime], "
              ".post-meta time[datetime], .article-header time[datetime]")


def _published(tree: LexborHTMLParser) -> str | None:
    """When the post was published, as the page states it: JSON-LD (an Article, BlogPosting or
    NewsArticle's ``datePublished``), else ``<meta property="article:published_time">``, else a
    ``<time datetime>`` in the post's header (not a comment's)."""
    for script in tree.css('script[type="application/ld+json"]'):
        text = script.text() or ""
        if len(text) <= _MAX_JSON_LD:
            found = _ld_date(text)
            if found:
                return found
    node = tree.css_first('meta[property="article:published_time"]')
    if node is not None and (node.attributes.get("content") or "").strip():
        return node.attributes["content"].strip()
    return next((n.attributes.get("datetime") for n in tree.css(_POST_TIME) if not _in_comment(n)), None)


def _ld_date(text: str) -> str | None:
    """``datePublished`` of the first post-type object in a JSON-LD block (top level, a list,
    or an ``@graph``); None when the block is not JSON or names no post."""
    try:
        data = orjson.loads(text)  # a nesting deeper than 1,024 levels is an error here, not a crash
    except ValueError:
        return None
    items = data if isinstance(data, list) else [data]
    items = [g for item in items if isinstance(item, dict)
             for g in ([item] + (item["@graph"] if isinstance(item.get("@graph"), list) else []))]
    for item in items:
        kinds = item.get("@type") if isinstance(item, dict) else None
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k in _POST_TYPES for k in kinds) and isinstance(item.get("datePublished"), str):
            return item["datePublished"]
    return None


#: Comment widgets whose comments a browser loads into an iframe (or a web component) that a saved
#: page lacks, by their script/iframe address or their container as the systems' embed code writes it.
_EMBEDS = (
    ("giscus", '[src*="giscus.app"], .giscus, .giscus-frame'),
    ("utterances", '[src*="utteranc.es"], .utterances, .utterances-frame'),
    ("Disqus", '[src*=".disqus.com/embed.js"], [src*="disqus.com/embed/comments"], #disqus_thread'),
    ("Remark42", '#remark42, [src*="remark42"]'),
    ("Coral", "#coral_thread"),
    ("Talkyard", '.talkyard-comments, [src*="talkyard-comments"]'),
    ("Cusdis", '#cusdis_thread, [src*="cusdis.es.js"]'),
    ("Hyvor Talk", 'hyvor-talk-comments, #hyvor-talk-view, [src*="talk.hyvor.com"]'),
    ("Ghost comments", '[data-ghost-comments], [src*="comments-ui"]'),
    ("Commento", '#commento, [src*="commento.js"]'),
    ("Facebook comments", '.fb-comments, [src*="facebook.com/plugins/comments"]'),
)


def _widget(tree: LexborHTMLParser) -> str | None:
    """The comment widget the page embeds (see :data:`_EMBEDS`) and what holds its comments, or None."""
    return next((f"{name} {'web component' if name == 'Hyvor Talk' else 'iframe'}"  # (Hyvor Talk: a shadow DOM)
                 for name, selector in _EMBEDS if tree.css_first(selector) is not None), None)


#: one page of a post's comments in its address: WordPress's ``…/post/comment-page-2/`` (also in the canonical and
#: og:url core writes on every comment page), before the end, a query or a fragment
_COMMENT_PAGE = re.compile(r"(?<=/)comment-page-\d+/?(?=$|[?#])")


def post_address(url: str | None) -> str | None:
    """The post's address for a page of its comments: ``…/post/comment-page-1/`` → ``…/post/``, so the pages
    of one paginated thread are one thread (as their comment permalinks are); any other address as given."""
    return _COMMENT_PAGE.sub("", url) if url and "comment-page-" in url else url


def _permalinks_base(bases: list[str]) -> str | None:
    """The page address that the comments' permalinks ("…/post/#comment-12") share, when the
    page names none itself."""
    prefix = commonprefix(bases) if bases else ""
    prefix = prefix if prefix in bases else prefix[:prefix.rfind("/") + 1]  # whole path segments only
    prefix = post_address(prefix)  # the post, not one page of its comments
    return prefix if re.match(r"https?://[^/]+/.", prefix) else None


_TITLE_SEPARATOR = re.compile(r"\s+(?:[|»–—·]|-)\s+")


def _title(section, tree: LexborHTMLParser, site: str | None) -> str | None:
    """The post's title: og:title, else the page's ``<title>``, without a trailing " | Site"
    when that suffix is the site's name (og:site_name, or the name in the site's host; the
    name may hold a separator itself: " » SciLogs - Wissenschaftsblogs")."""
    title = section.og_title or section.title
    if not title:
        return None
    title = unescape(title).strip()
    node = tree.css_first('meta[property="og:site_name"]')
    name = re.sub(r"\W+", "", unescape(node.attributes.get("content") or "")).lower() if node is not None else ""
    labels = [label.replace("-", "") for label in (site or "").lower().split(".")[:-1] if len(label) >= 4]
    for m in _TITLE_SEPARATOR.finditer(title):
        suffix = re.sub(r"\W+", "", title[m.end():]).lower()
        if m.start() and 0 < len(suffix) <= 80 and (
                suffix == name or any(suffix == label or suffix.startswith(label) for label in labels)):
            return title[:m.start()].strip()
    return title


def _before(text: str | None) -> str | None:
    """The text before a comment list in a Markdown file: its article, unless it is no more
    than the section's own heading, a link line ("[40 thoughts on …](…)": its count is the stated
    one); a one-line lead of other shape with a count phrase in it is the article."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if (len(lines) == 1 and len(lines[0]) < 300 and _LINK_LINE.fullmatch(lines[0].strip())
            and declared_count(lines[0]) is not None):
        return None
    return text


#: A forum post's text box (schema.org, NodeBB, Flarum), as the walk takes a reply's text from it.
_POST_BODY = '[itemprop="text"], [component="post/content"], .Post-body'


def _opener(section) -> str | None:
    """A forum topic's first post, which the walk took out of the comments as the thread's
    article (phpBB), where no marked post body holds it: its text, not lost."""
    if section.opener is None:
        return None
    body = section.opener.css_first(_POST_BODY)  # the post's text box, without its author, date and buttons
    return html_to_text((body if body is not None else section.opener).html or "")


def _article(tree: LexborHTMLParser, comments: set[int]) -> str | None:
    """The post's text where the theme marks it (a cheap look, no boilerplate removal):
    the longest element of the first kind that has one, not inside a comment (a comment's
    own ``<article>`` is not the post) and holding none, else (a theme may put the comments
    inside the post's element) the one with the most text besides the comment section it
    holds, that section left out; plugin widgets left out too."""
    for holding in (False, True):  # first elements holding no comments, then those with their section left out
        for selector in _ARTICLE:
            found = _post(tree, selector, holding, comments)
            if found is not None:
                return found
    return None


def _short_post(tree: LexborHTMLParser, comments: set[int]) -> tuple[str, int] | None:
    """The guessed container (selector, characters) of the page's longest text under :data:`_MIN_ARTICLE` that
    :func:`_article` passed over (a teaser or a short post: the note says which element was not read), or None."""
    sizes = [(_own_size(node), selector) for selector in _ARTICLE[len(_MARKED):] for node in tree.css(selector)
             if not _in_comment(node, comments)]
    size, selector = max(sizes, default=(0, ""))
    return (selector, size) if 0 < size < _MIN_ARTICLE else None


def _post(tree: LexborHTMLParser, selector: str, holding: bool, comments: set[int]) -> str | None:
    """The text of the longest ``selector`` element (with ``holding``: one holding comments,
    measured without them), with its sibling parts; None when none is long enough (a marked body: when it
    is empty or a teaser; a guessed container: under :data:`_MIN_ARTICLE` characters)."""
    nodes = [node for node in tree.css(selector) if not _in_comment(node, comments)]
    if holding:
        sized = [(_own_size(node), node) for node in nodes]
    else:
        sized = [(len((node.text() or "").strip()), node) for node in nodes if node.css_first(_HOLDS_COMMENTS) is None]
    size, best = max(sized, key=lambda pair: pair[0], default=(0, None))
    if best is None or size < _MIN_ARTICLE and (selector not in _MARKED or not size or _teaser(best)):
        return None
    parts = [best]
    if selector not in _WHOLE_POSTS:  # a body the theme splits around ads or steps: its sibling parts too
        parts = [node for _, node in sized if node.parent is not None and best.parent is not None
                 and node.parent.mem_id == best.parent.mem_id and (node is best or not _teaser(node))]
    for part in parts:
        for node in _outermost(part, _NOT_ARTICLE) + (_head(part) if selector in _WHOLE_POSTS else []):
            node.decompose()
    return "\n\n".join(filter(None, (html_to_text(part.html or "") for part in parts))) or None


def _head(post) -> list:
    """The title and byline boxes (:data:`_POST_HEAD`) of a whole post that come before its first
    paragraph: its head; a meta box further down (a recipe card's "Prep Time") is the text's."""
    heads = {n.mem_id for n in _outermost(post, _POST_HEAD)}
    if not heads:
        return []
    found = []
    for node in post.traverse(include_text=False):
        if node.tag == "p" and node.mem_id not in heads and (node.text() or "").strip():
            break
        if node.mem_id in heads:
            found.append(node)
            heads.discard(node.mem_id)
    return found


def _teaser(node) -> bool:
    """Whether a sibling reusing the body's class is another post's teaser block, no part of the
    body: marked as related/teaser by class, or led by a "You may also like"-style heading."""
    if node.css_first(_TEASER_CLASS) is not None or _TEASER_WORDS.search(node.attributes.get("class") or ""):
        return True
    heading = node.css_first("h1, h2, h3, h4, h5, h6, strong, b")
    lead = (heading.text() if heading is not None else "") + " " + (node.text() or "")[:80]
    return _TEASER_LEAD.search(lead) is not None


def _own_size(node) -> int:
    """Characters of text in ``node`` besides the comment sections it holds."""
    return len((node.text() or "").strip()) - sum(len(s.text() or "") for s in _outermost(node, _SECTION))


def _outermost(node, selector: str) -> list:
    """The elements inside ``node`` that match ``selector`` and lie in no other match."""
    found = list({n.mem_id: n for n in node.css(selector)}.values())  # one matching two selectors is listed twice
    marked = {n.mem_id for n in found}
    out = []
    for match in found:
        up = match.parent
        while up is not None and up.mem_id != node.mem_id and up.mem_id not in marked:
            up = up.parent
        if up is None or up.mem_id == node.mem_id:
            out.append(match)
    return out


def _in_comment(node, comments: set[int] = frozenset()) -> bool:
    """Whether ``node`` lies in a comment: an element with a WordPress comment id, or one the walk
    read as a comment (``comments``: their ``mem_id``; a forum's posts, XenForo's ``article.message``)."""
    up = node
    while up is not None and up.tag != "html":
        if up.mem_id in comments:
            return True
        if up.tag and not up.tag.startswith(("-", "#")) and _COMMENT_ID.search(f'id="{up.attributes.get("id") or ""}"'):
            return True
        up = up.parent
    return False


READER = Reader(NAME, sniff, read)
