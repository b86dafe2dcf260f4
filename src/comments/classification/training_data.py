"""Labelled comments for ``comments train``: a CSV with a text column and 0/1 labels."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import numpy as np

from comments.io.sources import decode, decompress
from comments.classification.taxonomy import id_problem, slug
from comments.model.records import label_problem


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
    csv.field_size_limit(sys.maxsize)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))  # not splitlines():
    # that also breaks at "\x85" or U+2028 inside a comment
    if not rows:
        raise TrainingDataError(f"{path}: no rows")
    columns = list(rows[0])
    if text_column not in columns:
        raise TrainingDataError(f"{path}: no text column {text_column!r} (columns: {', '.join(columns)})")
    specs = label_specs or [c for c in columns if c != text_column and _binary([r.get(c) for r in rows])]
    if not specs:
        raise TrainingDataError(f"{path}: no 0/1 label columns (name them with --label COLUMN[=NAME])")
    labels: dict[str, np.ndarray] = {}
    for spec in specs:
        column, _, name = spec.partition("=")
        if column not in columns:
            raise TrainingDataError(f"{path}: no label column {column!r}")
        values = [r.get(column) for r in rows]
        if not _binary(values):
            raise TrainingDataError(f"{path}: column {column!r} is not 0/1")
        y = np.array([int(float(v)) for v in values])
        if y.sum() < 5 or (len(y) - y.sum()) < 5:
            raise TrainingDataError(f"{path}: label {column!r} needs at least 5 positive and 5 negative rows")
        if problem := label_problem(name or column):
            raise TrainingDataError(f"{path}: label column {column!r}: {problem} (rename it: --label COLUMN=NAME)")
        if topics and (problem := id_problem(name or column)):  # a topic model's labels are topic ids
            fixed = slug(name or column)
            raise TrainingDataError(f"{path}: label column {column!r}: not a topic id: {problem} (rename it: --label "
                                    f"{column}={fixed if fixed and not id_problem(fixed) else 'NAME'})")
        labels[name or column] = y
    return [r.get(text_column) or "" for r in rows], labels  # a third-party table: cells as written


def _binary(values: list[str | None]) -> bool:
    return bool(values) and all((v or "").strip() in ("0", "1", "0.0", "1.0") for v in values)
