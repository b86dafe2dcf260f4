"""Counted nouns in English output ("1 thread", "2 threads", "1 reply", "3 replies"): one
helper for every summary line, report sentence, tree header and warning, so none says
"1 threads"."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None, grouped: bool = True) -> str:
    """``n`` and ``word``, or ``many`` (default ``word + "s"``) unless ``n`` is 1;
    ``grouped``: thousands separated by commas, as in report prose and on stderr; else
    digits only (the Corpus repr)."""
    count = f"{n:,}" if grouped else str(n)
    return f"{count} {word if n == 1 else (many or word + 's')}"
