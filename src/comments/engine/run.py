"""The Dask engine's driver: expand the inputs, read each file on a worker, shuffle the
threads into hash buckets by (site, thread_id), merge/repair/classify/write each bucket
on a worker, then put the output together.

Outputs: ``x.parquet`` becomes the folder ``x.parquet/`` (and ``x.threads.parquet/``) of
one part per bucket, written to temporary folders and renamed; ``.jsonl``/``.csv`` (and
stdout) get the very bytes the local engine writes: each bucket writes its threads to a
part file and tells the driver where each thread's bytes are, and the driver copies them
in input order (never holding more than one thread). Part files live beside the output
(or, for stdout, in the current folder): on a real cluster that folder must be shared.
"""

from __future__ import annotations

import os
import stat
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from comments.io import writers
from comments.io.atomic import OutputError, create, discard, parents, replacing, replacing_folders, temp_name
from comments.engine import cluster
from comments.engine import blocks, homeless, names
from comments.engine.blocks import Segment
from comments.engine.tables import input_notes
from comments.engine.tasks import BucketResult, FileMeta, InputStats, Output, ReadOptions, merge_bucket, read_file
from comments.model.records import THREAD_FIELDS
from comments.io.pipeline import Result
from comments.io.sites import Sites
from comments.io.sources import expand, thread_stems

#: Input bytes (as stored, compressed or not) per bucket: a bucket is held whole by one worker.
BUCKET_BYTES = 64 << 20
MAX_BUCKETS = 4096
COPY = 1 << 20


@dataclass
class Request:
    """A ``parse`` or ``classify`` run on Dask."""

    inputs: list[str]
    out: str | None
    fmt: str | None = None
    site: str | list[str] | None = None  # the --site values
    columns: dict[str, str] = field(default_factory=dict)
    max_input_size: int = 2 << 30
    follow_symlinks: bool = False
    classify: bool = False
    taxonomy: Any = None
    model: str | None = None
    scheduler: str | None = None
    workers: int = 2
    #: input bytes per hash bucket and decompressed bytes per read block: what one worker
    #: holds (None: ``BUCKET_BYTES`` and ``blocks.BLOCK_BYTES``, read when the run starts)
    partition_size: int | None = None
    block_size: int | None = None
    #: the folder for the shuffle's spill files (default: beside the output, else the
    #: current folder); on a real cluster every worker must see it
    spill: str | None = None
    #: write the output even when every input failed to read (the API's ``write``, as the
    #: local API writes); the CLI writes nothing then and keeps a previous output
    write_nothing: bool = True


class Totals(Result):
    """The run's :class:`Result` from per-bucket totals (``threads`` holds only the
    threads whose stated count differs, for the summary): the same summary line as the
    local engine's, without the comments in the driver."""

    def __init__(self) -> None:
        super().__init__()
        self.counts = Counter()
        self.flags: Counter = Counter()
        self.differ: list = []
        self.inputs: dict[int, InputStats] = {}
        #: the buckets' notes, each with its place (:class:`tasks.BucketResult`), until
        #: :meth:`Split.file_notes` puts them among the inputs' notes
        self.placed: list = []

    def add(self, part: BucketResult) -> None:
        self.counts.update(threads=part.threads, comments=part.comments, empty=part.empty, unloaded=part.unloaded)
        self.flags.update(part.flags)
        self.cross_input_duplicates += part.duplicates
        self.placed.extend(part.notes)
        self.errors.extend(part.errors)
        self.differ.extend(part.differ)
        for index, stats in part.inputs.items():
            self.inputs.setdefault(index, InputStats()).add(stats)

    def flag_counts(self) -> Counter:
        return self.flags

    def thread_total(self) -> int:
        return self.counts["threads"]

    def comment_total(self) -> int:
        return self.counts["comments"]

    def empty_total(self) -> int:
        return self.counts["empty"]

    def unloaded_total(self) -> int:
        return self.counts["unloaded"]


def output_kind(out: str | None) -> str:
    """jsonl (also stdout), csv or parquet."""
    return "jsonl" if out in (None, "-") else Path(out).suffix.lstrip(".")


