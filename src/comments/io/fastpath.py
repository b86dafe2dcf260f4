"""Columnar fast path for big generic JSONL dumps → Parquet, JSONL or CSV.

``comments parse dump.jsonl -o out.parquet`` on millions of comments cannot afford a
Python object per comment. Here the dump is read in blocks with pyarrow's JSON
reader, threads are repaired with array operations (SPEC rules, as in
:mod:`comments.model.tree`) and written block by block (:mod:`comments.io.fastwrite`), so memory grows with the block and
the largest thread, not with the file. Rows the vectorised rules do not cover (markup
or multi-line text, unusual dates, duplicate ids, cycles) go through the same Python
functions the general path uses, so both paths give identical records — a test holds
them to that. Inputs the fast path does not take (other formats, interleaved
threads, mixed column types, non-UTF-8) are reported as ``None`` and the caller falls
back to the general path.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from comments.model import dates
from comments.model import tree
from comments.io.atomic import replacing
from comments.text.html_text import html_to_text
from comments.model.records import Comment, meta_from_json, meta_json
from comments.io.readers.base import leftover, merge_repeated
from comments.io.readers.tabular import _NO_PARENT, SCHEMA_ROWS, column_map, row_keys, with_subject
from comments.io.writers import sibling

BLOCK = 16 << 20
_FIELDS = ("id", "parent_id", "thread_id", "site", "author", "created_at", "text", "title", "status", "kind",
           "subject")
_PY_SPACE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_TEXT_NEEDS_PYTHON = f"[<&\\n\\r]|^[{_PY_SPACE}]|[{_PY_SPACE}]$"
_ISO_AS_IS = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-](0[1-9]|1\d|2[0-3]):\d{2}|[+-]00:(0[1-9]|[1-5]\d))?$"


class NotEligible(Exception):
    """The input is not for the fast path; use the general one."""


@dataclass
class Summary:
    threads: int = 0
    comments: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    repeated: int = 0


def _open(path: Path) -> io.BufferedIOBase:
    with path.open("rb") as probe:
        magic = probe.read(6)
    if magic[:2] == b"\x1f\x8b":
        return gzip.open(path, "rb")
    if magic[:3] == b"BZh":
        return bz2.open(path, "rb")
    if magic == b"\xfd7zXZ\x00":
        return lzma.open(path, "rb")
    if magic[:4] == b"\x28\xb5\x2f\xfd":
        from comments.io.streams import Zstd

        return io.BufferedReader(Zstd(path.open("rb")))
    if magic[:3] == b"\xef\xbb\xbf" or magic[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise NotEligible("byte order mark")
    return path.open("rb")


def _blocks(path: Path, size: int):
    """Byte blocks that end at a line end."""
    rest = b""
    with _open(path) as handle:
        while True:
            data = handle.read(size)
            if not data:
                break
            data = rest + data
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                rest = data
                continue
            yield data[:cut]
            rest = data[cut:]
    if rest.strip():
        yield rest + b"\n"


def _schema(path: Path, overrides: dict[str, str]) -> tuple[dict[str, str], pa.Schema]:
    """Column mapping and the types of the mapped columns (from the first 1,000 lines);
    other fields are not parsed by pyarrow (they go to ``meta`` as the source gives them)."""
    rows = []
    with _open(path) as handle:
        for line in handle:
            if line.strip():
                try:
                    obj = json.loads(line)
                except ValueError:
                    raise NotEligible("not JSON lines") from None
                if not isinstance(obj, dict) or "record" in obj:
                    raise NotEligible("not a generic table")
                rows.append(obj)
            if len(rows) >= SCHEMA_ROWS:
                break
    if not rows:
        raise NotEligible("empty")
    mapping = column_map(row_keys(rows), overrides)
    if "id" not in mapping or ("parent_id" not in mapping and "text" not in mapping):
        raise NotEligible("no id/parent columns")
    forced = []
    for name in mapping.values():
        kinds = {type(r.get(name)) for r in rows} - {type(None)}
        if kinds <= {str}:
            forced.append(pa.field(name, pa.string()))
        elif kinds <= {int}:
            forced.append(pa.field(name, pa.int64()))
        elif kinds <= {int, float}:
            forced.append(pa.field(name, pa.float64()))
        else:
            raise NotEligible(f"column {name} mixes types")
    return mapping, pa.schema(forced)


def _strings(table: pa.Table, name: str | None) -> pa.Array:
    if name is None or name not in table.column_names:
        return pa.nulls(table.num_rows, pa.string())
    col = table.column(name).combine_chunks()
    if pa.types.is_floating(col.type):
        as_int = pc.cast(col, pa.int64(), safe=False)
        whole = pc.equal(pc.cast(as_int, pa.float64()), col)
        col = pc.if_else(whole, pc.cast(as_int, pa.string()), pc.cast(col, pa.string()))
    elif not pa.types.is_string(col.type):
        col = pc.cast(col, pa.string())
    return col


def _str_or_none(col: pa.Array) -> pa.Array:
    """Vectorised :func:`comments.io.readers.base.str_or_none`: trimmed, empty → null."""
    trimmed = pc.utf8_trim_whitespace(col)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def is_generic_jsonl(path: Path, fmt: str | None, overrides: dict[str, str]) -> bool:
    """Would the general path read this file with the generic JSONL reader?"""
    from comments.io import readers
    from comments.io.sources import decode

    if fmt not in (None, "jsonl") or not path.is_file():
        return False
    try:
        with _open(path) as handle:
            head = handle.read(1 << 16)
        text = decode(head[: head.rfind(b"\n") + 1] or head)
        reader = (readers.detect_table(text, overrides) if overrides else None) or readers.detect(text)
    except Exception:  # anything unusual: let the general path report it
        return False
    return reader is readers.BY_NAME["jsonl"]


def parse_to_parquet(path: Path, out: Path, site: str | None, stem: str, overrides: dict[str, str],
                     source: str, block: int = BLOCK) -> Summary:
    """Read a generic JSONL dump and write our output (Parquet, JSONL or CSV by the suffix
    of ``out``); NotEligible when the general path must do it."""
    from comments.io import fastwrite

    mapping, forced = _schema(path, overrides)
    default_site = site or (stem.split("__", 1)[0] if "__" in stem else stem)
    if out.suffix == ".jsonl":
        with replacing(out) as (tmp,):  # whole or untouched
            return _convert(path, fastwrite.JsonlSink(tmp), mapping, forced, default_site, stem, source, block)
    sink = fastwrite.CsvSink if out.suffix == ".csv" else fastwrite.ParquetSink
    with replacing(out, sibling(out)) as (comments_tmp, threads_tmp):
        return _convert(path, sink(comments_tmp, threads_tmp), mapping, forced, default_site, stem, source, block)


def _convert(path: Path, writer: Any, mapping: dict[str, str], forced: pa.Schema, default_site: str, stem: str,
             source: str, block: int) -> Summary:
    summary = Summary()
    finished: set[str] = set()
    carry: pa.Table | None = None
    try:
        for data in _blocks(path, block):
            table, metas = _read_block(data, forced, mapping)
            cols = _columns(table, mapping, default_site, stem).append_column("meta", metas)
            if carry is not None:
                cols = pa.concat_tables([carry, cols])
            carry = _process(cols, writer, summary, finished, source, final=False)
        if carry is not None and carry.num_rows:
            _process(carry, writer, summary, finished, source, final=True)
    finally:
        writer.close()
    return summary


def _columns(table: pa.Table, mapping: dict[str, str], default_site: str, stem: str) -> pa.Table:
    """The mapped columns as strings, with site and thread filled in."""
    get = {f: _strings(table, mapping.get(f)) for f in _FIELDS}
    site = pc.fill_null(_str_or_none(get["site"]), default_site)
    thread = pc.fill_null(_str_or_none(get["thread_id"]), stem)
    return pa.table({
        "site": site, "thread_id": thread, "key": pc.binary_join_element_wise(site, thread, "\x1f"),
        "id": _str_or_none(get["id"]), "parent_id": _str_or_none(get["parent_id"]),
        "author": _str_or_none(get["author"]), "created_at": get["created_at"], "text": get["text"],
        "subject": get["subject"],
        "title": _str_or_none(get["title"]), "status": _str_or_none(get["status"]), "kind": _str_or_none(get["kind"]),
    })


def _read_block(data: bytes, forced: pa.Schema, mapping: dict[str, str]) -> tuple[pa.Table, pa.Array]:
    """The mapped columns of a block, and each row's ``meta`` JSON. Blocks whose rows have
    no other fields (pyarrow says so) need no Python per row; otherwise each line's
    unmapped fields are taken in Python, exactly as the general path takes them."""
    try:
        table = pj.read_json(io.BytesIO(data), parse_options=pj.ParseOptions(
            explicit_schema=forced, unexpected_field_behavior="error"))
        return table, pa.array(np.full(table.num_rows, meta_json({})), pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass  # other fields (or a real error, which the next parse reports)
    try:
        table = pj.read_json(io.BytesIO(data), parse_options=pj.ParseOptions(
            explicit_schema=forced, unexpected_field_behavior="ignore"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise NotEligible(str(exc)) from None
    return table, _metas(data, mapping, table)


def _metas(data: bytes, mapping: dict[str, str], table: pa.Table) -> pa.Array:
    """Each line's unmapped fields as meta JSON, parsed exactly as the general path does."""
    import orjson

    taken = set(mapping.values())
    out = [meta_json(leftover(orjson.loads(line), taken)) for line in data.split(b"\n") if line.strip()]
    if len(out) != table.num_rows:
        raise NotEligible("lines and rows differ")
    return pa.array(out, pa.string())


