"""Comment sections copied from a browser as plain text.

Four layouts, tried in this order:

* **outline** — numbered top-level comments and ``•`` replies nested by indentation
  (the seed page), or text-browser renderings of threaded lists (lynx/w3m: numbered
  nested lists whose items open with "Name says:" and a date line);
* **quoted** — e-mail style: each comment a ``>``-quoted block after a
  "Name schrieb/wrote …:" line, the page author's own words in between;
* **flat** — "Name says:"/"Name schreibt:" (or a name line over a date line) headers
  in one column; a reply that opens with ``@name`` is attached to that author's latest
  earlier comment (flag ``inferred_parent``);
* otherwise the text is an article without comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from comments.model import dates
from comments.model.records import Comment, ParsedThread, Thread
from comments.io.readers.base import Context, Reader
from comments.io.readers import textbrowser
from comments.io.readers.declared import declared_count
from comments.io.readers.wp_html import front_matter

NAME = "plaintext"

_NUMBERED = re.compile(r"^(\s*)(\d{1,4})\.(?:\s+(.*\S))?\s*$")
_BULLET = re.compile(r"^(\s*)([•◦▪‣])\s+(.*\S)\s*$")
_SAYS = re.compile(
    r"^(?P<name>\S.{0,80}?)\s+(?:says|said|writes|wrote|sagt|schreibt|schrieb|meint|kommentierte)\s*:\s*$", re.I
)
_AVATAR = re.compile(r"^\[[0-9a-f]{4,8}\]\s+")
_SECTION_END = re.compile(
    r"^(Es werden alle Kommentare moderiert|Kommentarregeln|Schreibe einen Kommentar|Kommentar schreiben|"
    r"Kommentar verfassen|Hinterlasse einen Kommentar|Antwort hinterlassen|Leave a Reply|Leave a Comment|"
    r"Post a Comment|Add a comment|Comments are closed|Kommentare sind geschlossen|Du willst nichts verpassen|"
    r"Related posts|Ähnliche Beiträge)",
    re.I,
)
_CHROME_START = re.compile(
    r"^(Gefällt dir der Artikel|Avatar-Foto|Teile diesen Artikel|Share this|Neueste Beiträge|Mit dem Absenden eines "
    r"Kommentars|Like this:|Gefällt mir:)",
    re.I,
)
_INTRO = re.compile(
    r"\b(schrieb|schreibt|wrote|writes|meldete sich|meldet sich|kommentierte|commented|antwortete|replied|"
    r"answered|meinte)\b",
    re.I,
)


def sniff(head: str) -> bool:
    """Any text that is not structured data (the registry tries this reader last)."""
    stripped = head.lstrip()
    return not (json_like(stripped) or stripped.startswith(("<?xml", "<rss", "<disqus")))


def json_like(stripped: str) -> bool:
    """Does text open like JSON? A text browser's dump may open with "[logo]" or "[   ]"."""
    m = re.match(r"[\[{]\s*(\S)", stripped)
    if not m:
        return stripped[:1] in ("[", "{")
    first = m.group(1)
    if stripped[0] == "{":
        return first in "\"}"
    if first == "]":
        return not stripped[m.end():].strip()
    return first in "[{\"-0123456789" or stripped[m.start(1):].startswith(("true", "false", "null"))


@dataclass
class _Item:
    line: int
    start: int  # column of the marker
    end: int  # column after the marker ("1." → 2 columns)
    number: int | None
    parent: _Item | None
    lines: list[tuple[int, str]] = field(default_factory=list)  # (indent, text); "" = blank
    children: int = 0
    comment: Comment = field(default_factory=Comment)


def read(text: str, ctx: Context) -> list[ParsedThread]:
    meta, body = front_matter(text)
    lines = [line.expandtabs(8).rstrip() for line in body.split("\n")]
    thread = Thread(
        thread_id=meta.get("slug") or ctx.stem,
        title=meta.get("title") or _title(lines),
        published_at=dates.normalize(meta.get("date")),
        format=NAME,
    )
    for layout in (_outline, _quoted, _flat):
        found = layout(lines, thread)
        if found is not None:
            comments, article_lines, section_start = found
            thread.article_text = _article(article_lines) or None
            thread.declared_count = declared_count("\n".join(lines[:section_start]))
            return [ParsedThread(thread, comments)]
    thread.article_text = _article(lines) or None
    thread.declared_count = declared_count(body)
    ctx.note("no comment section recognised: read as an article without comments")
    return [ParsedThread(thread, [])]


