"""Type checks of what a reader returned, before it is merged with other inputs.

Readers of our own JSONL/CSV/Parquet and of loosely typed exports pass values through;
a crafted file (an ``id`` that is a list, a ``depth`` that is text) would otherwise fail
later, in code that works on all inputs at once, and cost every input its output.
"""

from __future__ import annotations

from operator import attrgetter
from collections.abc import Callable
from typing import Any

from comments.model.errors import InputError
from comments.model.records import (LABEL_FIELDS, MAX_VALUE_NESTING, NESTED_TOO_DEEP, SCORE_FIELDS, TONES, Comment,
                                     ParsedThread, Thread, nested_deeper)

_TEXT_OR_NONE = ("id", "parent_id", "author", "created_at", "site", "thread_id", "missing_parent_id", "language")
_TEXT = ("text", "kind", "status")
_INT = ("depth", "position")
_TEXT_LISTS = ("flags", *LABEL_FIELDS)
_SCORES = tuple(SCORE_FIELDS.values())
_THREAD_TEXT = ("thread_id", "site", "title", "url", "published_at", "article_text", "format", "source")
_THREAD_INT = ("declared_count", "comment_count", "unloaded_count")


#: Every checked field of a comment, in the order _comment_problem checks them.
_FIELDS = (*_TEXT_OR_NONE, *_TEXT, *_INT, *_TEXT_LISTS, *_SCORES, "polarity")
_values = attrgetter(*_FIELDS)
_SCALARS = len(_TEXT_OR_NONE) + len(_TEXT) + len(_INT)
_LISTS = slice(_SCALARS, _SCALARS + len(_TEXT_LISTS))
_MAPS = slice(_LISTS.stop, _LISTS.stop + len(_SCORES))
_NONE = type(None)
_NUMBER_KINDS = frozenset((int, float, _NONE))
_KNOWN_LIMIT = 4096  # each cache of values known to pass is emptied when it grows past this


def _kinds_pass(kinds: tuple[type, ...]) -> bool:
    """Do values of exactly these types pass (lists and maps still to be looked into)?"""
    text = len(_TEXT_OR_NONE)
    return (all(k is str or k is _NONE for k in kinds[:text])
            and all(k is str for k in kinds[text:text + len(_TEXT)])
            and all(k is int for k in kinds[text + len(_TEXT):_LISTS.start])
            and all(k is list or k is _NONE for k in kinds[_LISTS])
            and all(k is dict or k is _NONE for k in kinds[_MAPS])
            and kinds[-1] in _NUMBER_KINDS)


class _Known:
    """What passed once, so that the same again passes at one set lookup: type
    signatures of comments, label lists, score-map keys."""

    def __init__(self) -> None:
        self.kinds: set[tuple[type, ...]] = set()
        self.lists: set[tuple] = set()
        self.keys: set[tuple] = set()

    def passes(self, comment: Comment) -> bool:
        """True when every field surely has a right type; False: look closer (the
        careful check names the problem, or finds none)."""
        values = _values(comment)
        kinds = tuple(map(type, values))
        if kinds not in self.kinds:
            if not _kinds_pass(kinds):
                return False
            if len(self.kinds) >= _KNOWN_LIMIT:
                self.kinds.clear()
            self.kinds.add(kinds)
        for value in values[_LISTS]:
            if value and not self._all_text(self.lists, tuple(value)):
                return False
        for value in values[_MAPS]:
            if value and not (self._all_text(self.keys, tuple(value))
                              and _NUMBER_KINDS.issuperset(map(type, value.values()))):
                return False
        polarity = values[-1]
        return polarity is None or -1 <= polarity <= 1  # NaN too: the careful check names it

    @staticmethod
    def _all_text(known: set, items: tuple) -> bool:
        """Are ``items`` all text? (known to be, or checked now and remembered; an unhashable
        item — a list inside a label list — is not, and the careful check names it)"""
        try:
            if items in known:
                return True
        except TypeError:
            return False
        if not all(type(v) is str for v in items):
            return False
        if len(known) >= _KNOWN_LIMIT:
            known.clear()
        known.add(items)
        return True


_KNOWN = _Known()


#: The flag of a comment read with a tone label that is none of SPEC's six (:data:`TONES`).
UNKNOWN_TONE = "unknown_tone"
_SIX_TONES = frozenset(TONES)


def check_records(threads: list[ParsedThread]) -> None:
    """InputError naming the first record and field whose value has the wrong type or lies
    outside SPEC's range (a comment whose field types, label lists and score keys all passed
    before passes at a few set lookups; any other is checked field by field); a tone label
    none of SPEC's six flags its comment (:func:`flag_labels`)."""
    for pt in threads:
        _check_thread(pt.thread)
        passes = _KNOWN.passes
        for number, comment in enumerate(pt.comments, 1):
            if not passes(comment) and (problem := comment_problem(comment, number, pt.thread.thread_id)):
                raise InputError(problem)
            if comment.tone:
                flag_labels(comment)


