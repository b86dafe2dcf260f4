"""The analysis of inputs read one thread at a time (``comments report`` on one machine):
each thread is classified if needed, reduced to its partial and dropped, so memory holds
the partials and the largest threads (for their reply-tree pictures), never the corpus.

The tables are those of :func:`comments.analyses.analysis.analyse` on the same threads,
and the notes, problems and summary those of reading them whole. The corpus-wide rule
"classify unless every comment already is" is kept by reading again, classifying this
time, when an unclassified comment turns up; an input that fails after some of its
threads were analysed is left out by reading again without it. When a thread comes in
pieces (its comments not together, or spread over several inputs) :func:`analyse_inputs`
returns None: the caller reads the whole corpus instead.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field

from comments import progress as progress_bars
from comments.analyses import structure
from comments.analyses.parallel import Partials
from comments.analyses.analysis import Accumulator, Analysis, wanted_parts
from comments.classification.taxonomy import Taxonomy
from comments.io import gcpause
from comments.io.streaming import InputDone, NotContiguous, StreamResult, stream_inputs
from comments.model.records import ParsedThread
from comments.text.tokens import Stems

#: Comments classified together (whole threads), as ``comments.api.learning.classify`` steps.
STEP = 20_000


class _Again(Exception):
    """Read again: with classification, or without inputs that failed."""

    def __init__(self, classify: bool, skip: dict[str, str]) -> None:
        super().__init__()
        self.classify = classify
        self.skip = skip


@dataclass
class Request:
    """What to read and how: the inputs and reading options (as :func:`read_inputs`), and
    the classification the CLI's rule asks for (``classify``: always, as with an
    explicit taxonomy or model; else only when a comment is not classified)."""

    inputs: list[str]
    fmt: str | None = None
    site: list[str] | None = None
    columns: dict[str, str] = field(default_factory=dict)
    max_input_size: int | None = None
    follow_symlinks: bool = False
    classify: bool = False
    classify_taxonomy: Taxonomy | None = None
    model: str | None = None
    jobs: int = 1


def analyse_inputs(request: Request, taxonomy: Taxonomy, parts=("all",), by: str = "site", max_threads: int = 20,
                   progress: bool | None = None) -> tuple[Analysis, StreamResult] | None:
    """The Analysis of the inputs and what reading them found (notes, problems, counts for
    the summary); None when a thread comes in pieces (read the corpus whole instead)."""
    classify, skip = request.classify, {}
    while True:
        try:
            with gcpause.paused():
                return _attempt(request, taxonomy, wanted_parts(parts), by, max_threads, progress, classify, skip)
        except _Again as again:
            classify, skip = again.classify, again.skip
        except NotContiguous:
            return None


def _attempt(request: Request, taxonomy: Taxonomy, names: list[str], by: str, max_threads: int,
             progress: bool | None, classify: bool, skip: dict[str, str]):
    result = StreamResult()
    acc = Accumulator(taxonomy, names, by)
    stems = Stems()
    largest = _Largest(max_threads)
    batch: list[ParsedThread] = []
    # workers only when nothing is classified here (classification forks workers of its own)
    partials = Partials(1 if classify else request.jobs, taxonomy, names, stems, acc.add)

    def analyse(threads: Iterable[ParsedThread]) -> None:
        for pt in threads:
            partials.add(pt)
            largest.offer(pt)  # after add: a thread is pickled before _slim changes it

    def flush() -> None:
        if batch:
            from comments.classification.classify import classify as run

            run(batch, request.classify_taxonomy, model=request.model, jobs=request.jobs, keep_scores=False)
            analyse(batch)
            batch.clear()

    try:
        events = stream_inputs(request.inputs, result, request.fmt, request.site, request.columns,
                               **({"max_input_size": request.max_input_size} if request.max_input_size else {}),
                               follow_symlinks=request.follow_symlinks, skip=skip, lean=True)
        waiting = 0  # comments in the batch
        for event in progress_bars.track(events, "Analysing threads", enabled=progress):
            if isinstance(event, InputDone):
                if not event.ok and event.handed:  # what was made of its threads must go: read again without it
                    raise _Again(request.classify, {**skip, event.item: result.errors[-1]})
                continue
            if classify:
                batch.append(event)
                waiting += len(event.comments)
                if waiting >= STEP:
                    flush()
                    waiting = 0
            elif not all(c.classified for c in event.comments):
                raise _Again(True, skip)
            else:
                analyse([event])
        flush()
        partials.finish()
    finally:
        partials.close()
    analysis = acc.finish(stems.surface)
    analysis.largest = largest.threads()
    if "depth" in names:
        analysis.icicles = [structure.icicle(pt) for pt in analysis.largest]
    return analysis, result


class _Largest:
    """The ``limit`` threads with most comments (ties: site, then thread id), as
    :func:`comments.analyses.analysis.largest` picks them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.heap: list[tuple] = []  # the smallest kept first: (n, reversed order key, count, thread)
        self.count = 0

    def offer(self, pt: ParsedThread) -> None:
        if not pt.comments:
            return
        self.count += 1
        order = (pt.thread.site or "", str(pt.thread.thread_id))
        item = (len(pt.comments), _Reversed(order), self.count, pt)
        if len(self.heap) < self.limit:
            heapq.heappush(self.heap, item)
            _slim(pt)
        elif item[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, item)
            _slim(pt)

    def threads(self) -> list[ParsedThread]:
        return [item[3] for item in sorted(self.heap, key=lambda item: (-item[0], item[1].key))]


#: The comments of a thread index.html can list: the first LISTED in reply order above
#: depth LISTED_DEPTH (reporting.html_report's MAX_COMMENTS_SHOWN + 1 and MAX_DEPTH_SHOWN).
LISTED = 3001
LISTED_DEPTH = 30


def _slim(pt: ParsedThread) -> None:
    """What a kept large thread needs, and no more: its tree, labels and the texts the page
    can list (other texts emptied, per-label scores and source fields dropped)."""
    listed = 0
    for c, depth in pt.walk():
        c.topic_scores = c.tone_scores = None
        c.meta = {}
        if depth < LISTED_DEPTH:
            listed += 1
        if listed > LISTED or depth >= LISTED_DEPTH:
            c.text = ""


class _Reversed:
    """An order key compared backwards (so the heap drops the later thread of a tie)."""

    __slots__ = ("key",)

    def __init__(self, key: tuple) -> None:
        self.key = key

    def __lt__(self, other: _Reversed) -> bool:
        return self.key > other.key

    def __gt__(self, other: _Reversed) -> bool:
        return self.key < other.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and self.key == other.key
