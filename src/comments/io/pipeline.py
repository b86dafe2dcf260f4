"""read → merge → rebuild: every input becomes repaired threads, and every problem one
line naming its input."""

from __future__ import annotations

import importlib.util
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from comments import progress as bars
from comments.io import gcpause
from comments.io import readers
from comments.model import tree
from comments.model.errors import InputError
from comments.model.placeholders import is_gone
from comments.model.records import Comment, ParsedThread, Stub, Thread, numbered
from comments.io.readers import Context, Reader, convokit, warc
from comments.io.readers.declared import PAGED
from comments.io.records import check_records, leave_out_deep
from comments.io.sites import Sites, site_from_stem
from comments.io.readers.base import ARTICLE_DIFFER, ARTICLE_FROM, ARTICLE_KEPT, ARTICLE_OF, article_repeat, load_json
from comments.io.namesakes import Member, content_key, made_id, namesake_groups, settle
from comments.io.sources import (COMPRESSED_SUFFIXES, Source, download_number, expand, open_source, shown_name,
                                 thread_stems, undecoded_note)
from comments.io.streams import DEFAULT_MAX_INPUT, NUL_MARK, OPTION, Damaged, line_limit
from comments.text.plural import plural

HEAD = 65536


@dataclass
class Result:
    """Threads in input order, plus what went wrong or was repaired, per input."""

    threads: list[ParsedThread] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cross_input_duplicates: int = 0
    #: lines of line formats left out as unreadable (each input's problem line names them)
    lost_lines: int = 0
    #: thread dates (``published_at``) that could not be read, left out (each input's note names them)
    undated_threads: int = 0
    #: inputs read to their end without a problem (an empty but valid input among them)
    clean: int = 0

    @property
    def comments(self) -> list[Comment]:
        return [c for pt in self.threads for c in pt.comments]

    def flag_counts(self) -> Counter:
        return Counter(f for c in self.comments for f in c.flags)

    def thread_total(self) -> int:
        return len(self.threads)

    def comment_total(self) -> int:
        return sum(len(pt.comments) for pt in self.threads)

    def empty_total(self) -> int:
        return sum(1 for c in self.comments if not c.text.strip())

    def unloaded_total(self) -> int:
        return sum(pt.thread.unloaded_count for pt in self.threads)

    def summary(self) -> str:
        flags = self.flag_counts()
        unloaded = self.unloaded_total()
        parts = [plural(self.thread_total(), "thread"), plural(self.comment_total(), "comment")]
        repairs = ", ".join(f"{n:,} {name}" for name, n in sorted(flags.items()))
        parts.append(f"repairs: {repairs}" if repairs else "no repairs")
        if unloaded:
            parts.append(f"{unloaded:,} unloaded")
        if self.cross_input_duplicates:
            parts.append(f"{self.cross_input_duplicates:,} duplicates across inputs kept once")
        parts.extend(self.losses())
        if self.errors:
            parts.append(plural(len(self.errors), "input problem"))
        return "; ".join(parts)

    def nothing_read(self) -> bool:
        """Every input failed: problems, no thread, and no input read without one. Why: an
        output made from nothing would replace a previous one with an empty file (an
        existing but empty valid input is read, not failed)."""
        return bool(self.errors) and not self.clean and not self.thread_total()

    def losses(self) -> list[str]:
        """What the user should know is missing: comments left without text, and
        threads whose page states another count than we found (a paged section, a
        partial copy)."""
        out = []
        if self.lost_lines:
            out.append(plural(self.lost_lines, "unreadable line") + " left out")
        if self.undated_threads:
            out.append(plural(self.undated_threads, "unreadable thread date") + " left out")
        empty = self.empty_total()
        if empty:
            out.append(plural(empty, "comment") + " with empty text")
        count, differ = self.differing()
        if count:
            paged = {n.split(": " + PAGED, 1)[0] for n in self.notes if ": " + PAGED in n}
            shown = ", ".join(f"{t.thread_id}: page says {t.declared_count:,}, found {t.comment_count:,}"
                              + (f" + {t.unloaded_count:,} unloaded" if t.unloaded_count else "")
                              + (": the section is paged" if t.source in paged else "") for t in differ)
            more = f" and {plural(count - 3, 'more thread')}" if count > 3 else ""
            out.append(plural(count, "thread") + f" with another count than stated ({shown}{more})")
        return out

    def differing(self) -> tuple[int, list]:
        """Threads whose page states another count than we found: (how many, the first three)."""
        differ = [pt.thread for pt in self.threads if count_differs(pt.thread)]
        return len(differ), differ[:3]


def count_differs(thread: Thread) -> bool:
    """The page states a comment count other than the comments found (plus unloaded ones)."""
    return thread.declared_count is not None and \
        thread.declared_count != thread.comment_count + thread.unloaded_count


def input_context(item: str, source: Source, sites: Sites, columns: dict[str, str] | None,
                  stem: str | None = None) -> Context:
    """The reading context of one opened input (its site from ``--site``, its columns; ``stem``:
    its thread name where its file name alone is shared, :func:`comments.io.sources.thread_stems`)."""
    ctx = Context(source=source.name, stem=stem or source.stem, site=sites.for_path(source.path, item),
                  columns=dict(columns or {}), path=source.path)
    if (note := undecoded_note(source.name)) is not None:
        ctx.note(note)
    return ctx


def report_input(item: str, source: Source, ctx: Context, result: Result) -> None:
    """An input read to its end: its notes and problems into ``result``, named by ``item``."""
    result.notes.extend(f"{item}: {n}" for n in source.notes + ctx.notes)
    result.errors.extend(problem_line(item, p) for p in ctx.problems)
    result.lost_lines += ctx.lost.count
    result.undated_threads += ctx.undated.count
    result.clean += not ctx.problems


def problem_line(item: str, problem: object) -> str:
    """One input problem as its error line says it (without ``error: ``): ``FILE: what``, or
    ``FILE:LINE: what`` for compressed data cut short at line LINE."""
    return f"{item}:{problem.line}: {problem.message}" if isinstance(problem, Damaged) else f"{item}: {problem}"


def read_inputs(
    inputs: Iterable[str],
    fmt: str | None = None,
    site: str | list[str] | Sites | None = None,
    columns: dict[str, str] | None = None,
    progress: bool | None | Callable[[str], None] = None,
    max_input_size: int = DEFAULT_MAX_INPUT,
    follow_symlinks: bool = False,
) -> Result:
    """Read, merge and repair everything the user named. A failure in one input is one
    error naming it (and the line, where known); the other inputs are still read.
    ``progress``: a bar over the inputs (True, False, or None = when stderr is a terminal
    or a notebook), or a callable given each input's name (the caller shows progress)."""
    with gcpause.paused():
        return _read_inputs(inputs, fmt, site, columns, progress, max_input_size, follow_symlinks)


