"""Language of a comment: German, English or other, from stop-word shares.

Comments are short and mix languages; the share of each language's most frequent
function words is a robust, fast and explainable signal.
"""

from __future__ import annotations

from comments.text.tokens import words

_DE = frozenset("""der die das und ist nicht ich es sie du wir ihr er ein eine einen einem einer zu mit auf
für von den dem des sich auch noch nur wie aber wenn dann schon doch mal was wird werden hat haben sind war
kann ja nein so man im in bei aus als oder dass daß über um vom zum zur hier da jetzt sehr kein keine
mir mich dir dich uns euch ihm ihn sein seine gibt geht""".split())
_EN = frozenset("""the and is not it you we they he she a an to with on for of from this that these those
are was were be been have has had do does did but if then what which who how just only so very no yes
my your our their his her its at by as or about can could would should will there here all any""".split())


def detect(text: str, tokens: list[str] | None = None) -> str:
    """``de``, ``en`` or ``other``."""
    tokens = words(text) if tokens is None else tokens
    if not tokens:
        return "other"
    de = sum(map(_DE.__contains__, tokens))
    en = sum(map(_EN.__contains__, tokens))
    if de == en == 0:
        umlauts = any(ch in text for ch in "äöüÄÖÜß")
        return "de" if umlauts else "other"
    if de == en:
        return "de" if any(ch in text for ch in "äöüÄÖÜß") else "en"
    return "de" if de > en else "en"


def detect_many(texts: list[str], tokens: list[list[str]], ids, lengths, table) -> list[str]:
    """:func:`detect` of a chunk of comments (``ids``: the chunk's token ids in the token
    ``table``, comment after comment; ``lengths``: each comment's tokens): the function
    words are counted from two columns over the ids."""
    import numpy as np

    n = len(texts)
    owners = np.repeat(np.arange(n, dtype=np.int64), lengths)
    de = np.bincount(owners[table.column("de function word", _DE.__contains__, bool)[ids]], minlength=n).tolist()
    en = np.bincount(owners[table.column("en function word", _EN.__contains__, bool)[ids]], minlength=n).tolist()
    out = []
    for text, size, d, e in zip(texts, lengths.tolist(), de, en):
        if not size:
            out.append("other")
        elif d == e:
            umlauts = any(ch in text for ch in "äöüÄÖÜß")
            out.append("de" if umlauts else "other" if d == 0 else "en")
        else:
            out.append("de" if d > e else "en")
    return out
