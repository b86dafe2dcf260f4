"""Labelled comments for ``comments train``: a CSV with a text column and 0/1 labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from comments.io.sources import decode, decompress
from comments.classification.taxonomy import id_problem, slug
from comments.model.records import label_problem
from comments.text.plural import plural


class TrainingDataError(ValueError):
    """The training file cannot be used; the message names it and the problem."""


def read_training_csv(path: str, text_column: str, label_specs: list[str],
                      topics: bool = False) -> tuple[list[str], dict[str, np.ndarray]]:
    """Texts and ``{label name: 0/1 array}``. ``label_specs`` are ``COLUMN[=NAME]``; without
    any, every other column whose values are all 0/1 is a label named after it."""
    try:
        raw = decompress(Path(path).read_bytes(), path)
        text = decode(raw)
    except OSError as exc:
        raise TrainingDataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except Exception as exc:  # InputError and friends: one clear line
        raise TrainingDataError(f"{path}: {exc}") from None
    # the columns named: by position ("1", "2" …) when the table has no header row, as parse --column text=1
    named = {"text": text_column, **{f"label {i}": spec.partition("=")[0] for i, spec in enumerate(label_specs)}}
    header, rows = labelled_table(text, path, TrainingDataError, named)
    if not rows:
        raise TrainingDataError(f"{path}: no rows")
    columns = [c for c in header if c]
    if text_column not in columns:
        found = _no_header(text, len(header)) or f"columns: {', '.join(columns)}"
        raise TrainingDataError(f"{path}: no text column {text_column!r} ({found})")
    specs = label_specs or [c for c in columns if c != text_column and _binary([r.get(c) for r in rows])]
    if not specs:
        gaps = [f"column {c!r} {_not_binary([r.get(c) for r in rows])}" for c in columns
                if c != text_column and _binary([r.get(c) for r in rows if (r.get(c) or "").strip()] or ["0"])]
        said = "; " + "; ".join(gaps[:10]) if gaps else ""  # 0/1 but for empty cells: the likely label columns
        raise TrainingDataError(f"{path}: no 0/1 label columns{said} (name them with --label COLUMN[=NAME])")
    labels: dict[str, np.ndarray] = {}
    for spec in specs:
        column, _, name = spec.partition("=")
        if column not in columns:
            raise TrainingDataError(f"{path}: no label column {column!r}")
        values = [r.get(column) for r in rows]
        if not _binary(values):
            raise TrainingDataError(f"{path}: column {column!r} is not 0/1: it {_not_binary(values)}")
        y = np.array([int(float(v)) for v in values])
        if y.sum() < 5 or (len(y) - y.sum()) < 5:
            raise TrainingDataError(f"{path}: label {column!r} has {int(y.sum()):,} positive and "
                                    f"{plural(len(y) - int(y.sum()), 'negative row')}; at least 5 of each needed")
        if problem := label_problem(name or column):
            raise TrainingDataError(f"{path}: label column {column!r}: {problem} (rename it: --label COLUMN=NAME)")
        if topics and (problem := id_problem(name or column)):  # a topic model's labels are topic ids
            fixed = slug(name or column)
            raise TrainingDataError(f"{path}: label column {column!r}: not a topic id: {problem} (rename it: --label "
                                    f"{column}={fixed if fixed and not id_problem(fixed) else 'NAME'})")
        labels[name or column] = y
    return [r.get(text_column) or "" for r in rows], labels  # a third-party table: cells as written


def _no_header(text: str, width: int) -> str | None:
    """What to do when the table's first line is a row of data (a number or a sentence in a
    cell, :func:`~comments.io.readers.tabular.headerless`), else None. Why: the first tweet of
    GermEval 2018's headerless file was listed as a column name, and no position was accepted."""
    from comments.io.readers.tabular import headerless
    from comments.io.readers.base import text_head

    if not headerless(text_head(text)):
        return None
    return (f"the table has no header line: its first line is a row of data, so its {width:,} columns have no names; "
            "name them by position, counted from 1: --text-column 1 --label 2=NAME (Python: text_column=1, "
            "labels={2: 'NAME'})")


def labelled_table(text: str, path: str, error: type[Exception], columns: dict[str, str] | None = None
                   ) -> tuple[list[str], list[dict[str, Any]]]:
    """Header and rows of a labelled CSV (training data, gold), read as ``parse`` reads a CSV
    (:func:`~comments.io.readers.tabular.read_table`: Excel's ``sep=X`` line, the sniffed
    delimiter; ``columns`` all positions: a table without a header row). A row whose cells do not match the header (an unquoted delimiter in a text, a
    file cut short), a quote never closed or an unreadable record raises ``error`` naming the
    file and the lines: its labels cannot be told from its text. Why: such rows crashed train
    (AttributeError, TypeError) or were blamed on an intact label column."""
    from comments.io.readers.base import Context
    from comments.io.readers.tabular import read_table
    from comments.model.errors import InputError

    ctx = Context(source=path)
    try:
        header, rows, ragged = read_table(text, ctx, columns=columns)
    except InputError as exc:
        raise error(f"{path}: {exc}") from None
    if ctx.problems:
        raise error(f"{path}: {ctx.problems[0]}")
    if ragged:
        lines = ", ".join(map(str, ragged[:10])) + (", …" if len(ragged) > 10 else "")
        raise error(f"{path}: {plural(len(ragged), 'row')} {'does' if len(ragged) == 1 else 'do'} not have the header's "
                    f"{len(header):,} cells ({'line' if len(ragged) == 1 else 'lines'} {lines}): an unquoted "
                    f"delimiter in a text, or a file cut short? Quote such cells or fix those rows")
    return header, rows


def _not_binary(values: list[str | None]) -> str:
    """Why a label column is not 0/1: every cell empty, or its first other cell (1-based data row). Why: "is not
    0/1" alone left the user to search a column that was empty, or had one blank cell among thousands."""
    if not any((v or "").strip() for v in values):
        return "is empty"
    for row, value in enumerate(values, 1):
        if (value or "").strip() not in ("0", "1", "0.0", "1.0"):
            return f"has {'an empty cell' if not (value or '').strip() else repr(value[:40])} in data row {row:,}"
    return "is 0/1"


def _binary(values: list[str | None]) -> bool:
    return bool(values) and all((v or "").strip() in ("0", "1", "0.0", "1.0") for v in values)