def _title(lines: list[str]) -> str | None:
    for line in lines:
        if line.strip():
            stripped = line.strip()
            return stripped if len(stripped) <= 200 else None
    return None


def _article(lines: list[str]) -> str:
    """Article text: lines up to the first share box/author box, count lines removed."""
    kept: list[str] = []
    for line in lines:
        if _CHROME_START.match(line.strip()):
            break
        if declared_count(line) is not None and len(line.strip()) < 120 and re.match(r"^\W*\d", line.strip()):
            continue
        kept.append(line.strip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


# --- outline layout --------------------------------------------------------------

def _marker(line: str, browser: bool = False) -> tuple[int, int, int | None, str] | None:
    """(column, column after the marker, number or None for a bullet, rest of the line);
    ``browser``: text-browser bullets of every list level count too."""
    m = _NUMBERED.match(line)
    if m and m.group(3) and not (m.group(3)[:1].isalpha() and dates.looks_like_date_line(line)):  # "1. März 2015"
        return len(m.group(1)), len(m.group(1)) + len(m.group(2)) + 1, int(m.group(2)), m.group(3)
    m = (textbrowser.BULLET if browser else _BULLET).match(line)
    if m:
        return len(m.group(1)), len(m.group(1)) + 1, None, m.group(3)
    return None


def _outline(lines: list[str], thread: Thread):
    headers, strict = textbrowser.header_lines(lines, _marker, _SAYS)
    browser = len(headers) >= 2  # a text browser's list of comment items
    start = headers[0] if browser else _outline_start(lines)
    if start is None:
        return None
    items: list[_Item] = []
    stack: list[_Item] = []
    top_count = 0
    base: int | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped and _SECTION_END.match(stripped):
            break  # the comment section ends here; what follows is page chrome
        mk = _marker(line, browser)
        if mk and browser and not textbrowser.is_header(mk[3], _SAYS, None if strict else lines, i):
            mk = None  # a list inside a comment's text
        accepted = False
        if mk:
            col, after, number, rest = mk
            parents = list(stack)
            sibling = textbrowser.capped_sibling(stack, col, number, top_count) if number and number > 1 else None
            if sibling is not None:
                parents = stack[:stack.index(sibling)]
            while sibling is None and parents and (col <= parents[-1].start or after <= parents[-1].end):
                parents.pop()
            parent = parents[-1] if parents else None
            siblings = parent.children if parent else top_count
            if number is None:
                accepted = parent is not None or (abs(col - base) <= 1 if base is not None else browser)
            else:
                accepted = number == siblings + 1
            if accepted and parent is None and base is not None and col > base + 3 and number is not None:
                accepted = False  # an indented "1." inside a comment, not a new thread
            if not accepted and number == 1 and stack and stack[-1].children == 0 and col >= stack[-1].start:
                # Text browsers stop indenting at some depth: a "1." in the column of the
                # open comment starts that comment's reply list.
                parents, parent, accepted = list(stack), stack[-1], True
            if accepted:
                item = _Item(i, col, after, number, parent)
                item.lines.append((after + 1, rest))
                if parent:
                    parent.children += 1
                else:
                    top_count += 1
                    base = col if base is None else base
                stack = parents + [item]
                items.append(item)
        if not accepted:
            if not stack:
                i += 1
                continue
            indent = len(line) - len(line.lstrip())
            if stripped and indent < (base or 0) and not _continues(lines, i, base or 0, top_count):
                break
            target = stack[-1]
            target.lines.append((indent, stripped))
        i += 1
    if not items or (len(items) < 2 and declared_count("\n".join(lines[:start])) is None):
        return None
    width = _wrap_width([ind + len(s) for it in items for ind, s in it.lines if s])
    comments = []
    for item in items:
        c = item.comment
        body = item.lines
        head = body[0][1] if body else ""
        says = _SAYS.match(head)
        if textbrowser.PING.match(head):
            c.kind = "pingback"
        elif says or browser:
            c.author = textbrowser.clean_author(_AVATAR.sub("", says.group("name") if says else head)) or None
            body = body[1:]
            nxt = next((k for k, (_, s) in enumerate(body) if s), None)
            when = textbrowser.date_line(body[nxt][1]) if nxt is not None else None
            if when is not None:
                c.created_at = when
                byline = None if says else textbrowser.byline_author(body[nxt][1])
                if byline:  # "Title" over "geschrieben von NAME am …": the title is text
                    c.author, body = byline, [(0, head)] + body[nxt + 1:]
                else:
                    body = body[nxt + 1:]
            body = textbrowser.trim_buttons(body)
        c.text = _join(body, width)
        c.parent_id = None
        comments.append(c)
    for item, c in zip(items, comments):
        c.link = item  # resolved just below: ids are given by the tree module
    _link_outline(comments)
    return comments, lines[:start], start


def _link_outline(comments: list[Comment]) -> None:
    from comments.model.tree import assign_ids

    assign_ids(comments)
    for c in comments:
        item = c.link
        c.parent_id = item.parent.comment.id if item.parent is not None else None
        c.link = None


def _outline_start(lines: list[str]) -> int | None:
    """Line of the first top-level "1." (after a stated count, if the page has one).
    Without a stated count ("25 Kommentare") a numbered list is a comment section only
    if it has bulleted replies: a recipe's steps or a licence's numbered sections are
    article text, not comments."""
    count_line = None
    for i, line in enumerate(lines):
        if declared_count(line) is not None and len(line.strip()) < 160:
            count_line = i
    begin = count_line + 1 if count_line is not None else 0
    for i in range(begin, len(lines)):
        mk = _marker(lines[i])
        if mk and (mk[2] == 1 or (mk[2] is None and count_line is not None)):
            if count_line is None and not any(_BULLET.match(line) for line in lines[i:]):
                return None
            return i
    return None


def _continues(lines: list[str], i: int, base: int, top_count: int) -> bool:
    """Is an unindented line inside the last comment (code, a quote) rather than the
    end of the section? Yes if a later top-level marker continues the numbering."""
    for line in lines[i + 1:]:
        if line.strip() and _SECTION_END.match(line.strip()):
            return False
        mk = _marker(line)
        if mk and mk[2] == top_count + 1 and abs(mk[0] - base) <= 3:
            return True
    return False


def _wrap_width(lengths: list[int]) -> int | None:
    """The screen width a text browser wrapped lines at, or None for unwrapped copies."""
    if len(lengths) < 8:
        return None
    width = max(lengths)
    if width > 200:
        return None
    near = sum(1 for n in lengths if n >= width - 15)
    return width if near >= 0.2 * len(lengths) else None


def _join(body: list[tuple[int, str]], width: int | None) -> str:
    """Paragraphs (blank-line separated) joined by ``\\n\\n``; lines inside a paragraph
    by ``\\n``, or by a space where a text browser wrapped them."""
    paragraphs: list[list[tuple[int, str]]] = [[]]
    for indent, text in body:
        if not text:
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            paragraphs[-1].append((indent, text))
    out = []
    for para in paragraphs:
        if not para:
            continue
        text = para[0][1]
        for (indent, prev), (_, cur) in zip(para, para[1:]):
            wrapped = width is not None and indent + len(prev) + 1 + len(cur.split(" ", 1)[0]) > width - 4
            text += (" " if wrapped else "\n") + cur
        out.append(text)
    return "\n\n".join(out)


# --- quoted (e-mail) layout --------------------------------------------------------

_NAME_BEFORE = re.compile(
    r"^(?P<name>[A-ZÄÖÜ][\w.-]*(?:\s+[A-ZÄÖÜ][\w.-]*){0,3})\s*(?:\([^)]*\))?\s+"
    r"(?:schrieb|schreibt|wrote|writes|meinte|kommentierte|commented|antwortete|replied)\b"
)
_NAME_AFTER = re.compile(
    r"\b(?:schrieb|schreibt|meldete sich|meldet sich|antwortete|wrote|writes|replied)\s+(?:dann\s+|uns\s+|mir\s+)?"
    r"(?P<name>[A-ZÄÖÜ][\w.-]*(?:\s+[A-ZÄÖÜ][\w.-]*){0,3}(?:\s+aus\s+[A-ZÄÖÜ][\w.]*)?)"
)


def _quoted(lines: list[str], thread: Thread):
    blocks = _paragraphs(lines)
    comments: list[Comment] = []
    article: list[str] = []
    current: Comment | None = None
    section_start: int | None = None
    prev_text: tuple[int, str] | None = None
    for first, para in blocks:
        is_quote = para[0].lstrip().startswith(">")
        if not is_quote:
            article.extend(para + [""])
            prev_text = (first, " ".join(s.strip() for s in para))
            continue
        quote = "\n".join(re.sub(r"^\s*>\s?", "", s).rstrip() for s in para).strip()
        intro = prev_text[1] if prev_text else ""
        if prev_text and len(intro) < 400 and _INTRO.search(intro) and intro.rstrip().endswith((":", ".")):
            current = Comment(author=_intro_author(intro), created_at=_intro_date(intro, thread.published_at))
            if current.created_at and not dates.human(intro):
                current.flag("inferred_date")
            current.text = quote
            comments.append(current)
            if section_start is None:
                section_start = prev_text[0]
            if article and article[-2:] and intro:
                article.append("")
        elif current is not None:
            current.text += "\n\n" + quote
        else:
            article.extend(para + [""])
        prev_text = None
    if not comments:
        return None
    return comments, article, section_start or 0


def _paragraphs(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks; a quote block takes its lazy continuation lines."""
    out: list[tuple[int, list[str]]] = []
    cur: list[str] = []
    first = 0
    for i, line in enumerate(lines):
        if not line.strip():
            if cur:
                out.append((first, cur))
                cur = []
            continue
        starts_quote = line.lstrip().startswith(">")
        if cur and starts_quote != cur[0].lstrip().startswith(">") and starts_quote:
            out.append((first, cur))
            cur = []
        if not cur:
            first = i
        cur.append(line)
    if cur:
        out.append((first, cur))
    return out


def _intro_author(intro: str) -> str | None:
    for pattern in (_NAME_BEFORE, _NAME_AFTER):
        m = pattern.search(intro)
        if m:
            name = m.group("name").strip()
            if name.split()[0].lower() not in {"am", "und", "dann", "ein", "eine", "der", "die", "er", "sie"}:
                return name
    return None


def _intro_date(intro: str, published: str | None) -> str | None:
    full = dates.human(intro)
    if full:
        return full
    m = re.search(r"\b(\d{1,2})\.(\d{1,2})\.(?!\d)(?:.*?\b(\d{1,2}):(\d{2}))?", intro)
    if not m or not published:
        return None
    year = published[:4]
    out = f"{year}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    if m.group(3):
        out += f"T{int(m.group(3)):02d}:{m.group(4)}"
    return out


# --- flat layout -------------------------------------------------------------------

def _flat(lines: list[str], thread: Thread):
    closed = textbrowser.closed_by_date(lines)
    if closed:
        comments = [Comment(author=author, created_at=when, text=_join([(0, s.strip()) for s in body], None))
                    for _, author, when, body in closed]
        return comments, lines[: closed[0][0]], closed[0][0]
    headers = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        m = _SAYS.match(stripped)
        if m:
            headers.append((i, m.group("name"), 1))
        elif (
            stripped and len(stripped) <= 60 and i + 1 < len(lines) and dates.looks_like_date_line(lines[i + 1])
            and not dates.looks_like_date_line(stripped) and not stripped.endswith((".", "!", "?"))
        ):
            headers.append((i, stripped, 1))
    if len(headers) < 2:
        return None
    end = len(lines)
    for i in range(headers[-1][0], len(lines)):
        if _SECTION_END.match(lines[i].strip()):
            end = i
            break
    comments = []
    for k, (i, name, skip) in enumerate(headers):
        stop = headers[k + 1][0] if k + 1 < len(headers) else end
        body = lines[i + skip:stop]
        c = Comment(author=_AVATAR.sub("", name).strip() or None)
        nxt = next((j for j, s in enumerate(body) if s.strip()), None)
        if nxt is not None and dates.looks_like_date_line(body[nxt]):
            c.created_at = dates.human(body[nxt])
            body = body[nxt + 1:]
        c.text = _join([(0, s.strip()) for s in body], None)
        comments.append(c)
    _infer_mentions(comments)
    return comments, lines[: headers[0][0]], headers[0][0]


def _infer_mentions(comments: list[Comment]) -> None:
    """``@name`` at the start of a comment: reply to that author's latest earlier comment."""
    from comments.model.tree import assign_ids

    assign_ids(comments)
    latest: dict[str, Comment] = {}
    for c in comments:
        m = re.match(r"^@(\S.{0,60})", c.text)
        if m:
            mention = m.group(1).lower()
            names = sorted(latest, key=len, reverse=True)
            hit = next((n for n in names if mention.startswith(n) or mention.split()[0].rstrip(":,") == n), None)
            if hit:
                c.parent_id = latest[hit].id
                c.flag("inferred_parent")
        if c.author:
            latest[c.author.lower()] = c


READER = Reader(NAME, sniff, read)
