"""Classify, evaluate and train from Python, with the one rule the CLI follows too:
an explicit taxonomy or model (or ``adapt``) always re-classifies; otherwise input that
is already classified is kept as it is."""

from __future__ import annotations

import copy as copying
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from comments import progress as bars
from comments.api.corpus import Corpus, as_corpus

if TYPE_CHECKING:
    import pandas as pd

    from comments.classification.evaluate import LabelScore
    from comments.classification.learn import CVReport, TextModel
    from comments.classification.taxonomy import Taxonomy

TaxonomyArg = Union[str, os.PathLike, "Taxonomy", None]

#: Comments classified per step of the progress bar (no fewer than classify's parallel minimum).
STEP = 20_000


def load_taxonomy(taxonomy: TaxonomyArg) -> Taxonomy | None:
    """A taxonomy from a TOML path (TaxonomyError, a ValueError, when unusable; what the CLI
    warns about — terms that can never match, labels or terms given twice — as a
    ``UserWarning`` each); a Taxonomy object as it is; None for the shipped default."""
    if taxonomy is None or not isinstance(taxonomy, (str, os.PathLike)):
        return taxonomy
    import warnings

    from comments.classification.taxonomy import load

    loaded = load(taxonomy)
    for problem in loaded.problems(os.fspath(taxonomy)):
        warnings.warn(problem, UserWarning, stacklevel=3)
    return loaded


def check_model(model: str | os.PathLike | None) -> None:
    """ValueError naming the problem when ``model`` is no model folder made by ``train``."""
    if model is not None:
        from comments.classification.learn import TextModel

        TextModel.load(model)


def needs_classifying(corpus: Corpus, taxonomy: Any = None, model: Any = None, adapt: bool = False) -> bool:
    """The rule: explicit taxonomy, model or ``adapt`` → yes; else only unless every comment is classified."""
    return taxonomy is not None or model is not None or adapt or not corpus.classified


