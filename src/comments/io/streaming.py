"""read → merge → rebuild one thread at a time, for work that keeps only per-thread
results (``comments report``): the same threads, repairs, notes and problems as
:func:`comments.io.pipeline.read_inputs`, without ever holding the corpus.

Our own JSONL (``record`` lines, as ``parse``/``classify`` write it) is read line by
line and a thread is handed on as soon as the next one starts; any other input is read
whole, as the pipeline reads it, and its threads handed on one by one. Inputs sharing a
file name (a page and its text copy) are held until the last of them is read and merged
as the pipeline merges them (:class:`comments.io.pipeline.Namesakes`). A thread whose
comments are not together (in one input, or spread over several inputs) cannot be
rebuilt this way: :class:`NotContiguous` is raised and the caller reads with the
pipeline instead. An input that fails after some of its threads were handed on is
reported by :class:`InputDone` (``ok`` False, ``handed`` > 0): the caller drops what it
made of them (e.g. by reading again without that input, see ``skip``).

``lean=True`` (``comments report``, which writes no comment record) keeps a held comment
small, since one huge thread is the whole corpus in memory: equal short values (site,
kind, status, language, author, date, label lists, polarity, an empty ``meta``) are one
shared object per thread, and the per-label scores, which no analysis reads, are not kept.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from comments.io import readers
from comments.io.pipeline import (HEAD, Namesakes, Result, count_differs, failure, input_context, place,
                                  place_all, read_item, read_source, rebuild_threads, report_input)
from comments.io.readers import Context, Reader
from comments.io.readers.base import first_json_line, iter_json_lines
from comments.io.readers.tabular import JSONL_READER, _check_counts
from comments.io.records import check_record, check_records, leave_out_deep
from comments.io.sites import Sites
from comments.io.sources import Source, expand, open_source
from comments.io.streams import DEFAULT_MAX_INPUT, compression_of, line_limit, too_large
from comments.model.errors import InputError
from comments.model.records import Comment, ParsedThread, Thread


class NotContiguous(Exception):
    """A thread's comments come in more than one piece (read with the pipeline instead)."""


@dataclass
class InputDone:
    """One input has been read: ``ok`` False when it failed (its error is in the result),
    ``handed`` threads of it were handed on before."""

    item: str
    ok: bool
    handed: int


@dataclass
class Split:
    """Our JSONL in a plain (uncompressed) file, handed to the consumer to be read in byte
    ranges elsewhere (``stream_inputs(split=...)``, :mod:`comments.io.ranges`). The consumer
    reads it all, counts its threads into the result, fills ``handed`` and ``counted`` (the
    threads whose record states another count) and adds their keys to ``finished``; or it
    raises, abandoning the reading. The input is then finished as one read here."""

    item: str
    name: str
    path: Path
    size: int
    ctx: Context
    finished: set[tuple[str, str]]
    handed: int = 0
    counted: list[SimpleNamespace] = field(default_factory=list)


@dataclass
class StreamResult(Result):
    """A :class:`Result` that counts the threads handed on instead of keeping them: the
    same summary, losses and problems."""

    threads_seen: int = 0
    comments_seen: int = 0
    flags: Counter = field(default_factory=Counter)
    empty: int = 0
    unloaded: int = 0
    differ: list[Thread] = field(default_factory=list)  # the first three
    differ_total: int = 0

    def add(self, pt: ParsedThread) -> None:
        """Count one repaired thread."""
        self.threads_seen += 1
        self.comments_seen += len(pt.comments)
        for c in pt.comments:
            if c.flags:
                self.flags.update(c.flags)
            if not c.text.strip():
                self.empty += 1
        t = pt.thread
        self.unloaded += t.unloaded_count
        if count_differs(t):
            self.differ_total += 1
            if len(self.differ) < 3:
                self.differ.append(t)

    def merge(self, other: StreamResult) -> None:
        """Add the counts and errors of threads counted elsewhere (read after ours)."""
        self.threads_seen += other.threads_seen
        self.comments_seen += other.comments_seen
        self.flags.update(other.flags)
        self.empty += other.empty
        self.unloaded += other.unloaded
        self.differ.extend(other.differ[:max(0, 3 - len(self.differ))])
        self.differ_total += other.differ_total
        self.errors.extend(other.errors)

    def flag_counts(self) -> Counter:
        return Counter(self.flags)

    def thread_total(self) -> int:
        return self.threads_seen

    def comment_total(self) -> int:
        return self.comments_seen

    def empty_total(self) -> int:
        return self.empty

    def unloaded_total(self) -> int:
        return self.unloaded

    def differing(self) -> tuple[int, list[Thread]]:
        return self.differ_total, self.differ