def flag_labels(comment: Comment) -> None:
    """Flag ``unknown_tone`` a comment whose tone list holds a label that is none of SPEC's six
    (classified output read back: another tool's, a hand edit, or a label a ``train`` model of
    the user's added), its labels kept as given. Why: such a label was taken without a word, and
    the reports' tone tables, which count the six, left it out (the flag is counted in the summary)."""
    if not _SIX_TONES.issuperset(comment.tone):  # type: ignore[arg-type]
        comment.flag(UNKNOWN_TONE)


def check_record(record: Comment | Thread, number: int = 0, thread_id: Any = None) -> None:
    """InputError naming a record's field of the wrong type, raised while its reader is at
    its line (a reader of our own records checks each as it makes it: the error then names
    the record's own line, not the input's last). ``number``: a comment's place in its thread."""
    if isinstance(record, Thread):
        _check_thread(record)
        return
    problem = None if _KNOWN.passes(record) else comment_problem(record, number, thread_id)
    if problem:
        raise InputError(problem)
    if record.tone:
        flag_labels(record)


def comment_problem(comment: Comment, number: int, thread_id: Any) -> str | None:
    """What is wrong with a comment's field types, said as ``comment N of thread T (id X): …``."""
    problem = _comment_problem(comment)
    if not problem:
        return None
    who = f"comment {number} of thread {_show(thread_id)}"
    if isinstance(comment.id, str):
        who += f" (id {_show(comment.id)})"
    return f"{who}: {problem}"


def leave_out_deep(threads: list[ParsedThread], problem: Callable[[str], None]) -> None:
    """Comments whose ``meta`` nests deeper than the writers can encode (JSON documents, YAML,
    ConvoKit: formats read whole; line formats leave such a line out where they read it) left
    out, each said by ``problem``: one record lost, not the whole run at the writer."""
    for pt in threads:
        deep = [c for c in pt.comments if c.meta and nested_deeper(c.meta, MAX_VALUE_NESTING - 1)]
        if deep:
            gone = {id(c) for c in deep}
            pt.comments[:] = [c for c in pt.comments if id(c) not in gone]
            for c in deep:
                problem(f"comment {_show(c.id) if isinstance(c.id, str) else c.id} of thread "
                        f"{_show(pt.thread.thread_id)}: {NESTED_TOO_DEEP}: left out")


def _check_thread(thread: Thread) -> None:
    for name in _THREAD_TEXT:
        value = getattr(thread, name)
        if value is not None and not isinstance(value, str):
            raise InputError(f"thread {_show(thread.thread_id)}: field {name} is {_kind(value)}, expected text")
    for name in _THREAD_INT:
        value = getattr(thread, name)
        if value is not None and not _is_int(value):
            raise InputError(f"thread {_show(thread.thread_id)}: field {name} is {_kind(value)}, expected a whole number")


def _comment_problem(c: Comment) -> str | None:
    for name in _TEXT_OR_NONE:
        value = getattr(c, name)
        if value is not None and not isinstance(value, str):
            return f"field {name} is {_kind(value)}, expected text"
    for name in _TEXT:
        if not isinstance(getattr(c, name), str):
            return f"field {name} is {_kind(getattr(c, name))}, expected text"
    for name in _INT:
        if not _is_int(getattr(c, name)):
            return f"field {name} is {_kind(getattr(c, name))}, expected a whole number"
    for name in _TEXT_LISTS:
        value = getattr(c, name)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            return f"field {name} is {_kind(value)}, expected a list of text"
    for name in _SCORES:
        value = getattr(c, name)
        if value is not None and (not isinstance(value, dict) or not all(
                isinstance(k, str) and (v is None or _is_number(v)) for k, v in value.items())):
            # null: a score that was not finite when written (the comment is flagged non_finite)
            return f"field {name} is {_kind(value)}, expected a map of numbers"
    if c.polarity is not None and not _is_number(c.polarity):
        return f"field polarity is {_kind(c.polarity)}, expected a number"
    if c.polarity is not None and not -1 <= c.polarity <= 1:  # SPEC: −1..1 (a report's means would take it)
        return f"field polarity is {c.polarity!r}, outside SPEC's range −1..1"
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    names = {list: "a list", dict: "an object", bool: "true/false", float: "a number", int: "a number",
             str: "text", type(None): "null"}
    return names.get(type(value), f"a {type(value).__name__}")


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "…"
