"""A report's files written in forked processes (``report -j N``): charts and tables are
queued as jobs while the sections are made, handed to a forked child at each section's end,
and shared out at the end between the parent and up to ``N - 1`` children.

Every job draws or writes from objects already in memory (a finished matplotlib figure, a
table's rows), and a forked child holds the very same objects, so a file is the same bytes
whichever process writes it: nothing is pickled (figures sent through pickle came out
different now and then). Jobs are claimed one at a time from a counter the processes share,
and a job is marked done once its files are complete; a child that cannot be started or dies
leaves its unfinished jobs to the parent, which removes what they had begun and runs them
itself, so a failure is raised in the parent exactly as without workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable
from pathlib import Path

Job = tuple[Callable[[], None], list[Path]]  # (the work, the files it writes)



def _die_with(parent: int) -> None:
    """In a child: be killed when the parent dies (Linux ``PR_SET_PDEATHSIG``), so a killed
    report leaves no writer behind in its temporary folder; gone already → exit now."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's close() still waits for every child
        pass
    if os.getppid() != parent:
        os._exit(1)


class _Batch:
    """Jobs claimed one at a time (``claim``) by whichever process asks, across forks."""

    def __init__(self, jobs: list[Job]) -> None:
        ctx = multiprocessing.get_context("fork")
        self.jobs = jobs
        self.next = ctx.Value("l", 0)  # the next job to claim (with its lock)
        self.done = ctx.RawArray("b", len(jobs))  # 1: finished, its files complete

    def claim(self) -> int | None:
        with self.next.get_lock():
            i = self.next.value
            if i >= len(self.jobs):
                return None
            self.next.value = i + 1
        return i

    def run(self, after: Callable[[], None] | None = None) -> None:
        """Claim and run jobs until none is left (``after`` each one, when given)."""
        while (i := self.claim()) is not None:
            self.jobs[i][0]()
            self.done[i] = 1
            if after is not None:
                after()

    def left(self) -> bool:
        return self.next.value < len(self.jobs)


class Writers:
    """Jobs queued by :meth:`add` and run in forked children (at most ``jobs - 1`` at once)
    and in this process; with ``jobs`` 1 (or no fork) each job runs as it is added."""

    def __init__(self, jobs: int = 1) -> None:
        self.slots = max(0, jobs - 1) if "fork" in multiprocessing.get_all_start_methods() else 0
        self.queue: list[Job] = []
        self.batches: list[_Batch] = []
        self.children: dict[int, list[_Batch]] = {}  # pid → the batches it works on

    def add(self, work: Callable[[], None], paths: list[Path]) -> None:
        """Queue one job writing ``paths`` (run at once when there are no workers)."""
        if not self.slots:
            work()
            return
        self.queue.append((work, paths))

    def kick(self) -> None:
        """Hand what is queued to a new child when one may start (e.g. at a section's end),
        and let go of the jobs done so far (a figure's memory goes once it is written)."""
        self._reap(block=False)
        self._release()
        if self.queue and len(self.children) < self.slots:
            batch = self._batch()
            if batch is not None:
                self._fork([batch])

    def _refill(self) -> None:
        """Between two of this process's jobs: a child that has ended replaced by a new one."""
        self._reap(block=False)
        self._spawn()

    def _spawn(self) -> None:
        """Children started on every batch with jobs left, while slots are free."""
        pending = [b for b in self.batches if b.left()]
        while pending and len(self.children) < self.slots and self._fork(pending):
            pass

    def finish(self) -> None:
        """Every job done: the rest shared between this process and children (a new one
        started whenever one has finished its batches and work is left, so no core idles
        while this process works on), then whatever a child left unfinished run here."""
        if self.queue:
            self._batch()
        try:
            self._spawn()
            for batch in self.batches:
                batch.run(after=self._refill)
        finally:
            self._reap(block=True)
        for batch in self.batches:
            for i, (work, paths) in enumerate(batch.jobs):
                if not batch.done[i]:  # a child died on it (or never started): done here
                    for path in paths:
                        path.unlink(missing_ok=True)
                    work()
                    batch.done[i] = 1
        self.batches.clear()

    def _release(self) -> None:
        """Drop this process's references to the jobs done (by any process): only an
        unfinished job may still be needed here (a child dying on it leaves it to us)."""
        for batch in self.batches:
            for i, (work, paths) in enumerate(batch.jobs):
                if work is not None and batch.done[i]:
                    batch.jobs[i] = (None, paths)

    def close(self) -> None:
        """Wait for every child (after an error too: none outlives the report)."""
        self._reap(block=True)

    def _batch(self) -> _Batch | None:
        try:
            batch = _Batch(self.queue)
        except (OSError, ImportError):  # no shared memory or semaphores for the counter: everything here
            self.slots = 0
            for work, _ in self.queue:
                work()
            self.queue = []
            return None
        self.queue = []
        self.batches.append(batch)
        return batch

    def _fork(self, batches: list[_Batch]) -> bool:
        """A child working through ``batches``; False when none could be started."""
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            self.slots = len(self.children)  # no more children this run
            return False
        if pid == 0:  # the child: never returns into the caller's code
            code = 1
            try:
                _die_with(parent)
                gc.disable()  # a collection would touch (and so copy) every page it shares
                for batch in batches:
                    batch.run()
                code = 0
            finally:
                os._exit(code)
        self.children[pid] = batches
        return True

    def _reap(self, block: bool) -> None:
        """Forget the children that have ended; one that failed (died, or a job raised in
        it) ends the forking: the rest is done here, where a failure is raised."""
        for pid in list(self.children):
            done, status = os.waitpid(pid, 0 if block else os.WNOHANG)
            if done:
                del self.children[pid]
                if status:
                    self.slots = 0