def _read_inputs(inputs, fmt, site, columns, progress, max_input_size, follow_symlinks) -> Result:
    result = Result()
    sites = Sites.parse(site)
    merged: dict[tuple[str, str], ParsedThread] = {}
    origin: dict[tuple, str | Copies] = {}
    links: dict[tuple[str, str], Reader] = {}
    empty: list[str] = []
    items = expand(list(inputs), result.notes, follow_symlinks, empty)
    names = Namesakes(items, result)
    result.errors.extend(f"{folder}: no file to read in this folder" for folder in empty)
    for item in items if callable(progress) else bars.track(items, "reading", enabled=progress):
        if callable(progress):
            progress(item)
        got = read_item(item, fmt, sites, columns, max_input_size, result, names.stems.get(item))
        for ready in names.ready(item, got, result):
            place_all(ready, merged, origin, links, result)
    result.notes.extend(sites.unused_notes(items))
    join_homeless(merged, result)
    rebuild_threads(merged, links, result)
    return result


class Namesakes:
    """Inputs sharing a file name (:func:`comments.io.namesakes.namesake_groups`) held back
    until the last of them is read, then named by what they hold (:func:`settle`): a page
    and its text copy or export one thread. Every command that reads inputs (``parse``, the
    API, ``report`` reading a thread at a time) goes through this, so they all merge the
    same inputs into the same threads."""

    def __init__(self, items: list[str], result: Result) -> None:
        #: each input's folder path name where another folder holds its file name
        self.stems = thread_stems(items)
        self.groups = namesake_groups(items)
        self.waiting = Counter(self.groups.values())
        self.held: dict[str, list[Member]] = {}
        self.said_at = len(result.notes)  # their notes stand where a name-only rule says them (the Dask engine's)

    def ready(self, item: str, got: tuple | None, result: Result) -> list[tuple]:
        """The read inputs (:func:`read_item`'s answers) to merge now that ``item`` is read
        (``got``; None: it failed): itself when it shares no name, else none until its
        group's last input, then the group's, named, in the order they were read."""
        group = self.groups.get(item)
        if group is None:
            return [] if got is None else [got]
        if got is not None:
            self.held.setdefault(group, []).append(Member(item, os.path.dirname(os.path.abspath(item)),
                                                          self.stems.get(item) or got[0].stem, got))
        self.waiting[group] -= 1
        if self.waiting[group]:
            return []
        members = self.held.pop(group, [])
        said = settle(group, members, self.stems, result.notes) if members else []
        result.notes[self.said_at:self.said_at] = said
        self.said_at += len(said)
        return [member.got for member in members]


def place_all(got: tuple, merged, origin, links, result: Result) -> None:
    """Every thread of one read input (:func:`read_item`'s answer) named and merged (:func:`place`)."""
    source, ctx, reader, threads = got
    for pt in threads:
        place(pt, ctx, source, reader, merged, origin, links, result)


def join_homeless(merged: dict[tuple[str, str], ParsedThread], result: Result) -> None:
    """Comments whose input did not say their thread (``homeless``: HN official items, one file
    per item or batches, whose ``parent`` chain leaves the input) go to the thread that chain
    reaches in another input, as a Reddit dump's comments join their ``link_id`` across
    files; their stubs (kids not in their input) go along. Those whose chain reaches no
    thread stay where they were read (orphans). Why: an item per file made a thread per
    comment, each an orphan, and the story's replies counted as unloaded."""
    homeless = [key for key, pt in merged.items() if pt.homeless]
    if not homeless:
        return
    parent_of: dict[tuple[str, str], str | None] = {}
    home: dict[tuple[str, str], tuple[str, str] | None] = {}  # (site, comment or story id) → its thread
    for key, pt in merged.items():
        if not pt.homeless:
            home[key] = key
        for c in pt.comments:
            if c.id is None:
                continue
            parent_of[(key[0], c.id)] = c.parent_id
            if not pt.homeless:
                home.setdefault((key[0], c.id), key)
    moved, repeats = 0, 0
    held = {(site, c_id): key for (site, c_id), key in home.items() if key and key[1] != c_id}  # placed already
    for key in homeless:
        pt = merged[key]
        keep, gone = [], set()
        for c in pt.comments:
            target = _reached(key[0], c, parent_of, home)
            if target is None or target == key:
                keep.append(c)
                continue
            gone.add(c.id)
            stubs = [s for s in pt.stubs if s.parent == c.id]
            pt.thread.unloaded_count -= sum(s.count for s in stubs)
            if held.get((key[0], c.id)) == target:  # another input gave it this thread already: kept once
                repeats += 1
                continue
            held[(key[0], c.id)] = target
            if c.parent_id == target[1]:
                c.parent_id = None  # a reply to the story: a top-level comment
            merged[target].comments.append(c)
            merged[target].stubs.extend(stubs)
            merged[target].thread.unloaded_count += sum(s.count for s in stubs)
            moved += 1
        if not gone:
            continue
        pt.comments = keep
        pt.stubs = [s for s in pt.stubs if s.parent not in gone]
        if not keep and not pt.stubs:
            del merged[key]
    if moved or repeats:
        result.cross_input_duplicates += repeats
        again = f" ({plural(repeats, 'comment')} of them another input gave already: kept once)" if repeats else ""
        result.notes.append(f"{plural(moved + repeats, 'comment')} whose input did not hold their thread joined to the "
                            f"thread their parent chain reaches in another input{again}")


def _reached(site: str, c: Comment, parent_of: dict[tuple[str, str], str | None],
             home: dict[tuple[str, str], tuple[str, str] | None]) -> tuple[str, str] | None:
    """The thread (key) a comment's parent chain reaches among the placed ones, else None;
    every comment on the way remembered in ``home`` (None: reaches none), so that all the
    chains together are walked once (a 10,000-deep chain is not walked 10,000 times)."""
    node, path = c.id, []
    while node is not None and (site, node) not in home:
        home[(site, node)] = None  # on the path: a cycle ends here, reaching nothing
        path.append(node)
        node = parent_of.get((site, node))
    found = home.get((site, node)) if node is not None else None
    for step in path:
        home[(site, step)] = found
    return found