def _process(table: pa.Table, writer: Any, summary: Summary, finished: set[str], source: str,
             final: bool) -> pa.Table | None:
    """Repair and write every complete thread of ``table``; return the rows of the last
    thread, which the next block may continue (unless ``final``)."""
    encoded = pc.dictionary_encode(table.column("key").combine_chunks())
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    keys = encoded.dictionary.to_pylist()
    n = len(codes)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    run_codes = codes[starts]
    if len(np.unique(run_codes)) != len(run_codes) or any(keys[c] in finished for c in run_codes):
        raise NotEligible("threads are interleaved")
    keep_from = n if final else int(starts[-1])
    done = table.slice(0, keep_from)
    if done.num_rows:
        _repair_and_write(done, codes[:keep_from], starts[starts < keep_from], writer, summary, source)
        finished.update(keys[c] for c in run_codes[: len(starts[starts < keep_from])])
    return None if final else table.slice(keep_from)


def _repair_and_write(table: pa.Table, codes: np.ndarray, starts: np.ndarray, writer: Any,
                      summary: Summary, source: str) -> None:
    table, codes, starts, first = _drop_repeated_rows(table, codes, starts, summary)
    n = table.num_rows
    group_len = np.diff(np.r_[starts, n])
    group_of_row = np.repeat(np.arange(len(starts)), group_len)
    position = np.arange(n) - starts[group_of_row]

    # ids: c1, c2 … for id-less rows, counted per thread
    ids = table.column("id").combine_chunks()
    missing = pc.is_null(ids).to_numpy(zero_copy_only=False)
    known_first = first if not missing.any() else None
    if missing.any():
        running = np.cumsum(missing)
        before = np.r_[0, running][starts][group_of_row]
        numbers = pa.array((running - before).astype(np.int64))
        made = pc.binary_join_element_wise("c", pc.cast(numbers, pa.string()), "")
        ids = pc.if_else(pa.array(missing), made, ids)
    flags: dict[int, list[str]] = {}
    ids = _rename_duplicates(ids, codes, flags, known_first)

    code_text = pc.cast(pa.array(codes.astype(np.int64)), pa.string())
    id_keys = pc.binary_join_element_wise(code_text, ids, "\x1f")
    parent = table.column("parent_id").combine_chunks()
    parent = pc.if_else(pc.equal(parent, table.column("thread_id").combine_chunks()),
                        pa.scalar(None, pa.string()), parent)
    parent_keys = pc.binary_join_element_wise(code_text, parent, "\x1f")
    found = pc.index_in(parent_keys, value_set=id_keys)
    has_parent = pc.is_valid(parent).to_numpy(zero_copy_only=False)
    found_np = pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    sentinel = pc.is_in(parent, value_set=pa.array(sorted(_NO_PARENT))).to_numpy(zero_copy_only=False)
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

    depth, cyclic = _depths(parent_row)
    missing_parent_list = None
    if cyclic.any():
        missing_parent_list = missing_parent.to_pylist()
        _break_cycles(np.flatnonzero(cyclic), parent_row, position, flags, missing_parent_list, ids)
        depth, _ = _depths(parent_row)
        missing_parent = pa.array(missing_parent_list, pa.string())

    linked = parent_row >= 0
    parent_col = pc.if_else(pa.array(linked), pc.take(ids, pa.array(np.where(linked, parent_row, 0))),
                            pa.scalar(None, pa.string()))
    flag_col = _flag_column(n, flags)

    out = pa.table({
        "record": pa.array(["comment"] * n), "site": table.column("site"), "thread_id": table.column("thread_id"),
        "id": ids, "parent_id": parent_col, "depth": pa.array(depth.astype(np.int32)),
        "position": pa.array(position.astype(np.int32)), "author": table.column("author"),
        "created_at": _dates(table.column("created_at").combine_chunks()),
        "kind": pc.fill_null(table.column("kind"), "comment"), "status": pc.fill_null(table.column("status"), "visible"),
        "text": _with_subject(table.column("subject"), _texts(table.column("text"))), "flags": flag_col,
        "missing_parent_id": missing_parent,
        "meta": table.column("meta"),
    }, schema=writer.schema)
    summary.comments += n
    for names in flags.values():
        for name in names:
            summary.flags[name] = summary.flags.get(name, 0) + 1
    sites = table.column("site").to_pylist()
    threads = table.column("thread_id").to_pylist()
    titles = table.column("title").to_pylist()
    thread_rows = []
    for s, length in zip(starts, group_len):
        thread_rows.append({
            "record": "thread", "site": sites[s], "thread_id": threads[s], "title": titles[s], "url": None,
            "published_at": None, "article_text": None, "declared_count": None, "comment_count": int(length),
            "unloaded_count": 0, "format": "jsonl", "source": source})
        summary.threads += 1
    writer.write(out, thread_rows)


