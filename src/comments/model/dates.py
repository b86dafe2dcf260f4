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
#: ``31/12/2011``, ``9/1/2011 10:48 PM``: day and month in either order (Europe, the USA).
_SLASHED = re.compile(rf"^(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>\d{{4}}){_TIME}\s*$", re.I)
_ISO = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)
#: An ISO date and time with the zone written apart or short, as databases and loggers print it:
#: ``2021-09-24 14:03:00 +0200``, ``… UTC``/``GMT``, PostgreSQL's ``…+02``.
_ISO_ZONE = re.compile(r"^(?P<t>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
                       r"(?:\s*(?P<utc>Z|UTC|GMT)|\s*(?P<sign>[+-])(?P<h>\d{2})(?::?(?P<m>\d{2}))?)$")


def from_epoch(value: float | int | str) -> str:
    """Unix seconds (Reddit ``created_utc``, HN ``time``) as UTC ISO 8601; InputError
    for a number no calendar date has (``1e308``, NaN)."""
    try:
        moment = datetime.fromtimestamp(float(value), tz=timezone.utc)
    except (OverflowError, ValueError, OSError):
        shown = str(value) if len(str(value)) <= 30 else str(value)[:27] + "…"
        raise InputError(f"timestamp {shown} is not a date between the years 1 and 9999") from None
    return moment.isoformat().replace("+00:00", "Z")


def normalize(value: object) -> str | None:
    """ISO 8601 text for a timestamp as sources write it, or None if unreadable.

    Accepts ISO strings (``2021-09-16 10:12:00`` gets its ``T``), epoch numbers, RFC 2822
    (``Tue, 14 Jan 2014 17:31:03 +0000``) and English/German human dates
    (``January 16, 2017 at 8:05 pm``, ``16. September 2021 um 10:12``).
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return from_epoch(value)
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{9,11}(\.\d+)?", text):
        return from_epoch(text)
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
    try:
        from email.utils import parsedate_to_datetime

        parsed = parsedate_to_datetime(text)
        if parsed is not None:
            iso = parsed.isoformat()
            return iso.replace("+00:00", "Z") if parsed.tzinfo else iso
    except (TypeError, ValueError, IndexError):
        pass
    return human(text) if not _SLASHED.match(text) else slashed(text)


def slashed(text: str) -> str | None:
    """A ``D/M/YYYY`` or ``M/D/YYYY`` date as ISO 8601 when the order is certain — one number
    above 12 (``31/12/2011``, ``12/31/2011``) or both the same — else None: ``9/1/2011`` is
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
    for pattern in (_EN, _DE, _NUMERIC_DE):
        m = pattern.search(text)
        if not m:
            continue
        month = int(m.group("m")) if "m" in m.groupdict() and m.group("m") else MONTHS.get(m.group("mon").lower().rstrip("."))
        if not month:
            continue
        year, day = int(m.group("y")), int(m.group("d"))
        try:
            datetime(year, month, day)
        except ValueError:
            return None
        out = f"{year:04d}-{month:02d}-{day:02d}"
        if m.group("h"):
            hour, minute = int(m.group("h")), int(m.group("mi"))
            ampm = (m.group("ampm") or "").lower().replace(".", "")
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
    return None


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