def resolve_stubs(pt: ParsedThread) -> int:
    """A thread's stubs (comments its source said exist but did not give) that another input
    gave: no longer unloaded (a Reddit ``more`` stub whose children a ``/api/morechildren``
    answer holds, HN kids in another file; a stated reply count less the replies to its comment
    found across inputs: Ghost's "load more" answer, a YouTube ``comments.list`` answer, a
    Mastodon context). Why: fetched comments still counted as unloaded, and the thread said it
    listed more than its page states. Returns how many replies of stated counts were found
    in other inputs (for the note)."""
    if not pt.stubs:
        return 0
    present = {c.id for c in pt.comments if c.id is not None}
    resolved = sum(s.count - s.remaining(present) for s in pt.stubs if s.stated is None)
    counted = [s for s in pt.stubs if s.stated is not None]
    elsewhere = 0
    if counted:
        found = _replies_found(pt.comments, counted)
        elsewhere = sum(s.count - min(s.count, max(0, (s.stated or 0) - found[i])) for i, s in enumerate(counted))
    pt.thread.unloaded_count = max(0, pt.thread.unloaded_count - resolved - elsewhere)
    if resolved:
        _put_in_place(pt, present)
    pt.stubs = []
    return elsewhere


def _replies_found(comments: list[Comment], stubs: list[Stub]) -> list[int]:
    """For each count stub, the replies to its comment in the thread (each id once): the direct
    ones, or every one under it for a ``deep`` count (Ghost ``count.replies``, whose replies
    the reader places under the reply they answer)."""
    children: dict[str, dict[str | int, Comment]] = {}
    for c in comments:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, {}).setdefault(c.id if c.id is not None else id(c), c)
    out = []
    for s in stubs:
        direct = children.get(s.parent or "", {})
        if not s.deep:
            out.append(len(direct))
            continue
        seen: set[str | int] = set()
        stack = list(direct.items())
        while stack:
            key, c = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            stack.extend(children.get(c.id, {}).items() if c.id is not None else ())
        out.append(len(seen))
    return out


def _put_in_place(pt: ParsedThread, present: set[str]) -> None:
    """The comments that resolve an ordered stub (with their replies from the same input)
    moved to where the stub stood, in one pass. Why: a ``/api/morechildren`` answer's
    comments came before the thread's own (inputs are read in name order), so fetched
    replies sorted before their earlier siblings."""
    blocks: dict[str | None, list[str]] = {}  # after which comment (None: first) → the ids placed there
    for s in pt.stubs:
        if s.ordered and (s.after is None or s.after in present):
            blocks.setdefault(s.after, []).extend(i for i in s.ids if i in present)
    if not any(blocks.values()):
        return
    replies: dict[str, list[Comment]] = {}
    by_id: dict[str, Comment] = {}
    for c in pt.comments:
        if c.id is not None:
            by_id.setdefault(c.id, c)
            if c.parent_id is not None:
                replies.setdefault(c.parent_id, []).append(c)
    moved: dict[int, list[Comment]] = {}  # id(comment) after which → the block
    first: list[Comment] = []
    taken: set[int] = set()
    for after, ids in blocks.items():
        block = []
        for i in ids:
            stack = [by_id[i]]
            while stack:  # the stub's comment and its replies, in document order
                c = stack.pop()
                if id(c) in taken:
                    continue
                taken.add(id(c))
                block.append(c)
                stack.extend(reversed(replies.get(c.id or "", [])))
        if after is None:
            first.extend(block)
        else:
            moved.setdefault(id(by_id[after]), []).extend(block)
    out = first[:]
    for c in pt.comments:
        if id(c) in taken:
            continue
        out.append(c)
        out.extend(_placed_after(c, moved))
    pt.comments = out


def _placed_after(c: Comment, moved: dict[int, list[Comment]]) -> list[Comment]:
    """The blocks that go after ``c``, and those that go after their last comments (nested stubs)."""
    out, stack = [], list(reversed(moved.pop(id(c), [])))
    while stack:
        d = stack.pop()
        out.append(d)
        stack.extend(reversed(moved.pop(id(d), [])))
    return out


def rebuild_threads(merged: dict[tuple[str, str], ParsedThread], links: dict[tuple[str, str], Reader],
                    result: Result) -> None:
    """Repair every merged thread's tree and append it to ``result`` (shared by the
    local and the Dask engine, which calls it per hash bucket of threads)."""
    for key, pt in merged.items():
        reader = links.get(key)
        if found := resolve_stubs(pt):
            result.notes.append(f"{pt.thread.source or key[1]}: {plural(found, 'reply', 'replies')} that a comment's "
                                f"stated reply count had counted as not loaded {'was' if found == 1 else 'were'} "
                                "found in other inputs: no longer counted in unloaded_count")
        try:
            tree.rebuild(pt.comments, reader.link if reader else None)
        except Exception as exc:  # noqa: BLE001 - a thread that cannot be rebuilt is reported, not fatal
            result.errors.append(failure(pt.thread.source or key[1], exc, None))
            continue
        for c in pt.comments:
            c.site = pt.thread.site
            c.thread_id = pt.thread.thread_id
        pt.thread.comment_count = len(pt.comments)
        result.threads.append(pt)


def read_item(item: str, fmt: str | None, site: str | list[str] | Sites | None, columns: dict[str, str] | None,
              max_input_size: int, result: Result,
              stem: str | None = None) -> tuple[Source, Context, Reader, list[ParsedThread]] | None:
    """Read one input (not yet merged with others); its notes and problems go to
    ``result``; None, with one error in ``result``, when it cannot be read. ``site``:
    the ``--site`` values (a name for all inputs, ``NAME=PATH`` per input); ``stem``: its
    thread name where its file name is shared (:func:`comments.io.sources.thread_stems`)."""
    source, finished = None, False
    try:
        source = open_source(item)
        ctx = input_context(item, source, Sites.parse(site), columns, stem)
        reader, threads = read_source(source, ctx, fmt, max_input_size)
        finished = True
        check_records(threads)
        leave_out_deep(threads, ctx.problem)
    except Exception as exc:  # noqa: BLE001 - one input's failure, whatever it is, must not cost the others
        result.errors.append(failure(item, exc, None if finished else source))  # a check after reading: no line
        return None
    finally:
        if source is not None:
            source.close()
    report_input(item, source, ctx, result)
    return source, ctx, reader, threads


