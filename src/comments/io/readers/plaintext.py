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

The layouts live in :mod:`plaintext_outline` and :mod:`plaintext_flat`.
"""


from __future__ import annotations

import re
from functools import partial

from comments.model import dates
from comments.model.records import Comment, ParsedThread, Thread
from comments.text.html_text import html_to_text, is_markup
from comments.io.readers import lynx_links, textbrowser
from comments.io.readers.base import Context, Reader, published, site_from_url
from comments.io.readers.declared import count_link, declared_count
from comments.io.readers.plaintext_flat import SECTION_HEAD, flat, mark_deleted, mark_pending, quoted
from comments.io.readers.plaintext_flat import _flat_headers as flat_headers
from comments.io.readers.plaintext_outline import SAYS, outline
from comments.io.readers.plaintext_outline import _marker as list_marker
from comments.io.readers.wp_html import front_matter, post_address
from comments.text.plural import plural
from comments.io.readers.plaintext_counts import star_ratings, vote_counts
from comments.text.textsafe import term

NAME = "plaintext"

_CHROME_START = re.compile(
    r"^(Gefällt dir der Artikel|Avatar-Foto|Teile diesen Artikel|Share this|Neueste Beiträge|Mit dem Absenden eines "
    r"Kommentars|Like this:|Gefällt mir:)",
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



#: Footer and legal lines a page copied footer first opens with: never its title. Footer
#: phrases only ("Privacy Policy", "Datenschutzerklärung"), not the bare words, which an
#: article's title or first paragraph may well use ("Datenschutz: Xiaomi liest mit").
_FOOTER = re.compile(r"©|\(c\) ?\d{4}|^copyright\b|all rights reserved|alle rechte vorbehalten|"
                     r"\bprivacy (?:and cookie )?polic|\bcookie[- ]?(?:polic|richtlinie|einstellungen|settings)|"
                     r"\bdatenschutz(?:erklärung|hinweise?|richtlinie|einstellungen)|^impressum\b|terms of (?:use|service)|"
                     r"nutzungsbedingungen|\bis supported by\b", re.I)
#: Lines between two footer lines that are still the footer (a reprint notice between
#: the copyright and the privacy line); a longer gap ends it.
_FOOTER_GAP = 1
#: A footer line is a line, not a paragraph that mentions "terms of use" somewhere.
_FOOTER_LONGEST = 300
#: A page's date as a copied page states it on its first line ("date 2021-09 Xiaomi sorgte …").
_DATE_MARK = re.compile(r"\s*(?:date|datum|published|veröffentlicht)\s*:?\s+(\d{4}-(?:0[1-9]|1[0-2])(?:-\d{2})?|\d{1,2}\.\d{1,2}\.\d{4})"
                        r"(?=\s|$)\s*", re.I)


def read(text: str, ctx: Context) -> list[ParsedThread]:
    meta, body = front_matter(text)
    lines = [line.expandtabs(8).rstrip() for line in body.split("\n")]
    lines, dumps = lynx_links.strip(lines)
    if dumps:
        shown, listed = sum(len(d.shown) for d in dumps), sum(len(d.shown) + d.hidden for d in dumps)
        ctx.note(f"{'a lynx dump' if len(dumps) == 1 else f'{len(dumps)} lynx dumps'} with "
                 f"{'its link list' if len(dumps) == 1 else 'their link lists'}: the {plural(shown, 'link number')} "
                 f"before link texts and the {'list' if len(dumps) == 1 else 'lists'} of "
                 f"{plural(listed, 'link address', 'link addresses')} at the end"
                 f"{'' if len(dumps) == 1 else ' of each page'} are rendering, not text: taken off")
    lines, joined = textbrowser.join_wrapped_says(lines, SAYS)
    lines, inferred, moved = _with_year(lines)
    stated = _stated_date(lines, ctx)
    footer = 0 if meta.get("title") else _footer_lines(lines)
    if footer:
        ctx.note(f"the page opens with its footer ({footer} line{'' if footer == 1 else 's'}: "
                 f"{term(_first_text(lines)[:60])} …): the title is taken from the line after it")
    thread_id = meta.get("slug") or ctx.stem
    thread = Thread(
        thread_id=thread_id,
        title=meta.get("title") or _title(lines),
        published_at=published(ctx, thread_id, meta.get("date")) or stated,
        format=NAME,
    )
    offset = text.count("\n") - body.count("\n")  # the front matter's lines
    pasted: list[tuple[str, list[Comment]]] = []  # (where a page below the first starts, its comments)
    second = _pasted_dumps(lines, dumps, joined) if len(dumps) > 1 else _second_page(lines)
    if second is not None and len(dumps) > 1:
        cut, pages = second
        pasted = [(f"{'a second lynx dump' if len(dumps) == 2 else f'lynx dump {k + 2} of {len(dumps)}'} starts at "
                   f"line {dumps[k].end + 1 + offset} (below the link list of the one above)", below)
                  for k, below in enumerate(pages)]
        lines = lines[:cut + 1]
    elif second is not None:
        cut, below = second
        pasted = [(f"a second page starts after the footer at line {_file_line(cut, joined, text, body)} "
                   f"({term(lines[cut].strip()[:60])})", below)]
        lines = lines[:cut + 1]
    read_dumps = dumps[:1] if second is not None else dumps
    unread: list[tuple[int, int]] = []
    for layout in (partial(outline, unread=unread), quoted, flat):
        found = layout(lines, thread)
        if found is not None:
            comments, article_lines, section_start = found
            for line, headers in unread:  # (line: from 1)
                ctx.note(f"the comment list stops being readable at line {_file_line(line - 1, joined, text, body)}, "
                         f"and {plural(headers, 'comment header')} below it {'was' if headers == 1 else 'were'} not "
                         "read (two pages of comments pasted into one file? save each page in its own file)")
            for where, below in pasted:
                _note_second_page(ctx, where, comments, below)
            mark_deleted(comments)
            mark_pending(comments)
            star_ratings(comments)
            vote_counts(comments)
            _flag_inferred(comments, inferred, moved, ctx)
            thread.article_text = _article(textbrowser.join_wrapped_links(article_lines)) or None
            _note_one_column(comments, ctx)
            if comments and comments[0].meta.pop("opening_post", None):
                _opening_post(thread, comments, ctx)
            if not meta.get("title"):  # a "Name says:" line opening the section is no title
                thread.title = _title(lines[:section_start])
            thread.declared_count = _declared(lines[:section_start])
            _count_link(thread, lines[:section_start], keep_id=bool(meta.get("slug")))
            if read_dumps and thread.url is None:
                _page_address(thread, read_dumps, ctx, keep_id=bool(meta.get("slug")))
            if meta:
                _render(thread, comments)
            return [ParsedThread(thread, comments)]
    for where, below in pasted:
        _note_second_page(ctx, where, [], below)
    thread.article_text = _article(lines) or None
    if meta:
        _render(thread, [])
    thread.declared_count = _declared(lines, in_prose=False)
    heading = next((line.strip() for line in lines if SECTION_HEAD.match(line.strip())), None)
    if heading and thread.declared_count is None:
        ctx.note(f"the page has a comment section ({term(heading)!r}) but no comment in it was recognised: "
                 "read as an article without comments; its comments are not in the output")
    else:
        ctx.note("no comment section recognised: read as an article without comments")
    return [ParsedThread(thread, [])]


#: A date without a year at the end of a header line ("Mar 5", "5. März"), alone or glued to the
#: name before it ("Laura MitchellMar 5", Substack), or after a separator ("Priya • Mar 5"); an
#: edit mark may follow ("Mar 6edited Mar 6").
_NO_YEAR = re.compile(rf"(?:^|(?<=[^\W\d_.])|(?<=[^\W\d_]\.)|\s[•·|]\s)(?:(?P<mon>{dates.MONTH_RE})\.?\s(?P<d>\d{{1,2}})"
                      rf"|(?P<d2>\d{{1,2}})\.\s?(?P<mon2>{dates.MONTH_RE})\.?)(?P<edited>\s*(?:edited|bearbeitet)\b.*)?$", re.I)
_MAX_HEADER = 60  # characters: a longer line is text, whatever date it ends with
#: The year a header date without one is read in while the page states none (a leap year, so
#: "Feb 29" is a date); such dates are emptied after the headers are found (:func:`_flag_inferred`).
_NO_PAGE_YEAR = 4


def _with_year(lines: list[str]) -> tuple[list[str], dict[str, str], int | None]:
    """``lines`` with the year put into header dates that show none ("Mar 5": Substack prints the
    year only for dates outside the current one), the dates so completed (ISO day → the date as
    shown), and the year they were moved to past the years comment dates show (None when not).
    A year-less date falls on or after the page's first full date line (the post's), the year
    after it where the month and day fall before it, and after every year a comment's header
    date shows ("Jan 5, 2023" under a post of Dec 10, 2022: a "Mar 5" is then 2024-03-05, not
    2023-03-05: that year would have been printed). Without a full date above them they stay as shown."""
    heading = next((i for i, line in enumerate(lines) if SECTION_HEAD.match(line.strip())), None)
    anchor, shown_years, found_at = None, [], []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or len(stripped) > _MAX_HEADER:
            continue
        if dates.looks_like_date_line(stripped):
            in_comments = i > heading if heading is not None else anchor is not None
            if in_comments and (dates.human_start(stripped) or _under_name(lines, i)):
                shown_years.append(int(dates.human(stripped)[:4]))  # a comment's header date, not the post's
            if anchor is None:
                anchor = dates.human(stripped)
                continue
        m = _NO_YEAR.search(stripped)
        if m is None or not m.start() and not _under_name(lines, i):  # "March 5" alone under a sentence: text
            continue
        found_at.append((i, m, anchor))  # the full date above it, if any
    out, inferred = list(lines), {}
    later = max(shown_years) + 1 if shown_years else None
    for i, m, above in found_at:
        line = lines[i]
        shown = f"{m.group('mon') or m.group('mon2')} {m.group('d') or m.group('d2')}"
        bound = max(above[:10], f"{later:04d}-01-01") if above and later else above and above[:10]
        year = int(bound[:4]) if bound else _NO_PAGE_YEAR
        found = dates.human(f"{shown}, {year:04d}")
        if found is not None and bound and found < bound:
            found = dates.human(f"{shown}, {year + 1}")
        if found is None:
            continue
        end = len(line.rstrip()) - len(m.group("edited") or "")  # "Dave KerrMar 6edited Mar 6": the year after the first
        out[i] = f"{line[:end]}, {found[:4]}{' ' + m.group('edited').strip() if m.group('edited') else ''}"
        inferred[found] = shown
    moved = later is not None and anchor is not None and later > int(anchor[:4]) and any(above for *_, above in found_at)
    return out, inferred, later if moved else None


def _under_name(lines: list[str], i: int) -> bool:
    """Whether line ``i`` (a date alone) is under a name (five words at most, no sentence): the
    line above it, or the one above a blank line."""
    above = next((lines[k].strip() for k in range(i - 1, max(i - 3, -1), -1) if lines[k].strip()), "")
    return textbrowser.name_like(above) and len(above.split()) <= 5 and not dates.looks_like_date_line(above)


def _flag_inferred(comments: list[Comment], inferred: dict[str, str], moved: int | None, ctx: Context) -> None:
    """Comments dated by a header date the year was put into: flag ``inferred_date``, the date
    as shown in ``meta.date_text``; one note, naming the year when it is not the page's (``moved``)."""
    dated = [c for c in comments if c.created_at and c.created_at[:10] in inferred]
    unknown = 0
    for c in dated:
        c.meta.setdefault("date_text", inferred[c.created_at[:10]])
        if c.created_at.startswith(f"{_NO_PAGE_YEAR:04d}-"):  # no year on the page: not guessed
            c.created_at, unknown = None, unknown + 1
            c.flag("invalid_date")
        else:
            c.flag("inferred_date")
    first = next(iter(inferred.values()), "")
    if len(dated) > unknown:
        year = (f"{moved}, the year after the latest one a comment date shows (a site prints the year only for other "
                "years than the current one)") if moved else "the year of the page's date"
        ctx.note(f"{plural(len(dated) - unknown, 'comment date')} shown without a year (first {first!r}): read in "
                 f"{year} (flag inferred_date)")
    if unknown:
        ctx.note(f"{plural(unknown, 'comment date')} shown without a year (first {first!r}) and no full date above "
                 "them on the page: left empty (flag invalid_date, the date as shown in meta.date_text)")


