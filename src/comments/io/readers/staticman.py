"""Staticman YAML (or JSON, Staticman's other format): one file per comment (a folder per
page), or one YAML file holding a list of comments. Every convention in use, recognised by content:

- ``message`` + ``replying_to``: the 1-based index of a top-level comment in date order
  (Made Mistakes / Minimal Mistakes), resolved once all files of a page are read;
- ``body`` (or ``comment``) + ``reply_to``: the parent's ``_id`` (the "nested replies"
  tutorials; also ``replyID``, ``reply_id``, ``parent_id``);
- ``parent`` / ``_parent`` holding the parent's ``_id``. ``_parent`` usually names the
  page; it is read as a parent only when it is the id of another comment of the folder.

Fields no column takes stay in ``meta``. YAML is read safely (:mod:`safeyaml`).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from comments.model.errors import InputError
from comments.text.html_text import markdown_entities, markdown_paragraphs
from comments.text.plural import plural
from comments.model.records import Comment, ParsedThread, Thread
from comments.io.readers.base import (Context, Reader, dated, leftover, load_json, repeated_keys_note, side_text,
                                      str_or_none)
from comments.io.sources import path_name

NAME = "staticman"
TEXT_KEYS = ("message", "body", "comment", "content", "text")
ID_KEYS = ("_id", "id", "uid")
AUTHOR_KEYS = ("name", "author")
DATE_KEYS = ("date", "created_at", "timestamp")
PARENT_KEYS = ("reply_to", "replyID", "reply_id", "replying_to_uid", "parent_id", "parent")
_MARKERS = ("_parent", "_id", "replying_to") + PARENT_KEYS
_JSON_KEY = re.compile(r'"([A-Za-z_][A-Za-z_]*)"\s*:')
_KEY = re.compile(r"^(?:-[ \t]+|[ \t]{2,4})?([A-Za-z_][A-Za-z_]*)[ \t]*:", re.M)
_ID_LINE = re.compile(r"^(?:-[ \t]+|[ \t]{2,4})?_?id[ \t]*:[ \t]*['\"]?([^'\"\n]+?)['\"]?[ \t]*$", re.M)
_PARENT_LINE = re.compile(r"^(?:-[ \t]+|[ \t]{2,4})?_parent[ \t]*:[ \t]*['\"]?([^'\"\n]+?)['\"]?[ \t]*$", re.M)
_COMMENT_FILE = re.compile(r"(comment|entry)[-_]?[\w-]*|[0-9a-fA-F-]{8,}|\d+", re.I)


def sniff_json(head: str) -> bool:
    """Staticman's JSON format: one object per file (not a list, not JSON lines) with
    Staticman's ``_id`` or ``_parent`` and a text key."""
    stripped = head.strip()
    if not stripped.startswith("{") or "\n{" in stripped or "[{" in re.sub(r"\s", "", stripped[:8192]):
        return False
    keys = set(_JSON_KEY.findall(stripped[:8192]))
    return bool(keys & {"_id", "_parent"}) and any(k in keys for k in TEXT_KEYS)


def sniff(head: str) -> bool:
    keys = set(m.group(1) for m in _KEY.finditer(head[:8192]))
    return any(k in keys for k in TEXT_KEYS) and any(k in keys for k in _MARKERS) and bool(
        keys & {"name", "author", "date", "email", "_id", "_parent"})


