"""Timestamps to ISO 8601, keeping the UTC offset and partial dates as far as known."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from comments.model.errors import InputError

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6,
    "juli": 7, "oktober": 10, "dezember": 12, "okt": 10, "dez": 12, "mär": 3,
}
_MONTH_RE = MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))  # (public: the plain-text reader's year-less dates)
_TIME = r"(?:\s*(?:at|um|,|-)?\s*(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*Uhr)?)?"
_EN = re.compile(
    rf"(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}", re.I
)
_DE = re.compile(rf"\b(?P<d>\d{{1,2}})\.?\s*(?P<mon>{_MONTH_RE})\.?\s+(?P<y>\d{{4}}){_TIME}", re.I)
_NUMERIC_DE = re.compile(rf"(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}}){_TIME}")
#: ``24.09.21 14:05``: a German date with a two-digit year and a clock time (a spreadsheet's short date).
_SHORT_DE = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2})"
                       r"(?P<rest>\s*,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*Uhr)?)?\s*$")
#: ``31/12/2011``, ``9/1/2011 10:48 PM``, ``24-11-2026``: day and month in either order (Europe, the USA).
_SLASHED_HEAD = re.compile(rf"^(?P<a>\d{{1,2}})(?P<sep>[/-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}){_TIME}", re.I)
_SLASHED = re.compile(_SLASHED_HEAD.pattern + r"\s*$", re.I)
_ISO = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)
#: An ISO date and time with the zone written apart or short, as databases and loggers print it:
#: ``2021-09-24 14:03:00 +0200``, ``… UTC``/``GMT``, PostgreSQL's ``…+02``.
_ISO_ZONE = re.compile(r"^(?P<t>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
                       r"(?:\s*(?P<utc>Z|UTC|GMT)|\s*(?P<sign>[+-])(?P<h>\d{2})(?::?(?P<m>\d{2}))?)$")


#: ``Tue Nov 24 13:05:00 2026`` (C's asctime, ``date``), Twitter's ``Tue Nov 24 13:05:00 +0000 2026``:
#: the clock (and zone) between the day and the year.
_ASCTIME = re.compile(rf"^(?:[a-z]{{2,9}}\.?,?\s+)?(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})\s+(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})"
                      r"(?::(?P<s>\d{2}))?(?P<zone>\s+\S+)?\s+(?P<y>\d{4})\s*$", re.I)
#: ``2026-11-24 1:05 PM``, ``2026/11/24 13:05``: year first, so day and month are certain.
_YEAR_FIRST = re.compile(rf"^(?P<y>\d{{4}})(?P<sep>[-/])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_TIME}", re.I)
#: ``20261124T130500Z``: ISO 8601's basic format (no separators), as iCalendar and some loggers write it.
_ISO_BASIC = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})T(?P<h>\d{2})(?P<mi>\d{2})(?P<s>\d{2})?"
                        r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?$")
#: Zone names a written date may end with (minutes east of UTC): RFC 2822's, Europe's as English and German
#: sites print them, and the names the tz database gives one offset only (Asia-Pacific, Africa, Alaska and
#: Hawaii, Newfoundland; SGT as Singapore's sites print it). Names that stand for several zones (IST, CST
#: outside RFC 2822's sense …) are not guessed.
ZONES = {
    "z": 0, "ut": 0, "utc": 0, "gmt": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420, "wet": 0, "west": 60, "bst": 60, "cet": 60, "cest": 120, "mez": 60,
    "mesz": 120, "met": 60, "mest": 120, "eet": 120, "eest": 180, "msk": 180,
    "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "awst": 480, "acst": 570, "acdt": 630, "aest": 600,
    "aedt": 660, "nzst": 720, "nzdt": 780, "wib": 420, "wita": 480, "wit": 540, "pkt": 300, "idt": 180,
    "sast": 120, "wat": 60, "eat": 180, "hst": -600, "hdt": -540, "akst": -540, "akdt": -480, "nst": -210,
    "ndt": -150,
}
#: Zone names that stand for several zones (IST: India, Israel, Ireland; AST: Atlantic, Arabia …): stated, not read.
_AMBIGUOUS_ZONES = {"ist", "ast", "adt", "sst", "gst", "amt", "bt", "cat"}
#: What may follow a date's clock time: a zone name, an offset (``+0100``, ``GMT+0100``, ``UTC+1``, ``GMT-05:00``),
#: and the zone's name in brackets as JavaScript's ``Date.toString()`` adds it ("(Mitteleuropäische Normalzeit)").
_ZONE_TAIL = re.compile(r"^\s*(?:(?P<name>[a-z]{1,5})?\s*(?P<sign>[+-])(?P<off>(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)"
                        r"|(?P<alone>[a-z]{1,5}))\s*(?:\([^()]*\))?\s*$", re.I)
#: The start of a tail that states a zone, but not as :data:`_ZONE_TAIL` reads it ("+02 Uhr", "GMT+01 MEZ",
#: "EST Reply"). A signed number of one digit ("-1 points") or a capitalised word that is no zone's name
#: ("EDIT", "OP") states none.
_ZONE_LIKE = re.compile(r"^\s*(?:[+-]\d{2}(?::?\d{2})?\b|(?:gmt|utc)\b|(?P<word>[A-Z]{2,5})\b)")
#: A capitalised word shaped like a zone's abbreviation we do not list (a region's letters, then S or D, then T:
#: "PHT", "ICT", "NZT"): stated, not read. Words after a clock that are not so shaped ("EDIT", "OP") state none.
_ZONE_SHAPED = re.compile(r"[A-Z]{1,2}[SD]T|[A-Z]{2}T")  # not two letters: "ET", "PT" are read below, "IT" is no zone
#: The US zones as news sites print them without standard or daylight time ("10:15 am ET"): the offset the zone
#: has on that day (EST or EDT), read with the tz database; without one (no tzdata), the time as shown, as before.
_US_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}
#: A zone that is stated but not one we can read ("IST": India, Israel or Ireland): the time is not given a guess.
_UNREAD_ZONE = object()


def from_epoch(value: float | int | str) -> str:
    """Unix seconds (Reddit ``created_utc``, HN ``time``) as UTC ISO 8601; InputError
    for a number no calendar date has (``1e308``, NaN)."""
    try:
        moment = datetime.fromtimestamp(float(value), tz=timezone.utc)
    except (OverflowError, ValueError, OSError):
        shown = str(value) if len(str(value)) <= 30 else str(value)[:27] + "…"
        raise InputError(f"timestamp {shown} is not a date between the years 1 and 9999") from None
    return moment.isoformat().replace("+00:00", "Z")


def from_epoch_ms(value: float | int | str) -> str:
    """Unix milliseconds (JavaScript's ``Date.getTime()``, Staticman's ``timestamp`` format) as
    UTC ISO 8601, the milliseconds kept where there are any."""
    whole, ms = divmod(round(float(value)), 1000)
    moment = datetime.fromtimestamp(whole, tz=timezone.utc).replace(microsecond=ms * 1000)
    return moment.isoformat(timespec="milliseconds" if ms else "seconds").replace("+00:00", "Z")


#: Milliseconds since 1970 with 13 digits (2001-09-09 to 2286): as seconds such a number is past the
#: year 9999, so it can only be milliseconds; 12 digits could be either (1973–2001 or the years 5138–9999).
_MS_FIRST, _MS_END = 10**12, 10**13


def normalize(value: object) -> str | None:
    """ISO 8601 text for a timestamp as sources write it, or None if unreadable.

    Accepts ISO strings (``2021-09-16 10:12:00`` gets its ``T``), epoch seconds and 13-digit
    milliseconds, RFC 2822 (``Tue, 14 Jan 2014 17:31:03 +0000``), JavaScript's ``Date.toString()``
    and English/German human dates (``January 16, 2017 at 8:05 pm``, ``Nov 24, 2026 1:05 PM EST``,
    ``16. September 2021 um 10:12``), keeping the zone they state; a zone name we cannot read
    (``IST``: three zones) or an offset of three digits (``+100``) gives None, not a time in an unknown
    zone. A 12-digit epoch, text or number, is None too: seconds and milliseconds both give a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if _MS_FIRST // 10 <= value < _MS_FIRST:  # 12 digits, as in text: seconds or milliseconds, not guessed
            return None
        return from_epoch_ms(value) if _MS_FIRST <= value < _MS_END else from_epoch(value)
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{9,11}(\.\d+)?", text):
        return from_epoch(text)
    if re.fullmatch(r"\d{13}(\.\d+)?", text):
        return from_epoch_ms(text)
    if _ISO.match(text):
        out = text.replace(" ", "T", 1)
        out = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", out)
        return out.replace("+00:00", "Z") if out.endswith("+00:00") and "T" in out else out
    if m := _ISO_ZONE.match(text):
        zero = m["h"] is not None and int(m["h"]) == 0 and int(m["m"] or 0) == 0
        offset = "Z" if m["utc"] or zero else f"{m['sign']}{m['h']}:{m['m'] or '00'}"
        return m["t"].replace(" ", "T", 1) + offset
    if m := _SHORT_DE.match(text):  # two-digit year: as strptime's %y (69–99 the 1900s, else the 2000s)
        year = int(m["y"]) + (1900 if int(m["y"]) >= 69 else 2000)
        return human(f"{m['d']}.{m['m']}.{year}{m['rest'] or ''}")
    return written(text)


