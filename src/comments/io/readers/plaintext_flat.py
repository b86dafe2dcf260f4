"""The quoted (e-mail) and flat layouts of plain-text comment sections.

* **quoted** — each comment a ``>``-quoted block after a "Name schrieb/wrote …:" line,
  the page author's own words in between;
* **flat** — "Name says:"/"Name schreibt:" (or a name line over a date line) headers in
  one column; a reply that opens with ``@name`` is attached to that author's latest
  earlier comment (flag ``inferred_parent``; "@ Name" where exactly one earlier comment has
  that author); "Pingback: …" lines among them are pingbacks.
"""

from __future__ import annotations

import re

from comments.model import dates
from comments.model.records import Comment, Thread
from comments.io.readers import textbrowser
from comments.io.readers.textbrowser import is_date_line
from comments.io.readers.plaintext_outline import AVATAR, SAYS, SECTION_END, join_body, under_date

_INTRO = re.compile(
    r"\b(schrieb|schreibt|wrote|writes|meldete sich|meldet sich|kommentierte|commented|antwortete|replied|"
    r"answered|meinte)\b",
    re.I,
)


_NAME_BEFORE = re.compile(
    r"^(?P<name>[A-ZÄÖÜ][\w.-]*(?:\s+[A-ZÄÖÜ][\w.-]*){0,3})\s*(?:\([^)]*\))?\s+"
    r"(?:schrieb|schreibt|wrote|writes|meinte|kommentierte|commented|antwortete|replied)\b"
)
_NAME_AFTER = re.compile(
    r"\b(?:schrieb|schreibt|meldete sich|meldet sich|antwortete|wrote|writes|replied)\s+(?:dann\s+|uns\s+|mir\s+)?"
    r"(?P<name>[A-ZÄÖÜ][\w.-]*(?:\s+[A-ZÄÖÜ][\w.-]*){0,3}(?:\s+aus\s+[A-ZÄÖÜ][\w.]*)?)"
)


def quoted(lines: list[str], thread: Thread):
    """(comments, article lines, section start) for e-mail style quoting, else None."""
    blocks = _paragraphs(lines)
    comments: list[Comment] = []
    texts: list[list[str]] = []  # each comment's blocks, joined once at the end (linear in their number)
    article: list[str] = []
    current: Comment | None = None
    section_start: int | None = None
    prev_text: tuple[int, str] | None = None
    before: str | None = None  # the latest comment's date so far (kept, not searched for: linear)
    for first, para in blocks:
        is_quote = para[0].lstrip().startswith(">")
        if not is_quote:
            article.extend(para + [""])
            prev_text = (first, " ".join(s.strip() for s in para))
            continue
        quote = "\n".join(re.sub(r"^\s*>\s?", "", s).rstrip() for s in para).strip()
        intro = prev_text[1] if prev_text else ""
        if prev_text and len(intro) < 400 and _INTRO.search(intro) and intro.rstrip().endswith((":", ".")):
            current = _intro_comment(intro, thread.published_at, before)
            before = current.created_at or before
            headline = _HEADLINE.search(intro)
            texts.append([(headline.group('b') or headline.group('q')).strip(), quote] if headline else [quote])
            comments.append(current)
            if section_start is None:
                section_start = prev_text[0]
            if article and article[-2:] and intro:
                article.append("")
        elif current is not None:
            texts[-1].append(quote)
        else:
            article.extend(para + [""])
        prev_text = None
    if not comments:
        return None
    for c, blocks_of_c in zip(comments, texts):
        c.text = "\n\n".join(blocks_of_c)
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


#: The subject a reader's mail came under, named in the intro line ("unter der Überschrift
#: **Hugo und Email-Kommentare regeln! :)**", "with the subject "…"").
_HEADLINE = re.compile(r"(?:Überschrift|Betreff|Titel|subject|title|headline)\s*:?\s*"
                       r"(?:\*\*(?P<b>[^*\n]{1,200})\*\*|[„“\"](?P<q>[^“”\"\n]{1,200})[“”\"])", re.I)
_TIME = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")
_WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS + _WEEKDAYS_EN + ("sonnabend",)) + ")", re.I)


def _intro_comment(intro: str, published: str | None, before: str | None) -> Comment:
    """A quoted comment's author and date from the line that introduces it. A date the
    line only implies — a time ("meldete sich um 17:35"), a weekday ("Am Montagmorgen
    (01:49)") — is placed after the comment before it (else the article's date) and
    flagged ``inferred_date``; with nothing to place it after, ``created_at`` stays null,
    flagged ``relative_date`` with the line's words in ``meta["date_text"]``. Why: both
    such dates were read as null with no word said."""
    comment = Comment(author=_intro_author(intro), created_at=_intro_date(intro, published))
    if comment.created_at:
        if not dates.human(intro):
            comment.flag("inferred_date")
        return comment
    time, weekday = _TIME.search(intro), _WEEKDAY.search(intro)
    if not time and not weekday:
        return comment
    comment.created_at = _placed(time, weekday, before or published)
    if comment.created_at:
        comment.flag("inferred_date")
    else:
        comment.flag("relative_date")
        comment.meta["date_text"] = intro
    return comment


def _placed(time, weekday, after: str | None) -> str | None:
    """The first moment at ``time`` on ``weekday`` (either may be None: any day, no time)
    not before ``after`` (a time earlier than ``after``'s on its day is the next day, or
    the next week's weekday), as ISO without offset (the page gives none); None without
    ``after`` or when it is no day."""
    import datetime as dt

    try:
        start = dt.date.fromisoformat((after or "")[:10])
    except ValueError:
        return None
    day = start
    if weekday:
        name = weekday.group(1).lower()
        target = 5 if name == "sonnabend" else (_WEEKDAYS + _WEEKDAYS_EN).index(name) % 7
        day = start + dt.timedelta(days=(target - start.weekday()) % 7)
    if not time:
        return day.isoformat()
    clock = f"T{int(time.group(1)):02d}:{time.group(2)}"
    if day == start and after[10:16] > clock:  # earlier on the day of the mail before: the next such day
        day += dt.timedelta(days=7 if weekday else 1)
    return day.isoformat() + clock