def _zip_problem(start: bytes, name: str) -> str:
    """What to do with a ZIP file: a spreadsheet workbook (Excel, LibreOffice) is saved as
    CSV, any other archive (the usual download form of an export) unpacked."""
    if b"xl/" in start or name.lower().endswith((".xlsx", ".xlsm")):
        return "an Excel workbook (.xlsx), not a table we read: save it as CSV (\"CSV UTF-8\") and parse that"
    if b"opendocument.spreadsheet" in start or name.lower().endswith(".ods"):
        return "a LibreOffice/OpenOffice spreadsheet (.ods), not a table we read: save it as CSV and parse that"
    return "a ZIP archive: unpack it and parse the files (or the folder) inside"


def read_source(source: Source, ctx: Context, fmt: str | None,
                max_input_size: int = DEFAULT_MAX_INPUT) -> tuple[Reader, list[ParsedThread]]:
    """Detect the format (unless given) and read one input: line formats line by line,
    whole documents only up to ``max_input_size`` decompressed bytes (line formats too
    when the user gave it: :class:`comments.io.streams.InputLimit`)."""
    source.line_limit = line_limit(max_input_size)
    ctx.forced = fmt is not None
    if source.path is not None and source.path.is_dir():
        return convokit.READER, convokit.read_folder(source.path, ctx)
    reader = readers.BY_NAME[fmt] if fmt else None
    start = source.start or source.data
    if start.lstrip()[:5] == b"%PDF-":  # a printed page: its text has no comment structure left to read
        raise InputError("PDF is not a supported input (save the page as HTML)")
    if warc.is_archive(source) or warc.is_wacz(start, source.name):
        if importlib.util.find_spec("warcio") is None:  # a dependency; a broken install is said, not a traceback
            raise InputError("a web archive (WARC/WACZ): reading it needs warcio, which is not installed "
                             "(pip install warcio)")
        return readers.wp_html.READER, warc.read_archive(source, ctx, _archived, max_input_size)
    if start[:4] in (b"PK\x03\x04", b"PK\x05\x06"):  # ZIP: an export's download, or a workbook (said as "binary data")
        raise InputError(_zip_problem(start, source.name))
    if reader is None and start[:4] == b"PAR1":
        reader = readers.BY_NAME["parquet"]
    if reader is not None and reader.binary:
        found = None if start[:4] == b"PAR1" or not start.strip() else readers.detected(source.head()[:HEAD], ctx.columns)
        if found is None:
            return reader, reader.read(source.document(max_input_size), ctx)
        # not Parquet but text of a format detection knows: the error names both
        return reader, forced(reader, found, lambda: reader.read(source.document(max_input_size), ctx), source, ctx)
    if source.at_end and not start.strip():
        raise InputError("empty file")  # no bytes: a failed download or export, not data of any format
    if source.at_end and (empty := _EMPTY_JSON.fullmatch(start)):  # whatever --format says: JSON holding nothing
        kind = "list" if b"[" in empty[0] else "object"  # an API's answer listing no comments: {} is Firebase's
        ctx.note(f"an empty JSON {kind}: no comments")  # empty but valid: read, not a failure (README)
        return readers.jsonlist.READER, []
    if source.at_end and _JSON_NULLS.fullmatch(start):  # the HN/Firebase answer for a missing item, saved as is
        raise InputError("only JSON null: nothing to read (what an API answers for a missing item)")
    source.head_text = head = source.head()[:HEAD]
    if reader is not None:
        found = readers.BY_NAME["parquet"] if start[:4] == b"PAR1" else readers.detected(head, ctx.columns)
        if found is not None and found.name != reader.name:
            return reader, forced(reader, found, lambda: _read_with(reader, source, ctx, head, max_input_size),
                                  source, ctx)
    if reader is None and ctx.columns:
        header = readers.tabular.header_columns(head, ctx.columns)
        absent = readers.tabular.absent_columns(ctx.columns, header) if header is not None else None
        if absent:  # a table: every --column name must be one of its columns
            raise InputError(absent, where="header")
        reader = readers.detect_table(head, ctx.columns)
    text = None
    if reader is None:
        try:
            reader = readers.detect(head, ctx.columns)
        except InputError:
            _check_json(source, max_input_size)
            raise
        if reader is readers.plaintext.READER:
            text = _check_json(source, max_input_size)
        if (named := _named_data(source.name)) and _is_html(head):  # a failed download, said as what it is
            threads = _read_with(reader, source, ctx, head, max_input_size, text)
            if not any(pt.comments for pt in threads):
                raise InputError(f"an HTML page, not {named[1:].upper()} (a login or error page saved instead of "
                                 "the data?): no comments in it")
            ctx.note(f"named {named} but holds an HTML page: read as HTML")
            return reader, threads
    return reader, _read_with(reader, source, ctx, head, max_input_size, text)


def _archived(text: str, ctx: Context, address: str | None, data: bool) -> list[ParsedThread]:
    """A web archive's captured page (its address where the page names none) or JSON answer
    (a format detection knows: a WordPress REST or Reddit ``.json`` answer)."""
    if not data:
        return readers.wp_html.read(text, ctx, address)
    reader = readers.detect(text[:HEAD])
    if reader is readers.wp_html.READER or reader is readers.plaintext.READER:
        raise InputError("a JSON answer of no format we read")
    return reader.read(text, ctx)


#: File name endings of data formats, said when such a file holds an HTML page instead
_DATA_SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".xml", ".yaml", ".yml")
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)


def _named_data(name: str) -> str | None:
    """The data format suffix (``.json`` …) of a file name, compression suffixes aside, or None."""
    lower = re.sub(r"\.(?:gz|bz2|xz|zst)$", "", name.lower())
    return next((suffix for suffix in _DATA_SUFFIXES if lower.endswith(suffix)), None)


def _is_html(head: str) -> bool:
    """The text starts as an HTML document (doctype, <html>, <head> or <body>)."""
    return _HTML_START.match(head[:4096]) is not None


#: A whole input that is an empty JSON list or object (``[]``, ``{}``, white space around).
_EMPTY_JSON = re.compile(rb"\s*(?:\[\s*\]|\{\s*\})\s*")
#: A whole input that is JSON ``null``: one, one per line (NDJSON of missing items) or a list of them.
_JSON_NULLS = re.compile(rb"\s*(?:null(?:\s+null)*|\[\s*null(?:\s*,\s*null)*\s*\])\s*")  # no \s*\n\s*: quadratic