def written(text: str) -> str | None:
    """A date written out — in words, numbers, the asctime/RFC 2822/JavaScript forms — as ISO 8601
    with the zone it states after its clock time (none stated: none given), or None.

    Why not :mod:`email.utils`: its RFC 2822 parser accepts ``Nov 24, 2026 1:05 PM`` and takes
    ``PM`` for an unknown zone (every afternoon 12 h early), and drops ``GMT+0100``, silently."""
    if m := _ISO_BASIC.match(text):
        local = _local(m)
        return local and _zoned(local, m["zone"] or "")
    if m := _ASCTIME.match(text):
        local = _local(m)
        return local and _zoned(local, m["zone"] or "")
    if m := _YEAR_FIRST.match(text):
        local = _local(m)
        return local and _zoned(local, text[m.end():])
    if m := _SLASHED_HEAD.match(text):
        local = slashed(text[:m.end()])
        return local and _zoned(local, text[m.end():])
    found = _human(text)
    return found and _zoned(found[0], text[found[1]:])


def _local(m: re.Match) -> str | None:
    """The date and time a match of one of the numeric patterns names, as ISO 8601 (no zone)."""
    month = int(m["m"]) if "m" in m.groupdict() and m["m"] else MONTHS.get(m["mon"].lower())
    day = int(m["d"])
    return _clock(int(m["y"]), month, day, m) if month else None


