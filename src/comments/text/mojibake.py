"""Mojibake: UTF-8 text that was once read as Windows-1252 (or Latin-1) and stored so
("â€œsudoâ€\x9d" for "“sudo”", "fÃ¼r" for "für"). Found, not repaired: a repair would change
a user's text on a guess, so the text stays as the source gave it and a reader flags the
comment ``mojibake`` and says how many it found. ftfy (installed with wordfreq, not a declared
dependency) could find it too but is not used: on the 4,769 comment texts of
``../shared/corpora`` (session 16) its ``badness.is_bad`` flagged 33, this check 29; of the 4
more, 2 are right German text (»Ärzten«: a guillemet before a capital umlaut) and 2 an emoji
read as Windows-1252 ("ðŸ˜‰"), which this check, kept to Latin letters and punctuation, misses."""

from __future__ import annotations

import re

#: Characters that Windows-1252 gives the bytes 0x80-0xBF (and the C1 controls Latin-1 gives
#: to the five bytes Windows-1252 leaves undefined): what a UTF-8 continuation byte becomes.
_CONTINUATION = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\x81\x8d\x8f\x90\x9d" + "".join(map(chr, range(0xA0, 0xC0)))
#: A UTF-8 lead byte (0xC2-0xF4) read as a character, then one to three continuation bytes.
_CANDIDATE = re.compile(f"[\u00c2-\u00f4][{re.escape(_CONTINUATION)}]{{1,3}}")


def _byte(ch: str) -> bytes:
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return ch.encode("latin-1")


def _decodes(seq: str) -> bool:
    """Do these characters, as the bytes Windows-1252 gives them, spell one UTF-8 letter or
    punctuation mark of the Latin ranges ("Ã¼" → "ü", "â€œ" → "“")?"""
    raw = b"".join(_byte(ch) for ch in seq)
    for end in range(len(raw), 1, -1):
        try:
            text = raw[:end].decode("utf-8")
        except UnicodeDecodeError:
            continue
        code = ord(text[0])
        return len(text) == 1 and (0x80 <= code <= 0x24F or 0x2000 <= code <= 0x206F or code == 0x20AC)
    return False


def has_mojibake(text: str) -> bool:
    """Whether ``text`` holds UTF-8 read as Windows-1252 (linear: one regex scan)."""
    return any(_decodes(m.group()) for m in _CANDIDATE.finditer(text))
