"""Reading for the columnar fast path (:mod:`comments.io.fastpath`): a dump in byte blocks
that end at a line end, each block parsed by pyarrow's JSON reader into the canonical
columns the repair step takes — one set of rules per source dialect:

- generic JSONL (the tabular reader's column names, :mod:`comments.io.readers.tabular`):
  text and dates stay raw here, as the repeated-row check compares raw values;
- Pushshift / Arctic Shift Reddit comment NDJSON (``RC_*`` rows, as
  :mod:`comments.io.readers.reddit` reads them): ids without their ``t1_``/``t3_``
  prefix, ``[deleted]`` authors, status, text and dates already final.

Whatever the vectorised rules do not cover goes through the general path's own Python
function for that row; inputs they cannot take at all raise :class:`NotEligible`.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from comments.io.fastpath_bytes import (PY_SPACE, BlockScan, count_byte, edge_space, offsets_and_data, patched,
                                        picked, rows_holding, scan_block, whole)
from comments.io.readers.base import LostLines, _loads_line, leftover, line_problem, reddit_site, std_loads, url_site
from comments.io.streams import RECORD_LIMIT, Damaged, damaged, ended_damaged
from comments.io.readers.tabular import SCHEMA_ROWS, column_map, mapping_note, row_keys
from comments.model import dates
from comments.model.errors import InputError
from comments.model.records import NESTED_TOO_DEEP, meta_json
from comments.text.html_text import reddit_markdown

BLOCK = 16 << 20
FIELDS = ("id", "parent_id", "thread_id", "site", "author", "created_at", "text", "title", "status", "kind",
          "subject")
#: Characters in Reddit bodies that ``reddit_markdown`` changes (entities,
#: line breaks; also white space at either end).
_BODY_NEEDS_PYTHON = "&\n\r"
#: Reddit's comment fields that record columns take (the rest is ``meta``).
REDDIT_TAKEN = ("id", "name", "parent_id", "link_id", "author", "created_utc", "body", "replies")
_REDDIT_TYPES = {"id": pa.string(), "name": pa.string(), "parent_id": pa.string(), "link_id": pa.string(),
                 "author": pa.string(), "body": pa.string(), "subreddit": pa.string()}
#: The last whole second the fast branch formats (year 5138): 12- and 13-digit numbers are left to
#: ``dates.normalize`` (12 digits are not guessed, 13 are milliseconds), as the general path reads them.
_LAST_EPOCH = 10**11 - 1
#: pyarrow's JSON reader on one thread: a block is parsed in a thread of its own while the
#: previous one is repaired (:func:`comments.io.fastpath._ahead`), and Arrow's own threads
#: on top of that cost CPU (about a third more per block on 2 cores) for no time gained.
_READ = pj.ReadOptions(use_threads=False)
#: A held Reddit column: the rows whose ``created_utc`` cannot be read (the repair flags them
#: ``invalid_date``; their value given is in ``meta`` already). Generic dates are read in the
#: repair, where :attr:`Dialect.date_key` names the source's column.
UNREAD_DATE = "unread_date"


class NotEligible(Exception):
    """The input is not for the fast path; use the general one."""


@dataclass(frozen=True)
class Dialect:
    """How one kind of dump becomes canonical columns, and which repair rules apply."""

    format: str  # the thread records' ``format``
    columns: Callable[[bytes | memoryview], pa.Table]  # a block of lines → canonical columns (with ``meta``)
    tabular: bool  # tabular rules: "0"/"-1"… and the thread id as parent mean "no parent";
    # repeated rows read once; text and dates normalised in the repair step
    bad: BadLines | None = None  # lines left out as the general path leaves them out (generic JSONL)
    notes: tuple[str, ...] = ()  # what the general path notes about the input's columns
    date_key: str | None = None  # generic: the text column of dates, where meta keeps one unread
    title_key: str | None = None  # generic: the title column, where meta keeps a row's other title
    found: list[str] = field(default_factory=list)  # notes made while reading (``--site`` not used)
    damage: list = field(default_factory=list)  # a compressed dump cut short: its Damaged problem (:func:`blocks`)


@dataclass
class BadLines:
    """The lines of a dump that the general path leaves out — not JSON, or JSON but not an
    object — left out here too, numbered and worded as it numbers and words them
    (:func:`comments.io.readers.base.iter_json_lines`): one bad line no longer sends the
    whole dump to the general path (200k comments: 10× the CPU). ``seen``: the lines of
    the blocks before the current one."""

    lost: LostLines = field(default_factory=LostLines)
    seen: int = 0

    def start(self, data: bytes | memoryview) -> int:
        """The number of the first line of ``data``, the next block (its lines counted)."""
        first = self.seen + 1
        self.seen += _newlines(data)
        return first

    def without(self, data: bytes | memoryview, first: int) -> bytes | None:
        """``data`` without its bad lines, each counted in ``lost`` (None: it has none);
        NotEligible when the general path might read a line otherwise (not UTF-8: as
        Windows-1252; a lone CR: as two lines; the last line of a block, which may be the
        file's last, without a line end, worded otherwise)."""
        lines = bytes(data).split(b"\n")[:-1]
        kept = []
        for number, line in enumerate(lines, first):
            reason = _unreadable(line) if line.strip() else None
            if reason is None:
                kept.append(line)
            elif number == first + len(lines) - 1 and reason != _unreadable(line, ended=False):
                raise NotEligible("a last line whose problem depends on its line end")
            else:
                self.lost.add(number, reason)
        return None if len(kept) == len(lines) else b"\n".join(kept) + b"\n"


def _empty_rows(table: pa.Table) -> bool:
    """Whether a row has no value at all (``{}``, or a ``null`` line), checked only where
    every column has a null."""
    if not table.num_rows or any(col.null_count == 0 for col in table.columns):
        return False
    empty = pc.is_null(table.column(0))
    for col in table.columns[1:]:
        empty = pc.and_(empty, pc.is_null(col))
    return bool(pc.any(empty).as_py())


def _newlines(data: bytes | memoryview) -> int:
    """Line ends in a block, counted in place."""
    return count_byte(data, ord("\n"))


def _unreadable(line: bytes, ended: bool = True) -> str | None:
    """Why the general path leaves this line out (its own words), else None; ``ended``:
    the line as its line stream gives it, with its line end."""
    if b"\r" in line.rstrip(b"\r"):
        raise NotEligible("a carriage return inside a line")
    try:
        text = line.rstrip(b"\r").decode("utf-8") + ("\n" if ended else "")
    except UnicodeDecodeError:
        raise NotEligible("not UTF-8") from None
    return line_problem(text)


def open_dump(path: Path) -> io.BufferedIOBase:
    """The decompressed bytes of ``path`` (gzip, bzip2, xz, zstd or plain: the streams'
    one compression map)."""
    from comments.io.streams import compression_of, decompressing

    raw = path.open("rb")
    magic = raw.peek(6)[:6]
    if magic[:3] == b"\xef\xbb\xbf" or magic[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raw.close()
        raise NotEligible("byte order mark")
    return decompressing(raw, compression_of(magic))


def blocks(path: Path, size: int, reuse: bool = False, damage: list | None = None) -> Iterator[bytes | memoryview]:
    """Byte blocks that end at a line end (each block's bytes copied once after reading:
    the partial line left over is joined to the start of the next read). ``reuse``: the
    blocks are views of one buffer the file is read into (no new memory, no copy per
    block: 0.1–0.3 s of CPU less per 1M comments), each valid until the next is asked
    for — for a caller that is done with a block before it takes the next. A compressed dump cut short
    or damaged: its complete lines are given, then the :class:`comments.io.streams.Damaged`
    problem goes to ``damage`` (as the general path reports it; without ``damage``
    InputError: the general path reads it)."""
    if reuse:
        yield from _reused_blocks(path, size, damage)
        return
    rest, lines = b"", 0
    with open_dump(path) as handle:
        while True:
            data = handle.read(size)
            if not data:
                break
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                rest += data
                if len(rest) > RECORD_LIMIT:
                    raise NotEligible("a line over the per-record limit")
                continue
            block = b"".join((rest, memoryview(data)[:cut])) if rest or cut < len(data) else data
            lines += block.count(b"\n")
            yield block
            rest = data[cut:]
        if _damaged(handle, lines, damage):
            return
    if rest.strip():
        yield rest + b"\n"


def _damaged(handle: io.BufferedIOBase, lines: int, damage: list | None) -> bool:
    """Whether the dump ended damaged after ``lines`` complete lines (the problem put in
    ``damage``, or raised as InputError without it)."""
    error = ended_damaged(handle)
    if error is None:
        return False
    problem = damaged(error, handle.raw.NAME)  # type: ignore[attr-defined]  # a Stepwise: ended_damaged said so
    if damage is None:
        raise problem
    damage.append(Damaged(problem.message, lines + 1))
    return True


def _reused_blocks(path: Path, size: int, damage: list | None = None) -> Iterator[memoryview]:
    """:func:`blocks` read into one buffer: the partial line at a block's end is moved to
    the buffer's start and the next read fills the rest; a line longer than the buffer
    gets a new buffer twice as large (never resized: a view may still be held)."""
    buffer, filled, end, lines = bytearray(size), 0, False, 0
    with open_dump(path) as handle:
        while not end:
            while filled < len(buffer):
                with memoryview(buffer) as view:
                    got = handle.readinto(view[filled:])
                if not got:
                    end = True
                    break
                filled += got
            cut = buffer.rfind(b"\n", 0, filled) + 1
            if cut == 0:
                if filled > RECORD_LIMIT:
                    raise NotEligible("a line over the per-record limit")
                if not end:
                    larger = bytearray(2 * len(buffer))
                    larger[:filled] = buffer[:filled]
                    buffer = larger
                continue
            lines += buffer.count(b"\n", 0, cut)
            yield memoryview(buffer)[:cut]
            buffer[:filled - cut] = buffer[cut:filled]  # the same length: a held view is no obstacle
            filled -= cut
        if _damaged(handle, lines, damage):
            return
    rest = bytes(buffer[:filled])
    if rest.strip():
        yield rest + b"\n"


def _head_rows(path: Path, skip_bad: bool = False) -> list[dict]:
    """The first 1,000 objects of the dump (NotEligible if they are not JSON objects;
    ``skip_bad``: lines the general path leaves out are passed over)."""
    rows = []
    with open_dump(path) as handle:
        for line in iter(lambda: handle.readline(RECORD_LIMIT + 1), b""):
            if len(line) > RECORD_LIMIT:
                raise NotEligible("a line over the per-record limit")  # the general path skips it, never holding it
            if line.strip():
                if skip_bad and _unreadable(line.rstrip(b"\n")) is not None:
                    continue
                try:
                    obj = std_loads(line)
                except ValueError:
                    raise NotEligible("not JSON lines") from None
                if not isinstance(obj, dict) or "record" in obj:
                    raise NotEligible("not a generic table")
                rows.append(obj)
            if len(rows) >= SCHEMA_ROWS:
                break
    if not rows:
        raise NotEligible("empty")
    return rows


def _types(rows: list[dict], names: list[str], given: dict[str, pa.DataType] | None = None) -> pa.Schema:
    """Arrow types for ``names`` from the values of the first rows (one type per column)."""
    forced = []
    for name in names:
        kinds = {type(r.get(name)) for r in rows} - {type(None)}
        if given and name in given and kinds <= {str}:
            forced.append(pa.field(name, given[name]))
        elif given and name in given:
            raise NotEligible(f"field {name} is not text")
        elif kinds <= {str}:
            forced.append(pa.field(name, pa.string()))
        elif kinds <= {int}:
            forced.append(pa.field(name, pa.int64()))
        elif kinds <= {int, float}:
            forced.append(pa.field(name, pa.float64()))
        else:
            raise NotEligible(f"column {name} mixes types")
    return pa.schema(forced)


def _parse(data: bytes | memoryview, forced: pa.Schema, taken: set[str]) -> tuple[pa.Table, pa.Array]:
    """The ``forced`` columns of a block, and each row's ``meta`` JSON. Blocks whose rows
    have no other fields (pyarrow says so) need no Python per row; otherwise each line's
    other fields are taken in Python, exactly as the general path takes them."""
    kept = [name for name in forced.names if name not in taken]  # parsed, but also ``meta``
    scan = scan_block(data)
    if scan.nul:  # a raw NUL: the general path removes it and flags the comment (escaped: a character)
        raise NotEligible("a NUL byte")
    if any(line_problem(line.decode("utf-8", "replace")) == NESTED_TOO_DEEP for line in _open_lines(data, scan)):
        raise NotEligible("a line nested too deep")  # left out by :meth:`BadLines.without`, as the general path does
    try:
        table = pj.read_json(pa.BufferReader(data), read_options=_READ, parse_options=pj.ParseOptions(
            explicit_schema=forced, unexpected_field_behavior="error"))
        if not kept:
            return table, pa.repeat(pa.scalar(meta_json({}), pa.string()), table.num_rows)
        if len(kept) == 1 and pa.types.is_string(forced.field(kept[0]).type):
            metas = _one_field_metas(kept[0], whole(table.column(kept[0])))
            if metas is not None:
                return table, metas
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass  # other fields (or a real error, which the next parse reports)
    try:
        table = pj.read_json(pa.BufferReader(data), read_options=_READ, parse_options=pj.ParseOptions(
            explicit_schema=forced, unexpected_field_behavior="ignore"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise NotEligible(str(exc)) from None
    lines = _lines(data, scan.ends)
    if len(lines) != table.num_rows:
        raise NotEligible("lines and rows differ")
    try:
        # integers beyond 64 bits read exactly; NUL keys left out
        if (scan.long_run and _long_number(data)) or scan.escaped_nul:
            metas = pa.array([meta_json(leftover(_loads_line(bytes(line).decode("utf-8")), taken)) for line in lines],
                             pa.string())
        else:
            metas = _orjson_metas(lines, taken)
    except (ValueError, AttributeError):  # a line pyarrow took that is no JSON object to the general path
        raise NotEligible("a line that is no JSON object") from None
    return table, metas


def _lines(data: bytes | memoryview, ends: np.ndarray | None = None) -> list[memoryview]:
    """The lines of a block that are not blank (``bytes.strip``), as views of it: no copy
    of the block, no Python bytes per line (16 MB a block, which the process's heap kept).
    ``ends``: its line ends, where :func:`scan_block` found them."""
    view = memoryview(data).cast("B")
    values = np.frombuffer(view, np.uint8)
    ends = np.flatnonzero(values == ord("\n")) if ends is None else ends
    starts = np.r_[0, ends + 1][:len(ends) + (1 if len(values) and values[-1] != ord("\n") else 0)]
    stops = np.r_[ends, len(values)][:len(starts)]
    lines = [view[a:b] for a, b in zip(starts.tolist(), stops.tolist())]
    opens = values[np.minimum(starts, max(len(values) - 1, 0))] == ord("{") if len(values) else np.zeros(0, bool)
    opens &= stops > starts
    if opens.all():  # every line starts an object: none is blank
        return lines
    return [line for line, sure in zip(lines, opens.tolist()) if sure or bytes(line).strip()]


def _pieces(data: bytes | memoryview, overlap: int, size: int = 1 << 20) -> Iterator[bytes]:
    """``data`` in pieces of ``size`` bytes, each with the next ``overlap`` bytes too (a run
    shorter than ``overlap + 1`` bytes lies whole in some piece): a copy of a whole 16 MB
    block would grow the process's heap, a piece reuses the same memory."""
    view = memoryview(data).cast("B")
    for at in range(0, max(len(view), 1), size):
        yield bytes(view[at:at + size + overlap])


#: Bytes of an ``orjson.dumps`` text that may hold a float it writes otherwise than ``json.dumps``
#: (below 1e-4: ``0.00001`` and ``1e-7`` for ``1e-05`` and ``1e-07``; every other float is written alike).
_ORJSON_FLOATS = (b"e-", b"0.0000")


def _orjson_metas(lines: list[memoryview], taken: Iterable[str]) -> pa.Array:
    """Each line's fields but ``taken`` as :func:`meta_json` writes them, made by orjson
    (a third of the CPU of ``leftover`` and ``json.dumps`` on Pushshift's 22-field rows)
    and added to one buffer as they are made: orjson's texts, each in a block of the
    heap larger than it, would hold 160 MB per 16 MB block of input while kept. The lines
    hold no integer orjson cannot read exactly (:func:`_long_number`) and no key starting
    with NUL; a text that may hold a small float orjson writes otherwise is written again
    by :func:`meta_json`."""
    import orjson

    loads, dumps = orjson.loads, orjson.dumps
    keys = tuple(taken)
    made, lengths = bytearray(), []
    for line in lines:
        obj = loads(line)
        for key in keys:
            obj.pop(key, None)
        text = dumps(obj)
        made += text
        lengths.append(len(text))
    offsets = np.zeros(len(lengths) + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] >= 1 << 31:  # (beyond a 16 MB block's texts)
        raise NotEligible("meta beyond 2 GB in a block")
    metas = pa.Array.from_buffers(pa.string(), len(lengths), [None, _arrow_buffer(offsets.astype(np.int32)),
                                                              _arrow_buffer(made)])
    del made
    odd = np.zeros(len(lengths), bool)
    for pattern in _ORJSON_FLOATS:
        odd |= pc.match_substring(metas, pattern).to_numpy(zero_copy_only=False)
    return patched(metas, odd, [meta_json(loads(text)) for text in picked(metas, odd)])


def _arrow_buffer(data: Any) -> pa.Buffer:
    """``data``'s bytes copied into Arrow's memory pool (which hands freed blocks back to
    the system; held Python memory stays with the process's heap)."""
    view = memoryview(data).cast("B")
    buffer = pa.allocate_buffer(len(view))
    np.frombuffer(buffer, np.uint8)[:] = np.frombuffer(view, np.uint8)
    return buffer


_DIGITS = bytes.maketrans(b"0123456789", b"0" * 10)


def _long_number(data: bytes | memoryview) -> bool:
    """Whether ``data`` holds 19 digits in a row (an integer orjson may not read exactly;
    as :data:`comments.io.readers.base._LONG_NUMBER`): every digit made ``0`` and the
    run searched for (a sixth of the regex's CPU)."""
    return any(piece.translate(_DIGITS).find(b"0" * 19) >= 0 for piece in _pieces(data, 18))


def _open_lines(data: bytes | memoryview, scan: BlockScan | None = None) -> list[bytes]:
    """The lines of ``data`` that open more objects and arrays than a value may nest
    (:func:`comments.model.records.may_nest_deeper`), counted from where ``scan`` (made
    when not given) found the ``{``, ``[`` and line ends: no count per line."""
    from comments.model.records import MAX_VALUE_NESTING

    scan = scan or scan_block(data)
    if len(scan.opens) <= MAX_VALUE_NESTING:
        return []
    ends = scan.ends
    per_line = np.bincount(np.searchsorted(ends, scan.opens), minlength=len(ends) + 1)
    deep = np.flatnonzero(per_line > MAX_VALUE_NESTING)
    if not len(deep):
        return []
    a = np.frombuffer(data, np.uint8)
    starts = np.r_[0, ends + 1]
    stops = np.r_[ends, len(a)]
    return [bytes(a[starts[i]:stops[i]]) for i in deep]


def _one_field_metas(name: str, values: pa.Array) -> pa.Array | None:
    """``meta`` of rows whose only other field is the text ``name`` (Reddit's
    ``subreddit``), made column-wise with ``meta_json``'s escaping, dictionary-encoded
    (one text per distinct value); None when a row lacks it."""
    from comments.io.fastwrite import json_values

    if values.null_count:
        return None  # absent or null: Arrow cannot tell them apart
    encoded = pc.dictionary_encode(values)  # few distinct values (subreddits): escape each once
    quoted = json_values(encoded.dictionary)
    metas = pc.binary_join_element_wise("{" + json.dumps(name, ensure_ascii=False) + ":", quoted, "}", "")
    return pa.DictionaryArray.from_arrays(encoded.indices, metas)


def strings(table: pa.Table, name: str | None, chunked: bool = False) -> pa.Array | pa.ChunkedArray:
    """A column as text (whole floats as integers, as the general path's ``str_or_none``);
    ``chunked``: a text column as the parse left it, in chunks (the repair joins the chunks
    of a batch once: each copy of 1M comments' text costs about 0.1 s of CPU)."""
    if name is None or name not in table.column_names:
        return pa.nulls(table.num_rows, pa.string())
    if chunked and pa.types.is_string(table.schema.field(name).type):
        return table.column(name)
    col = whole(table.column(name))
    if pa.types.is_floating(col.type):
        as_int = pc.cast(col, pa.int64(), safe=False)
        integral = pc.equal(pc.cast(as_int, pa.float64()), col)
        col = pc.if_else(integral, pc.cast(as_int, pa.string()), pc.cast(col, pa.string()))
    elif not pa.types.is_string(col.type):
        col = pc.cast(col, pa.string())
    return col


def str_or_none(col: pa.Array) -> pa.Array:
    """Vectorised :func:`comments.io.readers.base.str_or_none`: trimmed (by ``str.strip``,
    on the rows that may need it), empty → null."""
    col = whole(col)
    if col.null_count == len(col):  # a column the dump lacks (title, status, kind …): nothing to trim
        return col
    edged = edge_space(col)
    col = patched(col, edged, [v.strip() for v in picked(col, edged)])
    offsets, _ = offsets_and_data(col)
    empty = (offsets[1:] == offsets[:-1]) & pc.is_valid(col).to_numpy(zero_copy_only=False)
    return pc.if_else(pa.array(empty), pa.scalar(None, pa.string()), col) if empty.any() else col


def generic(path: Path, overrides: dict[str, str], default_site: str, stem: str, named: bool = False) -> Dialect:
    """Generic JSONL: the columns the tabular reader would map (first 1,000 lines); lines
    the general path leaves out are left out here too and counted in the dialect's ``bad``.
    ``named``: ``default_site`` is the user's ``--site``; where a row names a site of its own
    (a site column, a page address) that is another, the first such row's site is noted as
    the general path notes it (the name was not used). A date column of text is the
    dialect's ``date_key``: its unread dates are flagged and kept in meta (numbers as
    text could be read otherwise by the general path: NotEligible, as before)."""
    rows = _head_rows(path, skip_bad=True)
    mapping = column_map(row_keys(rows), overrides)
    if "id" not in mapping or ("parent_id" not in mapping and "text" not in mapping):
        raise NotEligible("no id/parent columns")
    forced = _types(rows, list(mapping.values()))
    if "text" in mapping and not pa.types.is_string(forced.field(mapping["text"]).type):
        raise NotEligible("texts that are numbers (the general path flags each)")
    taken = set(mapping.values())
    dated = mapping.get("created_at")
    date_key = dated if dated is not None and pa.types.is_string(forced.field(dated).type) else None

    bad = BadLines()
    found: list[str] = []  # notes made while reading

    def columns(data: bytes | memoryview) -> pa.Table:
        first = bad.start(data)
        try:
            table, metas = _parse(data, forced, taken)
        except NotEligible:
            good = bad.without(data, first)
            if good is None:  # pyarrow refused a line the general path reads
                raise
            table, metas = _parse(good, forced, taken)
        else:  # pyarrow reads a ``null`` line as a row of nulls, which the general path leaves out
            if _empty_rows(table) and (good := bad.without(data, first)) is not None:
                table, metas = _parse(good, forced, taken)
        metas = _plain_text(metas)  # one type per block
        get = {f: strings(table, mapping.get(f), chunked=f == "text") for f in FIELDS}
        thread = pc.fill_null(str_or_none(get["thread_id"]), stem)
        linked = _url_sites(thread)
        own = pc.coalesce(str_or_none(get["site"]), linked)
        if named and not found:
            found.extend(_site_not_used(own, default_site))
        site = pc.fill_null(own, default_site)
        return pa.table({
            "site": site, "thread_id": thread, "key": pc.binary_join_element_wise(site, thread, "\x1f"),
            "id": str_or_none(get["id"]), "parent_id": str_or_none(get["parent_id"]),
            "author": str_or_none(get["author"]), "created_at": get["created_at"], "text": get["text"],
            "subject": get["subject"], "title": str_or_none(get["title"]),
            "url": pc.if_else(pc.is_valid(linked), thread, pa.scalar(None, pa.string())),
            "status": str_or_none(get["status"]), "kind": str_or_none(get["kind"]), "meta": metas,
        })

    note = mapping_note(row_keys(rows), mapping)
    return Dialect("jsonl", columns, tabular=True, bad=bad, notes=(note,) if note else (), date_key=date_key,
                   title_key=mapping.get("title"), found=found)


def _site_not_used(own: pa.Array, named: str) -> list[str]:
    """The general path's note on ``--site`` when a row names another site of its own
    (:func:`comments.io.pipeline.place`: the first such thread, which is the first such
    row's: threads are listed by first appearance); empty when none does."""
    if own.null_count == len(own):
        return []
    other = pc.fill_null(pc.not_equal(own, named), False)
    at = pc.index(other, True).as_py()
    if at < 0:
        return []
    return [f"--site {named} not used: the source names its own site ({own[at].as_py()}), which is kept "
            "(--site names inputs whose source names none)"]


def reddit(path: Path, stem: str, named: str | None = None) -> Dialect:
    """Pushshift / Arctic Shift comment NDJSON; submissions (rows without ``body``) are
    not taken (NotEligible: the general path makes them the threads' articles). ``named``:
    the user's ``--site``, which a subreddit's site wins over (noted as the general path
    notes it)."""
    rows = _head_rows(path)
    if any("body" not in r for r in rows):
        raise NotEligible("submissions")
    present = [n for n in ("id", "name", "parent_id", "link_id", "author", "created_utc", "body", "subreddit")
               if any(n in r for r in rows)]
    forced = _types(rows, present, _REDDIT_TYPES)
    taken = set(REDDIT_TAKEN)
    # rows with fields beyond ``subreddit`` in meta (Pushshift's 22): a text per row, nothing to share
    distinct = any(set(r) - taken - {"subreddit"} for r in rows)
    found: list[str] = []  # notes made while reading

    def columns(data: bytes | memoryview) -> pa.Table:
        table, metas = _parse(data, forced, taken)
        _check_bodies(data, table)
        n = table.num_rows
        get = {f: (whole(table.column(f)) if f in table.column_names else pa.nulls(n, pa.string()))
               for f in ("id", "name", "parent_id", "link_id", "author", "body", "subreddit")}
        ids = pc.if_else(pc.fill_null(pc.not_equal(get["id"], ""), False), get["id"], _strip(get["name"]))
        parent = get["parent_id"]
        top = pc.fill_null(pc.or_(pc.equal(parent, ""), pc.starts_with(parent, "t3_")), True)
        link = _strip(get["link_id"])
        thread = pc.fill_null(link, stem)
        sub = get["subreddit"]
        body, author = get["body"], get["author"]
        deleted = equal_text(author, "[deleted]")
        given = table.column("created_utc") if "created_utc" in table.column_names else pa.nulls(n, pa.string())
        created, unread = _epoch_dates(given)
        if unread is not None and unread.any():  # flagged in the repair, the value given kept in meta
            metas = with_raw_dates(_plain_text(metas), unread, picked(whole(given), unread), "created_utc")
        small = pc.dictionary_encode  # columns with few distinct values, held for the whole dump
        site = _sites(sub)
        if named and not found:
            found.extend(_site_not_used(_plain_text(site), named))
        return pa.table({
            "site": small(site), "thread_id": thread, "key": thread, "id": ids,
            "parent_id": pc.if_else(top, pa.scalar(None, pa.string()), _strip(parent)),
            "author": pc.if_else(pa.array(deleted), pa.scalar(None, pa.string()), author) if deleted.any() else author,
            "created_at": created, UNREAD_DATE: _unread_column(unread, n),
            "text": _bodies(body), "subject": pa.nulls(n, pa.string()), "title": pa.nulls(n, pa.string()),
            "url": _thread_urls(thread, link, sub), "status": small(_status(body, deleted)),
            "kind": pa.nulls(n, pa.string()),
            "meta": _each_own(_plain_text(metas)) if distinct else small(metas),
        })

    return Dialect("reddit", columns, tabular=False, found=found)


def _thread_urls(thread: pa.Array, link: pa.Array, sub: pa.Array) -> pa.DictionaryArray:
    """Each row's thread URL (``https://www.reddit.com/r/SUB/comments/LINK/``, null without a
    subreddit or link) as the first row of its thread in this block gives it (dictionary-
    encoded): a thread's URL is only ever read from its first row in its input (the thread
    record's), and that row is the first in its block too. Made once per thread, not joined
    and hashed per row (1M comments: 0.1 s of CPU)."""
    encoded = pc.dictionary_encode(thread)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    if not len(codes):
        return pa.DictionaryArray.from_arrays(encoded.indices, pa.array([], pa.string()))
    # codes number threads by first appearance: a row whose code exceeds every earlier one is its thread's first
    firsts = pa.array(np.flatnonzero(np.r_[True, codes[1:] > np.maximum.accumulate(codes)[:-1]]))
    sub, link = sub.take(firsts), link.take(firsts)
    given = pc.fill_null(pc.and_(pc.not_equal(sub, ""), pc.not_equal(link, "")), False)
    urls = pc.fill_null(pc.binary_join_element_wise("https://www.reddit.com/r/", sub, "/comments/", link, "/", ""), "")
    none = ~given.to_numpy(zero_copy_only=False)  # null where the index is (a dictionary holds no nulls)
    indices = pa.array(codes, mask=none[codes]) if none.any() else encoded.indices
    return pa.DictionaryArray.from_arrays(indices, urls)


def _each_own(col: pa.Array) -> pa.DictionaryArray:
    """A text column as a dictionary of its own values, row ``i`` → value ``i`` (the type of
    :func:`pyarrow.compute.dictionary_encode`, which every block's ``meta`` shares, without
    hashing values that are all distinct)."""
    return pa.DictionaryArray.from_arrays(pa.array(np.arange(len(col), dtype=np.int32)), col)


def _plain_text(col: pa.Array) -> pa.Array:
    """A dictionary-encoded text column as plain text (others as they are)."""
    return pc.cast(col, pa.string()) if pa.types.is_dictionary(col.type) else col


def _unread_column(unread: np.ndarray | None, n: int) -> pa.Array:
    """The :data:`UNREAD_DATE` column of a block: all null (no bit per row) when every date
    was read."""
    return pa.array(unread) if unread is not None and unread.any() else pa.nulls(n, pa.bool_())


def _check_bodies(data: bytes | memoryview, table: pa.Table) -> None:
    """A row with no ``body`` is a submission: the general path's business."""
    absent = pc.is_null(table.column("body")).to_numpy(zero_copy_only=False)
    if absent.any():
        lines = [line for line in bytes(data).split(b"\n") if line.strip()]
        if any("body" not in std_loads(lines[i]) for i in np.flatnonzero(absent)):
            raise NotEligible("submissions")


def _strip(col: pa.Array) -> pa.Array:
    """``t1_abc`` → ``abc`` (reddit's ``_strip``); empty → null. The ``t<digit>_``
    prefix is found in the column's bytes (a regex replace is 20× slower, a regex match
    on each value's first three characters 1.5×)."""
    offsets, data = offsets_and_data(col)
    lengths = np.diff(offsets)
    valid = pc.is_valid(col).to_numpy(zero_copy_only=False)
    if ((lengths == 0) & valid).any():
        col = pc.if_else(pa.array((lengths == 0) & valid), pa.scalar(None, pa.string()), col)
    long = (lengths >= 3) & valid
    at = offsets[:-1][long]
    second = data[at + 1]
    prefixed = np.zeros(len(col), bool)
    prefixed[long] = (data[at] == ord("t")) & (second >= ord("0")) & (second <= ord("9")) & (data[at + 2] == ord("_"))
    if not prefixed.any():
        return col
    cut = pc.utf8_slice_codeunits(col, 3)
    return cut if prefixed.all() else pc.if_else(pa.array(prefixed), cut, col)


def _url_sites(thread: pa.Array) -> pa.Array:
    """:func:`url_site` of each row's thread (null where it is no page address), computed once
    per distinct address; all null without a look when no thread holds ``://``."""
    if not pc.any(pc.match_substring(thread, "://")).as_py():
        return pa.nulls(len(thread), pa.string())
    encoded = pc.dictionary_encode(thread)
    hosts = pa.array([url_site(t) for t in encoded.dictionary.to_pylist()], pa.string())
    return pc.take(hosts, encoded.indices)


def _sites(sub: pa.Array) -> pa.Array:
    """:func:`reddit_site` of each row's subreddit, computed once per distinct name
    (dictionary-encoded)."""
    encoded = pc.dictionary_encode(pc.fill_null(sub, ""))
    names = pa.array([reddit_site(s) for s in encoded.dictionary.to_pylist()], pa.string())
    return pa.DictionaryArray.from_arrays(encoded.indices, names)


def _status(body: pa.Array, deleted: np.ndarray) -> pa.Array:
    """Reddit's status rules: a ``[removed]`` body is removed (by a moderator or Reddit, whoever
    the author shows as); a ``[deleted]`` body, or a deleted author and no body, is deleted
    (dictionary-encoded from the rules' masks: no text per row)."""
    gone, removed = equal_text(body, "[deleted]"), equal_text(body, "[removed]")
    dead = (gone | (deleted & pc.is_null(body).to_numpy(zero_copy_only=False))) & ~removed
    codes = np.where(dead, 2, np.where(removed, 1, 0)).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(codes), pa.array(["visible", "removed", "deleted"]))


def equal_text(col: pa.Array, value: str) -> np.ndarray:
    """Which rows of a string array equal ``value`` (null: False): only the rows of its
    length are compared, by their bytes (``pc.equal`` and ``pc.is_in`` read or hash every
    row's text: 0.3 s of CPU per 1M Reddit bodies)."""
    want = np.frombuffer(value.encode("utf-8"), np.uint8)
    offsets, data = offsets_and_data(col)
    rows = np.flatnonzero(np.diff(offsets) == len(want))
    out = np.zeros(len(col), bool)
    if len(rows) and len(want):
        out[rows[(data[offsets[rows][:, None] + np.arange(len(want))] == want).all(axis=1)]] = True
    elif len(rows):
        out[rows] = True
    if col.null_count:
        out &= pc.is_valid(col).to_numpy(zero_copy_only=False)
    return out


def _bodies(body: pa.Array) -> pa.Array:
    """``reddit_markdown(body or "")``; only rows it changes need Python."""
    return python_where(body, _BODY_NEEDS_PYTHON, reddit_markdown)


def python_where(col: pa.Array | pa.ChunkedArray, chars: str, fix: Callable[[str], str]) -> pa.Array:
    """Text (null → ``""``) with ``fix`` — the general path's own function — applied to
    the rows holding one of the ASCII ``chars`` or white space at either end, the only
    rows it could change (found by a byte scan, confirmed by a regex in Python)."""
    col = pc.fill_null(col, "")
    col = whole(col)
    maybe = rows_holding(col, chars.encode("ascii")) | edge_space(col)
    values = picked(col, maybe)
    pattern = re.compile(f"[{re.escape(chars)}]|^[{PY_SPACE}]|[{PY_SPACE}]$")
    needs = [pattern.search(v) is not None for v in values]
    rows = np.zeros(len(col), bool)
    rows[np.flatnonzero(maybe)[needs]] = True
    return patched(col, rows, [fix(v) for v, need in zip(values, needs) if need])


def _epoch_dates(col: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, np.ndarray | None]:
    """``dates.normalize(created_utc)``, and which rows' values cannot be read (None: all
    can): whole Unix seconds in the calendar formatted by Arrow, each distinct second once
    where seconds repeat (a monthly dump has dozens of comments per second: 0.13 → 0.015 s
    of CPU per 1M rows); anything else (fractions, text, far-off numbers) by the Python
    function (:func:`readable_dates`)."""
    col = whole(col)
    if pa.types.is_integer(col.type):
        ok = pc.fill_null(pc.and_(pc.greater_equal(col, 0), pc.less_equal(col, _LAST_EPOCH)), False)
        if pc.all(ok).as_py():
            encoded = pc.dictionary_encode(col)
            seconds = encoded.dictionary if 2 * len(encoded.dictionary) <= len(col) else col
            text = pc.cast(pc.cast(seconds, pa.timestamp("s")), pa.string())  # "2021-09-16 10:00:00", fast
            made = pc.binary_join_element_wise(pc.utf8_slice_codeunits(text, 0, 10), "T",
                                               pc.utf8_slice_codeunits(text, 11), "Z", "")
            return (made if seconds is col else made.take(encoded.indices)), None
    return readable_dates(col.to_pylist())


def readable_dates(values: list) -> tuple[pa.Array, np.ndarray]:
    """``dates.normalize`` of each value, and which values given cannot be read (a mask):
    the general path flags those ``invalid_date`` and keeps them in meta
    (:func:`comments.io.readers.base.dated`), as :func:`with_raw_dates` does here.
    A timestamp beyond the years 1-9999 is one that cannot be read, as there."""
    out = []
    unread = np.zeros(len(values), bool)
    for i, value in enumerate(values):
        try:
            iso = dates.normalize(value)
        except InputError:
            iso = None
        if iso is None and value is not None and str(value).strip():
            unread[i] = True
        out.append(iso)
    return pa.array(out, pa.string()), unread


def with_raw_dates(metas: pa.Array, unread: np.ndarray, raw: list, key: str) -> pa.Array:
    """``metas`` (JSON text) with each unread date in ``raw`` (the values given, one per row
    of ``unread``) kept under ``key``, as :func:`comments.io.readers.base.dated` keeps it."""
    from comments.model.records import meta_from_json

    values = []
    for text, value in zip(picked(metas, unread), raw):
        meta = meta_from_json(text)
        meta.setdefault(key, value)
        values.append(meta_json(meta))
    return patched(metas, unread, values)