def _zoned(local: str, rest: str) -> str | None:
    """``local`` with the zone ``rest`` (what follows the date's clock time) states: an offset or a
    name of :data:`ZONES`; nothing or other words: ``local`` as it is; a zone we cannot read: None."""
    zone = _us_zone(local, rest.strip()) if rest.strip() in _US_ZONES else _zone(rest)
    if zone is _UNREAD_ZONE:
        return None
    if zone is None or "T" not in local:  # (a zone after a date alone changes nothing)
        return local
    hours, minutes = divmod(abs(zone), 60)
    return local + ("Z" if zone == 0 else f"{'+' if zone > 0 else '-'}{hours:02d}:{minutes:02d}")


def _us_zone(local: str, name: str) -> int | None:
    """Minutes east of UTC of the US zone ``name`` (:data:`_US_ZONES`) at the local time ``local``; None
    where the tz database is not installed or ``local`` is a day alone."""
    from datetime import datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        offset = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(_US_ZONES[name])).utcoffset()
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return None if offset is None or "T" not in local else int(offset.total_seconds() // 60)


def _zone(rest: str) -> int | None | object:
    """Minutes east of UTC that ``rest`` states, None if it states no zone, or ``_UNREAD_ZONE``."""
    if not rest.strip():
        return None
    m = _ZONE_TAIL.match(rest)
    if not m:  # other words ("(edited)", "Reply") state no zone; an offset or zone name among them one we cannot read
        like = _ZONE_LIKE.match(rest)
        return _UNREAD_ZONE if like and (not like["word"] or _zone_name(like["word"])) else None
    if m["alone"]:
        name = m["alone"].lower()
        if name in ZONES:
            return ZONES[name]
        return _UNREAD_ZONE if _zone_name(m["alone"]) else None  # "IST"; not a zone ("EDIT", "OP", "Reply")
    name = (m["name"] or "").lower()
    if name and name not in ("gmt", "utc", "ut"):
        return _UNREAD_ZONE
    digits = m["off"].replace(":", "")
    if not name and not int(digits):  # "+0000", "+000" (WordPress pubDate), "+00": UTC; RFC 5322's "-0000"
        # too: "also indicates Universal Time", only the writer's local zone is unknown
        return 0
    if len(digits) == 3 or not name and len(digits) == 1:  # "+100": 1 h or 100 min? "+1": only after GMT/UTC
        return _UNREAD_ZONE
    minutes = int(m["h"]) * 60 + int(m["m"] or 0)
    if int(m["h"]) > 14 or int(m["m"] or 0) > 59:
        return _UNREAD_ZONE
    return -minutes if m["sign"] == "-" else minutes


def _zone_name(word: str) -> bool:
    """True for a word written as a zone's name: one we know (:data:`ZONES`, or one of several
    zones) or one shaped like a zone's abbreviation (:data:`_ZONE_SHAPED`)."""
    return word.isupper() and (word.lower() in ZONES.keys() | _AMBIGUOUS_ZONES or bool(_ZONE_SHAPED.fullmatch(word)))


def slashed(text: str) -> str | None:
    """A ``D/M/YYYY`` or ``M/D/YYYY`` date (also with ``-``) as ISO 8601 when the order is certain —
    one number above 12 (``31/12/2011``, ``12/31/2011``) or both the same — else None: ``9/1/2011`` is
    1 September in the USA and 9 January in Europe, and a guess would be silent."""
    m = _SLASHED.match(text.strip())
    if not m:
        return None
    a, b = int(m.group("a")), int(m.group("b"))
    if a > 12 >= b or a == b:
        day, month = a, b
    elif b > 12 >= a:
        day, month = b, a
    else:
        return None
    return human(f"{day}.{month}.{m.group('y')}{text.strip()[m.end('y'):].lower()}")  # (the D.M.Y pattern: am/pm in lower case)


def human(text: str) -> str | None:
    """A date written for people, as ISO 8601 (no offset: the page gives none)."""
    found = _human(text)
    return found[0] if found else None


def _human(text: str) -> tuple[str, int] | None:
    """:func:`human`'s date, and where in ``text`` the date and its clock time end."""
    for pattern in (_EN, _DE, _NUMERIC_DE):
        m = pattern.search(text)
        if not m:
            continue
        month = int(m.group("m")) if "m" in m.groupdict() and m.group("m") else MONTHS.get(m.group("mon").lower().rstrip("."))
        if not month:
            continue
        out = _clock(int(m.group("y")), month, int(m.group("d")), m)
        return (out, m.end()) if out else None
    return None


def _clock(year: int, month: int, day: int, m: re.Match) -> str | None:
    """The day with the clock time of ``m``'s groups ``h``, ``mi``, ``s``, ``ampm`` (12 AM is
    midnight, 12 PM noon) as ISO 8601; None for a day no calendar has, the day alone for an hour
    past 23 or a minute past 59."""
    try:
        datetime(year, month, day)
    except ValueError:
        return None
    out = f"{year:04d}-{month:02d}-{day:02d}"
    if m.group("h"):
        hour, minute = int(m.group("h")), int(m.group("mi"))
        ampm = (m.groupdict().get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            return out
        out += f"T{hour:02d}:{minute:02d}"
        if m.group("s"):
            out += f":{int(m.group('s')):02d}"
    return out


def human_start(text: str) -> int | None:
    """Where the date :func:`human` reads in ``text`` begins, or None: what comes before it on
    a header line ("Jens » Di 5. Mär 2024") is the comment's author."""
    for pattern in (_EN, _DE, _NUMERIC_DE):
        m = pattern.search(text)
        if m and human(m.group(0)) is not None:
            return m.start()
    return None


def looks_like_date_line(line: str) -> bool:
    """True for a line that is only a date/time (the line under a comment's author)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 60:
        return False
    value = human(stripped)
    return value is not None
