"""Labelled comments for ``comments train``: a CSV with a text column and 0/1 labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from comments.io.sources import decode, decompress
from comments.classification.taxonomy import id_problem, slug
from comments.model.records import label_problem
from comments.text.plural import plural


class TrainingDataError(ValueError):
    """The training file cannot be used; the message names it and the problem."""


def read_training_csv(path: str, text_column: str, label_specs: list[str], topics: bool = False,
                      positive: Sequence[str] = (), notes: list[str] | None = None
                      ) -> tuple[list[str], dict[str, np.ndarray]]:
    """Texts and ``{label name: 0/1 array}``. ``label_specs`` are ``COLUMN[=NAME]``; without
    any, every other column whose values are all 0/1 is a label named after it. ``positive``:
    the cell values that mean 1 in a label column that is not 0/1 (GermEval 2018's ``OFFENSE``
    beside ``OTHER``), every other value 0. ``notes`` receives how the table was read (Excel's
    ``sep=`` line, a first line read as the header because it names the columns given)."""
    from comments.io.readers.base import text_head
    from comments.io.readers.tabular import _NUMBER, named_header  # a number: no comment text

    try:
        raw = decompress(Path(path).read_bytes(), path)
        text = decode(raw)
    except OSError as exc:
        raise TrainingDataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except Exception as exc:  # InputError and friends: one clear line
        raise TrainingDataError(f"{path}: {exc}") from None
    # the columns named: by position ("1", "2" …) when the table has no header row, as parse --column text=1
    named = {"text": text_column, **{f"label {i}": spec.partition("=")[0] for i, spec in enumerate(label_specs)}}
    if problem := _position_problem(text_head(text), named):
        raise TrainingDataError(f"{path}: {problem}")
    header, rows = labelled_table(text, path, TrainingDataError, named, notes)
    if not rows:
        raise TrainingDataError(f"{path}: no rows")
    columns = [c for c in header if c]
    if text_column not in columns:
        found = _no_header(text, len(header)) or f"columns: {', '.join(columns)}"
        raise TrainingDataError(f"{path}: no text column {text_column!r} ({found})")
    texts = [r.get(text_column) or "" for r in rows]  # a third-party table: cells as written
    if all(_NUMBER.fullmatch(t.strip()) for t in texts):  # review23b #4: a header read by name, "1" its 0/1 column
        read = (" (the first line names the columns given, so the table was read by its names: give the text "
                "column's name)") if named_header(text_head(text), named) else ""
        raise TrainingDataError(f"{path}: text column {text_column!r} holds only numbers ({', '.join(texts[:3])}"
                                f"{', …' if len(texts) > 3 else ''}), no comment text{read}; columns: {', '.join(columns)}")
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
            raise TrainingDataError(f"{path}: no label column {column!r} (columns: {', '.join(columns)})")
        y = _label_values(path, column, [r.get(column) for r in rows], positive)
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
    return texts, labels


def _label_values(path: str, column: str, values: list[str | None], positive: Sequence[str]) -> np.ndarray:
    """A label column as 0/1: its 0/1 cells, or, where it holds other values, 1 for each cell that
    is one of ``positive`` and 0 for the others. TrainingDataError naming the column's values and
    ``--positive`` when it is not 0/1 and no value is said to be positive (or none of its cells
    is), or when a cell is empty. Why: GermEval 2018 (OFFENSE/OTHER) could not be trained, and
    the error did not say what to give (review23b #4)."""
    if _binary(values):
        return np.array([int(float(v)) for v in values])  # type: ignore[arg-type]
    cells = [(v or "").strip() for v in values]
    wanted = {p.strip() for p in positive}
    if not positive or "" in cells:
        hint = "" if "" in cells else f"; {_value_counts(cells)}: name the positive one with --positive VALUE"
        raise TrainingDataError(f"{path}: column {column!r} is not 0/1: it {_not_binary(values)}{hint}")
    if wanted.isdisjoint(cells):
        raise TrainingDataError(f"{path}: column {column!r} holds none of the --positive values "
                                f"({', '.join(map(repr, sorted(wanted)))}): {_value_counts(cells)}")
    return np.array([int(c in wanted) for c in cells])


def _value_counts(cells: list[str], shown: int = 10) -> str:
    """"its values are 'OFFENSE' (1,688 rows), 'OTHER' (3,321 rows)": the first ``shown`` by count."""
    counts = Counter(cells).most_common()
    listed = ", ".join(f"{value[:40]!r} ({plural(n, 'row')})" for value, n in counts[:shown])
    return f"its {len(counts):,} values are {listed}{', …' if len(counts) > shown else ''}"


def _position_problem(head: str, named: dict[str, str]) -> str | None:
    """The error for columns named by number on a table without a header row (its first line a
    row of data that does not hold those numbers: they are positions) when one is no position of
    it: 0, or past its last column. Why: ``--text-column 0`` matched a data cell "0" and the error
    then blamed the label column 3 the table has (review23b #4)."""
    from comments.io.readers.tabular import first_row, headerless

    numbers = list(dict.fromkeys(named.values()))
    if not all(v.isdigit() for v in numbers) or not (width := headerless(head)):
        return None
    cells = {c.strip() for c in first_row(head) or []}
    if all(v in cells for v in numbers):  # the first line names them: a header (tabular.named_header)
        return None
    wrong = [v for v in numbers if not 1 <= int(v) <= width]
    if not wrong:
        return None
    return (f"no column {', '.join(map(repr, wrong))}: the table has no header line (its first line is a row of data), so its "
            f"columns are named by position, counted from 1: 1 to {width:,}")


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


def labelled_table(text: str, path: str, error: type[Exception], columns: dict[str, str] | None = None,
                   notes: list[str] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Header and rows of a labelled CSV (training data, gold), read as ``parse`` reads a CSV
    (:func:`~comments.io.readers.tabular.read_table`: Excel's ``sep=X`` line, the sniffed
    delimiter; ``columns`` all positions: a table without a header row). A row whose cells do not match the header (an unquoted delimiter in a text, a
    file cut short), a quote never closed or an unreadable record raises ``error`` naming the
    file and the lines: its labels cannot be told from its text; ``notes`` receives how it was read. Why: such rows crashed train
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
    if notes is not None:
        notes.extend(f"{path}: {note}" for note in ctx.notes)
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
