"""HTML comment bodies to plain text: markup stripped, entities decoded,
paragraphs kept as blank lines, quoted passages as "> " lines and list items
with "- " / "1. " (the way plain-text comment sources write them).

Built on the stdlib's streaming ``html.parser`` so that no nesting depth limit
applies and nothing is fetched or executed.
"""

from __future__ import annotations

import html
from functools import lru_cache
import re
from html.entities import html5
from html.parser import HTMLParser
from urllib.parse import urljoin

from comments.model.records import meta_key
from comments.text.archived import original

BLOCK = {
    "p", "div", "blockquote", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "tr", "section", "article", "header", "footer", "figure", "hr", "dl", "dt", "dd",
    "main", "nav", "aside", "address", "figcaption", "caption", "details", "summary", "fieldset", "legend",
    "menu", "center", "dialog",
}
#: Table cells: a space between neighbours ("a</td><td>b" is not one word).
CELLS = frozenset({"td", "th"})
#: Class words of inline elements that themes lay out as lines of their own (a call-to-action's
#: header over its text, a photo's credits under its caption): a line break around them, so that
#: their words are not glued to the next ("Folge mir auf Instagram!Alle neuen Rezepte").
_LINE_CLASSES = frozenset({"header", "heading", "title", "subtitle", "caption", "credit", "credits", "tagline"})
_CLASS_WORDS = re.compile(r"[-_\s]+")
_SKIP = {"script", "style", "template", "noscript"}
_VOID = frozenset({"area", "base", "col", "embed", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
#: Class words of an ``<img>`` that stands for an emoji or a smiley (WordPress's wp-smiley and
#: emoji, Twemoji, Discourse's emoji, Mastodon's custom-emoji): its alt text is the character or
#: code (":roll:") the writer typed, and part of what they said.
_EMOJI_CLASSES = frozenset({"wp-smiley", "emoji", "twemoji", "custom-emoji", "emoticon", "smiley", "smilie"})
#: An emoji's alt text is short and on one line (longer: a description, not what was typed).
_EMOJI_ALT_MAX = 64


def emoji_alt(classes: str | None, alt: str | None) -> str | None:
    """The text an emoji/smiley ``<img>`` (``class`` ``classes``) stands for: its ``alt``,
    so that "Tolle Firma <img class="wp-smiley" alt="😉"> wirklich" keeps its wink (a sarcasm
    cue); None for any other image (a photo's, an avatar's description is not the comment's)."""
    if not alt or not classes or _EMOJI_CLASSES.isdisjoint(classes.lower().split()):
        return None
    alt = " ".join(alt.split())
    return alt if 0 < len(alt) <= _EMOJI_ALT_MAX else None


#: Marks that ``finish`` turns into line prefixes: a quote opens / closes (on lines of their
#: own), a list item starts ("\x00l" + nesting level + ";" + "-" or "N." + " "), a list ends
#: ("\x00e" + its nesting level, on a line of its own: its items end).
_QUOTE_OPEN, _QUOTE_CLOSE = "\x00q", "\x00Q"
_ITEM = re.compile("\x00l(\\d+);(\\S+) ?")
_LIST_END = re.compile("\x00e(\\d+)")
#: Deeper quotes and lists than this are shown at this depth (a line's prefix stays short: linear time).
_MAX_NESTING = 8


class Layout:
    """What entering and leaving block elements adds to gathered text: paragraph breaks,
    and marks for quotes and list items (the open lists are counted here)."""

    def __init__(self) -> None:
        self.lists: list[list] = []  # [ordered, number of the next item]

    def open(self, tag: str, attrs: dict | list) -> str:
        """Text for entering block element ``tag``."""
        if tag == "blockquote":
            return f"\n\n{_QUOTE_OPEN}\n\n"
        if tag in ("ul", "ol"):
            start = str(dict(attrs).get("start") or "1").strip()
            self.lists.append([tag == "ol", int(start) if start.isdigit() and len(start) < 7 else 1])
        elif tag == "li":
            ordered, number = self.lists[-1] if self.lists else (False, 1)
            if self.lists:
                self.lists[-1][1] += 1
            return f"\n\x00l{min(len(self.lists), _MAX_NESTING)};{f'{number}.' if ordered else '-'} "
        return "\n\n"

    def close(self, tag: str) -> str:
        """Text for leaving block element ``tag``."""
        if tag == "blockquote":
            return f"\n\n{_QUOTE_CLOSE}\n\n"
        if tag in ("ul", "ol") and self.lists:
            level = min(len(self.lists), _MAX_NESTING)
            self.lists.pop()
            return f"\n\x00e{level}\n\n"
        return "" if tag == "li" else "\n\n"  # items of a list on consecutive lines (an item opens a line)


#: Boxes that hold a quoted post beside ``blockquote``: vBulletin's ``div.bbcode_quote`` (shown as a
#: quote) and Discourse's ``aside.quote`` (its ``blockquote`` inside is the quote, its title the poster).
_QUOTE_CLASSES = frozenset({"bbcode_quote"})
#: Class names of a quote's header that names the quoted poster: Discourse's ``div.title``,
#: XenForo's ``bbCodeBlock-title``, vBulletin's ``bbcode_postedby``, Invision's ``ipsQuote_citation``
#: (phpBB, SMF and MyBB write it as a ``cite``); XenForo's "Click to expand..." is furniture too.
_ATTRIBUTION = frozenset({"title", "bbCodeBlock-title", "bbcode_postedby", "ipsQuote_citation", "quote-title",
                          "bbCodeBlock-expandLink"})


_QUOTE_TAGS = frozenset({"blockquote", "div", "aside"})  # the elements :func:`quote_box` may take for a box
_MAX_HEADER = 300  # characters: a quote's "header" holding more is text (markup left it open)


def quote_box(tag: str, classes: list[str]) -> str | None:
    """The element a quote box is laid out as (``blockquote``: "> " lines; ``aside``: the
    Discourse box around one), or None for no quote box."""
    if tag == "blockquote" or tag == "div" and _QUOTE_CLASSES.intersection(classes):
        return "blockquote"
    return "aside" if tag == "aside" and "quote" in classes else None


#: A quote header's words: "X wrote:", "X hat geschrieben: ↑", "X said:", "Quote from: X on …",
#: "Originally Posted by X", or a name of up to 80 characters ending in a colon or an arrow.
_HEADER_WORDS = re.compile(
    r"(?:.{1,80}?\s(?:wrote|writes|said|says|posted|schrieb|schreibt|hat\s+geschrieben|sagte|meinte)\b"
    r"|(?:quote|zitat|originally\s+posted\s+by)\b).*|[^\n]{0,80}?[:↑→»⇧▲]", re.IGNORECASE | re.DOTALL)


def header_like(text: str) -> bool:
    """Whether a ``cite``'s words are a forum quote's header (see :data:`_HEADER_WORDS`), not quoted
    words a reader set in a ``cite`` (which stay the quote's text): one rule for the page walker and
    stored HTML."""
    words = " ".join(text[:_MAX_HEADER + 1].split())
    return len(words) <= _MAX_HEADER and bool(_HEADER_WORDS.fullmatch(words))


def is_attribution(tag: str, classes: list[str], first: bool) -> bool:
    """Inside a quote box: whether the element may be the quote's header ("X hat geschrieben: ↑",
    "X said:", "Originally Posted by X"), not quoted words; a ``cite`` only ``first``, before
    any quoted word (a WordPress quote block's ``cite`` after them names the quoted source: text),
    and only when its words are a header's (:func:`header_like`, checked by the caller)."""
    return tag == "cite" and first or bool(_ATTRIBUTION.intersection(classes))


#: Link targets that lead nowhere outside the text: script, inline data, an anchor in the same page.
_NO_TARGET = re.compile(r"^(?:javascript|data|vbscript|about):|^#", re.I)
_URL_SPACE = re.compile(r"[\t\n\r]")  # dropped from hrefs, as browsers do (URL spec)


class Links:
    """The targets of a text's ``<a href>``, in order, each once: resolved against ``base``
    (the page's address, where the reader knows it), relative ones kept as written when there
    is none; ``javascript:``/``data:`` and in-page ``#`` anchors left out (they lead nowhere)."""

    def __init__(self, base: str | None = None, archived: bool = False) -> None:
        self.base = base
        self.archived = archived  # the page is an archive's copy: its rewritten links lead to the originals
        self.seen: dict[str, None] = {}

    def add(self, href: str | None) -> None:
        """Take one ``href`` attribute's value (as the parser decoded it)."""
        target = _URL_SPACE.sub("", href or "").strip()
        if not target or _NO_TARGET.match(target):
            return
        if self.archived:
            target = original(target)[0]
        if self.base:
            try:
                target = urljoin(self.base, target)
            except ValueError:  # an address urljoin cannot read ("http://[::1"): kept as written
                pass
        self.seen[target] = None

    def targets(self) -> list[str]:
        """The link targets, in order of first appearance."""
        return list(self.seen)


def href(attrs: list[tuple[str, str | None]], raw_tag: str | None = None) -> str | None:
    """An element's ``href`` (the first, as browsers read a repeated attribute). From the tag as
    written (``raw_tag``) when given, its references decoded by :func:`unescape_complete`: the
    HTML parser also decodes ``&not`` in ``?a=1&not=2``, which browsers leave in an attribute."""
    if raw_tag is not None and (m := _HREF.search(raw_tag)):
        return unescape_complete(next(g for g in m.groups() if g is not None))
    return next((value for name, value in attrs if name == "href"), None)


#: the first ``href`` attribute of a start tag as written: double-, single- or unquoted
_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+))""", re.I)
#: a character reference with its ";"
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_complete(text: str) -> str:
    """Character references with their ``;`` decoded (numeric, or a name HTML defines); a
    link's ``?a=1&not=2`` or a bare ``&copy`` stays as written, which ``html.unescape`` would
    not leave (as CommonMark reads Markdown, and browsers read a query string in an attribute)."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group()) if m.group()[1] == "#" or m.group()[1:] in html5
                       else m.group(), text)