def stream_inputs(inputs: Iterable[str], result: StreamResult, fmt: str | None = None,
                  site: str | list[str] | Sites | None = None, columns: dict[str, str] | None = None,
                  max_input_size: int = DEFAULT_MAX_INPUT, follow_symlinks: bool = False,
                  skip: dict[str, str] | None = None, lean: bool = False,
                  split: Callable[[str], bool] | None = None) -> Iterator[ParsedThread | InputDone | Split]:
    """Repaired threads one at a time, an :class:`InputDone` after each input; notes and
    problems go to ``result`` as the pipeline's would. ``skip``: inputs known to fail
    (item → its error line), not read again; ``lean``: small held comments (module doc),
    for read-only analyses; ``split``: which inputs the consumer reads itself when they
    can be read in byte ranges (a :class:`Split` instead of their threads)."""
    sites = Sites.parse(site)
    skip = skip or {}
    finished: set[tuple[str, str]] = set()
    empty: list[str] = []
    items = expand(list(inputs), result.notes, follow_symlinks, empty)
    names = Namesakes(items, result)
    result.errors.extend(f"{folder}: no file to read in this folder" for folder in empty)
    for item in items:
        if item in skip:
            result.errors.append(skip[item])
            yield InputDone(item, False, 0)
            continue
        if item in names.groups:  # read whole and merged with its namesakes, as the pipeline does
            got = read_item(item, fmt, sites, columns, max_input_size, result, names.stems.get(item))
            yield from _together(names.ready(item, got, result), result, finished)
            yield InputDone(item, got is not None, 0)
            continue
        yield from _item(item, fmt, sites, columns, max_input_size, result, finished, lean, split)
    result.notes.extend(sites.unused_notes(items))


def _together(ready: list[tuple], result: StreamResult,
              finished: set[tuple[str, str]]) -> Iterator[ParsedThread]:
    """The threads of inputs that share a file name (:class:`comments.io.pipeline.Namesakes`,
    named by what they hold), merged (a page and its text copy: each comment once) and
    repaired by the pipeline's code; NotContiguous when one of them continues a thread
    another input gave."""
    merged: dict[tuple[str, str], ParsedThread] = {}
    origin: dict = {}
    links: dict[tuple[str, str], Reader] = {}
    for got in ready:
        if any(pt.homeless for pt in got[3]):
            raise NotContiguous(f"{got[0].name}: comments whose thread is in no input read so far")
        place_all(got, merged, origin, links, result)
    for key, pt in merged.items():
        if key in finished:
            raise NotContiguous(f"thread {key[1]} of {key[0]} continues a thread of another input")
        yield from _rebuilt(key, pt, links, result, finished)


def _item(item: str, fmt, sites: Sites, columns, max_input_size: int, result: StreamResult,
          finished: set[tuple[str, str]], lean: bool = False,
          split: Callable[[str], bool] | None = None) -> Iterator[ParsedThread | InputDone | Split]:
    """One input's threads (the pipeline's read_item, place and rebuild, a thread at a time)."""
    source: Source | None = None
    reading, handed, bad_record = True, 0, None
    pending: dict[tuple[str, str], ParsedThread] = {}  # the thread being read (two at a switch)
    links: dict[tuple[str, str], Reader] = {}
    origin: dict = {}  # what was read of the threads in ``pending`` (placed)
    try:
        source = open_source(item)
        ctx = input_context(item, source, sites, columns)
        if split is not None and split(item) and _plain_file(source) and _ours(source, ctx, fmt):
            assert source.path is not None
            size, limit = source.path.stat().st_size, line_limit(max_input_size)
            if limit is not None and size > limit:  # as the line-by-line reading refuses it
                raise too_large(limit, None, lines=True)
            yield (whole := Split(item, source.name, source.path, size, ctx, finished))
            handed, reading = whole.handed, False
            _check_counts(whole.counted, ctx)  # type: ignore[arg-type]
        else:
            reader, threads = _read(source, ctx, fmt, max_input_size, lean)
            for raw in threads:
                if bad_record is None:
                    try:
                        check_records([raw])
                        leave_out_deep([raw], ctx.problem)
                    except Exception as exc:  # noqa: BLE001 - reported as the pipeline does, once reading ends
                        bad_record = exc
                if bad_record is not None:
                    continue  # the input fails: read on only to report a reading error first, as the pipeline does
                for pt in placed(raw, ctx, source, reader, pending, links, result, finished, origin):
                    handed += 1
                    yield pt
            reading = False
            if bad_record is not None:
                raise bad_record
            for key in list(pending):
                for pt in _rebuilt(key, pending.pop(key), links, result, finished):
                    handed += 1
                    yield pt
    except NotContiguous:
        raise
    except Exception as exc:  # noqa: BLE001 - one input's failure must not cost the others
        result.errors.append(failure(item, exc, source if reading else None))
        yield InputDone(item, False, handed)
        return
    finally:
        if source is not None:
            source.close()
    report_input(item, source, ctx, result)
    yield InputDone(item, True, handed)


