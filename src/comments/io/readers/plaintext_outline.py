"""The outline layout of plain-text comment sections: numbered top-level comments and
``•`` replies nested by indentation (the seed page), or text-browser renderings of
threaded lists (lynx/w3m: numbered nested lists whose items open with "Name says:" and
a date line). Also the header patterns and paragraph joining the other layouts share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from comments.model import dates
from comments.model.records import Comment, Thread
from comments.io.readers import textbrowser
from comments.io.readers.declared import declared_count

_NUMBERED = re.compile(r"^(\s*)(\d{1,4})\.(?:\s+(.*\S))?\s*$")
_BULLET = re.compile(r"^(\s*)([•◦▪‣])\s+(.*\S)\s*$")
SAYS = re.compile(
    r"^(?P<name>\S.{0,80}?)\s+(?:says|said|writes|wrote|sagt|schreibt|schrieb|meint|kommentierte)\s*:\s*$", re.I
)
AVATAR = re.compile(r"^\[[0-9a-f]{4,8}\]\s+")
#: The label w3m prints for an avatar without alt text ("[5381513903]", "[5e6a]") before a comment's title.
#: Why: it opened every text of a titled comment (oekonomenstimme: all 32).
_LABEL = re.compile(r"^\[[\w.-]{1,40}\]\s+(?=\S)")
SECTION_END = re.compile(
    r"^(Es werden alle Kommentare moderiert|Kommentarregeln|Schreibe einen Kommentar|Kommentar schreiben|"
    r"(?:Die )?Kommentarfunktion ist geschlossen|"
    r"Kommentar verfassen|Hinterlasse einen Kommentar|Antwort hinterlassen|Leave a Reply|Leave a Comment|"
    r"Post a Comment|Add a comment|Comments are closed|Kommentare sind geschlossen|Du willst nichts verpassen|"
    r"Related posts|Ähnliche Beiträge|Add new comment|Neuen Kommentar hinzufügen|Recent comments|Neueste Kommentare|"
    r"Letzte Kommentare|Load more comments|Show more comments|Mehr Kommentare laden|Weitere Kommentare laden|"
    r"Sie müssen sich anmelden,? um Kommentare zu schreiben|You must be logged in to post a comment|"
    r"©\s*\d{4}\s|"
    # a comment pager under the list ("← Older Comments 1 2", "Seitennummerierung" over Drupal's pager)
    r"[←«‹]\s*(?:Older|Newer|Ältere|Neuere) (?:Comments|Kommentare)\b|(?:Older|Newer|Ältere|Neuere) (?:Comments|Kommentare)\s*[→»›]|"
    r"(?:Comments? navigation|Kommentar-?navigation|Seitennummerierung|Pagination)$)",
    re.I,
)


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


def _marker(line: str, browser: bool = False) -> tuple[int, int, int | None, str] | None:
    """(column, column after the marker, number or None for a bullet, rest of the line);
    ``browser``: text-browser bullets of every list level count too."""
    m = _NUMBERED.match(line)
    if m and m.group(3) and not (m.group(3)[:1].isalpha() and dates.looks_like_date_line(line)  # "1. März 2015"
                                 and textbrowser.name_before_date(m.group(3)) is None):  # not "1. Jens 5. März 2024"
        return len(m.group(1)), len(m.group(1)) + len(m.group(2)) + 1, int(m.group(2)), m.group(3)
    m = (textbrowser.BULLET if browser else _BULLET).match(line)
    if m:
        return len(m.group(1)), len(m.group(1)) + 1, None, m.group(3)
    return None


def outline(lines: list[str], thread: Thread, unread: list[tuple[int, int]] | None = None):
    """(comments, article lines, line where the section starts), or None when the
    text has no numbered/bulleted comment outline. ``unread`` (when given) gets (line,
    headers) where a text browser's list stops being read with comment headers below:
    the caller says so (a second page pasted below the first lost them silently)."""
    _first_marker(lines)
    headers, strict = textbrowser.header_lines(lines, _marker, SAYS)
    browser = len(headers) >= 2  # a text browser's list of comment items
    start = headers[0] if browser else _outline_start(lines)
    if start is None:
        return None
    order = textbrowser.slashed_order(lines)  # how the page writes "03/05/2024", where it shows
    items: list[_Item] = []
    stack: list[_Item] = []
    top_count = 0
    base: int | None = None
    left: int | None = None  # the leftmost top-level comment's column (unmarked ones stand left of base)
    i = start
    stop = None
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped and SECTION_END.match(stripped):
            stop = i if strict else None  # below the section a sidebar's "name over date" lists are no comments
            break  # the comment section ends here; what follows is page chrome
        mk = _marker(line, browser)
        if mk and browser and not textbrowser.is_header(mk[3], SAYS, None if strict else lines, i):
            mk = None  # a list inside a comment's text
        if mk and browser and _addressing(line, stack):
            mk = None  # "@ Webbaer" opening a comment's text, not lynx's fifth-level "@" item
        if not mk and _unmarked_header(lines, i, base, None if strict else lines):
            indent = len(line) - len(line.lstrip())
            mk = (indent, indent, None, stripped)  # a top-level comment lynx printed without its marker (Astra)
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
                    left = min(col, left if left is not None else col)
                stack = parents + [item]
                items.append(item)
        if not accepted:
            if not stack:
                i += 1
                continue
            indent = len(line) - len(line.lstrip())
            if stripped and _outside(lines, i, left or 0, stack[0] if browser else None) and not _continues(lines, i, base or 0, top_count):
                stop = i
                break
            target = stack[-1]
            target.lines.append((indent, stripped))
        i += 1
    if not items or (len(items) < 2 and declared_count("\n".join(lines[:start])) is None):
        return None
    if unread is not None and browser and stop is not None and (later := sum(h > stop for h in headers)):
        unread.append((stop + 1, later))
    width = _wrap_width([ind + len(s) for it in items for ind, s in it.lines if s])
    comments = []
    for item in items:
        c = item.comment
        body = item.lines
        head = body[0][1] if body else ""
        says = SAYS.match(head)
        if (ping := textbrowser.PING.match(head)) is not None:
            pass  # its kind and author once its text is joined (a title the browser wrapped read whole)
        elif says or browser:
            c.author = textbrowser.clean_author(AVATAR.sub("", says.group("name") if says else head)) or None
            body = body[1:]
            if not says and (named := textbrowser.name_before_date(c.author or "")):
                c.author, c.created_at = named, textbrowser.read_date(c, textbrowser.unglue(c.author), order)  # one line
                body = _lead_buttons(body, c)
            nxt = next((k for k, (_, s) in enumerate(body) if s), None)
            when = nxt is not None and textbrowser.is_date_line(body[nxt][1])
            note = not when and nxt is not None and bool(textbrowser.MODERATION.fullmatch(body[nxt][1]))
            if not when and nxt is not None and (note or textbrowser.repeats_name(c.author, body[nxt][1])):
                later = next((k for k in range(nxt + 1, len(body)) if body[k][1]), None)
                when = later is not None and textbrowser.is_date_line(body[later][1])
                nxt = later if when else nxt
            if when:
                if note:  # the moderation note above the date (WordPress core's classic markup)
                    c.status = "pending"
                    c.flag("moderation_note_removed")
                c.created_at = textbrowser.read_date(c, body[nxt][1], order)
                byline = None if says else textbrowser.byline_author(body[nxt][1])
                if byline:  # "Title" over "geschrieben von NAME am …": the title is text, its avatar's label not
                    c.author, body = byline, [(0, _LABEL.sub("", head))] + body[nxt + 1:]
                else:
                    body = body[nxt + 1:]
                body = _lead_buttons(body, c)
            body = textbrowser.trim_buttons(body)
        c.text = join_body(body, width)
        if ping:
            textbrowser.as_pingback(c)
        c.parent_id = None
        comments.append(c)
    for item, c in zip(items, comments):
        c.link = item  # resolved just below: ids are given by the tree module
    _link_outline(comments)
    return comments, lines[:start], start


def _first_marker(lines: list[str]) -> None:
    """A copy that opens with a comment header whose list marker the selection left out
    (a mouse selection from the first commenter's name) gets the marker back, as the next
    top-level item shows it: the first marker whose header stands in the same column, on
    its line ("2. Name says:") or under it (lynx puts a block on the line after its "*"):
    "2." → "1.", "*" → "*". The first comment is then read as the list's first item. Why:
    the list was read from its second item, the first comment (and the replies under it)
    lost or made the article, its header the title."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and _first_meta_item(lines, first):
        return
    if first is None or _marker(lines[first], True) or not textbrowser.is_header(lines[first].strip(), SAYS, lines, first):
        return
    column = len(lines[first]) - len(lines[first].lstrip())
    for i in range(first + 1, len(lines)):
        m = _MARK.match(lines[i])
        if not m:
            continue
        bare = bool(textbrowser.BARE.match(lines[i]))  # "•" or "• [ab12]" (an avatar's label) alone
        at = textbrowser.following(lines, i, 2) if bare else i
        shown = len(lines[at]) - len(lines[at].lstrip()) if bare and at is not None else m.end()
        if at is None or shown != column:
            continue
        if not textbrowser.is_header(lines[at].strip() if bare else lines[i][m.end():].strip(), SAYS, lines, at):
            return
        mark = m.group("mark")
        if mark[:-1].isdigit() and mark != "2.":
            return  # not the list's second item: what came before is not its first
        prefix = lines[i].rstrip() if bare else lines[i][:m.end()]
        prefix = prefix.replace("2.", "1.", 1) if mark == "2." else prefix
        lines[first] = f"{prefix} {lines[first].strip()}" if bare else f"{prefix}{lines[first].strip()}"
        return


def _first_meta_item(lines: list[str], first: int) -> bool:
    """A selection that opens inside the first comment's header list (SciLogs: "1." alone, then
    "□ Antworten", "□ Name", "□ date" items; the selection from the name, with its bullet or
    without): the name and date rewritten as the list's first item, as :func:`textbrowser.header_lines`
    rewrites the others ("1. Name" over the date), when the next top-level item is a bare "2."
    over such a list. Why: the copy read as no comment section (or the first comment as the article)."""
    item = textbrowser.BULLET.match(lines[first])
    name = item.group(3) if item else lines[first].strip()
    date_at = textbrowser.following(lines, first, 2)
    when = textbrowser.BULLET.match(lines[date_at]) if date_at is not None else None
    if (not textbrowser.name_like(name) or dates.looks_like_date_line(name) or when is None
            or not textbrowser.is_date_line(when.group(3))):
        return False
    column = len(when.group(1))
    second = next((k for k in range(date_at + 1, len(lines)) if re.match(r"^\s*\d{1,4}\.(?:\s|$)", lines[k])
                   and textbrowser.BARE.match(lines[k])), None)  # the next numbered item, bare
    if second is None or not lines[second].lstrip().startswith("2."):
        return False
    nested = [k for k in range(second + 1, min(second + 6, len(lines))) if textbrowser.BULLET.match(lines[k])]
    if not any(textbrowser.is_date_line(textbrowser.BULLET.match(lines[k]).group(3)) for k in nested):
        return False  # the second item is no header list of the same kind
    indent = len(lines[second]) - len(lines[second].lstrip())
    lines[first] = f"{' ' * indent}1. {name}"
    lines[date_at] = " " * column + when.group(3)
    k = date_at + 1
    while k < len(lines) and textbrowser.BARE.match(lines[k]):
        lines[k] = ""  # the list's empty last item
        k += 1
    return True


#: A list marker at a line's start, with the spaces after it.
_MARK = re.compile(r"^\s*(?P<mark>\d{1,4}\.|[•◦▪‣□■☆○●◇◆▫*+o#@-])(?:\s+|$)")


def _unmarked_header(lines: list[str], i: int, base: int | None, page: list[str] | None) -> bool:
    """Is line ``i`` a comment header with no list marker, left of the list's markers and
    after a blank line? lynx prints Astra's top-level comments so, their replies as "1." items."""
    line = lines[i]
    stripped = line.strip()
    if base is None or not stripped or i == 0 or lines[i - 1].strip():
        return False
    return len(line) - len(line.lstrip()) < base and textbrowser.is_header(stripped, SAYS, page, i)


def _lead_buttons(body: list[tuple[int, str]], c: Comment) -> list[tuple[int, str]]:
    """``body`` without the buttons between a header's date and its text ("Reply", "Edit"),
    flagged ``buttons_removed``."""
    k = 0
    while k < len(body) and (not body[k][1] or textbrowser.is_button(body[k][1])):
        k += 1
    if any(s for _, s in body[:k]):
        c.flag("buttons_removed")
    return body[k:]


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
        if SAYS.match(lines[i].strip()) and under_date(lines, i):
            return None  # a flat "Name says:" section: a numbered list below is inside a comment
        mk = _marker(lines[i])
        if mk and (mk[2] == 1 or (mk[2] is None and count_line is not None)):
            if count_line is None and not any(_BULLET.match(line) for line in lines[i:]):
                return None
            return i
    return None


def under_date(lines: list[str], i: int, date_line=textbrowser.is_date_line) -> bool:
    """Is the next line of text under line ``i`` (past a moderation note) a date line?"""
    nxt = textbrowser.following(lines, i, 3)
    if nxt is not None and textbrowser.MODERATION.fullmatch(lines[nxt].strip()):
        nxt = textbrowser.following(lines, nxt, 3)
    return nxt is not None and date_line(lines[nxt])


def _outside(lines: list[str], i: int, left: int, top: _Item | None) -> bool:
    """Is line ``i`` left of the list: left of its top-level markers, or (``top``: the open
    top-level item of a text browser's list, printed with its marker) in that marker's column
    after a blank line, where its text never stands (it is indented under the header)? Why:
    the page footer under a w3m list whose items stand in column 0 (newsletter box, menus,
    "Copyright … All Rights Reserved") was read as the last comment's text. A top-level comment
    lynx printed without a marker (Astra) has its text in its own column: not so ended."""
    indent = len(lines[i]) - len(lines[i].lstrip())
    marked = top is not None and top.end > top.start
    return indent < left or (marked and indent <= top.start and i > 0 and not lines[i - 1].strip())


def _continues(lines: list[str], i: int, base: int, top_count: int) -> bool:
    """Is an unindented line inside the last comment (code, a quote) rather than the
    end of the section? Yes if a later top-level marker continues the numbering."""
    for line in lines[i + 1:]:
        if line.strip() and SECTION_END.match(line.strip()):
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


def join_body(body: list[tuple[int, str]], width: int | None) -> str:
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
        parts = [para[0][1]]  # joined once: linear in a paragraph of any length
        for (indent, prev), (_, cur) in zip(para, para[1:]):
            wrapped = width is not None and indent + len(prev) + 1 + len(cur.split(" ", 1)[0]) > width - 4
            parts += (" " if wrapped else "\n", cur)
        out.append("".join(parts))
    return "\n\n".join(out)


def _addressing(line: str, stack: list[_Item]) -> bool:
    """Is ``line`` an "@ Name" line right under the open comment's header (nothing but its
    date above it)? Such a line opens the comment's text, addressing whom it answers
    ("@ Webbaer", "@ Dietmar Hilsebein" over the date of the comment it answers); lynx's "@"
    bullet (its fifth list level) would come after the comment's text. Why: it was read as a
    reply item or dropped with the header's own list."""
    return (line.lstrip().startswith("@ ") and bool(stack)
            and not any(s and not textbrowser.is_date_line(s) for _, s in stack[-1].lines[1:]))
