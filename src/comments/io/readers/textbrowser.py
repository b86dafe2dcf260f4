"""What text browsers (lynx, w3m) do to a comment list, for the plain-text reader.

A rendered comment list is a nested list whose items open with "Name says:". lynx
marks nested ``ul`` levels with ``*  +  o  #  @  -``, w3m with ``•  □  ☆  ○ …``;
both stop indenting at some depth (lynx after ~6 levels), so that deeper replies
share one column and only the list numbering still tells the nesting: a "1." in
the column of the open comment starts its replies, an "N." continues the deepest
open list whose last item is N-1.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Protocol

from comments.io.readers import moderation
from comments.model import dates

#: List bullets of both browsers (any level); only "Name says:" items count as comments.
BULLET = re.compile(r"^(\s*)([•◦▪‣□■☆○●◇◆▫*+o#@-])\s+(.*\S)\s*$")
_BY = re.compile(r"\b(?:von|by)\s+(\S.{0,60}?)\s+(?:am|on)\s+\S", re.I)
_BUTTON = re.compile(r"^(?:\[?\s*)?(?:Reply|Antworten|Antwort|Beantworten|Liken(?:Liken)?|Like|Gefällt mir|"
                     r"Antworten mit Zitat|Zitieren|Reply with quote|Quote|Nach oben|Back to top|Permanenter Link|Permalink|Edit|Bearbeiten|"
                     r"Melden|Report|Share|Teilen|Upvote|Downvote)(?:\s*[›»>↓↑→])?(?:\s*\])?$", re.I)  # Disqus: "Share ›", "Reply ↓"
_BUTTONS_INLINE = re.compile(r"\[\s*(?:antworten|reply|melden|report)\s*\]", re.I)
_JUNK = re.compile(r"(?:\S*@\S*|\[[^\]]*\]|Avatar(?:-Foto)?|Profilbild)\s+", re.I)  # an avatar's alt text (.match)
_TWO_WORDS = re.compile(r"\S\s+\S")
BARE = re.compile(r"^\s*(?:\d{1,4}\.|[•◦▪‣□■☆○●◇◆▫*+o#@-])(?:\s+\[[^\]]{0,40}\]){0,3}\s*$")  # "•", "• [ab12]"
#: Header lines that name nobody: vote counts ("0 points", "+7"), member statistics
#: ("Beiträge: 220"), an image's alt text alone ("[x]", "[x.png]"), an avatar's initial
#: ("L"), lynx's unlabelled buttons ("(BUTTON) (BUTTON)").
_FURNITURE = re.compile(
    r"^(?:(?:Beiträge|Posts|Registriert|Joined|Member since|Mitglied seit|Wohnort|Location|Karma|Reputation|Reaktionen|Reactions)\s*:.{0,60}"
    r"|#\d{1,7}"  # a forum post's number
    r"|\[(?!(?:deleted|removed|gelöscht|entfernt)\])[^\]]{0,40}\]|[^\W\d_]|Avatar|Profilbild|\(BUTTON\)(?:\s*\(BUTTON\))*(?:\s+\S.{0,40})?)$", re.I)
#: A row of buttons and counts, glued or not ("+7Antworten | Antworten mit Zitat", "AntwortenMelden0 Empfehlungen").
_COUNT_TOKEN = r"[+\-−]?\d{1,7}(?!\d)(?:\s*(?:points?|Punkte|votes?|Stimmen|likes?|Empfehlungen|Antworten))?"
_BUTTON_WORD = (r"Antworten mit Zitat|Antworten|Antwort|Beantworten|Reply|Zitieren|Quote|Melden|Report|Share|Teilen|"
                r"Like|Liken|Gefällt mir|Upvote|Downvote|Permalink|Permanenter Link|Löschen|Delete|Edit|Bearbeiten|"
                r"By Post Author|Post author|Beitragsautor|[↓↑→]")  # Twenty Twenty's "ReplyBy Post Author", "Reply ↓"
#: What a theme prints after the name: the post author's badge ("Sabine Roth Post author", Twenty
#: Twelve; "Beitragsautor", "By Post Author"), Genesis's "says" without its colon.
#: Twenty Twenty hides "says:" but a text browser glues it to the name ("Jenssays:").
#: As the templates write them (case-sensitive), whole trailing phrases only, once: a surname
#: is none ("Greg Autor", "Kathrin Sagt").
_BADGE = re.compile(r"(?:(?<=\S)\s+(?:Post author|Beitragsautor|By Post Author|says|sagt)|(?<=[^\W\d_]|\.)(?:says|sagt):)$")
_BUTTON_ROW = re.compile(rf"(?:(?:{_COUNT_TOKEN}|{_BUTTON_WORD}|[|·•])\s*)+", re.I)
#: Words a date line opens with that name no author ("Veröffentlicht: 4. März", "Bearbeitet am …", "Tue, 05.03.2024").
_NO_NAME = re.compile(r"^(?:Gelöscht von|Deleted by|Veröffentlicht|Published|Posted|Erstellt|Created|Bearbeitet|Zuletzt|Edited|Updated|Aktualisiert|"
                      r"Gespeichert|Submitted|Geschrieben|Written|"
                      r"Geändert|Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Montag|Dienstag|Mittwoch|Donnerstag|"
                      r"Freitag|Samstag|Sonntag|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)
#: What the words before a date end with in prose, not in a header: a preposition or article
#: ("Titelseite der FAZ vom 2.4.2019", "updated on", "Stand am"), or a label's colon inside them
#: ("Beitragsbild: Titelseite …", "Foto: …").
_PROSE_BEFORE_DATE = re.compile(r"(?:^|\s)(?:vom|von|am|um|im|seit|bis|ab|zum|zur|des|der|dem|den|die|das|ein|eine|einem|"
                                r"on|of|from|since|until|at|by|the|a|an|in)$|\S:\s", re.I)
#: A list bullet of either browser before a line's text.
_ITEM_MARK = re.compile(r"^[•◦▪‣□■☆○●◇◆▫*+o#@-]\s+(?=\S)")
#: A name ending in an initial ("Tom B.") ends in a period that closes no sentence.
_INITIAL_END = re.compile(r"(?:^|\s)[^\W\d_]\.$")
#: What a header line puts before its author ("Beitrag von", "by") and after it (" » ", a weekday).
_NAME_LEAD = re.compile(r"^(?:Beitrag\s*von|geschrieben von|posted by|von|by)\s+", re.I)
_NAME_TAIL = re.compile(r"(?:\s*#\d{1,6}.*|[\s»|–:,@-]+(?:(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,?\s*)?)$")
PING = re.compile(r"^(?P<kind>Pingback|Trackback)\s*:\s*\S", re.I)
#: A forum's edit note under a post ("Zuletzt geändert von Olaf am …", "Last edited by …"): no words of the post.
EDIT_NOTE = re.compile(r"^(?:Zuletzt bearbeitet(?: (?:vor|am|von)\s|:\s)|Last edited:\s|Zuletzt geändert von\s|Last edited (?:by|on|\d))", re.I)

#: The note a theme shows its author under a comment still held for moderation (``fullmatch``).
MODERATION = moderation.NOTE


class _Open(Protocol):
    start: int
    number: int | None
    parent: object
    children: int


def is_header(rest: str, says: re.Pattern, lines: list[str] | None = None, i: int = 0) -> bool:
    """Does a list item (``rest`` on line ``i``) open with a comment header: "Name says:",
    "Pingback: …", a name over a date line, or a date line naming its author ("Martina K.
    5. März 2024Antworten", OceanWP)?"""
    return bool(says.match(rest) or PING.match(rest)) or (lines is not None and (
        name_over_date(rest, lines, i) or name_before_date(clean_author(rest)) is not None))


def name_over_date(rest: str, lines: list[str], i: int) -> bool:
    """A short name line whose next non-empty line (within four) is only a date."""
    name = clean_author(rest)
    nxt = following(lines, i)
    if nxt is not None and not is_date_line(lines[nxt]) and repeats_name(name, lines[nxt]):
        nxt = following(lines, nxt)  # "Laura Mitchell Avatar" over "Laura Mitchell" over the date
    if not name or nxt is None or not is_date_line(lines[nxt]) or dates.looks_like_date_line(name):
        return False
    if byline_author(lines[nxt]):
        return len(name) <= 120  # a comment's title over "von NAME am …"
    return name_like(name) and not is_furniture(name)


def repeats_name(name: str | None, line: str) -> bool:
    """Is ``line`` the header's name again (under its avatar's alt text) or furniture
    ("0 points")? Either stands between a header's name and its date."""
    return is_furniture(line) or (bool(name) and clean_author(line) == name)


def name_like(line: str) -> bool:
    """Short enough for a name and not ending like a sentence ("Tom B." does: an initial)."""
    return 0 < len(line) <= 60 and (line[-1] not in ".!?:,;" or bool(_INITIAL_END.search(line)))


def is_furniture(line: str) -> bool:
    """Is ``line`` part of a comment's header or footer that names nobody: a vote count,
    member statistics, an avatar's alt text or initial, a row of buttons ("+7Antworten |
    Antworten mit Zitat")? Why: such lines were read as the comment's author."""
    s = _ITEM_MARK.sub("", line.strip())  # "* Zitieren", "☆ Reply": a list of one button
    if len(s) == 1 and _ITEM_MARK.match(s + " x"):
        return True  # a list bullet alone
    if not s:
        return False
    return bool(_FURNITURE.match(s) or _BUTTON.match(s) or (len(s) <= 120 and _BUTTON_ROW.fullmatch(s)))


#: A day glued to the name before it ("Jens5. März 2024", Blogger).
_GLUED_DAY = re.compile(r"(?<=[^\W\d_])(?=\d{1,2}\.\s?[^\W\d_]{3})")


def unglue(line: str) -> str:
    """``line`` with a space between a name and the day glued to it ("Jens5. März 2024")."""
    return _GLUED_DAY.sub(" ", line)


def name_before_date(line: str) -> str | None:
    """The author a header line names before its date ("Jens #2Jens05.03.2024 10:02",
    "Beitrag von Jens » Di 5. Mär 2024, 10:02", "Martina K. 5. März 2024Antworten"), else None."""
    s = unglue(line.strip())
    if not is_date_line(s) or (start := dates.human_start(s)) is None:
        return None
    if is_furniture(s):
        return None  # "Registriert: Mi 12. Okt 2022": member statistics
    name = _BADGE.sub("", _NAME_TAIL.sub("", _NAME_LEAD.sub("", s[:start].strip())))
    words = name.split()
    if (not words or len(words) > 5 or _NO_NAME.match(name) or not name_like(name) or is_furniture(name)
            or not re.search(r"[^\W\d_]", name) or _PROSE_BEFORE_DATE.search(name)):
        return None  # (prose: an image caption's "Beitragsbild: Titelseite der FAZ vom 2.4.2019, Ausriss.")
    return name


def date_line(line: str, order: tuple[int, int] | None = None) -> str | None:
    """ISO date of a line that is only a date (buttons beside it allowed), else None.
    Also reads "13 Dezember, 2015", "14/04/2020", "12/31/2011" and "8. April 2019 @ 11:38", which
    themes print that way (the HTML reader reads its date boxes with this too). A slashed
    date whose day and month could be either ("Tue, 03/05/2024", Drupal's m/d/Y) is read
    in the order its printed weekday fits, else in ``order`` (:func:`slashed_order`), else
    not at all (:func:`is_date_line` still knows it for a date line): a guess was silent."""
    text, m = ambiguous_date(line)
    if m:
        readings = [r for r in (in_order(text, m, o) for o in ((2, 1), (1, 2))) if r]  # (day group, month group)
        printed = _weekdays(text)
        fits = [r for r in readings if date.fromisoformat(r[:10]).weekday() in printed]
        if len(fits) == 1:
            return fits[0]
        return in_order(text, m, order) if order and (fits or not printed) else None
    if m := SLASHED.search(text):  # the order one number above 12 makes certain ("14/04/2020", "12/31/2011")
        return in_order(text, m, (2, 1) if int(m.group(2)) > 12 else (1, 2))
    return _read_date_text(text)


def ambiguous_date(line: str) -> tuple[str, re.Match | None]:
    """The line's date text, and its slashed date if day and month could be either."""
    text = _BUTTONS_INLINE.sub("", line).strip()
    text = re.sub(r"(?<=[^\W\d_]{3})[,]\s+(?=\d{4})", " ", text)  # "Dezember, 2015"
    m = SLASHED.search(text)
    return text, m if m and m.group(1) != m.group(2) and max(map(int, m.group(1, 2))) <= 12 else None


def _read_date_text(text: str) -> str | None:
    text = re.sub(r"\s@\s", " ", text)  # "8. April 2019 @ 11:38"
    if not text or len(text) > 60 or not dates.looks_like_date_line(text):
        return None
    return zoned(text)


def as_pingback(c) -> None:
    """Make ``c``, whose text is "Pingback: TITLE" (or "Trackback: …"), the record the HTML
    reader makes of it: kind ``pingback``/``trackback``, the linking page's title its author."""
    m = PING.match(c.text)
    c.kind = m.group("kind").lower()
    c.author = " ".join(c.text[m.end() - 1:].split("\n\n", 1)[0].split()) or None


def zoned(text: str) -> str | None:
    """The date :func:`dates.human` reads in ``text``, with the zone printed after its clock
    ("… at 11:05 pm EST", "… um 23:05 Uhr MEZ": :func:`dates.written`); a zone named but not
    readable ("IST": three zones) leaves the time as the page shows it, without one. Why: copies
    dropped the zone their page printed, and so did dates read from a page's date box. "8. April
    2019 @ 11:38" is read with its time (a flat copy's header kept only the day)."""
    text = re.sub(r"\s@\s", " ", text)
    return dates.written(text) or dates.human(text)


#: A numeric date with slashes: "03/05/2024".
SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
#: A weekday printed with a date, English or German ("Tue", "Tuesday", "Di.", "Dienstag").
_WEEKDAY = re.compile(r"\b(?:(mon|tue|wed|thu|fri|sat|sun)(?:s|day|sday|nesday|rsday|urday)?"
                      r"|(mo|di|mi|do|fr|sa|so)(?:ntag|enstag|ttwoch|nnerstag|eitag|mstag|nnabend|nntag)?)\b", re.I)
_WEEKDAY_NUMBER = {name: n for n, names in enumerate(("mon mo", "tue di", "wed mi", "thu do", "fri fr", "sat sa", "sun so"))
                   for name in names.split()}


def _weekdays(text: str) -> set[int]:
    """The weekdays (0 = Monday) printed on a date line."""
    return {_WEEKDAY_NUMBER[(m.group(1) or m.group(2)).lower()] for m in _WEEKDAY.finditer(text)}


def in_order(text: str, m: re.Match, order: tuple[int, int]) -> str | None:
    """``text``'s slashed date read with day and month in ``order`` (day group, month group)."""
    return _read_date_text(f"{text[:m.start()]}{m.group(order[0])}.{m.group(order[1])}.{m.group(3)}{text[m.end():]}")


def is_date_line(line: str) -> bool:
    """Is ``line`` only a date, also one :func:`date_line` leaves unread (day and month
    could be either)? Why: such a line still ends a comment's header."""
    text, m = ambiguous_date(line)
    return (in_order(text, m, (1, 2)) if m else date_line(line)) is not None


def slashed_order(texts) -> tuple[int, int] | None:
    """The order of day and month in a page's slashed dates, as (day group, month group),
    when its unambiguous ones ("14/04/2020", "12/31/2011") agree; else None."""
    orders = set()
    for text in texts:
        for m in SLASHED.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                orders.add((1, 2))
            elif b > 12 >= a:
                orders.add((2, 1))
    return orders.pop() if len(orders) == 1 else None


def read_date(comment, line: str, order: tuple[int, int] | None) -> str | None:
    """``comment``'s date from its date line; a slashed one whose day and month could be
    either and nothing decides is flagged ``invalid_date`` and kept as shown in ``meta``."""
    found = date_line(line, order)
    if found is None and is_date_line(line):
        comment.flag("invalid_date")
        comment.meta.setdefault("date", line.strip())
    return found


def following(lines: list[str], i: int, within: int = 4) -> int | None:
    """The next non-empty line after ``i`` (within ``within`` lines)."""
    return next((k for k in range(i + 1, min(i + 1 + within, len(lines))) if lines[k].strip()), None)


def byline_author(line: str) -> str | None:
    """ "geschrieben von NAME am DATE", "by NAME on DATE": the name."""
    m = _BY.search(line)
    return m.group(1).strip() if m else None


#: "vor 2 Stunden", "gestern um 14:05", "2 hours ago", "yesterday": a date line without a date.
RELATIVE_DATE = re.compile(
    r"^(?:vor\s+(?:\d{1,3}|einer?|einem|wenigen)\s+(?:Sekunden?|Minuten?|Stunden?|Tag(?:e|en)?|Wochen?|Monat(?:e|en)?|Jahr(?:e|en)?)"
    r"|(?:vor)?gestern|heute|soeben|gerade eben|just now|yesterday|today"
    r"|(?:\d{1,3}|an?|a few)\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago)"
    # one optional separator after another, each with its own spaces: no two \s* over the same run (linear)
    r"(?:\s*(?:,\s*)?(?:(?:um|at)\s*)?\d{1,2}:\d{2}(?:\s*(?:Uhr|am|pm))?)?$",
    re.I,
)


def is_button(line: str) -> bool:
    """Is ``line`` only a reply/like/report button label ("Antworten", "[Reply]", "Melden")?"""
    return bool(_BUTTON.match(line.strip()))


def trim_buttons(body: list[tuple[int, str]], furniture: bool = False) -> list[tuple[int, str]]:
    """Without the reply/like buttons and blank lines a rendered comment ends with (found
    from the end, sliced once: linear in a run of any length), button rows included;
    ``furniture``: vote counts and such (:func:`is_furniture`) too."""
    end = len(body)
    while end and (not body[end - 1][1] or _BUTTON.match(body[end - 1][1]) or is_button_row(body[end - 1][1])
                   or (furniture and is_furniture(body[end - 1][1]))):
        end -= 1
    return body[:end]


def is_button_row(line: str) -> bool:
    """A row of buttons, glued or with counts ("AntwortenLöschen", "+7Antworten | Zitieren"),
    not a number alone (which a comment may end with)."""
    s = line.strip()
    return len(s) <= 120 and bool(_BUTTON_ROW.fullmatch(s)) and bool(re.search(r"[^\W\d_]", s))


def header_lines(lines: list[str], marker, says: re.Pattern, both: bool = False) -> tuple[list[int], bool]:
    """Lines that are list items opening with a comment header, and whether those are
    "says:" headers (where a page has them, a name over a date is not enough: related
    posts look like that too). A marker alone on its line (lynx puts a block after its
    bullet) takes the header on the next line: ``lines`` is joined up in place. ``both``: headers
    of both kinds, whatever the page has."""
    found: dict[bool, list[int]] = {True: [], False: []}  # "says:" headers, name-over-date headers
    for i, line in enumerate(lines):
        if BARE.match(line):
            nxt = following(lines, i, 2)
            if nxt is not None and is_header(lines[nxt].strip(), says, lines, nxt):
                lines[i] = f"{line.rstrip()} {lines[nxt].strip()}"
                lines[nxt] = ""
            else:
                _meta_list(lines, i, marker)
        mk = marker(lines[i], True)
        if mk and is_header(mk[3], says, lines, i):
            found[bool(says.match(mk[3]) or PING.match(mk[3]))].append(i)
    if len(found[True]) >= 2 and not both:
        return found[True], True
    return sorted(found[True] + found[False]), False


def _meta_list(lines: list[str], i: int, marker) -> None:
    """A bare item whose header is a list of its own ("+ Antworten", "+ Name", "+ date"):
    rewritten in place as "N. Name" over the date line."""
    items: list[tuple[int, str, int]] = []  # (line, text, column of the text)
    k = i + 1
    while k < len(lines) and k <= i + 7:
        if BARE.match(lines[k]):
            items.append((k, "", 0))
        elif (mk := marker(lines[k], True)) and mk[0] > len(lines[i]) - len(lines[i].lstrip()):
            items.append((k, mk[3], mk[1] + 1))
        elif lines[k].strip():
            break
        k += 1
    items = _aligned(lines, items)
    named = [(n, text, col) for n, text, col in items if text and not _BUTTON.match(text)]
    if len(named) < 2 or not is_date_line(named[1][1]) or is_date_line(named[0][1]):
        return
    (_, name, _), (date_at, when, col) = named[0], named[1]
    lines[i] = f"{lines[i].rstrip()} {name}"
    for n, _, _ in items:
        lines[n] = " " * col + when if n == date_at else ""


def _aligned(lines: list[str], items: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """The items of a header's own list up to the first whose marker stands in another column:
    that line is the comment's ("@ Webbaer" opening its text, left of the list). Why: it was
    taken for an item of the list and emptied with it."""
    column = [len(lines[n]) - len(lines[n].lstrip()) for n, _, _ in items]
    return next((items[:k] for k in range(1, len(items)) if column[k] != column[0]), items)


def capped_sibling(stack: list, col: int, number: int, top_count: int):
    """The open item an "N." in column ``col`` continues: the deepest one in that
    column numbered N-1 whose list has N-1 items so far (None if there is none)."""
    for item in reversed(stack):
        if abs(item.start - col) <= 1 and item.number == number - 1:
            siblings = item.parent.children if item.parent is not None else top_count
            if siblings == number - 1:
                return item
    return None


def clean_author(name: str) -> str:
    """The name without the avatar alt text a browser printed before it."""
    name = re.sub(r"^[●○◦•□■☆◇◆▫]\s+(?=\S)", "", name.strip())  # w3m's mark for an image without alt text
    name = re.sub(r"^\[[^\]]{0,40}\]\s*(?=\S)", "", name)  # "[ab12]Name": an image's label
    start = 0  # junk taken off by moving on, sliced once: linear in a header of any length
    while (m := _JUNK.match(name, start)) and _TWO_WORDS.search(name, start):
        start = m.end()
    name = re.sub(r"\s+Avatar$", "", name[start:], flags=re.I)  # "Laura Mitchell Avatar" (WordPress block themes)
    name = _BADGE.sub("", name)
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        words = words[:half]  # the avatar's alt text is the name itself
    return " ".join(words)


_ROW = re.compile(r"\b(?:Antworten|Reply|Beantworten)\s*$", re.I)


def closed_by_date(lines: list[str]) -> list[tuple[int, str | None, str, list[str]]] | None:
    """Flat comments that a button row over a date line closes (wpDiscuz rendered by a
    text browser: "Name" block, text, "Daumen hoch … Antworten", date; the last one's row
    may end a copied selection, its date left out: ""). Each is (first line, author, date
    line, text lines); None unless the page looks like that.
    The nesting is gone in such a rendering: the plugin indents replies with CSS only."""
    ends = [i for i in range(1, len(lines)) if _ROW.search(lines[i - 1]) and is_date_line(lines[i])]
    if len(ends) < 2:
        return None
    first = next((k for k in range(ends[0] - 2, max(-1, ends[0] - 80), -1) if _name_block(lines, k)), None)
    # no avatar alt text over any name: a browser's copy (innerText), each name alone over a blank line
    bare = first is None and not any(_name_block(lines, k) for k in range(len(lines) - 1))
    cut = _bare_first(lines, ends[0]) if bare else None
    cut = cut if cut is not None or first is not None else _cut_name_block(lines, ends[0])
    if first is None and cut is None:
        return None
    first = cut if first is None else first
    out = []
    last = next((i for i in range(len(lines) - 1, ends[-1], -1) if lines[i].strip()), None)
    if last is not None and _ROW.search(lines[last]):  # a selection ending at the last comment's buttons, above its date
        ends = ends + [last + 1]
    for n, end in enumerate(ends):
        start = first if n == 0 else ends[n - 1] + 1
        body = lines[start:end - 1]
        k = next((j for j, s in enumerate(body) if s.strip()), None)
        if k is None:
            continue
        author = None
        if _name_block(body, k):
            author, body = body[k + 1].strip(), body[k + 2:]
        elif (n == 0 and cut is not None) or (bare and _bare_name(body, k)):
            author, body = body[k].strip(), body[k + 1:]
        out.append((start, author, lines[end] if end < len(lines) else "", body))
    return out


def _bare_name(lines: list[str], k: int) -> bool:
    """Is line ``k`` a name alone over a blank line, with the comment's text under it?"""
    name = lines[k].strip()
    return (k + 2 < len(lines) and not lines[k + 1].strip() and len(name) <= 60 and name_like(name)
            and not is_date_line(name) and not is_furniture(name) and any(s.strip() for s in lines[k + 2:]))


def _bare_first(lines: list[str], end: int) -> int | None:
    """The first comment's name line in a whole page's innerText copy of wpDiscuz (no avatar alt
    text): the nearest line above the first button row that is a name over a blank line, with
    the plug-in's header ("Alle neuen Kommentare") or nothing right above it — a paragraph's
    last line has a blank line above it or no text under it. Why: the comments were read as
    names over dates, each button row taken for an author and each text given the next name."""
    above = lines[max(0, end - 81):end - 1]  # (sliced once: the look-back is 80 lines)
    offset = max(0, end - 81)
    for k in range(len(above) - 1, -1, -1):
        if (k + offset == 0 or lines[k + offset - 1].strip()) and _bare_name(above, k):
            return k + offset
    return None


def _cut_name_block(lines: list[str], end: int) -> int | None:
    """The first line of a copy that opens with the first comment's name under an avatar's
    alt text the selection left out ("Franzi" over a blank line, its text then closed by
    the button row): that line, else None. Why: the whole section was read as name-over-date
    headers, each button row taken for an author."""
    k = next((j for j in range(end) if lines[j].strip()), None)
    if k is None or k + 1 >= end or lines[k + 1].strip():
        return None
    name = lines[k].strip()
    return k if len(name) <= 60 and name_like(name) and not is_date_line(name) else None


def _name_block(lines: list[str], k: int) -> bool:
    """An avatar's alt text glued to the name ("Franzi Franzi" / "FranziFranzi"), then the name."""
    if k + 1 >= len(lines):
        return False
    first, name = lines[k].strip(), lines[k + 1].strip()
    return bool(name) and len(name) <= 60 and first.replace(" ", "") == name.replace(" ", "") * 2


#: A Markdown link a text browser wrapped over lines ("[70 thoughts on … (January\n   2017)?”](/blog/…-201\n   7)").
_WRAPPED_LINK = re.compile(r"\[([^\[\]]{1,500})\]\(([^()\s]{0,500}(?:\n[ \t]*[^()\s]{1,500}){0,4})\)")
#: The date in a blog permalink: "/2019/03-28-slug", "/2017/01/16/slug".
_PERMALINK_DATE = re.compile(r"/((?:19|20)\d{2})/([01]\d)[/-]([0-3]\d)(?=[/-])")


def join_wrapped_links(lines: list[str]) -> list[str]:
    """``lines`` with each Markdown link that a text browser wrapped put back on one line
    (the label's line breaks become spaces, the target's vanish), so the link is read, or
    left out, as a whole instead of leaving "7)" behind."""
    text = "\n".join(lines)
    if "](" not in text:
        return lines
    joined = _WRAPPED_LINK.sub(lambda m: "[" + re.sub(r"\s*\n\s*", " ", m.group(1)) + "]("
                               + re.sub(r"\n[ \t]*", "", m.group(2)) + ")", text)
    return joined.split("\n")


def permalink_date(line: str) -> str | None:
    """The date of a blog permalink in ``line`` ("[40 thoughts on …](/blog/2019/03-28-…)"),
    as ISO, else None: a WordPress page copied from a text browser keeps no other date."""
    m = _PERMALINK_DATE.search(line)
    return dates.normalize(f"{m.group(1)}-{m.group(2)}-{m.group(3)}") if m else None


#: What is left of a "Name says:" header that the browser wrapped: the verb, at most two words before it.
_SAYS_TAIL = re.compile(r"^\s+(?:\S+\s+){0,2}(?:says|said|writes|wrote|sagt|schreibt|schrieb|meint|kommentierte)\s*:$", re.I)
_ITEM = re.compile(r"^\s*(?:\d{1,4}\.|[•◦▪‣□■☆○●◇◆▫*+o#@-])\s+\S")


def join_wrapped_says(lines: list[str], says: re.Pattern) -> tuple[list[str], list[int]]:
    """``lines`` with each "Name says:" header that the browser wrapped at its width put back on one
    line ("…' Sonja Garland" / "says:"), and the indices of the lines so joined onto the line before.
    A wrap: the line before is full (its next word would pass the page's width, the longest line
    ending in a word); not prose: lynx indents a list item's next line deeper than its first (prose lines of a
    paragraph share one column), w3m aligns it under an item's text on a bullet line."""
    width = max((len(line) for line in lines if line.strip() and len(line.split()[-1]) < 30), default=0)
    out: list[str] = []
    joined: list[int] = []
    for i, line in enumerate(lines):
        prev = out[-1] if out else ""
        if (_SAYS_TAIL.match(line) and not _ITEM.match(line) and prev.strip()
                and len(prev) + 1 + len(line.split()[0]) > width  # the next word did not fit
                # a sentence's end, or a header of its own ("Name says:": every SAYS match ends with ":")
                and not prev.rstrip().endswith((".", "!", "?", ":", ",", ";"))
                and (indent(line) > indent(prev) or (m := _ITEM.match(prev)) is not None and indent(line) == m.end() - 1)
                and says.match(f"{prev.strip()} {line.strip()}")):
            out[-1] = f"{prev} {line.strip()}"
            joined.append(i)
            continue
        out.append(line)
    return out, joined


def indent(line: str) -> int:
    """The column a line's text starts at."""
    return len(line) - len(line.lstrip())
