"""A corpus on a Dask cluster: ``comments.read(..., engine="dask")`` gives a lazy
:class:`DaskCorpus` — the inputs and how to read them, nothing read yet. Each of
``write``, ``analyse``, ``compare`` (and ``collect``) is one run of the Dask engine
(:mod:`comments.engine`): the inputs are read on the workers in blocks, shuffled by
(site, thread) through spill files and merged, repaired, classified and reduced per
bucket there, so a corpus larger than the driver's memory (or any worker's) is written
or analysed without ever being held in one process. ``classify`` only records the
classification to run. Results are the local engine's (tables equal, counts exact,
floats within 1e-9 relative).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comments.text.plural import plural
from comments.text.textsafe import term

if TYPE_CHECKING:
    import pandas as pd

    from comments.analyses.analysis import Analysis
    from comments.api.corpus import Corpus
    from comments.engine.run import Totals


@dataclass(frozen=True)
class Classification:
    """The classification a DaskCorpus will get: ``explicit`` (a taxonomy or model was
    named) re-classifies classified input; otherwise only unclassified input is classified."""

    taxonomy: Any = None
    model: str | None = None
    explicit: bool = False


@dataclass
class DaskCorpus:
    """Inputs to read on a Dask cluster (``scheduler``: an address, else
    ``$DASK_SCHEDULER_ADDRESS``, else a LocalCluster of ``workers`` processes made for
    each run). ``problems``, ``notes`` and :meth:`summary` tell what the last run found.
    ``partition_size``: input bytes per hash bucket and ``block_size``: decompressed
    bytes read at a time (what one worker holds); ``spill``: the folder for the shuffle's
    temporary files (every worker must see it; default: beside the output, else the
    current folder)."""

    inputs: list[str]
    options: dict[str, Any]
    scheduler: str | None = None
    workers: int = 2
    partition_size: int | None = None
    block_size: int | None = None
    spill: str | None = None
    errors: str = "collect"
    progress: bool | None = None
    classification: Classification | None = None
    #: the latest run's totals, shared with the corpora made from this one (``classify(big)``
    #: reads the same inputs): ``big.summary()`` after ``analyse(classify(big))`` is that run's
    runs: list[Totals] = field(default_factory=list, repr=False, compare=False)

    @property
    def last(self) -> Totals | None:
        """What the latest run of this corpus, or of one made from it, found (None: no run yet)."""
        return self.runs[-1] if self.runs else None

    # --- what the last run found -------------------------------------------------

    @property
    def problems(self) -> list[str]:
        """``FILE[:LINE]: what went wrong`` per input of the last run that could not be read."""
        return list(self.last.errors) if self.last is not None else []

    @property
    def notes(self) -> list[str]:
        """The last run's remarks about inputs."""
        return list(self.last.notes) if self.last is not None else []

    #: :meth:`summary` before any run: what reads the inputs, since nothing else does.
    UNREAD = "not read yet (write, analyse or compare reads the inputs on the Dask cluster)"

    def summary(self) -> str:
        """The last run's closing line (threads, comments, repairs, losses, problems), or
        :data:`UNREAD` when no run has finished (none made, or none could start: no Dask)."""
        return term(self.last.summary()) if self.last is not None else self.UNREAD

    @property
    def classified(self) -> bool:
        """True when a classification is to run (the inputs are not looked at)."""
        return self.classification is not None

    def __repr__(self) -> str:
        state = ", to classify" if self.classification is not None else ""
        where = self.scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or f"a local cluster of {self.workers}"
        done = self.last.summary() if self.last is not None else "not read yet"
        return term(f"<DaskCorpus: {plural(len(self.inputs), 'input', grouped=False)} on {where}{state}; {done}>")

    # --- runs ----------------------------------------------------------------------

    def with_classification(self, taxonomy: Any, model: str | None) -> DaskCorpus:
        """This corpus, to be classified: the API's rule (an explicit taxonomy or model
        re-classifies; without them a classification already planned stays)."""
        explicit = taxonomy is not None or model is not None
        if not explicit and self.classification is not None:
            return self
        return replace(self, classification=Classification(taxonomy, model, explicit))

    def _request(self, cls, out: str | None, plan: Classification | None, **extra: Any):
        from comments.engine.blocks import BLOCK_BYTES
        from comments.engine.run import BUCKET_BYTES

        return cls(list(self.inputs), out, self.options.get("fmt"), self.options.get("site"),
                   dict(self.options.get("columns") or {}), self.options["max_input_size"],
                   self.options.get("follow_symlinks", False), **extra,
                   model=plan.model if plan is not None else None, scheduler=self.scheduler, workers=self.workers,
                   partition_size=self.partition_size or BUCKET_BYTES, block_size=self.block_size or BLOCK_BYTES,
                   spill=self.spill)

    def _done(self, totals: Totals) -> None:
        self.runs[:] = [totals]
        if self.errors == "raise" and totals.errors:
            from comments.api.corpus import ReadError

            raise ReadError(totals.errors[0])

    def write(self, path: str | os.PathLike) -> Path:
        """Write as ``comments parse -o`` does with ``--engine dask``: ``.jsonl`` and
        ``.csv`` the local engine's bytes, ``.parquet`` the folder of one part per bucket."""
        import io

        from comments.engine.run import Request, run

        out = Path(path)
        if out.suffix not in (".jsonl", ".csv", ".parquet"):
            raise ValueError(f"{out}: with engine='dask' write .jsonl, .csv or .parquet")
        plan = self.classification
        request = self._request(Request, str(out), plan, classify=plan is not None,
                                taxonomy=plan.taxonomy if plan is not None else None)
        self._done(run(request, io.StringIO()))
        return out

    def analysis(self, parts: Sequence[str], which: str, by: str, max_threads: int, taxonomy: Any, model: Any,
                 out: str | os.PathLike | None = None) -> Analysis:
        """The Analysis of ``parts`` (one run; ``out``: the report written there too), the
        corpus classified by the API's rule: an explicit ``taxonomy`` or ``model`` here
        re-classifies and analyses with that taxonomy; a planned classification runs with
        its own taxonomy and the tables use the default one, as :func:`comments.analyse`
        does with a corpus classified before."""
        from comments.engine.report import ReportRequest, analyse
        from comments.engine.run import Totals

        plan = self.classification
        if taxonomy is not None or model is not None:
            plan = Classification(taxonomy, model, True)
        if taxonomy is None:  # the tables' labels: the default taxonomy's
            from comments.classification.taxonomy import load

            taxonomy = load()
        request = self._request(ReportRequest, os.fspath(out) if out is not None else None, plan,
                                classify=plan is not None and plan.explicit,
                                taxonomy=taxonomy, which=which, by=by, max_threads=max_threads,
                                progress=self.progress, parts=tuple(parts),
                                classify_taxonomy=plan.taxonomy if plan is not None else None)
        totals = Totals()
        made = analyse(request, totals)
        self._done(totals)
        if out is not None:
            from comments.reporting.report import write_report

            write_report(made, Path(out), (which,), max_threads, self.progress)
        return made

    def collect(self) -> Corpus:
        """The whole corpus in this process, as :func:`comments.read` gives it: the same
        threads in the same order (one run into a temporary JSONL file, the local engine's
        bytes, read back; a Parquet folder would give them in bucket order), with the run's
        problems, notes, duplicates and lost lines, so its summary is the run's: for corpora
        that fit in memory."""
        from comments.api.corpus import Corpus, read

        with tempfile.TemporaryDirectory(dir=self.spill) as folder:
            self.write(Path(folder) / "corpus.jsonl")
            back = read(Path(folder) / "corpus.jsonl")
        from comments.io.pipeline import Result

        last = self.last
        return Corpus(Result(back.threads, self.problems, self.notes, last.cross_input_duplicates if last else 0,
                             last.lost_lines if last else 0, last.undated_threads if last else 0))

    # --- the local Corpus's views, by collecting ---------------------------------

    def comments_df(self, dates: str = "datetime") -> pd.DataFrame:
        """:meth:`comments.Corpus.comments_df` of :meth:`collect` (the corpus in memory)."""
        return self.collect().comments_df(dates)

    def threads_df(self, dates: str = "datetime") -> pd.DataFrame:
        """:meth:`comments.Corpus.threads_df` of :meth:`collect` (the corpus in memory)."""
        return self.collect().threads_df(dates)


