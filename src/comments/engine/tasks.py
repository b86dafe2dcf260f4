"""What the Dask workers run: read one input file and split its threads into hash
buckets by (site, thread_id); merge one bucket's pieces from every file (in input
order, as the local engine merges), repair and classify its threads, and write its
part of the output. Plain functions of picklable values: Dask needs nothing else."""

from __future__ import annotations

import io
import zlib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from collections.abc import Iterator
from typing import Any

from comments.engine.blocks import BLOCK_BYTES, Segment, Spill, load, read_blocks
from comments.engine.tables import GENERIC, OURS, General, Tags
from comments.io import gcpause, readers
from comments.io import writers
from comments.io.namesakes import Naming, rename
from comments.io.readers.base import merge_repeated
from comments.io.readers.tabular import NO_PARENT as NO_PARENT
from comments.io.readers.tabular import ROW_TITLE, Retitled
from comments.model.records import THREAD_FIELDS, Comment, ParsedThread
from comments.io.pipeline import Result, place, rebuild_threads
from comments.io.readers import Reader

#: (input index, block, order of first appearance in that block): the local engine's thread order.
SortKey = tuple[int, int, int]
#: The place of a bucket's notes no thread's merge made: after every input's.
AFTER: SortKey = (1 << 62, 0, 0)


@dataclass
class Piece:
    """The comments of one thread as one input gives them."""

    order: SortKey
    source: str
    stem: str
    reader: str  # its name (readers.BY_NAME): pieces are pickled to spill files
    thread: ParsedThread
    #: what the bucket settles once the input's blocks are merged (tables.GENERIC, OURS)
    kind: str | None = None
    #: per comment, the digest of its row's identity (generic tables: repeated rows)
    marks: list[bytes | None] | None = None
    #: the thread's metadata came from a thread record (our own tables)
    recorded: bool = False


@dataclass
class InputStats:
    """What a bucket found in one input that the driver turns into that input's notes:
    repeated rows read once (and the fields that differ between them), and threads
    whose record states another comment count than the input holds."""

    repeated: int = 0
    varying: set[str] = field(default_factory=set)
    off: list[tuple[SortKey, str | None, int, int]] = field(default_factory=list)
    retitled: Retitled = field(default_factory=Retitled)

    def add(self, other: InputStats) -> None:
        self.repeated += other.repeated
        self.varying |= other.varying
        self.off.extend(other.off)
        self.retitled.add(other.retitled.count, other.retitled.first)


@dataclass
class FileMeta:
    """What the driver learns of one input: its notes and errors, and whether any comment
    in it is already classified (the table outputs then have the classification columns)."""

    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    classified: bool = False
    comments: int = 0
    unclassified: int = 0
    #: read by the columnar path (:mod:`comments.engine.columnar`): its spill holds Arrow IPC
    columnar: bool = False
    #: unreadable lines left out of it (its error names them; the summary counts them)
    lost_lines: int = 0
    #: thread dates that could not be read, left out (its note names them; the summary counts them)
    undated_threads: int = 0
    #: (site, id, parent id) of each comment whose input did not name its thread
    #: (``ParsedThread.homeless``): :mod:`comments.engine.homeless` joins them across inputs
    homeless: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: how many of ``notes`` reading it made (the rest: placing its threads; None: all)
    read_notes: int | None = None


@dataclass
class ReadOptions:
    fmt: str | None
    site: str | list[str] | None  # the --site values
    columns: dict[str, str]
    max_input_size: int
    block_bytes: int = BLOCK_BYTES
    #: try the columnar path first (the driver found every input fit for it)
    columnar: bool = False
    #: thread names of inputs whose file name other folders share (:func:`comments.io.sources.thread_stems`)
    stems: dict[str, str] = field(default_factory=dict)
    #: how the threads of inputs sharing a file name are named (:mod:`comments.engine.names`)
    namings: dict[str, Naming] = field(default_factory=dict)


@dataclass
class Output:
    """Where and how a bucket writes: ``kind`` jsonl, csv or parquet; part files in ``parts``
    (Parquet: comments there, threads in ``threads_parts``)."""

    kind: str
    parts: str
    threads_parts: str | None = None
    classified: bool | None = None
    taxonomy: Any = None
    model: str | None = None
    classify: bool = False
    #: each input's name, when every bucket is merged on the columnar path
    sources: dict[int, str] | None = None


