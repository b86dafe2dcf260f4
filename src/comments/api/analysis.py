"""``analyse``, ``write_report`` and ``compare`` for a :class:`Corpus`: the report commands'
work, with the tables as DataFrames.

A corpus is classified first by the one rule (:func:`needs_classifying`): an explicit
taxonomy or model always re-classifies; otherwise classified input is analysed as it is.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from comments.api.corpus import Corpus, as_corpus
from comments.api.learning import TaxonomyArg, check_model, classify, load_taxonomy, needs_classifying

if TYPE_CHECKING:
    from comments.analyses.analysis import Analysis
    from comments.reporting.report import Report


def _classified(corpus: Corpus, taxonomy: TaxonomyArg, model, progress) -> tuple[Corpus, object]:
    """The corpus classified by the one rule (a classified corpus as it is: the analyses
    only read it, so no copy), and the taxonomy loaded."""
    tax = load_taxonomy(taxonomy)
    if not needs_classifying(corpus, tax, model):
        return corpus, tax
    return classify(corpus, tax, model, progress=progress, keep_scores=False), tax


def analyse(corpus: Corpus, taxonomy: TaxonomyArg = None, model: str | os.PathLike | None = None,
            parts: str | Sequence[str] = ("all",), by: str = "site", max_threads: int = 20,
            progress: bool | None = None) -> Analysis:
    """Every table the reports write, one DataFrame each (``analysis.depth_by_thread``,
    ``analysis.tables`` name → DataFrame; ``comments.analyses.TABLES`` says what a row
    is). ``parts``: ``all`` or some of topics, depth, drift, compare (a list, or one name); ``by``: what
    compare compares (``site`` or ``thread``)."""
    from comments.analyses.analysis import analyse as run

    parts = _parts(parts)
    corpus = as_corpus(corpus)
    if not isinstance(corpus, Corpus):  # a DaskCorpus: one run on the cluster
        check_model(model)
        return corpus.analysis(parts, "all", by, max_threads, load_taxonomy(taxonomy), _path(model))
    classified, tax = _classified(corpus, taxonomy, model, progress)
    return run(classified.threads, taxonomy=tax, parts=parts, by=by, max_threads=max_threads,
               progress=progress)


def _path(model: str | os.PathLike | None) -> str | None:
    return os.fspath(model) if model is not None else None


def _parts(parts: str | Sequence[str]) -> tuple[str, ...]:
    """``parts`` as a tuple of names: one name given as a str is that part (``"depth"`` was
    taken letter by letter: "unknown report part 'd'"); unknown names raise ValueError."""
    from comments.analyses.analysis import wanted_parts

    names = (parts,) if isinstance(parts, str) else tuple(parts)
    wanted_parts(names)
    return names


def write_report(analysis: Analysis, out: str | os.PathLike, parts: str | Sequence[str] = ("all",),
                 max_threads: int = 20, progress: bool | None = None) -> Report:
    """Write the report files of ``analysis`` into the folder ``out`` (as ``comments report``;
    whole or untouched): Markdown, CSV tables, charts, and index.html for ``all``."""
    from comments.reporting.report import write_report as run

    return run(analysis, Path(out), _parts(parts), max_threads, progress)


def compare(corpus: Corpus, by: str = "site", taxonomy: TaxonomyArg = None, model: str | os.PathLike | None = None,
            out: str | os.PathLike | None = None, max_threads: int = 20, progress: bool | None = None) -> Analysis:
    """Compare sites (``by="site"``) or threads (``by="thread"``): an Analysis with the
    compare_sites, compare_threads, compare_tests and compare_words tables; given
    ``out``, the compare report is written there too (as ``comments compare``)."""
    from comments.reporting.compare_report import compare as run

    corpus = as_corpus(corpus)
    if not isinstance(corpus, Corpus):  # a DaskCorpus: one run on the cluster
        check_model(model)
        return corpus.analysis(("compare",), "compare", by, max_threads, load_taxonomy(taxonomy), _path(model), out)
    classified, tax = _classified(corpus, taxonomy, model, progress)
    return run(classified.threads, by=by, taxonomy=tax, out=Path(out) if out is not None else None,
               max_threads=max_threads, progress=progress)