def _flag_column(n: int, flags: dict[int, list[str]]) -> pa.Array:
    """list<string> column with the flags of the few flagged rows, empty lists elsewhere."""
    counts = np.zeros(n, np.int32)
    for row, names in flags.items():
        counts[row] = len(names)
    offsets = np.zeros(n + 1, np.int32)
    np.cumsum(counts, out=offsets[1:])
    values = [name for row in sorted(flags) for name in flags[row]]
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, pa.string()))


def _drop_repeated_rows(table, codes, starts, summary):
    """Rows with the id of an earlier row of the thread and the same content are one
    record repeated (as the general path reads them): keep the first."""
    ids = table.column("id").combine_chunks()
    key = pc.binary_join_element_wise(pc.cast(pa.array(codes.astype(np.int64)), pa.string()), ids, "\x1f")
    first = pc.index_in(key, value_set=key).to_numpy(zero_copy_only=False)
    rows = np.arange(table.num_rows)
    dup = np.flatnonzero(pc.is_valid(key).to_numpy(zero_copy_only=False) & (np.nan_to_num(first, nan=-1) != rows))
    if len(dup) == 0:
        return table, codes, starts, first
    fields = ("id", "parent_id", "thread_id", "text", "author", "created_at")

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
        return table, codes, starts, first
    if merged:  # a repeated record's differing fields become lists in meta, as in the general path
        metas = table.column("meta").to_pylist()
        for keep, rows in merged.items():
            metas[keep] = meta_json(merge_repeated([meta_from_json(metas[r]) for r in rows]))
        table = table.set_column(table.column_names.index("meta"), "meta", pa.array(metas, pa.string()))
    summary.repeated += len(drop)
    keep = np.ones(table.num_rows, bool)
    keep[drop] = False
    codes = codes[keep]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.array([], int)
    return table.filter(pa.array(keep)), codes, starts, None