def _read_with(reader: Reader, source: Source, ctx: Context, head: str, max_input_size: int,
               text: str | None = None) -> list[ParsedThread]:
    """``source`` read by ``reader``: line by line when it streams, else whole (``text``:
    the whole input, already decoded)."""
    if text is None:
        if reader.streams is not None and source.streamable and reader.streams(head):
            lines = source.lines()
            threads = list(reader.read(lines, ctx))
            if lines.damaged is not None:  # the complete lines before the damage are kept (README: broken lines)
                ctx.problem(lines.damaged)  # type: ignore[arg-type] - said as FILE:LINE by report_input
            return threads
        data = source.document(max_input_size)
        if not data.strip():
            raise InputError("empty file")
        text = source.decode(data)
    source.data = data = b""  # the text replaces the bytes: hold one copy, not two
    return reader.read(text, ctx)


def forced(reader: Reader, found: Reader, read: Callable[[], Iterable[ParsedThread]], source: Source,
           ctx: Context) -> list[ParsedThread]:
    """The threads ``read`` gives with ``--format`` naming ``reader`` for an input that detection
    reads as ``found``: a note when comments with text are found, else an error naming both
    formats (also when ``reader`` fails on it). Why: a wrong format gave empty or truncated output, exit 0."""
    does_not_fit = f"--format {reader.name} does not fit this input, which reads as {found.name}"
    try:
        threads = list(read())
        source.reading = None  # read to its end: a check of its records names no line
        check_records(threads)
    except InputError as exc:
        raise InputError(f"{does_not_fit}: {exc.message}", exc.where) from None
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a reader meeting another format's data fails in any way
        raise InputError(f"{does_not_fit}: {type(exc).__name__}: {exc}") from None
    if not any(c.text.strip() for pt in threads for c in pt.comments):
        raise InputError(f"{does_not_fit}: it finds no comment text (leave out --format to read it as {found.name})")
    ctx.note(f"read as {reader.name} (--format), though it reads as {found.name} without --format")
    return threads


def _check_json(source: Source, max_input_size: int) -> str | None:
    """A ``.json`` input that is not JSON: the JSON error with its line and column, as the JSON
    readers word it, not a plain-text article or an unknown format. Why: a broken export read
    as prose gave an article without comments, exit 0. A ``.json`` input that is JSON: its
    text, decoded once for the check and the reader (None for other names)."""
    name = source.path.name if source.path is not None else source.name
    for suffix in COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    if not name.lower().endswith(".json"):
        return None
    text = source.decode(source.document(max_input_size))
    value = load_json(text, Context())  # its error names line and column
    if isinstance(value, (bool, int, float)) or value is None:  # holds no text (a string is read as one)
        kind = "boolean" if isinstance(value, bool) else "null" if value is None else "number"
        raise InputError(f"a JSON {kind}, not a list or object of comments: nothing to read")
    return text


def failure(item: str, exc: BaseException, source: Source | None) -> str:
    """One line for an input that could not be read: ``FILE[:LINE]: what went wrong``."""
    line = source.line_number() if source is not None else None
    if isinstance(exc, InputError):
        return f"{item}: {exc}" if exc.where or not line else f"{item}:{line}: {exc}"
    where = f"{item}:{line}" if line else item
    if isinstance(exc, RecursionError):
        return f"{where}: nested too deeply to read"
    if isinstance(exc, MemoryError):
        return f"{where}: out of memory while reading (a smaller {OPTION} refuses such inputs early)"
    if isinstance(exc, OverflowError):
        return f"{where}: a number too large for its field ({exc})"
    if isinstance(exc, (UnicodeError,)):
        return f"{where}: cannot decode ({exc})"
    return f"{where}: unreadable record ({type(exc).__name__}: {exc})"


def _site_for(pt: ParsedThread, ctx: Context) -> str:
    if pt.thread.site:
        return pt.thread.site
    if ctx.site:
        return ctx.site
    return site_from_stem(ctx.stem)


def place(pt, ctx, source, reader, merged, origin, links, result) -> None:
    """Name a thread (site, id, source, format) and merge it into ``merged``; a comment
    already read from another input (same id, or same author and words: :class:`Copies`)
    is kept once (noted). ``origin``: (site, thread, id) → the input that gave it first,
    and (site, thread) → the thread's :class:`Copies`."""
    thread = pt.thread
    if thread.site and ctx.site and thread.site != ctx.site and not ctx.site_unused:
        ctx.site_unused = True  # SPEC: the source's own site wins; the user hears that their name was not used
        result.notes.append(f"{source.name}: --site {ctx.site} not used: the source names its own site "
                            f"({thread.site}), which is kept (--site names inputs whose source names none)")
    thread.site = _site_for(pt, ctx)
    if thread.thread_id is None:
        thread.thread_id = ctx.stem
    thread.source = thread.source or shown_name(source.name)
    thread.format = thread.format or reader.name
    key = (thread.site, thread.thread_id)
    if reader.link:
        links[key] = reader
    copy = False
    if key not in merged:
        merged[key] = ParsedThread(thread, [], homeless=pt.homeless, paged=pt.paged, read_from=source.name)
    else:
        merged[key].homeless = merged[key].homeless and pt.homeless  # a thread's own record: not homeless
        first = merged[key]
        # a first read that states no count (an export beside its page) takes the counts of the one that does
        silent = first.thread.declared_count is None and not first.thread.unloaded_count and not first.stubs
        # every comment read before (from another input, or earlier in this one: a page captured twice in
        # one web archive): a copy, whose unloaded comments and stubs are those of the first read
        copy = not silent and bool(pt.comments) and all((*key, c.id) in origin for c in pt.comments)
        # pages of one thread: counted below; an export stating no count beside a paged page keeps it paged
        # (its comments are more of the page's stated ones, whichever of the two is read first)
        quiet = thread.declared_count is None and not thread.unloaded_count and not pt.stubs
        first.paged = pt.paged if silent else first.paged and (pt.paged or quiet)
        _article_from(first.thread, thread, result)
        _newer_count(first, pt, source.name, result)
        _fill(first.thread, thread, unloaded=not copy and not first.paged)
    target = merged[key]
    if not copy:  # a copy's stubs are those of the first read
        target.stubs.extend(pt.stubs)
    if source.held_nuls:  # never a source's own U+FDD0…
        _remove_nuls(pt.comments, source.name, result)
    fresh, differ, firsts, placed = [], [], set(), set()
    for c in pt.comments:
        if c.id is not None:
            seen, before = origin.get((key[0], key[1], c.id), (None, None))
            versions = before if isinstance(before, list) else [before]  # the records of the id read so far
            if seen is not None and seen != source.name and not any(_same_words(c, v) for v in versions):
                if made_id(c, reader.name) and all(made_id(v, reader.name) for v in versions):
                    placed.add(c.id)  # text copies number by place: an edit or a new comment, as Copies tells by words
                else:
                    differ.append(c.id)  # another input's id with other words: kept too (duplicate_id), not dropped
                    firsts.add(seen)
            elif seen is not None and (seen != source.name or c in versions):  # another input's, or a record again
                result.cross_input_duplicates += seen != source.name
                result.notes.append(repeat_note(source.name, c.id, key[1], seen))
                _undelete(versions[0], c, source.name, seen, result)
                continue
            origin[(key[0], key[1], c.id)] = (source.name, c) if seen is None else (seen, [*versions, c])
        fresh.append(c)
    if differ:
        result.notes.append(differ_note(source.name, key[1], differ, firsts))
    copies = origin.setdefault(key, Copies())
    held = {content_key(x) for x in pt.comments} if placed else set()
    target.comments.extend(copies.new(fresh, target.comments, source.name, reader.name, key[1], result, placed, held))
    if target.paged:  # what the pages state, less the comments they hold together (each once)
        target.thread.unloaded_count = max(0, (target.thread.declared_count or 0) - len(target.comments))


