"""Replace authors by stable salted hashes, also where texts name them (``@name``,
"Name schrieb") and e-mail addresses, and personal fields kept in ``meta`` (e-mail,
IP, user objects, profile links): comment data is personal data."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any, Callable

from comments.model.records import ParsedThread

#: An e-mail address is a local part, "@" and a dotted domain: ``[\w.+-]+@[\w-]+(?:\.[\w-]+)+``.
#: Matched around each "@" (see :func:`replace_emails`): the pattern searched as a whole
#: would rescan a long run of word characters from every start (quadratic).
_LOCAL_CHAR = re.compile(r"[\w.+-]")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_VERBS = r"(?:schrieb|schreibt|wrote|writes|says|sagt|said|meinte)"
#: What an @-mention spans: "@" and an author's name, ending where the handle ends. Handle
#: characters are word characters and "-"; a "." inside a handle ("@anna.k") is part of
#: it, a trailing one is punctuation ("… like @Anna." or "@Peter F.: read it"). So the
#: name must not be followed by a handle character nor by a "." and one: "@anna.k" is no
#: mention of "Anna", and in "@peter f.x" the "f." of "Peter F." runs on into "f.x", a
#: word of the sentence, so the mention there is of "Peter" alone (when he is an author).
_HANDLE_END = r"(?![\w-]|\.[\w-])"


def pseudonym(name: str, salt: str) -> str:
    """``user-`` and 10 hex digits of HMAC-SHA256(salt, name): same name, same salt → same pseudonym."""
    digest = hmac.new(salt.encode("utf-8"), name.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()
    return "user-" + digest[:10]


#: ``meta`` keys whose values identify a person (e-mail, IP, user objects, profile links, Mastodon's
#: ``account``, Telegram's ``from_id`` and a service message's ``actor``).
_PERSONAL = re.compile(r"e-?mail|^ip$|ip_?addr|author|user|name$|^name|nick|login|speaker|commenter|avatar|picture"
                       r"|photo|gravatar|website|^url$|profile|hash|^account$|^from_id$|^actor", re.I)

#: ``meta`` keys of yes/no flags (Disqus ``author.isAnonymous``, ``is_verified``, ``hasAvatar``): their
#: "true"/"false" name no one, under a personal key too (hashed, they told nothing and looked like ids).
_FLAG = re.compile(r"(?:is|has)(?:[A-Z_]|$)")


def _scrub(value: Any, personal: bool, lookup: dict[str, str], mention: re.Pattern[str] | None,
           swap: Callable[[re.Match[str]], str], salt: str) -> Any:
    """A ``meta`` value with personal data replaced: values under personal keys become
    pseudonyms; other text gets the treatment of comment text (mentions, e-mail addresses)."""
    if isinstance(value, dict):
        return {k: _scrub(v, (personal or bool(_PERSONAL.search(str(k)))) and not _FLAG.match(str(k)), lookup,
                          mention, swap, salt) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, personal, lookup, mention, swap, salt) for v in value]
    if personal and isinstance(value, (str, int, float)) and not isinstance(value, bool) and value != "":
        return lookup.get(str(value).lower()) or pseudonym(str(value), salt)
    if isinstance(value, str):
        if value.lower() in lookup:
            return lookup[value.lower()]
        text = mention.sub(swap, value) if mention is not None else value
        return replace_emails(text, lambda address: pseudonym(address, salt) + "@example.invalid")
    return value


def replace_emails(text: str, replace) -> str:
    r"""``text`` with every e-mail address replaced by ``replace(address)``: the matches of
    ``[\w.+-]+@[\w-]+(?:\.[\w-]+)+`` (left to right, not overlapping), found in time
    linear in the text's length."""
    if "@" not in text:
        return text
    out: list[str] = []
    done = 0  # text[:done] is in out
    at = text.find("@")
    while at >= 0:
        domain = _DOMAIN.match(text, at + 1)
        start = at
        while start > done and _LOCAL_CHAR.match(text, start - 1):  # each character looked at once: runs
            start -= 1                                                 # end at the previous "@" or match
        if domain and start < at:
            out.append(text[done:start])
            out.append(replace(text[start:domain.end()]))
            done = domain.end()
            at = text.find("@", done)
        else:
            at = text.find("@", at + 1)
    out.append(text[done:])
    return "".join(out)


def _first_names(names: list[str]) -> dict[str, str]:
    """First word of each multi-word capitalised name ("John" of "John Smith") → that full name,
    when only one author has it: texts greet readers by first name ("Thanks John.")."""
    owners: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) > 1 and len(words[0]) >= 3 and words[0][:1].isupper() and words[0].isalpha():
            owners.setdefault(words[0], set()).add(name)
    return {first: next(iter(full)) for first, full in owners.items() if len(full) == 1 and first not in names}


def pseudonymize(threads: list[ParsedThread], salt: str) -> None:
    """In place: authors, their mentions in comment texts and in the article's title and text
    (``@name``, "Name wrote", a capitalised name or its unique first name as a whole word),
    and e-mail addresses."""
    names = sorted({c.author for pt in threads for c in pt.comments if c.author}, key=len, reverse=True)
    mention = None
    lookup = {n.lower(): pseudonym(n, salt) for n in names}
    if names:
        alternatives = "|".join(re.escape(n) for n in names)
        firsts = _first_names(names)
        lookup.update({first.lower(): lookup[full.lower()] for first, full in firsts.items()})
        # Bare names: only capitalised ones, matched case-sensitively, so an author called "gast"
        # or "leser" does not rewrite the word everywhere.
        bare = sorted([n for n in names if n[:1].isupper()] + list(firsts), key=len, reverse=True)
        bare_part = "|(?-i:(?<![\\w@])(?P<bare>" + "|".join(re.escape(n) for n in bare) + r")(?!\w))" if bare else ""
        mention = re.compile(rf"@(?P<at>{alternatives}){_HANDLE_END}"
                             rf"|(?P<by>{alternatives})(?=\s+{_VERBS}\b){bare_part}", re.I)

    def swap(m: re.Match[str]) -> str:
        if m.group("at"):
            return "@" + lookup[m.group("at").lower()]
        return lookup[(m.group("by") or m.group("bare")).lower()]

    def clean(text: str) -> str:
        if mention is not None:
            text = mention.sub(swap, text)
        return replace_emails(text, lambda address: pseudonym(address, salt) + "@example.invalid")

    for pt in threads:
        for attr in ("title", "article_text"):
            if getattr(pt.thread, attr):
                setattr(pt.thread, attr, clean(getattr(pt.thread, attr)))
        for c in pt.comments:
            c.text = clean(c.text)
            if c.author:
                c.author = lookup[c.author.lower()]
            if c.meta:
                c.meta = _scrub(c.meta, False, lookup, mention, swap, salt)