def placed(raw: ParsedThread, ctx: Context, source: Source, reader: Reader,
           pending: dict[tuple[str, str], ParsedThread], links: dict, result: StreamResult,
           finished: set[tuple[str, str]], origin: dict) -> list[ParsedThread]:
    """One thread as read, placed (the pipeline's place); the thread before it, repaired,
    once this one is another (NotContiguous if it was finished already, or if its comments
    may belong to a thread of another input: :func:`comments.io.pipeline.join_homeless`).
    ``origin``: the pipeline's record of what was read, of the threads in ``pending`` only
    (a finished thread's is dropped): a page captured twice in one web archive gives its
    thread twice in a row, each comment kept once and said as ``parse`` says it."""
    if raw.homeless:
        raise NotContiguous(f"{source.name}: comments whose thread is in no input read so far")
    place(raw, ctx, source, reader, pending, origin, links, result)
    key = (raw.thread.site, raw.thread.thread_id)
    if key in finished:
        raise NotContiguous(f"{source.name}: thread {key[1]} of {key[0]} continues after another thread")
    if len(pending) > 1:
        first = next(iter(pending))
        for held in [held for held in origin if held[:2] == first]:  # ((site, thread) and (site, thread, id))
            del origin[held]
        return _rebuilt(first, pending.pop(first), links, result, finished)
    return []


def _rebuilt(key: tuple[str, str], pt: ParsedThread, links: dict, result: StreamResult,
             finished: set[tuple[str, str]]) -> list[ParsedThread]:
    """The thread repaired (the pipeline's rebuild_threads), counted in ``result``."""
    finished.add(key)
    one = Result()
    rebuild_threads({key: pt}, {key: links.pop(key)} if key in links else {}, one)
    result.errors.extend(one.errors)
    for done in one.threads:
        result.add(done)
    return one.threads


def _read(source: Source, ctx: Context, fmt: str | None, max_input_size: int,
          lean: bool = False) -> tuple[Reader, Iterable[ParsedThread]]:
    """Our JSONL line by line; anything else whole, by the pipeline's reader."""
    if _ours(source, ctx, fmt):
        source.line_limit = line_limit(max_input_size)
        return JSONL_READER, _our_threads(source, ctx, lean)
    return read_source(source, ctx, fmt, max_input_size)


def _plain_file(source: Source) -> bool:
    """A regular file stored as it is (not compressed): byte ranges of it can be read directly."""
    path = source.path
    if path is None or not path.is_file():
        return False
    with path.open("rb") as handle:
        return compression_of(handle.read(6)) is None


def _ours(source: Source, ctx: Context, fmt: str | None) -> bool:
    """JSONL as ``parse``/``classify`` write it (``record`` lines), readable line by line."""
    if fmt not in (None, JSONL_READER.name) or ctx.columns or source.path is not None and source.path.is_dir():
        return False
    start = source.start or source.data
    if start[:4] == b"PAR1" or not start.strip() or not source.streamable:
        return False
    head = source.head()[:HEAD]
    try:
        reader = readers.BY_NAME[fmt] if fmt else readers.detect(head)
    except InputError:
        return False
    first = first_json_line(head)
    return reader is JSONL_READER and isinstance(first, dict) and "record" in first


def _our_threads(source: Source, ctx: Context, lean: bool = False) -> Iterator[ParsedThread]:
    """The threads of our JSONL as they end (tabular.read_jsonl's records, one thread at
    a time; a thread in two pieces comes out twice, for the caller to refuse); ``lean``:
    each comment made small by :func:`slim_comment`, one :class:`Shared` per thread."""
    counted: list[SimpleNamespace] = []  # threads with a thread record, for the count check
    yield from threads_of_rows(iter_json_lines(source.lines(), ctx), lean, counted)
    _check_counts(counted, ctx)  # type: ignore[arg-type]