# --- flat layout -------------------------------------------------------------------

def flat(lines: list[str], thread: Thread):
    """(comments, article lines, section start) for one column of headed comments, else None."""
    closed = textbrowser.closed_by_date(lines)
    if closed:
        order = textbrowser.slashed_order(lines)
        comments = [Comment(author=author, text=join_body([(0, s.strip()) for s in body], None))
                    for _, author, _, body in closed]
        for c, (_, _, when, _) in zip(comments, closed):
            c.created_at = textbrowser.read_date(c, when, order)
            c.flag("buttons_removed")  # the row closing it ("Daumen hoch0Daumen runter  Antworten")
        return comments, lines[: closed[0][0]], closed[0][0]
    signed = _signed(lines)
    if signed:
        return signed
    _profile_boxes(lines)
    headers = _flat_headers(lines)
    headers, article_end = _after_count_line(lines, headers, thread)
    headers = _says_only(lines, headers)
    headers, article_end = _in_section(lines, headers, article_end)
    headers = _past_teasers(lines, _sound(lines, headers))
    if len(headers) < 2:
        return None
    headers = _with_pingbacks(lines, headers, article_end)
    end = len(lines)
    for i in range(headers[-1][0], len(lines)):
        if SECTION_END.match(lines[i].strip()) or _pager(lines, i):
            end = i
            break
    forum = _opens_forum_thread(lines, headers, article_end)
    if forum:  # the last post ends at the rule under it: below is the forum's page footer
        end = next((i for i in range(headers[-1][2], end) if _RULE.match(lines[i].strip())), end)
    comments = []
    indents = []
    order = textbrowser.slashed_order(lines)
    buttons_over_names = any(textbrowser.is_button(s) for s in lines[headers[0][0]:headers[0][2]])
    for k, (i, name, first) in enumerate(headers):
        stop = headers[k + 1][0] if k + 1 < len(headers) else end
        body = lines[first:stop]
        if textbrowser.PING.match(lines[i].strip()):  # its own record, as the HTML reader makes it
            c = Comment(text=join_body(textbrowser.trim_buttons([(0, s.strip()) for s in body]), None))
            textbrowser.as_pingback(c)
            comments.append(c)
            indents.append(len(lines[i]) - len(lines[i].lstrip()))
            continue
        c = Comment(author=_GLUED_ROLE.sub("", textbrowser.clean_author(AVATAR.sub("", name))).strip() or None)
        if any(textbrowser.is_button(s) for s in lines[i:first]):  # a button row taken with the header block: dropped
            # over each name where the first comment has one too (SciLogs), else the "Reply" under the comment before
            (c if buttons_over_names or not comments else comments[-1]).flag("buttons_removed")
        nxt = next((j for j, s in enumerate(body) if s.strip()), None)
        dot = _DOT_HEADER.match(body[nxt].strip()) if nxt is not None and not _date_line(body[nxt]) else None
        when = dot.group("date") if dot else body[nxt] if nxt is not None else ""
        placeholder = _PLACEHOLDER.match(body[nxt].strip()) if nxt is not None else None
        if placeholder or (dot and dot.group("deleted")):  # kept as shown, as the HTML readers keep it
            c.status, c.text = "deleted", placeholder.group("text") if placeholder else dot.group("deleted")
            if placeholder:
                body = body[nxt + 1:]
        if nxt is not None and _date_line(when):
            c.created_at = textbrowser.zoned(when) or textbrowser.read_date(c, when, order)
            if c.created_at is None:  # "vor 2 Stunden": kept as written, the date is unknown
                c.meta["date_text"] = when.strip()
                c.flag("relative_date")
            body = body[nxt + 1:]
        body = _body_head(body, c)
        kept = textbrowser.trim_buttons([(0, s.strip()) for s in _trim_forum_tail(
            body, headers[k + 1][1] if k + 1 < len(headers) else None)], furniture=True)
        if any(textbrowser.is_button(s) or textbrowser.is_furniture(s) for s in body[len(kept):]):
            c.flag("buttons_removed")
        while kept and textbrowser.EDIT_NOTE.match(kept[-1][1]):  # "Zuletzt bearbeitet vor 1 Jahr von Olaf": no words of the comment
            c.meta["edit_note"] = kept.pop()[1]
            c.flag("edit_note_removed")
            kept = kept[:-1] if kept and not kept[-1][1] else kept
        c.text = "\n\n".join(filter(None, [c.text, join_body(kept, None)]))  # a deleted one: its placeholder first
        comments.append(c)
        shown = lines[first].lstrip()  # the name or date line: not the block's avatar over it
        indents.append(len(lines[first]) - len(_ITEM_MARK.sub("", shown) if placeholder else shown))
    _drop_signatures(comments)
    _subjects(comments)
    _infer_mentions(comments)
    _nest_indented(comments, indents)
    _one_column(comments, indents)
    if forum:
        comments[0].meta["opening_post"] = True
    return comments, lines[: article_end or headers[0][0]], headers[0][0]


def _with_pingbacks(lines: list[str], headers: list[tuple[int, str, int]],
                    article_end: int | None) -> list[tuple[int, str, int]]:
    """``headers`` and the section's "Pingback: TITLE" lines (WordPress lists them among the
    comments: "Trackback: …" too), in line order: from the section's start (its count line, else
    the first header) to its end, each no deeper than the first header. Why: a browser's copy
    (innerText) glued each to the text of the comment above it."""
    start = article_end if article_end is not None else headers[0][0]
    column = len(lines[headers[0][0]]) - len(lines[headers[0][0]].lstrip())
    known = {h[0] for h in headers}
    pings = []
    for i in range(start, len(lines)):
        s = lines[i].strip()
        if i > headers[-1][0] and (SECTION_END.match(s) or _pager(lines, i)):
            break
        if i not in known and textbrowser.PING.match(s) and len(lines[i]) - len(lines[i].lstrip()) <= column:
            pings.append((i, "", i))
    return sorted(headers + pings) if pings else headers


