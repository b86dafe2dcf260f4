"""Per-thread partials computed in forked worker processes (``comments report -j N``).

The parent reads and repairs threads as :mod:`comments.analyses.stream` does (so every
note, problem and count of the reading stays the parent's), pickles each as it comes, gathers
them into batches of about ``BATCH`` comments and hands each batch after the first (analysed here, so that the workers are forked with
warm caches and loaded dictionaries) to a worker, which returns
the batch's partials (:func:`comments.analyses.analysis.partial`) and the written forms
its word stems came from. Results are taken in the order the batches were handed out,
so the Accumulator sees the partials in the order one process would make them and the
tables are byte-identical for any number of workers. A thread of more than ``LARGE``
comments is analysed in the parent (pickled, it would be held twice), after the
batches before it.

Our own JSONL in a plain file (a :class:`comments.io.streaming.Split`) is not read here at
all: the workers read it a byte range at a time (:mod:`comments.io.ranges`) and return,
per range, its threads' partials, their keys, what reading counted and the candidates for
the largest threads; the parent takes them in file order, so the tables are the same bytes.
Anything out of the ordinary in a range raises :class:`comments.io.ranges.Unusual`, and the
caller reads that input the ordinary way instead.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from comments.analyses.analysis import ThreadPartial, partial, partials
from comments.analyses.drift import TOGETHER
from comments.analyses.largest import Largest
from comments.classification.taxonomy import Taxonomy
from comments.io import gcpause
from comments.io.ranges import Unusual, offsets, range_threads
from comments.io.readers import Context
from comments.io.streaming import Split, StreamResult
from comments.model.records import ParsedThread
from comments.text.tokens import Stems

#: Comments per batch handed to a worker (whole threads).
BATCH = 4_000

#: A thread with more comments is analysed in the parent (pickled, it would be held twice).
LARGE = 100_000

#: Bytes of our JSONL per range a worker reads (whole threads: a range ends where one does).
RANGE = 16 << 20

#: Bytes of the first of our JSONL files read in the parent before the workers are forked (warm caches).
WARM = 1 << 20

#: Batches in flight per worker: enough to keep it busy, few enough to bound memory.
IN_FLIGHT = 3

_STATE: tuple[Taxonomy, list[str]] | None = None  # what forked workers inherit


def available(jobs: int) -> bool:
    """Whether ``jobs`` workers can be used here (more than one, and fork available)."""
    return jobs > 1 and "fork" in multiprocessing.get_all_start_methods()


def _work(payload: list[bytes]) -> tuple[list[ThreadPartial], Stems]:
    """One batch's partials and the stems it saw (in a worker)."""
    assert _STATE is not None
    taxonomy, names = _STATE
    with gcpause.paused():
        stems = Stems()
        return [partial(pickle.loads(pt), taxonomy, names, stems) for pt in payload], stems


@dataclass
class RangeDone:
    """What a worker made of one byte range: partials and keys of its threads in order,
    the stems seen, what reading counted, and the threads that may be among the largest."""

    partials: list[ThreadPartial]
    keys: list[tuple[str, str]]
    stems: Stems
    result: StreamResult
    counted: list[SimpleNamespace]
    largest: list[ParsedThread]


def _read_range(path: Path, name: str, ctx: Context, start: int, stop: int, floor: int,
                keep: int) -> RangeDone | None:
    """One range read and analysed (in a worker); None when it holds anything unusual
    (including a comment not classified: classifying is the ordinary reading's rule)."""
    assert _STATE is not None
    taxonomy, names = _STATE
    done = RangeDone([], [], Stems(), StreamResult(), [], [])
    largest = Largest(keep)
    waiting: list[ParsedThread] = []  # threads whose partials are made together (their drift: ``threads_drift``)
    size = 0  # their comments

    def made() -> None:
        done.partials.extend(partials(waiting, taxonomy, names, done.stems))
        for pt in waiting:
            if len(pt.comments) >= floor:
                largest.offer(pt)  # after the partial: the thread is slimmed
        waiting.clear()

    with gcpause.paused():
        try:
            for pt in range_threads(path, name, ctx, start, stop, done.result, done.counted):
                if not all(c.classified for c in pt.comments):
                    return None
                done.keys.append((pt.thread.site, pt.thread.thread_id))
                waiting.append(pt)
                size += len(pt.comments)
                if size >= TOGETHER:
                    made()
                    size = 0
            made()
        except Unusual:
            return None
    done.largest = largest.threads()
    return done


