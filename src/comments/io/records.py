"""Type checks of what a reader returned, before it is merged with other inputs.

Readers of our own JSONL/CSV/Parquet and of loosely typed exports pass values through;
a crafted file (an ``id`` that is a list, a ``depth`` that is text) would otherwise fail
later, in code that works on all inputs at once, and cost every input its output.
"""

from __future__ import annotations

from typing import Any

from comments.model.errors import InputError
from comments.model.records import LABEL_FIELDS, SCORE_FIELDS, Comment, ParsedThread, Thread

_TEXT_OR_NONE = ("id", "parent_id", "author", "created_at", "site", "thread_id", "missing_parent_id", "language")
_TEXT = ("text", "kind", "status")
_INT = ("depth", "position")
_TEXT_LISTS = ("flags", *LABEL_FIELDS)
_SCORES = tuple(SCORE_FIELDS.values())
_THREAD_TEXT = ("thread_id", "site", "title", "url", "published_at", "article_text", "format", "source")
_THREAD_INT = ("declared_count", "comment_count", "unloaded_count")


def check_records(threads: list[ParsedThread]) -> None:
    """InputError naming the first record and field whose value has the wrong type."""
    for pt in threads:
        _check_thread(pt.thread)
        for number, comment in enumerate(pt.comments, 1):
            problem = _comment_problem(comment)
            if problem:
                who = f"comment {number} of thread {_show(pt.thread.thread_id)}"
                if isinstance(comment.id, str):
                    who += f" (id {_show(comment.id)})"
                raise InputError(f"{who}: {problem}")


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