def _rename_duplicates(ids: pa.Array, codes: np.ndarray, flags: dict[int, list[str]],
                       first: np.ndarray | None = None) -> pa.Array:
    """A later comment with an id already used in its thread becomes ``ID~2``… (Python
    rule of :func:`comments.model.tree.dedupe_ids`, applied per affected thread). ``first``:
    each row's first row with the same thread and id, when already known."""
    if first is None:
        key = pc.binary_join_element_wise(pc.cast(pa.array(codes.astype(np.int64)), pa.string()), ids, "\x1f")
        first = pc.index_in(key, value_set=key).to_numpy(zero_copy_only=False)
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


def _depths(parent_row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Depth of every row by pointer jumping (log₂ of the deepest chain rounds); rows
    still unresolved after that many rounds sit in or under a cycle."""
    n = len(parent_row)
    up = parent_row.copy()
    depth = (up >= 0).astype(np.int64)
    for _ in range(max(1, int(np.ceil(np.log2(n + 1))) + 1)):
        active = up >= 0
        if not active.any():
            break
        idx = np.flatnonzero(active)
        targets = up[idx]
        depth[idx] = depth[idx] + depth[targets]
        up[idx] = up[targets]
    return depth, up >= 0


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


def _texts(col: pa.ChunkedArray) -> pa.ChunkedArray | pa.Array:
    """Text as the general path makes it; only rows with markup, line breaks or edge
    whitespace need Python."""
    col = pc.fill_null(col, "")
    needs = pc.fill_null(pc.match_substring_regex(col, _TEXT_NEEDS_PYTHON), False).to_numpy(zero_copy_only=False)
    if not needs.any():
        return col
    values = col.to_pylist()
    for i in np.flatnonzero(needs):
        values[i] = html_to_text(values[i])
    return pa.array(values, pa.string())


def _dates(col: pa.Array) -> pa.Array:
    """ISO strings already in our form stay; anything else goes through dates.normalize."""
    if pa.types.is_null(col.type):
        return pa.nulls(len(col), pa.string())
    if not pa.types.is_string(col.type):
        return pa.array([dates.normalize(v) for v in col.to_pylist()], pa.string())
    as_is = pc.fill_null(pc.match_substring_regex(col, _ISO_AS_IS), True).to_numpy(zero_copy_only=False)
    if as_is.all():
        return col
    values = col.to_pylist()
    for i in np.flatnonzero(~as_is):
        values[i] = dates.normalize(values[i])
    return pa.array(values, pa.string())