#: A forum post's subject line ("Re: Wärmepumpe im Altbau …") and a rule between posts.
_RE_SUBJECT = re.compile(r"^(?:Re|AW|Antw)\s*:\s*\S", re.I)
_RULE = re.compile(r"^[_━─=\-]{5,}$")
#: A post number ending a forum header's date line ("March 4, 2024, 7:00am1", Discourse).
_POST_ONE = re.compile(r"\d{1,2}:\d{2}\s*(?:am|pm)?\s*1$", re.I)
#: Article text is a line this long, or a sentence: what a forum thread has none of above its first post.
_PARAGRAPH = 80


def _opens_forum_thread(lines: list[str], headers: list[tuple[int, str, int]], article_end: int | None) -> bool:
    """Is the first post the opening post of a forum thread (phpBB, Discourse), i.e. the
    article? Yes when no article text stands above it and the page is a forum's: its posts
    carry "Re: subject" lines, or its first header's date line ends with post number 1.
    Why: the opening post was counted as a comment and the article was empty."""
    first, _, date_at = headers[0]
    above = [s.strip() for s in lines[: article_end or first] if s.strip()]
    if any(len(s) >= _PARAGRAPH or s.endswith((".", "!")) for s in above):
        return False
    return _POST_ONE.search(lines[date_at].strip()) is not None or any(_RE_SUBJECT.match(s.strip()) for s in lines[first:])


def _trim_forum_tail(body: list[str], next_author: str | None) -> list[str]:
    """``body`` without what a forum prints between two posts: a rule, the next poster's
    profile box (name, role, "Beiträge: 220"), the next post's "Re: subject" line."""
    end = len(body)
    while end and (not body[end - 1].strip() or _RULE.match(body[end - 1].strip()) or _ROLE.match(body[end - 1].strip())
                   or textbrowser.is_furniture(body[end - 1]) or body[end - 1].strip() == next_author
                   or _RE_SUBJECT.match(body[end - 1].strip())):
        end -= 1
    return body[:end]


def _in_section(lines: list[str], headers: list[tuple[int, str, int]],
                article_end: int | None) -> tuple[list[tuple[int, str, int]], int | None]:
    """The headers inside the comment section: below its heading ("Comments", "Kommentare
    (12)") when at least two are (an article's byline above it, "Hannah PriceMarch 4, 2024",
    reads like a header; a "Name says:" comment above it is one, pinned), and above the
    first section end after them ("Add new comment",
    "Recent comments": a sidebar's list of comment titles over "2 years ago" reads like
    headers too); and where the article ends (the heading)."""
    heading = next((i for i, line in enumerate(lines) if SECTION_HEAD.match(line.strip())), None)
    pinned = heading is not None and any(SAYS.match(lines[h[0]].strip()) for h in headers if h[0] < heading)
    if heading is not None and article_end is None and not pinned and sum(1 for h in headers if h[0] > heading) >= 2:
        headers, article_end = [h for h in headers if h[0] > heading], heading
    if headers:
        stop = next((i for i in range(headers[0][0], len(lines)) if SECTION_END.match(lines[i].strip())), len(lines))
        headers = [h for h in headers if h[0] < stop]
    return headers, article_end