#: A line that opens with a count (after a heading's ``#``, a bullet or a link's ``[``): "25 Kommentare",
#: "## 70 thoughts on “…”", "[12 Antworten](#comments)". Where no comment section was found only such a
#: line states the page's count. Why: prose and table cells that mention comments ("25 (10 top-level,
#: 15 replies, depth 2)" in a README) were read as a stated count, and the summary warned of 15 lost.
_COUNT_OPENS = re.compile(r"^[\s#>*•\-\[]*\d{1,6}\s")


def _declared(lines: list[str], in_prose: bool = True) -> int | None:
    """The count the page states above its comments: "12 Kommentare" (number and word on
    one line; with ``in_prose`` False only on a line it opens, :data:`_COUNT_OPENS`), else a
    heading "Kommentare (12)" (JComments) or a heading over the number alone ("Comments" over
    "12", Drupal Olivero)."""
    stated = declared_count("\n".join(lines if in_prose else [line for line in lines if _COUNT_OPENS.match(line)]),
                            one_line=True)
    if stated is not None:
        return stated
    heading = next((m for line in reversed(lines) if (m := _HEAD_COUNT.match(line.strip()))), None)
    if heading:
        return int(heading.group(1))
    text = [line.strip() for line in lines if line.strip()]
    return next((int(nxt) for line, nxt in zip(text, text[1:]) if SECTION_HEAD.match(line) and re.fullmatch(r"\d{1,6}", nxt)), None)