def put_links(meta: dict, links: list[str]) -> str | None:
    """``links`` into a comment's ``meta`` as ``links`` (``text_links``, then ``text_links~2``…
    when the source has a field of that name already: :func:`meta_key`); the key used, None
    when there are none."""
    if not links:
        return None
    key = meta_key(meta, "links", "text_links")
    meta[key] = links
    return key


class _TextCollector(HTMLParser):
    def __init__(self, base: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.links = Links(base)
        self.parts: list[str] = []
        self.skip = 0
        self.pre = 0
        self.layout = Layout()
        self.lines: list[str] = []  # open inline elements: whether each is laid out as a line
        self.open: dict[str, int] = {}  # open elements per name (to find the end of a quote box or header)
        self.quotes: list[tuple[str, int, str, int, int]] = []  # open quote boxes and headers: (name, its number
        # open, role, where its text starts, words before it)
        self.words = 0  # text nodes with words so far inside quotes
        self.heads = 0  # quote headers open: their links are none of the text's
        self.keys: set[tuple[str, int]] = set()  # the (name, number open) of the open quote boxes and headers

    def _quote_start(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """A quote box or a quote's header (see :func:`quote_box`) starts: whether its start is handled.
        Elements are counted while a quote is open (to find the end of a box or header)."""
        if tag in _VOID or not self.quotes and tag not in _QUOTE_TAGS:
            return False
        classes = (next((value for name, value in attrs if name == "class"), None) or "").split()
        if self.quotes and not self.heads and is_attribution(tag, classes, self.words == self.quotes[-1][4]):  # "X hat geschrieben:": no quoted words
            self.open[tag] = self.open.get(tag, 0) + 1
            self.quotes.append((tag, self.open[tag], "header", len(self.parts), self.words))
            self.keys.add((tag, self.open[tag]))
            self.heads += 1
            return True
        box = quote_box(tag, classes)
        if box is None and not self.quotes:
            return False
        self.open[tag] = self.open.get(tag, 0) + 1
        if box is not None:
            self.quotes.append((tag, self.open[tag], box, len(self.parts), self.words))
            self.keys.add((tag, self.open[tag]))
            if tag != box:  # vBulletin's div.bbcode_quote: laid out as a blockquote
                self.parts.append(self.layout.open(box, attrs))
                return True
        return False

    def _quote_end(self, tag: str) -> bool:
        """An element ends: whether it was a quote box or header and its end is handled."""
        count = self.open.get(tag, 0)
        if not count:
            return False
        self.open[tag] = count - 1
        if (tag, count) not in self.keys:
            return False
        while True:  # a header or box left open inside this one ends with it
            name, number, role, start, _ = self.quotes.pop()
            self.keys.discard((name, number))
            if role == "header":
                self.heads -= 1
                words = "".join(self.parts[start:])
                if header_like(words) if name == "cite" else len(words.strip()) <= _MAX_HEADER:
                    del self.parts[start:]  # else no header (quoted words in a cite, a header left open): text
            elif name != role:
                self.parts.append(self.layout.close(role))
            if (name, number) == (tag, count):
                if not self.quotes:
                    self.open.clear()  # no quote open: nothing counted
                    self.keys.clear()
                return role == "header" or name != role

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (self.quotes or tag in _QUOTE_TAGS) and self._quote_start(tag, attrs):
            return
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK:
            self.parts.append(self.layout.open(tag, attrs))
            if tag == "pre":
                self.pre += 1
        elif tag in CELLS:
            self.parts.append(" ")
        elif tag == "img":
            self._emoji(attrs)
        elif tag not in _VOID:
            if tag == "a" and not self.skip and not self.heads:
                self.links.add(href(attrs, self.get_starttag_text()))
            elif tag == "q" and not self.skip:  # a browser shows an inline quotation in quotation marks
                self.parts.append("\u201c")
            line = bool(_LINE_CLASSES.intersection(_CLASS_WORDS.split((dict(attrs).get("class") or "").lower())))
            self.lines.append(tag if line else "")
            if line:
                self._line_break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and not self.skip:
            self.links.add(href(attrs, self.get_starttag_text()))
        elif tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK:
            self.parts.append("\n\n")
        elif tag == "img":
            self._emoji(attrs)

    def _emoji(self, attrs: list[tuple[str, str | None]]) -> None:
        """An emoji/smiley image's alt text (:func:`emoji_alt`) as text."""
        if not self.skip and (alt := emoji_alt(*(dict(attrs).get(k) for k in ("class", "alt")))):
            self.parts.append(alt)

    def handle_endtag(self, tag: str) -> None:
        if self.quotes and self._quote_end(tag):
            return
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK:
            self.parts.append(self.layout.close(tag))
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
        elif tag in CELLS:
            self.parts.append(" ")
        elif self.lines and tag not in _VOID:
            if tag == "q" and not self.skip:
                self.parts.append("\u201d")
            if self.lines.pop() == tag:
                self._line_break()

    def _line_break(self) -> None:
        if not (self.parts and self.parts[-1].endswith("\n")):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.quotes:  # (words count only inside a quote: whether a cite comes before them)
            self.words += bool(data) and not data.isspace()
        self.parts.append(protect_pre(data) if self.pre else collapse(data))


def normalize_paragraphs(text: str) -> str:
    """Trim lines, collapse runs of blank lines to one paragraph break."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out = "\n".join(lines)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()


#: Leading white space Markdown ignores on a text's first line (1-3 columns before anything but a list item)
_MD_FIRST_INDENT = re.compile(r"\A(?:[ \t]*\n)*([ ]{1,3})(?![-*+][ \t]|\d{1,9}[.)][ \t]|[ \t])")


def markdown_paragraphs(text: str) -> str:
    """As :func:`normalize_paragraphs`, but each line keeps its leading white space: in
    Markdown (Reddit's, ConvoKit's Reddit texts) an indented line is a code block or a list's
    continuation, so the text is kept as written; only trailing white space, runs of blank
    lines, blank lines at either end and the 1-3 spaces Markdown ignores before the first line
    (" I don't like…" is "I don't like…": it continues nothing) go."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return out[m.end(1):] if (m := _MD_FIRST_INDENT.match(out)) else out


def reddit_markdown(body: str) -> str:
    """A Reddit body or self text (Reddit's API, Pushshift and Arctic Shift dumps, ConvoKit's
    Reddit corpora) as Reddit shows it: the API's escaping of ``&``, ``<`` and ``>`` undone,
    then the entity references the Markdown itself holds (``&#x200B;``, ``&nbsp;``, a typed
    ``&amp;``) decoded once outside code (:func:`markdown_entities`), paragraphs as
    :func:`markdown_paragraphs` keeps them. Why: ``&#x200B;`` stood in the text, and its
    ``x200b`` reached the topic and tone words."""
    return markdown_paragraphs(markdown_entities(unescape(body)))


@lru_cache(maxsize=1)
def _commonmark():
    """One CommonMark parser (markdown-it), made on first use."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def markdown_entities(text: str) -> str:
    """Entities in Markdown text decoded once, as a Markdown renderer shows them
    (``Settings &gt; Control Center`` → ``Settings > Control Center``: a comment imported
    from Disqus, which escaped ``>``); only references with their ``;``, as CommonMark reads
    them (:func:`~comments.text.html_text.unescape_complete`), and not inside code (a fenced
    or indented block, a `` `span` ``), where Markdown shows ``&lt;`` as written. Why:
    Staticman texts were kept raw, so the one escaped comment kept ``&gt;``; Reddit's
    ``&#x200B;`` and ``&nbsp;`` stayed literal (:func:`reddit_markdown`)."""
    if "&" not in text or not _ENTITY.search(text):
        return text
    code = {line for token in _commonmark().parse(text) if token.type in ("fence", "code_block")
            and token.map for line in range(*token.map)}
    out: list[str] = []
    prose: list[str] = []
    for number, line in enumerate(_LINE.findall(text)):
        if number in code:
            out.append(_outside_code_spans("".join(prose)))
            out.append(line)
            prose = []
        else:
            prose.append(line)
    out.append(_outside_code_spans("".join(prose)))
    return "".join(out)


#: A line with its line break (CR LF, CR or LF, as CommonMark counts lines); the last may have none.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
#: A run of backticks, and whether a backslash escapes its first one (an odd number before it).
_TICKS = re.compile(r"(?<!\\)((?:\\\\)*)(\\?)(`+)")


def _outside_code_spans(prose: str) -> str:
    """``prose`` (Markdown outside code blocks) with entities decoded except inside code
    spans: a run of N backticks opens one that the next run of exactly N backticks closes
    (CommonMark); an escaped backtick opens none. Linear in the runs (each length's runs
    are visited in order once)."""
    if "&" not in prose:
        return prose
    runs = [(m.start(3), m.end(3), bool(m.group(2))) for m in _TICKS.finditer(prose)]
    by_length: dict[int, list[int]] = {}
    for k, (start, end, _) in enumerate(runs):
        by_length.setdefault(end - start, []).append(k)
    seen = {n: 0 for n in by_length}  # how far each length's list has been passed
    out, done, k = [], 0, 0
    while k < len(runs):
        start, end, escaped = runs[k]
        if escaped:
            start += 1  # the escaped backtick is text; the rest of the run may open a span
        n = end - start
        closer = None
        if n:
            same = by_length.get(n, [])
            at = seen.get(n, 0)
            while at < len(same) and same[at] <= k:
                at += 1
            seen[n] = at
            closer = same[at] if at < len(same) else None
        if closer is None:
            k += 1
            continue
        out.append(unescape_complete(prose[done:start]))
        done = runs[closer][1]
        out.append(prose[start:done])
        k = closer + 1
    out.append(unescape_complete(prose[done:]))
    return "".join(out)


def html_to_text(markup: str, raw_newlines: bool = False) -> str:
    """Plain text of an HTML fragment (also fine for text that has no markup).

    ``raw_newlines``: the fragment is stored the WordPress way, paragraphs as blank
    lines and line breaks as newlines (markup added only when rendered).
    """
    return html_to_text_and_links(markup, raw_newlines)[0]


#: a tag (its attributes may hold line breaks: "<" then a letter, "/", "!" or "?", as the HTML
#: parser reads one) or a run of text between tags ("I <3 it", "a < b" are text)
_TAG_OR_TEXT = re.compile(r"<[A-Za-z/!?][^<>]*>|[^<]+|<")


def _typed_breaks(m: re.Match) -> str:
    """Text between tags stored the WordPress way: a blank line a paragraph, a newline a line break."""
    part = m.group()
    if part.startswith("<"):
        return part
    return re.sub(r"\n\s*\n", "<p>", part).replace("\n", "<br>")


def html_to_text_and_links(markup: str, raw_newlines: bool = False, base: str | None = None) -> tuple[str, list[str]]:
    """:func:`html_to_text`'s text and the targets of the fragment's links (:class:`Links`,
    resolved against ``base``): the text shows a link's words only, and the address is what a
    moderator checks and a researcher counts."""
    if raw_newlines:  # typed line breaks between tags, not inside one (an attribute's value)
        markup = _TAG_OR_TEXT.sub(_typed_breaks, markup.replace("\r\n", "\n").strip())
    if "<" not in markup and "&" not in markup:
        return normalize_paragraphs(markup), []
    collector = _TextCollector(base)
    # NUL in markup is U+FFFD, as in browsers (HTML parsing spec); NUL escapes <pre> white space below
    collector.feed(markup.replace("\x00", "\ufffd"))
    collector.close()
    return finish("".join(collector.parts)), collector.links.targets()


#: Elements whose closing tag marks a text as HTML (``</s>`` is left out: it is also
#: the end-of-sentence token of NLP texts; ``<int>``, ``<T>`` never close).
_CLOSED = frozenset(
    "a abbr address article aside b big blockquote body caption center cite code dd del details dfn div dl dt em "
    "figcaption figure font footer h1 h2 h3 h4 h5 h6 head header html i iframe ins kbd label li main mark nav "
    "noscript ol p pre q samp script section small span strike strong style sub summary sup table tbody td "
    "template tfoot th thead title tr tt u ul var".split()
)
#: What only markup holds: a closing tag (of an element in ``_CLOSED``), ``<br>``/``<p>``/``<hr>``
#: (with or without attributes or ``/``), a numeric character reference, or a name that may be an entity.
_MARKUP = re.compile(
    r"</([A-Za-z][A-Za-z0-9]{0,11})\s*>|<(?:br|hr|p)(?:\s[^<>]{0,2000})?/?>|&#(?:\d{1,7}|[xX][0-9a-fA-F]{1,6});"
    r"|&([A-Za-z][A-Za-z0-9]{1,31});", re.I)


def is_markup(text: str) -> bool:
    """True when ``text`` is HTML by what only markup holds (see ``_MARKUP``; a named entity
    counts only when HTML defines it). Why: tables and JSON carry plain text or HTML (CMS
    exports), and plain text read as HTML loses whatever looks like a tag ("a<b und b>c",
    "std::vector<int>")."""
    if "<" not in text and "&" not in text:
        return False
    for m in _MARKUP.finditer(text):
        closing, entity = m.groups()
        if (closing is None or closing.lower() in _CLOSED) and (entity is None or entity + ";" in html5):
            return True
    return False


#: A tag that lays out lines and paragraphs: text holding one is laid out by its markup alone.
_BLOCK_TAG = re.compile(r"<(?:br|p|div|li|ul|ol|blockquote|pre|table|tr|h[1-6])\b", re.I)


def cell_text(value: str) -> str:
    """Plain text of a table cell or JSON value that holds plain text or HTML: HTML
    (:func:`is_markup`) as :func:`html_to_text` reads it, anything else kept as given
    (lines trimmed, blank lines as paragraph breaks). HTML without a block tag (only
    entities or inline tags, as CMS exports store a typed comment) keeps its line
    breaks the WordPress way: a typed newline is a line break, not layout white space."""
    return cell_text_and_links(value)[0]


def cell_text_and_links(value: str, base: str | None = None) -> tuple[str, list[str]]:
    """:func:`cell_text`'s text and, when the value is HTML, its link targets (:class:`Links`)."""
    if not is_markup(value):
        return normalize_paragraphs(value), []
    return html_to_text_and_links(value, raw_newlines=_BLOCK_TAG.search(value) is None, base=base)


def collapse(data: str) -> str:
    """A text node as a browser lays it out outside ``<pre>``: runs of white space → one space."""
    return _SPACES.sub(" ", data.replace("\n", " "))


#: White space inside ``<pre>`` is laid out as written (code indentation, aligned columns):
#: it is escaped with NUL (which markup never holds: it is U+FFFD there) until ``finish``.
_PRE_ESCAPES = {"\n": "\x00n", "\r\n": "\x00n", "\r": "\x00n", " ": "\x00s", "\t": "\x00t"}
_PRE_ESCAPE = re.compile("\r\n?|[\n \t]")  # a line break is CR LF, CR or LF, as browsers read it
_PRE_UNESCAPE = re.compile("\x00([nst])")
#: blank lines opening a ``<pre>`` and white space closing one are not shown by browsers
_PRE_EDGES = re.compile("^(?:\x00n)+|(?:\x00[nst])+$", re.M)
_PRE_CHARS = {"n": "\n", "s": " ", "t": "\t"}


def protect_pre(data: str) -> str:
    """A text node inside ``<pre>``, its white space kept through ``finish``."""
    return _PRE_ESCAPE.sub(lambda m: _PRE_ESCAPES[m.group()], data)


def finish(raw: str) -> str:
    """Text gathered from markup (blocks as ``\n\n``, ``<br>`` as ``\n``, ``<pre>``
    text through ``protect_pre``) → trimmed lines, one blank line between paragraphs."""
    lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if "\x00" not in text:
        return text
    text = re.sub(r"\n{3,}", "\n\n", _PRE_EDGES.sub("", text)).strip()
    text = _PRE_UNESCAPE.sub(lambda m: _PRE_CHARS[m.group(1)], text)
    if "\x00" not in text:
        return text
    return re.sub(r"\n{3,}", "\n\n", _prefix_lines(text)).strip("\n").rstrip()


def _prefix_lines(text: str) -> str:
    """Quote and list-item marks (see :class:`Layout`) as line prefixes: each line of a
    quote starts with "> " (">> " in a quote's quote), an item's first line with "- " or
    "N. " (indented two spaces per list level; an item without text gets none), so a quoted
    passage does not read as the commenter's own words. A quote inside a list item is
    nested as Markdown nests it: "- > q" on the item's first line, its other lines under
    the item's text ("  > q"); a list inside a quote is "> - q"."""
    depth = 0
    pending = False  # an item's mark waits for its text (``<li><p>…``); an item without text gets none
    items: list[tuple[int, str, int]] = []  # open list items: (nesting level, mark with its indent, quotes around it)
    out: list[str] = []
    for line in text.split("\n"):
        if line in (_QUOTE_OPEN, _QUOTE_CLOSE):
            depth = depth + 1 if line == _QUOTE_OPEN else max(0, depth - 1)
            while items and items[-1][2] > depth:  # a quote around the list closed (markup left it open)
                items.pop()
                pending = False  # (an item without text gets no mark)
            continue
        end = _LIST_END.fullmatch(line)
        if end:
            while items and items[-1][0] >= int(end.group(1)):
                items.pop()
                pending = False
            continue
        m = _ITEM.match(line)
        if m:
            level = int(m.group(1))
            while items and items[-1][0] >= level:
                items.pop()
            items.append((level, "  " * (level - 1) + m.group(2) + " ", depth))
            pending, line = True, line[m.end():]
            if not line.strip():
                continue
        if pending and not line.strip():
            continue
        if not line.strip():
            out.append(line)
        elif items and depth > items[-1][2]:  # a quote inside the item: the item holds the quote
            _, mark, around = items[-1]
            lead = mark if pending else " " * len(mark)
            out.append(_quoted(lead + _quoted(line, depth - around), around))
        else:
            out.append(_quoted(items[-1][1] + line if pending else line, depth))
        pending = False
    return "\n".join(out)


def _quoted(line: str, depth: int) -> str:
    return f"{'>' * min(depth, _MAX_NESTING)} {line}" if depth else line


def unescape(text: str) -> str:
    """Decode HTML entities in text that is otherwise plain."""
    return html.unescape(text)


#: The deepest element nesting an HTML page may have to be parsed into a tree: lexbor's time per
#: element grows with the depth of the open elements (quadratic in all: 20,000 nested blocks took
#: 2.7 s, 50,000 nested <div> 14 s, 200,000 221 s); browsers cap the tree depth too (Chrome at 512).
#: 4,096 keeps a 1,500-level comment thread (li, ol per level) readable.
MAX_NESTING = 4096
#: A start tag, an end tag or a comment's start; attributes end at the next "<" or ">" (linear:
#: a tag never closed is scanned once, not to the end of the page from every "<").
_SCAN_TAG = re.compile(r"<(?:(!--)|(/?)([A-Za-z][^\s/<>]*)([^<>]*)>)")
#: Elements whose content is text, not markup (their end tag is searched for at once).
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"})
#: Elements a repeated start tag closes (an unclosed <p>, <li>, <td> …), and the page's frame.
_SIBLINGS = frozenset({"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rt", "rp", "rb",
                       "thead", "tbody", "tfoot", "colgroup", "caption"})
_FRAME = frozenset({"html", "head", "body"})
#: Inline elements a new ``<p>``/``<li>``/… start tag looks past for the one it closes.
_PHRASING = frozenset({"a", "b", "i", "em", "strong", "span", "font", "small", "u", "s", "code", "cite", "abbr", "sub",
                       "sup", "mark", "q", "label", "time"})
_VOID_ALL = _VOID | {"br", "hr", "frame", "keygen", "basefont", "bgsound"}


#: Formatting elements: the tree builder keeps them on its list of active formatting elements and
#: reopens ("reconstructs") the ones a misnested end tag closed before the next text (HTML5 §13.2.4.3).
_FORMATTING = frozenset({"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"})
#: Elements whose start tag does not reconstruct the formatting elements (blocks, lists, tables, head content).
_NO_REOPEN = frozenset({"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
                        "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol",
                        "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing",
                        "form", "li", "dd", "dt", "plaintext", "table", "hr", "caption", "colgroup", "col", "tbody",
                        "thead", "tfoot", "tr", "td", "th", "base", "basefont", "bgsound", "link", "meta", "noframes",
                        "script", "style", "template", "title", "textarea", "frame", "frameset"})
#: The "special" elements: an end tag of another element stops at them and is ignored (HTML5 "any other end tag").
_SPECIAL = _NO_REOPEN | frozenset({"applet", "area", "br", "button", "embed", "iframe", "img", "input", "keygen",
                                   "marquee", "noembed", "noscript", "object", "param", "select", "source", "track",
                                   "wbr", "xmp"})
#: Elements a block's end tag looks for its element no further than ("has an element in scope").
_SCOPE = frozenset({"applet", "caption", "table", "td", "th", "marquee", "object", "template"})
#: Elements that put a marker on the list of active formatting elements (their end clears it to the marker).
_MARKER = frozenset({"applet", "object", "marquee", "template", "td", "th", "caption"})
#: Steps the scan may spend per tag (plus a fixed allowance) on reopened formatting elements and end-tag
#: searches: more means the tree builder would rebuild elements over and over (work quadratic in the page).
WORK_PER_TAG, WORK_ALLOWANCE = 16, 65_536


def nesting_depth(markup: str) -> tuple[int, bool]:
    """The deepest element nesting of an HTML page, and whether its misnesting is over the work
    budget: one scan of its tags following the HTML5 tree builder's rules that make a tree deep
    (void and self-closed elements, raw text, comments, an end tag closing what is open inside its
    element or ignored when a block lies inside it, a new ``<p>``/``<li>``/… closing the last one,
    formatting elements reopened before text and kept open by the adoption agency): for
    :data:`MAX_NESTING` before a page is parsed into a tree. The scan stops once it has spent
    :data:`WORK_PER_TAG` steps per tag, so its time and lexbor's stay linear in the page."""
    stack: list = []  # open elements: a name, or [name, open, attributes] for a formatting element
    formatting: list = []  # the list of active formatting elements (None: a marker)
    open_names: dict[str, int] = {}
    deepest, pos, size, tags, work = 0, 0, len(markup), 0, 0

    def pop_to(index: int) -> None:
        while len(stack) > index:
            top = stack.pop()
            if type(top) is str:
                open_names[top] -= 1
                if top in _MARKER:
                    while formatting and formatting.pop() is not None:
                        pass
            else:
                open_names[top[0]] -= 1
                top[1] = False

    while pos < size:
        m = _SCAN_TAG.search(markup, pos)
        if m is None:
            break
        text_before, pos = m.start() > pos, m.end()
        if m.group(1):  # a comment: skipped to its end
            end = markup.find("-->", pos)
            pos = size if end < 0 else end + 3
            continue
        tags += 1
        if work > WORK_PER_TAG * tags + WORK_ALLOWANCE:
            return deepest, True
        name = m.group(3).lower()
        if text_before and formatting and formatting[-1] is not None and not formatting[-1][1]:
            work += _reopen(stack, formatting, open_names)
            deepest = max(deepest, len(stack))
        if name in _FRAME or (m.group(2) and name in _VOID_ALL):
            continue
        if m.group(2):  # an end tag
            work += _end_tag(stack, formatting, open_names, name, pop_to)
            continue
        if name in _CLOSES_ITS_OWN:  # (before reopening: HTML5 runs the adoption agency first)
            work += _close_open_one(stack, formatting, open_names, name, pop_to)
        if name not in _NO_REOPEN and formatting and formatting[-1] is not None and not formatting[-1][1]:
            work += _reopen(stack, formatting, open_names)
        if name in _VOID_ALL or m.group(4).rstrip().endswith("/"):
            deepest = max(deepest, len(stack))
            continue
        if name in _RAW_TEXT:
            end = re.compile(rf"</{name}[\s/>]", re.I).search(markup, pos)
            pos = size if end is None else end.end()
            continue
        if name in _SIBLINGS and open_names.get(name):
            for at in range(len(stack) - 1, max(len(stack) - 4, -1), -1):  # the last one, unless a list, table or block holds this one
                top = stack[at] if type(stack[at]) is str else stack[at][0]
                if top == name:
                    pop_to(at)
                    break
                if top not in _PHRASING:
                    break
        if name in _FORMATTING:
            entry = [name, True, m.group(4).strip()]
            work += _noahs_ark(formatting, entry)
            stack.append(entry)
            formatting.append(entry)
        else:
            stack.append(name)
            if name in _MARKER:
                formatting.append(None)
        open_names[name] = open_names.get(name, 0) + 1
        deepest = max(deepest, len(stack))
    return deepest, False


#: Formatting elements whose start tag first ends the one still active (HTML5 "in body", an ``a`` or ``nobr``
#: start tag): an ``<a>`` left unclosed in every comment (``<a name="c1">``, ``see <a href=…>link</p>``) nests nothing.
_CLOSES_ITS_OWN = frozenset({"a", "nobr"})


def _close_open_one(stack: list, formatting: list, open_names: dict[str, int], name: str, pop_to) -> int:
    """An ``a``/``nobr`` start tag while one is active (after the last marker): the adoption agency as for its
    end tag, then that element taken off the list and the open elements if it is still there; returns the steps."""
    at = len(formatting) - 1
    while at >= 0 and formatting[at] is not None and formatting[at][0] != name:
        at -= 1
    steps = len(formatting) - at
    if at < 0 or formatting[at] is None:
        return steps
    entry = formatting[at]
    steps += _end_tag(stack, formatting, open_names, name, pop_to)
    if any(e is entry for e in formatting):  # (by identity: an equal entry may be another element)
        formatting[:] = [e for e in formatting if e is not entry]
        steps += len(formatting)
    for index in range(len(stack) - 1, -1, -1) if entry[1] else ():  # (closed by the adoption agency: not open)
        steps += 1
        if stack[index] is entry:
            del stack[index]
            open_names[name] -= 1
            entry[1] = False
            break
    return steps


def _reopen(stack: list, formatting: list, open_names: dict[str, int]) -> int:
    """Reconstruct the active formatting elements (reopen the closed ones after the last open one
    or marker); returns the steps spent."""
    first = len(formatting)
    while first and formatting[first - 1] is not None and not formatting[first - 1][1]:
        first -= 1
    for entry in formatting[first:]:
        entry[1] = True
        stack.append(entry)
        open_names[entry[0]] = open_names.get(entry[0], 0) + 1
    return 2 * (len(formatting) - first)


def _noahs_ark(formatting: list, entry: list) -> int:
    """Keep at most three equal formatting elements after the last marker (HTML5's Noah's Ark
    clause: the fourth equal one drops the earliest); returns the steps spent."""
    same, at = [], len(formatting) - 1
    while at >= 0 and formatting[at] is not None:
        if formatting[at][0] == entry[0] and formatting[at][2] == entry[2]:
            same.append(at)
        at -= 1
    if len(same) >= 3:
        del formatting[same[-1]]
    return len(formatting) - at


def _end_tag(stack: list, formatting: list, open_names: dict[str, int], name: str, pop_to) -> int:
    """Apply an end tag to the open elements (its element and what is open inside it closed, or
    the tag ignored); returns the steps spent."""
    steps = 0
    if name in _FORMATTING:
        at = len(formatting) - 1
        while at >= 0 and formatting[at] is not None and formatting[at][0] != name:
            at -= 1
        steps += len(formatting) - at
        if at >= 0 and formatting[at] is not None:
            entry = formatting[at]
            if not entry[1]:  # closed already by a misnested end tag: only taken off the list
                del formatting[at]
                return steps
            index = len(stack) - 1
            while stack[index] is not entry:
                index -= 1
            steps += len(stack) - index
            block = next((k for k in range(index + 1, len(stack))
                          if (stack[k] if type(stack[k]) is str else stack[k][0]) in _SPECIAL), None)
            if block is not None:  # the adoption agency: a copy goes inside the block (the furthest block) …
                between = stack[index + 1:block]
                for top in between:  # … out of the other elements between them: closed
                    if type(top) is str:
                        open_names[top] -= 1
                kept = [top for top in between if type(top) is not str]
                stack[index + 1:block] = kept
                block = index + 1 + len(kept)
                steps += len(stack) - index
                if any((top if type(top) is str else top[0]) in _SPECIAL for top in stack[block + 1:]):
                    return steps  # a block under the copy too: the copy stays open, the depth stays
                pop_to(block + 1)  # the next round closes the copy, with what is open inside it
                del stack[index], formatting[at]
                open_names[name] -= 1
                entry[1] = False
                return steps
            del formatting[at]
            pop_to(index)
            return steps
    if not open_names.get(name):
        return steps
    block = name in _SPECIAL
    for index in range(len(stack) - 1, -1, -1):
        steps += 1
        top = stack[index] if type(stack[index]) is str else stack[index][0]
        if top == name:
            pop_to(index)
            break
        if (top in _SCOPE) if block else (top in _SPECIAL):
            break  # out of scope, or a block inside its element: the end tag is ignored
    return steps