def _sound(lines: list[str], headers: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """``headers`` without the weak ones above the comment section's start (a comments
    heading or a declared count, "12 comments", "Kommentare (12)"), unless each weak one
    there has a comment's buttons under it ("Antworten", "Reply"). Weak: "Name • date" on
    one line, or a name right over a date only relative ("2 days ago") with no vote count
    or avatar in the block — the bylines of a blog index, a "Related posts" list or a
    shop's product list read the same. Why: such pages came out as comments, the last
    one taking the page footer."""
    start = next((i for i, line in enumerate(lines) if _section_start(line)), len(lines))
    above = [k for k, h in enumerate(headers) if h[0] < start and _weak(lines, h)]
    if not above or all(_has_buttons(lines, headers, k) for k in above):
        return headers
    dropped = set(above)
    return [h for k, h in enumerate(headers) if k not in dropped]


#: A list of other posts above the comments ("Related Posts", "Ähnliche Beiträge"): each title
#: over its date reads like a header.
_TEASERS = re.compile(r"^(?:Related (?:posts|articles|stories)|Ähnliche (?:Beiträge|Artikel)|Weitere Beiträge|"
                      r"You (?:may|might) also like|Das könnte dich auch interessieren)\s*:?$", re.I)


def _past_teasers(lines: list[str], headers: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """``headers`` without those of a "Related posts" list: the headers right under such a
    heading, up to the first that is a "Name says:" line or has a comment's buttons under it.
    Why: a theme's related-posts list above the comments (a post title over "On Mai 20, 2019")
    came out as comments, the last one taking the section's count line as its text."""
    teaser = next((i for i, line in enumerate(lines) if _TEASERS.match(line.strip())), None)
    if teaser is None:
        return headers
    dropped = set()
    for k, h in enumerate(headers):
        if h[0] <= teaser:
            continue
        if SAYS.match(lines[h[0]].strip()) or _has_buttons(lines, headers, k):
            break
        dropped.add(k)
    return [h for k, h in enumerate(headers) if k not in dropped]


def _has_buttons(lines: list[str], headers: list[tuple[int, str, int]], k: int) -> bool:
    """Does a button line ("Reply", "Antworten") stand under header ``k``, before the next
    header or the section's end?"""
    for i in range(headers[k][2] + 1, headers[k + 1][0] if k + 1 < len(headers) else len(lines)):
        if SECTION_END.match(lines[i].strip()):
            return False
        if textbrowser.is_button(lines[i]):
            return True
    return False


#: A list item's mark ("* 12 comments", "* This comment was deleted.").
_ITEM_MARK = re.compile(r"^[*+•-]\s+")
#: A declared count opening a comment section ("12 comments", "12 responses to “…”").
_COUNT_START = re.compile(r"^\d{1,6}\s+(?:Kommentare?|Leserkommentare|Reaktionen|comments?|responses?)\b", re.I)


def _section_start(line: str) -> bool:
    """Is ``line`` a comment section's heading or declared count, maybe as a list item ("* 12 comments")?"""
    s = _ITEM_MARK.sub("", line.strip())
    return bool(SECTION_HEAD.match(s) or _COUNT_START.match(s))


def _weak(lines: list[str], header: tuple[int, str, int]) -> bool:
    """Is ``header`` a "Name • date" line, or a name right over a date only relative ("2 years ago")?"""
    first, _, date_at = header
    s = lines[date_at].strip()
    dot = _DOT_HEADER.match(s)
    if dot and _date_line(dot.group("date")) and textbrowser.name_like(dot.group("name").strip()):
        return True
    return (date_at - first <= 1 and bool(textbrowser.RELATIVE_DATE.match(s))
            and dates.human(s) is None and not is_date_line(s))


#: A signature closing a comment ("Posted by: Laura Mitchell | March 05, 2024 at 09:14 AM", Typepad).
_SIGNATURE = re.compile(r"^(?:Posted by|Geschrieben von|Verfasst von|Eingetragen von|Kommentar von)\s*:?\s+"
                        r"(?P<name>\S.{0,60}?)\s*(?:\||·|\bam\b|\bon\b)\s*(?P<date>\S.{0,60})$", re.I)


def _signed(lines: list[str]):
    """(comments, article lines, section start) for comments each closed by a signature line
    naming author and date (at least two), else None. The first comment is the paragraph
    over the first signature (back to the section heading at most); each later one is what
    stands between two signatures."""
    ends = [(i, m) for i, line in enumerate(lines) if (m := _SIGNATURE.match(line.strip())) and is_date_line(m.group("date"))]
    if len(ends) < 2:
        return None
    if all(0 < i and lines[i - 1].strip() and len(lines[i - 1].strip()) <= _SUBJECT_MAX for i, _ in ends):
        return _titled(lines, ends)
    first = ends[0][0]
    start = first
    while start > 0 and not lines[start - 1].strip():
        start -= 1
    while start > 0 and lines[start - 1].strip() and not SECTION_HEAD.match(lines[start - 1].strip()):
        start -= 1
    comments, prev = [], start
    order = textbrowser.slashed_order(lines)
    for i, m in ends:
        c = Comment(author=m.group("name").strip())
        c.created_at = textbrowser.zoned(m.group("date")) or textbrowser.read_date(c, m.group("date"), order)
        c.text = join_body(textbrowser.trim_buttons([(0, s.strip()) for s in lines[prev:i]]), None)
        comments.append(c)
        prev = i + 1
    return comments, lines[:start], start


def _titled(lines: list[str], ends: list[tuple[int, re.Match]]):
    """(comments, article lines, section start) for bylines that open a comment under its
    title ("Ein Argument" right over "geschrieben von NAME am DATE", a browser's copy of
    oekonomenstimme.org): each comment is its title, then the text under the byline down
    to the next title (or the section's end). Why: read as signatures closing the text
    above them, each author got the previous writer's words and the last text was lost."""
    stop = next((i for i in range(ends[-1][0], len(lines)) if SECTION_END.match(lines[i].strip())), len(lines))
    comments = []
    order = textbrowser.slashed_order(lines)
    for k, (i, m) in enumerate(ends):
        c = Comment(author=m.group("name").strip())
        c.created_at = textbrowser.zoned(m.group("date")) or textbrowser.read_date(c, m.group("date"), order)
        below = lines[i + 1:ends[k + 1][0] - 1 if k + 1 < len(ends) else stop]
        kept = textbrowser.trim_buttons([(0, s.strip()) for s in below], furniture=True)
        if any(textbrowser.is_button(s) or textbrowser.is_furniture(s) for s in below[len(kept):]):
            c.flag("buttons_removed")
        c.text = "\n\n".join(filter(None, [lines[i - 1].strip(), join_body(kept, None)]))
        comments.append(c)
    return comments, lines[:ends[0][0] - 1], ends[0][0] - 1


#: A header giving name and date on one line with a dot between ("Laura Mitchell•2 years ago", Disqus, Isso).
_DOT_HEADER = re.compile(r"^(?P<name>[^•·\s][^•·]{0,60}?)\s*[•·]\s*(?P<date>[^•·\s][^•·]{0,60}?)"
                         r"(?:Edited|Bearbeitet|(?P<deleted>gelöscht|entfernt|deleted|removed))?$")
#: The placeholder a page shows for a deleted comment, alone on its line ("This comment was deleted.", Disqus).
_PLACEHOLDER = re.compile(r"^(?:[*+•-]\s+)?(?P<text>\[?(?:This comment (?:was|has been) (?:deleted|removed)"
                          r"(?: by (?:the )?(?:author|a moderator))?|Comment deleted|Kommentar gelöscht|"
                          r"Dieser Kommentar wurde (?:vom Autor |von der Redaktion )?(?:gelöscht|entfernt)|"
                          r"(?:Gelöscht von|Deleted by) [^\[\]\n]{1,160}?)\.?\]?)$", re.I)  # XenForo: "Gelöscht von Moderator_Tim, 5. März 2024, Grund: Werbung"


#: An edit note under a comment's text (wpDiscuz, phpBB).


#: A signature is at least this long: a short last line said twice ("Thanks!") is the author's words.
_SIGNATURE_MIN = 20


def _drop_signatures(comments: list[Comment]) -> None:
    """The last line (20 characters or more) that ends two or more comments of one author is that
    author's forum signature ("WP: Vaillant aroTHERM plus 7 kW, …", phpBB): taken off, kept
    in ``meta["signature"]``, flagged ``signature_removed``."""
    from collections import Counter

    def last(c: Comment) -> str:
        return c.text.rsplit("\n", 1)[-1] if "\n" in c.text else ""

    seen = Counter((c.author, last(c)) for c in comments if c.author and len(last(c)) >= _SIGNATURE_MIN)
    for c in comments:
        line = last(c)
        if len(line) >= _SIGNATURE_MIN and seen[(c.author, line)] >= 2:
            c.text = c.text[: -len(line)].rstrip()
            c.meta["signature"] = line
            c.flag("signature_removed")


def mark_deleted(comments: list[Comment]) -> None:
    """A comment whose text is a deleted comment's placeholder ("Dieser Kommentar wurde
    gelöscht." under its own header: JComments, wpDiscuz, Drupal, WordPress themes) gets
    status ``deleted``, the placeholder kept as its text (SPEC; as the HTML readers keep
    it); Drupal's cut-off subject over it ("gelöscht…") is taken off (flag ``subject_removed``)."""
    for c in comments:
        if c.status != "visible":
            continue
        subject, _, rest = c.text.partition("\n\n")
        if subject.endswith("…") and "\n" not in subject and _PLACEHOLDER.match(rest):
            c.text = rest
            c.flag("subject_removed")
        if _PLACEHOLDER.match(c.text):
            c.status = "deleted"


def mark_pending(comments: list[Comment]) -> None:
    """A comment whose first or last line is the theme's moderation note ("Your comment is
    awaiting moderation.", "Dein Kommentar muss noch freigegeben werden.") gets status
    ``pending``, the note taken out of its text (flag ``moderation_note_removed``), as the
    HTML reader reads the theme's ``awaiting-moderation`` box. Only there: the same words
    inside the text are the reader's own (quoting what the site told them)."""
    for c in comments:
        if c.status != "visible" or not c.text:
            continue
        kept = _without_note(c.text.strip("\n"))
        if kept != c.text.strip("\n"):
            c.text, c.status = kept, "pending"
            c.flag("moderation_note_removed")


def _without_note(text: str) -> str:
    """``text`` without a moderation note as its first line, else as its last line."""
    first, _, rest = text.partition("\n")
    if textbrowser.MODERATION.fullmatch(first.strip()):
        return rest.strip("\n")
    rest, _, last = text.rpartition("\n")
    if textbrowser.MODERATION.fullmatch(last.strip()):
        return rest.strip("\n")
    return text


def _is_text(line: str) -> bool:
    """Is ``line`` a comment's words: not blank, furniture, a button or a cut-off subject ("gelöscht…")?"""
    s = line.strip()
    return bool(s) and not s.endswith(("…", "...")) and not textbrowser.is_furniture(s) and not textbrowser.is_button(s)


#: A role badge glued to the name by a text browser ("Sabine RothRedaktion").
_GLUED_ROLE = re.compile(r"(?<=[a-zäöüß.])(?:Redaktion|Autor|Autorin|Author|Moderator|Mod|Admin|Team)$")


#: A header's role badge over its name ("Gast", "Autor", "Mitglied"): no name of its own.
_ROLE = re.compile(r"^(?:Gast|Guest|Autor|Author|Mitglied|Member|Moderator|Administrator|Admin)$", re.I)
#: How far above its date line a name may stand (over vote counts and such).
_BLOCK = 4


def _flat_headers(lines: list[str]) -> list[tuple[int, str, int]]:
    """(first line of the header block, author, line the body starts at: its date line) of
    every "Name says:" line, name over a date line — over any furniture between them
    ("0 points", "Beiträge: 220"), which names nobody — or date line that names its
    author ("Jens #2Jens05.03.2024 10:02") where the line above it is no name. The block
    starts above the name at any avatar initial, alt text or role badge over it."""
    headers: list[tuple[int, str, int]] = []
    heading = next((i for i, line in enumerate(lines) if SECTION_HEAD.match(line.strip())), len(lines))
    for i, line in enumerate(lines):
        stripped = line.strip()
        m = SAYS.match(stripped)
        if m and not _folded_quote(lines, i):
            headers.append((i, m.group("name"), i + 1))
            continue
        if _PLACEHOLDER.match(stripped):
            if not headers or any(_is_text(s) for s in lines[headers[-1][2] + 1:i]):
                headers.append((_block_start(lines, i), "", i))  # a deleted comment shown with no name, no date
            continue  # else the text under the header before it (JComments, Drupal)
        dot = _DOT_HEADER.match(stripped)
        if dot and _date_line(dot.group("date")) and textbrowser.name_like(dot.group("name").strip()):
            headers.append((_block_start(lines, i), dot.group("name").strip(), i))  # "Laura Mitchell•2 years ago"
            continue
        if not stripped or not _date_line(stripped) or textbrowser.is_furniture(stripped) or (headers and headers[-1][2] == i):
            continue
        j = i - 1
        while j >= 0 and i - j <= _BLOCK and (textbrowser.is_furniture(lines[j]) or _ROLE.match(lines[j].strip())):
            j -= 1
        named = textbrowser.name_before_date(stripped)
        if ((i > heading or heading == len(lines) and _button_under(lines, i)) and not named and j == i - 1 and j >= 1 and not lines[j].strip() and lines[j - 1].strip()
                and (j < 2 or not lines[j - 2].strip())):
            j -= 1  # in the comment section (or, on a page without its heading, over a comment's buttons), a name alone over a blank line and its date
        name = lines[j].strip() if j >= 0 and i - j <= _BLOCK else ""
        if named and j < i - 1:  # the date line names its author ("PriyaMar 5"): not a line over the furniture above
            headers.append((_block_start(lines, i), named, i))
        elif (name and len(name) <= 60 and (not name.endswith((".", "!", "?")) or textbrowser.name_like(name))
                and not _STARTER.match(name) and not name.startswith("@ ")  # "@ Name" over the date it quotes: text
                and not _date_line(name) and not textbrowser.is_button(name) and not textbrowser.is_furniture(name)):
            headers.append((_block_start(lines, j), name, i))
        elif role := next((lines[k].strip() for k in range(i - 1, j, -1) if _ROLE.match(lines[k].strip())), None):
            headers.append((_block_start(lines, j + 1), role, i))  # the role is all the name there is ("Gast")
        elif (j < 0 or not lines[j].strip() or j < i - 1) and named:
            headers.append((_block_start(lines, i) if j < i - 1 else i, named, i))
    return headers


def _button_under(lines: list[str], i: int) -> bool:
    """Does a button line ("Reply", "Antworten") stand under date line ``i`` before the next
    date line or header? (Each search stops there: linear in the page.)"""
    for k in range(i + 1, len(lines)):
        if _date_line(lines[k]) or SAYS.match(lines[k].strip()) or _DOT_HEADER.match(lines[k].strip()):
            return False
        if textbrowser.is_button(lines[k]):
            return True
    return False


def _says_only(lines: list[str], headers: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """``headers`` on a page whose "Name says:" headers have a date line under them (two or
    more do, maybe past a moderation note): those only (and deleted comments' placeholders);
    on a page whose headers have dates (two or more), those only. A "says:" line with no date
    under it is a sentence ("Der Duden sagt:" over a quoted list, an article's "Plantur sagt:"
    over its next paragraph), and a name over a date is not enough where the page has such
    headers (a line over "Update vom 29. Mai 2019", a link over a date), as in a text
    browser's list (:func:`textbrowser.header_lines`). Why: each was read as a comment
    header, inventing comments and cutting the texts they stood in."""
    says = [SAYS.match(lines[h[0]].strip()) is not None for h in headers]
    dated = [under_date(lines, h[0], _date_line) if s else True for h, s in zip(headers, says)]
    if sum(s and d for s, d in zip(says, dated)) >= 2:
        return [h for h, s, d in zip(headers, says, dated) if s and d or not h[1]]  # and a deleted one's placeholder
    return [h for h, d in zip(headers, dated) if d] if sum(dated) >= 2 else headers


#: The heading a comment section opens with ("Kommentare", "12 Comments", "Kommentare (12)").
SECTION_HEAD = re.compile(r"^(?:\d{1,6}\s+)?(?:Kommentare|Comments|Leserkommentare|Reaktionen|Responses|Diskussion|Discussion)"
                           r"(?:\s*\(\d{1,6}\))?$", re.I)


def _block_start(lines: list[str], j: int) -> int:
    """The first line of the header block whose name is on line ``j``: avatar initials,
    alt text and role badges right above it belong to the header, not the comment before."""
    k = j
    while k > 0 and j - k < _BLOCK and (textbrowser.is_furniture(lines[k - 1]) or _ROLE.match(lines[k - 1].strip())
                                        or lines[k - 1].strip() == "["):  # alt text "[deleted]" broken after "["
        k -= 1
    return k


#: A line that names whom a comment answers ("Antwort auf Martina K.", "In reply to Jens").
_REPLY_TO = re.compile(r"^(?:Antwort auf|Antwort an|In reply to|Reply to|Replying to)\s+(\S.{0,140})$", re.I)


#: The link closing a folded forum quote (XenForo).
_EXPAND = re.compile(r"^(?:Zum Vergrößern anklicken|Click to expand)\s*\.{0,4}$", re.I)
#: A forum thread's starter named above the posts ("Ersteller Sabine Roth", XenForo): no post's header.
_STARTER = re.compile(r"^(?:[*+•-]\s+)?(?:Ersteller|Thread starter|Themenstarter|Started by)\s", re.I)
#: A forum quote's first line ("Martina K. hat geschrieben: ↑05.03.2024Wir haben …", "Jens wrote:").
_QUOTE_HEAD = re.compile(r"^(\S.{0,60}?)\s+(?:hat geschrieben|schrieb|wrote)\s*:", re.I)


def _body_head(body: list[str], c: Comment) -> list[str]:
    """``body`` (the lines under the date) without what a rendering puts over the text:
    buttons and counts ("Permanenter Link", "Reply"; flag ``buttons_removed``), the
    "Antwort auf NAME" line (whom it answers, kept in ``meta["reply_to"]`` for the parent)
    a forum quote's paragraph over the reply (flag ``quote_removed``, the quoted poster in
    ``meta["quoted_author"]``) and a subject that is the text's first words cut off ("Wir haben 2022 in einem H…",
    Drupal's default; flag ``subject_removed``)."""
    k = 0
    while k < len(body) and (not body[k].strip() or textbrowser.is_furniture(body[k])):
        k += 1
    if any(s.strip() for s in body[:k]):
        c.flag("buttons_removed")
    while k < len(body) and not body[k].strip():
        k += 1
    m = _REPLY_TO.match(body[k].strip()) if k < len(body) else None
    if m:
        c.meta["reply_to"] = m.group(1).strip()
        k += 1
    if k < len(body) and (q := _QUOTE_HEAD.match(body[k].strip())):
        end = next((j for j in range(k, len(body)) if not body[j].strip()), len(body))
        if any(s.strip() for s in body[end:]):  # a quote over the reply's own words: not the comment's text
            c.meta["quoted_author"] = q.group(1)
            c.flag("quote_removed")
            k = end
            while k < len(body) and not body[k].strip():
                k += 1
            shown = next((j for j in range(k, len(body)) if not body[j].strip()), len(body))
            if k < shown and _EXPAND.match(body[shown - 1].strip()) and any(s.strip() for s in body[shown:]):
                k = shown  # the quoted words under the head, closed by XenForo's "Zum Vergrößern anklicken...."
                while k < len(body) and not body[k].strip():
                    k += 1
    words = [j for j in range(k, min(k + 4, len(body))) if body[j].strip()][:2]
    if len(words) == 2:
        subject, text = body[words[0]].strip(), body[words[1]].strip()
        stem = subject.rstrip("…").rstrip(".").rstrip()
        if subject.endswith(("…", "...")) and len(stem) >= 4 and text.startswith(stem):
            c.flag("subject_removed")
            k = words[1]
    return body[k:]


#: The line that opens a comment section with its count ("5 Kommentare", "3 comments").
_COUNT_LINE = re.compile(r"^\d{1,6}\s+(?:Kommentare?|Leserkommentare|Reaktionen|comments?|responses?)$", re.I)
#: Header-like lines above the count line that are the article's (a headline over its
#: byline/date line: "16. September 2021 von Redaktion", "By Jane Reporter" over a date).
_MOST_ABOVE = 2


def _after_count_line(lines: list[str], headers: list[tuple[int, str, int]],
                      thread: Thread) -> tuple[list[tuple[int, str, int]], int | None]:
    """The headers below the section's count line, when at most ``_MOST_ABOVE`` name-over-date
    headers come above it (a headline over a byline reads like one) and at least two
    below; and where the article ends (the count line). The first dropped header's date
    is the page's date when it has none."""
    count = next((i for i, line in enumerate(lines) if _COUNT_LINE.match(line.strip())), None)
    if count is None:
        return headers, None
    above = [h for h in headers if h[0] < count]
    below = [h for h in headers if h[0] > count]
    says = any(SAYS.match(lines[i].strip()) for i, _, _ in above)  # a comment, not a byline
    if not above or len(above) > _MOST_ABOVE or len(below) < 2 or says:
        return headers, None
    first = above[0][0]
    if thread.published_at is None and first + 1 < len(lines) and _date_line(lines[first + 1]):
        thread.published_at = textbrowser.zoned(lines[first + 1])
    return below, count + 1


def _date_line(line: str) -> bool:
    """A line that is only a date, absolute or relative ("vor 2 Stunden", "2 hours ago"), or one
    :func:`is_date_line` reads — numeric with slashes ("Tue, 03/05/2024 - 09:14", Drupal),
    WordPress.com's "13 Dezember, 2015 um 01:10", "8. April 2019 @ 11:38": one date rule for the
    flat and the outline layouts (the outline reader reads its dates with it)."""
    stripped = line.strip()
    return (dates.looks_like_date_line(line) or (len(stripped) <= 60 and bool(textbrowser.RELATIVE_DATE.match(stripped)))
            or ("/" in stripped and is_date_line(stripped)) or _opens_with_date(stripped))


def _opens_with_date(line: str) -> bool:
    """Is ``line`` a date :func:`is_date_line` reads that starts the line ("13 Dezember, 2015 um
    01:10", "8. April 2019 @ 11:38")? Not a post title before one ("Von Sitte und Moral 7 April,
    2014": a "Recent posts" list under the comments)."""
    if len(line) > 60 or ("," not in line and "@" not in line) or not is_date_line(line):
        return False
    text = re.sub(r"\s@\s", " ", textbrowser.ambiguous_date(line)[0])
    return dates.human_start(text) == 0


def _one_column(comments: list[Comment], indents: list[int]) -> None:
    """Mark (``meta.one_column`` on the first comment, taken off by the caller, which notes it) a
    section of two or more comments whose headers all stand in one column with none given a
    parent by its words: the copy shows no nesting — none on the page, or a browser's copy of
    its text (innerText, select and copy) dropped the indentation — so replies cannot be told.
    Why: such copies came out all top-level and said nothing."""
    readers = [(c, indent) for c, indent in zip(comments, indents) if c.kind == "comment"]  # (pingbacks nest nowhere)
    if len(readers) >= 2 and len({indent for _, indent in readers}) == 1:
        comments[0].meta["one_column"] = sum(c.parent_id is None for c, _ in readers)


def _nest_indented(comments: list[Comment], indents: list[int]) -> None:
    """A header indented deeper than the one before it is a reply: its parent is the
    latest earlier comment with a smaller indent (as the page laid them out)."""
    if not any(indents):
        return
    open_: list[tuple[int, Comment]] = []
    for c, indent in zip(comments, indents):
        while open_ and open_[-1][0] >= indent:
            open_.pop()
        if open_ and c.parent_id is None:
            c.parent_id = open_[-1][1].id
        open_.append((indent, c))


#: A forum's member statistic label over its value on the next, deeper-indented line
#: (XenForo 2 in lynx/w3m: "Registriert" over "12. Jan. 2021", "Beiträge" over "77").
_STAT_LABEL = re.compile(r"^(?:Registriert|Beiträge|Reaktionspunkte|Punkte|Lösungen|Ort|Wohnort|Alter|Geschlecht|Website|"
                         r"Joined|Messages|Reaction score|Points|Solutions|Location|Age|Gender)$", re.I)
#: A member's title under the name ("Mitglied", "Well-known member").
_USER_TITLE = re.compile(r"^(?:(?:Neues|Aktives|Bekanntes|Erfahrenes)\s+Mitglied|(?:New|Active|Well-known)\s+member)$", re.I)
#: How far above its date line a forum post's name stands over its profile box.
_PROFILE_REACH = 16
_ITEM = re.compile(r"^[*+•-]\s+")


#: A forum's pager: a step word over its page numbers as list items ("Zurück" over "* 1", "* 2").
_PAGER_WORD = re.compile(r"^(?:Zurück|Weiter|Vorherige|Nächste|Prev|Previous|Next)$", re.I)
_PAGE_ITEM = re.compile(r"^[*+•-]\s+\d{1,5}$")


def _pager(lines: list[str], i: int) -> bool:
    """Is line ``i`` a forum pager under the last post (XenForo: "Zurück" over "* 1" "* 2")?"""
    if not _PAGER_WORD.match(lines[i].strip()):
        return False
    nxt = next((n for n in range(i + 1, min(i + 3, len(lines))) if lines[n].strip()), None)
    return nxt is not None and bool(_PAGE_ITEM.match(lines[nxt].strip()))


#: How long a folded quote may be (bounds the look-ahead: linear in a page of such lines).
_QUOTE_LINES = 40


def _folded_quote(lines: list[str], i: int) -> bool:
    """Is line ``i`` ("Martina K. schrieb:") the head of a forum quote, the paragraph under it
    closed by "Zum Vergrößern anklicken...." (XenForo), not a comment's header?"""
    start = next((n for n in range(i + 1, min(i + 3, len(lines))) if lines[n].strip()), None)
    if start is None:
        return False
    end = next((n for n in range(start, min(start + _QUOTE_LINES, len(lines))) if not lines[n].strip()), None)
    return end is not None and bool(_EXPAND.match(lines[end - 1].strip()))


def _profile_boxes(lines: list[str]) -> None:
    """A forum post whose name stands over a profile box — title, member statistics each as
    a label over its value — and then its date as a list item (XenForo 2 rendered by lynx or
    w3m) is rewritten in place as the name over the date: the statistics named nobody but
    were read as names over dates ("Registriert" over "12. Jan. 2021"), and the name stood
    too far above its date. A list item repeating the name under the date (a deleted post's
    header) goes with them."""
    for i, line in enumerate(lines):
        when = _ITEM.sub("", line.strip())
        if not _ITEM.match(line.strip()) or not _date_line(when) or textbrowser.name_before_date(when):
            continue
        k, stats = i - 1, 0
        while k > 0 and i - k <= _PROFILE_REACH:
            s = lines[k].strip()
            indent = len(lines[k]) - len(lines[k].lstrip())
            above = lines[k - 1]
            if s and _STAT_LABEL.match(above.strip()) and indent > len(above) - len(above.lstrip()):
                stats, k = stats + 1, k - 2
            elif not s or _STAT_LABEL.match(s) or _ROLE.match(s) or _USER_TITLE.match(s):
                k -= 1
            else:
                break
        name = lines[k].strip() if k >= 0 else ""
        if not stats or not textbrowser.name_like(name) or _date_line(name) or textbrowser.is_furniture(name):
            continue
        for n in range(k + 1, i + 1):
            lines[n] = ""
        lines[k + 1] = " " * (len(lines[k]) - len(lines[k].lstrip())) + when
        nxt = next((n for n in range(i + 1, min(i + 3, len(lines))) if lines[n].strip()), None)
        if nxt is not None and _ITEM.sub("", lines[nxt].strip()) == name and _ITEM.match(lines[nxt].strip()):
            lines[nxt] = ""


#: A Drupal subject is one line of at most 64 characters.
_SUBJECT_MAX = 64


def _subjects(comments: list[Comment]) -> None:
    """Drupal prints each comment's subject over its text (a line of its own) and names a
    reply's parent by subject and author ("Antwort auf Klemmhalterung hält von Martina K.").
    Where such a line names an earlier comment's first line and author, the page shows
    subjects: each comment's first line over more text is its subject, kept in
    ``meta["subject"]`` (flag ``subject_removed``), and a reply's "Antwort auf" names the
    parent's author only (linked as any reply naming its parent: flag ``inferred_parent``)."""
    heads: list[str | None] = []
    for c in comments:
        first, sep, rest = c.text.partition("\n\n")
        heads.append(first if sep and rest and "\n" not in first and len(first) <= _SUBJECT_MAX else None)
    known = {f"{h} {word} {c.author}": c.author for h, c in zip(heads, comments) if h and c.author for word in ("von", "by")}
    if not any(c.meta.get("reply_to") in known for c in comments):
        return
    for head, c in zip(heads, comments):
        if head:
            c.meta["subject"], c.text = head, c.text.partition("\n\n")[2]
            c.flag("subject_removed")
        if c.meta.get("reply_to") in known:
            c.meta["reply_to"] = known[c.meta["reply_to"]]


def _infer_mentions(comments: list[Comment]) -> None:
    """``@name`` at the start of a comment: reply to that author's latest earlier comment.
    "@ Name" (a space after the "@", as SciLogs' readers write it) links only where exactly one
    earlier comment has that author and the name ends there ("@ Henning Lobin", not "@ Dr.
    Webbaer" among two of his, nor "@ Anna" for "Annabel"): looser writing, so a stricter
    match. Why: such replies stayed top-level although the name matched one earlier commenter."""
    from collections import Counter

    from comments.model.tree import assign_ids

    assign_ids(comments)
    latest: dict[str, Comment] = {}
    authored: Counter[str] = Counter()
    for c in comments:
        m = re.match(r"^@( ?)(\S.{0,60})", c.text)
        named = c.meta.pop("reply_to", None)
        if m or named:
            mention = (named or m.group(2)).lower()
            # the longest earlier author's name the mention starts with (its first word is such a
            # prefix too): at most 61 look-ups, not a sort of every name per mention (quadratic)
            hit = next((mention[:k] for k in range(len(mention), 0, -1) if mention[:k] in latest), None)
            spaced = not named and m.group(1)
            if hit and spaced and (authored[hit] != 1 or mention[len(hit):len(hit) + 1].isalnum()):
                hit = None
            if hit:
                c.parent_id = latest[hit].id
                c.flag("inferred_parent")
        if c.author:
            latest[c.author.lower()] = c
            authored[c.author.lower()] += 1

