"""Comments without a reader's words: deleted or removed comments, placeholder texts,
pingbacks and the site's own notes (status ``note``: WordPress 6.9's block notes, WooCommerce's order notes). One rule, here at the bottom, so classification (no topics, no tone, no
polarity for them) and the analyses (drift, topic and tone shares) leave out the same records. Comments readers
never saw (spam, held for moderation) keep their words and labels but are out of the discussion the analyses
describe (:func:`unshown`)."""

from __future__ import annotations

from itertools import compress, repeat
from operator import attrgetter, gt

#: what a placeholder comment's whole text says: the comment is gone (Reddit, Disqus, forums)
PLACEHOLDER_TEXTS = frozenset({"[deleted]", "[removed]", "[gelöscht]", "[entfernt]"})

#: statuses of a comment whose words are gone (SPEC: Reddit ``[deleted]``, Disqus ``isDeleted``; ``blocked``: the
#: Guardian's moderator removal placeholder, a Bluesky post the fetcher may not see)
GONE = frozenset({"deleted", "removed", "blocked"})

#: the status of the site's own note (WordPress 6.9's block notes, WooCommerce's order notes): no reader wrote it
NOTE_STATUS = "note"

#: statuses whose records are no reader's comment: gone, or an editors' note
NOT_READERS = GONE | {NOTE_STATUS}


#: statuses of a comment readers never saw (SPEC ``spam``, ``pending``): marked spam, or held for moderation (a
#: page shows a pending comment only to its author, "awaiting moderation")
UNSHOWN = frozenset({"spam", "pending"})


def unshown(c) -> bool:
    """A comment readers never saw: status ``spam`` or ``pending``. Its words are a writer's, so classify reads
    them (a moderator's queue wants its tone); the analyses count it apart from the discussion."""
    return c.status in UNSHOWN


def out_of_discussion(c) -> bool:
    """No part of the discussion readers saw: a placeholder (:func:`is_placeholder`) or an :func:`unshown`
    comment: drift compares neither, the topic and tone shares count both apart."""
    return c.status in UNSHOWN or is_placeholder(c)


def is_gone(c) -> bool:
    """A deleted or removed comment: status ``deleted``/``removed``, or a text that is only a
    placeholder such as "[deleted]" (any case, surrounding blanks)."""
    text = c.text or ""
    return c.status in GONE or (len(text) < 16 and text.strip().lower() in PLACEHOLDER_TEXTS)


def is_placeholder(c) -> bool:
    """No reader's words: a deleted or removed comment (:func:`is_gone`), a pingback/trackback
    (any kind but ``comment``: another page's title and excerpt), or an editors' note (status ``note``)."""
    if c.kind != "comment" or c.status in NOT_READERS:  # (is_gone inlined: classify asks for every comment)
        return True
    text = c.text
    return text is not None and len(text) < 16 and text.strip().lower() in PLACEHOLDER_TEXTS


_KIND, _STATUS, _TEXT = attrgetter("kind"), attrgetter("status"), attrgetter("text")


def placeholder_flags(comments: list) -> list[bool]:
    """``list(map(is_placeholder, comments))``, for many comments at once: when every one is a
    ``comment`` with no status among ``NOT_READERS`` and a text (most chunks), only the texts shorter
    than 16 characters are read, the rest told apart by compiled maps (no Python call per comment)."""
    texts = list(map(_TEXT, comments))
    if not set(map(_KIND, comments)) <= {"comment"} or not NOT_READERS.isdisjoint(map(_STATUS, comments)) or None in texts:
        return list(map(is_placeholder, comments))
    out = [False] * len(texts)
    for i in compress(range(len(texts)), map(gt, repeat(16), map(len, texts))):
        out[i] = texts[i].strip().lower() in PLACEHOLDER_TEXTS
    return out
