"""Addresses of web-archive copies (Wayback Machine playback and ``id_`` captures, archive.today)
turned back into the original page's address. Why: a saved capture named web.archive.org as the
thread's site and url, so the same page from the live site and from archives were different threads."""

from __future__ import annotations

import re

#: ``https://web.archive.org/web/20210923123456/URL``, with a playback flag (``id_``, ``im_``, ``if_``),
#: protocol-relative or site-relative (``/web/…`` as the Wayback toolbar rewrites links).
_WAYBACK = re.compile(r"^(?:(?:https?:)?//(?:web\.|www\.)?archive\.org)?/web/(\d{4,14})(?:[a-z]{2}_)?/+(https?:/+.+)$",
                      re.I | re.S)
#: ``https://archive.ph/o/AbCdE/URL`` (archive.today's rewritten links, any of its domains).
_ARCHIVE_TODAY = re.compile(r"^(?:https?:)?//archive\.(?:ph|today|is|li|vn|md|fo)/o/[A-Za-z0-9]+/(https?://.+)$",
                            re.I | re.S)
_SLASHES = re.compile(r"^(https?:)/+", re.I)


def original(url: str) -> tuple[str, str | None]:
    """(the original address, what copy ``url`` names: "a Wayback Machine capture of TIME" or
    "an archive.today copy") for an archive's address; (``url``, None) for any other."""
    m = _WAYBACK.match(url)
    if m:
        digits = m.group(1)
        when = (f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}T{digits[8:10]}:{digits[10:12]}:{digits[12:]}Z"
                if len(digits) == 14 else digits)
        return _SLASHES.sub(r"\1//", m.group(2)), f"a Wayback Machine capture of {when}"
    m = _ARCHIVE_TODAY.match(url)
    if m:
        return m.group(1), "an archive.today copy"
    return url, None