@dataclass
class BucketResult:
    """A bucket's totals for the summary and, for JSONL/CSV, where each thread's bytes are:
    ``(order, part file, offset, length[, threads offset, threads length])``."""

    index: list[tuple] = field(default_factory=list)
    threads: int = 0
    comments: int = 0
    empty: int = 0
    unloaded: int = 0
    duplicates: int = 0
    flags: Counter = field(default_factory=Counter)
    differ: list[tuple[SortKey, ParsedThread]] = field(default_factory=list)
    #: each note with the place of the thread whose merge made it (a comment or an
    #: article another input gave first): the driver puts them in the local engine's order
    notes: list[tuple[SortKey, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    inputs: dict[int, InputStats] = field(default_factory=dict)


def fits_columnar(item: str, fmt: str | None) -> bool:
    """Is ``item`` a Reddit comment dump the local engine's columnar reader takes (as far
    as its first lines tell): may :mod:`comments.engine.columnar` read it? (Here, not
    there: the driver asks without importing Arrow.)"""
    from comments.io.fastpath import reader_name
    from comments.io.fastpath_read import reddit

    path = Path(item)
    try:
        if reader_name(path, fmt, {}) != "reddit":
            return False
        reddit(path, stem_of(item))  # NotEligible when submissions are among the first lines
    except Exception:  # noqa: BLE001 - anything unusual: the general path reads (and reports) it
        return False
    return True


def stem_of(item: str) -> str:
    """The stem the readers give a file input (a Reddit thread without ``link_id`` takes it)."""
    from comments.io.sources import Source

    return Source(item, b"", Path(item)).stem


def bucket_of(site: str | None, thread_id: str | None, buckets: int) -> int:
    """A stable hash bucket for (site, thread_id), the same in every process."""
    key = f"{site or ''}\x1f{thread_id or ''}".encode("utf-8", "surrogatepass")
    return zlib.crc32(key) % buckets


def read_file(index: int, item: str, options: ReadOptions, buckets: int,
              spill: str) -> tuple[FileMeta, list[list[Segment]]]:
    """One input read on a worker block by block (:mod:`comments.engine.blocks`), each
    block's threads (merged within the block) pickled by bucket into a spill file in the
    folder ``spill``: what the driver gets back is the input's notes and errors and,
    per bucket, where its pieces lie. With ``options.columnar`` the columnar path reads
    it when it can (:func:`comments.engine.columnar.read_columns`)."""
    if options.columnar:
        from comments.engine.columnar import read_columns

        got = read_columns(index, item, options.fmt, options.block_bytes, buckets, spill)
        if got is not None:
            return FileMeta(comments=got[0], unclassified=got[0], columnar=True), got[1]
    try:
        return _read_file(index, item, options, buckets, spill, whole=False)
    except General:  # a row only the whole-file reader reads right: read it whole, as the local engine
        return _read_file(index, item, options, buckets, spill, whole=True)


def _read_file(index: int, item: str, options: ReadOptions, buckets: int, spill: str,
               whole: bool) -> tuple[FileMeta, list[list[Segment]]]:
    """:func:`read_file` on the general path, in blocks unless ``whole``."""
    result = Result()
    meta = FileMeta(result.notes, result.errors)
    out = Spill(Path(spill) / f"input-{index:06d}.pieces", buckets, index)
    placed = Result()  # what placing its threads notes: after the input's own notes, where the local engine has it
    naming = options.namings.get(item)

    def emit(source, ctx, reader: Reader, threads: list[ParsedThread], block: int, tags: Tags) -> None:
        stem = ctx.stem
        if naming is not None:  # named as the local engine names inputs sharing a file name
            rename(threads, ctx, naming)
            if stem == naming.stem:  # (as namesakes.settle: a stem its reader chose stays)
                ctx.stem = naming.chosen
        try:
            _emit(source, ctx, reader, threads, block, tags)
        finally:
            ctx.stem = stem  # a reader reading on in blocks names its rows by the stem it read with

    def _emit(source, ctx, reader: Reader, threads: list[ParsedThread], block: int, tags: Tags) -> None:
        merged: dict = {}
        seen: dict = {}  # the block's comments so far: a thread given again in it is a copy (a page captured twice)
        for pt in threads:
            place(pt, ctx, source, reader, merged, seen, {}, placed)
        split: dict[tuple[int, bool], list[Piece]] = {}
        for order, (key, pt) in enumerate(merged.items()):
            marks = [tags.marks.get(id(c)) for c in pt.comments] if tags.kind == GENERIC else None
            piece = Piece((index, block, order), source.name, ctx.stem, reader.name, pt, tags.kind, marks,
                          id(pt.thread) in tags.recorded)
            split.setdefault((bucket_of(key[0], key[1], buckets), pt.homeless), []).append(piece)
            if pt.homeless:
                meta.homeless.extend((key[0], c.id, c.parent_id) for c in pt.comments if c.id is not None)
            meta.comments += len(pt.comments)
            unclassified = sum(not c.classified for c in pt.comments)
            meta.unclassified += unclassified
            meta.classified = meta.classified or unclassified < len(pt.comments)
        for (bucket, homeless), pieces in sorted(split.items()):
            out.add(bucket, pieces, homeless=homeless, sites=tuple(sorted({p.thread.thread.site or "" for p in pieces})))

    ok = False
    try:
        with gcpause.paused():
            ok = read_blocks(item, options, result, emit, options.block_bytes, whole)
    finally:
        segments = out.close(keep=ok)
    if ok:
        meta.read_notes = len(meta.notes)
        meta.notes.extend(placed.notes)
    else:
        meta.comments, meta.classified, meta.unclassified, meta.homeless = 0, False, 0, []
    meta.lost_lines = result.lost_lines
    meta.undated_threads = result.undated_threads
    return meta, segments


@dataclass
class Merged:
    """One bucket's threads merged from every file's pieces, repaired, in the local
    engine's order (``orders``: each thread's first appearance), with its totals."""

    threads: list[ParsedThread]
    orders: list[SortKey]
    totals: BucketResult


def _per_input(segments: list[Segment], stats: dict[int, InputStats]) -> Iterator[list[Piece]]:
    """The bucket's pieces input by input, the blocks of one input merged into the threads
    one read of the whole input gives (comments in line order; a Reddit submission read
    after comments of its thread sets the thread's fields, as it does in one read; a
    table's repeated rows and thread records settled as its reader settles them: what it
    notes goes to ``stats`` by input)."""
    current: int | None = None
    threads: dict[tuple, Piece] = {}
    for pieces in load(segments):
        for piece in pieces:
            if piece.order[0] != current:
                if threads:
                    yield _settled(list(threads.values()), stats)
                current, threads = piece.order[0], {}
            key = (piece.thread.thread.site, piece.thread.thread.thread_id)
            known = threads.get(key)
            if known is None:
                threads[key] = piece
                continue
            known.thread.comments.extend(piece.thread.comments)
            if known.marks is not None and piece.marks is not None:
                known.marks.extend(piece.marks)
            _later_block(known, piece)
    if threads:
        yield _settled(list(threads.values()), stats)


#: Fields a Reddit submission sets on its thread, whichever line it is read on.
SUBMISSION = ("title", "url", "published_at", "article_text", "declared_count")


def _later_block(known: Piece, later: Piece) -> None:
    """Thread fields from a later block of the same input: a thread record's (our tables:
    the last record of the thread wins, as in one read), a Reddit submission's (the reader
    sets them when it reads the submission, over what a comment implied); a generic
    table's thread keeps its first row's."""
    into, other = known.thread.thread, later.thread.thread
    if later.kind == OURS:
        if later.recorded:
            known.thread.thread, known.recorded = other, True
        return
    if later.kind is None and any(getattr(other, name) is not None
                                  for name in ("title", "published_at", "article_text", "declared_count")):
        for name in SUBMISSION:
            setattr(into, name, getattr(other, name))
    into.unloaded_count += other.unloaded_count


def _settled(pieces: list[Piece], stats: dict[int, InputStats]) -> list[Piece]:
    """One input's merged threads with what its reader does over the whole file done."""
    for piece in pieces:
        got = stats.setdefault(piece.order[0], InputStats())
        pt = piece.thread
        held = {id(c): c.meta.pop(ROW_TITLE) for c in pt.comments if ROW_TITLE in c.meta} \
            if piece.kind == GENERIC else {}
        marked = piece.kind == GENERIC and piece.marks is not None
        if marked:
            _repeats(piece, got)
        for c in pt.comments if held else ():  # each row's title against its thread's (its first row's)
            key, title = held.get(id(c), (None, None))
            got.retitled.keep(c, pt.thread, key, title)
        if marked:
            ids = {c.id for c in pt.comments}
            for c in pt.comments:  # "0", "-1" … mean "no parent" unless a comment has that id
                if c.parent_id in NO_PARENT and c.parent_id not in ids:
                    c.parent_id = None
        elif piece.kind == OURS and piece.recorded and isinstance(pt.thread.comment_count, int) \
                and pt.thread.comment_count != len(pt.comments):
            got.off.append((piece.order, pt.thread.thread_id, pt.thread.comment_count, len(pt.comments)))
    return pieces


def _repeats(piece: Piece, got: InputStats) -> None:
    """Rows of a generic table repeating an earlier row's id and content are not new
    comments: their fields go into the first one's ``meta`` (kept as lists where they differ)."""
    first: dict[bytes, Comment] = {}
    repeats: dict[int, list[dict]] = {}
    kept = []
    for c, mark in zip(piece.thread.comments, piece.marks or ()):
        if mark is not None:
            known = first.get(mark)
            if known is not None:
                repeats.setdefault(id(known), [known.meta]).append(c.meta)
                continue
            first[mark] = c
        kept.append(c)
    piece.thread.comments, piece.marks = kept, None
    for c in kept if repeats else ():
        metas = repeats.get(id(c))
        if metas:
            got.varying.update(k for m in metas[1:] for k in set(m) | set(metas[0]) if m.get(k) != metas[0].get(k))
            got.repeated += len(metas) - 1
            c.meta = merge_repeated(metas)


@dataclass
class Placed:
    """Pieces placed as the local engine places its inputs' threads, not yet repaired:
    ``merged`` in the order of first appearance (``first``), ``notes`` each with the place
    of the piece whose placing made it, ``stats`` what a table's input still notes."""

    merged: dict
    links: dict
    result: Result
    first: dict
    notes: list[tuple[SortKey, str]]
    stats: dict[int, InputStats]


def place_pieces(segments: list[Segment], skip: frozenset | set = frozenset()) -> Placed:
    """Merge pieces in input order, as the local engine merges its inputs' threads;
    homeless pieces of the threads ``skip`` names are left out (:mod:`homeless` placed them)."""
    result = Result()
    merged: dict = {}
    origin: dict = {}
    links: dict = {}
    first: dict[tuple[str, str], SortKey] = {}
    stats: dict[int, InputStats] = {}
    notes: list[tuple[SortKey, str]] = []
    for pieces in _per_input(segments, stats):
        for piece in sorted(pieces, key=lambda p: p.order):
            pt = piece.thread
            if pt.homeless and (pt.thread.site, pt.thread.thread_id) in skip:
                continue
            first.setdefault((pt.thread.site, pt.thread.thread_id), piece.order)
            ctx = SimpleNamespace(site=None, stem=piece.stem)
            source = SimpleNamespace(name=piece.source, held_nuls=False)  # (NULs went when the piece was read)
            before = len(result.notes)
            place(pt, ctx, source, readers.BY_NAME[piece.reader], merged, origin, links, result)
            notes.extend((piece.order, note) for note in result.notes[before:])
    return Placed(merged, links, result, first, notes, stats)


@dataclass
class Home:
    """A thread whose comments' input did not name it, after :mod:`homeless` joined what it
    could to threads of other inputs (``thread`` None: nothing left): its bucket places it
    so, instead of its pieces."""

    key: tuple[str, str]
    order: SortKey
    thread: ParsedThread | None
    reader: str | None


@dataclass
class Join:
    """Comments (and their stubs, ``unloaded`` of them counted) another input's thread
    ``key`` gets from homeless inputs, appended after its own as the local engine appends them."""

    key: tuple[str, str]
    comments: list[Comment]
    stubs: list
    unloaded: int


def _joined(placed: Placed, segments: list[Segment]) -> None:
    """Apply :mod:`homeless`'s entries for this bucket to its placed threads."""
    merged, moved = placed.merged, False
    for entries in load(segments):
        for entry in entries:
            if isinstance(entry, Home):
                moved = True
                if entry.thread is not None:
                    merged[entry.key] = entry.thread
                    placed.first[entry.key] = entry.order
                    if entry.reader is not None and readers.BY_NAME[entry.reader].link:
                        placed.links[entry.key] = readers.BY_NAME[entry.reader]
                continue
            target = merged[entry.key]
            target.comments.extend(entry.comments)
            target.stubs.extend(entry.stubs)
            target.thread.unloaded_count += entry.unloaded
    if moved:  # the local engine's order of threads (the repair's notes come in it)
        placed.merged = dict(sorted(merged.items(), key=lambda item: placed.first[item[0]]))


def merge_pieces(segments: list[Segment]) -> Merged:
    """Merge a bucket's pieces in input order (as the local engine merges) and repair;
    :mod:`homeless`'s entries (``joined`` segments) applied before the repair."""
    joins = [seg for seg in segments if seg.joined]
    skip = {entry.key for entries in load(joins) for entry in entries if isinstance(entry, Home)}
    with gcpause.paused():
        placed = place_pieces([seg for seg in segments if not seg.joined], skip)
        if joins:
            _joined(placed, joins)
        result, first, notes = placed.result, placed.first, placed.notes
        rebuild_threads(placed.merged, placed.links, result)
    tagged = len(notes)
    notes.extend((AFTER, note) for note in result.notes[tagged:])
    threads = sorted(result.threads, key=lambda pt: first[pt.key])
    done = BucketResult(notes=notes, errors=result.errors, duplicates=result.cross_input_duplicates,
                        threads=len(threads), comments=result.comment_total(), empty=result.empty_total(),
                        unloaded=result.unloaded_total(), flags=result.flag_counts(),
                        inputs={i: s for i, s in placed.stats.items() if s.repeated or s.off})
    done.differ = [(first[pt.key], ParsedThread(replace(pt.thread, article_text=None))) for pt in threads
                   if pt.thread.declared_count is not None
                   and pt.thread.declared_count != pt.thread.comment_count + pt.thread.unloaded_count]
    return Merged(threads, [first[pt.key] for pt in threads], done)


def merge_bucket(bucket: int, output: Output, segments: list[Segment]) -> BucketResult:
    """Merge a bucket's pieces in input order, repair, classify if asked, write the part."""
    if output.sources is not None:
        return _merge_columns(bucket, output, segments)
    merged = merge_pieces(segments)
    if output.classify:
        from comments.classification.classify import classify

        with gcpause.paused():
            classify(merged.threads, output.taxonomy, model=output.model, jobs=1)
    WRITERS[output.kind](bucket, output, merged.threads, merged.orders, merged.totals)
    return merged.totals


def _merge_columns(bucket: int, output: Output, segments: list[Segment]) -> BucketResult:
    """A bucket spilled by the columnar path, merged and written as Parquet there."""
    from comments.engine.columnar import merge_columns

    got = merge_columns(segments, output.sources or {}, Path(output.parts) / part_name(bucket, ".parquet"),
                        Path(output.threads_parts or output.parts) / part_name(bucket, ".parquet"))
    return BucketResult(threads=got["threads"], comments=got["comments"], duplicates=got["duplicates"],
                        empty=got["empty"], flags=got["flags"], notes=got["notes"])


def part_name(bucket: int, suffix: str) -> str:
    return f"part-{bucket:05d}{suffix}"


def _write_jsonl(bucket: int, output: Output, threads: list[ParsedThread], orders: list[SortKey],
                 done: BucketResult) -> None:
    path = Path(output.parts) / part_name(bucket, ".jsonl")
    offset = 0
    with path.open("wb") as handle:
        for pt, order in zip(threads, orders):
            text = io.StringIO()
            writers.write_jsonl([pt], text)
            data = text.getvalue().encode("utf-8")
            handle.write(data)
            done.index.append((order, path.name, offset, len(data)))
            offset += len(data)


def _write_csv(bucket: int, output: Output, threads: list[ParsedThread], orders: list[SortKey],
               done: BucketResult) -> None:
    columns = writers.comment_columns(threads, output.classified)
    comments_path = Path(output.parts) / part_name(bucket, ".csv")
    threads_path = Path(output.parts) / part_name(bucket, ".threads.csv")
    offsets = [0, 0]
    with comments_path.open("wb") as comments_out, threads_path.open("wb") as threads_out:
        for pt, order in zip(threads, orders):
            rows, head = io.StringIO(newline=""), io.StringIO(newline="")
            writers.write_rows(rows, columns, writers.table_rows([pt]))
            writers.write_rows(head, list(THREAD_FIELDS), [pt.thread.to_dict()])
            data, thread_data = rows.getvalue().encode("utf-8"), head.getvalue().encode("utf-8")
            comments_out.write(data)
            threads_out.write(thread_data)
            done.index.append((order, comments_path.name, offsets[0], len(data), offsets[1], len(thread_data)))
            offsets[0] += len(data)
            offsets[1] += len(thread_data)


def _write_parquet(bucket: int, output: Output, threads: list[ParsedThread], orders: list[SortKey],
                   done: BucketResult) -> None:
    import pyarrow.parquet as pq

    path = Path(output.parts) / part_name(bucket, ".parquet")
    threads_path = Path(output.threads_parts or output.parts) / part_name(bucket, ".parquet")
    comments, thread_table = writers.parquet_tables(threads, path, threads_path, output.classified)
    pq.write_table(comments, path)
    pq.write_table(thread_table, threads_path)


WRITERS = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}