def _remove_nuls(comments: list[Comment], name: str, result: Result) -> None:
    """Raw NUL bytes in a comment's text or author (a text file with a stray one is read as text,
    not refused as binary; they arrive as :data:`NUL_MARK`): removed, the comment flagged
    ``nul_removed``, the count noted."""
    held = 0
    for c in comments:
        if NUL_MARK in (c.text or "") or NUL_MARK in (c.author or ""):
            c.text = c.text.replace(NUL_MARK, "") if c.text else c.text
            c.author = c.author.replace(NUL_MARK, "") if c.author else c.author
            c.flags.append("nul_removed")
            held += 1
    if held:
        result.notes.append(f"{name}: {plural(held, 'comment')} held NUL bytes: removed, flagged nul_removed")


def differ_note(source: str, thread: str, ids: list[str], firsts: set[str]) -> str:
    """The note on comments of ``source`` whose (site, thread, id) an earlier input (``firsts``)
    gave with other words or author: kept too, renamed ``ID~2`` (the fast path words it the same).
    Why: an edited re-download's comment was dropped as a "repeat"."""
    where = next(iter(firsts)) if len(firsts) == 1 else f"{len(firsts)} earlier inputs"
    shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
    return (f"{source}: {plural(len(ids), 'comment')} of thread {thread} {'has' if len(ids) == 1 else 'have'} the "
            f"site, thread and id of one read from {where} but other words or author ({shown}): kept as well, "
            f"as ID~2 with flag duplicate_id (an edited copy?)")


def _undelete(kept: Comment | None, again: Comment, source: str, first: str, result: Result) -> None:
    """``kept`` (read first) deleted where ``again`` (another copy of it) still holds the reader's words:
    ``kept`` takes them, noted — the copies come in file-name order, not in the order they were saved."""
    if kept is None or again is kept or not is_gone(kept) or is_gone(again):
        return
    kept.text, kept.author, kept.status = again.text, again.author, again.status
    kept.created_at = kept.created_at or again.created_at
    result.notes.append(f"{source}: comment {again.id} is deleted in {first} and holds its words here: "
                        "its words kept")


def _same_words(c: Comment, other: Comment) -> bool:
    """Two records of one (site, thread, id) that are one comment: the same author and text
    (white space at the ends aside; a score or a flag another copy gives may differ), or one of them
    deleted since ("[deleted]", status deleted: a re-download after a moderator's removal is no edit;
    the copy read first is kept, as for a repeat)."""
    if is_gone(c) or is_gone(other):
        return True
    return c.author == other.author and (c.text or "").strip() == (other.text or "").strip()


def same_days(a: str | None, b: str | None) -> bool:
    """Two comment dates that can be one comment's: either unknown, or at most a day apart
    (a page and its copy may show one moment in two time zones; a partial date agrees with
    the dates it starts)."""
    if not a or not b:
        return True
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) <= 1
    except ValueError:
        return a.startswith(b[:10]) or b.startswith(a[:10])