_HEAD_COUNT = re.compile(r"^(?:Kommentare|Comments|Leserkommentare|Reaktionen|Responses)\s*\((\d{1,6})\)$", re.I)


def _note_one_column(comments: list[Comment], ctx: Context) -> None:
    """Note a flat section whose headers stand in one column (:func:`plaintext_flat._one_column`):
    the nesting is not in the copy, so its comments are read as top-level."""
    top = comments[0].meta.pop("one_column", None) if comments else None
    if top:
        headers = sum(c.kind == "comment" for c in comments)
        ctx.note(f"the {headers} comment headers all stand in one column: the copy shows no nesting "
                 "(none on the page, or the browser's copy of its text dropped the indentation); "
                 f"{plural(top, 'comment')} read as top-level"
                 + ("" if top == headers else " (the others answer a comment their first line names)"))


def _opening_post(thread: Thread, comments: list[Comment], ctx: Context) -> None:
    """A forum thread's first post is its article: taken out of the comments (replies to it
    become top-level), its text the article's, its date the thread's when it has none;
    noted with its author, which a thread record has no field for."""
    post = comments.pop(0)
    thread.article_text = post.text or thread.article_text
    thread.published_at = thread.published_at or post.created_at
    for c in comments:
        if c.parent_id == post.id:
            c.parent_id = None
            c.flags = [f for f in c.flags if f != "inferred_parent"]
    ctx.note(f"the first post (by {term(post.author or 'an unnamed poster')}) opens a forum thread: "
             "read as the article, not as a comment")