def classify(corpus: Corpus, taxonomy: TaxonomyArg = None, model: str | os.PathLike | None = None,
             adapt: bool = False, jobs: int = 1, progress: bool | None = None, keep_scores: bool = True,
             copy: bool = True) -> Corpus:
    """A new Corpus whose comments carry ``language``, ``topics``, ``topic_scores``, ``tone``,
    ``tone_scores`` and ``polarity`` (``comments classify``). ``taxonomy``: a TOML path or a
    Taxonomy (default: the shipped one); ``model``: a folder made by :func:`train`, whose
    labels replace the default scores; ``adapt``: also learn topics from this corpus.
    Already classified input without any of these is returned as it is (see
    :func:`needs_classifying`). ``jobs`` worker processes (≥ 1; on a DaskCorpus the cluster's
    workers classify, so only 1); ``keep_scores=False`` drops the
    per-label scores (reports need only labels). ``copy=False`` classifies the input's
    threads in place (large corpora: no second copy in memory)."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a number of worker processes ≥ 1 (the CLI's --jobs), not {jobs!r}")
    tax = load_taxonomy(taxonomy)
    check_model(model)
    corpus = as_corpus(corpus)
    if not isinstance(corpus, Corpus):  # a DaskCorpus: the classification runs with its next run
        if adapt:
            raise ValueError("adapt learns from the whole corpus in one place: not supported with engine='dask'")
        if jobs != 1:
            raise ValueError("jobs: with engine='dask' the cluster's workers classify (read(..., workers=N) or "
                             "a scheduler), not jobs")
        return corpus.with_classification(tax, os.fspath(model) if model is not None else None)
    out = corpus.with_threads(copying.deepcopy(corpus.threads) if copy else corpus.threads)
    if not needs_classifying(corpus, taxonomy, model, adapt):
        return out
    from comments.classification.classify import classify as run

    model_path = os.fspath(model) if model is not None else None
    total = sum(len(pt.comments) for pt in out.threads)
    with bars.task("classifying", total=total, enabled=progress) as advance:
        # every thread is classified whole, so steps give the records one call would;
        # adapt learns from the whole corpus: one step
        for step in [out.threads] if adapt else _steps(out.threads):
            run(step, tax, adapt=adapt, model=model_path, jobs=jobs, keep_scores=keep_scores)
            advance(sum(len(pt.comments) for pt in step))
    return out


def _steps(threads: list) -> list[list]:
    """Whole threads in groups of about :data:`STEP` comments."""
    out: list[list] = [[]]
    size = 0
    for pt in threads:
        if size >= STEP:
            out.append([])
            size = 0
        out[-1].append(pt)
        size += len(pt.comments)
    return out


@dataclass
class Evaluation:
    """Scores against hand labels: ``scores`` per label, ``unmatched`` gold rows (ids or
    positions no comment has), ``report`` (what ``comments evaluate --json`` prints) and
    ``ambiguous`` gold rows (ids or positions several comments share, left unscored)."""

    scores: list[LabelScore]
    unmatched: list[str]
    report: dict[str, Any] = field(default_factory=dict)
    ambiguous: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """One row per label: kind, label, precision, recall, f1, support, tp, fp, fn."""
        import pandas as pd

        return pd.DataFrame([{"kind": s.kind, "label": s.label, "precision": s.precision, "recall": s.recall,
                              "f1": s.f1, "support": s.support, "tp": s.tp, "fp": s.fp, "fn": s.fn}
                             for s in self.scores])


def evaluate(corpus: Corpus, gold: str | os.PathLike | Sequence[Mapping[str, str]], taxonomy: TaxonomyArg = None,
             model: str | os.PathLike | None = None, adapt: bool = False) -> Evaluation:
    """Precision, recall and F1 per label, micro and macro F1 (``comments evaluate``).
    ``gold``: a CSV path (``id`` or ``position``; ``;``-separated ``topics``/``tone``) or
    its rows. The corpus is classified by the rule of :func:`classify` (so an explicit
    ``model`` is always applied); the input is untouched."""
    from comments.classification.evaluate import averages, read_gold, evaluate as score

    rows = read_gold(gold) if isinstance(gold, (str, os.PathLike)) else [dict(r) for r in gold]
    done = classify(corpus, taxonomy, model, adapt)
    scores, unmatched, ambiguous = score(done.comments, rows)
    report = {}
    for kind in ("topics", "tone"):
        part = [s for s in scores if s.kind == kind]
        report[kind] = {"labels": {s.label: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                                             "f1": round(s.f1, 4), "support": s.support} for s in part},
                        **{k: round(v, 4) for k, v in averages(part).items()}}
    return Evaluation(scores, unmatched, report, ambiguous)


@dataclass
class Training:
    """A fitted model, its cross-validated scores per label, and how many comments trained it."""

    model: TextModel
    reports: list[CVReport]
    rows: int
    notes: list[str] = field(default_factory=list)  # how the labelled table was read (the CLI's "note:" lines)

    def __repr__(self) -> str:
        """Short: the model's labels and cross-validated F1, not its vocabulary and arrays."""
        scores = ", ".join(f"{r.label} F1 {r.f1_positive:.3f}" for r in self.reports)
        return f"<Training: {self.model!r} from {self.rows:,} comments; {scores}>"