def bucket_count(items: list[str], workers: int, partition: int = BUCKET_BYTES) -> int:
    """Enough buckets to keep every worker busy (two per worker) and each bucket at most
    ``partition`` bytes of input, but never more than :data:`MAX_BUCKETS` (past that, a
    bucket holds more than ``partition`` bytes)."""
    size = 0
    for item in items:
        try:
            size += Path(item).stat().st_size
        except OSError:
            pass
    return max(1, min(MAX_BUCKETS, max(2 * workers, -(-size // partition))))


def run(request: Request, stdout: IO[str] = sys.stdout) -> Totals:
    """Run on the cluster; write the output; return the totals (errors included)."""
    totals = Totals()
    # the output's folders before any work (the spill folder goes beside the output); made
    # for nothing, they go again
    with parents(request.out):
        items = expand(list(request.inputs), totals.notes, request.follow_symlinks)
        _run(request, items, totals, stdout)
    totals.threads = [pt for _, pt in sorted(totals.differ, key=lambda item: item[0])]
    return totals


def _run(request: Request, items: list[str], totals: Totals, stdout: IO[str]) -> None:
    """Read ``items`` on the cluster, shuffle, merge and write (see :func:`run`)."""
    kind = output_kind(request.out)
    with cluster.client(request.scheduler, request.workers) as client, spilling(request) as spill:
        split = read_split(client, items, request, totals, spill, columnar=_columnar(request, items, kind, client))
        if not request.write_nothing and split.nothing_read(totals):
            split.file_notes(totals)  # nothing written: a previous output stays as it was
            return
        # the API's rule: classify unless every comment already is; an explicit taxonomy or model always does
        classify = request.classify and (request.taxonomy is not None or bool(request.model)
                                         or not any(m.comments for m in split.metas)
                                         or any(m.unclassified for m in split.metas))
        classified = classify or any(m.classified for m in split.metas if m.comments)
        output = Output(kind, "", classified=classified, taxonomy=request.taxonomy, model=request.model,
                        classify=classify, sources=dict(enumerate(split.items)) if split.columnar else None)

        def shuffle(parts: str, threads_parts: str | None = None) -> list[BucketResult]:
            output.parts, output.threads_parts = parts, threads_parts
            done = client.gather([client.submit(merge_bucket, b, output, segments, pure=False)
                                  for b, segments in enumerate(split.pieces())])
            for part in done:
                totals.add(part)
            return done

        if kind == "parquet":
            out = Path(request.out)
            with replacing_folders(out, writers.sibling(out), notes=totals.notes) as (comments_tmp, threads_tmp):
                shuffle(str(comments_tmp), str(threads_tmp))
        else:
            _assemble(request.out, kind, classified, shuffle, stdout)
        split.file_notes(totals)


@contextmanager
def spilling(request) -> Iterator[str]:
    """A fresh folder for the shuffle's spill files, removed after the run."""
    anchor = Path(request.spill) / "comments-dask-spill" if request.spill else (
        Path(request.out) if request.out not in (None, "-") else Path.cwd() / "comments-dask-spill")
    folder = temp_name(anchor)
    try:
        folder.mkdir()
    except OSError as exc:  # the folder gone or read-only since: named, not the temporary name
        raise OutputError(anchor.parent, f"cannot make the spill folder there ({exc.strerror or exc})") from None
    try:
        yield str(folder)
    finally:
        discard(folder)


@dataclass
class Split:
    """The inputs read on the workers, each spilled by hash bucket (``segments``: per
    input, per bucket, where its pieces lie), and what the driver learns of each input."""

    metas: list[FileMeta]
    segments: list[list[list[Segment]]]
    buckets: int
    items: list[str] = field(default_factory=list)
    #: where the inputs' notes go in the run's notes (after those of expanding the inputs)
    at: int = 0
    #: every input with comments was spilled by the columnar path
    columnar: bool = False
    #: the notes after every input's (``--site NAME=PATH`` values no input lies under,
    #: comments joined to a thread of another input)
    after: list[str] = field(default_factory=list)
    #: per bucket, :mod:`comments.engine.homeless`'s entries for it (none: no such comments)
    joins: list[list[Segment]] = field(default_factory=list)
    #: the order of the inputs' notes (:class:`comments.engine.names.Plan`; none: input by input)
    steps: list[tuple[str, Any]] = field(default_factory=list)

    def nothing_read(self, totals: Totals) -> bool:
        """Every input failed (as :meth:`Result.nothing_read`): problems, no input read
        without one, and no thread read from any."""
        return bool(totals.errors) and not totals.clean and not any(any(per) for per in self.segments)

    def pieces(self) -> list[list[Segment]]:
        """Per bucket, its pieces of every input, in input order."""
        return [[seg for per_input in self.segments for seg in per_input[b]] + (self.joins[b] if self.joins else [])
                for b in range(self.buckets)]

    def file_notes(self, totals: Totals) -> None:
        """Put each input's notes into the run's notes where the local engine has them,
        once every bucket is merged, in the order of :attr:`steps`: those made reading it
        and those only the buckets could make (repeated rows, counts unlike the thread
        records': :func:`tables.input_notes`); then those merging its threads made (within
        the input, then with other inputs': comments and articles read before,
        ``totals.placed``, in the local engine's thread order), and after every input's,
        :attr:`after`."""
        placed: dict[int, list[str]] = {}
        for order, note in sorted(totals.placed, key=lambda entry: entry[0]):  # stable: a thread's in turn
            placed.setdefault(order[0], []).append(note)
        totals.placed = []
        notes: list[str] = []
        for kind, what in self.steps or [(kind, r) for r in range(len(self.items)) for kind in ("read", "place")]:
            if kind == "notes":
                notes.extend(what)
                continue
            meta = self.metas[what]
            if kind == "read":
                notes.extend(meta.notes[:meta.read_notes])
                if what in totals.inputs:
                    notes.extend(f"{self.items[what]}: {n}" for n in input_notes(totals.inputs[what]))
            elif meta.read_notes is not None:
                notes.extend(meta.notes[meta.read_notes:])
            if kind == "place":
                notes.extend(placed.pop(what, ()))
        notes.extend(self.after)
        for rest in placed.values():  # made by no thread's merge (tasks.AFTER)
            notes.extend(rest)
        totals.notes[self.at:self.at] = notes


def _columnar(request, items: list[str], kind: str, client=None) -> bool:
    """May the columnar path (:mod:`comments.engine.columnar`) read and merge this run:
    Parquet out, nothing to classify, no option it does not apply, every input a Reddit
    comment dump (by its first lines, looked at on the workers: the driver stays without
    Arrow)?"""
    if kind != "parquet" or request.classify or request.site or request.columns or not items \
            or request.fmt not in (None, "reddit"):
        return False
    from comments.engine.tasks import fits_columnar

    if client is None:
        return all(fits_columnar(item, request.fmt) for item in items)
    return all(client.gather([client.submit(fits_columnar, item, request.fmt, pure=False) for item in items]))


def unshared(item: str) -> str | None:
    """Why the workers cannot read ``item`` as the local engine reads it, else None: stdin,
    a pipe (``<(zcat x.gz)``, a FIFO) or a device gives its bytes once, to the one process
    that opens it, and a worker opening the same name reads its own stdin or nothing. Why:
    ``/dev/stdin`` was read by one worker that inherited it (only on a LocalCluster), with
    the whole-file rules looked for in its head only; ``<(…)`` said "no such file". Names of
    this process's own descriptors (``/dev/fd/N``, ``/proc/self/…``) are refused by name,
    whatever they point to here; any other path by what it is: a regular file under ``/dev/``
    or ``/proc/`` (``/dev/shm/x.json``) is read like any file (review21b #3: it was refused
    by its prefix)."""
    path = os.path.abspath(item)
    if item == "-" or path in STDIN_NAMES or path.startswith(OWN_DESCRIPTORS) \
            or path.startswith(f"/proc/{os.getpid()}/"):
        kind = "stdin" if item == "-" or path in STDIN_NAMES else "a pipe or device"
    else:
        try:
            mode = os.stat(item).st_mode
        except OSError:
            return None  # missing, unreadable: the read task says so, as the local engine
        if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            return None
        kind = "a pipe or device"
    return (f"{kind} cannot be read with --engine dask: the workers open each input by its path, and "
            "a pipe gives its bytes once, to one process (save it to a file, or use --engine local)")


#: names of this process's stdin, and prefixes of names of its own descriptors (another process opening them gets its own)
STDIN_NAMES = ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0", "/proc/thread-self/fd/0")
OWN_DESCRIPTORS = ("/dev/fd/", "/dev/stdout", "/dev/stderr", "/proc/self/", "/proc/thread-self/")


def read_split(client, items: list[str], request, totals: Totals, spill: str, columnar: bool = False) -> Split:
    """Read every input on the workers and spill it by bucket into ``spill``; the inputs'
    notes and errors go into ``totals``. ``request``: fmt, site, columns,
    max_input_size, partition_size, block_size. ``columnar``: inputs go the columnar way
    where they can; if one with comments could not, the others are read again the
    general way (a bucket is merged one way). Inputs sharing a file name are named first,
    as the local engine names them (:mod:`comments.engine.names`), and every input is
    numbered in the order the local engine merges it (the order of threads and their comments)."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    buckets = bucket_count(items, workers, request.partition_size or BUCKET_BYTES)
    why = {i: reason for i, item in enumerate(items) if (reason := unshared(item))}
    stems = thread_stems(items)
    plan = names.plan(client, items, request, stems, set(why))
    totals.notes.extend(plan.said)  # where the local engine says them: before every input's notes
    ranked = [items[i] for i in plan.order]
    options = ReadOptions(request.fmt, request.site, dict(request.columns), request.max_input_size,
                          request.block_size or blocks.BLOCK_BYTES, columnar and not plan.namings, stems, plan.namings)

    def read_all(which: list[int], options: ReadOptions) -> list:
        refused = {r: (FileMeta(errors=[f"{ranked[r]}: {why[plan.order[r]]}"]), [[] for _ in range(buckets)])
                   for r in which if plan.order[r] in why}
        futures = {r: client.submit(read_file, r, ranked[r], options, buckets, spill, pure=False)
                   for r in which if r not in refused}
        got = dict(zip(futures, client.gather(list(futures.values()))))
        return [refused[r] if r in refused else got[r] for r in which]

    read = read_all(list(range(len(ranked))), options)
    general = any(not meta.columnar and any(segments) for meta, segments in read)
    if options.columnar and general:
        again = [r for r, (meta, _) in enumerate(read) if meta.columnar]
        for r, got in zip(again, read_all(again, replace(options, columnar=False))):
            read[r] = got
    rank = {i: r for r, i in enumerate(plan.order)}
    for i in range(len(items)):  # errors in the order the inputs are read
        meta = read[rank[i]][0]
        totals.errors.extend(meta.errors)
        totals.lost_lines += meta.lost_lines
        totals.undated_threads += meta.undated_threads
        totals.clean += not meta.errors
    split = Split([meta for meta, _ in read], [segments for _, segments in read], buckets, ranked,
                  len(totals.notes), columnar=any(meta.columnar for meta, _ in read),
                  after=Sites.parse(request.site).unused_notes(items), steps=plan.steps)
    joined = homeless.join(client, read, buckets, spill)
    if joined is not None:  # HN items whose thread only their parent chain names: joined as the local engine joins
        split.joins = joined.segments
        totals.placed.extend(joined.placed)
        split.after.extend(joined.notes)
        totals.cross_input_duplicates += joined.duplicates
    return split


def _assemble(out: str | None, kind: str, classified: bool, shuffle, stdout: IO[str]) -> None:
    """Parts written by the buckets, copied into the output in input order."""
    target = Path(out) if out not in (None, "-") else None
    parts = temp_name(target if target is not None else Path.cwd() / "comments-dask-parts")
    parts.mkdir()
    try:
        done = shuffle(str(parts))
        index = sorted(entry for part in done for entry in part.index)
        if target is None:
            _copy(parts, index, 1, _binary(stdout))
        elif kind == "jsonl":
            with replacing(target) as (tmp,), create(tmp, "wb") as handle:
                _copy(parts, index, 1, handle)
        else:
            with replacing(target, writers.sibling(target)) as (comments_tmp, threads_tmp):
                with create(comments_tmp, "wb") as handle:
                    handle.write(_header(writers.comment_columns([], classified)))
                    _copy(parts, index, 1, handle)
                with create(threads_tmp, "wb") as handle:
                    handle.write(_header(list(THREAD_FIELDS)))
                    _copy(parts, index, 3, handle, ".threads.csv")
    finally:
        discard(parts)


def _header(columns: list[str]) -> bytes:
    import csv
    import io

    text = io.StringIO(newline="")
    csv.writer(text).writerow(columns)
    return text.getvalue().encode("utf-8")


def _binary(stdout: IO[str]):
    """stdout's bytes (text already written to it flushed first)."""
    stdout.flush()
    buffer = getattr(stdout, "buffer", None)
    if buffer is not None:
        return buffer

    class Text:
        def write(self, data: bytes) -> None:
            stdout.write(data.decode("utf-8"))

    return Text()


def _copy(parts: Path, index: list[tuple], at: int, handle, suffix: str | None = None) -> None:
    """Copy each thread's byte range (``entry[at+1:at+3]``) from its part file."""
    files: dict[str, Any] = {}
    try:
        for entry in index:
            name = entry[1] if suffix is None else entry[1].replace(".csv", suffix)
            if name not in files:
                files[name] = (parts / name).open("rb")
            source = files[name]
            source.seek(entry[at + 1])
            left = entry[at + 2]
            while left:
                data = source.read(min(left, COPY))
                handle.write(data)
                left -= len(data)
    finally:
        for source in files.values():
            source.close()