def _render(thread: Thread, comments: list[Comment]) -> None:
    """Texts of a Markdown source (front matter) as its site generator shows them: inline
    HTML stripped and entities decoded (``Daten<del>scheiß</del>schutz``, ``geht&trade;``,
    an address written as ``k&#107;&#108;…``), lines and paragraphs kept; text without
    markup (:func:`is_markup`) as written. Why: the article kept raw HTML and entities."""
    if thread.article_text and is_markup(thread.article_text):
        thread.article_text = html_to_text(thread.article_text, raw_newlines=True) or None
    for c in comments:
        if is_markup(c.text):
            c.text = html_to_text(c.text, raw_newlines=True)


def _title(lines: list[str]) -> str | None:
    """The first line of text, unless longer than a title or a "Name says:" header; a page copied footer first
    has its title after the footer (:func:`_footer_lines`); a text browser's furniture above it skipped
    (lynx's list of the page's feeds, whose own comment feed names the post; skip links, labels, menus)."""
    text = [line.strip() for line in lines if line.strip()]
    start = _footer_lines(lines)
    if start < len(text) and (heading := _HEADING.match(text[start])):  # a Markdown "# Title"
        return heading.group(1).strip()[:200] or None
    if start < len(text) and text[start].startswith("#"):  # lynx's list of the page's <link>s: its feeds
        block = next((i for i, line in enumerate(lines) if line.strip()), 0)
        end = next((i for i in range(block, len(lines)) if not lines[i].strip()), len(lines))
        named = _FEED_TITLE.search(" ".join(line.strip() for line in lines[block:end]))
        if named:
            return named.group(1).strip()
        start += end - block
    while start < len(text) and _BROWSER_FURNITURE.match(text[start]):
        start += 1
    first = text[start] if start < len(text) else None
    return first if first and len(first) <= 200 and not SAYS.match(first) else None  # "Name says:" opens a comment


