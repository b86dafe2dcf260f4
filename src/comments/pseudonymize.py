"""Replace authors by stable salted hashes, also where texts name them (``@name``,
"Name schrieb") and e-mail addresses: comment data is personal data."""

from __future__ import annotations

import hashlib
import hmac
import re

from comments.model import ParsedThread

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_VERBS = r"(?:schrieb|schreibt|wrote|writes|says|sagt|said|meinte)"


def pseudonym(name: str, salt: str) -> str:
    """``user-`` and 10 hex digits of HMAC-SHA256(salt, name): same name, same salt → same pseudonym."""
    digest = hmac.new(salt.encode("utf-8"), name.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()
    return "user-" + digest[:10]


def pseudonymize(threads: list[ParsedThread], salt: str) -> None:
    """In place: authors, their mentions in texts, and e-mail addresses."""
    names = sorted({c.author for pt in threads for c in pt.comments if c.author}, key=len, reverse=True)
    mention = None
    if names:
        alternatives = "|".join(re.escape(n) for n in names)
        mention = re.compile(rf"@(?P<at>{alternatives})\b|(?P<by>{alternatives})(?=\s+{_VERBS}\b)", re.I)
    lookup = {n.lower(): pseudonym(n, salt) for n in names}

    def swap(m: re.Match[str]) -> str:
        if m.group("at"):
            return "@" + lookup[m.group("at").lower()]
        return lookup[m.group("by").lower()]

    for pt in threads:
        for c in pt.comments:
            if mention is not None:
                c.text = mention.sub(swap, c.text)
            c.text = _EMAIL.sub(lambda m: pseudonym(m.group(0), salt) + "@example.invalid", c.text)
            if c.author:
                c.author = lookup[c.author.lower()]
