"""Tree repair for the columnar fast path (:mod:`comments.io.fastpath`): a batch of whole
threads (rows of a thread contiguous, in input order) gets the SPEC repairs of
:func:`comments.model.tree.rebuild` — ids for id-less comments, duplicate ids renamed,
orphans and cycles broken, depth and position — with array operations; the rare rows
that need it (duplicates, cycles, markup) go through the general path's own functions.
The result is the comment records as an Arrow table, and the batch's thread records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from comments.io.fastpath_bytes import edge_space, offsets_and_data, patched, picked, whole
from comments.io.fastpath_read import (UNREAD_DATE, Dialect, NotEligible, python_where, readable_dates,
                                       with_raw_dates)
from comments.io.readers.base import LostLines, merge_repeated
from comments.io.streams import Damaged
from comments.io.readers.tabular import NO_PARENT, Retitled, noted, with_subject
from comments.model import tree
from comments.model.records import Comment, meta_from_json, meta_json
from comments.text.html_text import cell_text, cell_text_and_links, put_links
from comments.text.plural import plural

#: Characters ``cell_text`` changes (markup, entities, line breaks; also white space at either end).
_TEXT_NEEDS_PYTHON = "<&\n\r"
_ISO_AS_IS = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-](0[1-9]|1\d|2[0-3]):\d{2}|[+-]00:(0[1-9]|[1-5]\d))?$"


@dataclass
class Summary:
    """What a run read and repaired, for the summary line."""

    threads: int = 0
    comments: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    repeated: int = 0
    #: fields that differ between repeated rows (kept as lists in meta), for the note
    varying: set[str] = field(default_factory=set)
    #: comments whose text is empty or white space (a loss the summary names, as the general path's)
    empty: int = 0
    #: comments another input gave first, kept once (several inputs)
    duplicates: int = 0
    #: Reddit records given twice in the input (every field the same), kept once
    same_records: int = 0
    #: lines left out as unreadable (an input problem, as the general path reports it)
    lost: LostLines | None = None
    #: a zstd dump cut short or damaged: its complete lines were read (an input problem, as there)
    damaged: Damaged | None = None
    #: notes on the input (its columns), as the general path words them
    notes: list[str] = field(default_factory=list)
    #: fields we add to ``meta`` put under another key, the source having one of that name
    aside: dict[str, str] = field(default_factory=dict)
    #: rows naming another title for their thread than its first row (kept in their meta)
    retitled: Retitled = field(default_factory=Retitled)

    def problems(self) -> list:
        """The input problems, as the general path words them (each said by
        :func:`comments.io.pipeline.problem_line`)."""
        return ([str(self.lost)] if self.lost is not None else []) + ([self.damaged] if self.damaged else [])

    def line(self) -> str:
        """The closing summary line, as :meth:`comments.io.pipeline.Result.summary` words it."""
        repairs = ", ".join(f"{n:,} {name}" for name, n in sorted(self.flags.items()))
        parts = [plural(self.threads, "thread"), plural(self.comments, "comment"),
                 f"repairs: {repairs}" if repairs else "no repairs"]
        if self.duplicates:
            parts.append(f"{self.duplicates:,} duplicates across inputs kept once")
        if self.lost is not None:
            parts.append(plural(self.lost.count, "unreadable line", grouped=False) + " left out")
        if self.empty:
            parts.append(plural(self.empty, "comment") + " with empty text")
        if self.problems():
            parts.append(plural(len(self.problems()), "input problem"))
        return "; ".join(parts)


def repair_and_write(table: pa.Table, codes: np.ndarray, writer: Any, summary: Summary, source: str,
                     dialect: Dialect) -> None:
    """Repair the whole threads of ``table`` (``codes``: each row's thread, runs of equal
    codes) and hand the records to ``writer``."""
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.array([], int)

    def parents(table: pa.Table) -> pa.Array:
        parent = whole(table.column("parent_id"))
        if dialect.tabular:  # the thread's own id as parent: a top-level comment
            parent = pc.if_else(pc.equal(parent, whole(table.column("thread_id"))),
                                pa.scalar(None, pa.string()), parent)
        return parent

    ids, parent = whole(table.column("id")), parents(table)
    first, found_np = _lookup(codes, ids, parent)
    if dialect.tabular:  # the parse's chunks of text joined once here, where links and the text check took a copy each
        table = table.set_column(table.column_names.index("text"), "text", whole(table.column("text")))
    if dialect.tabular:  # links first: a repeated record's are merged with its other fields, as in the general path
        table = _links(table, summary)
        table = _read_dates(table, dialect.date_key)  # before repeated rows merge their meta, as there
    # a record given twice: read once (Reddit, not tabular: only when every field is the same)
    table, codes, starts, dropped = _drop_repeated_rows(table, codes, starts, summary, first, exact=not dialect.tabular)
    if dropped:
        ids, parent = whole(table.column("id")), parents(table)
        first, found_np = _lookup(codes, ids, parent)
    n = table.num_rows
    group_len = np.diff(np.r_[starts, n])
    group_of_row = np.repeat(np.arange(len(starts)), group_len)
    position = np.arange(n) - starts[group_of_row]

    # ids: c1, c2 … for id-less rows, counted per thread
    missing = pc.is_null(ids).to_numpy(zero_copy_only=False)
    if missing.any():
        running = np.cumsum(missing)
        before = np.r_[0, running][starts][group_of_row]
        numbers = pa.array((running - before).astype(np.int64))
        made = pc.binary_join_element_wise("c", pc.cast(numbers, pa.string()), "")
        ids = pc.if_else(pa.array(missing), made, ids)
        first, found_np = _lookup(codes, ids, parent)
    # a date given that cannot be read: the general path's reader flags it first (its value is in meta)
    flags: dict[int, list[str]] = {int(i): ["invalid_date"] for i in np.flatnonzero(_unread(table))}
    renamed = _rename_duplicates(ids, codes, flags, first)
    if renamed is not ids:  # parents are looked up among the renamed ids
        ids = renamed
        _, found_np = _lookup(codes, ids, parent)
    has_parent = pc.is_valid(parent).to_numpy(zero_copy_only=False)
    sentinel = np.zeros(n, bool)
    if dialect.tabular:  # "0", "-1" … mean "no parent" unless a comment has that id
        sentinel = pc.is_in(parent, value_set=pa.array(sorted(NO_PARENT))).to_numpy(zero_copy_only=False)
    decimal = _decimal_parents(codes, ids, parent, has_parent & (found_np < 0) & ~sentinel)
    for i, row in decimal.items():  # "190.0" names comment 190 (tree.break_orphans_and_cycles)
        found_np[i] = row
        flags.setdefault(i, []).append("decimal_parent_id")
    orphan = has_parent & (found_np < 0) & ~sentinel
    parent_row = np.where(has_parent & (found_np >= 0), found_np, -1)
    missing_parent = pc.if_else(pa.array(orphan), parent, pa.scalar(None, pa.string()))
    self_reply = parent_row == np.arange(n)
    missing_parent = pc.if_else(pa.array(self_reply), parent, missing_parent)
    parent_row[self_reply] = -1
    for i in np.flatnonzero(orphan):
        flags.setdefault(int(i), []).append("orphan")
    for i in np.flatnonzero(self_reply):
        flags.setdefault(int(i), []).append("cycle")

    depth, _, cyclic = tree.ancestry_rows(parent_row)
    missing_parent_list = None
    if cyclic.any():
        missing_parent_list = missing_parent.to_pylist()
        _break_cycles(np.flatnonzero(cyclic), parent_row, position, flags, missing_parent_list, ids)
        depth = tree.ancestry_rows(parent_row)[0]
        missing_parent = pa.array(missing_parent_list, pa.string())

    linked = parent_row >= 0
    parent_col = pc.if_else(pa.array(linked), pc.take(ids, pa.array(np.where(linked, parent_row, 0))),
                            pa.scalar(None, pa.string()))
    summary.comments += n
    for names in flags.values():
        for name in names:
            summary.flags[name] = summary.flags.get(name, 0) + 1
    heads = pa.array(starts[group_of_row])  # a thread's site and id are its first row's
    if dialect.tabular and dialect.title_key is not None:
        table = _other_titles(table, heads, ids, dialect.title_key, summary.retitled)
    text, created = table.column("text"), table.column(_READ_DATES if dialect.tabular else "created_at")
    if dialect.tabular:
        text = _with_subject(table.column("subject"), _texts(text, table.column(_READ_TEXT)
                                                             if _READ_TEXT in table.column_names else None))
    out = pa.table({
        "record": pa.repeat(pa.scalar("comment"), n),  # (a list of n: 0.3 s per 1M)
        "site": _plain(pc.take(table.column("site"), heads)),
        "thread_id": pc.take(table.column("thread_id"), heads),
        "id": ids, "parent_id": parent_col, "depth": pa.array(depth.astype(np.int32)),
        "position": pa.array(position.astype(np.int32)), "author": table.column("author"), "created_at": created,
        "kind": pc.fill_null(table.column("kind"), "comment"),
        "status": pc.fill_null(_plain(table.column("status")), "visible"),
        "text": text, "flags": _flag_column(n, flags), "missing_parent_id": missing_parent,
        "meta": _plain(table.column("meta")),
    }, schema=writer.schema)
    summary.empty += _empty_texts(text)
    heads_only = table.select(list(_THREAD_COLUMNS)).take(pa.array(starts))  # (a take of every column joins its chunks)
    writer.write(out, _thread_rows(heads_only, group_len, dialect.format, source))
    summary.threads += len(starts)


def _other_titles(table: pa.Table, heads: pa.Array, ids: pa.Array, key: str, retitled: Retitled) -> pa.Table:
    """``table`` with each row's title that is not its thread's (its first row's) kept in
    its ``meta`` under ``key``, counted in ``retitled``, as the general path keeps it
    (:class:`comments.io.readers.tabular.Retitled`)."""
    title = whole(table.column("title"))
    if title.null_count == len(title):
        return table
    head = pc.take(title, heads)
    other = pc.and_(pc.is_valid(title), pc.or_kleene(pc.is_null(head), pc.not_equal(title, head)))
    mask = pc.fill_null(other, False).to_numpy(zero_copy_only=False)
    if not mask.any():
        return table
    at = table.column_names.index("meta")
    values = picked(title, mask)
    metas = with_raw_dates(whole(table.column("meta")), mask, values, key)
    first = int(np.flatnonzero(mask)[0])
    retitled.add(int(mask.sum()), (table.column("thread_id")[first].as_py(), ids[first].as_py(), values[0], key))
    return table.set_column(at, "meta", metas)


def _plain(col: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """A dictionary-encoded column (Reddit's site, status, URL, ``meta``) as text, for the
    records; the others as they are. Decoded only where a record takes it (a thread's URL
    only in its thread record, from the head row's value)."""
    return pc.cast(col, pa.string()) if pa.types.is_dictionary(col.type) else col


def _empty_texts(text: pa.Array | pa.ChunkedArray) -> int:
    """How many texts are empty or white space only (``not text.strip()``): the rows of
    no bytes, and of the rows starting with white space those Python strips to nothing."""
    total = 0
    for chunk in text.chunks if isinstance(text, pa.ChunkedArray) else [text]:  # chunks: no copy of the texts
        offsets, _ = offsets_and_data(chunk)
        nothing = offsets[1:] == offsets[:-1]
        if chunk.null_count:
            nothing |= pc.is_null(chunk).to_numpy(zero_copy_only=False)
        spaced = edge_space(chunk) & ~nothing
        total += int(nothing.sum()) + sum(1 for v in picked(chunk, spaced) if not v.strip())
    return total


#: The columns a thread record takes from its first comment's row.
_THREAD_COLUMNS = ("site", "thread_id", "title", "url")


def _thread_rows(heads: pa.Table, sizes: np.ndarray, fmt: str, source: str) -> list[dict[str, Any]]:
    """The thread records, from each thread's first row."""
    columns = [heads.column(name).to_pylist() for name in _THREAD_COLUMNS]
    return [{"record": "thread", "site": site, "thread_id": thread, "title": title, "url": url,
             "published_at": None, "article_text": None, "declared_count": None, "comment_count": int(size),
             "unloaded_count": 0, "format": fmt, "source": source}
            for site, thread, title, url, size in zip(*columns, sizes)]


def _flag_column(n: int, flags: dict[int, list[str]]) -> pa.Array:
    """list<string> column with the flags of the few flagged rows, empty lists elsewhere."""
    counts = np.zeros(n, np.int32)
    for row, names in flags.items():
        counts[row] = len(names)
    offsets = np.zeros(n + 1, np.int32)
    np.cumsum(counts, out=offsets[1:])
    values = [name for row in sorted(flags) for name in flags[row]]
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, pa.string()))


def _decimal_parents(codes: np.ndarray, ids: pa.Array, parent: pa.Array, unfound: np.ndarray) -> dict[int, int]:
    """Rows (of ``unfound``, parents not in their thread) whose parent id is a whole number
    written as a decimal ("190.0") that is an id of their thread → that comment's row."""
    if not unfound.any():
        return {}
    written = picked(parent, unfound)
    wholes = [m.group(1) if (m := tree.DECIMAL_ID.fullmatch(v)) else v for v in written]
    if wholes == written:
        return {}
    _, found = _lookup(codes, ids, patched(parent, unfound, wholes))
    return {int(i): int(found[i]) for i, v, w in zip(np.flatnonzero(unfound), written, wholes)
            if w != v and found[i] >= 0 and found[i] != i}


def _lookup(codes: np.ndarray, ids: pa.Array, parent: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the first row of its thread with its id (itself when it has none),
    and the first row of its thread whose id is its parent id (-1: none, or no parent):
    a hash pass over the id and parent texts, and where an id repeats, one over the
    (thread, id) and (thread, parent) keys together."""
    n = len(ids)
    if parent.type != ids.type:
        parent = pc.cast(parent, ids.type)
    # each text's number, then (thread, number) as one int64 numbered again by first
    # appearance: hashing numbers instead of joining and hashing "thread␟id" strings
    texts = pc.dictionary_encode(pa.concat_arrays([ids, parent]))
    text_index = pc.fill_null(texts.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    rows = np.arange(n)
    if not n:
        return rows, rows
    has_id = text_index[:n] >= 0
    row_of = np.full(len(texts.dictionary) + 1, -1, np.int64)  # the last slot: texts no id has
    row_of[text_index[:n][has_id]] = rows[has_id]
    if np.count_nonzero(row_of >= 0) == np.count_nonzero(has_id):
        # no id twice in the batch (Reddit's, most dumps'): each row is the first with its id,
        # and a parent is the row with its text if that row is in the same thread — no second hash
        parent_text = text_index[n:]
        found = row_of[np.where(parent_text >= 0, parent_text, len(row_of) - 1)]
        return rows, np.where((found >= 0) & (codes[np.maximum(found, 0)] == codes), found, -1)
    null = text_index < 0
    both = np.r_[codes, codes].astype(np.int64) * (len(texts.dictionary) + 1) + np.maximum(text_index, 0)
    index = pc.dictionary_encode(pa.array(both, mask=null)).indices
    index = pc.fill_null(index, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    id_index, parent_index = index[:n], index[n:]
    # dictionary indices are numbered by first appearance, ids first: a row whose index
    # exceeds every earlier row's is the first row with that key
    seen = np.maximum.accumulate(id_index)
    new = np.r_[id_index[0] >= 0, id_index[1:] > seen[:-1]]
    known = int(seen[-1]) + 1
    first_row = np.full(known + 1, -1, np.int64)  # the last slot: keys no id has
    first_row[id_index[new]] = rows[new]
    first = np.where(id_index >= 0, first_row[np.where(id_index >= 0, id_index, known)], rows)
    found = first_row[np.where((parent_index >= 0) & (parent_index < known), parent_index, known)]
    return first, found


def _drop_repeated_rows(table, codes, starts, summary, first, exact: bool = False):
    """Rows with the id of an earlier row of the thread and the same content are one
    record repeated (as the general path reads them): keep the first. ``first``: each
    row's first row with the same thread and id (:func:`_lookup`). ``exact``: every field
    the same (Reddit: :func:`comments.io.pipeline.place`'s rule; counted in
    ``summary.same_records``), else the text, author, date and links, other fields merged.
    Also says whether rows were dropped."""
    rows = np.arange(table.num_rows)
    dup = np.flatnonzero(first != rows)
    if len(dup) == 0:
        return table, codes, starts, False
    fields = table.column_names if exact else ("id", "parent_id", "thread_id", "text", "author", "created_at")

    def fingerprint(row: int) -> tuple:
        return tuple(table.column(f)[row].as_py() for f in fields)

    drop = []
    seen: dict[int, dict[tuple, int]] = {}
    merged: dict[int, list[int]] = {}
    for i in dup:
        j = int(first[i])
        known = seen.setdefault(j, {fingerprint(j): j})
        mine = fingerprint(int(i))
        if mine in known:
            drop.append(int(i))
            merged.setdefault(known[mine], [known[mine]]).append(int(i))
        else:
            known[mine] = int(i)
    if not drop:
        return table, codes, starts, False
    if exact:
        summary.same_records += len(drop)
    elif merged:  # a repeated record's differing fields become lists in meta, as in the general path
        metas = table.column("meta").to_pylist()
        for keep, rows in merged.items():
            given = [meta_from_json(metas[r]) for r in rows]
            summary.varying.update(k for m in given[1:] for k in set(m) | set(given[0]) if m.get(k) != given[0].get(k))
            metas[keep] = meta_json(merge_repeated(given))
        table = table.set_column(table.column_names.index("meta"), "meta", pa.array(metas, pa.string()))
    summary.repeated += 0 if exact else len(drop)
    keep = np.ones(table.num_rows, bool)
    keep[drop] = False
    codes = codes[keep]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.array([], int)
    return table.filter(pa.array(keep)), codes, starts, True


def _rename_duplicates(ids: pa.Array, codes: np.ndarray, flags: dict[int, list[str]],
                       first: np.ndarray) -> pa.Array:
    """A later comment with an id already used in its thread becomes ``ID~2``… (Python
    rule of :func:`comments.model.tree.dedupe_ids`, applied per affected thread).
    ``first``: each row's first row with the same thread and id (:func:`_lookup`);
    ``ids`` itself when no id is repeated."""
    dup = np.flatnonzero(first != np.arange(len(first)))
    if len(dup) == 0:
        return ids
    values = ids.to_pylist()
    for code in np.unique(codes[dup]):
        rows = np.flatnonzero(codes == code)
        comments = [Comment(id=values[r]) for r in rows]
        tree.dedupe_ids(comments)
        for r, c in zip(rows, comments):
            if c.flags:
                values[r] = c.id
                flags.setdefault(int(r), []).extend(c.flags)
    return pa.array(values, pa.string())


def _break_cycles(rows: np.ndarray, parent_row: np.ndarray, position: np.ndarray, flags: dict[int, list[str]],
                  missing_parent: list, ids: pa.Array) -> None:
    """Break each cycle at its earliest comment (as :func:`comments.model.tree.break_orphans_and_cycles`)."""
    id_list = ids.to_pylist()
    state: dict[int, int] = {}
    for start in rows:
        path: list[int] = []
        node = int(start)
        while node >= 0 and state.get(node, 0) == 0:
            state[node] = 1
            path.append(node)
            node = int(parent_row[node])
        if node >= 0 and state.get(node) == 1:
            cycle = path[path.index(node):]
            first = min(cycle, key=lambda r: position[r])
            missing_parent[first] = id_list[parent_row[first]]
            parent_row[first] = -1
            flags.setdefault(first, []).append("cycle")
        for p in path:
            state[p] = 2


def _with_subject(subject, text):
    """The general path's ``with_subject``: a comment's headline opens its text."""
    if subject.null_count == len(subject):
        return text
    values = [with_subject(s, t) for s, t in zip(subject.to_pylist(), text.to_pylist())]
    return pa.array(values, pa.string())


def _texts(col: pa.ChunkedArray, read: pa.ChunkedArray | None = None) -> pa.ChunkedArray | pa.Array:
    """Text as the general path makes it; only rows with markup, line breaks or edge
    whitespace need Python. ``read``: the rows :func:`_links` has read already (else null)."""
    if read is None:
        return python_where(col, _TEXT_NEEDS_PYTHON, cell_text)
    done = pc.is_valid(read)
    return pc.if_else(done, read, python_where(pc.if_else(done, "", col), _TEXT_NEEDS_PYTHON, cell_text))


#: A generic batch's dates as read (its ``created_at`` stays as given until repeated rows are
#: dropped: they compare the values given).
_READ_DATES = "created_at_read"


def _read_dates(table: pa.Table, key: str | None) -> pa.Table:
    """``table`` with its dates read (:data:`_READ_DATES`) and, where a date given cannot be
    read, :data:`UNREAD_DATE` marking it and its value kept in ``meta`` under ``key`` (the
    source's column), as the general path keeps it; NotEligible without ``key`` (the
    column's values were numbers, which the general path would read otherwise)."""
    given = whole(table.column("created_at"))
    created, unread = _dates(given)
    table = table.append_column(_READ_DATES, created)
    if unread is None or not unread.any():
        return table
    if key is None:
        raise NotEligible("a date that cannot be read, from a column of numbers")
    at = table.column_names.index("meta")
    metas = with_raw_dates(whole(table.column("meta")), unread, picked(given, unread), key)
    return table.set_column(at, "meta", metas).append_column(UNREAD_DATE, pa.array(unread))


def _unread(table: pa.Table) -> np.ndarray:
    """Which rows hold a date given that cannot be read (:data:`UNREAD_DATE`)."""
    if UNREAD_DATE not in table.column_names:
        return np.zeros(table.num_rows, bool)
    col = table.column(UNREAD_DATE)
    if col.null_count == len(col):
        return np.zeros(table.num_rows, bool)
    return pc.fill_null(col, False).to_numpy(zero_copy_only=False)


#: The plain text of the rows :func:`_links` read (null elsewhere), for :func:`_texts`.
_READ_TEXT = "text_read"


def _links(table: pa.Table, summary: Summary) -> pa.Table:
    """``table`` with the link targets of HTML texts added to ``meta``, as the general path's
    :func:`comments.io.readers.tabular.row_comment` adds them (a field of the source's with
    their name keeps it: ``summary.aside``). Only rows holding "href" can have any; their
    plain text, read with the links, goes to :data:`_READ_TEXT` (each text is read once)."""
    text = whole(pc.fill_null(table.column("text"), ""))
    maybe = pc.fill_null(pc.match_substring(text, "href", ignore_case=True), False).to_numpy(zero_copy_only=False)
    if not maybe.any():
        return table
    meta = whole(_plain(table.column("meta")))
    values = picked(meta, maybe)
    plain = []
    for i, value in enumerate(picked(text, maybe)):
        read, links = cell_text_and_links(value)
        plain.append(read)
        if links:
            fields = meta_from_json(values[i])
            noted(summary.aside, "links", put_links(fields, links))
            values[i] = meta_json(fields)
    table = table.set_column(table.column_names.index("meta"), "meta", patched(meta, maybe, values))
    return table.append_column(_READ_TEXT, patched(pa.nulls(len(text), pa.string()), maybe, plain))


#: ``YYYY-MM-DDTHH:MM:SSZ``: where its digits and its other bytes are.
_ISO_DIGITS = np.array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18])
_ISO_MARKS, _ISO_MARK_BYTES = np.array([4, 7, 10, 13, 16, 19]), np.frombuffer(b"--T::Z", np.uint8)


def _plain_iso(col: pa.Array) -> np.ndarray | None:
    """Which dates are ``YYYY-MM-DDTHH:MM:SSZ`` (one form :data:`_ISO_AS_IS` keeps), checked
    on the bytes of a column whose every value has that length (0.05 → 0.01 s of CPU per
    1M dates against the regex); None for any other column (the regex decides)."""
    offsets, data = offsets_and_data(col)
    if col.null_count or not len(col) or int(offsets[-1] - offsets[0]) != 20 * len(col) \
            or not np.all(np.diff(offsets) == 20):
        return None
    rows = data[int(offsets[0]):int(offsets[-1])].reshape(-1, 20)
    return (np.all(rows[:, _ISO_DIGITS] - np.uint8(48) < 10, axis=1)
            & np.all(rows[:, _ISO_MARKS] == _ISO_MARK_BYTES, axis=1))


def _dates(col: pa.Array) -> tuple[pa.Array, np.ndarray | None]:
    """ISO strings already in our form stay; anything else goes through dates.normalize.
    Also which rows' values cannot be read (None: all can)."""
    if pa.types.is_null(col.type):
        return pa.nulls(len(col), pa.string()), None
    if not pa.types.is_string(col.type):
        return readable_dates(col.to_pylist())
    as_is = _plain_iso(col)
    if as_is is None:
        as_is = pc.fill_null(pc.match_substring_regex(col, _ISO_AS_IS), True).to_numpy(zero_copy_only=False)
    if as_is.all():
        return col, None
    values = col.to_pylist()
    rest = np.flatnonzero(~as_is)
    read, unread_rest = readable_dates([values[i] for i in rest])
    for i, iso in zip(rest, read.to_pylist()):
        values[i] = iso
    unread = np.zeros(len(col), bool)
    unread[rest[unread_rest]] = True
    return pa.array(values, pa.string()), unread