#: A Markdown (ATX) heading: "#" to "######", a space, the title. lynx's <link> list has no space after its "#".
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?$")
#: The post's own comment feed in lynx's list of a page's <link>s ("#Site » Feed Site » Comments Feed Site »
#: TITLE Comments Feed alternate …"): its title. Why: the list itself was the title.
_FEED_TITLE = re.compile(r"^#.*» (?!(?:Feed|Comments Feed|Kommentar-Feed)\b)(.{1,200}?) (?:Comments Feed|Kommentar-Feed)\b")
#: Lines a text browser prints above a page's title that are no title: skip links, a lone menu word, an image's or
#: an input field's label ("[LOGO]", "[        ]"), a list item of the navigation ("• Home"), a date alone.
_BROWSER_FURNITURE = re.compile(r"^(?:skip to\b.*|zum inhalt springen|menu|menü|\[[^\]]{0,60}\]|[•◦▪‣□■☆○●◇◆▫*+-](?: .*)?|iframe:.*|"
                                r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}, \d{4})$", re.I)


def _footer_lines(lines: list[str]) -> int:
    """How many of the first lines of text are a footer copied first: none unless the
    very first is a footer line (copyright, a privacy or cookie policy, a sponsor); then
    the footer goes on while the next footer line follows within ``_FOOTER_GAP`` lines
    that are sentences (a reprint notice), never over a line that reads like a title
    (no closing punctuation) — a run, not the last hit anywhere among the first ten,
    which an article's own mention of a privacy policy below its title made the end."""
    text = [line.strip() for line in lines if line.strip()][:10]
    footer = lambda line: len(line) <= _FOOTER_LONGEST and _FOOTER.search(line)  # noqa: E731 - no paragraph
    if not text or not footer(text[0]):
        return 0
    end = 0
    for i, line in enumerate(text):
        if footer(line):
            end = i + 1
        elif i >= end + _FOOTER_GAP or not line.endswith((".", "!", "?", ":", ")")):
            break
    return end


#: Comment headers on each side of a footer line that make it the end of one page pasted above another.
_PAGE_HEADERS = 2
#: Gaps between comment headers with a footer phrase that are read to see whether it stands outside every
#: comment (one read of the copy down to the gap's end each): bounded, so the search stays linear in a copy
#: of any length; past it no second page is looked for (nothing is cut, so nothing is lost).
_PAGE_CHECKS = 16