class Partials:
    """Threads in, partials out in the order the threads came: ``add(pt)`` queues a
    thread (its partial goes to ``take`` later), ``finish()`` hands out the rest.
    ``take(partial)`` receives every partial; ``stems`` gets every batch's written forms."""

    def __init__(self, jobs: int, taxonomy: Taxonomy, names: list[str], stems: Stems,
                 take: Callable[[ThreadPartial], None]) -> None:
        self.jobs, self.taxonomy, self.names, self.stems, self.take = jobs, taxonomy, names, stems, take
        self.batch: list[bytes] = []  # threads pickled as they come (the caller may change them next)
        self.size = 0
        self.pending: deque[tuple[Future | None, list[bytes]]] = deque()  # (None: to do here)
        self.pool: ProcessPoolExecutor | None = None

    def parallel(self) -> bool:
        """Whether workers are used (so inputs may be read by them, see :meth:`read`)."""
        return available(self.jobs)

    def add(self, pt: ParsedThread) -> None:
        """Queue one thread (it may be changed once this returns: it was pickled already)."""
        if not available(self.jobs) or len(pt.comments) > LARGE:
            self._submit()
            self._drain(0)
            self.take(partial(pt, self.taxonomy, self.names, self.stems))
            return
        self.batch.append(pickle.dumps(pt, protocol=pickle.HIGHEST_PROTOCOL))
        self.size += len(pt.comments)
        if self.size >= BATCH:
            self._submit()

    def read(self, whole: Split, result: StreamResult, largest: Largest) -> None:
        """Our JSONL file read in byte ranges by the workers, taken in file order: counts into
        ``result``, keys into ``whole.finished``, candidates to ``largest``; :class:`Unusual`
        when a range holds anything the ordinary reading must report (the caller then reads
        everything again, this input the ordinary way)."""
        self._submit()
        self._drain(0)  # every thread before this input taken, in order
        begin = 0
        if self.pool is None:  # the file's first bytes here: the workers inherit warm caches and loaded dictionaries
            global _STATE
            _STATE = (self.taxonomy, self.names)
            begin = min(WARM, whole.size)
            self._take_range(self._checked(_read_range(whole.path, whole.name, whole.ctx, 0, begin, 0, largest.limit),
                                           whole), result, whole, largest)
            self._start()
        assert self.pool is not None
        ranges = iter(offsets(whole.size, RANGE, begin) if begin < whole.size else [])
        flight: deque[Future] = deque()
        try:
            while True:
                while len(flight) < IN_FLIGHT * self.jobs and (span := next(ranges, None)) is not None:
                    flight.append(self.pool.submit(_read_range, whole.path, whole.name, whole.ctx, *span,
                                                   largest.floor(), largest.limit))
                if not flight:
                    break
                self._take_range(self._checked(flight.popleft().result(), whole), result, whole, largest)
        except (BrokenProcessPool, OSError):  # no worker, or one died: read it the ordinary way
            self.jobs = 1
            raise Unusual("no worker") from None

    @staticmethod
    def _checked(done: RangeDone | None, whole: Split) -> RangeDone:
        """A range's result, its threads' keys now finished; Unusual if it has none or a key came before."""
        if done is None or any(key in whole.finished for key in done.keys):
            raise Unusual("read it the ordinary way")
        whole.finished.update(done.keys)
        return done

    def _take_range(self, done: RangeDone, result: StreamResult, whole: Split, largest: Largest) -> None:
        result.merge(done.result)
        whole.counted.extend(done.counted)
        whole.handed += len(done.keys)
        self.stems.merge(done.stems)
        for p in done.partials:
            self.take(p)
        for pt in done.largest:
            largest.offer(pt)

    def _start(self) -> None:
        """The worker pool (forked: the workers inherit what this process has loaded)."""
        global _STATE
        _STATE = (self.taxonomy, self.names)
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("fork"))

    def _submit(self) -> None:
        if not self.batch:
            return
        if self.pool is None:  # the first batch here: the workers inherit warm caches and loaded dictionaries
            first, self.batch, self.size = self.batch, [], 0
            self._here(first)
            self._start()
            return
        try:
            future: Future | None = self.pool.submit(_work, self.batch)
        except (BrokenProcessPool, OSError):  # no worker could be started: this batch is done here
            future = None
        self.pending.append((future, self.batch))
        self.batch, self.size = [], 0
        self._drain(IN_FLIGHT * self.jobs)

    def _drain(self, keep: int) -> None:
        """Take finished batches, oldest first, until at most ``keep`` are in flight. A batch
        whose worker could not be started or died (fork refused, the process killed) is
        analysed here instead, and so is every later one: the tables stay the same."""
        while len(self.pending) > keep:
            future, payload = self.pending.popleft()
            try:
                if future is None:
                    raise BrokenProcessPool("no worker")
                partials, stems = future.result()
            except (BrokenProcessPool, OSError):
                self.jobs = 1  # from now on every thread is analysed here (``available`` is False)
                self._here(payload)
                continue
            self.stems.merge(stems)
            for p in partials:
                self.take(p)

    def finish(self) -> None:
        """Every queued thread's partial taken (the last batch here if no worker was needed)."""
        if self.pool is None:
            self._here(self.batch)
            self.batch, self.size = [], 0
            return
        self._submit()
        self._drain(0)

    def _here(self, payload: list[bytes]) -> None:
        """A batch of pickled threads analysed in this process, in order."""
        for pt in payload:
            self.take(partial(pickle.loads(pt), self.taxonomy, self.names, self.stems))

    def close(self) -> None:
        """Stop the workers (what is still in flight is dropped)."""
        global _STATE
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        _STATE = None