def threads_of_rows(rows: Iterable[tuple[int, object]], lean: bool, counted: list[SimpleNamespace]
                    ) -> Iterator[ParsedThread]:
    """:func:`_our_threads` from (line number, object) rows; a thread whose record states
    another count than its comments is added to ``counted``."""
    current: ParsedThread | None = None
    key: tuple[str, str] | None = None

    def check(pt: ParsedThread | None, recorded: bool) -> None:
        if pt is not None and recorded and isinstance(pt.thread.comment_count, int) \
                and pt.thread.comment_count != len(pt.comments):
            counted.append(SimpleNamespace(thread=pt.thread, comments=range(len(pt.comments))))

    recorded = False
    shared = Shared()
    for number, row in rows:
        if not isinstance(row, dict):
            raise InputError("expected one JSON object per line", f"line {number}")
        if row.get("record") == "thread":
            thread = Thread.from_dict(row)
            check_record(thread)
            here = (thread.site or "", thread.thread_id or "")
            if current is not None and here == key:
                current.thread = thread  # its comments came first: keep them, take the metadata
                recorded = True
                continue
            check(current, recorded)
            if current is not None:
                yield current
            current, key, recorded = ParsedThread(thread), here, True
            shared = Shared()
            continue
        try:
            comment = Comment.from_dict(row)
        except (TypeError, ValueError) as exc:
            raise InputError(f"comment {row.get('id')!r} is not a valid record ({exc})") from None
        here = (comment.site or "", comment.thread_id or "")
        if current is None or here != key:
            check(current, recorded)
            if current is not None:
                yield current
            current, key, recorded = ParsedThread(
                Thread(thread_id=comment.thread_id, site=comment.site, format=JSONL_READER.name)), here, False
            shared = Shared()
        check_record(comment, len(current.comments) + 1, current.thread.thread_id)  # at its line, as tabular does
        if lean:
            slim_comment(comment, shared)
        current.comments.append(comment)
    check(current, recorded)
    if current is not None:
        yield current


class Shared:
    """One object per distinct value within a thread (``get``); a table that grows past
    ``limit`` values (e.g. every comment's own timestamp) starts again, so it never
    costs more than the values it saves."""

    __slots__ = ("values", "limit", "empty")

    def __init__(self, limit: int = 1 << 16) -> None:
        self.values: dict = {}
        self.limit = limit
        self.empty: dict = {}  # the thread's one empty ``meta``

    def get(self, value):
        """``value`` itself the first time, the first equal object after that."""
        kind = type(value)
        if kind is str:  # most values: the string is its own key (no other key is a str)
            key = value
        elif value is None:
            return None
        elif kind is list and all(type(v) is str for v in value):  # label lists
            key = (list, *value)  # unlike the keys below, its items are not (type, value) pairs
        else:
            try:
                key = (list, tuple(map(_key, value))) if kind is list else _key(value)
                hash(key)
            except TypeError:  # an unhashable item (a record check reports it): kept as it is
                return value
        found = self.values.get(key)
        if found is not None:
            return found
        if len(self.values) >= self.limit:
            self.values.clear()
        self.values[key] = value
        return value


def _key(value) -> tuple:
    """What makes two values the same for :class:`Shared`: equal and of one type (so 1,
    1.0 and True stay apart), and for floats the same sign (0.0 and -0.0 are equal, not the same)."""
    if isinstance(value, float):
        return (float, value, math.copysign(1.0, value))
    return (type(value), value)


#: The fields whose equal values one thread's comments share under ``lean``.
SHARED_FIELDS = ("site", "thread_id", "kind", "status", "author", "created_at", "language", "topics", "tone",
                 "polarity")


def slim_comment(c: Comment, shared: Shared) -> None:
    """A comment made small for a read-only analysis: equal values shared (the label
    lists too, so nothing may change them in place), an empty ``meta`` one shared map,
    the per-label scores dropped (``report`` reads only the labels)."""
    for name in SHARED_FIELDS:
        setattr(c, name, shared.get(getattr(c, name)))
    if not c.meta:
        c.meta = shared.empty
    c.topic_scores = c.tone_scores = None
