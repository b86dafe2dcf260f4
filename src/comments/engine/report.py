"""``report`` and ``compare`` on Dask: the inputs read per file and shuffled into hash
buckets by (site, thread_id) as for ``parse`` (:mod:`comments.engine.run`); each bucket
merged and repaired on a worker, classified there when the local engine would classify
(any comment unclassified, or ``--model``), and reduced to per-thread partials
(:func:`comments.analyses.analysis.partial`) with the written forms of its word stems
and its largest threads. Only those come back: the driver combines them
(:func:`comments.analyses.analysis.combine`) into the very Analysis the local engine
makes and writes the report from it. The driver never holds the corpus's comments,
only the partials (which hold one drift edge per reply) and the ``max_threads``
largest threads whose reply trees the report draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from comments import progress as progress_bars
from comments.engine import cluster
from comments.engine.run import Request, Totals, read_split, spilling
from comments.engine.blocks import Segment, Spill, load
from comments.engine.tasks import BucketResult, Merged, merge_pieces
from comments.io import gcpause
from comments.io.sources import expand
from comments.model.records import ParsedThread


@dataclass
class ReportRequest(Request):
    """A ``report`` (``which``: all, topics, depth, drift) or ``compare`` run on Dask
    (``classify``: classify even comments that already are)."""

    which: str = "all"
    by: str = "site"
    max_threads: int = 20
    progress: bool | None = None
    #: the parts to analyse (the Python API's ``parts``; default: ``which``'s)
    parts: tuple[str, ...] = ()
    #: classify with this taxonomy but analyse with ``taxonomy`` (the API's corpus
    #: classified with one taxonomy, analysed with the default, as the local engine does)
    classify_taxonomy: Any = None


@dataclass
class BucketAnalysis:
    """What one bucket sends back: its threads' partials, the written forms its stems
    came from (so that the driver names stems as one process would), and its largest
    threads (candidates for the reply-tree pictures)."""

    partials: list
    stems: Any  # comments.text.tokens.Stems, without its per-comment cache
    largest: list[ParsedThread]


def thread_order(pt: ParsedThread) -> tuple[str, str]:
    """The order the local engine analyses threads in (and breaks size ties by)."""
    return pt.thread.site or "", str(pt.thread.thread_id)


def survey(segments: list[Segment], spill: str, bucket: int) -> tuple[BucketResult, int, Segment]:
    """Merge a bucket and spill it again, merged (the worker keeps nothing while the
    driver decides whether to classify): its totals, how many of its comments are not yet
    classified, and where the merged bucket lies."""
    merged = merge_pieces(segments)
    left = sum(not c.classified for pt in merged.threads for c in pt.comments)
    out = Spill(Path(spill) / f"bucket-{bucket:05d}.merged", 1)
    out.add(0, merged)
    return merged.totals, left, out.close(keep=True)[0][0]


def analyse_bucket(where: Segment, request: ReportRequest, parts: list[str], classify: bool) -> BucketAnalysis:
    """Classify a merged bucket if asked, and reduce it to partials (on a worker)."""
    from comments.analyses.analysis import largest, partial
    from comments.text.tokens import Stems

    merged: Merged = next(load([where]))
    threads = sorted(merged.threads, key=thread_order)
    with gcpause.paused():
        if classify:
            from comments.classification.classify import classify as run_classify

            tax = request.taxonomy if request.classify_taxonomy is None else request.classify_taxonomy
            run_classify(threads, tax, model=request.model, jobs=1, keep_scores=False)
        stems = Stems()
        partials = [partial(pt, request.taxonomy, parts, stems) for pt in threads]
    return BucketAnalysis(partials, stems, largest(threads, request.max_threads))


def analyse(request: ReportRequest, totals: Totals):
    """The Analysis of the inputs (``totals`` gets the run's counts, notes and errors);
    None when every input failed and ``request.write_nothing`` is off."""
    from comments.analyses import structure
    from comments.analyses.analysis import combine, largest, wanted_parts
    from comments.text.tokens import Stems

    parts = wanted_parts(tuple(request.parts) or (request.which,))
    items = expand(list(request.inputs), totals.notes, request.follow_symlinks)
    partials: list = []
    stems = Stems()
    candidates: list[ParsedThread] = []
    with cluster.client(request.scheduler, request.workers) as client, spilling(request) as spill:
        from distributed import as_completed

        split = read_split(client, items, request, totals, spill)
        if not request.write_nothing and split.nothing_read(totals):
            split.file_notes(totals)
            return None
        unclassified, merged = 0, []
        for part, left, where in client.gather([client.submit(survey, segments, spill, b, pure=False)
                                                for b, segments in enumerate(split.pieces())]):
            totals.add(part)
            unclassified += left
            merged.append(where)
        split.file_notes(totals)
        # the local engine's rule: classify unless every comment already is (or when asked)
        classify = request.classify or bool(request.model) or not totals.comment_total() or unclassified > 0
        futures = [client.submit(analyse_bucket, m, request, parts, classify, pure=False) for m in merged]
        del merged
        for future in progress_bars.track(as_completed(futures), "Analysing threads", total=len(futures),
                                          enabled=request.progress):
            done: BucketAnalysis = future.result()
            future.release()
            partials.extend(done.partials)
            stems.merge(done.stems)
            candidates.extend(done.largest)
    totals.threads = [pt for _, pt in sorted(totals.differ, key=lambda item: item[0])]
    analysis = combine(partials, request.taxonomy, parts, request.by, stems.surface)
    analysis.largest = largest(sorted(candidates, key=thread_order), request.max_threads)
    if "depth" in parts:
        analysis.icicles = [structure.icicle(pt) for pt in analysis.largest]
    return analysis


def run(request: ReportRequest) -> tuple[Any, Totals]:
    """Analyse on the cluster and write the report into ``request.out``: (the written
    :class:`comments.reporting.report.Report`, the run's totals); (None, totals) when
    nothing was read (and ``request.write_nothing`` is off): nothing written."""
    from comments.reporting.report import write_report

    totals = Totals()
    analysis = analyse(request, totals)
    if analysis is None:
        return None, totals
    report = write_report(analysis, request.out, (request.which,), request.max_threads, request.progress)
    return report, totals