def train(data: str | os.PathLike, kind: str, out: str | os.PathLike | None = None, text_column: str | int = "text",
          labels: str | Mapping[str | int, str] | Sequence[str | int] | None = None, language: str = "de",
          folds: int = 5, base: str | None = None, log: Callable[[str], None] | None = None,
          positive: str | Sequence[str] | None = None) -> Training:
    """Fit a topic or tone model from a labelled CSV (``comments train``): ``kind`` "topics"
    or "tone"; ``text_column`` a column name, or a 1-based position in a table without a
    header row (as ``read(columns={"text": 1})``); ``labels`` the ``--label`` values
    (``COLUMN[=NAME]``, a list or one str) or a ``{column: name}`` map (default: every other
    0/1 column); ``language`` "de" or "en"; ``base="default"`` (tone) adds the shipped model's rows
    (needs ../shared/corpora); ``positive`` the value (or values) meaning 1 in a label column
    that is not 0/1 (``--positive``: ``labels={2: "hostile"}, positive="OFFENSE"``; needs ``labels``),
    every other value 0. Written to ``out`` when given; ``log`` receives progress lines; ``notes``
    of the result say how the table was read.
    TrainingDataError (a ValueError) when the CSV or the default rows cannot be used — among them
    too few rows or words to learn from (a label with fewer positive or negative rows than ``folds``,
    texts empty or only stop words); ValueError or TypeError for a bad argument."""
    if kind not in ("topics", "tone"):
        raise ValueError(f"kind must be topics or tone, not {kind!r}")
    if base not in (None, "default") or (base and kind != "tone"):
        raise ValueError("base can only be 'default' (with kind='tone')")
    if language not in ("de", "en"):
        raise ValueError(f"language must be de or en, not {language!r}")
    if not 2 <= folds <= 20:
        raise ValueError(f"folds must be 2..20, not {folds}")
    from comments.classification.learn import NotEnoughData, train as fit, with_default_rows
    from comments.classification.training_data import TrainingDataError, read_training_csv

    positives = [positive] if isinstance(positive, str) else list(positive or [])
    if not all(isinstance(p, str) and p.strip() for p in positives):
        raise TypeError(f"positive must be a label value (a non-empty str) or a list of them, not {positive!r}")
    if positives and not labels:
        raise ValueError("positive says which value of a label column is 1: name the label columns with labels")
    notes: list[str] = []
    texts, label_values = read_training_csv(os.fspath(data), _column(text_column, "text_column"), _labels(labels),
                                            topics=kind == "topics", positive=positives, notes=notes)
    groups = None
    if base == "default":  # the user's rows added to the shipped model's (each comment in its own language)
        try:
            texts, label_values, groups = with_default_rows(texts, label_values)
        except ValueError as exc:
            raise TrainingDataError(str(exc)) from None
        language = "auto"
    try:
        model, reports = fit(texts, label_values, kind, language, folds, log, groups)
    except NotEnoughData as exc:  # too few rows or words for the folds: named with the file, as the CSV's problems
        raise TrainingDataError(f"{os.fspath(data)}: {exc}") from None
    if out is not None:
        model.save(Path(out))
    return Training(model, reports, len(texts), notes)


def _column(value: Any, what: str) -> str:
    """A column as the CLI names it: a name, or a 1-based position (int ≥ 1) in a table without a
    header row; TypeError/ValueError naming ``what`` else."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"{what} must be a column name (str) or a 1-based column position (int), not "
                        f"{type(value).__name__}")
    if isinstance(value, int) and value < 1:
        raise ValueError(f"{what} must be a column name or a 1-based column position (int ≥ 1), not {value!r}")
    return str(value)


def _labels(labels: Any) -> list[str]:
    """``labels`` as the CLI's ``--label COLUMN[=NAME]`` values, by the rule ``read`` follows for
    ``site=``: one str is one value, a map ``{column: name}`` gives ``COLUMN=NAME`` each, a list its
    items (a column a name or a 1-based position). Why: a map was reduced to its keys (the model
    learnt ``Sub1_Toxic`` beside ``hostile``, not in its place) and a str was read letter by letter."""
    if labels is None:
        return []
    if isinstance(labels, str):
        return [labels]
    if isinstance(labels, Mapping):
        out = []
        for column, name in labels.items():
            if not isinstance(name, str):
                raise TypeError(f"labels: the name of column {column!r} must be a str, not {type(name).__name__}")
            out.append(f"{_column(column, 'labels: a column')}={name}" if name else _column(column, "labels: a column"))
        return out
    if isinstance(labels, (bytes, os.PathLike)) or not isinstance(labels, Iterable):
        raise TypeError(f"labels must be a list of COLUMN[=NAME] values, one such str or a {{column: name}} map, "
                        f"not {type(labels).__name__}")
    return [_column(item, "labels: an item") for item in labels]
