"""MHTML (``.mhtml``/``.mht``, a browser's "save as single file"): a MIME ``multipart/related``
message whose first ``text/html`` part is the page. Unwrapped with the stdlib :mod:`email`
package (quoted-printable and base64 parts decoded), then read by the HTML reader.

Why: read as plain text, a saved page gave no comments, or comments made of MIME headers
and ``=C2=A0`` leftovers, with exit 0.
"""

from __future__ import annotations

import email
import email.policy
import re

from comments.model.errors import InputError
from comments.io.readers.base import Context
from comments.io.sources import decode
from comments.text.plural import plural

#: The message header block (up to the first blank line) of a MIME ``multipart/related`` document.
_HEADERS = re.compile(r"\A(?:[A-Za-z][\w-]*:[^\n]*\n(?:[ \t][^\n]*\n)*){1,40}?\n", re.S)
_MULTIPART = re.compile(r"^content-type:\s*multipart/related\b", re.I | re.M)
_MIME = re.compile(r"^mime-version:", re.I | re.M)


def sniff(head: str) -> bool:
    """A MIME message of ``multipart/related`` parts (Chrome's "Saved by Blink", IE/Word ``.mht``)."""
    m = _HEADERS.match(head.lstrip("\ufeff"))
    return bool(m and _MIME.search(m.group(0)) and _MULTIPART.search(m.group(0)))


def page(text: str, ctx: Context) -> tuple[str, str | None, list[tuple[str, str | None]]]:
    """The page (first ``text/html`` part, decoded) of the MHTML document ``text``, its
    address (``Snapshot-Content-Location``, else the part's ``Content-Location``) and the other
    HTML parts (frames: a Disqus iframe saved with the page) with their addresses, decoded; the
    caller reads or notes them. InputError when it holds no HTML part."""
    message = email.message_from_string(text.lstrip("\ufeff"), policy=email.policy.compat32)
    pages = [part for part in message.walk() if part.get_content_type() == "text/html"]
    if not pages:
        raise InputError("MHTML archive without an HTML part: no page to read")
    location = _location(message) or _location(pages[0])
    ctx.note(f"MHTML archive: read its page (the first HTML part{', ' + location if location else ''})")
    return _html(pages[0]), location, [(_html(part), _location(part)) for part in pages[1:]]


def frames_note(frames: int, read_at: int | None, where: str | None) -> str:
    """The note on an MHTML archive's frame parts: which one's comments were read, how many not."""
    said = (f"its HTML part {read_at + 2} (a frame{', ' + where if where else ''}) holds the comments: "
            "read as the page's" if read_at is not None else "")
    unread = frames - (read_at is not None)
    rest = f"{plural(unread, 'other HTML part' if read_at is None else 'further HTML part')} (frames) not read"
    return "MHTML archive: " + "; ".join(part for part in (said, rest if unread else "") if part)


def _html(part: email.message.Message) -> str:
    """A text/html part's text, decoded (quoted-printable, base64; its charset, else UTF-8/Windows-1252)."""
    encoding = (part.get("Content-Transfer-Encoding") or "").strip().lower()
    if encoding not in ("quoted-printable", "base64"):
        return part.get_payload()  # 7bit/8bit/binary: the text is already decoded
    data = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    try:
        return data.decode(charset) if charset else decode(data)
    except (LookupError, UnicodeDecodeError):
        return decode(data)


def _location(part: email.message.Message) -> str | None:
    value = part.get("Snapshot-Content-Location") or part.get("Content-Location")
    value = re.sub(r"\s+", "", str(value)) if value else ""  # folded header lines
    return value if "://" in value else None