def _second_page(lines: list[str]) -> tuple[int, list[Comment]] | None:
    """(the footer line that ends the first page, the comments of the page below it) when a text browser's
    copy holds two pages: a footer line (copyright, a privacy or cookie policy: :data:`_FOOTER`) with
    comment-list headers above it and below it, each of the two or more, that stands outside every
    comment: no deeper than the comment header above it (a comment's wrapped title or text is
    indented under its marker), over no date line (a header's name or title) and in no comment's text (:func:`_outside_comments`). A page's footer
    stands below its comments; a second list below it is another page's (or the same page's again).
    Why: two pasted pages lost one page's comments, or read the other's twice, silently; and a comment
    that only mentions a footer phrase ("…their privacy policy scared me off.", "Recipe © 2019 my
    grandmother") cut a page on its own."""
    marked = list(lines)  # header_lines joins a bare marker with its header in place: on a copy
    ends = {i: i for i in textbrowser.header_lines(marked, list_marker, SAYS, both=True)[0]}  # first line → last
    for first, _, body in flat_headers(lines):  # wpDiscuz: flush left, no list; its header ends at the date line
        ends[first] = max(body, ends.get(first, first))
    headers = sorted(ends)
    if len(headers) < 2 * _PAGE_HEADERS:
        return None
    checked = 0
    for k in range(_PAGE_HEADERS - 1, len(headers) - _PAGE_HEADERS):
        column = textbrowser.indent(lines[headers[k]])  # the comment above's (a sidebar's header below may stand left)
        footers = [i for i in range(headers[k] + 1, headers[k + 1])
                   if _is_footer(lines[i]) and textbrowser.indent(lines[i]) <= column and not _over_date(lines, i)]
        if not footers:
            continue
        if checked == _PAGE_CHECKS:
            return None
        checked += 1
        i = _outside_comments(lines[:ends[headers[k + 1]] + 1], footers)
        if i is None:
            continue
        rest = _read_alone(lines[i + 1:])  # its comments, as that page alone reads
        return (i, rest) if rest is not None and len(rest) >= _PAGE_HEADERS else None
    return None


def _pasted_dumps(lines: list[str], dumps: list[lynx_links.Links],
                  joined: list[int]) -> tuple[int, list[list[Comment]]] | None:
    """(the last line of the first lynx dump, the comments of each dump below it) where lynx dumps pasted into
    one file (each closed by its link list: :func:`lynx_links.dumps`) hold comments above and below the first
    list, two or more each, as each page alone reads them; else None (read whole, as before)."""
    starts = [d.page - sum(j < d.page for j in joined) for d in dumps[1:]]  # in ``lines`` (wrapped headers joined)
    first = _read_alone(lines[:starts[0]]) or []
    pages = [_read_alone(lines[a:b]) or [] for a, b in zip(starts, starts[1:] + [len(lines)])]
    if min(len(first), sum(map(len, pages))) < _PAGE_HEADERS:
        return None
    return starts[0] - 1, pages


def _over_date(lines: list[str], i: int) -> bool:
    """Is line ``i`` a header's name or title: a date line (or "geschrieben von NAME am …") among the next
    two lines of text? (lynx prints a comment title flush left, over its byline, oekonomenstimme.)"""
    nxt = textbrowser.following(lines, i)
    after = textbrowser.following(lines, nxt) if nxt is not None else None
    return any(k is not None and textbrowser.is_date_line(lines[k]) for k in (nxt, after))


def _is_footer(line: str) -> bool:
    """A line short enough for a footer line with a footer phrase in it (:data:`_FOOTER`)."""
    line = line.strip()
    return bool(line) and len(line) <= _FOOTER_LONGEST and bool(_FOOTER.search(line))


def _read_alone(lines: list[str]) -> list[Comment] | None:
    """The comments of ``lines`` as a page of its own reads them (outline, else flat), or None."""
    found = next((found for layout in (outline, flat)
                  if (found := layout(list(lines), Thread(thread_id="rest"))) is not None), None)
    return found[0] if found is not None else None


def _outside_comments(window: list[str], footers: list[int]) -> int | None:
    """The first of the ``footers`` (lines of ``window``, the copy down to the end of the next comment
    header: a wpDiscuz comment ends at the button row and date that follow its text) whose words no
    comment read from ``window`` with its author holds: a footer of the page's own, below the last
    comment's text, not a phrase inside a comment (whose wrapped line is as short as a footer line).
    (What a flat reading puts between one page's last comment and the next page's first has no author.)"""
    texts = [" ".join(c.text.split()) for c in _read_alone(window) or [] if c.author]
    return next((i for i in footers if not any(" ".join(window[i].split()) in text for text in texts)), None)


