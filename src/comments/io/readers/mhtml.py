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


def page(text: str, ctx: Context) -> tuple[str, str | None]:
    """The page (first ``text/html`` part, decoded) of the MHTML document ``text`` and its
    address (``Snapshot-Content-Location``, else the part's ``Content-Location``); the other
    HTML parts (frames) are noted as not read. InputError when it holds no HTML part."""
    message = email.message_from_string(text.lstrip("\ufeff"), policy=email.policy.compat32)
    pages = [part for part in message.walk() if part.get_content_type() == "text/html"]
    if not pages:
        raise InputError("MHTML archive without an HTML part: no page to read")
    part = pages[0]
    encoding = (part.get("Content-Transfer-Encoding") or "").strip().lower()
    if encoding in ("quoted-printable", "base64"):
        data = part.get_payload(decode=True) or b""
        charset = part.get_content_charset()
        try:
            html = data.decode(charset) if charset else decode(data)
        except (LookupError, UnicodeDecodeError):
            html = decode(data)
    else:  # 7bit/8bit/binary: the text is already decoded
        html = part.get_payload()
    location = _location(message) or _location(part)
    ctx.note(f"MHTML archive: read its page (the first HTML part{', ' + location if location else ''})"
             + (f"; {plural(len(pages) - 1, 'other HTML part')} (frames) not read" if len(pages) > 1 else ""))
    return html, location


def _location(part: email.message.Message) -> str | None:
    value = part.get("Snapshot-Content-Location") or part.get("Content-Location")
    value = re.sub(r"\s+", "", str(value)) if value else ""  # folded header lines
    return value if "://" in value else None
