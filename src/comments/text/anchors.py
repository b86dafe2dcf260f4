"""Literal anchors of a regular expression: strings of which every match contains at
least one, derived from the compiled pattern's parse tree (never written by hand).

A text that contains none of a pattern's anchors cannot match it, so a scanner can
skip the regex after a few substring tests (single characters are tested together
against the text's set of characters). A pattern whose matches need no literal (``\\d``,
``.``, a negated class, a back-reference first) has no anchors (``None``): it always
runs. Only necessary conditions are derived, so skipping never changes a result.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

MAX_CLASS = 32  # a character class of more characters gives no useful anchor
MAX_ANCHORS = 16  # more alternatives than this: too weak a condition to be worth testing

_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}


def anchors(pattern: str | re.Pattern[str]) -> frozenset[str] | None:
    """Strings every match of ``pattern`` contains one of (none contained in another),
    or None when no set of at most ``MAX_ANCHORS`` follows from the pattern."""
    flags = pattern.flags if isinstance(pattern, re.Pattern) else 0
    source = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    if flags & re.IGNORECASE:
        return None
    try:
        parsed = P.parse(source, flags)
    except (re.error, TypeError, ValueError):
        return None
    if parsed.state.flags & re.IGNORECASE:  # an inline (?i) as well
        return None
    found = _sequence(list(parsed))
    if not found:
        return None
    found = _minimal(found)
    return found if len(found) <= MAX_ANCHORS else None


def _minimal(found: set[str]) -> frozenset[str]:
    """The anchors without those that contain a shorter one (its presence is implied)."""
    ordered = sorted(found, key=len)
    kept: list[str] = []
    for s in ordered:
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _chars(items: list) -> set[str] | None:
    """The characters a class ``[...]`` matches, when it is small and plain."""
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < MAX_CLASS:
            out.update(map(chr, range(av[0], av[1] + 1)))
        else:  # NEGATE, CATEGORY (\d, \w, \s), large ranges
            return None
    return out if len(out) <= MAX_CLASS else None


def _single(op, av) -> set[str] | None:
    """The characters one element consumes, when it consumes exactly one from a small set."""
    if op is C.LITERAL:
        return {chr(av)}
    if op is C.IN:
        return _chars(av)
    return None


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The stronger of two anchor sets: fewer alternatives, then longer strings."""
    if a is None:
        return b
    if b is None:
        return a
    key = lambda s: (len(s), -min(map(len, s)))  # noqa: E731
    return a if key(a) <= key(b) else b


def _sequence(items: list) -> set[str] | None:
    """Anchors of a sequence: runs of single literal characters (zero-width assertions
    inside a run do not break it) are joined into strings; of every element's anchors,
    the strongest set is kept."""
    best: set[str] | None = None
    run: set[str] = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        chars = _single(op, av)
        if chars is not None and len(run) * len(chars) <= MAX_ANCHORS:
            run = {r + c for r in run for c in chars}
            continue
        if run != {""}:
            best = _better(best, run)
        run = {""}
        best = _better(best, _element(op, av))
    if run != {""}:
        best = _better(best, run)
    return best


def _element(op, av) -> set[str] | None:
    """Anchors of one element that is not a single character."""
    if op is C.IN:
        return _chars(av)
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            found = _sequence(list(branch))
            if not found:
                return None
            out |= found
        out = set(_minimal(out))
        return out if len(out) <= MAX_ANCHORS else None
    if op is C.SUBPATTERN:
        _, add_flags, _, body = av
        return None if add_flags & re.IGNORECASE else _sequence(list(body))
    if op is C.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in _REPEATS:
        low, _, body = av
        if low < 1:
            return None
        body = list(body)
        if len(body) == 1 and (chars := _single(*body[0])) is not None and len(chars) ** low <= MAX_ANCHORS:
            run = {""}
            for _ in range(low):  # [!?]{2,}: every match holds one of !!, !?, ?!, ??
                run = {r + c for r in run for c in chars}
            return run
        return _sequence(body)
    return None