class Copies:
    """One merged thread's comments by input, to find comments another input repeats
    without ids to tell them by: a page and its text-browser copy (lynx, w3m, copied from
    a browser) give every comment twice, the copy under ``c1``, ``c2``…. Two comments with
    ids of their sources' are never one (two dumps of a thread hold two "Thanks!"). The
    words are indexed only once an input gives the thread comments without such ids and
    another input gives it comments too (one input, or dumps with ids, cost nothing)."""

    __slots__ = ("spans", "index", "inputs", "made_by")

    def __init__(self) -> None:
        #: (input, its reader, number of the thread's comments before it, whether any has a made id)
        self.spans: list[tuple[str, str, int, bool]] = []
        #: the inputs of ``spans``, and those with a made id (asked per input in O(1): 20,000
        #: one-comment files of one thread scanned every span per file, quadratic)
        self.inputs: set[str] = set()
        self.made_by: set[str] = set()
        #: content key → [comment, input, its id made?, inputs that repeated it]
        self.index: dict[tuple[str, str, str], list[tuple[Comment, str, bool, set[str]]]] | None = None

    def new(self, comments: list[Comment], before: list[Comment], source: str, reader: str, thread_id: str,
            result: Result, placed: set[str] = frozenset(), held: set = frozenset()) -> list[Comment]:
        """``comments`` (read from ``source`` by ``reader``) less those that repeat one another
        input gave this thread first (same kind, author and words, dates no more than a day
        apart, one of the two without an id of its source's); the replies to a repeat reply
        to the comment kept. One note per input and thread, with the count (added to the
        summary's duplicates across inputs). ``placed``: ids the text reader numbered by place
        that an earlier copy numbers another comment with other words; of those kept (no copy's
        words), one by the author of an earlier copy's comment whose words this input (``held``:
        the content keys of all its comments) no longer holds is that comment edited (``ID~2``, flag
        ``duplicate_id``, noted); the others are new (a snapshot with a new reply: ``ID~2``, no flag,
        said in the note). Why: deciding per id called a new comment at an edited one's place the edit.
        The earlier copy's comments a later copy of the page lacks are noted."""
        if not comments:
            return comments
        made = any(made_id(c, reader) for c in comments)
        others = len(self.inputs) > (source in self.inputs)
        if self.index is None and others and (made or len(self.made_by) > (source in self.made_by)):
            self.index = {}
            bounds = [span[2] for span in self.spans[1:]] + [len(before)]
            for (name, by, start, _), end in zip(self.spans, bounds):
                self._add(before[start:end], name, by)
        self.spans.append((source, reader, len(before), made))
        self.inputs.add(source)
        if made:
            self.made_by.add(source)
        if self.index is None:
            return comments
        kept, same, firsts = [], {}, []
        for c in comments:
            key = content_key(c)
            mine = made_id(c, reader)
            match = next((entry for entry in self.index.get(key, ()) if entry[1] != source and (mine or entry[2])
                          and source not in entry[3] and same_days(entry[0].created_at, c.created_at)),
                         None) if key is not None else None
            if match is None:
                kept.append(c)
                continue
            match[3].add(source)
            if c.id is not None:
                same[c.id] = match[0].id
            firsts.append(match[1])
        anew = _renumber(kept, before, placed)
        gone = self._gone(before, source, firsts, held) if placed else []
        edits = _edits([c for c in kept if c.id in anew], gone)
        for c in kept:
            if c.parent_id is not None and c.parent_id in same:
                c.parent_id = same[c.parent_id]
            elif c.parent_id is not None and c.parent_id in anew:
                c.parent_id = anew[c.parent_id]
        for c in kept:
            if c.id in edits:
                c.flag("duplicate_id")
            c.id = anew.get(c.id, c.id)
        self._add(kept, source, reader)
        if edits:
            shown = ", ".join(f"{edits[k].id} as {anew[k]}" for k in list(edits)[:3]) + (", …" if len(edits) > 3 else "")
            result.notes.append(
                f"{source}: {plural(len(edits), 'comment')} of thread {thread_id} {'is' if len(edits) == 1 else 'are'} "
                f"by the author of one read from {firsts[0]} whose words this copy no longer holds ({shown}): kept as "
                f"well, with flag duplicate_id (an edited copy?)")
        lost = [c.id for c in gone if c.id not in {e.id for e in edits.values()}]
        if lost:
            shown = ", ".join(lost[:5]) + (", …" if len(lost) > 5 else "")
            result.notes.append(f"{source}: {plural(len(lost), 'comment')} of thread {thread_id} read from "
                                f"{firsts[0]} {'is' if len(lost) == 1 else 'are'} not in this copy of the page "
                                f"({shown}): kept, as read there")
        for k in edits:
            del anew[k]
        if firsts:
            result.cross_input_duplicates += len(firsts)
            where = firsts[0] if len(set(firsts)) == 1 else f"{len(set(firsts))} earlier inputs"
            shown = ", ".join(f"{a} as {b}" for a, b in list(anew.items())[:3]) + (", …" if len(anew) > 3 else "")
            again = f" ({plural(len(anew), 'comment')} whose place the earlier copy numbers another numbered anew: " \
                f"{shown})" if anew else ""
            rest = f"; its other {len(kept):,} kept{again}" if kept else ""
            result.notes.append(
                f"{source}: {plural(len(firsts), 'comment')} of thread {thread_id} repeat{'s' if len(firsts) == 1 else ''} "
                f"comments read from {where} (same author and words, no shared id: a copy of the same page?): "
                f"kept once, as first read{rest}")
        return kept

    def _gone(self, before: list[Comment], source: str, firsts: list[str], held: set) -> list[Comment]:
        """The comments with place-made ids of the one earlier input ``source`` repeats most (``firsts``:
        the input of each repeat), where it repeats most of them, whose words ``source`` does not hold
        (deleted since, or edited)."""
        if not firsts:
            return []
        first, n = Counter(firsts).most_common(1)[0]
        bounds = [span[2] for span in self.spans[1:]] + [len(before)]
        theirs = [c for (name, by, start, made), end in zip(self.spans, bounds) if name == first and made
                  for c in before[start:end] if made_id(c, by)]
        if 2 * n <= len(theirs):
            return []
        return [c for c in theirs if content_key(c) not in held]

    def _add(self, comments: list[Comment], source: str, reader: str) -> None:
        for c in comments:
            key = content_key(c)
            if key is not None:
                self.index.setdefault(key, []).append((c, source, made_id(c, reader), set()))


def _edits(clashing: list[Comment], gone: list[Comment]) -> dict[str, Comment]:
    """Of the comments whose place-made id an earlier copy gives another comment, those that are
    an earlier comment (``gone``: its words no longer there) edited: the same kind and author, dates
    at most a day apart, paired in order → that earlier comment."""
    waiting: dict[tuple, list[Comment]] = {}
    for c in gone:
        waiting.setdefault((c.kind, c.author), []).append(c)
    out = {}
    for c in clashing:
        old = next((o for o in waiting.get((c.kind, c.author), ()) if c.author and same_days(o.created_at, c.created_at)),
                   None)
        if old is not None:
            waiting[(c.kind, c.author)].remove(old)
            out[c.id] = old
    return out


def _renumber(kept: list[Comment], before: list[Comment], placed: set[str]) -> dict[str, str]:
    """The new ids of the kept comments whose place-made id an earlier copy gives another comment:
    ``ID~2`` (``~3``… where taken: ``records.numbered``, the rule of a repeated id)."""
    clash = [c.id for c in kept if c.id in placed]
    if not clash:
        return {}
    taken = {c.id for c in before} | {c.id for c in kept}
    anew = {}
    for old in clash:
        anew[old] = numbered(old, taken)[0]
        taken.add(anew[old])
    return anew


_COMMENT, _FROM, _KEPT = ": comment ", " already read from ", "; kept once"


def repeat_note(source: str, comment: str, thread: str, first: str) -> str:
    """The note on one comment kept once: ``first``, the input that gave it first, is another
    input, or ``source`` itself (the same record twice in one input: a re-crawl, a filtered
    concatenation); :func:`repeat_summaries` folds them into one line per input."""
    return f"{source}{_COMMENT}{comment} of thread {thread}{_FROM}{first}{_KEPT}"


def _repeated(note: str) -> tuple[str, str] | None:
    """(input, first input) of the note :func:`place` makes of one comment another input
    gave first (the fast path and the Dask engine's readers word it the same), else None.
    Plain string searches, not a regular expression: the ids inside are the input's own
    text, and a backtracking pattern over them was quadratic in their length."""
    if not note.endswith(_KEPT):
        return None
    cut, at = note.find(_COMMENT), note.rfind(_FROM)
    if cut <= 0 or at < cut:
        return None
    return note[:cut], note[at + len(_FROM):-len(_KEPT)]