def read(text: str, ctx: Context) -> list[ParsedThread]:
    if text.lstrip().startswith("{"):
        data = load_json(text, ctx)
    else:
        from comments.io.readers import safeyaml  # PyYAML only for YAML input (start-up cost of every command)

        repeated: list[tuple[int, str, str]] = []
        long_numbers: list[int] = []
        data = safeyaml.load(text, repeated, long_numbers)
        if repeated:
            ctx.note(repeated_keys_note(repeated))
        if long_numbers:
            ctx.note(f"{plural(len(long_numbers), 'integer')} of more than {sys.get_int_max_str_digits():,} digits "
                     f"(first at line {long_numbers[0]:,}): kept as text (Python converts no longer ones)")
    docs = data if isinstance(data, list) else [data]
    if not docs or not all(isinstance(d, dict) for d in docs):
        raise InputError("YAML is not a Staticman comment (expected a mapping, or a list of mappings)")
    if not any(_first(d, TEXT_KEYS)[0] for d in docs):
        raise InputError(f"YAML has no comment text (keys found: {', '.join(sorted(docs[0]))[:200]})")
    folder = ctx.path.parent if isinstance(ctx.path, Path) else None
    # Staticman writes a page's comments into one folder: a file named like a comment, or
    # one that does not name its page, belongs to its folder's page
    in_page_folder = folder is not None and (bool(_COMMENT_FILE.fullmatch(ctx.path.stem))
                                             or any(d.get("_parent") in (None, "") for d in docs))
    if in_page_folder:
        ctx.stem = path_name(folder)  # the page's folder names the page, not each file
    # (cached by the absolute folder: ``.`` names another folder after a chdir in the same process)
    sibling_ids, sibling_pages = _folder_index(folder.absolute()) if in_page_folder else (frozenset(), ())
    own_ids = {str_or_none(_first(d, ID_KEYS)[1]) for d in docs}

    def an_id(value: str | None) -> bool:  # no union of the folder's ids per file: 20,000 files made it quadratic
        return value in own_ids or value in sibling_ids

    pages = list(dict.fromkeys([*sibling_pages, *(p for d in docs if not an_id(p := str_or_none(d.get("_parent"))))]))
    threads: dict[str, ParsedThread] = {}
    for number, doc in enumerate(docs):
        page_field = str_or_none(doc.get("_parent"))
        parent_ref = str_or_none(_first(doc, PARENT_KEYS)[1])
        taken = ["_parent", "replying_to", *_used(doc)]
        if page_field is not None and an_id(page_field):  # ``_parent`` holds a comment's ``_id``
            parent_ref = parent_ref or page_field
            page_field = pages[0] if len(pages) == 1 else None  # the page the folder's other comments name
        page = page_field or ctx.stem
        date_key, raw_date = _first(doc, DATE_KEYS)
        index = str_or_none(doc.get("replying_to"))
        if index is not None and not index.isdigit() and parent_ref is None:
            parent_ref, index = index, None  # ``replying_to`` holding an id
        name = ctx.path.name if isinstance(ctx.path, Path) else ctx.stem
        comment = dated(Comment(
            id=str_or_none(_first(doc, ID_KEYS)[1]),
            parent_id=parent_ref,
            author=str_or_none(_first(doc, AUTHOR_KEYS)[1]),
            status="hidden" if doc.get("hidden") in (True, "true") else "visible",
            text=markdown_paragraphs(markdown_entities(str(_first(doc, TEXT_KEYS)[1] or ""))),
            meta=leftover(doc, taken),
        ), raw_date if isinstance(raw_date, (str, int, float)) else None, date_key)
        comment.link = (index, comment.created_at or "", name, number)
        pt = threads.setdefault(page, ParsedThread(Thread(thread_id=page, url=page if "/" in page else None,
                                                          format=NAME)))
        pt.comments.append(comment)
    return list(threads.values())


def _first(doc: dict[str, Any], keys: tuple[str, ...]) -> tuple[str | None, Any]:
    """The first of ``keys`` the comment has with a non-empty value."""
    for key in keys:
        if doc.get(key) not in (None, ""):
            return key, doc[key]
    return None, None


def _used(doc: dict[str, Any]) -> list[str]:
    """The keys that record columns take from this comment (the first of each kind, and
    empty parent fields, which only say "no parent")."""
    used = [k for k in (_first(doc, keys)[0] for keys in (TEXT_KEYS, ID_KEYS, AUTHOR_KEYS, DATE_KEYS, PARENT_KEYS)) if k]
    used += [k for k in PARENT_KEYS if k in doc and doc[k] in (None, "")]
    if doc.get("hidden") in (True, "true"):
        used.append("hidden")
    return used


@lru_cache(maxsize=64)
def _folder_index(folder: Path) -> tuple[frozenset[str], tuple[str, ...]]:
    """The comment ids of a page folder and the ``_parent`` values that are not comment
    ids (the page), from their lines: to tell a ``_parent`` that names a comment from one
    that names the page, and to put such a reply on its page."""
    ids: set[str] = set()
    parents: dict[str, None] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in (".yml", ".yaml") and path.is_file():
            try:
                head = side_text(path)[:4096]
            except (OSError, InputError):
                continue
            ids.update(m.group(1).strip() for m in _ID_LINE.finditer(head))
            parents.update((m.group(1).strip(), None) for m in _PARENT_LINE.finditer(head))
    return frozenset(ids), tuple(p for p in parents if p not in ids)


def _instant(created: str) -> float:
    """Seconds since the epoch, for date order across UTC offsets (dates without an offset
    count as UTC; unreadable ones first)."""
    try:
        when = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return (when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)).timestamp()


def link(comments: list[Comment]) -> None:
    """Order a page's comments by date (then file and place in it) and turn
    ``replying_to`` indexes into parent ids; an index with no such top-level comment
    stays a dangling reference (an orphan)."""
    from comments.model.tree import assign_ids

    comments.sort(key=lambda c: (_instant(c.link[1]), c.link[1], c.link[2], c.link[3]) if c.link else (0.0, "", "", 0))
    assign_ids(comments)
    top = [c for c in comments if not (c.link and c.link[0]) and c.parent_id is None]
    for c in comments:
        index = c.link[0] if c.link else None
        if not index:
            continue
        if 1 <= int(index) <= len(top):
            c.parent_id = top[int(index) - 1].id
        else:
            c.parent_id = f"replying_to:{index}"


READER = Reader(NAME, sniff, read, link=link)
#: The same reader, detected before generic JSON lines (a one-line JSON file is both).
JSON_READER = Reader(NAME, sniff_json, read, link=link)