def _note_second_page(ctx: Context, where: str, read: list[Comment], below: list[Comment]) -> None:
    """The note on a second pasted page: the same page again (its comments those read, by author
    and words) was read once; another page's comments were not read."""
    seen = lambda comments: [(c.author, " ".join(c.text.split())) for c in comments]  # noqa: E731
    if seen(read) == seen(below):
        ctx.note(f"{where}: the same page again, its {plural(len(below), 'comment')} read once")
    else:
        ctx.note(f"{where}: its {plural(len(below), 'comment')} {'was' if len(below) == 1 else 'were'} not read "
                 "(two pages pasted into one file? save each page in its own file)")


def _file_line(index: int, joined: list[int], text: str, body: str) -> int:
    """The line in the file ``text`` (from 1) of ``lines[index]`` as :func:`read` holds them: the front matter above
    ``body`` counted, and each line ``join_wrapped_says`` joined onto the one before (``joined``: their indices in
    the body, rising) counted back in, a joined line numbered where its first part is. The one mapping for every
    note that names a line (the list that stops being readable, a second page's footer)."""
    return index + 1 + text.count("\n") - body.count("\n") + sum(j <= index + k for k, j in enumerate(joined))


def _first_text(lines: list[str]) -> str:
    return next((line.strip() for line in lines if line.strip()), "")


def _stated_date(lines: list[str], ctx: Context) -> str | None:
    """The date a page's first line opens with ("date 2021-09 …", "Datum: 16.09.2021"),
    taken off that line (it is no article text: noted, with what was taken), or None."""
    for i, line in enumerate(lines):
        if line.strip():
            m = _DATE_MARK.match(line)
            when = dates.normalize(m.group(1)) if m else None
            if when:
                lines[i] = line[m.end():]
                ctx.note(f"the first line's date {term(m.group(0).strip())!r} is the page's published_at "
                         "(taken off the article text)")
            return when
    return None


_LINK_TARGET = re.compile(r"\]\([^()\s]*\)")


def _count_link(thread: Thread, lines: list[str], keep_id: bool) -> None:
    """The permalink of the count line ("[70 thoughts on …](/blog/2017/01-16-…)", a link the
    browser wrapped read whole), which a text-browser copy of a WordPress page keeps: the
    thread's ``url`` and ``thread_id`` (unless the front matter names a slug), as the page's
    other copies read it; its site when absolute; its date when the page gives none."""
    link = count_link("\n".join(textbrowser.join_wrapped_links(lines)))
    if link:
        _named_by(thread, link, keep_id)


def _named_by(thread: Thread, link: str, keep_id: bool) -> None:
    """``link``, the page's own address a copy gives, as the thread's ``url``, ``thread_id`` (unless
    the front matter names a slug), site when absolute, and date when the page gives none."""
    thread.url = thread.url or link
    thread.site = thread.site or site_from_url(link)
    thread.thread_id = thread.thread_id if keep_id else link
    thread.published_at = thread.published_at or textbrowser.permalink_date(link)


def _page_address(thread: Thread, dumps: list[lynx_links.Links], ctx: Context, keep_id: bool) -> None:
    """The page's address from the link lists of the lynx dumps read (its comments' permalinks, a comment
    page's ``comment-page-N/`` left out): the thread's ``url`` and ``thread_id``, as the saved page names it,
    so that the page and its text copy are one thread; noted. Dumps of pages with other addresses name none."""
    found = [lynx_links.page_address(links) for links in dumps]
    if None in found or len({address for address, _ in found}) != 1:
        return
    address, count = found[0][0], sum(count for _, count in found)
    _named_by(thread, post_address(address), keep_id)
    ctx.note(f"the thread's address {term(thread.url)} is the one {plural(count, 'comment permalink')} in lynx's "
             "link list share")


def _article(lines: list[str]) -> str:
    """Article text: lines up to the first share box/author box, count lines removed (a
    count line's link target does not count towards its length: it is no sentence)."""
    kept: list[str] = []
    for line in lines:
        if _CHROME_START.match(line.strip()):
            break
        shown = _LINK_TARGET.sub("]", line.strip())
        if declared_count(line) is not None and len(shown) < 120 and re.match(r"^\W*\d", shown):
            continue
        kept.append(line.strip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()



READER = Reader(NAME, sniff, read)