def repeat_summaries(notes: list[str]) -> list[str]:
    """``notes`` with the notes of comments repeating an earlier input's (same site,
    thread and id) folded into one line per input, where its first one stood, the count
    exact: a file given twice under two names, or two dumps that overlap, says so once
    rather than once per comment."""
    counts: dict[str, Counter] = {}
    articles: dict[str, tuple[Counter, Counter]] = {}
    for note in notes:
        m = _repeated(note)
        if m:
            counts.setdefault(m[0], Counter())[m[1]] += 1
        elif (a := _article_repeat(note)) is not None:
            firsts, fields = articles.setdefault(a[0], (Counter(), Counter()))
            firsts[a[1]] += 1
            fields.update(a[2] + ([""] if a[2] else []))  # "": how many copies differ
    if not counts and not articles:
        return notes
    out = []
    for note in notes:
        m = _repeated(note)
        a = None if m else _article_repeat(note)
        if a is not None:
            if a[0] in articles:
                out.append(articles_line(a[0], *articles.pop(a[0])))
        elif not m:
            out.append(note)
        elif m[0] in counts:
            firsts = counts.pop(m[0])
            own = firsts.pop(m[0], 0)
            if own:
                out.append(f"{m[0]}: {same_input_repeats(own)}")
            if not firsts:
                continue
            n = sum(firsts.values())
            where = next(iter(firsts)) if len(firsts) == 1 else f"{len(firsts)} earlier inputs"
            out.append(f"{m[0]}: {plural(n, 'comment')} repeat{'s' if n == 1 else ''} earlier "
                       f"ones (same site, thread and id): kept the first, read from {where}")
    return out


def _article_repeat(note: str) -> tuple[str, str, list[str]] | None:
    """(input, first input, fields the copies differ in) of an :func:`article_note`, else None."""
    cut = note.find(": " + ARTICLE_OF)
    if cut <= 0:
        return None
    rest, _, differ = note[cut + 2 + len(ARTICLE_OF):].partition(ARTICLE_DIFFER)
    at = rest.rfind(ARTICLE_FROM)
    if at < 0 or not rest.endswith(ARTICLE_KEPT):
        return None
    return note[:cut], rest[at + len(ARTICLE_FROM):-len(ARTICLE_KEPT)], differ.split(", ") if differ else []


def articles_line(source: str, firsts: Counter, fields: Counter) -> str:
    """One input's repeated articles in one line: how many, read first from where, and
    how many of them differ from the copy kept (in which fields)."""
    n = sum(firsts.values())
    where = next(iter(firsts)) if len(firsts) == 1 else f"{len(firsts)} earlier inputs"
    where = "earlier in the same input" if where == source else f"first from {where}"
    differ = fields.pop("", 0)
    listed = ", ".join(sorted(fields))
    how = "" if not differ else f"; the copies differ in {listed}" if n == 1 else \
        f"; {differ:,} of them differ from the copies kept ({listed})"
    return (f"{source}: {plural(n, 'article')} (a thread's own record: its title, text or date) "
            f"repeat{'s' if n == 1 else ''} one{'s' if n > 1 else ''} read {where}: kept the first{how}")


def same_input_repeats(n: int) -> str:
    """The note on ``n`` records an input gives twice or more (same id and content): kept once,
    as two inputs' copies of a comment are (the fast path and the Dask engine word it the same)."""
    return (f"{plural(n, 'comment')} {'repeats an earlier one' if n == 1 else 'repeat earlier ones'} of the same input "
            f"(same site, thread, id and content): kept the first")


#: The thread fields only the record of the article itself gives (a Reddit submission, a
#: JSON document's article object), and those compared between two copies of it.
_ARTICLE = ("title", "article_text", "published_at")
_COMPARED = ("title", "url", "published_at", "article_text", "declared_count")


def holds_article(thread: Thread) -> bool:
    """The input gave the thread's own record (a title, article text or date), not only comments."""
    return any(getattr(thread, name) not in (None, "") for name in _ARTICLE)


def _article_from(into: Thread, other: Thread, result: Result) -> None:
    """A thread another input gave before: the input that holds its article names it
    (``source``, and ``url`` where it gives one: a Reddit submission's permalink, not the
    address built from a comment's subreddit), whichever order the inputs came in. The
    article given twice (a submission in two monthly dumps, a re-crawl, a page and its
    copy) is kept once, as first read, with a note (:func:`article_note`)."""
    if not holds_article(other):
        return
    if not holds_article(into):
        into.source, into.url = other.source, other.url or into.url
        return
    differ = [name for name in _COMPARED if getattr(other, name) not in (None, "")
              and getattr(into, name) not in (None, "") and getattr(other, name) != getattr(into, name)]
    result.notes.append(article_note(str(other.source), str(into.thread_id), str(into.source), differ))


def article_note(source: str, thread: str, first: str, differ: list[str]) -> str:
    """The note on one thread's article ``source`` repeats (``first`` gave it first; ``differ``:
    the fields the two copies differ in); :func:`repeat_summaries` folds them per input."""
    return f"{source}: {article_repeat(thread, first, differ)}"


def _newer_count(first: ParsedThread, pt: ParsedThread, source: str, result: Result) -> None:
    """Two snapshots of one page stating other counts: the newer one's count is kept, noted —
    the one whose newest comment is later, else (no dates) the later download (``NAME (1).txt``
    after ``NAME.txt``), else the one read later (dated folders sort oldest first). Why: a page saved again with one new reply kept the older count and
    reported a mismatch the newer page does not have."""
    before, now = first.thread.declared_count, pt.thread.declared_count
    if before is None or now is None or before == now or first.thread.source == shown_name(source):
        return
    newest = max((c.created_at for c in pt.comments if c.created_at), default="")
    older = max((c.created_at for c in first.comments if c.created_at), default="")
    if newest and older and newest[:19] <= older[:19]:
        return
    if not (newest and older) and download_number(str(first.thread.source)) > download_number(source):
        return  # NAME (1).txt, read first (it sorts first), is the later download of NAME.txt
    why = "its newest comment is later" if newest and older else \
        "a later download" if download_number(source) else "read later"
    first.thread.declared_count = now
    result.notes.append(f"{source}: thread {first.thread.thread_id}: its page states {now:,} comments, an earlier "
                        f"copy {before:,}: this newer copy's count is kept ({why})")


def _fill(into, other, unloaded: bool = True) -> None:
    """Merge thread metadata from a second input: first non-empty value wins; its
    unloaded comments are added (``unloaded``: unless it repeats comments read before, or
    both are pages of one paginated thread, whose unloaded ones :func:`place` counts)."""
    for name in ("title", "url", "published_at", "article_text", "declared_count"):
        if getattr(into, name) in (None, "") and getattr(other, name) not in (None, ""):
            setattr(into, name, getattr(other, name))
    if unloaded:
        into.unloaded_count += other.unloaded_count
