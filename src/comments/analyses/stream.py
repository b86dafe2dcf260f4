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

from collections.abc import Iterable
from dataclasses import dataclass, field

from comments import progress as progress_bars
from comments.analyses import structure
from comments.analyses.largest import LISTED, LISTED_DEPTH, Largest as _Largest, slim as _slim  # noqa: F401
from comments.analyses.parallel import Partials
from comments.analyses.analysis import Accumulator, Analysis, wanted_parts
from comments.classification.taxonomy import Taxonomy
from comments.io import gcpause
from comments.io.ranges import Unusual
from comments.io.streaming import InputDone, NotContiguous, Split, StreamResult, stream_inputs
from comments.model.records import ParsedThread
from comments.text.tokens import Stems

#: Comments classified together (whole threads), as ``comments.api.learning.classify`` steps.
STEP = 20_000


class _Again(Exception):
    """Read again: with classification, or without inputs that failed."""

    def __init__(self, classify: bool, skip: dict[str, str], ordinary: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.classify = classify
        self.skip = skip
        self.ordinary = ordinary  # inputs not to be read in byte ranges


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
    classify, skip, ordinary = request.classify, {}, frozenset()
    while True:
        try:
            with gcpause.paused():
                return _attempt(request, taxonomy, wanted_parts(parts), by, max_threads, progress, classify, skip,
                                ordinary)
        except _Again as again:
            classify, skip, ordinary = again.classify, again.skip, again.ordinary
        except NotContiguous:
            return None


def _attempt(request: Request, taxonomy: Taxonomy, names: list[str], by: str, max_threads: int,
             progress: bool | None, classify: bool, skip: dict[str, str], ordinary: frozenset[str]):
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
                               follow_symlinks=request.follow_symlinks, skip=skip, lean=True,
                               split=(lambda item: item not in ordinary) if partials.parallel() else None)
        waiting = 0  # comments in the batch
        for event in progress_bars.track(events, "Analysing threads", enabled=progress):
            if isinstance(event, InputDone):
                if not event.ok and event.handed:  # what was made of its threads must go: read again without it
                    raise _Again(request.classify, {**skip, event.item: result.errors[-1]}, ordinary)
                continue
            if isinstance(event, Split):  # read by the workers, a byte range each
                try:
                    partials.read(event, result, largest)
                except Unusual:  # only the ordinary reading reports it exactly: everything again, this so
                    raise _Again(classify, skip, ordinary | {event.item}) from None
                continue
            if classify:
                batch.append(event)
                waiting += len(event.comments)
                if waiting >= STEP:
                    flush()
                    waiting = 0
            elif not all(c.classified for c in event.comments):
                raise _Again(True, skip, ordinary)
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