def dask_corpus(paths: Sequence[Any], options: dict[str, Any], scheduler: str | None, workers: int | None,
                partition_size: int | None, block_size: int | None, spill: str | os.PathLike | None, errors: str,
                progress: bool | None) -> DaskCorpus:
    """A lazy corpus of ``paths`` (files or folders every worker can read)."""
    inputs = []
    for value in paths:
        if not isinstance(value, (str, os.PathLike)) or os.fspath(value) == "-":
            raise TypeError("engine='dask' reads paths (files or folders the workers can read), not file objects "
                            "or stdin")
        inputs.append(os.fspath(value))
    for name, size in (("partition_size", partition_size), ("block_size", block_size)):
        if size is not None and size <= 0:
            raise ValueError(f"{name} must be positive, not {size}")
    if spill is not None:
        spill = _spill_folder(spill)
    return DaskCorpus(inputs, options, scheduler, workers or os.cpu_count() or 1, partition_size, block_size,
                      spill, errors, progress)


def _spill_folder(spill: str | os.PathLike) -> str:
    """``spill`` as a path, checked now: a folder that exists and that this process may write in
    (the run makes its spill folder in it), else ValueError naming it. Why: a missing folder
    raised FileNotFoundError at the run, naming an internal temporary name."""
    if not isinstance(spill, (str, os.PathLike)):
        raise TypeError(f"spill must be a folder (str or PathLike), not {type(spill).__name__}")
    folder = os.fspath(spill)
    if not os.path.isdir(folder):
        raise ValueError(f"spill: {folder}: " + ("not a folder" if os.path.lexists(folder) else "no such folder"))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"spill: {folder}: cannot write in it (permission denied)")
    return folder
