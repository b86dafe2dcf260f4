"""Which general-path rules for generic JSON lines a whole file needs, found by one linear
byte scan (no JSON parsed): replies nested in a reply list, ``PARENT.REPLY`` ids, a thread
column of permalinks (``page#comment-N``: the thread is the page) and Facepager seed rows.
Why: the fast path and the Dask engine's block reader apply none of these, and a file whose
first such row comes after its head must still give the general path's records — those
paths leave such a file to the general reader. Conservative: a match may be a false alarm
(the general path then reads a file the others would have read alike), never a miss."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from comments.io.readers import tabular
from comments.io.readers.base import CHILD_KEYS
from comments.io.streams import RECORD_LIMIT, compression_of, decompressing

__all__ = ["general_rule", "head_rule", "scan"]

DOTTED = "ids PARENT.REPLY"
_PLAIN = re.compile(r"[A-Za-z0-9_ .-]+")
#: Bytes read at a time (cut at the last line end: no pattern spans a JSON line).
CHUNK = 1 << 23
#: (what the general path does there, the pattern of the bytes that may need it, byte strings
#: one of which a chunk must hold for the pattern to match there: the pattern runs only on
#: chunks that may match — on a 1M-comment dump 1.1 s → 0.4 s, most of it reading the file)
Rule = tuple[str, "re.Pattern[bytes]", tuple[bytes, ...]]
#: A reply list (empty ones too), or an object that may be a page of replies (``{"data": [...],
#: "paging": …}``, whose list holds a ``[`` too): a ``[`` must be in the chunk (one C ``memchr``; a
#: multi-byte search is as slow as the pattern, about 0.5 s per 1M comments).
_REPLIES = re.compile(rb'"(?:' + b"|".join(k.encode() for k in CHILD_KEYS) + rb')"\s*:\s*(?:\[|\{)')
#: A Facepager seed row: looked for in every file (a seed row after a head without Facepager's ``object_type``
#: column was kept as a comment by the fast path, left out with a note by the general path: fix21d, session 21).
_SEED = re.compile(rb'"object_type"\s*:\s*"seed"')


def _rule(what: str, key: str, then: bytes, needles: tuple[bytes, ...]) -> Rule:
    """``what`` needed where the column ``key`` (as JSON writes it) holds a value starting ``then``."""
    return what, re.compile(re.escape(json.dumps(key).encode()) + rb"\s*:\s*" + then), needles


def patterns(mapping: dict[str, str], keys: list[str]) -> list[Rule] | None:
    """The rules a file with this column mapping may need; None when a column they read is
    a path into objects or a name JSON may write in more than one way (the scan cannot tell)."""
    found: list[Rule] = [("replies nested in a reply list", _REPLIES, (b"[",)),
                         ("a Facepager seed row", _SEED, (b"seed",))]  # in every file: the head may not show the column
    needed = [mapping[f] for f in ("id", "thread_id") if f in mapping]
    if any(name not in keys or not _PLAIN.fullmatch(name) for name in needed):
        return None
    if "thread_id" in mapping:  # a comment's own permalink (#comment-N): its page
        found.append(_rule("a thread column of permalinks", mapping["thread_id"], rb'"[^"]*://[^"]*#', (b"#",)))
    if "id" in mapping and "parent_id" not in mapping:  # PARENT.REPLY ids
        found.append(_rule(DOTTED, mapping["id"], rb'"((?:[^"\\]|\\.)*\.(?:[^"\\]|\\.)*)"', (b".",)))
    return found


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    """The bytes of ``handle`` in chunks that end at a line end (the last one as it ends). A
    line longer than the per-record limit is skipped: every reader leaves it out, so no rule
    applies to it, and holding it whole (a zstd bomb's one line) would cost its size in memory."""
    rest, skipping = b"", False
    while data := handle.read(CHUNK):
        if skipping:
            end = data.find(b"\n")
            if end < 0:
                continue
            data, skipping = data[end + 1:], False
        data = rest + data
        cut = data.rfind(b"\n") + 1
        rest = data[cut:]
        if len(rest) > RECORD_LIMIT:
            rest, skipping = b"", True
        if cut:
            yield data[:cut]
    if rest:
        yield rest


def scan(chunks: Iterator[bytes], found: list[Rule]) -> str | None:
    """The first rule of ``found`` some bytes of ``chunks`` need, else None."""
    for data in chunks:
        for rule, pattern, needles in found:
            if not any(needle in data for needle in needles):
                continue
            if rule == DOTTED:
                if any(tabular.dotted_id(_text(m.group(1))) for m in pattern.finditer(data)):
                    return rule
            elif pattern.search(data):
                return rule
    return None


def _text(raw: bytes) -> Any:
    """A JSON string's value from its bytes between the quotes (None if it is not one)."""
    try:
        return json.loads(b'"' + raw + b'"')
    except ValueError:
        return None


def head_rule(head: str, overrides: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The column mapping (and keys) the general path gives a JSONL file with this head."""
    from comments.io.readers.base import std_loads

    objects = []
    for line in head.split("\n")[:-1]:
        try:
            obj = std_loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict):
            objects.append(obj)
    keys = tabular.row_keys(objects)
    return tabular.column_map(keys, overrides), keys


def general_rule(path: Path, head: str, overrides: dict[str, str]) -> str | None:
    """The first general-path rule some line of the JSONL file ``path`` (whose decoded head
    is ``head``) may need, else None; a file it cannot scan: a reason too."""
    mapping, keys = head_rule(head, overrides)
    found = patterns(mapping, keys)
    if found is None:
        return "a column the scan cannot find by its name"
    try:
        with path.open("rb") as raw:
            with decompressing(raw, compression_of(raw.peek(6)[:6])) as handle:  # type: ignore[attr-defined]
                return scan(_chunks(handle), found)
    except Exception:  # noqa: BLE001 - damaged, unreadable …: the general path reads and reports it
        return "a file the scan could not read"
